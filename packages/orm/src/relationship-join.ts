/**
 * The join condition of a relationship (SQLAlchemy's `JoinCondition`):
 * configuring it from a custom `primaryjoin` / `secondaryjoin` or an
 * association table (`secondary`), and the SQL built from it.
 *
 * - {@link relationshipJoin}: the ON clause(s) between parent and target,
 *   through the association table when there is one, optionally against
 *   aliases: what joins, EXISTS subqueries and eager loaders use;
 * - {@link lazyClause}: the WHERE clause of a lazy load, the parent's columns
 *   replaced by the parent object's values.
 */
import {
  ArgumentError,
  and_,
  type ClauseElement,
  type ColumnClause,
  type ColumnElement,
  type FromClause,
  InvalidRequestError,
  Join,
  type JoinTarget,
  literal,
  NotImplementedError,
  type TableImpl,
} from "@athanor/core";
import {
  equalityPairs,
  isForeignAnnotated,
  isRemoteAnnotated,
  replaceColumns,
  stripAnnotations,
  unannotated,
  visitColumns,
} from "./clause-adapt.js";
import { singleTableCriterion } from "./inheritance.js";
import type { Mapper, RelationshipProperty } from "./mapper.js";

type AnyCol = ColumnElement<any>;

function tableOf(col: unknown): unknown {
  return (col as { table?: unknown }).table;
}

function asArray<T>(v: T | readonly T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? [...(v as T[])] : [v as T];
}

/** `a AND b AND ...` (the one part itself when there is one). @internal */
export function conjunction(parts: readonly AnyCol[]): ColumnElement<boolean> {
  return (parts.length === 1 ? parts[0] : and_(...parts)) as ColumnElement<boolean>;
}

/** Resolves a join condition option: an expression or a thunk returning one. */
function resolveCondition(v: unknown, where: string, what: string): ColumnElement<boolean> {
  const expr = typeof v === "function" && !("compilerDispatch" in (v as object)) ? (v as () => unknown)() : v;
  if (expr === null || typeof expr !== "object" || !("compilerDispatch" in expr))
    throw new ArgumentError(`${where}: ${what} must be a SQL expression or a function returning one`);
  return expr as ColumnElement<boolean>;
}

/** Columns named by an option: attribute keys of the parent or the target, or columns. */
function columnsOf(
  v: string | readonly string[] | AnyCol | readonly AnyCol[] | undefined,
  mappers: readonly Mapper<any>[],
  where: string,
  what: string,
): Set<unknown> {
  const out = new Set<unknown>();
  for (const item of asArray(v as unknown)) {
    if (typeof item !== "string") {
      out.add(unannotated(item as AnyCol));
      continue;
    }
    const m = mappers.find((x) => x.columns.has(item));
    if (m === undefined) throw new ArgumentError(`${where}: ${what} '${item}' is not a column attribute`);
    out.add(m.columns.get(item));
  }
  return out;
}

/** Whether `a` has a foreign key referencing `b`. */
function references(a: unknown, b: unknown): boolean {
  const fks = (a as { foreignKeys?: { column: unknown }[] }).foreignKeys ?? [];
  return fks.some((fk) => fk.column === b);
}

/** The association table option, resolved. */
function resolveSecondary(rel: RelationshipProperty, where: string): TableImpl {
  const v = rel.options.secondary as unknown;
  const t = typeof v === "function" && !("columns" in (v as object)) ? (v as () => unknown)() : v;
  if (t === null || typeof t !== "object" || !("columns" in t) || !("primaryKey" in t))
    throw new ArgumentError(`${where}: secondary must be a Table or a function returning one`);
  return t as TableImpl;
}

/**
 * Configures a relationship with `secondary` or a custom `primaryjoin`: its
 * direction, join conditions and the column pairs the flush synchronizes.
 * @internal
 */
export function configureCustomJoin(parent: Mapper<any>, rel: RelationshipProperty, where: string): void {
  const target = rel.target as Mapper<any>;
  if (rel.options.secondary !== undefined) configureSecondary(parent, target, rel, where);
  else configurePrimaryJoin(parent, target, rel, where);
  rel.customJoin = true;
}

