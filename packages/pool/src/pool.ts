import { ConnectionRecord } from "./connection-record.js";
import { defaultPoolDialect, type PoolDialect } from "./dialect.js";
import type { Op } from "./effects.js";
import { DisconnectionError, InvalidRequestError } from "./errors.js";
import { type PoolEventMap, type PoolEventName, PoolEvents } from "./events.js";
import { describeConnection, describeError, type EchoFlag, PoolLog, type PoolLogger } from "./logging.js";
import { PooledConnection } from "./pooled-connection.js";

/**
 * Makes a new raw connection, as an `Op` (so it may be sync or async). It
 * receives the record the connection is for (most creators ignore it).
 */
export type Creator<C> = (record: ConnectionRecord<C>) => Op<C>;

/**
 * What to do with a connection when it is returned to the pool:
 * `"rollback"` (the default; `true` is the same), `"commit"`, or `null`
 * (nothing; `false` is the same) — for autocommit drivers, or when a `reset`
 * listener does the work.
 */
export type ResetOnReturn = "rollback" | "commit" | null | boolean;

/** Options every pool accepts. */
export interface PoolOptions<C> {
  /**
   * Seconds after which a connection is closed and replaced at its next
   * checkout; `-1` never. Default `-1`.
   */
  recycle?: number;
  /**
   * Test each connection with `dialect.doPing` on checkout; a dead one is
   * invalidated together with every connection made before it, and a new one
   * made transparently. Default `false`.
   */
  prePing?: boolean;
  /** Reset on return: `"rollback"` (default), `"commit"` or `null`. */
  resetOnReturn?: ResetOnReturn;
  /**
   * Log informational messages (`true`), and every checkout and checkin too
   * (`"debug"`). Default: nothing is logged.
   */
  echo?: EchoFlag;
  /** The name in log lines. Default: the pool class and a number. */
  loggingName?: string;
  /**
   * Where log messages go. Default: `console` when `echo` is set, else
   * nowhere. A logger given without `echo` receives warnings and errors only.
   */
  logger?: PoolLogger;
  /** Rollback, commit, close and ping for the raw connections. Default: {@link defaultPoolDialect}. */
  dialect?: PoolDialect<C>;
  /** Listeners to add at construction, as `[name, listener]` pairs. */
  events?: ReadonlyArray<{ [K in PoolEventName]: readonly [K, PoolEventMap<C>[K]] }[PoolEventName]>;
}

let poolCounter = 0;

function normalizeReset(value: ResetOnReturn | undefined): "rollback" | "commit" | null {
  if (value === undefined || value === true || value === "rollback") return "rollback";
  if (value === null || value === false) return null;
  if (value === "commit") return "commit";
  throw new InvalidRequestError(`Invalid value for resetOnReturn: ${String(value)}`);
}

/**
 * The base of the connection pools (SQLAlchemy's `Pool`). A pool hands out
 * `PooledConnection`s with `connect()` and takes them back when they are
 * closed. Every step that may do I/O is an `Op`, driven by core's `runSync`
 * or asyncio-compat's `runAsync`.
 *
 * Subclasses implement `doGet`, `doReturnConn`, `doDispose`, `recreate` and
 * `status`.
 */
export abstract class Pool<C> {
  /** The pool class's name, stable under minification ("QueuePool", …). */
  abstract readonly kind: string;
  /** The pool's listeners. */
  readonly events: PoolEvents<C> = new PoolEvents<C>();
  /** Rollback, commit, close and ping for the raw connections. */
  readonly dialect: PoolDialect<C>;
  /** Seconds before a connection is recycled at checkout; `-1` never. */
  readonly recycle: number;
  /** Whether connections are pinged on checkout. */
  readonly prePing: boolean;
  /** What is done to a connection returned to the pool. */
  readonly resetOnReturn: "rollback" | "commit" | null;
  /** The `echo` flag the pool was made with. */
  readonly echo: EchoFlag;
  /** The name in log lines, when one was given. */
  readonly loggingName: string | undefined;

  /** The creator given to the constructor. */
  protected readonly creator: Creator<C>;
  /** The options given to the constructor, for `recreate()`. */
  protected readonly options: PoolOptions<C>;

  /** @internal */
  readonly _log: PoolLog;

  #generation = 0;
  #invalidateTime = 0;
  #disposed = false;
  #firstConnectDone = false;

  constructor(creator: Creator<C>, options: PoolOptions<C> = {}) {
    if (typeof creator !== "function") throw new InvalidRequestError("A pool needs a creator function");
    this.creator = creator;
    this.options = options;
    this.recycle = options.recycle ?? -1;
    this.prePing = options.prePing ?? false;
    this.resetOnReturn = normalizeReset(options.resetOnReturn);
    this.echo = options.echo ?? null;
    this.loggingName = options.loggingName;
    this.dialect = options.dialect ?? defaultPoolDialect;
    this._log = new PoolLog(
      `athanor.pool.${new.target.name}.${options.loggingName ?? ++poolCounter}`,
      options.echo ?? null,
      options.logger,
    );
    for (const [name, fn] of options.events ?? []) this.events.listen(name, fn as never);
  }

  /**
   * Checks a connection out of the pool. Depending on the pool it is an idle
   * one, a new one, or (QueuePool, async runner) one returned by another task
   * after a wait. Throws `InvalidRequestError` once the pool is disposed.
   */
  *connect(): Op<PooledConnection<C>> {
    this.#checkNotDisposed();
    return yield* PooledConnection._checkout(this);
  }

