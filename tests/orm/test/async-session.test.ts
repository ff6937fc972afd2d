/**
 * `AsyncSession` and friends on SQLite (a sync driver awaited through the
 * async runner). Ported from SQLAlchemy's test/ext/asyncio/test_session.py
 * (AsyncSessionQueryTest, AsyncSessionTransactionTest, AsyncCascadesTest,
 * AsyncAttrsTest) and test_scoping.py, plus the refusal of synchronous I/O.
 */

import { type AsyncEngine, AsyncResult } from "@athanor/asyncio-compat";
import {
  AsyncOrmScalarResult,
  AsyncSession,
  AwaitRequiredError,
  asyncScopedSession,
  asyncSessionmaker,
  awaitableAttrs,
} from "@athanor/asyncio-compat/orm";
import { func, select, update } from "@athanor/core";
import { FlushError, instanceState } from "@athanor/orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { asyncSetup } from "./async-helpers.js";
import { Address, Child, User } from "./models.js";

let ctx: Awaited<ReturnType<typeof asyncSetup>>;
let engine: AsyncEngine;
beforeEach(async () => {
  ctx = await asyncSetup();
  engine = ctx.engine;
});
afterEach(async () => {
  await engine.dispose();
});

/** Users jack (2 addresses) and ed (1), committed. */
async function seed(): Promise<void> {
  await using session = new AsyncSession(engine);
  session.add(
    new User({
      name: "jack",
      addresses: [new Address({ emailAddress: "jack@a" }), new Address({ emailAddress: "jack@b" })],
    }),
  );
  session.add(new User({ name: "ed", addresses: [new Address({ emailAddress: "ed@a" })] }));
  session.add(new User({ name: "fred" }));
  await session.commit();
}

async function countOf(table: typeof User | typeof Address): Promise<number> {
  await using conn = engine.connect();
  return Number(await conn.scalar(select(func.count(table.id))));
}

describe("AsyncSession: construction", () => {
  test("requires an AsyncEngine", () => {
    expect(() => new AsyncSession(engine.syncEngine as never)).toThrow(
      "AsyncSession needs an AsyncEngine (createAsyncEngine()); for an Engine, use the sync Session",
    );
  });

  test("wraps a Session made with the same options", () => {
    const s = new AsyncSession(engine, { autoflush: false, expireOnCommit: false });
    expect(s.syncSession.autoflush).toBe(false);
    expect(s.syncSession.expireOnCommit).toBe(false);
    expect(s.syncSession.bind).toBe(engine.syncEngine);
    expect(s.bind).toBe(engine);
  });
});

