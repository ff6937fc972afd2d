/**
 * `Row`: one row of a result, SQLAlchemy's named tuple in TypeScript.
 *
 * A row is an object whose own enumerable properties are its column keys
 * (`row.name`), so a row of `select(users.c.id, users.c.name)` is typed
 * `{ readonly id: number; readonly name: string }` plus a few methods, and
 * `JSON.stringify(row)` / `{ ...row }` give the plain object. Positional and
 * mapping access live on the prototype under underscore names, as in
 * SQLAlchemy (`_mapping`, `_asdict()`, `_t`, `_tuple()`, `_fields`, `_at(i)`),
 * so they never collide with ordinary column names. Rows are iterable over
 * their values in column order.
 *
 * Each result shape (its keys and processors) gets its own row constructor,
 * generated once and reused for every row of every execution of the same
 * compiled statement: building a row is one `new` with a property store per
 * column, as cheap as an object literal.
 */
import { InvalidRequestError } from "../exc.js";
import type { ResultProcessor } from "../sql/types/type-engine.js";

/** A row as the driver returns it: values in column order. */
export type RawRow = readonly unknown[];

/** A column key was not found in a row or result (SQLAlchemy's `NoSuchColumnError`). */
export class NoSuchColumnError extends InvalidRequestError {}

/** The value type of any column of `R` (a union; exact when `R` has one column). */
export type RowValue<R> = R[keyof R];

/** The row type of results whose columns are not known statically (`text()` without `.columns()`). */
export type AnyRow = { readonly [key: string]: unknown };

/**
 * The methods every row has, on its prototype. They are named with a leading
 * underscore so that they cannot shadow a column (`row.keys` may be a column).
 */
export interface RowMethods<R> extends Iterable<RowValue<R>> {
  /** A read-only mapping of the row by key (SQLAlchemy's `Row._mapping`). */
  readonly _mapping: RowMapping<R>;
  /** The column keys in order (SQLAlchemy's `Row._fields`). Shared; do not mutate. */
  readonly _fields: readonly (keyof R & string)[];
  /** The values in column order, as a new array (SQLAlchemy's `Row._t` / `tuple(row)`). */
  readonly _t: RowValue<R>[];
  /** The values in column order, as a new array (SQLAlchemy's `Row._tuple()`). */
  _tuple(): RowValue<R>[];
  /** The value at a position; negative counts from the end; `undefined` out of range (as `Array#at`). */
  _at(index: number): RowValue<R> | undefined;
  /** A new plain object of the row (SQLAlchemy's `Row._asdict()`); with duplicate keys the last wins. */
  _asdict(): { -readonly [K in keyof R]: R[K] };
}

/**
 * A result row: the column values as own read-only properties, plus
 * {@link RowMethods}. Rows are not frozen (freezing costs per row); they are
 * read-only at the type level.
 */
export type Row<R = AnyRow> = R & RowMethods<R>;

const ROW_BRAND = Symbol.for("athanor.row");
/** Per shape: the shape, on the shape's prototype. */
const SHAPE = Symbol("athanor.rowShape");

/** Whether `value` is a result row (works across copies of core). */
export function isRow(value: unknown): value is Row {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[ROW_BRAND] === true
  );
}

function ambiguous(key: string): InvalidRequestError {
  return new InvalidRequestError(`Ambiguous column name '${key}' in result set column descriptions`);
}

function noSuchColumn(key: string): NoSuchColumnError {
  return new NoSuchColumnError(`Could not locate column in row for column '${key}'`);
}

/**
 * A read-only view of a row by key (SQLAlchemy's `RowMapping`). `get` and
 * `has` take a column key (a string; lookup by column object is not
 * supported). `get` raises for a key the row does not have, or one that names
 * more than one column, as SQLAlchemy's `row._mapping[key]` does. Iterating
 * gives `[key, value]` entries, as a `Map` does.
 */
