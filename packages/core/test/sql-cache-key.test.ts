/**
 * Structural cache keys, in the spirit of SQLAlchemy's test/sql/test_compare.py (CacheKeyTest):
 * statements that differ only in bound values share a key and give their values in order;
 * statements that differ in structure (columns, operators, tables, names, types, options) do not.
 */
import { describe, expect, it } from "vitest";
import {
  and_,
  bindparam,
  type CacheKey,
  CacheKeyGen,
  type ClauseElement,
  CompiledCache,
  column,
  DefaultDialect,
  delete_,
  exists,
  func,
  Integer,
  insert,
  literal,
  or_,
  String as SqlString,
  select,
  table,
  text,
  tuple_,
  union,
  update,
} from "../src/index.js";

const table1 = table(
  "mytable",
  column("myid", Integer),
  column("name", SqlString),
  column("description", SqlString),
);
const table2 = table("myothertable", column("otherid", Integer), column("othername", SqlString));

/** Builds each statement twice, to check that keys depend on structure, not object identity. */
function keys(...fns: (() => ClauseElement)[]): CacheKey[] {
  return fns.map((fn) => fn().cacheKey());
}

function bindValues(k: CacheKey): unknown[] {
  return k.binds.map((b) => (b as unknown as { value: unknown }).value);
}

/** Every pair of the given statement builders has a different key. */
function expectAllDifferent(...fns: (() => ClauseElement)[]): void {
  const ks = keys(...fns).map((k) => k.key);
  expect(new Set(ks).size).toBe(ks.length);
}

describe("equal keys", () => {
  it("a statement built twice has the same key", () => {
    const build = () =>
      select(table1.c.myid, table1.c.name).where(table1.c.myid.eq(5)).orderBy(table1.c.name);
    const [a, b] = keys(build, build);
    expect(a?.key).toBe(b?.key);
  });

  it("statements differing only in bound values share a key", () => {
    const [a, b] = keys(
      () => select(table1.c.myid).where(table1.c.myid.eq(5)),
      () => select(table1.c.myid).where(table1.c.myid.eq(7)),
    );
    expect(a?.key).toBe(b?.key);
    expect(bindValues(a as CacheKey)).toEqual([5]);
    expect(bindValues(b as CacheKey)).toEqual([7]);
  });

  it("binds are extracted in order of appearance", () => {
    const k = select(table1.c.myid)
      .where(and_(table1.c.name.eq("a"), table1.c.myid.gt(3)))
      .limit(10)
      .cacheKey();
    expect(bindValues(k)).toEqual(["a", 3, 10]);
  });

  it("LIMIT and OFFSET values are bound, not structural", () => {
    const [a, b] = keys(
      () => select(table1.c.myid).limit(5).offset(1),
      () => select(table1.c.myid).limit(50).offset(10),
    );
    expect(a?.key).toBe(b?.key);
  });

  it("IN lists of different lengths share a key (one expanding parameter)", () => {
    const [a, b] = keys(
      () => select(table1.c.myid).where(table1.c.myid.in([1, 2])),
      () => select(table1.c.myid).where(table1.c.myid.in([1, 2, 3, 4])),
    );
    expect(a?.key).toBe(b?.key);
    expect(bindValues(b as CacheKey)).toEqual([[1, 2, 3, 4]]);
  });

  it("literal() values are bound", () => {
    const [a, b] = keys(
      () => select(literal(1).add(table1.c.myid)),
      () => select(literal(2).add(table1.c.myid)),
    );
    expect(a?.key).toBe(b?.key);
  });

  it("function arguments are bound", () => {
    const [a, b] = keys(
      () => select(func.coalesce(table1.c.name, "x")),
      () => select(func.coalesce(table1.c.name, "y")),
    );
    expect(a?.key).toBe(b?.key);
  });

  it("INSERT values are bound", () => {
    const [a, b] = keys(
      () => insert(table1).values({ myid: 1, name: "a" }),
      () => insert(table1).values({ myid: 2, name: "b" }),
    );
    expect(a?.key).toBe(b?.key);
  });

  it("UPDATE values and criteria are bound", () => {
    const [a, b] = keys(
      () => update(table1).where(table1.c.myid.eq(1)).values({ name: "a" }),
      () => update(table1).where(table1.c.myid.eq(2)).values({ name: "b" }),
    );
    expect(a?.key).toBe(b?.key);
  });

  it("text() bound values are bound", () => {
    const [a, b] = keys(
      () => text("select :x").bindparams({ x: 1 }),
      () => text("select :x").bindparams({ x: 2 }),
    );
    expect(a?.key).toBe(b?.key);
  });

  it("subqueries and correlated EXISTS built twice share a key", () => {
    const build = () =>
      select(table1.c.myid).where(
        exists().where(table2.c.otherid.eq(table1.c.myid)).where(table2.c.othername.eq("x")),
      );
    const [a, b] = keys(build, build);
    expect(a?.key).toBe(b?.key);
  });

  it("two anonymous aliases built the same way share a key", () => {
    const build = () => {
      const a = table1.alias();
      return select(a.c.myid).where(a.c.myid.eq(1));
    };
    const [x, y] = keys(build, build);
    expect(x?.key).toBe(y?.key);
  });

  it("explicit bindparams with different values share a key", () => {
    const [a, b] = keys(
      () => select(table1.c.myid).where(table1.c.myid.eq(bindparam("x", 1))),
      () => select(table1.c.myid).where(table1.c.myid.eq(bindparam("x", 2))),
    );
    expect(a?.key).toBe(b?.key);
    expect(bindValues(b as CacheKey)).toEqual([2]);
  });

  it("the compiled SQL of equal keys is equal", () => {
    const a = select(table1.c.myid).where(table1.c.name.eq("a"));
    const b = select(table1.c.myid).where(table1.c.name.eq("b"));
    expect(a.cacheKey().key).toBe(b.cacheKey().key);
    expect(a.compile().sql).toBe(b.compile().sql);
  });
});

