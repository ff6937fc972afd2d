/**
 * The better-sqlite3 driver adapter: Athanor's DBAPI over better-sqlite3.
 *
 * better-sqlite3 is synchronous, so every step has a `sync` form (the sync
 * runner, `Engine`) and an `async` form that simply calls it (the async
 * runner, `AsyncEngine`). The module is loaded on the first connect, never
 * at import, so compiling SQL for SQLite works without the driver installed.
 */
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

// ---- the subset of better-sqlite3 that we use (typed locally: no @types package) ----

/** A column as `Statement#columns()` describes it; `type` is the declared type, `null` for expressions. */
interface BetterSqliteColumn {
  readonly name: string;
  readonly type: string | null;
}

/** The subset of better-sqlite3's `Statement` that we use. */
interface BetterSqliteStatement {
  /** The statement returns rows (a SELECT, a PRAGMA with a result, DML with RETURNING). */
  readonly reader: boolean;
  /** The statement does not write (a SELECT). */
  readonly readonly: boolean;
  /** Values as separate arguments, or one array of them (see `spreadable`). */
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  all(...params: unknown[]): unknown[][];
  iterate(params: readonly unknown[]): IterableIterator<unknown[]>;
  raw(on: boolean): BetterSqliteStatement;
  safeIntegers(on: boolean): BetterSqliteStatement;
  columns(): BetterSqliteColumn[];
}

/** The subset of better-sqlite3's `Database` that we use. */
interface BetterSqliteDatabase {
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): BetterSqliteStatement;
  exec(sql: string): unknown;
  close(): unknown;
}

/** better-sqlite3's constructor options that a URL can set. */
export interface BetterSqlite3Options {
  readonly?: boolean;
  fileMustExist?: boolean;
  /** Milliseconds to wait for a lock before SQLITE_BUSY. */
  timeout?: number;
  nativeBinding?: string;
}

type BetterSqliteModule = new (filename: string, options?: BetterSqlite3Options) => BetterSqliteDatabase;

let driverModule: BetterSqliteModule | undefined;

/** Loads better-sqlite3 on first use, with a clear error when it is not installed. */
function loadDriver(): BetterSqliteModule {
  if (driverModule !== undefined) return driverModule;
  try {
    driverModule = createRequire(import.meta.url)("better-sqlite3") as BetterSqliteModule;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND") {
      throw new InvalidRequestError(
        "The SQLite dialect's better-sqlite3 driver is not installed: run `npm install better-sqlite3` " +
          "(it is a peer dependency of @athanor/dialect-sqlite).",
        { cause: err },
      );
    }
    throw err;
  }
  return driverModule;
}

/** An effect of a synchronous step: the `async` form calls the `sync` one. */
function both<T>(describe: string, fn: () => T): Effect<T> {
  return {
    sync: fn,
    async: () => {
      try {
        return Promise.resolve(fn());
      } catch (err) {
        return Promise.reject(err);
      }
    },
    describe,
  };
}

/**
 * The effect of one `execute`: one closure (`sync`), where `both()` makes
 * two, as a primary-key SELECT is short enough for their allocation to show;
 * the `async` form is made only when a runner asks for it. Both may be
 * called detached from the effect.
 */
class ExecuteEffect implements Effect<DriverResult> {
  readonly describe = "better-sqlite3: execute";
  readonly sync: () => DriverResult;
  constructor(conn: BetterSqlite3Connection, sql: string, params: readonly unknown[]) {
    this.sync = () => conn.runStatement(sql, params);
  }
  get async(): () => Promise<DriverResult> {
    const sync = this.sync;
    return () => {
      try {
        return Promise.resolve(sync());
      } catch (err) {
        return Promise.reject(err);
      }
    };
  }
}

/**
 * Whether the values can be passed to better-sqlite3 as separate arguments,
 * which it binds faster than the elements of one array argument (an array
 * it reads element by element through V8's generic property access: a fifth
 * of a bulk INSERT's time). Not when a value is an object: as an argument,
 * an array or a plain object would be read as more values or as named
 * parameters, where as an array element it is only a value (a Buffer, or
 * the error better-sqlite3 gives for what it cannot bind).
 */
function spreadable(params: readonly unknown[]): boolean {
  for (let i = 0; i < params.length; i++) {
    const v = params[i];
    if (typeof v === "object" && v !== null) return false;
  }
  return true;
}

/** A declared column type that holds 64-bit integers: such statements run with `safeIntegers`. */
const BIGINT_DECL = /^\s*(BIGINT|INT8|UNSIGNED\s+BIG\s+INT)\b/i;

