/** How Oracle spells types in DDL and CAST. */
import {
  ArgumentError,
  CompileError,
  type DateTimeType,
  type EnumType,
  type FloatType,
  type IntervalType,
  type LargeBinaryType,
  type NumericType,
  type StringType,
  TypeCompiler,
  type TypeEngine,
} from "@athanor/core";
import type { OracleDialect } from "./dialect.js";
import type { OracleFLOATType, OracleJSONType, OracleTIMESTAMPType } from "./types.js";

/** Renders types as Oracle names them: `VARCHAR2(n CHAR)`, `NUMBER(19)`, `CLOB`, `DATE`, ... */
export class OracleTypeCompiler extends TypeCompiler {
  private get oracle(): OracleDialect {
    return this.dialect as OracleDialect;
  }

  // Oracle's DATE holds a time of day too, and is what DateTime maps to.
  override visitDatetime(t: DateTimeType): string {
    return this.visitDATE(t);
  }
  override visitFloat(t: FloatType): string {
    return this.visitFLOAT(t);
  }
  override visitDouble(t: FloatType): string {
    return this.visitDOUBLE_PRECISION(t);
  }
  override visitString(t: StringType): string {
    return this.visitVARCHAR2(t);
  }
  override visitUnicode(t: StringType): string {
    return this.oracle.useNcharForUnicode ? this.visitNVARCHAR2(t) : this.visitVARCHAR2(t);
  }
  override visitText(t: StringType): string {
    return this.visitCLOB(t);
  }
  override visitUnicodeText(t: StringType): string {
    return this.oracle.useNcharForUnicode ? this.visitNCLOB(t) : this.visitCLOB(t);
  }
  override visitLargeBinary(t: LargeBinaryType): string {
    return this.visitBLOB(t);
  }
  override visitBigInteger(_t: TypeEngine<any>): string {
    return "NUMBER(19)";
  }
  override visitBoolean(t: TypeEngine<any>): string {
    // Native BOOLEAN arrived in 23ai; older servers store 0/1.
    return this.dialect.supportsNativeBoolean ? this.visitBOOLEAN(t) : this.visitSMALLINT(t);
  }
  override visitInterval(t: IntervalType): string {
    return this.visitINTERVAL(t);
  }
  override visitEnum(t: EnumType): string {
    return `VARCHAR(${t.length} CHAR)`;
  }
  override visitJSON(t: TypeEngine<any>): string {
    const useBlob = (t as OracleJSONType).useBlob ?? !this.oracle.supportsOracleJson;
    return useBlob ? "BLOB" : "JSON";
  }

  override visitARRAY(t: TypeEngine<any>): string {
    throw new CompileError(`the oracle dialect cannot render the type ${t.visitName}`);
  }

  // --- Oracle's spelling of the standard types ------------------------------------
  override visitVARCHAR(t: StringType): string {
    return this.varchar(t, "", "");
  }
  override visitNVARCHAR(t: StringType): string {
    return this.varchar(t, "N", "2");
  }
  override visitCLOB(_t: StringType): string {
    return "CLOB";
  }
  override visitFLOAT(t: FloatType): string {
    const binary = (t as OracleFLOATType).binaryPrecision;
    if (t.precision !== undefined && binary === undefined) {
      throw new ArgumentError(
        "Oracle Database FLOAT types use 'binary precision', which does not convert cleanly from decimal " +
          `'precision'. Use a FLOAT({ binaryPrecision: ${Math.trunc(t.precision / 0.30103)} }) variant for Oracle.`,
      );
    }
    return binary === undefined ? "FLOAT" : `FLOAT(${binary})`;
  }
  override visitDOUBLE_PRECISION(_t: TypeEngine<any>): string {
    return "DOUBLE PRECISION";
  }
  override visitTIMESTAMP(t: TypeEngine<any>): string {
    const ts = t as OracleTIMESTAMPType;
    if (ts.localTimezone) return "TIMESTAMP WITH LOCAL TIME ZONE";
    return (t as DateTimeType).timezone ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
  }

  // --- Oracle-only types -------------------------------------------------------------
  visitNUMBER(t: NumericType): string {
    if (t.precision === undefined) return "NUMBER";
    return t.scale === undefined ? `NUMBER(${t.precision})` : `NUMBER(${t.precision}, ${t.scale})`;
  }
  visitBINARY_DOUBLE(_t: TypeEngine<any>): string {
    return "BINARY_DOUBLE";
  }
  visitBINARY_FLOAT(_t: TypeEngine<any>): string {
    return "BINARY_FLOAT";
  }
  visitVARCHAR2(t: StringType): string {
    return this.varchar(t, "", "2");
  }
  visitNVARCHAR2(t: StringType): string {
    return this.varchar(t, "N", "2");
  }
  visitNCLOB(_t: StringType): string {
    return "NCLOB";
  }
  visitLONG(_t: TypeEngine<any>): string {
    return "LONG";
  }
  visitRAW(t: LargeBinaryType): string {
    return t.length === undefined ? "RAW" : `RAW(${t.length})`;
  }
  visitBFILE(_t: TypeEngine<any>): string {
    return "BFILE";
  }
  visitROWID(_t: TypeEngine<any>): string {
    return "ROWID";
  }
  visitINTERVAL(t: IntervalType): string {
    const day = t.dayPrecision !== undefined ? `(${t.dayPrecision})` : "";
    const sec = t.secondPrecision !== undefined ? `(${t.secondPrecision})` : "";
    return `INTERVAL DAY${day} TO SECOND${sec}`;
  }

  /** `[N]VARCHAR[2](n [CHAR])`; Oracle has no column collation in this syntax, so none is rendered. */
  protected varchar(t: StringType, n: "" | "N", two: "" | "2"): string {
    if (t.length === undefined || t.length === 0) return `${n}VARCHAR${two}`;
    // Lengths count characters, not bytes; NVARCHAR2 always counts characters.
    if (n === "") return `VARCHAR${two}(${t.length} CHAR)`;
    return `${n}VARCHAR${two}(${t.length})`;
  }
}
