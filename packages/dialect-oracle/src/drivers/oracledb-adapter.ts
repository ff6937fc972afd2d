/**
 * The oracledb driver adapter (node-oracledb in thin mode: pure JavaScript,
 * no Oracle Client; `initOracleClient` is never called). oracledb is loaded
 * on the first connect, never at import, and typed through the few members
 * used here.
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
import { intervalParts, isOraTyped } from "./oracledb-types.js";

// --- the subset of oracledb that we need -----------------------------------------------

/** An oracledb database type constant (`oracledb.DB_TYPE_NUMBER`, ...). */
export interface OracledbDbType {
  readonly name: string;
}

/** A result column as oracledb describes it. */
export interface OracledbMetaData {
  readonly name: string;
  readonly dbType?: OracledbDbType;
  readonly dbTypeName?: string;
  readonly precision?: number;
  readonly scale?: number;
}

/** What `fetchTypeHandler` returns: fetch as another type, and/or convert. */
export interface OracledbFetchType {
  type?: unknown;
  converter?: (value: unknown) => unknown;
}

/** The result of `connection.execute`. */
export interface OracledbResult {
  readonly rows?: unknown[][];
  readonly metaData?: readonly OracledbMetaData[];
  readonly rowsAffected?: number;
  readonly outBinds?: Readonly<Record<string, unknown>> | readonly unknown[];
  readonly resultSet?: OracledbResultSet;
}

/** A result set (`resultSet: true`), a server-side cursor. */
export interface OracledbResultSet {
  readonly metaData: readonly OracledbMetaData[];
  getRows(size: number): Promise<unknown[][]>;
  close(): Promise<void>;
}

/** An oracledb connection. */
export interface OracledbConnection {
  execute(sql: string, binds: unknown, options: Record<string, unknown>): Promise<OracledbResult>;
  executeMany(sql: string, binds: unknown[], options: Record<string, unknown>): Promise<OracledbResult>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
  isHealthy?(): boolean;
  readonly oracleServerVersionString?: string;
}

/** The oracledb module (thin mode). */
export interface OracledbModule {
  getConnection(config: Record<string, unknown>): Promise<OracledbConnection>;
  readonly OUT_FORMAT_ARRAY: number;
  readonly BIND_OUT: number;
  readonly STRING: unknown;
  readonly BUFFER: unknown;
  readonly IntervalDS: new (parts: Record<string, number>) => object;
  readonly DB_TYPE_NUMBER: OracledbDbType;
  readonly DB_TYPE_VARCHAR: OracledbDbType;
  readonly DB_TYPE_CLOB: OracledbDbType;
  readonly DB_TYPE_NCLOB: OracledbDbType;
  readonly DB_TYPE_BLOB: OracledbDbType;
  readonly DB_TYPE_RAW: OracledbDbType;
  readonly DB_TYPE_DATE: OracledbDbType;
  readonly DB_TYPE_TIMESTAMP: OracledbDbType;
  readonly DB_TYPE_TIMESTAMP_TZ: OracledbDbType;
  readonly DB_TYPE_JSON: OracledbDbType;
  readonly DB_TYPE_BOOLEAN: OracledbDbType;
  readonly DB_TYPE_INTERVAL_DS: OracledbDbType;
}

let oracledbModule: OracledbModule | undefined;

/** Loads oracledb on first use, with an error naming the npm package when it is missing. */
export function loadOracledb(moduleName = "oracledb"): OracledbModule {
  if (moduleName === "oracledb" && oracledbModule !== undefined) return oracledbModule;
  let mod: OracledbModule;
  try {
    mod = createRequire(import.meta.url)(moduleName) as OracledbModule;
  } catch (err) {
    if ((err as { code?: string }).code === "MODULE_NOT_FOUND" && String(err).includes(moduleName)) {
      throw new InvalidRequestError(
        `the ${moduleName} driver is not installed; install it to use oracle+oracledb:// URLs: npm install ${moduleName}`,
      );
    }
    throw err;
  }
  if (moduleName === "oracledb") oracledbModule = mod;
  return mod;
}

// --- connect arguments -----------------------------------------------------------------

function queryValue(args: ConnectArgs, key: string): string | undefined {
  const v = args.query[key];
  return Array.isArray(v) ? (v[v.length - 1] as string | undefined) : (v as string | undefined);
}

/**
 * oracledb's connection options from a URL, as SQLAlchemy reads Oracle URLs:
 * `oracle+oracledb://u:p@host:1521/?service_name=FREEPDB1` (a service),
 * `oracle+oracledb://u:p@host:1521/ORCL` (the database part is a SID), or
 * `oracle+oracledb://u:p@tnsalias` / `?dsn=...` (a connect string as is).
 * `connectArgs` (driver options) are applied last.
 */
