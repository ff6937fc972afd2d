/**
 * The join between a relationship's parent and its target, the one place
 * the ORM derives it: class-level operators (`User.addresses.onclause`), the
 * eager loaders' joins to anonymous aliases, and the related-rows criteria of
 * the selectin and subquery loaders all go through here.
 */
import { and_, type ColumnElement, type FromClause, NotImplementedError } from "@athanor/core";
import type { Mapper, RelationshipProperty } from "./mapper.js";

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
  const i = (mapper.table.columns as readonly unknown[]).indexOf(col);
  return from.columns[i] as unknown as ColumnElement<any>;
}

/**
 * Pairs of columns that must be equal for a parent row and a target row to
 * be related: `[parentColumn, targetColumn]`, each seen through the given
 * FROM (an alias of the table for eager joins).
 */
export function relationshipPairs(
  rel: RelationshipProperty,
  parentFrom?: ColumnSource,
  targetFrom?: ColumnSource,
): [ColumnElement<any>, ColumnElement<any>][] {
  assertJoinable(rel);
  const target = rel.target as Mapper<any>;
  return rel.localKeys.map((lk, i) => [
    columnVia(rel.parent, lk, parentFrom),
    columnVia(target, rel.remoteKeys[i] as string, targetFrom),
  ]);
}

/**
 * The ON clause between parent and target, the referenced (primary key)
 * column first as SQLAlchemy renders it: `user_account.id = address_1.user_id`
 * for a one-to-many, `user_account_1.id = address.user_id` for a many-to-one.
 */
export function relationshipJoin(
  rel: RelationshipProperty,
  parentFrom?: ColumnSource,
  targetFrom?: ColumnSource,
): ColumnElement<boolean> {
  const parts = relationshipPairs(rel, parentFrom, targetFrom).map(([local, remote]) =>
    rel.direction === "ONETOMANY" ? local.eq(remote as never) : remote.eq(local as never),
  );
  return (parts.length === 1 ? parts[0] : and_(...parts)) as ColumnElement<boolean>;
}

/** Raises for relationships whose join cannot be derived from `localKeys` / `remoteKeys`. */
function assertJoinable(rel: RelationshipProperty): void {
  const o = rel.options as { secondary?: unknown; primaryjoin?: unknown };
  if (o.secondary !== undefined || o.primaryjoin !== undefined)
    throw new NotImplementedError(
      `relationship ${rel.parent.className}.${rel.key}: loading through a secondary table or a custom primaryjoin is not implemented yet`,
    );
}
