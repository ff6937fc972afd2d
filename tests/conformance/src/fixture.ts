// @ts-nocheck -- written to the Athanor API spec (see README.md, "API assumptions"), which
// @athanor/core is still being built to; remove this line once the package type-checks.
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String, Boolean and JSON are SQLAlchemy's type names */

/**
 * The TypeScript port of `data/fixture.py`: the shared schema every case runs against.
 *
 * SQLAlchemy's generator ran `fixture.py` afresh before each case, and a few
 * snippets change the fixture (`user_table.append_constraint(...)`, `Index(...,
 * user_table.c.name)` attaches the index to the table). So the tables are built
 * by `createFixture()`, and the exported names are live bindings that
 * `resetFixture()` re-points at a fresh set before each case is built. Case
 * functions read them at call time, never at import time.
 */
import {
  ARRAY,
  Boolean,
  Column,
  column,
  DateTime,
  ForeignKey,
  ForeignKeyConstraint,
  func,
  Integer,
  JSON,
  MetaData,
  Numeric,
  Date as SqlDate,
  String,
  Table,
  table,
  true_,
} from "@athanor/core";

export function createFixture() {
  const metadataObj = new MetaData();

  // --- the Unified Tutorial's tables -------------------------------------------

  const userTable = new Table("user_account", metadataObj, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(String(30)),
    fullname: new Column(String),
  });

  const addressTable = new Table("address", metadataObj, {
    id: new Column(Integer, { primaryKey: true }),
    // the type comes from the referenced column, as in SQLAlchemy
    user_id: new Column(new ForeignKey("user_account.id"), { nullable: false }),
    email_address: new Column(String, { nullable: false }),
  });

  const someTable = new Table("some_table", metadataObj, {
    x: new Column(Integer),
    y: new Column(Integer),
  });

  // --- a small HR / shop schema for joins, windows, recursion -------------------

  const department = new Table("department", metadataObj, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(String(50), { nullable: false }),
  });

  const employee = new Table("employee", metadataObj, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(String(50), { nullable: false }),
    manager_id: new Column(new ForeignKey("employee.id")),
    dept_id: new Column(new ForeignKey("department.id")),
    salary: new Column(Numeric(10, 2)),
    hired_on: new Column(SqlDate),
    active: new Column(Boolean, { nullable: false, default: true }),
  });

  const product = new Table("product", metadataObj, {
    id: new Column(Integer, { primaryKey: true }),
    sku: new Column(String(20), { nullable: false, unique: true }),
    name: new Column(String(100), { nullable: false }),
    price: new Column(Numeric(10, 2), { nullable: false }),
    in_stock: new Column(Boolean, { nullable: false, serverDefault: true_() }),
    created_at: new Column(DateTime, { serverDefault: func.now() }),
  });

  // JSON / ARRAY columns use the generic types so every dialect can compile them.
  const document = new Table("document", metadataObj, {
    id: new Column(Integer, { primaryKey: true }),
    title: new Column(String(200)),
    data: new Column(JSON),
    tags: new Column(ARRAY(String)),
    scores: new Column(ARRAY(Integer)),
  });

  // --- composite primary / foreign keys -----------------------------------------

  const orderLine = new Table("order_line", metadataObj, {
    order_id: new Column(Integer, { primaryKey: true }),
    line_no: new Column(Integer, { primaryKey: true }),
    sku: new Column(String(20), { nullable: false }),
    qty: new Column(Integer, { nullable: false, default: 1 }),
  });

  const shipmentItem = new Table(
    "shipment_item",
    metadataObj,
    {
      shipment_id: new Column(Integer, { primaryKey: true }),
      order_id: new Column(Integer, { nullable: false }),
      line_no: new Column(Integer, { nullable: false }),
      shipped_qty: new Column(Integer),
    },
    {
      constraints: [
        new ForeignKeyConstraint(["order_id", "line_no"], ["order_line.order_id", "order_line.line_no"]),
      ],
    },
  );

  // --- quoting: mixed case names and reserved words -----------------------------

  const mixedCase = new Table("UserProfile", metadataObj, {
    UserId: new Column(Integer, { primaryKey: true }),
    DisplayName: new Column(String(50)),
    lowercase_col: new Column(String(20)),
  });

  const reserved = new Table("order", metadataObj, {
    id: new Column(Integer, { primaryKey: true }),
    select: new Column(String(20)),
    from: new Column(Integer),
    user: new Column(String(30)),
    group: new Column(Integer),
  });

  // --- a schema-qualified table -------------------------------------------------

  const invoice = new Table(
    "invoice",
    metadataObj,
    {
      id: new Column(Integer, { primaryKey: true }),
      customer_id: new Column(new ForeignKey("user_account.id"), { nullable: false }),
      amount: new Column(Numeric(12, 2), { nullable: false }),
      issued_at: new Column(DateTime({ timezone: true })),
    },
    { schema: "billing" },
  );

  // --- lightweight (non-metadata) constructs ------------------------------------

  const t1 = table("t1", column("a", Integer), column("b", String), column("c", Integer));
  const t2 = table("t2", column("a", Integer), column("d", String));

  return {
    metadataObj,
    userTable,
    addressTable,
    someTable,
    department,
    employee,
    product,
    document,
    orderLine,
    shipmentItem,
    mixedCase,
    reserved,
    invoice,
    t1,
    t2,
  };
}

/** Every name `fixture.py` defines, as `createFixture()` returns them. */
export type Fixture = ReturnType<typeof createFixture>;

// Live bindings, re-pointed by resetFixture(); undefined until it first runs.
export let metadataObj: Fixture["metadataObj"];
export let userTable: Fixture["userTable"];
export let addressTable: Fixture["addressTable"];
export let someTable: Fixture["someTable"];
export let department: Fixture["department"];
export let employee: Fixture["employee"];
export let product: Fixture["product"];
export let document: Fixture["document"];
export let orderLine: Fixture["orderLine"];
export let shipmentItem: Fixture["shipmentItem"];
export let mixedCase: Fixture["mixedCase"];
export let reserved: Fixture["reserved"];
export let invoice: Fixture["invoice"];
export let t1: Fixture["t1"];
export let t2: Fixture["t2"];

/** Builds a fresh fixture and points the exported names at it (SQLAlchemy re-ran fixture.py per case). */
export function resetFixture(): void {
  ({
    metadataObj,
    userTable,
    addressTable,
    someTable,
    department,
    employee,
    product,
    document,
    orderLine,
    shipmentItem,
    mixedCase,
    reserved,
    invoice,
    t1,
    t2,
  } = createFixture());
}
