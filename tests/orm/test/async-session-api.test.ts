/**
 * The Session API under `AsyncSession`: explicit transactions and
 * savepoints, `merge()`, `getOne()` and the state helpers, `noAutoflush`,
 * and `awaitableAttrs()` on deferred columns and write-only collections.
 * Ported from SQLAlchemy's test/ext/asyncio/test_session.py
 * (AsyncSessionTransactionTest: test_begin_nested, test_nested_transaction_connection,
 * test_get_transaction; AsyncSessionQueryTest: test_get_one; AsyncAttrsTest)
 * and test/orm/test_merge.py (MergeTest.test_transient_to_persistent).
 */

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AsyncEngine, createAsyncEngine } from "@athanor/asyncio-compat";
import {
  AsyncSession,
  AsyncSessionTransaction,
  AwaitRequiredError,
  awaitableAttrs,
} from "@athanor/asyncio-compat/orm";
import { Integer, listen, NoResultFound, String, select } from "@athanor/core";
import { SQLiteDialectBetterSqlite3 } from "@athanor/dialect-sqlite";
import { declarativeBase, instanceState, mappedColumn, relationship } from "@athanor/orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { asyncSetup } from "./async-helpers.js";
import { Address, User } from "./models.js";

let engine: AsyncEngine;
/** Statements and savepoint steps (core runs those outside the statement log), in order. */
let steps: string[];
beforeEach(async () => {
  engine = (await asyncSetup()).engine;
  steps = [];
  const e = engine.syncEngine;
  listen(e, "beforeCursorExecute", (_conn, sql) => {
    steps.push(sql.replace(/\s+/g, " ").trim());
    return undefined;
  });
  listen(e, "savepoint", (_c, name) => void steps.push(`SAVEPOINT ${name}`));
  listen(e, "releaseSavepoint", (_c, name) => void steps.push(`RELEASE SAVEPOINT ${name}`));
  listen(e, "rollbackSavepoint", (_c, name) => void steps.push(`ROLLBACK TO SAVEPOINT ${name}`));
});
afterEach(async () => {
  await engine.dispose();
});

async function names(): Promise<string[]> {
  await using s = new AsyncSession(engine);
  return (await s.scalars(select(User).orderBy(User.id))).all().map((u) => u.name);
}

