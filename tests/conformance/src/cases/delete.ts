// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
import { delete_, select, tuple_ } from "@athanor/core";
import * as mysql from "@athanor/dialect-mysql";
import { addressTable, employee, orderLine, reserved, someTable, userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "delete.basic.01": () => delete_(userTable).where(userTable.c.name.eq("patrick")),

  "delete.basic.02": () => delete_(someTable),

  "delete.basic.03": () =>
    delete_(addressTable).where(
      addressTable.c.user_id.in(select(userTable.c.id).where(userTable.c.name.eq("x"))),
    ),

  "delete.basic.05": () => delete_(reserved).where(reserved.c.user.eq("admin")),

  "delete.basic.06": () =>
    delete_(orderLine).where(
      tuple_(orderLine.c.order_id, orderLine.c.line_no).in([
        [1, 1],
        [2, 3],
      ]),
    ),

  "delete.multi.02": () =>
    delete_(userTable)
      .using(userTable.outerjoin(addressTable, userTable.c.id.eq(addressTable.c.user_id)))
      .where(addressTable.c.email_address.eq("patrick@aol.com")),

  "delete.multi.04": () => {
    const mgr = employee.alias("mgr");
    return delete_(employee).where(employee.c.manager_id.eq(mgr.c.id), mgr.c.active.eq(false));
  },

  "delete.returning.01": () =>
    delete_(userTable).where(userTable.c.name.eq("patrick")).returning(userTable.c.id, userTable.c.name),

  "delete.returning.02": () =>
    delete_(addressTable)
      .where(addressTable.c.user_id.eq(userTable.c.id), userTable.c.name.eq("x"))
      .returning(addressTable.c.id),

  "delete.dialect.01": () => delete_(addressTable).where(addressTable.c.user_id.eq(1)).ext(mysql.limit(5)),
};