/** How many prepared statements a connection keeps (better-sqlite3 prepares are not free). */
const STATEMENT_CACHE_SIZE = 128;

/** Connect options for better-sqlite3: a file name and the driver's own options. */
export interface BetterSqlite3ConnectOptions {
  /** A path, or `:memory:`. */
  readonly filename: string;
  readonly options: BetterSqlite3Options;
  /** Return every integer as a `bigint` (better-sqlite3's `safeIntegers`) in every statement. */
  readonly safeIntegers: boolean;
}

/** Reads the file name and driver options that `SQLiteDialectBetterSqlite3.createConnectArgs` put in `ConnectArgs`. */
export function betterSqlite3Options(args: ConnectArgs): BetterSqlite3ConnectOptions {
  const d = args.driverOptions;
  const { safeIntegers, ...options } = d as BetterSqlite3Options & { safeIntegers?: boolean };
  return { filename: args.database ?? ":memory:", options, safeIntegers: safeIntegers === true };
}

/**
 * A prepared statement of the connection's cache, with what is set up once
 * for it: a reader's columns (and its array and safe-integer modes).
 */
interface CachedStatement {
  readonly stmt: BetterSqliteStatement;
  /** A reader's columns, read (and its modes set) on its first run. */
  columns: DriverColumn[] | undefined;
  /** The cache's insertion count when the entry was last put at the recent end of the LRU order. */
  stamp: number;
}

/** DDL changes the columns a cached `SELECT *` returns: the statement cache is cleared after it. */
const DDL = /^\s*(CREATE|ALTER|DROP)\b/i;

/** One better-sqlite3 database handle as a `DriverConnection`. */
export class BetterSqlite3Connection implements DriverConnection {
  /**
   * Set by the dialect's `setAutocommit`: `begin()` then does nothing, so each
   * statement commits by itself (SQLite's own autocommit).
   */
  autocommit = false;
  private readonly statements = new Map<string, CachedStatement>();
  /** Entries put at the recent end of the statement cache's LRU order so far (new or refreshed). */
  private inserts = 0;

  constructor(
    /** The better-sqlite3 `Database`. */
    readonly db: BetterSqliteDatabase,
    private readonly safeIntegers: boolean,
  ) {}

  get closed(): boolean {
    return !this.db.open;
  }

  /** A prepared statement from the connection's cache (most-recently-used kept). */
  private prepare(sql: string): CachedStatement {
    const cached = this.statements.get(sql);
    if (cached !== undefined) {
      // Refresh its place in the LRU order once it is in the older half (as the compiled cache
      // does): a statement run over and over does not pay a Map delete and set each time.
      if (this.inserts - cached.stamp >= STATEMENT_CACHE_SIZE >> 1) {
        cached.stamp = ++this.inserts;
        this.statements.delete(sql);
        this.statements.set(sql, cached);
      }
      return cached;
    }
    const stmt = this.db.prepare(sql);
    // A writer's integer mode is set once here; a reader's on its first run (setupReader).
    if (!stmt.reader) stmt.safeIntegers(this.safeIntegers);
    if (this.statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    const entry: CachedStatement = { stmt, columns: undefined, stamp: ++this.inserts };
    this.statements.set(sql, entry);
    return entry;
  }

  /**
   * A cached reader's columns, set up on its first run only: `columns()`,
   * `raw()` and `safeIntegers()` are native calls that cost more than running
   * a primary-key SELECT, so they are not repeated per execution.
   */
  private readerColumns(entry: CachedStatement): DriverColumn[] {
    entry.columns ??= this.setupReader(entry.stmt);
    return entry.columns;
  }

  /** Rows of a cached reader, whose columns may have changed since they were read (DDL on another connection). */
  private checkedColumns(entry: CachedStatement, rows: readonly unknown[][]): DriverColumn[] {
    const columns = entry.columns as DriverColumn[];
    const first = rows[0];
    if (first !== undefined && first.length !== columns.length) {
      entry.columns = this.setupReader(entry.stmt);
      return entry.columns;
    }
    return columns;
  }

  /** Sets the statement's modes for a read: arrays, and safe integers when a BIGINT column is selected. */
  private setupReader(stmt: BetterSqliteStatement): DriverColumn[] {
    const cols = stmt.columns();
    stmt.raw(true);
    stmt.safeIntegers(this.safeIntegers || cols.some((c) => c.type !== null && BIGINT_DECL.test(c.type)));
    return cols.map((c) => ({ name: c.name, typeCode: c.type }));
  }

  /** @internal Runs one statement (the `sync` form of `execute`). */
  runStatement(sql: string, params: readonly unknown[]): DriverResult {
    const entry = this.prepare(sql);
    const stmt = entry.stmt;
    if (stmt.reader) {
      this.readerColumns(entry);
      const rows = spreadable(params) ? stmt.all(...params) : stmt.all(params);
      const columns = this.checkedColumns(entry, rows);
      // DML with RETURNING: one row per affected row; a SELECT has no rowcount (as pysqlite's -1).
      return { columns, rows, rowcount: stmt.readonly ? -1 : rows.length };
    }
    const info = spreadable(params) ? stmt.run(...params) : stmt.run(params);
    if (DDL.test(sql)) this.statements.clear();
    return { columns: undefined, rows: [], rowcount: info.changes, lastrowid: info.lastInsertRowid };
  }

  execute(sql: string, params: readonly unknown[], _options: DriverExecuteOptions): Effect<DriverResult> {
    return new ExecuteEffect(this, sql, params);
  }

  /**
   * One prepared statement run once per parameter set, inside whatever
   * transaction is open (the engine's). `rowcount` is the sum of the changes.
   */
  executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    _options: DriverExecuteOptions,
  ): Effect<DriverResult> {
    return both("better-sqlite3: executemany", () => {
      const entry = this.prepare(sql);
      const stmt = entry.stmt;
      let rowcount = 0;
      if (stmt.reader) {
        // RETURNING with many sets: the rows of every set, in order.
        const rows: unknown[][] = [];
        let columns = this.readerColumns(entry);
        for (const params of paramSets) {
          const got = spreadable(params) ? stmt.all(...params) : stmt.all(params);
          columns = this.checkedColumns(entry, got);
          rowcount += got.length;
          for (const r of got) rows.push(r);
        }
        return { columns, rows, rowcount: stmt.readonly ? -1 : rowcount };
      }
      let lastrowid: number | bigint | undefined;
      for (const params of paramSets) {
        const info = spreadable(params) ? stmt.run(...params) : stmt.run(params);
        rowcount += info.changes;
        lastrowid = info.lastInsertRowid;
      }
      return { columns: undefined, rows: [], rowcount, lastrowid };
    });
  }

