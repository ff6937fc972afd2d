import type { Dialect } from "../../engine/dialect.js";
import type { LiteralProcessor, TypeAffinity } from "./type-engine.js";
import { TypeEngine } from "./type-engine.js";

export type TypeEngineLike<T> = TypeEngine<T> | (() => TypeEngine<T>);

/**
 * The generic ("CamelCase") types and the SQL standard ("UPPERCASE") types.
 *
 * Each class is also exported through a factory of the same name that can be
 * called or passed bare: `new Column(Integer)`, `new Column(String(30))`.
 */

function quoteString(value: unknown, backslashEscapes = false): string {
  let s = String(value).replace(/'/g, "''");
  if (backslashEscapes) s = s.replace(/\\/g, "\\\\");
  return `'${s}'`;
}

/** The type of an expression whose type is not known, as `NULL` or an untyped `column()`. */
export class NullType extends TypeEngine<unknown> {
  readonly visitName = "null";
  readonly affinity: TypeAffinity = "null";
  override literalProcessor(dialect: Dialect): LiteralProcessor {
    return (v) => dialect.renderLiteral(v);
  }
}

export interface StringOptions {
  /** A collation rendered in DDL and in CAST. */
  collation?: string;
}

/** Variable-length strings. `length` is required by some databases in DDL. */
export class StringType extends TypeEngine<string> {
  readonly visitName: string = "string";
  readonly affinity: TypeAffinity = "string";
  readonly collation: string | undefined;
  constructor(
    readonly length?: number,
    options: StringOptions = {},
  ) {
    super();
    this.collation = options.collation;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.length, this.collation];
  }
  override literalProcessor(dialect: Dialect): LiteralProcessor {
    return (v) => quoteString(v, dialect.backslashEscapes);
  }
}
export class TextType extends StringType {
  override readonly visitName: string = "text";
}
export class UnicodeType extends StringType {
  override readonly visitName: string = "unicode";
}
export class UnicodeTextType extends TextType {
  override readonly visitName: string = "unicodeText";
}

function renderNumber(v: unknown): string {
  return typeof v === "bigint" ? v.toString() : String(v);
}

export class IntegerType extends TypeEngine<number> {
  readonly visitName: string = "integer";
  readonly affinity: TypeAffinity = "integer";
  override literalProcessor(): LiteralProcessor {
    return (v) => String(Number.parseInt(renderNumber(v), 10));
  }
}
export class SmallIntegerType extends IntegerType {
  override readonly visitName: string = "smallInteger";
}
/** 64-bit integers; values are `bigint` in TypeScript so none loses precision. */
export class BigIntegerType extends TypeEngine<bigint | number> {
  readonly visitName: string = "bigInteger";
  readonly affinity: TypeAffinity = "integer";
  override literalProcessor(): LiteralProcessor {
    return renderNumber;
  }
}

export interface NumericOptions {
  /** Return JavaScript numbers instead of exact decimal strings. Default `false` for Numeric. */
  asDecimal?: boolean;
  decimalReturnScale?: number;
}

/**
 * Exact numbers. Values are decimal strings by default ("19.99"), so no
 * precision is lost silently; pass `{ asDecimal: false }` for numbers.
 */
export class NumericType extends TypeEngine<string> {
  readonly visitName: string = "numeric";
  readonly affinity: TypeAffinity = "numeric";
  readonly asDecimal: boolean;
  constructor(
    readonly precision?: number,
    readonly scale?: number,
    options: NumericOptions = {},
  ) {
    super();
    this.asDecimal = options.asDecimal ?? true;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.precision, this.scale, this.asDecimal];
  }
  /** A plain integer compared or combined with a numeric is bound as an integer, as in SQLAlchemy. */
  override coerceCompared(_operator: string, value: unknown): TypeEngine<unknown> {
    return typeof value === "number" && Number.isInteger(value) ? new IntegerType() : this;
  }
  override literalProcessor(): LiteralProcessor {
    return renderNumber;
  }
}
export class FloatType extends TypeEngine<number> {
  readonly visitName: string = "float";
  readonly affinity: TypeAffinity = "float";
  constructor(readonly precision?: number) {
    super();
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.precision];
  }
  override literalProcessor(): LiteralProcessor {
    return renderNumber;
  }
  override coerceCompared(_operator: string, value: unknown): TypeEngine<unknown> {
    return typeof value === "number" && Number.isInteger(value) ? new IntegerType() : this;
  }
}
export class DoubleType extends FloatType {
  override readonly visitName: string = "double";
}

