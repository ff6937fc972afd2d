/**
 * Column loading options, after SQLAlchemy's test/orm/test_deferred.py
 * (deferred columns and groups, defer / undefer / undeferGroup / loadOnly,
 * raiseload on columns) and the column_property / query_expression tests of
 * test_deferred.py and test_query.py.
 */
import { func, insert, select } from "@athanor/core";
import {
  defaultload,
  defer,
  instanceState,
  loadOnly,
  Session,
  undefer,
  undeferGroup,
  withExpression,
} from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { fixture, type LoaderFixture } from "./loader-fixtures.js";
import { DAddress, DBase, DUser } from "./loader-models.js";

const FULLNAME = "d_users.firstname || ? || d_users.lastname AS fullname";
const COUNT =
  '(SELECT count(d_addresses.id) AS count_1 FROM d_addresses WHERE d_addresses.user_id = d_users.id) AS "addressCount"';
const BASE = `SELECT d_users.id, d_users.firstname, d_users.lastname, ${FULLNAME}, ${COUNT} FROM d_users`;

let f: LoaderFixture;
beforeEach(() => {
  f = fixture(DBase.metadata, (engine) =>
    engine.begin((conn) => {
      conn.execute(insert(DUser.__mapper__.table as never), [
        { id: 1, firstname: "jack", lastname: "bean", bio: "b1", photo1: "p11", photo2: "p12", secret: "s1" },
        { id: 2, firstname: "ed", lastname: "wood", bio: "b2", photo1: "p21", photo2: "p22", secret: "s2" },
      ]);
      conn.execute(insert(DAddress.__mapper__.table as never), [
        { id: 1, userId: 1, email: "a" },
        { id: 2, userId: 1, email: "b" },
        { id: 3, userId: 2, email: "c" },
      ]);
    }),
  );
});

function jack(s: Session, ...options: Parameters<ReturnType<typeof select>["options"]>): DUser {
  return s
    .scalars(
      select(DUser)
        .where(DUser.id.eq(1))
        .options(...options),
    )
    .one();
}

describe("deferred columns in the mapping", () => {
  test("left out of the SELECT, loaded on access with one SELECT (test_basic)", () => {
    const s = f.session();
    const u = jack(s);
    expect(f.sql()).toEqual([`${BASE} WHERE d_users.id = ?`]);
    f.clear();
    expect(u.bio).toBe("b1");
    expect(f.sql()).toEqual(["SELECT d_users.id, d_users.bio FROM d_users WHERE d_users.id = ?"]);
    f.clear();
    expect(u.bio).toBe("b1");
    expect(f.sql()).toEqual([]);
    expect(instanceState(u).modified).toBe(false);
  });

  test("a deferred group loads together (test_group)", () => {
    const s = f.session();
    const u = jack(s);
    f.clear();
    expect(u.photo2).toBe("p12");
    expect(f.sql()).toEqual([
      "SELECT d_users.id, d_users.photo1, d_users.photo2 FROM d_users WHERE d_users.id = ?",
    ]);
    f.clear();
    expect(u.photo1).toBe("p11");
    expect(f.sql()).toEqual([]);
  });

  test("deferredRaiseload: access raises", () => {
    const s = f.session();
    const u = jack(s);
    expect(() => u.secret).toThrow("'DUser.secret' is not available due to raiseload=True");
    // undefer() loads it with the entity.
    const s2 = new Session(f.engine);
    s.close();
    expect(jack(s2, undefer(DUser.secret)).secret).toBe("s1");
  });

  test("a change to a deferred column is flushed; expiry does not load deferred columns", () => {
    const s = f.session();
    const u = jack(s);
    u.bio = "new bio";
    s.commit();
    f.clear();
    expect(u.firstname).toBe("jack");
    // The reload after commit selects the non-deferred attributes plus the loaded deferred one.
    expect(f.sql()).toEqual([
      `SELECT d_users.id, d_users.firstname, d_users.lastname, d_users.bio, ${FULLNAME}, ${COUNT} FROM d_users WHERE d_users.id = ?`,
    ]);
    expect(u.bio).toBe("new bio");
  });
});

