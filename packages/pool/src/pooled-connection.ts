import type { ConnectionRecord, InvalidateOptions } from "./connection-record.js";
import { driveSync, type Op } from "./effects.js";
import { DisconnectionError, InvalidRequestError, isDisconnectionError } from "./errors.js";
import { describeConnection, describeError } from "./logging.js";
import type { Pool } from "./pool.js";

/**
 * How many times a checkout is attempted when `prePing` or a `checkout`
 * listener reports a dead connection: the first connection and up to two new
 * ones.
 */
export const MAX_CHECKOUT_ATTEMPTS = 3;

/** The reason given when a runner abandoned a checkout part-way (`op.return()`). */
const ABANDONED = new Error("the checkout was abandoned by its runner");

/** Options of `PooledConnection.close`. */
export interface CloseOptions {
  /**
   * The caller already ended the connection's transaction, so the pool skips
   * its rollback on return (the `reset` event still fires). Default `false`.
   */
  transactionWasReset?: boolean;
}

/**
 * A raw connection checked out of a pool (SQLAlchemy's `_ConnectionFairy`,
 * public as `PoolProxiedConnection`). It lasts for one checkout: `close()`
 * resets the connection and returns it to the pool; after that the object is
 * spent.
 */
export class PooledConnection<C> {
  /** The pool this connection was checked out of. */
  readonly pool: Pool<C>;

  #connection: C | null;
  #record: ConnectionRecord<C> | null;
  #counter = 0;
  #checkedIn = false;
  #invalidated = false;
  #detachedInfo: Record<string, unknown> | null = null;

  private constructor(pool: Pool<C>, connection: C, record: ConnectionRecord<C>) {
    this.pool = pool;
    this.#connection = connection;
    this.#record = record;
  }

