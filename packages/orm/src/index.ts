/**
 * @athanor/orm: declarative and imperative mapping, `Session` with its unit of
 * work and identity map, relationships of every kind, loader strategies and
 * options, inheritance, versioning. The async API is `@athanor/asyncio-compat/orm`.
 * See the package README for what is not implemented yet.
 *
 * @packageDocumentation
 */

/** The version of this package, as published. */
export const VERSION = "0.1.0";

export { type AliasedOptions, AliasedRelationship, aliased } from "./aliased.js";
export { AwaitRequiredError } from "./async-guard.js";
export { loadAttributeOp } from "./attribute-op.js";
export { InstrumentedList } from "./attributes.js";
export { foreign, remote } from "./clause-adapt.js";
export {
  ColumnProperty,
  type ColumnPropertyOptions,
  columnProperty,
  type DeferredOptions,
  deferred,
  QueryExpression,
  queryExpression,
} from "./column-properties.js";
export {
  type DeclarativeBase,
  type DeclarativeBaseOptions,
  declarativeBase,
  type MappedOptions,
  Registry,
} from "./declarative.js";
export {
  Composite,
  CompositeAttribute,
  type CompositeClass,
  type CompositeFields,
  composite,
  Synonym,
  synonym,
} from "./descriptor-props.js";
export {
  DetachedInstanceError,
  FlushError,
  ObjectDeletedError,
  StaleDataError,
  UnmappedInstanceError,
} from "./errors.js";
export { IdentityMap } from "./identity-map.js";
export type { ImperativelyMapped, ImperativeOptions, ImperativeProps } from "./imperative.js";
export type { PolymorphicBaseOptions, SubclassOptions } from "./inheritance.js";
export {
  type AttributeHistory,
  type IdentityKey,
  InstanceState,
  type InstanceStatus,
  instanceState,
} from "./instance-state.js";
export { LoaderCriteria, type LoaderCriteriaOptions, withLoaderCriteria } from "./loader-criteria.js";
export {
  type ColumnAttributeArg,
  type ContainsEagerOptions,
  containsEager,
  type DeferOptions,
  defaultload,
  defer,
  type JoinedLoadOptions,
  joinedload,
  LoaderOption,
  lazyload,
  loadOnly,
  noload,
  type QueryExpressionAttr,
  type RaiseLoadOptions,
  type RelationshipStrategy,
  raiseload,
  selectinload,
  subqueryload,
  undefer,
  undeferGroup,
  withExpression,
} from "./loader-options.js";
export { type InitOptional, MappedColumn, type MappedColumnOptions, mappedColumn } from "./mapped-column.js";
export {
  type CascadeRules,
  Mapper,
  type RelationshipDirection,
  type RelationshipProperty,
} from "./mapper.js";
export type {
  AnyMappedClass,
  AttrValue,
  AutoInitOf,
  ClassAttrs,
  ColumnOrRelationshipAttr,
  CompositeColumnsOf,
  CompositeValue,
  InitArgs,
  InitOf,
  InitValue,
  InstanceOf,
  InstanceOfTarget,
  InstrumentedAttribute,
  MappedClass,
  MappedStatics,
  MappedSubclass,
  Props,
  PropsOfClass,
  PropValue,
} from "./mapping.types.js";
export type { MergeOptions } from "./merge.js";
export { makeTransient, makeTransientToDetached, objectSession } from "./object-session.js";
export type { OrmCursor } from "./orm-loading.js";
export { OrmResult, OrmScalarResult } from "./orm-result.js";
export {
  type JoinCondition,
  type OrderByArg,
  Relationship,
  type RelationshipKind,
  type RelationshipOptions,
  relationship,
} from "./relationship.js";
export { RelationshipAttribute } from "./relationship-attribute.js";
export { type RelationshipJoin, relationshipJoin } from "./relationship-join.js";
export {
  type AttributeNames,
  type PrimaryKeyArg,
  Session,
  type SessionOptions,
  type SessionResultOf,
  type SessionScalarOf,
  type SessionScalarsOf,
} from "./session.js";
export { SessionTransaction } from "./session-transaction.js";
export { type SessionFactory, type SessionmakerOptions, sessionmaker } from "./sessionmaker.js";
export {
  defaultVersionIdGenerator,
  type VersionIdGenerator,
  type VersionIdOptions,
  type WithVersionIdOptional,
} from "./versioning.js";
export { withParent } from "./with-parent.js";
export { withPolymorphic } from "./with-polymorphic.js";
export { AppenderQuery, WriteOnlyCollection } from "./write-only.js";
