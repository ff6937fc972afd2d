// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String is SQLAlchemy's type name */
import { bindparam, case_, cast, exists, func, not_, String, select, update } from "@athanor/core";
import * as mysql from "@athanor/dialect-mysql";
import { addressTable, employee, invoice, product, userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "update.basic.01": () =>
    update(userTable).where(userTable.c.name.eq("patrick")).values({ fullname: "Patrick the Star" }),

  "update.basic.02": () =>
    update(userTable)
      .where(userTable.c.name.eq(bindparam("oldname")))
      .values({ name: bindparam("newname") }),

  // amount=decimal.Decimal("99.95")
  "update.basic.03": () => update(invoice).where(invoice.c.id.eq(5)).values({ amount: "99.95" }),

  // product.c.price * decimal.Decimal("1.10")
  "update.expressions.01": () =>
    update(product)
      .where(product.c.in_stock)
      .values({ price: product.c.price.mul("1.10") }),

  "update.expressions.03": () =>
    update(employee).values({
      salary: case_([employee.c.dept_id.eq(1), employee.c.salary.mul(2)], { else: employee.c.salary }),
    }),

  "update.expressions.04": () =>
    update(product)
      .values({ in_stock: not_(product.c.in_stock) })
      .where(product.c.id.eq(8)),

  "update.correlated.01": () => {
    const scalarSubq = select(addressTable.c.email_address)
      .where(addressTable.c.user_id.eq(userTable.c.id))
      .orderBy(addressTable.c.id)
      .limit(1)
      .scalarSubquery();
    return update(userTable).values({ fullname: scalarSubq });
  },

  "update.correlated.02": () =>
    update(userTable)
      .where(
        exists().where(
          addressTable.c.user_id.eq(userTable.c.id),
          addressTable.c.email_address.like("%@old.com"),
        ),
      )
      .values({ fullname: "legacy" }),

  "update.from.01": () =>
    update(userTable)
      .where(userTable.c.id.eq(addressTable.c.user_id))
      .where(addressTable.c.email_address.eq("patrick@aol.com"))
      .values({ fullname: "Pat" }),

  "update.from.03": () => {
    const totals = select(invoice.c.customer_id, func.sum(invoice.c.amount).label("total"))
      .groupBy(invoice.c.customer_id)
      .subquery();
    return update(userTable)
      .where(userTable.c.id.eq(totals.c.customer_id))
      .values({ fullname: cast(totals.c.total, String) });
  },

  "update.from.04": () => {
    const mgr = employee.alias("mgr");
    return update(employee)
      .where(employee.c.manager_id.eq(mgr.c.id))
      .where(mgr.c.active.eq(false))
      .values({ manager_id: null });
  },

  "update.returning.01": () =>
    update(userTable)
      .where(userTable.c.name.eq("patrick"))
      .values({ fullname: "Patrick" })
      .returning(userTable.c.id, userTable.c.name),

  "update.returning.03": () =>
    update(userTable)
      .where(userTable.c.id.eq(addressTable.c.user_id))
      .values({ fullname: "x" })
      .returning(userTable.c.id, addressTable.c.email_address),

  "update.dialect.01": () =>
    update(userTable).values({ fullname: "x" }).where(userTable.c.id.gt(5)).ext(mysql.limit(10)),

  // DML with_hint(text, selectable=None, dialect_name=...): the text first, no table given
  "update.dialect.02": () =>
    update(userTable)
      .withHint("WITH (ROWLOCK)", { dialectName: "mssql" })
      .values({ name: "z" })
      .where(userTable.c.id.eq(2)),
};
