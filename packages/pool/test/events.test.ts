import { describe, expect, it, vi } from "vitest";
import {
  DisconnectionError,
  InvalidRequestError,
  MAX_CHECKOUT_ATTEMPTS,
  NullPool,
  type PoolResetState,
  QueuePool,
  type QueuePoolOptions,
} from "../src/index.js";
import { type FakeConnection, FakeDBAPI, FakeFailure } from "./fake-dbapi.js";
import { runAsync, runSync } from "./runners.js";

function fixture(options: QueuePoolOptions<FakeConnection> = {}, dbapi = new FakeDBAPI()) {
  const pool = new QueuePool(() => dbapi.connect(), { dialect: dbapi.dialect(), ...options });
  return { dbapi, pool };
}

describe("connect and firstConnect", () => {
  it("connect fires for each new connection, firstConnect once", () => {
    const { pool } = fixture();
    const canary: string[] = [];
    pool.events.listen("firstConnect", () => {
      canary.push("firstConnect");
    });
    pool.events.listen("connect", (conn, record) => {
      canary.push(`connect ${conn.id}`);
      expect(record.dbapiConnection).toBe(conn);
    });
    runSync(pool.connect());
    runSync(pool.connect());
    expect(canary).toEqual(["firstConnect", "connect 1", "connect 2"]);
  });

  it("firstConnect fires again on a recreated pool, whenever it was recreated", () => {
    const { pool } = fixture();
    const canary: string[] = [];
    pool.events.listen("firstConnect", () => {
      canary.push("first");
    });
    const before = pool.recreate();
    runSync(pool.connect());
    const after = pool.recreate();
    runSync(before.connect());
    runSync(after.connect());
    runSync(after.connect());
    expect(canary).toEqual(["first", "first", "first"]);
  });

  it("firstConnect fires again when a listener threw", () => {
    const { pool } = fixture();
    let calls = 0;
    pool.events.listen("firstConnect", () => {
      calls++;
      if (calls === 1) throw new FakeFailure("first time");
    });
    expect(() => runSync(pool.connect())).toThrow(FakeFailure);
    runSync(pool.connect());
    runSync(pool.connect());
    expect(calls).toBe(2);
  });

  it("insert puts a listener first", () => {
    const { pool } = fixture();
    const canary: string[] = [];
    pool.events.listen("connect", () => {
      canary.push("one");
    });
    pool.events.listen(
      "connect",
      () => {
        canary.push("two");
      },
      { insert: true },
    );
    pool.events.listen("connect", () => {
      canary.push("three");
    });
    runSync(pool.connect());
    expect(canary).toEqual(["two", "one", "three"]);
  });

  it("a failing connect listener invalidates the connection and does not block the pool", () => {
    // SQLAlchemy's test_connect_event_fails_invalidates
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 0, timeout: 5 });
    let fail = false;
    pool.events.listen("connect", () => {
      if (fail) throw new FakeFailure("it failed");
    });
    pool.events.listen("connect", (_conn, record) => {
      record.info.importantFlag = true;
    });
    let conn = runSync(pool.connect());
    expect(conn.info.importantFlag).toBe(true);
    runSync(conn.invalidate());
    runSync(conn.close());
    fail = true;
    expect(() => runSync(pool.connect())).toThrow(FakeFailure);
    expect(dbapi.connections[1]!.closed).toBe(true); // the connection made was closed
    fail = false;
    conn = runSync(pool.connect());
    expect(conn.info.importantFlag).toBe(true);
    runSync(conn.close());
  });

  it("a failing connect listener on a new connection closes it and frees the slot", () => {
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 0 });
    let fail = true;
    pool.events.listen("connect", () => {
      if (fail) throw new FakeFailure("nope");
    });
    expect(() => runSync(pool.connect())).toThrow(FakeFailure);
    expect(dbapi.open).toBe(0);
    expect(pool.checkedout()).toBe(0);
    fail = false;
    expect(runSync(pool.connect()).isValid).toBe(true);
  });
});

