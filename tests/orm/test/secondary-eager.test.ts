/**
 * Eager loading of a many-to-many through its association table, after
 * SQLAlchemy's test_eager_relations.py (EagerTest.test_many_to_many) and
 * test_selectin_relations.py (M2MTest): the SQL is what SQLAlchemy 2.x emits
 * on SQLite for the same mapping (items ↔ keywords, ordered by keyword id).
 */
import { NotImplementedError, select } from "@athanor/core";
import { joinedload, Session, selectinload, subqueryload } from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { GNode, Item, Keyword, Person, setupWith } from "./relkinds-models.js";

let ctx: ReturnType<typeof setupWith>;
beforeEach(() => {
  ctx = setupWith();
  using s = new Session(ctx.engine);
  const [red, big, round] = ["red", "big", "round"].map((name, i) => new Keyword({ id: i + 1, name })) as [
    Keyword,
    Keyword,
    Keyword,
  ];
  s.addAll([
    new Item({ id: 1, description: "i1", keywords: [big, red] }),
    new Item({ id: 2, description: "i2", keywords: [round, big] }),
    new Item({ id: 3, description: "i3" }),
  ]);
  s.commit();
  ctx.clear();
});

const loaded = (items: Item[]) => items.map((i) => [i.description, i.keywords.map((k) => k.name)]);
const EXPECTED = [
  ["i1", ["red", "big"]],
  ["i2", ["big", "round"]],
  ["i3", []],
];

describe("selectinload through a secondary table", () => {
  test("one SELECT of the association rows joined to the targets, ordered by the relationship's orderBy", () => {
    using s = new Session(ctx.engine);
    const items = s.scalars(select(Item).options(selectinload(Item.keywords)).orderBy(Item.id)).all();
    expect(ctx.log.map((l) => [l.sql, l.params])).toEqual([
      ["SELECT items.id, items.description FROM items ORDER BY items.id", []],
      [
        "SELECT item_keywords.item_id, keywords.id, keywords.name FROM item_keywords JOIN keywords ON keywords.id = item_keywords.keyword_id WHERE item_keywords.item_id IN (?, ?, ?) ORDER BY keywords.id",
        [1, 2, 3],
      ],
    ]);
    ctx.clear();
    expect(loaded(items)).toEqual(EXPECTED);
    // Shared targets are one object each; nothing more is loaded.
    expect(items[0]?.keywords[1]).toBe(items[1]?.keywords[0]);
    expect(ctx.log).toEqual([]);
  });

  test("the loaded collections are not changes: nothing is flushed, and the backref side stays unloaded", () => {
    using s = new Session(ctx.engine);
    const items = s.scalars(select(Item).options(selectinload(Item.keywords))).all();
    s.flush();
    expect(ctx.log).toHaveLength(2);
    const big = items[0]?.keywords[1] as Keyword;
    ctx.clear();
    expect(big.items.map((i) => i.description).sort()).toEqual(["i1", "i2"]);
    expect(ctx.log).toHaveLength(1);
  });
});

describe("joinedload through a secondary table", () => {
  test("LEFT OUTER JOIN of (association JOIN target), both aliased; ORDER BY over the target's alias", () => {
    using s = new Session(ctx.engine);
    const items = s
      .scalars(select(Item).options(joinedload(Item.keywords)).orderBy(Item.id))
      .unique()
      .all();
    expect(ctx.log.map((l) => l.sql)).toEqual([
      "SELECT items.id, items.description, keywords_1.id AS id_1, keywords_1.name FROM items LEFT OUTER JOIN (item_keywords AS item_keywords_1 JOIN keywords AS keywords_1 ON keywords_1.id = item_keywords_1.keyword_id) ON items.id = item_keywords_1.item_id ORDER BY items.id, keywords_1.id",
    ]);
    ctx.clear();
    expect(loaded(items)).toEqual(EXPECTED);
    expect(ctx.log).toEqual([]);
  });

  test("from the other side (no orderBy): the keywords' items", () => {
    using s = new Session(ctx.engine);
    const keywords = s
      .scalars(select(Keyword).options(joinedload(Keyword.items)).orderBy(Keyword.id))
      .unique()
      .all();
    expect(keywords.map((k) => [k.name, k.items.map((i) => i.description).sort()])).toEqual([
      ["red", ["i1"]],
      ["big", ["i1", "i2"]],
      ["round", ["i2"]],
    ]);
    expect(ctx.log).toHaveLength(1);
  });
});

describe("subqueryload through a secondary table", () => {
  test("the parents' query as a subquery, joined to the association table, then to the targets", () => {
    using s = new Session(ctx.engine);
    const items = s.scalars(select(Item).options(subqueryload(Item.keywords)).orderBy(Item.id)).all();
    expect(ctx.log.map((l) => l.sql)).toEqual([
      "SELECT items.id, items.description FROM items ORDER BY items.id",
      "SELECT keywords.id AS keywords_id, keywords.name AS keywords_name, anon_1.items_id AS anon_1_items_id FROM (SELECT items.id AS items_id FROM items) AS anon_1 JOIN item_keywords AS item_keywords_1 ON anon_1.items_id = item_keywords_1.item_id JOIN keywords ON keywords.id = item_keywords_1.keyword_id ORDER BY keywords.id",
    ]);
    ctx.clear();
    expect(loaded(items)).toEqual(EXPECTED);
    expect(ctx.log).toEqual([]);
  });
});

describe("what is not built raises instead of loading wrong rows", () => {
  test("selectin / subquery loads of a relationship with a custom primaryjoin", () => {
    using s = new Session(ctx.engine);
    expect(() => s.scalars(select(Person).options(selectinload(Person.workEmails))).all()).toThrow(
      /selectin eager loading with a custom primaryjoin is not implemented/,
    );
    expect(() => s.scalars(select(Person).options(subqueryload(Person.workEmails))).all()).toThrow(
      NotImplementedError,
    );
  });

  test("eager loads of a many-to-many with a hand-written primaryjoin / secondaryjoin", () => {
    using s = new Session(ctx.engine);
    expect(() => s.scalars(select(GNode).options(selectinload(GNode.rightNodes))).all()).toThrow(
      /custom primaryjoin \/ secondaryjoin is not implemented/,
    );
    expect(() => s.scalars(select(GNode).options(joinedload(GNode.rightNodes))).all()).toThrow(
      NotImplementedError,
    );
  });
});
