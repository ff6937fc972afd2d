/**
 * `mappedColumn()`: a column attribute of a mapped class, SQLAlchemy's
 * `mapped_column()`. The mapper turns it into a Core `Column` of the class's
 * table; its TypeScript value type is computed once, here.
 */
import type { ColumnOptions, ColumnValue, InsertOptional, TypeLike } from "@athanor/core";

type TsTypeOf<Ty> = Ty extends TypeLike<infer T> ? T : unknown;

/** The options of {@link mappedColumn}: those of a Core `Column` (`name` is the database name). */
export interface MappedColumnOptions extends ColumnOptions {
  /** Leave the column out of the entity's SELECT; it loads on first access (SQLAlchemy's `deferred=True`). */
  deferred?: boolean;
  /** The deferred group: accessing one column of the group loads the whole group (implies `deferred`). */
  deferredGroup?: string;
  /** With `deferred`: accessing the unloaded column raises instead of loading it. */
  deferredRaiseload?: boolean;
}

/**
 * Whether the constructor may omit a column: when it is nullable, defaulted,
 * an autoincrement integer primary key, or a foreign key (usually set through
 * a relationship).
 */
export type InitOptional<T, O> = O extends { foreignKey: {} } ? true : InsertOptional<T, O>;

/**
 * A column attribute: `T` is the attribute's value type, `Opt` whether the
 * constructor may omit it.
 */
export class MappedColumn<T = unknown, Opt extends boolean = boolean> {
  declare readonly __value: T;
  declare readonly __optional: Opt;
  /** Discriminates column attributes from relationships. */
  readonly propertyKind = "column" as const;
  constructor(
    /** The SQL type. */
    readonly type: TypeLike<any>,
    /** The Core column options. */
    readonly options: MappedColumnOptions,
  ) {}
}

/**
 * Declares a column attribute.
 *
 * Nullable unless `nullable: false` or part of the primary key (SQLAlchemy's
 * rule). `name` gives the database column name when it differs from the
 * attribute key.
 *
 * @example
 * ```ts
 * class User extends Base.mapped("user_account", {
 *   id: mappedColumn(Integer, { primaryKey: true }),
 *   name: mappedColumn(String(30), { nullable: false }),
 * }) {}
 * ```
 */
export function mappedColumn<Ty extends TypeLike<any>, const O extends MappedColumnOptions = {}>(
  type: Ty,
  options?: O,
): MappedColumn<ColumnValue<TsTypeOf<Ty>, O>, InitOptional<TsTypeOf<Ty>, O>> {
  return new MappedColumn(type, { ...(options ?? {}) });
}
