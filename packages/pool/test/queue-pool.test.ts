import { afterEach, describe, expect, it, vi } from "vitest";
import {
  InvalidRequestError,
  isPoolError,
  QueuePool,
  type QueuePoolOptions,
  TimeoutError,
} from "../src/index.js";
import { type FakeConnection, FakeDBAPI, FakeDisconnect } from "./fake-dbapi.js";
import { runAsync, runSync, sleep } from "./runners.js";

function fixture(options: QueuePoolOptions<FakeConnection> = {}, dbapi = new FakeDBAPI()) {
  const pool = new QueuePool(() => dbapi.connect(), { dialect: dbapi.dialect(), ...options });
  return { dbapi, pool };
}

const status = (p: QueuePool<any>) => [p.size(), p.checkedin(), p.overflow(), p.checkedout()];

afterEach(() => {
  vi.useRealTimers();
});

describe("QueuePool: checkout and checkin", () => {
  it("tracks size, idle, overflow and checked-out counts", () => {
    const { pool, dbapi } = fixture({ poolSize: 3, maxOverflow: -1 });
    const c = [1, 2, 3, 4, 5, 6].map(() => runSync(pool.connect()));
    expect(status(pool)).toEqual([3, 0, 3, 6]);
    for (const i of [3, 2, 1]) runSync(c[i]!.close());
    expect(status(pool)).toEqual([3, 3, 3, 3]);
    for (const i of [0, 4, 5]) runSync(c[i]!.close());
    // the pool was full: the three overflow connections were closed
    expect(status(pool)).toEqual([3, 3, 0, 0]);
    expect(dbapi.open).toBe(3);
    const a = runSync(pool.connect());
    const b = runSync(pool.connect());
    expect(status(pool)).toEqual([3, 1, 0, 2]);
    runSync(b.close());
    expect(status(pool)).toEqual([3, 2, 0, 1]);
    runSync(a.close());
    expect(dbapi.opens).toBe(6);
  });

  it("starts empty and reuses a returned connection", () => {
    const { pool, dbapi } = fixture();
    expect(status(pool)).toEqual([5, 0, -5, 0]);
    const c1 = runSync(pool.connect());
    const raw = c1.dbapiConnection;
    runSync(c1.close());
    const c2 = runSync(pool.connect());
    expect(c2.dbapiConnection).toBe(raw);
    expect(dbapi.opens).toBe(1);
    expect(pool.status()).toBe(
      "Pool size: 5  Connections in pool: 0 Current Overflow: -4 Current Checked out connections: 1",
    );
  });

  it("rolls back on return and keeps the connection open", () => {
    const { pool } = fixture();
    const c = runSync(pool.connect());
    const raw = c.dbapiConnection;
    runSync(c.close());
    expect(raw.calls).toEqual(["rollback"]);
    expect(raw.closed).toBe(false);
  });

  it("closes overflow connections returned to a full pool", () => {
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 2 });
    const [a, b, c] = [1, 2, 3].map(() => runSync(pool.connect()));
    expect(pool.overflow()).toBe(2);
    runSync(a!.close());
    runSync(b!.close());
    runSync(c!.close());
    expect(dbapi.closes).toBe(2);
    expect(status(pool)).toEqual([1, 1, 0, 0]);
  });

  it("maxOverflow 0 allows no more than poolSize", () => {
    const { pool } = fixture({ poolSize: 2, maxOverflow: 0 });
    runSync(pool.connect());
    runSync(pool.connect());
    expect(() => runSync(pool.connect())).toThrow(TimeoutError);
  });

  it("maxOverflow -1 is unlimited", () => {
    const { pool } = fixture({ poolSize: 2, maxOverflow: -1 });
    const conns = Array.from({ length: 50 }, () => runSync(pool.connect()));
    expect(pool.checkedout()).toBe(50);
    for (const c of conns) runSync(c.close());
    expect(status(pool)).toEqual([2, 2, 0, 0]);
  });

  it("poolSize 0 keeps every connection and has no overflow", () => {
    const { pool, dbapi } = fixture({ poolSize: 0 });
    const conns = Array.from({ length: 20 }, () => runSync(pool.connect()));
    for (const c of conns) runSync(c.close());
    expect(pool.checkedin()).toBe(20);
    expect(pool.overflow()).toBe(0);
    expect(dbapi.closes).toBe(0);
  });

  it("exposes timeout() and recreates with the same options and listeners", () => {
    const listener = vi.fn();
    const { pool } = fixture({
      poolSize: 1,
      maxOverflow: 0,
      timeout: 123,
      resetOnReturn: null,
      useLifo: true,
    });
    pool.events.listen("checkout", listener);
    expect(pool.timeout()).toBe(123);
    const p2 = pool.recreate();
    expect(p2).toBeInstanceOf(QueuePool);
    expect(p2.size()).toBe(1);
    expect(p2.timeout()).toBe(123);
    expect(p2.resetOnReturn).toBeNull();
    expect(p2.dialect).toBe(pool.dialect);
    runSync(p2.connect());
    expect(listener).toHaveBeenCalledTimes(1);
    expect(() => runSync(p2.connect())).toThrow(TimeoutError);
  });
});

