/**
 * What the Session's operations refactor added to the sync API:
 * `refresh(obj, attributeNames)` (SQLAlchemy's `Session.refresh(instance,
 * attribute_names)`), `loadAttributeOp`, and the delete cascade loaded whole
 * before anything is marked (test_cascade.py's self-referential deletes).
 */
import { createEngine, listen, runSync, select } from "@athanor/core";
import { SQLiteDialectBetterSqlite3 } from "@athanor/dialect-sqlite";
import { loadAttributeOp, Session } from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { XBase, XNode } from "./backends/models.js";
import { setup } from "./helpers.js";
import { Address, User } from "./models.js";

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
});

function seed(session: Session): User {
  const u = new User({
    name: "jack",
    fullname: "Jack",
    addresses: [new Address({ emailAddress: "j@a" }), new Address({ emailAddress: "j@b" })],
  });
  session.add(u);
  session.commit();
  ctx.clear();
  return u;
}

describe("refresh(obj, attributeNames)", () => {
  test("reloads only the named columns (their changes discarded); other changes are autoflushed", () => {
    using session = new Session(ctx.engine);
    const u = seed(session);
    void u.name;
    u.name = "changed";
    u.fullname = "also changed";
    ctx.clear();
    session.refresh(u, ["fullname"]);
    // As SQLAlchemy: the autoflush writes the other change, then one SELECT of the named column.
    expect(ctx.statements()).toEqual([
      "UPDATE user_account SET name=? WHERE user_account.id = ?",
      "SELECT user_account.id, user_account.fullname FROM user_account WHERE user_account.id = ?",
    ]);
    expect(u.fullname).toBe("Jack");
    expect(u.name).toBe("changed");
    expect(session.dirty).toEqual([]);
  });

  test("a relationship name loads the relationship again", () => {
    using session = new Session(ctx.engine);
    const u = seed(session);
    session.refresh(u, ["addresses"]);
    expect(ctx.statements()).toEqual([
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id",
    ]);
    ctx.clear();
    expect(u.addresses.map((a) => a.emailAddress)).toEqual(["j@a", "j@b"]);
    expect(ctx.statements()).toEqual([]);
  });

  test("an unknown name is refused before any SQL", () => {
    using session = new Session(ctx.engine);
    const u = seed(session);
    expect(() => session.refresh(u, ["nope" as never])).toThrow("'nope' is not a mapped attribute of User");
    expect(ctx.statements()).toEqual([]);
  });
});

describe("loadAttributeOp", () => {
  test("reads a loaded attribute without SQL, loads an expired one or a lazy relationship", () => {
    using session = new Session(ctx.engine);
    const u = seed(session);
    expect(runSync(loadAttributeOp(u, "name"))).toBe("jack");
    expect(ctx.statements()).toHaveLength(1);
    ctx.clear();
    expect(runSync(loadAttributeOp(u, "name"))).toBe("jack");
    expect(ctx.statements()).toEqual([]);
    expect((runSync(loadAttributeOp(u, "addresses")) as Address[]).length).toBe(2);
    expect(ctx.statements()).toHaveLength(1);
    expect(() => runSync(loadAttributeOp(u, "nope"))).toThrow("'nope' is not a mapped attribute of User");
  });
});

describe("delete cascade", () => {
  test("a self-referential tree whose leaves are not loaded: all loaded first, then leaves deleted first", () => {
    const engine = createEngine("sqlite://", { dialect: new SQLiteDialectBetterSqlite3() });
    engine.begin((conn) => XBase.metadata.createAll(conn));
    const log: string[] = [];
    listen(engine, "beforeCursorExecute", (_c, sql, params) => {
      log.push(`${sql.replace(/\s+/g, " ")} ${JSON.stringify(params)}`);
      return undefined;
    });
    {
      using session = new Session(engine);
      const root = new XNode({ data: "root" });
      new XNode({ data: "grandchild", parent: new XNode({ data: "child", parent: root }) });
      session.add(root);
      session.commit();
    }
    using session = new Session(engine);
    const root = session.scalars(select(XNode).where(XNode.data.eq("root"))).one();
    log.length = 0;
    // XNode.children cascades "all": the child and grandchild collections load (the loads autoflush,
    // with nothing marked yet), then every node is marked and the DELETEs go leaves first.
    session.delete(root);
    session.commit();
    expect(log.map((l) => l.replace(/^(\w+).* (\[.*\])$/, "$1 $2"))).toEqual([
      "SELECT [1]",
      "SELECT [2]",
      "SELECT [3]",
      "DELETE [3]",
      "DELETE [2]",
      "DELETE [1]",
    ]);
  });
});
