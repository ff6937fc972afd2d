/**
 * @athanor/dialect-postgresql: the PostgreSQL dialect for Athanor, and its
 * node-postgres (`pg`) driver.
 *
 * @packageDocumentation
 */
/** The version of this package, as published. */
export const VERSION = "0.1.0";

export { PGCompiler } from "./base/compiler.js";
export { type EnumLike, PGDDLCompiler } from "./base/ddl-compiler.js";
export { PGDialect, type PGDialectOptions } from "./base/dialect.js";
export {
  type NamedTypes,
  pgIschemaNames,
  type ReflectedDomain,
  type ReflectedEnum,
  reflectPgType,
  splitFormatType,
  splitQualified,
} from "./base/ischema-names.js";
export { PG_RESERVED_WORDS, PGIdentifierPreparer } from "./base/preparer.js";
export { PGReflector, parseForeignKeyDef, stripOuterParens } from "./base/reflection.js";
export { PGTypeCompiler } from "./base/type-compiler.js";
export {
  ARRAY,
  type ARRAYOptions,
  BIT,
  BYTEA,
  CIDR,
  CITEXT,
  ENUM,
  HSTORE,
  INET,
  INTERVAL,
  type IntervalOptions,
  isContainable,
  isJsonb,
  JSON,
  JSONB,
  JSONPATH,
  MACADDR,
  MACADDR8,
  MONEY,
  OID,
  PG_CONTAINABLE,
  PG_JSONB,
  PGARRAY,
  PGBIT,
  PGCITEXT,
  PGENUM,
  type PGEnumOptions,
  PGHSTORE,
  PGINTERVAL,
  PGJSON,
  PGJSONB,
  PGSimpleType,
  PGTIME,
  PGTIMESTAMP,
  type PGTimeOptions,
  PGUUID,
  pgColspecs,
  REGCLASS,
  REGCONFIG,
  TIME,
  TIMESTAMP,
  TSQUERY,
  TSVECTOR,
  UUID,
} from "./base/types.js";
export { CreateEnumType, DropEnumType } from "./ddl.js";
export {
  type ConflictConstraint,
  type IndexElement,
  insert,
  type OnConflictDoNothingOptions,
  type OnConflictDoUpdateOptions,
  PGInsert,
  PGOnConflictClause,
  PGOnConflictDoNothing,
  PGOnConflictDoUpdate,
} from "./dml.js";
export { PGDialectPg, parseServerVersion } from "./drivers/pg.js";
export { type PgClientConfig, PgConnection, pgAdapter, pgClientConfig } from "./drivers/pg-adapter.js";
export {
  formatNaiveUtc,
  PG_RAW_TEXT_ARRAY_OIDS,
  PG_RAW_TEXT_OIDS,
  PGARRAYPg,
  PGBigIntegerPg,
  PGDatePg,
  PGFloatPg,
  PGIntegerPg,
  PGIntervalPg,
  PGNumericPg,
  PGTimestampPg,
  PGUuidPg,
  parseInterval,
  parseTimestamp,
  pgDriverColspecs,
} from "./drivers/pg-types.js";
export { dialectEntries } from "./entries.js";
export {
  AggregateOrderBy,
  ArrayLiteral,
  aggregateOrderBy,
  array,
  arrayAgg,
  DistinctOn,
  distinctOn,
  plaintoTsquery,
  toTsquery,
  toTsvector,
  websearchToTsquery,
} from "./ext.js";
