/**
 * Attributes computed from other attributes: `synonym()` (another name for
 * an attribute, in Python and in SQL) and `composite()` (a value object built
 * from several columns), SQLAlchemy's `synonym()` and `composite()`.
 */
import { ArgumentError, and_, type ColumnElement, or_ } from "@athanor/core";
import type { Mapper } from "./mapper.js";

/** `synonym("name")`: an attribute that reads and writes the attribute `target`. */
export class Synonym<K extends string = string> {
  declare readonly __synonymOf: K;
  declare readonly __optional: true;
  readonly propertyKind = "synonym" as const;
  constructor(
    /** The attribute key it stands for. */
    readonly target: K,
  ) {}
}

/**
 * Declares an attribute that proxies another one of the same class, on
 * instances (`obj.alias` reads and writes `obj.target`) and in SQL
 * (`User.alias.eq(...)` is `User.target.eq(...)`).
 *
 * @example
 * ```ts
 * class User extends Base.mapped("user_account", {
 *   id: mappedColumn(Integer, { primaryKey: true }),
 *   userName: mappedColumn(String(30), { name: "user_name" }),
 *   name: synonym("userName"),
 * }) {}
 * ```
 */
export function synonym<const K extends string>(target: K): Synonym<K> {
  return new Synonym(target);
}

/** A class a composite value is built from: its constructor takes the column values in order. */
export type CompositeClass = new (...args: any[]) => object;

/** The fields of a composite and the column attribute each is stored in. */
export type CompositeFields<C extends CompositeClass> = {
  readonly [F in keyof InstanceType<C>]?: string;
};

/** `composite(Point, { x: "x1", y: "y1" })`: a value object stored in several columns. */
export class Composite<C extends CompositeClass = CompositeClass, M extends object = any> {
  declare readonly __composite: C;
  declare readonly __fields: M;
  declare readonly __optional: true;
  readonly propertyKind = "composite" as const;
  constructor(
    /** The value class; `new cls(...columnValues)` in the order of `fields`. */
    readonly cls: C,
    /** Field of the value → column attribute key. */
    readonly fields: M,
  ) {}

  /** The column attribute keys, in constructor argument order. */
  get columnKeys(): string[] {
    return Object.values(this.fields) as string[];
  }
}

/**
 * Declares a composite attribute: a value object of class `cls` whose fields
 * are stored in column attributes of the same class. The object is built as
 * `new cls(...values)`, the column values in the order `fields` lists them;
 * assigning an object writes each field to its column.
 *
 * @example
 * ```ts
 * class Point { constructor(readonly x: number, readonly y: number) {} }
 * class Vertex extends Base.mapped("vertices", {
 *   id: mappedColumn(Integer, { primaryKey: true }),
 *   x1: mappedColumn(Integer), y1: mappedColumn(Integer),
 *   start: composite(Point, { x: "x1", y: "y1" }),
 * }) {}
 * select(Vertex).where(Vertex.start.eq(new Point(3, 4)));
 * ```
 */
export function composite<C extends CompositeClass, const M extends CompositeFields<C>>(
  cls: C,
  fields: M & { readonly [F in Exclude<keyof M, keyof InstanceType<C>>]: never },
): Composite<C, M> {
  if (typeof cls !== "function") throw new ArgumentError("composite(): the first argument must be a class");
  if (Object.keys(fields).length === 0) throw new ArgumentError("composite(): name at least one field");
  return new Composite(cls, fields);
}

/** A synonym or a composite. */
export type DescriptorProp = Synonym | Composite;

/** Whether a declared attribute is a synonym or composite. @internal */
export function isDescriptorProp(prop: unknown): prop is DescriptorProp {
  return prop instanceof Synonym || prop instanceof Composite;
}

/** `Vertex.start` at class level: SQL comparisons of all its columns at once. */
export class CompositeAttribute<V = unknown> {
  constructor(
    /** The attribute key. */
    readonly key: string,
    /** The columns, in constructor argument order. */
    readonly columns: readonly ColumnElement<any>[],
    private readonly prop: Composite,
  ) {}

