/**
 * The join condition of a relationship between any two FROMs standing for
 * its parent and target (their tables, or aliases of them), for
 * `join(User.addresses.of(a))`, `select(a).join(a.addresses)` and
 * `withParent()`.
 */
import { and_, type ColumnElement, type FromClause, type JoinTarget } from "@athanor/core";
import { singleTableCriterion } from "./inheritance.js";
import type { Mapper, RelationshipProperty } from "./mapper.js";

function columnIn(from: FromClause | undefined, mapper: Mapper<any>, key: string): ColumnElement<any> {
  const col = mapper.columns.get(key) as ColumnElement<any>;
  if (from === undefined) return col;
  return (from.correspondingColumn(col) ?? col) as ColumnElement<any>;
}

/**
 * `parent.x = target.y [AND ...]` (the referenced column first, as
 * SQLAlchemy renders it) and the target FROM to join. Left out, either side
 * is the mapper's own table. @internal
 */
export function relationshipJoin(
  rel: RelationshipProperty,
  parentFrom: FromClause | undefined,
  targetFrom: FromClause | undefined,
): JoinTarget {
  rel.parent.configure();
  const target = rel.target as Mapper<any>;
  const parts = rel.localKeys.map((lk, i) => {
    const local = columnIn(parentFrom, rel.parent, lk);
    const remote = columnIn(targetFrom, target, rel.remoteKeys[i] as string);
    return rel.direction === "ONETOMANY" ? local.eq(remote as never) : remote.eq(local as never);
  });
  const on = (parts.length === 1 ? parts[0] : and_(...parts)) as ColumnElement<boolean>;
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
