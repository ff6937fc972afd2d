/**
 * The PGlite driver adapter on its own, without the engine: connecting,
 * `$n` parameters, rows as arrays, columns, rowcounts, transactions and
 * savepoints, isolation levels, cursors, and errors classified by SQLSTATE.
 * One in-memory PGlite instance serves the file (starting one takes ~2 s).
 */
import { runAsync } from "@athanor/asyncio-compat";
import {
  AsyncOnlyError,
  type DriverConnection,
  type DriverResult,
  makeUrl,
  type Op,
  perform,
  runSync,
} from "@athanor/core";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  dataDirOf,
  makePgliteAdapter,
  PGliteConnection,
  PGliteDialect,
  type PGliteLike,
  type PGliteModule,
  pgliteOptions,
  pgliteParsers,
} from "../src/index.js";

const dialect = new PGliteDialect();
const adapter = dialect.driverAdapter();

function* sql(conn: DriverConnection, text: string, params: unknown[] = []): Op<DriverResult> {
  return yield* perform(
    conn.execute(text, params, { returnsRows: /^\s*(select|show|with|values|fetch)/i.test(text) }),
  );
}
const run = (conn: DriverConnection, text: string, params: unknown[] = []) =>
  runAsync(sql(conn, text, params));

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

async function connect(url = "pglite://"): Promise<DriverConnection> {
  return runAsync(
    (function* (): Op<DriverConnection> {
      const conn = yield* perform(adapter.connect(dialect.createConnectArgs(makeUrl(url))));
      yield* dialect.onConnect(conn);
      return conn;
    })(),
  );
}

describe("URLs, connect arguments and pool", () => {
  it("reads the data directory as SQLite reads its file", () => {
    expect(dataDirOf(makeUrl("pglite://"))).toBeUndefined();
    expect(dataDirOf(makeUrl("pglite:///:memory:"))).toBeUndefined();
    expect(dataDirOf(makeUrl("pglite:///data/app"))).toBe("data/app");
    expect(dataDirOf(makeUrl("pglite:////var/lib/app"))).toBe("/var/lib/app");
  });

  it("maps query options to PGlite options and refuses unknown ones", () => {
    const args = dialect.createConnectArgs(makeUrl("pglite:///d?relaxedDurability=true&debug=1"), {
      username: "me",
    });
    expect(args.database).toBe("d");
    expect(args.driverOptions).toEqual({ relaxedDurability: true, debug: 1, username: "me" });
    expect(() => dialect.createConnectArgs(makeUrl("pglite://?sslmode=require"))).toThrow(
      /'sslmode' is not known/,
    );
    expect(() => dialect.createConnectArgs(makeUrl("pglite://?debug=x"))).toThrow(/expected a number/);
  });

  it("always merges its parsers over the ones given", () => {
    const mine = (s: string) => `mine:${s}`;
    const opts = pgliteOptions({ query: {}, driverOptions: { parsers: { 20: mine, 25: mine } } });
    expect(opts.dataDir).toBeUndefined();
    expect(opts.parsers?.[25]).toBe(mine);
    expect(opts.parsers?.[20]).toBe(pgliteParsers[20]);
  });

  it("asks for one shared connection, in memory and in a directory", () => {
    expect(dialect.poolClassForUrl(makeUrl("pglite://"))).toBe("static");
    expect(dialect.poolClassForUrl(makeUrl("pglite:///data"))).toBe("static");
  });

  it("is async only: the sync runner raises AsyncOnlyError", () => {
    expect(adapter.supportsSync).toBe(false);
    expect(adapter.supportsAsync).toBe(true);
    expect(() => runSync(perform(adapter.connect(dialect.createConnectArgs(makeUrl("pglite://")))))).toThrow(
      AsyncOnlyError,
    );
  });

  it("types PGlite structurally: the real class fits the local interfaces", () => {
    type Fits<A, B> = A extends B ? true : false;
    expectTypeOf<Fits<PGlite, PGliteLike>>().toEqualTypeOf<true>();
    expectTypeOf<Fits<{ PGlite: typeof PGlite }, PGliteModule>>().toEqualTypeOf<true>();
  });

  it("reports a PGlite that cannot be loaded as it was thrown", async () => {
    const broken = makePgliteAdapter(() => Promise.reject(new Error("no wasm here")));
    const effect = broken.connect({ query: {}, driverOptions: {} });
    await expect(effect.async?.()).rejects.toThrow("no wasm here");
  });
});

