/**
 * The mysql2 driver adapter: Athanor's DBAPI over mysql2's callback API.
 * mysql2 is loaded on the first connect, never at import, and typed through
 * the few members used here (no dependency on its type declarations).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  type ConnectArgs,
  type DriverAdapter,
  type DriverColumn,
  type DriverConnection,
  type DriverCursor,
  type DriverExecuteOptions,
  type DriverResult,
  type Effect,
  InvalidRequestError,
} from "@athanor/core";

// --- the subset of mysql2 that we need -------------------------------------------------

/** A column of a result as mysql2 describes it. */
export interface MySQL2Field {
  readonly name: string;
  /** The protocol's column type (`MYSQL_TYPE_*`). */
  readonly columnType?: number;
}

/** What a statement without a result set returns. */
export interface MySQL2ResultSetHeader {
  readonly affectedRows: number | string;
  readonly insertId: number | string;
}

/** The error objects mysql2 raises: server errors carry `errno` and `sqlState`. */
export interface MySQL2Error extends Error {
  /** `ER_DUP_ENTRY`, `PROTOCOL_CONNECTION_LOST`, `ECONNREFUSED`, ... */
  code?: string;
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
  /** The connection cannot be used any more. */
  fatal?: boolean;
}

type QueryCallback = (err: MySQL2Error | null, result?: unknown, fields?: readonly MySQL2Field[]) => void;

/** A running query, as an event emitter (for streaming). */
export interface MySQL2Query {
  on(event: "fields", listener: (fields: readonly MySQL2Field[]) => void): MySQL2Query;
  on(event: "result", listener: (row: unknown) => void): MySQL2Query;
  on(event: "error", listener: (err: MySQL2Error) => void): MySQL2Query;
  on(event: "end", listener: () => void): MySQL2Query;
}

/** A mysql2 connection (callback API). */
export interface MySQL2Connection {
  readonly threadId: number | null;
  connect(callback: (err: MySQL2Error | null) => void): void;
  query(
    options: { sql: string; values?: readonly unknown[]; rowsAsArray?: boolean },
    callback?: QueryCallback,
  ): MySQL2Query;
  pause(): void;
  resume(): void;
  end(callback?: (err?: MySQL2Error | null) => void): void;
  destroy(): void;
  on(event: "error", listener: (err: MySQL2Error) => void): void;
  on(event: "end", listener: () => void): void;
}

/** The mysql2 module. */
export interface MySQL2Module {
  createConnection(config: Record<string, unknown>): MySQL2Connection;
}

// --- loading ---------------------------------------------------------------------------

/**
 * Loads a driver module by name, relative to this package, with an error
 * that says which npm package to install when it is missing.
 */
export function loadDriver<T>(moduleName: string, urlName: string): T {
  try {
    return createRequire(import.meta.url)(moduleName) as T;
  } catch (err) {
    if ((err as { code?: string }).code === "MODULE_NOT_FOUND" && String(err).includes(moduleName)) {
      throw new InvalidRequestError(
        `the ${moduleName} driver is not installed; install it to use ${urlName} URLs: npm install ${moduleName}`,
      );
    }
    throw err;
  }
}

// --- connect arguments -----------------------------------------------------------------

function queryValue(args: ConnectArgs, key: string): string | undefined {
  const v = args.query[key];
  return Array.isArray(v) ? (v[v.length - 1] as string | undefined) : (v as string | undefined);
}

const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v);

/**
 * mysql2's connection options from a URL and the engine's `connectArgs`.
 *
 * Always set (the conversions in `mysql2-types.ts` rely on them):
 * `decimalNumbers: false`, `supportBigNumbers` + `bigNumberStrings`,
 * `dateStrings`, `jsonStrings`, `multipleStatements: false`, `charset:
 * utf8mb4` and `timezone: "Z"` (a Date bound without a type is written as
 * UTC, like the typed ones). URL query options, as SQLAlchemy's MySQL URLs
 * take them: `charset`, `unix_socket`, `connect_timeout` (seconds),
 * `ssl_ca` / `ssl_cert` / `ssl_key` (file paths), `ssl_check_hostname`,
 * `ssl=true`. `connectArgs` (driver options) are applied
 * last, as is.
 */