  /**
   * Closes the idle connections and retires the pool: `connect()` fails from
   * now on (make a new pool with `recreate()`), and connections still checked
   * out are closed, not pooled, when returned. Calling it again does nothing.
   */
  *dispose(): Op<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    yield* this.doDispose();
    this._log.info(`Pool disposed. ${this.status()}`);
  }

  /** True once `dispose()` was called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * A new, empty pool of the same class with the same creator, options and
   * listeners (SQLAlchemy's `recreate`; the engine calls it after `dispose`).
   */
  abstract recreate(): Pool<C>;

  /** A one-line description of the pool's state. */
  abstract status(): string;

  /**
   * Marks every connection made before now as stale: each is closed and
   * replaced at its next checkout (checked-out ones too, at their next
   * checkout). No I/O happens now.
   */
  invalidateAll(err?: unknown): void {
    this.#generation++;
    this.#invalidateTime = Date.now();
    this._log.info(
      err === undefined
        ? "Pool invalidated; connections made before now will be recycled"
        : `Pool invalidated (reason: ${describeError(err)}); connections made before now will be recycled`,
    );
  }

  /**
   * What the engine calls when a statement failed with a disconnect
   * (SQLAlchemy's `Pool._invalidate`): unless the pool was already invalidated
   * after `connection` was made, every connection made before now is marked
   * stale (see `invalidateAll`); then `connection` itself is invalidated
   * (closed and returned), unless `checkin` is `false`.
   */
  *invalidateOnDisconnect(
    connection: PooledConnection<C>,
    err?: unknown,
    options: { checkin?: boolean } = {},
  ): Op<void> {
    const record = connection.record;
    if (record === null) this.invalidateAll(err);
    else this._invalidateGeneration(record._generation, err);
    if ((options.checkin ?? true) && connection.isValid) yield* connection.invalidate(err);
  }

  /** When the pool was last invalidated, in milliseconds since the epoch; 0 if never. */
  get invalidateTime(): number {
    return this.#invalidateTime;
  }

  // --- for subclasses ------------------------------------------------------------------------

  /** Takes a record for a checkout (idle, new, or after a wait). */
  protected abstract doGet(): Op<ConnectionRecord<C>>;

  /** Takes back a record whose checkout ended (keep it, hand it on, or close it). */
  protected abstract doReturnConn(record: ConnectionRecord<C>): Op<void>;

  /** Closes what the pool holds; `dispose()` has set `disposed` already. */
  protected abstract doDispose(): Op<void>;

  /** Makes a record with a new connection (firing `firstConnect` and `connect`). */
  protected createConnection(): Op<ConnectionRecord<C>> {
    return ConnectionRecord._create(this);
  }

  /** Copies this pool's listeners into `pool`, a new pool made by `recreate()`, and returns it. */
  protected adopt<P extends Pool<C>>(pool: P): P {
    this._log.info("Pool recreating");
    pool.events._copyFrom(this.events);
    return pool;
  }

  #checkNotDisposed(): void {
    if (this.#disposed) {
      throw new InvalidRequestError(
        `This ${this.kind} has been disposed; make a new pool with recreate() to connect again`,
      );
    }
  }

  // --- for the record and the proxy (internal) ----------------------------------------------

  /** @internal */
  get _generation(): number {
    return this.#generation;
  }

  /** @internal Starts a new generation unless one started after `generation` (the connection's). */
  _invalidateGeneration(generation: number, err?: unknown): void {
    if (generation >= this.#generation) this.invalidateAll(err);
  }

  /** @internal */
  _doGet(): Op<ConnectionRecord<C>> {
    return this.doGet();
  }

  /** @internal */
  _returnConn(record: ConnectionRecord<C>): Op<void> {
    return this.doReturnConn(record);
  }

  /** @internal */
  _invokeCreator(record: ConnectionRecord<C>): Op<C> {
    return this.creator(record);
  }

  /** @internal `firstConnect` once per pool (unless a listener throws), then `connect`. */
  *_fireConnectEvents(connection: C, record: ConnectionRecord<C>): Op<void> {
    if (!this.#firstConnectDone && this.events.has("firstConnect")) {
      yield* this.events._fire("firstConnect", connection, record);
      this.#firstConnectDone = true;
    }
    if (this.events.has("connect")) yield* this.events._fire("connect", connection, record);
  }

  /** @internal Closes a raw connection through the dialect; errors are logged, not thrown. */
  *_closeConnection(connection: C, terminate: boolean): Op<void> {
    if (this._log.debugEnabled) {
      this._log.debug(
        `${terminate ? "Hard-closing" : "Closing"} connection ${describeConnection(connection)}`,
      );
    }
    const dialect = this.dialect;
    try {
      if (terminate && dialect.doTerminate !== undefined) yield* dialect.doTerminate(connection);
      else yield* dialect.doClose(connection);
    } catch (err) {
      this._log.error(
        `Exception ${terminate ? "terminating" : "closing"} connection ${describeConnection(connection)}`,
        err,
      );
    }
  }

  /**
   * @internal The pre-ping: `dialect.doPing`, with a thrown disconnect error
   * turned into a `DisconnectionError` that invalidates the pool.
   */
  *_ping(connection: C): Op<boolean> {
    try {
      return yield* this.dialect.doPing(connection);
    } catch (err) {
      if (this.dialect.isDisconnect(err)) {
        throw new DisconnectionError(`pre-ping detected a disconnect: ${describeError(err)}`, {
          cause: err,
          invalidatePool: true,
        });
      }
      throw err;
    }
  }
}
