/**
 * `aliased(User)`: an entity over an alias of a mapped class's table
 * (SQLAlchemy's `aliased()` / `AliasedClass`). Its class-level attributes are
 * the alias's columns, it can be selected (`select(User, a)` gives objects of
 * both, through the same identity map) and joined, and
 * `User.addresses.of(a)` joins a relationship to it.
 */
import {
  CLAUSE_PROVIDER,
  type ColumnElement,
  exists,
  type FromClause,
  InvalidRequestError,
  literalColumn,
  NotImplementedError,
  select,
} from "@athanor/core";
import { CompositeAttribute, Synonym } from "./descriptor-props.js";
import { entityColumns } from "./entity-columns.js";
import { singleTableCriterion } from "./inheritance.js";
import type { Mapper, RelationshipProperty } from "./mapper.js";
import type { AnyMappedClass } from "./mapping.types.js";
import { aliasedRelationshipJoin } from "./relationship-join.js";

/** Options of {@link aliased}. */
export interface AliasedOptions {
  /** The alias name in SQL (`user_account AS u2`); anonymous (`user_account_1`) by default. */
  name?: string;
}

const ALIAS = Symbol("athanor.orm.aliasedFrom");

/** The FROM of an entity: an aliased entity's alias, a mapped class's selectable. @internal */
export function entityFrom(entity: unknown): { mapper: Mapper<any>; from: FromClause; aliased: boolean } {
  const mapper = (entity as { __mapper__?: Mapper<any> } | null)?.__mapper__;
  if (mapper === undefined) throw new InvalidRequestError(`${String(entity)} is not a mapped class or alias`);
  const alias = (entity as { [ALIAS]?: FromClause })[ALIAS];
  return { mapper, from: alias ?? mapper.selectable, aliased: alias !== undefined };
}

/**
 * An alias of a mapped class. It is typed as the class itself: `a.name` is a
 * column of the alias, `select(a)` yields `User` objects. It cannot be
 * constructed.
 *
 * @example
 * ```ts
 * const a = aliased(User, { name: "u2" });
 * session.execute(select(User, a).join(a, User.id.lt(a.id))).all(); // [User, User][]
 * ```
 */
export function aliased<C extends AnyMappedClass>(cls: C, options: AliasedOptions = {}): C {
  const { mapper, aliased: already } = entityFrom(cls);
  mapper.assertRegistered();
  if (mapper.persistTables.length > 1 || singleTableCriterion(mapper) !== undefined)
    throw new NotImplementedError(`aliased() of the inheriting class ${mapper.className} is not implemented`);
  if (already) throw new NotImplementedError("aliased() of an aliased class is not implemented");
  const alias = mapper.table.alias(options.name) as unknown as FromClause;
  const columnOf = (col: ColumnElement<any>) => alias.correspondingColumn(col) as ColumnElement<any>;
  const name = `aliased(${mapper.className})`;
  // A class, so that `select(a)` sees an entity; constructing one is a mistake.
  const entity = class AliasedClass {
    constructor() {
      throw new InvalidRequestError(`${name} cannot be constructed; construct ${mapper.className}`);
    }
  } as unknown as Record<PropertyKey, unknown>;
  const define = (key: PropertyKey, value: unknown) =>
    Object.defineProperty(entity, key, { value, configurable: true, enumerable: false });
  define("__mapper__", mapper);
  define(ALIAS, alias);
  define(CLAUSE_PROVIDER, () => alias);
  define("__selectColumns__", () => entityColumns(mapper).columns.map(columnOf));
  for (const [key, col] of mapper.columns) define(key, columnOf(col));
  for (const [key, rel] of mapper.relationships) {
    Object.defineProperty(entity, key, {
      configurable: true,
      get: () => new AliasedRelationship(rel, alias),
    });
  }
  for (const [key, prop] of mapper.descriptors) {
    if (prop instanceof Synonym) Object.defineProperty(entity, key, { get: () => entity[prop.target] });
    else
      define(
        key,
        new CompositeAttribute(
          key,
          prop.columnKeys.map((k) => columnOf(mapper.columns.get(k) as ColumnElement<any>)),
          prop,
        ),
      );
  }
  return entity as unknown as C;
}

/** A relationship of an aliased entity: joins from the alias (`select(a).join(a.addresses)`). */
export class AliasedRelationship {
  constructor(
    /** The relationship. */
    readonly property: RelationshipProperty,
    private readonly parentFrom: FromClause,
  ) {}

  /** The join condition from the alias to the target's table. */
  get onclause(): ColumnElement<boolean> {
    return aliasedRelationshipJoin(this.property, this.parentFrom, undefined).joinOnclause;
  }

  /** Joined to an alias of the target. */
  of(target: AnyMappedClass): { [CLAUSE_PROVIDER](): unknown } {
    const to = entityFrom(target).from;
    return { [CLAUSE_PROVIDER]: () => aliasedRelationshipJoin(this.property, this.parentFrom, to) };
  }

  [CLAUSE_PROVIDER](): unknown {
    return aliasedRelationshipJoin(this.property, this.parentFrom, undefined);
  }

  /** `EXISTS (SELECT 1 FROM target WHERE <join from the alias> AND criteria)` for a collection. */
  any(...criteria: ColumnElement<any>[]): ColumnElement<boolean> {
    if (!this.property.uselist)
      throw new InvalidRequestError(`'any()' not implemented for scalar attributes. Use has().`);
    return this.exists(criteria);
  }

  /** `EXISTS (...)` for a scalar reference. */
  has(...criteria: ColumnElement<any>[]): ColumnElement<boolean> {
    if (this.property.uselist)
      throw new InvalidRequestError(`'has()' not implemented for collections. Use any().`);
    return this.exists(criteria);
  }

  private exists(criteria: ColumnElement<any>[]): ColumnElement<boolean> {
    const { joinTarget, joinOnclause } = aliasedRelationshipJoin(this.property, this.parentFrom, undefined);
    const sub = select(literalColumn("1"))
      .selectFrom(joinTarget)
      .where(joinOnclause, ...criteria);
    return exists(sub) as unknown as ColumnElement<boolean>;
  }

  /** Comparing an aliased relationship with an object is not built. */
  eq(_other: object | null): ColumnElement<boolean> {
    throw new NotImplementedError("eq() on a relationship of an aliased class is not implemented");
  }

  /** Membership through an aliased relationship is not built. */
  contains(_other: object): ColumnElement<boolean> {
    throw new NotImplementedError("contains() on a relationship of an aliased class is not implemented");
  }
}
