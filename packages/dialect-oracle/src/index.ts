/**
 * @athanor/dialect-oracle: the Oracle Database dialect and its types.
 *
 * @packageDocumentation
 */
export { OracleCompiler } from "./base/compiler.js";
export { OracleDDLCompiler } from "./base/ddl-compiler.js";
export { OracleDialect, type OracleDialectOptions } from "./base/dialect.js";
export {
  ischemaNames,
  type OracleColumnTypeSpec,
  oracleTypeFromCatalog,
} from "./base/ischema-names.js";
export { ORACLE_RESERVED_WORDS, OracleIdentifierPreparer } from "./base/preparer.js";
export { OracleReflector, parseIdentityOptions } from "./base/reflection.js";
export { OracleTypeCompiler } from "./base/type-compiler.js";
export {
  BFILE,
  BFILEType,
  BINARY_DOUBLE,
  BINARY_DOUBLEType,
  BINARY_FLOAT,
  BINARY_FLOATType,
  DATE,
  FLOAT,
  INTERVAL,
  INTERVALType,
  JSON,
  LONG,
  LONGType,
  NCLOB,
  NCLOBType,
  NUMBER,
  NUMBERType,
  NVARCHAR2,
  NVARCHAR2Type,
  OracleDATEType,
  OracleFLOATType,
  type OracleFloatOptions,
  type OracleJSONOptions,
  OracleJSONType,
  OracleTIMESTAMPType,
  type OracleTimestampOptions,
  RAW,
  RAWType,
  ROWID,
  ROWIDType,
  TIMESTAMP,
  VARCHAR2,
  VARCHAR2Type,
} from "./base/types.js";
export { OracleDialectOracledb, type OracledbError } from "./drivers/oracledb.js";
export { oracledbConfig } from "./drivers/oracledb-adapter.js";
export { type OracleBindType, type OracleTypedValue, oraTyped } from "./drivers/oracledb-types.js";

/** The version of this package, as published. */
export const VERSION = "0.1.0";
export { dialectEntries } from "./entries.js";
