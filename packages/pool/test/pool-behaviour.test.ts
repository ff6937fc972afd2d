import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type ConnectionRecord,
  DisconnectionError,
  InvalidRequestError,
  type PoolLogger,
  QueuePool,
  type QueuePoolOptions,
} from "../src/index.js";
import { type FakeConnection, FakeDBAPI, FakeDisconnect, FakeFailure } from "./fake-dbapi.js";
import { runSync } from "./runners.js";

function fixture(options: QueuePoolOptions<FakeConnection> = {}, dbapi = new FakeDBAPI()) {
  const pool = new QueuePool(() => dbapi.connect(), { dialect: dbapi.dialect(), ...options });
  return { dbapi, pool };
}

function recordingLogger() {
  const lines: string[] = [];
  const logger: PoolLogger = {
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
  return { lines, logger };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("info and recordInfo", () => {
  it("info lives with the raw connection, recordInfo with the record", () => {
    const { pool } = fixture({ poolSize: 1, maxOverflow: 0 });
    let c = runSync(pool.connect());
    expect(c.info).toEqual({});
    c.info.a = 1;
    c.recordInfo!.r = 1;
    runSync(c.close());
    c = runSync(pool.connect());
    expect(c.info).toEqual({ a: 1 });
    expect(c.recordInfo).toEqual({ r: 1 });
    runSync(c.invalidate());
    c = runSync(pool.connect());
    expect(c.info).toEqual({}); // a new raw connection
    expect(c.recordInfo).toEqual({ r: 1 }); // the same record
  });

  it("a detached connection keeps a private copy of info", () => {
    const { pool } = fixture({ poolSize: 1, maxOverflow: 0 });
    const c = runSync(pool.connect());
    c.info.x = 1;
    c.detach();
    expect(c.info).toEqual({ x: 1 });
    expect(c.recordInfo).toBeNull();
    c.info.y = 2;
    const c2 = runSync(pool.connect());
    expect(c2.info).toEqual({});
  });
});

describe("recycle", () => {
  it("replaces connections older than `recycle` seconds at checkout", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(10_000_000);
    const { pool } = fixture({ poolSize: 1, maxOverflow: 0, recycle: 30 });
    const c1 = runSync(pool.connect());
    const raw = c1.dbapiConnection;
    runSync(c1.close());
    vi.setSystemTime(10_001_000);
    const c2 = runSync(pool.connect());
    expect(c2.dbapiConnection).toBe(raw);
    runSync(c2.close());
    vi.setSystemTime(10_035_000);
    const c3 = runSync(pool.connect());
    expect(c3.dbapiConnection).not.toBe(raw);
    expect(raw.closed).toBe(true);
    expect(c3.record!.lastConnectTime).toBe(10_035_000);
  });

  it("-1 never recycles", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(0);
    const { pool } = fixture({ poolSize: 1, maxOverflow: 0 });
    const c1 = runSync(pool.connect());
    const raw = c1.dbapiConnection;
    runSync(c1.close());
    vi.setSystemTime(1e12);
    expect(runSync(pool.connect()).dbapiConnection).toBe(raw);
  });
});