describe("AsyncSession: begin()", () => {
  test("begin(fn) commits when the callback resolves", async () => {
    await using s = new AsyncSession(engine);
    const out = await s.begin(async (tx) => {
      expect(tx).toBeInstanceOf(AsyncSessionTransaction);
      expect(s.getTransaction()).toBe(tx);
      s.add(new User({ name: "a" }));
      return 7;
    });
    expect(out).toBe(7);
    expect(s.inTransaction()).toBe(false);
    expect(await names()).toEqual(["a"]);
  });

  test("begin(fn) rolls back when the callback rejects", async () => {
    await using s = new AsyncSession(engine);
    await expect(
      s.begin(async () => {
        s.add(new User({ name: "a" }));
        await s.flush();
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(s.inTransaction()).toBe(false);
    expect(await names()).toEqual([]);
  });

  test("begin() returns a handle committed with await; a second begin() is refused", async () => {
    await using s = new AsyncSession(engine);
    const tx = await s.begin();
    expect(tx.isActive).toBe(true);
    expect(tx.nested).toBe(false);
    await expect(s.begin()).rejects.toThrow(/already begun/);
    s.add(new User({ name: "a" }));
    await tx.commit();
    expect(tx.isActive).toBe(false);
    await expect(tx.commit()).rejects.toThrow("This session transaction is no longer active");
    expect(await names()).toEqual(["a"]);
  });

  test("await using rolls an uncommitted transaction back", async () => {
    await using s = new AsyncSession(engine);
    {
      await using tx = await s.begin();
      s.add(new User({ name: "a" }));
      await s.flush();
      expect(tx.isActive).toBe(true);
    }
    expect(s.inTransaction()).toBe(false);
    expect(await names()).toEqual([]);
  });
});

describe("AsyncSession: beginNested()", () => {
  test("rolling a savepoint back keeps the outer transaction's work and undoes the savepoint's in memory", async () => {
    await using s = new AsyncSession(engine);
    const u1 = new User({ name: "u1" });
    s.add(u1);
    steps.length = 0;
    const sp = await s.beginNested();
    expect(s.inNestedTransaction()).toBe(true);
    expect(s.getNestedTransaction()).toBe(sp);
    expect(sp.nested).toBe(true);
    const u2 = new User({ name: "u2" });
    s.add(u2);
    await s.flush();
    await sp.rollback();
    expect(sp.isActive).toBe(false);
    expect(s.inNestedTransaction()).toBe(false);
    expect(s.contains(u2)).toBe(false);
    expect(instanceState(u2).key).toBeUndefined();
    const stmts = [...steps];
    expect(stmts[0]).toMatch(/^INSERT INTO user_account/); // u1, flushed before the savepoint
    expect(stmts[1]).toMatch(/^SAVEPOINT /);
    expect(stmts[2]).toMatch(/^INSERT INTO user_account/);
    expect(stmts[3]).toMatch(/^ROLLBACK TO SAVEPOINT /);
    expect(stmts).toHaveLength(4);
    await s.commit();
    expect(await names()).toEqual(["u1"]);
  });

  test("beginNested(fn) releases the savepoint when the callback resolves", async () => {
    await using s = new AsyncSession(engine);
    await s.beginNested(async () => {
      s.add(new User({ name: "a" }));
    });
    expect(steps.some((q) => q.startsWith("RELEASE SAVEPOINT"))).toBe(true);
    expect(s.inNestedTransaction()).toBe(false);
    expect(s.inTransaction()).toBe(true);
    await s.commit();
    expect(await names()).toEqual(["a"]);
  });

  test("beginNested(fn) rolls back to the savepoint when the callback rejects; the session goes on", async () => {
    await using s = new AsyncSession(engine);
    s.add(new User({ name: "kept" }));
    const lost = new User({ name: "lost" });
    await expect(
      s.beginNested(async () => {
        s.add(lost);
        await s.flush();
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(s.contains(lost)).toBe(false);
    await s.commit();
    expect(await names()).toEqual(["kept"]);
  });

  test("a failed flush in beginNested(fn) ends the savepoint and keeps the outer work", async () => {
    await using s = new AsyncSession(engine);
    s.add(new User({ id: 1, name: "first" }));
    await s.flush();
    await expect(
      s.beginNested(async () => {
        s.add(new User({ id: 1, name: "duplicate" }));
      }),
    ).rejects.toThrow();
    expect(s.inNestedTransaction()).toBe(false);
    await s.commit();
    expect(await names()).toEqual(["first"]);
  });

  test("the sync handle of an async session refuses to end itself synchronously", async () => {
    await using s = new AsyncSession(engine);
    const sp = await s.beginNested();
    expect(() => sp.syncTransaction.commit()).toThrow(AwaitRequiredError);
    await sp.rollback();
  });
});

describe("AsyncSession: merge()", () => {
  test("a detached object's changes are merged onto the loaded one", async () => {
    {
      await using s = new AsyncSession(engine);
      s.add(new User({ id: 1, name: "jack", addresses: [new Address({ id: 1, emailAddress: "a" })] }));
      await s.commit();
    }
    await using s = new AsyncSession(engine);
    steps.length = 0;
    const merged = await s.merge(new User({ id: 1, name: "jack2" }));
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatch(/^SELECT .* FROM user_account WHERE user_account.id = \?/);
    expect(merged.name).toBe("jack2");
    expect(s.isModified(merged)).toBe(true);
    expect(s.dirty).toEqual([merged]);
    await s.commit();
    expect(await names()).toEqual(["jack2"]);
  });

  test("merging a collection loads the session object's collection with the async runner", async () => {
    {
      await using s = new AsyncSession(engine);
      s.add(new User({ id: 1, name: "jack", addresses: [new Address({ id: 1, emailAddress: "a" })] }));
      await s.commit();
    }
    await using s = new AsyncSession(engine);
    const merged = await s.merge(
      new User({
        id: 1,
        name: "jack",
        addresses: [new Address({ id: 1, emailAddress: "a2" }), new Address({ id: 2, emailAddress: "b" })],
      }),
    );
    expect(merged.addresses.map((a) => a.emailAddress)).toEqual(["a2", "b"]);
    await s.commit();
    await using s2 = new AsyncSession(engine);
    const emails = (await s2.scalars(select(Address.emailAddress).orderBy(Address.id))).all();
    expect(emails).toEqual(["a2", "b"]);
  });

  test("merge with load: false makes an unchanged persistent copy without SQL", async () => {
    await using s = new AsyncSession(engine);
    const detached = new User({ id: 5, name: "x" });
    instanceState(detached).commitAll();
    instanceState(detached).key = s.identityKey(User, 5);
    steps.length = 0;
    const merged = await s.merge(detached, { load: false });
    expect(steps).toEqual([]);
    expect(merged).not.toBe(detached);
    expect(s.isModified(merged)).toBe(false);
    expect(s.identityKey(merged)).toEqual(s.identityKey(User, 5));
  });
});

describe("AsyncSession: getOne(), state helpers, noAutoflush, reset", () => {
  test("getOne() returns the object or raises NoResultFound", async () => {
    await using s = new AsyncSession(engine);
    s.add(new User({ id: 1, name: "a" }));
    await s.commit();
    expect((await s.getOne(User, 1)).name).toBe("a");
    await expect(s.getOne(User, 99)).rejects.toThrow(NoResultFound);
  });

  test("info is the session's; getTransaction() is undefined without a transaction", async () => {
    await using s = new AsyncSession(engine, { info: { tenant: 3 } });
    expect(s.info).toEqual({ tenant: 3 });
    expect(s.info).toBe(s.syncSession.info);
    expect(s.getTransaction()).toBeUndefined();
    expect(s.getNestedTransaction()).toBeUndefined();
    expect(s.inNestedTransaction()).toBe(false);
  });

  test("noAutoflush(fn) keeps autoflush off until the callback's Promise settles", async () => {
    await using s = new AsyncSession(engine);
    s.add(new User({ name: "pending" }));
    const inside = await s.noAutoflush(async () => {
      const n = (await s.scalars(select(User))).all().length;
      await Promise.resolve();
      return n + (await s.scalars(select(User))).all().length;
    });
    expect(inside).toBe(0);
    expect((await s.scalars(select(User))).all()).toHaveLength(1); // autoflush is back
  });

  test("reset() ends the transaction and detaches every object", async () => {
    await using s = new AsyncSession(engine);
    const u = new User({ name: "a" });
    s.add(u);
    await s.flush();
    await s.reset();
    expect(s.inTransaction()).toBe(false);
    expect(s.contains(u)).toBe(false);
    expect(await names()).toEqual([]);
  });
});

describe("awaitableAttrs(): deferred columns and write-only collections", () => {
  const B = declarativeBase();
  @B.register
  class Doc extends B.mapped("aa_doc", {
    id: mappedColumn(Integer, { primaryKey: true }),
    title: mappedColumn(String(30)),
    body: mappedColumn(String(200), { deferred: true }),
    notes: relationship(() => Note, { lazy: "write_only" }),
    noteQuery: relationship(() => Note, { lazy: "dynamic", viewonly: true }),
  }) {}
  @B.register
  class Note extends B.mapped("aa_note", {
    id: mappedColumn(Integer, { primaryKey: true }),
    docId: mappedColumn(Integer, { foreignKey: "aa_doc.id", name: "doc_id" }),
    text: mappedColumn(String(30)),
  }) {}

  let local: AsyncEngine;
  let log: string[];
  beforeEach(async () => {
    const file = join(mkdtempSync(join(tmpdir(), "athanor-orm-async-api-")), "test.db");
    local = createAsyncEngine(`sqlite:///${file}`, { dialect: new SQLiteDialectBetterSqlite3() });
    log = [];
    listen(local.syncEngine, "beforeCursorExecute", (_conn, sql) => {
      log.push(sql.replace(/\s+/g, " ").trim());
      return undefined;
    });
    await local.begin((conn) => B.metadata.createAll(conn));
    await using s = new AsyncSession(local);
    s.add(new Doc({ id: 1, title: "t", body: "the body" }));
    await s.flush();
    s.add(new Note({ id: 1, docId: 1, text: "n1" }));
    await s.commit();
    log.length = 0;
  });
  afterEach(async () => {
    await local.dispose();
  });

  test("a deferred column: a plain read needs await, awaitableAttrs loads it", async () => {
    await using s = new AsyncSession(local);
    const doc = (await s.scalars(select(Doc))).one();
    expect(log).toHaveLength(1);
    expect(log[0]).not.toMatch(/body/);
    expect(() => doc.body).toThrow(AwaitRequiredError);
    expect(await awaitableAttrs(doc).body).toBe("the body");
    expect(log).toHaveLength(2);
    expect(log[1]).toMatch(/^SELECT aa_doc.id, aa_doc.body FROM aa_doc WHERE aa_doc.id = \?$/);
    expect(doc.body).toBe("the body");
    expect(await awaitableAttrs(doc).body).toBe("the body");
    expect(log).toHaveLength(2);
  });

  test("a write-only attribute gives its collection object, without SQL", async () => {
    await using s = new AsyncSession(local);
    const doc = (await s.get(Doc, 1)) as Doc;
    log.length = 0;
    const notes = await awaitableAttrs(doc).notes;
    expect(notes).toBe(doc.notes);
    expect(log).toEqual([]);
    const rows = (await s.scalars(notes.select())).all();
    expect(rows.map((n) => n.text)).toEqual(["n1"]);
  });

  test("a dynamic attribute gives its query; running it synchronously needs await", async () => {
    await using s = new AsyncSession(local);
    const doc = (await s.get(Doc, 1)) as Doc;
    log.length = 0;
    const query = await awaitableAttrs(doc).noteQuery;
    expect(query).toBe(doc.noteQuery);
    expect(log).toEqual([]);
    expect(() => query.all()).toThrow(AwaitRequiredError);
    expect((await s.scalars(query.select())).all().map((n) => n.text)).toEqual(["n1"]);
  });
});
