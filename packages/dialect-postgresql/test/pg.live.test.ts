/**
 * Live tests of the pg driver adapter against the PostgreSQL at ATHANOR_PG_URL
 * (skipped without it on a developer's machine, failing in CI), through a tiny
 * async runner. The engine is not involved. Every table has a unique name and
 * is dropped afterwards: the database is shared.
 */
import {
  ARRAY,
  AsyncOnlyError,
  BigInteger,
  Column,
  CreateTable,
  DateTime,
  type DriverConnection,
  DropTable,
  delete_,
  Enum,
  Float,
  func,
  Integer,
  Interval,
  insert,
  LargeBinary,
  MetaData,
  makeUrl,
  Numeric,
  type Op,
  perform,
  runSync,
  Boolean as SqlBoolean,
  Date as SqlDate,
  JSON as SqlJSON,
  String as SqlString,
  select,
  Table,
  Time,
  Uuid,
  update,
} from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JSONB, PGDialectPg, type PgConnection } from "../src/index.js";
import { execStmt, runAsync, sql, uniqueName } from "./helpers.js";
import { liveDatabase } from "./live.js";

const live = liveDatabase("ATHANOR_PG_URL", "scripts/db/pg-up.sh");
const dialect = new PGDialectPg();
const adapter = dialect.driverAdapter();

async function connect(): Promise<DriverConnection> {
  return runAsync(
    (function* (): Op<DriverConnection> {
      const conn = yield* perform(adapter.connect(dialect.createConnectArgs(makeUrl(live.url()))));
      yield* dialect.onConnect(conn);
      return conn;
    })(),
  );
}

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

const close = (c: DriverConnection) => runAsync(perform(c.close()));

