/**
 * The tedious driver adapter: Athanor's DBAPI over tedious' event API.
 * tedious is loaded on the first connect, never at import, and typed
 * through the few members used here.
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
import { type TdsTypeName, tdsParam, tdsParamName } from "./tedious-params.js";

// --- the subset of tedious that we need ------------------------------------------------

/** A tedious data type (an entry of `TYPES`). */
export interface TediousDataType {
  readonly name: string;
}

/** A result column as tedious describes it. */
export interface TediousColumnMetadata {
  readonly colName: string;
  readonly type: { readonly name: string; readonly id?: number };
}

/** The errors tedious raises: `ConnectionError` (code only) and `RequestError` (with the server's number). */
export interface TediousError extends Error {
  /** `ESOCKET`, `ELOGIN`, `ETIMEOUT`, `ECLOSE`, `EINVALIDSTATE`, `EREQUEST`, `ECANCEL`, `EPARAM`, ... */
  code?: string;
  /** The server's error number (`2627` unique violation, `208` invalid object name, ...). */
  number?: number;
  state?: number;
  class?: number;
}

/** A tedious request. */
export interface TediousRequest {
  addParameter(name: string, type: TediousDataType, value: unknown, options?: Record<string, unknown>): void;
  on(event: "columnMetadata", listener: (columns: readonly TediousColumnMetadata[]) => void): TediousRequest;
  on(event: "row", listener: (columns: readonly { value: unknown }[]) => void): TediousRequest;
  pause(): void;
  resume(): void;
}

/** A tedious connection. */
export interface TediousConnection {
  connect(callback: (err?: TediousError) => void): void;
  execSql(request: TediousRequest): void;
  execSqlBatch(request: TediousRequest): void;
  beginTransaction(
    callback: (err?: TediousError | null) => void,
    name?: string,
    isolationLevel?: number,
  ): void;
  commitTransaction(callback: (err?: TediousError | null) => void, name?: string): void;
  rollbackTransaction(callback: (err?: TediousError | null) => void, name?: string): void;
  cancel(): boolean;
  close(): void;
  on(event: "error", listener: (err: TediousError) => void): void;
  on(event: "end", listener: () => void): void;
}

/** The tedious module. */
export interface TediousModule {
  Connection: new (config: Record<string, unknown>) => TediousConnection;
  Request: new (
    sql: string,
    callback: (err: TediousError | null | undefined, rowCount?: number) => void,
  ) => TediousRequest;
  TYPES: Readonly<Record<string, TediousDataType>>;
  ISOLATION_LEVEL: Readonly<Record<string, number>>;
}

let tediousModule: TediousModule | undefined;

/** Loads tedious on first use, with an error naming the npm package when it is missing. */
export function loadTedious(moduleName = "tedious"): TediousModule {
  if (moduleName === "tedious" && tediousModule !== undefined) return tediousModule;
  let mod: TediousModule;
  try {
    mod = createRequire(import.meta.url)(moduleName) as TediousModule;
  } catch (err) {
    if ((err as { code?: string }).code === "MODULE_NOT_FOUND" && String(err).includes(moduleName)) {
      throw new InvalidRequestError(
        `the ${moduleName} driver is not installed; install it to use mssql+tedious:// URLs: npm install ${moduleName}`,
      );
    }
    throw err;
  }
  if (moduleName === "tedious") tediousModule = mod;
  return mod;
}

// --- connect arguments -----------------------------------------------------------------

function queryValue(args: ConnectArgs, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const v = args.query[key];
    if (v !== undefined) return Array.isArray(v) ? (v[v.length - 1] as string) : (v as string);
  }
  return undefined;
}

function bool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  return /^(1|true|yes|on)$/i.test(v);
}

/**
 * tedious' connection configuration from a URL and the engine's `connectArgs`.
 *
 * `mssql+tedious://user:pass@host:1433/db`; a host `server\instance` names
 * an instance. Query options: `encrypt` (`true` / `false` / `strict`),
 * `trustServerCertificate` (also `TrustServerCertificate=yes`),
 * `instanceName`, `connect_timeout` (seconds), `domain` (NTLM login),
 * `appName`. Athanor sets `useUTC: true` (naive datetimes are UTC) and
 * `requestTimeout: 0` (no client-side statement timeout, as the Python
 * drivers; tedious' default is 15 s). `connectArgs` are merged into
 * `options` last.
 */
