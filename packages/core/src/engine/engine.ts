/**
 * `Engine`: a dialect, a pool of database connections, a compiled cache and
 * the settings every connection shares. Make one with `createEngine(url)`.
 */
import { DBAPIError, isAthanorError } from "../exc.js";
import { CompiledCache } from "../sql/compiler/compiled-cache.js";
import { Connection, type ExecutionOptions } from "./connection.js";
import type { Dialect } from "./dialect.js";
import type { DriverConnection } from "./driver.js";
import { type Op, runSync } from "./effects.js";
import { Dispatcher, type HasEvents } from "./events.js";
import { wrapDriverError } from "./execution.js";
import { type EchoFlag, formatValue, type Logger } from "./logging.js";
import type { URL } from "./url.js";

/** What the engine needs of a pooled connection (`@athanor/pool`'s, structurally). */
export interface PooledConnectionLike<C> {
  readonly dbapiConnection: C;
  /** Per-connection data that lives as long as the database connection. */
  readonly info: Record<string, unknown>;
  /** Returns the connection to the pool (after its reset). */
  close(): Op<void>;
  /** Discards the database connection. */
  invalidate(err?: unknown): Op<void>;
}

/** What the engine needs of a pool (`@athanor/pool`'s, structurally). */
export interface PoolLike<C> {
  connect(): Op<PooledConnectionLike<C>>;
  dispose(): Op<void>;
  status(): string;
  /** A new pool with the same settings and listeners (after `dispose()`). */
  recreate(): PoolLike<C>;
  /** The pool's events (`connect`, `checkout`, `checkin`, `reset`, `invalidate`, `close`, ...). */
  readonly events: { listen(name: string, fn: Function): void; remove(name: string, fn: Function): void };
  /** Marks every connection made before now as stale (after a disconnect). */
  invalidateAll?(err?: unknown): void;
}

/** Settings of an engine, fixed when it is made. */
export interface EngineSettings {
  readonly echo: EchoFlag;
  readonly hideParameters: boolean;
  readonly logger: Logger;
  readonly executionOptions: ExecutionOptions;
}

/** An engine: the starting point for connections. */
export class Engine implements HasEvents {
  readonly dispatch = new Dispatcher();
  /** Compiled statements shared by every connection of this engine. */
  readonly compiledCache: CompiledCache;
  private initialized = false;
  /** The isolation level a new connection has, read on the first connection. */
  defaultIsolationLevel: string | undefined;

  /** The pool of database connections; `dispose()` replaces it with a fresh one. */
  pool: PoolLike<DriverConnection>;

  constructor(
    readonly url: URL,
    readonly dialect: Dialect,
    pool: PoolLike<DriverConnection>,
    readonly options: EngineSettings,
    compiledCacheSize = 500,
  ) {
    this.pool = pool;
    this.compiledCache = new CompiledCache(compiledCacheSize);
  }

  /** The dialect's name: `postgresql`, `sqlite`, ... */
  get name(): string {
    return this.dialect.name;
  }
  /** The driver's name: `pg`, `better-sqlite3`, ... */
  get driver(): string {
    return this.dialect.driver;
  }

  /**
   * A new connection. The database connection is checked out of the pool
   * when it is first used, and returned by `close()` (or the end of a
   * `using` block).
   *
   * @example
   * ```ts
   * using conn = engine.connect();
   * conn.execute(insert(user).values({ name: "spongebob" }));
   * conn.commit();
   * ```
   */
  connect(): Connection {
    return new Connection(this);
  }

  /**
   * A connection with a transaction, for a block: commits when `fn` returns,
   * rolls back if it throws, and closes the connection either way.
   *
   * @example `engine.begin((conn) => conn.execute(insert(user).values({ name: "x" })))`
   */
  begin<R>(fn: (conn: Connection) => R): R {
    const conn = this.connect();
    try {
      return conn.begin(() => fn(conn));
    } finally {
      conn.close();
    }
  }

