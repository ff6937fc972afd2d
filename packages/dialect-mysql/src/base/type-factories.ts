/**
 * Factories of the MySQL types, named by their SQL names as SQLAlchemy's
 * `sqlalchemy.dialects.mysql` types are: callable with arguments, or passed
 * bare (`new Column(mysql.TINYTEXT)`).
 *
 * @example
 * ```ts
 * new Column(mysql.TINYINT({ unsigned: true }));
 * new Column(mysql.VARCHAR(100, { charset: "utf8mb4", collation: "utf8mb4_bin" }));
 * new Column(mysql.ENUM(["small", "large"]));
 * ```
 */
import * as t from "./types.js";

function intOptions(
  widthOrOptions?: number | t.MySQLIntegerOptions,
  options?: t.MySQLIntegerOptions,
): t.MySQLIntegerOptions {
  return typeof widthOrOptions === "number"
    ? { ...options, displayWidth: widthOrOptions }
    : (widthOrOptions ?? options ?? {});
}

/** `INTEGER`: `INTEGER(11)`, `INTEGER({ unsigned: true })`, `INTEGER(11, { zerofill: true })`. */
export const INTEGER = (widthOrOptions?: number | t.MySQLIntegerOptions, options?: t.MySQLIntegerOptions) =>
  new t.INTEGERType(intOptions(widthOrOptions, options));
/** `TINYINT`, 8 bits: `TINYINT({ unsigned: true })`, `TINYINT(1)`. */
export const TINYINT = (widthOrOptions?: number | t.MySQLIntegerOptions, options?: t.MySQLIntegerOptions) =>
  new t.TINYINTType(intOptions(widthOrOptions, options));
/** `SMALLINT`, 16 bits. */
export const SMALLINT = (widthOrOptions?: number | t.MySQLIntegerOptions, options?: t.MySQLIntegerOptions) =>
  new t.SMALLINTType(intOptions(widthOrOptions, options));
/** `MEDIUMINT`, 24 bits. */
export const MEDIUMINT = (widthOrOptions?: number | t.MySQLIntegerOptions, options?: t.MySQLIntegerOptions) =>
  new t.MEDIUMINTType(intOptions(widthOrOptions, options));
/** `BIGINT`, 64 bits. */
export const BIGINT = (widthOrOptions?: number | t.MySQLIntegerOptions, options?: t.MySQLIntegerOptions) =>
  new t.BIGINTType(intOptions(widthOrOptions, options));

/** `NUMERIC(precision, scale)`, with `{ unsigned, zerofill, asDecimal }`. */
export const NUMERIC = (precision?: number, scale?: number, options?: t.MySQLDecimalOptions) =>
  new t.NUMERICType(precision, scale, options);
/** `DECIMAL(precision, scale)`, with `{ unsigned, zerofill, asDecimal }`. */
export const DECIMAL = (precision?: number, scale?: number, options?: t.MySQLDecimalOptions) =>
  new t.DECIMALType(precision, scale, options);
/** `FLOAT`, `FLOAT(p)`, `FLOAT(p, s)`. */
export const FLOAT = (precision?: number, scale?: number, options?: t.MySQLNumericOptions) =>
  new t.FLOATType(precision, scale, options);
/** `REAL`, `REAL(p, s)`. */
export const REAL = (precision?: number, scale?: number, options?: t.MySQLNumericOptions) =>
  new t.REALType(precision, scale, options);
/** `DOUBLE`, `DOUBLE(p, s)`. */
export const DOUBLE = (precision?: number, scale?: number, options?: t.MySQLNumericOptions) =>
  new t.DOUBLEType(precision, scale, options);
/** `BIT`, `BIT(n)`. */
export const BIT = (length?: number) => new t.BITType(length);
/** `YEAR`, `YEAR(4)`. */
export const YEAR = (displayWidth?: number) => new t.YEARType(displayWidth);

/** `DATETIME`, `DATETIME({ fsp: 6 })`. */
export const DATETIME = (options?: t.MySQLDateTimeOptions) => new t.DATETIMEType(options);
/** `TIMESTAMP`, `TIMESTAMP({ fsp: 6 })`. */
export const TIMESTAMP = (options?: t.MySQLDateTimeOptions) => new t.TIMESTAMPType(options);
/** `TIME`, `TIME({ fsp: 3 })`. */
export const TIME = (options?: t.MySQLDateTimeOptions) => new t.TIMEType(options);

/** `VARCHAR(n)` with `{ charset, collation, ascii, unicode, binary, national }`. */
export const VARCHAR = (length?: number, options?: t.MySQLStringOptions) =>
  new t.VARCHARType(length, options);
/** `CHAR(n)` with the string options. */
export const CHAR = (length?: number, options?: t.MySQLStringOptions) => new t.CHARType(length, options);
/** `NATIONAL VARCHAR(n)`. */
export const NVARCHAR = (length?: number, options?: t.MySQLStringOptions) =>
  new t.NVARCHARType(length, options);
/** `NATIONAL CHAR(n)`. */
export const NCHAR = (length?: number, options?: t.MySQLStringOptions) => new t.NCHARType(length, options);
/** `TEXT`, `TEXT(n)`, with the string options. */
export const TEXT = (length?: number, options?: t.MySQLStringOptions) => new t.TEXTType(length, options);
/** `TINYTEXT`. */
export const TINYTEXT = (options?: t.MySQLStringOptions) => new t.TINYTEXTType(undefined, options);
/** `MEDIUMTEXT`. */
export const MEDIUMTEXT = (options?: t.MySQLStringOptions) => new t.MEDIUMTEXTType(undefined, options);
/** `LONGTEXT`. */
export const LONGTEXT = (options?: t.MySQLStringOptions) => new t.LONGTEXTType(undefined, options);
/** `ENUM('a','b')`: `ENUM(["a", "b"], { charset })`. */
export const ENUM = <const E extends string>(enums: readonly E[], options?: t.MySQLEnumOptions) =>
  new t.ENUMType<E>(enums, options);
/** `SET('a','b')`. */
export const SET = (values: readonly string[], options?: t.MySQLStringOptions) =>
  new t.SETType(values, options);

/** `TINYBLOB`. */
export const TINYBLOB = () => new t.TINYBLOBType();
/** `MEDIUMBLOB`. */
export const MEDIUMBLOB = () => new t.MEDIUMBLOBType();
/** `LONGBLOB`. */
export const LONGBLOB = () => new t.LONGBLOBType();

/** MariaDB's `INET4`. */
export const INET4 = () => new t.INET4Type();
/** MariaDB's `INET6`. */
export const INET6 = () => new t.INET6Type();
