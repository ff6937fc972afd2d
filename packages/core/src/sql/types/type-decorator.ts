/**
 * `TypeDecorator`: a custom type built on an existing one (SQLAlchemy's
 * `TypeDecorator`). The database sees the implementation type (`impl`);
 * values pass through `processBindParam` on the way in and
 * `processResultValue` on the way out, around the implementation's own
 * processing.
 *
 * @example
 * ```ts
 * // Stores a JavaScript Set of tags as a comma-separated string.
 * class TagSet extends TypeDecorator<Set<string>> {
 *   readonly impl = String(200);
 *   override processBindParam(value: Set<string> | null) {
 *     return value === null ? null : [...value].join(",");
 *   }
 *   override processResultValue(value: unknown) {
 *     return value === null ? null : new Set(String(value).split(","));
 *   }
 * }
 * new Column(new TagSet())
 * ```
 */
import type { Dialect } from "../../engine/dialect.js";
import type { BindProcessor, LiteralProcessor, ResultProcessor, TypeAffinity } from "./type-engine.js";
import { TypeEngine } from "./type-engine.js";

export abstract class TypeDecorator<T = unknown> extends TypeEngine<T> {
  /** The type the database stores; its DDL and driver conversions apply. */
  abstract readonly impl: TypeEngine<unknown>;

  get visitName(): string {
    return this.impl.visitName;
  }
  get affinity(): TypeAffinity {
    return this.impl.affinity;
  }
  override get concatenable(): boolean {
    return this.impl.concatenable;
  }
  override get containmentOperators(): boolean {
    return this.impl.containmentOperators;
  }

  /** Converts a value on its way to the database (before the implementation type's own conversion). */
  processBindParam(value: T | null, dialect: Dialect): unknown {
    void dialect;
    return value;
  }

  /** Converts a value read from the database (after the implementation type's own conversion). */
  processResultValue(value: unknown, dialect: Dialect): T | null {
    void dialect;
    return value as T | null;
  }

  /** The implementation type for a dialect; override to choose one per database. */
  loadDialectImpl(dialect: Dialect): TypeEngine<unknown> {
    return this.impl.dialectImpl(dialect);
  }

  /** The DDL of a decorator is that of its implementation. */
  override dialectImpl(dialect: Dialect): TypeEngine<unknown> {
    const variant = this.variants?.get(dialect.name);
    if (variant !== undefined) return variant.dialectImpl(dialect);
    return this.loadDialectImpl(dialect);
  }

  override bindProcessor(dialect: Dialect): BindProcessor {
    const inner = this.loadDialectImpl(dialect).bindProcessor(dialect);
    return inner === undefined
      ? (v) => this.processBindParam(v as T | null, dialect)
      : (v) => inner(this.processBindParam(v as T | null, dialect));
  }

  override resultProcessor(dialect: Dialect): ResultProcessor {
    const inner = this.loadDialectImpl(dialect).resultProcessor(dialect);
    return inner === undefined
      ? (v) => this.processResultValue(v, dialect)
      : (v) => this.processResultValue(inner(v), dialect);
  }

  override literalProcessor(dialect: Dialect): LiteralProcessor | undefined {
    const inner = this.loadDialectImpl(dialect).literalProcessor(dialect);
    if (inner === undefined) return undefined;
    return (v) => inner(this.processBindParam(v as T | null, dialect));
  }

  /** Values compared with this type are bound with this type (so they are processed the same way). */
  override coerceCompared(_operator: string, _value: unknown): TypeEngine<unknown> {
    return this;
  }

  /** A decorator is identified by its class and its implementation. */
  override cacheKey(): string {
    return `${this.constructor.name}<${this.impl.cacheKey()}>`;
  }
}