function configureSecondary(
  parent: Mapper<any>,
  target: Mapper<any>,
  rel: RelationshipProperty,
  where: string,
): void {
  const secondary = resolveSecondary(rel, where);
  const o = rel.options;
  const fkFilter = columnsOf(o.foreignKeys as never, [], where, "foreignKeys");
  const secondaryCols = new Set<unknown>(secondary.columns as unknown as unknown[]);
  /** `side = secondary.col` pairs from a condition, or from the foreign keys when none is given. */
  const side = (
    cond: unknown,
    table: TableImpl,
    what: string,
  ): [ColumnElement<boolean>, [AnyCol, AnyCol][]] => {
    if (cond !== undefined) {
      const expr = resolveCondition(cond, where, what);
      const pairs: [AnyCol, AnyCol][] = [];
      for (const [a0, b0] of equalityPairs(expr)) {
        const a = unannotated(a0);
        const b = unannotated(b0);
        if (secondaryCols.has(b) && tableOf(a) === table) pairs.push([a, b]);
        else if (secondaryCols.has(a) && tableOf(b) === table) pairs.push([b, a]);
      }
      return [stripAnnotations(expr), pairs];
    }
    if (parent === target)
      throw new ArgumentError(
        `${where}: a self-referential many-to-many needs primaryjoin and secondaryjoin to tell the association table's two foreign keys apart`,
      );
    const pairs: [AnyCol, AnyCol][] = [];
    for (const col of secondary.columns as unknown as { foreignKeys?: { column: AnyCol }[] }[])
      for (const fk of col.foreignKeys ?? [])
        if (tableOf(fk.column) === table && (fkFilter.size === 0 || fkFilter.has(col)))
          pairs.push([fk.column, col as unknown as AnyCol]);
    if (pairs.length === 0)
      throw new ArgumentError(
        `${where}: could not determine the join condition; the association table '${secondary.name}' has no foreign key to '${table.name}'`,
      );
    return [conjunction(pairs.map(([a, b]) => a.eq(b as never))), pairs];
  };
  const [primaryjoin, parentPairs] = side(o.primaryjoin, parent.table, "primaryjoin");
  const [secondaryjoin, targetPairs] = side(o.secondaryjoin, target.table, "secondaryjoin");
  if ((parentPairs.length === 0 || targetPairs.length === 0) && o.viewonly !== true)
    throw new ArgumentError(
      `${where}: could not find the association table's columns compared with '${parent.table.name}' and '${target.table.name}' in the join conditions; use viewonly: true for a read-only relationship`,
    );
  rel.direction = "MANYTOMANY";
  rel.secondary = secondary;
  rel.primaryjoin = primaryjoin;
  rel.secondaryjoin = secondaryjoin;
  rel.secondarySync = {
    parent: parentPairs.map(([p, s]) => [parent.keyOfColumn(p), s]),
    target: targetPairs.map(([t, s]) => [target.keyOfColumn(t), s]),
  };
  rel.localKeys = rel.secondarySync.parent.map(([k]) => k);
  rel.remoteKeys = rel.secondarySync.target.map(([k]) => k);
}