describe("column options", () => {
  test("undefer and undeferGroup add the columns (test_undefer, test_undefer_group)", () => {
    const s = f.session();
    const u = jack(s, undefer(DUser.bio), undeferGroup("photos"));
    expect(f.sql()[0]).toBe(
      `SELECT d_users.id, d_users.firstname, d_users.lastname, d_users.bio, d_users.photo1, d_users.photo2, ${FULLNAME}, ${COUNT} FROM d_users WHERE d_users.id = ?`,
    );
    f.clear();
    expect([u.bio, u.photo1, u.photo2]).toEqual(["b1", "p11", "p12"]);
    expect(f.sql()).toEqual([]);
  });

  test("defer leaves a column out; it loads on access (test_defer)", () => {
    const s = f.session();
    const u = jack(s, defer(DUser.lastname), defer(DUser.fullname), defer(DUser.addressCount));
    expect(f.sql()).toEqual(["SELECT d_users.id, d_users.firstname FROM d_users WHERE d_users.id = ?"]);
    f.clear();
    expect(u.lastname).toBe("bean");
    expect(u.fullname).toBe("jack bean");
    expect(u.addressCount).toBe(2);
    expect(f.sql()).toHaveLength(3);
  });

  test("defer with raiseload raises on access", () => {
    const s = f.session();
    const u = jack(s, defer(DUser.lastname, { raiseload: true }));
    expect(() => u.lastname).toThrow(/DUser.lastname' is not available due to raiseload=True/);
  });

  test("loadOnly selects the given columns and the primary key (test_load_only)", () => {
    const s = f.session();
    const users = s.scalars(select(DUser).options(loadOnly(DUser.firstname)).orderBy(DUser.id)).all();
    expect(f.sql()).toEqual(["SELECT d_users.id, d_users.firstname FROM d_users ORDER BY d_users.id"]);
    f.clear();
    expect(users.map((u) => u.lastname)).toEqual(["bean", "wood"]);
    expect(f.sql()).toHaveLength(2);
  });

  test("column options along a relationship path (defaultload(...).loadOnly)", () => {
    const s = f.session();
    const u = jack(s, defaultload(DUser.addresses).loadOnly(DAddress.id));
    f.clear();
    expect(u.addresses.map((a) => a.id)).toEqual([1, 2]);
    // The lazy load continues the option's path: only the primary key is selected.
    expect(f.sql()).toEqual(["SELECT d_addresses.id FROM d_addresses WHERE ? = d_addresses.user_id"]);
  });

  test("a column option naming another entity's column is refused", () => {
    const s = f.session();
    expect(() => jack(s, defer(DAddress.email))).toThrow(/not a column attribute of a selected entity/);
  });

  test("an unflushed change is not overwritten by a later load", () => {
    const s = new Session(f.engine, { autoflush: false });
    const u = jack(s);
    u.firstname = "changed";
    jack(s, undefer(DUser.bio));
    expect(u.firstname).toBe("changed");
    expect(u.bio).toBe("b1");
  });
});

describe("columnProperty and queryExpression", () => {
  test("a SQL expression and a correlated subquery load with the entity (test_column_property)", () => {
    const s = f.session();
    const users = s.scalars(select(DUser).orderBy(DUser.id)).all();
    expect(users.map((u) => [u.fullname, u.addressCount])).toEqual([
      ["jack bean", 2],
      ["ed wood", 1],
    ]);
    expect(f.sql()).toEqual([`${BASE} ORDER BY d_users.id`]);
    // Usable in SQL as an expression.
    f.clear();
    expect(s.scalars(select(DUser.id).where(DUser.fullname.eq("ed wood"))).all()).toEqual([2]);
    expect(() => {
      (users[0] as { fullname: string }).fullname = "x";
    }).toThrow(/SQL expression attribute/);
  });

  test("withExpression fills a queryExpression; otherwise it is null (test_query_expression)", () => {
    const s = f.session();
    const users = s
      .scalars(
        select(DUser)
          .options(withExpression(DUser.score, func.length(DUser.firstname)))
          .orderBy(DUser.id),
      )
      .all();
    expect(f.sql()[0]).toContain(", length(d_users.firstname) AS score FROM d_users");
    expect(users.map((u) => u.score)).toEqual([4, 2]);
    s.close();
    const s2 = f.session();
    expect(s2.scalars(select(DUser)).first()?.score).toBeNull();
    expect(() => withExpression(DUser.firstname as never, func.length(DUser.firstname))).toThrow(
      /queryExpression/,
    );
  });
});
