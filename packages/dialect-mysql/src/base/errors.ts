/**
 * MySQL and MariaDB server error numbers → the PEP 249 error kinds, as the
 * Python drivers (mysqlclient, PyMySQL) sort them for SQLAlchemy.
 */
import type { DBAPIErrorKind } from "@athanor/core";

const INTEGRITY = [
  1022, // ER_DUP_KEY
  1048, // ER_BAD_NULL_ERROR
  1062, // ER_DUP_ENTRY
  1169, // ER_DUP_UNIQUE
  1216, // ER_NO_REFERENCED_ROW
  1217, // ER_ROW_IS_REFERENCED
  1451, // ER_ROW_IS_REFERENCED_2
  1452, // ER_NO_REFERENCED_ROW_2
  1557, // ER_FOREIGN_DUPLICATE_KEY
  1586, // ER_DUP_ENTRY_WITH_KEY_NAME
  3819, // ER_CHECK_CONSTRAINT_VIOLATED (MySQL 8)
  4025, // ER_CONSTRAINT_FAILED (MariaDB CHECK)
];
const PROGRAMMING = [
  1007, // ER_DB_CREATE_EXISTS
  1008, // ER_DB_DROP_EXISTS
  1050, // ER_TABLE_EXISTS_ERROR
  1051, // ER_BAD_TABLE_ERROR
  1054, // ER_BAD_FIELD_ERROR
  1060, // ER_DUP_FIELDNAME
  1064, // ER_PARSE_ERROR
  1091, // ER_CANT_DROP_FIELD_OR_KEY
  1102, // ER_WRONG_DB_NAME
  1103, // ER_WRONG_TABLE_NAME
  1110, // ER_FIELD_SPECIFIED_TWICE
  1111, // ER_INVALID_GROUP_FUNC_USE
  1112, // ER_UNSUPPORTED_EXTENSION
  1113, // ER_TABLE_MUST_HAVE_COLUMNS
  1146, // ER_NO_SUCH_TABLE
  1149, // ER_SYNTAX_ERROR
  1166, // ER_WRONG_COLUMN_NAME
  1179, // ER_CANT_DO_THIS_DURING_AN_TRANSACTION
  1305, // ER_SP_DOES_NOT_EXIST
  1630, // ER_FUNC_INEXISTENT_NAME_COLLISION
];
const DATA = [
  1264, // ER_WARN_DATA_OUT_OF_RANGE
  1265, // WARN_DATA_TRUNCATED
  1292, // ER_TRUNCATED_WRONG_VALUE
  1365, // ER_DIVISION_BY_ZERO
  1366, // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
  1367, // ER_ILLEGAL_VALUE_FOR_TYPE
  1406, // ER_DATA_TOO_LONG
  1411, // ER_WRONG_VALUE_FOR_TYPE
  1416, // ER_CANT_CREATE_GEOMETRY_OBJECT
  1690, // ER_DATA_OUT_OF_RANGE
  3140, // ER_INVALID_JSON_TEXT
];
const NOT_SUPPORTED = [
  1214, // ER_TABLE_CANT_HANDLE_FT
  1235, // ER_NOT_SUPPORTED_YET
  1289, // ER_FEATURE_DISABLED
];
const OPERATIONAL = [
  1040, // ER_CON_COUNT_ERROR
  1044, // ER_DBACCESS_DENIED_ERROR
  1045, // ER_ACCESS_DENIED_ERROR
  1049, // ER_BAD_DB_ERROR
  1053, // ER_SERVER_SHUTDOWN
  1205, // ER_LOCK_WAIT_TIMEOUT
  1213, // ER_LOCK_DEADLOCK
  1927, // ER_CONNECTION_KILLED (MariaDB)
  2002, // CR_CONNECTION_ERROR
  2003, // CR_CONN_HOST_ERROR
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
  2055, // CR_SERVER_LOST_EXTENDED
  3024, // ER_QUERY_TIMEOUT
  4031, // ER_CLIENT_INTERACTION_TIMEOUT
];

const KINDS: ReadonlyMap<number, DBAPIErrorKind> = new Map<number, DBAPIErrorKind>([
  ...INTEGRITY.map((n) => [n, "IntegrityError"] as const),
  ...PROGRAMMING.map((n) => [n, "ProgrammingError"] as const),
  ...DATA.map((n) => [n, "DataError"] as const),
  ...NOT_SUPPORTED.map((n) => [n, "NotSupportedError"] as const),
  ...OPERATIONAL.map((n) => [n, "OperationalError"] as const),
]);

/** Server error numbers that mean the connection is gone, as SQLAlchemy's `is_disconnect`. */
export const MYSQL_DISCONNECT_ERRNOS: ReadonlySet<number> = new Set([
  1927, 2006, 2013, 2014, 2045, 2055, 4031,
]);

/**
 * The error kind of a server error number, falling back on the SQLSTATE
 * class (`23` integrity, `42` syntax or access, `22` data, `08` / `40` / `HY`
 * connection and transaction trouble); `undefined` when neither says.
 */
export function mysqlErrorKind(
  errno: number | undefined,
  sqlState: string | undefined,
): DBAPIErrorKind | undefined {
  if (errno !== undefined) {
    const kind = KINDS.get(errno);
    if (kind !== undefined) return kind;
  }
  switch (sqlState?.slice(0, 2)) {
    case "23":
      return "IntegrityError";
    case "42":
      return "ProgrammingError";
    case "22":
      return "DataError";
    case "08":
    case "40":
      return "OperationalError";
    case "0A":
      return "NotSupportedError";
    default:
      // As PyMySQL: client errors (2xxx) and unlisted server errors are operational.
      return errno !== undefined ? (errno < 1000 ? "InternalError" : "OperationalError") : undefined;
  }
}
