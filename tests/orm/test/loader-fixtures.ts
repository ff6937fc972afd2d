/**
 * SQLAlchemy's standard ORM fixture data (test/orm/_fixtures.py: users,
 * addresses, dingalings, orders) in an in-memory SQLite database whose SQL is
 * captured, for the loader tests.
 */
import { createEngine, type Engine, insert, listen, type MetaData } from "@athanor/core";
import { SQLiteDialectBetterSqlite3 } from "@athanor/dialect-sqlite";
import { Session } from "@athanor/orm";
import { Address, CAddress, CBase, CUser, Dingaling, LBase, Order, User } from "./loader-models.js";

export interface LoaderFixture {
  engine: Engine;
  /** The SQL sent since the last `clear()`, whitespace collapsed. */
  sql: () => string[];
  /** The parameters sent since the last `clear()`. */
  params: () => unknown[];
  clear: () => void;
  session: () => Session;
}

/** A database with `metadata`'s tables; `fill` inserts rows before the log starts. */
export function fixture(metadata: MetaData = LBase.metadata, fill?: (engine: Engine) => void): LoaderFixture {
  const engine = createEngine("sqlite://", { dialect: new SQLiteDialectBetterSqlite3() });
  const log: { sql: string; params: unknown }[] = [];
  listen(engine, "beforeCursorExecute", (_conn, sql, params) => {
    log.push({ sql: sql.replace(/\s+/g, " ").trim(), params });
    return undefined;
  });
  engine.begin((conn) => {
    metadata.createAll(conn);
  });
  fill?.(engine);
  log.length = 0;
  return {
    engine,
    sql: () => log.map((l) => l.sql),
    params: () => log.map((l) => l.params),
    clear: () => {
      log.length = 0;
    },
    session: () => new Session(engine),
  };
}

/** The users / addresses / dingalings / orders rows of SQLAlchemy's fixtures. */
export function standardFixture(): LoaderFixture {
  return fixture(LBase.metadata, (engine) =>
    engine.begin((conn) => {
      const t = (cls: { __mapper__: { table: unknown } }) => cls.__mapper__.table as never;
      conn.execute(insert(t(User)), [
        { id: 7, name: "jack" },
        { id: 8, name: "ed" },
        { id: 9, name: "fred" },
        { id: 10, name: "chuck" },
      ]);
      conn.execute(insert(t(Address)), [
        { id: 1, userId: 7, emailAddress: "jack@bean.com" },
        { id: 2, userId: 8, emailAddress: "ed@wood.com" },
        { id: 3, userId: 8, emailAddress: "ed@bettyboop.com" },
        { id: 4, userId: 8, emailAddress: "ed@lala.com" },
        { id: 5, userId: 9, emailAddress: "fred@fred.com" },
      ]);
      conn.execute(insert(t(Dingaling)), [
        { id: 1, addressId: 2, data: "ding 1/2" },
        { id: 2, addressId: 5, data: "ding 2/5" },
      ]);
      conn.execute(insert(t(Order)), [
        { id: 1, userId: 7, addressId: 1, description: "order 1", isopen: 0 },
        { id: 2, userId: 9, addressId: 1, description: "order 2", isopen: 0 },
        { id: 3, userId: 7, addressId: 1, description: "order 3", isopen: 1 },
        { id: 4, userId: 9, addressId: 1, description: "order 4", isopen: 1 },
        { id: 5, userId: 7, addressId: 1, description: "order 5", isopen: 0 },
      ]);
    }),
  );
}

/** The same users and addresses for the models with configured strategies. */
export function configuredFixture(): LoaderFixture {
  return fixture(CBase.metadata, (engine) =>
    engine.begin((conn) => {
      conn.execute(insert(CUser.__mapper__.table as never), [
        { id: 7, name: "jack" },
        { id: 8, name: "ed" },
        { id: 10, name: "chuck" },
      ]);
      conn.execute(insert(CAddress.__mapper__.table as never), [
        { id: 1, userId: 7, emailAddress: "jack@bean.com" },
        { id: 2, userId: 8, emailAddress: "ed@wood.com" },
        { id: 3, userId: 8, emailAddress: "ed@bettyboop.com" },
      ]);
    }),
  );
}

/** Users as `[name, [email, ...]]`, for comparing loaded graphs. */
export function usersWithEmails(users: readonly User[], sorted = false): [string, string[]][] {
  return users.map((u) => {
    const emails = u.addresses.map((a) => a.emailAddress);
    return [u.name, sorted ? emails.sort() : emails];
  });
}
