/**
 * A fake DBAPI for the pool tests: connections whose every step is an effect
 * with a sync and an async form (the async one optionally delayed), with
 * counters and switchable failures.
 */
import { createPoolDialect, type Effect, type Op, type PoolDialect, perform } from "../src/index.js";

/** The error the fake raises when "the database is gone"; the dialect reports it as a disconnect. */
export class FakeDisconnect extends Error {
  override readonly name = "FakeDisconnect";
}

/** Any other failure of the fake. */
export class FakeFailure extends Error {
  override readonly name = "FakeFailure";
}

export class FakeConnection {
  /** Calls made on this connection, in order ("rollback", "commit", "close", "ping"). */
  readonly calls: string[] = [];
  closed = false;
  /** The server side of this connection is gone: ping fails, queries fail. */
  dead = false;
  /** The next rollback/commit fails. */
  failReset = false;
  /** Ping returns false instead of throwing when dead. */
  pingReturnsFalse = false;

  constructor(
    readonly id: number,
    readonly dbapi: FakeDBAPI,
  ) {}

  toString(): string {
    return `<FakeConnection ${this.id}>`;
  }

  /** One I/O step of this connection. */
  step<T>(name: string, fn: () => T): Op<T> {
    return perform(
      this.dbapi.effect(`fake: ${name}`, () => {
        this.calls.push(name);
        return fn();
      }),
    );
  }
}

export interface FakeDBAPIOptions {
  /** Delay of the async form of every step, in ms. Default 0 (no delay). */
  delayMs?: number;
  /** Give effects no sync form (an async-only driver). */
  asyncOnly?: boolean;
}

export class FakeDBAPI {
  readonly connections: FakeConnection[] = [];
  opens = 0;
  closes = 0;
  /** New connections fail with FakeDisconnect while true. */
  shutdown = false;
  /** The next this-many connects fail with FakeDisconnect. */
  failNextConnects = 0;
  /** The highest number of connections open at once. */
  maxOpen = 0;
  readonly delayMs: number;
  readonly asyncOnly: boolean;

  constructor(options: FakeDBAPIOptions = {}) {
    this.delayMs = options.delayMs ?? 0;
    this.asyncOnly = options.asyncOnly ?? false;
  }

  get open(): number {
    return this.opens - this.closes;
  }

  effect<T>(describe: string, fn: () => T): Effect<T> {
    const delay = this.delayMs;
    const async =
      delay > 0
        ? () =>
            new Promise<T>((resolve, reject) =>
              setTimeout(() => {
                try {
                  resolve(fn());
                } catch (err) {
                  reject(err);
                }
              }, delay),
            )
        : () => Promise.resolve().then(fn);
    return this.asyncOnly ? { describe, async } : { describe, sync: fn, async };
  }

  /** The creator: `() => dbapi.connect()`. */
  connect(): Op<FakeConnection> {
    return perform(
      this.effect("fake: connect", () => {
        if (this.shutdown) throw new FakeDisconnect("cannot connect: database is down");
        if (this.failNextConnects > 0) {
          this.failNextConnects--;
          throw new FakeDisconnect("cannot connect: refused");
        }
        const conn = new FakeConnection(this.connections.length + 1, this);
        this.connections.push(conn);
        this.opens++;
        this.maxOpen = Math.max(this.maxOpen, this.open);
        return conn;
      }),
    );
  }

  /** Marks every existing connection dead (a database restart). */
  killAll(): void {
    for (const c of this.connections) c.dead = true;
  }

  /** The PoolDialect for these connections. */
  dialect(): PoolDialect<FakeConnection> {
    return createPoolDialect<FakeConnection>({
      doRollback: (c) =>
        c.step("rollback", () => {
          if (c.failReset || c.dead) throw new FakeFailure("rollback failed");
        }),
      doCommit: (c) =>
        c.step("commit", () => {
          if (c.failReset || c.dead) throw new FakeFailure("commit failed");
        }),
      doClose: (c) =>
        c.step("close", () => {
          if (c.closed) throw new FakeFailure("already closed");
          c.closed = true;
          this.closes++;
        }),
      doPing: (c) =>
        c.step("ping", () => {
          if (c.closed) throw new FakeFailure("ping on a closed connection");
          if (c.dead) {
            if (c.pingReturnsFalse) return false;
            throw new FakeDisconnect("server has gone away");
          }
          return true;
        }),
      isDisconnect: (err) => err instanceof FakeDisconnect,
    });
  }
}