  /**
   * Closes every pooled connection and starts a fresh pool (SQLAlchemy's
   * `dispose()`); connections in use are closed when they are returned.
   */
  *disposeOp(): Op<void> {
    const old = this.pool;
    this.pool = old.recreate();
    yield* old.dispose();
    if (this.dispatch.has("engineDisposed")) this.dispatch.fire("engineDisposed", this);
  }
  dispose(): void {
    runSync(this.disposeOp());
  }

  /** @internal Checks a connection out of the pool, initialising the dialect on the first one. */
  *checkoutOp(): Op<PooledConnectionLike<DriverConnection>> {
    let pooled: PooledConnectionLike<DriverConnection>;
    try {
      pooled = yield* this.pool.connect();
    } catch (err) {
      // The driver's connect errors join the DBAPIError family; the pool's own errors pass through.
      throw wrapDriverError(err, this.dialect, undefined, undefined, this.options.hideParameters);
    }
    if (!this.initialized) {
      try {
        yield* this.dialect.initialize(pooled.dbapiConnection);
        if (this.dialect.isolationLevels.length > 0) {
          try {
            this.defaultIsolationLevel = yield* this.dialect.getIsolationLevel(pooled.dbapiConnection);
          } catch {
            this.defaultIsolationLevel = undefined;
          }
        }
        this.initialized = true;
      } catch (err) {
        yield* pooled.invalidate(err);
        throw wrapDriverError(err, this.dialect, undefined, undefined, this.options.hideParameters);
      }
    }
    return pooled;
  }

  /**
   * @internal Runs a driver step, wrapping its errors in the DBAPIError
   * family; a disconnect invalidates the connection and marks the pool's
   * older connections stale.
   */
  *wrapErrorsOp<T>(conn: Connection, op: Op<T>, sql: string | undefined, params: unknown): Op<T> {
    try {
      return yield* op;
    } catch (err) {
      if (isAthanorError(err) && !(err instanceof DBAPIError)) throw err;
      const orig = err instanceof DBAPIError ? err.orig : err;
      const wrapped =
        err instanceof DBAPIError
          ? err
          : wrapDriverError(err, this.dialect, sql, params, this.options.hideParameters);
      const disconnect = this.dialect.isDisconnect(orig);
      if (disconnect && wrapped instanceof DBAPIError) {
        wrapped.connectionInvalidated = true;
        this.pool.invalidateAll?.(orig);
        try {
          yield* conn.invalidateOp(orig);
        } catch {
          // the connection is already gone; the original error is the one to report
        }
        conn.markInvalidatedByDisconnect();
      }
      if (this.dispatch.has("handleError")) {
        this.dispatch.fire("handleError", {
          connection: conn,
          error: wrapped,
          ...(sql !== undefined ? { statement: sql } : {}),
          params,
          isDisconnect: disconnect,
        });
      }
      throw wrapped;
    }
  }

  /** @internal Logs a line when `echo` is on. */
  log(message: string): void {
    if (this.options.echo) this.options.logger.info(message);
  }

  /** @internal Logs a statement and its parameters (unless hidden) when `echo` is on. */
  logStatement(sql: string, params: unknown, cached?: string): void {
    if (!this.options.echo) return;
    const logger = this.options.logger;
    logger.info(sql);
    const shown = this.options.hideParameters
      ? "[SQL parameters hidden due to hideParameters=true]"
      : formatValue(params);
    logger.info(cached === undefined ? shown : `[${cached}] ${shown}`);
  }

  /** @internal Logs result rows with `echo: "debug"`. */
  logRows(keys: readonly string[], rows: readonly (readonly unknown[])[]): void {
    if (this.options.echo !== "debug") return;
    const logger = this.options.logger;
    logger.debug(`Col ${formatValue(keys)}`);
    for (const r of rows) logger.debug(`Row ${formatValue(r)}`);
  }

  /** A description that never shows the password. */
  toString(): string {
    return `Engine(${this.url.renderAsString()})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
