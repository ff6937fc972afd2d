/**
 * Type-level tests of Result and Row: rows typed from `select()`, scalars,
 * mappings, columns(), and the row methods.
 */
import { describe, expectTypeOf, test } from "vitest";
import type { Op } from "../src/engine/effects.js";
import type { FrozenResult, MappingResult, Result, ScalarResult } from "../src/engine/result.js";
import type { AnyRow, Row, RowMapping } from "../src/engine/row.js";
import { Column, Integer, MetaData, String, select, Table } from "../src/index.js";

const metadata = new MetaData();
const user = new Table("user_account", metadata, {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(String(30), { nullable: false }),
  fullname: new Column(String()),
});

const stmt = select(user.c.id, user.c.name, user.c.fullname);
type UserRow = typeof stmt.__row;
declare const result: Result<UserRow>;

const one = select(user.c.name);
declare const names: Result<typeof one.__row>;

describe("Result<R>", () => {
  test("rows are R plus the row methods", () => {
    const row = result.one();
    expectTypeOf(row).toEqualTypeOf<Row<UserRow>>();
    expectTypeOf(row.id).toEqualTypeOf<number>();
    expectTypeOf(row.name).toEqualTypeOf<string>();
    expectTypeOf(row.fullname).toEqualTypeOf<string | null>();
    expectTypeOf(row).toMatchTypeOf<{ readonly id: number; readonly name: string }>();
    // @ts-expect-error rows are read-only
    row.id = 2;
    // @ts-expect-error no such column
    row.nope;
  });

  test("row methods", () => {
    const row = result.one();
    expectTypeOf(row._t).toEqualTypeOf<(number | string | null)[]>();
    expectTypeOf(row._tuple()).toEqualTypeOf<(number | string | null)[]>();
    expectTypeOf(row._at(0)).toEqualTypeOf<number | string | null | undefined>();
    expectTypeOf(row._fields).toEqualTypeOf<readonly ("id" | "name" | "fullname")[]>();
    expectTypeOf(row._mapping).toEqualTypeOf<RowMapping<UserRow>>();
    expectTypeOf(row._mapping.get("name")).toEqualTypeOf<string>();
    // @ts-expect-error no such key
    row._mapping.get("nope");
    expectTypeOf(row._asdict()).toEqualTypeOf<{ id: number; name: string; fullname: string | null }>();
    const spread = [...row];
    expectTypeOf(spread).toEqualTypeOf<(number | string | null)[]>();
  });

  test("fetching", () => {
    expectTypeOf(result.all()).toEqualTypeOf<Row<UserRow>[]>();
    expectTypeOf(result.fetchall()).toEqualTypeOf<Row<UserRow>[]>();
    expectTypeOf(result.fetchmany(2)).toEqualTypeOf<Row<UserRow>[]>();
    expectTypeOf(result.fetchone()).toEqualTypeOf<Row<UserRow> | null>();
    expectTypeOf(result.first()).toEqualTypeOf<Row<UserRow> | null>();
    expectTypeOf(result.oneOrNone()).toEqualTypeOf<Row<UserRow> | null>();
    expectTypeOf(result.partitions()).toEqualTypeOf<Generator<Row<UserRow>[], void, undefined>>();
    for (const row of result) expectTypeOf(row).toEqualTypeOf<Row<UserRow>>();
    expectTypeOf(result.unique()).toEqualTypeOf<Result<UserRow>>();
    expectTypeOf(result.yieldPer(10)).toEqualTypeOf<Result<UserRow>>();
    expectTypeOf(result.freeze()).toEqualTypeOf<FrozenResult<UserRow>>();
    expectTypeOf(result.keys()).toEqualTypeOf<string[]>();
  });

  test("operations for runners", () => {
    expectTypeOf(result.allOp()).toEqualTypeOf<Op<Row<UserRow>[]>>();
    expectTypeOf(result.fetchmanyOp(2)).toEqualTypeOf<Op<Row<UserRow>[]>>();
    expectTypeOf(result.fetchoneOp()).toEqualTypeOf<Op<Row<UserRow> | null>>();
    expectTypeOf(result.nextOp()).toEqualTypeOf<Op<IteratorResult<Row<UserRow>, undefined>>>();
    expectTypeOf(result.oneOp()).toEqualTypeOf<Op<Row<UserRow>>>();
    expectTypeOf(result.closeOp()).toEqualTypeOf<Op<void>>();
  });

  test("scalars: by key exactly; the first column as the union of the value types", () => {
    expectTypeOf(result.scalars("name")).toEqualTypeOf<ScalarResult<string>>();
    expectTypeOf(result.scalars("fullname").all()).toEqualTypeOf<(string | null)[]>();
    expectTypeOf(result.scalars()).toEqualTypeOf<ScalarResult<number | string | null>>();
    expectTypeOf(result.scalars(1)).toEqualTypeOf<ScalarResult<number | string | null>>();
    // @ts-expect-error no such key
    result.scalars("nope");
    // one column: exact
    expectTypeOf(names.scalars().all()).toEqualTypeOf<string[]>();
    expectTypeOf(names.scalar()).toEqualTypeOf<string | null>();
    expectTypeOf(names.scalarOne()).toEqualTypeOf<string>();
    expectTypeOf(names.scalarOneOrNone()).toEqualTypeOf<string | null>();
    expectTypeOf(names.scalars().first()).toEqualTypeOf<string | null>();
    expectTypeOf(names.scalars().one()).toEqualTypeOf<string>();
    expectTypeOf(names.scalars().unique()).toEqualTypeOf<ScalarResult<string>>();
  });

  test("a scalar result has no fetchone", () => {
    // @ts-expect-error SQLAlchemy's ScalarResult has no fetchone
    names.scalars().fetchone();
  });

  test("mappings are plain objects of R", () => {
    expectTypeOf(result.mappings()).toEqualTypeOf<MappingResult<UserRow>>();
    const m = result.mappings().one();
    expectTypeOf(m).toEqualTypeOf<UserRow>();
    expectTypeOf(m.name).toEqualTypeOf<string>();
    expectTypeOf(result.mappings().fetchone()).toEqualTypeOf<UserRow | null>();
    expectTypeOf(result.mappings().columns("id").one()).toEqualTypeOf<Pick<UserRow, "id">>();
  });

  test("columns() by key narrows the row; by position gives untyped rows", () => {
    const r = result.columns("name", "id");
    expectTypeOf(r).toEqualTypeOf<Result<Pick<UserRow, "name" | "id">>>();
    expectTypeOf(r.one().name).toEqualTypeOf<string>();
    // @ts-expect-error fullname was left out
    r.one().fullname;
    expectTypeOf(result.columns(0, 1)).toEqualTypeOf<Result<AnyRow>>();
    expectTypeOf(result.columns(0).one().anything).toEqualTypeOf<unknown>();
  });

  test("unique strategies see the items", () => {
    result.unique((row) => {
      expectTypeOf(row).toEqualTypeOf<Row<UserRow>>();
      return row.id;
    });
    names.scalars().unique((v) => {
      expectTypeOf(v).toEqualTypeOf<string>();
      return v.toLowerCase();
    });
  });

  test("untyped results", () => {
    const r = {} as Result;
    const row = r.one();
    expectTypeOf(row.anything).toEqualTypeOf<unknown>();
    expectTypeOf(row._mapping).toEqualTypeOf<RowMapping<AnyRow>>();
    expectTypeOf(r.rowcount).toEqualTypeOf<number>();
    expectTypeOf(r.lastrowid).toEqualTypeOf<number | bigint | undefined>();
    expectTypeOf(r.insertedPrimaryKey).toEqualTypeOf<readonly unknown[]>();
    expectTypeOf(r.returnsRows).toEqualTypeOf<boolean>();
  });
});