export function oracledbConfig(args: ConnectArgs): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (args.username !== undefined) config.user = args.username;
  if (args.password !== undefined) config.password = args.password;
  const dsn = queryValue(args, "dsn");
  const service = queryValue(args, "service_name");
  const host = args.host ?? "localhost";
  const port = args.port ?? 1521;
  if (dsn !== undefined) config.connectString = dsn;
  else if (service !== undefined) config.connectString = `${host}:${port}/${service}`;
  else if (args.database !== undefined)
    config.connectString = `(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=${host})(PORT=${port}))(CONNECT_DATA=(SID=${args.database})))`;
  else if (args.port === undefined && args.host !== undefined) config.connectString = args.host;
  else config.connectString = `${host}:${port}`;
  const timeout = queryValue(args, "connect_timeout");
  if (timeout !== undefined) config.connectTimeout = Number(timeout);
  return { ...config, ...args.driverOptions };
}

// --- binds and fetches -----------------------------------------------------------------

/** A bind value as oracledb takes it: typed values become `{ val, type }`, bytes Buffers. */
export function oracledbBindValue(T: OracledbModule, value: unknown): unknown {
  if (isOraTyped(value)) {
    let val = value.value;
    if (value.type === "DB_TYPE_INTERVAL_DS" && typeof val === "number")
      val = new T.IntervalDS(intervalParts(val));
    return { val, type: T[value.type] };
  }
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value);
  return value;
}

const RETURNING_INTO = /\bRETURNING\b[\s\S]*\bINTO\b/i;

/** The out-parameters of a statement: as given, or the `ret_N` binds of `RETURNING .. INTO`. */
export function outParamNames(sql: string, options: DriverExecuteOptions): readonly string[] {
  if (options.outParams !== undefined) return options.outParams;
  if (options.paramNames === undefined || !RETURNING_INTO.test(sql)) return [];
  return options.paramNames.filter((n) => /^ret_\d+$/.test(n));
}

/**
 * The binds of one execution: an object by name when the statement's
 * parameter names are known (named style, `:name`), else the positional list.
 * Out-parameters are `{ dir: BIND_OUT }` as text (RETURNING values are
 * converted by the result processors).
 */
export function oracledbBinds(
  T: OracledbModule,
  params: readonly unknown[],
  options: DriverExecuteOptions,
  outs: readonly string[],
): unknown {
  const names = options.paramNames;
  if (names === undefined || names.length !== params.length)
    return params.map((v) => oracledbBindValue(T, v));
  const binds: Record<string, unknown> = {};
  names.forEach((name, i) => {
    binds[name] = outs.includes(name)
      ? { dir: T.BIND_OUT, type: T.DB_TYPE_VARCHAR, maxSize: 32767 }
      : oracledbBindValue(T, params[i]);
  });
  return binds;
}

const integral = (v: unknown) => {
  if (typeof v !== "string") return v;
  // NUMBER without a known scale: integral values that fit a double exactly as numbers, the rest as exact text.
  return /^-?\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : v;
};

/**
 * How oracledb fetches each column: NUMBER with decimals (or unknown size)
 * as exact text, NUMBER(p ≤ 15) and FLOAT as numbers, CLOB / NCLOB as
 * strings, BLOB as Buffers, DATE / TIMESTAMP as text in the session's ISO
 * format (parsed as UTC by the result processors, so the Node process' time
 * zone plays no part).
 */
export function fetchTypeHandler(
  T: OracledbModule,
): (meta: OracledbMetaData) => OracledbFetchType | undefined {
  return (meta) => {
    const t = meta.dbType;
    if (t === T.DB_TYPE_NUMBER) {
      const p = meta.precision ?? 0;
      const s = meta.scale ?? 0;
      if (s === -127 && p > 0) return undefined; // FLOAT(binary precision)
      if (s === 0 && p > 0 && p <= 15) return undefined;
      return { type: T.STRING, converter: integral };
    }
    if (t === T.DB_TYPE_CLOB || t === T.DB_TYPE_NCLOB) return { type: T.STRING };
    if (t === T.DB_TYPE_BLOB) return { type: T.BUFFER };
    if (t === T.DB_TYPE_DATE || t === T.DB_TYPE_TIMESTAMP) return { type: T.STRING };
    return undefined;
  };
}

