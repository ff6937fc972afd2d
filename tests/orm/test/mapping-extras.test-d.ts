/**
 * Type-level tests of inheritance (`mappedSubclass`), `synonym`,
 * `composite`, imperative mapping, `aliased` and `withParent`.
 */
import {
  Column,
  type ColumnElement,
  createEngine,
  Integer,
  MetaData,
  String,
  select,
  Table,
} from "@athanor/core";
import {
  aliased,
  type CompositeAttribute,
  composite,
  declarativeBase,
  type InstrumentedAttribute,
  mappedColumn,
  Registry,
  type RelationshipAttribute,
  Session,
  type SubclassOptions,
  synonym,
  withParent,
} from "@athanor/orm";
import { describe, expectTypeOf, test } from "vitest";
import {
  Boss,
  Company,
  Developer,
  Engineer,
  JuniorEngineer,
  Manager,
  Person,
  Staff,
} from "./inheritance-models.js";
import { Address, User } from "./models.js";

const session = new Session(createEngine("sqlite://"));

describe("inheritance", () => {
  test("a subclass instance has the base's attributes and methods and its own", () => {
    const e = new Engineer({ name: "x", primaryLanguage: "ts" });
    expectTypeOf(e.name).toEqualTypeOf<string | null>();
    expectTypeOf(e.type).toEqualTypeOf<string>();
    expectTypeOf(e.primaryLanguage).toEqualTypeOf<string | null>();
    expectTypeOf(e.company).toEqualTypeOf<Company | null>();
    expectTypeOf(e.describe()).toEqualTypeOf<string>();
    expectTypeOf(e.greet()).toEqualTypeOf<string>();
    expectTypeOf(e).toMatchTypeOf<Person>();
    const j = new JuniorEngineer({ mentorName: "m" });
    expectTypeOf(j.primaryLanguage).toEqualTypeOf<string | null>();
    expectTypeOf(j.mentorName).toEqualTypeOf<string | null>();
    expectTypeOf(j).toMatchTypeOf<Engineer>();
    // @ts-expect-error a Manager has no primaryLanguage
    new Manager({ primaryLanguage: "x" });
    // @ts-expect-error wrong value type
    new Engineer({ primaryLanguage: 1 });
  });

  test("the discriminator is optional in constructors; other required columns stay required", () => {
    expectTypeOf(new Person()).toEqualTypeOf<Person>();
    const B = declarativeBase();
    class P extends B.mapped(
      "p",
      {
        id: mappedColumn(Integer, { primaryKey: true }),
        kind: mappedColumn(String(10), { nullable: false }),
        title: mappedColumn(String(10), { nullable: false }),
      },
      { polymorphicOn: "kind", polymorphicIdentity: "p" },
    ) {}
    new P({ title: "t" });
    // @ts-expect-error title is required
    new P({});
    class Q extends P.mappedSubclass({ extra: mappedColumn(Integer) }, { polymorphicIdentity: "q" }) {}
    new Q({ title: "t", extra: 1 });
    // @ts-expect-error title is still required in the subclass
    new Q({ extra: 1 });
  });

  test("class-level attributes of a subclass are SQL expressions; selects yield the subclass", () => {
    expectTypeOf(Engineer.primaryLanguage).toEqualTypeOf<
      InstrumentedAttribute<string | null, "primaryLanguage">
    >();
    expectTypeOf(Engineer.name).toEqualTypeOf<InstrumentedAttribute<string | null, "name">>();
    expectTypeOf(Engineer.company).toEqualTypeOf<RelationshipAttribute<"company">>();
    expectTypeOf(Developer.language.eq("go")).toEqualTypeOf<ColumnElement<boolean>>();
    expectTypeOf(session.scalars(select(Engineer)).all()).toEqualTypeOf<Engineer[]>();
    expectTypeOf(session.scalars(select(Staff)).all()).toEqualTypeOf<Staff[]>();
    expectTypeOf(session.get(Boss, 1)).toEqualTypeOf<Boss | null>();
    expectTypeOf(new Company({ name: "c" }).engineers).toEqualTypeOf<Engineer[]>();
  });
});

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