describe("invalidation", () => {
  it("invalidate() closes the connection and the record reconnects on next checkout", () => {
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 0 });
    const c1 = runSync(pool.connect());
    const raw = c1.dbapiConnection;
    const record = c1.record;
    runSync(c1.invalidate(new Error("boom")));
    expect(raw.closed).toBe(true);
    expect(raw.calls).toEqual(["close"]); // no rollback on an invalidated connection
    expect(c1.isValid).toBe(false);
    expect(c1.isClosed).toBe(true);
    expect(() => c1.dbapiConnection).toThrow(/invalidated/);
    runSync(c1.close()); // a no-op after invalidate
    expect(pool.checkedout()).toBe(0);
    const c2 = runSync(pool.connect());
    expect(c2.record).toBe(record);
    expect(c2.dbapiConnection).not.toBe(raw);
    expect(dbapi.opens).toBe(2);
  });

  it("invalidating an invalidated connection only warns", () => {
    const { lines, logger } = recordingLogger();
    const { pool } = fixture({ logger });
    const c = runSync(pool.connect());
    runSync(c.invalidate());
    runSync(c.invalidate());
    expect(lines).toContain("warn Can't invalidate an already-closed connection.");
  });

  it("soft invalidation keeps the connection until it is returned, then recycles it", () => {
    const { pool } = fixture({ poolSize: 1, maxOverflow: 0 });
    const c1 = runSync(pool.connect());
    const raw = c1.dbapiConnection;
    const record = c1.record!;
    runSync(c1.invalidate(undefined, { soft: true }));
    expect(c1.isValid).toBe(true);
    expect(record.dbapiConnection).toBe(raw);
    expect(record.isInvalidated).toBe(true);
    expect(raw.closed).toBe(false);
    runSync(c1.close());
    expect(raw.calls).toEqual(["rollback"]);
    const c2 = runSync(pool.connect());
    expect(c2.record).toBe(record);
    expect(c2.dbapiConnection).not.toBe(raw);
    expect(raw.closed).toBe(true);
  });

  it("invalidateAll() recycles every connection made before it, checked out or idle", () => {
    const { pool, dbapi } = fixture({ poolSize: 3, maxOverflow: 0 });
    const conns = [1, 2, 3].map(() => runSync(pool.connect()));
    const raws = conns.map((c) => c.dbapiConnection);
    runSync(conns[0]!.close());
    runSync(conns[1]!.close());
    pool.invalidateAll(new Error("db restarted"));
    expect(pool.invalidateTime).toBeGreaterThan(0);
    runSync(conns[2]!.close());
    const again = [1, 2, 3].map(() => runSync(pool.connect()));
    for (const c of again) expect(raws).not.toContain(c.dbapiConnection);
    expect(raws.every((r) => r.closed)).toBe(true);
    expect(dbapi.opens).toBe(6);
    // the new ones are not recycled again
    for (const c of again) runSync(c.close());
    const next = runSync(pool.connect());
    expect(again.map((c) => c.isClosed)).toEqual([true, true, true]);
    expect(dbapi.opens).toBe(6);
    runSync(next.close());
  });

  it("invalidateOnDisconnect() invalidates the connection and the older ones, once per generation", () => {
    const { pool, dbapi } = fixture({ poolSize: 3, maxOverflow: 0 });
    const [a, b, c] = [1, 2, 3].map(() => runSync(pool.connect()));
    const rawB = b!.dbapiConnection;
    runSync(b!.close());
    runSync(pool.invalidateOnDisconnect(a!, new FakeDisconnect("gone")));
    expect(a!.isValid).toBe(false);
    expect(pool.invalidateTime).toBeGreaterThan(0);
    expect(pool._generation).toBe(1);
    // a second disconnect from a connection of the same (old) generation does not start another
    runSync(pool.invalidateOnDisconnect(c!, new FakeDisconnect("gone too")));
    expect(c!.isValid).toBe(false);
    expect(pool._generation).toBe(1);
    const fresh = runSync(pool.connect());
    expect(fresh.dbapiConnection).not.toBe(rawB);
    expect(rawB.closed).toBe(true);
    expect(dbapi.opens).toBe(4);
  });

  it("invalidateOnDisconnect() with checkin: false leaves the connection to the caller", () => {
    const { pool } = fixture();
    const a = runSync(pool.connect());
    const rawA = a.dbapiConnection;
    runSync(pool.invalidateOnDisconnect(a, undefined, { checkin: false }));
    expect(a.isValid).toBe(true);
    expect(rawA.closed).toBe(false);
    runSync(a.close());
    const b = runSync(pool.connect());
    expect(b.dbapiConnection).not.toBe(rawA);
    expect(rawA.closed).toBe(true);
  });
});

