/**
 * The rest of the Session API, after SQLAlchemy's test/orm/test_session.py
 * and test_expire.py: refresh / expire of attributes and relationships, the
 * refresh-expire and expunge cascades, getOne, isModified, noAutoflush,
 * objectSession, makeTransient, makeTransientToDetached, info, reset,
 * identityKey.
 */
import { InvalidRequestError, NoResultFound, select, text } from "@athanor/core";
import {
  instanceState,
  makeTransient,
  makeTransientToDetached,
  objectSession,
  Session,
  sessionmaker,
} from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { setup } from "./helpers.js";
import { Address, Parent, User } from "./models.js";

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
});

function seedUser(): void {
  using s = new Session(ctx.engine);
  s.add(
    new User({
      id: 8,
      name: "ed",
      fullname: "Ed Wood",
      addresses: [
        new Address({ id: 1, emailAddress: "ed@wood.com" }),
        new Address({ id: 2, emailAddress: "ed@bettyboop.com" }),
      ],
    }),
  );
  s.commit();
  ctx.clear();
}

describe("refresh()", () => {
  test("only the given attributes: one SELECT of those columns, other changes kept", () => {
    seedUser();
    using s = new Session(ctx.engine, { autoflush: false });
    const u = s.get(User, 8) as User;
    u.name = "changed";
    u.fullname = "kept";
    s.connection().execute(text("UPDATE user_account SET name = 'db name'"));
    ctx.clear();
    s.refresh(u, ["name"]);
    expect(ctx.statements()).toEqual([
      "SELECT user_account.id, user_account.name FROM user_account WHERE user_account.id = ?",
    ]);
    expect(u.name).toBe("db name");
    expect(u.fullname).toBe("kept");
    expect(instanceState(u).history("fullname").added).toEqual(["kept"]);
  });

  test("a relationship name reloads that relationship now", () => {
    seedUser();
    using s = new Session(ctx.engine);
    const u = s.get(User, 8) as User;
    expect(u.addresses).toHaveLength(2);
    s.connection().execute(text("DELETE FROM address WHERE id = 2"));
    ctx.clear();
    s.refresh(u, ["addresses"]);
    expect(ctx.statements()).toEqual([
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id",
    ]);
    expect(u.addresses.map((a) => a.id)).toEqual([1]);
  });

  test("unknown attribute names are refused", () => {
    seedUser();
    using s = new Session(ctx.engine);
    const u = s.get(User, 8) as User;
    // @ts-expect-error: not an attribute of User
    expect(() => s.refresh(u, ["nope"])).toThrow("'nope' is not a mapped attribute of User");
    expect(() => s.expire(u, ["nope"])).toThrow("'nope' is not a mapped attribute of User");
  });

  test("test_refresh_cascade: refresh-expire reaches the loaded related objects", () => {
    seedUser();
    using s = new Session(ctx.engine, { autoflush: false });
    const u = s.get(User, 8) as User;
    const a = u.addresses[0] as Address;
    expect(a.emailAddress).toBe("ed@wood.com");
    a.emailAddress = "someotheraddress";
    s.refresh(u);
    expect(instanceState(a).expiredAttributes.has("emailAddress")).toBe(true);
    expect(u.addresses[0]?.emailAddress).toBe("ed@wood.com");
    expect(u.addresses[0]).toBe(a);
  });

  test("test_expire_cascade_pending: a pending object reached by the cascade is expunged", () => {
    seedUser();
    using s = new Session(ctx.engine, { autoflush: false });
    const u = s.get(User, 8) as User;
    const a = new Address({ id: 12, emailAddress: "foobar" });
    u.addresses.push(a);
    expect(s.new).toEqual([a]);
    s.expire(u);
    expect(s.contains(a)).toBe(false);
    expect(instanceState(a).status).toBe("transient");
  });

  test("without refresh-expire (the default cascade) related objects are left alone", () => {
    using s = new Session(ctx.engine);
    s.add(new Address({ id: 1, emailAddress: "x", user: new User({ id: 1, name: "u" }) }));
    s.commit();
    const a = s.get(Address, 1) as Address;
    const u = a.user as User;
    expect(u.name).toBe("u");
    s.expire(a);
    expect(instanceState(u).expiredAttributes.size).toBe(0);
  });
});

