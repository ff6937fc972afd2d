/**
 * Result and Row, ported from SQLAlchemy's test/base/test_result.py and
 * test/sql/test_resultset.py (the cases that need no database): results are
 * built from hand-made DriverResults and a fake DriverCursor.
 */
import { describe, expect, it } from "vitest";
import type { Dialect } from "../src/engine/dialect.js";
import type { DriverColumn, DriverCursor, DriverResult } from "../src/engine/driver.js";
import { AsyncOnlyError, type Effect, type Op } from "../src/engine/effects.js";
import { Result } from "../src/engine/result.js";
import { createResult, resultFromRows } from "../src/engine/result-factory.js";
import { ResultMetadata } from "../src/engine/result-metadata.js";
import { BufferedSource, CursorSource } from "../src/engine/result-source.js";
import { isRow, NoSuchColumnError, type Row, rowMaker } from "../src/engine/row.js";
import { InvalidRequestError, MultipleResultsFound, NoResultFound, ResourceClosedError } from "../src/exc.js";
import {
  Column,
  DefaultDialect,
  Integer,
  MetaData,
  String,
  select,
  Table,
  TypeDecorator,
  text,
} from "../src/index.js";
import { StringType } from "../src/sql/types/sqltypes.js";
import type { ResultProcessor } from "../src/sql/types/type-engine.js";

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

const DATA: unknown[][] = [
  [1, 1, 1],
  [2, 1, 2],
  [1, 3, 2],
  [4, 1, 2],
];

type ABC = { readonly a: number; readonly b: number; readonly c: number };

/** SQLAlchemy's ResultTest._fixture: keys a, b, c over DATA. */
function fixture(data: unknown[][] = DATA): Result<ABC> {
  return resultFromRows<ABC>(["a", "b", "c"], data);
}

const tuples = <R>(rows: readonly Row<R>[]) => rows.map((r) => r._t);

class FakeCursor implements DriverCursor {
  readonly fetchSizes: number[] = [];
  closeCount = 0;
  private pos = 0;
  constructor(
    readonly columns: readonly DriverColumn[],
    private readonly rows: readonly (readonly unknown[])[],
    private readonly mode: "sync" | "async" = "sync",
  ) {}
  private effect<T>(fn: () => T, describe: string): Effect<T> {
    return this.mode === "sync" ? { sync: fn, describe } : { async: async () => fn(), describe };
  }
  fetch(size: number): Effect<readonly (readonly unknown[])[]> {
    return this.effect(() => {
      if (this.closeCount > 0) throw new Error("cursor is closed");
      this.fetchSizes.push(size);
      const out = this.rows.slice(this.pos, this.pos + size);
      this.pos += out.length;
      return out;
    }, "fake: fetch");
  }
  close(): Effect<void> {
    return this.effect(() => {
      this.closeCount++;
    }, "fake: close");
  }
}

function cursorRows(n: number): unknown[][] {
  return Array.from({ length: n }, (_, i) => [i, `name${i}`]);
}

function cursorResult(n: number, options: { yieldPer?: number; maxRowBuffer?: number } = {}) {
  const cursor = new FakeCursor([{ name: "id" }, { name: "name" }], cursorRows(n));
  const result = createResult<{ readonly id: number; readonly name: string }>({ cursor, ...options });
  return { cursor, result };
}

/** A minimal async runner, as `@athanor/asyncio-compat` has. */
async function runAsync<R>(op: Op<R>): Promise<R> {
  let step = op.next();
  while (!step.done) {
    const effect = step.value;
    let value: unknown;
    try {
      value = effect.async !== undefined ? await effect.async() : effect.sync?.();
    } catch (err) {
      step = op.throw(err);
      continue;
    }
    step = op.next(value);
  }
  return step.value;
}

/** A type whose values are upper-cased on the way out. */
class Shout extends StringType {
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (v) => (typeof v === "string" ? v.toUpperCase() : v);
  }
}

class TagSet extends TypeDecorator<Set<string>> {
  readonly impl = new Shout();
  override processResultValue(value: unknown) {
    return value === null ? null : new Set(`${value}`.split(","));
  }
}

const dialect = new DefaultDialect();
const meta = new MetaData();
const users = new Table("users", meta, {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(new Shout()),
  tags: new Column(new TagSet()),
  note: new Column(String(50)),
});
const addresses = new Table("addresses", meta, {
  id: new Column(Integer, { primaryKey: true }),
  email: new Column(String(50)),
});

function driverResult(
  columns: readonly string[] | undefined,
  rows: unknown[][],
  extra: Partial<DriverResult> = {},
) {
  return {
    columns: columns?.map((name) => ({ name })),
    rows,
    rowcount: extra.rowcount ?? -1,
    lastrowid: extra.lastrowid,
  } satisfies DriverResult;
}

// ---------------------------------------------------------------------------------------
// Row
// ---------------------------------------------------------------------------------------

