/**
 * Many-to-many through an association table, after SQLAlchemy's
 * test/orm/test_unitofwork.py (ManyToManyTest), test_unitofworkv2.py
 * (the association rows' statements and their place in the flush),
 * test_relationships.py (self-referential many-to-many, backref) and
 * test_cascade.py (M2MCascadeTest). Expected SQL is what SQLAlchemy 2.x
 * emits for the same steps on SQLite.
 */
import { Column, delete_, ForeignKey, Integer, select, Table } from "@athanor/core";
import {
  declarativeBase,
  instanceState,
  mappedColumn,
  relationship,
  relationshipJoin,
  Session,
  StaleDataError,
} from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { GNode, Item, itemKeywords, Keyword, nodeToNode, setupWith } from "./relkinds-models.js";

let ctx: ReturnType<typeof setupWith>;
beforeEach(() => {
  ctx = setupWith();
});

const LOAD_KEYWORDS =
  "SELECT keywords.id, keywords.name FROM keywords, item_keywords WHERE ? = item_keywords.item_id AND keywords.id = item_keywords.keyword_id ORDER BY keywords.id";
const LOAD_ITEMS =
  "SELECT items.id, items.description FROM items, item_keywords WHERE ? = item_keywords.keyword_id AND items.id = item_keywords.item_id";
const INSERT_ROW = "INSERT INTO item_keywords (item_id, keyword_id) VALUES (?, ?)";
const DELETE_ROW =
  "DELETE FROM item_keywords WHERE item_keywords.item_id = ? AND item_keywords.keyword_id = ?";

/** Two items sharing a keyword, committed; the log cleared. */
function seed(s: Session) {
  const [red, big, round] = ["red", "big", "round"].map((name, i) => new Keyword({ id: i + 1, name }));
  const i1 = new Item({ id: 1, description: "i1", keywords: [red as Keyword, big as Keyword] });
  const i2 = new Item({ id: 2, description: "i2", keywords: [big as Keyword, round as Keyword] });
  s.addAll([i1, i2]);
  s.commit();
  ctx.clear();
}

describe("configuration", () => {
  test("secondary makes a MANYTOMANY collection; the join conditions come from its foreign keys", () => {
    Item.__mapper__.configure();
    const rel = Item.__mapper__.relationships.get("keywords");
    expect(rel).toMatchObject({
      direction: "MANYTOMANY",
      uselist: true,
      localKeys: ["id"],
      remoteKeys: ["id"],
    });
    expect(rel?.secondary).toBe(itemKeywords);
    expect(rel?.reverse).toBe(Keyword.__mapper__.relationships.get("items"));
    const j = relationshipJoin(Item.keywords);
    expect(String(j.primaryjoin)).toBe("items.id = item_keywords.item_id");
    expect(String(j.secondaryjoin)).toBe("keywords.id = item_keywords.keyword_id");
    const a = itemKeywords.alias("ik");
    const k = Keyword.__mapper__.table.alias("k");
    const aliased = relationshipJoin(Item.keywords, undefined, k, a);
    expect(String(aliased.primaryjoin)).toBe("items.id = ik.item_id");
    expect(String(aliased.secondaryjoin)).toBe("k.id = ik.keyword_id");
    expect(aliased.secondary).toBe(a);
  });
});

