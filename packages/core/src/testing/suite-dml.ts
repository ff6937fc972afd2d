/**
 * INSERT, UPDATE and DELETE against live tables (SQLAlchemy's
 * `test_insert.py`, `test_update_delete.py`, `test_rowcount.py`,
 * `test_cte.py`, `test_sequence.py`): primary keys, executemany,
 * multi-row VALUES, INSERT .. SELECT, defaults, RETURNING, rowcounts,
 * multi-table UPDATE/DELETE, CTEs and sequences.
 */
import { expect } from "vitest";
import { delete_, insert, update } from "../sql/dml.js";
import { func } from "../sql/elements/functions.js";
import { bindparam, cast, literal } from "../sql/expressions.js";
import { Column } from "../sql/schema/column.js";
import { Identity, Sequence } from "../sql/schema/defaults.js";
import { MetaData, Table } from "../sql/schema/table.js";
import { select } from "../sql/select.js";
import { Integer, String as SqlString } from "../sql/types/factories.js";
import { ADDRESS_ROWS, SOME_ROWS, someTable, USER_ROWS, usersAddresses } from "./fixtures.js";
import type { SuiteConnection } from "./harness.js";
import type { SuiteApi } from "./suite-runner.js";

export function dmlSuite({ h, test }: SuiteApi): void {
  /** An autoincrement id and a string. */
  const autoTable = (md = new MetaData()) =>
    new Table(h.name("auto"), md, {
      id: new Column(Integer, { primaryKey: true }),
      data: new Column(SqlString(50)),
    });
  const ids = async (conn: SuiteConnection, t: ReturnType<typeof autoTable>) =>
    (await (await conn.execute(select(t.c.id, t.c.data).orderBy(t.c.id))).all()).map((r) => r._t);

  // --- INSERT ----------------------------------------------------------------------------

  test("single-row INSERT: autoincrement id in insertedPrimaryKey", [], async () => {
    const t = autoTable();
    await h.withTables(t.metadata, async (conn) => {
      const r1 = await conn.execute(insert(t).values({ data: "d1" }));
      const r2 = await conn.execute(insert(t), { data: "d2" });
      const [id1] = r1.insertedPrimaryKey;
      const [id2] = r2.insertedPrimaryKey;
      expect(Number(id2)).toBe(Number(id1) + 1);
      expect(await ids(conn, t)).toEqual([
        [Number(id1), "d1"],
        [Number(id2), "d2"],
      ]);
      expect(r1.rowcount).toBe(1);
    });
  });

  test("explicit primary key in insertedPrimaryKey", [], async () => {
    const t = autoTable();
    await h.withTables(t.metadata, async (conn) => {
      const r = await conn.execute(insert(t).values({ id: 42, data: "x" }));
      expect(r.insertedPrimaryKey).toEqual([42]);
    });
  });

  test("executemany", [], async () => {
    const t = autoTable();
    await h.withTables(t.metadata, async (conn) => {
      const r = await conn.execute(insert(t), [{ data: "a" }, { data: "b" }, { data: "c" }]);
      expect((await ids(conn, t)).map((row) => row[1])).toEqual(["a", "b", "c"]);
      expect(r.returnsRows).toBe(false);
    });
  });

  test("executemany rowcount is the sum", ["executemanyRowcount"], async () => {
    const t = autoTable();
    await h.withTables(t.metadata, async (conn) => {
      const r = await conn.execute(insert(t), [{ data: "a" }, { data: "b" }, { data: "c" }]);
      expect(r.rowcount).toBe(3);
    });
  });

  test("multi-row VALUES", ["multivaluesInserts"], async () => {
    const t = autoTable();
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t).values([{ data: "m1" }, { data: "m2" }, { data: "m3" }]));
      expect((await ids(conn, t)).map((row) => row[1])).toEqual(["m1", "m2", "m3"]);
    });
  });

  test("INSERT .. SELECT", ["insertFromSelect"], async () => {
    const md = new MetaData();
    const src = someTable(h, md);
    const dst = autoTable(md);
    await h.withTables(md, async (conn) => {
      await conn.execute(insert(src), SOME_ROWS as never);
      const r = await conn.execute(
        insert(dst).fromSelect(["id", "data"], select(src.c.id, src.c.p).where(src.c.x.gt(3))),
      );
      expect(await ids(conn, dst)).toEqual([
        [4, "p0"],
        [5, "50%_off"],
      ]);
      expect(r.rowcount).toBe(2);
    });
  });

  test("client-side defaults: values and callables, on insert and update", [], async () => {
    let n = 0;
    const t = new Table(h.name("defaults"), new MetaData(), {
      id: new Column(Integer, { primaryKey: true }),
      data: new Column(SqlString(50)),
      scalar: new Column(Integer, { default: 7 }),
      counter: new Column(Integer, { default: () => ++n }),
      updated: new Column(SqlString(20), { default: "new", onupdate: () => "changed" }),
      server: new Column(SqlString(20), { serverDefault: "srv" }),
    });
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t).values({ data: "a" }));
      await conn.execute(insert(t), [{ data: "b" }, { data: "c" }]);
      await conn.execute(update(t).where(t.c.data.eq("c")).values({ data: "c2" }));
      const rows = await (
        await conn.execute(select(t.c.data, t.c.scalar, t.c.counter, t.c.updated, t.c.server).orderBy(t.c.id))
      ).all();
      expect(rows.map((r) => r._t)).toEqual([
        ["a", 7, 1, "new", "srv"],
        ["b", 7, 2, "new", "srv"],
        ["c2", 7, 3, "changed", "srv"],
      ]);
    });
  });

  test("INSERT with no values (every column defaulted)", ["emptyInserts"], async () => {
    const t = new Table(h.name("empty"), new MetaData(), {
      id: new Column(Integer, { primaryKey: true }),
      data: new Column(SqlString(20), { serverDefault: "dflt" }),
    });
    await h.withTables(t.metadata, async (conn) => {
      const r = await conn.execute(insert(t));
      expect(r.insertedPrimaryKey[0]).not.toBeNull();
      expect(await conn.scalar(select(t.c.data))).toBe("dflt");
    });
  });

  test("INSERT .. RETURNING", ["insertReturning"], async () => {
    const t = autoTable();
    await h.withTables(t.metadata, async (conn) => {
      const r = await conn.execute(insert(t).values({ data: "r1" }).returning(t.c.id, t.c.data));
      const row = await r.one();
      expect(row.data).toBe("r1");
      expect(typeof row.id === "number" || typeof row.id === "bigint").toBe(true);
    });
  });

  test("executemany INSERT .. RETURNING returns every row in order", ["insertReturning"], async () => {
    const t = autoTable();
    await h.withTables(t.metadata, async (conn) => {
      const sets = Array.from({ length: 25 }, (_, i) => ({ data: `row${i}` }));
      const r = await conn.execute(insert(t).returning(t.c.id, t.c.data), sets);
      const rows = await r.all();
      expect(rows.map((row) => row.data)).toEqual(sets.map((s) => s.data));
      const returnedIds = rows.map((row) => Number(row.id));
      expect([...returnedIds].sort((a, b) => a - b)).toEqual(returnedIds);
    });
  });

  test("identity column", ["identityColumns"], async () => {
    const t = new Table(h.name("ident"), new MetaData(), {
      id: new Column(Integer, { primaryKey: true, identity: new Identity({ start: 100 }) }),
      data: new Column(SqlString(20)),
    });
    await h.withTables(t.metadata, async (conn) => {
      const r = await conn.execute(insert(t).values({ data: "i" }));
      expect(Number(r.insertedPrimaryKey[0])).toBe(100);
    });
  });

  // --- UPDATE / DELETE ---------------------------------------------------------------------

  test("UPDATE and DELETE rowcount (matched rows)", ["rowcountReliable"], async () => {
    const t = someTable(h);
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t), SOME_ROWS as never);
      expect((await conn.execute(update(t).where(t.c.y.eq(4)).values({ q: "z" }))).rowcount).toBe(2);
      expect((await conn.execute(update(t).where(t.c.id.eq(99)).values({ q: "z" }))).rowcount).toBe(0);
      expect((await conn.execute(delete_(t).where(t.c.x.gt(3)))).rowcount).toBe(2);
      expect((await conn.execute(delete_(t))).rowcount).toBe(3);
    });
  });

  test("executemany UPDATE with bindparam", [], async () => {
    const t = someTable(h);
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t), SOME_ROWS as never);
      const stmt = update(t)
        .where(t.c.id.eq(bindparam("oldid")))
        .values({ q: bindparam("newq") });
      const r = await conn.execute(stmt, [
        { oldid: 1, newq: "u1" },
        { oldid: 2, newq: "u2" },
        { oldid: 99, newq: "u99" },
      ]);
      if (h.requirements.executemanyRowcount) expect(r.rowcount).toBe(2);
      const rows = await (await conn.execute(select(t.c.q).where(t.c.id.lt(3)).orderBy(t.c.id)))
        .scalars()
        .all();
      expect(rows).toEqual(["u1", "u2"]);
    });
  });

  test("UPDATE .. RETURNING", ["updateReturning"], async () => {
    const t = someTable(h);
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t), SOME_ROWS as never);
      const r = await conn.execute(
        update(t)
          .where(t.c.y.eq(4))
          .values({ x: t.c.x.add(10) })
          .returning(t.c.id, t.c.x),
      );
      const rows = (await r.all()).map((row) => row._t).sort((a, b) => Number(a[0]) - Number(b[0]));
      expect(rows).toEqual([
        [3, 13],
        [4, 14],
      ]);
    });
  });

  test("DELETE .. RETURNING", ["deleteReturning"], async () => {
    const t = someTable(h);
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t), SOME_ROWS as never);
      const r = await conn.execute(delete_(t).where(t.c.x.lt(3)).returning(t.c.id));
      expect((await r.scalars().all()).map(Number).sort()).toEqual([1, 2]);
    });
  });

  test("UPDATE with another table in WHERE (UPDATE .. FROM)", ["updateFrom"], async () => {
    const f = usersAddresses(h);
    const { users, addresses } = f;
    await h.withTables(f.metadata, async (conn) => {
      await conn.execute(insert(users), USER_ROWS);
      await conn.execute(insert(addresses), ADDRESS_ROWS);
      const r = await conn.execute(
        update(users)
          .where(users.c.id.eq(addresses.c.user_id))
          .where(addresses.c.email.eq("jack@a.example"))
          .values({ name: "jack2" }),
      );
      expect(r.rowcount).toBe(1);
      const names = await (await conn.execute(select(users.c.name).orderBy(users.c.id))).scalars().all();
      expect(names).toEqual(["jack2", "wendy", "ed"]);
    });
  });

  test("DELETE with another table in WHERE (DELETE .. USING)", ["deleteUsing"], async () => {
    const f = usersAddresses(h);
    const { users, addresses } = f;
    await h.withTables(f.metadata, async (conn) => {
      await conn.execute(insert(users), USER_ROWS);
      await conn.execute(insert(addresses), ADDRESS_ROWS);
      await conn.execute(
        delete_(addresses).where(users.c.id.eq(addresses.c.user_id)).where(users.c.name.eq("wendy")),
      );
      const left = await (await conn.execute(select(addresses.c.id))).scalars().all();
      expect(left).toEqual([1]);
    });
  });

  // --- CTEs --------------------------------------------------------------------------------

  test("a CTE in SELECT", ["ctes"], async () => {
    const t = someTable(h);
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t), SOME_ROWS as never);
      const c = select(t.c.id, t.c.y).where(t.c.y.eq(4)).cte("four");
      const rows = await (await conn.execute(select(c.c.id).orderBy(c.c.id))).scalars().all();
      expect(rows).toEqual([3, 4]);
      const joined = await (
        await conn.execute(
          select(t.c.x)
            .selectFrom(t.join(c, t.c.id.eq(c.c.id)))
            .orderBy(t.c.x),
        )
      )
        .scalars()
        .all();
      expect(joined).toEqual([3, 4]);
    });
  });

  test("a recursive CTE", ["recursiveCtes"], async () => {
    const conn = h.connect();
    try {
      // CAST: a bare parameter's type is unknown to PostgreSQL, and the UNION would make it text.
      const base = select(cast(literal(1), Integer()).label("n")).cte("nums", { recursive: true });
      const nums = base.unionAll(select(base.c.n.add(1)).where(base.c.n.lt(5)));
      const rows = await (await conn.execute(select(nums.c.n).orderBy(nums.c.n))).scalars().all();
      expect(rows).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await conn.close();
    }
  });

  test("INSERT .. SELECT from a CTE", ["ctes", "insertFromSelect"], async () => {
    const md = new MetaData();
    const src = someTable(h, md);
    const dst = autoTable(md);
    await h.withTables(md, async (conn) => {
      await conn.execute(insert(src), SOME_ROWS as never);
      const c = select(src.c.id, src.c.q).where(src.c.id.lt(3)).cte("low");
      await conn.execute(insert(dst).fromSelect(["id", "data"], select(c.c.id, c.c.q)));
      expect(await ids(conn, dst)).toEqual([
        [1, "q1"],
        [2, "q2"],
      ]);
    });
  });

  test("a CTE in front of UPDATE and DELETE", ["ctesWithUpdateDelete"], async () => {
    const t = someTable(h);
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t), SOME_ROWS as never);
      const c = select(t.c.id).where(t.c.y.eq(4)).cte("four");
      await conn.execute(
        update(t)
          .where(t.c.id.in(select(c.c.id)))
          .values({ q: "cte" }),
      );
      await conn.execute(delete_(t).where(t.c.id.in(select(c.c.id).where(c.c.id.eq(3)))));
      const rows = await (await conn.execute(select(t.c.id, t.c.q).where(t.c.y.eq(4)))).all();
      expect(rows.map((r) => r._t)).toEqual([[4, "cte"]]);
    });
  });

  test("DML with RETURNING as a CTE", ["ctesOnDml", "insertReturning"], async () => {
    const t = autoTable();
    await h.withTables(t.metadata, async (conn) => {
      const ins = insert(t).values({ id: 5, data: "in cte" }).returning(t.c.id, t.c.data).cte("ins");
      const row = await (await conn.execute(select(ins))).one();
      expect(row._t).toEqual([5, "in cte"]);
      expect(await ids(conn, t)).toEqual([[5, "in cte"]]);
    });
  });

  // --- sequences ----------------------------------------------------------------------------

  test("a sequence on a primary key, and nextValue()", ["sequences"], async () => {
    const md = new MetaData();
    const seq = new Sequence(h.name("seq"), { start: 10 });
    const t = new Table(h.name("seqt"), md, {
      id: new Column(Integer, { primaryKey: true, sequence: seq }),
      data: new Column(SqlString(20)),
    });
    await h.withTables(md, async (conn) => {
      const r = await conn.execute(insert(t).values({ data: "s" }));
      expect(Number(r.insertedPrimaryKey[0])).toBe(10);
      expect(Number(await conn.scalar(select(seq.nextValue())))).toBe(11);
      await conn.execute(insert(t), [{ data: "t" }, { data: "u" }]);
      const all = await (await conn.execute(select(t.c.id).orderBy(t.c.id))).scalars().all();
      expect(all.map(Number)).toEqual([10, 12, 13]);
    });
  });

  test("a standalone sequence created and dropped with the metadata", ["sequences"], async () => {
    const md = new MetaData();
    const seq = new Sequence(h.name("sseq"), { start: 1, increment: 5 });
    md.sequences.set(seq.name, seq);
    await h.withTables(md, async (conn) => {
      expect(Number(await conn.scalar(select(seq.nextValue())))).toBe(1);
      expect(Number(await conn.scalar(select(seq.nextValue())))).toBe(6);
      expect(Number(await conn.scalar(select(func.coalesce(seq.nextValue(), 0))))).toBe(11);
    });
  });
}
