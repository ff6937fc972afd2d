/** How SQL Server spells types in DDL and CAST. */
import {
  CompileError,
  type DateTimeType,
  type FloatType,
  type LargeBinaryType,
  type StringType,
  TypeCompiler,
  type TypeEngine,
  type UuidType,
} from "@athanor/core";
import type { MSSQLDialect } from "./dialect.js";
import type { MSSQLVARBINARYType } from "./types.js";

/** Renders types as SQL Server names them: `NVARCHAR(max)`, `BIT`, `DATETIMEOFFSET`, ... */
export class MSSQLTypeCompiler extends TypeCompiler {
  private get mssql(): MSSQLDialect {
    return this.dialect as unknown as MSSQLDialect;
  }

  /** `NAME[(length)] [COLLATE x]`; SQL Server collation names are written bare. */
  protected extend(name: string, t: StringType, length: number | string | undefined = t.length): string {
    let spec = length !== undefined && length !== 0 ? `${name}(${length})` : name;
    if (t.collation !== undefined) spec += ` COLLATE ${t.collation}`;
    return spec;
  }

  override visitDouble(t: FloatType): string {
    return this.visitDOUBLE_PRECISION(t);
  }
  override visitDatetime(t: DateTimeType): string {
    return t.timezone ? this.visitDATETIMEOFFSET(t) : this.visitDATETIME(t);
  }
  override visitUnicode(t: StringType): string {
    return this.visitNVARCHAR(t);
  }
  override visitText(t: StringType): string {
    // TEXT/NTEXT/IMAGE are deprecated since 2005; (max) types replace them.
    return this.mssql.deprecateLargeTypes ? this.visitVARCHAR(t) : this.visitTEXT(t);
  }
  override visitUnicodeText(t: StringType): string {
    return this.mssql.deprecateLargeTypes ? this.visitNVARCHAR(t) : this.visitNTEXT(t);
  }
  override visitDate(t: TypeEngine<any>): string {
    // DATE and TIME arrived in SQL Server 2008.
    return this.dialect.serverVersionAtLeast(10) ? this.visitDATE(t) : this.visitDATETIME(t);
  }
  override visitTime(t: TypeEngine<any>): string {
    return this.dialect.serverVersionAtLeast(10) ? this.visitTIME(t) : this.visitDATETIME(t);
  }
  override visitLargeBinary(t: LargeBinaryType): string {
    return this.mssql.deprecateLargeTypes ? this.visitVARBINARY(t) : this.visitIMAGE(t);
  }
  override visitBoolean(t: TypeEngine<any>): string {
    return this.visitBIT(t);
  }
  override visitJSON(_t: TypeEngine<any>): string {
    return "NVARCHAR(max)";
  }
  override visitUuid(t: UuidType): string {
    return t.nativeUuid ? this.visitUNIQUEIDENTIFIER(t) : "CHAR(32)";
  }
  override visitARRAY(t: TypeEngine<any>): string {
    throw new CompileError(`the mssql dialect cannot render the type ${t.visitName}`);
  }

  // --- SQL Server's spelling of the standard types --------------------------------------
  override visitFLOAT(t: FloatType): string {
    return t.precision === undefined ? "FLOAT" : `FLOAT(${t.precision})`;
  }
  override visitVARCHAR(t: StringType): string {
    return this.extend("VARCHAR", t, t.length || "max");
  }
  override visitNVARCHAR(t: StringType): string {
    return this.extend("NVARCHAR", t, t.length || "max");
  }
  override visitCHAR(t: StringType): string {
    return this.extend("CHAR", t);
  }
  override visitNCHAR(t: StringType): string {
    return this.extend("NCHAR", t);
  }
  override visitTEXT(t: StringType): string {
    return this.extend("TEXT", t);
  }
  override visitTIME(t: TypeEngine<any>): string {
    const p = (t as { precision?: number }).precision;
    return p !== undefined ? `TIME(${p})` : "TIME";
  }
  override visitTIMESTAMP(_t: TypeEngine<any>): string {
    return "TIMESTAMP";
  }
  override visitVARBINARY(t: LargeBinaryType): string {
    const text = `VARBINARY(${t.length || "max"})`;
    return (t as MSSQLVARBINARYType).filestream === true ? `${text} FILESTREAM` : text;
  }

  // --- SQL Server-only types ---------------------------------------------------------------
  visitNTEXT(t: StringType): string {
    return this.extend("NTEXT", t);
  }
  visitXML(_t: TypeEngine<any>): string {
    return "XML";
  }
  visitIMAGE(_t: TypeEngine<any>): string {
    return "IMAGE";
  }
  visitBIT(_t: TypeEngine<any>): string {
    return "BIT";
  }
  visitTINYINT(_t: TypeEngine<any>): string {
    return "TINYINT";
  }
  visitDATETIME2(t: TypeEngine<any>): string {
    const p = (t as { precision?: number }).precision;
    return p !== undefined ? `DATETIME2(${p})` : "DATETIME2";
  }
  visitDATETIMEOFFSET(t: TypeEngine<any>): string {
    const p = (t as { precision?: number }).precision;
    return p !== undefined ? `DATETIMEOFFSET(${p})` : "DATETIMEOFFSET";
  }
  visitSMALLDATETIME(_t: TypeEngine<any>): string {
    return "SMALLDATETIME";
  }
  visitUNIQUEIDENTIFIER(_t: TypeEngine<any>): string {
    return "UNIQUEIDENTIFIER";
  }
  visitMONEY(_t: TypeEngine<any>): string {
    return "MONEY";
  }
  visitSMALLMONEY(_t: TypeEngine<any>): string {
    return "SMALLMONEY";
  }
  visitROWVERSION(_t: TypeEngine<any>): string {
    return "ROWVERSION";
  }
  visitSQL_VARIANT(_t: TypeEngine<any>): string {
    return "SQL_VARIANT";
  }
}
