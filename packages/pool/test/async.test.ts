import { describe, expect, it } from "vitest";
import { NullPool, perform, QueuePool, TimeoutError } from "../src/index.js";
import { FakeDBAPI, FakeDisconnect } from "./fake-dbapi.js";
import { runAsync, runSync, sleep } from "./runners.js";

describe("async runner", () => {
  it("200 concurrent checkouts on a pool of 5 + 5 all complete", async () => {
    const dbapi = new FakeDBAPI({ delayMs: 2, asyncOnly: true });
    const pool = new QueuePool(() => dbapi.connect(), {
      poolSize: 5,
      maxOverflow: 5,
      dialect: dbapi.dialect(),
    });
    let done = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const task = async (i: number) => {
      const conn = await runAsync(pool.connect());
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      expect(conn.isValid).toBe(true);
      await sleep(1 + (i % 4));
      concurrent--;
      await runAsync(conn.close());
      done++;
    };
    await Promise.all(Array.from({ length: 200 }, (_, i) => task(i)));
    expect(done).toBe(200);
    // Never more than size + overflow at once; the overflow was used (exactly 10 depends on timing under load).
    expect(maxConcurrent).toBeLessThanOrEqual(10);
    expect(maxConcurrent).toBeGreaterThan(5);
    expect(dbapi.maxOpen).toBeLessThanOrEqual(10);
    expect(pool.checkedout()).toBe(0);
    expect(pool.checkedin()).toBe(5);
    expect(pool.waiting()).toBe(0);
    expect(pool.overflow()).toBe(0);
    expect(dbapi.open).toBe(5);
  });

  it("200 concurrent checkouts with pre-ping and a database restart midway", async () => {
    const dbapi = new FakeDBAPI({ delayMs: 1 });
    const pool = new QueuePool(() => dbapi.connect(), {
      poolSize: 5,
      maxOverflow: 5,
      prePing: true,
      dialect: dbapi.dialect(),
    });
    const task = async (i: number) => {
      if (i === 100) dbapi.killAll();
      const conn = await runAsync(pool.connect());
      expect(conn.dbapiConnection.dead).toBe(false);
      await sleep(1);
      await runAsync(conn.close());
    };
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      tasks.push(task(i));
      if (i % 20 === 0) await sleep(2);
    }
    await Promise.all(tasks);
    expect(pool.checkedout()).toBe(0);
    expect(dbapi.maxOpen).toBeLessThanOrEqual(10);
  });

  it("an async-only driver cannot be driven by the sync runner", () => {
    const dbapi = new FakeDBAPI({ asyncOnly: true });
    const pool = new QueuePool(() => dbapi.connect(), { dialect: dbapi.dialect() });
    expect(() => runSync(pool.connect())).toThrow(/fake: connect has no synchronous form/);
    expect(pool.checkedout()).toBe(0);
  });

  it("a checkout abandoned by the sync runner mid pre-ping gives its connection back", () => {
    const dbapi = new FakeDBAPI();
    const base = dbapi.dialect();
    const pool = new QueuePool(() => dbapi.connect(), {
      poolSize: 1,
      maxOverflow: 0,
      prePing: true,
      dialect: { ...base, doPing: () => perform({ async: () => Promise.resolve(true) }) },
    });
    runSync(runSync(pool.connect()).close());
    expect(() => runSync(pool.connect())).toThrow(/no synchronous form/);
    expect(pool.checkedout()).toBe(0);
    expect(pool.checkedin()).toBe(1);
  });

  it("a checkin abandoned by the sync runner mid-rollback returns the connection for recycling", () => {
    const dbapi = new FakeDBAPI();
    const base = dbapi.dialect();
    const pool = new QueuePool(() => dbapi.connect(), {
      poolSize: 1,
      maxOverflow: 0,
      dialect: { ...base, doRollback: () => perform({ async: () => Promise.resolve() }) },
    });
    const c = runSync(pool.connect());
    const raw = c.dbapiConnection;
    expect(() => runSync(c.close())).toThrow(/no synchronous form/);
    expect(pool.checkedin()).toBe(1);
    expect(c.record).toBeNull();
    const c2 = runSync(pool.connect());
    expect(c2.dbapiConnection).not.toBe(raw); // recycled: its transaction state was unknown
    expect(raw.closed).toBe(true);
  });

  it("waiting checkouts time out one by one", async () => {
    const pool = new QueuePool(() => new FakeDBAPI().connect(), {
      poolSize: 1,
      maxOverflow: 0,
      timeout: 0.03,
    });
    await runAsync(pool.connect());
    const results = await Promise.allSettled([1, 2, 3].map(() => runAsync(pool.connect())));
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(TimeoutError);
    }
    expect(pool.waiting()).toBe(0);
  });

  it("a connect error under the async runner propagates and frees the slot", async () => {
    const dbapi = new FakeDBAPI({ delayMs: 1 });
    const pool = new QueuePool(() => dbapi.connect(), {
      poolSize: 1,
      maxOverflow: 0,
      dialect: dbapi.dialect(),
    });
    dbapi.shutdown = true;
    await expect(runAsync(pool.connect())).rejects.toThrow(FakeDisconnect);
    dbapi.shutdown = false;
    const c = await runAsync(pool.connect());
    await runAsync(c.close());
    expect(pool.checkedin()).toBe(1);
  });

  it("NullPool works under the async runner", async () => {
    const dbapi = new FakeDBAPI({ delayMs: 1, asyncOnly: true });
    const pool = new NullPool(() => dbapi.connect(), { dialect: dbapi.dialect() });
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const c = await runAsync(pool.connect());
        await runAsync(c.close());
      }),
    );
    expect(dbapi.opens).toBe(20);
    expect(dbapi.open).toBe(0);
  });
});
