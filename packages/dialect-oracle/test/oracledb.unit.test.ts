/**
 * The oracledb driver without a server: connect arguments, named binds and
 * RETURNING out-binds, fetch types, error classification from errors shaped
 * as oracledb's, value processors (independent of the process' time zone),
 * and the adapter against a stand-in connection with the real oracledb
 * constants. A real connect to a closed port checks the thin driver's error.
 */
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: Boolean, Date and JSON are SQLAlchemy's type names */
import { createRequire } from "node:module";
import {
  BigInteger,
  Boolean,
  Column,
  Date,
  DateTime,
  Integer,
  Interval,
  insert,
  JSON,
  LargeBinary,
  MetaData,
  makeUrl,
  Numeric,
  runSync,
  String,
  Table,
  Uuid,
} from "@athanor/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  bindDefsFor,
  fetchTypeHandler,
  loadOracledb,
  type OracledbConnection,
  OracledbDriverConnection,
  type OracledbModule,
  type OracledbResult,
  oracledbBinds,
  outParamNames,
  returningRows,
} from "../src/drivers/oracledb-adapter.js";
import {
  intervalParts,
  localFieldsAsUtc,
  utcFieldsAsLocal,
  withScale,
} from "../src/drivers/oracledb-types.js";
import { OracleDialectOracledb, oracledbConfig, oraTyped } from "../src/index.js";
import { boundParams, run, runAsync } from "./async-runner.js";

const dialect = new OracleDialectOracledb();
type AnyType = Parameters<typeof dialect.adaptType>[0];
/** The type's bind processor for the dialect, or the identity. */
const bind = (t: AnyType) => t.dialectImpl(dialect).bindProcessor(dialect) ?? ((v: unknown) => v);
/** The type's result processor for the dialect, or the identity. */
const result = (t: AnyType) => t.dialectImpl(dialect).resultProcessor(dialect) ?? ((v: unknown) => v);

const oracledb = createRequire(import.meta.url)("oracledb") as OracledbModule & { thin: boolean };

/** An ORA error as oracledb thin raises it. */
function oraError(errorNum: number, text: string): Error {
  const code = `ORA-${globalThis.String(errorNum).padStart(5, "0")}`;
  return Object.assign(new Error(`${code}: ${text}`), { code, errorNum, offset: 0 });
}
/** An NJS / DPI error as oracledb raises it. */
function driverError(code: string, text: string, isRecoverable = false): Error {
  return Object.assign(new Error(`${code}: ${text}`), { code, isRecoverable });
}

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe("oracledb connect arguments", () => {
  const cfg = (url: string, opts?: Record<string, unknown>) =>
    oracledbConfig(dialect.createConnectArgs(makeUrl(url), opts));
  it("reads service names, SIDs, TNS aliases and dsn as SQLAlchemy", () => {
    expect(cfg("oracle+oracledb://scott:tiger@db:1522/?service_name=FREEPDB1")).toEqual({
      user: "scott",
      password: "tiger",
      connectString: "db:1522/FREEPDB1",
    });
    expect(cfg("oracle+oracledb://scott:tiger@db/ORCL").connectString).toBe(
      "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db)(PORT=1521))(CONNECT_DATA=(SID=ORCL)))",
    );
    expect(cfg("oracle+oracledb://scott:tiger@mytns").connectString).toBe("mytns");
    expect(cfg("oracle+oracledb://u:p@/?dsn=h:1/svc", { stmtCacheSize: 0 })).toMatchObject({
      connectString: "h:1/svc",
      stmtCacheSize: 0,
    });
  });

  it("runs in thin mode", () => {
    expect(loadOracledb().OUT_FORMAT_ARRAY).toBe(oracledb.OUT_FORMAT_ARRAY);
    expect(oracledb.thin).toBe(true);
    expect(() => loadOracledb("athanor-no-such-oracledb")).toThrow(/npm install athanor-no-such-oracledb/);
  });
});

