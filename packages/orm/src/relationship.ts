/**
 * `relationship()`: an attribute that links a mapped class to another,
 * SQLAlchemy's `relationship()`: its options and its static type.
 */
import type { ColumnElement, Table, TableImpl } from "@athanor/core";

/** Options of {@link relationship}. */
export interface RelationshipOptions {
  /** `true` for a collection (`Target[]`); otherwise a scalar (`Target | null`). Types cannot see FK direction. */
  uselist?: boolean;
  /** The name of the reverse relationship on the target, validated when mappers are configured. */
  backPopulates?: string;
  /**
   * The column(s) on the remote side of the join: attribute keys of the
   * target, or columns. Needed for a self-referential many-to-one, and for a
   * custom `primaryjoin` whose sides the expression alone does not tell.
   */
  remoteSide?: string | readonly string[] | ColumnElement<any> | readonly ColumnElement<any>[];
  /** Cascade rules (`"save-update, merge"` by default). */
  cascade?: string;
  /**
   * The loader strategy: `"select"` (the default, a SELECT on first access),
   * `"joined"` (LEFT OUTER JOIN in the parent's SELECT), `"selectin"` (a second
   * SELECT with IN), `"subquery"`, `"raise"` (access raises), `"raise_on_sql"`
   * (raises only when SQL would be emitted) or `"noload"` (always empty /
   * `null`). `"write_only"` and `"dynamic"` raise `NotImplementedError`.
   */
  lazy?:
    | "select"
    | "joined"
    | "selectin"
    | "subquery"
    | "raise"
    | "raise_on_sql"
    | "noload"
    | "write_only"
    | "dynamic";
  /**
   * How many levels a self-referential (or cyclic) eager load goes; without it
   * an eager loader configured here stops where its target mapper already
   * appears in the path.
   */
  joinDepth?: number;
  /** `lazy: "joined"`: INNER JOIN instead of LEFT OUTER JOIN (the relationship always has a row). */
  innerjoin?: boolean;
  /**
   * The foreign key column(s) to join on (attribute keys of either class, or
   * columns), when the two tables have more than one foreign key path between
   * them, or when a custom `primaryjoin` compares columns with no foreign key.
   */
  foreignKeys?: string | readonly string[] | ColumnElement<any> | readonly ColumnElement<any>[];
  /**
   * The join condition between the parent and the target (or, with
   * `secondary`, between the parent and the association table): an
   * expression, or a thunk returning one so that it may name classes
   * declared later. Mark sides with {@link foreign} / {@link remote} where
   * the expression alone is ambiguous.
   */
  primaryjoin?: JoinCondition;
  /** With `secondary`: the join condition between the association table and the target. */
  secondaryjoin?: JoinCondition;
  /**
   * Many-to-many: the association table (a Core `Table`, or a thunk
   * returning one) whose rows link parent and target; the flush inserts and
   * deletes its rows as the collections change.
   */
  secondary?: Table<any> | TableImpl | (() => Table<any> | TableImpl);
  /**
   * `true`: the relationship is only loaded, never written; changes to it are
   * not flushed and nothing cascades through it.
   */
  viewonly?: boolean;
  /**
   * Declares the reverse relationship on the target from this side: its
   * name, or `[name, options]`. The reverse attribute does not appear on the
   * target's TypeScript type; declare both sides with `backPopulates` to have
   * it typed.
   */
  backref?: string | readonly [string, RelationshipOptions];
  /** The ORDER BY of the loaded collection: columns or expressions (or a thunk returning them). */
  orderBy?: OrderByArg | readonly OrderByArg[] | (() => OrderByArg | readonly OrderByArg[]);
  /**
   * Writes the foreign key with a second UPDATE after the rows are inserted
   * (and sets it to NULL before they are deleted), which breaks a cycle of
   * rows that depend on each other.
   */
  postUpdate?: boolean;
  /**
   * One-to-many without `delete` cascade: when the parent is deleted, leave the
   * children's foreign keys to the database (`ON DELETE`) instead of loading
   * the children to set them to NULL.
   */
  passiveDeletes?: boolean;
}

/** A join condition: an expression, or a thunk returning one (so it may name classes declared later). */
export type JoinCondition = ColumnElement<any> | (() => ColumnElement<any>);

/** An ORDER BY element of a relationship. */
export type OrderByArg = ColumnElement<any>;

/** How a relationship attribute reads: a loaded value, a write-only collection, or a dynamic query. */
export type RelationshipKind = "loaded" | "write_only" | "dynamic";

/**
 * A relationship attribute. `Thunk` is the *type of the thunk* (never its
 * return type, so mutually referring classes type-check); `Many` whether it
 * is a collection.
 */
export class Relationship<
  Thunk extends () => any = () => any,
  Many extends boolean = boolean,
  Kind extends RelationshipKind = RelationshipKind,
> {
  declare readonly __thunk: Thunk;
  declare readonly __many: Many;
  declare readonly __kind: Kind;
  declare readonly __optional: true;
  /** Discriminates relationships from column attributes. */
  readonly propertyKind = "relationship" as const;
  constructor(
    /** Returns the target class; called when mappers are configured. */
    readonly target: Thunk,
    readonly options: RelationshipOptions,
  ) {}
}

/**
 * Declares a relationship to the class `target()` returns.
 *
 * @example
 * ```ts
 * addresses: relationship(() => Address, { uselist: true, backPopulates: "user" }),
 * ```
 */
export function relationship<Thunk extends () => any, const O extends RelationshipOptions = {}>(
  target: Thunk,
  options?: O,
): Relationship<
  Thunk,
  O extends { uselist: boolean }
    ? O["uselist"]
    : O extends { lazy: "write_only" | "dynamic" }
      ? true
      : O extends { secondary: object }
        ? true
        : false,
  O extends { lazy: "write_only" } ? "write_only" : O extends { lazy: "dynamic" } ? "dynamic" : "loaded"
> {
  return new Relationship(target, { ...(options ?? {}) });
}
