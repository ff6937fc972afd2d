/**
 * The driver adapter SPI: Athanor's DBAPI. A dialect's driver class (e.g.
 * `PGDialectPg`) provides a `DriverAdapter` that wraps the real driver;
 * every step returns an `Effect`, with a sync form, an async form, or both.
 *
 * Rows cross this boundary as arrays in column order, the cheapest shape for
 * every driver (pg `rowMode: "array"`, mysql2 `rowsAsArray`, better-sqlite3
 * `raw()`, oracledb `OUT_FORMAT_ARRAY`, tedious column lists); Core builds
 * its rows from them.
 */
import type { Effect } from "./effects.js";

/** Where and how to connect, from a parsed URL and the engine's `connectArgs`. */
export interface ConnectArgs {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly database?: string | undefined;
  readonly username?: string | undefined;
  /** Never logged or shown. */
  readonly password?: string | undefined;
  /** URL query options (`?sslmode=require`) as given. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** Driver options passed through from `createEngine(url, { connectArgs })`. */
  readonly driverOptions: Readonly<Record<string, unknown>>;
}

/** A column of a result as the driver describes it. */
export interface DriverColumn {
  readonly name: string;
  /** The driver's type code (pg OID, mysql2 column type, ...), for type processing where useful. */
  readonly typeCode?: unknown;
}

/** What one statement returned. */
export interface DriverResult {
  /** The result columns, or `undefined` when the statement returns no rows (INSERT without RETURNING). */
  readonly columns: readonly DriverColumn[] | undefined;
  /** The rows, each an array in column order. Empty when there are none. */
  readonly rows: readonly (readonly unknown[])[];
  /** Rows matched/affected by an INSERT, UPDATE or DELETE; -1 when unknown. */
  readonly rowcount: number;
  /** The generated key of a single-row INSERT where the driver reports one (SQLite, MySQL). */
  readonly lastrowid?: number | bigint | undefined;
}

/** A server-side cursor, for streaming large results. */
export interface DriverCursor {
  readonly columns: readonly DriverColumn[];
  /** Up to `size` more rows; an empty array when exhausted. */
  fetch(size: number): Effect<readonly (readonly unknown[])[]>;
  close(): Effect<void>;
}

/** Per-statement options the engine passes to the driver. */
export interface DriverExecuteOptions {
  /** The statement returns rows (a SELECT, or DML with RETURNING). */
  readonly returnsRows: boolean;
  /** Names of the parameters in order, for drivers with named parameters (oracledb). */
  readonly paramNames?: readonly string[] | undefined;
  /** Out-parameters (Oracle `RETURNING .. INTO :ret_0`), by name. */
  readonly outParams?: readonly string[] | undefined;
}

/** One open connection of the driver. */
export interface DriverConnection {
  /** Runs one statement with one parameter list (positional, in placeholder order). */
  execute(sql: string, params: readonly unknown[], options: DriverExecuteOptions): Effect<DriverResult>;
  /**
   * Runs one statement with many parameter lists (executemany); rowcount is
   * the sum where known. With `returnsRows` (DML with RETURNING), the rows of
   * every parameter list, in the order of the lists.
   */
  executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    options: DriverExecuteOptions,
  ): Effect<DriverResult>;
  /** Opens a server-side cursor, where the driver has one. */
  stream?(sql: string, params: readonly unknown[], options: DriverExecuteOptions): Effect<DriverCursor>;
  /** BEGIN (drivers in autocommit mode start a transaction; others may do nothing). */
  begin(): Effect<void>;
  commit(): Effect<void>;
  rollback(): Effect<void>;
  /** Closes the connection; it is not used again. */
  close(): Effect<void>;
  /** Whether the driver believes the connection is still usable (no I/O). */
  readonly closed?: boolean;
}

/**
 * The driver as a whole: how to connect and what it supports. A dialect's
 * driver class returns one from `driverAdapter()`, loading the driver module
 * lazily so that compiling SQL never needs it installed.
 */
export interface DriverAdapter {
  /** The driver's name, as in URLs (`postgresql+pg://`). */
  readonly name: string;
  /** Whether `connect()` and the connection's steps have sync forms. */
  readonly supportsSync: boolean;
  /** Whether they have async forms. */
  readonly supportsAsync: boolean;
  /** Opens a connection. */
  connect(args: ConnectArgs): Effect<DriverConnection>;
}