describe("checkout", () => {
  it("fires on every checkout with the proxy", () => {
    const { pool } = fixture();
    const seen: unknown[] = [];
    pool.events.listen("checkout", (conn, record, proxy) => {
      seen.push(proxy);
      expect(proxy.dbapiConnection).toBe(conn);
      expect(proxy.record).toBe(record);
    });
    const a = runSync(pool.connect());
    runSync(a.close());
    const b = runSync(pool.connect());
    expect(seen).toEqual([a, b]);
  });

  it("a DisconnectionError makes the pool retry with a new connection", () => {
    const { pool, dbapi } = fixture({ poolSize: 2, maxOverflow: 0 });
    let calls = 0;
    pool.events.listen("checkout", () => {
      calls++;
      if (calls === 1) throw new DisconnectionError("stale");
    });
    const c = runSync(pool.connect());
    expect(calls).toBe(2);
    expect(c.dbapiConnection.id).toBe(2);
    expect(dbapi.connections[0]!.closed).toBe(true);
    expect(pool.checkedout()).toBe(1);
  });

  it("a DisconnectionError with invalidatePool recycles the older connections too", () => {
    const { pool } = fixture({ poolSize: 3, maxOverflow: 0 });
    const conns = [1, 2, 3].map(() => runSync(pool.connect()));
    const raws = conns.map((c) => c.dbapiConnection);
    for (const c of conns) runSync(c.close());
    let once = true;
    pool.events.listen("checkout", () => {
      if (once) {
        once = false;
        throw new DisconnectionError("server restarted", { invalidatePool: true });
      }
    });
    runSync(pool.connect());
    runSync(pool.connect());
    expect(raws.map((r) => r.closed)).toEqual([true, true, false]);
  });

  it("a DisconnectionError from core (recognised by its code) works the same", () => {
    const { pool } = fixture();
    class CoreDisconnection extends Error {
      readonly code = "DisconnectionError";
    }
    let calls = 0;
    pool.events.listen("checkout", () => {
      if (calls++ === 0) throw new CoreDisconnection("stale");
    });
    expect(runSync(pool.connect()).dbapiConnection.id).toBe(2);
  });

  it(`gives up after ${MAX_CHECKOUT_ATTEMPTS} attempts`, () => {
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 0 });
    const listener = vi.fn(() => {
      throw new DisconnectionError("always stale");
    });
    pool.events.listen("checkout", listener);
    let caught: unknown;
    try {
      runSync(pool.connect());
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidRequestError);
    expect((caught as Error).message).toMatch(/Reconnection attempts exhausted/);
    expect((caught as Error).cause).toBeInstanceOf(DisconnectionError);
    expect(listener).toHaveBeenCalledTimes(3);
    expect(dbapi.opens).toBe(3);
    expect(dbapi.open).toBe(0);
    expect(pool.checkedout()).toBe(0);
  });

  it("any other error fails the checkout and invalidates the connection", () => {
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 0 });
    pool.events.listen("checkout", () => {
      throw new FakeFailure("no");
    });
    expect(() => runSync(pool.connect())).toThrow(FakeFailure);
    expect(dbapi.open).toBe(0);
    expect(pool.checkedout()).toBe(0);
  });

  it("a reconnect that fails during the retry is reported and the slot freed", () => {
    const { pool, dbapi } = fixture({ poolSize: 1, maxOverflow: 0 });
    runSync(runSync(pool.connect()).close());
    pool.events.listen("checkout", () => {
      dbapi.shutdown = true;
      throw new DisconnectionError("stale");
    });
    expect(() => runSync(pool.connect())).toThrow(/database is down/);
    expect(pool.checkedout()).toBe(0);
  });
});

