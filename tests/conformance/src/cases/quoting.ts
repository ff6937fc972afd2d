// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String is SQLAlchemy's type name */
import {
  Column,
  CreateTable,
  Integer,
  MetaData,
  String,
  select,
  Table,
  UniqueConstraint,
} from "@athanor/core";
import { mixedCase, reserved, userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "quoting.identifiers.01": () => {
    const md = new MetaData();
    const tbl = new Table("user", md, {
      level: new Column(Integer),
      comment: new Column(String(10)),
      size: new Column(Integer),
      key: new Column(Integer),
    });
    return select(tbl).where(tbl.c.level.gt(1));
  },

  "quoting.identifiers.02": () =>
    select(mixedCase.c.UserId, mixedCase.c.lowercase_col).where(mixedCase.c.DisplayName.eq("Bob")),

  "quoting.identifiers.03": () =>
    select(reserved.c.select, reserved.c.from).where(reserved.c.group.eq(2)).orderBy(reserved.c.user),

  "quoting.identifiers.04": () => {
    const md = new MetaData();
    const tbl = new Table("plain", md, { col: new Column(Integer, { quote: true }) }, { quote: true });
    return select(tbl.c.col);
  },

  "quoting.identifiers.06": () => {
    const md = new MetaData();
    const tbl = new Table('we"ird table', md, {
      "col one": new Column(Integer),
      "it's": new Column(String(5)),
      "br]acket": new Column(Integer),
    });
    return select(tbl).where(tbl.c["col one"].eq(1));
  },

  "quoting.identifiers.07": () => {
    const md = new MetaData();
    const tbl = new Table("1st_table", md, {
      val$1: new Column(Integer),
      _under: new Column(Integer),
    });
    return select(tbl);
  },

  "quoting.identifiers.10": () => {
    const c = select(userTable.c.id.label("Order")).cte("Recent Users");
    const a = c.alias("Select");
    return select(a.c.Order.label("Group"));
  },

  "quoting.ddl.01": () => {
    const md = new MetaData();
    const tbl = new Table(
      "Order Items",
      md,
      {
        Id: new Column(Integer, { primaryKey: true }),
        order: new Column(Integer, { nullable: false }),
      },
      { constraints: [new UniqueConstraint("order", { name: "UQ Order" })] },
    );
    return new CreateTable(tbl);
  },
};