const Base = declarativeBase();
class Vertex extends Base.mapped("vertices", {
  id: mappedColumn(Integer, { primaryKey: true }),
  x1: mappedColumn(Integer),
  y1: mappedColumn(Integer),
  x2: mappedColumn(Integer, { nullable: false }),
  y2: mappedColumn(Integer, { nullable: false }),
  start: composite(Point, { x: "x1", y: "y1" }),
  end: composite(Point, { x: "x2", y: "y2" }),
  userName: mappedColumn(String(30), { name: "user_name" }),
  label: synonym("userName"),
}) {}

describe("composite and synonym", () => {
  test("a composite's value is its class, nullable when a column is", () => {
    const v = new Vertex({ end: new Point(1, 2) });
    expectTypeOf(v.start).toEqualTypeOf<Point | null>();
    expectTypeOf(v.end).toEqualTypeOf<Point>();
    expectTypeOf(Vertex.start).toEqualTypeOf<CompositeAttribute<Point>>();
    expectTypeOf(Vertex.start.eq(new Point(3, 4))).toEqualTypeOf<ColumnElement<boolean>>();
    // @ts-expect-error a composite compares with its class
    Vertex.start.eq(3);
    // @ts-expect-error a composite field must exist on the class
    composite(Point, { z: "x1" });
    // @ts-expect-error end is not nullable
    v.end = null;
  });

  test("a synonym has its target's types, on instances and at class level", () => {
    const v = new Vertex({ x2: 1, y2: 2, label: "x" });
    expectTypeOf(v.label).toEqualTypeOf<string | null>();
    expectTypeOf(Vertex.label).toEqualTypeOf<InstrumentedAttribute<string | null, "userName">>();
    // @ts-expect-error a synonym takes its target's type
    v.label = 5;
  });
});

describe("imperative mapping", () => {
  test("the returned class has the table's columns; selects yield the plain class", () => {
    const registry = new Registry(new MetaData());
    const t = new Table("things", registry.metadata, {
      id: new Column(Integer, { primaryKey: true }),
      title: new Column(String(30)),
    });
    class Thing {
      declare id: number;
      declare title: string | null;
    }
    const Mapped = registry.mapImperatively(Thing, t);
    expectTypeOf(Mapped.title.eq("x")).toEqualTypeOf<ColumnElement<boolean>>();
    expectTypeOf(session.scalars(select(Mapped)).all()).toEqualTypeOf<Thing[]>();
    expectTypeOf(new Mapped()).toEqualTypeOf<Thing>();
  });
});

describe("aliased and withParent", () => {
  test("an alias is typed as its class", () => {
    const a = aliased(User, { name: "u2" });
    expectTypeOf(a.name.eq("x")).toEqualTypeOf<ColumnElement<boolean>>();
    expectTypeOf(session.execute(select(User, a)).all()).toEqualTypeOf<(readonly [User, User])[]>();
    expectTypeOf(session.scalars(select(a)).all()).toEqualTypeOf<User[]>();
    select(User).join(User.addresses.of(aliased(Address)));
    // @ts-expect-error aliased takes a mapped class
    aliased(Point);
  });

  test("withParent is a criterion", () => {
    const u = new User({ name: "x" });
    expectTypeOf(withParent(u, User.addresses)).toEqualTypeOf<ColumnElement<boolean>>();
    select(Address).where(withParent(u, User.addresses));
    // @ts-expect-error the second argument is a relationship
    withParent(u, User.name);
  });
});

describe("subclass options", () => {
  test('polymorphicLoad takes "selectin" only', () => {
    expectTypeOf<SubclassOptions["polymorphicLoad"]>().toEqualTypeOf<"selectin" | undefined>();
    // @ts-expect-error "inline" is not built
    const inline: SubclassOptions = { polymorphicLoad: "inline" };
    void inline;
  });
});