describe("prePing", () => {
  it("a dead connection is invalidated, replaced transparently, and older ones recycled", () => {
    const { pool, dbapi } = fixture({ poolSize: 3, maxOverflow: 0, prePing: true });
    const conns = [1, 2, 3].map(() => runSync(pool.connect()));
    const [raw1, raw2, raw3] = conns.map((c) => c.dbapiConnection);
    for (const c of conns) runSync(c.close());
    // fresh connections are not pinged
    expect(raw1!.calls).toEqual(["rollback"]);
    dbapi.killAll(); // the database restarted

    const c = runSync(pool.connect());
    expect(raw1!.calls).toEqual(["rollback", "ping", "close"]);
    expect(c.dbapiConnection.id).toBe(4);
    expect(c.dbapiConnection.calls).toEqual([]); // fresh: not pinged
    expect(pool.invalidateTime).toBeGreaterThan(0);

    // the other stale connections are recycled on checkout without a ping
    const d = runSync(pool.connect());
    expect(d.dbapiConnection.id).toBe(5);
    expect(raw2!.calls).toEqual(["rollback", "close"]);
    const e = runSync(pool.connect());
    expect(e.dbapiConnection.id).toBe(6);
    expect(raw3!.closed).toBe(true);
    expect(dbapi.open).toBe(3);
  });

  it("a ping that returns false counts as dead", () => {
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 0, prePing: true });
    const c = runSync(pool.connect());
    const raw = c.dbapiConnection;
    runSync(c.close());
    raw.dead = true;
    raw.pingReturnsFalse = true;
    const c2 = runSync(pool.connect());
    expect(c2.dbapiConnection).not.toBe(raw);
    expect(raw.closed).toBe(true);
    expect(dbapi.opens).toBe(2);
  });

  it("an alive connection is pinged and kept", () => {
    const { pool } = fixture({ prePing: true });
    const c = runSync(pool.connect());
    const raw = c.dbapiConnection;
    runSync(c.close());
    expect(runSync(pool.connect()).dbapiConnection).toBe(raw);
    expect(raw.calls).toEqual(["rollback", "ping"]);
  });

  it("a ping error that is not a disconnect propagates and returns the record", () => {
    const dbapi = new FakeDBAPI();
    const base = dbapi.dialect();
    const pool = new QueuePool(() => dbapi.connect(), {
      poolSize: 1,
      maxOverflow: 0,
      prePing: true,
      dialect: {
        ...base,
        doPing: () => {
          throw new FakeFailure("syntax error");
        },
      },
    });
    runSync(runSync(pool.connect()).close());
    expect(() => runSync(pool.connect())).toThrow(FakeFailure);
    expect(pool.checkedout()).toBe(0);
    expect(dbapi.connections[0]!.closed).toBe(true); // invalidated
  });

  it("a database that stays down fails the checkout with the connect error", () => {
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 0, prePing: true });
    runSync(runSync(pool.connect()).close());
    dbapi.killAll();
    dbapi.shutdown = true;
    expect(() => runSync(pool.connect())).toThrow(FakeDisconnect);
    expect(pool.checkedout()).toBe(0);
    dbapi.shutdown = false;
    expect(runSync(pool.connect()).isValid).toBe(true);
  });
});

describe("reset on return", () => {
  it("rolls back by default", () => {
    const { pool } = fixture();
    const c = runSync(pool.connect());
    const raw = c.dbapiConnection;
    runSync(c.close());
    expect(raw.calls).toEqual(["rollback"]);
  });

  it("commits with resetOnReturn: 'commit'", () => {
    const { pool } = fixture({ resetOnReturn: "commit" });
    const c = runSync(pool.connect());
    const raw = c.dbapiConnection;
    runSync(c.close());
    expect(raw.calls).toEqual(["commit"]);
  });

  it("does nothing with resetOnReturn: null (or false)", () => {
    for (const resetOnReturn of [null, false] as const) {
      const { pool } = fixture({ resetOnReturn });
      const c = runSync(pool.connect());
      const raw = c.dbapiConnection;
      runSync(c.close());
      expect(raw.calls).toEqual([]);
    }
  });

  it("skips the rollback when the caller already reset the transaction", () => {
    const { pool } = fixture();
    const c = runSync(pool.connect());
    const raw = c.dbapiConnection;
    runSync(c.close({ transactionWasReset: true }));
    expect(raw.calls).toEqual([]);
  });

  it("a failing reset invalidates the connection instead of pooling it", () => {
    const { lines, logger } = recordingLogger();
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 0, logger });
    const c = runSync(pool.connect());
    const raw = c.dbapiConnection;
    raw.failReset = true;
    runSync(c.close()); // does not throw
    expect(raw.closed).toBe(true);
    expect(lines).toContain("error Exception during reset or similar");
    expect(pool.checkedout()).toBe(0);
    const c2 = runSync(pool.connect());
    expect(c2.dbapiConnection).not.toBe(raw);
    expect(dbapi.opens).toBe(2);
  });

  it("rejects an unknown resetOnReturn", () => {
    expect(() => fixture({ resetOnReturn: "bogus" as never })).toThrow(InvalidRequestError);
  });
});

