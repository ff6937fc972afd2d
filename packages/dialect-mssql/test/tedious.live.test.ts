/**
 * The tedious driver adapter against a live SQL Server (ATHANOR_MSSQL_URL,
 * e.g. `mssql+tedious://sa:Passw0rd!@127.0.0.1:1433/master?trustServerCertificate=true`).
 * No server runs here or in CI, so these are skipped there (and say so).
 */
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String, Boolean, Date and JSON are SQLAlchemy's type names */
import {
  BigInteger,
  Boolean,
  Column,
  CreateTable,
  Date,
  DateTime,
  type DriverConnection,
  DropTable,
  Enum,
  Float,
  Integer,
  Interval,
  insert,
  JSON,
  LargeBinary,
  MetaData,
  makeUrl,
  Numeric,
  String,
  select,
  Table,
  Time,
  Unicode,
  Uuid,
} from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATETIME2, MSSQLDialectTedious } from "../src/index.js";
import { boundParams, processRows, run, runAsync, uniqueName } from "./async-runner.js";
import { optionalLiveDatabase } from "./live.js";

const live = optionalLiveDatabase("ATHANOR_MSSQL_URL");
const noRows = { returnsRows: false };
const rowsOpt = { returnsRows: true };

async function connect(dialect: MSSQLDialectTedious): Promise<DriverConnection> {
  return run(dialect.driverAdapter().connect(dialect.createConnectArgs(makeUrl(live.url()))));
}

function streamOf(conn: DriverConnection) {
  const stream = conn.stream;
  if (stream === undefined) throw new Error("no stream()");
  return stream.bind(conn);
}

