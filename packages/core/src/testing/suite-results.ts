/**
 * The `Result` API against real rows (SQLAlchemy's `test_results.py`):
 * fetching, scalars, mappings, columns, unique, partitions, iteration,
 * `Row` access, and streaming with a server-side cursor.
 */
import { expect } from "vitest";
import { MultipleResultsFound, NoResultFound, ResourceClosedError } from "../exc.js";
import { insert, update } from "../sql/dml.js";
import { Column } from "../sql/schema/column.js";
import { MetaData, Table } from "../sql/schema/table.js";
import { select } from "../sql/select.js";
import { Integer, String as SqlString } from "../sql/types/factories.js";
import { errorOf, SOME_ROWS, someTable } from "./fixtures.js";
import type { SuiteConnection } from "./harness.js";
import type { SuiteApi } from "./suite-runner.js";

export function resultsSuite({ h, test }: SuiteApi): void {
  const withSome = async (fn: (conn: SuiteConnection, t: ReturnType<typeof someTable>) => Promise<void>) => {
    const t = someTable(h);
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t), SOME_ROWS as never);
      await fn(conn, t);
    });
  };

  test("all, first, one, oneOrNone, scalar, scalarOne", [], async () => {
    await withSome(async (conn, t) => {
      const q = select(t.c.id, t.c.q).orderBy(t.c.id);
      expect((await (await conn.execute(q)).all()).length).toBe(5);
      const first = await (await conn.execute(q)).first();
      expect(first?._t).toEqual([1, "q1"]);
      const one = await (await conn.execute(q.where(t.c.id.eq(2)))).one();
      expect(one.q).toBe("q2");
      expect(await (await conn.execute(q.where(t.c.id.eq(99)))).oneOrNone()).toBeNull();
      expect(await (await conn.execute(q.where(t.c.id.eq(99)))).first()).toBeNull();
      expect(await (await conn.execute(q)).scalar()).toBe(1);
      expect(await (await conn.execute(q.where(t.c.id.eq(3)))).scalarOne()).toBe(3);
      expect(await (await conn.execute(q.where(t.c.id.eq(99)))).scalarOneOrNone()).toBeNull();
      expect(await errorOf((await conn.execute(q.where(t.c.id.eq(99)))).one())).toBeInstanceOf(NoResultFound);
      expect(await errorOf((await conn.execute(q)).one())).toBeInstanceOf(MultipleResultsFound);
      expect(await errorOf((await conn.execute(q)).oneOrNone())).toBeInstanceOf(MultipleResultsFound);
    });
  });

  test("Row: attribute access, _t, _asdict(), _mapping, keys()", [], async () => {
    await withSome(async (conn, t) => {
      const result = await conn.execute(select(t.c.id, t.c.x, t.c.q.label("label_q")).where(t.c.id.eq(4)));
      expect(result.keys()).toEqual(["id", "x", "label_q"]);
      const row = await result.one();
      expect(row.id).toBe(4);
      expect(row.label_q).toBe("q4");
      expect(row._t).toEqual([4, 4, "q4"]);
      expect(row._asdict()).toEqual({ id: 4, x: 4, label_q: "q4" });
      expect(row._mapping.get("x")).toBe(4);
      expect([...row]).toEqual([4, 4, "q4"]);
    });
  });

  test("scalars, mappings, columns and unique", [], async () => {
    await withSome(async (conn, t) => {
      const q = select(t.c.id, t.c.y).orderBy(t.c.id);
      expect(await (await conn.execute(q)).scalars().all()).toEqual([1, 2, 3, 4, 5]);
      expect(await (await conn.execute(q)).scalars(1).all()).toEqual([2, 3, 4, 4, 6]);
      expect(await (await conn.execute(q)).scalars("y").unique().all()).toEqual([2, 3, 4, 6]);
      const maps = await (await conn.execute(q.where(t.c.id.lt(3)))).mappings().all();
      expect(maps.map((m) => ({ ...m }))).toEqual([
        { id: 1, y: 2 },
        { id: 2, y: 3 },
      ]);
      const cols = await (await conn.execute(q)).columns("y", "id").first();
      expect(cols?._t).toEqual([2, 1]);
      const uniq = await (await conn.execute(select(t.c.y).orderBy(t.c.y))).unique().all();
      expect(uniq.map((r) => r.y)).toEqual([2, 3, 4, 6]);
    });
  });

  test("fetchone, fetchmany, partitions and iteration", [], async () => {
    await withSome(async (conn, t) => {
      const q = select(t.c.id).orderBy(t.c.id);
      const r = await conn.execute(q);
      expect((await r.fetchone())?.id).toBe(1);
      expect((await r.fetchmany(2)).map((row) => row.id)).toEqual([2, 3]);
      expect((await r.all()).map((row) => row.id)).toEqual([4, 5]);
      expect(await r.fetchone()).toBeNull();
      const parts: number[][] = [];
      for await (const part of (await conn.execute(q)).partitions(2)) parts.push(part.map((row) => row.id));
      expect(parts).toEqual([[1, 2], [3, 4], [5]]);
      const seen: number[] = [];
      for await (const row of await conn.execute(q)) seen.push(row.id);
      expect(seen).toEqual([1, 2, 3, 4, 5]);
    });
  });

  test("a closed result refuses to fetch; DML results have no rows", [], async () => {
    await withSome(async (conn, t) => {
      const r = await conn.execute(select(t.c.id));
      await r.close();
      expect(r.closed).toBe(true);
      expect(await errorOf(r.all())).toBeInstanceOf(ResourceClosedError);
      const dml = await conn.execute(update(t).values({ q: "x" }).where(t.c.id.eq(1)));
      expect(dml.returnsRows).toBe(false);
      expect(await errorOf(dml.all())).toBeInstanceOf(ResourceClosedError);
    });
  });

  test(
    "stream(): rows arrive through iteration (buffered where there is no server-side cursor)",
    [],
    async () => {
      await withSome(async (conn, t) => {
        const r = await conn.stream(select(t.c.id).orderBy(t.c.id));
        const seen: number[] = [];
        for await (const row of r) seen.push(row.id);
        expect(seen).toEqual([1, 2, 3, 4, 5]);
      });
    },
  );

  test("streaming with a server-side cursor and yieldPer", ["serverSideCursors"], async () => {
    const t = new Table(h.name("stream"), new MetaData(), {
      id: new Column(Integer, { primaryKey: true, autoincrement: false }),
      data: new Column(SqlString(20)),
    });
    await h.withTables(t.metadata, async (conn) => {
      const n = 1000;
      await conn.execute(
        insert(t),
        Array.from({ length: n }, (_, i) => ({ id: i + 1, data: `d${i}` })),
      );
      // streaming reads inside a transaction (pg cursors need one)
      const r = await conn.execute(select(t.c.id, t.c.data).orderBy(t.c.id), undefined, { yieldPer: 100 });
      const sizes: number[] = [];
      let total = 0;
      let last = 0;
      for await (const part of r.partitions()) {
        sizes.push(part.length);
        for (const row of part) {
          expect(row.id).toBe(last + 1);
          last = row.id;
        }
        total += part.length;
      }
      expect(total).toBe(n);
      expect(sizes.every((s) => s <= 100)).toBe(true);
      expect(sizes.length).toBeGreaterThanOrEqual(10);
      const s2 = await conn.stream(select(t.c.id).orderBy(t.c.id));
      const firstTwo = await s2.fetchmany(2);
      expect(firstTwo.map((row) => row.id)).toEqual([1, 2]);
      await s2.close();
      expect(await conn.scalar(select(t.c.data).where(t.c.id.eq(n)))).toBe(`d${n - 1}`);
    });
  });
}
