import {
  type ARRAYType,
  CompileError,
  type EnumType,
  type FloatType,
  type LargeBinaryType,
  type NumericType,
  type StringType,
  TypeCompiler,
  type TypeEngine,
} from "@athanor/core";
import { isMySQLNumeric, isMySQLString, type MySQLStringLike, type SETType } from "./types.js";

type Fsp = { readonly fsp?: number | undefined };
type Width = { readonly displayWidth?: number | undefined };
type Scale = { readonly scale?: number | undefined };

/**
 * Renders types as MySQL DDL: `UNSIGNED` / `ZEROFILL` and display widths on
 * numbers, `CHARACTER SET` / `COLLATE` (unquoted) on strings, `BOOL` for
 * booleans, native `ENUM(...)` / `SET(...)`, and `VARCHAR` only with a length.
 */
export class MySQLTypeCompiler extends TypeCompiler {
  /** Appends `UNSIGNED` and `ZEROFILL` to a MySQL numeric type. */
  protected extendNumeric(type: TypeEngine<any>, spec: string): string {
    if (!isMySQLNumeric(type)) return spec;
    let out = spec;
    if (type.unsigned) out += " UNSIGNED";
    if (type.zerofill) out += " ZEROFILL";
    return out;
  }

  /** Appends the character set and collation of a string type (`NATIONAL` wins over a charset). */
  protected extendString(type: StringType | EnumType, spec: string, national = false): string {
    const s: Partial<MySQLStringLike> = isMySQLString(type) ? type : {};
    const collationName = (type as { collation?: string | undefined }).collation;
    let charset: string | undefined;
    if (s.charset !== undefined) charset = `CHARACTER SET ${s.charset}`;
    else if (s.ascii) charset = "ASCII";
    else if (s.unicode) charset = "UNICODE";
    let collation: string | undefined;
    if (collationName !== undefined) collation = `COLLATE ${collationName}`;
    else if (s.binary) collation = "BINARY";
    const parts =
      national || s.national === true ? ["NATIONAL", spec, collation] : [spec, charset, collation];
    return parts.filter((p) => p !== undefined).join(" ");
  }

  private withPrecision(name: string, t: NumericType): string {
    if (t.precision === undefined) return name;
    return t.scale === undefined ? `${name}(${t.precision})` : `${name}(${t.precision}, ${t.scale})`;
  }

  private withWidth(name: string, t: TypeEngine<any>): string {
    const w = isMySQLNumeric(t) ? (t as Width).displayWidth : undefined;
    return this.extendNumeric(t, w === undefined ? name : `${name}(${w})`);
  }

  override visitNUMERIC(t: NumericType): string {
    return this.extendNumeric(t, this.withPrecision("NUMERIC", t));
  }
  override visitDECIMAL(t: NumericType): string {
    return this.extendNumeric(t, this.withPrecision("DECIMAL", t));
  }
  override visitDOUBLE(t: TypeEngine<any>): string {
    return this.withPrecisionAndScale("DOUBLE", t as FloatType);
  }
  override visitREAL(t: TypeEngine<any>): string {
    return this.withPrecisionAndScale("REAL", t as FloatType);
  }
  private withPrecisionAndScale(name: string, t: FloatType): string {
    const scale = (t as Scale).scale;
    if (t.precision !== undefined && scale !== undefined)
      return this.extendNumeric(t, `${name}(${t.precision}, ${scale})`);
    return this.extendNumeric(t, name);
  }
  override visitFLOAT(t: FloatType): string {
    const scale = (t as Scale).scale;
    if (isMySQLNumeric(t) && scale !== undefined && t.precision !== undefined)
      return this.extendNumeric(t, `FLOAT(${t.precision}, ${scale})`);
    if (t.precision !== undefined) return this.extendNumeric(t, `FLOAT(${t.precision})`);
    return this.extendNumeric(t, "FLOAT");
  }

  override visitINTEGER(t: TypeEngine<any>): string {
    return this.withWidth("INTEGER", t);
  }
  override visitBIGINT(t: TypeEngine<any>): string {
    return this.withWidth("BIGINT", t);
  }
  override visitSMALLINT(t: TypeEngine<any>): string {
    return this.withWidth("SMALLINT", t);
  }
  /** `MEDIUMINT[(width)]`. */
  visitMEDIUMINT(t: TypeEngine<any>): string {
    return this.withWidth("MEDIUMINT", t);
  }
  /** `TINYINT[(width)]`. */
  visitTINYINT(t: TypeEngine<any>): string {
    return this.withWidth("TINYINT", t);
  }
  /** `BIT[(n)]`. */
  visitBIT(t: TypeEngine<any>): string {
    const length = (t as { length?: number }).length;
    return length === undefined ? "BIT" : `BIT(${length})`;
  }
  /** `YEAR[(width)]`. */
  visitYEAR(t: TypeEngine<any>): string {
    const w = (t as Width).displayWidth;
    return w === undefined ? "YEAR" : `YEAR(${w})`;
  }