export function tediousConfig(args: ConnectArgs): Record<string, unknown> {
  let server = args.host ?? "localhost";
  let instanceName = queryValue(args, "instanceName", "instance_name");
  const slash = server.indexOf("\\");
  if (slash >= 0) {
    instanceName ??= server.slice(slash + 1);
    server = server.slice(0, slash);
  }
  const options: Record<string, unknown> = {
    useUTC: true,
    requestTimeout: 0,
    rowCollectionOnRequestCompletion: false,
    useColumnNames: false,
    appName: queryValue(args, "appName", "app_name") ?? "athanor",
  };
  // A named instance is found through SQL Browser; a port and an instance exclude each other.
  if (instanceName !== undefined) options.instanceName = instanceName;
  else options.port = args.port ?? 1433;
  if (args.database !== undefined) options.database = args.database;
  const encrypt = queryValue(args, "encrypt", "Encrypt");
  if (encrypt !== undefined) options.encrypt = encrypt === "strict" ? "strict" : bool(encrypt);
  const trust = bool(
    queryValue(args, "trustServerCertificate", "TrustServerCertificate", "trust_server_certificate"),
  );
  if (trust !== undefined) options.trustServerCertificate = trust;
  const timeout = queryValue(args, "connect_timeout");
  if (timeout !== undefined) options.connectTimeout = Number(timeout) * 1000;
  const { authentication, ...driverOptions } = args.driverOptions as Record<string, unknown>;
  const domain = queryValue(args, "domain");
  const credentials = { userName: args.username ?? "", password: args.password ?? "" };
  return {
    server,
    authentication: authentication ?? {
      type: domain !== undefined ? "ntlm" : "default",
      options: domain !== undefined ? { ...credentials, domain } : credentials,
    },
    options: { ...options, ...driverOptions },
  };
}

// --- results ---------------------------------------------------------------------------

const DML = /^\s*(?:;\s*)?(?:insert|update|delete|merge)\b/i;

function columnsOf(meta: readonly TediousColumnMetadata[]): DriverColumn[] {
  return meta.map((c) => ({ name: c.colName, typeCode: c.type.name }));
}

/** Adds the statement's parameters to a request, named `P1..Pn` with types inferred from their values. */
export function addParameters(T: TediousModule, request: TediousRequest, params: readonly unknown[]): void {
  params.forEach((value, i) => {
    const p = tdsParam(value);
    const type = T.TYPES[p.type satisfies TdsTypeName];
    if (type === undefined) throw new TypeError(`tedious has no type ${p.type}`);
    request.addParameter(tdsParamName(i), type, p.value, p.options as Record<string, unknown> | undefined);
  });
}

// --- the connection --------------------------------------------------------------------

/** One tedious connection behind Athanor's `DriverConnection`. Async only. */
export class TediousDriverConnection implements DriverConnection {
  private isClosed = false;
  private ended: Promise<void>;

  constructor(
    readonly raw: TediousConnection,
    private readonly T: TediousModule,
  ) {
    let onEnd: () => void = () => undefined;
    this.ended = new Promise((resolve) => {
      onEnd = resolve;
    });
    // A socket error while idle must not crash the process; the next use reports it.
    raw.on("error", () => {
      this.isClosed = true;
    });
    raw.on("end", () => {
      this.isClosed = true;
      onEnd();
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Sends a request: with parameters through `sp_executesql` (`execSql`),
   * without as a plain batch (`execSqlBatch`), so session settings such as
   * `SET TRANSACTION ISOLATION LEVEL` outlive the statement (inside
   * sp_executesql they would be undone when it returns).
   */
  request(
    sql: string,
    params: readonly unknown[],
    onColumns: (columns: DriverColumn[]) => void,
    onRow: (row: unknown[], request: TediousRequest) => void,
  ): { request: TediousRequest; done: Promise<number | undefined> } {
    let request: TediousRequest | undefined;
    const done = new Promise<number | undefined>((resolve, reject) => {
      request = new this.T.Request(sql, (err, rowCount) => {
        if (err) {
          if (err.code === "ESOCKET" || err.code === "ECLOSE") this.isClosed = true;
          reject(err);
        } else resolve(rowCount);
      });
      request.on("columnMetadata", (meta) => onColumns(columnsOf(meta)));
      const req = request;
      request.on("row", (cols) =>
        onRow(
          cols.map((c) => c.value),
          req,
        ),
      );
      try {
        addParameters(this.T, request, params);
        if (params.length > 0) this.raw.execSql(request);
        else this.raw.execSqlBatch(request);
      } catch (err) {
        reject(err);
      }
    });
    return { request: request as TediousRequest, done };
  }

  private async run(sql: string, params: readonly unknown[]): Promise<DriverResult> {
    // An empty statement (SQL Server has no RELEASE SAVEPOINT) is nothing to send.
    if (sql.trim() === "") return { columns: undefined, rows: [], rowcount: -1 };
    let columns: DriverColumn[] | undefined;
    const rows: unknown[][] = [];
    const { done } = this.request(
      sql,
      params,
      (c) => {
        columns ??= c;
      },
      (row) => rows.push(row),
    );
    const rowCount = await done;
    const rowcount = columns !== undefined && !DML.test(sql) ? -1 : (rowCount ?? -1);
    return { columns, rows, rowcount };
  }

  execute(sql: string, params: readonly unknown[], _options: DriverExecuteOptions): Effect<DriverResult> {
    return { async: () => this.run(sql, params), describe: "tedious: execute" };
  }

  executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    _options: DriverExecuteOptions,
  ): Effect<DriverResult> {
    return {
      async: async () => {
        // tedious has no executemany: one request per parameter set.
        let rowcount = 0;
        let columns: readonly DriverColumn[] | undefined;
        const rows: (readonly unknown[])[] = [];
        for (const params of paramSets) {
          const r = await this.run(sql, params);
          if (r.rowcount > 0) rowcount += r.rowcount;
          if (r.columns !== undefined) {
            columns = r.columns;
            rows.push(...r.rows);
          }
        }
        return { columns, rows, rowcount };
      },
      describe: "tedious: executemany",
    };
  }

  stream(sql: string, params: readonly unknown[], _options: DriverExecuteOptions): Effect<DriverCursor> {
    return { async: () => TediousCursor.open(this, sql, params), describe: "tedious: stream" };
  }

  begin(): Effect<void> {
    return {
      // NO_CHANGE: keep the session's isolation level (SET TRANSACTION ISOLATION LEVEL); the
      // default would reset it to the connection option's level on every BEGIN.
      async: () => this.tx((cb) => this.raw.beginTransaction(cb, "", this.T.ISOLATION_LEVEL.NO_CHANGE ?? 0)),
      describe: "tedious: begin",
    };
  }

  commit(): Effect<void> {
    return { async: () => this.tx((cb) => this.raw.commitTransaction(cb)), describe: "tedious: commit" };
  }

  rollback(): Effect<void> {
    return {
      async: () =>
        this.tx((cb) => this.raw.rollbackTransaction(cb)).catch((err: TediousError) => {
          // 3903: the server already rolled the transaction back (deadlock victim, XACT_ABORT).
          if (err.number !== 3903) throw err;
        }),
      describe: "tedious: rollback",
    };
  }

  private tx(start: (cb: (err?: TediousError | null) => void) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      try {
        start((err) => (err ? reject(err) : resolve()));
      } catch (err) {
        reject(err);
      }
    });
  }

