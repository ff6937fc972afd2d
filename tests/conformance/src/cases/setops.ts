// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
import { exceptAll, func, intersect, select, union, unionAll } from "@athanor/core";
import { addressTable, employee, product, someTable, t1, userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "setops.union.02": () => {
    const stmt1 = select(userTable).where(userTable.c.name.eq("sandy"));
    const stmt2 = select(userTable).where(userTable.c.name.eq("spongebob"));
    return unionAll(stmt1, stmt2);
  },

  "setops.union.03": () => union(select(someTable.c.x), select(t1.c.a)).orderBy("x").limit(10),

  "setops.union.05": () => {
    const u = unionAll(
      select(userTable.c.id, userTable.c.name),
      select(employee.c.id, employee.c.name),
    ).subquery();
    return select(u.c.name).where(u.c.id.gt(5));
  },

  "setops.union.06": () => {
    const s1 = select(product.c.id).orderBy(product.c.price).limit(3);
    const s2 = select(product.c.id).orderBy(product.c.price.desc()).limit(3);
    return union(s1, s2);
  },

  "setops.union.07": () => {
    const c = union(select(userTable.c.id), select(addressTable.c.user_id)).cte("ids");
    return select(func.count()).selectFrom(c);
  },

  "setops.intersect_except.01": () => intersect(select(userTable.c.id), select(addressTable.c.user_id)),

  "setops.intersect_except.04": () => exceptAll(select(someTable.c.x), select(t1.c.a)),

  "setops.intersect_except.05": () =>
    union(intersect(select(someTable.c.x), select(someTable.c.y)), select(t1.c.a)),
};
