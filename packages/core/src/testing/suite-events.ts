/**
 * Errors and events (SQLAlchemy's `test_dialect.py` exception tests and the
 * engine events): driver errors wrapped in the DBAPIError family with the
 * statement and parameters, and the cursor-level events.
 */
import { expect } from "vitest";
import { listen, removeListener } from "../engine/events.js";
import { DBAPIError, IntegrityError, OperationalError, ProgrammingError } from "../exc.js";
import { insert } from "../sql/dml.js";
import { text } from "../sql/elements/text.js";
import { literal } from "../sql/expressions.js";
import { Column } from "../sql/schema/column.js";
import { MetaData, Table } from "../sql/schema/table.js";
import { select } from "../sql/select.js";
import { Integer, String as SqlString } from "../sql/types/factories.js";
import { errorOf } from "./fixtures.js";
import type { SuiteApi } from "./suite-runner.js";

export function eventsSuite({ h, test }: SuiteApi): void {
  const table = () =>
    new Table(h.name("ev"), new MetaData(), {
      id: new Column(Integer, { primaryKey: true, autoincrement: false }),
      data: new Column(SqlString(20)),
    });

  test("IntegrityError carries the statement, parameters and driver error", [], async () => {
    const t = table();
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t).values({ id: 1, data: "a" }));
      const err = await errorOf(conn.execute(insert(t).values({ id: 1, data: "dup value" })));
      expect(err).toBeInstanceOf(IntegrityError);
      expect(err).toBeInstanceOf(DBAPIError);
      expect(err.statement).toMatch(/INSERT INTO/i);
      expect(JSON.stringify(err.params)).toContain("dup value");
      expect(err.orig).toBeDefined();
      expect(String(err.message)).toMatch(/INSERT INTO/i);
      expect(err.connectionInvalidated).toBe(false);
      // the connection is usable after a rollback
      await conn.rollback();
      expect(await conn.scalar(select(t.c.id))).toBe(null);
    });
  });

  test("an unknown table or bad SQL raises ProgrammingError or OperationalError", [], async () => {
    const conn = h.connect();
    try {
      const missing = await errorOf(conn.execute(text(`SELECT * FROM ${h.name("nosuchtable")}`)));
      expect([ProgrammingError, OperationalError].some((c) => missing instanceof c)).toBe(true);
      expect(missing.statement).toMatch(/nosuchtable/);
      await conn.rollback();
      const syntax = await errorOf(conn.execute(text("SELEC 1 FROMM")));
      expect(syntax).toBeInstanceOf(DBAPIError);
      expect([ProgrammingError, OperationalError].some((c) => syntax instanceof c)).toBe(true);
      await conn.rollback();
    } finally {
      await conn.close();
    }
  });

  test("beforeCursorExecute and afterCursorExecute see the SQL and parameters", [], async () => {
    const t = table();
    await h.withTables(t.metadata, async (conn) => {
      const seen: { sql: string; params: unknown; many: boolean; after?: boolean }[] = [];
      const before = (_c: unknown, sql: string, params: unknown, ctx: { executemany: boolean }) => {
        seen.push({ sql, params, many: ctx.executemany });
        return undefined;
      };
      const after = (_c: unknown, sql: string) => {
        seen.push({ sql, params: undefined, many: false, after: true });
      };
      listen(h.engine, "beforeCursorExecute", before);
      listen(h.engine, "afterCursorExecute", after);
      try {
        await conn.execute(insert(t).values({ id: 1, data: "evt" }));
        await conn.execute(insert(t), [
          { id: 2, data: "m1" },
          { id: 3, data: "m2" },
        ]);
        await conn.execute(select(t.c.data).where(t.c.id.eq(1)));
      } finally {
        removeListener(h.engine, "beforeCursorExecute", before);
        removeListener(h.engine, "afterCursorExecute", after);
      }
      const befores = seen.filter((s) => s.after !== true);
      expect(
        befores.some((s) => /INSERT INTO/i.test(s.sql) && JSON.stringify(s.params).includes("evt")),
      ).toBe(true);
      expect(befores.some((s) => s.many && /INSERT INTO/i.test(s.sql))).toBe(true);
      expect(befores.some((s) => /SELECT/i.test(s.sql) && s.sql.includes(t.name))).toBe(true);
      expect(seen.filter((s) => s.after === true).length).toBeGreaterThanOrEqual(3);
    });
  });

  test("handleError fires with the wrapped error", [], async () => {
    const conn = h.connect();
    const contexts: { error: unknown; statement?: string; isDisconnect: boolean }[] = [];
    const fn = (ctx: { error: unknown; statement?: string; isDisconnect: boolean }) => {
      contexts.push(ctx);
    };
    listen(h.engine, "handleError", fn);
    try {
      await errorOf(conn.execute(text(`SELECT * FROM ${h.name("missing")}`)));
      expect(contexts).toHaveLength(1);
      expect(contexts[0]?.error).toBeInstanceOf(DBAPIError);
      expect(contexts[0]?.statement).toMatch(/missing/);
      expect(contexts[0]?.isDisconnect).toBe(false);
    } finally {
      removeListener(h.engine, "handleError", fn);
      await conn.close();
    }
  });

  test("transaction events: begin, commit, rollback, savepoint", ["savepoints"], async () => {
    const names: string[] = [];
    const conn = h.connect();
    const fns = {
      begin: () => names.push("begin"),
      commit: () => names.push("commit"),
      rollback: () => names.push("rollback"),
      savepoint: () => names.push("savepoint"),
      rollbackSavepoint: () => names.push("rollbackSavepoint"),
      releaseSavepoint: () => names.push("releaseSavepoint"),
    } as const;
    for (const [name, fn] of Object.entries(fns)) listen(conn.core, name as keyof typeof fns, fn);
    try {
      await conn.execute(select(literal(1, Integer()).label("x")));
      await conn.rollback();
      const tx = await conn.begin();
      const sp = await conn.beginNested();
      await sp.rollback();
      const sp2 = await conn.beginNested();
      await sp2.commit();
      await tx.commit();
    } finally {
      await conn.close();
    }
    expect(names).toEqual([
      "begin",
      "rollback",
      "begin",
      "savepoint",
      "rollbackSavepoint",
      "savepoint",
      "releaseSavepoint",
      "commit",
    ]);
  });
}
