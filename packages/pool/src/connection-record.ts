import type { Op } from "./effects.js";
import { describeConnection, describeError } from "./logging.js";
import type { Pool } from "./pool.js";

/** Options of `invalidate`. */
export interface InvalidateOptions {
  /**
   * Soft invalidation: the connection is not closed now but recycled on its
   * next checkout, so a transaction in progress can finish. Default `false`.
   */
  soft?: boolean;
}

function clear(info: Record<string, unknown>): void {
  for (const key of Object.keys(info)) delete info[key];
}

/**
 * One slot of a pool and the raw connection it currently holds (SQLAlchemy's
 * `_ConnectionRecord`, public as `ConnectionPoolEntry`). The record outlives
 * its connections: when one is invalidated or recycled, the record makes the
 * next. Listeners receive it; applications rarely touch it otherwise.
 */
export class ConnectionRecord<C> {
  /** The pool this record belongs to. */
  readonly pool: Pool<C>;
  /**
   * User data that lives as long as the current raw connection: cleared when
   * the connection is invalidated or recycled and a new one made.
   */
  readonly info: Record<string, unknown> = {};
  /** User data that lives as long as this record, across reconnects. */
  readonly recordInfo: Record<string, unknown> = {};
  /**
   * True from the making of a connection until its first checkout completes;
   * a fresh connection is not pre-pinged.
   */
  fresh = false;

  #connection: C | null = null;
  #starttime = 0;
  #generation = 0;
  #softInvalidated = false;
  #checkouts = 0;

  /** @internal Use `pool` methods; records are made by the pool. */
  constructor(pool: Pool<C>) {
    this.pool = pool;
  }

  /** @internal Makes a record with a new connection; closes the connection if a `connect` listener throws. */
  static *_create<C>(pool: Pool<C>): Op<ConnectionRecord<C>> {
    const record = new ConnectionRecord(pool);
    // `finally`, not `catch`: a runner may abandon the operation with `return()`.
    let made = false;
    try {
      yield* record.#connect();
      made = true;
    } finally {
      if (!made && record.#connection !== null) yield* record.#closeConnection(true);
    }
    return record;
  }

  /** The raw connection this record holds now, or `null` when it has none (invalidated, closed, detached). */
  get dbapiConnection(): C | null {
    return this.#connection;
  }

  /** True while a `PooledConnection` for this record is checked out. */
  get inUse(): boolean {
    return this.#checkouts > 0;
  }

  /** When the current connection was made, in milliseconds since the epoch (0 before the first). */
  get lastConnectTime(): number {
    return this.#starttime;
  }

  /** @internal The pool generation the current connection was made in (see `Pool.invalidateAll`). */
  get _generation(): number {
    return this.#generation;
  }

  /**
   * True when the next checkout will replace the connection: it is gone, was
   * soft-invalidated, or predates the pool's last invalidation.
   */
  get isInvalidated(): boolean {
    return this.#connection === null || this.#softInvalidated || this.#generation < this.pool._generation;
  }

  /**
   * Invalidates the current connection: closes it (or, with `soft`, marks it
   * to be recycled on its next checkout). Fires `invalidate` or
   * `softInvalidate`. Does nothing when the record holds no connection.
   */
  *invalidate(err?: unknown, options: InvalidateOptions = {}): Op<void> {
    const connection = this.#connection;
    if (connection === null) return;
    const soft = options.soft ?? false;
    const pool = this.pool;
    if (soft) {
      if (pool.events.has("softInvalidate"))
        yield* pool.events._fire("softInvalidate", connection, this, err);
    } else if (pool.events.has("invalidate")) {
      yield* pool.events._fire("invalidate", connection, this, err);
    }
    const prefix = soft ? "Soft " : "";
    pool._log.info(
      err === undefined
        ? `${prefix}Invalidate connection ${describeConnection(connection)}`
        : `${prefix}Invalidate connection ${describeConnection(connection)} (reason: ${describeError(err)})`,
    );
    if (soft) this.#softInvalidated = true;
    else yield* this.#closeConnection(true);
  }

  /** Closes the current connection (firing `close`), keeping the record; the next checkout reconnects. */
  *close(): Op<void> {
    if (this.#connection !== null) yield* this.#closeConnection(false);
  }

  /**
   * @internal The connection for a checkout: reconnects when there is none,
   * and recycles one that is too old (`recycle`), predates the pool's
   * invalidation, or was soft-invalidated.
   */
  *_getConnection(): Op<C> {
    const pool = this.pool;
    const connection = this.#connection;
    if (connection === null) {
      clear(this.info);
      return yield* this.#connect();
    }
    let reason: string | null = null;
    if (pool.recycle > -1 && (Date.now() - this.#starttime) / 1000 > pool.recycle) {
      reason = "exceeded timeout; recycling";
    } else if (this.#generation < pool._generation) {
      reason = "invalidated due to pool invalidation; recycling";
    } else if (this.#softInvalidated) {
      reason = "invalidated due to local soft invalidation; recycling";
    }
    if (reason === null) return connection;
    pool._log.info(`Connection ${describeConnection(connection)} ${reason}`);
    yield* this.#closeConnection(true);
    clear(this.info);
    return yield* this.#connect();
  }

  /** @internal A checkout of this record's connection succeeded. */
  _checkedOut(): void {
    this.#checkouts++;
  }

  /** @internal Drops the connection without closing it (it now belongs to a detached proxy). */
  _release(): void {
    this.#connection = null;
    if (this.#checkouts > 0) this.#checkouts--;
  }

  /**
   * @internal Returns this record to its pool, firing `checkin`. The record
   * goes back even when a listener throws (the error then propagates).
   */
  *_checkin(wasCheckedOut = true): Op<void> {
    if (wasCheckedOut && this.#checkouts > 0) this.#checkouts--;
    const pool = this.pool;
    try {
      if (pool.events.has("checkin")) yield* pool.events._fire("checkin", this.#connection, this);
    } finally {
      yield* pool._returnConn(this);
    }
  }

  /**
   * @internal A checkout failed after the record was taken: invalidate, then
   * give it back. `soft` when the runner abandoned the operation, which must
   * then finish without I/O: the connection is recycled at its next checkout.
   */
  *_checkinFailed(err: unknown, wasCheckedOut: boolean, soft = false): Op<void> {
    try {
      yield* this.invalidate(err, { soft });
    } finally {
      yield* this._checkin(wasCheckedOut);
    }
  }

  *#connect(): Op<C> {
    const pool = this.pool;
    this.#connection = null;
    this.#starttime = Date.now();
    this.#generation = pool._generation;
    let connection: C;
    try {
      connection = yield* pool._invokeCreator(this);
    } catch (err) {
      pool._log.debug(`Error on connect(): ${describeError(err)}`);
      throw err;
    }
    this.#connection = connection;
    this.#softInvalidated = false;
    this.fresh = true;
    if (pool._log.debugEnabled) pool._log.debug(`Created new connection ${describeConnection(connection)}`);
    yield* pool._fireConnectEvents(connection, this);
    return connection;
  }

  *#closeConnection(terminate: boolean): Op<void> {
    const connection = this.#connection;
    if (connection === null) return;
    this.#connection = null;
    const pool = this.pool;
    try {
      if (pool.events.has("close")) yield* pool.events._fire("close", connection, this);
    } finally {
      yield* pool._closeConnection(connection, terminate);
    }
  }
}

/** SQLAlchemy's public name for a {@link ConnectionRecord}. */
export type ConnectionPoolEntry<C> = ConnectionRecord<C>;
