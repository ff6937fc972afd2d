/**
 * @athanor/core: schema, types, the SQL expression language and compilers.
 *
 * @packageDocumentation
 */
export {
  DefaultDialect,
  DIALECT_SPI_VERSION,
  type Dialect,
  type DialectOptions,
  type Paramstyle,
} from "./engine/dialect.js";
export * from "./exc.js";
export * from "./sql/clause-provider.js";
export type { Compiled, CompileOptions, ResultColumn } from "./sql/compiler/compiled.js";
export { IdentifierPreparer, RESERVED_WORDS } from "./sql/compiler/identifier-preparer.js";
export { type CompileKw, compiles, SQLCompiler } from "./sql/compiler/sql-compiler.js";
export { TypeCompiler } from "./sql/compiler/type-compiler.js";
export * from "./sql/ddl.js";
export {
  type CacheKey,
  CacheKeyGen,
  ClauseElement,
  type Internals,
  isClauseElement,
} from "./sql/elements/base.js";
export * from "./sql/elements/column-element.js";
export {
  Case,
  type CaseOptions,
  case_ as case,
  case_,
  Extract,
  FrameClause,
  FrameClauseType,
  type Func,
  FunctionElement,
  FunctionFilter,
  func,
  Over,
  type OverOptions,
  WithinGroup,
} from "./sql/elements/functions.js";
export { TextClause, text } from "./sql/elements/text.js";
export * from "./sql/expressions.js";
export { customOp, needsGrouping, type Operator, operators } from "./sql/operators.js";
export * from "./sql/select.js";
export * from "./sql/selectable.js";
export * from "./sql/types/factories.js";
export * from "./sql/types/sqltypes.js";
export * from "./sql/types/type-engine.js";

import { installCompiler } from "./sql/compiler/compile.js";

// An explicit call, not a bare import: bundlers drop side-effect imports of a "sideEffects": false package.
installCompiler();

export {
  Connection,
  type ExecutionOptions,
  type ResultOf,
  type ScalarOf,
  Transaction,
} from "./engine/connection.js";
export { createEngine, type EngineOptions, type PoolClassName } from "./engine/create-engine.js";
export type {
  ConnectArgs,
  DriverAdapter,
  DriverColumn,
  DriverConnection,
  DriverCursor,
  DriverExecuteOptions,
  DriverResult,
} from "./engine/driver.js";
export * as driverProcessing from "./engine/driver-processing.js";
export { AsyncOnlyError, type Effect, type Op, perform, runSync, syncEffect } from "./engine/effects.js";
export { Engine, type EngineSettings, type PooledConnectionLike, type PoolLike } from "./engine/engine.js";
export {
  Dispatcher,
  type EngineEventMap,
  type EngineEventName,
  type HasEvents,
  listen,
  listensFor,
  type PoolEventName,
  type PoolEventTarget,
  removeListener,
} from "./engine/events.js";
export type { ExecuteParams } from "./engine/execution.js";
export { consoleLogger, type EchoFlag, type Logger, silentLogger } from "./engine/logging.js";
export {
  type AsyncEngineLike,
  type Inspectable,
  Inspector,
  inspect,
  type Maybe,
} from "./engine/reflection/inspector.js";
export * from "./engine/reflection/interfaces.js";
export {
  type AutoloadOptions,
  type ReflectOptions,
  reflect,
  reflectOp,
  reflectTable,
  reflectTableOp,
} from "./engine/reflection/reflect-table.js";
export { DialectReflector, NoSuchTableError } from "./engine/reflection/reflector.js";
export { type DialectEntry, dialectForUrl, registerDialect, registeredDialects } from "./engine/registry.js";
export {
  FrozenResult,
  MappingResult,
  Result,
  type ResultInfo,
  ScalarResult,
  type ValueArrayResult,
} from "./engine/result.js";
export { type CreateResultOptions, createResult, resultFromRows } from "./engine/result-factory.js";
export { type ResultColumnSpec, ResultMetadata, resultProcessorFor } from "./engine/result-metadata.js";
export { BufferedSource, CursorSource, type CursorSourceOptions, RowSource } from "./engine/result-source.js";
export type { UniqueStrategy } from "./engine/result-unique.js";
export {
  type AnyRow,
  isRow,
  NoSuchColumnError,
  type RawRow,
  type Row,
  RowMapping,
  type RowMethods,
  type RowValue,
  rowMaker,
} from "./engine/row.js";
export {
  type AnyConnection,
  type AsyncRunner,
  type CreateDropOptions,
  createAll,
  createAllOp,
  dropAll,
  dropAllOp,
  runOn,
} from "./engine/schema-ops.js";
export { makeUrl, URL, type URLParts } from "./engine/url.js";
export { CompiledCache, type CompiledExecution } from "./sql/compiler/compiled-cache.js";
export { DefaultBindParameter } from "./sql/compiler/crud.js";
export {
  type DDLCompileKw,
  DDLCompiler,
  FK_INITIALLY,
  FK_ON_DELETE,
  FK_ON_UPDATE,
  type IdentityOptionsLike,
} from "./sql/compiler/ddl-compiler.js";
export * from "./sql/dml.js";
export {
  Column,
  type ColumnConstructor,
  ColumnImpl,
  type ColumnOptions,
  type ColumnValue,
  type InsertOptional,
} from "./sql/schema/column.js";
export {
  CheckConstraint,
  ColumnCollectionConstraint,
  Constraint,
  type ConstraintOptions,
  ForeignKey,
  ForeignKeyConstraint,
  type ForeignKeyOptions,
  Index,
  type IndexOptions,
  PrimaryKeyConstraint,
  UniqueConstraint,
} from "./sql/schema/constraints.js";
export {
  ColumnDefault,
  Computed,
  DefaultClause,
  Identity,
  type IdentityOptions,
  NextValue,
  Sequence,
  type SequenceOptions,
} from "./sql/schema/defaults.js";
export {
  DEFAULT_NAMING_CONVENTION,
  MetaData,
  type MetaDataOptions,
  type NamingConvention,
  sortTables,
  Table,
  type TableColumns,
  type TableConstructor,
  TableImpl,
  type TableOptions,
} from "./sql/schema/table.js";
export { TableValuedAlias, type TableValuedOptions } from "./sql/table-valued.js";
export { TypeDecorator } from "./sql/types/type-decorator.js";
export { ScalarValues, Values, type ValuesOptions, values } from "./sql/values.js";
