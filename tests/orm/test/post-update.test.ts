/**
 * Rows that depend on each other, after SQLAlchemy's test/orm/test_cycles.py
 * (OneToManyManyToOneTest: a person's balls and favorite ball) and
 * test_unitofworkv2.py (post-update statements and their order): with
 * `postUpdate` the foreign key is written by a separate UPDATE; without it a
 * cycle raises CircularDependencyError before any SQL. Expected SQL is
 * SQLAlchemy 2.x's on SQLite.
 */
import { CircularDependencyError, type ColumnElement, ForeignKey, Integer, String } from "@athanor/core";
import { declarativeBase, mappedColumn, relationship, Session } from "@athanor/orm";
import { describe, expect, test } from "vitest";
import { setupWith } from "./relkinds-models.js";

function models(postUpdate: boolean) {
  const B = declarativeBase();
  @B.register
  class Person extends B.mapped("person", {
    id: mappedColumn(Integer, { primaryKey: true }),
    favoriteBallId: mappedColumn(Integer, {
      foreignKey: new ForeignKey("ball.id", { useAlter: true }),
      name: "favorite_ball_id",
    }),
    data: mappedColumn(String(30)),
    balls: relationship(() => Ball, {
      uselist: true,
      primaryjoin: (): ColumnElement<boolean> => Person.id.eq(Ball.personId),
      backPopulates: "person",
      cascade: "all, delete-orphan",
    }),
    favorite: relationship(() => Ball, {
      primaryjoin: (): ColumnElement<boolean> => Person.favoriteBallId.eq(Ball.id),
      postUpdate,
    }),
  }) {}
  @B.register
  class Ball extends B.mapped("ball", {
    id: mappedColumn(Integer, { primaryKey: true }),
    personId: mappedColumn(Integer, { foreignKey: "person.id", name: "person_id" }),
    data: mappedColumn(String(30)),
    person: relationship(() => Person, {
      primaryjoin: (): ColumnElement<boolean> => Person.id.eq(Ball.personId),
      backPopulates: "balls",
    }),
  }) {}
  return { B, Person, Ball };
}

const UPDATE_FAVORITE = "UPDATE person SET favorite_ball_id=? WHERE person.id = ?";

describe("postUpdate", () => {
  const { B, Person, Ball } = models(true);

  function seed(s: Session) {
    const b1 = new Ball({ id: 1, data: "b1" });
    const p = new Person({ id: 1, data: "p", balls: [b1, new Ball({ id: 2, data: "b2" })] });
    p.favorite = b1;
    s.add(p);
    s.flush();
    return p;
  }

  test("INSERT with NULL, the other rows, then the UPDATE of the foreign key", () => {
    const ctx = setupWith(B);
    using s = new Session(ctx.engine);
    const p = seed(s);
    expect(ctx.log).toEqual([
      {
        sql: "INSERT INTO person (id, favorite_ball_id, data) VALUES (?, ?, ?)",
        params: [1, null, "p"],
        executemany: false,
      },
      {
        sql: "INSERT INTO ball (id, person_id, data) VALUES (?, ?, ?)",
        params: [
          [1, 1, "b1"],
          [2, 1, "b2"],
        ],
        executemany: true,
      },
      { sql: UPDATE_FAVORITE, params: [1, 1], executemany: false },
    ]);
    expect(p.favoriteBallId).toBe(1);
    s.commit();
    expect(p.favorite?.data).toBe("b1");
  });

  test("changing the reference is one UPDATE", () => {
    const ctx = setupWith(B);
    using s = new Session(ctx.engine);
    const p = seed(s);
    ctx.clear();
    p.favorite = p.balls[1] as InstanceType<typeof Ball>;
    s.flush();
    expect(ctx.log).toEqual([{ sql: UPDATE_FAVORITE, params: [2, 1], executemany: false }]);
    expect(p.favoriteBallId).toBe(2);
  });

  test("before the DELETEs the foreign key is set to NULL", () => {
    const ctx = setupWith(B);
    using s = new Session(ctx.engine);
    const p = seed(s);
    ctx.clear();
    s.delete(p);
    s.flush();
    expect(ctx.log).toEqual([
      { sql: UPDATE_FAVORITE, params: [null, 1], executemany: false },
      {
        sql: "DELETE FROM ball WHERE ball.id = ?",
        params: [[1], [2]],
        executemany: true,
      },
      { sql: "DELETE FROM person WHERE person.id = ?", params: [1], executemany: false },
    ]);
  });

  test("generated keys: the UPDATE uses the keys the INSERTs returned", () => {
    const ctx = setupWith(B);
    using s = new Session(ctx.engine);
    const b = new Ball({ data: "b" });
    const p = new Person({ data: "p", balls: [b] });
    p.favorite = b;
    s.add(p);
    s.flush();
    expect(ctx.statements()).toEqual([
      "INSERT INTO person (favorite_ball_id, data) VALUES (?, ?) RETURNING id",
      "INSERT INTO ball (person_id, data) VALUES (?, ?) RETURNING id",
      UPDATE_FAVORITE,
    ]);
    expect(ctx.log[2]?.params).toEqual([b.id, p.id]);
  });
});

