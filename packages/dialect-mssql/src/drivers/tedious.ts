/**
 * SQL Server through `tedious` (`mssql+tedious://`). The driver is loaded on
 * the first connect, never at import.
 */
import type { DBAPIErrorKind, DriverAdapter, Paramstyle } from "@athanor/core";
import { driverProcessing } from "@athanor/core";
import { MSSQLDialect, type MSSQLDialectOptions } from "../base/dialect.js";
import { type TediousError, tediousAdapter } from "./tedious-adapter.js";
import { tediousColspecs } from "./tedious-types.js";

const { mergeColspecs } = driverProcessing;

const INTEGRITY = new Set([
  515, // cannot insert NULL
  547, // FOREIGN KEY / CHECK constraint conflict
  2601, // duplicate key in a unique index
  2627, // PRIMARY KEY / UNIQUE constraint violation
]);
const PROGRAMMING = new Set([
  102, // incorrect syntax near
  105, // unclosed quotation mark
  156, // incorrect syntax near the keyword
  207, // invalid column name
  208, // invalid object name
  209, // ambiguous column name
  2705, // column names must be unique
  2714, // there is already an object named
  3701, // cannot drop, it does not exist
  4104, // the multi-part identifier could not be bound
  8144, // too many arguments
  201, // procedure expects parameter
]);
const DATA = new Set([
  220, // arithmetic overflow for data type
  232, // arithmetic overflow for type
  241, // conversion failed (date and/or time)
  242, // out-of-range datetime
  245, // conversion failed (varchar to int)
  8114, // error converting data type
  8115, // arithmetic overflow converting
  8134, // divide by zero
  8152, // string or binary data would be truncated
  2628, // string or binary data would be truncated in column
  13609, // JSON text is not properly formatted
]);
const OPERATIONAL = new Set([
  1205, // deadlock victim
  1222, // lock request time out
  3960, // snapshot isolation update conflict
  3971, // the server failed to resume the transaction
  4060, // cannot open database
  18456, // login failed
  233, // no process is on the other end of the pipe
  10053, // transport-level error
  10054, // connection reset by peer
  40613, // database not currently available (Azure)
]);
const NOT_SUPPORTED = new Set([
  40511, // built-in function not supported in this version (Azure)
]);

/** tedious error codes of a connection that is gone or never came up. */
const CONNECTION_CODES = new Set([
  "ESOCKET",
  "ECLOSE",
  "ETIMEOUT",
  "ELOGIN",
  "EINSTLOOKUP",
  "EFEDAUTH",
  "EENCRYPT",
]);

function asTediousError(err: unknown): TediousError | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  // A connect to several addresses fails with an AggregateError of ConnectionErrors.
  const inner = (err as { errors?: unknown[] }).errors?.[0];
  if (err instanceof AggregateError && typeof inner === "object" && inner !== null)
    return inner as TediousError;
  return err as TediousError;
}

/**
 * SQL Server through `tedious`, with `@P1`, `@P2`, ... parameters (sent as
 * tedious' named parameters `P1..Pn`, each typed from its value). Async only:
 * use `createAsyncEngine`.
 *
 * Values: see `tedious-types.ts`. Naive DATETIME / DATETIME2 values are read
 * and written as UTC (tedious' `useUTC`), DECIMAL comes back as a string
 * (limited to a JavaScript number's precision by tedious), BIGINT as a
 * `bigint`, UNIQUEIDENTIFIER as a lower-case canonical string.
 */
export class MSSQLDialectTedious extends MSSQLDialect {
  override driver = "tedious";
  override paramstyle: Paramstyle = "atP";

  constructor(options: MSSQLDialectOptions = {}) {
    super(options);
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
    this.colspecs = mergeColspecs(this.colspecs, tediousColspecs);
  }

  /** The tedious adapter (async only; tedious is required on the first connect). */
  override driverAdapter(): DriverAdapter {
    return tediousAdapter;
  }

  /**
   * Whether the connection is gone: tedious' `ESOCKET` / `ECLOSE` codes
   * (`Connection lost`, `Connection closed before request completed`), a
   * request refused in the `Final` state, or the server's transport errors.
   */
  override isDisconnect(err: unknown): boolean {
    const e = asTediousError(err);
    if (e === undefined) return false;
    if (e.code === "ESOCKET" || e.code === "ECLOSE") return true;
    if (e.number !== undefined && (e.number === 233 || e.number === 10053 || e.number === 10054)) return true;
    return /connection lost|connection closed|the Final state|socket hang up/i.test(e.message ?? "");
  }

  /**
   * The error kind from the server's error number (`2627` / `2601` / `547` /
   * `515` → IntegrityError, `208` / `207` / `102` → ProgrammingError, `1205`
   * → OperationalError, ...); connection errors (`ESOCKET`, `ELOGIN`,
   * `ETIMEOUT`, ...) and cancelled requests are OperationalError, parameter
   * validation errors (`EPARAM`) DataError.
   */
  override classifyError(err: unknown): DBAPIErrorKind {
    const e = asTediousError(err);
    if (e === undefined) return "DatabaseError";
    const n = e.number;
    if (n !== undefined) {
      if (INTEGRITY.has(n)) return "IntegrityError";
      if (PROGRAMMING.has(n)) return "ProgrammingError";
      if (DATA.has(n)) return "DataError";
      if (OPERATIONAL.has(n)) return "OperationalError";
      if (NOT_SUPPORTED.has(n)) return "NotSupportedError";
      // Severity 20 and above ends the connection.
      if ((e.class ?? 0) >= 20) return "OperationalError";
      return "DatabaseError";
    }
    if (e.code !== undefined && CONNECTION_CODES.has(e.code)) return "OperationalError";
    if (e.code === "ECANCEL" || this.isDisconnect(err)) return "OperationalError";
    if (e.code === "EPARAM") return "DataError";
    if (e.code === "EINVALIDSTATE") return "InterfaceError";
    if (err instanceof TypeError) return "InterfaceError";
    return "DatabaseError";
  }
}
