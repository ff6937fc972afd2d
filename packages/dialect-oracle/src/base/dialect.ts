/**
 * The Oracle dialect: what Oracle Database supports, configured for the
 * server version when it is known (23ai and later when it is not).
 */
import {
  type BooleanType,
  type Connection,
  DefaultDialect,
  type DialectOptions,
  type DriverConnection,
  type Op,
  type Paramstyle,
  perform,
  type TypeEngine,
  text,
} from "@athanor/core";
import { OracleCompiler } from "./compiler.js";
import { OracleDDLCompiler } from "./ddl-compiler.js";
import { OracleIdentifierPreparer } from "./preparer.js";
import { OracleReflector } from "./reflection.js";
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
  /** Reads the `ALL_*` dictionary views for the `Inspector` and `Table` autoload (see {@link OracleReflector}). */
  override reflectorClass: DefaultDialect["reflectorClass"] = OracleReflector;

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

  /** Oracle's isolation levels, and AUTOCOMMIT (the driver commits each statement). */
  override isolationLevels: readonly string[] = ["READ COMMITTED", "SERIALIZABLE", "AUTOCOMMIT"];

  private readonly sessionLevels = new WeakMap<DriverConnection, string>();

  /** `ALTER SESSION SET ISOLATION_LEVEL = <level>`. */
  override *setIsolationLevel(conn: DriverConnection, level: string): Op<void> {
    yield* perform(conn.execute(`ALTER SESSION SET ISOLATION_LEVEL = ${level}`, [], { returnsRows: false }));
    this.sessionLevels.set(conn, level);
  }

  /**
   * The session's isolation level as last set through this dialect (READ
   * COMMITTED, Oracle's default, otherwise). Oracle reports the level only
   * inside a transaction and only through `v$transaction`, which needs
   * privileges, so it is remembered rather than queried.
   */
  override *getIsolationLevel(conn: DriverConnection): Op<string> {
    return this.sessionLevels.get(conn) ?? "READ COMMITTED";
  }

  /** Oracle has no RELEASE SAVEPOINT: nothing to run (the empty string), as SQLAlchemy does nothing. */
  override releaseSavepointSql(_name: string): string {
    return "";
  }

  /** Records the server version found after connecting and recomputes the version-dependent flags. */
  setServerVersion(version: readonly number[]): void {
    this.serverVersionInfo = version;
    this.applyServerVersion();
  }

  /**
   * Reads the server version: from the driver connection when it knows it
   * (`serverVersionString`), else `product_component_version`.
   */
  override *initialize(conn: DriverConnection): Op<void> {
    let text = (conn as { serverVersionString?: string }).serverVersionString;
    if (text === undefined) {
      const r = yield* perform(
        conn.execute("SELECT version FROM product_component_version WHERE product LIKE 'Oracle%'", [], {
          returnsRows: true,
        }),
      );
      text = String(r.rows[0]?.[0] ?? "");
    }
    const version = text
      .split(".")
      .map((p) => Number.parseInt(p, 10))
      .filter((n) => !Number.isNaN(n));
    if (version.length > 0) this.setServerVersion(version);
  }

  /** `SELECT 1` needs a table on Oracle before 23ai. */
  override pingSql = "SELECT 1 FROM DUAL";

  /** Whether a table exists (`all_tables`), in the given schema or the session's current schema. */
  override *hasTable(conn: Connection, tableName: string, schema?: string): Op<boolean> {
    const owner = schema === undefined ? "SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')" : ":schema";
    return yield* this.exists(
      conn,
      `SELECT 1 FROM all_tables WHERE table_name = :name AND owner = ${owner}`,
      schema === undefined
        ? { name: this.denormalizeName(tableName) }
        : { name: this.denormalizeName(tableName), schema: this.denormalizeName(schema) },
    );
  }

  /** Whether a sequence exists (`all_sequences`). */
  override *hasSequence(conn: Connection, sequenceName: string, schema?: string): Op<boolean> {
    const owner = schema === undefined ? "SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')" : ":schema";
    return yield* this.exists(
      conn,
      `SELECT 1 FROM all_sequences WHERE sequence_name = :name AND sequence_owner = ${owner}`,
      schema === undefined
        ? { name: this.denormalizeName(sequenceName) }
        : { name: this.denormalizeName(sequenceName), schema: this.denormalizeName(schema) },
    );
  }

  /** Whether `sql` (with `:name` / `:schema` binds) returns a row. */
  private *exists(conn: Connection, sql: string, binds: Record<string, unknown>): Op<boolean> {
    const result = yield* conn.executeOp(text(sql).bindparams(binds));
    return (yield* result.firstOp()) !== null;
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