describe.skipIf(live.skip)("tedious adapter (live SQL Server)", () => {
  const dialect = new MSSQLDialectTedious();
  let conn: DriverConnection;
  const md = new MetaData();
  const tname = uniqueName("drv_tedious");
  const t = new Table(tname, md, {
    id: new Column(Integer, { primaryKey: true, autoincrement: false }),
    name: new Column(String(50), { unique: true }),
    n: new Column(Integer),
  });

  beforeAll(async () => {
    conn = await connect(dialect);
    await runAsync(dialect.initialize(conn));
    await run(conn.execute(new CreateTable(t).compile({ dialect }).sql, [], noRows));
  });
  afterAll(async () => {
    if (conn === undefined) return;
    await run(conn.execute(new DropTable(t).compile({ dialect }).sql, [], noRows)).catch(() => undefined);
    await run(conn.close());
  });

  it("reads the server version", () => {
    expect(dialect.serverVersionInfo?.[0]).toBeGreaterThanOrEqual(11);
  });

  it("executes with @P params, rows as arrays, columns and rowcount", async () => {
    const ins = insert(t).values({ id: 1, name: "a", n: 10 }).compile({ dialect });
    const r = await run(conn.execute(ins.sql, boundParams(ins, dialect), noRows));
    expect(r.rowcount).toBe(1);
    const sel = select(t.c.id, t.c.name).where(t.c.n.eq(10)).compile({ dialect });
    const s = await run(conn.execute(sel.sql, boundParams(sel, dialect), rowsOpt));
    expect(s.columns?.map((c) => c.name)).toEqual(["id", "name"]);
    expect(s.rows).toEqual([[1, "a"]]);
    const upd = await run(conn.execute(`UPDATE ${tname} SET n = n + 1 WHERE id >= @P1`, [0], noRows));
    expect(upd.rowcount).toBe(1);
  });

  it("executemany sums the rowcount", async () => {
    const c = insert(t).compile({ dialect });
    const sets = [2, 3, 4].map(
      (id) =>
        c.construct(
          new Map<string, unknown>([
            ["id", id],
            ["name", `m${id}`],
            ["n", id],
          ]),
        ).params,
    );
    expect((await run(conn.executeMany(c.sql, sets, noRows))).rowcount).toBe(3);
    const d = await run(conn.executeMany(`DELETE FROM ${tname} WHERE id = @P1`, [[2], [3], [99]], noRows));
    expect(d.rowcount).toBe(2);
  });

  it("begin / commit / rollback and savepoints", async () => {
    await run(conn.begin());
    await run(
      conn.execute(`INSERT INTO ${tname} (id, name, n) VALUES (@P1, @P2, @P3)`, [20, "tx", 1], noRows),
    );
    await run(conn.rollback());
    let r = await run(conn.execute(`SELECT count(*) FROM ${tname} WHERE id = 20`, [], rowsOpt));
    expect(r.rows[0]?.[0]).toBe(0);

    await run(conn.begin());
    await run(
      conn.execute(`INSERT INTO ${tname} (id, name, n) VALUES (@P1, @P2, @P3)`, [21, "keep", 1], noRows),
    );
    await run(conn.execute(dialect.savepointSql("sp1"), [], noRows));
    await run(
      conn.execute(`INSERT INTO ${tname} (id, name, n) VALUES (@P1, @P2, @P3)`, [22, "gone", 1], noRows),
    );
    await run(conn.execute(dialect.rollbackToSavepointSql("sp1"), [], noRows));
    await run(conn.execute(dialect.releaseSavepointSql("sp1"), [], noRows));
    await run(conn.commit());
    r = await run(conn.execute(`SELECT id FROM ${tname} WHERE id IN (21, 22) ORDER BY id`, [], rowsOpt));
    expect(r.rows).toEqual([[21]]);
  });

  it("sets and gets the isolation level, which survives BEGIN", async () => {
    expect(await runAsync(dialect.getIsolationLevel(conn))).toBe("READ COMMITTED");
    await runAsync(dialect.setIsolationLevel(conn, "SERIALIZABLE"));
    await run(conn.begin());
    expect(await runAsync(dialect.getIsolationLevel(conn))).toBe("SERIALIZABLE");
    await run(conn.commit());
    await runAsync(dialect.setIsolationLevel(conn, "READ COMMITTED"));
  });

  it("classifies a unique violation, a syntax error and a missing table", async () => {
    const dup = await run(
      conn.execute(`INSERT INTO ${tname} (id, name) VALUES (@P1, @P2)`, [1, "a"], noRows),
    ).catch((e: unknown) => e);
    expect(dialect.classifyError(dup)).toBe("IntegrityError");
    const syntax = await run(conn.execute("SELEC 1", [], rowsOpt)).catch((e: unknown) => e);
    expect(dialect.classifyError(syntax)).toBe("ProgrammingError");
    const missing = await run(conn.execute("SELECT * FROM no_such_table_xyz", [], rowsOpt)).catch(
      (e: unknown) => e,
    );
    expect(dialect.classifyError(missing)).toBe("ProgrammingError");
    expect(conn.closed).toBe(false);
  });

  it("streams a result", async () => {
    const sql =
      "WITH s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 2500) SELECT n FROM s OPTION (MAXRECURSION 0)";
    const cursor = await run(streamOf(conn)(sql, [], rowsOpt));
    let total = 0;
    for (;;) {
      const rows = await run(cursor.fetch(700));
      if (rows.length === 0) break;
      total += rows.length;
    }
    expect(total).toBe(2500);
    await run(cursor.close());
    const early = await run(streamOf(conn)(sql, [], rowsOpt));
    expect((await run(early.fetch(5))).length).toBe(5);
    await run(early.close());
    expect((await run(conn.execute("SELECT 42", [], rowsOpt))).rows).toEqual([[42]]);
  });

  it("reports a killed session as a disconnect", async () => {
    const victim = await connect(dialect);
    const spid = (await run(victim.execute("SELECT @@SPID", [], rowsOpt))).rows[0]?.[0];
    await run(conn.execute(`KILL ${Number(spid)}`, [], noRows));
    const err = await run(victim.execute("SELECT 1", [], rowsOpt)).catch((e: unknown) => e);
    expect(dialect.isDisconnect(err)).toBe(true);
    expect(dialect.classifyError(err)).toBe("OperationalError");
    await run(victim.close());
  });

  it("round-trips every generic type through a real table", async () => {
    const tt = new Table(uniqueName("drv_types"), new MetaData(), {
      id: new Column(Integer, { primaryKey: true, autoincrement: false }),
      flag: new Column(Boolean),
      dt: new Column(DateTime),
      dt2: new Column(DATETIME2(3)),
      day: new Column(Date),
      tm: new Column(Time),
      price: new Column(Numeric(12, 4)),
      big: new Column(BigInteger),
      ratio: new Column(Float),
      doc: new Column(JSON),
      uid: new Column(Uuid),
      data: new Column(LargeBinary),
      color: new Column(Enum(["red", "green"])),
      dur: new Column(Interval),
      // NVARCHAR: a VARCHAR column keeps only its collation's code page.
      label: new Column(Unicode(20)),
    });
    await run(conn.execute(new CreateTable(tt).compile({ dialect }).sql, [], noRows));
    try {
      const values = {
        id: 1,
        flag: true,
        dt: new globalThis.Date("2024-02-29T23:59:58Z"),
        dt2: new globalThis.Date("1999-12-31T12:34:56.789Z"),
        day: "2024-03-01",
        tm: "13:14:15",
        price: "12345678.1234",
        big: 9007199254740993n,
        ratio: 0.5,
        doc: { a: [1, 2, { b: null }], s: "é" },
        uid: "0f8fad5b-d9cb-469f-a165-70867728950e",
        data: new Uint8Array([0, 1, 2, 255]),
        color: "green" as const,
        dur: 90_061_000,
        label: "ünïcødé 🎉",
      };
      const ins = insert(tt).values(values).compile({ dialect });
      await run(conn.execute(ins.sql, boundParams(ins, dialect), noRows));
      const nulls = insert(tt).values({ id: 2 }).compile({ dialect });
      await run(conn.execute(nulls.sql, boundParams(nulls, dialect), noRows));
      const c = select(tt).orderBy(tt.c.id).compile({ dialect });
      const raw = await run(conn.execute(c.sql, [], rowsOpt));
      const [row, empty] = processRows(c, dialect, raw.rows);
      const keys = Object.keys(values);
      const got = Object.fromEntries(keys.map((k, i) => [k, row?.[i]]));
      expect(got.flag).toBe(true);
      expect((got.dt as globalThis.Date).toISOString()).toBe("2024-02-29T23:59:58.000Z");
      expect((got.dt2 as globalThis.Date).toISOString()).toBe("1999-12-31T12:34:56.789Z");
      expect(got.day).toBe("2024-03-01");
      expect(got.tm).toBe("13:14:15");
      expect(got.price).toBe("12345678.1234");
      expect(got.big).toBe(9007199254740993n);
      expect(got.ratio).toBe(0.5);
      expect(got.doc).toEqual({ a: [1, 2, { b: null }], s: "é" });
      expect(got.uid).toBe("0f8fad5b-d9cb-469f-a165-70867728950e");
      expect(Array.from(got.data as Uint8Array)).toEqual([0, 1, 2, 255]);
      expect(got.color).toBe("green");
      expect(got.dur).toBe(90_061_000);
      expect(got.label).toBe("ünïcødé 🎉");
      expect(empty?.filter((v, i) => i > 0 && v !== null && keys[i] !== "doc")).toEqual([]);
    } finally {
      await run(conn.execute(new DropTable(tt).compile({ dialect }).sql, [], noRows));
    }
  });
});