describe("detach", () => {
  it("frees the pool slot; close() then really closes the connection", () => {
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 0 });
    const c1 = runSync(pool.connect());
    const raw = c1.dbapiConnection;
    c1.detach();
    expect(c1.isDetached).toBe(true);
    expect(c1.record).toBeNull();
    const c2 = runSync(pool.connect());
    expect(dbapi.opens).toBe(2);
    expect(c2.dbapiConnection).not.toBe(raw);
    expect(raw.closed).toBe(false);
    runSync(c1.close());
    expect(raw.calls).toEqual(["rollback", "close"]);
    expect(c1.isDetached).toBe(false);
  });

  it("invalidating a detached connection closes it", () => {
    const { pool } = fixture();
    const c1 = runSync(pool.connect());
    const raw = c1.dbapiConnection;
    c1.detach();
    runSync(c1.invalidate());
    expect(raw.calls).toEqual(["close"]);
  });
});

describe("misuse", () => {
  it("closing twice is an InvalidRequestError", () => {
    const { pool } = fixture();
    const c = runSync(pool.connect());
    runSync(c.close());
    expect(() => runSync(c.close())).toThrow(InvalidRequestError);
    expect(() => runSync(c.close())).toThrow(/already returned/);
    expect(pool.checkedin()).toBe(1);
  });

  it("the raw connection is not reachable after close", () => {
    const { pool } = fixture();
    const c = runSync(pool.connect());
    runSync(c.close());
    expect(c.isValid).toBe(false);
    expect(() => c.dbapiConnection).toThrow(/closed/);
  });

  it("a pool needs a creator function", () => {
    expect(() => new QueuePool(undefined as never)).toThrow(InvalidRequestError);
    expect(() => new QueuePool(() => new FakeDBAPI().connect(), { poolSize: -1 })).toThrow(/poolSize/);
  });
});

describe("logging", () => {
  it("echo 'debug' logs checkouts and checkins", () => {
    const { lines, logger } = recordingLogger();
    const { pool } = fixture({ echo: "debug", logger });
    const c = runSync(pool.connect());
    runSync(c.close());
    expect(lines).toEqual([
      "debug Created new connection <FakeConnection 1>",
      "debug Connection <FakeConnection 1> checked out from pool",
      "debug Connection <FakeConnection 1> being returned to pool",
      "debug Connection <FakeConnection 1> rollback-on-return",
    ]);
  });

  it("echo true logs informational messages only", () => {
    const { lines, logger } = recordingLogger();
    const { pool } = fixture({ echo: true, logger });
    const c = runSync(pool.connect());
    runSync(c.invalidate(new DisconnectionError("gone")));
    runSync(pool.dispose());
    expect(lines).toEqual([
      "info Invalidate connection <FakeConnection 1> (reason: DisconnectionError:gone)",
      "info Pool disposed. Pool size: 5  Connections in pool: 0 Current Overflow: -5 Current Checked out connections: 0",
    ]);
  });

  it("is silent by default", () => {
    const spies = (["debug", "info", "warn", "error", "log"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => {}),
    );
    const { pool } = fixture();
    const c = runSync(pool.connect());
    c.dbapiConnection.failReset = true;
    runSync(c.close());
    runSync(pool.dispose());
    for (const spy of spies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it("echo without a logger writes to the console with the logging name", () => {
    const spy = vi.spyOn(console, "info").mockImplementation(() => {});
    const { pool } = fixture({ echo: true, loggingName: "main" });
    runSync(pool.dispose());
    expect(spy).toHaveBeenCalledWith(
      "[athanor.pool.QueuePool.main]",
      expect.stringContaining("Pool disposed."),
    );
    spy.mockRestore();
  });
});

describe("the creator", () => {
  it("receives the record the connection is for", () => {
    const dbapi = new FakeDBAPI();
    const seen: ConnectionRecord<FakeConnection>[] = [];
    const pool = new QueuePool<FakeConnection>((record) => {
      seen.push(record);
      return dbapi.connect();
    });
    const c = runSync(pool.connect());
    expect(seen).toEqual([c.record]);
  });
});
