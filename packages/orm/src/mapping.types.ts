/**
 * The types a mapping is inferred into: instance type, constructor argument,
 * class-level attributes. Kept lazy (homomorphic mapped types, one-level
 * conditionals) so that mutually referring classes type-check cheaply; see
 * the ORM typing design note.
 */
import type { CLAUSE_PROVIDER, ColumnElement, ColumnImpl, FromClause } from "@athanor/core";
import type { ColumnProperty, QueryExpression } from "./column-properties.js";
import type { Composite, CompositeAttribute, Synonym } from "./descriptor-props.js";
import type { SubclassOptions } from "./inheritance.js";
import type { QueryExpressionAttr } from "./loader-options.js";
import type { MappedColumn } from "./mapped-column.js";
import type { Mapper } from "./mapper.js";
import type { Relationship } from "./relationship.js";
import type { RelationshipAttribute } from "./relationship-attribute.js";
import type { AppenderQuery, WriteOnlyCollection } from "./write-only.js";

/** The properties a mapped class is declared with. */
export type Props = {
  readonly [key: string]:
    | MappedColumn<any, boolean>
    | Relationship<any, boolean>
    | ColumnProperty<any>
    | QueryExpression<any>
    | Synonym
    | Composite;
};

/** The instance type a relationship thunk leads to; unwrapped only per attribute. */
export type InstanceOfTarget<Th> = Th extends () => abstract new (...args: any) => infer I ? I : never;

/** The value type of one attribute on an instance. */
export type AttrValue<P> =
  // Columns first: most attributes are columns, and each test below costs tsc an instantiation.
  P extends MappedColumn<infer T, any>
    ? T
    : P extends Relationship<infer Th, infer Many, infer Kind>
      ? RelationshipValue<Th, Many, Kind>
      : P extends ColumnProperty<infer T>
        ? T
        : P extends QueryExpression<infer T>
          ? T | null
          : never;

/** The value of a relationship attribute: the related objects, or a write-only / dynamic collection. */
type RelationshipValue<Th, Many, Kind> = [Kind] extends ["loaded"]
  ? Many extends true
    ? InstanceOfTarget<Th>[]
    : InstanceOfTarget<Th> | null
  : [Kind] extends ["write_only"]
    ? WriteOnlyCollection<InstanceOfTarget<Th>>
    : [Kind] extends ["dynamic"]
      ? AppenderQuery<InstanceOfTarget<Th>>
      : Many extends true
        ? InstanceOfTarget<Th>[]
        : InstanceOfTarget<Th> | null;

/** The constructor argument's type of one attribute: a write-only or dynamic collection takes an array. */
export type InitValue<P> =
  P extends Relationship<infer Th, any, infer Kind>
    ? [Kind] extends ["write_only" | "dynamic"]
      ? InstanceOfTarget<Th>[]
      : AttrValue<P>
    : AttrValue<P>;

/** The value of a composite: its class's instance, or `null` when a column may be NULL. */
export type CompositeValue<P extends Props, C, M> = C extends abstract new (
  ...args: any
) => infer I
  ? null extends AttrValue<P[M[keyof M] & keyof P]>
    ? I | null
    : I
  : never;

/** The value of attribute `K`: synonyms and composites look at the columns they stand for. */
export type PropValue<P extends Props, K extends keyof P> = P[K]["propertyKind"] extends
  | "column"
  | "relationship"
  ? AttrValue<P[K]>
  : P[K] extends Synonym<infer S>
    ? AttrValue<P[S & keyof P]>
    : P[K] extends Composite<infer C, infer M>
      ? CompositeValue<P, C, M>
      : AttrValue<P[K]>;

/** The attributes of an instance. */
export type InstanceOf<P extends Props> = { -readonly [K in keyof P]: PropValue<P, K> };

/** The keys the constructor requires: NOT NULL columns without default, except those the ORM sets (`Auto`). */
export type RequiredInitKeys<P extends Props, Auto extends PropertyKey = never> = Exclude<
  { [K in keyof P]: P[K]["__optional"] extends false ? K : never }[keyof P],
  Auto
>;

/**
 * The constructor argument: required NOT NULL columns without default, every
 * other attribute optional. `Auto` names attributes the ORM sets itself (the
 * discriminator of a polymorphic hierarchy), which are optional too. The
 * optional half is homomorphic (evaluated per key, on demand) and the
 * required half repeats only the required keys; an intersection of two
 * key-remapped (`as`) types costs tsc about twice as much.
 */
export type InitOf<P extends Props, Auto extends PropertyKey = never> = {
  [K in RequiredInitKeys<P, Auto>]: InitValue<P[K]>;
} & {
  [K in keyof P]?: P[K]["propertyKind"] extends "column" | "relationship" ? InitValue<P[K]> : PropValue<P, K>;
};

