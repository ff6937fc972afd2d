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
import {
  PGDialect,
  type PGDialectOptions,
  parseServerVersion,
  pgDriverColspecs,
} from "@athanor/dialect-postgresql";
import { PGliteConnection, pgliteAdapter } from "./adapter.js";

/**
 * SQLSTATE class (first two characters) → PEP 249 kind, as psycopg2 maps
 * them. (A property of PostgreSQL rather than of a driver, but
 * `@athanor/dialect-postgresql` keeps its table in the pg driver class, so
 * a dialect deriving from `PGDialect` brings its own.)
 */
const SQLSTATE_CLASSES: Readonly<Record<string, DBAPIErrorKind>> = {
  "08": "OperationalError",
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
  "40": "OperationalError",
  "42": "ProgrammingError",
  "44": "ProgrammingError",
  "53": "OperationalError",
  "54": "OperationalError",
  "55": "OperationalError",
  "57": "OperationalError",
  "58": "OperationalError",
  F0: "InternalError",
  HV: "OperationalError",
  P0: "InternalError",
  XX: "InternalError",
};

/** What PGlite throws once its instance is closed (or closing): the connection is gone. */
const DISCONNECT_MESSAGE = /^PGlite is clos(ed|ing)$|PGlite failed to initialize/;

const ISOLATION_LEVELS = ["SERIALIZABLE", "REPEATABLE READ", "READ COMMITTED", "READ UNCOMMITTED"] as const;

/** URL query options → PGlite options. */
const QUERY_OPTIONS: Readonly<Record<string, (value: string) => Record<string, unknown>>> = {
  relaxedDurability: (v) => ({ relaxedDurability: flag(v, "relaxedDurability") }),
  debug: (v) => ({ debug: integer(v, "debug") }),
  initialMemory: (v) => ({ initialMemory: integer(v, "initialMemory") }),
  username: (v) => ({ username: v }),
};

function flag(value: string, name: string): boolean {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ArgumentError(`PGlite URL option ${name}=${value}: expected true or false`);
}

function integer(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new ArgumentError(`PGlite URL option ${name}=${value}: expected a number`);
  return n;
}

function one(value: string | readonly string[] | undefined): string {
  return typeof value === "string" ? value : (value?.[value.length - 1] ?? "");
}

/**
 * The PGlite data directory a URL names, or `undefined` for an in-memory
 * database. As SQLite's URLs: `pglite://` and `pglite:///:memory:` are in
 * memory, `pglite:///relative/dir` is relative to the working directory,
 * `pglite:////absolute/dir` absolute; `memory://` data directories are
 * PGlite's own name for memory.
 */
export function dataDirOf(url: URL): string | undefined {
  const db = url.database;
  if (db === undefined || db === "" || db === ":memory:" || db.startsWith("memory://")) return undefined;
  return db;
}

/** Options of the PGlite dialect: PostgreSQL's (`renderBindCasts`, `serverVersion`, ...). */
export type PGliteDialectOptions = PGDialectOptions;

/**
 * PostgreSQL in process, through PGlite (`pglite://`): PostgreSQL's SQL,
 * DDL and types (this class extends `PGDialect` from
 * `@athanor/dialect-postgresql`), with PGlite as the driver.
 *
 * - **URLs.** `pglite://` (in memory), `pglite:///path/to/dir` (relative),
 *   `pglite:////abs/path/to/dir`. Query options: `relaxedDurability`,
 *   `debug`, `initialMemory`, `username`; any PGlite option (`extensions`,
 *   ...) through the engine's `connectArgs`.
 * - **One connection.** A PGlite instance is one single-user PostgreSQL
 *   backend, so the engine's pool holds one shared connection (`"static"`)
 *   for memory and directories alike: an in-memory database would be lost
 *   with its instance, and a data directory must not be opened twice.
 * - **Async only**, like `pg`: use `createAsyncEngine` from
 *   `@athanor/asyncio-compat`.
 * - **Values** as the pg driver's (the same result processors): `BigInteger`
 *   → `bigint`, `Numeric` → exact string, naive `DateTime` → `Date` read as
 *   UTC, `Date` → `'YYYY-MM-DD'`, `Interval` → milliseconds. See `types.ts`.
 *
 * @example
 * ```ts
 * import { createAsyncEngine } from "@athanor/asyncio-compat";
 * import { PGliteDialect } from "athanor-dialect-pglite";
 * const engine = createAsyncEngine("pglite://", { dialect: new PGliteDialect() });
 * ```
 */
