/**
 * Reflection against a live SQL Server (ATHANOR_MSSQL_URL). No server runs here or in CI, so
 * these are skipped there (and say so); the queries and mappings are covered
 * without a server by reflection.test.ts.
 */
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String is SQLAlchemy's type name */
import { createAsyncEngine } from "@athanor/asyncio-compat";
import {
  CheckConstraint,
  Column,
  ForeignKey,
  Index,
  Integer,
  listen,
  MetaData,
  multiKey,
  Numeric,
  String,
  Table,
} from "@athanor/core";
import { describe, expect, it } from "vitest";
import { MSSQLDialectTedious, type MSSQLReflector } from "../src/index.js";
import { optionalLiveDatabase } from "./live.js";

const live = optionalLiveDatabase("ATHANOR_MSSQL_URL");
const sfx = `${process.pid}_${Math.random().toString(36).slice(2, 6)}`;

describe.skipIf(live.skip)("SQL Server reflection (live)", () => {
  it("round trip of a small schema, and 50 tables in a bounded number of statements", async () => {
    const dialect = new MSSQLDialectTedious();
    const engine = createAsyncEngine(live.url(), { dialect });
    const conn = engine.connect();
    const md = new MetaData();
    const parent = `rf_p_${sfx}`;
    const child = `rf_c_${sfx}`;
    new Table(
      parent,
      md,
      {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        name: new Column(String(30), { nullable: false, unique: true }),
      },
      { comment: "parent" },
    );
    const c = new Table(
      child,
      md,
      {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        pid: new Column(Integer, { foreignKey: new ForeignKey(`${parent}.id`, { ondelete: "CASCADE" }) }),
        amount: new Column(Numeric(10, 2), { comment: "money" }),
      },
      { constraints: [new CheckConstraint("amount > 0", { name: `ck_${sfx}` })] },
    );
    new Index(`ix_${sfx}`, c.c.amount);
    const many = new MetaData();
    for (let i = 0; i < 50; i++)
      new Table(`rf_m${i}_${sfx}`, many, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
      });
    try {
      await md.createAll(conn);
      await many.createAll(conn);
      const md2 = new MetaData();
      await md2.reflect(conn, { only: [child] });
      const rc = md2.tables.get(child) as Table;
      expect(Object.keys(rc.c)).toEqual(["id", "pid", "amount"]);
      expect(md2.tables.has(parent)).toBe(true);
      expect(rc.foreignKeyConstraints[0]?.ondelete).toBe("CASCADE");
      expect(rc.indexes.map((i) => i.name)).toContain(`ix_${sfx}`);
      const r = dialect.reflector() as MSSQLReflector;
      const statements: string[] = [];
      listen(engine.syncEngine, "beforeCursorExecute", (_c, sql) => {
        statements.push(sql);
        return undefined;
      });
      const names = Object.keys(Object.fromEntries(many.tables));
      const cols = await conn.run(r.getMultiColumns(conn.syncConnection, { filterNames: names }));
      expect(cols.get(multiKey(null, names[0] ?? ""))?.map((x) => x.name)).toEqual(["id"]);
      await conn.run(r.getMultiForeignKeys(conn.syncConnection, { filterNames: names }));
      await conn.run(r.getMultiIndexes(conn.syncConnection, { filterNames: names }));
      expect(statements.length).toBeLessThanOrEqual(6);
    } finally {
      await many.dropAll(conn).catch(() => undefined);
      await md.dropAll(conn).catch(() => undefined);
      await conn.close();
      await engine.dispose();
    }
  });
});
