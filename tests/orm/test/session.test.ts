/**
 * Session behaviour, after SQLAlchemy's test/orm/test_session.py (the parts
 * without relationships): object states, identity map, expire / refresh,
 * commit / rollback, sessionmaker.
 */
import { Integer, IntegrityError, InvalidRequestError, insert, String, select, text } from "@athanor/core";
import {
  DetachedInstanceError,
  declarativeBase,
  FlushError,
  instanceState,
  mappedColumn,
  ObjectDeletedError,
  relationship,
  Session,
  sessionmaker,
  UnmappedInstanceError,
} from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { setup } from "./helpers.js";
import { Node, User } from "./models.js";

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
});

function seed(...names: string[]): void {
  using s = new Session(ctx.engine);
  s.addAll(names.map((name) => new User({ name })));
  s.commit();
  ctx.clear();
}

describe("object states", () => {
  test("transient, pending, persistent, deleted, detached", () => {
    const s = new Session(ctx.engine);
    const u = new User({ name: "ed" });
    const st = instanceState(u);
    expect(st.status).toBe("transient");
    s.add(u);
    expect(st.status).toBe("pending");
    expect(s.contains(u)).toBe(true);
    s.flush();
    expect(st.status).toBe("persistent");
    expect(st.identity).toEqual([1]);
    s.delete(u);
    expect(st.status).toBe("persistent");
    expect(s.deleted).toEqual([u]);
    s.flush();
    expect(st.status).toBe("deleted");
    s.commit();
    expect(st.status).toBe("detached");
    s.close();
  });

  test("expunge: pending becomes transient, persistent becomes detached", () => {
    using s = new Session(ctx.engine);
    const a = new User({ name: "a" });
    s.add(a);
    s.expunge(a);
    expect(instanceState(a).status).toBe("transient");
    s.add(a);
    s.flush();
    s.expunge(a);
    expect(instanceState(a).status).toBe("detached");
    expect(s.contains(a)).toBe(false);
    expect(() => s.expunge(a)).toThrow(/not present in this Session/);
  });

  test("a detached object can be added to another session", () => {
    seed("ed");
    const s1 = new Session(ctx.engine);
    const u = s1.get(User, 1) as User;
    s1.close();
    expect(instanceState(u).status).toBe("detached");
    using s2 = new Session(ctx.engine);
    s2.add(u);
    expect(instanceState(u).status).toBe("persistent");
    expect(s2.get(User, 1)).toBe(u);
  });

  test("an object belongs to one session at a time", () => {
    using s1 = new Session(ctx.engine);
    using s2 = new Session(ctx.engine);
    const u = new User({ name: "x" });
    s1.add(u);
    expect(() => s2.add(u)).toThrow(/already attached to another session/);
  });

  test("delete() of an object that is not persisted raises", () => {
    using s = new Session(ctx.engine);
    const u = new User({ name: "x" });
    expect(() => s.delete(u)).toThrow(/is not persisted/);
    s.add(u);
    expect(() => s.delete(u)).toThrow(/is not persisted/);
  });

  test("attribute history", () => {
    seed("ed");
    using s = new Session(ctx.engine);
    const u = s.get(User, 1) as User;
    const st = instanceState(u);
    expect(st.history("name")).toEqual({ added: [], unchanged: ["ed"], deleted: [] });
    u.name = "jack";
    expect(st.history("name")).toEqual({ added: ["jack"], unchanged: [], deleted: ["ed"] });
    const t = new User({ name: "new" });
    expect(instanceState(t).history("name")).toEqual({ added: ["new"], unchanged: [], deleted: [] });
    expect(instanceState(t).history("fullname")).toEqual({ added: [], unchanged: [], deleted: [] });
    s.flush();
    expect(st.history("name")).toEqual({ added: [], unchanged: ["jack"], deleted: [] });
  });

  test("a new object's record: every value given is added, through a flush and a rollback", () => {
    using s = new Session(ctx.engine);
    const t = new User({ name: "new" });
    const st = instanceState(t);
    expect(st.modified).toBe(true);
    expect(st.modifiedKeys).toEqual(["name"]);
    t.name = "newer";
    t.fullname = "Full";
    expect(st.history("name")).toEqual({ added: ["newer"], unchanged: [], deleted: [] });
    expect(st.modifiedKeys.sort()).toEqual(["fullname", "name"]);
    expect(instanceState(new (User as unknown as new () => User)()).modified).toBe(false);
    s.add(t);
    s.flush();
    expect(st.modified).toBe(false);
    expect(st.history("name")).toEqual({ added: [], unchanged: ["newer"], deleted: [] });
    t.name = "changed";
    expect(st.history("name")).toEqual({ added: ["changed"], unchanged: [], deleted: ["newer"] });
    // A rolled-back INSERT: the object is transient again, its values all newly set (the change
    // made after the flush keeps the value it replaced).
    s.rollback();
    expect(st.status).toBe("transient");
    expect(st.history("name")).toEqual({ added: ["changed"], unchanged: [], deleted: ["newer"] });
    expect(st.history("fullname")).toEqual({ added: ["Full"], unchanged: [], deleted: [] });
    s.add(t);
    s.commit();
    expect(s.scalars(select(User).where(User.name.eq("changed"))).all()).toEqual([t]);
  });

  test("instances are plain objects with accessors on the prototype", () => {
    const u = new User({ name: "x" });
    expect(Object.keys(u)).toEqual([]);
    expect(
      Object.hasOwn(User.prototype, "name") || Object.hasOwn(Object.getPrototypeOf(User.prototype), "name"),
    ).toBe(true);
    // The ORM state is invisible: no own symbols, and a copy does not carry it.
    expect(Object.getOwnPropertySymbols(u)).toEqual([]);
    expect(JSON.stringify(u)).toBe("{}");
    const copy = { ...u };
    expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
    expect(() => instanceState(copy)).toThrow(/is not mapped/);
    expect(instanceState(u).obj).toBe(u);
  });
});

