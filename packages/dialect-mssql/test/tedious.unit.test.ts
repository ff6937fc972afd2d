/**
 * The tedious driver without a server: connect arguments, parameter typing,
 * error classification from tedious' own error classes, value processors,
 * and the adapter's request flow against a stand-in connection that emits
 * tedious' events on real tedious `Request` objects.
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
  Time,
  Uuid,
} from "@athanor/core";
import { describe, expect, it } from "vitest";
import {
  loadTedious,
  type TediousConnection,
  TediousDriverConnection,
  type TediousModule,
  type TediousRequest,
} from "../src/drivers/tedious-adapter.js";
import { MSSQLDialectTedious, tdsParam, tdsTyped, tediousConfig } from "../src/index.js";
import { boundParams, run, runAsync } from "./async-runner.js";

const dialect = new MSSQLDialectTedious();
type AnyType = Parameters<typeof dialect.adaptType>[0];
/** The type's bind processor for the dialect, or the identity. */
const bind = (t: AnyType) => t.dialectImpl(dialect).bindProcessor(dialect) ?? ((v: unknown) => v);
/** The type's result processor for the dialect, or the identity. */
const result = (t: AnyType) => t.dialectImpl(dialect).resultProcessor(dialect) ?? ((v: unknown) => v);

const tedious = createRequire(import.meta.url)("tedious") as TediousModule & {
  ConnectionError: new (message: string, code?: string) => Error;
  RequestError: new (message: string, code?: string) => Error;
};

/** A RequestError as tedious builds it from a server ERROR token. */
function serverError(number: number, message: string, cls = 16): Error {
  return Object.assign(new tedious.RequestError(message, "EREQUEST"), { number, state: 1, class: cls });
}

describe("tedious connect arguments", () => {
  it("maps the URL, keeps UTC and turns the request timeout off", () => {
    const url = makeUrl(
      "mssql+tedious://sa:p%40ss@db.example:1444/shop?trustServerCertificate=yes&encrypt=false",
    );
    expect(tediousConfig(dialect.createConnectArgs(url, { packetSize: 8192 }))).toEqual({
      server: "db.example",
      authentication: { type: "default", options: { userName: "sa", password: "p@ss" } },
      options: {
        port: 1444,
        database: "shop",
        useUTC: true,
        requestTimeout: 0,
        rowCollectionOnRequestCompletion: false,
        useColumnNames: false,
        appName: "athanor",
        encrypt: false,
        trustServerCertificate: true,
        packetSize: 8192,
      },
    });
  });

  it("takes a named instance and an NTLM domain", () => {
    const cfg = tediousConfig(
      dialect.createConnectArgs(makeUrl("mssql+tedious://u:p@host/db?instanceName=SQLEXPRESS&domain=CORP")),
    );
    expect(cfg.server).toBe("host");
    expect((cfg.options as Record<string, unknown>).instanceName).toBe("SQLEXPRESS");
    expect((cfg.options as Record<string, unknown>).port).toBeUndefined();
    expect(cfg.authentication).toEqual({
      type: "ntlm",
      options: { userName: "u", password: "p", domain: "CORP" },
    });
  });
});

describe("tedious parameters", () => {
  it("infers a tedious type per value", () => {
    expect(tdsParam(null)).toEqual({ type: "NVarChar", value: null });
    expect(tdsParam("x")).toEqual({ type: "NVarChar", value: "x" });
    expect(tdsParam(5).type).toBe("Int");
    expect(tdsParam(-(2 ** 31)).type).toBe("Int");
    expect(tdsParam(2 ** 31).type).toBe("BigInt");
    expect(tdsParam(1.5).type).toBe("Float");
    expect(tdsParam(10n).type).toBe("BigInt");
    expect(tdsParam(true).type).toBe("Bit");
    expect(tdsParam(new globalThis.Date(0))).toMatchObject({ type: "DateTime2", options: { scale: 7 } });
    const bytes = tdsParam(new Uint8Array([1, 2]));
    expect(bytes.type).toBe("VarBinary");
    expect(Buffer.isBuffer(bytes.value)).toBe(true);
    expect(tdsParam(tdsTyped("UniqueIdentifier", "abc"))).toEqual({
      type: "UniqueIdentifier",
      value: "abc",
      options: undefined,
    });
    expect(() => tdsParam({ a: 1 })).toThrow(/cannot bind a value of type object/);
    for (const name of [
      "NVarChar",
      "Int",
      "BigInt",
      "Float",
      "Bit",
      "DateTime2",
      "VarBinary",
      "UniqueIdentifier",
    ]) {
      expect(tedious.TYPES[name]?.name).toBe(name);
    }
  });
});

