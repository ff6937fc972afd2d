import {
  ArgumentError,
  type ConnectArgs,
  type DBAPIErrorKind,
  type DriverAdapter,
  type DriverConnection,
  makeUrl,
  type Op,
  type Paramstyle,
  perform,
  type URL,
} from "@athanor/core";
import { SQLiteDialect, type SQLiteDialectOptions } from "../base/dialect.js";
import {
  BetterSqlite3Connection,
  type BetterSqlite3Options,
  betterSqlite3Adapter,
} from "./better-sqlite3-adapter.js";

/** The pool an engine should use for a SQLite URL (see `poolClassForUrl`). */
export type SQLitePoolClass = "static" | "queue";

/** The isolation levels SQLite has, as `PRAGMA read_uncommitted` values. */
const ISOLATION: Readonly<Record<string, number>> = { SERIALIZABLE: 0, "READ UNCOMMITTED": 1 };

/** Whether a URL names an in-memory database: `sqlite://`, `sqlite:///:memory:`, `?mode=memory`. */
function isMemory(url: URL): boolean {
  const db = url.database;
  return db === undefined || db === "" || db === ":memory:" || url.query.mode === "memory";
}

function one(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === "string" ? value : value?.[value.length - 1];
}

/**
 * SQLite through the better-sqlite3 driver (`sqlite+better-sqlite3://`, and
 * the default driver of `sqlite://`).
 *
 * - **Sync and async.** better-sqlite3 is synchronous: every driver step has
 *   a sync form (the `Engine`) and an async form that calls it (`AsyncEngine`).
 *   The driver is loaded on the first connect, so compiling needs none.
 * - **URLs.** `sqlite://` (or `sqlite:///:memory:`) is an in-memory database;
 *   `sqlite:///relative.db` a file relative to the working directory;
 *   `sqlite:////absolute/path.db` an absolute path. Query options:
 *   `mode=ro` (read only), `mode=rw` (the file must exist), `mode=rwc`
 *   (default), `mode=memory`, `timeout=<seconds>` (busy timeout, as
 *   pysqlite's; default 5), `safeIntegers=true` (every integer as `bigint`).
 * - **Pooling.** An in-memory database lives and dies with its one
 *   connection, so the engine must share one connection:
 *   `poolClassForUrl(url)` says `"static"` for memory URLs and `"queue"`
 *   for files.
 * - **Foreign keys are enforced.** SQLite leaves them off by default; every
 *   new connection runs `PRAGMA foreign_keys = ON` (in `onConnect`) so that
 *   `ForeignKey` constraints behave as on the other databases. (SQLAlchemy
 *   leaves this to an event listener; here it is the default.)
 * - **Transactions.** The driver is in autocommit mode; `begin()` issues
 *   `BEGIN` (deferred). Isolation levels: `SERIALIZABLE` (the default),
 *   `READ UNCOMMITTED` (`PRAGMA read_uncommitted`, which matters only with a
 *   shared cache) and `AUTOCOMMIT` (no `BEGIN`).
 * - **Errors** are classified as Python's sqlite3 module does (so as
 *   SQLAlchemy's pysqlite dialect reports them): constraint violations are
 *   `IntegrityError`; `SQLITE_ERROR` (syntax errors, "no such table") and
 *   busy/locked databases are `OperationalError`.
 */
export class SQLiteDialectBetterSqlite3 extends SQLiteDialect {
  override driver = "better-sqlite3";
  override paramstyle: Paramstyle = "qmark";
  override isolationLevels: readonly string[] = ["SERIALIZABLE", "READ UNCOMMITTED", "AUTOCOMMIT"];

  constructor(options: SQLiteDialectOptions = {}) {
    super(options);
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
  }

  override driverAdapter(): DriverAdapter {
    return betterSqlite3Adapter;
  }

  /**
   * The pool class the engine should use for `url`: `"static"` (one shared
   * connection, as SQLAlchemy's SingletonThreadPool/StaticPool) for an
   * in-memory database, whose data would otherwise vanish with each new
   * connection; `"queue"` for a file.
   */
  override poolClassForUrl(url: URL | string): SQLitePoolClass {
    return isMemory(makeUrl(url)) ? "static" : "queue";
  }