describe("QueuePool: order", () => {
  function orderFixture(useLifo: boolean) {
    const { pool } = fixture({ useLifo });
    const [p1, p2, p3] = [1, 2, 3].map(() => runSync(pool.connect()));
    const [c1, c2, c3] = [p1!, p2!, p3!].map((p) => p.dbapiConnection);
    for (const p of [p1!, p2!, p3!]) runSync(p.close());
    return { pool, c1, c2, c3 };
  }

  it("is FIFO by default", () => {
    const { pool, c1, c2, c3 } = orderFixture(false);
    let pc1 = runSync(pool.connect());
    expect(pc1.dbapiConnection).toBe(c1);
    runSync(pc1.close());
    pc1 = runSync(pool.connect());
    expect(pc1.dbapiConnection).toBe(c2);
    let pc2 = runSync(pool.connect());
    expect(pc2.dbapiConnection).toBe(c3);
    runSync(pc2.close());
    const pc3 = runSync(pool.connect());
    expect(pc3.dbapiConnection).toBe(c1);
    pc2 = runSync(pool.connect());
    expect(pc2.dbapiConnection).toBe(c3);
  });

  it("is LIFO with useLifo", () => {
    const { pool, c1, c2, c3 } = orderFixture(true);
    for (let i = 0; i < 5; i++) {
      let pc1 = runSync(pool.connect());
      expect(pc1.dbapiConnection).toBe(c3);
      runSync(pc1.close());
      pc1 = runSync(pool.connect());
      expect(pc1.dbapiConnection).toBe(c3);
      let pc2 = runSync(pool.connect());
      expect(pc2.dbapiConnection).toBe(c2);
      runSync(pc2.close());
      const pc3 = runSync(pool.connect());
      expect(pc3.dbapiConnection).toBe(c2);
      pc2 = runSync(pool.connect());
      expect(pc2.dbapiConnection).toBe(c1);
      runSync(pc2.close());
      runSync(pc3.close());
      runSync(pc1.close());
    }
  });
});