describe("Row", () => {
  const make = rowMaker<{ readonly id: number; readonly name: string }>(["id", "name"]);

  it("has the column keys as own properties, and nothing else", () => {
    const row = make([1, "ed"]);
    expect(row.id).toBe(1);
    expect(row.name).toBe("ed");
    expect(Object.keys(row)).toEqual(["id", "name"]);
    expect({ ...row }).toEqual({ id: 1, name: "ed" });
    expect(JSON.stringify(row)).toBe('{"id":1,"name":"ed"}');
    expect(isRow(row)).toBe(true);
    expect(isRow({ id: 1 })).toBe(false);
  });

  it("gives positional access through _t, _tuple(), _at() and iteration", () => {
    const row = make([1, "ed"]);
    expect(row._t).toEqual([1, "ed"]);
    expect(row._tuple()).toEqual([1, "ed"]);
    expect(row._t).not.toBe(row._t); // a copy each time
    expect(row._at(0)).toBe(1);
    expect(row._at(1)).toBe("ed");
    expect(row._at(-1)).toBe("ed"); // test_negative_index_access
    expect(row._at(-2)).toBe(1);
    expect(row._at(2)).toBeUndefined();
    expect([...row]).toEqual([1, "ed"]);
    const [id, name] = row;
    expect([id, name]).toEqual([1, "ed"]);
    expect(row._fields).toEqual(["id", "name"]);
  });

  it("_asdict() gives a new plain object", () => {
    const row = make([1, "ed"]);
    const d = row._asdict();
    expect(d).toEqual({ id: 1, name: "ed" });
    expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
  });

  it("_mapping is a read-only mapping by key", () => {
    const row = make([1, "ed"]);
    const m = row._mapping;
    expect(m.get("id")).toBe(1);
    expect(m.get("name")).toBe("ed");
    expect(m.has("name")).toBe(true);
    expect(m.has("nope")).toBe(false);
    expect(m.size).toBe(2);
    expect(m.keys()).toEqual(["id", "name"]);
    expect(m.values()).toEqual([1, "ed"]);
    expect(m.entries()).toEqual([
      ["id", 1],
      ["name", "ed"],
    ]);
    expect(new Map(m)).toEqual(
      new Map<string, unknown>([
        ["id", 1],
        ["name", "ed"],
      ]),
    );
    expect(JSON.stringify(m)).toBe('{"id":1,"name":"ed"}');
    expect(() => (m as unknown as { get(k: string): unknown }).get("nope")).toThrow(NoSuchColumnError);
    expect(() => (m as unknown as { get(k: string): unknown }).get("nope")).toThrow(
      "Could not locate column in row for column 'nope'",
    );
  });

  it("methods are on the prototype and do not enumerate", () => {
    const row = make([1, "ed"]);
    const own = Object.getOwnPropertyNames(row);
    expect(own).toEqual(["id", "name"]);
    for (const k in row) expect(["id", "name"]).toContain(k);
  });

  it("columns may be named like methods of objects (test_row_special_names)", () => {
    const row = rowMaker(["keys", "count", "constructor", "toString", "_t"])([1, 2, 3, 4, 5]);
    expect(row.keys).toBe(1);
    expect(row.count).toBe(2);
    expect(row.constructor).toBe(3);
    expect(row.toString).toBe(4);
    // a column shadows the method of the same name, as an attribute does in Python
    expect(row._t).toBe(5);
    expect(row._tuple()).toEqual([1, 2, 3, 4, 5]);
    expect(row._mapping.get("_t")).toBe(5);
  });

  it("keys that are not identifiers, and __proto__", () => {
    const row = rowMaker(["count(*)", "a b", "__proto__", "0"])([1, 2, 3, 4]);
    expect(row["count(*)"]).toBe(1);
    expect(row["a b"]).toBe(2);
    expect(Object.getOwnPropertyDescriptor(row, "__proto__")?.value).toBe(3);
    expect(isRow(row)).toBe(true);
    expect(row["0"]).toBe(4);
    expect(row._t).toEqual([1, 2, 3, 4]);
    expect(Object.getOwnPropertyDescriptor(row._asdict(), "__proto__")?.value).toBe(3);
  });

  it("ambiguous keys raise on access by name; positions still work (test_ambiguous_key_raises)", () => {
    const row = rowMaker<{ readonly x: number; readonly y: number }>(["x", "x", "y"])([4, 2, 7]);
    expect(row._at(0)).toBe(4);
    expect(row._at(1)).toBe(2);
    expect(row._t).toEqual([4, 2, 7]);
    expect(row.y).toBe(7);
    expect(() => row.x).toThrow(InvalidRequestError);
    expect(() => row.x).toThrow("Ambiguous column name 'x'");
    expect(() => row._mapping.get("x")).toThrow("Ambiguous column name 'x'");
    expect(row._mapping.has("x")).toBe(true);
    expect(JSON.stringify(row)).toBe('{"y":7}');
    expect(row._fields).toEqual(["x", "x", "y"]);
  });

  it("rows of one shape share a constructor and prototype", () => {
    const md = ResultMetadata.fromKeys(["a", "b"]);
    const r1 = md.rowMaker([1, 2]);
    const r2 = md.rowMaker([3, 4]);
    expect(Object.getPrototypeOf(r1)).toBe(Object.getPrototypeOf(r2));
  });
});

// ---------------------------------------------------------------------------------------
// Metadata and processors
// ---------------------------------------------------------------------------------------

