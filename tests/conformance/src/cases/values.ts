// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String is SQLAlchemy's type name */
import { column, Integer, String, select, values } from "@athanor/core";
import { someTable, userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "values.select.01": () => {
    const v = values(column("id", Integer), column("name", String), { name: "my_values" }).data([
      [1, "name1"],
      [2, "name2"],
      [3, "name3"],
    ]);
    return select(v.c.id, v.c.name);
  },

  "values.select.02": () => {
    const v = values(column("uid", Integer), column("label", String), { name: "labels" }).data([
      [1, "a"],
      [2, "b"],
    ]);
    // Python evaluates `v.c.uid == user_table.c.id` with the right operand's reflected __eq__ (Column
    // subclasses ColumnClause), so SQLAlchemy renders the table column first.
    return select(userTable.c.name, v.c.label).join(v, userTable.c.id.eq(v.c.uid));
  },

  "values.select.03": () => {
    const v = values(column("x", Integer), column("y", String), { name: "lit", literalBinds: true }).data([
      [1, "one"],
      [2, "it's"],
    ]);
    return select(v);
  },

  "values.select.04": () => {
    const v = values(column("n", Integer))
      .data([[1], [2]])
      .scalarValues();
    return select(someTable).where(someTable.c.x.in(v));
  },
};
