/**
 * Eager loading of a many-to-many relationship through its association
 * table (`secondary`), as SQLAlchemy renders it:
 *
 * - joined: `LEFT OUTER JOIN (item_keywords AS item_keywords_1 JOIN
 *   keywords AS keywords_1 ON keywords_1.id = item_keywords_1.keyword_id)
 *   ON items.id = item_keywords_1.item_id`;
 * - selectin: `SELECT item_keywords.item_id, keywords.id, keywords.name
 *   FROM item_keywords JOIN keywords ON keywords.id =
 *   item_keywords.keyword_id WHERE item_keywords.item_id IN (...)`, the
 *   association column telling which parent each row belongs to.
 *
 * Both work from the foreign-key column pairs the relationship found
 * (`secondarySync`); a many-to-many with a hand-written `primaryjoin` or
 * `secondaryjoin` is not eagerly loadable here (it raises).
 */
import {
  type ColumnElement,
  type FromClause,
  Join,
  NotImplementedError,
  type Select,
  select,
  tuple_,
} from "@athanor/core";
import type { Mapper, RelationshipProperty } from "./mapper.js";
import { type ColumnSource, columnVia, conjunction } from "./relationship-join.js";

/** Raises unless the relationship's joins are its association table's foreign-key pairs. @internal */
export function assertSecondaryPairs(rel: RelationshipProperty, strategy: string): void {
  const o = rel.options as { primaryjoin?: unknown; secondaryjoin?: unknown };
  if (o.primaryjoin !== undefined || o.secondaryjoin !== undefined)
    throw new NotImplementedError(
      `relationship ${rel.parent.className}.${rel.key}: ${strategy} eager loading through a secondary table with a custom primaryjoin / secondaryjoin is not implemented yet; use lazy loading (lazy: "select") for it`,
    );
}

/** The association table's column standing for `col`, in `from` (an alias of it) when given. */
function inFrom(from: FromClause | undefined, col: ColumnElement<any>): ColumnElement<any> {
  return (from === undefined ? col : (from.correspondingColumn(col) ?? col)) as ColumnElement<any>;
}

/**
 * The FROM a joined eager load of `rel` adds: the association table joined
 * to `targetAlias` (both aliased), and the ON clause to the parent. @internal
 */
export function secondaryEagerJoin(
  rel: RelationshipProperty,
  parentFrom: ColumnSource | undefined,
  targetAlias: FromClause,
): { target: FromClause; onclause: ColumnElement<boolean> } {
  assertSecondaryPairs(rel, "joined");
  const target = rel.target as Mapper<any>;
  const assoc = (rel.secondary as unknown as { alias(): FromClause }).alias();
  const inner = conjunction(
    rel.secondarySync.target.map(
      ([key, col]) =>
        columnVia(target, key, targetAlias).eq(inFrom(assoc, col) as never) as ColumnElement<boolean>,
    ),
  );
  const onclause = conjunction(
    rel.secondarySync.parent.map(
      ([key, col]) =>
        columnVia(rel.parent, key, parentFrom).eq(inFrom(assoc, col) as never) as ColumnElement<boolean>,
    ),
  );
  return { target: new Join(assoc, targetAlias, inner) as unknown as FromClause, onclause };
}

/**
 * The SELECT of a selectin load of `rel` for the parents whose key values
 * are `keys` (in `rel.localKeys` order): the association columns naming the
 * parent first, then the target entity. @internal
 */
export function secondarySelectinStatement(
  rel: RelationshipProperty,
  keys: readonly unknown[][],
): Select<any> {
  assertSecondaryPairs(rel, "selectin");
  const target = rel.target as Mapper<any>;
  const assoc = rel.secondary as unknown as FromClause;
  const parentCols = rel.secondarySync.parent.map(([, col]) => col);
  const on = conjunction(
    rel.secondarySync.target.map(
      ([key, col]) => columnVia(target, key).eq(col as never) as ColumnElement<boolean>,
    ),
  );
  const where =
    parentCols.length === 1
      ? ((parentCols[0] as ColumnElement<any>).in(keys.map((k) => k[0]) as never) as ColumnElement<boolean>)
      : (tuple_(...parentCols).in(
          keys.map((k) => tuple_(...k)) as never,
        ) as unknown as ColumnElement<boolean>);
  let stmt = select(...(parentCols as never[]), target.mappedClass as never)
    .selectFrom(new Join(assoc, target.selectable as FromClause, on) as unknown as FromClause)
    .where(where) as unknown as Select<any>;
  if (rel.orderBy.length > 0) stmt = stmt.orderBy(...(rel.orderBy as never[])) as unknown as Select<any>;
  return stmt;
}

/**
 * The FROM of a subquery load through an association table: the parents'
 * subquery joined to the (aliased) association table, then to the target.
 * @internal
 */
export function secondarySubqueryJoin(rel: RelationshipProperty, sub: FromClause): FromClause {
  const target = rel.target as Mapper<any>;
  const assoc = (rel.secondary as unknown as { alias(): FromClause }).alias();
  const toAssoc = conjunction(
    rel.secondarySync.parent.map(
      ([, col], i) =>
        (sub.columns[i] as unknown as ColumnElement<any>).eq(
          inFrom(assoc, col) as never,
        ) as ColumnElement<boolean>,
    ),
  );
  const toTarget = conjunction(
    rel.secondarySync.target.map(
      ([key, col]) => columnVia(target, key).eq(inFrom(assoc, col) as never) as ColumnElement<boolean>,
    ),
  );
  return (sub.join(assoc, toAssoc) as unknown as FromClause).join(
    target.selectable as unknown as FromClause,
    toTarget,
  ) as unknown as FromClause;
}
