/**
 * The class-level side of a relationship (`User.addresses`): SQL built from
 * the relationship's join condition, as SQLAlchemy's relationship
 * comparator. `any()` / `has()` (EXISTS subqueries), `eq()` / `contains()`
 * (comparison with an object's key), `onclause` and joins
 * (`select(User).join(User.addresses)`), through the association table of a
 * many-to-many. Self-referential relationships would need aliasing, which
 * is not built: their operators raise `NotImplementedError` (except
 * `contains()` on a many-to-many).
 */
import {
  and_,
  CLAUSE_PROVIDER,
  type ColumnElement,
  exists,
  type FromClause,
  InvalidRequestError,
  JOIN_PATH,
  type JoinPathStep,
  literal,
  literalColumn,
  NotImplementedError,
  select,
} from "@athanor/core";
import { entityFrom } from "./aliased.js";
import { onAliasOf, replaceColumns } from "./clause-adapt.js";
import { singleTableCriterion } from "./inheritance.js";
import { stateOf } from "./instance-state.js";
import type { Mapper, RelationshipProperty } from "./mapper.js";
import type { AnyMappedClass } from "./mapping.types.js";
import { aliasedRelationshipJoin, inheritedTarget, relationshipJoin } from "./relationship-join.js";

/** `User.addresses` at class level. */
export class RelationshipAttribute<K extends string = string> {
  constructor(
    /** The mapped class's name. */
    readonly className: string,
    /** The attribute key. */
    readonly key: K,
    /** The relationship's configuration. */
    readonly property?: RelationshipProperty,
  ) {}

  private missing(what: string): never {
    throw new NotImplementedError(
      `${what} on relationship ${this.className}.${this.key} is not implemented yet`,
    );
  }

  /**
   * The configured relationship. A self-referential one cannot be joined or
   * used where both sides would be the same table (SQLAlchemy's "they are the
   * same entity"): join an alias instead.
   */
  private rel(what: string, selfOk = false): RelationshipProperty {
    const rel = this.property;
    if (rel === undefined) return this.missing(what);
    rel.parent.configure();
    if (rel.target === rel.parent && !selfOk)
      throw new InvalidRequestError(
        `${what} on ${this.className}.${this.key}: can't construct a join from ${this.className} to ${this.className}, they are the same entity; join an alias of it (aliased(${this.className})) with ${this.className}.${this.key}.of(alias)`,
      );
    return rel;
  }

  /**
   * The join condition, referenced column first: `user_account.id = address.user_id`
   * (for `User.addresses` and `Address.user` alike).
   */
  get onclause(): ColumnElement<boolean> {
    return this.joinCondition(this.rel("onclause"));
  }

  private joinCondition(rel: RelationshipProperty): ColumnElement<boolean> {
    if (rel.customJoin) {
      const j = relationshipJoin(rel);
      return (
        j.secondaryjoin === undefined ? j.primaryjoin : and_(j.primaryjoin, j.secondaryjoin)
      ) as ColumnElement<boolean>;
    }
    // A foreign-key relationship's join, built when mappers were configured.
    return rel.primaryjoin as ColumnElement<boolean>;
  }

  /**
   * The target's table, so that `select(User).join(User.addresses)` joins it;
   * the ON clause is the foreign key's, which is the relationship's when it is
   * the only one between the two tables (otherwise pass `onclause`).
   */
  /**
   * The steps of `select(User).join(User.keywords)`: the relationship's own
   * join condition, through an alias of the association table for a
   * many-to-many (`JOIN item_keywords AS item_keywords_1 ON ... JOIN keywords ON ...`).
   */
  [JOIN_PATH](): readonly JoinPathStep[] {
    const rel = this.rel("join()");
    const target = rel.target as Mapper<any>;
    if (!rel.customJoin) {
      // To an inheriting class: its join of tables, or its table with the single-table criterion.
      const inherited = inheritedTarget(rel, this.joinCondition(rel));
      if (inherited !== undefined)
        return [{ target: inherited.joinTarget, onclause: inherited.joinOnclause }];
      return [{ target: this[CLAUSE_PROVIDER](), onclause: undefined }];
    }
    if (rel.secondary === undefined)
      return [{ target: target.table, onclause: relationshipJoin(rel).primaryjoin }];
    const alias = (rel.secondary as unknown as FromClause).alias();
    const j = relationshipJoin(rel, undefined, undefined, alias);
    return [
      { target: alias, onclause: j.primaryjoin },
      { target: target.table, onclause: j.secondaryjoin },
    ];
  }