/** The constructor's parameter list: the argument may be left out when nothing is required. */
export type InitArgs<P extends Props, Auto extends PropertyKey = never> = InitArgsOf<
  InitOf<P, Auto | CompositeColumnsOf<P>>
>;

type InitArgsOf<I> = {} extends I ? [init?: I] : [init: I];

/** The column attributes stored by composites (which may be given through the composite instead). */
export type CompositeColumnsOf<P extends Props> = "composite" extends P[keyof P]["propertyKind"]
  ? CompositeColumnsIn<P>
  : never;

type CompositeColumnsIn<P extends Props> = {
  [K in keyof P]: P[K]["propertyKind"] extends "composite"
    ? P[K] extends Composite<any, infer M>
      ? M[keyof M]
      : never
    : never;
}[keyof P];

/** A class-level column attribute: the table's column, a SQL expression (`User.name.eq("x")`). */
export interface InstrumentedAttribute<T, K extends string> extends ColumnImpl<T, K> {}

/** The class-level attribute of a column or relationship `K`. */
export type ColumnOrRelationshipAttr<P extends Props, K extends keyof P> =
  P[K] extends Relationship<any, any>
    ? RelationshipAttribute<K & string>
    : InstrumentedAttribute<AttrValue<P[K]>, K & string>;

/** The class-level attributes of a mapped class (dispatching on the cheap `propertyKind` literal first). */
export type ClassAttrs<P extends Props> = {
  readonly [K in keyof P]: P[K]["propertyKind"] extends "column"
    ? InstrumentedAttribute<AttrValue<P[K]>, K & string>
    : P[K]["propertyKind"] extends "relationship"
      ? RelationshipAttribute<K & string>
      : P[K] extends Synonym<infer S>
        ? ColumnOrRelationshipAttr<P, S & keyof P>
        : P[K] extends ColumnProperty<infer T>
          ? ColumnElement<T, K & string>
          : P[K] extends QueryExpression<infer T>
            ? QueryExpressionAttr<T>
            : CompositeAttribute<Exclude<PropValue<P, K>, null>>;
};

/** The static side every mapped class has. */
export interface MappedStatics<P extends Props, Auto extends PropertyKey = never> {
  /** The class's mapper. */
  readonly __mapper__: Mapper<P>;
  /** Type only: the attributes the ORM sets on construction (the discriminator). */
  readonly __autoInit__?: Auto;
  /** The clause-provider protocol: core's `select(User)` reads the table from here. */
  [CLAUSE_PROVIDER](): FromClause;
  /**
   * A class to extend, mapped as a subclass of this (registered) class:
   * single-table inheritance, or joined-table with `tableName`.
   *
   * @example
   * ```ts
   * @Base.register
   * class Engineer extends Employee.mappedSubclass(
   *   { engineerName: mappedColumn(String(30)) },
   *   { polymorphicIdentity: "engineer" },
   * ) {}
   * ```
   */
  mappedSubclass<This extends AnyMappedClass, const P2 extends Props>(
    this: This,
    props: P2,
    options?: SubclassOptions,
  ): MappedSubclass<This, P2>;
}

/** The props of a mapped class (the class itself). */
export type PropsOfClass<C> = C extends { readonly __mapper__: Mapper<infer P> } ? P : never;

/**
 * What `Parent.mappedSubclass(props)` returns: a class whose instances are
 * `Parent` instances (methods included) with the new attributes, and whose
 * static side has the parent's and the new class-level attributes.
 */
export type MappedSubclass<Parent extends AnyMappedClass, P2 extends Props> = (new (
  ...args: InitArgs<PropsOfClass<Parent> & P2, AutoInitOf<Parent>>
) => InstanceType<Parent> & InstanceOf<P2>) &
  Omit<Parent, "prototype" | "__mapper__" | "mappedSubclass" | "__autoInit__"> &
  MappedStatics<PropsOfClass<Parent> & P2, AutoInitOf<Parent>> &
  ClassAttrs<P2>;

/** The attributes a mapped class's constructor sets itself. */
export type AutoInitOf<C> = C extends { readonly __autoInit__?: infer A } ? A & PropertyKey : never;

/** What `Base.mapped(...)` returns: a class to extend. */
export type MappedClass<P extends Props, Auto extends PropertyKey = never> = (new (
  ...args: InitArgs<P, Auto>
) => InstanceOf<P>) &
  MappedStatics<P, Auto> &
  ClassAttrs<P>;

/** Any mapped class (the class itself, not an instance). */
export type AnyMappedClass = (abstract new (
  ...args: any
) => any) & {
  readonly __mapper__: Mapper<any>;
  [CLAUSE_PROVIDER](): FromClause;
};