export function mysql2Config(args: ConnectArgs): Record<string, unknown> {
  const config: Record<string, unknown> = {
    host: args.host ?? "localhost",
    port: args.port ?? 3306,
    charset: queryValue(args, "charset") ?? "utf8mb4",
    decimalNumbers: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    jsonStrings: true,
    multipleStatements: false,
    timezone: "Z",
  };
  if (args.username !== undefined) config.user = args.username;
  if (args.password !== undefined) config.password = args.password;
  if (args.database !== undefined) config.database = args.database;
  const socket = queryValue(args, "unix_socket");
  if (socket !== undefined) config.socketPath = socket;
  const timeout = queryValue(args, "connect_timeout");
  if (timeout !== undefined) config.connectTimeout = Number(timeout) * 1000;
  const ssl: Record<string, unknown> = {};
  for (const key of ["ca", "cert", "key"] as const) {
    const path = queryValue(args, `ssl_${key}`);
    if (path !== undefined) ssl[key] = readFileSync(path);
  }
  const check = queryValue(args, "ssl_check_hostname");
  if (check !== undefined) ssl.rejectUnauthorized = truthy(check);
  if (Object.keys(ssl).length > 0 || truthy(queryValue(args, "ssl"))) config.ssl = ssl;
  return { ...config, ...args.driverOptions };
}

// --- results ---------------------------------------------------------------------------

function columnsOf(fields: readonly MySQL2Field[] | undefined): DriverColumn[] | undefined {
  return fields?.map((f) => ({ name: f.name, typeCode: f.columnType }));
}

function toLastRowId(id: number | string): number | bigint {
  // bigNumberStrings makes mysql2 give ids beyond 2^53 as strings.
  return typeof id === "string" ? BigInt(id) : id;
}

const DML = /^\s*(?:\/\*.*?\*\/\s*)*(?:insert|update|delete|replace)\b/is;

/** A driver result from mysql2's callback values. */
export function toDriverResult(
  sql: string,
  result: unknown,
  fields: readonly MySQL2Field[] | undefined,
): DriverResult {
  if (Array.isArray(result)) {
    // A result set: a SELECT, or DML with RETURNING (MariaDB), whose rowcount is the rows returned.
    return {
      columns: columnsOf(fields) ?? [],
      rows: result as unknown[][],
      rowcount: DML.test(sql) ? result.length : -1,
    };
  }
  const header = result as MySQL2ResultSetHeader | undefined;
  return {
    columns: undefined,
    rows: [],
    rowcount: header === undefined ? -1 : Number(header.affectedRows),
    lastrowid: header === undefined ? undefined : toLastRowId(header.insertId),
  };
}

// --- the connection --------------------------------------------------------------------

/** One mysql2 connection behind Athanor's `DriverConnection`. Async only. */
export class MySQL2DriverConnection implements DriverConnection {
  private isClosed = false;

  constructor(readonly raw: MySQL2Connection) {
    // A fatal error while idle (the server closed the connection) must not crash the process;
    // the connection is marked closed, and the next use reports the error.
    raw.on("error", (err) => {
      if (err.fatal) this.isClosed = true;
    });
    raw.on("end", () => {
      this.isClosed = true;
    });
  }

  /** The server's id of this connection (`CONNECTION_ID()`), for `KILL`. */
  get threadId(): number | null {
    return this.raw.threadId;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  private run(sql: string, params: readonly unknown[]): Promise<DriverResult> {
    return new Promise((resolve, reject) => {
      this.raw.query(
        { sql, ...(params.length > 0 ? { values: params } : {}), rowsAsArray: true },
        (err, result, fields) => {
          if (err) {
            if (err.fatal) this.isClosed = true;
            reject(err);
          } else resolve(toDriverResult(sql, result, fields));
        },
      );
    });
  }

  execute(sql: string, params: readonly unknown[], _options: DriverExecuteOptions): Effect<DriverResult> {
    return { async: () => this.run(sql, params), describe: "mysql2: execute" };
  }

  executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    _options: DriverExecuteOptions,
  ): Effect<DriverResult> {
    return {
      async: async () => {
        // mysql2 has no batch API for client-side statements; one round trip per set (a
        // multi-row VALUES is the engine's insertmanyvalues, not the driver's job).
        let rowcount = 0;
        let lastrowid: number | bigint | undefined;
        let columns: readonly DriverColumn[] | undefined;
        const rows: (readonly unknown[])[] = [];
        for (const params of paramSets) {
          const r = await this.run(sql, params);
          if (r.rowcount > 0) rowcount += r.rowcount;
          if (r.lastrowid !== undefined) lastrowid = r.lastrowid;
          if (r.columns !== undefined) {
            columns = r.columns;
            rows.push(...r.rows);
          }
        }
        return { columns, rows, rowcount, lastrowid };
      },
      describe: "mysql2: executemany",
    };
  }

  stream(sql: string, params: readonly unknown[], _options: DriverExecuteOptions): Effect<DriverCursor> {
    return { async: () => MySQL2Cursor.open(this, sql, params), describe: "mysql2: stream" };
  }

  /**
   * Nothing to send: with `autocommit=0` the server opens a transaction at
   * the first statement (an explicit BEGIN would silently commit one that is
   * already open).
   */
  begin(): Effect<void> {
    return { async: async () => undefined, describe: "mysql2: begin" };
  }
  commit(): Effect<void> {
    return this.simple("COMMIT");
  }
  rollback(): Effect<void> {
    return this.simple("ROLLBACK");
  }

