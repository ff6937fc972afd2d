/**
 * Live tests of the better-sqlite3 driver adapter (SQLite needs no server, so
 * these always run): in memory and in a temporary file, through core's
 * `runSync` and a tiny async runner. The engine is not involved.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BigInteger,
  Column,
  CreateTable,
  DateTime,
  DBAPI_ERROR_CLASSES,
  type DriverConnection,
  delete_,
  Enum,
  Float,
  ForeignKey,
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
import { SQLiteDialectBetterSqlite3 } from "../src/index.js";
import { execStmt, runAsync, sql } from "./helpers.js";

const dialect = new SQLiteDialectBetterSqlite3();
const adapter = dialect.driverAdapter();

function connect(url = "sqlite://", driverOptions: Record<string, unknown> = {}): DriverConnection {
  return runSync(
    (function* (): Op<DriverConnection> {
      const conn = yield* perform(adapter.connect(dialect.createConnectArgs(makeUrl(url), driverOptions)));
      yield* dialect.onConnect(conn);
      return conn;
    })(),
  );
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

const md = new MetaData();
const parent = new Table("parent", md, {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(SqlString(30), { unique: true }),
});
const child = new Table("child", md, {
  id: new Column(Integer, { primaryKey: true }),
  parent_id: new Column(Integer, { foreignKey: new ForeignKey("parent.id") }),
});

describe("better-sqlite3 adapter (in memory)", () => {
  let conn: DriverConnection;
  beforeAll(() => {
    conn = connect();
    runSync(dialect.initialize(conn));
    for (const t of [parent, child]) runSync(sql(conn, new CreateTable(t).compile({ dialect }).sql));
  });
  afterAll(() => runSync(perform(conn.close())));

  it("is a sync and async adapter", () => {
    expect(adapter.name).toBe("better-sqlite3");
    expect(adapter.supportsSync && adapter.supportsAsync).toBe(true);
  });

  it("detects the SQLite version in initialize", () => {
    expect(dialect.serverVersionInfo?.[0]).toBe(3);
    expect((dialect.serverVersionInfo?.[1] ?? 0) >= 35).toBe(true);
    expect(dialect.insertReturning).toBe(true);
  });

  it("inserts with qmark parameters and reports rowcount and lastrowid", () => {
    const { result } = runSync(execStmt(conn, dialect, insert(parent).values({ name: "ada" })));
    expect(result.columns).toBeUndefined();
    expect(result.rowcount).toBe(1);
    expect(result.lastrowid).toBe(1);
  });

  it("selects rows as arrays with column names and declared types", () => {
    const stmt = select(parent.c.id, parent.c.name).where(parent.c.name.eq("ada"));
    const compiled = stmt.compile({ dialect });
    expect(compiled.sql).toContain("= ?");
    const r = runSync(perform(conn.execute(compiled.sql, compiled.params, { returnsRows: true })));
    expect(r.rows).toEqual([[1, "ada"]]);
    expect(r.columns).toEqual([
      { name: "id", typeCode: "INTEGER" },
      { name: "name", typeCode: "VARCHAR(30)" },
    ]);
    expect(r.rowcount).toBe(-1);
  });

  it("returns RETURNING rows with a rowcount", () => {
    const { result, rows } = runSync(
      execStmt(conn, dialect, insert(parent).values({ name: "bob" }).returning(parent.c.id, parent.c.name)),
    );
    expect(rows).toEqual([{ id: 2, name: "bob" }]);
    expect(result.rowcount).toBe(1);
  });

  it("binds a value that is an array, a plain object or a Buffer as one value, never as several", () => {
    const run = (params: unknown[]) =>
      runSync(perform(conn.execute("SELECT ? AS a, ? AS b", params, { returnsRows: true })));
    const many = (params: unknown[]) =>
      runSync(perform(conn.executeMany("SELECT ? AS a, ? AS b", [params], { returnsRows: true })));
    for (const exec of [run, many]) {
      expect(exec([1, "x"]).rows).toEqual([[1, "x"]]);
      expect(exec([Buffer.from("hi"), null]).rows).toEqual([[Buffer.from("hi"), null]]);
      // As separate arguments better-sqlite3 would read [2, 3] as two more values and { b: 2 } as
      // named parameters: as one value each is refused.
      for (const bad of [[2, 3], { b: 2 }, [2]]) {
        const err = errorOf(() => exec([1, bad]));
        expect(err).toBeInstanceOf(TypeError);
        expect((err as Error).message).toMatch(/can only bind numbers, strings, bigints, buffers, and null/);
      }
      expect((errorOf(() => exec([{ a: 1, b: 2 }])) as Error).message).toMatch(/can only bind/);
    }
  });

  it("runs executemany with one prepared statement, summing rowcounts", () => {
    const r = runSync(
      perform(
        conn.executeMany("INSERT INTO parent (name) VALUES (?)", [["c1"], ["c2"], ["c3"]], {
          returnsRows: false,
        }),
      ),
    );
    expect(r.rowcount).toBe(3);
    expect(r.lastrowid).toBe(5);
    const u = runSync(
      execStmt(conn, dialect, update(parent).values({ name: "zzz" }).where(parent.c.id.gt(100))),
    );
    expect(u.result.rowcount).toBe(0);
    const d = runSync(execStmt(conn, dialect, delete_(parent).where(parent.c.name.like("c%"))));
    expect(d.result.rowcount).toBe(3);
  });

  it("commits and rolls back transactions, with savepoints from the dialect", () => {
    runSync(perform(conn.begin()));
    runSync(sql(conn, "INSERT INTO parent (name) VALUES ('tx1')"));
    runSync(sql(conn, dialect.savepointSql("sp1")));
    runSync(sql(conn, "INSERT INTO parent (name) VALUES ('tx2')"));
    runSync(sql(conn, dialect.rollbackToSavepointSql("sp1")));
    runSync(sql(conn, dialect.savepointSql("sp2")));
    runSync(sql(conn, "INSERT INTO parent (name) VALUES ('tx3')"));
    runSync(sql(conn, dialect.releaseSavepointSql("sp2")));
    runSync(perform(conn.commit()));
    const names = () =>
      runSync(sql(conn, "SELECT name FROM parent WHERE name LIKE 'tx%' ORDER BY name")).rows.map((r) => r[0]);
    expect(names()).toEqual(["tx1", "tx3"]);
    runSync(perform(conn.begin()));
    runSync(sql(conn, "DELETE FROM parent WHERE name LIKE 'tx%'"));
    runSync(perform(conn.rollback()));
    expect(names()).toEqual(["tx1", "tx3"]);
    // commit/rollback with no transaction open are no-ops, not "no transaction is active" errors
    runSync(perform(conn.commit()));
    runSync(perform(conn.rollback()));
  });

  it("sets and reads isolation levels, and autocommit skips BEGIN", () => {
    expect(runSync(dialect.getIsolationLevel(conn))).toBe("SERIALIZABLE");
    runSync(dialect.setIsolationLevel(conn, "READ UNCOMMITTED"));
    expect(runSync(dialect.getIsolationLevel(conn))).toBe("READ UNCOMMITTED");
    runSync(dialect.setIsolationLevel(conn, "SERIALIZABLE"));
    expect(runSync(dialect.getIsolationLevel(conn))).toBe("SERIALIZABLE");
    expect(() => runSync(dialect.setIsolationLevel(conn, "READ COMMITTED; DROP TABLE x"))).toThrow(
      /Invalid value/,
    );
    runSync(dialect.setAutocommit(conn, true));
    runSync(perform(conn.begin()));
    runSync(sql(conn, "INSERT INTO parent (name) VALUES ('auto')"));
    runSync(perform(conn.rollback()));
    expect(runSync(sql(conn, "SELECT count(*) FROM parent WHERE name = 'auto'")).rows).toEqual([[1]]);
    runSync(dialect.setAutocommit(conn, false));
  });

  it("enforces foreign keys (PRAGMA foreign_keys = ON in onConnect)", () => {
    expect(runSync(sql(conn, "PRAGMA foreign_keys")).rows).toEqual([[1]]);
    const err = errorOf(() => runSync(execStmt(conn, dialect, insert(child).values({ parent_id: 999 }))));
    expect((err as { code: string }).code).toBe("SQLITE_CONSTRAINT_FOREIGNKEY");
    expect(dialect.classifyError(err)).toBe("IntegrityError");
  });

  it("classifies unique violations, syntax errors and missing tables as pysqlite does", () => {
    const unique = errorOf(() => runSync(sql(conn, "INSERT INTO parent (name) VALUES ('ada')")));
    expect(dialect.classifyError(unique)).toBe("IntegrityError");
    const syntax = errorOf(() => runSync(sql(conn, "SELEC 1")));
    expect(dialect.classifyError(syntax)).toBe("OperationalError");
    const missing = errorOf(() => runSync(sql(conn, "SELECT * FROM no_such_table_here")));
    expect((missing as Error).message).toMatch(/no such table/);
    expect(dialect.classifyError(missing)).toBe("OperationalError");
    const params = errorOf(() => runSync(sql(conn, "SELECT ?, ?", [1])));
    expect(dialect.classifyError(params)).toBe("ProgrammingError");
    const bind = errorOf(() => runSync(sql(conn, "SELECT ?", [{}])));
    expect(dialect.classifyError(bind)).toBe("InterfaceError");
    for (const e of [unique, syntax, missing]) expect(dialect.isDisconnect(e)).toBe(false);
    expect(Object.keys(DBAPI_ERROR_CLASSES)).toContain(dialect.classifyError(unique));
  });

  it("streams rows from Statement#iterate in batches", () => {
    runSync(sql(conn, "CREATE TABLE nums (n INTEGER)"));
    runSync(
      perform(
        conn.executeMany(
          "INSERT INTO nums (n) VALUES (?)",
          Array.from({ length: 10 }, (_, i) => [i]),
          { returnsRows: false },
        ),
      ),
    );
    const stream = conn.stream;
    if (stream === undefined) throw new Error("stream expected");
    const cursor = runSync(
      perform(stream.call(conn, "SELECT n FROM nums WHERE n >= ? ORDER BY n", [3], { returnsRows: true })),
    );
    expect(cursor.columns.map((c) => c.name)).toEqual(["n"]);
    expect(runSync(perform(cursor.fetch(4)))).toEqual([[3], [4], [5], [6]]);
    expect(runSync(perform(cursor.fetch(4)))).toEqual([[7], [8], [9]]);
    expect(runSync(perform(cursor.fetch(4)))).toEqual([]);
    runSync(perform(cursor.close()));
    // closed early: the connection is usable again
    const c2 = runSync(perform(stream.call(conn, "SELECT n FROM nums", [], { returnsRows: true })));
    expect(runSync(perform(c2.fetch(1)))).toEqual([[0]]);
    runSync(perform(c2.close()));
    expect(runSync(sql(conn, "SELECT count(*) FROM nums")).rows).toEqual([[10]]);
  });

  it("works through the async runner too", async () => {
    const r = await runAsync(execStmt(conn, dialect, select(parent.c.name).where(parent.c.id.eq(1))));
    expect(r.rows).toEqual([{ name: "ada" }]);
    await expect(runAsync(sql(conn, "SELEC 1"))).rejects.toThrow(/syntax error/);
  });

  it("reports a closed connection as a disconnect", () => {
    const other = connect();
    runSync(perform(other.close()));
    expect(other.closed).toBe(true);
    const err = errorOf(() => runSync(sql(other, "SELECT 1")));
    expect(dialect.isDisconnect(err)).toBe(true);
    runSync(perform(other.close())); // idempotent
  });
});

describe("better-sqlite3 value round trips", () => {
  const types = new Table("types_rt", new MetaData(), {
    id: new Column(Integer, { primaryKey: true }),
    dt: new Column(DateTime),
    d: new Column(SqlDate),
    t: new Column(Time),
    b: new Column(SqlBoolean),
    num: new Column(Numeric(10, 2)),
    num_f: new Column(Numeric(10, 2, { asDecimal: false })),
    big: new Column(BigInteger),
    f: new Column(Float),
    j: new Column(SqlJSON()),
    u: new Column(Uuid()),
    bin: new Column(LargeBinary),
    e: new Column(Enum(["draft", "published"])),
    iv: new Column(Interval()),
  });
  let conn: DriverConnection;
  beforeAll(() => {
    conn = connect();
    runSync(sql(conn, new CreateTable(types).compile({ dialect }).sql));
  });
  afterAll(() => runSync(perform(conn.close())));

  const value = {
    dt: new Date(Date.UTC(2024, 1, 29, 13, 14, 15, 123)),
    d: "2024-02-29",
    t: "13:14:15.123000",
    b: true,
    num: "12345678.90",
    num_f: "19.99",
    big: 2n ** 60n + 7n,
    f: 1.5,
    j: { a: [1, "two", null], b: { c: true } },
    u: "0b9c3bc2-3f4e-4a8c-9d6e-2f1a5b7c8d9e",
    bin: new Uint8Array([0, 1, 2, 254, 255]),
    e: "published" as const,
    iv: 90061001, // 1 day, 1 h, 1 min, 1.001 s
  };

  it("round-trips every generic type through a real table", () => {
    runSync(execStmt(conn, dialect, insert(types).values({ id: 1, ...value })));
    const { rows } = runSync(execStmt(conn, dialect, select(types).where(types.c.id.eq(1))));
    const row = rows[0] as Record<string, unknown>;
    expect(row.dt).toEqual(value.dt);
    expect(row.d).toBe(value.d);
    expect(row.t).toBe(value.t);
    expect(row.b).toBe(true);
    expect(row.num).toBe(value.num);
    expect(row.num_f).toBe(19.99);
    expect(row.big).toBe(value.big);
    expect(row.f).toBe(1.5);
    expect(row.j).toEqual(value.j);
    expect(row.u).toBe(value.u);
    expect(Buffer.from(row.bin as Uint8Array)).toEqual(Buffer.from(value.bin));
    expect(row.e).toBe("published");
    expect(row.iv).toBe(value.iv);
    expect(row.id).toBe(1); // a number although the statement ran with safeIntegers (BIGINT column)
  });

  it("stores the documented forms (UTC datetimes, hex UUIDs, 0/1 booleans, epoch intervals)", () => {
    const r = runSync(sql(conn, "SELECT dt, u, b, iv, typeof(num) FROM types_rt WHERE id = 1"));
    expect(r.rows[0]).toEqual([
      "2024-02-29 13:14:15.123000",
      "0b9c3bc23f4e4a8c9d6e2f1a5b7c8d9e",
      1,
      "1970-01-02 01:01:01.001000",
      "real",
    ]);
  });

  it("returns nulls as null and false as false", () => {
    runSync(execStmt(conn, dialect, insert(types).values({ id: 2, b: false, num: "5" })));
    const { rows } = runSync(
      execStmt(conn, dialect, select(types.c.b, types.c.num, types.c.dt).where(types.c.id.eq(2))),
    );
    expect(rows).toEqual([{ b: false, num: "5.00", dt: null }]);
  });
});

describe("better-sqlite3 URLs and files", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "athanor-sqlite-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("maps memory and file URLs to file names and options", () => {
    expect(dialect.createConnectArgs(makeUrl("sqlite://")).database).toBe(":memory:");
    expect(dialect.createConnectArgs(makeUrl("sqlite:///:memory:")).database).toBe(":memory:");
    expect(dialect.createConnectArgs(makeUrl("sqlite:///rel/x.db")).database).toBe("rel/x.db");
    const abs = dialect.createConnectArgs(makeUrl("sqlite:////abs/x.db?mode=ro&timeout=2.5"));
    expect(abs.database).toBe("/abs/x.db");
    expect(abs.driverOptions).toEqual({ readonly: true, timeout: 2500 });
    expect(
      dialect.createConnectArgs(makeUrl("sqlite:///x.db?mode=rw"), { timeout: 1 }).driverOptions,
    ).toEqual({
      fileMustExist: true,
      timeout: 1,
    });
    expect(() => dialect.createConnectArgs(makeUrl("sqlite:///x.db?foo=1"))).toThrow(/not known/);
  });

  it("says which pool an in-memory database needs", () => {
    expect(dialect.poolClassForUrl("sqlite://")).toBe("static");
    expect(dialect.poolClassForUrl("sqlite:///:memory:")).toBe("static");
    expect(dialect.poolClassForUrl("sqlite+better-sqlite3:///file.db")).toBe("queue");
  });

  it("shares a temporary file between connections; mode=ro refuses writes", () => {
    const url = `sqlite:///${join(dir, "t.db")}`;
    expect(url.startsWith("sqlite:////")).toBe(true);
    const a = connect(url);
    runSync(sql(a, "CREATE TABLE f (x INTEGER)"));
    runSync(perform(a.begin()));
    runSync(sql(a, "INSERT INTO f VALUES (1)"));
    runSync(perform(a.commit()));
    const b = connect(url);
    expect(runSync(sql(b, "SELECT x FROM f")).rows).toEqual([[1]]);
    const ro = connect(`${url}?mode=ro`);
    const err = errorOf(() => runSync(sql(ro, "INSERT INTO f VALUES (2)")));
    expect((err as { code: string }).code).toBe("SQLITE_READONLY");
    expect(dialect.classifyError(err)).toBe("OperationalError");
    for (const c of [a, b, ro]) runSync(perform(c.close()));
  });

  it("reports SQLITE_BUSY as an OperationalError", () => {
    const url = `sqlite:///${join(dir, "busy.db")}`;
    const a = connect(url, { timeout: 0 });
    const b = connect(url, { timeout: 0 });
    runSync(sql(a, "CREATE TABLE f (x INTEGER)"));
    runSync(sql(a, "BEGIN IMMEDIATE"));
    const err = errorOf(() => runSync(sql(b, "BEGIN IMMEDIATE")));
    expect((err as { code: string }).code).toMatch(/^SQLITE_BUSY/);
    expect(dialect.classifyError(err)).toBe("OperationalError");
    runSync(perform(a.rollback()));
    for (const c of [a, b]) runSync(perform(c.close()));
  });
});