describe("different keys", () => {
  it("different columns", () => {
    expectAllDifferent(
      () => select(table1.c.myid),
      () => select(table1.c.name),
      () => select(table1.c.myid, table1.c.name),
      () => select(table2.c.otherid),
    );
  });

  it("different operators", () => {
    expectAllDifferent(
      () => select(table1.c.myid).where(table1.c.myid.eq(5)),
      () => select(table1.c.myid).where(table1.c.myid.ne(5)),
      () => select(table1.c.myid).where(table1.c.myid.lt(5)),
      () => select(table1.c.myid).where(table1.c.myid.gt(5)),
      () => select(table1.c.myid).where(table1.c.myid.in([5])),
      () => select(table1.c.myid).where(table1.c.myid.notIn([5])),
      () => select(table1.c.myid).where(table1.c.myid.eq(null)),
    );
  });

  it("AND vs OR", () => {
    expectAllDifferent(
      () => select(table1.c.myid).where(and_(table1.c.myid.eq(1), table1.c.name.eq("a"))),
      () => select(table1.c.myid).where(or_(table1.c.myid.eq(1), table1.c.name.eq("a"))),
    );
  });

  it("different tables with the same column names", () => {
    const t1 = table("a", column("x", Integer));
    const t2 = table("b", column("x", Integer));
    expectAllDifferent(
      () => select(t1.c.x),
      () => select(t2.c.x),
    );
  });

  it("different alias and label names", () => {
    expectAllDifferent(
      () => select(table1.alias("a").c.myid),
      () => select(table1.alias("b").c.myid),
      () => select(table1.c.myid.label("x")),
      () => select(table1.c.myid.label("y")),
    );
  });

  it("different limit/offset/order/group/distinct structure", () => {
    expectAllDifferent(
      () => select(table1.c.myid),
      () => select(table1.c.myid).limit(1),
      () => select(table1.c.myid).offset(1),
      () => select(table1.c.myid).orderBy(table1.c.myid),
      () => select(table1.c.myid).orderBy(table1.c.myid.desc()),
      () => select(table1.c.myid).groupBy(table1.c.myid),
      () => select(table1.c.myid).distinct(),
    );
  });

  it("different bindparam names", () => {
    expectAllDifferent(
      () => select(table1.c.myid).where(table1.c.myid.eq(bindparam("a"))),
      () => select(table1.c.myid).where(table1.c.myid.eq(bindparam("b"))),
    );
  });

  it("different types of a cast", () => {
    expectAllDifferent(
      () => select(table1.c.myid.cast(SqlString)),
      () => select(table1.c.myid.cast(Integer)),
      () => select(table1.c.myid.cast(SqlString(10))),
    );
  });

  it("different functions", () => {
    expectAllDifferent(
      () => select(func.max(table1.c.myid)),
      () => select(func.min(table1.c.myid)),
      () => select(func.count(table1.c.myid)),
      () => select(func.count()),
    );
  });

  it("different joins", () => {
    const on = table1.c.myid.eq(table2.c.otherid);
    expectAllDifferent(
      () => select(table1.c.myid).selectFrom(table1.join(table2, on)),
      () => select(table1.c.myid).selectFrom(table1.join(table2, on, { isouter: true })),
      () => select(table1.c.myid).selectFrom(table1.join(table2, on, { full: true })),
      () => select(table1.c.myid).selectFrom(table1, table2),
    );
  });

  it("different set operations", () => {
    const a = () => select(table1.c.myid);
    const b = () => select(table2.c.otherid);
    expectAllDifferent(
      () => union(a(), b()),
      () => a().unionAll(b()),
      () => a().intersect(b()),
      () => a().except_(b()),
    );
  });

  it("different text", () => {
    expectAllDifferent(
      () => text("select 1"),
      () => text("select 2"),
    );
  });

  it("different DML statements and targets", () => {
    expectAllDifferent(
      () => insert(table1).values({ myid: 1 }),
      () => insert(table1).values({ name: "x" }),
      () => insert(table2).values({ otherid: 1 }),
      () => update(table1).values({ myid: 1 }),
      () => delete_(table1),
      () => delete_(table1).where(table1.c.myid.eq(1)),
    );
  });

  it("a value vs an expression in INSERT", () => {
    expectAllDifferent(
      () => insert(table1).values({ myid: 1 }),
      () => insert(table1).values({ myid: func.foo!() }),
    );
  });

  it("tuples of different widths", () => {
    expectAllDifferent(
      () => select(table1.c.myid).where(tuple_(table1.c.myid, table1.c.name).in([[1, "a"]])),
      () =>
        select(table1.c.myid).where(
          tuple_(table1.c.myid, table1.c.name, table1.c.description).in([[1, "a", "b"]]),
        ),
    );
  });

  it("one alias used twice differs from two aliases", () => {
    expectAllDifferent(
      () => {
        const a = table1.alias();
        return select(a.c.myid).where(a.c.myid.eq(a.c.myid));
      },
      () => {
        const a = table1.alias();
        const b = table1.alias();
        return select(a.c.myid).where(a.c.myid.eq(b.c.myid));
      },
    );
  });

  it("different CTE names and recursive flags", () => {
    expectAllDifferent(
      () => {
        const c = select(table1.c.myid).cte("a");
        return select(c.c.myid);
      },
      () => {
        const c = select(table1.c.myid).cte("b");
        return select(c.c.myid);
      },
      () => {
        const c = select(table1.c.myid).cte("a", { recursive: true });
        return select(c.c.myid);
      },
    );
  });

  it("an expanding vs a plain parameter", () => {
    expectAllDifferent(
      () => select(table1.c.myid).where(table1.c.myid.in(bindparam("x", [1], { expanding: true }))),
      () => select(table1.c.myid).where(table1.c.myid.eq(bindparam("x", 1))),
    );
  });

  it("anonymous, named, expanding and literal-execute parameters of one key base", () => {
    expectAllDifferent(
      () => select(table1.c.myid).where(table1.c.myid.eq(5)),
      () => select(table1.c.myid).where(table1.c.myid.eq(bindparam("myid", 5))),
      () => select(table1.c.myid).where(table1.c.myid.eq(bindparam("~myid", 5))),
      () => select(table1.c.myid).where(table1.c.myid.in(bindparam("myid", [5], { expanding: true }))),
      () => select(table1.c.myid).where(table1.c.myid.eq(bindparam("myid:x", 5))),
      () => select(table1.c.myid).where(table1.c.myid.in([5])),
      () => select(table1.c.myid).where(table1.c.myid.eq(bindparam("myid", 5, { literalExecute: true }))),
      () => select(table1.c.myid).where(table1.c.name.eq("x")),
      () => select(table1.c.myid).where(table1.c.myid.eq(literal("5", SqlString))),
    );
  });

  it("correlate() changes the key", () => {
    const inner = () => select(table2.c.otherid).where(table2.c.otherid.eq(table1.c.myid));
    expectAllDifferent(
      () => select(table1.c.myid).where(table1.c.myid.eq(inner().scalarSubquery())),
      () => select(table1.c.myid).where(table1.c.myid.eq(inner().correlate(null).scalarSubquery())),
    );
  });
});

