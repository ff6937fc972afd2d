/**
 * Type-level tests of the declarative mapping: instance types, mutual and
 * self-referential relationships, constructor arguments, class-level
 * expressions and ORM-enabled selects.
 */
import { type ColumnElement, createEngine, Integer, String, select } from "@athanor/core";
import { declarativeBase, mappedColumn, type OrmScalarResult, relationship, Session } from "@athanor/orm";
import { describe, expectTypeOf, test } from "vitest";
import { Address, Node, User } from "./models.js";

const session = new Session(createEngine("sqlite://"));

describe("instances", () => {
  test("attribute types are inferred from the mapping", () => {
    const u = new User({ name: "spongebob" });
    expectTypeOf(u.id).toEqualTypeOf<number>();
    expectTypeOf(u.name).toEqualTypeOf<string>();
    expectTypeOf(u.fullname).toEqualTypeOf<string | null>();
    expectTypeOf(u.toString()).toEqualTypeOf<string>();
    expectTypeOf<InstanceType<typeof User>>().toEqualTypeOf<User>();
  });
  test("User <-> Address relationships type both ways", () => {
    const u = new User({ name: "x" });
    const a = new Address({ emailAddress: "a@b.c" });
    expectTypeOf(u.addresses).toEqualTypeOf<Address[]>();
    expectTypeOf(a.user).toEqualTypeOf<User | null>();
    expectTypeOf(a.userId).toEqualTypeOf<number>();
  });
  test("relationship values are checked", () => {
    const u = new User({ name: "x" });
    // Typed per the mapping; at runtime the item's class is checked too (ArgumentError).
    expectTypeOf<ConstructorParameters<typeof Address>[0]["user"]>().toEqualTypeOf<User | null | undefined>();
    // @ts-expect-error a Node is not a User
    new Address({ emailAddress: "a", user: new Node() });
    // @ts-expect-error a collection takes an array
    u.addresses = new Address({ emailAddress: "a" });
  });
  test("relationship operators and joins", () => {
    const u = new User({ name: "x" });
    expectTypeOf(User.addresses.any(Address.emailAddress.eq("a"))).toEqualTypeOf<ColumnElement<boolean>>();
    expectTypeOf(Address.user.has()).toEqualTypeOf<ColumnElement<boolean>>();
    expectTypeOf(Address.user.eq(u)).toEqualTypeOf<ColumnElement<boolean>>();
    expectTypeOf(User.addresses.onclause).toEqualTypeOf<ColumnElement<boolean>>();
    expectTypeOf(session.scalars(select(User).join(User.addresses)).all()).toEqualTypeOf<User[]>();
  });
  test("self-referential Node", () => {
    const n = new Node({});
    expectTypeOf(n.parent).toEqualTypeOf<Node | null>();
    expectTypeOf(n.children).toEqualTypeOf<Node[]>();
    expectTypeOf(n.parentId).toEqualTypeOf<number | null>();
    expectTypeOf(n.children[0]?.parent).toEqualTypeOf<Node | null | undefined>();
  });
  test("assignments are checked", () => {
    const u = new User({ name: "x" });
    // @ts-expect-error name is NOT NULL
    u.name = null;
    u.fullname = null;
  });
});

describe("constructor", () => {
  test("required NOT NULL columns without default", () => {
    new User({ name: "x" });
    new User({ name: "x", fullname: "y", id: 5 });
    // @ts-expect-error 'name' is required
    new User({ fullname: "y" });
    // @ts-expect-error 'name' is required
    new User();
    // @ts-expect-error emailAddress is required; the FK column userId is optional
    new Address({ userId: 1 });
    new Address({ emailAddress: "a@b.c" });
    // @ts-expect-error wrong value type
    new User({ name: 1 });
    // Nothing is required on Node.
    new Node();
  });
});

describe("class-level attributes", () => {
  test("columns are SQL expressions", () => {
    expectTypeOf(User.name).toExtend<ColumnElement<string, "name">>();
    expectTypeOf(User.name.eq("x")).toEqualTypeOf<ColumnElement<boolean>>();
    // @ts-expect-error a number is not a string
    User.name.eq(1);
    expectTypeOf(User.name.like("%x")).toEqualTypeOf<ColumnElement<boolean>>();
    // @ts-expect-error like() is only for strings
    User.id.like("%x");
  });
  test("select of columns gives keyed rows", () => {
    const stmt = select(User.id, User.name).orderBy(User.id);
    expectTypeOf(stmt.__row).toEqualTypeOf<{ readonly id: number; readonly name: string }>();
    expectTypeOf(session.execute(stmt).one().name).toEqualTypeOf<string>();
  });
  test("select(User) gives User instances", () => {
    const stmt = select(User).where(User.name.eq("x"));
    expectTypeOf(session.scalars(stmt)).toEqualTypeOf<OrmScalarResult<User>>();
    expectTypeOf(session.scalars(stmt).all()).toEqualTypeOf<User[]>();
    expectTypeOf(session.scalar(stmt)).toEqualTypeOf<User | null>();
    expectTypeOf(session.get(User, 1)).toEqualTypeOf<User | null>();
  });
  test("select(User, Address.emailAddress) gives tuples", () => {
    const rows = session.execute(select(User, Address.emailAddress).join(Address)).all();
    expectTypeOf(rows).toEqualTypeOf<(readonly [User, string])[]>();
  });
});

describe("errors stay local", () => {
  test("a relationship to a non-class is rejected where it is read", () => {
    const Base = declarativeBase();
    class Bad extends Base.mapped("bad", {
      id: mappedColumn(Integer, { primaryKey: true }),
      label: mappedColumn(String(), { nullable: false }),
      other: relationship(() => 5),
    }) {}
    expectTypeOf(new Bad({ label: "x" }).label).toEqualTypeOf<string>();
    expectTypeOf(new Bad({ label: "x" }).other).toEqualTypeOf<null>();
  });
});
