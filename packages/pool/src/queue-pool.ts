import type { ConnectionRecord } from "./connection-record.js";
import { type Effect, type Op, perform } from "./effects.js";
import { InvalidRequestError, TimeoutError } from "./errors.js";
import { type Creator, Pool, type PoolOptions } from "./pool.js";

/** Options of {@link QueuePool}. */
export interface QueuePoolOptions<C> extends PoolOptions<C> {
  /**
   * The number of connections kept open in the pool. The pool starts empty
   * and grows to this size; `0` means no limit (and no overflow). Default 5.
   */
  poolSize?: number;
  /**
   * How many connections may be open beyond `poolSize`; they are closed when
   * returned to a full pool. `-1` means no limit. Default 10.
   */
  maxOverflow?: number;
  /**
   * Seconds an async checkout waits for a connection when the pool is
   * exhausted before failing with `TimeoutError`; `null` waits forever.
   * A sync checkout fails at once. Default 30.
   */
  timeout?: number | null;
  /** Hand out the most recently returned connection first (LIFO) instead of the oldest (FIFO). Default `false`. */
  useLifo?: boolean;
}

/** What a waiting checkout receives: a returned record, or the right to open a new connection (already counted). */
type Grant<C> = { readonly record: ConnectionRecord<C> } | { readonly create: true };

interface Waiter<C> {
  resolve(grant: Grant<C>): void;
  reject(err: unknown): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * A pool that limits the number of open connections (SQLAlchemy's
 * `QueuePool`, also standing in for `AsyncAdaptedQueuePool`): up to
 * `poolSize` kept open, up to `maxOverflow` more while busy.
 *
 * When every connection is out, a checkout driven by an async runner waits
 * (in FIFO order with the other waiters) until one is returned, failing with
 * `TimeoutError` after `timeout` seconds; a sync checkout fails at once, since
 * in a single JS thread nobody could return a connection while it blocks.
 *
 * @example
 * ```ts
 * const pool = new QueuePool(() => driver.connect(url), { poolSize: 5, maxOverflow: 10, dialect });
 * const conn = await runAsync(pool.connect());
 * try { ... } finally { await runAsync(conn.close()); }
 * ```
 */
export class QueuePool<C> extends Pool<C> {
  readonly kind = "QueuePool";

  readonly #poolSize: number;
  readonly #maxOverflow: number;
  readonly #timeout: number | null;
  readonly #useLifo: boolean;
  readonly #idle: ConnectionRecord<C>[] = [];
  readonly #waiters: Waiter<C>[] = [];
  #overflow: number;

  constructor(creator: Creator<C>, options: QueuePoolOptions<C> = {}) {
    super(creator, options);
    const poolSize = options.poolSize ?? 5;
    if (!Number.isInteger(poolSize) || poolSize < 0) {
      throw new InvalidRequestError(`poolSize must be a non-negative integer, got ${poolSize}`);
    }
    this.#poolSize = poolSize;
    this.#maxOverflow = poolSize === 0 ? -1 : (options.maxOverflow ?? 10);
    this.#timeout = options.timeout === undefined ? 30 : options.timeout;
    this.#useLifo = options.useLifo ?? false;
    this.#overflow = -poolSize;
  }

  override recreate(): QueuePool<C> {
    return this.adopt(new QueuePool(this.creator, this.options as QueuePoolOptions<C>));
  }

  override status(): string {
    return (
      `Pool size: ${this.size()}  Connections in pool: ${this.checkedin()} ` +
      `Current Overflow: ${this.overflow()} Current Checked out connections: ${this.checkedout()}`
    );
  }

  /** The number of connections kept in the pool (`poolSize`). */
  size(): number {
    return this.#poolSize;
  }

  /** The checkout timeout in seconds (`null`: wait forever). */
  timeout(): number | null {
    return this.#timeout;
  }

  /** The number of idle connections in the pool. */
  checkedin(): number {
    return this.#idle.length;
  }

  /** Connections opened beyond `poolSize` (negative while the pool is still filling). */
  overflow(): number {
    return this.#poolSize === 0 ? 0 : this.#overflow;
  }

  /** The number of connections checked out. */
  checkedout(): number {
    return this.#poolSize - this.#idle.length + this.#overflow;
  }

  /** The number of async checkouts waiting for a connection. */
  waiting(): number {
    return this.#waiters.length;
  }

  protected override *doGet(): Op<ConnectionRecord<C>> {
    let grant = this.#tryAcquire();
    if (grant === null) {
      const wait: Effect<Grant<C>> = {
        describe: "QueuePool: wait for a connection",
        sync: () => {
          throw this.#timeoutError();
        },
        async: () => this.#wait(),
      };
      grant = yield* perform(wait);
    }
    if ("record" in grant) return grant.record;
    // `finally`, not `catch`: a runner may abandon the operation with `return()`.
    let made = false;
    try {
      const record = yield* this.createConnection();
      made = true;
      return record;
    } finally {
      if (!made) this.#decOverflow();
    }
  }

  protected override *doReturnConn(record: ConnectionRecord<C>): Op<void> {
    if (this.#handOff({ record })) return;
    if (!this.disposed && (this.#poolSize === 0 || this.#idle.length < this.#poolSize)) {
      this.#idle.push(record);
      return;
    }
    try {
      yield* record.close();
    } finally {
      this.#decOverflow();
    }
  }

  protected override *doDispose(): Op<void> {
    while (this.#idle.length > 0) {
      const record = this.#idle.shift()!;
      try {
        yield* record.close();
      } finally {
        this.#overflow--;
      }
    }
  }

  /** An idle record, or the right to open one, without waiting; `null` when the caller must wait. */
  #tryAcquire(): Grant<C> | null {
    // Waiters are served first, in order.
    if (this.#waiters.length > 0) return null;
    if (this.#idle.length > 0) return { record: (this.#useLifo ? this.#idle.pop() : this.#idle.shift())! };
    if (this.#maxOverflow === -1 || this.#overflow < this.#maxOverflow) {
      this.#overflow++;
      return { create: true };
    }
    return null;
  }

  #wait(): Promise<Grant<C>> {
    // The state may have changed between the yield and this call.
    const grant = this.#tryAcquire();
    if (grant !== null) return Promise.resolve(grant);
    const timeout = this.#timeout;
    if (timeout !== null && timeout <= 0) return Promise.reject(this.#timeoutError());
    return new Promise<Grant<C>>((resolve, reject) => {
      const waiter: Waiter<C> = { resolve, reject, timer: undefined };
      if (timeout !== null) {
        waiter.timer = setTimeout(() => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(this.#timeoutError());
        }, timeout * 1000);
      }
      this.#waiters.push(waiter);
    });
  }

  /** Gives `grant` to the first waiter; false when nobody waits. */
  #handOff(grant: Grant<C>): boolean {
    const waiter = this.#waiters.shift();
    if (waiter === undefined) return false;
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    waiter.resolve(grant);
    return true;
  }

  /** A connection beyond the pool was closed (or never opened): its place goes to a waiter if any. */
  #decOverflow(): void {
    this.#overflow--;
    if (this.#waiters.length > 0 && (this.#maxOverflow === -1 || this.#overflow < this.#maxOverflow)) {
      this.#overflow++;
      this.#handOff({ create: true });
    }
  }

  #timeoutError(): TimeoutError {
    const timeout = this.#timeout === null ? "none" : this.#timeout.toFixed(2);
    return new TimeoutError(
      `QueuePool limit of size ${this.size()} overflow ${this.overflow()} reached, connection timed out, timeout ${timeout}`,
    );
  }
}
