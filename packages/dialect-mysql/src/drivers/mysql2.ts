import type { DBAPIErrorKind, DriverAdapter, Paramstyle } from "@athanor/core";
import { driverProcessing } from "@athanor/core";
import { MySQLDialect, type MySQLDialectOptions } from "../base/dialect.js";
import { MYSQL_DISCONNECT_ERRNOS, mysqlErrorKind } from "../base/errors.js";
import { type MySQL2Error, mysql2Adapter } from "./mysql2-adapter.js";
import { mysql2Colspecs } from "./mysql2-types.js";

const { mergeColspecs } = driverProcessing;

/** Client-side error codes of a connection that is gone or never came up. */
const NETWORK_CODES = new Set([
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

const asMySQL2Error = (err: unknown): MySQL2Error | undefined =>
  typeof err === "object" && err !== null ? (err as MySQL2Error) : undefined;

/**
 * MySQL and MariaDB through the `mysql2` driver (`mysql+mysql2://`), which
 * takes `?` placeholders. Async only: use `createAsyncEngine`. mysql2 is
 * loaded on the first connect, so compiling needs no driver installed.
 *
 * After connecting, `initialize` reads `SELECT VERSION()`; reaching a
 * MariaDB server through a `mysql+mysql2://` URL makes the dialect compile
 * MariaDB SQL, as SQLAlchemy does.
 *
 * Values: see `mysql2-types.ts`. In short, DATETIME / TIMESTAMP values are
 * naive and read and written as UTC (`new Date("2024-01-02T03:04:05Z")`
 * is stored as `2024-01-02 03:04:05`), independent of the machine's time
 * zone; DECIMAL is an exact string, BIGINT a `bigint`, JSON parsed.
 *
 * @example
 * ```ts
 * const dialect = new MySQL2Dialect({ serverVersion: [8, 0, 36] });
 * stmt.compile({ dialect }).sql; // ... WHERE user_account.id = ?
 * ```
 */
export class MySQL2Dialect extends MySQLDialect {
  override driver = "mysql2";
  override paramstyle: Paramstyle = "qmark";
  /** mysql2 has no batched executemany (a round trip per row), so an executemany INSERT goes as multi-row pages. */
  override useInsertmanyvaluesWoReturning = true;

  constructor(options: MySQLDialectOptions = {}) {
    super(options);
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
    this.colspecs = mergeColspecs(this.colspecs, mysql2Colspecs);
  }

  /** The mysql2 adapter (async only; mysql2 is required on the first connect). */
  override driverAdapter(): DriverAdapter {
    return mysql2Adapter;
  }

  /**
   * Whether the connection is gone: a fatal mysql2 error (the socket closed,
   * `Can't add new command when connection is in closed state`), a network
   * error code, or the server's 2006 / 2013 / 1927 (killed) / 4031 (idle
   * timeout) family, as SQLAlchemy's `is_disconnect`.
   */
  override isDisconnect(err: unknown): boolean {
    const e = asMySQL2Error(err);
    if (e === undefined) return false;
    if (typeof e.errno === "number" && MYSQL_DISCONNECT_ERRNOS.has(e.errno)) return true;
    if (e.code !== undefined && NETWORK_CODES.has(e.code)) return true;
    if (e.fatal === true) return true;
    return /closed state|connection was killed|server has gone away|lost connection/i.test(e.message ?? "");
  }

  /**
   * The error kind from the server's error number (`1062` duplicate key →
   * IntegrityError, `1064` / `1146` / `1054` → ProgrammingError, `1213` /
   * `1205` → OperationalError, ...), else its SQLSTATE class; client-side
   * network and protocol errors are OperationalError, other client errors
   * InterfaceError.
   */
  override classifyError(err: unknown): DBAPIErrorKind {
    const e = asMySQL2Error(err);
    if (e === undefined) return "DatabaseError";
    // Network errors carry the system's negative errno (-111 ECONNREFUSED), not a server error number.
    const errno = typeof e.errno === "number" && e.errno > 0 ? e.errno : undefined;
    const kind = mysqlErrorKind(errno, e.sqlState);
    if (kind !== undefined) return kind;
    if (this.isDisconnect(err)) return "OperationalError";
    return e.code !== undefined || e.fatal !== undefined ? "InterfaceError" : "DatabaseError";
  }
}

/**
 * MariaDB through `mysql2` (`mariadb+mysql2://`): the MariaDB variant from
 * the start (`name` is `mariadb`); connecting to a MySQL server is refused.
 */
export class MariaDBDialectMySQL2 extends MySQL2Dialect {
  constructor(options: MySQLDialectOptions = {}) {
    super({ ...options, isMariaDB: true });
  }
}
