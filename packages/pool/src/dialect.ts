import { noop, type Op, pure } from "./effects.js";

/**
 * What the pool needs from the engine for a raw connection `C` (SQLAlchemy's
 * `_ConnDialect`): the engine's dialect supplies these, and the pool never
 * touches a driver itself. Each step is an `Op`, so one implementation serves
 * sync and async drivers.
 *
 * @example
 * ```ts
 * const dialect: PoolDialect<pg.Client> = {
 *   *doRollback(c) { yield* perform({ async: () => c.query("ROLLBACK").then(() => {}) }) },
 *   *doCommit(c) { yield* perform({ async: () => c.query("COMMIT").then(() => {}) }) },
 *   *doClose(c) { yield* perform({ async: () => c.end() }) },
 *   *doPing(c) { yield* perform({ async: () => c.query("SELECT 1") }); return true },
 *   isDisconnect: (err) => isPgDisconnect(err),
 * };
 * ```
 */
export interface PoolDialect<C> {
  /** Rolls back the connection's transaction (reset on return, `"rollback"`). */
  doRollback(connection: C): Op<void>;
  /** Commits the connection's transaction (reset on return, `"commit"`). */
  doCommit(connection: C): Op<void>;
  /** Closes the connection. Errors are logged and swallowed by the pool. */
  doClose(connection: C): Op<void>;
  /**
   * Closes a connection known to be broken or invalidated, as quickly as
   * possible. Optional; `doClose` is used when absent.
   */
  doTerminate?(connection: C): Op<void>;
  /**
   * Tests that the connection is alive (for `prePing`): returns `true` when it
   * is, `false` when it is dead; may throw, and a thrown error for which
   * `isDisconnect` is true counts as dead.
   */
  doPing(connection: C): Op<boolean>;
  /** True when `err` means the connection (and probably the database link) is gone. */
  isDisconnect(err: unknown): boolean;
}

/**
 * Builds a `PoolDialect` from the steps given, the rest defaulting to
 * nothing: rollback, commit and close do nothing, ping returns `true`,
 * `isDisconnect` returns `false`.
 */
export function createPoolDialect<C>(steps: Partial<PoolDialect<C>> = {}): PoolDialect<C> {
  const dialect: PoolDialect<C> = {
    doRollback: steps.doRollback ?? (() => noop()),
    doCommit: steps.doCommit ?? (() => noop()),
    doClose: steps.doClose ?? (() => noop()),
    doPing: steps.doPing ?? (() => pure(true)),
    isDisconnect: steps.isDisconnect ?? (() => false),
  };
  if (steps.doTerminate !== undefined) dialect.doTerminate = steps.doTerminate;
  return dialect;
}

/**
 * The dialect a pool uses when none is given: every step does nothing, ping
 * returns `true`, nothing is a disconnect.
 */
export const defaultPoolDialect: PoolDialect<any> = createPoolDialect<any>();
