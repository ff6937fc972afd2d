/**
 * Factories named after SQLAlchemy's types, so a column reads as it does in
 * Python: `new Column(Integer)`, `new Column(String(30))`, `Numeric(10, 2)`.
 * Each may be passed bare (it is then called with no arguments).
 *
 * Note: `String`, `Boolean`, `Date` and `JSON` shadow JavaScript globals in a
 * module that imports them; import them under another name where that matters
 * (`import { Date as SqlDate } from "@athanor/core"`).
 */
import * as t from "./sqltypes.js";

export const Integer = (): t.IntegerType => new t.IntegerType();
export const SmallInteger = (): t.SmallIntegerType => new t.SmallIntegerType();
export const BigInteger = (): t.BigIntegerType => new t.BigIntegerType();
export const Numeric = (precision?: number, scale?: number, options?: t.NumericOptions): t.NumericType =>
  new t.NumericType(precision, scale, options);
export const Float = (precision?: number): t.FloatType => new t.FloatType(precision);
export const Double = (): t.DoubleType => new t.DoubleType();
export const String = (length?: number, options?: t.StringOptions): t.StringType =>
  new t.StringType(length, options);
export const Text = (length?: number, options?: t.StringOptions): t.TextType =>
  new t.TextType(length, options);
export const Unicode = (length?: number, options?: t.StringOptions): t.UnicodeType =>
  new t.UnicodeType(length, options);
export const UnicodeText = (length?: number, options?: t.StringOptions): t.UnicodeTextType =>
  new t.UnicodeTextType(length, options);
export const Boolean = (createConstraint?: boolean, name?: string): t.BooleanType =>
  new t.BooleanType(createConstraint, name);
export const DateTime = (options?: t.DateTimeOptions): t.DateTimeType => new t.DateTimeType(options);
export const Date = (): t.DateType => new t.DateType();
export const Time = (options?: t.DateTimeOptions): t.TimeType => new t.TimeType(options);
export const Interval = (nativeInterval?: boolean, secondPrecision?: number, dayPrecision?: number) =>
  new t.IntervalType(nativeInterval, secondPrecision, dayPrecision);
export const LargeBinary = (length?: number): t.LargeBinaryType => new t.LargeBinaryType(length);
export const JSON = <T = unknown>(options: { noneAsNull?: boolean } = {}): t.JSONType<T> =>
  new t.JSONType<T>(options.noneAsNull);
/** UUIDs; `{ asUuid: false }` keeps SQLAlchemy's spelling for string values (ours always are), `nativeUuid` as there. */
export const Uuid = (options: { asUuid?: boolean; nativeUuid?: boolean } = {}): t.UuidType =>
  new t.UuidType(options.nativeUuid);
/** `Enum(["draft", "published"], { name: "status" })`. */
export const Enum = <const E extends string>(enums: readonly E[], options?: t.EnumOptions): t.EnumType<E> =>
  new t.EnumType(enums, options);
export const ARRAY = <T>(
  itemType: t.TypeEngineLike<T>,
  options: { dimensions?: number } = {},
): t.ARRAYType<T> => new t.ARRAYType(itemType, options.dimensions);

export const INTEGER = (): t.IntegerType => new t.INTEGERType();
export const SMALLINT = (): t.SmallIntegerType => new t.SMALLINTType();
export const BIGINT = (): t.BigIntegerType => new t.BIGINTType();
export const NUMERIC = (precision?: number, scale?: number, options?: t.NumericOptions): t.NumericType =>
  new t.NUMERICType(precision, scale, options);
export const DECIMAL = (precision?: number, scale?: number, options?: t.NumericOptions): t.NumericType =>
  new t.DECIMALType(precision, scale, options);
export const FLOAT = (precision?: number): t.FloatType => new t.FLOATType(precision);
export const REAL = (precision?: number): t.FloatType => new t.REALType(precision);
export const DOUBLE = (): t.DoubleType => new t.DOUBLEType();
export const DOUBLE_PRECISION = (): t.DoubleType => new t.DOUBLE_PRECISIONType();
export const VARCHAR = (length?: number, options?: t.StringOptions): t.StringType =>
  new t.VARCHARType(length, options);
export const CHAR = (length?: number, options?: t.StringOptions): t.StringType =>
  new t.CHARType(length, options);
export const NVARCHAR = (length?: number, options?: t.StringOptions): t.UnicodeType =>
  new t.NVARCHARType(length, options);
export const NCHAR = (length?: number, options?: t.StringOptions): t.UnicodeType =>
  new t.NCHARType(length, options);
export const TEXT = (length?: number, options?: t.StringOptions): t.TextType =>
  new t.TEXTType(length, options);
export const CLOB = (length?: number, options?: t.StringOptions): t.TextType =>
  new t.CLOBType(length, options);
export const BOOLEAN = (): t.BooleanType => new t.BOOLEANType();
export const DATE = (): t.DateType => new t.DATEType();
export const DATETIME = (options?: t.DateTimeOptions): t.DateTimeType => new t.DATETIMEType(options);
export const TIMESTAMP = (options?: t.DateTimeOptions): t.DateTimeType => new t.TIMESTAMPType(options);
export const TIME = (options?: t.DateTimeOptions): t.TimeType => new t.TIMEType(options);
export const BLOB = (length?: number): t.LargeBinaryType => new t.BLOBType(length);
export const BINARY = (length?: number): t.LargeBinaryType => new t.BINARYType(length);
export const VARBINARY = (length?: number): t.LargeBinaryType => new t.VARBINARYType(length);
export const UUID = (): t.UuidType => new t.UUIDType();
