import {
  type DDLCompiler,
  DefaultDialect,
  type DialectOptions,
  type IdentifierPreparer,
  type Paramstyle,
  type SQLCompiler,
  type TypeCompiler,
} from "@athanor/core";
import { MySQLCompiler } from "./compiler.js";
import { MySQLDDLCompiler } from "./ddl-compiler.js";
import { MySQLIdentifierPreparer } from "./preparer.js";
import { MySQLTypeCompiler } from "./type-compiler.js";

/** Options of {@link MySQLDialect}. */
export interface MySQLDialectOptions extends DialectOptions {
  /**
   * Compile for MariaDB rather than MySQL: `dialect.name` is `"mariadb"`, so
   * only `mariadb*` dialect options of tables and indexes apply, MariaDB's
   * reserved words are quoted and its syntax is used where it differs.
   * Default `false`.
   */
  isMariaDB?: boolean;
  /**
   * The server version (`[8, 0, 36]`, `[11, 4, 2]`), as known after
   * connecting; without it the dialect assumes a current server.
   */
  serverVersion?: readonly number[];
}

/**
 * The MySQL dialect, and with `isMariaDB` its MariaDB variant.
 *
 * Renders backquoted names, `%s` placeholders (the `format` paramstyle, so
 * `%` in SQL text is doubled), `LIMIT offset, count`, `concat()` for string
 * concatenation, `ON DUPLICATE KEY UPDATE` upserts (see `insert()` of this
 * package) and MySQL's DDL (`AUTO_INCREMENT`, `ENGINE=`, native `ENUM`, ...).
 * Version-dependent syntax follows `serverVersion`: `FOR SHARE` and
 * `FOR UPDATE OF` (MySQL 8), the `AS new` row alias of upserts (8.0.20),
 * `CAST(.. AS FLOAT)` (8.0.17 / MariaDB 10.4.5), RETURNING on INSERT (MariaDB
 * 10.5) and DELETE (10.0.5), sequences (MariaDB 10.3) and a native `UUID`
 * (MariaDB 10.7).
 *
 * @example
 * ```ts
 * const sql = select(user.c.name).limit(10).compile({ dialect: new MySQLDialect() }).sql;
 * const maria = new MySQLDialect({ isMariaDB: true, serverVersion: [11, 4] });
 * ```
 */
export class MySQLDialect extends DefaultDialect {
  override name = "mysql";
  override driver = "";
  override paramstyle: Paramstyle = "format";

  /** Whether this is the MariaDB variant. */
  readonly isMariaDB: boolean;

  override statementCompiler: typeof SQLCompiler = MySQLCompiler;
  override ddlCompiler: typeof DDLCompiler = MySQLDDLCompiler as unknown as typeof DDLCompiler;
  override typeCompilerClass: typeof TypeCompiler = MySQLTypeCompiler;
  override preparerClass: typeof IdentifierPreparer = MySQLIdentifierPreparer;

  // MySQL has no BOOLEAN type (BOOL is TINYINT(1)), though it knows `true` and `false`.
  override supportsNativeBoolean = false;
  override supportsNativeEnum = true;
  override sequencesOptional = false;
  override supportsMultivaluesInsert = true;
  // No `DEFAULT VALUES`; an empty row is `() VALUES ()`.
  override supportsDefaultValues = false;
  override supportsDefaultMetavalue = true;
  override supportsEmptyInsert = true;
  override supportsComments = true;
  override inlineComments = true;
  override postfetchLastrowid = true;
  override implicitReturning = false;
  override divIsFloordiv = false;
  override backslashEscapes = true;
  override maxIdentifierLength = 255;
  /** Longest name of an index or constraint. */
  readonly maxIndexNameLength = 64;

  /** `FOR UPDATE OF t` (MySQL 8; MariaDB has no `OF`). */
  readonly supportsForUpdateOf: boolean;
  /** `FOR SHARE` rather than `LOCK IN SHARE MODE` (MySQL 8.0.1). */
  readonly useMysqlForShare: boolean;
  /** `ON DUPLICATE KEY UPDATE` refers to the new row by the alias `AS new` (MySQL 8.0.20). */
  readonly requiresAliasForOnDuplicateKey: boolean;
  /** Expression defaults in DDL are written `DEFAULT (expr)` (MySQL 8.0.13, MariaDB 10.2.1). */
  readonly supportDefaultFunction: boolean;
  /** `CAST(x AS FLOAT)` is accepted (MySQL 8.0.17, MariaDB 10.4.5). */
  readonly supportFloatCast: boolean;

  constructor(options: MySQLDialectOptions = {}) {
    super(options);
    // The field initializers above ran after the base constructor applied the options.
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
    const maria = options.isMariaDB ?? false;
    this.isMariaDB = maria;
    const at = (...v: number[]) => this.serverVersionAtLeast(...v);
    if (maria) {
      this.name = "mariadb";
      this.supportsSequences = at(10, 3);
      this.insertReturning = at(10, 5);
      this.deleteReturning = at(10, 0, 5);
      this.supportsNativeUuid = at(10, 7);
      this.supportsForUpdateOf = false;
      this.useMysqlForShare = false;
      this.requiresAliasForOnDuplicateKey = false;
      this.supportDefaultFunction = at(10, 2, 1);
      this.supportFloatCast = at(10, 4, 5);
    } else {
      this.supportsSequences = false;
      this.supportsForUpdateOf = at(8);
      this.useMysqlForShare = at(8, 0, 1);
      this.requiresAliasForOnDuplicateKey = at(8, 0, 20);
      this.supportDefaultFunction = at(8, 0, 13);
      this.supportFloatCast = at(8, 0, 17);
    }
  }

  /** Booleans are written `true` / `false`, which MySQL accepts although it stores them as 1 / 0. */
  override renderLiteral(value: unknown): string {
    if (typeof value === "boolean") return value ? "true" : "false";
    return super.renderLiteral(value);
  }
}