  close(): Effect<void> {
    return {
      async: async () => {
        if (this.isClosed) return;
        this.isClosed = true;
        this.raw.close();
        await this.ended;
      },
      describe: "tedious: close",
    };
  }
}

/**
 * A streaming cursor over `row` events: the request is paused when enough
 * rows are buffered and resumed by `fetch`; `close` before the end cancels
 * the request (a TDS attention), so the rest is never read.
 */
export class TediousCursor implements DriverCursor {
  private buffer: unknown[][] = [];
  private done = false;
  private error: unknown;
  private wake: (() => void) | undefined;
  private request: TediousRequest | undefined;
  private finished: Promise<unknown> = Promise.resolve();
  columns: readonly DriverColumn[] = [];

  private constructor(
    private readonly conn: TediousDriverConnection,
    private readonly highWaterMark: number,
  ) {}

  /** Starts the request and waits for its columns (or its end). */
  static open(conn: TediousDriverConnection, sql: string, params: readonly unknown[], highWaterMark = 500) {
    const cursor = new TediousCursor(conn, highWaterMark);
    return new Promise<TediousCursor>((resolve, reject) => {
      let started = false;
      const { request, done } = conn.request(
        sql,
        params,
        (columns) => {
          if (started) return;
          cursor.columns = columns;
          started = true;
          resolve(cursor);
        },
        (row, req) => {
          cursor.buffer.push(row);
          if (cursor.buffer.length >= cursor.highWaterMark) req.pause();
          cursor.notify();
        },
      );
      cursor.request = request;
      cursor.finished = done.then(
        () => {
          cursor.done = true;
          if (!started) resolve(cursor);
          cursor.notify();
        },
        (err: unknown) => {
          cursor.done = true;
          cursor.error = err;
          if (!started) reject(err);
          cursor.notify();
        },
      );
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  fetch(size: number): Effect<readonly (readonly unknown[])[]> {
    return {
      async: async () => {
        while (this.buffer.length < size && !this.done) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            this.request?.resume();
          });
        }
        if (this.error !== undefined && this.buffer.length === 0) throw this.error;
        const rows = this.buffer.splice(0, size);
        if (!this.done && this.buffer.length < this.highWaterMark) this.request?.resume();
        return rows;
      },
      describe: "tedious: fetch",
    };
  }

  close(): Effect<void> {
    return {
      async: async () => {
        this.buffer = [];
        if (!this.done) {
          this.request?.resume();
          this.conn.raw.cancel();
        }
        // The request's end (or its ECANCEL, or an error fetch already reported) is awaited, not rethrown.
        await this.finished;
      },
      describe: "tedious: close cursor",
    };
  }
}

/** The tedious driver as a `DriverAdapter`: async only. */
export const tediousAdapter: DriverAdapter = {
  name: "tedious",
  supportsSync: false,
  supportsAsync: true,
  connect(args: ConnectArgs): Effect<DriverConnection> {
    return {
      async: () =>
        new Promise<DriverConnection>((resolve, reject) => {
          const T = loadTedious();
          const raw = new T.Connection(tediousConfig(args));
          // Errors after a failed login arrive as events too; keep them from crashing the process.
          raw.on("error", () => undefined);
          raw.connect((err) => {
            if (err) {
              raw.close();
              reject(err);
            } else resolve(new TediousDriverConnection(raw, T));
          });
        }),
      describe: "tedious: connect",
    };
  },
};