describe("expire() of relationships", () => {
  test("an expired collection lazy-loads again on access", () => {
    seedUser();
    using s = new Session(ctx.engine);
    const u = s.get(User, 8) as User;
    expect(u.addresses).toHaveLength(2);
    s.connection().execute(text("INSERT INTO address (id, email_address, user_id) VALUES (3, 'new', 8)"));
    ctx.clear();
    s.expire(u, ["addresses"]);
    expect(ctx.log).toHaveLength(0);
    expect(u.addresses.map((a) => a.id).sort()).toEqual([1, 2, 3]);
    expect(ctx.log).toHaveLength(1);
    expect(instanceState(u).expiredAttributes.has("name")).toBe(false);
  });
});

describe("expunge cascade", () => {
  test("expunge follows cascade 'expunge' (in 'all') to loaded children", () => {
    seedUser();
    using s = new Session(ctx.engine);
    const u = s.get(User, 8) as User;
    const [a1, a2] = u.addresses as [Address, Address];
    s.expunge(u);
    expect([s.contains(a1), s.contains(a2)]).toEqual([false, false]);
    expect(instanceState(a1).status).toBe("detached");
  });

  test("the default cascade has no expunge: children stay", () => {
    using s = new Session(ctx.engine);
    s.add(new Address({ id: 1, emailAddress: "x", user: new User({ id: 1, name: "u" }) }));
    s.flush();
    const a = s.get(Address, 1) as Address;
    const u = a.user as User;
    s.expunge(a);
    expect(s.contains(u)).toBe(true);
  });
});

describe("getOne()", () => {
  test("test_get_one: the object, or NoResultFound", () => {
    seedUser();
    using s = new Session(ctx.engine);
    expect(s.getOne(User, 8).name).toBe("ed");
    expect(() => s.getOne(User, 99)).toThrow(NoResultFound);
    expect(() => s.getOne(User, 99)).toThrow(/No row was found when one was required/);
  });
});

describe("isModified()", () => {
  test("test_is_modified: net changes only; collections optional", () => {
    using s = new Session(ctx.engine);
    s.add(new User({ name: "fred" }));
    s.flush();
    s.expungeAll();
    const user = s.scalars(select(User)).one();
    expect(s.dirty.includes(user)).toBe(false);
    expect(s.isModified(user)).toBe(false);
    user.name = "fred";
    expect(s.dirty.includes(user)).toBe(true);
    expect(s.isModified(user)).toBe(false);
    user.name = "ed";
    expect(s.isModified(user)).toBe(true);
    s.flush();
    expect(s.dirty.includes(user)).toBe(false);
    expect(s.isModified(user)).toBe(false);
    user.addresses.push(new Address({ emailAddress: "a" }));
    expect(s.dirty.includes(user)).toBe(true);
    expect(s.isModified(user)).toBe(true);
    expect(s.isModified(user, false)).toBe(false);
  });
});

describe("noAutoflush()", () => {
  test("queries inside do not flush; after it they do", () => {
    using s = new Session(ctx.engine);
    s.add(new User({ name: "pending" }));
    const inside = s.noAutoflush(() => s.scalars(select(User)).all());
    expect(inside).toEqual([]);
    expect(ctx.statements().some((q) => q.startsWith("INSERT"))).toBe(false);
    expect(s.scalars(select(User)).all()).toHaveLength(1);
  });

  test("nests, and is restored after an error", () => {
    using s = new Session(ctx.engine);
    expect(() =>
      s.noAutoflush(() =>
        s.noAutoflush(() => {
          throw new Error("x");
        }),
      ),
    ).toThrow("x");
    s.add(new User({ name: "p" }));
    expect(s.scalars(select(User)).all()).toHaveLength(1);
  });
});