/** The `ALTER SESSION` that makes DATE / TIMESTAMP text ISO, for the fetches above. */
export const SESSION_FORMATS_SQL =
  "ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS' " +
  "NLS_TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF6' " +
  "NLS_TIMESTAMP_TZ_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF6 TZH:TZM' " +
  "NLS_NUMERIC_CHARACTERS = '.,'";

function columnsOf(meta: readonly OracledbMetaData[]): DriverColumn[] {
  return meta.map((m) => ({ name: m.name, typeCode: m.dbTypeName ?? m.dbType?.name }));
}

/** The rows of `RETURNING .. INTO` out-binds: one row per returned row, one column per out-parameter. */
export function returningRows(outBinds: OracledbResult["outBinds"], outs: readonly string[]): unknown[][] {
  if (outBinds === undefined || Array.isArray(outBinds)) return [];
  const cols = outs.map((name) => {
    const v = (outBinds as Record<string, unknown>)[name];
    return Array.isArray(v) ? v : [v];
  });
  const n = Math.max(0, ...cols.map((c) => c.length));
  return Array.from({ length: n }, (_, i) => cols.map((c) => c[i] ?? null));
}

// --- the connection --------------------------------------------------------------------

/** One oracledb connection behind Athanor's `DriverConnection`. Async only. */
export class OracledbDriverConnection implements DriverConnection {
  private isClosed = false;
  /** Commit after each statement (the AUTOCOMMIT isolation level); off by default. */
  autoCommit = false;

  constructor(
    readonly raw: OracledbConnection,
    private readonly T: OracledbModule,
  ) {}

  /** The server version as oracledb reports it (`23.4.0.24.5`), read by the dialect's `initialize`. */
  get serverVersionString(): string | undefined {
    return this.raw.oracleServerVersionString;
  }

  get closed(): boolean {
    return this.isClosed || this.raw.isHealthy?.() === false;
  }

  private options(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      outFormat: this.T.OUT_FORMAT_ARRAY,
      autoCommit: this.autoCommit,
      fetchTypeHandler: fetchTypeHandler(this.T),
      ...extra,
    };
  }

  private async run(
    sql: string,
    params: readonly unknown[],
    options: DriverExecuteOptions,
  ): Promise<DriverResult> {
    // An empty statement (Oracle has no RELEASE SAVEPOINT) is nothing to send.
    if (sql.trim() === "") return { columns: undefined, rows: [], rowcount: -1 };
    const outs = outParamNames(sql, options);
    const result = await this.raw.execute(sql, oracledbBinds(this.T, params, options, outs), this.options());
    if (outs.length > 0) {
      const rows = returningRows(result.outBinds, outs);
      return { columns: outs.map((name) => ({ name })), rows, rowcount: result.rowsAffected ?? rows.length };
    }
    if (result.metaData !== undefined) {
      return { columns: columnsOf(result.metaData), rows: result.rows ?? [], rowcount: -1 };
    }
    return { columns: undefined, rows: [], rowcount: result.rowsAffected ?? -1 };
  }

  execute(sql: string, params: readonly unknown[], options: DriverExecuteOptions): Effect<DriverResult> {
    return { async: () => this.run(sql, params, options), describe: "oracledb: execute" };
  }

  executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    options: DriverExecuteOptions,
  ): Effect<DriverResult> {
    return {
      async: async () => {
        const outs = outParamNames(sql, options);
        const defs = outs.length === 0 ? bindDefsFor(this.T, paramSets) : undefined;
        if (defs === undefined || paramSets.length === 0) {
          // Out-parameters or columns of mixed types: one execution per set.
          let rowcount = 0;
          const rows: (readonly unknown[])[] = [];
          let columns: readonly DriverColumn[] | undefined;
          for (const params of paramSets) {
            const r = await this.run(sql, params, options);
            if (r.rowcount > 0) rowcount += r.rowcount;
            if (r.columns !== undefined) {
              columns = r.columns;
              rows.push(...r.rows);
            }
          }
          return { columns, rows, rowcount };
        }
        // oracledb's array DML: one round trip, types declared once (bindDefs) from the data.
        const binds = paramSets.map((set) =>
          set.map((v) => {
            const b = oracledbBindValue(this.T, v);
            return typeof b === "object" && b !== null && "val" in b && "type" in b
              ? (b as { val: unknown }).val
              : b;
          }),
        );
        const r = await this.raw.executeMany(sql, binds, { autoCommit: this.autoCommit, bindDefs: defs });
        return { columns: undefined, rows: [], rowcount: r.rowsAffected ?? -1 };
      },
      describe: "oracledb: executemany",
    };
  }

  stream(sql: string, params: readonly unknown[], options: DriverExecuteOptions): Effect<DriverCursor> {
    return {
      async: async () => {
        const result = await this.raw.execute(
          sql,
          oracledbBinds(this.T, params, options, []),
          this.options({ resultSet: true }),
        );
        return new OracledbCursor(result.resultSet, result.metaData ?? result.resultSet?.metaData ?? []);
      },
      describe: "oracledb: stream",
    };
  }

  /** Oracle starts transactions implicitly: nothing to send. */
  begin(): Effect<void> {
    return { async: async () => undefined, describe: "oracledb: begin" };
  }

  commit(): Effect<void> {
    return { async: () => this.raw.commit(), describe: "oracledb: commit" };
  }

  rollback(): Effect<void> {
    return { async: () => this.raw.rollback(), describe: "oracledb: rollback" };
  }

  close(): Effect<void> {
    return {
      async: async () => {
        if (this.isClosed) return;
        this.isClosed = true;
        await this.raw.close().catch(() => undefined);
      },
      describe: "oracledb: close",
    };
  }
}