  /**
   * @internal The checkout: take a record from the pool, get its connection,
   * then pre-ping and run `checkout` listeners, reconnecting on a
   * `DisconnectionError` (three attempts in all).
   */
  static *_checkout<C>(pool: Pool<C>): Op<PooledConnection<C>> {
    const record = yield* pool._doGet();
    // Cleanup in `finally`, not only `catch`: a runner may abandon the operation with `return()`.
    let connection: C | undefined;
    let failure: unknown = ABANDONED;
    try {
      connection = yield* record._getConnection();
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      if (connection === undefined) yield* record._checkinFailed(failure, false, failure === ABANDONED);
    }
    record._checkedOut();
    const proxy = new PooledConnection(pool, connection, record);
    proxy.#counter = 1;
    if (pool._log.debugEnabled) {
      pool._log.debug(`Connection ${describeConnection(connection)} checked out from pool`);
    }
    if (pool.prePing || pool.events.has("checkout")) {
      let validated = false;
      try {
        yield* proxy.#validate();
        validated = true;
      } finally {
        // abandoned by the runner mid-way (a failure has already been handled)
        if (!validated && proxy.#record !== null) yield* proxy.#abandon(ABANDONED, true);
      }
    }
    return proxy;
  }

  /** @internal A nested checkout of the same connection (SingletonPool): close() must be called once more. */
  _checkoutAgain(): this {
    this.#counter++;
    return this;
  }

  /**
   * The raw (driver) connection. Throws `InvalidRequestError` once the
   * connection was invalidated or returned to the pool; check `isValid`.
   */
  get dbapiConnection(): C {
    const connection = this.#connection;
    if (connection === null) {
      throw new InvalidRequestError(
        this.#invalidated ? "This connection has been invalidated" : "This connection is closed",
      );
    }
    return connection;
  }

  /** The pool's record for this connection, or `null` once detached or returned. */
  get record(): ConnectionRecord<C> | null {
    return this.#record;
  }

  /**
   * User data for this raw connection: the record's `info` (kept across
   * checkouts, cleared on reconnect), or a private copy once detached.
   */
  get info(): Record<string, unknown> {
    if (this.#record !== null) return this.#record.info;
    this.#detachedInfo ??= {};
    return this.#detachedInfo;
  }

  /** The record's `recordInfo` (kept across reconnects), or `null` once detached. */
  get recordInfo(): Record<string, unknown> | null {
    return this.#record === null ? null : this.#record.recordInfo;
  }

  /** True while this object still refers to a live raw connection (not invalidated, not returned). */
  get isValid(): boolean {
    return this.#connection !== null;
  }

  /** True once `detach()` separated this connection from its pool. */
  get isDetached(): boolean {
    return this.#record === null && !this.#checkedIn;
  }

  /** True once this connection was returned to the pool (by `close()` or a hard `invalidate()`). */
  get isClosed(): boolean {
    return this.#checkedIn;
  }

  /**
   * Invalidates the connection: it is closed and its record reconnects on its
   * next checkout; this object is then returned to the pool and spent (a
   * later `close()` is a no-op). With `soft`, the connection stays usable
   * until it is returned and is recycled on its next checkout.
   */
  *invalidate(err?: unknown, options: InvalidateOptions = {}): Op<void> {
    const connection = this.#connection;
    if (connection === null) {
      this.pool._log.warn("Can't invalidate an already-closed connection.");
      return;
    }
    const soft = options.soft ?? false;
    const record = this.#record;
    if (record !== null) yield* record.invalidate(err, { soft });
    if (soft) return;
    // No rollback or reset on a connection being thrown away.
    this.#connection = null;
    this.#invalidated = true;
    // A detached connection belongs to nobody else: close it here.
    if (record === null) yield* this.pool._closeConnection(connection, true);
    if (!this.#checkedIn) yield* this.#finalize(false);
  }

  /**
   * Returns the connection to the pool (the checkin): the `reset` event, then
   * rollback or commit per `resetOnReturn` (an error there invalidates the
   * connection instead of propagating), then the `checkin` event. A detached
   * connection is closed instead. Calling it on a connection already
   * returned is an `InvalidRequestError`; after `invalidate()` it is a no-op.
   */
  *close(options: CloseOptions = {}): Op<void> {
    if (this.#checkedIn) {
      if (this.#invalidated) return;
      throw new InvalidRequestError(
        "This connection was already returned to the pool (close() called twice)",
      );
    }
    this.#counter--;
    if (this.#counter > 0) return;
    yield* this.#finalize(options.transactionWasReset ?? false);
  }

  /**
   * Separates the connection from its pool: the pool forgets it (its slot
   * is free, and the record will open a new connection on its next checkout),
   * and `close()` will really close it. Fires `detach`. Pool limits do not
   * count a detached connection.
   */
  detach(): void {
    const record = this.#record;
    if (record === null) return;
    const connection = this.#connection;
    const pool = this.pool;
    this.#detachedInfo = { ...record.info };
    record._release();
    this.#record = null;
    // The record holds no connection now, so returning it involves no I/O.
    driveSync(pool._returnConn(record));
    if (connection !== null && pool.events.has("detach")) {
      driveSync(pool.events._fire("detach", connection, record));
    }
  }

  /** The checkin proper (SQLAlchemy's `_finalize_fairy`). */
  *#finalize(transactionWasReset: boolean): Op<void> {
    this.#checkedIn = true;
    this.#counter = 0;
    const connection = this.#connection;
    const record = this.#record;
    const pool = this.pool;
    // Set when the reset finished or failed; still false in `finally` when the runner abandoned us mid-reset.
    let settled = connection === null;
    try {
      if (connection !== null) {
        if (record !== null && pool._log.debugEnabled) {
          pool._log.debug(`Connection ${describeConnection(connection)} being returned to pool`);
        }
        try {
          yield* this.#reset(connection, record, transactionWasReset);
          if (record === null) {
            if (pool.events.has("closeDetached")) yield* pool.events._fire("closeDetached", connection);
            yield* pool._closeConnection(connection, false);
          }
          settled = true;
        } catch (err) {
          settled = true;
          pool._log.error("Exception during reset or similar", err);
          if (record !== null) yield* record.invalidate(err);
        }
      }
    } finally {
      this.#connection = null;
      this.#record = null;
      if (record !== null) {
        // Abandoned mid-reset: the transaction state is unknown, so recycle the connection (no I/O now).
        if (!settled) yield* record.invalidate(ABANDONED, { soft: true });
        yield* record._checkin();
      }
    }
  }

  *#reset(connection: C, record: ConnectionRecord<C> | null, transactionWasReset: boolean): Op<void> {
    const pool = this.pool;
    const mode = pool.resetOnReturn;
    if (pool.events.has("reset")) {
      yield* pool.events._fire("reset", connection, record, {
        asRollback: mode === "rollback" && !transactionWasReset,
        asCommit: mode === "commit",
        transactionWasReset,
        terminateOnly: record === null,
      });
    }
    const debug = pool._log.debugEnabled;
    if (mode === "rollback") {
      if (transactionWasReset) {
        if (debug)
          pool._log.debug(`Connection ${describeConnection(connection)} reset, transaction already reset`);
      } else {
        if (debug) pool._log.debug(`Connection ${describeConnection(connection)} rollback-on-return`);
        yield* pool.dialect.doRollback(connection);
      }
    } else if (mode === "commit") {
      if (debug) pool._log.debug(`Connection ${describeConnection(connection)} commit-on-return`);
      yield* pool.dialect.doCommit(connection);
    }
  }

  /** Pre-ping and `checkout` listeners, with reconnects on a disconnect. */
  *#validate(): Op<void> {
    const pool = this.pool;
    for (let attempt = 1; ; attempt++) {
      const record = this.#record!;
      const connection = this.#connection!;
      const fresh = record.fresh;
      record.fresh = false;
      try {
        if (pool.prePing) {
          if (!fresh) {
            if (pool._log.debugEnabled)
              pool._log.debug(`Pool pre-ping on connection ${describeConnection(connection)}`);
            const alive = yield* pool._ping(connection);
            if (!alive) {
              if (pool._log.debugEnabled) {
                pool._log.debug(
                  `Pool pre-ping on connection ${describeConnection(connection)} failed, will invalidate pool`,
                );
              }
              throw new DisconnectionError("pre-ping found the connection dead", { invalidatePool: true });
            }
          } else if (pool._log.debugEnabled) {
            pool._log.debug(`Connection ${describeConnection(connection)} is fresh, skipping pre-ping`);
          }
        }
        if (pool.events.has("checkout")) yield* pool.events._fire("checkout", connection, record, this);
        return;
      } catch (err) {
        if (!isDisconnectionError(err)) {
          yield* this.#abandon(err);
          throw err;
        }
        if (attempt >= MAX_CHECKOUT_ATTEMPTS) {
          pool._log.info("Reconnection attempts exhausted on checkout");
          yield* this.#abandon(err);
          throw new InvalidRequestError(
            `Reconnection attempts exhausted on checkout (${MAX_CHECKOUT_ATTEMPTS} attempts): ${describeError(err)}`,
            { cause: err },
          );
        }
        if (err.invalidatePool === true) {
          pool._log.info(
            `Disconnection detected on checkout, invalidating all pooled connections prior to current timestamp (reason: ${describeError(err)})`,
          );
          yield* record.invalidate(err);
          pool._invalidateGeneration(record._generation);
        } else {
          pool._log.info(
            `Disconnection detected on checkout, invalidating individual connection ${describeConnection(connection)} (reason: ${describeError(err)})`,
          );
          yield* record.invalidate(err);
        }
        try {
          this.#connection = yield* record._getConnection();
        } catch (connectErr) {
          yield* this.#abandon(connectErr);
          throw connectErr;
        }
      }
    }
  }

  /** A checkout failed: invalidate the record (softly when abandoned) and give it back; this object is spent. */
  *#abandon(err: unknown, soft = false): Op<void> {
    const record = this.#record;
    this.#connection = null;
    this.#record = null;
    this.#checkedIn = true;
    this.#invalidated = true;
    this.#counter = 0;
    if (record !== null) yield* record._checkinFailed(err, true, soft);
  }
}

/** SQLAlchemy's public name for a {@link PooledConnection}. */
export type PoolProxiedConnection<C> = PooledConnection<C>;