  override visitDATETIME(t: TypeEngine<any>): string {
    return withFsp("DATETIME", t);
  }
  override visitTIME(t: TypeEngine<any>): string {
    return withFsp("TIME", t);
  }
  override visitTIMESTAMP(t: TypeEngine<any>): string {
    return withFsp("TIMESTAMP", t);
  }

  override visitTEXT(t: StringType): string {
    return this.extendString(t, t.length === undefined ? "TEXT" : `TEXT(${t.length})`);
  }
  /** `TINYTEXT`. */
  visitTINYTEXT(t: StringType): string {
    return this.extendString(t, "TINYTEXT");
  }
  /** `MEDIUMTEXT`. */
  visitMEDIUMTEXT(t: StringType): string {
    return this.extendString(t, "MEDIUMTEXT");
  }
  /** `LONGTEXT`. */
  visitLONGTEXT(t: StringType): string {
    return this.extendString(t, "LONGTEXT");
  }
  override visitVARCHAR(t: StringType): string {
    if (t.length === undefined)
      throw new CompileError(`VARCHAR requires a length on dialect ${this.dialect.name}`);
    return this.extendString(t, `VARCHAR(${t.length})`);
  }
  override visitCHAR(t: StringType): string {
    return this.extendString(t, t.length === undefined ? "CHAR" : `CHAR(${t.length})`);
  }
  override visitNVARCHAR(t: StringType): string {
    if (t.length === undefined)
      throw new CompileError(`NVARCHAR requires a length on dialect ${this.dialect.name}`);
    return this.extendString(t, `VARCHAR(${t.length})`, true);
  }
  override visitNCHAR(t: StringType): string {
    return this.extendString(t, t.length === undefined ? "CHAR" : `CHAR(${t.length})`, true);
  }

  override visitUUID(_t: TypeEngine<any>): string {
    return "UUID";
  }
  override visitVARBINARY(t: LargeBinaryType): string {
    if (t.length === undefined)
      throw new CompileError(`VARBINARY requires a length on dialect ${this.dialect.name}`);
    return `VARBINARY(${t.length})`;
  }
  override visitJSON(_t: TypeEngine<any>): string {
    return "JSON";
  }
  override visitLargeBinary(t: LargeBinaryType): string {
    return this.visitBLOB(t);
  }
  override visitBLOB(t: TypeEngine<any>): string {
    const length = (t as { length?: number }).length;
    return length === undefined ? "BLOB" : `BLOB(${length})`;
  }
  /** `TINYBLOB`. */
  visitTINYBLOB(_t: TypeEngine<any>): string {
    return "TINYBLOB";
  }
  /** `MEDIUMBLOB`. */
  visitMEDIUMBLOB(_t: TypeEngine<any>): string {
    return "MEDIUMBLOB";
  }
  /** `LONGBLOB`. */
  visitLONGBLOB(_t: TypeEngine<any>): string {
    return "LONGBLOB";
  }

  /** The generic Enum is MySQL's native ENUM unless `nativeEnum: false`. */
  override visitEnum(t: EnumType): string {
    if (!t.nativeEnum) return super.visitEnum(t);
    return this.enumerated("ENUM", t, t.enums);
  }
  /** `ENUM('a','b')`. */
  visitENUM(t: EnumType): string {
    return this.enumerated("ENUM", t, t.enums);
  }
  /** `SET('a','b')`. */
  visitSET(t: SETType): string {
    return this.enumerated("SET", t, t.values);
  }
  private enumerated(name: string, t: StringType | EnumType, values: readonly string[]): string {
    const quoted = values.map((v) => {
      const text = this.dialect.doublePercents ? v.replace(/%/g, "%%") : v;
      return `'${text.replace(/'/g, "''")}'`;
    });
    return this.extendString(t, `${name}(${quoted.join(",")})`);
  }

  /** MySQL has no array types. */
  override visitARRAY(_t: ARRAYType): string {
    throw new CompileError(`the ${this.dialect.name} dialect has no ARRAY type`);
  }

  override visitBOOLEAN(_t: TypeEngine<any>): string {
    return "BOOL";
  }

  /** MariaDB's `INET4`. */
  visitINET4(_t: TypeEngine<any>): string {
    return "INET4";
  }
  /** MariaDB's `INET6`. */
  visitINET6(_t: TypeEngine<any>): string {
    return "INET6";
  }
}

function withFsp(name: string, t: TypeEngine<any>): string {
  const fsp = (t as Fsp).fsp;
  return fsp !== undefined && fsp !== 0 ? `${name}(${fsp})` : name;
}