describe("memoized cache keys", () => {
  it("a statement's key is built once; its generative copies get their own", () => {
    const s = select(table1.c.myid).where(table1.c.myid.eq(5));
    const first = s.cacheKey();
    expect(s.cacheKey()).toBe(first);
    const narrower = s.where(table1.c.name.eq("x"));
    expect(narrower.cacheKey()).not.toBe(first);
    expect(narrower.cacheKey().key).not.toBe(first.key);
    expect(narrower.cacheKey().binds).toHaveLength(2);
    expect(s.cacheKey().binds).toHaveLength(1);
  });

  it("a frozen statement has a key and runs from the cache", () => {
    const s = select(table1.c.myid).where(table1.c.myid.eq(5));
    Object.freeze(s);
    expect(s.cacheKey().key).toBe(select(table1.c.myid).where(table1.c.myid.eq(6)).cacheKey().key);
    const cache = new CompiledCache();
    const dialect = new DefaultDialect();
    cache.execution(s, dialect);
    expect(cache.execution(s, dialect).cacheHit).toBe(true);
  });

  it("the same statement run again reads callable parameters anew", () => {
    let n = 1;
    const s = select(table1.c.myid).where(table1.c.myid.eq(bindparam("x", undefined, { callable: () => n })));
    const cache = new CompiledCache();
    const dialect = new DefaultDialect();
    expect(cache.execution(s, dialect).params).toEqual([1]);
    n = 2;
    const again = cache.execution(s, dialect);
    expect(again.cacheHit).toBe(true);
    expect(again.params).toEqual([2]);
  });
});