describe("tedious errors", () => {
  it("classifies server errors by number", () => {
    expect(dialect.classifyError(serverError(2627, "Violation of PRIMARY KEY constraint"))).toBe(
      "IntegrityError",
    );
    expect(dialect.classifyError(serverError(2601, "Cannot insert duplicate key row"))).toBe(
      "IntegrityError",
    );
    expect(dialect.classifyError(serverError(547, "The INSERT statement conflicted"))).toBe("IntegrityError");
    expect(dialect.classifyError(serverError(515, "Cannot insert the value NULL"))).toBe("IntegrityError");
    expect(dialect.classifyError(serverError(208, "Invalid object name 'nope'."))).toBe("ProgrammingError");
    expect(dialect.classifyError(serverError(207, "Invalid column name 'x'."))).toBe("ProgrammingError");
    expect(dialect.classifyError(serverError(102, "Incorrect syntax near 'SELEC'."))).toBe(
      "ProgrammingError",
    );
    expect(dialect.classifyError(serverError(1205, "deadlock victim", 13))).toBe("OperationalError");
    expect(dialect.classifyError(serverError(8152, "String or binary data would be truncated."))).toBe(
      "DataError",
    );
    expect(dialect.classifyError(serverError(50000, "RAISERROR"))).toBe("DatabaseError");
    expect(dialect.isDisconnect(serverError(2627, "dup"))).toBe(false);
  });

  it("treats lost connections as disconnects", () => {
    const lost = new tedious.ConnectionError("Connection lost - read ECONNRESET", "ESOCKET");
    const closed = new tedious.RequestError("Connection closed before request completed.", "ECLOSE");
    const final = new tedious.RequestError(
      "Requests can only be made in the LoggedIn state, not the Final state",
      "EINVALIDSTATE",
    );
    for (const e of [lost, closed, final]) {
      expect(dialect.isDisconnect(e)).toBe(true);
      expect(dialect.classifyError(e)).toBe("OperationalError");
    }
    expect(dialect.classifyError(new tedious.ConnectionError("Login failed.", "ELOGIN"))).toBe(
      "OperationalError",
    );
    expect(dialect.classifyError(new tedious.RequestError("Validation failed for parameter", "EPARAM"))).toBe(
      "DataError",
    );
    expect(dialect.isDisconnect(new Error("other"))).toBe(false);
  });

  it("a connect to a closed port is a clean OperationalError (ESOCKET)", async () => {
    const args = dialect.createConnectArgs(
      makeUrl("mssql+tedious://sa:x@127.0.0.1:1/master?trustServerCertificate=true&connect_timeout=5"),
    );
    const err = (await run(dialect.driverAdapter().connect(args)).catch((e: unknown) => e)) as {
      code?: string;
    };
    expect(err.code).toBe("ESOCKET");
    expect(dialect.classifyError(err)).toBe("OperationalError");
    expect(dialect.isDisconnect(err)).toBe(true);
  });

  it("names the npm package when tedious is missing, and has no sync forms", () => {
    expect(() => loadTedious("athanor-no-such-tedious")).toThrow(/npm install athanor-no-such-tedious/);
    expect(dialect.driverAdapter().supportsSync).toBe(false);
    expect(() => runSync(dialect.initialize(fakeConnection([]).conn))).toThrow(/createAsyncEngine/);
  });
});

