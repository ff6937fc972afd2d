/**
 * The Oracle dialect: what Oracle Database supports, configured for the
 * server version when it is known (23ai and later when it is not).
 */
import {
  type BooleanType,
  DefaultDialect,
  type DialectOptions,
  type Paramstyle,
  type TypeEngine,
} from "@athanor/core";
import { OracleCompiler } from "./compiler.js";
import { OracleDDLCompiler } from "./ddl-compiler.js";
import { OracleIdentifierPreparer } from "./preparer.js";
import { OracleTypeCompiler } from "./type-compiler.js";
import { OracleBooleanType } from "./types.js";

const ORACLE_COLSPECS: ReadonlyMap<string, (type: TypeEngine<unknown>) => TypeEngine<unknown>> = new Map([
  [
    "boolean",
    (t: TypeEngine<unknown>) =>
      new OracleBooleanType(
        (t as BooleanType).createConstraint,
        (t as BooleanType).name,
      ) as TypeEngine<unknown>,
  ],
]);

/** Options of the Oracle dialect. */
export interface OracleDialectOptions extends DialectOptions {
  /** Render `Unicode` / `UnicodeText` as `NVARCHAR2` / `NCLOB`. Default `false`. */
  useNcharForUnicode?: boolean;
}

/**
 * Oracle Database (12c and later; by default 23ai).
 *
 * @example
 * ```ts
 * const sql = select(t).limit(10).compile({ dialect: new OracleDialect() }).sql;
 * // SELECT ... FROM t FETCH FIRST 10 ROWS ONLY
 * ```
 */
export class OracleDialect extends DefaultDialect {
  override name = "oracle";
  override paramstyle: Paramstyle = "named";

  override statementCompiler = OracleCompiler;
  override ddlCompiler = OracleDDLCompiler;
  override typeCompilerClass = OracleTypeCompiler;
  override preparerClass = OracleIdentifierPreparer;

  override supportsNativeBoolean = true;
  override supportsSequences = true;
  override sequencesOptional = false;
  override insertReturning = true;
  override updateReturning = true;
  override deleteReturning = true;
  override implicitReturning = true;
  override postfetchLastrowid = false;
  override supportsMultivaluesInsert = false;
  override supportsDefaultValues = false;
  override supportsDefaultMetavalue = true;
  override supportsEmptyInsert = false;
  override supportsComments = true;
  override supportsIdentityColumns = true;
  override supportsSimpleOrderByLabel = false;
  override divIsFloordiv = false;
  override maxIdentifierLength = 128;
  override requiresNameNormalize = true;
  override colspecs = ORACLE_COLSPECS;

  /** `OFFSET .. FETCH` (12c+); older servers would need ROWNUM wrapping, which is not implemented. */
  supportsOffsetFetch = true;
  /** The native JSON type (21c+); before, JSON is stored in BLOB. */
  supportsOracleJson = true;
  /** `Unicode` / `UnicodeText` render as `NVARCHAR2` / `NCLOB`. */
  readonly useNcharForUnicode: boolean;

  constructor(options: OracleDialectOptions = {}) {
    super(options);
    this.useNcharForUnicode = options.useNcharForUnicode ?? false;
    this.applyServerVersion();
  }

  /** Sets the version-dependent flags from `serverVersionInfo` (unknown: a current server). */
  protected applyServerVersion(): void {
    this.supportsOffsetFetch = this.serverVersionAtLeast(12);
    this.supportsIdentityColumns = this.serverVersionAtLeast(12);
    this.maxIdentifierLength = this.serverVersionAtLeast(12, 2) ? 128 : 30;
    this.supportsNativeBoolean = this.serverVersionAtLeast(23);
    this.supportsOracleJson = this.serverVersionAtLeast(21);
  }

  /** Booleans render inline as `1` / `0`, as SQLAlchemy does even where BOOLEAN is native. */
  override renderLiteral(value: unknown): string {
    if (typeof value === "boolean") return value ? "1" : "0";
    return super.renderLiteral(value);
  }

  /**
   * The name as Athanor spells it: Oracle's upper-case (case-insensitive)
   * names become lower case; names with lower-case letters stay as they are.
   */
  normalizeName(name: string): string {
    if (name.toUpperCase() === name && !this.preparer.requiresQuotes(name.toLowerCase())) {
      return name.toLowerCase();
    }
    return name;
  }

  /** The name as Oracle stores it: a case-insensitive lower-case name becomes upper case. */
  denormalizeName(name: string): string {
    if (name.toLowerCase() === name && !this.preparer.requiresQuotes(name)) return name.toUpperCase();
    return name;
  }
}