describe("compiled cache look-ups (hash of the key, then its parts compared)", () => {
  /** Runs every statement through one cache, twice: each gets its own SQL and only equal ones hit. */
  function expectOwnCompiledForms(dialect: DefaultDialect, ...fns: (() => ClauseElement)[]): void {
    const cache = new CompiledCache();
    for (const fn of fns) {
      const first = cache.execution(fn(), dialect);
      expect(first.cacheHit).toBe(false);
    }
    for (const fn of fns) {
      const stmt = fn();
      const run = cache.execution(stmt, dialect);
      expect(run.cacheHit).toBe(true);
      const cold = new CompiledCache().execution(fn(), dialect);
      expect(run.sql).toBe(cold.sql);
      expect(run.params).toEqual(cold.params);
    }
    expect(cache.size).toBe(fns.length);
  }

  it("near misses never share a compiled form", () => {
    const other = table("other", column("myid", Integer), column("name", SqlString));
    expectOwnCompiledForms(
      new DefaultDialect({ paramstyle: "numericDollar" }),
      () => select(table1.c.myid).where(table1.c.myid.eq(5)),
      () => select(table1.c.name).where(table1.c.myid.eq(5)),
      () => select(table1.c.myid).where(table1.c.myid.gt(5)),
      () => select(table1.c.myid).where(table1.c.myid.eq(5)).limit(3),
      () => select(other.c.myid).where(other.c.myid.eq(5)),
      () => select(table1.c.myid.label("a")).where(table1.c.myid.eq(5)),
      () => select(table1.c.myid.label("b")).where(table1.c.myid.eq(5)),
      () => select(table1.c.myid).where(table1.c.myid.in([5, 6])),
      () => select(table1.c.myid).where(table1.c.myid.in(bindparam("x", [5], { expanding: true }))),
      () => select(table1.c.myid).where(table1.c.myid.eq(bindparam("x", 5, { literalExecute: true }))),
      () => select(table1.c.myid).where(table1.c.myid.eq(bindparam("x", 5))),
      () => select(table1.c.myid).where(table1.c.myid.eq(bindparam("y", 5))),
      () => select(table1.c.myid).distinct().where(table1.c.myid.eq(5)),
      () => select(table1.c.myid).join(table2, table2.c.otherid.eq(table1.c.myid)),
      () => select(table1.c.myid).outerjoin(table2, table2.c.otherid.eq(table1.c.myid)),
    );
  });

  it("keys whose hashes collide are told apart by their parts", () => {
    // Same length, same first and last two characters: the hash does not tell these apart.
    const a = () => select(column("abcd", Integer));
    const b = () => select(column("abed", Integer));
    const hashOf = (s: ClauseElement) => {
      const gen = new CacheKeyGen();
      s.cacheKeyInto(gen);
      return gen.hash;
    };
    expect(hashOf(a())).toBe(hashOf(b()));
    expectOwnCompiledForms(new DefaultDialect(), a, b);
  });

  it("different dialects and compile options keep their own entries", () => {
    const cache = new CompiledCache();
    const named = new DefaultDialect({ paramstyle: "named" });
    const dollar = new DefaultDialect({ paramstyle: "numericDollar" });
    const build = () => select(table1.c.myid).where(table1.c.myid.eq(5));
    expect(cache.execution(build(), named).sql).toBe(build().compile({ dialect: named }).sql);
    expect(cache.execution(build(), dollar).sql).toBe(build().compile({ dialect: dollar }).sql);
    const literal = cache.execution(build(), dollar, { literalBinds: true });
    expect(literal.cacheHit).toBe(false);
    expect(literal.sql).toBe(build().compile({ dialect: dollar, literalBinds: true }).sql);
    expect(cache.execution(build(), named).cacheHit).toBe(true);
    expect(cache.execution(build(), dollar).params).toEqual([5]);
  });

  it("equal statements built anew hit and give their own values in order", () => {
    const cache = new CompiledCache();
    const dialect = new DefaultDialect({ paramstyle: "numericDollar" });
    const build = (i: number) =>
      select(table1.c.myid)
        .where(and_(table1.c.name.eq(`n${i}`), table1.c.myid.in([i, i + 1]), table1.c.myid.lt(i + 10)))
        .limit(i);
    cache.execution(build(0), dialect);
    for (let i = 1; i < 5; i++) {
      const run = cache.execution(build(i), dialect);
      expect(run.cacheHit).toBe(true);
      expect(run.params).toEqual([`n${i}`, i, i + 1, i + 10, i]);
    }
  });

  it("the same statement object, run many times and with two dialects in turn, keeps its values", () => {
    const cache = new CompiledCache();
    const named = new DefaultDialect({ paramstyle: "named" });
    const dollar = new DefaultDialect({ paramstyle: "numericDollar" });
    const s = select(table1.c.myid).where(table1.c.myid.eq(7));
    for (let i = 0; i < 4; i++) {
      expect(cache.execution(s, named).sql).toBe(s.compile({ dialect: named }).sql);
      const run = cache.execution(s, dollar);
      expect(run.sql).toBe(s.compile({ dialect: dollar }).sql);
      expect(run.params).toEqual([7]);
    }
    // Its generative copy is another statement: it does not take the original's values.
    const copy = s.where(table1.c.name.eq("x"));
    for (let i = 0; i < 3; i++) expect(cache.execution(copy, dollar).params).toEqual([7, "x"]);
  });

  it("a statement whose entry was evicted compiles again", () => {
    const cache = new CompiledCache(2);
    const dialect = new DefaultDialect();
    const s = select(table1.c.myid).where(table1.c.myid.eq(1));
    cache.execution(s, dialect);
    cache.execution(s, dialect);
    cache.execution(s, dialect);
    cache.execution(select(table1.c.name), dialect);
    cache.execution(select(table1.c.description), dialect);
    const again = cache.execution(s, dialect);
    expect(again.cacheHit).toBe(false);
    expect(again.sql).toBe(s.compile({ dialect }).sql);
    cache.clear();
    expect(cache.execution(s, dialect).cacheHit).toBe(false);
  });

  it("a parameter's callable may run another statement through the same cache", () => {
    const cache = new CompiledCache();
    const dialect = new DefaultDialect();
    const inner = () => cache.execution(select(table2.c.otherid).where(table2.c.othername.eq("z")), dialect);
    const build = () =>
      select(table1.c.myid).where(
        and_(
          table1.c.myid.eq(
            bindparam("a", undefined, {
              callable: () => {
                inner();
                return 1;
              },
            }),
          ),
          table1.c.name.eq("b"),
        ),
      );
    cache.execution(build(), dialect);
    const run = cache.execution(build(), dialect);
    expect(run.cacheHit).toBe(true);
    expect(run.params).toEqual([1, "b"]);
  });
});