describe("QueuePool: exhausted", () => {
  it("fails fast in sync mode with the pool's TimeoutError", () => {
    const { pool } = fixture();
    for (let i = 0; i < 15; i++) runSync(pool.connect());
    const started = Date.now();
    let caught: unknown;
    try {
      runSync(pool.connect());
    } catch (err) {
      caught = err;
    }
    expect(Date.now() - started).toBeLessThan(1000);
    expect(caught).toBeInstanceOf(TimeoutError);
    expect((caught as TimeoutError).message).toBe(
      "QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00",
    );
    expect((caught as TimeoutError).code).toBe("TimeoutError");
    expect(isPoolError(caught, "TimeoutError")).toBe(true);
    expect(pool.checkedout()).toBe(15);
  });

  it("waits in async mode and times out after `timeout` seconds", async () => {
    const { pool } = fixture({ poolSize: 2, maxOverflow: 0, timeout: 0.1 });
    await runAsync(pool.connect());
    await runAsync(pool.connect());
    const started = Date.now();
    await expect(runAsync(pool.connect())).rejects.toThrow(TimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(pool.waiting()).toBe(0);
  });

  it("timeout 0 fails at once in async mode", async () => {
    const { pool } = fixture({ poolSize: 1, maxOverflow: 0, timeout: 0 });
    await runAsync(pool.connect());
    await expect(runAsync(pool.connect())).rejects.toThrow(/timeout 0\.00/);
  });

  it("a waiter gets the connection returned by another task", async () => {
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 0 });
    const c1 = await runAsync(pool.connect());
    const raw = c1.dbapiConnection;
    const waiting = runAsync(pool.connect());
    await sleep(5);
    expect(pool.waiting()).toBe(1);
    await runAsync(c1.close());
    const c2 = await waiting;
    expect(c2.dbapiConnection).toBe(raw);
    expect(dbapi.opens).toBe(1);
    expect(pool.checkedout()).toBe(1);
  });

  it("serves waiters first in, first out", async () => {
    const { pool } = fixture({ poolSize: 1, maxOverflow: 0, timeout: null });
    const c1 = await runAsync(pool.connect());
    const served: number[] = [];
    const tasks = [0, 1, 2, 3].map(async (i) => {
      await sleep(i * 3);
      const c = await runAsync(pool.connect());
      served.push(i);
      await sleep(1);
      await runAsync(c.close());
    });
    await sleep(20);
    expect(pool.waiting()).toBe(4);
    await runAsync(c1.close());
    await Promise.all(tasks);
    expect(served).toEqual([0, 1, 2, 3]);
  });

  it("a waiter is served when a checked-out connection is invalidated", async () => {
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 0, timeout: null });
    const c1 = await runAsync(pool.connect());
    const waiters = [1, 2, 3].map(async () => {
      const c = await runAsync(pool.connect());
      await sleep(2);
      await runAsync(c.close());
    });
    await sleep(5);
    await runAsync(pool.invalidateOnDisconnect(c1, new FakeDisconnect("gone")));
    await Promise.all(waiters);
    expect(dbapi.opens).toBe(2);
  });

  it("a waiter gets the returned record of an invalidated overflow connection", async () => {
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 1, timeout: 5 });
    const idle = await runAsync(pool.connect());
    const over = await runAsync(pool.connect());
    await runAsync(idle.close()); // back into the pool
    const a = await runAsync(pool.connect()); // takes the idle one
    const waiting = runAsync(pool.connect());
    await sleep(5);
    await runAsync(over.invalidate());
    const b = await waiting;
    expect(b.dbapiConnection).not.toBe(a.dbapiConnection);
    expect(dbapi.opens).toBe(3);
    expect(pool.checkedout()).toBe(2);
  });

  it("a waiter may open a connection when another checkout's connect failed", async () => {
    const dbapi = new FakeDBAPI({ delayMs: 5 });
    const { pool } = fixture({ poolSize: 1, maxOverflow: 0, timeout: 5 }, dbapi);
    dbapi.failNextConnects = 1;
    const failing = runAsync(pool.connect());
    const waiting = runAsync(pool.connect());
    await expect(failing).rejects.toThrow(FakeDisconnect);
    const c = await waiting;
    expect(c.isValid).toBe(true);
    expect(dbapi.opens).toBe(1);
    expect(pool.checkedout()).toBe(1);
    expect(pool.waiting()).toBe(0);
  });

  it("a failed connect gives the overflow slot back", async () => {
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 0 });
    dbapi.shutdown = true;
    expect(() => runSync(pool.connect())).toThrow(FakeDisconnect);
    expect(pool.overflow()).toBe(-1);
    expect(pool.checkedout()).toBe(0);
    dbapi.shutdown = false;
    const c = runSync(pool.connect());
    expect(c.isValid).toBe(true);
  });

  it("a failed reconnect of a pooled connection returns its record", () => {
    // SQLAlchemy's test_error_on_pooled_reconnect_cleanup_invalidate
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 2 });
    const c1 = runSync(pool.connect());
    runSync(c1.invalidate());
    expect(pool.checkedout()).toBe(0);
    dbapi.shutdown = true;
    expect(() => runSync(pool.connect())).toThrow(FakeDisconnect);
    expect(pool.overflow()).toBe(0);
    expect(pool.checkedout()).toBe(0);
    dbapi.shutdown = false;
    runSync(pool.connect());
    runSync(pool.connect());
    expect(pool.overflow()).toBe(1);
    const c3 = runSync(pool.connect());
    runSync(c3.close());
  });
});

describe("QueuePool: dispose", () => {
  it("closes idle connections; checked-out ones are closed when returned", () => {
    const { pool, dbapi } = fixture({ poolSize: 2, maxOverflow: 0 });
    const c1 = runSync(pool.connect());
    const c2 = runSync(pool.connect());
    const raw1 = c1.dbapiConnection;
    const raw2 = c2.dbapiConnection;
    runSync(c1.close());
    runSync(pool.dispose());
    expect(raw1.closed).toBe(true);
    expect(raw2.closed).toBe(false);
    expect(pool.disposed).toBe(true);
    runSync(c2.close());
    expect(raw2.closed).toBe(true);
    expect(dbapi.open).toBe(0);
    expect(pool.checkedout()).toBe(0);
  });

  it("refuses checkouts once disposed; recreate() gives a working pool", () => {
    const { pool } = fixture();
    runSync(pool.dispose());
    runSync(pool.dispose()); // again: nothing
    expect(() => runSync(pool.connect())).toThrow(InvalidRequestError);
    expect(() => runSync(pool.connect())).toThrow(/disposed/);
    const p2 = pool.recreate();
    expect(p2.disposed).toBe(false);
    runSync(runSync(p2.connect()).close());
  });

  it("still serves async checkouts already waiting", async () => {
    const { pool } = fixture({ poolSize: 1, maxOverflow: 0 });
    const c1 = await runAsync(pool.connect());
    const waiting = runAsync(pool.connect());
    await sleep(2);
    await runAsync(pool.dispose());
    await runAsync(c1.close());
    const c2 = await waiting;
    const raw = c2.dbapiConnection;
    await runAsync(c2.close());
    expect(raw.closed).toBe(true);
  });
});