describe("flush", () => {
  test("new parents are inserted first, then every association row in one executemany", () => {
    using s = new Session(ctx.engine);
    const k1 = new Keyword({ id: 1, name: "red" });
    const k2 = new Keyword({ id: 2, name: "big" });
    s.add(new Item({ id: 1, description: "i1", keywords: [k1, k2] }));
    s.add(new Item({ id: 2, description: "i2", keywords: [k2] }));
    s.flush();
    expect(ctx.log).toEqual([
      {
        sql: "INSERT INTO items (id, description) VALUES (?, ?)",
        params: [
          [1, "i1"],
          [2, "i2"],
        ],
        executemany: true,
      },
      {
        sql: "INSERT INTO keywords (id, name) VALUES (?, ?)",
        params: [
          [1, "red"],
          [2, "big"],
        ],
        executemany: true,
      },
      {
        sql: INSERT_ROW,
        params: [
          [1, 1],
          [1, 2],
          [2, 2],
        ],
        executemany: true,
      },
    ]);
  });

  test("generated keys reach the association rows (RETURNING, then the rows)", () => {
    using s = new Session(ctx.engine);
    s.add(new Item({ description: "i", keywords: [new Keyword({ name: "k" })] }));
    s.flush();
    expect(ctx.statements()).toEqual([
      "INSERT INTO items (description) VALUES (?) RETURNING id",
      "INSERT INTO keywords (name) VALUES (?) RETURNING id",
      INSERT_ROW,
    ]);
    expect(ctx.log[2]?.params).toEqual([1, 1]);
  });

  test("lazy load from either side selects through the association table", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const i1 = s.get(Item, 1) as Item;
    ctx.clear();
    expect(i1.keywords.map((k) => k.name)).toEqual(["red", "big"]);
    expect(ctx.log).toEqual([{ sql: LOAD_KEYWORDS, params: [1], executemany: false }]);
    const big = i1.keywords[1] as Keyword;
    ctx.clear();
    expect(big.items.map((i) => i.description).sort()).toEqual(["i1", "i2"]);
    expect(ctx.statements()).toEqual([LOAD_ITEMS]);
    // The second item comes through the identity map's row; the first is the same object.
    expect(big.items.includes(i1)).toBe(true);
  });

  test("removing and appending write one DELETE and one INSERT of association rows, nothing else", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const i1 = s.get(Item, 1) as Item;
    const round = s.get(Keyword, 3) as Keyword;
    i1.keywords.length; // load
    ctx.clear();
    i1.keywords.splice(0, 1);
    i1.keywords.push(round);
    s.flush();
    expect(ctx.log).toEqual([
      { sql: DELETE_ROW, params: [1, 1], executemany: false },
      { sql: INSERT_ROW, params: [1, 3], executemany: false },
    ]);
    expect(i1.keywords.map((k) => k.id)).toEqual([2, 3]);
    s.expireAll();
    expect(i1.keywords.map((k) => k.id)).toEqual([2, 3]);
  });

  test("a change seen from both sides of backPopulates writes the row once", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const i2 = s.get(Item, 2) as Item;
    const red = s.get(Keyword, 1) as Keyword;
    red.items.length;
    i2.keywords.length;
    ctx.clear();
    red.items.push(i2);
    expect(i2.keywords.includes(red)).toBe(true);
    expect(instanceState(i2).modified).toBe(true);
    s.flush();
    expect(ctx.log).toEqual([{ sql: INSERT_ROW, params: [2, 1], executemany: false }]);
    i2.keywords.splice(i2.keywords.indexOf(red), 1);
    expect(red.items.includes(i2)).toBe(false);
    ctx.clear();
    s.flush();
    expect(ctx.log).toEqual([{ sql: DELETE_ROW, params: [2, 1], executemany: false }]);
  });

  test("deleting a parent loads its collection and deletes its rows before the parent's row", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const i2 = s.get(Item, 2) as Item;
    ctx.clear();
    s.delete(i2);
    s.flush();
    expect(ctx.log).toEqual([
      { sql: LOAD_KEYWORDS, params: [2], executemany: false },
      {
        sql: DELETE_ROW,
        params: [
          [2, 2],
          [2, 3],
        ],
        executemany: true,
      },
      { sql: "DELETE FROM items WHERE items.id = ?", params: [2], executemany: false },
    ]);
    expect(s.scalars(select(Keyword)).all()).toHaveLength(3);
  });

  test("a deleted parent whose collection is loaded needs no SELECT", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const i1 = s.get(Item, 1) as Item;
    i1.keywords.length;
    ctx.clear();
    s.delete(i1);
    s.flush();
    expect(ctx.statements()).toEqual([DELETE_ROW, "DELETE FROM items WHERE items.id = ?"]);
  });

  test("an association row already gone fails the flush and rolls it back; the change stays pending", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const i1 = s.get(Item, 1) as Item;
    i1.keywords.length;
    s.connection().execute(delete_(itemKeywords));
    i1.keywords.pop();
    expect(() => s.flush()).toThrow(StaleDataError);
    expect(() => s.flush()).not.toThrow();
    expect(s.scalars(select(itemKeywords.c.keyword_id)).all()).toEqual([1, 2, 3]);
  });

  test("the stale row's error names the association table", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const i1 = s.get(Item, 1) as Item;
    i1.keywords.length;
    s.connection().execute(delete_(itemKeywords));
    i1.keywords.pop();
    expect(() => s.flush()).toThrow(
      /DELETE statement on table 'item_keywords' expected to delete 1 row\(s\); Only 0 were matched/,
    );
  });

  test("items appended to a new parent's collection are cascaded into the session", () => {
    using s = new Session(ctx.engine);
    const k = new Keyword({ name: "k" });
    const i = new Item({ description: "i" });
    s.add(i);
    i.keywords.push(k);
    expect(s.contains(k)).toBe(true);
    s.commit();
    expect(s.scalar(select(itemKeywords.c.keyword_id))).toBe(k.id);
  });
});

