/**
 * SQLAlchemy's ORM Quick Start (doc/build/orm/quickstart.rst), the
 * single-table parts, against in-memory SQLite; the emitted SQL is compared
 * with what SQLAlchemy 2.x emits for the same steps.
 */
import { select, text } from "@athanor/core";
import { instanceState, Session } from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { setup } from "./helpers.js";
import { Address, Base, User } from "./models.js";

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
});

describe("ORM quick start", () => {
  test("create tables from Base.metadata", () => {
    using conn = ctx.engine.connect();
    const names = conn
      .execute(text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
      .scalars()
      .all();
    expect(names).toEqual(["address", "child", "node", "parent", "user_account"]);
    expect([...Base.metadata.tables.keys()].sort()).toEqual([
      "address",
      "child",
      "node",
      "parent",
      "user_account",
    ]);
    expect(Base.registry.mappers.map((m) => m.className)).toEqual([
      "User",
      "Address",
      "Node",
      "Parent",
      "Child",
    ]);
  });

  test("create objects and persist", () => {
    using session = new Session(ctx.engine);
    const spongebob = new User({ name: "spongebob", fullname: "Spongebob Squarepants" });
    const sandy = new User({ name: "sandy", fullname: "Sandy Cheeks" });
    const patrick = new User({ name: "patrick" });
    expect(spongebob.id).toBeUndefined();
    session.addAll([spongebob, sandy, patrick]);
    expect(session.new).toEqual([spongebob, sandy, patrick]);
    session.commit();
    expect(ctx.statements()).toEqual([
      "INSERT INTO user_account (name, fullname) VALUES (?, ?) RETURNING id",
      "INSERT INTO user_account (name, fullname) VALUES (?, ?) RETURNING id",
      "INSERT INTO user_account (name, fullname) VALUES (?, ?) RETURNING id",
    ]);
    expect(ctx.log.map((l) => l.params)).toEqual([
      ["spongebob", "Spongebob Squarepants"],
      ["sandy", "Sandy Cheeks"],
      ["patrick", null],
    ]);
    ctx.clear();
    // Expired on commit: the next access loads the row again.
    expect(spongebob.id).toBe(1);
    expect(ctx.statements()).toEqual([
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.id = ?",
    ]);
    expect(patrick.fullname).toBeNull();
  });

  test("simple select, identity map", () => {
    using session = new Session(ctx.engine);
    session.addAll([
      new User({ name: "spongebob", fullname: "Spongebob Squarepants" }),
      new User({ name: "sandy", fullname: "Sandy Cheeks" }),
      new User({ name: "patrick" }),
    ]);
    session.commit();
    ctx.clear();
    const stmt = select(User).where(User.name.in(["spongebob", "sandy"]));
    const users = session.scalars(stmt).all();
    expect(users.map((u) => u.name)).toEqual(["spongebob", "sandy"]);
    expect(users[0]).toBeInstanceOf(User);
    expect(String(users[0])).toBe("User(id=1, name=spongebob, fullname=Spongebob Squarepants)");
    expect(ctx.statements()).toEqual([
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.name IN (?, ?)",
    ]);
    // The same row is the same object.
    expect(session.scalars(select(User).where(User.name.eq("sandy"))).one()).toBe(users[1]);
    expect(session.get(User, 1)).toBe(users[0]);
  });

  test("select columns and entity + column tuples", () => {
    using session = new Session(ctx.engine);
    session.add(new User({ name: "spongebob", fullname: "Spongebob Squarepants" }));
    session.flush();
    session.add(new Address({ emailAddress: "spongebob@sqlalchemy.org", userId: 1 }));
    session.commit();
    const rows = session.execute(select(User.id, User.name).orderBy(User.id)).all();
    expect(rows.map((r) => ({ ...r }))).toEqual([{ id: 1, name: "spongebob" }]);
    ctx.clear();
    const pairs = session.execute(select(User, Address.emailAddress).join(Address)).all();
    expect(ctx.statements()).toEqual([
      "SELECT user_account.id, user_account.name, user_account.fullname, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id",
    ]);
    expect(pairs).toHaveLength(1);
    const [u, email] = pairs[0] as readonly [User, string];
    expect(u).toBe(session.get(User, 1));
    expect(email).toBe("spongebob@sqlalchemy.org");
    expect(session.scalar(select(User).where(User.id.eq(1)))).toBe(u);
  });

  test("make changes: update, delete, autoflush", () => {
    using session = new Session(ctx.engine);
    session.addAll([new User({ name: "sandy", fullname: "Sandy Cheeks" }), new User({ name: "patrick" })]);
    session.commit();
    const sandy = session.get(User, 1) as User;
    sandy.fullname = "Sandy Squirrel";
    expect(session.dirty).toEqual([sandy]);
    const patrick = session.get(User, 2) as User;
    ctx.clear();
    // The delete cascade (cascade: "all, delete-orphan") loads patrick.addresses, autoflushing first.
    session.delete(patrick);
    expect(ctx.statements()).toEqual([
      "UPDATE user_account SET fullname=? WHERE user_account.id = ?",
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id",
    ]);
    expect(ctx.log[0]?.params).toEqual(["Sandy Squirrel", 1]);
    ctx.clear();
    // The query autoflushes the DELETE first.
    const found = session.scalars(select(User).where(User.name.eq("patrick"))).oneOrNone();
    expect(found).toBeNull();
    expect(ctx.statements()).toEqual([
      "DELETE FROM user_account WHERE user_account.id = ?",
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.name = ?",
    ]);
    expect(instanceState(patrick).status).toBe("deleted");
    session.commit();
    expect(instanceState(patrick).status).toBe("detached");
    expect(sandy.fullname).toBe("Sandy Squirrel");
  });

  test("create objects with related objects, and persist", () => {
    using session = new Session(ctx.engine);
    const spongebob = new User({
      name: "spongebob",
      fullname: "Spongebob Squarepants",
      addresses: [new Address({ emailAddress: "spongebob@sqlalchemy.org" })],
    });
    const sandy = new User({
      name: "sandy",
      fullname: "Sandy Cheeks",
      addresses: [
        new Address({ emailAddress: "sandy@sqlalchemy.org" }),
        new Address({ emailAddress: "sandy@squirrelpower.org" }),
      ],
    });
    const patrick = new User({ name: "patrick", fullname: "Patrick Star" });
    // backPopulates: each address already points at its user.
    expect(sandy.addresses[1]?.user).toBe(sandy);
    session.addAll([spongebob, sandy, patrick]);
    expect(session.new).toHaveLength(6);
    session.commit();
    // As SQLAlchemy on SQLite: one batch per table, sent one row per statement (RETURNING keeps row order).
    expect(ctx.log).toEqual([
      ...[
        ["spongebob", "Spongebob Squarepants"],
        ["sandy", "Sandy Cheeks"],
        ["patrick", "Patrick Star"],
      ].map((params) => ({
        sql: "INSERT INTO user_account (name, fullname) VALUES (?, ?) RETURNING id",
        params,
        executemany: true,
      })),
      ...[
        ["spongebob@sqlalchemy.org", 1],
        ["sandy@sqlalchemy.org", 2],
        ["sandy@squirrelpower.org", 2],
      ].map((params) => ({
        sql: "INSERT INTO address (email_address, user_id) VALUES (?, ?) RETURNING id",
        params,
        executemany: true,
      })),
    ]);
  });

  test("simple join, lazy loading, deleting", () => {
    using session = new Session(ctx.engine);
    session.addAll([
      new User({ name: "spongebob", addresses: [new Address({ emailAddress: "spongebob@sqlalchemy.org" })] }),
      new User({
        name: "sandy",
        addresses: [
          new Address({ emailAddress: "sandy@sqlalchemy.org" }),
          new Address({ emailAddress: "sandy@squirrelpower.org" }),
        ],
      }),
      new User({ name: "patrick" }),
    ]);
    session.commit();
    ctx.clear();
    const sandyAddress = session
      .scalars(
        select(Address)
          .join(User)
          .where(User.name.eq("sandy"))
          .where(Address.emailAddress.eq("sandy@sqlalchemy.org")),
      )
      .one();
    // Make changes: the address moves to patrick; lazy loads by primary key or foreign key.
    const patrick = session.scalars(select(User).where(User.name.eq("patrick"))).one();
    ctx.clear();
    patrick.addresses.push(new Address({ emailAddress: "patrickstar@sqlalchemy.org" }));
    expect(ctx.statements()).toEqual([
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id",
    ]);
    expect(ctx.log[0]?.params).toEqual([3]);
    ctx.clear();
    sandyAddress.emailAddress = "sandy_cheeks@sqlalchemy.org";
    session.commit();
    expect(ctx.statements()).toEqual([
      "UPDATE address SET email_address=? WHERE address.id = ?",
      "INSERT INTO address (email_address, user_id) VALUES (?, ?) RETURNING id",
    ]);
    expect(ctx.log[1]?.params).toEqual(["patrickstar@sqlalchemy.org", 3]);
    ctx.clear();
    // Many-to-one from the identity map: refreshing the address, then no SELECT for its user.
    const sandy = session.get(User, 2) as User;
    ctx.clear();
    expect(sandyAddress.user).toBe(sandy);
    expect(ctx.statements()).toEqual([
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE address.id = ?",
    ]);
    // Removing from a delete-orphan collection deletes the row.
    ctx.clear();
    const i = sandy.addresses.indexOf(sandyAddress);
    sandy.addresses.splice(i, 1);
    session.flush();
    expect(ctx.statements()).toEqual([
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id",
      "DELETE FROM address WHERE address.id = ?",
    ]);
    expect(instanceState(sandyAddress).status).toBe("deleted");
    // Deleting a user deletes its addresses (cascade "all").
    ctx.clear();
    session.delete(patrick);
    session.commit();
    expect(ctx.statements()).toEqual([
      // patrick.addresses was expired by the commit: the cascade loads it again.
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id",
      "DELETE FROM address WHERE address.id = ?",
      "DELETE FROM user_account WHERE user_account.id = ?",
    ]);
    expect(session.scalars(select(Address.emailAddress).orderBy(Address.id)).all()).toEqual([
      "spongebob@sqlalchemy.org",
      "sandy@squirrelpower.org",
    ]);
  });
});