describe("autoflush after a clean look", () => {
  test("a change made after a query found nothing to flush is flushed by the next query", () => {
    seed("ed", "wendy");
    using s = new Session(ctx.engine);
    const [ed, wendy] = s.scalars(select(User).orderBy(User.id)).all() as [User, User];
    // Nothing changed: the next queries do not flush.
    s.scalars(select(User)).all();
    ctx.clear();
    wendy.name = "wendy2";
    expect(s.scalars(select(User).where(User.name.eq("wendy2"))).all()).toEqual([wendy]);
    expect(ctx.log.filter((l) => l.sql.startsWith("UPDATE"))).toHaveLength(1);
    expect(ed.name).toBe("ed");
  });

  test("a detached object changed elsewhere and added back is flushed by the next query", () => {
    seed("ed", "wendy");
    let ed: User;
    {
      using s1 = new Session(ctx.engine);
      ed = s1.get(User, 1) as User;
      s1.expunge(ed);
      ed.name = "edward";
    }
    using s = new Session(ctx.engine);
    // A query that finds the session clean (wendy only), then the changed object joins it.
    s.scalars(select(User).where(User.id.eq(2))).all();
    s.add(ed);
    expect(s.scalars(select(User).where(User.name.eq("edward"))).all()).toEqual([ed]);
  });
});

describe("identity map and get()", () => {
  test("same object for the same primary key, one SELECT", () => {
    seed("ed", "wendy");
    using s = new Session(ctx.engine);
    const u1 = s.get(User, 2);
    const u2 = s.get(User, [2]);
    const u3 = s.get(User, { id: 2 });
    expect(u1).toBe(u2);
    expect(u1).toBe(u3);
    expect(u1?.name).toBe("wendy");
    expect(ctx.statements()).toEqual([
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.id = ?",
    ]);
    expect(s.get(User, 99)).toBeNull();
    expect(() => s.get(User, [1, 2])).toThrow(/Incorrect number of values/);
  });

  test("a query returns the identity map's object, keeping unflushed changes", () => {
    seed("ed");
    using s = new Session(ctx.engine, { autoflush: false });
    const u = s.get(User, 1) as User;
    u.name = "changed";
    const again = s.scalars(select(User)).one();
    expect(again).toBe(u);
    expect(again.name).toBe("changed");
  });
});

