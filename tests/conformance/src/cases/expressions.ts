// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String, Boolean and JSON are SQLAlchemy's type names */
import {
  Boolean,
  bindparam,
  case_,
  cast,
  column,
  DateTime,
  Float,
  func,
  Integer,
  Interval,
  JSON,
  LargeBinary,
  literal,
  Numeric,
  Date as SqlDate,
  String,
  select,
  Time,
  table,
  tryCast,
  tuple_,
  typeCoerce,
  Uuid,
} from "@athanor/core";
import { document, employee, product, someTable, t1, userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "expressions.cast.01": () => select(cast(userTable.c.id, String)),

  "expressions.cast.02": () => select(cast(userTable.c.id, String(10)).label("id_str")),

  "expressions.cast.04": () =>
    select(cast(product.c.created_at, SqlDate), cast("2024-01-01 10:00:00", DateTime)),

  "expressions.cast.05": () => select(cast(someTable.c.x, Float), cast(someTable.c.y, Boolean)),

  "expressions.cast.06": () => select(cast(1.5, Numeric(4, 1))),

  "expressions.cast.07": () => select(cast(document.c.title, JSON)),

  "expressions.cast.09": () => select(tryCast(t1.c.b, Integer)),

  "expressions.cast.10": () => select(cast(t1.c.b, LargeBinary)),

  "expressions.cast.11": () => select(cast(t1.c.b, Interval)),

  "expressions.type_coerce.01": () => select(typeCoerce(userTable.c.name, String(50)).label("n")),

  // type_coerce({"a": 1}, JSON)["a"]
  "expressions.type_coerce.02": () => select(typeCoerce({ a: 1 }, JSON).index("a")),

  "expressions.case.01": () =>
    select(
      userTable.c.name,
      case_([userTable.c.name.eq("wendy"), "W"], [userTable.c.name.eq("jack"), "J"], { else: "E" }).label(
        "initial",
      ),
    ),

  "expressions.case.03": () =>
    select(case_([product.c.price.gt(100), "expensive"], [product.c.price.gt(10), "moderate"])),

  "expressions.case.05": () =>
    select(employee.c.name).orderBy(case_([employee.c.manager_id.eq(null), 0], { else: 1 }), employee.c.name),

  "expressions.case.06": () =>
    select(func.sum(case_([employee.c.active, employee.c.salary], { else: 0 })).label("active_payroll")),

  "expressions.case.07": () =>
    select(someTable).where(case_([someTable.c.x.gt(0), someTable.c.y], { else: someTable.c.x }).gt(10)),

  // literal("O'Reilly", literal_execute=True): no type, then the options
  "expressions.literal.04": () =>
    select(userTable).where(userTable.c.name.eq(literal("O'Reilly", undefined, { literalExecute: true }))),

  "expressions.literal.06": () =>
    select(product.c.id).where(product.c.in_stock.eq(bindparam("stock", true, { literalExecute: true }))),

  // b"\x00\xffab"
  "expressions.literal.07": () =>
    select(t1.c.a).where(
      cast(t1.c.b, LargeBinary).eq(literal(new Uint8Array([0x00, 0xff, 0x61, 0x62]), LargeBinary)),
    ),

  // datetime.datetime(2023, 12, 31, 23, 59, 59, 500000) (naive = UTC here) and datetime.time(8, 30):
  // a time is a string, so the Time type Python infers from the value is given explicitly
  "expressions.literal.08": () =>
    select(literal(new Date("2023-12-31T23:59:59.500Z")), literal("08:30:00", Time)),

  // uuid.UUID(...): a uuid is a string, so the Uuid type Python infers is given explicitly
  // (it decides the ::UUID bind cast on postgresql)
  "expressions.literal.09": () =>
    select(t1.c.a).where(cast(t1.c.b, Uuid).eq(literal("12345678-1234-5678-1234-567812345678", Uuid))),

  // datetime.timedelta(days=1, hours=2): milliseconds, with the Interval type Python infers
  "expressions.literal.10": () =>
    select(product.c.id).where(
      product.c.created_at.gt(func.now().sub(literal((24 + 2) * 60 * 60 * 1000, Interval))),
    ),

  "expressions.bindparam.01": () => select(userTable).where(userTable.c.name.eq(bindparam("username"))),

  // bindparam("min_price", type_=Numeric(10, 2), value=decimal.Decimal("9.50"))
  "expressions.bindparam.03": () =>
    select(product).where(product.c.price.gt(bindparam("min_price", "9.50", { type: Numeric(10, 2) }))),

  "expressions.bindparam.04": () =>
    select(userTable).where(userTable.c.name.eq(bindparam("user name.x", "y"))),

  "expressions.bindparam.07": () => {
    const tbl = table("my table", column("my col", Integer));
    return select(tbl).where(tbl.c["my col"].eq(5));
  },

  "expressions.labels.01": () => {
    const lbl = someTable.c.x.mul(2).label("dx");
    return select(lbl).where(lbl.gt(4)).orderBy(lbl);
  },

  "expressions.labels.03": () => select(tuple_(someTable.c.x, someTable.c.y)),

  "expressions.labels.05": () => select(column("table"), column("Value")).selectFrom(table("data")),
};
