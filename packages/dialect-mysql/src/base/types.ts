/**
 * MySQL's own types and MySQL's forms of the standard ones: integers with a
 * display width, `UNSIGNED` and `ZEROFILL`; strings with a character set;
 * `TINYTEXT` .. `LONGTEXT`, `TINYBLOB` .. `LONGBLOB`; fractional seconds on
 * `DATETIME` / `TIME` / `TIMESTAMP`; `YEAR`, `BIT`, native `ENUM` and `SET`;
 * MariaDB's `INET4` / `INET6`.
 *
 * Each class has a factory of its SQL name in `types-factories.ts`.
 */
import {
  BigIntegerType,
  DateTimeType,
  DoubleType,
  type EnumOptions,
  EnumType,
  FloatType,
  IntegerType,
  LargeBinaryType,
  type NumericOptions,
  NumericType,
  type StringOptions,
  StringType,
  TextType,
  TimeType,
  type TypeAffinity,
  TypeEngine,
  UnicodeType,
} from "@athanor/core";

/** `UNSIGNED` and `ZEROFILL`, on every MySQL numeric type. */
export interface MySQLNumericOptions {
  /** Render `UNSIGNED`. */
  unsigned?: boolean;
  /** Render `ZEROFILL` (MySQL then also treats the column as unsigned). */
  zerofill?: boolean;
}

/** Options of MySQL's integer types. */
export interface MySQLIntegerOptions extends MySQLNumericOptions {
  /** The display width, `INTEGER(11)` (deprecated by MySQL 8.0.17, still accepted). */
  displayWidth?: number;
}

/** Options of MySQL's exact and approximate numeric types. */
export interface MySQLDecimalOptions extends MySQLNumericOptions, NumericOptions {}

/** Character set and collation options of MySQL's string types. */
export interface MySQLStringOptions extends StringOptions {
  /** `CHARACTER SET <charset>`. */
  charset?: string;
  /** `ASCII`: shorthand for the `latin1` character set. */
  ascii?: boolean;
  /** `UNICODE`: shorthand for the `ucs2` character set. */
  unicode?: boolean;
  /** `BINARY`: the binary collation of the character set. */
  binary?: boolean;
  /** `NATIONAL`: the server's national character set (it wins over `charset`). */
  national?: boolean;
}

/** Options of `DATETIME`, `TIME` and `TIMESTAMP`. */
export interface MySQLDateTimeOptions {
  timezone?: boolean;
  /** Fractional seconds precision, `DATETIME(6)`. */
  fsp?: number;
}

/** A MySQL numeric type: the fields `UNSIGNED` and `ZEROFILL` come from. */
export interface MySQLNumericLike {
  readonly unsigned: boolean;
  readonly zerofill: boolean;
}

/** A MySQL string type: the fields its `CHARACTER SET` / `COLLATE` come from. */
export interface MySQLStringLike {
  readonly length?: number | undefined;
  readonly collation: string | undefined;
  readonly charset: string | undefined;
  readonly ascii: boolean;
  readonly unicode: boolean;
  readonly binary: boolean;
  readonly national: boolean;
}

/** Whether `type` is one of this package's numeric types. */
export function isMySQLNumeric(type: unknown): type is MySQLNumericLike {
  return (
    type instanceof MySQLIntegerBase ||
    type instanceof BIGINTType ||
    type instanceof MySQLNumericBase ||
    type instanceof MySQLFloatBase ||
    type instanceof DOUBLEType
  );
}

/** Whether `type` is one of this package's string types. */
export function isMySQLString(type: unknown): type is MySQLStringLike {
  return (
    type instanceof MySQLStringBase ||
    type instanceof MySQLTextBase ||
    type instanceof NVARCHARType ||
    type instanceof ENUMType ||
    type instanceof SETType
  );
}

// --- integers ------------------------------------------------------------------------

/** The common base of MySQL's integer types. */
export abstract class MySQLIntegerBase extends IntegerType implements MySQLNumericLike {
  readonly displayWidth: number | undefined;
  readonly unsigned: boolean;
  readonly zerofill: boolean;
  constructor(options: MySQLIntegerOptions = {}) {
    super();
    this.displayWidth = options.displayWidth;
    this.unsigned = options.unsigned ?? false;
    this.zerofill = options.zerofill ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.displayWidth, this.unsigned, this.zerofill];
  }
}