describe("tedious value processors", () => {
  it("converts values at the boundary", () => {
    const d = new globalThis.Date("2024-02-29T23:59:58.123Z");
    expect(bind(DateTime())(d)).toBe(d);
    expect(result(DateTime())(d)).toBe(d);
    expect(result(Date())(new globalThis.Date("2024-03-01T00:00:00Z"))).toBe("2024-03-01");
    expect(bind(Date())(new globalThis.Date("2024-03-01T00:00:00Z"))).toBe("2024-03-01");
    expect(result(Time())(new globalThis.Date("1970-01-01T13:14:15Z"))).toBe("13:14:15");
    expect(result(Time())(new globalThis.Date("1970-01-01T13:14:15.250Z"))).toBe("13:14:15.250000");
    expect(result(Numeric(10, 2))(1.1)).toBe("1.10");
    expect(result(Numeric(10, 2, { asDecimal: false }))(1.1)).toBe(1.1);
    expect(result(BigInteger())("9007199254740993")).toBe(9007199254740993n);
    expect(result(Boolean())(true)).toBe(true);
    expect(bind(JSON())({ a: [1] })).toBe('{"a":[1]}');
    expect(result(JSON())('{"a":[1]}')).toEqual({ a: [1] });
    expect(tdsParam(bind(Uuid())("0F8FAD5B-D9CB-469F-A165-70867728950E"))).toEqual({
      type: "UniqueIdentifier",
      value: "0f8fad5b-d9cb-469f-a165-70867728950e",
      options: undefined,
    });
    expect(result(Uuid())("0F8FAD5B-D9CB-469F-A165-70867728950E")).toBe(
      "0f8fad5b-d9cb-469f-a165-70867728950e",
    );
    expect(bind(Uuid({ nativeUuid: false }))("0f8fad5b-d9cb-469f-a165-70867728950e")).toBe(
      "0f8fad5bd9cb469fa16570867728950e",
    );
    expect(tdsParam(bind(LargeBinary())(null))).toEqual({
      type: "VarBinary",
      value: null,
      options: undefined,
    });
    expect((bind(Interval())(90_061_000) as globalThis.Date).toISOString()).toBe("1970-01-02T01:01:01.000Z");
    expect(result(Interval())(new globalThis.Date(90_061_000))).toBe(90_061_000);
  });
});

// --- the adapter against a stand-in connection ------------------------------------------

interface Sent {
  kind: "execSql" | "execSqlBatch";
  sql: string;
  params: { name: string; type: string; value: unknown }[];
}

/** A connection that answers every request with the given result sets, as tedious emits them. */
function fakeConnection(
  answers: { columns?: string[]; rows?: unknown[][]; rowCount?: number; error?: Error }[],
) {
  const sent: Sent[] = [];
  const tx: string[] = [];
  let next = 0;
  const answer = (kind: Sent["kind"]) => (request: TediousRequest) => {
    const r = request as unknown as {
      sqlTextOrProcedure: string;
      parameters: { name: string; type: { name: string }; value: unknown }[];
      emit(event: string, ...args: unknown[]): void;
      callback(err: Error | null, rowCount?: number): void;
    };
    sent.push({
      kind,
      sql: r.sqlTextOrProcedure,
      params: r.parameters.map((p) => ({ name: p.name, type: p.type.name, value: p.value })),
    });
    const a = answers[next++] ?? {};
    queueMicrotask(() => {
      if (a.error !== undefined) return r.callback(a.error);
      if (a.columns !== undefined) {
        r.emit(
          "columnMetadata",
          a.columns.map((colName) => ({ colName, type: { name: "NVarChar" } })),
        );
        for (const row of a.rows ?? [])
          r.emit(
            "row",
            row.map((value) => ({ value })),
          );
      }
      r.callback(null, a.rowCount ?? a.rows?.length ?? 0);
    });
  };
  const raw: TediousConnection = {
    connect: () => undefined,
    execSql: answer("execSql"),
    execSqlBatch: answer("execSqlBatch"),
    beginTransaction: (cb, name, level) => {
      tx.push(`begin:${name}:${level}`);
      cb(null);
    },
    commitTransaction: (cb) => {
      tx.push("commit");
      cb(null);
    },
    rollbackTransaction: (cb) => {
      tx.push("rollback");
      cb(Object.assign(new Error("no corresponding BEGIN"), { number: 3903 }));
    },
    cancel: () => true,
    close: () => undefined,
    on: () => undefined,
  };
  return { conn: new TediousDriverConnection(raw, tedious), sent, tx };
}

