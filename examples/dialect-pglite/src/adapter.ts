/**
 * The PGlite driver adapter: Athanor's DBAPI over `@electric-sql/pglite`
 * (PostgreSQL compiled to WebAssembly, running in this process).
 *
 * - **One PGlite instance is one connection.** `connect()` makes a
 *   `new PGlite({ dataDir })` and awaits `waitReady`; `close()` closes it.
 *   An in-memory database lives and dies with its instance, and a data
 *   directory may be opened by one instance at a time, which is why the
 *   dialect asks the engine for a single shared connection (`"static"` pool).
 * - **Async only.** PGlite's API returns Promises, so each step has only an
 *   `async` form: the sync `Engine` raises core's `AsyncOnlyError`; use
 *   `createAsyncEngine` from `@athanor/asyncio-compat`.
 * - **Rows as arrays** (`rowMode: "array"`), with the instance's parsers set
 *   so that int8, numeric, date, timestamp, timestamptz and interval arrive
 *   as PostgreSQL's text (see `types.ts`): the dialect's result processors
 *   convert them by the column's declared type, exactly as for `pg`.
 * - **Loaded lazily.** The module (and its WASM) is imported on the first
 *   connect, so compiling SQL for this dialect never loads PostgreSQL.
 */
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
import { pgliteParsers } from "./types.js";

// ---- the subset of PGlite that we use, typed locally ----------------------------------

/** One statement's result, as PGlite gives it (rows are arrays with `rowMode: "array"`). */
export interface PGliteResults<R = unknown> {
  readonly rows: R[];
  readonly fields: readonly { readonly name: string; readonly dataTypeID: number }[];
  /** The count of the command tag (`INSERT 0 3` → 3, `SELECT 2` → 2); absent for DDL. */
  readonly rowCount?: number;
  readonly command?: string;
}

/** Per-query options we pass. */
export interface PGliteQueryOptions {
  rowMode: "array";
}

/** The subset of PGlite's instance that we use. */
export interface PGliteLike {
  readonly waitReady: Promise<void>;
  readonly closed: boolean;
  /** One statement through the extended protocol (`$1` parameters). */
  query<R>(sql: string, params?: unknown[], options?: PGliteQueryOptions): Promise<PGliteResults<R>>;
  /**
   * Several statements through the simple protocol, no parameters; one
   * result per statement. (Typed with object rows whatever the `rowMode`.)
   */
  exec(sql: string, options?: PGliteQueryOptions): Promise<PGliteResults<Record<string, any>>[]>;
  close(): Promise<void>;
}

/** PGlite's constructor options that we set; others pass through `connectArgs`. */
export interface PGliteOptions {
  /** Where the database lives: a directory; absent (or `memory://`) for memory. */
  dataDir?: string;
  /** Per-type text parsers of this instance (we set the six that stay text). */
  parsers?: Record<number, (text: string) => unknown>;
  [option: string]: unknown;
}

/** What the adapter needs of the module: the `PGlite` class. */
export interface PGliteModule {
  PGlite: new (options: PGliteOptions) => PGliteLike;
}

let driverModule: Promise<PGliteModule> | undefined;

/** Imports PGlite on first use, with a clear error when it is not installed. */
function loadDriver(): Promise<PGliteModule> {
  driverModule ??= import("@electric-sql/pglite").then(
    (mod) => mod as unknown as PGliteModule,
    (err: unknown) => {
      driverModule = undefined;
      const code = (err as { code?: unknown }).code;
      if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
        throw new InvalidRequestError(
          "The pglite dialect needs @electric-sql/pglite: run `npm install @electric-sql/pglite`.",
          { cause: err },
        );
      }
      throw err;
    },
  );
  return driverModule;
}

/** An effect of an async-only step. */
function asyncOnly<T>(describe: string, fn: () => Promise<T>): Effect<T> {
  return { async: fn, describe };
}

const ARRAY_ROWS: PGliteQueryOptions = { rowMode: "array" };

function columnsOf(r: PGliteResults<unknown>, returnsRows: boolean): DriverColumn[] | undefined {
  if (r.fields.length === 0 && !returnsRows) return undefined;
  return r.fields.map((f) => ({ name: f.name, typeCode: f.dataTypeID }));
}

let cursorCounter = 0;

/** One PGlite instance as a `DriverConnection`. */
export class PGliteConnection implements DriverConnection {
  /** Set by the dialect's `setAutocommit`: `begin()`, `commit()` and `rollback()` then do nothing. */
  autocommit = false;
  /**
   * Whether a transaction block is open, as far as this connection knows:
   * set by `begin()` and by statements that start or end one; PGlite does not
   * expose the server's ReadyForQuery status.
   */
  inTransaction = false;

  constructor(
    /** The PGlite instance. */
    readonly db: PGliteLike,
  ) {}

  get closed(): boolean {
    return this.db.closed;
  }

  /**
   * Runs one statement and returns the result of its last part. Without
   * parameters the simple protocol is used, which also runs several
   * statements at once (as pg does); with them, the extended protocol.
   */
  private async query(sql: string, params: readonly unknown[]): Promise<PGliteResults<unknown[]>> {
    if (params.length > 0) return this.db.query<unknown[]>(sql, params as unknown[], ARRAY_ROWS);
    const results = await this.db.exec(sql, ARRAY_ROWS);
    // rowMode "array" makes every row an array; PGlite's types do not follow the option.
    return (results[results.length - 1] ?? { rows: [], fields: [] }) as unknown as PGliteResults<unknown[]>;
  }

