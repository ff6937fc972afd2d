/**
 * Oracle error numbers (`ORA-nnnnn`) → the PEP 249 error kinds, as
 * python-oracledb sorts them for SQLAlchemy.
 */
import type { DBAPIErrorKind } from "@athanor/core";

const KINDS = new Map<number, DBAPIErrorKind>([
  // Integrity
  [1, "IntegrityError"], // unique constraint violated
  [1400, "IntegrityError"], // cannot insert NULL
  [1407, "IntegrityError"], // cannot update to NULL
  [2290, "IntegrityError"], // check constraint violated
  [2291, "IntegrityError"], // parent key not found
  [2292, "IntegrityError"], // child record found
  // Programming
  [900, "ProgrammingError"], // invalid SQL statement
  [904, "ProgrammingError"], // invalid identifier
  [907, "ProgrammingError"], // missing right parenthesis
  [918, "ProgrammingError"], // column ambiguously defined
  [923, "ProgrammingError"], // FROM keyword not found
  [933, "ProgrammingError"], // SQL command not properly ended
  [936, "ProgrammingError"], // missing expression
  [937, "ProgrammingError"], // not a single-group group function
  [942, "ProgrammingError"], // table or view does not exist
  [955, "ProgrammingError"], // name is already used by an existing object
  [979, "ProgrammingError"], // not a GROUP BY expression
  [1031, "ProgrammingError"], // insufficient privileges
  [1036, "ProgrammingError"], // illegal variable name/number
  [1008, "ProgrammingError"], // not all variables bound
  [2289, "ProgrammingError"], // sequence does not exist
  [4043, "ProgrammingError"], // object does not exist
  // Data
  [1401, "DataError"], // inserted value too large
  [1438, "DataError"], // value larger than specified precision
  [1476, "DataError"], // divisor is equal to zero
  [1722, "DataError"], // invalid number
  [1830, "DataError"], // date format picture ends before converting
  [1839, "DataError"],
  [1840, "DataError"],
  [1841, "DataError"],
  [1843, "DataError"], // not a valid month
  [1847, "DataError"], // day of month must be between 1 and last day
  [1858, "DataError"],
  [1861, "DataError"], // literal does not match format string
  [12899, "DataError"], // value too large for column
  [40441, "DataError"], // JSON syntax error
  // Operational
  [18, "OperationalError"], // maximum number of sessions exceeded
  [20, "OperationalError"], // maximum number of processes exceeded
  [28, "OperationalError"], // your session has been killed
  [54, "OperationalError"], // resource busy (NOWAIT)
  [60, "OperationalError"], // deadlock detected
  [1013, "OperationalError"], // user requested cancel
  [1017, "OperationalError"], // invalid username/password
  [1033, "OperationalError"], // initialization or shutdown in progress
  [1034, "OperationalError"], // Oracle not available
  [1089, "OperationalError"], // immediate shutdown in progress
  [3113, "OperationalError"], // end-of-file on communication channel
  [3114, "OperationalError"], // not connected
  [3135, "OperationalError"], // connection lost contact
  [8177, "OperationalError"], // can't serialize access
  [12154, "OperationalError"],
  [12514, "OperationalError"],
  [12541, "OperationalError"],
  [30006, "OperationalError"], // resource busy (WAIT timeout)
  // Not supported
  [3001, "NotSupportedError"], // unimplemented feature
]);

/** Error numbers that mean the session is gone. */
export const ORACLE_DISCONNECT_ERRNUMS: ReadonlySet<number> = new Set([
  28, 1012, 1033, 1034, 1089, 1092, 2396, 3113, 3114, 3122, 3135, 12153, 12537, 12547, 12570, 12583, 27146,
  28511, 56600,
]);

/** The error kind of an `ORA-` error number, `undefined` when unlisted. */
export function oracleErrorKind(errorNum: number): DBAPIErrorKind | undefined {
  return KINDS.get(errorNum);
}