describe("objectSession / makeTransient / makeTransientToDetached", () => {
  test("objectSession", () => {
    using s = new Session(ctx.engine);
    const u = new User({ name: "x" });
    expect(objectSession(u)).toBeNull();
    s.add(u);
    expect(objectSession(u)).toBe(s);
    s.expunge(u);
    expect(objectSession(u)).toBeNull();
  });

  test("test_make_transient", () => {
    using s = new Session(ctx.engine, { autoflush: false });
    s.add(new User({ name: "test" }));
    s.flush();
    let u1 = s.scalars(select(User)).first() as User;
    makeTransient(u1);
    expect(s.contains(u1)).toBe(false);
    expect(instanceState(u1).status).toBe("transient");
    s.add(u1);
    expect(s.new.includes(u1)).toBe(true);

    u1 = s.scalars(select(User)).first() as User;
    s.expunge(u1);
    makeTransient(u1);
    s.add(u1);
    expect(s.new.includes(u1)).toBe(true);

    // Expired attributes are not loaded: they stay unset.
    u1 = s.scalars(select(User)).first() as User;
    s.expire(u1);
    makeTransient(u1);
    expect(u1.id).toBeUndefined();
    expect(u1.name).toBeUndefined();
    makeTransient(u1);
    s.close();

    u1.name = "test2";
    s.add(u1);
    s.flush();
    expect(s.contains(u1)).toBe(true);
    s.delete(u1);
    s.flush();
    expect(s.contains(u1)).toBe(false);
    expect(() => s.add(u1)).toThrow(InvalidRequestError);
    makeTransient(u1);
    s.add(u1);
    s.flush();
    expect(s.contains(u1)).toBe(true);
  });

  test("test_make_transient_plus_rollback", () => {
    using s = new Session(ctx.engine);
    const u1 = new User({ name: "test" });
    s.add(u1);
    s.commit();
    s.delete(u1);
    s.flush();
    makeTransient(u1);
    s.rollback();
    expect(instanceState(u1).status).toBe("transient");
  });

  test("test_make_transient_to_detached: attach without INSERT, the rest loads", () => {
    {
      using s = new Session(ctx.engine);
      s.add(new User({ id: 1, name: "test" }));
      s.commit();
    }
    const u2 = new User({ id: 1 } as never);
    makeTransientToDetached(u2);
    expect(instanceState(u2).status).toBe("detached");
    using s = new Session(ctx.engine);
    s.add(u2);
    ctx.clear();
    expect(u2.name).toBe("test");
    expect(ctx.statements()).toEqual([
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.id = ?",
    ]);
    s.flush();
    expect(ctx.statements().filter((q) => !q.startsWith("SELECT"))).toEqual([]);
  });

  test("test_make_transient_to_detached_no_session_allowed / no_key_allowed", () => {
    using s = new Session(ctx.engine);
    const u1 = new User({ id: 1, name: "test" });
    s.add(u1);
    expect(() => makeTransientToDetached(u1)).toThrow(/Given object must be transient/);
    s.commit();
    s.expunge(u1);
    expect(() => makeTransientToDetached(u1)).toThrow(/Given object must be transient/);
    expect(() => makeTransientToDetached(new User({ name: "no pk" }))).toThrow(/no primary key value/);
  });
});

describe("info, reset, identityKey", () => {
  test("test_info", () => {
    const s = new Session(ctx.engine, { info: { foo: "bar" } });
    expect(s.info).toEqual({ foo: "bar" });
    s.info.x = 1;
    s.close();
    expect(s.info).toEqual({ foo: "bar", x: 1 });
  });

  test("reset(): detaches everything and ends the transaction; the session is reusable", () => {
    using s = new Session(ctx.engine);
    const u = new User({ name: "a" });
    s.add(u);
    s.flush();
    s.reset();
    expect(s.inTransaction()).toBe(false);
    // As SQLAlchemy's close(): expunged (with the identity its INSERT gave it), the INSERT rolled back.
    expect(instanceState(u).status).toBe("detached");
    s.add(new User({ name: "b" }));
    s.commit();
    expect(s.scalars(select(User.name)).all()).toEqual(["b"]);
  });

  test("identityKey of a class and primary key, or of an object", () => {
    using s = new Session(ctx.engine);
    const k = s.identityKey(User, 5);
    expect(k.mapper).toBe(User.__mapper__);
    expect(k.pk).toEqual([5]);
    const u = new User({ id: 5, name: "x" });
    expect(s.identityKey(u).token).toBe(k.token);
    expect(() => s.identityKey(new User({ name: "no pk" }))).toThrow(/no primary key value yet/);
    const p = new Parent({ id: 3 });
    s.add(p);
    s.flush();
    expect(s.identityKey(p)).toBe(instanceState(p).key);
  });
});

describe("sessionmaker.closeAll()", () => {
  test("closes the factory's live sessions", () => {
    const Maker = sessionmaker({ bind: ctx.engine });
    const s1 = Maker();
    const s2 = Maker();
    const u = new User({ name: "a" });
    s1.add(u);
    s1.flush();
    s2.begin();
    Maker.closeAll();
    expect([s1.inTransaction(), s2.inTransaction()]).toEqual([false, false]);
    expect(instanceState(u).status).toBe("detached");
    expect(s1.scalars(select(User)).all()).toEqual([]);
  });
});
