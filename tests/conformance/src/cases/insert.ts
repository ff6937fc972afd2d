// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String is SQLAlchemy's type name */
import {
  Column,
  DateTime,
  func,
  Integer,
  insert,
  literal,
  MetaData,
  Sequence,
  String,
  select,
  Table,
} from "@athanor/core";
import {
  addressTable,
  document,
  employee,
  mixedCase,
  product,
  reserved,
  someTable,
  userTable,
} from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "insert.values.01": () =>
    insert(userTable).values({ name: "spongebob", fullname: "Spongebob Squarepants" }),

  "insert.values.02": () => insert(userTable),

  "insert.values.03": () => insert(addressTable).values({ user_id: 1, email_address: "a@b.com" }),

  // values((1, 2)): one row given positionally, as an array of values
  "insert.values.04": () => insert(someTable).values([1, 2]),

  "insert.values.05": () =>
    insert(userTable).values({
      name: func.upper("squidward"),
      fullname: literal("Squidward").add(" Tentacles"),
    }),

  "insert.values.08": () =>
    insert(document).values({ title: "doc", data: { a: [1, 2], b: null }, tags: ["x", "y"] }),

  "insert.values.10": () => insert(mixedCase).values({ DisplayName: "Bob", lowercase_col: "b" }),

  "insert.values.11": () => insert(reserved).values({ select: "s", from: 1, user: "u", group: 2 }),

  "insert.from_select.01": () => {
    const selectStmt = select(userTable.c.id, userTable.c.name.add("@aol.com"));
    return insert(addressTable).fromSelect(["user_id", "email_address"], selectStmt);
  },

  "insert.from_select.03": () => {
    const sel = select(userTable.c.name).where(userTable.c.id.gt(10));
    return insert(employee).fromSelect(["name"], sel);
  },

  "insert.returning.01": () =>
    insert(addressTable)
      .values({ user_id: 1, email_address: "x@y.com" })
      .returning(addressTable.c.id, addressTable.c.email_address),

  "insert.returning.02": () =>
    insert(product).values({ sku: "S1", name: "Saw", price: 10 }).returning(product),

  "insert.returning.03": () =>
    insert(addressTable)
      .fromSelect(["user_id", "email_address"], select(userTable.c.id, userTable.c.name.add("@aol.com")))
      .returning(addressTable.c.id),

  "insert.returning.04": () =>
    insert(userTable)
      .values({ name: "x" })
      .returning(userTable.c.id, func.upper(userTable.c.name).label("uname")),

  "insert.defaults.01": () => insert(employee).values({ name: "Bob" }),

  // price=decimal.Decimal("1.25")
  "insert.defaults.02": () => insert(product).values({ sku: "P", name: "Pen", price: "1.25" }),

  "insert.defaults.03": () => {
    const md = new MetaData();
    const tbl = new Table("ticket", md, {
      id: new Column(Integer, { primaryKey: true, sequence: new Sequence("ticket_id_seq") }),
      title: new Column(String(50)),
    });
    return insert(tbl).values({ title: "bug" });
  },

  "insert.defaults.05": () => {
    const md = new MetaData();
    const tbl = new Table("audit", md, {
      id: new Column(Integer, { primaryKey: true }),
      msg: new Column(String(100)),
      created: new Column(DateTime, { default: func.now() }),
      updated: new Column(DateTime, { onupdate: func.now() }),
    });
    return insert(tbl).values({ msg: "hi" });
  },

  "insert.defaults.06": () => {
    const md = new MetaData();
    const tbl = new Table("counter", md, { id: new Column(Integer, { primaryKey: true }) });
    return insert(tbl).values({});
  },

  "insert.defaults.07": () => insert(employee).values({ name: "Cat" }).inline(),
};
