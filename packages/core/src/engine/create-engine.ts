/**
 * `createEngine(url, options)`: a dialect found from the URL, a pool of its
 * driver's connections, and the engine's settings.
 */
import {
  AssertionPool,
  type Creator,
  createPoolDialect,
  NullPool,
  type PoolDialect,
  type PoolLogger,
  QueuePool,
  SingletonPool,
  StaticPool,
} from "@athanor/pool";
import { ArgumentError } from "../exc.js";
import type { ExecutionOptions } from "./connection.js";
import type { Dialect, DialectOptions } from "./dialect.js";
import type { DriverConnection } from "./driver.js";
import { perform } from "./effects.js";
import { Engine, type PoolLike } from "./engine.js";
import { consoleLogger, type EchoFlag, type Logger, silentLogger } from "./logging.js";
import { dialectForUrl } from "./registry.js";
import { makeUrl, type URL } from "./url.js";

/** The pool classes `createEngine` can make. */
export type PoolClassName = "queue" | "null" | "static" | "singleton" | "assertion";

/** Options of `createEngine`, named as SQLAlchemy's `create_engine` arguments. */
export interface EngineOptions {
  /** Log SQL and parameters (`true`), and rows too (`"debug"`). Default `false`. */
  echo?: EchoFlag;
  /** Log pool checkouts and checkins. Default `false`. */
  echoPool?: EchoFlag;
  /** Never show parameters in logs and error messages. Default `false`. */
  hideParameters?: boolean;
  /** Where log lines go. Default: stderr, when echo is on. */
  logger?: Logger;
  /** Which pool: default `"queue"`, or what the dialect needs (one connection for in-memory SQLite). */
  poolClass?: PoolClassName;
  /** QueuePool size. Default 5. */
  poolSize?: number;
  /** QueuePool overflow beyond `poolSize`. Default 10; -1 unlimited. */
  maxOverflow?: number;
  /** Seconds to wait for a connection (async API) before the pool's TimeoutError. Default 30. */
  poolTimeout?: number;
  /** Replace connections older than this many seconds. Default -1 (never). */
  poolRecycle?: number;
  /** Test connections on checkout and replace dead ones. Default `false`. */
  poolPrePing?: boolean;
  /** Reuse the most recently returned connection first. Default `false`. */
  poolUseLifo?: boolean;
  /** What returning a connection does: `"rollback"` (default), `"commit"` or `null`. */
  poolResetOnReturn?: "rollback" | "commit" | null;
  /** Options passed to the driver's connect call. */
  connectArgs?: Readonly<Record<string, unknown>>;
  /** Default execution options of every connection. */
  executionOptions?: ExecutionOptions;
  /** The default isolation level of every connection (`"AUTOCOMMIT"` included). */
  isolationLevel?: string;
  /** Compiled statements kept per engine. Default 500. */
  compiledCacheSize?: number;
  /** A dialect to use instead of the one the URL names. */
  dialect?: Dialect;
  /** Options for the dialect the URL names (e.g. `serverVersion`). */
  dialectOptions?: DialectOptions;
}

/** The pool's view of the dialect: reset, close and ping through the driver adapter. */
function poolDialectFor(dialect: Dialect): PoolDialect<DriverConnection> {
  return createPoolDialect<DriverConnection>({
    *doRollback(c) {
      yield* perform(c.rollback());
    },
    *doCommit(c) {
      yield* perform(c.commit());
    },
    *doClose(c) {
      yield* perform(c.close());
    },
    *doPing(c) {
      return yield* dialect.doPing(c);
    },
    isDisconnect: (err) => dialect.isDisconnect(err),
  });
}

function asPoolLogger(logger: Logger): PoolLogger {
  return logger as unknown as PoolLogger;
}

/**
 * Makes an engine for a database URL.
 *
 * @example
 * ```ts
 * const engine = createEngine("sqlite://", { echo: true });          // in memory
 * const pg = createEngine("postgresql+pg://scott:tiger@localhost/test", { poolSize: 10 });
 * ```
 */
export function createEngine(url: string | URL, options: EngineOptions = {}): Engine {
  const u = makeUrl(url);
  const dialect = options.dialect ?? dialectForUrl(u, options.dialectOptions ?? {});
  const adapter = dialect.driverAdapter();
  const connectArgs = dialect.createConnectArgs(u, options.connectArgs ?? {});
  const creator: Creator<DriverConnection> = function* () {
    const conn = yield* perform(adapter.connect(connectArgs));
    yield* dialect.onConnect(conn);
    return conn;
  };
  const logger =
    options.logger ?? (options.echo || options.echoPool ? consoleLogger("athanor.engine") : silentLogger);
  const common = {
    dialect: poolDialectFor(dialect),
    ...(options.poolRecycle !== undefined ? { recycle: options.poolRecycle } : {}),
    ...(options.poolPrePing !== undefined ? { prePing: options.poolPrePing } : {}),
    ...(options.poolResetOnReturn !== undefined ? { resetOnReturn: options.poolResetOnReturn } : {}),
    ...(options.echoPool ? { echo: options.echoPool, logger: asPoolLogger(logger) } : {}),
  };
  const poolClass = options.poolClass ?? dialect.poolClassForUrl(u);
  let pool: PoolLike<DriverConnection>;
  switch (poolClass) {
    case "queue":
      pool = new QueuePool(creator, {
        ...common,
        ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
        ...(options.maxOverflow !== undefined ? { maxOverflow: options.maxOverflow } : {}),
        ...(options.poolTimeout !== undefined ? { timeout: options.poolTimeout } : {}),
        ...(options.poolUseLifo !== undefined ? { useLifo: options.poolUseLifo } : {}),
      }) as unknown as PoolLike<DriverConnection>;
      break;
    case "null":
      pool = new NullPool(creator, common) as unknown as PoolLike<DriverConnection>;
      break;
    case "static":
      pool = new StaticPool(creator, common) as unknown as PoolLike<DriverConnection>;
      break;
    case "singleton":
      pool = new SingletonPool(creator, common) as unknown as PoolLike<DriverConnection>;
      break;
    case "assertion":
      pool = new AssertionPool(creator, common) as unknown as PoolLike<DriverConnection>;
      break;
    default:
      throw new ArgumentError(`unknown poolClass ${String(poolClass)}`);
  }
  const executionOptions: ExecutionOptions = { ...(options.executionOptions ?? {}) };
  if (options.isolationLevel !== undefined) executionOptions.isolationLevel = options.isolationLevel;
  return new Engine(
    u,
    dialect,
    pool,
    {
      echo: options.echo ?? false,
      hideParameters: options.hideParameters ?? false,
      logger,
      executionOptions,
    },
    options.compiledCacheSize,
  );
}
