// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
import * as mysql from "@athanor/dialect-mysql";
import * as postgresql from "@athanor/dialect-postgresql";
import * as sqlite from "@athanor/dialect-sqlite";
import { employee, mixedCase, orderLine, product, someTable, userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "upsert.postgresql.01": () =>
    postgresql.insert(userTable).values({ id: 1, name: "spongebob" }).onConflictDoNothing(),

  "upsert.postgresql.02": () =>
    postgresql
      .insert(userTable)
      .values({ id: 1, name: "spongebob" })
      .onConflictDoNothing({ indexElements: ["id"] }),

  "upsert.postgresql.04": () => {
    // price=decimal.Decimal("99.00")
    let stmt = postgresql.insert(product).values({ sku: "A-1", name: "Anvil", price: "99.00" });
    stmt = stmt.onConflictDoUpdate({ constraint: "product_sku_key", set: { price: stmt.excluded.price } });
    return stmt;
  },

  "upsert.postgresql.05": () => {
    let stmt = postgresql.insert(product).values({ sku: "A-1", name: "Anvil", price: 10 });
    stmt = stmt.onConflictDoUpdate({
      indexElements: ["sku"],
      set: { price: stmt.excluded.price, name: stmt.excluded.name },
      where: product.c.price.lt(stmt.excluded.price),
    });
    return stmt;
  },

  "upsert.postgresql.06": () => {
    let stmt = postgresql.insert(employee).values({ id: 5, name: "Ann", active: true });
    stmt = stmt.onConflictDoUpdate({
      indexElements: [employee.c.name],
      indexWhere: employee.c.active.eq(true),
      set: { salary: stmt.excluded.salary },
    });
    return stmt;
  },

  "upsert.postgresql.08": () => {
    let stmt = postgresql.insert(someTable).values([
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ]);
    stmt = stmt.onConflictDoUpdate({ indexElements: ["x"], set: { y: stmt.excluded.y } });
    return stmt;
  },

  "upsert.postgresql.10": () => {
    let stmt = postgresql.insert(userTable).values({ id: 7, name: "x" });
    stmt = stmt.onConflictDoUpdate({ constraint: userTable.primaryKey, set: { name: "y" } });
    return stmt;
  },

  "upsert.postgresql.11": () => {
    let stmt = postgresql.insert(mixedCase).values({ UserId: 1, DisplayName: "Bob" });
    stmt = stmt.onConflictDoUpdate({
      indexElements: ["UserId"],
      set: { DisplayName: stmt.excluded.DisplayName },
    });
    return stmt;
  },

  "upsert.sqlite.01": () =>
    sqlite.insert(userTable).values({ id: 1, name: "spongebob" }).onConflictDoNothing(),

  "upsert.sqlite.02": () => {
    let stmt = sqlite.insert(userTable).values({ id: 1, name: "spongebob" });
    stmt = stmt.onConflictDoUpdate({ indexElements: [userTable.c.id], set: { name: stmt.excluded.name } });
    return stmt;
  },

  "upsert.sqlite.03": () => {
    let stmt = sqlite.insert(product).values({ sku: "B", name: "Bolt", price: 1 });
    stmt = stmt.onConflictDoUpdate({
      indexElements: ["sku"],
      set: { price: stmt.excluded.price },
      where: stmt.excluded.price.gt(product.c.price),
    });
    return stmt;
  },

  "upsert.mysql.02": () => {
    let stmt = mysql.insert(product).values({ sku: "C", name: "Cog", price: 3 });
    stmt = stmt.onDuplicateKeyUpdate({ price: 4, in_stock: true });
    return stmt;
  },

  // on_duplicate_key_update([("y", ...), ("x", ...)]): ordered [key, value] pairs
  "upsert.mysql.03": () => {
    let stmt = mysql.insert(someTable).values({ x: 1, y: 2 });
    stmt = stmt.onDuplicateKeyUpdate([
      ["y", stmt.inserted.y],
      ["x", someTable.c.x.add(1)],
    ]);
    return stmt;
  },

  "upsert.mysql.04": () => {
    let stmt = mysql.insert(orderLine).values([
      { order_id: 1, line_no: 1, sku: "A", qty: 1 },
      { order_id: 1, line_no: 2, sku: "B", qty: 2 },
    ]);
    stmt = stmt.onDuplicateKeyUpdate({ qty: orderLine.c.qty.add(stmt.inserted.qty) });
    return stmt;
  },
};
