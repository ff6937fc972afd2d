/**
 * The compiled cache renders a statement with expanding IN lists once per shape of its lists
 * (their lengths) and reads each execution's values into place. Every execution must give
 * exactly what rendering that statement from scratch gives.
 */
import { describe, expect, it } from "vitest";
import {
  bindparam,
  type ClauseElement,
  CompiledCache,
  column,
  DefaultDialect,
  Integer,
  literal,
  select,
  table,
  tuple_,
} from "../src/index.js";

const t = table("t", column("a", Integer), column("b"), column("c", Integer));

function fresh(stmt: ClauseElement, dialect: DefaultDialect) {
  const c = stmt.compile({ dialect, renderPostcompile: true });
  return { sql: c.sql, params: c.params };
}

function viaCache(cache: CompiledCache, stmt: ClauseElement, dialect: DefaultDialect) {
  const e = cache.execution(stmt, dialect);
  return { sql: e.sql, params: e.params };
}

describe.each(["qmark", "numericDollar", "named"] as const)("expanding IN shapes (%s)", (paramstyle) => {
  const dialect = new DefaultDialect({ paramstyle });

  it("lists of the same and of other lengths, empty lists, NOT IN, other binds around them", () => {
    const cache = new CompiledCache();
    const stmt = (a: number[], b: string[], c: number) =>
      select(t.c.a).where(t.c.c.gt(c), t.c.a.in(a), t.c.b.notIn(b), t.c.c.lt(c + 10));
    const cases: [number[], string[], number][] = [
      [[1, 2, 3], ["x"], 1],
      [[4, 5, 6], ["y"], 2],
      [[7], ["p", "q"], 3],
      [[], [], 4],
      [[8, 9, 10], ["z"], 5],
      [[], ["r"], 6],
    ];
    for (const [a, b, c] of cases)
      expect(viaCache(cache, stmt(a, b, c), dialect)).toEqual(fresh(stmt(a, b, c), dialect));
    expect(cache.hits).toBe(cases.length - 1);
  });

  it("tuple IN lists, and a list given as a named parameter's value", () => {
    const cache = new CompiledCache();
    const stmt = (rows: [number, string][]) => select(t.c.a).where(tuple_(t.c.a, t.c.b).in(rows));
    for (const rows of [
      [
        [1, "a"],
        [2, "b"],
      ],
      [
        [3, "c"],
        [4, "d"],
      ],
      [[5, "e"]],
    ] as [number, string][][])
      expect(viaCache(cache, stmt(rows), dialect)).toEqual(fresh(stmt(rows), dialect));
    const named = (v: number[]) => select(t.c.a).where(t.c.a.in(bindparam("ids", v, { expanding: true })));
    expect(viaCache(cache, named([1, 2]), dialect)).toEqual(fresh(named([1, 2]), dialect));
    expect(viaCache(cache, named([3, 4]), dialect)).toEqual(fresh(named([3, 4]), dialect));
  });

  it("literal-execute values are part of the SQL and are rendered on every execution", () => {
    const cache = new CompiledCache();
    const stmt = (n: number, ids: number[]) =>
      select(t.c.a).where(t.c.a.in(ids), t.c.c.eq(literal(n, Integer, { literalExecute: true })));
    const first = viaCache(cache, stmt(1, [1, 2]), dialect);
    const second = viaCache(cache, stmt(2, [3, 4]), dialect);
    expect(first).toEqual(fresh(stmt(1, [1, 2]), dialect));
    expect(second).toEqual(fresh(stmt(2, [3, 4]), dialect));
    expect(second.sql).not.toBe(first.sql);
  });
});
