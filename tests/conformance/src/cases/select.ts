// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
import { and_, desc, distinct, func, LABEL_STYLE_TABLENAME_PLUS_COL, not_, or_, select } from "@athanor/core";
import * as postgresql from "@athanor/dialect-postgresql";
import { addressTable, employee, invoice, product, someTable, userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "select.columns.01": () => select(userTable),

  "select.columns.02": () => select(userTable.c.name, userTable.c.fullname),

  // user_table.c["name", "fullname"]: `.c` is a plain object keyed by column key, so the
  // sub-collection is taken by key and spread
  "select.columns.03": () => select(...(["name", "fullname"] as const).map((key) => userTable.c[key])),

  "select.columns.04": () => select(invoice.c.id, invoice.c.amount).where(invoice.c.customer_id.eq(7)),

  "select.where.basic.01": () => select(userTable).where(userTable.c.name.eq("spongebob")),

  "select.where.basic.03": () =>
    select(addressTable.c.email_address)
      .where(userTable.c.name.eq("squidward"))
      .where(addressTable.c.user_id.eq(userTable.c.id)),

  "select.where.and_or.02": () =>
    select(userTable).where(or_(userTable.c.name.eq("sandy"), userTable.c.name.eq("patrick"))),

  "select.where.and_or.03": () =>
    select(addressTable.c.email_address).where(
      and_(
        or_(userTable.c.name.eq("squidward"), userTable.c.name.eq("sandy")),
        addressTable.c.user_id.eq(userTable.c.id),
      ),
    ),

  // (x == 1) | ((y == 2) & (x != 3))
  "select.where.and_or.04": () =>
    select(someTable).where(or_(someTable.c.x.eq(1), and_(someTable.c.y.eq(2), someTable.c.x.ne(3)))),

  "select.where.and_or.06": () =>
    select(someTable).where(not_(or_(someTable.c.x.eq(1), someTable.c.y.eq(2)))),

  "select.where.and_or.07": () =>
    select(employee.c.id).where(
      or_(
        employee.c.dept_id.eq(1),
        and_(employee.c.dept_id.eq(2), or_(employee.c.salary.gt(5000), employee.c.manager_id.eq(null))),
      ),
    ),

  "select.distinct.02": () => select(func.count(distinct(userTable.c.name))),

  "select.distinct.03": () =>
    select(addressTable.c.user_id, addressTable.c.email_address)
      .ext(postgresql.distinctOn(addressTable.c.user_id))
      .orderBy(addressTable.c.user_id, addressTable.c.id.desc()),

  "select.order_by.01": () => select(userTable).orderBy(userTable.c.name),

  "select.order_by.04": () => select(employee.c.name).orderBy(employee.c.manager_id.nullsFirst()),

  "select.order_by.05": () => select(employee.c.name).orderBy(employee.c.salary.desc().nullsLast()),

  "select.order_by.07": () =>
    select(addressTable.c.user_id, func.count(addressTable.c.id).label("num_addresses"))
      .groupBy(addressTable.c.user_id)
      .orderBy(desc("num_addresses")),

  "select.group_by.01": () =>
    select(addressTable.c.user_id, func.count(addressTable.c.id)).groupBy(addressTable.c.user_id),

  "select.group_by.02": () =>
    select(userTable.c.name, func.count(addressTable.c.id).label("count"))
      .joinFrom(userTable, addressTable)
      .groupBy(userTable.c.name)
      .having(func.count(addressTable.c.id).gt(1)),

  "select.group_by.04": () =>
    select(func.lower(userTable.c.name).label("lname"), func.count().label("n")).groupBy("lname"),

  "select.limit.01": () => select(userTable).orderBy(userTable.c.id).limit(10),

  "select.limit.02": () => select(userTable).orderBy(userTable.c.id).limit(10).offset(20),

  "select.limit.03": () => select(userTable).orderBy(userTable.c.id).offset(5),

  "select.limit.05": () => select(employee).orderBy(employee.c.salary.desc()).fetch(3, { withTies: true }),

  "select.limit.06": () => select(product).orderBy(product.c.price).fetch(10, { percent: true }),

  "select.limit.07": () => select(product).orderBy(product.c.id).offset(20).fetch(10),

  "select.limit.08": () =>
    select(product.c.name).where(product.c.price.gt(10)).orderBy(product.c.price).limit(5).offset(10),

  "select.labels.01": () => select(func.count(userTable.c.id)),

  "select.labels.02": () => select(userTable.c.id, addressTable.c.id).joinFrom(userTable, addressTable),

  "select.labels.03": () =>
    select(userTable, addressTable.c.email_address)
      .joinFrom(userTable, addressTable)
      .setLabelStyle(LABEL_STYLE_TABLENAME_PLUS_COL),

  "select.labels.04": () => select(someTable.c.x.add(someTable.c.y)),
};
