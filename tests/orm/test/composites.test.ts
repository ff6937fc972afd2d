/**
 * `composite()` and `synonym()`, after SQLAlchemy's test/orm/test_composites.py
 * (PointTest: round trip, assigning a new value writes both columns, SQL
 * comparison, NULL composites) and test/orm/test_mapper.py's synonym tests.
 */
import { ArgumentError, Integer, String, select } from "@athanor/core";
import { composite, declarativeBase, mappedColumn, Session, synonym } from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { engineFor } from "./mapping-helpers.js";

class Point {
  constructor(
    readonly x: number | null,
    readonly y: number | null,
  ) {}
}

const Base = declarativeBase();

@Base.register
class Vertex extends Base.mapped("vertices", {
  id: mappedColumn(Integer, { primaryKey: true }),
  x1: mappedColumn(Integer),
  y1: mappedColumn(Integer),
  x2: mappedColumn(Integer, { nullable: false }),
  y2: mappedColumn(Integer, { nullable: false }),
  start: composite(Point, { x: "x1", y: "y1" }),
  end: composite(Point, { x: "x2", y: "y2" }),
}) {}

@Base.register
class Account extends Base.mapped("accounts", {
  id: mappedColumn(Integer, { primaryKey: true }),
  userName: mappedColumn(String(30), { name: "user_name" }),
  name: synonym("userName"),
}) {}

let db: ReturnType<typeof engineFor>;
beforeEach(() => {
  db = engineFor(Base.metadata);
});

describe("composite() (test_composites.py PointTest)", () => {
  test("round trip: the constructor takes composites, the columns are written", () => {
    using s = new Session(db.engine);
    const v = new Vertex({ start: new Point(3, 4), end: new Point(5, 6) });
    expect(v.x1).toBe(3);
    expect(v.y2).toBe(6);
    s.add(v);
    s.commit();
    expect(db.sql()[0]).toBe("INSERT INTO vertices (x1, y1, x2, y2) VALUES (?, ?, ?, ?) RETURNING id");
    expect(db.params()[0]).toEqual([3, 4, 5, 6]);
    s.expungeAll();
    const loaded = s.scalars(select(Vertex)).one();
    expect(loaded.start).toEqual(new Point(3, 4));
    expect(loaded.start).toBeInstanceOf(Point);
    expect(loaded.end).toEqual(new Point(5, 6));
  });

  test("assigning a new value updates both columns", () => {
    using s = new Session(db.engine);
    const v = new Vertex({ start: new Point(3, 4), end: new Point(5, 6) });
    s.add(v);
    s.flush();
    db.clear();
    v.end = new Point(7, 8);
    s.flush();
    expect(db.sql()).toEqual(["UPDATE vertices SET x2=?, y2=? WHERE vertices.id = ?"]);
    expect(db.params()).toEqual([[7, 8, 1]]);
    v.start = null;
    s.flush();
    expect(db.sql().at(-1)).toBe("UPDATE vertices SET x1=?, y1=? WHERE vertices.id = ?");
    expect(v.start).toBeNull();
  });

  test("comparisons in queries: eq() ANDs the columns, ne() ORs them, eq(null) tests IS NULL", () => {
    using s = new Session(db.engine);
    s.addAll([
      new Vertex({ start: new Point(3, 4), end: new Point(5, 6) }),
      new Vertex({ start: new Point(1, 2), end: new Point(5, 6) }),
      new Vertex({ end: new Point(0, 0) }),
    ]);
    s.flush();
    db.clear();
    const hit = s.scalars(select(Vertex).where(Vertex.start.eq(new Point(3, 4)))).all();
    expect(hit.map((v) => v.start)).toEqual([new Point(3, 4)]);
    expect(db.sql()).toEqual([
      "SELECT vertices.id, vertices.x1, vertices.y1, vertices.x2, vertices.y2 FROM vertices WHERE vertices.x1 = ? AND vertices.y1 = ?",
    ]);
    expect(s.scalars(select(Vertex.id).where(Vertex.start.ne(new Point(3, 4)))).all()).toEqual([2]);
    expect(db.sql().at(-1)).toBe(
      "SELECT vertices.id FROM vertices WHERE vertices.x1 != ? OR vertices.y1 != ?",
    );
    expect(s.scalars(select(Vertex.id).where(Vertex.start.eq(null))).all()).toEqual([3]);
    expect(s.scalars(select(Vertex.id).orderBy(...Vertex.end.clauses)).all()).toEqual([3, 1, 2]);
  });

  test("a composite must be given its class; a field must name a column", () => {
    const v = new Vertex({ end: new Point(1, 1) });
    expect(() => {
      (v as { start: unknown }).start = { x: 1, y: 2 };
    }).toThrow(/Vertex.start must be a Point/);
    const B = declarativeBase();
    expect(() =>
      B.mapped("bad2", { id: mappedColumn(Integer, { primaryKey: true }), p: composite(Point, { x: "zz" }) }),
    ).toThrow(/composite 'p' of table 'bad2': 'zz' is not a column attribute/);
    expect(() => composite(Point, {})).toThrow(ArgumentError);
  });
});

describe("synonym() (test_mapper.py synonym tests)", () => {
  test("reads and writes the target attribute; the constructor accepts it", () => {
    const a = new Account({ name: "jack" });
    expect(a.userName).toBe("jack");
    a.name = "ed";
    expect(a.userName).toBe("ed");
    expect(a.name).toBe("ed");
  });

  test("usable in queries as the target column", () => {
    using s = new Session(db.engine);
    s.addAll([new Account({ userName: "jack" }), new Account({ name: "ed" })]);
    s.flush();
    db.clear();
    expect(Account.name).toBe(Account.userName);
    expect(s.scalars(select(Account).where(Account.name.eq("ed"))).one().userName).toBe("ed");
    expect(db.sql()).toEqual([
      "SELECT accounts.id, accounts.user_name FROM accounts WHERE accounts.user_name = ?",
    ]);
  });

  test("a synonym of a missing attribute is refused when the class is mapped", () => {
    const B = declarativeBase();
    expect(() =>
      B.mapped("s", { id: mappedColumn(Integer, { primaryKey: true }), n: synonym("missing") }),
    ).toThrow(/synonym 'n' of table 's': 'missing' is not a mapped attribute/);
  });
});
