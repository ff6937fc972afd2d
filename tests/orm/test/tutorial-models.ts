/**
 * The models of SQLAlchemy's Unified Tutorial (doc/build/tutorial/metadata.rst)
 * with its sample data (data_insert.rst), in their own declarative base so
 * the tutorial ports run on exactly the tutorial's tables: `Address.userId`
 * is nullable and `User.addresses` has the default cascade.
 */
import { createEngine, type Engine, Integer, insert, listen, String } from "@athanor/core";
import { SQLiteDialectBetterSqlite3 } from "@athanor/dialect-sqlite";
import { declarativeBase, mappedColumn, relationship } from "@athanor/orm";

export const TutorialBase = declarativeBase();

@TutorialBase.register
export class User extends TutorialBase.mapped("user_account", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30), { nullable: false }),
  fullname: mappedColumn(String()),
  addresses: relationship(() => Address, { uselist: true, backPopulates: "user" }),
}) {
  override toString(): string {
    return `User(id=${this.id}, name=${this.name}, fullname=${this.fullname})`;
  }
}

@TutorialBase.register
export class Address extends TutorialBase.mapped("address", {
  id: mappedColumn(Integer, { primaryKey: true }),
  emailAddress: mappedColumn(String(), { nullable: false, name: "email_address" }),
  userId: mappedColumn(Integer, { foreignKey: "user_account.id", name: "user_id" }),
  user: relationship(() => User, { backPopulates: "addresses" }),
}) {
  override toString(): string {
    return `Address(id=${this.id}, email_address=${this.emailAddress})`;
  }
}

/**
 * An in-memory database with the tutorial's rows (spongebob, sandy and
 * patrick; one address for spongebob, two for sandy), and the SQL sent to
 * the driver from then on.
 */
export function tutorialDatabase(): { engine: Engine; statements: () => string[]; clear: () => void } {
  const engine = createEngine("sqlite://", { dialect: new SQLiteDialectBetterSqlite3() });
  engine.begin((conn) => {
    TutorialBase.metadata.createAll(conn);
    conn.execute(insert(User.__mapper__.table), [
      { name: "spongebob", fullname: "Spongebob Squarepants" },
      { name: "sandy", fullname: "Sandy Cheeks" },
      { name: "patrick", fullname: "Patrick Star" },
    ]);
    conn.execute(insert(Address.__mapper__.table), [
      { userId: 1, emailAddress: "spongebob@sqlalchemy.org" },
      { userId: 2, emailAddress: "sandy@sqlalchemy.org" },
      { userId: 2, emailAddress: "sandy@squirrelpower.org" },
    ]);
  });
  const log: string[] = [];
  listen(engine, "beforeCursorExecute", (_conn, sql) => {
    log.push(sql.replace(/\s+/g, " ").trim());
    return undefined;
  });
  return {
    engine,
    statements: () => {
      const out = [...log];
      log.length = 0;
      return out;
    },
    clear: () => {
      log.length = 0;
    },
  };
}