describe("ResultMetadata", () => {
  it("applies result processors of the compiled statement's column types", () => {
    const compiled = select(users.c.id, users.c.name, users.c.tags, users.c.note).compile({ dialect });
    const dr = driverResult(["id", "name", "tags", "note"], [[1, "ed", "a,b", "x"]]);
    const row = createResult({ compiled, driverResult: dr }).one();
    expect(row.id).toBe(1);
    expect(row.name).toBe("ED");
    // the TypeDecorator wraps its implementation's processor (Shout upper-cases first)
    expect(row.tags).toEqual(new Set(["A", "B"]));
    expect(row.note).toBe("x");
  });

  it("skips columns without a processor", () => {
    const compiled = select(users.c.id, users.c.note, users.c.name).compile({ dialect });
    const md = ResultMetadata.forCompiled(compiled, [{ name: "id" }, { name: "note" }, { name: "name" }]);
    expect(md.shape.columns.map((c) => c.processor !== undefined)).toEqual([false, false, true]);
  });

  it("uses a type's variant for the dialect", () => {
    const t = new Table("v", new MetaData(), {
      s: new Column(String(10).withVariant(new Shout(), "default")),
    });
    const compiled = select(t.c.s).compile({ dialect });
    expect(createResult({ compiled, driverResult: driverResult(["s"], [["q"]]) }).scalar()).toBe("Q");
  });

  it("is computed once per compiled statement", () => {
    const compiled = select(users.c.id, users.c.name).compile({ dialect });
    const cols = [{ name: "id" }, { name: "name" }];
    const md1 = ResultMetadata.forCompiled(compiled, cols);
    expect(ResultMetadata.forCompiled(compiled, cols)).toBe(md1);
    const r1 = createResult({ compiled, driverResult: driverResult(["id", "name"], [[1, "a"]]) }).one();
    const r2 = createResult({ compiled, driverResult: driverResult(["id", "name"], [[2, "b"]]) }).one();
    expect(Object.getPrototypeOf(r1)).toBe(Object.getPrototypeOf(r2));
  });

  it("keys text() results by the driver's column names, unprocessed", () => {
    const compiled = text("select id, name from users").compile({ dialect });
    const result = createResult({ compiled, driverResult: driverResult(["id", "name"], [[1, "ed"]]) });
    expect(result.keys()).toEqual(["id", "name"]);
    expect(result.one()._asdict()).toEqual({ id: 1, name: "ed" });
  });

  it("text().columns() gives keys and processors", () => {
    const compiled = text("select id, name from users")
      .columns(users.c.id, users.c.name)
      .compile({ dialect });
    const row = createResult({ compiled, driverResult: driverResult(["id", "name"], [[1, "ed"]]) }).one();
    expect(row.name).toBe("ED");
  });

  it("matches by name when the driver returns other columns than compiled (test_compiled_star_doesnt_interfere_w_description)", () => {
    const compiled = select(users.c.name).compile({ dialect });
    const md = ResultMetadata.forCompiled(compiled, [{ name: "id" }, { name: "NAME" }, { name: "extra" }]);
    expect(md.keys).toEqual(["id", "name", "extra"]);
    const row = md.rowMaker([1, "ed", 3]) as Row;
    expect(row._asdict()).toEqual({ id: 1, name: "ED", extra: 3 });
  });

  it("a duplicate column of a compiled statement is keyed by its disambiguating label", () => {
    // As SQLAlchemy 2.0: SELECT users.id, addresses.id AS id_1 gives rows keyed id, id_1.
    const compiled = select(users.c.id, addresses.c.id).compile({ dialect });
    const result = createResult({ compiled, driverResult: driverResult(["id", "id_1"], [[1, 2]]) });
    const row = result.first() as Row;
    expect(row.id).toBe(1);
    expect(row.id_1).toBe(2);
    expect(row._t).toEqual([1, 2]);
  });

  it("duplicate names from the driver are ambiguous by name (test_ambiguous_column)", () => {
    const result = createResult({ driverResult: driverResult(["id", "id"], [[1, 2]]) });
    const row = result.first() as Row;
    expect(() => row.id).toThrow("Ambiguous column name 'id'");
    expect(row._t).toEqual([1, 2]);
  });
});

// ---------------------------------------------------------------------------------------
// Result (test_result.py ResultTest)
// ---------------------------------------------------------------------------------------