  execute(sql: string, params: readonly unknown[], options: DriverExecuteOptions): Effect<DriverResult> {
    return asyncOnly("pglite: execute", async () => {
      const r = await this.query(sql, params);
      return { columns: columnsOf(r, options.returnsRows), rows: r.rows, rowcount: r.rowCount ?? -1 };
    });
  }

  /** Runs the statement once per parameter set, in order; `rowcount` is the sum. */
  executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    options: DriverExecuteOptions,
  ): Effect<DriverResult> {
    return asyncOnly("pglite: executemany", async () => {
      let rowcount = 0;
      let columns: DriverColumn[] | undefined;
      const rows: unknown[][] = [];
      for (const params of paramSets) {
        const r = await this.query(sql, params);
        if (r.rowCount !== undefined && rowcount >= 0) rowcount += r.rowCount;
        else rowcount = -1;
        columns = columnsOf(r, options.returnsRows);
        if (options.returnsRows) for (const row of r.rows) rows.push(row);
      }
      return { columns, rows, rowcount };
    });
  }

  /**
   * A cursor with SQL's `DECLARE` / `FETCH`: PGlite has no cursor API, but
   * PostgreSQL's cursors work inside it. In a transaction the cursor reads
   * rows as fetched; outside one it is declared `WITH HOLD`, which
   * PostgreSQL materializes when the DECLARE's implicit transaction ends.
   */
  stream(sql: string, params: readonly unknown[], _options: DriverExecuteOptions): Effect<DriverCursor> {
    return asyncOnly("pglite: stream", async () => {
      cursorCounter = (cursorCounter + 1) % Number.MAX_SAFE_INTEGER;
      const name = `athanor_cursor_${cursorCounter}`;
      const hold = this.inTransaction ? "" : " WITH HOLD";
      await this.query(`DECLARE ${name} NO SCROLL CURSOR${hold} FOR ${sql}`, params);
      // FETCH 0 returns the row description and no rows: the columns, before the first fetch.
      const head = await this.query(`FETCH FORWARD 0 FROM ${name}`, []);
      let open = true;
      return {
        columns: columnsOf(head, true) ?? [],
        fetch: (size: number) =>
          asyncOnly("pglite: fetch", async () => {
            if (!open) return [];
            const n = Math.max(1, Math.floor(size));
            return (await this.query(`FETCH FORWARD ${n} FROM ${name}`, [])).rows;
          }),
        close: () =>
          asyncOnly("pglite: close cursor", async () => {
            if (!open) return;
            open = false;
            if (this.closed) return;
            try {
              await this.query(`CLOSE ${name}`, []);
            } catch (err) {
              // 34000 invalid_cursor_name: the transaction that held it has ended;
              // 25P02 in_failed_sql_transaction: its end will drop the cursor.
              const code = (err as { code?: unknown }).code;
              if (code !== "34000" && code !== "25P02") throw err;
            }
          }),
      };
    });
  }

  begin(): Effect<void> {
    return asyncOnly("pglite: begin", async () => {
      if (this.autocommit) return;
      await this.query("BEGIN", []);
      this.inTransaction = true;
    });
  }

  commit(): Effect<void> {
    return asyncOnly("pglite: commit", async () => {
      if (this.autocommit) return;
      this.inTransaction = false;
      await this.query("COMMIT", []);
    });
  }

  rollback(): Effect<void> {
    return asyncOnly("pglite: rollback", async () => {
      if (this.autocommit || this.closed) return;
      this.inTransaction = false;
      await this.query("ROLLBACK", []);
    });
  }

  close(): Effect<void> {
    return asyncOnly("pglite: close", async () => {
      if (!this.db.closed) await this.db.close();
    });
  }
}

/**
 * PGlite's options from `ConnectArgs`: the data directory is the URL's
 * database (`undefined` for memory), the driver options pass through, and
 * our parsers are merged over any given (the result processors need them).
 */
export function pgliteOptions(args: ConnectArgs): PGliteOptions {
  const given = args.driverOptions as PGliteOptions;
  const options: PGliteOptions = { ...given, parsers: { ...(given.parsers ?? {}), ...pgliteParsers } };
  if (args.database !== undefined) options.dataDir = args.database;
  return options;
}

/**
 * Makes a `PGliteAdapter` around a given constructor, for tests or for a
 * PGlite build of your own (with extensions preloaded, say).
 */
export function makePgliteAdapter(load: () => Promise<PGliteModule> = loadDriver): DriverAdapter {
  return {
    name: "pglite",
    supportsSync: false,
    supportsAsync: true,
    connect(args: ConnectArgs): Effect<DriverConnection> {
      return asyncOnly("pglite: connect", async () => {
        const { PGlite } = await load();
        const db = new PGlite(pgliteOptions(args));
        await db.waitReady;
        return new PGliteConnection(db);
      });
    },
  };
}

/** The PGlite `DriverAdapter`: async only. */
export const pgliteAdapter: DriverAdapter = makePgliteAdapter();
