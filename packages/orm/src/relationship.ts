/**
 * `relationship()`: an attribute that links a mapped class to another,
 * SQLAlchemy's `relationship()`. This slice records relationships in the
 * mapper's configuration and types them; loading and cascades through them
 * are not implemented yet and raise `NotImplementedError`.
 */

/** Options of {@link relationship}. */
export interface RelationshipOptions {
  /** `true` for a collection (`Target[]`); otherwise a scalar (`Target | null`). Types cannot see FK direction. */
  uselist?: boolean;
  /** The name of the reverse relationship on the target, validated when mappers are configured. */
  backPopulates?: string;
  /** For a self-referential many-to-one: the attribute key(s) on the remote side. */
  remoteSide?: string | readonly string[];
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
   * The attribute key(s) of the foreign key column(s) to join on, when the two
   * tables have more than one foreign key path between them.
   */
  foreignKeys?: string | readonly string[];
  /** A custom join condition; not implemented yet (raises `NotImplementedError` at configure time). */
  primaryjoin?: unknown;
  /**
   * One-to-many without `delete` cascade: when the parent is deleted, leave the
   * children's foreign keys to the database (`ON DELETE`) instead of loading
   * the children to set them to NULL.
   */
  passiveDeletes?: boolean;
}

/**
 * A relationship attribute. `Thunk` is the *type of the thunk* (never its
 * return type, so mutually referring classes type-check); `Many` whether it
 * is a collection.
 */
export class Relationship<Thunk extends () => any = () => any, Many extends boolean = boolean> {
  declare readonly __thunk: Thunk;
  declare readonly __many: Many;
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
): Relationship<Thunk, O extends { uselist: true } ? true : false> {
  return new Relationship(target, { ...(options ?? {}) });
}
