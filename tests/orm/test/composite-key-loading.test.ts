/**
 * Loaders over a composite foreign key: selectinload uses a tuple IN
 * (`(a, b) IN ((?, ?), ...)`), joinedload and subqueryload AND the pairs
 * (test_selectin_relations.py's composite key cases).
 */
import { ForeignKeyConstraint, Integer, String, select } from "@athanor/core";
import {
  declarativeBase,
  joinedload,
  mappedColumn,
  relationship,
  Session,
  selectinload,
  subqueryload,
} from "@athanor/orm";
import { expect, test } from "vitest";
import { fixture } from "./loader-fixtures.js";

const B = declarativeBase();

@B.register
class Parent extends B.mapped("ck_parent", {
  a: mappedColumn(Integer, { primaryKey: true }),
  b: mappedColumn(Integer, { primaryKey: true }),
  children: relationship(() => Kid, { uselist: true, backPopulates: "parent" }),
}) {}

@B.register
class Kid extends B.mapped(
  "ck_kid",
  {
    id: mappedColumn(Integer, { primaryKey: true }),
    pa: mappedColumn(Integer),
    pb: mappedColumn(Integer),
    data: mappedColumn(String(10)),
    parent: relationship(() => Parent, { backPopulates: "children" }),
  },
  { constraints: [new ForeignKeyConstraint(["pa", "pb"], ["ck_parent.a", "ck_parent.b"])] } as never,
) {}

function setupData() {
  const f = fixture(B.metadata);
  const s = new Session(f.engine);
  s.add(new Parent({ a: 1, b: 1, children: [new Kid({ id: 1, data: "x" }), new Kid({ id: 2, data: "y" })] }));
  s.add(new Parent({ a: 1, b: 2, children: [new Kid({ id: 3, data: "z" })] }));
  s.commit();
  s.close();
  f.clear();
  return f;
}

const shape = (ps: readonly Parent[]) => ps.map((p) => [p.a, p.b, p.children.map((k) => k.data).sort()]);

test("selectinload with a tuple IN", () => {
  const f = setupData();
  const s = new Session(f.engine);
  const ps = s.scalars(select(Parent).options(selectinload(Parent.children)).orderBy(Parent.b)).all();
  expect(shape(ps)).toEqual([
    [1, 1, ["x", "y"]],
    [1, 2, ["z"]],
  ]);
  expect(f.sql()[1]).toBe(
    "SELECT ck_kid.id, ck_kid.pa, ck_kid.pb, ck_kid.data FROM ck_kid WHERE (ck_kid.pa, ck_kid.pb) IN ((?, ?), (?, ?))",
  );
  s.close();
  f.clear();
  const s2 = new Session(f.engine);
  const kids = s2.scalars(select(Kid).options(selectinload(Kid.parent)).orderBy(Kid.id)).all();
  expect(kids.map((k) => k.parent?.b)).toEqual([1, 1, 2]);
  expect(f.sql()).toHaveLength(2);
});

test("joinedload and subqueryload join on both columns", () => {
  const f = setupData();
  const s = new Session(f.engine);
  const ps = s
    .execute(select(Parent).options(joinedload(Parent.children)).orderBy(Parent.b))
    .unique()
    .scalars()
    .all();
  expect(shape(ps)).toEqual([
    [1, 1, ["x", "y"]],
    [1, 2, ["z"]],
  ]);
  expect(f.sql()[0]).toContain(
    "LEFT OUTER JOIN ck_kid AS ck_kid_1 ON ck_parent.a = ck_kid_1.pa AND ck_parent.b = ck_kid_1.pb",
  );
  s.close();
  f.clear();
  const s2 = new Session(f.engine);
  expect(
    shape(s2.scalars(select(Parent).options(subqueryload(Parent.children)).orderBy(Parent.b)).all()),
  ).toEqual([
    [1, 1, ["x", "y"]],
    [1, 2, ["z"]],
  ]);
  expect(f.sql()).toHaveLength(2);
});
