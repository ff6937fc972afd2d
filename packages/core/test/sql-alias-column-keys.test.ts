/** An alias of a table whose column keys differ from their names (as the ORM's mapped tables). */
import { Column, Integer, MetaData, select, Table } from "@athanor/core";
import { expect, test } from "vitest";

test("alias columns render by name and are keyed by key", () => {
  const md = new MetaData();
  const t = new Table("address", md, {
    id: new Column(Integer, { primaryKey: true }),
    userId: new Column(Integer, { name: "user_id" }),
  });
  const a = t.alias();
  expect(String(select(a.c.id, a.c.userId))).toBe(
    "SELECT address_1.id, address_1.user_id \nFROM address AS address_1",
  );
});