function configurePrimaryJoin(
  parent: Mapper<any>,
  target: Mapper<any>,
  rel: RelationshipProperty,
  where: string,
): void {
  const o = rel.options;
  const raw = resolveCondition(o.primaryjoin, where, "primaryjoin");
  const selfRef = parent === target;
  const foreignCols = columnsOf(o.foreignKeys as never, [parent, target], where, "foreignKeys");
  const remoteCols = columnsOf(o.remoteSide as never, [target], where, "remoteSide");
  visitColumns(raw, (c) => {
    if (isForeignAnnotated(c)) foreignCols.add(unannotated(c));
    if (isRemoteAnnotated(c)) remoteCols.add(unannotated(c));
  });
  const tables = new Set([parent.table, target.table]);
  const eqPairs = equalityPairs(raw)
    .map(([a, b]) => [unannotated(a), unannotated(b)] as [AnyCol, AnyCol])
    .filter(([a, b]) => tables.has(tableOf(a) as TableImpl) && tables.has(tableOf(b) as TableImpl));
  if (foreignCols.size === 0)
    for (const [a, b] of eqPairs) {
      if (references(a, b)) foreignCols.add(a);
      else if (references(b, a)) foreignCols.add(b);
    }
  // Self-referential: the remote side is what remoteSide / remote() name, else the foreign key.
  const isRemote = (c: unknown) =>
    selfRef ? (remoteCols.size > 0 ? remoteCols.has(c) : foreignCols.has(c)) : tableOf(c) === target.table;
  const local: string[] = [];
  const remoteKeys: string[] = [];
  const directions = new Set<"MANYTOONE" | "ONETOMANY">();
  for (const [a, b] of eqPairs) {
    const [fk, other] = foreignCols.has(a) ? [a, b] : foreignCols.has(b) ? [b, a] : [undefined, undefined];
    if (fk === undefined || other === undefined) continue;
    const fkRemote = isRemote(fk);
    directions.add(fkRemote ? "ONETOMANY" : "MANYTOONE");
    const [l, r] = fkRemote ? [other, fk] : [fk, other];
    local.push(parent.keyOfColumn(l));
    remoteKeys.push(target.keyOfColumn(r));
  }
  if (directions.size > 1)
    throw new ArgumentError(
      `${where}: the foreign key columns of primaryjoin are on both sides; name the remote columns with remoteSide or remote()`,
    );
  if (directions.size === 0) {
    if (o.viewonly !== true)
      throw new ArgumentError(
        `${where}: could not find foreign key columns in primaryjoin; name them with foreignKeys or foreign(), or use viewonly: true`,
      );
    rel.direction = rel.uselist ? "ONETOMANY" : "MANYTOONE";
  } else rel.direction = [...directions][0] as "MANYTOONE" | "ONETOMANY";
  rel.localKeys = local;
  rel.remoteKeys = remoteKeys;
  rel.primaryjoin = stripAnnotations(raw);
  if (selfRef) {
    const remote = new Set<unknown>(remoteCols.size > 0 ? remoteCols : []);
    for (const k of remoteKeys) remote.add(target.columns.get(k));
    rel.remoteColumns = remote;
  }
}

/**
 * The join condition of a plain foreign-key relationship, as SQLAlchemy
 * writes it: the referenced column first (`user_account.id = address.user_id`).
 * @internal
 */
export function foreignKeyJoin(parent: Mapper<any>, rel: RelationshipProperty): ColumnElement<boolean> {
  const target = rel.target as Mapper<any>;
  return pairsJoin(
    rel,
    (k) => parent.columns.get(k) as AnyCol,
    (k) => target.columns.get(k) as AnyCol,
  );
}

/**
 * `referenced = referencing [AND ...]` over a relationship's key pairs, each
 * side's column given by attribute key (the mapped table's, or an alias's):
 * the referenced column first, as SQLAlchemy writes it.
 */
function pairsJoin(
  rel: RelationshipProperty,
  parentCol: (key: string) => AnyCol,
  targetCol: (key: string) => AnyCol,
): ColumnElement<boolean> {
  const parts = rel.localKeys.map((lk, i) => {
    const l = parentCol(lk);
    const r = targetCol(rel.remoteKeys[i] as string);
    return rel.direction === "ONETOMANY" ? l.eq(r as never) : r.eq(l as never);
  });
  return conjunction(parts);
}

/** Whether a column of the primary join stands for the parent's side. */
function isLocalColumn(rel: RelationshipProperty, col: unknown): boolean {
  if (tableOf(col) !== rel.parent.table) return false;
  if (rel.secondary !== undefined) return true;
  return rel.target !== rel.parent || !rel.remoteColumns.has(col);
}

/** The ON clause(s) of a relationship, for joins and eager loaders. */
export interface RelationshipJoin {
  /** Parent to target; with an association table, parent to the association table. */
  readonly primaryjoin: ColumnElement<boolean>;
  /** With an association table: the association table to the target. */
  readonly secondaryjoin?: ColumnElement<boolean>;
  /** The association table (or the alias of it that was asked for). */
  readonly secondary?: FromClause;
}