  /**
   * The file name (`database`, `:memory:` for memory URLs) and better-sqlite3
   * options (`driverOptions`) from the URL; `driverOptions` given to the
   * engine override the URL's.
   */
  override createConnectArgs(url: URL, driverOptions: Readonly<Record<string, unknown>> = {}): ConnectArgs {
    const options: BetterSqlite3Options & { safeIntegers?: boolean } = {};
    for (const [key, raw] of Object.entries(url.query)) {
      const value = one(raw) ?? "";
      switch (key) {
        case "mode":
          if (value === "ro") options.readonly = true;
          else if (value === "rw") options.fileMustExist = true;
          else if (value !== "rwc" && value !== "memory")
            throw new ArgumentError(`SQLite URL option mode=${value}: expected ro, rw, rwc or memory`);
          break;
        case "timeout": {
          const seconds = Number(value);
          if (!Number.isFinite(seconds) || seconds < 0)
            throw new ArgumentError(`SQLite URL option timeout=${value}: expected a number of seconds`);
          options.timeout = Math.round(seconds * 1000);
          break;
        }
        case "safeIntegers":
        case "safe_integers":
          options.safeIntegers = value === "true" || value === "1";
          break;
        case "fileMustExist":
          options.fileMustExist = value === "true" || value === "1";
          break;
        default:
          throw new ArgumentError(
            `SQLite URL option '${key}' is not known to the better-sqlite3 driver ` +
              "(known: mode, timeout, safeIntegers, fileMustExist); pass driver options with connectArgs",
          );
      }
    }
    return {
      database: isMemory(url) ? ":memory:" : url.database,
      query: url.query,
      driverOptions: { ...options, ...driverOptions },
    };
  }

  /** Turns foreign key enforcement on (SQLite's default is off). */
  override *onConnect(conn: DriverConnection): Op<void> {
    yield* perform(conn.execute("PRAGMA foreign_keys = ON", [], { returnsRows: false }));
  }

  /** Reads the SQLite library's version (`sqlite_version()`) and sets the version-dependent flags. */
  override *initialize(conn: DriverConnection): Op<void> {
    const r = yield* perform(conn.execute("SELECT sqlite_version()", [], { returnsRows: true }));
    const text = String(r.rows[0]?.[0] ?? "");
    const version = text.split(".").map((p) => Number.parseInt(p, 10));
    if (version.length > 0 && version.every((n) => Number.isFinite(n))) {
      this.serverVersionInfo = version;
      this.applyServerVersion();
    }
  }

  override isDisconnect(err: unknown): boolean {
    const message = err instanceof Error ? err.message : String(err);
    // better-sqlite3 raises a TypeError "The database connection is not open" on a closed handle.
    return /database connection is not open|database is closed|closed database/i.test(message);
  }

  /** The PEP 249 kind of a better-sqlite3 error, as Python's sqlite3 module maps SQLite's result codes. */
  override classifyError(err: unknown): DBAPIErrorKind {
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code === "string" && code.startsWith("SQLITE_")) {
      // better-sqlite3 reports extended codes (SQLITE_CONSTRAINT_UNIQUE); the primary code decides.
      const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0];
      switch (primary) {
        case "SQLITE_CONSTRAINT":
        case "SQLITE_MISMATCH":
          return "IntegrityError";
        case "SQLITE_INTERNAL":
        case "SQLITE_NOTFOUND":
          return "InternalError";
        case "SQLITE_TOOBIG":
          return "DataError";
        case "SQLITE_MISUSE":
        case "SQLITE_RANGE":
          return "InterfaceError";
        case "SQLITE_CORRUPT":
        case "SQLITE_NOTADB":
        case "SQLITE_FORMAT":
          return "DatabaseError";
        default:
          // SQLITE_ERROR (syntax errors, no such table), BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN, ...
          return "OperationalError";
      }
    }
    if (this.isDisconnect(err)) return "ProgrammingError"; // as sqlite3's "Cannot operate on a closed database."
    // Errors better-sqlite3 raises before SQLite runs anything: wrong parameter count, more than one
    // statement (RangeError), a value it cannot bind (TypeError).
    if (err instanceof RangeError) return "ProgrammingError";
    if (err instanceof TypeError) return "InterfaceError";
    return "DatabaseError";
  }

  /** `PRAGMA read_uncommitted = 0|1` (AUTOCOMMIT is `setAutocommit`). */
  override *setIsolationLevel(conn: DriverConnection, level: string): Op<void> {
    const value = ISOLATION[level.toUpperCase()];
    if (value === undefined) {
      throw new ArgumentError(
        `Invalid value '${level}' for isolationLevel. Valid isolation levels for sqlite are ${this.isolationLevels.join(", ")}`,
      );
    }
    yield* perform(conn.execute(`PRAGMA read_uncommitted = ${value}`, [], { returnsRows: false }));
  }

  override *getIsolationLevel(conn: DriverConnection): Op<string> {
    const r = yield* perform(conn.execute("PRAGMA read_uncommitted", [], { returnsRows: true }));
    return Number(r.rows[0]?.[0] ?? 0) === 0 ? "SERIALIZABLE" : "READ UNCOMMITTED";
  }

  /** With autocommit on, `begin()` issues no `BEGIN`, so each statement commits by itself. */
  // biome-ignore lint/correctness/useYield: an Op by the SPI's signature; this one needs no I/O.
  override *setAutocommit(conn: DriverConnection, on: boolean): Op<void> {
    if (conn instanceof BetterSqlite3Connection) conn.autocommit = on;
  }
}