  /**
   * A cursor over `Statement#iterate()`, which steps SQLite's own cursor row
   * by row (nothing is buffered). better-sqlite3 forbids other statements on
   * the connection while an iterator is open, so close the cursor (or read it
   * to the end) before running anything else.
   */
  stream(sql: string, params: readonly unknown[], _options: DriverExecuteOptions): Effect<DriverCursor> {
    return both("better-sqlite3: stream", () => {
      // A fresh statement: an iterating statement is busy, so the cached one cannot be shared.
      const stmt = this.db.prepare(sql);
      // (better-sqlite3 itself rejects a statement that returns no rows: "Use run() instead".)
      const columns = this.setupReader(stmt);
      const it = stmt.iterate(params);
      let done = false;
      return {
        columns,
        fetch: (size: number) =>
          both("better-sqlite3: fetch", () => {
            const rows: unknown[][] = [];
            while (!done && rows.length < size) {
              const next = it.next();
              if (next.done === true) done = true;
              else rows.push(next.value);
            }
            return rows;
          }),
        close: () =>
          both("better-sqlite3: close cursor", () => {
            if (!done) {
              done = true;
              it.return?.();
            }
          }),
      };
    });
  }

  begin(): Effect<void> {
    return both("better-sqlite3: begin", () => {
      if (!this.autocommit) this.db.exec("BEGIN");
    });
  }

  /** COMMIT; nothing when no transaction is open (SQLite would raise "no transaction is active"). */
  commit(): Effect<void> {
    return both("better-sqlite3: commit", () => {
      if (this.db.inTransaction) this.db.exec("COMMIT");
    });
  }

  /** ROLLBACK; nothing when no transaction is open. */
  rollback(): Effect<void> {
    return both("better-sqlite3: rollback", () => {
      if (this.db.open && this.db.inTransaction) this.db.exec("ROLLBACK");
    });
  }

  close(): Effect<void> {
    return both("better-sqlite3: close", () => {
      this.statements.clear();
      if (this.db.open) this.db.close();
    });
  }
}

/** The better-sqlite3 `DriverAdapter`: sync and async. */
export const betterSqlite3Adapter: DriverAdapter = {
  name: "better-sqlite3",
  supportsSync: true,
  supportsAsync: true,
  connect(args: ConnectArgs): Effect<DriverConnection> {
    return both("better-sqlite3: connect", () => {
      const Database = loadDriver();
      const { filename, options, safeIntegers } = betterSqlite3Options(args);
      return new BetterSqlite3Connection(new Database(filename, options), safeIntegers);
    });
  },
};