describe("AsyncSession: queries", () => {
  test("execute, scalars, scalar return buffered results of objects", async () => {
    await seed();
    await using session = new AsyncSession(engine);
    const result = await session.execute(select(User).orderBy(User.id));
    const users = result.scalars().all();
    expect(users.map((u) => u.name)).toEqual(["jack", "ed", "fred"]);
    expect(await session.scalar(select(User.id).orderBy(User.id).limit(1))).toBe(1);
    const again = (await session.scalars(select(User).where(User.name.eq("ed")))).one();
    expect(again).toBe(users[1]);
  });

  test("get: identity map, one SELECT, null for a missing key", async () => {
    await seed();
    await using session = new AsyncSession(engine);
    ctx.clear();
    const u1 = await session.get(User, 1);
    expect(u1?.name).toBe("jack");
    expect(await session.get(User, 1)).toBe(u1);
    expect(ctx.statements()).toHaveLength(1);
    expect(await session.get(User, 12)).toBeNull();
  });

  test("streamScalars and stream read objects as iterated, through the identity map", async () => {
    await seed();
    await using session = new AsyncSession(engine);
    const first = await session.get(User, 1);
    const stream = await session.streamScalars(select(User).orderBy(User.id));
    expect(stream).toBeInstanceOf(AsyncOrmScalarResult);
    const parts: string[][] = [];
    for await (const part of stream.partitions(2)) parts.push(part.map((u) => u.name));
    expect(parts).toEqual([["jack", "ed"], ["fred"]]);

    const rows = await session.stream(
      select(User, Address.emailAddress).join(User.addresses).orderBy(Address.id),
    );
    const seen: [string, string][] = [];
    for await (const [u, email] of rows) seen.push([u.name, email]);
    expect(seen).toEqual([
      ["jack", "jack@a"],
      ["jack", "jack@b"],
      ["ed", "ed@a"],
    ]);
    const objs = await (await session.streamScalars(select(User).where(User.id.eq(1)))).all();
    expect(objs[0]).toBe(first);

    const core = await session.stream(select(User.name).orderBy(User.id));
    expect(core).toBeInstanceOf(AsyncResult);
    expect((await core.all()).map((r) => r.name)).toEqual(["jack", "ed", "fred"]);
  });

  test("refresh(obj, [relationship]) loads the relationship (the async way to force a lazy load)", async () => {
    await seed();
    await using session = new AsyncSession(engine);
    const users = (await session.scalars(select(User).orderBy(User.id))).all();
    for (const u of users) await session.refresh(u, ["addresses"]);
    expect(users.map((u) => u.addresses.map((a) => a.emailAddress))).toEqual([
      ["jack@a", "jack@b"],
      ["ed@a"],
      [],
    ]);
  });
});

