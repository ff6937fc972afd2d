/**
 * The pg (node-postgres) driver adapter: Athanor's DBAPI over `pg.Client`.
 *
 * pg is asynchronous, so every step has only an `async` form: using the sync
 * API (`Engine`) with it raises core's `AsyncOnlyError`, which points to
 * `createAsyncEngine`. The module is loaded on the first connect, never at
 * import, so compiling SQL for PostgreSQL works without pg installed.
 *
 * executemany inside a transaction is pipelined (with a pg that has pipeline
 * mode, such as 8.23): every parameter set is sent before the replies are
 * read, so a batch of N statements costs about one round trip, not N. See
 * `PgConnection.executeMany` and pg-pipeline.ts.
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
import { pipelineSupported, runPipelined } from "./pg-pipeline.js";
import { PG_RAW_TEXT_ARRAY_OIDS, PG_RAW_TEXT_OIDS } from "./pg-types.js";

// ---- the subset of pg that we use (typed locally: no @types/pg) ----------------------

type PgParser = (text: string) => unknown;

/** pg's type-parser registry (`pg.types`), or an override of it given per query. */
interface PgTypes {
  getTypeParser(oid: number, format?: string): PgParser;
}

/** A result column as pg describes it. */
interface PgField {
  readonly name: string;
  readonly dataTypeID: number;
}

/** The subset of pg's `Result` that we use. */
interface PgResult {
  readonly command: string | null;
  readonly rowCount: number | null;
  readonly rows: unknown[][];
  readonly fields: readonly PgField[];
}

/** A query as pg takes it: arrays for rows, and our type parsers. */
interface PgQueryConfig {
  text: string;
  values?: readonly unknown[];
  rowMode: "array";
  types: PgTypes;
  /** A named (server-side prepared) statement: pg sends its Parse once per connection. */
  name?: string;
}

/** The subset of pg's `Client` that we use. */
interface PgClient {
  /** pg's protocol connection: `parsedStatements` are the named statements it has sent a Parse for. */
  readonly connection?: { readonly parsedStatements?: Record<string, string> };
  connect(): Promise<void>;
  /** A multi-statement simple query resolves to one result per statement. */
  query(config: PgQueryConfig): Promise<PgResult | PgResult[]>;
  end(): Promise<void>;
  on(event: "error", listener: (err: Error) => void): unknown;
  /** `I` idle, `T` in a transaction, `E` in a failed transaction (pg 8.17+). */
  getTransactionStatus?(): string | null;
}

/** pg's `Client` options that we set (others pass through `driverOptions`). */
export interface PgClientConfig {
  host?: string | undefined;
  port?: number | undefined;
  database?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  [option: string]: unknown;
}

interface PgModule {
  Client: new (config: PgClientConfig) => PgClient;
  types: PgTypes;
}

let driverModule: PgModule | undefined;

/** Loads pg on first use, with a clear error when it is not installed. */
function loadDriver(): PgModule {
  if (driverModule !== undefined) return driverModule;
  try {
    driverModule = createRequire(import.meta.url)("pg") as PgModule;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND") {
      throw new InvalidRequestError(
        "The PostgreSQL dialect's pg driver is not installed: run `npm install pg` " +
          "(it is a peer dependency of @athanor/dialect-postgresql).",
        { cause: err },
      );
    }
    throw err;
  }
  return driverModule;
}

/**
 * The parsers our queries use: pg's, except that the types our result
 * processors convert stay text (see pg-types.ts). Passed per query, so the
 * process-wide `pg.types` registry other code may rely on is left alone.
 */
function rawTextTypes(types: PgTypes): PgTypes {
  const raw: PgParser = (text) => text;
  const textArray = types.getTypeParser(1009, "text");
  const overrides = new Map<number, PgParser>();
  for (const oid of PG_RAW_TEXT_OIDS) overrides.set(oid, raw);
  for (const oid of PG_RAW_TEXT_ARRAY_OIDS) overrides.set(oid, textArray);
  return {
    getTypeParser: (oid, format) =>
      (format === undefined || format === "text" ? overrides.get(oid) : undefined) ??
      types.getTypeParser(oid, format),
  };
}

/** An effect of an async-only step. */
function asyncOnly<T>(describe: string, fn: () => Promise<T>): Effect<T> {
  return { async: fn, describe };
}

function columnsOf(r: PgResult, returnsRows: boolean): DriverColumn[] | undefined {
  if (r.fields.length === 0 && !returnsRows) return undefined;
  return r.fields.map((f) => ({ name: f.name, typeCode: f.dataTypeID }));
}

/** A multi-statement simple query resolves to one result per statement: the last one's. */
function lastResult(r: PgResult | PgResult[]): PgResult {
  return Array.isArray(r) ? (r[r.length - 1] as PgResult) : r;
}

let cursorCounter = 0;

/**
 * How many statements a connection prepares for its pipelined batches; the
 * batches of any further statement are sent unprepared. A connection's
 * prepared statements last as long as it does, so this bounds them.
 */
