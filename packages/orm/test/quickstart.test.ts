/**
 * SQLAlchemy's ORM Quick Start (doc/build/orm/quickstart.rst), the
 * single-table parts, against in-memory SQLite; the emitted SQL is compared
 * with what SQLAlchemy 2.x emits for the same steps.
 */
import { NotImplementedError, select, text } from "@athanor/core";
import { beforeEach, describe, expect, test } from "vitest";
import { instanceState, Session } from "../src/index.js";
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
    expect(names).toEqual(["address", "node", "user_account"]);
    expect([...Base.metadata.tables.keys()].sort()).toEqual(["address", "node", "user_account"]);
    expect(Base.registry.mappers.map((m) => m.className)).toEqual(["User", "Address", "Node"]);
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
    session.delete(patrick);
    // The query autoflushes the UPDATE and the DELETE first.
    const found = session.scalars(select(User).where(User.name.eq("patrick"))).oneOrNone();
    expect(found).toBeNull();
    expect(ctx.statements()).toEqual([
      "UPDATE user_account SET fullname=? WHERE user_account.id = ?",
      "DELETE FROM user_account WHERE user_account.id = ?",
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.name = ?",
    ]);
    expect(ctx.log[0]?.params).toEqual(["Sandy Squirrel", 1]);
    expect(instanceState(patrick).status).toBe("deleted");
    session.commit();
    expect(instanceState(patrick).status).toBe("detached");
    expect(sandy.fullname).toBe("Sandy Squirrel");
  });

  test("relationships are declared but not loaded yet", () => {
    using session = new Session(ctx.engine);
    const u = new User({ name: "x" });
    expect(() => u.addresses).toThrow(NotImplementedError);
    expect(() => u.addresses).toThrow(/User\.addresses/);
    expect(() => new User({ name: "x", addresses: [new Address({ emailAddress: "a@b" })] })).toThrow(
      NotImplementedError,
    );
    expect(() => User.addresses.any()).toThrow(/any\(\) on relationship User\.addresses is not implemented/);
    expect(() => select(User).join(User.addresses as never)).toThrow(NotImplementedError);
    session.add(u);
    session.flush();
    expect(() => new Address({ emailAddress: "a", userId: u.id }).user).toThrow(NotImplementedError);
  });
});
