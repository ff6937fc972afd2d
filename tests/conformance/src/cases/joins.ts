// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
import { and_, func, select, true_ } from "@athanor/core";
import {
  addressTable,
  department,
  employee,
  invoice,
  orderLine,
  shipmentItem,
  userTable,
} from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "joins.inner.01": () =>
    select(userTable.c.name, addressTable.c.email_address).joinFrom(userTable, addressTable),

  "joins.inner.03": () => select(addressTable.c.email_address).selectFrom(userTable).join(addressTable),

  "joins.inner.05": () =>
    select(userTable.c.name, addressTable.c.email_address).join(
      addressTable,
      and_(userTable.c.id.eq(addressTable.c.user_id), addressTable.c.email_address.like("%@aol.com")),
    ),

  "joins.inner.06": () =>
    select(employee.c.name, department.c.name.label("dept"), invoice.c.amount)
      .joinFrom(employee, department)
      .join(invoice, invoice.c.customer_id.eq(employee.c.id)),

  "joins.inner.07": () =>
    select(orderLine.c.sku, shipmentItem.c.shipped_qty).joinFrom(orderLine, shipmentItem),

  "joins.inner.08": () =>
    select(userTable.c.name, invoice.c.amount).join(invoice).where(invoice.c.amount.gt(100)),

  "joins.outer.02": () => select(userTable.c.name, addressTable.c.email_address).outerjoin(addressTable),

  "joins.outer.04": () => select(userTable.c.name).outerjoin(addressTable).where(addressTable.c.id.eq(null)),

  "joins.outer.05": () =>
    select(employee.c.name, department.c.name, invoice.c.id)
      .joinFrom(employee, department)
      .outerjoin(invoice, invoice.c.customer_id.eq(employee.c.id)),

  "joins.self.01": () => {
    const mgr = employee.alias("mgr");
    return select(employee.c.name, mgr.c.name.label("manager")).joinFrom(
      employee,
      mgr,
      employee.c.manager_id.eq(mgr.c.id),
    );
  },

  "joins.self.03": () => {
    const mgr = employee.alias();
    return select(employee.c.name, mgr.c.name).outerjoin(mgr, employee.c.manager_id.eq(mgr.c.id));
  },

  "joins.misc.01": () => {
    const subq = select(func.count(addressTable.c.id).label("count"), addressTable.c.user_id)
      .groupBy(addressTable.c.user_id)
      .subquery();
    return select(userTable.c.name, userTable.c.fullname, subq.c.count).joinFrom(
      userTable,
      subq,
      userTable.c.id.eq(subq.c.user_id),
    );
  },

  "joins.misc.02": () => select(userTable.c.name, department.c.name).join(department, true_()),
};
