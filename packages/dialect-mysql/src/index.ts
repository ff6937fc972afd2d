/**
 * @athanor/dialect-mysql: the MySQL and MariaDB dialect for Athanor, and the
 * mysql2 driver.
 *
 * @packageDocumentation
 */
export { BINARY, BLOB, BOOLEAN, DATE, JSON, UUID, VARBINARY } from "@athanor/core";
export { MySQLCompiler } from "./base/compiler.js";
export { MySQLDDLCompiler } from "./base/ddl-compiler.js";
export { MySQLDialect, type MySQLDialectOptions, parseMySQLVersion } from "./base/dialect.js";
export {
  ischemaNames,
  type MySQLColumnTypeSpec,
  mysqlTypeFromCatalog,
  parseColumnType,
} from "./base/ischema-names.js";
export { MySQLIdentifierPreparer } from "./base/preparer.js";
export { MySQLReflector } from "./base/reflection.js";
export { RESERVED_WORDS_MARIADB, RESERVED_WORDS_MYSQL } from "./base/reserved-words.js";
export { MySQLTypeCompiler } from "./base/type-compiler.js";
export {
  BIGINT,
  BIT,
  CHAR,
  DATETIME,
  DECIMAL,
  DOUBLE,
  ENUM,
  FLOAT,
  INET4,
  INET6,
  INTEGER,
  LONGBLOB,
  LONGTEXT,
  MEDIUMBLOB,
  MEDIUMINT,
  MEDIUMTEXT,
  NCHAR,
  NUMERIC,
  NVARCHAR,
  REAL,
  SET,
  SMALLINT,
  TEXT,
  TIME,
  TIMESTAMP,
  TINYBLOB,
  TINYINT,
  TINYTEXT,
  VARCHAR,
  YEAR,
} from "./base/type-factories.js";
export {
  BIGINTType,
  BITType,
  CHARType,
  DATETIMEType,
  DECIMALType,
  DOUBLEType,
  ENUMType,
  FLOATType,
  INET4Type,
  INET6Type,
  INTEGERType,
  LONGBLOBType,
  LONGTEXTType,
  MEDIUMBLOBType,
  MEDIUMINTType,
  MEDIUMTEXTType,
  type MySQLDateTimeOptions,
  type MySQLDecimalOptions,
  type MySQLEnumOptions,
  type MySQLIntegerOptions,
  type MySQLNumericOptions,
  type MySQLStringOptions,
  NCHARType,
  NUMERICType,
  NVARCHARType,
  REALType,
  SETType,
  SMALLINTType,
  TEXTType,
  TIMESTAMPType,
  TIMEType,
  TINYBLOBType,
  TINYINTType,
  TINYTEXTType,
  VARCHARType,
  YEARType,
} from "./base/types.js";
export {
  DMLLimitClause,
  insert,
  limit,
  MySQLInsert,
  OnDuplicateClause,
  type OnDuplicateValues,
} from "./dml.js";
export { MariaDBDialectMySQL2, MySQL2Dialect } from "./drivers/mysql2.js";
export { mysql2Config } from "./drivers/mysql2-adapter.js";
export { Match, type MatchOptions, match } from "./expression.js";

/** The version of this package, as published. */
export const VERSION = "0.1.0";
export { dialectEntries } from "./entries.js";