  private simple(sql: string): Effect<void> {
    return {
      async: async () => {
        await this.run(sql, []);
      },
      describe: `mysql2: ${sql}`,
    };
  }

  close(): Effect<void> {
    return {
      async: () =>
        new Promise<void>((resolve) => {
          if (this.isClosed) {
            this.raw.destroy();
            resolve();
            return;
          }
          this.isClosed = true;
          // COM_QUIT; a connection the server already dropped is destroyed instead.
          this.raw.end((err) => {
            if (err) this.raw.destroy();
            resolve();
          });
        }),
      describe: "mysql2: close",
    };
  }

  /** Runs a statement and reports errors to the connection's state; used by the cursor. */
  rawQuery(sql: string, params: readonly unknown[]): MySQL2Query {
    return this.raw.query({ sql, ...(params.length > 0 ? { values: params } : {}), rowsAsArray: true });
  }

  /** Marks the connection closed after a fatal error seen by a cursor. */
  markFatal(err: MySQL2Error): void {
    if (err.fatal) this.isClosed = true;
  }
}

/**
 * A streaming cursor: rows arrive as mysql2 `result` events; the socket is
 * paused when enough rows are buffered and resumed by `fetch`, so a large
 * result never sits in memory. MySQL cannot cancel a result mid-way, so
 * `close` reads and discards the rest (as the Python drivers' SSCursor).
 */
export class MySQL2Cursor implements DriverCursor {
  private buffer: unknown[][] = [];
  private done = false;
  private error: MySQL2Error | undefined;
  private wake: (() => void) | undefined;
  private discard = false;
  columns: readonly DriverColumn[] = [];

  private constructor(
    private readonly conn: MySQL2DriverConnection,
    private readonly highWaterMark: number,
  ) {}

  /** Starts the query and waits for its column list (or its end or error). */
  static open(conn: MySQL2DriverConnection, sql: string, params: readonly unknown[], highWaterMark = 500) {
    const cursor = new MySQL2Cursor(conn, highWaterMark);
    return new Promise<MySQL2Cursor>((resolve, reject) => {
      let started = false;
      const q = conn.rawQuery(sql, params);
      q.on("fields", (fields) => {
        cursor.columns = columnsOf(fields) ?? [];
        started = true;
        resolve(cursor);
      });
      q.on("result", (row) => {
        if (!Array.isArray(row) || cursor.discard) return;
        cursor.buffer.push(row);
        if (cursor.buffer.length >= cursor.highWaterMark) conn.raw.pause();
        cursor.notify();
      });
      q.on("error", (err) => {
        conn.markFatal(err);
        cursor.error = err;
        cursor.done = true;
        if (!started) reject(err);
        cursor.notify();
      });
      q.on("end", () => {
        cursor.done = true;
        if (!started) resolve(cursor);
        cursor.notify();
      });
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private waitForRows(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.conn.raw.resume();
    });
  }

  fetch(size: number): Effect<readonly (readonly unknown[])[]> {
    return {
      async: async () => {
        while (this.buffer.length < size && !this.done) await this.waitForRows();
        if (this.error !== undefined && this.buffer.length === 0) throw this.error;
        const rows = this.buffer.splice(0, size);
        if (this.buffer.length < this.highWaterMark && !this.done) this.conn.raw.resume();
        return rows;
      },
      describe: "mysql2: fetch",
    };
  }

  close(): Effect<void> {
    return {
      async: async () => {
        this.discard = true;
        this.buffer = [];
        while (!this.done) await this.waitForRows();
      },
      describe: "mysql2: close cursor",
    };
  }
}

/** The mysql2 driver as a `DriverAdapter`: async only. */
export const mysql2Adapter: DriverAdapter = {
  name: "mysql2",
  supportsSync: false,
  supportsAsync: true,
  connect(args: ConnectArgs): Effect<DriverConnection> {
    return {
      async: () =>
        new Promise<DriverConnection>((resolve, reject) => {
          const mysql = loadDriver<MySQL2Module>("mysql2", "mysql+mysql2://");
          const raw = mysql.createConnection(mysql2Config(args));
          raw.connect((err) => {
            if (err) {
              raw.destroy();
              reject(err);
              return;
            }
            // As the Python drivers: the session is not in autocommit mode, so a transaction
            // begins implicitly with the first statement and survives MySQL's implicit commit
            // after DDL (a following INSERT is still rolled back by ROLLBACK).
            raw.query({ sql: "SET autocommit=0" }, (setErr) => {
              if (setErr) {
                raw.destroy();
                reject(setErr);
              } else resolve(new MySQL2DriverConnection(raw));
            });
          });
        }),
      describe: "mysql2: connect",
    };
  },
};