  [CLAUSE_PROVIDER](): FromClause {
    const rel = this.rel("select()/join()");
    const target = rel.target as Mapper<any>;
    if (rel.customJoin) return target.table as unknown as FromClause;
    const inherited = inheritedTarget(rel, this.joinCondition(rel));
    if (inherited !== undefined) return inherited as never;
    const constraints = new Set<unknown>();
    for (const [a, b] of [
      [rel.parent, target],
      [target, rel.parent],
    ] as const)
      for (const col of a.table.columns as unknown as {
        foreignKeys?: { column: { table: unknown }; constraint: unknown }[];
      }[])
        for (const fk of col.foreignKeys ?? [])
          if (fk.column.table === b.table) constraints.add(fk.constraint ?? fk);
    if (constraints.size !== 1)
      this.missing(
        `join() (several foreign keys link the tables; use join(${target.className}, ${this.className}.${this.key}.onclause))`,
      );
    return target.table as unknown as FromClause;
  }

  /**
   * This relationship joined to an alias of its target (SQLAlchemy's
   * `of_type()`): `select(User).join(User.addresses.of(a))`.
   */
  of(target: AnyMappedClass): { [CLAUSE_PROVIDER](): unknown } {
    const rel = this.property;
    if (rel === undefined) return this.missing("of()");
    return { [CLAUSE_PROVIDER]: () => aliasedRelationshipJoin(rel, undefined, entityFrom(target).from) };
  }

  /** Whether `any()` / `has()` can alias the target of a self-referential relationship (a foreign-key join). */
  private get selfAliasable(): boolean {
    const rel = this.property;
    return rel !== undefined && !rel.customJoin && rel.secondary === undefined;
  }

  /**
   * `EXISTS (SELECT 1 FROM target WHERE <join> AND criteria)` for a collection (SQLAlchemy's `any()`).
   * Self-referential, the target is an alias and the criteria are read against it:
   * `EXISTS (SELECT 1 FROM node AS node_1 WHERE node.id = node_1.parent_id AND node_1.data = ?)`.
   */
  any(...criteria: ColumnElement<any>[]): ColumnElement<boolean> {
    const rel = this.rel("any()", true);
    if (rel.target === rel.parent && !this.selfAliasable)
      this.missing("any() (self-referential with custom join conditions, needs aliasing)");
    if (!rel.uselist)
      throw new InvalidRequestError(`'any()' not implemented for scalar attributes. Use has().`);
    return this.existsClause(rel, criteria);
  }

  /** `EXISTS (SELECT 1 FROM target WHERE <join> AND criteria)` for a scalar reference (SQLAlchemy's `has()`). */
  has(...criteria: ColumnElement<any>[]): ColumnElement<boolean> {
    const rel = this.rel("has()", true);
    if (rel.target === rel.parent && !this.selfAliasable)
      this.missing("has() (self-referential with custom join conditions, needs aliasing)");
    if (rel.uselist) throw new InvalidRequestError(`'has()' not implemented for collections. Use any().`);
    return this.existsClause(rel, criteria);
  }

  private existsClause(rel: RelationshipProperty, criteria: ColumnElement<any>[]): ColumnElement<boolean> {
    const target = rel.target as Mapper<any>;
    if (target === rel.parent) return selfReferentialExists(rel, criteria);
    const sti = singleTableCriterion(target);
    const froms = [target.selectable as unknown as FromClause];
    if (rel.secondary !== undefined) froms.push(rel.secondary as unknown as FromClause);
    const sub = select(literalColumn("1"))
      .selectFrom(...froms)
      .where(this.joinCondition(rel), ...(sti === undefined ? criteria : [sti, ...criteria]));
    return exists(sub) as unknown as ColumnElement<boolean>;
  }

