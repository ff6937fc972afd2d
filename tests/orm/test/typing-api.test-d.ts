/**
 * Type-level tests of the ORM's public API as a user meets it: what
 * `Session` returns for each kind of select, relationship attribute types,
 * constructor arguments, instance state and ORM results, and the errors a
 * typo gets.
 */
import {
  type ColumnElement,
  createEngine,
  func,
  Integer,
  type Result,
  type Row,
  type ScalarResult,
  String,
  select,
} from "@athanor/core";
import {
  declarativeBase,
  type InitArgs,
  type InitOf,
  type InstanceState,
  type InstanceStatus,
  instanceState,
  mappedColumn,
  type OrmResult,
  type OrmScalarResult,
  relationship,
  Session,
  sessionmaker,
} from "@athanor/orm";
import { describe, expectTypeOf, test } from "vitest";
import { Address, Child, Node, Parent, User } from "./models.js";

const engine = createEngine("sqlite://");
const session = new Session(engine);

describe("session.execute", () => {
  test("select(User, Address) gives tuple rows of objects", () => {
    const result = session.execute(select(User, Address).join(User.addresses));
    expectTypeOf(result).toEqualTypeOf<OrmResult<readonly [User, Address]>>();
    expectTypeOf(result.all()).toEqualTypeOf<(readonly [User, Address])[]>();
    const [u, a] = result.one();
    expectTypeOf(u).toEqualTypeOf<User>();
    expectTypeOf(a).toEqualTypeOf<Address>();
  });
  test("an entity with columns gives a tuple mixing both", () => {
    const row = session.execute(select(User, Address.emailAddress, User.id).join(User.addresses)).first();
    expectTypeOf(row).toEqualTypeOf<readonly [User, string, number] | null>();
  });
  test("columns only give Core rows through the session", () => {
    const result = session.execute(select(User.name, Address.emailAddress).join(User.addresses));
    expectTypeOf(result).toEqualTypeOf<Result<{ readonly name: string; readonly emailAddress: string }>>();
    const row = result.one();
    expectTypeOf(row).toEqualTypeOf<Row<{ readonly name: string; readonly emailAddress: string }>>();
    expectTypeOf(row.name).toEqualTypeOf<string>();
    expectTypeOf(row.emailAddress).toEqualTypeOf<string>();
    // @ts-expect-error no such column in the row
    row.fullname;
  });
  test("nullable columns stay nullable in rows", () => {
    const row = session.execute(select(User.fullname, Node.parentId)).one();
    expectTypeOf(row.fullname).toEqualTypeOf<string | null>();
    expectTypeOf(row.parentId).toEqualTypeOf<number | null>();
  });
  test("labels name row keys", () => {
    const row = session.execute(select(User.name.label("userName"), func.count(Address.id).label("n"))).one();
    expectTypeOf(row.userName).toEqualTypeOf<string>();
    expectTypeOf(row.n).toEqualTypeOf<number>();
  });
});

describe("session.scalars / scalar / get", () => {
  test("scalars(select(User)).all() is User[]", () => {
    expectTypeOf(session.scalars(select(User)).all()).toEqualTypeOf<User[]>();
    expectTypeOf(
      session.scalars(select(Address).where(Address.userId.eq(1))).first(),
    ).toEqualTypeOf<Address | null>();
  });
  test("scalars of a column select is the first column's values", () => {
    expectTypeOf(session.scalars(select(User.name))).toEqualTypeOf<ScalarResult<string>>();
    expectTypeOf(session.scalars(select(User.name)).all()).toEqualTypeOf<string[]>();
  });
  test("scalar(select(func.count())) is a number or null", () => {
    expectTypeOf(session.scalar(select(func.count()).selectFrom(User.__mapper__.table))).toEqualTypeOf<
      number | null
    >();
    expectTypeOf(session.scalar(select(func.count(User.id)))).toEqualTypeOf<number | null>();
    expectTypeOf(session.scalar(select(User).where(User.id.eq(1)))).toEqualTypeOf<User | null>();
  });
  test("get(User, pk) is User | null", () => {
    expectTypeOf(session.get(User, 1)).toEqualTypeOf<User | null>();
    expectTypeOf(session.get(Node, [1])).toEqualTypeOf<Node | null>();
    expectTypeOf(session.get(Address, { id: 1 })).toEqualTypeOf<Address | null>();
    // @ts-expect-error an instance is not a mapped class
    session.get(new User({ name: "x" }), 1);
    // @ts-expect-error a plain class is not mapped
    session.get(Date, 1);
  });
  test("sessions from sessionmaker are Sessions", () => {
    const factory = sessionmaker({ bind: engine });
    expectTypeOf(factory()).toEqualTypeOf<Session>();
  });
});

describe("ORM results", () => {
  test("OrmResult methods", () => {
    const result = session.execute(select(User, Address.emailAddress).join(User.addresses));
    expectTypeOf(result.one()).toEqualTypeOf<readonly [User, string]>();
    expectTypeOf(result.first()).toEqualTypeOf<readonly [User, string] | null>();
    expectTypeOf(result.oneOrNone()).toEqualTypeOf<readonly [User, string] | null>();
    expectTypeOf(result.all()).toEqualTypeOf<(readonly [User, string])[]>();
    expectTypeOf(result.scalars()).toEqualTypeOf<OrmScalarResult<User>>();
    expectTypeOf(result.scalar()).toEqualTypeOf<User | null>();
    expectTypeOf(result.scalarOne()).toEqualTypeOf<User>();
    expectTypeOf(result.scalarOneOrNone()).toEqualTypeOf<User | null>();
    expectTypeOf([...result]).toEqualTypeOf<(readonly [User, string])[]>();
  });
  test("OrmScalarResult methods", () => {
    const users = session.scalars(select(User));
    expectTypeOf(users.one()).toEqualTypeOf<User>();
    expectTypeOf(users.first()).toEqualTypeOf<User | null>();
    expectTypeOf(users.oneOrNone()).toEqualTypeOf<User | null>();
    expectTypeOf([...users]).toEqualTypeOf<User[]>();
  });
});

