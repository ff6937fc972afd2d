// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
import { insert, select } from "@athanor/core";
import { product, someTable, userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "hints.for_update.03": () =>
    select(product).where(product.c.in_stock).withForUpdate({ skipLocked: true }).limit(10),

  "hints.for_update.04": () => select(userTable).withForUpdate({ read: true }),

  "hints.for_update.07": () => select(userTable).withForUpdate({ keyShare: true }),

  "hints.hint.01": () => select(userTable).withHint(userTable, "WITH (NOLOCK)"),

  "hints.hint.02": () => select(userTable).withHint(userTable, "WITH (NOLOCK)", { dialectName: "mssql" }),

  "hints.hint.03": () =>
    select(userTable).withHint(userTable, "INDEX(%(name)s ix_name)", { dialectName: "oracle" }),

  "hints.hint.04": () => select(userTable).withStatementHint("OPTION (MAXDOP 1)", { dialectName: "mssql" }),

  "hints.prefix.01": () => select(userTable.c.name).prefixWith("SQL_NO_CACHE"),

  "hints.prefix.02": () => select(userTable.c.name).suffixWith("FOR XML AUTO", { dialect: "mssql" }),

  "hints.prefix.03": () => insert(userTable).prefixWith("OR IGNORE").values({ name: "x" }),

  "hints.prefix.04": () => {
    const c = select(someTable.c.x).cte("m").prefixWith("MATERIALIZED");
    return select(c.c.x);
  },
};
