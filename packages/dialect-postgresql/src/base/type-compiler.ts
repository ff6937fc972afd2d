import {
  type ARRAYType,
  type DateTimeType,
  type EnumType,
  type FloatType,
  type LargeBinaryType,
  type TimeType,
  TypeCompiler,
  type TypeEngine,
  type UuidType,
} from "@athanor/core";
import type { PGIdentifierPreparer } from "./preparer.js";
import type { PGBIT, PGINTERVAL } from "./types.js";

type Precise = { readonly precision?: number | undefined; readonly timezone?: boolean };

/** Renders types for PostgreSQL (`TIMESTAMP WITHOUT TIME ZONE`, `BYTEA`, `item[]`, named ENUMs, ...). */
export class PGTypeCompiler extends TypeCompiler {
  // ---- generic types ---------------------------------------------------------------
  override visitDatetime(t: DateTimeType): string {
    return this.visitTIMESTAMP(t);
  }
  override visitDouble(t: FloatType): string {
    return this.visitDOUBLE_PRECISION(t);
  }
  override visitLargeBinary(t: LargeBinaryType): string {
    return this.visitBYTEA(t);
  }
  override visitInterval(t: TypeEngine<any>): string {
    return this.visitINTERVAL(t as PGINTERVAL);
  }
  override visitUuid(t: UuidType): string {
    return t.nativeUuid ? this.visitUUID(t) : super.visitUuid(t);
  }
  override visitEnum(t: EnumType): string {
    if (!t.nativeEnum || !this.dialect.supportsNativeEnum) return super.visitEnum(t);
    return this.visitENUM(t);
  }
  override visitJSON(_t: TypeEngine<any>): string {
    return "JSON";
  }

  // ---- PostgreSQL types ------------------------------------------------------------
  override visitTIMESTAMP(t: TypeEngine<any>): string {
    const p = t as unknown as Precise;
    return `TIMESTAMP${p.precision !== undefined ? `(${p.precision})` : ""} ${p.timezone ? "WITH" : "WITHOUT"} TIME ZONE`;
  }
  override visitTIME(t: TimeType): string {
    const p = t as unknown as Precise;
    return `TIME${p.precision !== undefined ? `(${p.precision})` : ""} ${p.timezone ? "WITH" : "WITHOUT"} TIME ZONE`;
  }
  override visitDATETIME(t: TypeEngine<any>): string {
    return this.visitTIMESTAMP(t);
  }
  visitINTERVAL(t: PGINTERVAL): string {
    let text = "INTERVAL";
    if (t.fields !== undefined) text += ` ${t.fields}`;
    if (t.precision !== undefined) text += ` (${t.precision})`;
    return text;
  }
  override visitDOUBLE(t: TypeEngine<any>): string {
    return this.visitDOUBLE_PRECISION(t);
  }
  visitBYTEA(_t: TypeEngine<any>): string {
    return "BYTEA";
  }
  override visitBLOB(t: TypeEngine<any>): string {
    return this.visitBYTEA(t);
  }
  visitENUM(t: EnumType): string {
    return (this.dialect.preparer as PGIdentifierPreparer).formatType(t);
  }
  override visitARRAY(t: ARRAYType): string {
    const inner = this.process(t.itemType);
    const dims = "[]".repeat(t.dimensions ?? 1);
    const at = inner.indexOf(" COLLATE");
    return at < 0 ? `${inner}${dims}` : `${inner.slice(0, at)}${dims}${inner.slice(at)}`;
  }
  visitBIT(t: PGBIT): string {
    if (t.varying) return t.length !== undefined ? `BIT VARYING(${t.length})` : "BIT VARYING";
    return `BIT(${t.length ?? 1})`;
  }
  visitJSONB(_t: TypeEngine<any>): string {
    return "JSONB";
  }
  visitJSONPATH(_t: TypeEngine<any>): string {
    return "JSONPATH";
  }
  override visitJsonPath(_t: TypeEngine<any>): string {
    return "JSONPATH";
  }
  visitHSTORE(_t: TypeEngine<any>): string {
    return "HSTORE";
  }
  visitCITEXT(_t: TypeEngine<any>): string {
    return "CITEXT";
  }
  visitTSVECTOR(_t: TypeEngine<any>): string {
    return "TSVECTOR";
  }
  visitTSQUERY(_t: TypeEngine<any>): string {
    return "TSQUERY";
  }
  visitINET(_t: TypeEngine<any>): string {
    return "INET";
  }
  visitCIDR(_t: TypeEngine<any>): string {
    return "CIDR";
  }
  visitMACADDR(_t: TypeEngine<any>): string {
    return "MACADDR";
  }
  visitMACADDR8(_t: TypeEngine<any>): string {
    return "MACADDR8";
  }
  visitMONEY(_t: TypeEngine<any>): string {
    return "MONEY";
  }
  visitOID(_t: TypeEngine<any>): string {
    return "OID";
  }
  visitREGCLASS(_t: TypeEngine<any>): string {
    return "REGCLASS";
  }
  visitREGCONFIG(_t: TypeEngine<any>): string {
    return "REGCONFIG";
  }
}