export class RowMapping<R = AnyRow> implements Iterable<[keyof R & string, RowValue<R>]> {
  /** @internal */
  constructor(private readonly row: object) {}

  private get shape(): RowShape {
    return shapeOf(this.row);
  }

  /** The value of column `key`; raises `NoSuchColumnError` or, for a duplicated key, `InvalidRequestError`. */
  get<K extends keyof R & string>(key: K): R[K] {
    const shape = this.shape;
    const slot = shape.slotByKey.get(key);
    if (slot === undefined) {
      if (shape.ambiguous.has(key)) throw ambiguous(key);
      throw noSuchColumn(key);
    }
    return (this.row as Record<PropertyKey, unknown>)[slot] as R[K];
  }

  /** Whether the row has a column `key` (also true for a duplicated key). */
  has(key: string): boolean {
    const shape = this.shape;
    return shape.slotByKey.has(key) || shape.ambiguous.has(key);
  }

  /** The number of columns. */
  get size(): number {
    return this.shape.keys.length;
  }

  /** The keys in column order. */
  keys(): (keyof R & string)[] {
    return this.shape.keys.slice() as (keyof R & string)[];
  }

  /** The values in column order. */
  values(): RowValue<R>[] {
    return rowValues(this.row) as RowValue<R>[];
  }

  /** `[key, value]` pairs in column order. */
  entries(): [keyof R & string, RowValue<R>][] {
    const keys = this.shape.keys;
    const values = rowValues(this.row);
    return keys.map((k, i) => [k as keyof R & string, values[i] as RowValue<R>]);
  }

  [Symbol.iterator](): Iterator<[keyof R & string, RowValue<R>]> {
    return this.entries()[Symbol.iterator]();
  }

  /** A plain object of the mapping. */
  toJSON(): Record<string, unknown> {
    return asDict(this.row);
  }
}

/** The values of a row in column order (a new array). */
export function rowValues(row: object): unknown[] {
  const slots = shapeOf(row).slots;
  const n = slots.length;
  const out = new Array<unknown>(n);
  const r = row as Record<PropertyKey, unknown>;
  for (let i = 0; i < n; i++) out[i] = r[slots[i] as PropertyKey];
  return out;
}

/** The value at position `index` of a row (negative from the end). */
export function rowAt(row: object, index: number): unknown {
  const slots = shapeOf(row).slots;
  const slot = slots[index < 0 ? slots.length + index : index];
  return slot === undefined ? undefined : (row as Record<PropertyKey, unknown>)[slot];
}

