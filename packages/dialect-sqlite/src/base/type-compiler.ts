import { CompileError, TypeCompiler, type TypeEngine } from "@athanor/core";

/**
 * Renders types for SQLite. SQLite accepts any type name and maps it to a
 * storage class by affinity, so the generic names are kept as written.
 */
export class SQLiteTypeCompiler extends TypeCompiler {
  override visitLargeBinary(t: TypeEngine<any>): string {
    return this.visitBLOB(t);
  }
  override visitJSON(_t: TypeEngine<any>): string {
    return "JSON";
  }
  /** SQLite has no array type. */
  override visitARRAY(_t: TypeEngine<any>): string {
    throw new CompileError("Compiler SQLiteTypeCompiler can't render element of type ARRAY");
  }
  /** `JSONB` (SQLite 3.45+ stores JSON in a binary form with the `jsonb_*` functions). */
  visitJSONB(_t: TypeEngine<any>): string {
    return "JSONB";
  }
}