/**
 * `bindDefs` for `executeMany` from the values of every set, or `undefined`
 * when a position mixes kinds of values (then each set runs on its own).
 */
export function bindDefsFor(
  T: OracledbModule,
  sets: readonly (readonly unknown[])[],
): Record<string, unknown>[] | undefined {
  const width = sets[0]?.length ?? 0;
  const defs: Record<string, unknown>[] = [];
  for (let i = 0; i < width; i++) {
    let kind: string | undefined;
    let type: unknown;
    let maxSize = 1;
    for (const set of sets) {
      const v = set[i];
      if (v === null || v === undefined) continue;
      let k: string;
      let t: unknown;
      if (isOraTyped(v)) {
        k = v.type;
        t = T[v.type];
      } else if (typeof v === "string") {
        k = "string";
        t = T.DB_TYPE_VARCHAR;
        maxSize = Math.max(maxSize, Buffer.byteLength(v, "utf8"));
      } else if (typeof v === "number" || typeof v === "bigint") {
        k = "number";
        t = T.DB_TYPE_NUMBER;
      } else if (typeof v === "boolean") {
        k = "boolean";
        t = T.DB_TYPE_BOOLEAN;
      } else if (v instanceof Uint8Array) {
        k = "bytes";
        t = T.DB_TYPE_RAW;
        maxSize = Math.max(maxSize, v.byteLength);
      } else if (v instanceof Date) {
        k = "date";
        t = T.DB_TYPE_TIMESTAMP;
      } else return undefined;
      if (kind !== undefined && kind !== k) return undefined;
      kind = k;
      type = t;
    }
    const def: Record<string, unknown> = { type: type ?? T.DB_TYPE_VARCHAR };
    if (type === undefined || kind === "string" || kind === "bytes") def.maxSize = maxSize;
    if (kind === "bytes" && maxSize > 2000) def.type = T.DB_TYPE_BLOB;
    if (kind === "string" && maxSize > 32767) def.type = T.DB_TYPE_CLOB;
    defs.push(def);
  }
  return defs;
}

/** A result set as a `DriverCursor`: `getRows(n)` per fetch. */
export class OracledbCursor implements DriverCursor {
  readonly columns: readonly DriverColumn[];
  private done = false;

  constructor(
    private readonly resultSet: OracledbResultSet | undefined,
    meta: readonly OracledbMetaData[],
  ) {
    this.columns = columnsOf(meta);
    if (resultSet === undefined) this.done = true;
  }

  fetch(size: number): Effect<readonly (readonly unknown[])[]> {
    return {
      async: async () => {
        if (this.done || this.resultSet === undefined) return [];
        const rows = await this.resultSet.getRows(size);
        if (rows.length < size) await this.finish();
        return rows;
      },
      describe: "oracledb: fetch",
    };
  }

  private async finish(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.resultSet?.close();
  }

  close(): Effect<void> {
    return { async: () => this.finish(), describe: "oracledb: close cursor" };
  }
}

/** The oracledb driver (thin mode) as a `DriverAdapter`: async only. */
export const oracledbAdapter: DriverAdapter = {
  name: "oracledb",
  supportsSync: false,
  supportsAsync: true,
  connect(args: ConnectArgs): Effect<DriverConnection> {
    return {
      async: async () => {
        const T = loadOracledb();
        const raw = await T.getConnection(oracledbConfig(args));
        return new OracledbDriverConnection(raw, T);
      },
      describe: "oracledb: connect",
    };
  },
};