/** `INTEGER[(width)] [UNSIGNED] [ZEROFILL]`. */
export class INTEGERType extends MySQLIntegerBase {
  override readonly visitName: string = "INTEGER";
}
/** `SMALLINT`: 16-bit integers. */
export class SMALLINTType extends MySQLIntegerBase {
  override readonly visitName: string = "SMALLINT";
}
/** `MEDIUMINT`: 24-bit integers. */
export class MEDIUMINTType extends MySQLIntegerBase {
  override readonly visitName: string = "MEDIUMINT";
}
/** `TINYINT`: 8-bit integers (`TINYINT(1)` is what MySQL calls BOOL). */
export class TINYINTType extends MySQLIntegerBase {
  override readonly visitName: string = "TINYINT";
}

/** `BIGINT[(width)] [UNSIGNED] [ZEROFILL]`: 64-bit integers, `bigint` in TypeScript. */
export class BIGINTType extends BigIntegerType implements MySQLNumericLike {
  override readonly visitName: string = "BIGINT";
  readonly displayWidth: number | undefined;
  readonly unsigned: boolean;
  readonly zerofill: boolean;
  constructor(options: MySQLIntegerOptions = {}) {
    super();
    this.displayWidth = options.displayWidth;
    this.unsigned = options.unsigned ?? false;
    this.zerofill = options.zerofill ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.displayWidth, this.unsigned, this.zerofill];
  }
}

// --- exact and approximate numbers ----------------------------------------------------

/** The common base of `NUMERIC` and `DECIMAL`. */
export abstract class MySQLNumericBase extends NumericType implements MySQLNumericLike {
  readonly unsigned: boolean;
  readonly zerofill: boolean;
  constructor(precision?: number, scale?: number, options: MySQLDecimalOptions = {}) {
    super(precision, scale, options);
    this.unsigned = options.unsigned ?? false;
    this.zerofill = options.zerofill ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [...super.keyArgs(), this.unsigned, this.zerofill];
  }
}
/** `NUMERIC(p, s) [UNSIGNED] [ZEROFILL]`. */
export class NUMERICType extends MySQLNumericBase {
  override readonly visitName: string = "NUMERIC";
}
/** `DECIMAL(p, s) [UNSIGNED] [ZEROFILL]`. */
export class DECIMALType extends MySQLNumericBase {
  override readonly visitName: string = "DECIMAL";
}

/** The common base of `FLOAT` and `REAL`: an optional precision and scale. */
export abstract class MySQLFloatBase extends FloatType implements MySQLNumericLike {
  readonly scale: number | undefined;
  readonly unsigned: boolean;
  readonly zerofill: boolean;
  constructor(precision?: number, scale?: number, options: MySQLNumericOptions = {}) {
    super(precision);
    this.scale = scale;
    this.unsigned = options.unsigned ?? false;
    this.zerofill = options.zerofill ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.precision, this.scale, this.unsigned, this.zerofill];
  }
}
/** `FLOAT[(p[, s])] [UNSIGNED] [ZEROFILL]`. */
export class FLOATType extends MySQLFloatBase {
  override readonly visitName: string = "FLOAT";
}
/** `REAL[(p, s)]` (a synonym of DOUBLE unless `REAL_AS_FLOAT` is set). */
export class REALType extends MySQLFloatBase {
  override readonly visitName: string = "REAL";
}
/** `DOUBLE[(p, s)] [UNSIGNED] [ZEROFILL]`. */
export class DOUBLEType extends DoubleType implements MySQLNumericLike {
  override readonly visitName: string = "DOUBLE";
  readonly scale: number | undefined;
  readonly unsigned: boolean;
  readonly zerofill: boolean;
  constructor(precision?: number, scale?: number, options: MySQLNumericOptions = {}) {
    super(precision);
    this.scale = scale;
    this.unsigned = options.unsigned ?? false;
    this.zerofill = options.zerofill ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.precision, this.scale, this.unsigned, this.zerofill];
  }
}