describe("checkin, reset, close, detach", () => {
  it("close fires reset then checkin", () => {
    const { pool } = fixture();
    const canary: string[] = [];
    const states: PoolResetState[] = [];
    pool.events.listen("reset", (_conn, _record, state) => {
      canary.push("reset");
      states.push(state);
    });
    pool.events.listen("checkin", (conn) => {
      canary.push(`checkin ${conn === null ? "null" : conn.id}`);
    });
    const c = runSync(pool.connect());
    expect(canary).toEqual([]);
    runSync(c.close());
    expect(canary).toEqual(["reset", "checkin 1"]);
    expect(states).toEqual([
      { asRollback: true, asCommit: false, transactionWasReset: false, terminateOnly: false },
    ]);
  });

  it("the reset state follows resetOnReturn and transactionWasReset", () => {
    const { pool } = fixture({ resetOnReturn: "commit" });
    const states: PoolResetState[] = [];
    pool.events.listen("reset", (_c, _r, state) => {
      states.push(state);
    });
    runSync(runSync(pool.connect()).close({ transactionWasReset: true }));
    expect(states).toEqual([
      { asRollback: false, asCommit: true, transactionWasReset: true, terminateOnly: false },
    ]);
  });

  it("a custom reset listener may do I/O by returning an Op", () => {
    const { pool } = fixture({ resetOnReturn: null });
    pool.events.listen("reset", (conn) => conn.step("special-reset", () => {}));
    const c = runSync(pool.connect());
    const raw = c.dbapiConnection;
    runSync(c.close());
    expect(raw.calls).toEqual(["special-reset"]);
  });

  it("a listener's Op runs under the async runner too", async () => {
    const dbapi = new FakeDBAPI({ delayMs: 2, asyncOnly: true });
    const { pool } = fixture({ resetOnReturn: null }, dbapi);
    pool.events.listen("reset", (conn) => conn.step("special-reset", () => {}));
    const c = await runAsync(pool.connect());
    const raw = c.dbapiConnection;
    await runAsync(c.close());
    expect(raw.calls).toEqual(["special-reset"]);
  });

  it("checkin after invalidate passes a null connection", () => {
    const { pool } = fixture();
    const seen: unknown[] = [];
    pool.events.listen("checkin", (conn) => {
      seen.push(conn);
    });
    const c = runSync(pool.connect());
    runSync(c.invalidate());
    expect(seen).toEqual([null]);
  });

  it("a throwing checkin listener still returns the connection", () => {
    const { pool } = fixture({ poolSize: 1, maxOverflow: 0 });
    pool.events.listen("checkin", () => {
      throw new FakeFailure("listener bug");
    });
    const c = runSync(pool.connect());
    expect(() => runSync(c.close())).toThrow(FakeFailure);
    expect(pool.checkedin()).toBe(1);
  });

  it("close fires when a pooled connection is closed", () => {
    const { pool } = fixture({ poolSize: 1, maxOverflow: 1 });
    const closed: number[] = [];
    pool.events.listen("close", (conn, record) => {
      closed.push(conn.id);
      expect(record.dbapiConnection).toBeNull();
    });
    const a = runSync(pool.connect());
    const b = runSync(pool.connect());
    runSync(a.close());
    runSync(b.close()); // overflow: closed
    expect(closed).toEqual([2]);
    runSync(pool.dispose());
    expect(closed).toEqual([2, 1]);
  });

  it("detach and closeDetached", () => {
    const { pool } = fixture();
    const canary: string[] = [];
    const states: PoolResetState[] = [];
    pool.events.listen("detach", (conn, record) => {
      canary.push(`detach ${conn.id}`);
      expect(record.dbapiConnection).toBeNull();
    });
    pool.events.listen("closeDetached", (conn) => {
      canary.push(`closeDetached ${conn.id}`);
    });
    pool.events.listen("reset", (_c, record, state) => {
      canary.push(`reset ${record === null ? "detached" : "pooled"}`);
      states.push(state);
    });
    pool.events.listen("checkin", () => {
      canary.push("checkin");
    });
    const c = runSync(pool.connect());
    c.detach();
    runSync(c.close());
    expect(canary).toEqual(["detach 1", "reset detached", "closeDetached 1"]);
    expect(states[0]!.terminateOnly).toBe(true);
  });
});