  private values(value: V): unknown[] {
    const fields = Object.keys(this.prop.fields);
    return fields.map((f) => (value as Record<string, unknown>)[f]);
  }

  /** Every column equals the value's field (`x1 = ? AND y1 = ?`); `null` compares each with IS NULL. */
  eq(value: V | null): ColumnElement<boolean> {
    const parts =
      value === null
        ? this.columns.map((c) => c.is(null as never))
        : this.values(value).map((v, i) => (this.columns[i] as ColumnElement<any>).eq(v as never));
    return and_(...parts) as ColumnElement<boolean>;
  }

  /** Some column differs from the value's field. */
  ne(value: V | null): ColumnElement<boolean> {
    const parts =
      value === null
        ? this.columns.map((c) => c.isNot(null as never))
        : this.values(value).map((v, i) => (this.columns[i] as ColumnElement<any>).ne(v as never));
    return or_(...parts) as ColumnElement<boolean>;
  }

  /** The columns, for `select(...Vertex.start.clauses)` and ORDER BY. */
  get clauses(): readonly ColumnElement<any>[] {
    return this.columns;
  }
}

function checkColumns(mapper: Mapper<any>, key: string, prop: DescriptorProp): void {
  const keys = prop instanceof Synonym ? [prop.target] : prop.columnKeys;
  for (const k of keys) {
    const ok =
      prop instanceof Synonym ? mapper.columns.has(k) || mapper.relationships.has(k) : mapper.columns.has(k);
    if (!ok)
      throw new ArgumentError(
        `${prop.propertyKind} '${key}' of table '${mapper.table.name}': '${k}' is not a ${prop instanceof Synonym ? "mapped" : "column"} attribute`,
      );
  }
}

/** Defines the instance accessors of a mapper's synonyms and composites on `proto`. @internal */
export function instrumentDescriptors(proto: object, mapper: Mapper<any>): void {
  for (const [key, prop] of mapper.descriptors) {
    checkColumns(mapper, key, prop);
    if (prop instanceof Synonym) {
      const target = prop.target;
      Object.defineProperty(proto, key, {
        configurable: true,
        enumerable: false,
        get(this: Record<string, unknown>) {
          return this[target];
        },
        set(this: Record<string, unknown>, value: unknown) {
          this[target] = value;
        },
      });
      continue;
    }
    const cols = prop.columnKeys;
    const fields = Object.keys(prop.fields);
    Object.defineProperty(proto, key, {
      configurable: true,
      enumerable: false,
      get(this: Record<string, unknown>) {
        const values = cols.map((c) => this[c]);
        // All columns NULL (or never set): no value object.
        if (values.every((v) => v === null || v === undefined)) return null;
        return new prop.cls(...values);
      },
      set(this: Record<string, unknown>, value: unknown) {
        if (value === null || value === undefined) {
          for (const c of cols) this[c] = null;
          return;
        }
        if (!(value instanceof prop.cls))
          throw new ArgumentError(`${mapper.className}.${key} must be a ${prop.cls.name} (or null)`);
        fields.forEach((f, i) => {
          this[cols[i] as string] = (value as Record<string, unknown>)[f];
        });
      },
    });
  }
}

/** Defines the class-level attributes of a mapper's synonyms and composites on `cls`. @internal */
export function instrumentDescriptorClassAttrs(cls: object, mapper: Mapper<any>): void {
  for (const [key, prop] of mapper.descriptors) {
    let attr: unknown;
    Object.defineProperty(cls, key, {
      configurable: true,
      enumerable: false,
      get(this: Record<string, unknown>) {
        if (prop instanceof Synonym) return this[prop.target];
        attr ??= new CompositeAttribute(
          key,
          prop.columnKeys.map((k) => mapper.columns.get(k) as ColumnElement<any>),
          prop,
        );
        return attr;
      },
    });
  }
}