/** `BIT(n)`: a bit field of 1 to 64 bits, a number in TypeScript. */
export class BITType extends TypeEngine<number | bigint> {
  readonly visitName: string = "BIT";
  readonly affinity: TypeAffinity = "other";
  constructor(readonly length?: number) {
    super();
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.length];
  }
}

/** `YEAR[(width)]`: a year, 1901 to 2155. */
export class YEARType extends TypeEngine<number> {
  readonly visitName: string = "YEAR";
  readonly affinity: TypeAffinity = "other";
  constructor(readonly displayWidth?: number) {
    super();
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.displayWidth];
  }
}

// --- dates and times ---------------------------------------------------------------------

/** `DATETIME[(fsp)]`. */
export class DATETIMEType extends DateTimeType {
  override readonly visitName: string = "DATETIME";
  readonly fsp: number | undefined;
  constructor(options: MySQLDateTimeOptions = {}) {
    super(options.timezone === undefined ? {} : { timezone: options.timezone });
    this.fsp = options.fsp;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.timezone, this.fsp];
  }
}
/** `TIMESTAMP[(fsp)]`; a nullable TIMESTAMP column is declared `NULL` explicitly in DDL. */
export class TIMESTAMPType extends DateTimeType {
  override readonly visitName: string = "TIMESTAMP";
  readonly fsp: number | undefined;
  constructor(options: MySQLDateTimeOptions = {}) {
    super(options.timezone === undefined ? {} : { timezone: options.timezone });
    this.fsp = options.fsp;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.timezone, this.fsp];
  }
}
/** `TIME[(fsp)]`. */
export class TIMEType extends TimeType {
  override readonly visitName: string = "TIME";
  readonly fsp: number | undefined;
  constructor(options: MySQLDateTimeOptions = {}) {
    super(options.timezone === undefined ? {} : { timezone: options.timezone });
    this.fsp = options.fsp;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.timezone, this.fsp];
  }
}

// --- strings ---------------------------------------------------------------------------

/** The common base of `VARCHAR` and `CHAR`. */
export abstract class MySQLStringBase extends StringType implements MySQLStringLike {
  readonly charset: string | undefined;
  readonly ascii: boolean;
  readonly unicode: boolean;
  readonly binary: boolean;
  readonly national: boolean;
  constructor(length?: number, options: MySQLStringOptions = {}) {
    super(length, options.collation === undefined ? {} : { collation: options.collation });
    this.charset = options.charset;
    this.ascii = options.ascii ?? false;
    this.unicode = options.unicode ?? false;
    this.binary = options.binary ?? false;
    this.national = options.national ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [...super.keyArgs(), this.charset, this.ascii, this.unicode, this.binary, this.national];
  }
}
/** `VARCHAR(n) [CHARACTER SET cs] [COLLATE c]`; MySQL requires the length. */
export class VARCHARType extends MySQLStringBase {
  override readonly visitName: string = "VARCHAR";
}
/** `CHAR[(n)] [CHARACTER SET cs] [COLLATE c]`. */
export class CHARType extends MySQLStringBase {
  override readonly visitName: string = "CHAR";
}

/** `NATIONAL VARCHAR(n)`: a VARCHAR in the server's national character set. */
export class NVARCHARType extends UnicodeType implements MySQLStringLike {
  override readonly visitName: string = "NVARCHAR";
  readonly charset: string | undefined = undefined;
  readonly ascii = false;
  readonly unicode = false;
  readonly binary: boolean;
  readonly national = true;
  constructor(length?: number, options: MySQLStringOptions = {}) {
    super(length, options.collation === undefined ? {} : { collation: options.collation });
    this.binary = options.binary ?? false;
  }
}
/** `NATIONAL CHAR(n)`. */
export class NCHARType extends NVARCHARType {
  override readonly visitName: string = "NCHAR";
}

