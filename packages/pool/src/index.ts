/**
 * `@athanor/pool`: Athanor's connection pools, after SQLAlchemy's
 * `sqlalchemy.pool`. It imports nothing from Athanor: the engine hands a pool
 * a creator `Op` and a {@link PoolDialect} (rollback, commit, close, ping,
 * isDisconnect), and drives the pool's operations with core's runners.
 *
 * @packageDocumentation
 */

export { AssertionPool, type AssertionPoolOptions } from "./assertion-pool.js";
export { type ConnectionPoolEntry, ConnectionRecord, type InvalidateOptions } from "./connection-record.js";
export { createPoolDialect, defaultPoolDialect, type PoolDialect } from "./dialect.js";
export { type Effect, isOp, noop, type Op, perform, pure } from "./effects.js";
export {
  DisconnectionError,
  type DisconnectionErrorOptions,
  InvalidRequestError,
  isDisconnectionError,
  isPoolError,
  PoolAssertionError,
  PoolError,
  type PoolErrorCode,
  TimeoutError,
} from "./errors.js";
export {
  type ListenerResult,
  type ListenOptions,
  type PoolEventMap,
  type PoolEventName,
  PoolEvents,
  type PoolResetState,
} from "./events.js";
export { describeConnection, type EchoFlag, type PoolLogger } from "./logging.js";
export { NullPool } from "./null-pool.js";
export { type Creator, Pool, type PoolOptions, type ResetOnReturn } from "./pool.js";
export {
  type CloseOptions,
  MAX_CHECKOUT_ATTEMPTS,
  PooledConnection,
  type PoolProxiedConnection,
} from "./pooled-connection.js";
export { QueuePool, type QueuePoolOptions } from "./queue-pool.js";
export { SingletonPool } from "./singleton-pool.js";
export { StaticPool } from "./static-pool.js";
