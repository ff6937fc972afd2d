/**
 * @athanor/dialect-mssql: the Microsoft SQL Server dialect and its types.
 *
 * @packageDocumentation
 */
export { tryCast } from "@athanor/core";
export { MSSQLCompiler } from "./base/compiler.js";
export { MSSQLDDLCompiler } from "./base/ddl-compiler.js";
export { MSSQLDialect, type MSSQLDialectOptions } from "./base/dialect.js";
export {
  ischemaNames,
  type MSSQLColumnTypeSpec,
  mssqlTypeFromCatalog,
} from "./base/ischema-names.js";
export { MSSQL_RESERVED_WORDS, MSSQLIdentifierPreparer } from "./base/preparer.js";
export { MSSQLReflector } from "./base/reflection.js";
export { MSSQLTypeCompiler } from "./base/type-compiler.js";
export {
  BIT,
  BITType,
  DATETIME2,
  DATETIME2Type,
  DATETIMEOFFSET,
  DATETIMEOFFSETType,
  DOUBLE_PRECISION,
  IMAGE,
  IMAGEType,
  MONEY,
  MONEYType,
  MSSQLDOUBLE_PRECISIONType,
  MSSQLREALType,
  MSSQLTIMEType,
  MSSQLUnicodeTextType,
  MSSQLUnicodeType,
  MSSQLVARBINARYType,
  NTEXT,
  NTEXTType,
  REAL,
  ROWVERSION,
  ROWVERSIONType,
  SMALLDATETIME,
  SMALLDATETIMEType,
  SMALLMONEY,
  SMALLMONEYType,
  SQL_VARIANT,
  SQL_VARIANTType,
  TIME,
  TINYINT,
  TINYINTType,
  UNIQUEIDENTIFIER,
  UNIQUEIDENTIFIERType,
  VARBINARY,
  XML,
  XMLType,
} from "./base/types.js";
export { MSSQLDialectTedious } from "./drivers/tedious.js";
export { tediousConfig } from "./drivers/tedious-adapter.js";
export {
  type TdsParamOptions,
  type TdsTypedValue,
  type TdsTypeName,
  tdsParam,
  tdsTyped,
} from "./drivers/tedious-params.js";

/** The version of this package, as published. */
export const VERSION = "0.1.0";
export { dialectEntries } from "./entries.js";