const PREPARED_BATCHES_PER_CONNECTION = 100;
let preparedBatchCounter = 0;
/** `DISCARD ALL`, `DISCARD PLANS`, `DEALLOCATE ...`: statements that drop the session's prepared statements. */
const DROPS_PREPARED = /^\s*(discard|deallocate)\b/i;

/** One `pg.Client` as a `DriverConnection`. */
export class PgConnection implements DriverConnection {
  /** Set by the dialect's `setAutocommit`: `begin()`, `commit()` and `rollback()` then do nothing. */
  autocommit = false;
  /** The error that broke the connection (pg emits it as an event), if any. */
  brokenBy: Error | undefined;
  private ended = false;
  /** The names of the statements prepared for pipelined batches, by SQL. */
  private readonly preparedBatches = new Map<string, string>();
  /** Statements prepared for batches so far (those forgotten after an error included). */
  private preparedBatchCount = 0;

  constructor(
    /** The pg `Client`. */
    readonly client: PgClient,
    private readonly types: PgTypes,
    /** Whether pipelined batches use prepared statements (see `executeMany`). */
    private readonly prepareBatches = true,
  ) {
    // pg emits 'error' when the server or the network drops the connection; without a listener
    // that event would crash the process. The next query then fails with "not queryable".
    client.on("error", (err) => {
      this.brokenBy = err;
    });
  }

  get closed(): boolean {
    return this.ended || this.brokenBy !== undefined;
  }

  /** Whether a transaction block is open, from the server's ReadyForQuery status where pg exposes it. */
  get inTransaction(): boolean | undefined {
    const status = this.client.getTransactionStatus?.();
    return status === undefined || status === null ? undefined : status !== "I";
  }

  private config(sql: string, params: readonly unknown[]): PgQueryConfig {
    const config: PgQueryConfig = { text: sql, rowMode: "array", types: this.types };
    // Without values pg uses the simple protocol, which also runs several statements at once.
    if (params.length > 0) config.values = params;
    return config;
  }

  private async query(sql: string, params: readonly unknown[]): Promise<PgResult> {
    const r = lastResult(await this.client.query(this.config(sql, params)));
    if (this.preparedBatches.size > 0 && DROPS_PREPARED.test(sql)) this.forgetPreparedBatches();
    return r;
  }

  /**
   * The name of the prepared statement for a pipelined batch of `sql`, or
   * `undefined` to send it unprepared (preparing turned off, or this
   * connection's share of prepared statements used).
   */
  private preparedBatchName(sql: string): string | undefined {
    if (!this.prepareBatches) return undefined;
    let name = this.preparedBatches.get(sql);
    if (name === undefined && this.preparedBatchCount < PREPARED_BATCHES_PER_CONNECTION) {
      this.preparedBatchCount++;
      preparedBatchCounter = (preparedBatchCounter + 1) % Number.MAX_SAFE_INTEGER;
      name = `athanor_batch_${preparedBatchCounter}`;
      this.preparedBatches.set(sql, name);
    }
    return name;
  }

  /**
   * Forgets the prepared statements of batches, as pg's record that it has
   * parsed them: after `DISCARD` or `DEALLOCATE` the server has none, and
   * the next batch prepares them anew.
   */
  private forgetPreparedBatches(): void {
    const parsed = this.client.connection?.parsedStatements;
    if (parsed !== undefined) for (const name of this.preparedBatches.values()) delete parsed[name];
    this.preparedBatches.clear();
  }

  execute(sql: string, params: readonly unknown[], options: DriverExecuteOptions): Effect<DriverResult> {
    return asyncOnly("pg: execute", async () => {
      const r = await this.query(sql, params);
      return { columns: columnsOf(r, options.returnsRows), rows: r.rows, rowcount: r.rowCount ?? -1 };
    });
  }