/**
 * The ON clause(s) between a relationship's parent and its target, against
 * aliases of either side (and of the association table) when given: the one
 * place joins, EXISTS subqueries and eager loaders get a relationship's join.
 *
 * @example
 * ```ts
 * const { primaryjoin, secondary, secondaryjoin } = relationshipJoin(Item.keywords);
 * ```
 */
export function relationshipJoin(
  relOrAttr: RelationshipProperty | { readonly property?: RelationshipProperty | undefined },
  parentAlias?: FromClause,
  targetAlias?: FromClause,
  secondaryAlias?: FromClause,
): RelationshipJoin {
  const rel = "parent" in relOrAttr ? relOrAttr : relOrAttr.property;
  if (rel === undefined) throw new InvalidRequestError("relationshipJoin(): not a relationship");
  rel.parent.configure();
  const target = rel.target as Mapper<any>;
  const to = (alias: FromClause | undefined, col: ColumnClause<any>): ClauseElement | undefined => {
    if (alias === undefined) return undefined;
    const c = alias.correspondingColumn(col);
    if (c === undefined)
      throw new InvalidRequestError(
        `relationshipJoin(): ${String(col.name)} has no column in the alias given`,
      );
    return c;
  };
  const pj = rel.primaryjoin as ColumnElement<boolean>;
  if (rel.secondary === undefined) {
    const primaryjoin = replaceColumns(pj, (c) =>
      isLocalColumn(rel, c)
        ? to(parentAlias, c)
        : tableOf(c) === target.table
          ? to(targetAlias, c)
          : undefined,
    );
    return { primaryjoin };
  }
  const sec = rel.secondary;
  const onSecondary = (c: unknown) => tableOf(c) === sec;
  const primaryjoin = replaceColumns(pj, (c) =>
    onSecondary(c) ? to(secondaryAlias, c) : to(parentAlias, c),
  );
  const secondaryjoin = replaceColumns(rel.secondaryjoin as ColumnElement<boolean>, (c) =>
    onSecondary(c) ? to(secondaryAlias, c) : to(targetAlias, c),
  );
  return {
    primaryjoin,
    secondaryjoin,
    secondary: secondaryAlias ?? (sec as unknown as FromClause),
  };
}

/**
 * The WHERE clause that loads a relationship of one parent object: the
 * parent's columns in the join replaced by its values (`? = address.user_id`,
 * `? = item_keyword.item_id AND keyword.id = item_keyword.keyword_id`).
 * `undefined` when a value the join compares for equality is NULL (nothing
 * can match). @internal
 */
export function lazyClause(
  rel: RelationshipProperty,
  valueAt: (key: string) => unknown,
): ColumnElement<boolean> | undefined {
  const parent = rel.parent;
  let nullKey = false;
  const pj = replaceColumns(rel.primaryjoin as ColumnElement<boolean>, (c) => {
    if (!isLocalColumn(rel, c)) return undefined;
    const v = valueAt(parent.keyOfColumn(c));
    if (v === null || v === undefined) nullKey = true;
    return literal(v, (c as unknown as { type: never }).type) as unknown as ClauseElement;
  });
  if (nullKey && rel.localKeys.length > 0) return undefined;
  return rel.secondaryjoin === undefined ? pj : conjunction([pj, rel.secondaryjoin]);
}

// --- the eager loaders' joins ------------------------------------------------------------

/**
 * Where an entity's columns come from: its table (`undefined`), an alias of
 * the table, or a function giving each attribute's column (the columns of a
 * subquery that wraps the statement).
 */
export type ColumnSource = FromClause | ((key: string) => ColumnElement<any>) | undefined;

/**
 * A mapper's column `key` as seen through `from` (the mapped table itself,
 * or an alias of it: the column at the same position).
 */
export function columnVia(mapper: Mapper<any>, key: string, from?: ColumnSource): ColumnElement<any> {
  if (typeof from === "function") return from(key);
  const col = mapper.columns.get(key) as ColumnElement<any>;
  if (from === undefined || from === (mapper.table as unknown as FromClause)) return col;
  // A join of aliased tables (a joined-inheritance class): the column of its own table's alias.
  if (from instanceof Join) {
    const table = (col as { table?: unknown }).table;
    for (const f of from.fromObjects)
      if ((f as { element?: unknown }).element === table)
        return (f.correspondingColumn(col) ?? col) as ColumnElement<any>;
    return (from.correspondingColumn(col) ?? col) as ColumnElement<any>;
  }
  const i = (mapper.table.columns as readonly unknown[]).indexOf(col);
  return from.columns[i] as unknown as ColumnElement<any>;
}