describe("mutual dependency without postUpdate", () => {
  const { B, Person, Ball } = models(false);

  test("rows that need each other's keys raise CircularDependencyError before any SQL", () => {
    const ctx = setupWith(B);
    using s = new Session(ctx.engine);
    const b = new Ball({ data: "b" });
    const p = new Person({ data: "p", balls: [b] });
    p.favorite = b;
    s.add(p);
    expect(() => s.flush()).toThrow(CircularDependencyError);
    expect(() => s.flush()).toThrow(/set postUpdate: true on one of the relationships/);
    expect(ctx.statements()).toEqual([]);
  });

  test("the same tables without a cycle among the rows flush in row order", () => {
    const ctx = setupWith(B);
    using s = new Session(ctx.engine);
    const p = new Person({ id: 1, data: "p", balls: [new Ball({ id: 1, data: "b" })] });
    s.add(p);
    s.flush();
    expect(ctx.statements()).toEqual([
      "INSERT INTO person (id, favorite_ball_id, data) VALUES (?, ?, ?)",
      "INSERT INTO ball (id, person_id, data) VALUES (?, ?, ?)",
    ]);
    // A favorite that already exists is an ordinary UPDATE.
    ctx.clear();
    p.favorite = p.balls[0] as InstanceType<typeof Ball>;
    s.flush();
    expect(ctx.log).toEqual([{ sql: UPDATE_FAVORITE, params: [1, 1], executemany: false }]);
  });
});

describe("self-referential postUpdate (test_cycles SelfReferentialPostUpdateTest)", () => {
  const B = declarativeBase();
  @B.register
  class Link extends B.mapped("link", {
    id: mappedColumn(Integer, { primaryKey: true }),
    nextId: mappedColumn(Integer, { foreignKey: "link.id", name: "next_id" }),
    next: relationship(() => Link, { remoteSide: "id", postUpdate: true }),
  }) {}

  test("two rows pointing at each other: one INSERT executemany, one UPDATE executemany", () => {
    const ctx = setupWith(B);
    using s = new Session(ctx.engine);
    const a = new Link({ id: 1 });
    const b = new Link({ id: 2, next: a });
    a.next = b;
    s.addAll([a, b]);
    s.flush();
    expect(ctx.log).toEqual([
      {
        sql: "INSERT INTO link (id, next_id) VALUES (?, ?)",
        params: [
          [1, null],
          [2, null],
        ],
        executemany: true,
      },
      {
        sql: "UPDATE link SET next_id=? WHERE link.id = ?",
        params: [
          [2, 1],
          [1, 2],
        ],
        executemany: true,
      },
    ]);
    ctx.clear();
    s.delete(a);
    s.delete(b);
    s.flush();
    expect(ctx.statements()).toEqual([
      "UPDATE link SET next_id=? WHERE link.id = ?",
      "DELETE FROM link WHERE link.id = ?",
    ]);
    expect(ctx.log[0]?.params).toEqual([
      [null, 1],
      [null, 2],
    ]);
  });

  test("without postUpdate the same rows raise CircularDependencyError", () => {
    const B2 = declarativeBase();
    @B2.register
    class L2 extends B2.mapped("l2", {
      id: mappedColumn(Integer, { primaryKey: true }),
      nextId: mappedColumn(Integer, { foreignKey: "l2.id" }),
      next: relationship(() => L2, { remoteSide: "id" }),
    }) {}
    const ctx = setupWith(B2);
    using s = new Session(ctx.engine);
    const a = new L2({ id: 1 });
    a.next = new L2({ id: 2, next: a });
    s.add(a);
    expect(() => s.flush()).toThrow(CircularDependencyError);
    expect(ctx.statements()).toEqual([]);
  });
});