/** The common base of MySQL's TEXT types. */
export abstract class MySQLTextBase extends TextType implements MySQLStringLike {
  readonly charset: string | undefined;
  readonly ascii: boolean;
  readonly unicode: boolean;
  readonly binary: boolean;
  readonly national: boolean;
  constructor(length?: number, options: MySQLStringOptions = {}) {
    super(length, options.collation === undefined ? {} : { collation: options.collation });
    this.charset = options.charset;
    this.ascii = options.ascii ?? false;
    this.unicode = options.unicode ?? false;
    this.binary = options.binary ?? false;
    this.national = options.national ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [...super.keyArgs(), this.charset, this.ascii, this.unicode, this.binary, this.national];
  }
}
/** `TEXT[(n)]`: up to 64 KiB (a length makes MySQL pick the smallest TEXT type that fits). */
export class TEXTType extends MySQLTextBase {
  override readonly visitName: string = "TEXT";
}
/** `TINYTEXT`: up to 255 bytes. */
export class TINYTEXTType extends MySQLTextBase {
  override readonly visitName: string = "TINYTEXT";
}
/** `MEDIUMTEXT`: up to 16 MiB. */
export class MEDIUMTEXTType extends MySQLTextBase {
  override readonly visitName: string = "MEDIUMTEXT";
}
/** `LONGTEXT`: up to 4 GiB. */
export class LONGTEXTType extends MySQLTextBase {
  override readonly visitName: string = "LONGTEXT";
}

/** Options of MySQL's `ENUM`: those of the generic Enum and of the string types. */
export interface MySQLEnumOptions extends EnumOptions, MySQLStringOptions {}

/** `ENUM('a','b')`: MySQL's native enumeration (the generic `Enum` renders it too). */
export class ENUMType<E extends string = string> extends EnumType<E> implements MySQLStringLike {
  override readonly visitName: string = "ENUM";
  readonly collation: string | undefined;
  readonly charset: string | undefined;
  readonly ascii: boolean;
  readonly unicode: boolean;
  readonly binary: boolean;
  readonly national: boolean;
  constructor(enums: readonly E[], options: MySQLEnumOptions = {}) {
    super(enums, options);
    this.collation = options.collation;
    this.charset = options.charset;
    this.ascii = options.ascii ?? false;
    this.unicode = options.unicode ?? false;
    this.binary = options.binary ?? false;
    this.national = options.national ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [...super.keyArgs(), this.collation, this.charset, this.binary];
  }
}

/** `SET('a','b')`: any subset of the values, as MySQL's comma-separated string. */
export class SETType extends StringType implements MySQLStringLike {
  override readonly visitName: string = "SET";
  readonly charset: string | undefined;
  readonly ascii: boolean;
  readonly unicode: boolean;
  readonly binary: boolean;
  readonly national: boolean;
  constructor(
    readonly values: readonly string[],
    options: MySQLStringOptions = {},
  ) {
    super(
      Math.max(0, ...values.map((v) => v.length)),
      options.collation === undefined ? {} : { collation: options.collation },
    );
    this.charset = options.charset;
    this.ascii = options.ascii ?? false;
    this.unicode = options.unicode ?? false;
    this.binary = options.binary ?? false;
    this.national = options.national ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.values, this.collation, this.charset, this.binary];
  }
}

// --- binary ------------------------------------------------------------------------------

/** `TINYBLOB`: up to 255 bytes. */
export class TINYBLOBType extends LargeBinaryType {
  override readonly visitName: string = "TINYBLOB";
}
/** `MEDIUMBLOB`: up to 16 MiB. */
export class MEDIUMBLOBType extends LargeBinaryType {
  override readonly visitName: string = "MEDIUMBLOB";
}
/** `LONGBLOB`: up to 4 GiB. */
export class LONGBLOBType extends LargeBinaryType {
  override readonly visitName: string = "LONGBLOB";
}

// --- MariaDB -------------------------------------------------------------------------------

/** MariaDB's `INET4` (10.10+): an IPv4 address, as a string. */
export class INET4Type extends TypeEngine<string> {
  readonly visitName: string = "INET4";
  readonly affinity: TypeAffinity = "other";
}
/** MariaDB's `INET6` (10.5+): an IPv6 address, as a string. */
export class INET6Type extends TypeEngine<string> {
  readonly visitName: string = "INET6";
  readonly affinity: TypeAffinity = "other";
}
