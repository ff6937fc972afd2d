import {
  type Connection,
  DefaultDialect,
  type DialectOptions,
  type Op,
  type Paramstyle,
  type Table,
} from "@athanor/core";
import { PGCompiler } from "./compiler.js";
import { PGDDLCompiler } from "./ddl-compiler.js";
import { createEnumsOp, dropEnumsOp } from "./enum-ddl.js";
import { PGIdentifierPreparer } from "./preparer.js";
import { PGReflector } from "./reflection.js";
import { PGTypeCompiler } from "./type-compiler.js";
import { pgColspecs } from "./types.js";

/** Options of the PostgreSQL dialect. */
export interface PGDialectOptions extends DialectOptions {
  /** Render `::TYPE` after JSON, ARRAY and UUID parameters. Default `true`. */
  renderBindCasts?: boolean;
}

/**
 * The PostgreSQL dialect. Without `serverVersion` it assumes a current
 * server (identity columns, JSONB subscripting); with one, the features
 * newer than that version are turned off.
 *
 * @example
 * ```ts
 * const dialect = new PGDialect({ serverVersion: [16, 4] });
 * select(users).where(users.c.name.ilike("%a%")).compile({ dialect }).sql;
 * // SELECT ... WHERE users.name ILIKE %(name_1)s
 * ```
 */
export class PGDialect extends DefaultDialect {
  override name = "postgresql";
  override paramstyle: Paramstyle = "pyformat";

  override statementCompiler: typeof PGCompiler = PGCompiler;
  override ddlCompiler: typeof PGDDLCompiler = PGDDLCompiler;
  override typeCompilerClass: typeof PGTypeCompiler = PGTypeCompiler;
  override preparerClass: typeof PGIdentifierPreparer = PGIdentifierPreparer;
  override colspecs = pgColspecs;
  /** Reflection reads `pg_catalog` (one query per kind of fact for any number of tables). */
  override reflectorClass: typeof PGReflector = PGReflector;

  override supportsNativeBoolean = true;
  override supportsNativeEnum = true;
  override supportsNativeUuid = true;
  override supportsSequences = true;
  override sequencesOptional = true;
  override insertReturning = true;
  override updateReturning = true;
  override deleteReturning = true;
  override updateReturningMultifrom = true;
  override deleteReturningMultifrom = true;
  override implicitReturning = true;
  override supportsMultivaluesInsert = true;
  /** Many rows of an INSERT .. RETURNING go as multi-row pages (insertmanyvalues). */
  override useInsertmanyvalues = true;
  override supportsDefaultValues = true;
  override supportsDefaultMetavalue = true;
  override supportsEmptyInsert = false;
  override supportsComments = true;
  override supportsIdentityColumns = true;
  override postfetchLastrowid = false;
  override maxIdentifierLength = 63;
  override divIsFloordiv = true;
  override tupleInValues = false;

  /** `SMALLSERIAL` (PostgreSQL 9.2+). */
  supportsSmallserial = true;
  /** `data['key']` on JSONB (PostgreSQL 14+). */
  supportsJsonbSubscripting = true;
  /** `DROP INDEX CONCURRENTLY` (PostgreSQL 9.2+). */
  supportsDropIndexConcurrently = true;
  /** `GENERATED ALWAYS AS (...) VIRTUAL` (PostgreSQL 18+). */
  supportsVirtualGeneratedColumns = true;
  /** Render `::TYPE` after JSON, ARRAY and UUID parameters. */
  renderBindCasts: boolean;

  constructor(options: PGDialectOptions = {}) {
    const { renderBindCasts, ...rest } = options;
    super(rest);
    this.renderBindCasts = renderBindCasts ?? true;
    this.applyServerVersion();
  }

  /**
   * Sets the version-dependent flags from `serverVersionInfo`; called by the
   * constructor and again by a driver's `initialize()` once the server's
   * version is known.
   */
  protected applyServerVersion(): void {
    if (this.serverVersionInfo !== undefined) {
      this.supportsIdentityColumns = this.serverVersionAtLeast(10);
      this.supportsSmallserial = this.serverVersionAtLeast(9, 2);
      this.supportsDropIndexConcurrently = this.serverVersionAtLeast(9, 2);
      this.supportsJsonbSubscripting = this.serverVersionAtLeast(14);
      this.supportsVirtualGeneratedColumns = this.serverVersionAtLeast(18);
      this.insertReturning = this.updateReturning = this.deleteReturning = this.serverVersionAtLeast(8, 2);
      this.implicitReturning = this.insertReturning;
    }
  }

  /** Native ENUM types a table uses are created (where missing) before it. */
  override *beforeCreateTable(conn: Connection, table: Table, checkfirst: boolean): Op<void> {
    void checkfirst;
    yield* createEnumsOp(conn, table);
  }

  /** Native ENUM types are dropped with the last table of the MetaData that uses them. */
  override *afterDropTable(conn: Connection, table: Table, checkfirst: boolean): Op<void> {
    void checkfirst;
    yield* dropEnumsOp(conn, table);
  }
}