describe.skipIf(live.skip)("pg adapter (live PostgreSQL)", () => {
  const md = new MetaData();
  const users = new Table(uniqueName("pg_users"), md, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(SqlString(30), { unique: true }),
  });
  let conn: DriverConnection;

  beforeAll(async () => {
    conn = await connect();
    await runAsync(dialect.initialize(conn));
    await runAsync(sql(conn, new CreateTable(users).compile({ dialect }).sql));
  });
  afterAll(async () => {
    if (conn === undefined) return;
    await runAsync(sql(conn, new DropTable(users).compile({ dialect }).sql));
    await close(conn);
  });

  it("is async only: the sync runner raises AsyncOnlyError", () => {
    expect(adapter.supportsSync).toBe(false);
    expect(adapter.supportsAsync).toBe(true);
    expect(() => runSync(perform(adapter.connect(dialect.createConnectArgs(makeUrl(live.url())))))).toThrow(
      AsyncOnlyError,
    );
  });

  it("reads the server version in initialize", () => {
    const v = dialect.serverVersionInfo ?? [];
    expect(v[0]).toBeGreaterThanOrEqual(10);
    expect(dialect.supportsIdentityColumns).toBe(true);
  });

  it("executes with $n parameters: rows as arrays, columns with type OIDs, rowcounts", async () => {
    const ins = await runAsync(
      execStmt(
        conn,
        dialect,
        insert(users).values({ id: 1, name: "ada" }).returning(users.c.id, users.c.name),
      ),
    );
    expect(ins.rows).toEqual([{ id: 1, name: "ada" }]);
    expect(ins.result.rowcount).toBe(1);
    const compiled = select(users.c.id, users.c.name).where(users.c.name.eq("ada")).compile({ dialect });
    expect(compiled.sql).toContain("= $1");
    const r = await runAsync(perform(conn.execute(compiled.sql, compiled.params, { returnsRows: true })));
    expect(r.rows).toEqual([[1, "ada"]]);
    expect(r.columns).toEqual([
      { name: "id", typeCode: 23 },
      { name: "name", typeCode: 1043 },
    ]);
    expect(r.rowcount).toBe(1);
    const plain = await runAsync(execStmt(conn, dialect, insert(users).values({ id: 2, name: "bob" })));
    expect(plain.result.columns).toBeUndefined();
    expect(plain.result.rowcount).toBe(1);
    const count = await runAsync(execStmt(conn, dialect, select(func.count().label("n")).selectFrom(users)));
    expect(count.rows).toEqual([{ n: 2 }]); // int8 typed as Integer → number
  });

  it("runs executemany, summing rowcounts", async () => {
    const r = await runAsync(
      perform(
        conn.executeMany(
          `INSERT INTO ${users.name} (id, name) VALUES ($1, $2)`,
          [
            [10, "c1"],
            [11, "c2"],
            [12, "c3"],
          ],
          {
            returnsRows: false,
          },
        ),
      ),
    );
    expect(r.rowcount).toBe(3);
    const u = await runAsync(
      execStmt(conn, dialect, update(users).values({ name: "zz" }).where(users.c.id.gt(100))),
    );
    expect(u.result.rowcount).toBe(0);
    const d = await runAsync(execStmt(conn, dialect, delete_(users).where(users.c.name.like("c%"))));
    expect(d.result.rowcount).toBe(3);
  });

  it("commits and rolls back, with savepoints", async () => {
    const names = async () =>
      (
        await runAsync(sql(conn, `SELECT name FROM ${users.name} WHERE name LIKE 'tx%' ORDER BY name`))
      ).rows.map((r) => r[0]);
    await runAsync(perform(conn.begin()));
    expect((conn as PgConnection).inTransaction).toBe(true);
    await runAsync(sql(conn, `INSERT INTO ${users.name} VALUES (20, 'tx1')`));
    await runAsync(sql(conn, dialect.savepointSql("sp1")));
    await runAsync(sql(conn, `INSERT INTO ${users.name} VALUES (21, 'tx2')`));
    await runAsync(sql(conn, dialect.rollbackToSavepointSql("sp1")));
    await runAsync(sql(conn, dialect.savepointSql("sp2")));
    await runAsync(sql(conn, `INSERT INTO ${users.name} VALUES (22, 'tx3')`));
    await runAsync(sql(conn, dialect.releaseSavepointSql("sp2")));
    await runAsync(perform(conn.commit()));
    expect((conn as PgConnection).inTransaction).toBe(false);
    expect(await names()).toEqual(["tx1", "tx3"]);
    await runAsync(perform(conn.begin()));
    await runAsync(sql(conn, `DELETE FROM ${users.name} WHERE name LIKE 'tx%'`));
    await runAsync(perform(conn.rollback()));
    expect(await names()).toEqual(["tx1", "tx3"]);
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
    await runAsync(sql(conn, `INSERT INTO ${users.name} VALUES (30, 'auto')`));
    await runAsync(perform(conn.rollback()));
    expect((await runAsync(sql(conn, `SELECT count(*) FROM ${users.name} WHERE id = 30`))).rows).toEqual([
      ["1"],
    ]);
    await runAsync(dialect.setAutocommit(conn, false));
  });

  it("classifies unique violations, syntax errors, missing tables and bad data by SQLSTATE", async () => {
    const unique = await errorOf(runAsync(sql(conn, `INSERT INTO ${users.name} VALUES (1, 'ada')`)));
    expect((unique as { code: string }).code).toBe("23505");
    expect(dialect.classifyError(unique)).toBe("IntegrityError");
    const syntax = await errorOf(runAsync(sql(conn, "SELEC 1")));
    expect(dialect.classifyError(syntax)).toBe("ProgrammingError");
    const missing = await errorOf(runAsync(sql(conn, "SELECT * FROM no_such_table_here")));
    expect(dialect.classifyError(missing)).toBe("ProgrammingError");
    const data = await errorOf(runAsync(sql(conn, "SELECT 1 / 0")));
    expect(dialect.classifyError(data)).toBe("DataError");
    for (const e of [unique, syntax, missing, data]) expect(dialect.isDisconnect(e)).toBe(false);
    expect(conn.closed).toBe(false);
  });

  it("streams with a server-side cursor, inside and outside a transaction", async () => {
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
    // outside a transaction: WITH HOLD
    const held = await runAsync(perform(stream.call(conn, q, ["y"], { returnsRows: true })));
    expect(await runAsync(perform(held.fetch(2)))).toEqual([
      [1, "y"],
      [2, "y"],
    ]);
    await runAsync(perform(held.close()));
    await runAsync(perform(held.close()));
  });

  it("recognizes a connection killed by the server as a disconnect", async () => {
    const victim = await connect();
    const pid = (await runAsync(sql(victim, "SELECT pg_backend_pid()"))).rows[0]?.[0];
    await runAsync(sql(conn, "SELECT pg_terminate_backend($1)", [pid]));
    await new Promise((r) => setTimeout(r, 100));
    const err = await errorOf(runAsync(sql(victim, "SELECT 1")));
    expect(dialect.isDisconnect(err)).toBe(true);
    expect(dialect.classifyError(err)).toBe("OperationalError");
    expect(victim.closed).toBe(true);
    await close(victim);
  });
});