describe("oracledb binds and fetches", () => {
  it("binds by name from the compiled parameter order, with RETURNING out-binds", () => {
    const md = new MetaData();
    const t = new Table("t", md, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(20)),
    });
    const c = insert(t).values({ id: 1, name: "x" }).returning(t.c.id).compile({ dialect });
    expect(c.sql).toMatch(/RETURNING t\.id INTO :ret_0$/);
    const options = { returnsRows: true, paramNames: c.positiontup };
    const outs = outParamNames(c.sql, options);
    expect(outs).toEqual(["ret_0"]);
    expect(oracledbBinds(oracledb, boundParams(c, dialect), options, outs)).toEqual({
      id: 1,
      name: "x",
      ret_0: { dir: oracledb.BIND_OUT, type: oracledb.DB_TYPE_VARCHAR, maxSize: 32767 },
    });
    expect(returningRows({ ret_0: ["7", "8"], ret_1: ["a", "b"] }, ["ret_0", "ret_1"])).toEqual([
      ["7", "a"],
      ["8", "b"],
    ]);
    // Without names (raw SQL), positional.
    expect(oracledbBinds(oracledb, [1, new Uint8Array([1])], { returnsRows: false }, [])).toEqual([
      1,
      Buffer.from([1]),
    ]);
    expect(
      oracledbBinds(oracledb, [oraTyped("DB_TYPE_INTERVAL_DS", 1500)], { returnsRows: false }, []),
    ).toEqual([
      {
        val: new oracledb.IntervalDS({ seconds: 1, fseconds: 500_000_000 }),
        type: oracledb.DB_TYPE_INTERVAL_DS,
      },
    ]);
  });

  it("fetches exact numbers as text, small integers and floats as numbers, LOBs and dates as text/bytes", () => {
    const h = fetchTypeHandler(oracledb);
    const num = (precision: number, scale: number) =>
      h({ name: "x", dbType: oracledb.DB_TYPE_NUMBER, precision, scale });
    expect(num(10, 0)).toBeUndefined();
    expect(num(126, -127)).toBeUndefined();
    const dec = num(12, 4);
    expect(dec?.type).toBe(oracledb.STRING);
    const any = num(0, -127);
    expect(any?.converter?.("5")).toBe(5);
    expect(any?.converter?.("9007199254740993")).toBe("9007199254740993");
    expect(any?.converter?.("1.25")).toBe("1.25");
    expect(h({ name: "c", dbType: oracledb.DB_TYPE_CLOB })?.type).toBe(oracledb.STRING);
    expect(h({ name: "b", dbType: oracledb.DB_TYPE_BLOB })?.type).toBe(oracledb.BUFFER);
    expect(h({ name: "d", dbType: oracledb.DB_TYPE_TIMESTAMP })?.type).toBe(oracledb.STRING);
    expect(h({ name: "z", dbType: oracledb.DB_TYPE_TIMESTAMP_TZ })).toBeUndefined();
  });

  it("declares executemany bindDefs from the data, or gives up on mixed kinds", () => {
    const defs = bindDefsFor(oracledb, [
      [1, "ab", null, oraTyped("DB_TYPE_TIMESTAMP", new globalThis.Date(0))],
      [2, "abcd", null, null],
    ]);
    expect(defs).toEqual([
      { type: oracledb.DB_TYPE_NUMBER },
      { type: oracledb.DB_TYPE_VARCHAR, maxSize: 4 },
      { type: oracledb.DB_TYPE_VARCHAR, maxSize: 1 },
      { type: oracledb.DB_TYPE_TIMESTAMP },
    ]);
    expect(bindDefsFor(oracledb, [[1], ["x"]])).toBeUndefined();
  });
});

describe("oracledb errors", () => {
  it("classifies ORA errors", () => {
    expect(dialect.classifyError(oraError(1, "unique constraint (X.PK) violated"))).toBe("IntegrityError");
    expect(
      dialect.classifyError(oraError(2291, "integrity constraint violated - parent key not found")),
    ).toBe("IntegrityError");
    expect(dialect.classifyError(oraError(1400, "cannot insert NULL"))).toBe("IntegrityError");
    expect(dialect.classifyError(oraError(942, "table or view does not exist"))).toBe("ProgrammingError");
    expect(dialect.classifyError(oraError(904, '"NOPE": invalid identifier'))).toBe("ProgrammingError");
    expect(dialect.classifyError(oraError(933, "SQL command not properly ended"))).toBe("ProgrammingError");
    expect(dialect.classifyError(oraError(12899, "value too large for column"))).toBe("DataError");
    expect(dialect.classifyError(oraError(60, "deadlock detected"))).toBe("OperationalError");
    expect(dialect.classifyError(oraError(20001, "raised by the application"))).toBe("DatabaseError");
    expect(dialect.classifyError(driverError("NJS-011", "encountered bind value and type mismatch"))).toBe(
      "InterfaceError",
    );
    expect(dialect.isDisconnect(oraError(1, "dup"))).toBe(false);
  });

  it("treats lost sessions as disconnects", () => {
    // oracledb rewrites ORA-03113 as NJS-500 and keeps the number.
    const eof = Object.assign(driverError("NJS-500", "connection to the Oracle Database was broken", true), {
      errorNum: 3113,
    });
    for (const e of [
      eof,
      driverError("NJS-003", "invalid or closed connection"),
      driverError("DPI-1010", "not connected"),
      oraError(28, "your session has been killed"),
      oraError(3135, "connection lost contact"),
    ]) {
      expect(dialect.isDisconnect(e)).toBe(true);
      expect(dialect.classifyError(e)).toBe("OperationalError");
    }
  });

  it("a connect to a closed port is a clean OperationalError (NJS-503), in thin mode", async () => {
    const args = dialect.createConnectArgs(
      makeUrl("oracle+oracledb://u:p@127.0.0.1:1/?service_name=FREEPDB1&connect_timeout=5"),
    );
    const err = (await run(dialect.driverAdapter().connect(args)).catch((e: unknown) => e)) as {
      code?: string;
    };
    expect(err.code).toMatch(/^NJS-50[03]$/);
    expect(dialect.classifyError(err)).toBe("OperationalError");
    expect(oracledb.thin).toBe(true);
  });
});

