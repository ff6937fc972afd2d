/**
 * SELECT against live rows (SQLAlchemy's `test_select.py`): WHERE, ORDER BY,
 * LIMIT/OFFSET/FETCH, DISTINCT, joins, subqueries, EXISTS, IN (empty and
 * tuples), the LIKE helpers, CASE, CAST, functions, compound selects and
 * window functions.
 */
import { expect } from "vitest";
import { insert } from "../sql/dml.js";
import { case_, func } from "../sql/elements/functions.js";
import { text } from "../sql/elements/text.js";
import { and_, cast, literal, not_, nullsLast, or_, tuple_ } from "../sql/expressions.js";
import { except_, exists, intersect, select, union, unionAll } from "../sql/select.js";
import { Integer, String as SqlString } from "../sql/types/factories.js";
import { ADDRESS_ROWS, SOME_ROWS, someTable, USER_ROWS, usersAddresses } from "./fixtures.js";
import type { SuiteConnection } from "./harness.js";
import type { SuiteApi } from "./suite-runner.js";

/** The selected rows as arrays. */
async function tuples(conn: SuiteConnection, stmt: Parameters<SuiteConnection["execute"]>[0]) {
  return (await (await conn.execute(stmt)).all()).map((r) => r._t);
}

export function selectSuite({ h, test }: SuiteApi): void {
  const withSome = async (fn: (conn: SuiteConnection, t: ReturnType<typeof someTable>) => Promise<void>) => {
    const t = someTable(h);
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t), SOME_ROWS as never);
      await fn(conn, t);
    });
  };
  const withUsers = async (
    fn: (conn: SuiteConnection, f: ReturnType<typeof usersAddresses>) => Promise<void>,
  ) => {
    const f = usersAddresses(h);
    await h.withTables(f.metadata, async (conn) => {
      await conn.execute(insert(f.users), USER_ROWS);
      await conn.execute(insert(f.addresses), ADDRESS_ROWS);
      await fn(conn, f);
    });
  };

  test("select without FROM", [], async () => {
    const conn = h.connect();
    try {
      expect(await conn.scalar(select(literal(7, Integer()).label("seven")))).toBe(7);
    } finally {
      await conn.close();
    }
  });

  test("where, order by, limit and offset", [], async () => {
    await withSome(async (conn, t) => {
      expect(await tuples(conn, select(t.c.id).where(t.c.x.gt(2)).orderBy(t.c.id))).toEqual([[3], [4], [5]]);
      expect(await tuples(conn, select(t.c.id).orderBy(t.c.id.desc()).limit(2))).toEqual([[5], [4]]);
      expect(await tuples(conn, select(t.c.id).orderBy(t.c.id).limit(2).offset(1))).toEqual([[2], [3]]);
      expect(await tuples(conn, select(t.c.id).orderBy(t.c.id).offset(3))).toEqual([[4], [5]]);
    });
  });

  test("bound limit and offset are cached apart from their values", [], async () => {
    await withSome(async (conn, t) => {
      const q = (n: number) => select(t.c.id).orderBy(t.c.id).limit(n);
      expect(await tuples(conn, q(1))).toEqual([[1]]);
      expect(await tuples(conn, q(3))).toEqual([[1], [2], [3]]);
    });
  });

  test("fetch first and offset .. fetch", ["offsetFetch"], async () => {
    await withSome(async (conn, t) => {
      expect(await tuples(conn, select(t.c.id).orderBy(t.c.id).fetch(2))).toEqual([[1], [2]]);
      expect(await tuples(conn, select(t.c.id).orderBy(t.c.id).offset(2).fetch(2))).toEqual([[3], [4]]);
    });
  });

  test("fetch with ties", ["fetchWithTies"], async () => {
    await withSome(async (conn, t) => {
      const rows = await tuples(conn, select(t.c.id).orderBy(t.c.y).offset(2).fetch(1, { withTies: true }));
      expect(rows.map((r) => r[0]).sort()).toEqual([3, 4]);
    });
  });

  test("distinct", [], async () => {
    await withSome(async (conn, t) => {
      expect(await tuples(conn, select(t.c.y).distinct().orderBy(t.c.y))).toEqual([[2], [3], [4], [6]]);
      expect(await conn.scalar(select(func.count(t.c.y.distinct())))).toBe(4);
    });
  });

  test("and, or, not, IS NULL, IS NOT NULL, between", [], async () => {
    await withSome(async (conn, t) => {
      const ids = (where: Parameters<ReturnType<typeof select>["where"]>[0]) =>
        tuples(conn, select(t.c.id).where(where).orderBy(t.c.id));
      expect(await ids(and_(t.c.x.gt(1), t.c.y.lt(4)))).toEqual([[2]]);
      expect(await ids(or_(t.c.x.eq(1), t.c.x.eq(5)))).toEqual([[1], [5]]);
      expect(await ids(not_(t.c.x.le(3)))).toEqual([[4], [5]]);
      expect(await ids(t.c.q.is(null))).toEqual([[5]]);
      expect(await ids(t.c.q.isNot(null))).toEqual([[1], [2], [3], [4]]);
      expect(await ids(t.c.x.between(2, 3))).toEqual([[2], [3]]);
    });
  });

  test("IS DISTINCT FROM", ["isDistinctFrom"], async () => {
    await withSome(async (conn, t) => {
      const rows = await tuples(conn, select(t.c.id).where(t.c.q.isDistinctFrom("q1")).orderBy(t.c.id));
      expect(rows).toEqual([[2], [3], [4], [5]]);
      const same = await tuples(conn, select(t.c.id).where(t.c.q.isNotDistinctFrom(null)));
      expect(same).toEqual([[5]]);
    });
  });

  test("inner and outer joins", [], async () => {
    await withUsers(async (conn, { users, addresses }) => {
      const inner = await tuples(
        conn,
        select(users.c.name, addresses.c.email)
          .selectFrom(users.join(addresses, users.c.id.eq(addresses.c.user_id)))
          .orderBy(addresses.c.id),
      );
      expect(inner).toEqual([
        ["jack", "jack@a.example"],
        ["wendy", "wendy@b.example"],
        ["wendy", "wendy@c.example"],
      ]);
      const outer = await tuples(
        conn,
        select(users.c.name, func.count(addresses.c.id).label("n"))
          .selectFrom(users.outerjoin(addresses, users.c.id.eq(addresses.c.user_id)))
          .groupBy(users.c.name)
          .orderBy(users.c.name),
      );
      expect(outer).toEqual([
        ["ed", 0],
        ["jack", 1],
        ["wendy", 2],
      ]);
    });
  });

  test("group by and having", [], async () => {
    await withUsers(async (conn, { addresses }) => {
      const rows = await tuples(
        conn,
        select(addresses.c.user_id, func.count().label("n"))
          .groupBy(addresses.c.user_id)
          .having(func.count().gt(1)),
      );
      expect(rows).toEqual([[2, 2]]);
    });
  });

  test("subquery in FROM, scalar subquery, EXISTS", [], async () => {
    await withUsers(async (conn, { users, addresses }) => {
      const counts = select(addresses.c.user_id, func.count().label("n"))
        .groupBy(addresses.c.user_id)
        .subquery("counts");
      const joined = await tuples(
        conn,
        select(users.c.name, counts.c.n)
          .selectFrom(users.join(counts, users.c.id.eq(counts.c.user_id)))
          .orderBy(users.c.id),
      );
      expect(joined).toEqual([
        ["jack", 1],
        ["wendy", 2],
      ]);
      const scalarSub = select(func.count())
        .where(addresses.c.user_id.eq(users.c.id))
        .scalarSubquery()
        .label("n");
      expect(await tuples(conn, select(users.c.name, scalarSub).orderBy(users.c.id))).toEqual([
        ["jack", 1],
        ["wendy", 2],
        ["ed", 0],
      ]);
      const having = await tuples(
        conn,
        select(users.c.name)
          .where(exists(select(addresses.c.id).where(addresses.c.user_id.eq(users.c.id))))
          .orderBy(users.c.id),
      );
      expect(having).toEqual([["jack"], ["wendy"]]);
      const without = await tuples(
        conn,
        select(users.c.name).where(
          not_(select(addresses.c.id).where(addresses.c.user_id.eq(users.c.id)).exists()),
        ),
      );
      expect(without).toEqual([["ed"]]);
    });
  });

  test("IN and NOT IN, with lists, bound lists and empty lists", [], async () => {
    await withSome(async (conn, t) => {
      expect(
        await tuples(
          conn,
          select(t.c.id)
            .where(t.c.x.in([2, 4]))
            .orderBy(t.c.id),
        ),
      ).toEqual([[2], [4]]);
      expect(await tuples(conn, select(t.c.id).where(t.c.x.in([])).orderBy(t.c.id))).toEqual([]);
      expect(await tuples(conn, select(t.c.id).where(t.c.x.notIn([])).orderBy(t.c.id))).toHaveLength(5);
      expect(
        await tuples(
          conn,
          select(t.c.id)
            .where(t.c.x.notIn([1, 2, 3]))
            .orderBy(t.c.id),
        ),
      ).toEqual([[4], [5]]);
      const sub = select(t.c.x).where(t.c.y.eq(4));
      expect(await tuples(conn, select(t.c.id).where(t.c.id.in(sub)).orderBy(t.c.id))).toEqual([[3], [4]]);
    });
  });

  test("expanding IN takes a new list at each execution", [], async () => {
    await withSome(async (conn, t) => {
      const q = (xs: number[]) => select(t.c.id).where(t.c.x.in(xs)).orderBy(t.c.id);
      expect(await tuples(conn, q([1]))).toEqual([[1]]);
      expect(await tuples(conn, q([1, 2, 3]))).toEqual([[1], [2], [3]]);
      expect(await tuples(conn, q([]))).toEqual([]);
    });
  });

  test("tuple IN", ["tupleIn"], async () => {
    await withSome(async (conn, t) => {
      const rows = await tuples(
        conn,
        select(t.c.id)
          .where(
            tuple_(t.c.x, t.c.y).in([
              [1, 2],
              [3, 4],
              [9, 9],
            ]),
          )
          .orderBy(t.c.id),
      );
      expect(rows).toEqual([[1], [3]]);
      const empty = await tuples(conn, select(t.c.id).where(tuple_(t.c.x, t.c.y).in([])));
      expect(empty).toEqual([]);
    });
  });

  test("LIKE helpers: startswith, endswith, contains, with autoescape", [], async () => {
    await withSome(async (conn, t) => {
      const ids = async (where: Parameters<ReturnType<typeof select>["where"]>[0]) =>
        (await tuples(conn, select(t.c.id).where(where).orderBy(t.c.id))).map((r) => r[0]);
      expect(await ids(t.c.p.like("p%"))).toEqual([1, 2, 3, 4]);
      expect(await ids(t.c.p.notLike("p%"))).toEqual([5]);
      expect(await ids(t.c.p.startswith("p"))).toEqual([1, 2, 3, 4]);
      expect(await ids(t.c.p.endswith("3"))).toEqual([1]);
      expect(await ids(t.c.p.contains("%_", { autoescape: true }))).toEqual([5]);
      expect(await ids(t.c.p.contains("0%", { autoescape: true }))).toEqual([5]);
      expect(await ids(t.c.p.startswith("50%", { autoescape: true }))).toEqual([5]);
      expect(await ids(t.c.q.istartswith("Q"))).toEqual([1, 2, 3, 4]);
      expect(await ids(t.c.q.ilike("%Q2"))).toEqual([2]);
    });
  });

  test("CASE, CAST and functions", [], async () => {
    await withSome(async (conn, t) => {
      const size = case_([t.c.x.lt(3), "small"], [t.c.x.lt(5), "medium"], { else: "large" }).label("size");
      expect(await tuples(conn, select(t.c.id, size).orderBy(t.c.id))).toEqual([
        [1, "small"],
        [2, "small"],
        [3, "medium"],
        [4, "medium"],
        [5, "large"],
      ]);
      expect(await conn.scalar(select(cast(t.c.x, SqlString(10))).where(t.c.id.eq(3)))).toBe("3");
      expect(await conn.scalar(select(cast(literal("42"), Integer())))).toBe(42);
      expect(await conn.scalar(select(func.max(t.c.x)))).toBe(5);
      expect(await conn.scalar(select(func.min(t.c.y)))).toBe(2);
      expect(await conn.scalar(select(func.sum(t.c.x)))).toBe(15);
      expect(await conn.scalar(select(func.count()).selectFrom(t))).toBe(5);
      expect(await conn.scalar(select(func.coalesce(t.c.q, "none")).where(t.c.id.eq(5)))).toBe("none");
      expect(await conn.scalar(select(func.upper(t.c.q)).where(t.c.id.eq(1)))).toBe("Q1");
      expect(await conn.scalar(select(t.c.x.add(t.c.y).label("s")).where(t.c.id.eq(2)))).toBe(5);
      expect(await conn.scalar(select(t.c.q.concat("!").label("s")).where(t.c.id.eq(2)))).toBe("q2!");
    });
  });

  test("order by with NULLS LAST", ["nullsOrdering"], async () => {
    await withSome(async (conn, t) => {
      const rows = await tuples(conn, select(t.c.id).orderBy(nullsLast(t.c.q.desc())));
      expect(rows.map((r) => r[0])).toEqual([4, 3, 2, 1, 5]);
    });
  });

  test("UNION and UNION ALL", [], async () => {
    await withSome(async (conn, t) => {
      const a = select(t.c.y).where(t.c.id.lt(4));
      const b = select(t.c.y).where(t.c.id.gt(2));
      const u = (await tuples(conn, union(a, b))).map((r) => r[0]).sort();
      expect(u).toEqual([2, 3, 4, 6]);
      const ua = (await tuples(conn, unionAll(a, b))).map((r) => r[0]).sort();
      expect(ua).toEqual([2, 3, 4, 4, 4, 6]);
    });
  });

  test("INTERSECT and EXCEPT", ["intersectExcept"], async () => {
    await withSome(async (conn, t) => {
      const a = select(t.c.y).where(t.c.id.lt(4));
      const b = select(t.c.y).where(t.c.id.gt(2));
      expect(await tuples(conn, intersect(a, b))).toEqual([[4]]);
      expect((await tuples(conn, except_(a, b))).map((r) => r[0]).sort()).toEqual([2, 3]);
    });
  });

  test("window functions", ["windowFunctions"], async () => {
    await withSome(async (conn, t) => {
      const rn = func.row_number().over({ orderBy: t.c.x.desc() }).label("rn");
      const rows = await tuples(conn, select(t.c.id, rn).orderBy(t.c.id));
      expect(rows).toEqual([
        [1, 5],
        [2, 4],
        [3, 3],
        [4, 2],
        [5, 1],
      ]);
      const running = func.sum(t.c.x).over({ partitionBy: t.c.y, orderBy: t.c.id }).label("s");
      const byY = await tuples(conn, select(t.c.id, running).where(t.c.y.eq(4)).orderBy(t.c.id));
      expect(byY).toEqual([
        [3, 3],
        [4, 7],
      ]);
    });
  });

  test("SELECT .. FOR UPDATE", ["forUpdate"], async () => {
    await withSome(async (conn, t) => {
      const rows = await tuples(conn, select(t.c.id).where(t.c.id.lt(3)).orderBy(t.c.id).withForUpdate());
      expect(rows).toEqual([[1], [2]]);
      await conn.rollback();
    });
  });

  test("regexpMatch", ["regexpMatch"], async () => {
    await withSome(async (conn, t) => {
      const rows = await tuples(conn, select(t.c.id).where(t.c.p.regexpMatch("^p[0-2]$")).orderBy(t.c.id));
      expect(rows).toEqual([[2], [3], [4]]);
    });
  });

  test("text() with bound parameters and typed columns", [], async () => {
    await withSome(async (conn, t) => {
      const stmt = text(`SELECT id, q FROM ${t.name} WHERE x >= :lo ORDER BY id`).bindparams({ lo: 4 });
      const rows = await (await conn.execute(stmt)).all();
      expect(rows.map((r) => [r.id, r.q])).toEqual([
        [4, "q4"],
        [5, null],
      ]);
      const other = await (
        await conn.execute(text(`SELECT count(*) AS n FROM ${t.name} WHERE y = :y`), { y: 4 })
      ).all();
      expect(Number(other[0]?.n)).toBe(2);
    });
  });
}