describe("pglite adapter (in-memory PGlite)", () => {
  let conn: DriverConnection;

  beforeAll(async () => {
    conn = await connect();
    await runAsync(dialect.initialize(conn));
    await run(conn, "CREATE TABLE users (id integer PRIMARY KEY, name varchar(30) UNIQUE)");
  });
  afterAll(async () => {
    if (conn !== undefined) await runAsync(perform(conn.close()));
  });

  it("reads the server version in initialize", () => {
    const v = dialect.serverVersionInfo ?? [];
    expect(v[0]).toBeGreaterThanOrEqual(15);
    expect(dialect.supportsIdentityColumns).toBe(true);
    expect(conn).toBeInstanceOf(PGliteConnection);
  });

  it("executes with $n parameters: rows as arrays, columns with type OIDs, rowcounts", async () => {
    const ins = await run(conn, "INSERT INTO users (id, name) VALUES ($1, $2) RETURNING id, name", [
      1,
      "ada",
    ]);
    expect(ins.rows).toEqual([[1, "ada"]]);
    expect(ins.rowcount).toBe(1);
    const r = await run(conn, "SELECT id, name FROM users WHERE name = $1", ["ada"]);
    expect(r.rows).toEqual([[1, "ada"]]);
    expect(r.columns).toEqual([
      { name: "id", typeCode: 23 },
      { name: "name", typeCode: 1043 },
    ]);
    expect(r.rowcount).toBe(1);
    const plain = await run(conn, "INSERT INTO users (id, name) VALUES ($1, $2)", [2, "bob"]);
    expect(plain.columns).toBeUndefined();
    expect(plain.rowcount).toBe(1);
    const none = await run(conn, "SELECT id FROM users WHERE false");
    expect(none.columns).toEqual([{ name: "id", typeCode: 23 }]);
    expect(none.rows).toEqual([]);
    const ddl = await run(conn, "CREATE TEMPORARY TABLE scratch (x int)");
    expect(ddl.columns).toBeUndefined();
    expect(ddl.rowcount).toBe(-1);
  });

  it("runs several statements in one call without parameters, returning the last result", async () => {
    const r = await run(conn, "SELECT 1; SELECT 2 AS two");
    expect(r.rows).toEqual([[2]]);
    expect(r.columns?.map((c) => c.name)).toEqual(["two"]);
  });

  it("keeps int8, numeric, date, timestamp(tz) and interval as PostgreSQL's text", async () => {
    const r = await run(
      conn,
      "SELECT 9007199254740993::int8, 1.50::numeric(5,2), DATE '2024-02-29', " +
        "TIMESTAMP '2024-02-29 13:14:15.123', TIMESTAMPTZ '2024-02-29 13:14:15+02', INTERVAL '1 day 00:00:01.5', " +
        "ARRAY[1, 2]::int8[], true, 1.5::float8, '{\"a\": 1}'::jsonb, '\\x01ff'::bytea",
    );
    expect(r.rows[0]).toEqual([
      "9007199254740993",
      "1.50",
      "2024-02-29",
      "2024-02-29 13:14:15.123",
      "2024-02-29 11:14:15+00",
      "1 day 00:00:01.5",
      ["1", "2"],
      true,
      1.5,
      { a: 1 },
      new Uint8Array([1, 255]),
    ]);
  });

  it("runs executemany, summing rowcounts", async () => {
    const r = await runAsync(
      perform(
        conn.executeMany(
          "INSERT INTO users (id, name) VALUES ($1, $2)",
          [
            [10, "c1"],
            [11, "c2"],
            [12, "c3"],
          ],
          { returnsRows: false },
        ),
      ),
    );
    expect(r.rowcount).toBe(3);
    expect((await run(conn, "UPDATE users SET name = 'zz' WHERE id > 100")).rowcount).toBe(0);
    expect((await run(conn, "DELETE FROM users WHERE name LIKE 'c%'")).rowcount).toBe(3);
  });

  it("commits and rolls back, with savepoints", async () => {
    const names = async () =>
      (await run(conn, "SELECT name FROM users WHERE name LIKE 'tx%' ORDER BY name")).rows.map((r) => r[0]);
    await runAsync(perform(conn.begin()));
    expect((conn as PGliteConnection).inTransaction).toBe(true);
    await run(conn, "INSERT INTO users VALUES (20, 'tx1')");
    await run(conn, dialect.savepointSql("sp1"));
    await run(conn, "INSERT INTO users VALUES (21, 'tx2')");
    await run(conn, dialect.rollbackToSavepointSql("sp1"));
    await run(conn, dialect.savepointSql("sp2"));
    await run(conn, "INSERT INTO users VALUES (22, 'tx3')");
    await run(conn, dialect.releaseSavepointSql("sp2"));
    await runAsync(perform(conn.commit()));
    expect((conn as PGliteConnection).inTransaction).toBe(false);
    expect(await names()).toEqual(["tx1", "tx3"]);
    await runAsync(perform(conn.begin()));
    await run(conn, "DELETE FROM users WHERE name LIKE 'tx%'");
    await runAsync(perform(conn.rollback()));
    expect(await names()).toEqual(["tx1", "tx3"]);
  });

  it("recovers from a failed transaction by rolling back", async () => {
    await runAsync(perform(conn.begin()));
    await errorOf(run(conn, "INSERT INTO users VALUES (1, 'dup')"));
    const aborted = await errorOf(run(conn, "SELECT 1"));
    expect((aborted as { code: string }).code).toBe("25P02");
    expect(dialect.classifyError(aborted)).toBe("InternalError");
    await runAsync(perform(conn.rollback()));
    expect((await run(conn, "SELECT 1")).rows).toEqual([[1]]);
  });

  it("sets and reads isolation levels; autocommit sends no BEGIN", async () => {
    await runAsync(dialect.setIsolationLevel(conn, "SERIALIZABLE"));
    expect(await runAsync(dialect.getIsolationLevel(conn))).toBe("SERIALIZABLE");
    await runAsync(dialect.setIsolationLevel(conn, "repeatable read"));
    expect(await runAsync(dialect.getIsolationLevel(conn))).toBe("REPEATABLE READ");
    await runAsync(dialect.setIsolationLevel(conn, "READ COMMITTED"));
    expect(await runAsync(dialect.getIsolationLevel(conn))).toBe("READ COMMITTED");
    await expect(runAsync(dialect.setIsolationLevel(conn, "READ COMMITTED; DROP TABLE x"))).rejects.toThrow(
      /Invalid value/,
    );
    await runAsync(dialect.setAutocommit(conn, true));
    await runAsync(perform(conn.begin()));
    await run(conn, "INSERT INTO users VALUES (30, 'auto')");
    await runAsync(perform(conn.rollback()));
    expect((await run(conn, "SELECT count(*) FROM users WHERE id = 30")).rows).toEqual([["1"]]);
    await runAsync(dialect.setAutocommit(conn, false));
  });

  it("classifies unique violations, syntax errors, missing tables and bad data by SQLSTATE", async () => {
    const unique = await errorOf(run(conn, "INSERT INTO users VALUES (1, 'ada')"));
    expect((unique as { code: string }).code).toBe("23505");
    expect(dialect.classifyError(unique)).toBe("IntegrityError");
    const notNull = await errorOf(run(conn, "INSERT INTO users VALUES (NULL, 'x')"));
    expect(dialect.classifyError(notNull)).toBe("IntegrityError");
    const syntax = await errorOf(run(conn, "SELEC 1"));
    expect(dialect.classifyError(syntax)).toBe("ProgrammingError");
    const missing = await errorOf(run(conn, "SELECT * FROM no_such_table_here"));
    expect(dialect.classifyError(missing)).toBe("ProgrammingError");
    const data = await errorOf(run(conn, "SELECT 1 / 0"));
    expect(dialect.classifyError(data)).toBe("DataError");
    const unsupported = await errorOf(run(conn, "SELECT $1::int", [{ not: "a number" }]));
    expect(dialect.classifyError(unsupported)).toBe("DataError");
    for (const e of [unique, notNull, syntax, missing, data]) expect(dialect.isDisconnect(e)).toBe(false);
    expect(conn.closed).toBe(false);
  });

  it("streams with a cursor, inside and outside a transaction", async () => {
    const stream = conn.stream;
    if (stream === undefined) throw new Error("stream expected");
    const q = "SELECT g, $1::text AS t FROM generate_series(1, 7) g ORDER BY g";
    await runAsync(perform(conn.begin()));
    const cur = await runAsync(perform(stream.call(conn, q, ["x"], { returnsRows: true })));
    expect(cur.columns.map((c) => c.name)).toEqual(["g", "t"]);
    expect(await runAsync(perform(cur.fetch(3)))).toEqual([
      [1, "x"],
      [2, "x"],
      [3, "x"],
    ]);
    expect((await runAsync(perform(cur.fetch(10)))).length).toBe(4);
    expect(await runAsync(perform(cur.fetch(10)))).toEqual([]);
    await runAsync(perform(cur.close()));
    await runAsync(perform(conn.commit()));
    const held = await runAsync(perform(stream.call(conn, q, ["y"], { returnsRows: true })));
    expect(await runAsync(perform(held.fetch(2)))).toEqual([
      [1, "y"],
      [2, "y"],
    ]);
    await runAsync(perform(held.close()));
    await runAsync(perform(held.close()));
  });
});

describe("a closed PGlite", () => {
  it("is a disconnect, classified as OperationalError", async () => {
    const victim = await connect();
    await runAsync(perform(victim.close()));
    expect(victim.closed).toBe(true);
    const err = await errorOf(run(victim, "SELECT 1"));
    expect(dialect.isDisconnect(err)).toBe(true);
    expect(dialect.classifyError(err)).toBe("OperationalError");
    await runAsync(perform(victim.close()));
  });

  it("classifies PGlite's own errors (not from PostgreSQL) as InterfaceError", () => {
    expect(dialect.classifyError(new Error("Invalid input for boolean type"))).toBe("InterfaceError");
  });
});
