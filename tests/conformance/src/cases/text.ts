// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String is SQLAlchemy's type name */
import { bindparam, column, Integer, String, select, text } from "@athanor/core";
import { userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "text.basic.01": () => text("SELECT x, y FROM some_table"),

  "text.basic.02": () => text("SELECT x, y FROM some_table WHERE y > :y").bindparams({ y: 2 }),

  "text.basic.03": () =>
    text("SELECT * FROM some_table WHERE x = :v OR y = :v OR x > :lim").bindparams({ v: 1, lim: 10 }),

  "text.basic.04": () => text("SELECT '10:30' AS t, x FROM some_table WHERE y = :y").bindparams({ y: 3 }),

  "text.basic.06": () =>
    text("SELECT name FROM user_account WHERE name LIKE 'a%' AND id > :id").bindparams({ id: 5 }),

  "text.basic.09": () =>
    text("SELECT id FROM user_account LIMIT :n").bindparams(bindparam("n", 3, { literalExecute: true })),

  "text.columns.01": () =>
    text("SELECT id, name FROM user_account").columns(userTable.c.id, userTable.c.name),

  "text.columns.02": () => {
    const t = text("SELECT id, name FROM user_account WHERE name != :n")
      .bindparams({ n: "x" })
      .columns(column("id", Integer), column("name", String))
      .subquery("u");
    return select(t.c.id).where(t.c.name.like("s%"));
  },

  "text.fragments.01": () => select(userTable.c.id).where(text("name = 'sandy'")),

  "text.fragments.02": () => select(userTable.c.id).where(text("name = :n").bindparams({ n: "pat" })),
};
