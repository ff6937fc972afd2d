// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String is SQLAlchemy's type name */
import {
  all_,
  any_,
  between,
  bindparam,
  collate,
  not_,
  String,
  select,
  true_,
  tuple_,
  typeCoerce,
} from "@athanor/core";
import * as postgresql from "@athanor/dialect-postgresql";
import {
  addressTable,
  document,
  employee,
  orderLine,
  product,
  shipmentItem,
  someTable,
  userTable,
} from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  // datetime.date(2020, 1, 1)
  "operators.compare.03": () => select(employee.c.name).where(employee.c.hired_on.ge("2020-01-01")),

  "operators.compare.04": () => select(product.c.name).where(product.c.price.between(10, 20)),

  "operators.compare.06": () => select(someTable).where(between(someTable.c.x, 1, 10, { symmetric: true })),

  "operators.compare.07": () => select(someTable).where(someTable.c.x.isDistinctFrom(someTable.c.y)),

  "operators.compare.08": () => select(someTable).where(someTable.c.x.op("<->")(someTable.c.y).lt(3)),

  "operators.null.01": () => select(employee.c.name).where(employee.c.manager_id.eq(null)),

  "operators.null.02": () => select(employee.c.name).where(employee.c.manager_id.ne(null)),

  "operators.null.03": () => select(userTable).where(userTable.c.fullname.is(null)),

  "operators.null.05": () => select(userTable).where(userTable.c.fullname.eq(bindparam("fn", null))),

  "operators.like.01": () => select(userTable).where(userTable.c.name.like("s%")),

  "operators.like.02": () => select(userTable).where(userTable.c.name.notLike("%bob%")),

  "operators.like.03": () => select(userTable).where(userTable.c.name.ilike("%SANDY%")),

  "operators.like.04": () => select(userTable).where(userTable.c.name.notIlike("p%")),

  "operators.like.05": () => select(product).where(product.c.sku.like("AB/_%", { escape: "/" })),

  "operators.like.06": () => select(userTable).where(userTable.c.name.startswith("spo")),

  "operators.like.07": () => select(addressTable).where(addressTable.c.email_address.endswith("@aol.com")),

  "operators.like.10": () => select(product).where(product.c.name.contains("100%", { autoescape: true })),

  "operators.like.11": () => select(userTable).where(userTable.c.fullname.icontains("star")),

  "operators.like.12": () => select(userTable.c.id).where(userTable.c.fullname.contains(userTable.c.name)),

  "operators.in.01": () => select(userTable).where(userTable.c.id.in([1, 2, 3])),

  "operators.in.02": () => select(userTable).where(userTable.c.id.notIn([4, 5])),

  "operators.in.03": () => select(userTable).where(userTable.c.id.in([])),

  "operators.in.04": () => select(userTable).where(userTable.c.id.notIn([])),

  "operators.in.05": () =>
    select(orderLine).where(
      tuple_(orderLine.c.order_id, orderLine.c.line_no).in([
        [1, 1],
        [1, 2],
        [7, 3],
      ]),
    ),

  "operators.in.06": () => select(orderLine).where(tuple_(orderLine.c.order_id, orderLine.c.line_no).in([])),

  "operators.in.07": () =>
    select(userTable.c.name).where(
      userTable.c.id.in(select(addressTable.c.user_id).where(addressTable.c.email_address.like("%@aol.com"))),
    ),

  "operators.in.08": () =>
    select(orderLine.c.sku).where(
      tuple_(orderLine.c.order_id, orderLine.c.line_no).in(
        select(shipmentItem.c.order_id, shipmentItem.c.line_no),
      ),
    ),

  "operators.boolean.04": () => select(product.c.name).where(product.c.in_stock.eq(false)),

  "operators.boolean.06": () => select(userTable.c.id).where(true_()),

  "operators.math.01": () =>
    select(someTable.c.x.add(1).label("a"), someTable.c.y.sub(someTable.c.x).label("b")),

  "operators.math.02": () => select(someTable.c.x.div(someTable.c.y).label("ratio")),

  "operators.math.03": () => select(someTable.c.x.floordiv(3).label("q")),

  "operators.math.07": () => select(someTable.c.x.bitwiseNot()),

  "operators.math.08": () =>
    select(someTable.c.x.bitwiseLshift(2).label("l"), someTable.c.x.bitwiseRshift(1).label("r")),

  // user_table.c.name + " " + user_table.c.fullname
  "operators.concat.01": () => select(userTable.c.name.add(" ").add(userTable.c.fullname).label("display")),

  "operators.concat.02": () => select(userTable.c.name.concat("@example.com")),

  "operators.concat.03": () => select(userTable.c.id).where(userTable.c.name.add("!").eq("sandy!")),

  "operators.regexp.01": () => select(userTable.c.id).where(userTable.c.name.regexpMatch("^s.*b$")),

  "operators.regexp.03": () => select(userTable.c.id).where(not_(userTable.c.name.regexpMatch("[0-9]"))),

  // document.c.data["author"]
  "operators.json.01": () => select(document.c.data.index("author")),

  "operators.json.03": () => select(document.c.data.index("author").index("name").asString()),

  // document.c.data[("author", "email")]: a tuple is a JSON path
  "operators.json.04": () => select(document.c.data.index(["author", "email"]).asString()),

  "operators.json.05": () => select(document.c.id).where(document.c.data.index("draft").asBoolean()),

  "operators.json.06": () => select(document.c.id).orderBy(document.c.data.index("score").asFloat().desc()),

  "operators.json.07": () =>
    select(document.c.id).where(typeCoerce(document.c.data, postgresql.JSONB).hasKey("author")),

  // type_coerce(...)[("a", "b")].astext
  "operators.json.10": () =>
    select(typeCoerce(document.c.data, postgresql.JSONB).index(["a", "b"]).astext.label("ab")),

  "operators.array.01": () => select(document.c.tags.index(1)),

  // document.c.scores[2:4]
  "operators.array.02": () => select(document.c.scores.slice(2, 4)),

  "operators.array.05": () =>
    select(document.c.id).where(typeCoerce(document.c.tags, postgresql.ARRAY(String)).contains(["a", "b"])),

  "operators.array.06": () => select(postgresql.array([1, 2, 3]).label("arr")),

  "operators.any_all.01": () =>
    select(userTable.c.name).where(userTable.c.id.eq(any_(select(addressTable.c.user_id).scalarSubquery()))),

  "operators.any_all.02": () =>
    select(product.c.name).where(
      product.c.price.gt(all_(select(product.c.price).where(product.c.in_stock.eq(false)).scalarSubquery())),
    ),

  "operators.collate.01": () => select(userTable.c.id).where(userTable.c.name.collate("NOCASE").eq("sandy")),

  "operators.collate.02": () => select(collate(userTable.c.name, "fr_FR").label("n")),
};