describe("AsyncSession: transactions", () => {
  test("flush writes in the session's transaction, visible on its connection", async () => {
    await using session = new AsyncSession(engine);
    session.add(new User({ name: "u1" }));
    const conn = await session.connection();
    expect(await conn.scalar(select(func.count(User.id)))).toBe(0);
    await session.flush();
    expect(await conn.scalar(select(func.count(User.id)))).toBe(1);
    expect(session.inTransaction()).toBe(true);
    await session.rollback();
    expect(session.inTransaction()).toBe(false);
    expect(await countOf(User)).toBe(0);
  });

  test("delete then flush removes the row", async () => {
    await using session = new AsyncSession(engine);
    const u1 = new User({ name: "u1" });
    session.add(u1);
    await session.flush();
    await session.delete(u1);
    expect(session.deleted).toEqual([u1]);
    await session.flush();
    const conn = await session.connection();
    expect(await conn.scalar(select(func.count(User.id)))).toBe(0);
    await session.commit();
    expect(instanceState(u1).status).toBe("detached");
  });

  test("refresh reads what another statement wrote", async () => {
    await using session = new AsyncSession(engine);
    const u1 = new User({ name: "u1" });
    session.add(u1);
    await session.flush();
    const conn = await session.connection();
    await conn.execute(update(User.__mapper__.table).values({ name: "u2" }));
    expect(u1.name).toBe("u1");
    await session.refresh(u1);
    expect(u1.name).toBe("u2");
  });

  test("delete cascades (loading the collection asynchronously)", async () => {
    await seed();
    await using session = new AsyncSession(engine);
    const jack = (await session.scalars(select(User).where(User.name.eq("jack")))).one();
    ctx.clear();
    await session.delete(jack);
    // The cascade loaded jack's addresses: one SELECT, nothing written yet.
    expect(ctx.statements()).toHaveLength(1);
    expect(session.deleted).toHaveLength(3);
    await session.commit();
    expect(await countOf(Address)).toBe(1);
    expect(await countOf(User)).toBe(2);
  });

  test("a failed flush rolls back and the session stays usable", async () => {
    await using session = new AsyncSession(engine);
    const bad = new User({ name: null as unknown as string });
    session.add(bad);
    await expect(session.flush()).rejects.toBeInstanceOf(FlushError);
    expect(session.inTransaction()).toBe(false);
    session.expunge(bad);
    session.add(new User({ name: "ok" }));
    await session.commit();
    expect(await countOf(User)).toBe(1);
  });

  test("await using closes the session: objects are detached", async () => {
    const u = new User({ name: "u" });
    {
      await using session = new AsyncSession(engine);
      session.add(u);
      await session.commit();
      expect([...session.identityMap.states()].length).toBe(1);
    }
    expect(instanceState(u).status).toBe("detached");
  });

  test("asyncSessionmaker: options, and begin() commits or rolls back", async () => {
    const SessionLocal = asyncSessionmaker({ bind: engine, expireOnCommit: false });
    const s = SessionLocal();
    expect(s.syncSession.expireOnCommit).toBe(false);
    expect(SessionLocal({ expireOnCommit: true }).syncSession.expireOnCommit).toBe(true);
    await s.close();
    const made = await SessionLocal.begin(async (session) => {
      session.add(new User({ name: "committed" }));
      return "done";
    });
    expect(made).toBe("done");
    await expect(
      SessionLocal.begin(async (session) => {
        session.add(new User({ name: "rolled back" }));
        await session.flush();
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await using check = SessionLocal();
    expect((await check.scalars(select(User.name))).all()).toEqual(["committed"]);
  });
});

describe("AsyncSession: no synchronous I/O", () => {
  test("an unloaded lazy relationship raises, naming it and the ways out", async () => {
    await seed();
    await using session = new AsyncSession(engine);
    const jack = (await session.scalars(select(User).where(User.name.eq("jack")))).one();
    ctx.clear();
    let err: unknown;
    try {
      void jack.addresses;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AwaitRequiredError);
    const msg = (err as Error).message;
    expect(msg).toContain("'User.addresses'");
    expect(msg).toContain("selectinload(User.addresses)");
    expect(msg).toContain("awaitableAttrs(obj).addresses");
    expect(msg).toContain('session.refresh(obj, ["addresses"])');
    expect(ctx.statements()).toEqual([]);
  });

  test("a many-to-one known without SQL (in the identity map, or a NULL key) reads as usual", async () => {
    await seed();
    await using session = new AsyncSession(engine);
    const addresses = (await session.scalars(select(Address).orderBy(Address.id))).all();
    ctx.clear();
    expect(() => addresses[0]?.user).toThrow(/'Address\.user' is not loaded/);
    const jack = await session.get(User, 1);
    ctx.clear();
    expect(addresses[0]?.user).toBe(jack);
    expect(addresses[1]?.user).toBe(jack);
    expect(() => addresses[2]?.user).toThrow(AwaitRequiredError);
    expect(ctx.statements()).toEqual([]);
    const c = new Child({ name: "orphan" });
    session.add(c);
    await session.flush();
    expect(c.parent).toBeNull();
  });

  test("an expired attribute raises after commit; awaitableAttrs loads it", async () => {
    await using session = new AsyncSession(engine);
    const u = new User({ name: "u" });
    session.add(u);
    await session.commit();
    ctx.clear();
    expect(() => u.name).toThrow(AwaitRequiredError);
    expect(() => u.name).toThrow(/'User\.name' is expired/);
    expect(ctx.statements()).toEqual([]);
    expect(await awaitableAttrs(u).name).toBe("u");
    expect(ctx.statements()).toHaveLength(1);
    expect(u.name).toBe("u");
  });

  test("the session's sync methods refuse to do I/O", async () => {
    await using session = new AsyncSession(engine);
    const sync = session.syncSession;
    expect(() => sync.flush()).toThrow(AwaitRequiredError);
    expect(() => sync.get(User, 1)).toThrow(/Session\.get\(\) would do I\/O synchronously/);
    expect(() => sync.execute(select(User))).toThrow(AwaitRequiredError);
    expect(() => sync.commit()).toThrow(AwaitRequiredError);
    expect(session.inTransaction()).toBe(false);
  });
});

describe("awaitableAttrs (SQLAlchemy's AsyncAttrsTest)", () => {
  test("lazy loaders: one statement for an expired column, one for a collection; then plain reads", async () => {
    await using session = new AsyncSession(engine);
    const a1 = new Address({ emailAddress: "b1" });
    const a2 = new Address({ emailAddress: "b2" });
    const u = new User({ name: "a1", addresses: [a1, a2] });
    session.add(u);
    await session.commit();
    ctx.clear();
    expect(await awaitableAttrs(u).name).toBe("a1");
    expect(ctx.statements()).toHaveLength(1);
    ctx.clear();
    expect(await awaitableAttrs(u).addresses).toEqual([a1, a2]);
    expect(ctx.statements()).toHaveLength(1);
    ctx.clear();
    expect(u.addresses).toEqual([a1, a2]);
    expect(await awaitableAttrs(u).addresses).toBe(u.addresses);
    expect(ctx.statements()).toEqual([]);
  });

  test("the famous lazy-loader gotcha: a flushed object's collection loads (empty) with one statement", async () => {
    await using session = new AsyncSession(engine);
    const u = new User({ name: "a1" });
    session.add(u);
    await session.flush();
    ctx.clear();
    expect(await awaitableAttrs(u).addresses).toEqual([]);
    expect(ctx.statements()).toHaveLength(1);
  });

  test("a many-to-one from the identity map needs no SQL", async () => {
    await seed();
    await using session = new AsyncSession(engine);
    const jack = await session.get(User, 1);
    const addr = (await session.scalars(select(Address).where(Address.emailAddress.eq("jack@a")))).one();
    ctx.clear();
    expect(await awaitableAttrs(addr).user).toBe(jack);
    expect(ctx.statements()).toEqual([]);
  });

  test("bad input is refused where it happens", async () => {
    const u = new User({ name: "x" });
    expect(() => (awaitableAttrs(u) as unknown as Record<string, unknown>).nope).toThrow(
      "'nope' is not a mapped attribute of User",
    );
    expect(() => awaitableAttrs({})).toThrow("is not mapped");
    // Not thenable: awaiting the proxy itself gives the proxy.
    const attrs = awaitableAttrs(u);
    expect(await attrs).toBe(attrs);
  });
});

describe("asyncScopedSession (SQLAlchemy's test_scoping.py)", () => {
  test("one session per scope; the registry's session works", async () => {
    const Session = asyncScopedSession(asyncSessionmaker({ bind: engine }));
    const a = Session();
    expect(Session()).toBe(a);
    expect(a.bind).toBe(engine);
    const u1 = new User({ name: "scoped_u1" });
    Session().add(u1);
    await Session().flush();
    const stmt = select(func.count(User.id)).where(User.name.eq("scoped_u1"));
    expect(await Session().scalar(stmt)).toBe(1);
    await Session().delete(u1);
    await Session().flush();
    expect(await Session().scalar(stmt)).toBe(0);
    await Session.remove();
    expect(Session.has()).toBe(false);
    expect(Session()).not.toBe(a);
    await Session.remove();
  });

  test("concurrent run() scopes get their own sessions, closed at the end", async () => {
    const Session = asyncScopedSession(asyncSessionmaker({ bind: engine }));
    const seen: AsyncSession[] = [];
    const task = (name: string) =>
      Session.run(async () => {
        const s = Session();
        await new Promise((r) => setTimeout(r, 5));
        expect(Session()).toBe(s);
        s.add(new User({ name }));
        await s.commit();
        seen.push(s);
        return name;
      });
    expect(await Promise.all([task("t1"), task("t2")])).toEqual(["t1", "t2"]);
    expect(seen[0]).not.toBe(seen[1]);
    for (const s of seen) expect([...s.identityMap.states()].length).toBe(0);
    expect(Session.has()).toBe(false);
    expect(await countOf(User)).toBe(2);
  });
});