describe("Result", () => {
  it("class presented (test_class_presented)", () => {
    const r1 = fixture();
    expect(r1.columns(0, 1, 2)).toBeInstanceOf(Result);
    expect(r1.mappings().constructor.name).toBe("MappingResult");
    expect(r1.scalars(1).constructor.name).toBe("ScalarResult");
  });

  it("all, then all again is empty (test_all)", () => {
    const result = fixture();
    expect(tuples(result.all())).toEqual(DATA);
    expect(result.all()).toEqual([]);
  });

  it("rows are Row objects", () => {
    const row = fixture().first() as Row<ABC>;
    expect(isRow(row)).toBe(true);
    expect(row.b).toBe(1);
  });

  it("many then all (test_many_then_all)", () => {
    const result = fixture();
    expect(tuples(result.fetchmany(3))).toEqual(DATA.slice(0, 3));
    expect(tuples(result.all())).toEqual([[4, 1, 2]]);
    expect(result.all()).toEqual([]);
  });

  it("fetchmany() without a size gives all of a buffered result", () => {
    const result = fixture();
    expect(result.fetchmany()).toHaveLength(4);
    expect(result.fetchmany()).toEqual([]);
  });

  it("fetchone until the end, then close (test_fetchone_til_end)", () => {
    const result = fixture([[1, 2, 3]]);
    expect(result.fetchone()?._t).toEqual([1, 2, 3]);
    expect(result.fetchone()).toBeNull();
    expect(result.fetchone()).toBeNull();
    expect(result.closed).toBe(false);
    result.close();
    expect(result.closed).toBe(true);
    expect(() => result.fetchone()).toThrow(ResourceClosedError);
    expect(() => result.fetchone()).toThrow("This result object is closed.");
  });

  it("iterates; leaving a loop early keeps the rest (test_iterator_remains_unbroken)", () => {
    const result = fixture();
    const seen: unknown[] = [];
    for (const row of result) {
      seen.push(row._t);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(DATA.slice(0, 2));
    expect(tuples([...result])).toEqual(DATA.slice(2));
  });

  it("keys (test_keys)", () => {
    expect(fixture().keys()).toEqual(["a", "b", "c"]);
    const result = fixture();
    result.close();
    expect(result.keys()).toEqual(["a", "b", "c"]);
  });

  it("scalars (test_scalars)", () => {
    expect([...fixture().scalars()]).toEqual([1, 2, 1, 4]);
    expect([...fixture().scalars(2)]).toEqual([1, 2, 2, 2]);
    expect(fixture().scalars("b").all()).toEqual([1, 1, 3, 1]);
    expect(fixture().scalars(-1).all()).toEqual([1, 2, 2, 2]);
    expect(() => fixture().scalars("zz" as "a")).toThrow(NoSuchColumnError);
  });

  it("scalars and the base share the rows (test_scalar_plus_base, test_mapping_plus_base)", () => {
    const r1 = fixture();
    const s = r1.scalars();
    expect(r1.fetchone()?._t).toEqual([1, 1, 1]);
    expect(s.first()).toBe(2);
    const r2 = fixture();
    expect(r2.mappings().fetchone()).toEqual({ a: 1, b: 1, c: 1 });
    expect(r2.fetchone()?._t).toEqual([2, 1, 2]);
  });

  it("a scalar result has no fetchone (test_scalars_no_fetchone)", () => {
    const result = fixture();
    const s = result.scalars();
    expect("fetchone" in s).toBe(false);
    expect(result.mappings().fetchone()).toEqual({ a: 1, b: 1, c: 1 });
    expect(s.all()).toEqual([2, 1, 4]);
  });

  it("columns().mappings() (test_scalars_mappings)", () => {
    expect([...fixture().columns(0).mappings()]).toEqual([{ a: 1 }, { a: 2 }, { a: 1 }, { a: 4 }]);
  });

  it("first closes the result (test_first)", () => {
    const result = fixture();
    expect(result.first()?._t).toEqual([1, 1, 1]);
    expect(() => result.all()).toThrow(ResourceClosedError);
    expect(fixture([]).first()).toBeNull();
  });

  it("scalar closes the result (test_scalar)", () => {
    const result = fixture();
    expect(result.scalar()).toBe(1);
    expect(() => result.all()).toThrow(ResourceClosedError);
    expect(fixture([]).scalar()).toBeNull();
  });

  it("one (test_one, test_one_none, test_one_raise_mutiple)", () => {
    expect(fixture(DATA.slice(0, 1)).one()._t).toEqual([1, 1, 1]);
    expect(() => fixture([]).one()).toThrow(NoResultFound);
    expect(() => fixture([]).one()).toThrow("No row was found when one was required");
    expect(() => fixture(DATA.slice(0, 2)).one()).toThrow(MultipleResultsFound);
    expect(() => fixture(DATA.slice(0, 2)).one()).toThrow(
      "Multiple rows were found when exactly one was required",
    );
  });

  it("one closes the result, also when it raises", () => {
    const r1 = fixture(DATA.slice(0, 1));
    r1.one();
    expect(() => r1.fetchone()).toThrow("This result object is closed.");
    const r2 = fixture(DATA.slice(0, 2));
    expect(() => r2.one()).toThrow(MultipleResultsFound);
    expect(r2.closed).toBe(true);
  });

  it("oneOrNone (test_one_or_none, test_one_or_none_none, test_one_or_none_raise_multiple)", () => {
    expect(fixture(DATA.slice(0, 1)).oneOrNone()?._t).toEqual([1, 1, 1]);
    expect(fixture([]).oneOrNone()).toBeNull();
    expect(() => fixture(DATA.slice(0, 2)).oneOrNone()).toThrow(
      "Multiple rows were found when one or none was required",
    );
  });

  it("scalarOne, scalarOneOrNone (test_scalar_one, test_scalar_one_or_none)", () => {
    expect(fixture(DATA.slice(0, 1)).scalarOne()).toBe(1);
    expect(() => fixture([]).scalarOne()).toThrow(NoResultFound);
    expect(() => fixture(DATA.slice(0, 2)).scalarOne()).toThrow(MultipleResultsFound);
    expect(fixture(DATA.slice(0, 1)).scalarOneOrNone()).toBe(1);
    expect(fixture([]).scalarOneOrNone()).toBeNull();
  });

  it("scalars().one() (test_scalars_plus_one, test_scalars_plus_one_none)", () => {
    expect(fixture(DATA.slice(0, 1)).scalars().one()).toBe(1);
    expect(() => fixture([]).scalars().one()).toThrow("No row was found when one was required");
    expect(fixture([]).scalars().oneOrNone()).toBeNull();
  });

  it("one() on mappings (test_one_mapping, test_one_unique_mapping)", () => {
    expect(fixture(DATA.slice(0, 1)).mappings().one()).toEqual({ a: 1, b: 1, c: 1 });
    expect(
      fixture([
        [1, 1, 1],
        [1, 1, 1],
      ])
        .mappings()
        .unique()
        .one(),
    ).toEqual({ a: 1, b: 1, c: 1 });
  });

  it("partitions (test_partition)", () => {
    const result = fixture();
    const parts = [...result.partitions(2)].map(tuples);
    expect(parts).toEqual([DATA.slice(0, 2), DATA.slice(2)]);
    expect(result.all()).toEqual([]);
  });

  it("partitions with yieldPer (test_partition_yield_per, test_partition_unique_yield_per)", () => {
    const r1 = fixture();
    expect([...r1.yieldPer(2).partitions()].map(tuples)).toEqual([DATA.slice(0, 2), DATA.slice(2)]);
    expect(r1.all()).toEqual([]);
    const r2 = fixture();
    expect([...r2.unique().yieldPer(2).partitions()].map(tuples)).toEqual([DATA.slice(0, 2), DATA.slice(2)]);
    expect(r2.all()).toEqual([]);
    expect(() => fixture().yieldPer(0)).toThrow(InvalidRequestError);
  });

  it("partitions without a size give one partition of a buffered result", () => {
    expect([...fixture().partitions()].map((p) => p.length)).toEqual([4]);
  });

  it("columns (test_columns, test_columns_ints, test_columns_again)", () => {
    const r1 = fixture().columns("b", "c");
    expect(r1.keys()).toEqual(["b", "c"]);
    expect(tuples(r1.all())).toEqual([
      [1, 1],
      [1, 2],
      [3, 2],
      [1, 2],
    ]);
    expect(tuples(fixture().columns(1, -2).all())).toEqual([
      [1, 1],
      [1, 1],
      [3, 3],
      [1, 1],
    ]);
    expect(tuples(fixture().columns("b", "c", "a").columns(1, 2).all())).toEqual([
      [1, 1],
      [2, 2],
      [2, 1],
      [2, 4],
    ]);
    expect(() => fixture().columns("zz" as "a")).toThrow("Could not locate column in row for column 'zz'");
    expect(() => fixture().columns(5)).toThrow(NoSuchColumnError);
  });

  it("columns() rows have the sliced keys", () => {
    const row = fixture().columns("c", "a").first() as Row<{ c: number; a: number }>;
    expect(row._asdict()).toEqual({ c: 1, a: 1 });
    expect(row._fields).toEqual(["c", "a"]);
  });

  it("mappings (test_mappings, test_columns_with_mappings, test_mappings_with_columns)", () => {
    expect([...fixture().mappings()]).toEqual([
      { a: 1, b: 1, c: 1 },
      { a: 2, b: 1, c: 2 },
      { a: 1, b: 3, c: 2 },
      { a: 4, b: 1, c: 2 },
    ]);
    expect(fixture().columns("b", "c").mappings().all()).toEqual([
      { b: 1, c: 1 },
      { b: 1, c: 2 },
      { b: 3, c: 2 },
      { b: 1, c: 2 },
    ]);
    const result = fixture();
    const m1 = result.mappings().columns("b", "c");
    expect(m1.keys()).toEqual(["b", "c"]);
    expect(m1.fetchmany(2)).toEqual([
      { b: 1, c: 1 },
      { b: 1, c: 2 },
    ]);
    expect(result.fetchone()?._t).toEqual([1, 3, 2]);
    expect(m1.fetchone()).toEqual({ b: 1, c: 2 });
  });

  it("mappings are plain objects", () => {
    const m = fixture().mappings().first() as object;
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
  });

  it("mappings of ambiguous keys raise on the ambiguous key", () => {
    const m = resultFromRows(["x", "x", "y"], [[1, 2, 3]])
      .mappings()
      .one();
    expect(m.y).toBe(3);
    expect(() => m.x).toThrow("Ambiguous column name 'x'");
    expect(() => resultFromRows(["x", "x"], [[1, 2]]).scalars("x")).toThrow("Ambiguous column name 'x'");
  });

  it("scalars with nulls (test_scalar_none_iterate, _many, _all, _all_unique)", () => {
    const data = [
      [1, null, 2],
      [3, 4, 5],
      [3, null, 5],
      [3, null, 5],
      [3, 4, 5],
    ];
    expect([...fixture(data).scalars(1)]).toEqual([null, 4, null, null, 4]);
    const many = fixture(data).scalars(1);
    expect(many.fetchmany(3)).toEqual([null, 4, null]);
    expect(many.fetchmany(5)).toEqual([null, 4]);
    expect(fixture(data).scalars(1).all()).toEqual([null, 4, null, null, 4]);
    expect(fixture(data).scalars(1).unique().all()).toEqual([null, 4]);
  });

  it("scalars with null and unique: one, oneOrNone, first (test_scalar_none_one_w_unique ...)", () => {
    expect(
      fixture([[1, null, 2]])
        .scalars(1)
        .unique()
        .one(),
    ).toBeNull();
    expect(
      fixture([[1, null, 2]])
        .scalars(1)
        .unique()
        .oneOrNone(),
    ).toBeNull();
    expect(
      fixture([[1, null, 2]])
        .scalars(1)
        .unique()
        .first(),
    ).toBeNull();
    expect(
      fixture([[1, null, 2]])
        .unique()
        .scalarOne(),
    ).toBe(1);
    expect(
      fixture([[1, null, 2]])
        .unique()
        .scalars()
        .one(),
    ).toBe(1);
  });

  it("freeze (test_freeze, test_columns_freeze, test_columns_unique_freeze, test_scalars_freeze)", () => {
    const frozen = fixture().freeze();
    const r1 = frozen.result();
    expect(tuples(r1.fetchall())).toEqual(DATA);
    expect(r1.fetchall()).toEqual([]);
    const r2 = frozen.result();
    expect(tuples(r2.fetchall())).toEqual(DATA);

    const cf = fixture().columns("b", "c").freeze();
    expect(tuples(cf.result().fetchall())).toEqual([
      [1, 1],
      [1, 2],
      [3, 2],
      [1, 2],
    ]);
    expect(tuples(cf.result().unique().fetchall())).toEqual([
      [1, 1],
      [1, 2],
      [3, 2],
    ]);
    const uf = fixture().columns("b", "c").unique().freeze();
    expect(tuples(uf.result().fetchall())).toEqual([
      [1, 1],
      [1, 2],
      [3, 2],
    ]);
    const sf = fixture().freeze();
    expect(sf.result().scalars(1).fetchall()).toEqual([1, 1, 3, 1]);
    expect(sf.result().scalars(1).unique().fetchall()).toEqual([1, 3]);
  });

  it("a frozen result processes values anew for each result", () => {
    const compiled = select(users.c.tags).compile({ dialect });
    const frozen = createResult({ compiled, driverResult: driverResult(["tags"], [["a"]]) }).freeze();
    const s1 = frozen.result().scalar();
    const s2 = frozen.result().scalar();
    expect(s1).toEqual(new Set(["A"]));
    expect(s1).not.toBe(s2);
  });

  it("valueArrays(): processed values by position, converted in place; a frozen result's rows stay intact", () => {
    const compiled = select(users.c.id, users.c.tags).compile({ dialect });
    const rows = [
      [1, "a"],
      [2, "b"],
    ];
    const r = createResult({ compiled, driverResult: driverResult(["id", "tags"], rows) });
    const values = r.valueArrays().all();
    expect(values).toEqual([
      [1, new Set(["A"])],
      [2, new Set(["B"])],
    ]);
    // The driver's arrays themselves: nothing is allocated per row.
    expect(values[0]).toBe(rows[0]);

    const frozen = createResult({
      compiled,
      driverResult: driverResult(["id", "tags"], [[1, "a"]]),
    }).freeze();
    expect(frozen.result().valueArrays().all()).toEqual([[1, new Set(["A"])]]);
    expect(frozen.result().valueArrays().all()).toEqual([[1, new Set(["A"])]]);
    expect(tuples(frozen.result().all())).toEqual([[1, new Set(["A"])]]);
  });

  it("valueArrays() of reordered columns builds new arrays", () => {
    const rows = [[1, "x", 2]];
    const r = new Result(
      new ResultMetadata([
        { key: "c", index: 2, processor: undefined },
        { key: "a", index: 0, processor: (v: unknown) => (v as number) * 10 },
      ]),
      new BufferedSource(rows),
    );
    const values = r.valueArrays().all();
    expect(values).toEqual([[2, 10]]);
    expect(rows[0]).toEqual([1, "x", 2]);
  });

  it("is disposable", () => {
    const result = fixture();
    result[Symbol.dispose]();
    expect(() => result.all()).toThrow("This result object is closed.");
  });
});

// ---------------------------------------------------------------------------------------
// unique()
// ---------------------------------------------------------------------------------------

describe("unique", () => {
  const byA = (row: Row<ABC>) => row.a;

  it("by row value (test_one_unique, test_one_unique_tricky_one)", () => {
    const dupes = [
      [1, 1, 1],
      [1, 1, 1],
    ];
    expect(fixture(dupes).unique().one()._t).toEqual([1, 1, 1]);
    expect(() =>
      fixture([...dupes, [1, 1, 1], [2, 1, 1]])
        .unique()
        .one(),
    ).toThrow(MultipleResultsFound);
    expect(
      tuples(
        fixture([...dupes, [2, 1, 1], [1, 1, 1]])
          .unique()
          .all(),
      ),
    ).toEqual([
      [1, 1, 1],
      [2, 1, 1],
    ]);
  });

  it("scalars (test_unique_scalars_all, _many, _many_none, _iterate)", () => {
    expect(fixture().unique().scalars(1).all()).toEqual([1, 3]);
    const many = fixture().unique().scalars(1);
    expect(many.fetchmany(2)).toEqual([1, 3]);
    expect(many.fetchmany(2)).toEqual([]);
    const none = fixture().unique().scalars(1);
    expect(none.fetchmany()).toEqual([1, 3]);
    expect(none.fetchmany()).toEqual([]);
    expect([...fixture().unique().scalars(1)]).toEqual([1, 3]);
  });

  it("with a strategy (test_unique_filtered_all, _many, _iterate, test_unique_mappings_all)", () => {
    expect(tuples(fixture().unique(byA).all())).toEqual([
      [1, 1, 1],
      [2, 1, 2],
      [4, 1, 2],
    ]);
    const many = fixture().unique(byA);
    expect(tuples(many.fetchmany(2))).toEqual([
      [1, 1, 1],
      [2, 1, 2],
    ]);
    expect(tuples(many.fetchmany(2))).toEqual([[4, 1, 2]]);
    expect(many.fetchmany(2)).toEqual([]);
    expect(tuples([...fixture().unique(byA)])).toEqual([
      [1, 1, 1],
      [2, 1, 2],
      [4, 1, 2],
    ]);
    expect(
      fixture()
        .mappings()
        .unique((m) => m.a)
        .all(),
    ).toEqual([
      { a: 1, b: 1, c: 1 },
      { a: 2, b: 1, c: 2 },
      { a: 4, b: 1, c: 2 },
    ]);
  });

  it("a strategy returning an array compares element-wise", () => {
    const r = fixture().unique((row) => [row.b, row.c]);
    expect(tuples(r.all())).toEqual([
      [1, 1, 1],
      [2, 1, 2],
      [1, 3, 2],
    ]);
  });

  it("unique on a scalar view only (test_scalar_only_on_filter_w_unique)", () => {
    const result = fixture([
      [1, 1, 2],
      [3, 4, 5],
      [1, 1, 2],
      [3, null, 5],
      [3, 4, 5],
      [3, null, 5],
    ]);
    const us = result.scalars(0).unique();
    const it1 = us[Symbol.iterator]();
    const it2 = result[Symbol.iterator]();
    expect(it1.next().value).toBe(1);
    expect((it2.next().value as Row)._t).toEqual([3, 4, 5]);
    expect(it1.next().value).toBe(3);
    expect((it2.next().value as Row)._t).toEqual([3, 4, 5]);
    expect(us.all()).toEqual([]);
  });

  it("compares dates by time, JSON values by content, other objects by identity", () => {
    const entity = new (class Entity {})();
    const rows = [
      [new Date(1000), { x: [1] }, entity, new Uint8Array([1, 2])],
      [new Date(1000), { x: [1] }, entity, new Uint8Array([1, 2])],
      [new Date(2000), { x: [1] }, entity, new Uint8Array([1, 2])],
      [new Date(1000), { x: [2] }, entity, new Uint8Array([1, 2])],
      [new Date(1000), { x: [1] }, new (class Entity {})(), new Uint8Array([1, 2])],
      [new Date(1000), { x: [1] }, entity, new Uint8Array([1, 3])],
    ];
    expect(resultFromRows(["d", "j", "e", "b"], rows).unique().all()).toHaveLength(5);
    // a string never equals a date or a JSON value
    expect(
      resultFromRows(["v"], [["d1000"], [new Date(1000)], ['j{"a":1}'], [{ a: 1 }], [1], ["1"]])
        .scalars()
        .unique()
        .all(),
    ).toHaveLength(6);
  });
});

// ---------------------------------------------------------------------------------------
// Results without rows; INSERT results
// ---------------------------------------------------------------------------------------

describe("a result without rows (test_graceful_fetch_on_non_rows)", () => {
  const make = () =>
    createResult({ driverResult: driverResult(undefined, [], { rowcount: 3, lastrowid: 7 }) });
  const message = "This result object does not return rows. It has been closed automatically.";

  it.each([
    ["fetchone", (r: Result) => r.fetchone()],
    ["fetchall", (r: Result) => r.fetchall()],
    ["fetchmany", (r: Result) => r.fetchmany()],
    ["first", (r: Result) => r.first()],
    ["scalar", (r: Result) => r.scalar()],
    ["one", (r: Result) => r.one()],
    ["all", (r: Result) => r.all()],
    ["keys", (r: Result) => r.keys()],
    ["columns", (r: Result) => r.columns("user")],
    ["scalars", (r: Result) => r.scalars()],
    ["mappings", (r: Result) => r.mappings()],
    ["iterate", (r: Result) => [...r]],
    ["freeze", (r: Result) => r.freeze()],
  ])("%s raises", (_name, fn) => {
    const r = make();
    expect(() => fn(r)).toThrow(ResourceClosedError);
    expect(() => fn(r)).toThrow(message);
  });

  it("has rowcount and lastrowid, and is closed", () => {
    const r = make();
    expect(r.returnsRows).toBe(false);
    expect(r.rowcount).toBe(3);
    expect(r.lastrowid).toBe(7);
    expect(r.closed).toBe(true);
    r.close();
  });

  it("insertedPrimaryKey (test_empty_accessors)", () => {
    const r = make();
    expect(r.isInsert).toBe(false);
    expect(() => r.insertedPrimaryKey).toThrow("Statement is not an insert() expression construct.");
    r.insertedPrimaryKey = [5];
    expect(r.isInsert).toBe(true);
    expect(r.insertedPrimaryKey).toEqual([5]);
    expect(r.insertedPrimaryKeyRows).toEqual([[5]]);
    r.insertedPrimaryKeyRows = [[1], [2]];
    expect(() => r.insertedPrimaryKey).toThrow("executemany");
    const ins = createResult({ driverResult: driverResult(undefined, []), isInsert: true });
    expect(ins.insertedPrimaryKey).toEqual([]);
  });

  it("a SELECT result's rowcount defaults to -1", () => {
    expect(fixture().rowcount).toBe(-1);
    expect(fixture().returnsRows).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------
// Streaming from a cursor
// ---------------------------------------------------------------------------------------

describe("a result over a cursor", () => {
  it("grows its buffer 1, 5, 25, ... up to maxRowBuffer (test_buffered_row_growth)", () => {
    const { cursor, result } = cursorResult(200, { maxRowBuffer: 100 });
    let n = 0;
    for (const row of result) {
      expect(row.id).toBe(n);
      n++;
    }
    expect(n).toBe(200);
    expect(cursor.fetchSizes).toEqual([1, 5, 25, 100, 100, 100]);
    expect(cursor.closeCount).toBe(1); // released when exhausted
    expect(result.closed).toBe(false); // soft-closed: fetching gives nothing
    expect(result.all()).toEqual([]);
    expect(result.fetchone()).toBeNull();
  });

  it("yieldPer fixes the fetch size (test_buffered_fetchmany_yield_per)", () => {
    const { cursor, result } = cursorResult(10);
    result.yieldPer(4);
    expect(result.all().map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(cursor.fetchSizes).toEqual([4, 4, 4, 4]);
    const other = cursorResult(10, { yieldPer: 3 });
    expect([...other.result].length).toBe(10);
    expect(other.cursor.fetchSizes).toEqual([3, 3, 3, 3, 3]);
  });

  it("fetchmany(n) fetches what the buffer lacks (test_buffered_fetchmany_fixed)", () => {
    const { cursor, result } = cursorResult(50);
    expect(result.fetchone()?.id).toBe(0); // fetch(1)
    expect(result.fetchone()?.id).toBe(1); // fetch(5): 4 left buffered
    expect(result.fetchmany(7).map((r) => r.id)).toEqual([2, 3, 4, 5, 6, 7, 8]); // 4 buffered + fetch(3)
    expect(result.fetchmany(300)).toHaveLength(41); // fetch(300) gives 41, fetch(259) gives none
    expect(cursor.fetchSizes).toEqual([1, 5, 3, 300, 259]);
    expect(cursor.closeCount).toBe(1);
  });

  it("partitions(n) fetch n rows at a time", () => {
    const { cursor, result } = cursorResult(7);
    expect([...result.partitions(3)].map((p) => p.map((r) => r.id))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(cursor.fetchSizes).toEqual([3, 3, 3, 2]);
  });

  it("partitions() use yieldPer", () => {
    const { cursor, result } = cursorResult(5);
    expect([...result.yieldPer(2).partitions()].map((p) => p.length)).toEqual([2, 2, 1]);
    expect(cursor.fetchSizes).toEqual([2, 2, 2, 1]);
  });

  it("first() reads one row and closes the cursor", () => {
    const { cursor, result } = cursorResult(1000);
    expect(result.first()?.name).toBe("name0");
    expect(cursor.fetchSizes).toEqual([1]);
    expect(cursor.closeCount).toBe(1);
    expect(() => result.fetchone()).toThrow("This result object is closed.");
  });

  it("close() closes the cursor once", () => {
    const { cursor, result } = cursorResult(10);
    result.fetchone();
    result.close();
    result.close();
    expect(cursor.closeCount).toBe(1);
    expect(() => result.all()).toThrow(ResourceClosedError);
  });

  it("leaving a loop early keeps the buffered rows (test_iterator_remains_unbroken)", () => {
    const { result } = cursorResult(250, { yieldPer: 100 });
    let i = 0;
    for (const _ of result) if (++i === 189) break;
    const rest = [...result].map((r) => r.id);
    expect(rest[0]).toBe(189);
    expect(rest).toHaveLength(61);
  });

  it("processes rows as they are fetched", () => {
    const compiled = select(users.c.id, users.c.name).compile({ dialect });
    const cursor = new FakeCursor(
      [{ name: "id" }, { name: "name" }],
      [
        [1, "ed"],
        [2, "wendy"],
      ],
    );
    const result = createResult({ compiled, cursor });
    expect(result.scalars("name").all()).toEqual(["ED", "WENDY"]);
  });

  it("unique() over a cursor keeps fetching until enough distinct rows", () => {
    const cursor = new FakeCursor([{ name: "x" }], [[1], [1], [1], [2], [2], [3]]);
    const result = createResult({ cursor }).scalars().unique();
    expect(result.fetchmany(2)).toEqual([1, 2]);
    // fetch(2) gives 1, 1: one more is needed; fetch(1) gives a 1 again, then fetch(1) a 2
    expect(cursor.fetchSizes).toEqual([2, 1, 1]);
    expect(result.all()).toEqual([3]);
  });

  it("a fetch error propagates", () => {
    const cursor = new FakeCursor([{ name: "x" }], [[1]]);
    cursor.fetch = () => ({
      sync: () => {
        throw new Error("boom");
      },
    });
    const result = createResult({ cursor });
    expect(() => result.all()).toThrow("boom");
    expect(() => createResult({ cursor }).first()).toThrow("boom");
  });

  it("an async-only cursor refuses the sync API, and its operations run under an async runner", async () => {
    const cursor = new FakeCursor([{ name: "id" }, { name: "name" }], cursorRows(12), "async");
    const result = createResult<{ readonly id: number; readonly name: string }>({ cursor });
    expect(() => result.fetchone()).toThrow(AsyncOnlyError);

    const cursor2 = new FakeCursor([{ name: "id" }, { name: "name" }], cursorRows(12), "async");
    const r2 = createResult<{ readonly id: number; readonly name: string }>({ cursor: cursor2 });
    const first = await runAsync(r2.nextOp());
    expect(first.done === true ? undefined : first.value.id).toBe(0);
    expect((await runAsync(r2.fetchmanyOp(3))).map((r) => r.id)).toEqual([1, 2, 3]);
    expect((await runAsync(r2.scalars("name").allOp())).length).toBe(8);
    await runAsync(r2.closeOp());
    expect(cursor2.closeCount).toBe(1);
    expect(r2.closed).toBe(true);
  });

  it("CursorSource and BufferedSource can be used directly", () => {
    const md = ResultMetadata.fromKeys(["a"]);
    const r1 = new Result<{ a: number }>(md, new BufferedSource([[1], [2]]));
    expect(r1.scalars().all()).toEqual([1, 2]);
    const src = new CursorSource(new FakeCursor([{ name: "a" }], [[1], [2]]));
    expect(src.bufferSize).toBe(1);
    expect(new Result<{ a: number }>(md, src).scalars().all()).toEqual([1, 2]);
  });
});

// ---------------------------------------------------------------------------------------
// Row building speed
// ---------------------------------------------------------------------------------------

describe("row building", () => {
  it("builds 20,000 rows of 5 columns about as fast as object literals", () => {
    const N = 20_000;
    const raw: unknown[][] = [];
    for (let i = 0; i < N; i++) raw.push([i, `name${i}`, i * 1.5, i % 2 === 0, `x${i}`]);
    const columns = ["a", "b", "c", "d", "e"].map((name) => ({ name }));
    const dr: DriverResult = { columns, rows: raw, rowcount: -1 };
    const literal = () => raw.map((r) => ({ a: r[0], b: r[1], c: r[2], d: r[3], e: r[4] }));
    const rows = () => Result.fromDriverResult(dr).all();
    const time = (fn: () => unknown) => {
      for (let i = 0; i < 30; i++) fn();
      const samples: number[] = [];
      for (let k = 0; k < 9; k++) {
        const t0 = performance.now();
        for (let i = 0; i < 10; i++) fn();
        samples.push(performance.now() - t0);
      }
      samples.sort((x, y) => x - y);
      return samples[4] as number;
    };
    // Interleave to even out warm-up and GC.
    time(literal);
    time(rows);
    const tLiteral = time(literal);
    const tRows = time(rows);
    const ratio = tRows / tLiteral;
    console.log(
      `row build: Result.all() ${(tRows / 10).toFixed(2)} ms vs literals ${(tLiteral / 10).toFixed(2)} ms per 20k rows; ratio ${ratio.toFixed(2)}`,
    );
    expect(rows()[N - 1]?.e).toBe(`x${N - 1}`);
    expect(ratio).toBeLessThan(3);
  });
});
