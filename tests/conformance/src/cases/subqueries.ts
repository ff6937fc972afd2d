// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
import { exists, func, literalColumn, not_, select, true_ } from "@athanor/core";
import { addressTable, department, employee, invoice, product, reserved, userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "subqueries.alias.02": () => {
    const a = addressTable.alias();
    return select(a.c.email_address).where(a.c.user_id.eq(5));
  },

  "subqueries.alias.03": () => {
    const o = reserved.alias("o");
    return select(o.c.select).where(o.c.id.eq(1));
  },

  "subqueries.subquery.01": () => {
    const subq = select(func.count(addressTable.c.id).label("count"), addressTable.c.user_id)
      .groupBy(addressTable.c.user_id)
      .subquery();
    return select(subq.c.user_id, subq.c.count).where(subq.c.count.gt(1));
  },

  "subqueries.subquery.02": () => {
    const subq = select(userTable.c.id, userTable.c.name).where(userTable.c.id.gt(10)).subquery("recent");
    return select(subq.c.name).orderBy(subq.c.id);
  },

  "subqueries.subquery.03": () => {
    const subq = select(employee.c.dept_id, employee.c.salary).where(employee.c.salary.gt(1000)).subquery();
    return select(subq.c.dept_id).where(subq.c.salary.lt(5000));
  },

  "subqueries.subquery.04": () => {
    const inner = select(product.c.id, product.c.price).where(product.c.price.gt(5)).subquery("inner_q");
    const middle = select(inner.c.id).where(inner.c.price.lt(50)).subquery("middle_q");
    return select(middle.c.id);
  },

  "subqueries.subquery.05": () => {
    const subq = select(product.c.id, product.c.name).orderBy(product.c.price.desc()).limit(5).subquery();
    return select(subq.c.name);
  },

  "subqueries.scalar.01": () => {
    const subq = select(func.count(addressTable.c.id))
      .where(userTable.c.id.eq(addressTable.c.user_id))
      .scalarSubquery();
    return select(userTable.c.name, subq.label("address_count"));
  },

  "subqueries.scalar.02": () =>
    select(product.c.name).where(product.c.price.gt(select(func.avg(product.c.price)).scalarSubquery())),

  "subqueries.scalar.03": () => {
    const subq = select(func.max(addressTable.c.id))
      .where(addressTable.c.user_id.eq(userTable.c.id))
      .scalarSubquery();
    return select(userTable.c.name).where(subq.gt(10));
  },

  "subqueries.scalar.04": () => {
    const subq = select(func.count(addressTable.c.id))
      .where(userTable.c.id.eq(addressTable.c.user_id))
      .scalarSubquery()
      .correlate(userTable);
    return select(userTable.c.name, addressTable.c.email_address, subq.label("address_count"))
      .joinFrom(userTable, addressTable)
      .orderBy(userTable.c.id, addressTable.c.id);
  },

  "subqueries.scalar.05": () => {
    const subq = select(func.sum(invoice.c.amount))
      .where(invoice.c.customer_id.eq(userTable.c.id))
      .correlateExcept(invoice)
      .scalarSubquery();
    return select(userTable.c.id, subq.label("total"));
  },

  "subqueries.exists.01": () => {
    const subq = select(func.count(addressTable.c.id))
      .where(userTable.c.id.eq(addressTable.c.user_id))
      .groupBy(addressTable.c.user_id)
      .having(func.count(addressTable.c.id).gt(1))
      .exists();
    return select(userTable.c.name).where(subq);
  },

  "subqueries.exists.02": () => {
    const subq = select(addressTable.c.id).where(userTable.c.id.eq(addressTable.c.user_id)).exists();
    return select(userTable.c.name).where(not_(subq));
  },

  "subqueries.exists.05": () =>
    select(department.c.id).where(
      exists(select(literalColumn("1")).where(employee.c.dept_id.eq(department.c.id), employee.c.active)),
    ),

  "subqueries.lateral.03": () => {
    const subq = select(employee.c.name)
      .where(employee.c.dept_id.eq(department.c.id))
      .orderBy(employee.c.salary.desc())
      .limit(1)
      .lateral("top_earner");
    return select(department.c.name, subq.c.name).outerjoin(subq, true_());
  },
};
