import { readFileSync } from "node:fs";
import {
  ArgumentError,
  type ConnectArgs,
  type DBAPIErrorKind,
  type DriverAdapter,
  type DriverConnection,
  type Op,
  type Paramstyle,
  perform,
  type URL,
} from "@athanor/core";
import { PGDialect, type PGDialectOptions } from "../base/dialect.js";
import { PgConnection, pgAdapter } from "./pg-adapter.js";
import { pgDriverColspecs } from "./pg-types.js";

/** SQLSTATE class (first two characters) → PEP 249 kind, as psycopg2 maps them. */
const SQLSTATE_CLASSES: Readonly<Record<string, DBAPIErrorKind>> = {
  "0A": "NotSupportedError",
  "20": "ProgrammingError",
  "21": "ProgrammingError",
  "22": "DataError",
  "23": "IntegrityError",
  "24": "InternalError",
  "25": "InternalError",
  "26": "OperationalError",
  "27": "OperationalError",
  "28": "OperationalError",
  "2B": "InternalError",
  "2D": "InternalError",
  "2F": "InternalError",
  "34": "OperationalError",
  "38": "InternalError",
  "39": "InternalError",
  "3B": "InternalError",
  "3D": "ProgrammingError",
  "3F": "ProgrammingError",
  "40": "OperationalError", // serialization failure, deadlock (psycopg2's TransactionRollbackError)
  "42": "ProgrammingError",
  "44": "ProgrammingError",
  "53": "OperationalError",
  "54": "OperationalError",
  "55": "OperationalError",
  "57": "OperationalError",
  "58": "OperationalError",
  "08": "OperationalError",
  F0: "InternalError",
  HV: "OperationalError",
  P0: "InternalError",
  XX: "InternalError",
};

/** SQLSTATEs that mean the session is gone: admin/crash shutdown, cannot connect now, connection exceptions. */
const DISCONNECT_SQLSTATES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08003",
  "08006",
  "08001",
  "08004",
]);

/** Socket error codes (node's) that mean the connection is gone. */
const DISCONNECT_ERRNOS = new Set([
  "ECONNRESET",
  "EPIPE",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTCONN",
]);

/** Messages pg gives a dead connection. */
const DISCONNECT_MESSAGE =
  /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|terminating connection|server closed the connection unexpectedly|Connection terminated unexpectedly/i;

const ISOLATION_LEVELS = ["SERIALIZABLE", "REPEATABLE READ", "READ COMMITTED", "READ UNCOMMITTED"] as const;

/** URL query options → pg `Client` options. */
const QUERY_OPTIONS: Readonly<Record<string, (value: string) => Record<string, unknown>>> = {
  sslmode: sslOptions,
  application_name: (v) => ({ application_name: v }),
  connect_timeout: (v) => ({ connectionTimeoutMillis: seconds(v, "connect_timeout") * 1000 }),
  options: (v) => ({ options: v }),
  client_encoding: (v) => ({ client_encoding: v }),
  statement_timeout: (v) => ({ statement_timeout: seconds(v, "statement_timeout") }),
  idle_in_transaction_session_timeout: (v) => ({
    idle_in_transaction_session_timeout: seconds(v, "idle_in_transaction_session_timeout"),
  }),
  keepalives: (v) => ({ keepAlive: v !== "0" }),
  host: (v) => ({ host: v }),
  port: (v) => ({ port: seconds(v, "port") }),
  user: (v) => ({ user: v }),
  password: (v) => ({ password: v }),
  sslrootcert: () => ({}),
  sslcert: () => ({}),
  sslkey: () => ({}),
};

function seconds(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new ArgumentError(`PostgreSQL URL option ${name}=${value}: expected a number`);
  return n;
}

/**
 * libpq's `sslmode` as pg's `ssl` option. pg cannot fall back from TLS to
 * plain, so `allow` and `prefer` connect without TLS; `require` encrypts
 * without verifying (as libpq); `verify-ca` checks the chain only;
 * `verify-full` the chain and host name.
 */
function sslOptions(mode: string): Record<string, unknown> {
  switch (mode) {
    case "disable":
    case "allow":
    case "prefer":
      return { ssl: false };
    case "require":
    case "no-verify":
      return { ssl: { rejectUnauthorized: false } };
    case "verify-ca":
      return { ssl: { rejectUnauthorized: true, checkServerIdentity: () => undefined } };
    case "verify-full":
      return { ssl: { rejectUnauthorized: true } };
    default:
      throw new ArgumentError(
        `PostgreSQL URL option sslmode=${mode}: expected disable, allow, prefer, require, verify-ca or verify-full`,
      );
  }
}

function one(value: string | readonly string[] | undefined): string {
  return typeof value === "string" ? value : (value?.[value.length - 1] ?? "");
}

