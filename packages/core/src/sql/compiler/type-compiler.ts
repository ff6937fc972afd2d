import type { Dialect } from "../../engine/dialect.js";
import { CompileError } from "../../exc.js";
import type {
  ARRAYType,
  DateTimeType,
  EnumType,
  FloatType,
  LargeBinaryType,
  NumericType,
  StringType,
  TimeType,
  UuidType,
} from "../types/sqltypes.js";
import type { TypeEngine } from "../types/type-engine.js";

type TypeVisitor = (type: TypeEngine<any>) => string;

/**
 * Renders types as DDL (and inside CAST). Each type dispatches to
 * `visit<VisitName>`; generic types delegate to the SQL type the dialect
 * uses for them, which dialects override (`visitBoolean` → `BOOLEAN`,
 * `visitDatetime` → `TIMESTAMP` on PostgreSQL, ...).
 */
export class TypeCompiler {
  constructor(readonly dialect: Dialect) {}

  /** Renders `type` (after the dialect's variant and adaptation) for DDL. */
  process(type: TypeEngine<any>): string {
    const impl = type.dialectImpl(this.dialect);
    const name = impl.visitName;
    const fn = (this as unknown as Record<string, TypeVisitor | undefined>)[
      `visit${name.charAt(0).toUpperCase()}${name.slice(1)}`
    ];
    if (fn === undefined) {
      throw new CompileError(`the ${this.dialect.name} dialect cannot render the type ${name}`);
    }
    return fn.call(this, impl);
  }

  /** ` COLLATE "x"` after a string type, if it has a collation. */
  protected collation(type: StringType): string {
    return type.collation !== undefined ? ` COLLATE ${this.dialect.preparer.quote(type.collation)}` : "";
  }
  protected withLength(name: string, type: StringType): string {
    return (type.length !== undefined ? `${name}(${type.length})` : name) + this.collation(type);
  }

  // --- generic types -> the SQL type used for them -------------------------------
  visitInteger(t: TypeEngine<any>): string {
    return this.visitINTEGER(t);
  }
  visitSmallInteger(t: TypeEngine<any>): string {
    return this.visitSMALLINT(t);
  }
  visitBigInteger(t: TypeEngine<any>): string {
    return this.visitBIGINT(t);
  }
  visitNumeric(t: NumericType): string {
    return this.visitNUMERIC(t);
  }
  visitFloat(t: FloatType): string {
    return this.visitFLOAT(t);
  }
  visitDouble(t: FloatType): string {
    return this.visitDOUBLE(t);
  }
  visitString(t: StringType): string {
    return this.visitVARCHAR(t);
  }
  visitText(t: StringType): string {
    return this.visitTEXT(t);
  }
  visitUnicode(t: StringType): string {
    return this.visitVARCHAR(t);
  }
  visitUnicodeText(t: StringType): string {
    return this.visitTEXT(t);
  }
  visitBoolean(t: TypeEngine<any>): string {
    return this.visitBOOLEAN(t);
  }
  visitDatetime(t: DateTimeType): string {
    return this.visitDATETIME(t);
  }
  visitDate(t: TypeEngine<any>): string {
    return this.visitDATE(t);
  }
  visitTime(t: TimeType): string {
    return this.visitTIME(t);
  }
  visitInterval(t: TypeEngine<any>): string {
    // Emulated as a timestamp offset from the epoch where there is no INTERVAL.
    return this.visitDATETIME(t as DateTimeType);
  }
  visitLargeBinary(t: LargeBinaryType): string {
    return this.visitBLOB(t);
  }
  visitUuid(t: UuidType): string {
    return t.nativeUuid && this.dialect.supportsNativeUuid ? this.visitUUID(t) : "CHAR(32)";
  }
  visitEnum(t: EnumType): string {
    return `VARCHAR(${t.length})`;
  }
  visitJSON(_t: TypeEngine<any>): string {
    return "JSON";
  }
  visitJsonPath(_t: TypeEngine<any>): string {
    throw new CompileError("a JSON path has no DDL type");
  }
  visitNull(_t: TypeEngine<any>): string {
    throw new CompileError(
      "Can't generate DDL for NullType(); did you forget to specify a type on this Column?",
    );
  }
  visitARRAY(t: ARRAYType): string {
    return `${this.process(t.itemType)}[]`;
  }
  visitTuple(_t: TypeEngine<any>): string {
    throw new CompileError("a tuple has no DDL type");
  }

  // --- SQL standard types ------------------------------------------------------------
  visitINTEGER(_t: TypeEngine<any>): string {
    return "INTEGER";
  }
  visitSMALLINT(_t: TypeEngine<any>): string {
    return "SMALLINT";
  }
  visitBIGINT(_t: TypeEngine<any>): string {
    return "BIGINT";
  }
  visitNUMERIC(t: NumericType): string {
    if (t.precision === undefined) return "NUMERIC";
    return t.scale === undefined ? `NUMERIC(${t.precision})` : `NUMERIC(${t.precision}, ${t.scale})`;
  }
  visitDECIMAL(t: NumericType): string {
    if (t.precision === undefined) return "DECIMAL";
    return t.scale === undefined ? `DECIMAL(${t.precision})` : `DECIMAL(${t.precision}, ${t.scale})`;
  }
  visitFLOAT(t: FloatType): string {
    return t.precision === undefined ? "FLOAT" : `FLOAT(${t.precision})`;
  }
  visitREAL(_t: TypeEngine<any>): string {
    return "REAL";
  }
  visitDOUBLE(_t: TypeEngine<any>): string {
    return "DOUBLE";
  }
  visitDOUBLE_PRECISION(_t: TypeEngine<any>): string {
    return "DOUBLE PRECISION";
  }
  visitVARCHAR(t: StringType): string {
    return this.withLength("VARCHAR", t);
  }
  visitCHAR(t: StringType): string {
    return this.withLength("CHAR", t);
  }
  visitNVARCHAR(t: StringType): string {
    return this.withLength("NVARCHAR", t);
  }
  visitNCHAR(t: StringType): string {
    return this.withLength("NCHAR", t);
  }
  visitTEXT(t: StringType): string {
    return this.withLength("TEXT", t);
  }
  visitCLOB(t: StringType): string {
    return this.withLength("CLOB", t);
  }
  visitBOOLEAN(_t: TypeEngine<any>): string {
    return "BOOLEAN";
  }
  visitDATETIME(_t: TypeEngine<any>): string {
    return "DATETIME";
  }
  visitTIMESTAMP(_t: TypeEngine<any>): string {
    return "TIMESTAMP";
  }
  visitDATE(_t: TypeEngine<any>): string {
    return "DATE";
  }
  visitTIME(_t: TypeEngine<any>): string {
    return "TIME";
  }
  visitBLOB(_t: TypeEngine<any>): string {
    return "BLOB";
  }
  visitBINARY(t: LargeBinaryType): string {
    return t.length === undefined ? "BINARY" : `BINARY(${t.length})`;
  }
  visitVARBINARY(t: LargeBinaryType): string {
    return t.length === undefined ? "VARBINARY" : `VARBINARY(${t.length})`;
  }
  visitUUID(_t: TypeEngine<any>): string {
    return "UUID";
  }
}
