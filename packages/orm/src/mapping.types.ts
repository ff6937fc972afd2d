/**
 * The types a mapping is inferred into: instance type, constructor argument,
 * class-level attributes. Kept lazy (homomorphic mapped types, one-level
 * conditionals) so that mutually referring classes type-check cheaply; see
 * the ORM typing design note.
 */
import type { CLAUSE_PROVIDER, ColumnImpl, FromClause } from "@athanor/core";
import type { MappedColumn } from "./mapped-column.js";
import type { Mapper } from "./mapper.js";
import type { Relationship } from "./relationship.js";
import type { RelationshipAttribute } from "./relationship-attribute.js";

/** The properties a mapped class is declared with. */
export type Props = { readonly [key: string]: MappedColumn<any, boolean> | Relationship<any, boolean> };

/** The instance type a relationship thunk leads to; unwrapped only per attribute. */
export type InstanceOfTarget<Th> = Th extends () => abstract new (...args: any) => infer I ? I : never;

/** The value type of one attribute on an instance. */
export type AttrValue<P> =
  P extends Relationship<infer Th, infer Many>
    ? Many extends true
      ? InstanceOfTarget<Th>[]
      : InstanceOfTarget<Th> | null
    : P extends MappedColumn<infer T, any>
      ? T
      : never;

/** The attributes of an instance. */
export type InstanceOf<P extends Props> = { -readonly [K in keyof P]: AttrValue<P[K]> };

/** The keys the constructor requires: NOT NULL columns without default. */
export type RequiredInitKeys<P extends Props> = {
  [K in keyof P]: P[K]["__optional"] extends false ? K : never;
}[keyof P];

/**
 * The constructor argument: required NOT NULL columns without default, every
 * other attribute optional. The optional half is homomorphic (evaluated per
 * key, on demand) and the required half repeats only the required keys; an
 * intersection of two key-remapped (`as`) types costs tsc about twice as much.
 */
export type InitOf<P extends Props> = { [K in RequiredInitKeys<P>]: AttrValue<P[K]> } & {
  [K in keyof P]?: AttrValue<P[K]>;
};

/** The constructor's parameter list: the argument may be left out when nothing is required. */
export type InitArgs<P extends Props> = {} extends InitOf<P> ? [init?: InitOf<P>] : [init: InitOf<P>];

/** A class-level column attribute: the table's column, a SQL expression (`User.name.eq("x")`). */
export interface InstrumentedAttribute<T, K extends string> extends ColumnImpl<T, K> {}

/** The class-level attributes of a mapped class. */
export type ClassAttrs<P extends Props> = {
  readonly [K in keyof P]: P[K] extends Relationship<any, any>
    ? RelationshipAttribute<K & string>
    : InstrumentedAttribute<AttrValue<P[K]>, K & string>;
};

/** The static side every mapped class has. */
export interface MappedStatics<P extends Props> {
  /** The class's mapper. */
  readonly __mapper__: Mapper<P>;
  /** The clause-provider protocol: core's `select(User)` reads the table from here. */
  [CLAUSE_PROVIDER](): FromClause;
}

/** What `Base.mapped(...)` returns: a class to extend. */
export type MappedClass<P extends Props> = (new (
  ...args: InitArgs<P>
) => InstanceOf<P>) &
  MappedStatics<P> &
  ClassAttrs<P>;

/** Any mapped class (the class itself, not an instance). */
export type AnyMappedClass = (abstract new (
  ...args: any
) => any) & {
  readonly __mapper__: Mapper<any>;
  [CLAUSE_PROVIDER](): FromClause;
};
