// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
import { delete_, func, insert, literal, select, update } from "@athanor/core";
import { addressTable, department, employee, product, someTable, userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "cte.basic.01": () => {
    const addressCte = select(func.count(addressTable.c.id).label("count"), addressTable.c.user_id)
      .groupBy(addressTable.c.user_id)
      .cte();
    return select(userTable.c.name, addressCte.c.count)
      .joinFrom(userTable, addressCte)
      .orderBy(userTable.c.id);
  },

  "cte.basic.02": () => {
    const big = select(product.c.id, product.c.price).where(product.c.price.gt(100)).cte("expensive");
    return select(big.c.id).where(big.c.price.lt(1000));
  },

  "cte.basic.03": () => {
    const regional = select(employee.c.dept_id, func.sum(employee.c.salary).label("total_salary"))
      .groupBy(employee.c.dept_id)
      .cte("regional");
    const top = select(regional.c.dept_id)
      .where(regional.c.total_salary.gt(select(func.sum(regional.c.total_salary).div(10)).scalarSubquery()))
      .cte("top_depts");
    return select(employee.c.name, employee.c.dept_id).where(employee.c.dept_id.in(select(top.c.dept_id)));
  },

  "cte.basic.04": () => {
    const c = select(employee.c.id, employee.c.manager_id, employee.c.name)
      .where(employee.c.active)
      .cte("act");
    const c2 = c.alias("boss");
    return select(c.c.name, c2.c.name.label("boss")).join(c2, c.c.manager_id.eq(c2.c.id));
  },

  "cte.recursive.02": () => {
    let tree = select(employee.c.id, literal(0).label("depth"))
      .where(employee.c.id.eq(1))
      .cte("tree", { recursive: true });
    tree = tree.unionAll(
      select(employee.c.id, tree.c.depth.add(1).label("depth")).where(employee.c.manager_id.eq(tree.c.id)),
    );
    return select(tree.c.id, tree.c.depth).orderBy(tree.c.depth);
  },

  "cte.nested.01": () => {
    const inner = select(userTable.c.id).where(userTable.c.name.like("s%")).cte("s_users", { nesting: true });
    const outer = select(inner.c.id).cte("outer_q");
    return select(outer.c.id);
  },

  "cte.nested.02": () => {
    const c = select(someTable.c.x).where(someTable.c.y.gt(1)).cte("ys");
    return select(userTable.c.id)
      .addCte(c)
      .where(userTable.c.id.in(select(c.c.x)));
  },

  "cte.dml.01": () => {
    const c = select(userTable.c.id, userTable.c.name).where(userTable.c.id.gt(100)).cte("new_users");
    return insert(addressTable).fromSelect(
      ["user_id", "email_address"],
      select(c.c.id, c.c.name.add("@example.com")),
    );
  },

  "cte.dml.03": () => {
    const c = select(employee.c.id).where(employee.c.active.eq(false)).cte("inactive");
    return delete_(employee).where(employee.c.id.in(select(c.c.id)));
  },

  "cte.dml.04": () => {
    const upd = update(product)
      .where(product.c.in_stock.eq(false))
      .values({ price: product.c.price.mul(0.9) })
      .returning(product.c.id, product.c.price)
      .cte("discounted");
    return select(upd.c.id, upd.c.price);
  },

  "cte.dml.05": () => {
    const ins = insert(department).values({ name: "Research" }).returning(department.c.id).cte("new_dept");
    return select(ins.c.id);
  },
};
