import {
  type Connection,
  DefaultDialect,
  type DialectOptions,
  type Op,
  type Paramstyle,
  text,
} from "@athanor/core";
import { SQLiteCompiler } from "./compiler.js";
import { SQLiteDDLCompiler } from "./ddl-compiler.js";
import { SQLiteIdentifierPreparer } from "./preparer.js";
import { SQLiteReflector } from "./reflection.js";
import { SQLiteTypeCompiler } from "./type-compiler.js";
import { sqliteColspecs } from "./types.js";

/** Options of the SQLite dialect. */
export interface SQLiteDialectOptions extends DialectOptions {
  /** The driver converts dates and times itself; the types then leave them alone. Default `false`. */
  nativeDatetime?: boolean;
}

/**
 * The SQLite dialect (SQLite 3.35+ assumed when no version is given:
 * RETURNING, multi-row VALUES, `DEFAULT VALUES`).
 *
 * @example
 * ```ts
 * const sql = select(users).limit(5).compile({ dialect: new SQLiteDialect() }).sql;
 * // SELECT ... FROM users LIMIT ? OFFSET ?
 * ```
 */
export class SQLiteDialect extends DefaultDialect {
  override name = "sqlite";
  override paramstyle: Paramstyle = "qmark";

  override statementCompiler: typeof SQLiteCompiler = SQLiteCompiler;
  override ddlCompiler: typeof SQLiteDDLCompiler = SQLiteDDLCompiler;
  override typeCompilerClass: typeof SQLiteTypeCompiler = SQLiteTypeCompiler;
  override preparerClass: typeof SQLiteIdentifierPreparer = SQLiteIdentifierPreparer;
  override colspecs = sqliteColspecs;
  /** Reflection reads `sqlite_master` and the PRAGMA functions. */
  override reflectorClass: typeof SQLiteReflector = SQLiteReflector;

  // SQLite stores booleans as the integers 0 and 1.
  override supportsNativeBoolean = false;
  override supportsAlter = false;
  override supportsDefaultValues = true;
  override supportsDefaultMetavalue = true;
  override supportsEmptyInsert = false;
  override supportsMultivaluesInsert = true;
  /** Many rows of an INSERT .. RETURNING go as multi-row pages (insertmanyvalues). */
  override useInsertmanyvalues = true;
  override supportsSequences = false;
  override insertReturning = true;
  override updateReturning = true;
  override deleteReturning = true;
  override updateReturningMultifrom = true;
  override tupleInValues = true;
  override divIsFloordiv = true;
  /** `CAST` is available (SQLite 3.2.3+). */
  supportsCast = true;
  /** The dates and times are converted by the driver. */
  readonly nativeDatetime: boolean;

  constructor(options: SQLiteDialectOptions = {}) {
    const { nativeDatetime, ...rest } = options;
    super(rest);
    this.nativeDatetime = nativeDatetime ?? false;
    this.applyServerVersion();
  }

  /**
   * Sets the version-dependent flags from `serverVersionInfo`; called by the
   * constructor and again by a driver's `initialize()` once the version of
   * the SQLite library is known.
   */
  protected applyServerVersion(): void {
    if (this.serverVersionInfo !== undefined) {
      this.supportsDefaultValues = this.serverVersionAtLeast(3, 3, 8);
      this.supportsCast = this.serverVersionAtLeast(3, 2, 3);
      this.supportsMultivaluesInsert = this.serverVersionAtLeast(3, 7, 11);
      if (!this.serverVersionAtLeast(3, 35)) {
        this.insertReturning = false;
        this.updateReturning = false;
        this.deleteReturning = false;
      }
    }
  }

  /** Whether a table exists: SQLite keeps its schema in `sqlite_master` (a schema is an attached database). */
  override *hasTable(conn: Connection, tableName: string, schema?: string): Op<boolean> {
    const master =
      schema === undefined ? "sqlite_master" : `${this.preparer.quoteIdentifier(schema)}.sqlite_master`;
    const stmt = text(`SELECT 1 FROM ${master} WHERE type IN ('table', 'view') AND name = :name`).bindparams({
      name: tableName,
    });
    const result = yield* conn.executeOp(stmt);
    return (yield* result.firstOp()) !== null;
  }

  /** SQLite has no sequences. */
  override *hasSequence(conn: Connection, sequenceName: string, schema?: string): Op<boolean> {
    void conn;
    void sequenceName;
    void schema;
    return false;
  }
}