export class BooleanType extends TypeEngine<boolean> {
  readonly visitName: string = "boolean";
  readonly affinity: TypeAffinity = "boolean";
  constructor(
    /** Whether non-native backends get a CHECK constraint. Default `false`, as in SQLAlchemy 2. */
    readonly createConstraint = false,
    readonly name?: string,
  ) {
    super();
  }
  override literalProcessor(dialect: Dialect): LiteralProcessor {
    return (v) => (dialect.supportsNativeBoolean ? (v ? "true" : "false") : v ? "1" : "0");
  }
}

export interface DateTimeOptions {
  timezone?: boolean;
}
export class DateTimeType extends TypeEngine<Date> {
  readonly visitName: string = "datetime";
  readonly affinity: TypeAffinity = "datetime";
  readonly timezone: boolean;
  constructor(options: DateTimeOptions = {}) {
    super();
    this.timezone = options.timezone ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.timezone];
  }
  override literalProcessor(): LiteralProcessor {
    return (v) => `'${v instanceof Date ? v.toISOString().replace("T", " ").replace("Z", "") : String(v)}'`;
  }
}
/** Calendar dates, as `YYYY-MM-DD` strings in TypeScript. */
export class DateType extends TypeEngine<string> {
  readonly visitName: string = "date";
  readonly affinity: TypeAffinity = "date";
  override literalProcessor(): LiteralProcessor {
    return (v) => `'${v instanceof Date ? v.toISOString().slice(0, 10) : String(v)}'`;
  }
}
/** Times of day, as `HH:MM:SS[.ffffff]` strings in TypeScript. */
export class TimeType extends TypeEngine<string> {
  readonly visitName: string = "time";
  readonly affinity: TypeAffinity = "time";
  readonly timezone: boolean;
  constructor(options: DateTimeOptions = {}) {
    super();
    this.timezone = options.timezone ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.timezone];
  }
  override literalProcessor(): LiteralProcessor {
    return (v) => `'${String(v)}'`;
  }
}
/** A duration, in milliseconds in TypeScript. */
export class IntervalType extends TypeEngine<number> {
  readonly visitName: string = "interval";
  readonly affinity: TypeAffinity = "interval";
  constructor(
    readonly nativeInterval = true,
    readonly secondPrecision?: number,
    readonly dayPrecision?: number,
  ) {
    super();
  }
}

export class LargeBinaryType extends TypeEngine<Uint8Array> {
  readonly visitName: string = "largeBinary";
  readonly affinity: TypeAffinity = "binary";
  constructor(readonly length?: number) {
    super();
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.length];
  }
}

/** JSON documents. Indexing (`col.index("key")`) yields JSON elements. */
export class JSONType<T = unknown> extends TypeEngine<T> {
  readonly visitName: string = "JSON";
  readonly affinity: TypeAffinity = "json";
  constructor(readonly noneAsNull = false) {
    super();
  }
}

/** UUIDs as canonical strings. Native on PostgreSQL, MariaDB and SQL Server; CHAR(32) elsewhere. */
export class UuidType extends TypeEngine<string> {
  readonly visitName: string = "uuid";
  readonly affinity: TypeAffinity = "uuid";
  constructor(readonly nativeUuid = true) {
    super();
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.nativeUuid];
  }
  override literalProcessor(): LiteralProcessor {
    return (v) => `'${String(v).replace(/-/g, "")}'`;
  }
}

export interface EnumOptions {
  /** The name of the native type (PostgreSQL) or of the CHECK constraint. */
  name?: string;
  /** Use the database's enum type where it has one. Default `true`. */
  nativeEnum?: boolean;
  /** Add a CHECK constraint where the enum is emulated as VARCHAR. Default `false`. */
  createConstraint?: boolean;
  length?: number;
  schema?: string;
}