describe("statement order (test_unitofworkv2)", () => {
  test("rows follow the parents' INSERTs and precede their DELETEs in one flush", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const i1 = s.get(Item, 1) as Item;
    const red = s.get(Keyword, 1) as Keyword;
    i1.keywords.length;
    ctx.clear();
    s.delete(i1);
    s.add(new Item({ id: 3, description: "i3", keywords: [red] }));
    s.flush();
    // SQLAlchemy emits the DELETE of the deleted parent's rows first; both orders satisfy the keys.
    expect(ctx.log).toEqual([
      { sql: "INSERT INTO items (id, description) VALUES (?, ?)", params: [3, "i3"], executemany: false },
      {
        sql: DELETE_ROW,
        params: [
          [1, 1],
          [1, 2],
        ],
        executemany: true,
      },
      { sql: INSERT_ROW, params: [3, 1], executemany: false },
      { sql: "DELETE FROM items WHERE items.id = ?", params: [1], executemany: false },
    ]);
  });
});

describe("cascades (test_cascade M2MCascadeTest)", () => {
  test("delete cascade through a many-to-many deletes the rows, then both sides", () => {
    const B = declarativeBase();
    const link = new Table("a_b", B.metadata, {
      a_id: new Column(new ForeignKey("a.id"), { primaryKey: true }),
      b_id: new Column(new ForeignKey("b.id"), { primaryKey: true }),
    });
    @B.register
    class A extends B.mapped("a", {
      id: mappedColumn(Integer, { primaryKey: true }),
      bs: relationship(() => Bx, { secondary: link, cascade: "all" }),
    }) {}
    @B.register
    class Bx extends B.mapped("b", {
      id: mappedColumn(Integer, { primaryKey: true }),
    }) {}
    const local = setupWith(B);
    using s = new Session(local.engine);
    s.add(new A({ id: 1, bs: [new Bx({ id: 1 }), new Bx({ id: 2 })] }));
    s.commit();
    local.clear();
    s.delete(s.get(A, 1) as A);
    s.flush();
    expect(local.statements()).toEqual([
      "SELECT a.id FROM a WHERE a.id = ?",
      "SELECT b.id FROM b, a_b WHERE ? = a_b.a_id AND b.id = a_b.b_id",
      "DELETE FROM a_b WHERE a_b.a_id = ? AND a_b.b_id = ?",
      "DELETE FROM b WHERE b.id = ?",
      "DELETE FROM a WHERE a.id = ?",
    ]);
    expect(local.log[2]?.params).toEqual([
      [1, 1],
      [1, 2],
    ]);
    const B2 = declarativeBase();
    const link2 = new Table("c_d", B2.metadata, {
      c_id: new Column(new ForeignKey("c.id"), { primaryKey: true }),
      d_id: new Column(new ForeignKey("d.id"), { primaryKey: true }),
    });
    @B2.register
    class C extends B2.mapped("c", {
      id: mappedColumn(Integer, { primaryKey: true }),
      ds: relationship(() => D, { secondary: link2, cascade: "all, delete-orphan" }),
    }) {}
    @B2.register
    class D extends B2.mapped("d", { id: mappedColumn(Integer, { primaryKey: true }) }) {}
    expect(() => C.__mapper__.configure()).toThrow(
      /delete-orphan cascade on a many-to-many is not implemented/,
    );
  });

  test("a new item appended to a persistent parent is cascaded and inserted before its row", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const i1 = s.get(Item, 1) as Item;
    i1.keywords.length;
    ctx.clear();
    const detached = new Keyword({ id: 9, name: "n" });
    i1.keywords.push(detached);
    expect(s.contains(detached)).toBe(true);
    s.flush();
    expect(ctx.statements()).toEqual(["INSERT INTO keywords (id, name) VALUES (?, ?)", INSERT_ROW]);
  });
});