  /**
   * Runs the statement once per parameter set, in order; `rowcount` is the
   * sum, and rows (with RETURNING) come in the order of the sets. Inside a
   * transaction block the sets are pipelined — all written before the first
   * reply is read, about one round trip for the batch (see pg-pipeline.ts);
   * the first error in order is raised once every set has been answered.
   * Elsewhere, and with pg versions without pipeline mode, they run one at a
   * time and the batch stops at the first error.
   *
   * A pipelined batch without RETURNING runs as a prepared statement (named,
   * parsed and planned once per connection for the statement, and reused by
   * its later batches), which halves the server's work for a batch of simple
   * UPDATEs. A connection prepares at most 100 such statements; the connect
   * argument `preparedBatches: false` turns this off (for a pooler that does
   * not keep prepared statements, such as PgBouncer in transaction mode
   * before 1.21).
   */
  executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    options: DriverExecuteOptions,
  ): Effect<DriverResult> {
    return asyncOnly("pg: executemany", async () => {
      let rowcount = 0;
      let columns: DriverColumn[] | undefined;
      const rows: unknown[][] = [];
      const add = (r: PgResult) => {
        if (r.rowCount !== null && rowcount >= 0) rowcount += r.rowCount;
        else rowcount = -1;
        columns = columnsOf(r, options.returnsRows);
        if (options.returnsRows) for (const row of r.rows) rows.push(row);
      };
      if (paramSets.length > 1 && pipelineSupported(this.client)) {
        const name =
          options.returnsRows || (paramSets[0] as readonly unknown[]).length === 0
            ? undefined
            : this.preparedBatchName(sql);
        const configs = paramSets.map((params) => {
          const config = this.config(sql, params);
          if (name !== undefined) config.name = name;
          return config;
        });
        let results: unknown[];
        try {
          results = await runPipelined(this.client, configs);
        } catch (err) {
          // Whether the server still has the statement is unknown (its Parse may have failed, and
          // pg closes it when a value cannot be bound): the next batch prepares one of a new name.
          if (name !== undefined) this.preparedBatches.delete(sql);
          throw err;
        }
        for (const r of results) add(lastResult(r as PgResult | PgResult[]));
      } else {
        for (const params of paramSets) add(await this.query(sql, params));
      }
      return { columns, rows, rowcount };
    });
  }

  /**
   * A server-side cursor with SQL's `DECLARE` / `FETCH` (pg has no cursor
   * API without the pg-cursor package). Inside a transaction the cursor
   * streams; outside one it is declared `WITH HOLD`, which PostgreSQL
   * materializes when the implicit transaction of the DECLARE ends —
   * correct, but not streamed from the server. Parameters are bound as usual.
   */
  stream(sql: string, params: readonly unknown[], _options: DriverExecuteOptions): Effect<DriverCursor> {
    return asyncOnly("pg: stream", async () => {
      cursorCounter = (cursorCounter + 1) % Number.MAX_SAFE_INTEGER;
      const name = `athanor_cursor_${cursorCounter}`;
      const hold = this.inTransaction === false ? " WITH HOLD" : "";
      await this.query(`DECLARE ${name} NO SCROLL CURSOR${hold} FOR ${sql}`, params);
      // FETCH 0 returns the row description (no rows): the columns, before the first fetch.
      const head = await this.query(`FETCH FORWARD 0 FROM ${name}`, []);
      let open = true;
      return {
        columns: columnsOf(head, true) ?? [],
        fetch: (size: number) =>
          asyncOnly("pg: fetch", async () => {
            if (!open) return [];
            const n = Math.max(1, Math.floor(size));
            return (await this.query(`FETCH FORWARD ${n} FROM ${name}`, [])).rows;
          }),
        close: () =>
          asyncOnly("pg: close cursor", async () => {
            if (!open) return;
            open = false;
            // A failed transaction refuses CLOSE, and its end drops the cursor anyway.
            if (this.closed || this.client.getTransactionStatus?.() === "E") return;
            try {
              await this.query(`CLOSE ${name}`, []);
            } catch (err) {
              // 34000 invalid_cursor_name: the transaction that held it has ended.
              if ((err as { code?: unknown }).code !== "34000") throw err;
            }
          }),
      };
    });
  }

  begin(): Effect<void> {
    return asyncOnly("pg: begin", async () => {
      if (!this.autocommit) await this.query("BEGIN", []);
    });
  }

  commit(): Effect<void> {
    return asyncOnly("pg: commit", async () => {
      if (!this.autocommit && this.inTransaction !== false) await this.query("COMMIT", []);
    });
  }

  rollback(): Effect<void> {
    return asyncOnly("pg: rollback", async () => {
      if (!this.autocommit && this.inTransaction !== false && !this.closed) await this.query("ROLLBACK", []);
    });
  }

  close(): Effect<void> {
    return asyncOnly("pg: close", async () => {
      if (this.ended) return;
      this.ended = true;
      await this.client.end();
    });
  }
}

/** Builds pg's `Client` options from `ConnectArgs` (the URL's parts and the driver options). */
export function pgClientConfig(args: ConnectArgs): PgClientConfig {
  // `preparedBatches` is the adapter's own option (see `PgConnection.executeMany`), not pg's.
  const { preparedBatches: _ours, ...driverOptions } = args.driverOptions;
  return {
    host: args.host,
    port: args.port,
    database: args.database,
    user: args.username,
    password: args.password,
    ...driverOptions,
  };
}

/** The pg `DriverAdapter`: async only. */
export const pgAdapter: DriverAdapter = {
  name: "pg",
  supportsSync: false,
  supportsAsync: true,
  connect(args: ConnectArgs): Effect<DriverConnection> {
    return asyncOnly("pg: connect", async () => {
      const pg = loadDriver();
      const client = new pg.Client(pgClientConfig(args));
      const conn = new PgConnection(
        client,
        rawTextTypes(pg.types),
        args.driverOptions.preparedBatches !== false,
      );
      await client.connect();
      return conn;
    });
  },
};