describe("tedious adapter request flow", () => {
  const md = new MetaData();
  const t = new Table("t", md, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(String(20)),
    flag: new Column(Boolean),
    data: new Column(LargeBinary),
  });

  it("sends @P1..@Pn as typed named parameters and collects rows in column order", async () => {
    const { conn, sent } = fakeConnection([
      { rowCount: 1 },
      {
        columns: ["id", "name"],
        rows: [
          [1, "a"],
          [2, "b"],
        ],
        rowCount: 2,
      },
    ]);
    const ins = insert(t).values({ id: 7, name: "x", flag: true, data: null }).compile({ dialect });
    expect(ins.sql).toContain("@P1");
    const r = await run(conn.execute(ins.sql, boundParams(ins, dialect), { returnsRows: false }));
    expect(r).toEqual({ columns: undefined, rows: [], rowcount: 1 });
    expect(sent[0]?.kind).toBe("execSql");
    expect(sent[0]?.params).toEqual([
      { name: "P1", type: "Int", value: 7 },
      { name: "P2", type: "NVarChar", value: "x" },
      { name: "P3", type: "Bit", value: true },
      { name: "P4", type: "VarBinary", value: null },
    ]);
    const s = await run(conn.execute("SELECT id, name FROM t", [], { returnsRows: true }));
    expect(sent[1]?.kind).toBe("execSqlBatch");
    expect(s.columns).toEqual([
      { name: "id", typeCode: "NVarChar" },
      { name: "name", typeCode: "NVarChar" },
    ]);
    expect(s.rows).toEqual([
      [1, "a"],
      [2, "b"],
    ]);
    expect(s.rowcount).toBe(-1);
  });

  it("executemany loops and sums; empty SQL is not sent", async () => {
    const { conn, sent } = fakeConnection([{ rowCount: 1 }, { rowCount: 1 }, { rowCount: 0 }]);
    const r = await run(
      conn.executeMany("DELETE FROM t WHERE id = @P1", [[1], [2], [3]], { returnsRows: false }),
    );
    expect(r.rowcount).toBe(2);
    expect(sent).toHaveLength(3);
    await run(conn.execute(dialect.releaseSavepointSql("sp"), [], { returnsRows: false }));
    expect(sent).toHaveLength(3);
  });

  it("begins with NO_CHANGE so the session's isolation level holds; rollback tolerates 3903", async () => {
    const { conn, tx } = fakeConnection([]);
    await run(conn.begin());
    await run(conn.commit());
    await run(conn.rollback());
    expect(tx).toEqual([`begin::${tedious.ISOLATION_LEVEL.NO_CHANGE}`, "commit", "rollback"]);
  });

  it("reads the server version in initialize and the isolation level", async () => {
    const { conn } = fakeConnection([
      { columns: [""], rows: [["16.0.4135.4"]] },
      { columns: ["TRANSACTION_ISOLATION_LEVEL"], rows: [["READ COMMITTED"]] },
    ]);
    const d = new MSSQLDialectTedious();
    await runAsync(d.initialize(conn));
    expect(d.serverVersionInfo).toEqual([16, 0, 4135, 4]);
    expect(await runAsync(d.getIsolationLevel(conn))).toBe("READ COMMITTED");
    expect(d.savepointSql("sp_1")).toBe("SAVE TRANSACTION sp_1");
    expect(d.rollbackToSavepointSql("sp_1")).toBe("ROLLBACK TRANSACTION sp_1");
    expect(d.isolationLevels).toContain("SNAPSHOT");
  });

  it("streams rows through a cursor", async () => {
    const rows = Array.from({ length: 25 }, (_, i) => [i]);
    const { conn } = fakeConnection([{ columns: ["n"], rows }]);
    const stream = conn.stream.bind(conn);
    const cursor = await run(stream("SELECT n FROM t", [], { returnsRows: true }));
    expect(cursor.columns.map((c) => c.name)).toEqual(["n"]);
    const got: unknown[] = [];
    for (;;) {
      const batch = await run(cursor.fetch(10));
      if (batch.length === 0) break;
      got.push(...batch.map((r) => r[0]));
    }
    expect(got).toEqual(rows.map((r) => r[0]));
    await run(cursor.close());
  });
});