describe("queries through the association table", () => {
  test("join(Item.keywords) joins an alias of the association table, then the target", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const rows = s.scalars(select(Item).join(Item.keywords).where(Keyword.name.eq("round"))).all();
    expect(rows.map((i) => i.id)).toEqual([2]);
    expect(ctx.statements()).toEqual([
      "SELECT items.id, items.description FROM items JOIN item_keywords AS item_keywords_1 ON items.id = item_keywords_1.item_id JOIN keywords ON keywords.id = item_keywords_1.keyword_id WHERE keywords.name = ?",
    ]);
  });

  test("any() is an EXISTS over the target and the association table", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const rows = s.scalars(select(Item).where(Item.keywords.any(Keyword.name.eq("red")))).all();
    expect(rows.map((i) => i.id)).toEqual([1]);
    expect(ctx.statements()).toEqual([
      "SELECT items.id, items.description FROM items WHERE EXISTS (SELECT 1 FROM keywords, item_keywords WHERE items.id = item_keywords.item_id AND keywords.id = item_keywords.keyword_id AND keywords.name = ?)",
    ]);
  });

  test("contains() compares the association table's column with the object's key", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const big = s.get(Keyword, 2) as Keyword;
    ctx.clear();
    const rows = s.scalars(select(Item).where(Item.keywords.contains(big)).orderBy(Item.id)).all();
    expect(rows.map((i) => i.id)).toEqual([1, 2]);
    expect(ctx.statements()).toEqual([
      "SELECT items.id, items.description FROM items, item_keywords AS item_keywords_1 WHERE items.id = item_keywords_1.item_id AND ? = item_keywords_1.keyword_id ORDER BY items.id",
    ]);
  });
});

describe("self-referential many-to-many (primaryjoin / secondaryjoin, backref)", () => {
  test("rows, lazy loads and the backref both ways", () => {
    using s = new Session(ctx.engine);
    const [n1, n2, n3] = [1, 2, 3].map((id) => new GNode({ id, label: `n${id}` })) as [GNode, GNode, GNode];
    n1.rightNodes.push(n2, n3);
    const left = (n: GNode) => (n as unknown as { leftNodes: GNode[] }).leftNodes;
    expect(left(n2)).toEqual([n1]);
    left(n3).push(n2);
    expect(n2.rightNodes).toEqual([n3]);
    s.add(n1);
    s.commit();
    expect(ctx.log.slice(1)).toEqual([
      {
        sql: "INSERT INTO node_to_node (left_node_id, right_node_id) VALUES (?, ?)",
        params: [
          [1, 2],
          [1, 3],
          [2, 3],
        ],
        executemany: true,
      },
    ]);
    ctx.clear();
    expect(n1.rightNodes.map((n) => n.id)).toEqual([2, 3]);
    expect(
      left(n3)
        .map((n) => n.id)
        .sort(),
    ).toEqual([1, 2]);
    expect(ctx.statements().slice(-2)).toEqual([
      "SELECT gnode.id, gnode.label FROM gnode, node_to_node WHERE ? = node_to_node.left_node_id AND gnode.id = node_to_node.right_node_id",
      "SELECT gnode.id, gnode.label FROM gnode, node_to_node WHERE ? = node_to_node.right_node_id AND gnode.id = node_to_node.left_node_id",
    ]);
    ctx.clear();
    const rows = s.scalars(select(GNode).where(GNode.rightNodes.contains(n3)).orderBy(GNode.id)).all();
    expect(rows.map((n) => n.id)).toEqual([1, 2]);
    expect(() => GNode.rightNodes.any()).toThrow(/self-referential/);
  });

  test("deleting a node deletes its rows on both sides", () => {
    using s = new Session(ctx.engine);
    const [n1, n2, n3] = [1, 2, 3].map((id) => new GNode({ id, label: `n${id}` })) as [GNode, GNode, GNode];
    n1.rightNodes.push(n2);
    n2.rightNodes.push(n3);
    s.add(n1);
    s.commit();
    ctx.clear();
    s.delete(n2);
    s.flush();
    expect(ctx.statements()).toContain("DELETE FROM gnode WHERE gnode.id = ?");
    expect(s.connection().execute(select(nodeToNode)).all()).toEqual([]);
  });
});