describe("expire and refresh", () => {
  test("expire() reloads on next access; expireAll()", () => {
    seed("ed");
    using s = new Session(ctx.engine);
    const u = s.get(User, 1) as User;
    s.connection().execute(text("UPDATE user_account SET name = 'edward'"));
    expect(u.name).toBe("ed");
    s.expire(u, ["name"]);
    ctx.clear();
    expect(u.name).toBe("edward");
    expect(ctx.statements()).toEqual([
      "SELECT user_account.id, user_account.name FROM user_account WHERE user_account.id = ?",
    ]);
    s.connection().execute(text("UPDATE user_account SET name = 'e'"));
    s.expireAll();
    expect(u.name).toBe("e");
  });

  test("refresh() discards changes and reloads", () => {
    seed("ed");
    using s = new Session(ctx.engine);
    const u = s.get(User, 1) as User;
    u.name = "changed";
    s.connection().execute(text("UPDATE user_account SET fullname = 'Ed Jones'"));
    ctx.clear();
    s.refresh(u);
    expect(ctx.statements()).toEqual([
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.id = ?",
    ]);
    expect(u.name).toBe("ed");
    expect(u.fullname).toBe("Ed Jones");
    expect(s.dirty).toEqual([]);
    expect(() => s.refresh(new User({ name: "t" }))).toThrow(/is not persistent/);
  });

  test("expireOnCommit", () => {
    seed("ed");
    const s = new Session(ctx.engine, { expireOnCommit: false });
    const u = s.get(User, 1) as User;
    s.commit();
    ctx.clear();
    expect(u.name).toBe("ed");
    expect(ctx.statements()).toEqual([]);
    s.close();
    const s2 = new Session(ctx.engine);
    const u2 = s2.get(User, 1) as User;
    s2.commit();
    s2.close();
    // Expired and detached: the value cannot be loaded.
    expect(() => u2.name).toThrow(DetachedInstanceError);
  });

  test("a row deleted elsewhere raises ObjectDeletedError on load", () => {
    seed("ed");
    using s = new Session(ctx.engine);
    const u = s.get(User, 1) as User;
    s.commit();
    ctx.engine.begin((conn) => conn.execute(text("DELETE FROM user_account")));
    expect(() => u.name).toThrow(ObjectDeletedError);
  });
});