describe("invalidate and softInvalidate", () => {
  it("invalidate fires with the error", () => {
    const { pool } = fixture();
    const listener = vi.fn();
    pool.events.listen("invalidate", listener);
    const c = runSync(pool.connect());
    const raw = c.dbapiConnection;
    const err = new Error("boom");
    runSync(c.invalidate(err));
    expect(listener).toHaveBeenCalledWith(raw, expect.anything(), err);
  });

  it("invalidate fires without an error", () => {
    const { pool } = fixture();
    const listener = vi.fn();
    pool.events.listen("invalidate", listener);
    const c = runSync(pool.connect());
    runSync(c.invalidate());
    expect(listener).toHaveBeenCalledWith(expect.anything(), expect.anything(), undefined);
  });

  it("softInvalidate fires instead for a soft invalidation", () => {
    const { pool } = fixture();
    const hard = vi.fn();
    const soft = vi.fn();
    pool.events.listen("invalidate", hard);
    pool.events.listen("softInvalidate", soft);
    const c = runSync(pool.connect());
    const err = new Error("soft");
    runSync(c.invalidate(err, { soft: true }));
    expect(soft).toHaveBeenCalledWith(c.dbapiConnection, c.record, err);
    expect(hard).not.toHaveBeenCalled();
  });
});

describe("the registry", () => {
  it("remove, contains, has and once", () => {
    const { pool } = fixture();
    const fn = vi.fn();
    pool.events.listen("checkout", fn);
    expect(pool.events.contains("checkout", fn)).toBe(true);
    expect(pool.events.has("checkout")).toBe(true);
    runSync(pool.connect());
    pool.events.remove("checkout", fn);
    expect(pool.events.contains("checkout", fn)).toBe(false);
    expect(pool.events.has("checkout")).toBe(false);
    runSync(pool.connect());
    expect(fn).toHaveBeenCalledTimes(1);
    expect(() => pool.events.remove("checkout", fn)).toThrow(InvalidRequestError);

    const once = vi.fn();
    pool.events.listen("checkout", once, { once: true });
    runSync(pool.connect());
    runSync(pool.connect());
    expect(once).toHaveBeenCalledTimes(1);
  });

  it("rejects unknown events and non-functions", () => {
    const { pool } = fixture();
    expect(() => pool.events.listen("bogus" as never, (() => {}) as never)).toThrow(
      /No such pool event 'bogus'/,
    );
    expect(() => pool.events.listen("connect", 42 as never)).toThrow(InvalidRequestError);
  });

  it("listeners given at construction", () => {
    const dbapi = new FakeDBAPI();
    const connect = vi.fn();
    const checkout = vi.fn();
    const pool = new NullPool(() => dbapi.connect(), {
      events: [
        ["connect", connect],
        ["checkout", checkout],
      ],
    });
    runSync(pool.connect());
    expect(connect).toHaveBeenCalledTimes(1);
    expect(checkout).toHaveBeenCalledTimes(1);
  });

  it("listeners propagate to a recreated pool; later ones stay with their pool", () => {
    const { pool } = fixture();
    const early = vi.fn();
    const late = vi.fn();
    pool.events.listen("checkout", early);
    const p2 = pool.recreate();
    pool.events.listen("checkout", late);
    runSync(p2.connect());
    expect(early).toHaveBeenCalledTimes(1);
    expect(late).not.toHaveBeenCalled();
    runSync(pool.connect());
    expect(early).toHaveBeenCalledTimes(2);
    expect(late).toHaveBeenCalledTimes(1);
  });
});