export class PGliteDialect extends PGDialect {
  override name = "pglite";
  override driver = "pglite";
  override paramstyle: Paramstyle = "numericDollar";
  override colspecs = pgDriverColspecs;
  /** PGlite has no batched executemany (a call per row), so an executemany INSERT goes as multi-row pages. */
  override useInsertmanyvaluesWoReturning = true;

  constructor(options: PGliteDialectOptions = {}) {
    super(options);
    // A field initializer runs after the base constructor, so the option is applied again here.
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
  }

  override driverAdapter(): DriverAdapter {
    return pgliteAdapter;
  }

  /** The data directory from the URL (see {@link dataDirOf}); query options as PGlite options. */
  override createConnectArgs(url: URL, driverOptions: Readonly<Record<string, unknown>> = {}): ConnectArgs {
    const fromQuery: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(url.query)) {
      const map = QUERY_OPTIONS[key];
      if (map === undefined) {
        throw new ArgumentError(
          `PGlite URL option '${key}' is not known (known: ${Object.keys(QUERY_OPTIONS).join(", ")}); ` +
            "pass other PGlite options with connectArgs",
        );
      }
      Object.assign(fromQuery, map(one(raw)));
    }
    return {
      database: dataDirOf(url),
      query: url.query,
      driverOptions: { ...fromQuery, ...driverOptions },
    };
  }

  /** One shared connection: a PGlite instance is the whole database server (see the class notes). */
  override poolClassForUrl(url: URL): "static" {
    void url;
    return "static";
  }

  /** Reads `SHOW server_version` (PGlite 0.5 embeds PostgreSQL 18) and sets the version-dependent flags. */
  override *initialize(conn: DriverConnection): Op<void> {
    const r = yield* perform(conn.execute("SHOW server_version", [], { returnsRows: true }));
    const version = parseServerVersion(String(r.rows[0]?.[0] ?? ""));
    if (version !== undefined) {
      this.serverVersionInfo = version;
      this.applyServerVersion();
    }
  }

  override isDisconnect(err: unknown): boolean {
    const message = (err as { message?: unknown } | null)?.message;
    return typeof message === "string" && DISCONNECT_MESSAGE.test(message);
  }

  /** The PEP 249 kind from the error's SQLSTATE (`err.code`); PGlite's own errors are the driver's. */
  override classifyError(err: unknown): DBAPIErrorKind {
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      return SQLSTATE_CLASSES[code.slice(0, 2)] ?? "DatabaseError";
    }
    if (this.isDisconnect(err)) return "OperationalError";
    return "InterfaceError";
  }

  /** `SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL ...`, for a known level only. */
  override *setIsolationLevel(conn: DriverConnection, level: string): Op<void> {
    const upper = level.toUpperCase().replace(/_/g, " ");
    if (!(ISOLATION_LEVELS as readonly string[]).includes(upper)) {
      throw new ArgumentError(
        `Invalid value '${level}' for isolationLevel. Valid isolation levels for ${this.name} are ${this.isolationLevels.join(", ")}`,
      );
    }
    yield* super.setIsolationLevel(conn, upper);
  }

  /** With autocommit on, the connection sends no `BEGIN`/`COMMIT`/`ROLLBACK`: each statement commits itself. */
  override *setAutocommit(conn: DriverConnection, on: boolean): Op<void> {
    if (conn instanceof PGliteConnection) conn.autocommit = on;
  }
}
