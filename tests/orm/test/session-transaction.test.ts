/**
 * Explicit transactions and savepoints, after SQLAlchemy's
 * test/orm/test_transaction.py (SavepointTest, RollbackRecoverTest,
 * SessionTransactionTest's nested accounting, ContextManagerPlusFutureTest).
 */
import { InvalidRequestError, listen, select } from "@athanor/core";
import { FlushError, instanceState, Session, SessionTransaction, sessionmaker } from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { setup } from "./helpers.js";
import { Address, User } from "./models.js";

let ctx: ReturnType<typeof setup>;
/** Savepoint steps, which core runs outside the statement log. */
let sp: string[];
beforeEach(() => {
  ctx = setup();
  sp = [];
  listen(ctx.engine, "savepoint", (_c, name) => void sp.push(`SAVEPOINT ${name}`));
  listen(ctx.engine, "releaseSavepoint", (_c, name) => void sp.push(`RELEASE ${name}`));
  listen(ctx.engine, "rollbackSavepoint", (_c, name) => void sp.push(`ROLLBACK TO ${name}`));
});

const names = (s: Session) => s.scalars(select(User.name).orderBy(User.id)).all();

describe("beginNested", () => {
  test("test_savepoint_rollback: changes and inserts since the savepoint are undone", () => {
    using s = new Session(ctx.engine);
    const u1 = new User({ name: "ed" });
    const u2 = new User({ name: "jack" });
    s.addAll([u1, u2]);
    const nt1 = s.beginNested();
    expect(ctx.statements()).toEqual([
      "INSERT INTO user_account (name, fullname) VALUES (?, ?) RETURNING id",
      "INSERT INTO user_account (name, fullname) VALUES (?, ?) RETURNING id",
    ]);
    expect(sp).toEqual([expect.stringMatching(/^SAVEPOINT sa_savepoint_\d+$/)]);
    const u3 = new User({ name: "wendy" });
    const u4 = new User({ name: "foo" });
    u1.name = "edward";
    u2.name = "jackward";
    s.addAll([u3, u4]);
    expect(names(s)).toEqual(["edward", "jackward", "wendy", "foo"]);
    ctx.clear();
    nt1.rollback();
    expect(ctx.statements()).toEqual([]);
    expect(sp[1]).toMatch(/^ROLLBACK TO sa_savepoint_\d+$/);
    expect(nt1.isActive).toBe(false);
    expect(u1.name).toBe("ed");
    expect(u2.name).toBe("jack");
    expect(instanceState(u3).status).toBe("transient");
    expect(instanceState(u3).identity).toBeUndefined();
    expect(s.contains(u4)).toBe(false);
    expect(names(s)).toEqual(["ed", "jack"]);
    s.commit();
    expect([u1.name, u2.name]).toEqual(["ed", "jack"]);
    expect(names(s)).toEqual(["ed", "jack"]);
  });

  test("test_savepoint_commit: RELEASE, and the changes are kept without reloading", () => {
    using s = new Session(ctx.engine);
    const u1 = new User({ name: "ed" });
    const u2 = new User({ name: "jack" });
    s.addAll([u1, u2]);
    const nt1 = s.beginNested();
    u1.name = "edward";
    u2.name = "jackward";
    s.addAll([new User({ name: "wendy" }), new User({ name: "foo" })]);
    ctx.clear();
    nt1.commit();
    expect(ctx.statements()).toEqual([
      "UPDATE user_account SET name=? WHERE user_account.id = ?",
      "INSERT INTO user_account (name, fullname) VALUES (?, ?) RETURNING id",
      "INSERT INTO user_account (name, fullname) VALUES (?, ?) RETURNING id",
    ]);
    expect(sp[1]).toMatch(/^RELEASE sa_savepoint_\d+$/);
    ctx.clear();
    expect([u1.name, u2.name]).toEqual(["edward", "jackward"]);
    expect(names(s)).toEqual(["edward", "jackward", "wendy", "foo"]);
    expect(ctx.log).toHaveLength(1);
    s.commit();
    expect(names(s)).toEqual(["edward", "jackward", "wendy", "foo"]);
  });

  test("test_savepoint_rollback_collections", () => {
    using s = new Session(ctx.engine);
    const u1 = new User({ name: "ed", addresses: [new Address({ emailAddress: "foo" })] });
    s.add(u1);
    s.commit();
    u1.name = "edward";
    u1.addresses.push(new Address({ emailAddress: "bar" }));
    const nt1 = s.beginNested();
    const u2 = new User({ name: "jack", addresses: [new Address({ emailAddress: "bat" })] });
    s.add(u2);
    const snapshot = () =>
      s
        .scalars(select(User).orderBy(User.id))
        .all()
        .map((u) => [u.name, u.addresses.map((a) => a.emailAddress)]);
    expect(snapshot()).toEqual([
      ["edward", ["foo", "bar"]],
      ["jack", ["bat"]],
    ]);
    nt1.rollback();
    expect(snapshot()).toEqual([["edward", ["foo", "bar"]]]);
    expect(instanceState(u2).status).toBe("transient");
    s.commit();
    expect(snapshot()).toEqual([["edward", ["foo", "bar"]]]);
  });

  test("test_savepoint_delete / test_update_deleted_on_rollback", () => {
    using s = new Session(ctx.engine);
    const u1 = new User({ name: "ed" });
    s.add(u1);
    s.commit();
    const nt = s.beginNested();
    s.delete(u1);
    s.flush();
    expect(instanceState(u1).status).toBe("deleted");
    nt.rollback();
    expect(instanceState(u1).status).toBe("persistent");
    expect(s.contains(u1)).toBe(true);
    expect(s.deleted).toEqual([]);
    expect(u1.name).toBe("ed");
    s.beginNested();
    s.delete(u1);
    s.commit();
    expect(s.scalar(select(User.id))).toBeNull();
  });

  test("a delete marked (not flushed) inside a savepoint is reverted by its rollback", () => {
    using s = new Session(ctx.engine);
    const u1 = new User({ name: "ed" });
    s.add(u1);
    s.commit();
    const nt = s.beginNested();
    s.delete(u1);
    expect(s.deleted).toEqual([u1]);
    nt.rollback();
    expect(s.deleted).toEqual([]);
    expect(s.contains(u1)).toBe(true);
  });

  test("test_nested_accounting_new_items_removed / deleted_items_restored", () => {
    using s = new Session(ctx.engine);
    s.begin();
    const n1 = s.beginNested();
    const u1 = new User({ name: "u1" });
    s.add(u1);
    n1.commit();
    expect(s.contains(u1)).toBe(true);
    s.rollback();
    expect(s.contains(u1)).toBe(false);

    s.add(u1);
    s.commit();
    s.begin();
    const u = s.scalars(select(User)).first() as User;
    const n2 = s.beginNested();
    s.delete(u);
    n2.commit();
    expect(s.contains(u)).toBe(false);
    s.rollback();
    expect(s.contains(u)).toBe(true);
  });

  test("test_dirty_state_transferred_deep_nesting: the outer rollback expires what the inner flushed", () => {
    using s = new Session(ctx.engine);
    const u1 = new User({ name: "u1" });
    s.add(u1);
    s.commit();
    const nt1 = s.beginNested();
    const nt2 = s.beginNested();
    u1.name = "u2";
    s.flush();
    nt2.commit();
    nt1.rollback();
    expect(instanceState(u1).expiredAttributes.has("name")).toBe(true);
    expect(u1.name).toBe("u1");
  });

  test("rolling back an outer savepoint ends the inner ones", () => {
    using s = new Session(ctx.engine);
    const outer = s.beginNested();
    const inner = s.beginNested();
    s.add(new User({ name: "x" }));
    s.flush();
    outer.rollback();
    expect(inner.isActive).toBe(false);
    expect(() => inner.commit()).toThrow(/no longer active/);
    expect(names(s)).toEqual([]);
  });

  test("callback form: commits on return, rolls back on throw", () => {
    using s = new Session(ctx.engine);
    s.beginNested(() => s.add(new User({ name: "kept" })));
    const lost = new User({ name: "lost" });
    expect(() =>
      s.beginNested(() => {
        s.add(lost);
        s.flush();
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(instanceState(lost).status).toBe("transient");
    s.commit();
    expect(names(s)).toEqual(["kept"]);
  });

  test("using: a savepoint not committed by the end of the block is rolled back", () => {
    using s = new Session(ctx.engine);
    {
      using _nt = s.beginNested();
      s.add(new User({ name: "gone" }));
      s.flush();
    }
    {
      using nt = s.beginNested();
      s.add(new User({ name: "stays" }));
      nt.commit();
    }
    s.commit();
    expect(names(s)).toEqual(["stays"]);
  });

  test("session.commit() commits the whole transaction, savepoints included", () => {
    using s = new Session(ctx.engine);
    const nt = s.beginNested();
    s.add(new User({ name: "a" }));
    s.commit();
    expect(nt.isActive).toBe(false);
    expect(s.inTransaction()).toBe(false);
    using s2 = new Session(ctx.engine);
    expect(names(s2)).toEqual(["a"]);
  });
});

describe("a failed flush inside a savepoint", () => {
  test("test_pk_violation_with_savepoint: rolls back to the savepoint only", () => {
    using s = new Session(ctx.engine);
    const a1 = new Address({ emailAddress: "foo" });
    const u1 = new User({ id: 1, name: "ed", addresses: [a1] });
    s.add(u1);
    s.commit();

    const a2 = new Address({ emailAddress: "bar" });
    const u2 = new User({ id: 1, name: "jack", addresses: [a2] });
    u1.name = "edward";
    a1.emailAddress = "foober";
    const nt1 = s.beginNested();
    s.add(u2);
    ctx.clear();
    expect(() => s.commit()).toThrow(FlushError);
    expect(ctx.statements().at(-1)).toBe("INSERT INTO user_account (id, name, fullname) VALUES (?, ?, ?)");
    expect(sp.at(-1)).toMatch(/^ROLLBACK TO sa_savepoint_\d+$/);
    // The savepoint must be rolled back explicitly before going on.
    expect(() => s.commit()).toThrow(InvalidRequestError);
    expect(() => s.execute(select(User))).toThrow(/savepoint was rolled back/);
    expect(() => nt1.commit()).toThrow(/rolled back after a failed flush/);
    nt1.rollback();
    expect(s.contains(u2)).toBe(false);
    expect(s.contains(a2)).toBe(false);
    expect(s.contains(u1)).toBe(true);
    expect(s.contains(a1)).toBe(true);
    s.commit();
    const users = s.scalars(select(User)).all();
    expect(users.map((u) => [u.id, u.name, u.addresses.map((a) => a.emailAddress)])).toEqual([
      [1, "edward", ["foober"]],
    ]);
  });

  test("earlier flushes in the savepoint are undone; the outer transaction keeps its work", () => {
    using s = new Session(ctx.engine);
    s.add(new User({ id: 1, name: "outer" }));
    const nt = s.beginNested();
    const inSp = new User({ id: 2, name: "in savepoint" });
    s.add(inSp);
    s.flush();
    s.add(new User({ id: 1, name: "duplicate" }));
    expect(() => s.flush()).toThrow(FlushError);
    // The savepoint's earlier INSERT was rolled back with it: its object is pending again.
    expect(instanceState(inSp).status).toBe("pending");
    nt.rollback();
    expect(instanceState(inSp).status).toBe("transient");
    s.commit();
    expect(names(s)).toEqual(["outer"]);
  });
});

describe("one savepoint per record (the README example)", () => {
  test("a record that fails to flush is dropped; the others are committed", () => {
    using s = new Session(ctx.engine);
    s.add(new User({ id: 1, name: "existing" }));
    s.flush();
    const incoming = [
      new User({ id: 2, name: "a" }),
      new User({ id: 1, name: "dup" }),
      new User({ id: 3, name: "b" }),
    ];
    const failed: User[] = [];
    for (const user of incoming) {
      try {
        s.beginNested(() => s.add(user));
      } catch (e) {
        if (!(e instanceof FlushError)) throw e;
        failed.push(user);
      }
    }
    expect(failed).toEqual([incoming[1]]);
    expect(instanceState(incoming[1] as User).status).toBe("transient");
    s.commit();
    expect(names(s)).toEqual(["existing", "a", "b"]);
  });
});

describe("begin()", () => {
  test("test_explicit_begin / test_no_double_begin_explicit", () => {
    using s = new Session(ctx.engine);
    const tx = s.begin();
    expect(tx).toBeInstanceOf(SessionTransaction);
    expect(tx.nested).toBe(false);
    expect(s.inTransaction()).toBe(true);
    expect(() => s.begin()).toThrow(/A transaction is already begun on this Session/);
    s.add(new User({ name: "x" }));
    tx.commit();
    expect(tx.isActive).toBe(false);
    expect(s.inTransaction()).toBe(false);
    // An autobegun transaction counts too (SQLAlchemy 2.0): by a statement, or by add().
    s.scalars(select(User)).all();
    expect(() => s.begin()).toThrow(/already begun/);
    s.rollback();
    s.add(new User({ name: "y" }));
    expect(s.inTransaction()).toBe(true);
    expect(() => s.begin()).toThrow(/already begun/);
  });

  test("callback form commits, or rolls back and rethrows", () => {
    using s = new Session(ctx.engine);
    s.begin(() => s.add(new User({ name: "a" })));
    expect(s.inTransaction()).toBe(false);
    expect(() =>
      s.begin(() => {
        s.add(new User({ name: "b" }));
        throw new Error("no");
      }),
    ).toThrow("no");
    expect(names(s)).toEqual(["a"]);
  });

  test("sessionmaker.begin: commits and closes", () => {
    const Maker = sessionmaker({ bind: ctx.engine });
    const u = Maker.begin((s) => {
      const u = new User({ name: "made" });
      s.add(u);
      return u;
    });
    expect(instanceState(u).status).toBe("detached");
    using s = Maker();
    expect(names(s)).toEqual(["made"]);
  });

  test("test_rollback_is_global: session.rollback() ends the savepoints and the transaction", () => {
    using s = new Session(ctx.engine);
    s.begin();
    s.add(new User({ name: "n1" }));
    s.flush();
    const nt = s.beginNested();
    s.add(new User({ name: "n2" }));
    s.flush();
    s.rollback();
    expect(nt.isActive).toBe(false);
    expect(s.inTransaction()).toBe(false);
    expect(names(s)).toEqual([]);
  });
});

describe("transaction flags (TransactionFlagsTest)", () => {
  test("inTransaction, inNestedTransaction, getTransaction, getNestedTransaction", () => {
    using s = new Session(ctx.engine);
    expect([s.inTransaction(), s.inNestedTransaction()]).toEqual([false, false]);
    expect(s.getTransaction()).toBeUndefined();
    s.connection();
    const root = s.getTransaction() as SessionTransaction;
    expect(root.nested).toBe(false);
    const nt = s.beginNested();
    expect([s.inTransaction(), s.inNestedTransaction()]).toEqual([true, true]);
    expect(s.getNestedTransaction()).toBe(nt);
    nt.commit();
    expect(s.inNestedTransaction()).toBe(false);
    root.rollback();
    expect([root.isActive, s.inTransaction()]).toEqual([false, false]);
  });
});
