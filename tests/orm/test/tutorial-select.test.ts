/**
 * The ORM-entity examples of SQLAlchemy's Unified Tutorial, "Using SELECT
 * Statements" (doc/build/tutorial/data_select.rst), run through a Session,
 * with the SQL SQLAlchemy 2.1 emits on SQLite. Left out: `aliased()`,
 * `from_statement()` over a UNION, and `filter_by()` (written as `where()`).
 */
import { and_, func, or_, select } from "@athanor/core";
import { Session } from "@athanor/orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { Address, tutorialDatabase, User } from "./tutorial-models.js";

const SELECT_USER = "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account";

let db: ReturnType<typeof tutorialDatabase>;
let session: Session;
beforeEach(() => {
  db = tutorialDatabase();
  session = new Session(db.engine);
});
afterEach(() => session.close());

describe("Selecting ORM Entities and Columns", () => {
  test("select(User): rows are one-element tuples of objects", () => {
    const rows = [...session.execute(select(User).where(User.name.eq("spongebob")))];
    expect(rows.map((r) => r.map(String))).toEqual([
      ["User(id=1, name=spongebob, fullname=Spongebob Squarepants)"],
    ]);
    expect(db.statements()).toEqual([`${SELECT_USER} WHERE user_account.name = ?`]);
  });

  test("first() row and scalars().first()", () => {
    const row = session.execute(select(User)).first();
    expect(row).toHaveLength(1);
    expect(String(row?.[0])).toBe("User(id=1, name=spongebob, fullname=Spongebob Squarepants)");
    const user = session.scalars(select(User)).first();
    // The same object, from the identity map.
    expect(user).toBe(row?.[0]);
    expect(db.statements()).toEqual([SELECT_USER, SELECT_USER]);
  });

  test("columns of an entity give plain rows", () => {
    const row = session.execute(select(User.name, User.fullname)).first();
    expect(row && [row.name, row.fullname]).toEqual(["spongebob", "Spongebob Squarepants"]);
    expect(db.statements()).toEqual(["SELECT user_account.name, user_account.fullname FROM user_account"]);
  });

  test("a column and an entity mixed", () => {
    const rows = session
      .execute(select(User.name, Address).where(User.id.eq(Address.userId)).orderBy(Address.id))
      .all();
    expect(rows.map(([name, a]) => [name, String(a)])).toEqual([
      ["spongebob", "Address(id=1, email_address=spongebob@sqlalchemy.org)"],
      ["sandy", "Address(id=2, email_address=sandy@sqlalchemy.org)"],
      ["sandy", "Address(id=3, email_address=sandy@squirrelpower.org)"],
    ]);
    expect(db.statements()).toEqual([
      "SELECT user_account.name, address.id, address.email_address, address.user_id FROM user_account, address WHERE user_account.id = address.user_id ORDER BY address.id",
    ]);
  });

  test("two entities joined along a relationship", () => {
    const rows = session
      .execute(select(User, Address).join(User.addresses).orderBy(User.id, Address.id))
      .all();
    expect(rows.map(([u, a]) => [u.name, a.emailAddress])).toEqual([
      ["spongebob", "spongebob@sqlalchemy.org"],
      ["sandy", "sandy@sqlalchemy.org"],
      ["sandy", "sandy@squirrelpower.org"],
    ]);
    // Both sandy rows are the same object.
    expect(rows[1]?.[0]).toBe(rows[2]?.[0]);
    expect(db.statements()).toEqual([
      "SELECT user_account.id, user_account.name, user_account.fullname, address.id AS id_1, address.email_address, address.user_id FROM user_account JOIN address ON user_account.id = address.user_id ORDER BY user_account.id, address.id",
    ]);
  });

  test("no row: first() is null", () => {
    expect(session.execute(select(User).where(User.name.eq("nobody"))).first()).toBeNull();
    expect(db.statements()).toEqual([`${SELECT_USER} WHERE user_account.name = ?`]);
  });
});

describe("The WHERE clause", () => {
  test("and_ / or_ across two entities", () => {
    const rows = session
      .execute(
        select(Address.emailAddress).where(
          and_(or_(User.name.eq("squidward"), User.name.eq("sandy")), Address.userId.eq(User.id)),
        ),
      )
      .all();
    expect(rows.map((r) => r.emailAddress)).toEqual(["sandy@sqlalchemy.org", "sandy@squirrelpower.org"]);
    expect(db.statements()).toEqual([
      "SELECT address.email_address FROM address, user_account WHERE (user_account.name = ? OR user_account.name = ?) AND address.user_id = user_account.id",
    ]);
  });

  test("equality on several attributes (filter_by's SQL)", () => {
    const users = session
      .scalars(select(User).where(User.name.eq("spongebob"), User.fullname.eq("Spongebob Squarepants")))
      .all();
    expect(users.map((u) => u.id)).toEqual([1]);
    expect(db.statements()).toEqual([
      `${SELECT_USER} WHERE user_account.name = ? AND user_account.fullname = ?`,
    ]);
  });
});

describe("ORDER BY, GROUP BY, HAVING and subqueries", () => {
  test("order by a column descending", () => {
    const users = session.scalars(select(User).orderBy(User.fullname.desc())).all();
    expect(users.map((u) => u.name)).toEqual(["spongebob", "sandy", "patrick"]);
    expect(db.statements()).toEqual([`${SELECT_USER} ORDER BY user_account.fullname DESC`]);
  });

  test("aggregates with GROUP BY / HAVING", () => {
    const rows = session
      .execute(
        select(User.name, func.count(Address.id).label("count"))
          .join(Address)
          .groupBy(User.name)
          .having(func.count(Address.id).gt(1)),
      )
      .all();
    expect(rows.map((r) => [r.name, r.count])).toEqual([["sandy", 2]]);
    expect(db.statements()).toEqual([
      "SELECT user_account.name, count(address.id) AS count FROM user_account JOIN address ON user_account.id = address.user_id GROUP BY user_account.name HAVING count(address.id) > ?",
    ]);
  });

  test("ordering or grouping by a label", () => {
    const rows = session
      .execute(
        select(Address.userId, func.count(Address.id).label("num_addresses"))
          // A string names a selected column by its key: the attribute key here.
          .groupBy("userId")
          .orderBy("userId", "num_addresses"),
      )
      .all();
    expect(rows.map((r) => [r.userId, r.num_addresses])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(db.statements()).toEqual([
      "SELECT address.user_id, count(address.id) AS num_addresses FROM address GROUP BY address.user_id ORDER BY address.user_id, num_addresses",
    ]);
  });

  test("IN over a subquery of another entity", () => {
    const rows = session
      .execute(
        select(User.name).where(
          User.id.in(select(Address.userId).where(Address.emailAddress.like("%sqlalchemy.org"))),
        ),
      )
      .all();
    expect(rows.map((r) => r.name)).toEqual(["spongebob", "sandy"]);
    expect(db.statements()).toEqual([
      "SELECT user_account.name FROM user_account WHERE user_account.id IN (SELECT address.user_id FROM address WHERE address.email_address LIKE ?)",
    ]);
  });
});
