/**
 * SQLAlchemy's Unified Tutorial, "Data Manipulation with the ORM"
 * (doc/build/tutorial/orm_data_manipulation.rst), step by step, with the SQL
 * each step emits as SQLAlchemy 2.1 emits it on SQLite. The bulk / multi-row
 * section is Core's and is left out.
 */
import { select } from "@athanor/core";
import { DetachedInstanceError, instanceState, Session } from "@athanor/orm";
import { describe, expect, test } from "vitest";
import { tutorialDatabase, User } from "./tutorial-models.js";

const SELECT_USER = "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account";

/** The session of the tutorial after "Inserting Rows": squidward (4) and krabs (5) committed. */
function afterInserting() {
  const db = tutorialDatabase();
  const session = new Session(db.engine);
  const squidward = new User({ name: "squidward", fullname: "Squidward Tentacles" });
  const krabs = new User({ name: "ehkrabs", fullname: "Eugene H. Krabs" });
  session.add(squidward);
  session.add(krabs);
  session.commit();
  db.clear();
  return { ...db, session, squidward, krabs };
}

describe("Inserting Rows using the ORM Unit of Work pattern", () => {
  test("objects become pending, a flush INSERTs them and fetches their primary keys", () => {
    const { engine, statements } = tutorialDatabase();
    const squidward = new User({ name: "squidward", fullname: "Squidward Tentacles" });
    const krabs = new User({ name: "ehkrabs", fullname: "Eugene H. Krabs" });
    expect(String(squidward)).toBe("User(id=undefined, name=squidward, fullname=Squidward Tentacles)");
    const session = new Session(engine);
    session.add(squidward);
    session.add(krabs);
    expect(session.new).toEqual([squidward, krabs]);
    expect(instanceState(squidward).status).toBe("pending");

    session.flush();
    // SQLAlchemy: two INSERT ... RETURNING id (insertmanyvalues, ordered, one row per batch).
    expect(statements()).toEqual([
      "INSERT INTO user_account (name, fullname) VALUES (?, ?) RETURNING id",
      "INSERT INTO user_account (name, fullname) VALUES (?, ?) RETURNING id",
    ]);
    expect(squidward.id).toBe(4);
    expect(krabs.id).toBe(5);
    expect(session.new).toEqual([]);

    // Getting objects by primary key from the identity map: no SQL.
    const someSquidward = session.get(User, 4);
    expect(someSquidward).toBe(squidward);
    expect(statements()).toEqual([]);

    session.commit();
    expect(statements()).toEqual([]);
    expect(instanceState(squidward).status).toBe("persistent");
    session.close();
  });
});

describe("Updating ORM Objects using the Unit of Work pattern", () => {
  test("a changed object is dirty and is UPDATEd by the autoflush of the next query", () => {
    const { session, statements } = afterInserting();
    const sandy = session.execute(select(User).where(User.name.eq("sandy"))).scalarOne();
    expect(statements()).toEqual([`${SELECT_USER} WHERE user_account.name = ?`]);
    expect(String(sandy)).toBe("User(id=2, name=sandy, fullname=Sandy Cheeks)");

    sandy.fullname = "Sandy Squirrel";
    expect(session.dirty.includes(sandy)).toBe(true);

    const sandyFullname = session.execute(select(User.fullname).where(User.id.eq(2))).scalarOne();
    expect(statements()).toEqual([
      "UPDATE user_account SET fullname=? WHERE user_account.id = ?",
      "SELECT user_account.fullname FROM user_account WHERE user_account.id = ?",
    ]);
    expect(sandyFullname).toBe("Sandy Squirrel");
    expect(session.dirty.includes(sandy)).toBe(false);
    session.close();
  });
});

describe("Deleting ORM Objects using the Unit of Work pattern", () => {
  test("delete() marks the object; the autoflush loads its collection and DELETEs it", () => {
    const { session, statements } = afterInserting();
    const patrick = session.get(User, 3) as User;
    expect(statements()).toEqual([`${SELECT_USER} WHERE user_account.id = ?`]);

    session.delete(patrick);
    // The addresses are loaded when the delete is flushed in SQLAlchemy; here when delete() runs
    // its cascade. Either way before the DELETE, and one SELECT.
    const found = session.execute(select(User).where(User.name.eq("patrick"))).first();
    expect(statements()).toEqual([
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id",
      "DELETE FROM user_account WHERE user_account.id = ?",
      `${SELECT_USER} WHERE user_account.name = ?`,
    ]);
    expect(found).toBeNull();
    expect(session.contains(patrick)).toBe(false);
    session.close();
  });
});

describe("Rolling Back", () => {
  test("rollback() expires every object and restores deleted ones", () => {
    const { session, statements } = afterInserting();
    const sandy = session.execute(select(User).where(User.name.eq("sandy"))).scalarOne();
    sandy.fullname = "Sandy Squirrel";
    const patrick = session.get(User, 3) as User;
    session.delete(patrick);
    session.execute(select(User).where(User.name.eq("patrick"))).first();
    statements();

    session.rollback();
    expect(statements()).toEqual([]);
    // sandy.__dict__ is empty but for the state: every attribute expired.
    expect([...instanceState(sandy).expiredAttributes].sort()).toEqual(["fullname", "id", "name"]);
    expect(sandy.fullname).toBe("Sandy Cheeks");
    expect(statements()).toEqual([`${SELECT_USER} WHERE user_account.id = ?`]);

    expect(session.contains(patrick)).toBe(true);
    expect(session.execute(select(User).where(User.name.eq("patrick"))).scalarOne()).toBe(patrick);
    expect(statements()).toEqual([`${SELECT_USER} WHERE user_account.name = ?`]);
    session.close();
  });
});

describe("Closing a Session", () => {
  test("close() detaches the objects; add() brings one back and it loads again", () => {
    const { session, squidward, statements } = afterInserting();
    session.close();
    expect(statements()).toEqual([]);
    expect(instanceState(squidward).status).toBe("detached");
    // Expired by the commit, and detached: nothing can load it.
    expect(() => squidward.name).toThrow(DetachedInstanceError);

    session.add(squidward);
    expect(squidward.name).toBe("squidward");
    expect(statements()).toEqual([`${SELECT_USER} WHERE user_account.id = ?`]);
    session.close();
  });
});
