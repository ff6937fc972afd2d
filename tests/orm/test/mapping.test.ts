/** Mapping at runtime: the tables built from `mappedColumn()`s, defaults, class-level attributes. */
import { createEngine, DateTime, Integer, listen, String, select } from "@athanor/core";
import { SQLiteDialectBetterSqlite3 } from "@athanor/dialect-sqlite";
import { declarativeBase, mappedColumn, Session } from "@athanor/orm";
import { describe, expect, test } from "vitest";
import { Address, User } from "./models.js";

describe("tables", () => {
  test("column options reach the Core table and its DDL", () => {
    const Base = declarativeBase();
    @Base.register
    class Item extends Base.mapped("item", {
      id: mappedColumn(Integer, { primaryKey: true }),
      code: mappedColumn(String(10), { nullable: false, unique: true }),
      label: mappedColumn(String(20), { index: true, name: "item_label" }),
      qty: mappedColumn(Integer, { nullable: false, default: 1 }),
      stamp: mappedColumn(String(20), { serverDefault: "then" }),
      createdAt: mappedColumn(DateTime, { default: () => new Date(0) }),
    }) {}
    const engine = createEngine("sqlite://", { dialect: new SQLiteDialectBetterSqlite3() });
    const ddl: string[] = [];
    listen(engine, "beforeCursorExecute", (_c, sql) => {
      if (/^\s*CREATE/.test(sql)) ddl.push(sql.replace(/\s+/g, " ").trim());
      return undefined;
    });
    engine.begin((conn) => Base.metadata.createAll(conn));
    expect(ddl).toEqual([
      "CREATE TABLE item ( id INTEGER NOT NULL, code VARCHAR(10) NOT NULL, item_label VARCHAR(20), qty INTEGER NOT NULL, stamp VARCHAR(20) DEFAULT 'then', \"createdAt\" DATETIME, PRIMARY KEY (id), UNIQUE (code) )",
      "CREATE INDEX ix_item_item_label ON item (item_label)",
    ]);
    expect(Item.__mapper__.table.c.label?.name).toBe("item_label");

    using s = new Session(engine);
    const it = new Item({ code: "a" });
    s.add(it);
    s.flush();
    // Client-side and server defaults are fetched back.
    expect(it.qty).toBe(1);
    expect(it.stamp).toBe("then");
    expect(it.createdAt).toEqual(new Date(0));
    expect(s.scalars(select(Item.label).where(Item.code.eq("a"))).all()).toEqual([null]);
  });

  test("class-level attributes are the table's columns; class names survive registration", () => {
    expect(User.name).toBe(User.__mapper__.table.c.name);
    expect(User.__mapper__.className).toBe("User");
    expect(Address.emailAddress.name).toBe("email_address");
  });
});