describe.skipIf(live.skip)("pg value round trips (live PostgreSQL)", () => {
  const types = new Table(uniqueName("pg_types"), new MetaData(), {
    id: new Column(Integer, { primaryKey: true }),
    dt: new Column(DateTime),
    dtz: new Column(DateTime({ timezone: true })),
    d: new Column(SqlDate),
    t: new Column(Time),
    b: new Column(SqlBoolean),
    num: new Column(Numeric(20, 4)),
    num_f: new Column(Numeric(10, 2, { asDecimal: false })),
    big: new Column(BigInteger),
    f: new Column(Float),
    j: new Column(SqlJSON()),
    jb: new Column(JSONB),
    u: new Column(Uuid()),
    u32: new Column(Uuid({ nativeUuid: false })),
    bin: new Column(LargeBinary),
    e: new Column(Enum(["draft", "published"], { nativeEnum: false })),
    iv: new Column(Interval()),
    ints: new Column(ARRAY(Integer)),
    bigs: new Column(ARRAY(BigInteger)),
    nums: new Column(ARRAY(Numeric(10, 3))),
    dts: new Column(ARRAY(DateTime)),
  });
  let conn: DriverConnection;
  beforeAll(async () => {
    conn = await connect();
    await runAsync(sql(conn, new CreateTable(types).compile({ dialect }).sql));
  });
  afterAll(async () => {
    if (conn === undefined) return;
    await runAsync(sql(conn, new DropTable(types).compile({ dialect }).sql));
    await close(conn);
  });

  const dt = new Date(Date.UTC(2024, 1, 29, 13, 14, 15, 123));
  const value = {
    dt,
    dtz: dt,
    d: "2024-02-29",
    t: "13:14:15.123",
    b: true,
    num: "1234567890123456.1234",
    num_f: "19.99",
    big: 2n ** 62n + 7n,
    f: 1.5,
    j: { a: [1, "two", null], b: { c: true } },
    jb: [1, { x: "y" }],
    u: "0b9c3bc2-3f4e-4a8c-9d6e-2f1a5b7c8d9e",
    u32: "1b9c3bc2-3f4e-4a8c-9d6e-2f1a5b7c8d9e",
    bin: new Uint8Array([0, 1, 2, 254, 255]),
    e: "published" as const,
    iv: 90061001,
    ints: [1, 2, 3],
    bigs: [2n ** 60n, -1n],
    nums: ["1.500", "0.001"],
    dts: [dt, new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999))],
  };

  it("round-trips every generic type through a real table", async () => {
    await runAsync(execStmt(conn, dialect, insert(types).values({ id: 1, ...value })));
    const { rows } = await runAsync(execStmt(conn, dialect, select(types).where(types.c.id.eq(1))));
    const row = rows[0] as Record<string, unknown>;
    expect(row.dt).toEqual(dt);
    expect(row.dtz).toEqual(dt);
    expect(row.d).toBe(value.d);
    expect(row.t).toBe(value.t);
    expect(row.b).toBe(true);
    expect(row.num).toBe(value.num);
    expect(row.num_f).toBe(19.99);
    expect(row.big).toBe(value.big);
    expect(row.f).toBe(1.5);
    expect(row.j).toEqual(value.j);
    expect(row.jb).toEqual(value.jb);
    expect(row.u).toBe(value.u);
    expect(row.u32).toBe(value.u32);
    expect(Buffer.from(row.bin as Uint8Array)).toEqual(Buffer.from(value.bin));
    expect(row.e).toBe("published");
    expect(row.iv).toBe(value.iv);
    expect(row.ints).toEqual([1, 2, 3]);
    expect(row.bigs).toEqual(value.bigs);
    expect(row.nums).toEqual(value.nums);
    expect(row.dts).toEqual(value.dts);
  });

  it("stores naive datetimes as their UTC wall clock, whatever the session time zone", async () => {
    await runAsync(sql(conn, "SET TIME ZONE 'America/New_York'"));
    try {
      const raw = await runAsync(sql(conn, `SELECT dt::text, u32, iv::text FROM ${types.name} WHERE id = 1`));
      expect(raw.rows[0]).toEqual([
        "2024-02-29 13:14:15.123",
        "1b9c3bc23f4e4a8c9d6e2f1a5b7c8d9e",
        "25:01:01.001",
      ]);
      const { rows } = await runAsync(
        execStmt(conn, dialect, select(types.c.dt, types.c.dtz).where(types.c.id.eq(1))),
      );
      expect(rows).toEqual([{ dt, dtz: dt }]);
    } finally {
      await runAsync(sql(conn, "SET TIME ZONE 'UTC'"));
    }
  });

  it("returns nulls as null and false as false", async () => {
    await runAsync(execStmt(conn, dialect, insert(types).values({ id: 2, b: false, num: "5" })));
    const { rows } = await runAsync(
      execStmt(
        conn,
        dialect,
        select(types.c.b, types.c.num, types.c.dt, types.c.ints).where(types.c.id.eq(2)),
      ),
    );
    expect(rows).toEqual([{ b: false, num: "5.0000", dt: null, ints: null }]);
  });

  it("leaves pg's global type parsers alone", async () => {
    const { createRequire } = await import("node:module");
    const pg = createRequire(import.meta.url)("pg") as {
      types: { getTypeParser(oid: number): (s: string) => unknown };
    };
    expect(pg.types.getTypeParser(1114)("2024-01-01 00:00:00")).toBeInstanceOf(Date);
  });
});
