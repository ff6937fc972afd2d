/**
 * The SQL Server dialect: what SQL Server supports, configured for the
 * server version when it is known (SQL Server 2022 when it is not).
 */
import {
  type Connection,
  DefaultDialect,
  type DialectOptions,
  type DriverConnection,
  type Op,
  type Paramstyle,
  perform,
  type StringType,
  type TypeEngine,
  text,
} from "@athanor/core";
import { MSSQLCompiler } from "./compiler.js";
import { MSSQLDDLCompiler } from "./ddl-compiler.js";
import { MSSQLIdentifierPreparer } from "./preparer.js";
import { MSSQLReflector } from "./reflection.js";
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
  /** Reads the `sys.*` catalog views for the `Inspector` and `Table` autoload (see {@link MSSQLReflector}). */
  override reflectorClass: DefaultDialect["reflectorClass"] = MSSQLReflector;

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

  private readonly explicitLargeTypes: boolean | undefined;

  constructor(options: MSSQLDialectOptions = {}) {
    super(options);
    this.schemaName = options.schemaName ?? "dbo";
    this.explicitLargeTypes = options.deprecateLargeTypes;
    this.deprecateLargeTypes = true;
    this.applyServerVersion();
  }

  /** Sets the version-dependent flags from `serverVersionInfo` (unknown: a current server). */
  protected applyServerVersion(): void {
    this.supportsOffsetFetch = this.serverVersionAtLeast(11);
    this.supportsNvarcharMax = this.serverVersionAtLeast(9);
    // Multi-row VALUES arrived in SQL Server 2008.
    this.supportsMultivaluesInsert = this.serverVersionAtLeast(10);
    this.deprecateLargeTypes = this.explicitLargeTypes ?? this.serverVersionAtLeast(11);
  }

  /** Records the server version found after connecting and recomputes the version-dependent flags. */
  setServerVersion(version: readonly number[]): void {
    this.serverVersionInfo = version;
    this.applyServerVersion();
  }

  /** Reads `SERVERPROPERTY('ProductVersion')` (`16.0.4135.4` is SQL Server 2022), as SQLAlchemy. */
  override *initialize(conn: DriverConnection): Op<void> {
    const r = yield* perform(
      conn.execute("SELECT CAST(SERVERPROPERTY('ProductVersion') AS VARCHAR(128))", [], {
        returnsRows: true,
      }),
    );
    const text = String(r.rows[0]?.[0] ?? "");
    const version = text
      .split(".")
      .map((p) => Number.parseInt(p, 10))
      .filter((n) => !Number.isNaN(n));
    if (version.length > 0) this.setServerVersion(version);
  }

  /** Whether a table exists, in the given schema or the login's default schema (`SCHEMA_NAME()`). */
  override *hasTable(conn: Connection, tableName: string, schema?: string): Op<boolean> {
    return yield* this.exists(
      conn,
      `SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = :name AND TABLE_SCHEMA = ${schema === undefined ? "SCHEMA_NAME()" : ":schema"}`,
      schema === undefined ? { name: tableName } : { name: tableName, schema },
    );
  }

  /** Whether a sequence exists (`sys.sequences`). */
  override *hasSequence(conn: Connection, sequenceName: string, schema?: string): Op<boolean> {
    return yield* this.exists(
      conn,
      `SELECT 1 FROM sys.sequences WHERE name = :name AND SCHEMA_NAME(schema_id) = ${schema === undefined ? "SCHEMA_NAME()" : ":schema"}`,
      schema === undefined ? { name: sequenceName } : { name: sequenceName, schema },
    );
  }

  /** Whether `sql` (with `:name` / `:schema` binds) returns a row. */
  private *exists(conn: Connection, sql: string, binds: Record<string, unknown>): Op<boolean> {
    const result = yield* conn.executeOp(text(sql).bindparams(binds));
    return (yield* result.firstOp()) !== null;
  }

  /** SQL Server's levels, SNAPSHOT included, and AUTOCOMMIT (no transaction is begun). */
  override isolationLevels: readonly string[] = [
    "SERIALIZABLE",
    "READ UNCOMMITTED",
    "READ COMMITTED",
    "REPEATABLE READ",
    "SNAPSHOT",
    "AUTOCOMMIT",
  ];

  /** `SET TRANSACTION ISOLATION LEVEL <level>` (for the session). */
  override *setIsolationLevel(conn: DriverConnection, level: string): Op<void> {
    yield* perform(conn.execute(`SET TRANSACTION ISOLATION LEVEL ${level}`, [], { returnsRows: false }));
  }

  /** The session's level, from `sys.dm_exec_sessions` (as SQLAlchemy). */
  override *getIsolationLevel(conn: DriverConnection): Op<string> {
    const r = yield* perform(
      conn.execute(
        "SELECT CASE transaction_isolation_level WHEN 0 THEN NULL WHEN 1 THEN 'READ UNCOMMITTED' " +
          "WHEN 2 THEN 'READ COMMITTED' WHEN 3 THEN 'REPEATABLE READ' WHEN 4 THEN 'SERIALIZABLE' " +
          "WHEN 5 THEN 'SNAPSHOT' END AS TRANSACTION_ISOLATION_LEVEL FROM sys.dm_exec_sessions " +
          "WHERE session_id = @@SPID",
        [],
        { returnsRows: true },
      ),
    );
    return String(r.rows[0]?.[0] ?? "").toUpperCase();
  }

  /** `SAVE TRANSACTION name`: SQL Server's savepoint. */
  override savepointSql(name: string): string {
    return `SAVE TRANSACTION ${this.preparer.quote(name)}`;
  }

  /** SQL Server has no RELEASE SAVEPOINT; nothing to run (the empty string), as SQLAlchemy does nothing. */
  override releaseSavepointSql(_name: string): string {
    return "";
  }

  /** `ROLLBACK TRANSACTION name`. */
  override rollbackToSavepointSql(name: string): string {
    return `ROLLBACK TRANSACTION ${this.preparer.quote(name)}`;
  }
}
