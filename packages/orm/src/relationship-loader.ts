/**
 * The lazy loader of relationships with a custom join, an association table
 * or an `orderBy` (SQLAlchemy's `LazyLoader` with its lazy clause): one
 * SELECT of the target with the parent's values bound into the join.
 */
import { BooleanClauseList, type ColumnElement, type Op, select } from "@athanor/core";
import { equalityPairs } from "./clause-adapt.js";
import type { InstanceState } from "./instance-state.js";
import type { Mapper, RelationshipProperty } from "./mapper.js";
import { lazyClause } from "./relationship-join.js";

/** What the loader needs from the session. @internal */
export interface RelatedQuerySession {
  scalars(stmt: unknown): { all(): unknown[] };
}

/** What the loader's operation form needs from the session (its I/O as operations). @internal */
export interface RelatedQuerySessionOps {
  scalarsOp(stmt: any): Op<{ all(): unknown[] }>;
}

/**
 * Whether `rel` loads through its lazy clause rather than by foreign key
 * values. A many-to-one whose join is only its column pairs keeps the
 * by-key load, so a target already in the identity map costs no SELECT
 * (SQLAlchemy's "use get").
 */
export function usesLazyClause(rel: RelationshipProperty): boolean {
  if (rel.direction === "MANYTOONE") return rel.customJoin && !onlyColumnPairs(rel);
  return rel.customJoin || rel.orderBy.length > 0;
}

const plain = new WeakMap<RelationshipProperty, boolean>();

/** Whether the join condition is exactly the relationship's `local = remote` pairs. */
function onlyColumnPairs(rel: RelationshipProperty): boolean {
  let v = plain.get(rel);
  if (v === undefined) {
    const pj = rel.primaryjoin as ColumnElement<boolean>;
    const parts = pj instanceof BooleanClauseList ? pj.clauses : [pj];
    v =
      rel.localKeys.length > 0 &&
      parts.length === rel.localKeys.length &&
      equalityPairs(pj).length === rel.localKeys.length;
    plain.set(rel, v);
  }
  return v;
}

/** A column attribute of the parent as the join sees it: the identity key's value, else the loaded one. */
export function parentValue(state: InstanceState, key: string): unknown {
  const i = state.mapper.primaryKeyAttrs.indexOf(key);
  if (i >= 0 && state.key !== undefined) return state.key.pk[i];
  return state.get(key);
}

/**
 * The SELECT of the objects related to one parent (`undefined` when a
 * compared value is NULL, so nothing can match). @internal
 */
export function relatedSelect(state: InstanceState, rel: RelationshipProperty) {
  const where = lazyClause(rel, (k) => parentValue(state, k));
  if (where === undefined) return undefined;
  const target = rel.target as Mapper<any>;
  const stmt = select(target.mappedClass).where(where);
  return rel.orderBy.length > 0 ? stmt.orderBy(...rel.orderBy) : stmt;
}

/** Loads a relationship of a persistent object through its lazy clause. @internal */
export function loadThroughLazyClause(
  session: RelatedQuerySession,
  state: InstanceState,
  rel: RelationshipProperty,
): unknown {
  const stmt = relatedSelect(state, rel);
  const rows = stmt === undefined ? [] : (session.scalars(stmt).all() as object[]);
  return rel.uselist ? rows : (rows[0] ?? null);
}

/** Operation: {@link loadThroughLazyClause}, for the session's own (sync or async) operations. @internal */
export function* loadThroughLazyClauseOp(
  session: RelatedQuerySessionOps,
  state: InstanceState,
  rel: RelationshipProperty,
): Op<unknown> {
  const stmt = relatedSelect(state, rel);
  const rows = stmt === undefined ? [] : ((yield* session.scalarsOp(stmt)).all() as object[]);
  return rel.uselist ? rows : (rows[0] ?? null);
}
