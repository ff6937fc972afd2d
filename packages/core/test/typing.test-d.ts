/**
 * Type-level tests: rows typed from columns, nullability, labels, insert
 * values with required and optional keys, operator operand types.
 */
import { describe, expectTypeOf, test } from "vitest";
import {
  Column,
  DateTime,
  ForeignKey,
  func,
  Integer,
  insert,
  MetaData,
  Numeric,
  String,
  select,
  Table,
  update,
} from "../src/index.js";

const metadata = new MetaData();
const user = new Table("user_account", metadata, {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(String(30), { nullable: false }),
  fullname: new Column(String()),
  createdAt: new Column(DateTime, { nullable: false, serverDefault: "now()" }),
  balance: new Column(Numeric(10, 2), { nullable: false, default: "0" }),
});
const address = new Table("address", metadata, {
  id: new Column(Integer, { primaryKey: true }),
  userId: new Column(Integer, { nullable: false, foreignKey: "user_account.id" }),
  email: new Column(String(), { nullable: false }),
  other: new Column(new ForeignKey("user_account.id")),
});

describe("columns", () => {
  test("nullability follows SQLAlchemy's rule", () => {
    expectTypeOf(user.c.id.__ts).toEqualTypeOf<number>();
    expectTypeOf(user.c.name.__ts).toEqualTypeOf<string>();
    expectTypeOf(user.c.fullname.__ts).toEqualTypeOf<string | null>();
    expectTypeOf(user.c.createdAt.__ts).toEqualTypeOf<Date>();
    // Numeric values are exact decimal strings.
    expectTypeOf(user.c.balance.__ts).toEqualTypeOf<string>();
  });
  test("the table knows its name", () => {
    expectTypeOf(user.name).toEqualTypeOf<"user_account">();
  });
});

describe("select rows", () => {
  test("rows are keyed by column key", () => {
    const stmt = select(user.c.id, user.c.name);
    expectTypeOf(stmt.__row).toEqualTypeOf<{ readonly id: number; readonly name: string }>();
  });
  test("nullable columns include null", () => {
    expectTypeOf(select(user.c.fullname).__row).toEqualTypeOf<{ readonly fullname: string | null }>();
  });
  test("labels rename keys", () => {
    const stmt = select(user.c.name.label("userName"), func.count(address.c.id).label("n"));
    expectTypeOf(stmt.__row).toEqualTypeOf<{ readonly userName: string; readonly n: number }>();
  });
  test("a whole table selects every column", () => {
    const row = select(address).__row;
    expectTypeOf(row).toHaveProperty("id").toEqualTypeOf<number>();
    expectTypeOf(row).toHaveProperty("userId").toEqualTypeOf<number>();
    expectTypeOf(row).toHaveProperty("email").toEqualTypeOf<string>();
    // A column declared by its foreign key alone is typed from no type argument: unknown.
    expectTypeOf(row).toHaveProperty("other").toBeUnknown();
    expectTypeOf<keyof typeof row>().toEqualTypeOf<"id" | "userId" | "email" | "other">();
  });
  test("known functions carry their result types", () => {
    expectTypeOf(select(func.count()).__row).toEqualTypeOf<{ readonly count: number }>();
    expectTypeOf(select(func.max(user.c.id)).__row).toEqualTypeOf<{ readonly max: number }>();
  });
  test("generative methods keep the row type", () => {
    const stmt = select(user.c.id).where(user.c.name.eq("x")).orderBy(user.c.id).limit(3);
    expectTypeOf(stmt.__row).toEqualTypeOf<{ readonly id: number }>();
  });
  test("subquery columns are typed", () => {
    const sq = select(user.c.id, user.c.name).subquery();
    expectTypeOf(sq.c.name.__ts).toEqualTypeOf<string>();
  });
});

describe("operators", () => {
  test("comparisons take the column's value type", () => {
    user.c.name.eq("spongebob");
    user.c.id.in([1, 2, 3]);
    user.c.fullname.eq(null);
    // @ts-expect-error a number is not a name
    user.c.name.eq(1);
  });
  test("LIKE exists on string columns only", () => {
    user.c.name.like("s%");
    // @ts-expect-error LIKE on an integer column
    user.c.id.like("1%");
  });
  test("comparisons are boolean expressions", () => {
    expectTypeOf(user.c.id.gt(5).__ts).toEqualTypeOf<boolean>();
  });
});

describe("insert values", () => {
  test("required keys are the NOT NULL columns without defaults", () => {
    insert(user).values({ name: "spongebob" });
    insert(user).values({ name: "x", fullname: null, id: 5 });
    // @ts-expect-error 'name' is required
    insert(user).values({ fullname: "x" });
  });
  test("values are typed", () => {
    // @ts-expect-error name is a string
    insert(user).values({ name: 5 });
  });
  test("update takes any subset", () => {
    update(user).values({ fullname: "x" });
    // @ts-expect-error no such column
    update(user).values({ nope: 1 });
  });
});
