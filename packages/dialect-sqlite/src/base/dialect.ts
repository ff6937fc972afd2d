import { DefaultDialect, type DialectOptions, type Paramstyle } from "@athanor/core";
import { SQLiteCompiler } from "./compiler.js";
import { SQLiteDDLCompiler } from "./ddl-compiler.js";
import { SQLiteIdentifierPreparer } from "./preparer.js";
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

  // SQLite stores booleans as the integers 0 and 1.
  override supportsNativeBoolean = false;
  override supportsAlter = false;
  override supportsDefaultValues = true;
  override supportsDefaultMetavalue = true;
  override supportsEmptyInsert = false;
  override supportsMultivaluesInsert = true;
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
}
