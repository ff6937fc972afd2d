// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
import { extract, func, select, true_ } from "@athanor/core";
import * as mysql from "@athanor/dialect-mysql";
import * as postgresql from "@athanor/dialect-postgresql";
import { addressTable, document, employee, invoice, product, someTable, userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "functions.generic.01": () =>
    select(func.count()).selectFrom(addressTable).where(addressTable.c.user_id.eq(3)),

  "functions.generic.02": () => select(func.sum(invoice.c.amount)).where(invoice.c.customer_id.eq(1)),

  "functions.generic.03": () => select(func.coalesce(userTable.c.fullname, userTable.c.name, "anonymous")),

  "functions.generic.04": () => select(func.now()),

  "functions.generic.06": () => select(func.current_date(), func.current_time()),

  "functions.generic.07": () => select(func.localtimestamp()),

  "functions.generic.09": () =>
    select(func.upper(userTable.c.name)).where(func.lower(userTable.c.fullname).eq("sandy cheeks")),

  "functions.generic.14": () => select(func.MyFunction(someTable.c.x)),

  "functions.generic.15": () => select(func.round(func.avg(product.c.price), 2).label("avg_price")),

  "functions.generic.16": () =>
    select(func.lower(userTable.c.name), func.count())
      .groupBy(func.lower(userTable.c.name))
      .orderBy(func.count().desc()),

  "functions.generic.17": () =>
    select(employee.c.dept_id, employee.c.active, func.sum(employee.c.salary)).groupBy(
      func.rollup(employee.c.dept_id, employee.c.active),
    ),

  "functions.generic.18": () =>
    select(
      userTable.c.name,
      func
        .coalesce(
          select(func.sum(invoice.c.amount)).where(invoice.c.customer_id.eq(userTable.c.id)).scalarSubquery(),
          0,
        )
        .label("total"),
    ),

  "functions.generic.19": () =>
    select(extract("year", employee.c.hired_on).label("y")).where(
      extract("month", employee.c.hired_on).eq(1),
    ),

  "functions.table_valued.01": () => {
    const fn = func.json_each(document.c.data).tableValued("key", "value");
    return select(document.c.id, fn.c.key, fn.c.value).join(fn, true_());
  },

  "functions.table_valued.03": () => {
    const elem = func.json_array_elements_text(document.c.data).columnValued("elem");
    return select(document.c.id, elem);
  },

  "functions.table_valued.04": () => {
    const u = func.unnest(document.c.tags).tableValued("tag", { withOrdinality: "ord" });
    return select(u.c.tag, u.c.ord);
  },

  "functions.table_valued.06": () => {
    const fn = func.json_each(document.c.data).tableValued("key", "value").lateral();
    return select(document.c.title, fn.c.key).join(fn, true_());
  },

  "functions.dialect.01": () =>
    select(postgresql.arrayAgg(postgresql.aggregateOrderBy(userTable.c.name, userTable.c.id.desc()))),

  "functions.dialect.02": () =>
    select(document.c.id).where(mysql.match(document.c.title, { against: "database" })),

  "functions.dialect.03": () => select(document.c.id).where(document.c.title.match("sqlalchemy")),
};
