/**
 * SQLAlchemy's Unified Tutorial, "Working with ORM Related Objects"
 * (doc/build/tutorial/orm_related_objects.rst): persisting and loading
 * relationships, joins along relationships, and the relationship WHERE
 * operators it points to (the ORM query guide's `any()`, `has()`, `==` and
 * `contains()`), with the SQL SQLAlchemy 2.1 emits on SQLite. The "Loader
 * Strategies" section (selectinload, joinedload, raiseload) is not ported
 * here.
 */
import { type ClauseElement, not_, select } from "@athanor/core";
import { Session } from "@athanor/orm";
import { describe, expect, test } from "vitest";
import { Address, tutorialDatabase, User } from "./tutorial-models.js";

const sql = (stmt: ClauseElement) => String(stmt).replace(/\s+/g, " ").trim();

/** pkrabs (4) with two addresses (4, 5), committed, as the tutorial leaves them. */
function withPkrabs() {
  const db = tutorialDatabase();
  const session = new Session(db.engine);
  const u1 = new User({ name: "pkrabs", fullname: "Pearl Krabs" });
  const a1 = new Address({ emailAddress: "pearl.krabs@gmail.com" });
  u1.addresses.push(a1);
  const a2 = new Address({ emailAddress: "pearl@aol.com", user: u1 });
  session.add(u1);
  session.commit();
  db.clear();
  return { ...db, session, u1, a1, a2 };
}

describe("Persisting and Loading Relationships", () => {
  test("both sides of a relationship stay in sync in memory", () => {
    const u1 = new User({ name: "pkrabs", fullname: "Pearl Krabs" });
    expect(u1.addresses).toEqual([]);
    const a1 = new Address({ emailAddress: "pearl.krabs@gmail.com" });
    u1.addresses.push(a1);
    expect(u1.addresses).toEqual([a1]);
    expect(a1.user).toBe(u1);
    const a2 = new Address({ emailAddress: "pearl@aol.com", user: u1 });
    expect(u1.addresses).toEqual([a1, a2]);
    // Assigning the same parent again does not add it twice.
    a2.user = u1;
    expect(u1.addresses).toEqual([a1, a2]);
  });

  test("cascading objects into the Session, then one INSERT per row in dependency order", () => {
    const { engine, statements } = tutorialDatabase();
    const session = new Session(engine);
    const u1 = new User({ name: "pkrabs", fullname: "Pearl Krabs" });
    const a1 = new Address({ emailAddress: "pearl.krabs@gmail.com" });
    u1.addresses.push(a1);
    const a2 = new Address({ emailAddress: "pearl@aol.com", user: u1 });
    session.add(u1);
    expect([session.contains(u1), session.contains(a1), session.contains(a2)]).toEqual([true, true, true]);
    expect(u1.id).toBeUndefined();
    expect(a1.userId).toBeUndefined();

    session.commit();
    // SQLAlchemy 2.1: the single user row without RETURNING (lastrowid), the two addresses as
    // RETURNING inserts; here every INSERT fetches its key the same way.
    expect(statements().map((s) => s.replace(/ RETURNING id$/, ""))).toEqual([
      "INSERT INTO user_account (name, fullname) VALUES (?, ?)",
      "INSERT INTO address (email_address, user_id) VALUES (?, ?)",
      "INSERT INTO address (email_address, user_id) VALUES (?, ?)",
    ]);
    session.close();
  });

  test("loading relationships: expired attributes reload, the collection lazy-loads once", () => {
    const { session, u1, a1, a2, statements } = withPkrabs();
    expect(u1.id).toBe(4);
    expect(statements()).toEqual([
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.id = ?",
    ]);
    expect(u1.addresses).toEqual([a1, a2]);
    expect(statements()).toEqual([
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id",
    ]);
    // Loaded once; and the loaded rows are the same objects, from the identity map.
    expect(u1.addresses[0]).toBe(a1);
    expect(String(a1)).toBe("Address(id=4, email_address=pearl.krabs@gmail.com)");
    expect(String(a2)).toBe("Address(id=5, email_address=pearl@aol.com)");
    expect(statements()).toEqual([]);
    session.close();
  });
});

describe("Using Relationships to Join", () => {
  test("a relationship gives both the right side and the ON clause", () => {
    expect(sql(select(Address.emailAddress).selectFrom(User).join(User.addresses))).toBe(
      "SELECT address.email_address FROM user_account JOIN address ON user_account.id = address.user_id",
    );
  });
  test("without it, the foreign key between the tables decides the ON clause", () => {
    expect(sql(select(Address.emailAddress).joinFrom(User, Address))).toBe(
      "SELECT address.email_address FROM user_account JOIN address ON user_account.id = address.user_id",
    );
  });
  test("a many-to-one join, executed", () => {
    const { session, statements } = withPkrabs();
    const rows = session
      .execute(
        select(Address.emailAddress).join(Address.user).where(User.name.eq("sandy")).orderBy(Address.id),
      )
      .all();
    expect(rows.map((r) => r.emailAddress)).toEqual(["sandy@sqlalchemy.org", "sandy@squirrelpower.org"]);
    expect(statements()).toEqual([
      "SELECT address.email_address FROM address JOIN user_account ON user_account.id = address.user_id WHERE user_account.name = ? ORDER BY address.id",
    ]);
    session.close();
  });
});

describe("Relationship WHERE Operators", () => {
  test("any(): EXISTS over the collection, with or without criteria", () => {
    const { session, statements } = withPkrabs();
    const names = session
      .execute(select(User.name).where(User.addresses.any(Address.emailAddress.eq("pearl.krabs@gmail.com"))))
      .all();
    expect(names.map((r) => r.name)).toEqual(["pkrabs"]);
    expect(statements()).toEqual([
      "SELECT user_account.name FROM user_account WHERE EXISTS (SELECT 1 FROM address WHERE user_account.id = address.user_id AND address.email_address = ?)",
    ]);
    const without = session.execute(select(User.fullname).where(not_(User.addresses.any()))).all();
    expect(without.map((r) => r.fullname)).toEqual(["Patrick Star"]);
    expect(statements()).toEqual([
      "SELECT user_account.fullname FROM user_account WHERE NOT (EXISTS (SELECT 1 FROM address WHERE user_account.id = address.user_id))",
    ]);
    session.close();
  });

  test("has(): EXISTS over a many-to-one", () => {
    const { session, statements } = withPkrabs();
    const emails = session
      .execute(select(Address.emailAddress).where(Address.user.has(User.name.eq("pkrabs"))))
      .all();
    expect(emails.map((r) => r.emailAddress)).toEqual(["pearl.krabs@gmail.com", "pearl@aol.com"]);
    expect(statements()).toEqual([
      "SELECT address.email_address FROM address WHERE EXISTS (SELECT 1 FROM user_account WHERE user_account.id = address.user_id AND user_account.name = ?)",
    ]);
    session.close();
  });

  test("== an object and contains(): compare with the object's key, no join", () => {
    const { session, u1, a1, a2, statements } = withPkrabs();
    expect(session.scalars(select(Address).where(Address.user.eq(u1))).all()).toEqual([a1, a2]);
    const first = statements();
    // u1's expired primary key is read from its identity key, without a refresh.
    expect(first).toEqual([
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id",
    ]);
    expect(session.scalars(select(User).where(User.addresses.contains(a1))).all()).toEqual([u1]);
    expect(statements()).toEqual([
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.id = ?",
    ]);
    session.close();
  });
});
