/**
 * Oracle through `oracledb` (node-oracledb) in thin mode (`oracle+oracledb://`).
 * The driver is loaded on the first connect, never at import.
 */
import {
  type DBAPIErrorKind,
  type DriverAdapter,
  type DriverConnection,
  driverProcessing,
  type Op,
  type Paramstyle,
  perform,
} from "@athanor/core";
import { OracleDialect, type OracleDialectOptions } from "../base/dialect.js";
import { ORACLE_DISCONNECT_ERRNUMS, oracleErrorKind } from "../base/errors.js";
import { oracledbAdapter, SESSION_FORMATS_SQL } from "./oracledb-adapter.js";
import { oracledbColspecs } from "./oracledb-types.js";

const { mergeColspecs } = driverProcessing;

/** The errors oracledb raises: `code` `ORA-00001` / `NJS-500` / `DPI-1010`, `errorNum` for ORA errors. */
export interface OracledbError extends Error {
  code?: string;
  errorNum?: number;
  offset?: number;
  /** oracledb marks connection-closed errors (NJS-500) recoverable. */
  isRecoverable?: boolean;
}

/** Driver error codes of a connection that is gone or never came up. */
const DISCONNECT_CODES = new Set(["NJS-003", "NJS-500", "NJS-501", "NJS-503", "DPI-1010", "DPI-1080"]);

const asOracledbError = (err: unknown): OracledbError | undefined =>
  typeof err === "object" && err !== null ? (err as OracledbError) : undefined;

/** The number of an `ORA-nnnnn` error, from `errorNum` or the code. */
function oraNumber(e: OracledbError): number | undefined {
  if (typeof e.errorNum === "number" && e.errorNum > 0) return e.errorNum;
  const m = /^ORA-(\d+)/.exec(e.code ?? "") ?? /\bORA-(\d{5})\b/.exec(e.message ?? "");
  return m === null ? undefined : Number(m[1]);
}

/**
 * Oracle through `oracledb`, with `:name` parameters (bound by name from the
 * compiled statement's parameter order), in thin mode only. Async only: use
 * `createAsyncEngine`.
 *
 * Transactions are implicit (`begin` sends nothing; `autoCommit` is off
 * except under the AUTOCOMMIT isolation level); `RETURNING .. INTO :ret_0`
 * out-parameters come back as a result row. Values: see `oracledb-types.ts`
 * (naive DATE / TIMESTAMP are UTC whatever the process' time zone, NUMBER
 * with decimals is an exact string, CLOB a string, BLOB a Buffer).
 */
export class OracleDialectOracledb extends OracleDialect {
  override driver = "oracledb";
  override paramstyle: Paramstyle = "named";

  constructor(options: OracleDialectOptions = {}) {
    super(options);
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
    this.colspecs = mergeColspecs(this.colspecs, oracledbColspecs);
  }

  /** The oracledb adapter (async only; oracledb is required on the first connect, in thin mode). */
  override driverAdapter(): DriverAdapter {
    return oracledbAdapter;
  }

  /** Sets ISO DATE / TIMESTAMP text formats for the session (the fetches and RETURNING rely on them). */
  override *onConnect(conn: DriverConnection): Op<void> {
    yield* perform(conn.execute(SESSION_FORMATS_SQL, [], { returnsRows: false }));
  }

  /** AUTOCOMMIT: oracledb commits after each statement (`autoCommit: true`). */
  override *setAutocommit(conn: DriverConnection, on: boolean): Op<void> {
    const c = conn as { autoCommit?: boolean };
    if ("autoCommit" in c) c.autoCommit = on;
  }

  /**
   * Whether the connection is gone: NJS-003 (closed connection), NJS-500 /
   * NJS-501 (lost contact), NJS-503 (never established), DPI-1010 /
   * DPI-1080, or ORA-03113 / 03114 / 03135 / 00028 (session killed) and the
   * like.
   */
  override isDisconnect(err: unknown): boolean {
    const e = asOracledbError(err);
    if (e === undefined) return false;
    if (e.code !== undefined && DISCONNECT_CODES.has(e.code)) return true;
    const n = oraNumber(e);
    if (n !== undefined && ORACLE_DISCONNECT_ERRNUMS.has(n)) return true;
    return e.isRecoverable === true && /NJS-50\d/.test(e.message ?? "");
  }

  /**
   * The error kind from the ORA number (`ORA-00001` / 02291 / 02292 / 01400
   * → IntegrityError, `ORA-00942` / 00904 / 00933 → ProgrammingError,
   * `ORA-00060` / 08177 → OperationalError, ...); connection errors (NJS-5xx,
   * NJS-003, DPI-1010) are OperationalError; other driver errors (NJS-,
   * DPI-: binds, usage) InterfaceError.
   */
  override classifyError(err: unknown): DBAPIErrorKind {
    const e = asOracledbError(err);
    if (e === undefined) return "DatabaseError";
    if (this.isDisconnect(err)) return "OperationalError";
    const n = oraNumber(e);
    if (n !== undefined) return oracleErrorKind(n) ?? "DatabaseError";
    if (/^NJS-5\d\d$/.test(e.code ?? "")) return "OperationalError";
    if (/^(NJS|DPI)-/.test(e.code ?? "")) return "InterfaceError";
    return "DatabaseError";
  }
}