/**
 * The ON clause of an eager join between parent and target, the referenced
 * (primary key) column first as SQLAlchemy renders it:
 * `user_account.id = address_1.user_id` for a one-to-many,
 * `user_account_1.id = address.user_id` for a many-to-one. A custom
 * `primaryjoin` (without an association table) is adapted to the aliases.
 */
export function eagerJoinCondition(
  rel: RelationshipProperty,
  parentFrom?: ColumnSource,
  targetFrom?: ColumnSource,
): ColumnElement<boolean> {
  if (rel.customJoin && rel.secondary === undefined && typeof parentFrom !== "function")
    return relationshipJoin(rel, parentFrom, typeof targetFrom === "function" ? undefined : targetFrom)
      .primaryjoin as ColumnElement<boolean>;
  assertPairJoin(rel);
  const target = rel.target as Mapper<any>;
  return pairsJoin(
    rel,
    (k) => columnVia(rel.parent, k, parentFrom),
    (k) => columnVia(target, k, targetFrom),
  );
}

/** Raises for relationships whose join is not a foreign key's column pairs (the eager loaders' limit). */
function assertPairJoin(rel: RelationshipProperty): void {
  if (rel.secondary !== undefined || rel.customJoin)
    throw new NotImplementedError(
      `relationship ${rel.parent.className}.${rel.key}: eager loading (joined, selectin, subquery) through a secondary table or a custom primaryjoin is not implemented yet; use lazy loading (lazy: "select") for it`,
    );
}

// --- joins between aliases of the parent and the target ----------------------------------

function columnIn(from: FromClause | undefined, mapper: Mapper<any>, key: string): ColumnElement<any> {
  const col = mapper.columns.get(key) as ColumnElement<any>;
  if (from === undefined) return col;
  return (from.correspondingColumn(col) ?? col) as ColumnElement<any>;
}

/**
 * The join of a relationship between any two FROMs standing for its parent
 * and target (their tables, or aliases of them), for
 * `join(User.addresses.of(a))`, `select(a).join(a.addresses)` and
 * `withParent()`: `parent.x = target.y [AND ...]` (the referenced column
 * first, as SQLAlchemy renders it) and the target FROM to join. Left out,
 * either side is the mapper's own table. @internal
 */
export function aliasedRelationshipJoin(
  rel: RelationshipProperty,
  parentFrom: FromClause | undefined,
  targetFrom: FromClause | undefined,
): JoinTarget {
  rel.parent.configure();
  const target = rel.target as Mapper<any>;
  if (rel.secondary !== undefined)
    throw new NotImplementedError(
      `relationship ${rel.parent.className}.${rel.key}: joining an aliased class through a secondary table is not implemented yet`,
    );
  if (rel.customJoin)
    return {
      joinTarget: targetFrom ?? target.selectable,
      joinOnclause: relationshipJoin(rel, parentFrom, targetFrom).primaryjoin as ColumnElement<boolean>,
    };
  const on = pairsJoin(
    rel,
    (k) => columnIn(parentFrom, rel.parent, k),
    (k) => columnIn(targetFrom, target, k),
  );
  return { joinTarget: targetFrom ?? target.selectable, joinOnclause: on };
}

/**
 * For a relationship to an inheriting class, what `join(rel)` joins: its
 * join of tables (joined-table) or its table with the discriminator
 * criterion in the ON clause (single-table); `undefined` otherwise. @internal
 */
export function inheritedTarget(
  rel: RelationshipProperty,
  on: ColumnElement<boolean>,
): JoinTarget | undefined {
  const target = rel.target as Mapper<any>;
  const sti = singleTableCriterion(target);
  if (sti === undefined && target.selectable === (target.table as unknown)) return undefined;
  return {
    joinTarget: target.selectable,
    joinOnclause: sti === undefined ? on : (and_(on, sti) as ColumnElement<boolean>),
  };
}