  /**
   * Many-to-one compared with an object (or `null`): `address.user_id = ?`
   * with the object's key (`IS NULL` for `null`).
   */
  eq(other: object | null): ColumnElement<boolean> {
    // Self-referential too: the comparison reads the parent's own foreign key columns only.
    const rel = this.rel("eq()", true);
    if (rel.customJoin && rel.direction === "MANYTOONE" && rel.localKeys.length === 0)
      return this.missing("eq() on a relationship without foreign key columns");
    if (rel.direction !== "MANYTOONE")
      throw new InvalidRequestError(
        `Can't compare a collection to an object or collection; use contains() to test for membership.`,
      );
    const parts = rel.localKeys.map((lk, i) => {
      const col = rel.parent.columns.get(lk) as ColumnElement<any>;
      if (other === null) return col.is(null as never);
      // As SQLAlchemy: the object's value on the left (`? = address.user_id`), as in a lazy load.
      return literal(instanceValue(other, rel.target as Mapper<any>, rel.remoteKeys[i] as string)).eq(
        col as never,
      );
    });
    return (parts.length === 1 ? parts[0] : and_(...parts)) as ColumnElement<boolean>;
  }

  /**
   * Collection membership: `user_account.id = ?` with the object's foreign key
   * value (one-to-many); for a many-to-many, an alias of the association
   * table joined to the parent with the object's key
   * (`items.id = item_keywords_1.item_id AND ? = item_keywords_1.keyword_id`).
   */
  contains(other: object): ColumnElement<boolean> {
    const rel = this.rel("contains()", this.property?.direction !== "MANYTOONE");
    if (rel.direction === "MANYTOMANY") {
      const target = rel.target as Mapper<any>;
      const alias = (rel.secondary as unknown as FromClause).alias();
      const j = relationshipJoin(rel, undefined, undefined, alias);
      const secondaryjoin = replaceColumns(j.secondaryjoin as ColumnElement<boolean>, (c) =>
        (c as { table?: unknown }).table === target.table
          ? literal(instanceValue(other, target, target.keyOfColumn(c)), c.type as never)
          : undefined,
      );
      return and_(j.primaryjoin, secondaryjoin) as ColumnElement<boolean>;
    }
    if (rel.direction !== "ONETOMANY") return this.missing("contains() on a many-to-one");
    const parts = rel.localKeys.map((lk, i) =>
      (rel.parent.columns.get(lk) as ColumnElement<any>).eq(
        instanceValue(other, rel.target as Mapper<any>, rel.remoteKeys[i] as string) as never,
      ),
    );
    return (parts.length === 1 ? parts[0] : and_(...parts)) as ColumnElement<boolean>;
  }
}

/**
 * `any()` / `has()` of a self-referential relationship: the target table is
 * aliased in the EXISTS, and the target's columns in the criteria (and its
 * single-table criterion) are read from the alias, as SQLAlchemy adapts them.
 */
function selfReferentialExists(
  rel: RelationshipProperty,
  criteria: ColumnElement<any>[],
): ColumnElement<boolean> {
  const target = rel.target as Mapper<any>;
  const table = target.table as unknown as FromClause;
  const alias = table.alias() as FromClause;
  const { joinOnclause } = aliasedRelationshipJoin(rel, undefined, alias);
  const onAlias = (el: ColumnElement<any>) => onAliasOf(el, table, alias);
  const sti = singleTableCriterion(target);
  const where = [joinOnclause, ...(sti === undefined ? criteria : [sti, ...criteria]).map(onAlias)];
  return exists(
    select(literalColumn("1"))
      .selectFrom(alias)
      .where(...where),
  ) as unknown as ColumnElement<boolean>;
}

/** A column attribute's value on an instance, from its identity key or its loaded value. */
function instanceValue(obj: object, mapper: Mapper<any>, key: string): unknown {
  const s = stateOf(obj);
  if (!s.mapper.isa(mapper)) throw new InvalidRequestError(`expected a ${mapper.className} instance`);
  const i = mapper.primaryKeyAttrs.indexOf(key);
  if (i >= 0 && s.key !== undefined) return s.key.pk[i];
  const v = s.get(key);
  if (v === undefined)
    throw new InvalidRequestError(
      `${mapper.className}.${key} has no value yet (flush the object first to compare with it)`,
    );
  return v;
}
