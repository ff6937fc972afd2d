/**
 * Oracle's own types, each exported as a class and as a factory callable
 * bare or with arguments (`NUMBER`, `NUMBER(10, 2)`).
 */
import {
  BooleanType,
  type DateTimeOptions,
  DateTimeType,
  type Dialect,
  FloatType,
  IntervalType,
  JSONType,
  LargeBinaryType,
  type LiteralProcessor,
  type NumericOptions,
  NumericType,
  type StringOptions,
  StringType,
  TextType,
  type TypeAffinity,
  TypeEngine,
  UnicodeType,
} from "@athanor/core";

/** Booleans as Oracle receives them inline: `1` / `0`, on every server version. */
export class OracleBooleanType extends BooleanType {
  override literalProcessor(_dialect: Dialect): LiteralProcessor {
    return (v) => (v ? "1" : "0");
  }
}

/** `NUMBER[(p[, s])]`: exact numbers; decimal strings unless the scale is 0 or absent. */
export class NUMBERType extends NumericType {
  override readonly visitName: string = "NUMBER";
  constructor(precision?: number, scale?: number, options: NumericOptions = {}) {
    super(precision, scale, {
      ...options,
      asDecimal: options.asDecimal ?? (scale !== undefined && scale > 0),
    });
  }
}

/** Options of Oracle's `FLOAT`. */
export interface OracleFloatOptions {
  /** The precision in binary digits, which is what Oracle's FLOAT takes. */
  binaryPrecision?: number;
}

/** `FLOAT[(binary precision)]`. A decimal `precision` is refused: Oracle counts bits. */
export class OracleFLOATType extends FloatType {
  override readonly visitName: string = "FLOAT";
  readonly binaryPrecision: number | undefined;
  constructor(options: OracleFloatOptions = {}) {
    super(undefined);
    this.binaryPrecision = options.binaryPrecision;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.binaryPrecision];
  }
}

/** `BINARY_DOUBLE`, IEEE double precision. */
export class BINARY_DOUBLEType extends FloatType {
  override readonly visitName: string = "BINARY_DOUBLE";
}

/** `BINARY_FLOAT`, IEEE single precision. */
export class BINARY_FLOATType extends FloatType {
  override readonly visitName: string = "BINARY_FLOAT";
}

/** `VARCHAR2(n CHAR)`. */
export class VARCHAR2Type extends StringType {
  override readonly visitName: string = "VARCHAR2";
}

/** `NVARCHAR2(n)`. */
export class NVARCHAR2Type extends UnicodeType {
  override readonly visitName: string = "NVARCHAR2";
}

/** `NCLOB`, national character large objects. */
export class NCLOBType extends TextType {
  override readonly visitName: string = "NCLOB";
}

/** `LONG`, the legacy large text type. */
export class LONGType extends TextType {
  override readonly visitName: string = "LONG";
}

/** `RAW(n)`, variable-length binary. */
export class RAWType extends LargeBinaryType {
  override readonly visitName: string = "RAW";
}

/** `BFILE`, a locator of a file outside the database. */
export class BFILEType extends LargeBinaryType {
  override readonly visitName: string = "BFILE";
}

/** Oracle's `DATE`, which holds a date and a time of day (to the second). */
export class OracleDATEType extends DateTimeType {
  override readonly visitName: string = "DATE";
}

/** Options of Oracle's `TIMESTAMP`. */
export interface OracleTimestampOptions extends DateTimeOptions {
  /** `TIMESTAMP WITH LOCAL TIME ZONE`. */
  localTimezone?: boolean;
}

/** `TIMESTAMP [WITH [LOCAL] TIME ZONE]`. */
export class OracleTIMESTAMPType extends DateTimeType {
  override readonly visitName: string = "TIMESTAMP";
  readonly localTimezone: boolean;
  constructor(options: OracleTimestampOptions = {}) {
    super(options);
    this.localTimezone = options.localTimezone ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.timezone, this.localTimezone];
  }
}

/** `INTERVAL DAY[(p)] TO SECOND[(p)]`. */
export class INTERVALType extends IntervalType {
  override readonly visitName: string = "INTERVAL";
}

/** `ROWID`, a row's physical address, as a string. */
export class ROWIDType extends TypeEngine<string> {
  readonly visitName: string = "ROWID";
  readonly affinity: TypeAffinity = "string";
}

/** Options of Oracle's `JSON`. */
export interface OracleJSONOptions {
  noneAsNull?: boolean;
  /** Store as `BLOB` rather than the native JSON type (before 21c it always is). */
  useBlob?: boolean;
}

/** JSON documents: the native `JSON` type on 21c and later, else `BLOB`. */
export class OracleJSONType<T = unknown> extends JSONType<T> {
  readonly useBlob: boolean | undefined;
  constructor(options: OracleJSONOptions = {}) {
    super(options.noneAsNull ?? false);
    this.useBlob = options.useBlob;
  }
}

/** `NUMBER`, `NUMBER(10)`, `NUMBER(10, 2)`. */
export const NUMBER = (precision?: number, scale?: number, options?: NumericOptions): NUMBERType =>
  new NUMBERType(precision, scale, options);
/** `FLOAT`, `FLOAT({ binaryPrecision: 126 })`. */
export const FLOAT = (options?: OracleFloatOptions): OracleFLOATType => new OracleFLOATType(options);
/** `BINARY_DOUBLE`. */
export const BINARY_DOUBLE = (): BINARY_DOUBLEType => new BINARY_DOUBLEType();
/** `BINARY_FLOAT`. */
export const BINARY_FLOAT = (): BINARY_FLOATType => new BINARY_FLOATType();
/** `VARCHAR2(n)`. */
export const VARCHAR2 = (length?: number, options?: StringOptions): VARCHAR2Type =>
  new VARCHAR2Type(length, options);
/** `NVARCHAR2(n)`. */
export const NVARCHAR2 = (length?: number, options?: StringOptions): NVARCHAR2Type =>
  new NVARCHAR2Type(length, options);
/** `NCLOB`. */
export const NCLOB = (): NCLOBType => new NCLOBType();
/** `LONG`. */
export const LONG = (): LONGType => new LONGType();
/** `RAW(n)`. */
export const RAW = (length?: number): RAWType => new RAWType(length);
/** `BFILE`. */
export const BFILE = (): BFILEType => new BFILEType();
/** Oracle `DATE` (date and time). */
export const DATE = (): OracleDATEType => new OracleDATEType();
/** `TIMESTAMP`, `TIMESTAMP({ timezone: true })`, `TIMESTAMP({ localTimezone: true })`. */
export const TIMESTAMP = (options?: OracleTimestampOptions): OracleTIMESTAMPType =>
  new OracleTIMESTAMPType(options);
/** `INTERVAL DAY TO SECOND`, with optional precisions. */
export const INTERVAL = (options: { dayPrecision?: number; secondPrecision?: number } = {}): INTERVALType =>
  new INTERVALType(true, options.secondPrecision, options.dayPrecision);
/** `ROWID`. */
export const ROWID = (): ROWIDType => new ROWIDType();
/** Oracle `JSON` (or `BLOB` with `useBlob`). */
export const JSON = <T = unknown>(options?: OracleJSONOptions): OracleJSONType<T> =>
  new OracleJSONType<T>(options);