/** One of a fixed set of strings. */
export class EnumType<E extends string = string> extends TypeEngine<E> {
  readonly visitName: string = "enum";
  readonly affinity: TypeAffinity = "enum";
  readonly name: string | undefined;
  readonly nativeEnum: boolean;
  readonly createConstraint: boolean;
  readonly length: number;
  readonly schema: string | undefined;
  constructor(
    readonly enums: readonly E[],
    options: EnumOptions = {},
  ) {
    super();
    this.name = options.name;
    this.nativeEnum = options.nativeEnum ?? true;
    this.createConstraint = options.createConstraint ?? false;
    this.length = options.length ?? Math.max(0, ...enums.map((e) => e.length));
    this.schema = options.schema;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.enums, this.name, this.nativeEnum, this.length];
  }
  override get concatenable(): boolean {
    return true;
  }
  override literalProcessor(dialect: Dialect): LiteralProcessor {
    return (v) => quoteString(v, dialect.backslashEscapes);
  }
}

/** Arrays of another type (native on PostgreSQL). */
export class ARRAYType<T = unknown> extends TypeEngine<T[]> {
  readonly visitName: string = "ARRAY";
  readonly affinity: TypeAffinity = "array";
  readonly itemType: TypeEngine<T>;
  constructor(
    itemType: TypeEngine<T> | (() => TypeEngine<T>),
    readonly dimensions?: number,
  ) {
    super();
    this.itemType = typeof itemType === "function" ? itemType() : itemType;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.itemType.cacheKey(), this.dimensions];
  }
}

/** The type of a tuple of expressions, `tuple_(a, b)`. */
export class TupleType extends TypeEngine<unknown[]> {
  readonly visitName = "tuple";
  readonly affinity: TypeAffinity = "tuple";
  constructor(readonly types: readonly TypeEngine<unknown>[]) {
    super();
  }
  protected override keyArgs(): readonly unknown[] {
    return this.types.map((t) => t.cacheKey());
  }
}

/** The boolean type of a full-text MATCH. */
export class MatchType extends BooleanType {
  override readonly visitName: string = "boolean";
}

// --- SQL standard (UPPERCASE) types: render exactly their name -------------------------

function upper<C extends abstract new (...a: any[]) => TypeEngine<any>>(Base: C, name: string): C {
  // A subclass whose visit name is the SQL name itself, as SQLAlchemy's UPPERCASE types.
  abstract class Upper extends (Base as any) {
    readonly visitName: string = name;
  }
  Object.defineProperty(Upper, "name", { value: `${name}Type` });
  return Upper as unknown as C;
}

export const INTEGERType = upper(IntegerType, "INTEGER") as typeof IntegerType;
export const SMALLINTType = upper(SmallIntegerType, "SMALLINT") as typeof SmallIntegerType;
export const BIGINTType = upper(BigIntegerType, "BIGINT") as typeof BigIntegerType;
export const NUMERICType = upper(NumericType, "NUMERIC") as typeof NumericType;
export const DECIMALType = upper(NumericType, "DECIMAL") as typeof NumericType;
export const FLOATType = upper(FloatType, "FLOAT") as typeof FloatType;
export const REALType = upper(FloatType, "REAL") as typeof FloatType;
export const DOUBLEType = upper(DoubleType, "DOUBLE") as typeof DoubleType;
export const DOUBLE_PRECISIONType = upper(DoubleType, "DOUBLE_PRECISION") as typeof DoubleType;
export const VARCHARType = upper(StringType, "VARCHAR") as typeof StringType;
export const CHARType = upper(StringType, "CHAR") as typeof StringType;
export const NVARCHARType = upper(UnicodeType, "NVARCHAR") as typeof UnicodeType;
export const NCHARType = upper(UnicodeType, "NCHAR") as typeof UnicodeType;
export const TEXTType = upper(TextType, "TEXT") as typeof TextType;
export const CLOBType = upper(TextType, "CLOB") as typeof TextType;
export const BOOLEANType = upper(BooleanType, "BOOLEAN") as typeof BooleanType;
export const DATEType = upper(DateType, "DATE") as typeof DateType;
export const DATETIMEType = upper(DateTimeType, "DATETIME") as typeof DateTimeType;
export const TIMESTAMPType = upper(DateTimeType, "TIMESTAMP") as typeof DateTimeType;
export const TIMEType = upper(TimeType, "TIME") as typeof TimeType;
export const BLOBType = upper(LargeBinaryType, "BLOB") as typeof LargeBinaryType;
export const BINARYType = upper(LargeBinaryType, "BINARY") as typeof LargeBinaryType;
export const VARBINARYType = upper(LargeBinaryType, "VARBINARY") as typeof LargeBinaryType;
export const UUIDType = upper(UuidType, "UUID") as typeof UuidType;
