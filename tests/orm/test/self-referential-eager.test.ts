/**
 * Eager loading of a self-referential relationship, after SQLAlchemy's
 * test_eager_relations.py SelfReferentialEagerTest: a configured
 * `lazy: "joined"` goes `joinDepth` levels deep, then loads lazily; explicit
 * options go as deep as their path.
 */
import { insert, select } from "@athanor/core";
import { joinedload, selectinload } from "@athanor/orm";
import { beforeEach, expect, test } from "vitest";
import { fixture, type LoaderFixture } from "./loader-fixtures.js";
import { LBase, Node } from "./loader-models.js";

let f: LoaderFixture;
beforeEach(() => {
  f = fixture(LBase.metadata, (engine) =>
    engine.begin((conn) => {
      conn.execute(insert(Node.__mapper__.table as never), [
        { id: 1, parentId: null, data: "n1" },
        { id: 2, parentId: 1, data: "n11" },
        { id: 3, parentId: 1, data: "n12" },
        { id: 4, parentId: 3, data: "n121" },
        { id: 5, parentId: 4, data: "n1211" },
      ]);
    }),
  );
});

type Tree = [string, Tree[]];
function tree(n: Node): Tree {
  return [n.data as string, [...n.children].sort((a, b) => a.id - b.id).map(tree)];
}

test("joinDepth 2: two aliased joins, the third level loads lazily (test_basic, join_depth)", () => {
  const s = f.session();
  const n1 = s
    .execute(select(Node).where(Node.data.eq("n1")))
    .unique()
    .scalars()
    .one();
  expect(f.sql()).toEqual([
    'SELECT nodes.id, nodes.parent_id, nodes.data, nodes_1.id AS id_1, nodes_1.parent_id AS "parentId_1", nodes_1.data AS data_1, nodes_2.id AS id_2, nodes_2.parent_id AS "parentId_2", nodes_2.data AS data_2 FROM nodes LEFT OUTER JOIN nodes AS nodes_1 ON nodes.id = nodes_1.parent_id LEFT OUTER JOIN nodes AS nodes_2 ON nodes_1.id = nodes_2.parent_id WHERE nodes.data = ?',
  ]);
  f.clear();
  const n12 = n1.children.find((c) => c.data === "n12") as Node;
  expect(n12.children.map((c) => c.data)).toEqual(["n121"]);
  expect(f.sql()).toEqual([]);
  // n121 was reached at the second level: its children load on access, with joinDepth levels of
  // joins again (as SQLAlchemy), which load n1211's (empty) children too.
  expect(tree(n1)).toEqual([
    "n1",
    [
      ["n11", []],
      ["n12", [["n121", [["n1211", []]]]]],
    ],
  ]);
  expect(f.sql()).toEqual([
    'SELECT nodes.id, nodes.parent_id, nodes.data, nodes_1.id AS id_1, nodes_1.parent_id AS "parentId_1", nodes_1.data AS data_1, nodes_2.id AS id_2, nodes_2.parent_id AS "parentId_2", nodes_2.data AS data_2 FROM nodes LEFT OUTER JOIN nodes AS nodes_1 ON nodes.id = nodes_1.parent_id LEFT OUTER JOIN nodes AS nodes_2 ON nodes_1.id = nodes_2.parent_id WHERE ? = nodes.parent_id',
  ]);
});

test("an explicit chain of selectinloads loads level by level", () => {
  const s = f.session();
  const roots = s.scalars(
    select(Node)
      .where(Node.parentId.is(null))
      .options(selectinload(Node.children).selectinload(Node.children).selectinload(Node.children)),
  );
  const n1 = roots.one();
  expect(f.sql()).toHaveLength(4);
  f.clear();
  expect(tree(n1)).toEqual([
    "n1",
    [
      ["n11", []],
      ["n12", [["n121", [["n1211", []]]]]],
    ],
  ]);
  // Below the named levels the configured joined strategy applies: the last SELECT joined n1211's children.
  expect(f.sql()).toEqual([]);
});

test("joinedload as an option, then the configured joinDepth below it", () => {
  const s = f.session();
  const n1 = s
    .execute(select(Node).where(Node.id.eq(1)).options(joinedload(Node.children)))
    .unique()
    .scalars()
    .one();
  // The option names one level; below it the configured strategy adds joinDepth (2) levels counted from the query.
  expect(f.sql()[0]).toContain(
    "FROM nodes LEFT OUTER JOIN nodes AS nodes_1 ON nodes.id = nodes_1.parent_id LEFT OUTER JOIN nodes AS nodes_2 ON nodes_1.id = nodes_2.parent_id WHERE",
  );
  expect(n1.children.map((c) => c.data).sort()).toEqual(["n11", "n12"]);
});
