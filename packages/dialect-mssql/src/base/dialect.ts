/**
 * The SQL Server dialect: what SQL Server supports, configured for the
 * server version when it is known (SQL Server 2022 when it is not).
 */
import {
  DefaultDialect,
  type DialectOptions,
  type Paramstyle,
  type StringType,
  type TypeEngine,
} from "@athanor/core";
import { MSSQLCompiler } from "./compiler.js";
import { MSSQLDDLCompiler } from "./ddl-compiler.js";
import { MSSQLIdentifierPreparer } from "./preparer.js";
import { MSSQLTypeCompiler } from "./type-compiler.js";
import { MSSQLUnicodeTextType, MSSQLUnicodeType } from "./types.js";

type Adapt = (type: TypeEngine<unknown>) => TypeEngine<unknown>;

/** Generic types SQL Server implements with its own classes (N'...' literals for Unicode). */
const MSSQL_COLSPECS: ReadonlyMap<string, Adapt> = new Map<string, Adapt>([
  ["unicode", (t) => adaptString(MSSQLUnicodeType, t)],
  ["unicodeText", (t) => adaptString(MSSQLUnicodeTextType, t)],
]);

function adaptString(
  Cls: typeof MSSQLUnicodeType | typeof MSSQLUnicodeTextType,
  t: TypeEngine<unknown>,
): TypeEngine<unknown> {
  const s = t as unknown as StringType;
  return new Cls(
    s.length,
    s.collation !== undefined ? { collation: s.collation } : {},
  ) as TypeEngine<unknown>;
}

/** Options of the SQL Server dialect. */
export interface MSSQLDialectOptions extends DialectOptions {
  /**
   * Render `Text` / `UnicodeText` / `LargeBinary` as `VARCHAR(max)` /
   * `NVARCHAR(max)` / `VARBINARY(max)` rather than the deprecated `TEXT` /
   * `NTEXT` / `IMAGE`. Default: on for SQL Server 2012 and later.
   */
  deprecateLargeTypes?: boolean;
  /** The schema names resolve to when none is given. Default `dbo`. */
  schemaName?: string;
}

/**
 * Microsoft SQL Server (2012 and later; by default 2022).
 *
 * @example
 * ```ts
 * const sql = select(t).limit(10).compile({ dialect: new MSSQLDialect() }).sql;
 * // SELECT TOP 10 ... FROM t
 * ```
 */
export class MSSQLDialect extends DefaultDialect {
  override name = "mssql";
  override paramstyle: Paramstyle = "qmark";

  override statementCompiler = MSSQLCompiler;
  override ddlCompiler = MSSQLDDLCompiler;
  override typeCompilerClass = MSSQLTypeCompiler;
  override preparerClass = MSSQLIdentifierPreparer;

  override supportsNativeBoolean = false;
  override supportsSequences = true;
  override sequencesOptional = true;
  override insertReturning = true;
  override updateReturning = true;
  override deleteReturning = true;
  override updateReturningMultifrom = true;
  override deleteReturningMultifrom = true;
  override implicitReturning = true;
  override supportsMultivaluesInsert = true;
  override supportsDefaultValues = true;
  override supportsDefaultMetavalue = false;
  override supportsEmptyInsert = false;
  override supportsComments = true;
  override supportsIdentityColumns = true;
  override postfetchLastrowid = true;
  override maxIdentifierLength = 128;
  override colspecs = MSSQL_COLSPECS;

  /** `OFFSET .. FETCH` (2012+); older servers would need ROW_NUMBER() wrapping, which is not implemented. */
  supportsOffsetFetch = true;
  /** `NVARCHAR(max)` and friends (2005+). */
  supportsNvarcharMax = true;
  /** Whether large types render as the `(max)` types; see {@link MSSQLDialectOptions.deprecateLargeTypes}. */
  deprecateLargeTypes: boolean;
  /** The default schema. */
  readonly schemaName: string;

  constructor(options: MSSQLDialectOptions = {}) {
    super(options);
    this.schemaName = options.schemaName ?? "dbo";
    this.supportsOffsetFetch = this.serverVersionAtLeast(11);
    this.supportsNvarcharMax = this.serverVersionAtLeast(9);
    // Multi-row VALUES arrived in SQL Server 2008.
    this.supportsMultivaluesInsert = this.serverVersionAtLeast(10);
    this.deprecateLargeTypes = options.deprecateLargeTypes ?? this.serverVersionAtLeast(11);
  }
}
