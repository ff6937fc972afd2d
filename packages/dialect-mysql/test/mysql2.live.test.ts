/**
 * The mysql2 driver adapter against a live MariaDB / MySQL (ATHANOR_MYSQL_URL):
 * connect, execute, executemany, transactions, savepoints, isolation levels,
 * server detection, error classification, disconnects, streaming and value
 * round trips through a real table.
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
  runSync,
  String,
  select,
  Table,
  Time,
  Uuid,
} from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MySQL2DriverConnection } from "../src/drivers/mysql2-adapter.js";
import { DATETIME, MariaDBDialectMySQL2, MySQL2Dialect } from "../src/index.js";
import { boundParams, processRows, run, runAsync, uniqueName } from "./async-runner.js";
import { liveDatabase } from "./live.js";

const live = liveDatabase("ATHANOR_MYSQL_URL", "scripts/db/mariadb-up.sh");

async function connect(dialect: MySQL2Dialect): Promise<DriverConnection> {
  const url = makeUrl(live.url());
  return run(dialect.driverAdapter().connect(dialect.createConnectArgs(url)));
}

function streamOf(conn: DriverConnection) {
  const stream = conn.stream;
  if (stream === undefined) throw new Error("no stream()");
  return stream.bind(conn);
}

const noRows = { returnsRows: false };
const rowsOpt = { returnsRows: true };

describe.skipIf(live.skip)("mysql2 adapter (live)", () => {
  const dialect = new MySQL2Dialect();
  let conn: DriverConnection;
  const md = new MetaData();
  const tname = uniqueName("drv_mysql2");
  const t = new Table(tname, md, {
    id: new Column(Integer, { primaryKey: true }),
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

  it("detects the server in initialize and switches a mysql:// dialect to MariaDB SQL", () => {
    expect(dialect.serverVersionInfo?.length).toBeGreaterThanOrEqual(2);
    if (dialect.isMariaDB) {
      // A mysql+mysql2:// URL keeps the name, as in SQLAlchemy, but compiles MariaDB SQL.
      expect(dialect.name).toBe("mysql");
      expect(dialect.insertReturning).toBe(dialect.serverVersionAtLeast(10, 5));
      expect(dialect.supportsSequences).toBe(true);
      expect(dialect.supportsNativeUuid).toBe(dialect.serverVersionAtLeast(10, 7));
      expect(
        dialect.preparer.reservedWords.has("returning") || dialect.preparer.reservedWords.has("RETURNING"),
      ).toBe(true);
    }
  });

  it("has no sync forms (async only)", () => {
    expect(dialect.driverAdapter().supportsSync).toBe(false);
    expect(() => runSync(dialect.initialize(conn))).toThrow(/createAsyncEngine/);
  });

  it("executes with ? params, rows as arrays, columns, rowcount and lastrowid", async () => {
    const ins = insert(t).values({ id: 1, name: "a", n: 10 }).compile({ dialect });
    expect(ins.sql).toContain("?");
    const r = await run(conn.execute(ins.sql, boundParams(ins, dialect), noRows));
    expect(r.columns).toBeUndefined();
    expect(r.rowcount).toBe(1);
    expect(r.lastrowid).toBe(1);

    const sel = select(t.c.id, t.c.name).where(t.c.n.eq(10)).compile({ dialect });
    const s = await run(conn.execute(sel.sql, boundParams(sel, dialect), rowsOpt));
    expect(s.columns?.map((c) => c.name)).toEqual(["id", "name"]);
    expect(typeof s.columns?.[0]?.typeCode).toBe("number");
    expect(s.rows).toEqual([[1, "a"]]);

    const upd = await run(conn.execute(`UPDATE ${tname} SET n = n + 1 WHERE id >= ?`, [0], noRows));
    expect(upd.rowcount).toBe(1);
    await run(conn.commit());
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
    const r = await run(conn.executeMany(c.sql, sets, noRows));
    expect(r.rowcount).toBe(3);
    const d = await run(conn.executeMany(`DELETE FROM ${tname} WHERE id = ?`, [[2], [3], [99]], noRows));
    expect(d.rowcount).toBe(2);
    await run(conn.commit());
  });

  it("keeps a transaction open across MySQL's implicit commit after DDL; AUTOCOMMIT commits each statement", async () => {
    const other = await connect(dialect);
    const count = async (id: number) =>
      Number(
        (await run(other.execute(`SELECT count(*) FROM ${tname} WHERE id = ?`, [id], rowsOpt))).rows[0]?.[0],
      );
    try {
      await run(conn.begin());
      await run(conn.execute(`CREATE TABLE ${tname}_ddl (x INTEGER)`, [], noRows));
      await run(
        conn.execute(`INSERT INTO ${tname} (id, name, n) VALUES (?, ?, ?)`, [40, "after-ddl", 1], noRows),
      );
      await run(conn.rollback());
      await run(conn.execute(`DROP TABLE ${tname}_ddl`, [], noRows));
      expect(await count(40)).toBe(0);

      await runAsync(dialect.setAutocommit(conn, true));
      await run(conn.execute(`INSERT INTO ${tname} (id, name, n) VALUES (?, ?, ?)`, [41, "auto", 1], noRows));
      await run(other.rollback());
      expect(await count(41)).toBe(1);
      await runAsync(dialect.setAutocommit(conn, false));
    } finally {
      await run(other.close());
    }
  });

  it("begin / commit / rollback and savepoints", async () => {
    await run(conn.begin());
    await run(conn.execute(`INSERT INTO ${tname} (id, name, n) VALUES (?, ?, ?)`, [20, "tx", 1], noRows));
    await run(conn.rollback());
    let r = await run(conn.execute(`SELECT count(*) FROM ${tname} WHERE id = 20`, [], rowsOpt));
    expect(Number(r.rows[0]?.[0])).toBe(0);

    await run(conn.begin());
    await run(conn.execute(`INSERT INTO ${tname} (id, name, n) VALUES (?, ?, ?)`, [21, "keep", 1], noRows));
    await run(conn.execute(dialect.savepointSql("sp1"), [], noRows));
    await run(conn.execute(`INSERT INTO ${tname} (id, name, n) VALUES (?, ?, ?)`, [22, "gone", 1], noRows));
    await run(conn.execute(dialect.rollbackToSavepointSql("sp1"), [], noRows));
    await run(conn.execute(dialect.savepointSql("sp2"), [], noRows));
    await run(conn.execute(dialect.releaseSavepointSql("sp2"), [], noRows));
    await run(conn.commit());
    r = await run(conn.execute(`SELECT id FROM ${tname} WHERE id IN (21, 22) ORDER BY id`, [], rowsOpt));
    expect(r.rows).toEqual([[21]]);
  });

  it("sets and gets the isolation level", async () => {
    expect(await runAsync(dialect.getIsolationLevel(conn))).toBe("REPEATABLE READ");
    await runAsync(dialect.setIsolationLevel(conn, "READ COMMITTED"));
    expect(await runAsync(dialect.getIsolationLevel(conn))).toBe("READ COMMITTED");
    await runAsync(dialect.setIsolationLevel(conn, "REPEATABLE READ"));
    expect(dialect.isolationLevels).toContain("AUTOCOMMIT");
  });

  it("classifies a unique violation, a syntax error and a missing table", async () => {
    const dup = await run(
      conn.execute(`INSERT INTO ${tname} (id, name) VALUES (?, ?)`, [1, "a"], noRows),
    ).catch((e: unknown) => e);
    expect(dialect.classifyError(dup)).toBe("IntegrityError");
    expect(dialect.isDisconnect(dup)).toBe(false);
    const syntax = await run(conn.execute("SELEC 1", [], rowsOpt)).catch((e: unknown) => e);
    expect(dialect.classifyError(syntax)).toBe("ProgrammingError");
    const missing = await run(conn.execute("SELECT * FROM no_such_table_xyz", [], rowsOpt)).catch(
      (e: unknown) => e,
    );
    expect(dialect.classifyError(missing)).toBe("ProgrammingError");
    const column = await run(conn.execute(`SELECT nope FROM ${tname}`, [], rowsOpt)).catch((e: unknown) => e);
    expect(dialect.classifyError(column)).toBe("ProgrammingError");
    // The connection is still usable after statement errors.
    expect(conn.closed).toBe(false);
  });

  it("streams a result with a server-side cursor", async () => {
    const sql = "SELECT seq FROM seq_1_to_2500";
    const fallback =
      "WITH RECURSIVE s(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM s WHERE seq < 2500) SELECT seq FROM s";
    const cursor = await run(streamOf(conn)(dialect.isMariaDB ? sql : fallback, [], rowsOpt));
    expect(cursor.columns.map((c) => c.name)).toEqual(["seq"]);
    let total = 0;
    let last = 0;
    for (;;) {
      const rows = await run(cursor.fetch(700));
      if (rows.length === 0) break;
      expect(rows.length).toBeLessThanOrEqual(700);
      total += rows.length;
      last = Number(rows[rows.length - 1]?.[0]);
    }
    expect(total).toBe(2500);
    expect(last).toBe(2500);
    await run(cursor.close());

    // Closing early drains the rest, and the connection works afterwards.
    const early = await run(streamOf(conn)(dialect.isMariaDB ? sql : fallback, [], rowsOpt));
    expect((await run(early.fetch(5))).length).toBe(5);
    await run(early.close());
    const r = await run(conn.execute("SELECT 42", [], rowsOpt));
    expect(r.rows).toEqual([[42]]);
  });

  it("reports a killed connection as a disconnect", async () => {
    const victim = (await connect(dialect)) as MySQL2DriverConnection;
    const id = victim.threadId;
    await run(conn.execute(`KILL ${id}`, [], noRows));
    await new Promise((r) => setTimeout(r, 100));
    const err = await run(victim.execute("SELECT 1", [], rowsOpt)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(dialect.isDisconnect(err)).toBe(true);
    expect(dialect.classifyError(err)).toBe("OperationalError");
    expect(victim.closed).toBe(true);
    await run(victim.close());
  });

  it("round-trips every generic type through a real table", async () => {
    const types = new MetaData();
    const tt = new Table(uniqueName("drv_types"), types, {
      id: new Column(Integer, { primaryKey: true }),
      flag: new Column(Boolean),
      dt: new Column(DateTime),
      dt6: new Column(DATETIME({ fsp: 6 })),
      day: new Column(Date),
      tm: new Column(Time),
      price: new Column(Numeric(12, 4)),
      priceF: new Column(Numeric(10, 2, { asDecimal: false })),
      big: new Column(BigInteger),
      ratio: new Column(Float),
      doc: new Column(JSON),
      uid: new Column(Uuid),
      data: new Column(LargeBinary),
      color: new Column(Enum(["red", "green"])),
      dur: new Column(Interval),
      label: new Column(String(20)),
    });
    await run(conn.execute(new CreateTable(tt).compile({ dialect }).sql, [], noRows));
    try {
      const values = {
        id: 1,
        flag: true,
        dt: new globalThis.Date("2024-02-29T23:59:58Z"),
        dt6: new globalThis.Date("1999-12-31T12:34:56.789Z"),
        day: "2024-03-01",
        tm: "13:14:15",
        price: "12345678.1234",
        priceF: "19.99",
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

      const sel = select(tt).orderBy(tt.c.id);
      const c = sel.compile({ dialect });
      const raw = await run(conn.execute(c.sql, [], rowsOpt));
      const [row, empty] = processRows(c, dialect, raw.rows);
      const keys = Object.keys(values);
      const got = Object.fromEntries(keys.map((k, i) => [k, row?.[i]]));
      expect(got.flag).toBe(true);
      expect((got.dt as globalThis.Date).toISOString()).toBe("2024-02-29T23:59:58.000Z");
      expect((got.dt6 as globalThis.Date).toISOString()).toBe("1999-12-31T12:34:56.789Z");
      expect(got.day).toBe("2024-03-01");
      expect(got.tm).toBe("13:14:15");
      expect(got.price).toBe("12345678.1234");
      expect(got.priceF).toBe(19.99);
      expect(got.big).toBe(9007199254740993n);
      expect(got.ratio).toBe(0.5);
      expect(got.doc).toEqual({ a: [1, 2, { b: null }], s: "é" });
      expect(got.uid).toBe("0f8fad5b-d9cb-469f-a165-70867728950e");
      expect(Array.from(got.data as Uint8Array)).toEqual([0, 1, 2, 255]);
      expect(got.color).toBe("green");
      expect(got.dur).toBe(90_061_000);
      expect(got.label).toBe("ünïcødé 🎉");
      // NULLs come back as null (JSON NULL binds SQL 'null' unless noneAsNull, as SQLAlchemy).
      expect(empty?.filter((v, i) => i > 0 && v !== null && keys[i] !== "doc")).toEqual([]);
    } finally {
      await run(conn.execute(new DropTable(tt).compile({ dialect }).sql, [], noRows));
    }
  });

  it("a mariadb+mysql2:// dialect accepts MariaDB and refuses MySQL", async () => {
    const maria = new MariaDBDialectMySQL2();
    expect(maria.name).toBe("mariadb");
    if (dialect.isMariaDB) {
      const c = await connect(maria);
      try {
        await runAsync(maria.initialize(c));
        expect(maria.isMariaDB).toBe(true);
        expect(maria.serverVersionInfo).toEqual(dialect.serverVersionInfo);
      } finally {
        await run(c.close());
      }
    }
    expect(() => maria.setServerInfo([8, 0, 36], false)).toThrow(/not a MariaDB variant/);
  });
});