function asDict(row: object): Record<string, unknown> {
  const { keys, slots } = shapeOf(row);
  const out: Record<string, unknown> = {};
  const r = row as Record<PropertyKey, unknown>;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const v = r[slots[i] as PropertyKey];
    if (k === "__proto__")
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

function shapeOf(row: object): RowShape {
  return (row as { [SHAPE]: RowShape })[SHAPE];
}

/** The prototype of every row: SQLAlchemy's `Row` methods. */
class BaseRow {
  get _mapping(): RowMapping {
    return new RowMapping(this);
  }
  get _fields(): readonly string[] {
    return shapeOf(this).keys;
  }
  get _t(): unknown[] {
    return rowValues(this);
  }
  _tuple(): unknown[] {
    return rowValues(this);
  }
  _at(index: number): unknown {
    return rowAt(this, index);
  }
  _asdict(): Record<string, unknown> {
    return asDict(this);
  }
  *[Symbol.iterator](): Iterator<unknown> {
    const slots = shapeOf(this).slots;
    const r = this as unknown as Record<PropertyKey, unknown>;
    for (let i = 0; i < slots.length; i++) yield r[slots[i] as PropertyKey];
  }
}
for (const name of ["_mapping", "_fields", "_t", "_tuple", "_at", "_asdict"]) {
  const d = Object.getOwnPropertyDescriptor(BaseRow.prototype, name);
  if (d !== undefined) Object.defineProperty(BaseRow.prototype, name, { ...d, enumerable: false });
}
Object.defineProperty(BaseRow.prototype, ROW_BRAND, { value: true });

/**
 * Keys that an assignment cannot make an own property of: `__proto__`, and
 * the getters of the row prototype. They are defined instead (slower, rare).
 */
const DEFINED_KEYS: ReadonlySet<string> = new Set(["__proto__", "_mapping", "_fields", "_t"]);

/** One column of a row shape: its key, where its value is in the driver's row, and its processor. */
export interface RowColumn {
  readonly key: string;
  /** Position in the driver's row. */
  readonly index: number;
  /** Converts the driver's value; `undefined` when the value is used as is. */
  readonly processor: ResultProcessor | undefined;
}

/** Builds the object for one driver row. */
export type RowMaker<T> = (raw: RawRow) => T;
/** Builds the objects for many driver rows. */
export type ManyMaker<T> = (raws: readonly RawRow[]) => T[];

interface Builders<T> {
  readonly one: RowMaker<T>;
  readonly many: ManyMaker<T>;
}

let evalAllowed: boolean | undefined;

/** Whether `new Function` works here (it does not under a strict CSP or in some edge runtimes). */
function canEval(): boolean {
  if (evalAllowed === undefined) {
    try {
      evalAllowed = new Function("return 1")() === 1;
    } catch {
      evalAllowed = false;
    }
  }
  return evalAllowed;
}

function valueExpr(c: RowColumn, i: number): string {
  return c.processor === undefined ? `r[${c.index}]` : `p${i}(r[${c.index}])`;
}

/**
 * The shape of the rows of one result: keys, where each value is stored, and
 * the generated constructor. Keys that appear once are own properties;
 * a key that names several columns is stored under a private symbol per
 * column and raises on access by name (`row.x`, `row._mapping.get("x")`),
 * while positional access works, as in SQLAlchemy.
 */
export class RowShape {
  /** The keys in column order. */
  readonly keys: readonly string[];
  /** For each position: the property (a key, or a symbol for duplicated keys) holding its value. */
  readonly slots: readonly PropertyKey[];
  /** Unique key → slot. */
  readonly slotByKey: ReadonlyMap<string, PropertyKey>;
  /** Keys that name more than one column. */
  readonly ambiguous: ReadonlySet<string>;
  private rows: Builders<object> | undefined;
  private mappings: Builders<Record<string, unknown>> | undefined;
  private valueArrays: Builders<unknown[]> | undefined;
  private readonly proto: object;

  constructor(readonly columns: readonly RowColumn[]) {
    const keys = columns.map((c) => c.key);
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    const ambiguousKeys = new Set<string>();
    const slotByKey = new Map<string, PropertyKey>();
    const slots: PropertyKey[] = [];
    keys.forEach((k, i) => {
      if ((counts.get(k) ?? 0) > 1) {
        ambiguousKeys.add(k);
        slots.push(Symbol(`${k}#${i}`));
      } else {
        slots.push(k);
        slotByKey.set(k, k);
      }
    });
    this.keys = Object.freeze(keys);
    this.slots = slots;
    this.slotByKey = slotByKey;
    this.ambiguous = ambiguousKeys;
    const proto = Object.create(BaseRow.prototype) as object;
    Object.defineProperty(proto, SHAPE, { value: this });
    for (const k of ambiguousKeys) {
      Object.defineProperty(proto, k, {
        get() {
          throw ambiguous(k);
        },
      });
    }
    this.proto = proto;
  }

  /** Builds one row of this shape from a driver row. Generated on first use. */
  get makeRow(): RowMaker<object> {
    return this.rowBuilders().one;
  }

  /** Builds the rows of this shape from driver rows, in one generated loop. */
  get makeRows(): ManyMaker<object> {
    return this.rowBuilders().many;
  }

  /** Builds a plain object keyed by column (for `mappings()`); a duplicated key raises on access, as on rows. */
  get makeMapping(): RowMaker<Record<string, unknown>> {
    return this.mappingBuilders().one;
  }

  /** Builds the plain objects of many driver rows, in one generated loop. */
  get makeMappings(): ManyMaker<Record<string, unknown>> {
    return this.mappingBuilders().many;
  }

  /** Builds the array of a driver row's processed values, in column order (no `Row` object). */
  get makeValues(): RowMaker<unknown[]> {
    this.valueArrays ??= this.buildValueBuilders();
    return this.valueArrays.one;
  }

  /** Builds the value arrays of many driver rows. */
  get makeValuesMany(): ManyMaker<unknown[]> {
    this.valueArrays ??= this.buildValueBuilders();
    return this.valueArrays.many;
  }

  private rowBuilders(): Builders<object> {
    this.rows ??= this.buildRowBuilders();
    return this.rows;
  }

  private mappingBuilders(): Builders<Record<string, unknown>> {
    this.mappings ??= this.buildMappingBuilders();
    return this.mappings;
  }

  /*
   * Each shape gets its own generated functions, not closures over shared
   * code: a call site that sees one row constructor stays monomorphic (and
   * inlined) however many shapes the program has.
   */
  private buildRowBuilders(): Builders<object> {
    const { columns, slots, proto } = this;
    const procs = columns.map((c) => c.processor);
    if (canEval()) {
      const head: string[] = [];
      const body: string[] = [];
      columns.forEach((c, i) => {
        if (c.processor !== undefined) head.push(`const p${i} = P[${i}];`);
        const slot = slots[i] as PropertyKey;
        const v = valueExpr(c, i);
        if (typeof slot === "symbol") {
          head.push(`const s${i} = S[${i}];`);
          body.push(`this[s${i}] = ${v};`);
        } else if (DEFINED_KEYS.has(slot as string)) {
          body.push(
            `Object.defineProperty(this, ${JSON.stringify(slot)}, { value: ${v}, enumerable: true, writable: true, configurable: true });`,
          );
        } else body.push(`this[${JSON.stringify(slot)}] = ${v};`);
      });
      const src = `"use strict";
${head.join("\n")}
function Row(r) {
${body.join("\n")}
}
Row.prototype = PROTO;
return {
  one: function makeRow(r) { return new Row(r); },
  many: function makeRows(rs) {
    const n = rs.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = new Row(rs[i]);
    return out;
  },
};`;
      return new Function("P", "S", "PROTO", src)(procs, slots, proto) as Builders<object>;
    }
    // No eval (a strict CSP, some edge runtimes): one closure for every shape, about 3x slower per row.
    const n = columns.length;
    const indexes = columns.map((c) => c.index);
    const Row = function Row(this: Record<PropertyKey, unknown>, r: RawRow) {
      for (let i = 0; i < n; i++) {
        const p = procs[i];
        const v = r[indexes[i] as number];
        const slot = slots[i] as PropertyKey;
        const value = p === undefined ? v : p(v);
        if (typeof slot === "string" && DEFINED_KEYS.has(slot))
          Object.defineProperty(this, slot, { value, enumerable: true, writable: true, configurable: true });
        else this[slot] = value;
      }
    } as unknown as new (
      raw: RawRow,
    ) => object;
    (Row as unknown as { prototype: object }).prototype = proto;
    return { one: (r) => new Row(r), many: (rs) => rs.map((r) => new Row(r)) };
  }

  /*
   * When every column sits at its own position in the driver's row, the
   * driver's array (fresh per row, owned by the result) becomes the values
   * array: converted in place, nothing allocated per row.
   */
  private buildValueBuilders(): Builders<unknown[]> {
    const { columns } = this;
    const procs = columns.map((c) => c.processor);
    const inPlace = columns.every((c, i) => c.index === i);
    if (inPlace && procs.every((p) => p === undefined)) {
      const one = (r: RawRow) => r as unknown[];
      return { one, many: (rs) => rs as unknown[][] };
    }
    if (inPlace) {
      const converted = columns.flatMap((c, i) => (c.processor === undefined ? [] : [i]));
      const one = (r: RawRow): unknown[] => {
        const v = r as unknown[];
        for (let j = 0; j < converted.length; j++) {
          const i = converted[j] as number;
          v[i] = (procs[i] as (x: unknown) => unknown)(v[i]);
        }
        return v;
      };
      return {
        one,
        many: (rs) => {
          for (let i = 0; i < rs.length; i++) one(rs[i] as RawRow);
          return rs as unknown[][];
        },
      };
    }
    if (canEval()) {
      const head = columns.flatMap((c, i) => (c.processor === undefined ? [] : [`const p${i} = P[${i}];`]));
      const src = `"use strict";
${head.join("\n")}
function values(r) { return [${columns.map((c, i) => valueExpr(c, i)).join(", ")}]; }
return {
  one: values,
  many: function valueArrays(rs) {
    const n = rs.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = values(rs[i]);
    return out;
  },
};`;
      return new Function("P", src)(procs) as Builders<unknown[]>;
    }
    const one = (r: RawRow): unknown[] =>
      columns.map((c, i) => {
        const p = procs[i];
        return p === undefined ? r[c.index] : p(r[c.index]);
      });
    return { one, many: (rs) => rs.map(one) };
  }

  private buildMappingBuilders(): Builders<Record<string, unknown>> {
    const { columns, ambiguous: amb } = this;
    const procs = columns.map((c) => c.processor);
    const unique = columns.map((c, i) => [c, i] as const).filter(([c]) => !amb.has(c.key));
    let proto: object | undefined;
    if (amb.size > 0) {
      proto = {};
      for (const k of amb)
        Object.defineProperty(proto, k, {
          get() {
            throw ambiguous(k);
          },
        });
    }
    if (canEval()) {
      const head = unique.filter(([c]) => c.processor !== undefined).map(([, i]) => `const p${i} = P[${i}];`);
      const props = unique.map(([c, i]) => {
        const name = c.key === "__proto__" ? `["__proto__"]` : JSON.stringify(c.key);
        return `${name}: ${valueExpr(c, i)}`;
      });
      const obj = `{ ${props.join(", ")} }`;
      const ret = proto === undefined ? `return ${obj};` : `return Object.setPrototypeOf(${obj}, PROTO);`;
      const src = `"use strict";
${head.join("\n")}
function mapping(r) { ${ret} }
return {
  one: mapping,
  many: function mappings(rs) {
    const n = rs.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = mapping(rs[i]);
    return out;
  },
};`;
      return new Function("P", "PROTO", src)(procs, proto) as Builders<Record<string, unknown>>;
    }
    const one = (r: RawRow): Record<string, unknown> => {
      const o: Record<string, unknown> = proto === undefined ? {} : Object.create(proto);
      for (const [c, i] of unique) {
        const p = procs[i];
        const v = r[c.index];
        const value = p === undefined ? v : p(v);
        if (c.key === "__proto__")
          Object.defineProperty(o, c.key, { value, enumerable: true, writable: true, configurable: true });
        else o[c.key] = value;
      }
      return o;
    };
    return { one, many: (rs) => rs.map(one) };
  }
}

/**
 * Builds rows from arrays of values, for rows that do not come from a driver
 * (the engine's `insertedPrimaryKey`, tests). The values are taken as they are.
 *
 * @example
 * ```ts
 * const make = rowMaker(["id", "name"]);
 * const row = make([1, "ed"]); // row.id === 1, row._t -> [1, "ed"]
 * ```
 */
export function rowMaker<R = AnyRow>(keys: readonly string[]): RowMaker<Row<R>> {
  return new RowShape(keys.map((key, index) => ({ key, index, processor: undefined }))).makeRow as RowMaker<
    Row<R>
  >;
}
