/**
 * @athanor/dialect-sqlite: the SQLite dialect for Athanor, and its
 * better-sqlite3 driver.
 *
 * @packageDocumentation
 */

/** The version of this package, as published. */
export const VERSION = "0.1.0";

export { SQLiteCompiler } from "./base/compiler.js";
export { SQLiteDDLCompiler } from "./base/ddl-compiler.js";
export { SQLiteDialect, type SQLiteDialectOptions } from "./base/dialect.js";
export { resolveTypeAffinity, SQLiteJSONB, sqliteIschemaNames } from "./base/ischema-names.js";
export { SQLITE_RESERVED_WORDS, SQLiteIdentifierPreparer } from "./base/preparer.js";
export { SQLiteReflector } from "./base/reflection.js";
export { SQLiteTypeCompiler } from "./base/type-compiler.js";
export {
  canonicalUuid,
  DATE,
  DATETIME,
  formatJsonPath,
  JSON,
  SQLiteBigInteger,
  SQLiteBoolean,
  SQLiteDATE,
  SQLiteDATETIME,
  type SQLiteDateTimeOptions,
  SQLiteJSON,
  SQLiteJSONPath,
  SQLiteTIME,
  sqliteColspecs,
  TIME,
} from "./base/types.js";
export {
  type IndexElement,
  insert,
  type OnConflictDoNothingOptions,
  type OnConflictDoUpdateOptions,
  SQLiteInsert,
  SQLiteOnConflictClause,
  SQLiteOnConflictDoNothing,
  SQLiteOnConflictDoUpdate,
} from "./dml.js";
export { SQLiteDialectBetterSqlite3, type SQLitePoolClass } from "./drivers/better-sqlite3.js";
export {
  BetterSqlite3Connection,
  type BetterSqlite3ConnectOptions,
  type BetterSqlite3Options,
  betterSqlite3Adapter,
  betterSqlite3Options,
} from "./drivers/better-sqlite3-adapter.js";
export { dialectEntries } from "./entries.js";