/**
 * PostgreSQL through node-postgres (`postgresql+pg://`, the default driver of
 * `postgresql://`), which takes `$1` placeholders.
 *
 * - **Async only.** pg has no synchronous API: use `createAsyncEngine` from
 *   `@athanor/asyncio-compat`; the sync `Engine` raises `AsyncOnlyError`.
 *   pg is loaded on the first connect, so compiling needs none.
 * - **URLs.** `postgresql+pg://user:password@host:port/database?options`,
 *   with libpq's `sslmode` (and `sslrootcert`/`sslcert`/`sslkey` files),
 *   `application_name`, `connect_timeout` (seconds), `options`,
 *   `client_encoding`, `statement_timeout` (ms), `keepalives`, `host`
 *   (a Unix socket directory); other pg `Client` options through the
 *   engine's `connectArgs`.
 * - **Values.** pg's parsers are replaced per query (never globally) so that
 *   int8, numeric, date, timestamp, timestamptz and interval arrive as the
 *   server's text and the column types convert them: `BigInteger` → `bigint`,
 *   `Numeric` → exact string, naive `DateTime` → `Date` read as UTC,
 *   `Interval` → milliseconds. See `pg-types.ts`.
 * - **Streaming** uses SQL cursors (`DECLARE` / `FETCH`), as pg-cursor is not
 *   a dependency.
 * - **Errors** are classified by SQLSTATE class as psycopg2 does (23 →
 *   IntegrityError, 42 → ProgrammingError, 22 → DataError, 08/40/53/57 →
 *   OperationalError, ...).
 */
export class PGDialectPg extends PGDialect {
  override driver = "pg";
  override paramstyle: Paramstyle = "numericDollar";
  override colspecs = pgDriverColspecs;
  /** pg has no batched executemany (a round trip per row), so an executemany INSERT goes as multi-row pages. */
  override useInsertmanyvaluesWoReturning = true;

  constructor(options: PGDialectOptions = {}) {
    super(options);
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
  }

  override driverAdapter(): DriverAdapter {
    return pgAdapter;
  }

  /**
   * Host, port, database, user and password from the URL; its query options
   * as pg `Client` options (`sslmode=require` → `ssl`, ...). The engine's
   * `connectArgs` are passed to pg as given and win over the URL's.
   */
  override createConnectArgs(url: URL, driverOptions: Readonly<Record<string, unknown>> = {}): ConnectArgs {
    const fromQuery: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(url.query)) {
      const map = QUERY_OPTIONS[key];
      if (map === undefined) {
        throw new ArgumentError(
          `PostgreSQL URL option '${key}' is not known to the pg driver (known: ${Object.keys(QUERY_OPTIONS).join(", ")}); ` +
            "pass other pg Client options with connectArgs",
        );
      }
      Object.assign(fromQuery, map(one(raw)));
    }
    const files = { sslrootcert: "ca", sslcert: "cert", sslkey: "key" } as const;
    for (const [key, option] of Object.entries(files)) {
      const path = url.query[key];
      if (path === undefined) continue;
      const ssl = typeof fromQuery.ssl === "object" && fromQuery.ssl !== null ? fromQuery.ssl : {};
      fromQuery.ssl = { ...ssl, [option]: readFileSync(one(path), "utf8") };
    }
    return {
      host: url.host,
      port: url.port,
      database: url.database,
      username: url.username,
      password: url.password,
      query: url.query,
      driverOptions: { ...fromQuery, ...driverOptions },
    };
  }

  /** Reads `SHOW server_version` and sets the version-dependent flags. */
  override *initialize(conn: DriverConnection): Op<void> {
    const r = yield* perform(conn.execute("SHOW server_version", [], { returnsRows: true }));
    const version = parseServerVersion(String(r.rows[0]?.[0] ?? ""));
    if (version !== undefined) {
      this.serverVersionInfo = version;
      this.applyServerVersion();
    }
  }

  override isDisconnect(err: unknown): boolean {
    if (err === null || typeof err !== "object") return false;
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string" && (DISCONNECT_SQLSTATES.has(code) || DISCONNECT_ERRNOS.has(code)))
      return true;
    const message = (err as { message?: unknown }).message;
    return typeof message === "string" && DISCONNECT_MESSAGE.test(message);
  }

  /** The PEP 249 kind from the error's SQLSTATE (`err.code`, five characters). */
  override classifyError(err: unknown): DBAPIErrorKind {
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      return SQLSTATE_CLASSES[code.slice(0, 2)] ?? "DatabaseError";
    }
    if (this.isDisconnect(err)) return "OperationalError";
    // pg's own errors (a value it cannot serialize, a bad config): the driver, not the database.
    return "InterfaceError";
  }

  /** `SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL ...`, for a known level only. */
  override *setIsolationLevel(conn: DriverConnection, level: string): Op<void> {
    const upper = level.toUpperCase().replace(/_/g, " ");
    if (!(ISOLATION_LEVELS as readonly string[]).includes(upper)) {
      throw new ArgumentError(
        `Invalid value '${level}' for isolationLevel. Valid isolation levels for postgresql are ${this.isolationLevels.join(", ")}`,
      );
    }
    yield* super.setIsolationLevel(conn, upper);
  }

  /** With autocommit on, the connection sends no `BEGIN`/`COMMIT`/`ROLLBACK`: each statement commits itself. */
  // biome-ignore lint/correctness/useYield: an Op by the SPI's signature; this one needs no I/O.
  override *setAutocommit(conn: DriverConnection, on: boolean): Op<void> {
    if (conn instanceof PgConnection) conn.autocommit = on;
  }
}

/** `15.18 (Debian 15.18-1.pgdg120+1)` → `[15, 18]`; `9.6.24` → `[9, 6, 24]`; `16beta1` → `[16]`. */
export function parseServerVersion(text: string): number[] | undefined {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (m === null) return undefined;
  return m
    .slice(1)
    .filter((p): p is string => p !== undefined)
    .map((p) => Number.parseInt(p, 10));
}
