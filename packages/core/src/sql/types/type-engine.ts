import type { Dialect } from "../../engine/dialect.js";

/** Converts a value on its way to the driver. */
export type BindProcessor = (value: unknown) => unknown;
/** Converts a value on its way out of a result row. */
export type ResultProcessor = (value: unknown) => unknown;
/** Renders a value inline as SQL text (used by `literalBinds`). */
export type LiteralProcessor = (value: unknown) => string;

/**
 * What kind of value a type holds, for the decisions the expression language
 * makes from types: `+` on strings is concatenation, `[]` on JSON is an index,
 * a date minus a date is an interval, and so on.
 */
export type TypeAffinity =
  | "null"
  | "integer"
  | "numeric"
  | "float"
  | "string"
  | "boolean"
  | "datetime"
  | "date"
  | "time"
  | "interval"
  | "binary"
  | "json"
  | "array"
  | "uuid"
  | "enum"
  | "tuple"
  | "other";

/**
 * The base of every SQL type.
 *
 * A type knows its DDL name per dialect (through the type compiler's
 * `visit<visitName>` method), how values convert in and out
 * (`bindProcessor` / `resultProcessor`), and which TypeScript type its values
 * have (the phantom `T`, read by the typing of columns and rows).
 */
export abstract class TypeEngine<T = unknown> {
  /** The TypeScript type of this SQL type's values (type level only). */
  declare readonly __ts: T;
  /** The type compiler renders this type through `visit<visitName>`. */
  abstract readonly visitName: string;
  abstract readonly affinity: TypeAffinity;
  /**
   * Whether `contains()` means containment (`@>`) and the other PostgreSQL
   * containment operators apply (`containedBy`, `overlap`, `hasKey`...), as
   * for PostgreSQL's ARRAY, JSONB and HSTORE types. Default `false`.
   */
  get containmentOperators(): boolean {
    return false;
  }
  /** Variants chosen by dialect name (`withVariant`). */
  variants: ReadonlyMap<string, TypeEngine<unknown>> | undefined;

  /** Whether values of this type are strings that `+` concatenates. */
  get concatenable(): boolean {
    return this.affinity === "string";
  }

  /** The arguments that change the SQL this type renders, for the cache key. */
  protected keyArgs(): readonly unknown[] {
    return [];
  }

  private memoKey: string | undefined;

  /** A string that is equal for two types that render and convert the same way (computed once). */
  cacheKey(): string {
    if (this.memoKey !== undefined) return this.memoKey;
    const args = this.keyArgs();
    let key = args.length === 0 ? this.visitName : `${this.visitName}(${JSON.stringify(args)})`;
    if (this.variants !== undefined) {
      for (const [name, t] of this.variants) key += `|${name}:${t.cacheKey()}`;
    }
    this.memoKey = key;
    return key;
  }

  /** The type to use when compiling for `dialect`: a variant, else the dialect's adaptation. */
  dialectImpl(dialect: Dialect): TypeEngine<unknown> {
    const variant = this.variants?.get(dialect.name);
    if (variant !== undefined) return variant.dialectImpl(dialect);
    return dialect.adaptType(this);
  }

  /** A processor for values sent to the driver, or `undefined` for none. */
  bindProcessor(_dialect: Dialect): BindProcessor | undefined {
    return undefined;
  }

  /** A processor for values read from rows, or `undefined` for none. */
  resultProcessor(_dialect: Dialect): ResultProcessor | undefined {
    return undefined;
  }

  /** Renders a value inline as a SQL literal. */
  literalProcessor(_dialect: Dialect): LiteralProcessor | undefined {
    return undefined;
  }

  /**
   * The type that a plain value compared or combined with an expression of
   * this type gets. Most types give their own type to the other side, as
   * SQLAlchemy does (`col == 5` binds 5 with the column's type).
   */
  coerceCompared(_operator: string, _value: unknown): TypeEngine<unknown> {
    return this;
  }

  /**
   * Returns a copy that uses `type` when compiled for each of `dialectNames`.
   *
   * @example
   * ```ts
   * const t = String(50).withVariant(mysql.VARCHAR(50, { charset: "utf8mb4" }), "mysql", "mariadb");
   * ```
   */
  withVariant(type: TypeEngine<unknown> | (() => TypeEngine<unknown>), ...dialectNames: string[]): this {
    const impl = typeof type === "function" ? type() : type;
    const copy = this.copy();
    const variants = new Map(this.variants ?? []);
    for (const name of dialectNames) variants.set(name, impl);
    copy.variants = variants;
    return copy;
  }

  /** A shallow copy of this type. */
  copy(): this {
    const c = Object.assign(Object.create(Object.getPrototypeOf(this)), this) as this;
    c.memoKey = undefined;
    return c;
  }

  /** The generic form of this type, used when adapting between dialects. */
  toString(): string {
    return this.visitName;
  }
}

/** Anything a type argument accepts: an instance, or a type factory called with no arguments. */
export type TypeLike<T = unknown> = TypeEngine<T> | (() => TypeEngine<T>);

/** Resolves a `TypeLike` to an instance. */
export function toType<T>(type: TypeLike<T>): TypeEngine<T> {
  return typeof type === "function" ? type() : type;
}

/** The TypeScript value type of a `TypeLike`. */
export type TsTypeOf<Ty> =
  Ty extends TypeEngine<infer T> ? T : Ty extends () => TypeEngine<infer T> ? T : never;
