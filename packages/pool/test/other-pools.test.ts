import { describe, expect, it } from "vitest";
import {
  AssertionPool,
  InvalidRequestError,
  isPoolError,
  NullPool,
  PoolAssertionError,
  SingletonPool,
  StaticPool,
} from "../src/index.js";
import { FakeDBAPI } from "./fake-dbapi.js";
import { runAsync, runSync } from "./runners.js";

describe("NullPool", () => {
  it("opens on checkout and closes on checkin", () => {
    const dbapi = new FakeDBAPI();
    const pool = new NullPool(() => dbapi.connect(), { dialect: dbapi.dialect() });
    const c1 = runSync(pool.connect());
    const raw = c1.dbapiConnection;
    runSync(c1.close());
    expect(raw.calls).toEqual(["rollback", "close"]);
    const c2 = runSync(pool.connect());
    expect(c2.dbapiConnection).not.toBe(raw);
    runSync(c2.invalidate());
    runSync(pool.connect());
    expect(dbapi.opens).toBe(3);
    expect(dbapi.closes).toBe(2);
    expect(pool.status()).toBe("NullPool");
  });

  it("has no limit, and recreate()/dispose() work", () => {
    const dbapi = new FakeDBAPI();
    const pool = new NullPool(() => dbapi.connect(), { dialect: dbapi.dialect() });
    const conns = Array.from({ length: 30 }, () => runSync(pool.connect()));
    expect(dbapi.open).toBe(30);
    for (const c of conns) runSync(c.close());
    expect(dbapi.open).toBe(0);
    runSync(pool.dispose());
    expect(() => runSync(pool.connect())).toThrow(InvalidRequestError);
    const p2 = pool.recreate();
    expect(p2).toBeInstanceOf(NullPool);
    runSync(runSync(p2.connect()).close());
  });
});

describe("StaticPool", () => {
  it("uses exactly one connection for every checkout and keeps it open", () => {
    const dbapi = new FakeDBAPI();
    const pool = new StaticPool(() => dbapi.connect(), { dialect: dbapi.dialect() });
    const c1 = runSync(pool.connect());
    const raw = c1.dbapiConnection;
    const c2 = runSync(pool.connect()); // while c1 is out
    expect(c2).not.toBe(c1);
    expect(c2.dbapiConnection).toBe(raw);
    runSync(c1.close());
    runSync(c2.close());
    expect(raw.closed).toBe(false);
    expect(runSync(pool.connect()).dbapiConnection).toBe(raw);
    expect(dbapi.opens).toBe(1);
    expect(pool.status()).toBe("StaticPool");
    expect(pool.connectionRecord?.dbapiConnection).toBe(raw);
  });

  it("reconnects after an invalidation", () => {
    const dbapi = new FakeDBAPI();
    const pool = new StaticPool(() => dbapi.connect(), { dialect: dbapi.dialect() });
    const c1 = runSync(pool.connect());
    const raw = c1.dbapiConnection;
    runSync(c1.invalidate());
    const c2 = runSync(pool.connect());
    expect(c2.dbapiConnection).not.toBe(raw);
    expect(raw.closed).toBe(true);
  });

  it("dispose closes the connection (once it is returned)", () => {
    const dbapi = new FakeDBAPI();
    const pool = new StaticPool(() => dbapi.connect(), { dialect: dbapi.dialect() });
    const c = runSync(pool.connect());
    const raw = c.dbapiConnection;
    runSync(pool.dispose());
    expect(raw.closed).toBe(false);
    runSync(c.close());
    expect(raw.closed).toBe(true);

    const p2 = pool.recreate();
    runSync(runSync(p2.connect()).close());
    runSync(p2.dispose());
    expect(dbapi.open).toBe(0);
  });

  it("concurrent async first checkouts share the one connection", async () => {
    const dbapi = new FakeDBAPI({ delayMs: 5 });
    const pool = new StaticPool(() => dbapi.connect(), { dialect: dbapi.dialect() });
    const conns = await Promise.all([1, 2, 3].map(() => runAsync(pool.connect())));
    expect(new Set(conns.map((c) => c.dbapiConnection)).size).toBe(1);
    expect(dbapi.opens).toBe(1);
  });
});

describe("SingletonPool", () => {
  it("nests checkouts of the one connection; only the outermost close resets it", () => {
    // SQLAlchemy's test_no_rollback_from_nested_connections
    const dbapi = new FakeDBAPI();
    const pool = new SingletonPool(() => dbapi.connect(), { dialect: dbapi.dialect() });
    const c1 = runSync(pool.connect());
    const raw = c1.dbapiConnection;
    const c2 = runSync(pool.connect());
    expect(c2).toBe(c1);
    runSync(c2.close());
    expect(raw.calls).toEqual([]);
    runSync(c1.close());
    expect(raw.calls).toEqual(["rollback"]);
    const c3 = runSync(pool.connect());
    expect(c3).not.toBe(c1);
    expect(c3.dbapiConnection).toBe(raw);
    expect(pool.status()).toBe("SingletonPool size: 1");
  });

  it("reconnects after an invalidation and closes on dispose", () => {
    const dbapi = new FakeDBAPI();
    const pool = new SingletonPool(() => dbapi.connect(), { dialect: dbapi.dialect() });
    const c1 = runSync(pool.connect());
    const raw = c1.dbapiConnection;
    runSync(c1.invalidate());
    const c2 = runSync(pool.connect());
    const raw2 = c2.dbapiConnection;
    expect(raw2).not.toBe(raw);
    runSync(c2.close());
    runSync(pool.dispose());
    expect(raw2.closed).toBe(true);
    expect(dbapi.open).toBe(0);
    expect(pool.recreate()).toBeInstanceOf(SingletonPool);
  });
});

describe("AssertionPool", () => {
  it("throws on a second checkout while one is out", () => {
    const dbapi = new FakeDBAPI();
    const pool = new AssertionPool(() => dbapi.connect(), { dialect: dbapi.dialect() });
    const c1 = runSync(pool.connect());
    let caught: unknown;
    try {
      runSync(pool.connect());
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PoolAssertionError);
    expect(isPoolError(caught, "PoolAssertionError")).toBe(true);
    expect((caught as Error).message).toMatch(/^connection is already checked out at:\n/);
    runSync(c1.close());
  });

  it("allows sequential checkouts of its one connection", () => {
    const dbapi = new FakeDBAPI();
    const pool = new AssertionPool(() => dbapi.connect(), {
      dialect: dbapi.dialect(),
      storeTraceback: false,
    });
    const c1 = runSync(pool.connect());
    const raw = c1.dbapiConnection;
    runSync(c1.close());
    const c2 = runSync(pool.connect());
    expect(c2.dbapiConnection).toBe(raw);
    runSync(c2.close());
    runSync(pool.connect());
    expect(() => runSync(pool.connect())).toThrow("connection is already checked out");
    expect(dbapi.opens).toBe(1);
  });

  it("a failed connect does not leave it checked out; dispose closes", () => {
    const dbapi = new FakeDBAPI();
    const pool = new AssertionPool(() => dbapi.connect(), { dialect: dbapi.dialect() });
    dbapi.shutdown = true;
    expect(() => runSync(pool.connect())).toThrow(/database is down/);
    dbapi.shutdown = false;
    const c = runSync(pool.connect());
    runSync(c.close());
    runSync(pool.dispose());
    expect(dbapi.open).toBe(0);
    expect(pool.recreate()).toBeInstanceOf(AssertionPool);
  });
});
