/**
 * SQL Server's own types, each exported as a class and as a factory callable
 * bare or with arguments (`DATETIME2`, `DATETIME2(3)`).
 */
import {
  BooleanType,
  DateTimeType,
  type Dialect,
  FloatType,
  IntegerType,
  LargeBinaryType,
  type LiteralProcessor,
  TextType,
  TimeType,
  type TypeAffinity,
  TypeEngine,
  UnicodeTextType,
  UnicodeType,
  UuidType,
} from "@athanor/core";

/** `N'...'`: a national (Unicode) string literal. */
function nationalLiteral(dialect: Dialect): LiteralProcessor {
  return (v) => `N${dialect.renderLiteral(String(v))}`;
}

/** `Unicode` on SQL Server: literals are written `N'...'`. */
export class MSSQLUnicodeType extends UnicodeType {
  override literalProcessor(dialect: Dialect): LiteralProcessor {
    return nationalLiteral(dialect);
  }
}

/** `UnicodeText` on SQL Server: literals are written `N'...'`. */
export class MSSQLUnicodeTextType extends UnicodeTextType {
  override literalProcessor(dialect: Dialect): LiteralProcessor {
    return nationalLiteral(dialect);
  }
}

/** `BIT`, SQL Server's boolean. */
export class BITType extends BooleanType {
  override readonly visitName: string = "BIT";
}

/** `TINYINT`, 0 to 255. */
export class TINYINTType extends IntegerType {
  override readonly visitName: string = "TINYINT";
}

/** `REAL`. */
export class MSSQLREALType extends FloatType {
  override readonly visitName: string = "REAL";
}

/** `DOUBLE PRECISION`. */
export class MSSQLDOUBLE_PRECISIONType extends FloatType {
  override readonly visitName: string = "DOUBLE_PRECISION";
}

/** A date-time type with a fractional-seconds precision. */
abstract class PrecisionDateTime extends DateTimeType {
  readonly precision: number | undefined;
  constructor(precision?: number, timezone = false) {
    super({ timezone });
    this.precision = precision;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.timezone, this.precision];
  }
}

/** `DATETIME2[(p)]`. */
export class DATETIME2Type extends PrecisionDateTime {
  override readonly visitName: string = "DATETIME2";
}

/** `DATETIMEOFFSET[(p)]`: a date-time with its UTC offset. */
export class DATETIMEOFFSETType extends PrecisionDateTime {
  override readonly visitName: string = "DATETIMEOFFSET";
  constructor(precision?: number) {
    super(precision, true);
  }
}

/** `SMALLDATETIME`, minute precision. */
export class SMALLDATETIMEType extends DateTimeType {
  override readonly visitName: string = "SMALLDATETIME";
}

/** `TIME[(p)]`. */
export class MSSQLTIMEType extends TimeType {
  override readonly visitName: string = "TIME";
  readonly precision: number | undefined;
  constructor(precision?: number) {
    super();
    this.precision = precision;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.timezone, this.precision];
  }
}

/** `UNIQUEIDENTIFIER`, SQL Server's UUID. */
export class UNIQUEIDENTIFIERType extends UuidType {
  override readonly visitName: string = "UNIQUEIDENTIFIER";
}

/** `MONEY`, as a decimal string. */
export class MONEYType extends TypeEngine<string> {
  readonly visitName: string = "MONEY";
  readonly affinity: TypeAffinity = "numeric";
}

/** `SMALLMONEY`, as a decimal string. */
export class SMALLMONEYType extends TypeEngine<string> {
  readonly visitName: string = "SMALLMONEY";
  readonly affinity: TypeAffinity = "numeric";
}

/** `NTEXT`, the deprecated national text type. */
export class NTEXTType extends UnicodeTextType {
  override readonly visitName: string = "NTEXT";
}

/** `XML`. */
export class XMLType extends TextType {
  override readonly visitName: string = "XML";
}

/** `IMAGE`, the deprecated large binary type. */
export class IMAGEType extends LargeBinaryType {
  override readonly visitName: string = "IMAGE";
}

/** `VARBINARY(n | max) [FILESTREAM]`. */
export class MSSQLVARBINARYType extends LargeBinaryType {
  override readonly visitName: string = "VARBINARY";
  readonly filestream: boolean;
  constructor(length?: number, options: { filestream?: boolean } = {}) {
    super(length);
    this.filestream = options.filestream ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.length, this.filestream];
  }
}

/** `ROWVERSION` (alias `TIMESTAMP` on SQL Server): a row's change counter, as bytes. */
export class ROWVERSIONType extends LargeBinaryType {
  override readonly visitName: string = "ROWVERSION";
}

/** `SQL_VARIANT`. */
export class SQL_VARIANTType extends TypeEngine<unknown> {
  readonly visitName: string = "SQL_VARIANT";
  readonly affinity: TypeAffinity = "other";
}

/** `BIT`. */
export const BIT = (): BITType => new BITType();
/** `TINYINT`. */
export const TINYINT = (): TINYINTType => new TINYINTType();
/** `REAL`. */
export const REAL = (): MSSQLREALType => new MSSQLREALType();
/** `DOUBLE PRECISION`. */
export const DOUBLE_PRECISION = (): MSSQLDOUBLE_PRECISIONType => new MSSQLDOUBLE_PRECISIONType();
/** `DATETIME2`, `DATETIME2(3)`. */
export const DATETIME2 = (precision?: number): DATETIME2Type => new DATETIME2Type(precision);
/** `DATETIMEOFFSET`, `DATETIMEOFFSET(3)`. */
export const DATETIMEOFFSET = (precision?: number): DATETIMEOFFSETType => new DATETIMEOFFSETType(precision);
/** `SMALLDATETIME`. */
export const SMALLDATETIME = (): SMALLDATETIMEType => new SMALLDATETIMEType();
/** `TIME`, `TIME(3)`. */
export const TIME = (precision?: number): MSSQLTIMEType => new MSSQLTIMEType(precision);
/** `UNIQUEIDENTIFIER`. */
export const UNIQUEIDENTIFIER = (): UNIQUEIDENTIFIERType => new UNIQUEIDENTIFIERType();
/** `MONEY`. */
export const MONEY = (): MONEYType => new MONEYType();
/** `SMALLMONEY`. */
export const SMALLMONEY = (): SMALLMONEYType => new SMALLMONEYType();
/** `NTEXT`. */
export const NTEXT = (): NTEXTType => new NTEXTType();
/** `XML`. */
export const XML = (): XMLType => new XMLType();
/** `IMAGE`. */
export const IMAGE = (): IMAGEType => new IMAGEType();
/** `VARBINARY(n)`, `VARBINARY` (max), `VARBINARY(undefined, { filestream: true })`. */
export const VARBINARY = (length?: number, options?: { filestream?: boolean }): MSSQLVARBINARYType =>
  new MSSQLVARBINARYType(length, options);
/** `ROWVERSION`. */
export const ROWVERSION = (): ROWVERSIONType => new ROWVERSIONType();
/** `SQL_VARIANT`. */
export const SQL_VARIANT = (): SQL_VARIANTType => new SQL_VARIANTType();