describe("relationship attributes", () => {
  test("collections are arrays, many-to-ones nullable", () => {
    const u = new User({ name: "x" });
    expectTypeOf(u.addresses).toEqualTypeOf<Address[]>();
    expectTypeOf(u.addresses[0]?.user).toEqualTypeOf<User | null | undefined>();
    const c = new Child();
    expectTypeOf(c.parent).toEqualTypeOf<Parent | null>();
    expectTypeOf(c.parent?.children).toEqualTypeOf<Child[] | undefined>();
  });
  test("assignment is checked against the target class", () => {
    const a = new Address({ emailAddress: "a" });
    a.user = new User({ name: "x" });
    a.user = null;
    // @ts-expect-error a Parent is not a User
    a.user = new Parent();
    // @ts-expect-error a collection holds Addresses
    new User({ name: "x" }).addresses.push(new Child());
  });
});

describe("constructor arguments", () => {
  test("required NOT NULL columns, optional everything else", () => {
    expectTypeOf<InitOf<(typeof User.__mapper__)["props"]>>().not.toBeAny();
    expectTypeOf<ConstructorParameters<typeof User>[0]["name"]>().toEqualTypeOf<string>();
    // Nullable columns accept null or may be left out.
    expectTypeOf<ConstructorParameters<typeof User>[0]["fullname"]>().toEqualTypeOf<
      string | null | undefined
    >();
    // Relationships are optional, and take the target's instances.
    expectTypeOf<ConstructorParameters<typeof User>[0]["addresses"]>().toEqualTypeOf<Address[] | undefined>();
    new User({ name: "x", addresses: [new Address({ emailAddress: "a" })] });
    new Address({ emailAddress: "a", user: new User({ name: "x" }) });
    new User({ name: "x", fullname: null });
  });
  test("the argument may be omitted only when nothing is required", () => {
    new Node();
    new Parent();
    // @ts-expect-error 'emailAddress' is required
    new Address();
  });
  test("typos and wrong types are errors", () => {
    // @ts-expect-error 'nmae' is not an attribute
    new User({ nmae: "x" });
    // @ts-expect-error 'name' is NOT NULL
    new User({ name: null });
    // @ts-expect-error ids are numbers
    new User({ name: "x", id: "1" });
  });
  test("InitArgs of a declared mapping", () => {
    const Base = declarativeBase();
    const props = {
      id: mappedColumn(Integer, { primaryKey: true }),
      code: mappedColumn(String(10), { nullable: false }),
      size: mappedColumn(Integer, { nullable: false, default: 1 }),
      note: mappedColumn(String()),
    };
    class Item extends Base.mapped("typing_item", props) {}
    expectTypeOf<InitArgs<typeof props>>().toEqualTypeOf<[init: InitOf<typeof props>]>();
    new Item({ code: "a" });
    new Item({ code: "a", size: 2, note: null, id: 3 });
    // @ts-expect-error 'code' is required
    new Item({ size: 2 });
    const rel = { id: mappedColumn(Integer, { primaryKey: true }), item: relationship(() => Item) };
    expectTypeOf<InitArgs<typeof rel>>().toEqualTypeOf<[init?: InitOf<typeof rel>]>();
  });
});

describe("class-level attributes", () => {
  test("typos are errors", () => {
    // @ts-expect-error no such attribute
    User.nmae;
    // @ts-expect-error no such attribute
    select(User).where(User.emailAddress.eq("x"));
    // @ts-expect-error comparing a string column to a number
    select(User).where(User.name.eq(5));
  });
  test("selectFrom / joinFrom take mapped classes and keep the row type", () => {
    const stmt = select(Address.emailAddress).selectFrom(User).join(User.addresses);
    expectTypeOf(stmt.__row).toEqualTypeOf<{ readonly emailAddress: string }>();
    expectTypeOf(select(Address.emailAddress).joinFrom(User, Address).__row).toEqualTypeOf<{
      readonly emailAddress: string;
    }>();
    // @ts-expect-error an instance is not a FROM
    select(User.id).selectFrom(new User({ name: "x" }));
  });
  test("relationship comparators give boolean SQL", () => {
    expectTypeOf(User.addresses.any()).toEqualTypeOf<ColumnElement<boolean>>();
    expectTypeOf(Address.user.has(User.name.eq("x"))).toEqualTypeOf<ColumnElement<boolean>>();
  });
});

describe("instanceState", () => {
  test("status and history", () => {
    const state = instanceState(new User({ name: "x" }));
    expectTypeOf(state).toEqualTypeOf<InstanceState>();
    expectTypeOf(state.status).toEqualTypeOf<InstanceStatus>();
    expectTypeOf<InstanceStatus>().toEqualTypeOf<
      "transient" | "pending" | "persistent" | "deleted" | "detached"
    >();
    expectTypeOf(state.transient).toEqualTypeOf<boolean>();
    expectTypeOf(state.modified).toEqualTypeOf<boolean>();
    expectTypeOf(state.history("name").added).toEqualTypeOf<readonly unknown[]>();
    expectTypeOf(state.identity).toEqualTypeOf<readonly unknown[] | undefined>();
  });
});