describe("oracledb value processors", () => {
  it("datetimes are UTC wall clocks whatever the process' time zone", () => {
    for (const tz of ["UTC", "America/New_York", "Asia/Kolkata"]) {
      process.env.TZ = tz;
      const d = new globalThis.Date("2024-02-29T23:59:58.123Z");
      const bound = bind(DateTime())(d) as { value: globalThis.Date; type: string };
      expect(bound.type).toBe("DB_TYPE_TIMESTAMP");
      // oracledb writes the local fields.
      expect([bound.value.getFullYear(), bound.value.getHours(), bound.value.getMilliseconds()]).toEqual([
        2024, 23, 123,
      ]);
      expect(localFieldsAsUtc(utcFieldsAsLocal(d)).toISOString()).toBe(d.toISOString());
      expect((result(DateTime())("2024-02-29 23:59:58.123000") as globalThis.Date).toISOString()).toBe(
        "2024-02-29T23:59:58.123Z",
      );
      expect(result(Date())("2024-03-01 00:00:00")).toBe("2024-03-01");
      const day = bind(Date())("2024-03-01") as { value: globalThis.Date };
      expect([
        day.value.getFullYear(),
        day.value.getMonth(),
        day.value.getDate(),
        day.value.getHours(),
      ]).toEqual([2024, 2, 1, 0]);
    }
  });

  it("numbers, booleans, JSON, UUIDs, bytes, intervals", () => {
    expect(result(Numeric(10, 2))("12.5")).toBe("12.50");
    expect(result(Numeric(10, 2))("-.5")).toBe("-0.50");
    expect(withScale("7", 3)).toBe("7.000");
    expect(result(Numeric(10, 2, { asDecimal: false }))("12.5")).toBe(12.5);
    expect(result(BigInteger())("9007199254740993")).toBe(9007199254740993n);
    expect(result(Integer())("42")).toBe(42);
    // 23ai (the default without a version) has BOOLEAN; older servers take 1 / 0.
    expect(bind(Boolean())(true)).toEqual(oraTyped("DB_TYPE_BOOLEAN", true));
    const old = new OracleDialectOracledb({ serverVersion: [19, 3] });
    expect(Boolean().dialectImpl(old).bindProcessor(old)?.(true)).toBe(1);
    expect(result(Boolean())(0)).toBe(false);
    expect(bind(JSON())({ a: 1 })).toEqual(oraTyped("DB_TYPE_JSON", { a: 1 }));
    expect(JSON().dialectImpl(old).bindProcessor(old)?.({ a: 1 })).toEqual(Buffer.from('{"a":1}'));
    expect(result(JSON())(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
    expect(result(JSON())({ a: 1 })).toEqual({ a: 1 });
    expect(bind(Uuid())("0F8FAD5B-D9CB-469F-A165-70867728950E")).toBe("0f8fad5bd9cb469fa16570867728950e");
    expect(result(Uuid())("0f8fad5bd9cb469fa16570867728950e")).toBe("0f8fad5b-d9cb-469f-a165-70867728950e");
    expect(Buffer.isBuffer(bind(LargeBinary())(new Uint8Array([1])))).toBe(true);
    expect(bind(Interval())(90_061_500)).toEqual(oraTyped("DB_TYPE_INTERVAL_DS", 90_061_500));
    expect(intervalParts(-90_061_500)).toEqual({
      days: -1,
      hours: -1,
      minutes: -1,
      seconds: -1,
      fseconds: -500_000_000,
    });
    expect(result(Interval())(new oracledb.IntervalDS(intervalParts(90_061_500)))).toBe(90_061_500);
  });
});

// --- the adapter against a stand-in connection ------------------------------------------

function fakeConnection(results: OracledbResult[]) {
  const calls: { sql: string; binds: unknown; options: Record<string, unknown>; many?: boolean }[] = [];
  let next = 0;
  const raw: OracledbConnection = {
    execute: async (sql, binds, options) => {
      calls.push({ sql, binds, options });
      return results[next++] ?? {};
    },
    executeMany: async (sql, binds, options) => {
      calls.push({ sql, binds, options, many: true });
      return { rowsAffected: binds.length };
    },
    commit: async () => undefined,
    rollback: async () => undefined,
    close: async () => undefined,
    isHealthy: () => true,
    oracleServerVersionString: "23.4.0.24.5",
  };
  return { conn: new OracledbDriverConnection(raw, oracledb), calls };
}

describe("oracledb adapter against a stand-in connection", () => {
  it("executes with array rows, no autocommit, and surfaces RETURNING as a row", async () => {
    const { conn, calls } = fakeConnection([
      { metaData: [{ name: "ID", dbTypeName: "NUMBER" }], rows: [[1], [2]] },
      { rowsAffected: 1, outBinds: { ret_0: ["7"] } },
    ]);
    const s = await run(conn.execute("SELECT id FROM t", [], { returnsRows: true }));
    expect(s).toEqual({ columns: [{ name: "ID", typeCode: "NUMBER" }], rows: [[1], [2]], rowcount: -1 });
    expect(calls[0]?.options).toMatchObject({ outFormat: oracledb.OUT_FORMAT_ARRAY, autoCommit: false });
    const r = await run(
      conn.execute("INSERT INTO t (name) VALUES (:name) RETURNING t.id INTO :ret_0", ["x", null], {
        returnsRows: true,
        paramNames: ["name", "ret_0"],
      }),
    );
    expect(r.rows).toEqual([["7"]]);
    expect(r.rowcount).toBe(1);
  });

  it("executemany uses array DML with bindDefs; AUTOCOMMIT turns autoCommit on", async () => {
    const { conn, calls } = fakeConnection([]);
    const r = await run(
      conn.executeMany("DELETE FROM t WHERE id = :id", [[1], [2]], {
        returnsRows: false,
        paramNames: ["id"],
      }),
    );
    expect(r.rowcount).toBe(2);
    expect(calls[0]?.many).toBe(true);
    expect(calls[0]?.options.bindDefs).toEqual([{ type: oracledb.DB_TYPE_NUMBER }]);
    await runAsync(dialect.setAutocommit(conn, true));
    await run(conn.execute("UPDATE t SET x = 1", [], { returnsRows: false }));
    expect(calls[1]?.options.autoCommit).toBe(true);
  });

  it("initialize reads the version from the connection; savepoints and isolation levels", async () => {
    const { conn, calls } = fakeConnection([]);
    const d = new OracleDialectOracledb();
    await runAsync(d.initialize(conn));
    expect(d.serverVersionInfo).toEqual([23, 4, 0, 24, 5]);
    await runAsync(d.onConnect(conn));
    expect(calls[0]?.sql).toMatch(/^ALTER SESSION SET NLS_DATE_FORMAT/);
    await runAsync(d.setIsolationLevel(conn, "SERIALIZABLE"));
    expect(calls[1]?.sql).toBe("ALTER SESSION SET ISOLATION_LEVEL = SERIALIZABLE");
    expect(await runAsync(d.getIsolationLevel(conn))).toBe("SERIALIZABLE");
    expect(d.savepointSql("sp1")).toBe("SAVEPOINT sp1");
    expect(d.rollbackToSavepointSql("sp1")).toBe("ROLLBACK TO SAVEPOINT sp1");
    await run(conn.execute(d.releaseSavepointSql("sp1"), [], { returnsRows: false }));
    expect(calls).toHaveLength(2);
    expect(() => runSync(d.onConnect(conn))).toThrow(/createAsyncEngine/);
  });

  it("streams through a result set", async () => {
    const batches = [[[1], [2]], [[3]]];
    const { conn, calls } = fakeConnection([
      {
        metaData: [{ name: "N" }],
        resultSet: {
          metaData: [{ name: "N" }],
          getRows: async () => batches.shift() ?? [],
          close: async () => undefined,
        },
      },
    ]);
    const stream = conn.stream.bind(conn);
    const cursor = await run(stream("SELECT n FROM t", [], { returnsRows: true }));
    expect(calls[0]?.options.resultSet).toBe(true);
    expect(await run(cursor.fetch(2))).toEqual([[1], [2]]);
    expect(await run(cursor.fetch(2))).toEqual([[3]]);
    expect(await run(cursor.fetch(2))).toEqual([]);
    await run(cursor.close());
  });
});