describe("commit and rollback", () => {
  test("rollback: pending objects are expunged, deleted ones restored, changes expired", () => {
    seed("ed", "wendy");
    using s = new Session(ctx.engine);
    const ed = s.get(User, 1) as User;
    const wendy = s.get(User, 2) as User;
    const fresh = new User({ name: "fresh" });
    const flushed = new User({ name: "flushed" });
    s.add(flushed);
    s.flush();
    s.add(fresh);
    ed.name = "ed2";
    s.delete(wendy);
    s.flush();
    expect(instanceState(wendy).status).toBe("deleted");
    s.rollback();
    expect(instanceState(fresh).status).toBe("transient");
    expect(instanceState(flushed).status).toBe("transient");
    expect(instanceState(wendy).status).toBe("persistent");
    expect(ed.name).toBe("ed");
    expect(s.scalars(select(User.name).orderBy(User.id)).all()).toEqual(["ed", "wendy"]);
  });

  test("an object inserted and deleted in a rolled-back transaction is transient", () => {
    using s = new Session(ctx.engine);
    const u = new User({ name: "brief" });
    s.add(u);
    s.flush();
    s.delete(u);
    s.flush();
    expect(instanceState(u).status).toBe("deleted");
    s.rollback();
    expect(instanceState(u).status).toBe("transient");
    expect(u.name).toBe("brief");
    s.add(u);
    s.commit();
    expect(s.scalars(select(User.name)).all()).toEqual(["brief"]);
  });

  test("a failed flush rolls back, keeps the objects' state and says why", () => {
    seed("ed");
    using s = new Session(ctx.engine);
    const dup = new User({ id: 1, name: "dup" });
    const ok = new User({ name: "ok" });
    s.addAll([ok, dup]);
    let err: unknown;
    try {
      s.flush();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FlushError);
    expect((err as FlushError).message).toMatch(
      /flush failed and the transaction was rolled back: .*UNIQUE constraint failed/,
    );
    expect((err as FlushError).orig).toBeInstanceOf(IntegrityError);
    expect(s.inTransaction()).toBe(false);
    expect(instanceState(ok).status).toBe("pending");
    expect(instanceState(dup).status).toBe("pending");
    expect(ok.id).toBeUndefined();
    // Fix the problem and go on.
    s.expunge(dup);
    s.commit();
    expect(instanceState(ok).status).toBe("persistent");
    expect(s.scalars(select(User.name).orderBy(User.id)).all()).toEqual(["ed", "ok"]);
  });

  test("a failed flush keeps pending UPDATEs and DELETEs", () => {
    seed("ed", "wendy");
    using s = new Session(ctx.engine);
    const ed = s.get(User, 1) as User;
    const wendy = s.get(User, 2) as User;
    // (the delete cascade of User.addresses loads first, which would autoflush ed's change)
    s.delete(wendy);
    ed.name = "edward";
    const dup = new User({ id: 1, name: "dup" });
    s.add(dup);
    expect(() => s.flush()).toThrow(FlushError);
    expect(instanceState(ed).history("name")).toEqual({ added: ["edward"], unchanged: [], deleted: ["ed"] });
    expect(s.deleted).toEqual([wendy]);
    s.expunge(dup);
    s.commit();
    expect(s.scalars(select(User.name).orderBy(User.id)).all()).toEqual(["edward"]);
  });

  test("sessionmaker and begin()", () => {
    const Maker = sessionmaker({ bind: ctx.engine, expireOnCommit: false });
    const u = Maker.begin((s) => {
      const u = new User({ name: "made" });
      s.add(u);
      return u;
    });
    expect(instanceState(u).status).toBe("detached");
    expect(u.name).toBe("made");
    expect(() =>
      Maker.begin((s) => {
        s.add(new User({ name: "lost" }));
        s.flush();
        throw new Error("boom");
      }),
    ).toThrow("boom");
    using s = Maker();
    expect(s.expireOnCommit).toBe(false);
    expect(s.scalars(select(User.name)).all()).toEqual(["made"]);
  });

  test("execute() runs Core statements in the session's transaction", () => {
    using s = new Session(ctx.engine);
    s.execute(insert(User.__mapper__.table), { name: "core" } as never);
    expect(s.scalar(select(User.name))).toBe("core");
    s.rollback();
    expect(s.scalar(select(User.name))).toBeNull();
  });
});

describe("misuse", () => {
  test("unknown constructor keys", () => {
    expect(() => new User({ name: "x", nope: 1 } as never)).toThrow(
      /'nope' is an invalid keyword argument for User/,
    );
  });

  test("a class field hiding a mapped attribute is reported", () => {
    const Base = declarativeBase();
    @Base.register
    class Bad extends Base.mapped("bad", {
      id: mappedColumn(Integer, { primaryKey: true }),
      name: mappedColumn(String(), { nullable: false }),
    }) {
      // @ts-expect-error re-declared on purpose
      name = "shadow";
    }
    using s = new Session(ctx.engine);
    expect(() => s.add(new Bad({ name: "x" }))).toThrow(/Bad\.name is re-declared as a class field/);
  });

  test("an unregistered class", () => {
    const Base = declarativeBase();
    class Forgot extends Base.mapped("forgot", { id: mappedColumn(Integer, { primaryKey: true }) }) {}
    using s = new Session(ctx.engine);
    expect(() => s.add(new Forgot())).toThrow(UnmappedInstanceError);
    expect(() => s.add(new Forgot())).toThrow(/@Base.register/);
  });

  test("a mapping needs a primary key", () => {
    const Base = declarativeBase();
    expect(() => Base.mapped("nopk", { x: mappedColumn(Integer) })).toThrow(/primary key/);
  });

  test("backPopulates is validated when mappers are configured", () => {
    const Base = declarativeBase();
    expect(Node.__mapper__.relationships.get("children")?.options.backPopulates).toBe("parent");
    // (a wrong backPopulates name is reported on first use)
    @Base.register
    class A extends Base.mapped("a", {
      id: mappedColumn(Integer, { primaryKey: true }),
      parentId: mappedColumn(Integer, { foreignKey: "a.id" }),
      bs: relationship(() => A, { uselist: true, backPopulates: "nothere" }),
    }) {}
    using s = new Session(ctx.engine);
    expect(() => {
      s.add(new A());
      s.flush();
    }).toThrow(InvalidRequestError);
  });
});
