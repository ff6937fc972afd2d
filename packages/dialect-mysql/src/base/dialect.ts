import {
  type Connection,
  type DDLCompiler,
  DefaultDialect,
  type DialectOptions,
  type DriverConnection,
  type IdentifierPreparer,
  InvalidRequestError,
  type Op,
  type Paramstyle,
  perform,
  type SQLCompiler,
  type TypeCompiler,
  text,
} from "@athanor/core";
import { MySQLCompiler } from "./compiler.js";
import { MySQLDDLCompiler } from "./ddl-compiler.js";
import { MySQLIdentifierPreparer } from "./preparer.js";
import { MySQLReflector } from "./reflection.js";
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

  /**
   * Whether this is the MariaDB variant. Set by the constructor's option, and
   * after connecting by {@link MySQLDialect.setServerInfo} when a `mysql://`
   * URL reaches a MariaDB server (as SQLAlchemy does).
   */
  isMariaDB: boolean;

  override statementCompiler: typeof SQLCompiler = MySQLCompiler;
  override ddlCompiler: typeof DDLCompiler = MySQLDDLCompiler as unknown as typeof DDLCompiler;
  override typeCompilerClass: typeof TypeCompiler = MySQLTypeCompiler;
  override preparerClass: typeof IdentifierPreparer = MySQLIdentifierPreparer;
  /** Reads `information_schema` for the `Inspector` and `Table` autoload (see {@link MySQLReflector}). */
  override reflectorClass: DefaultDialect["reflectorClass"] = MySQLReflector;

  // MySQL has no BOOLEAN type (BOOL is TINYINT(1)), though it knows `true` and `false`.
  override supportsNativeBoolean = false;
  override supportsNativeEnum = true;
  override sequencesOptional = false;
  override supportsMultivaluesInsert = true;
  /** Many rows of an INSERT .. RETURNING go as multi-row pages (insertmanyvalues). */
  override useInsertmanyvalues = true;
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
  supportsForUpdateOf = false;
  /** `FOR SHARE` rather than `LOCK IN SHARE MODE` (MySQL 8.0.1). */
  useMysqlForShare = false;
  /** `ON DUPLICATE KEY UPDATE` refers to the new row by the alias `AS new` (MySQL 8.0.20). */
  requiresAliasForOnDuplicateKey = false;
  /** Expression defaults in DDL are written `DEFAULT (expr)` (MySQL 8.0.13, MariaDB 10.2.1). */
  supportDefaultFunction = false;
  /** `CAST(x AS FLOAT)` is accepted (MySQL 8.0.17, MariaDB 10.4.5). */
  supportFloatCast = false;

  constructor(options: MySQLDialectOptions = {}) {
    super(options);
    // The field initializers above ran after the base constructor applied the options.
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
    const maria = options.isMariaDB ?? false;
    this.isMariaDB = maria;
    if (maria) this.name = "mariadb";
    this.applyServerVersion();
  }

  /**
   * Sets the version-dependent flags from `serverVersionInfo` and
   * `isMariaDB` (an unknown version counts as a current server).
   */
  protected applyServerVersion(): void {
    const at = (...v: number[]) => this.serverVersionAtLeast(...v);
    if (this.isMariaDB) {
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
      this.insertReturning = false;
      this.deleteReturning = false;
      this.supportsNativeUuid = false;
      this.supportsForUpdateOf = at(8);
      this.useMysqlForShare = at(8, 0, 1);
      this.requiresAliasForOnDuplicateKey = at(8, 0, 20);
      this.supportDefaultFunction = at(8, 0, 13);
      this.supportFloatCast = at(8, 0, 17);
    }
  }

  /**
   * Records what a connection found out about the server (its version, and
   * whether it is MariaDB) and recomputes the version-dependent flags. A
   * `mysql://` dialect that reaches MariaDB compiles MariaDB SQL from then on
   * (its reserved words, RETURNING, sequences, ...) while keeping its name
   * `mysql`, as SQLAlchemy does; a MariaDB dialect refuses a MySQL server.
   *
   * @throws InvalidRequestError when the dialect is the MariaDB variant and the server is MySQL.
   */
  setServerInfo(version: readonly number[], isMariaDB: boolean): void {
    if (this.isMariaDB && !isMariaDB) {
      throw new InvalidRequestError(`MySQL version ${version.join(".")} is not a MariaDB variant.`);
    }
    this.serverVersionInfo = version;
    if (isMariaDB !== this.isMariaDB) {
      this.isMariaDB = isMariaDB;
      // The preparer picked its reserved words by variant when it was created.
      this.mysqlPreparer = undefined;
    }
    this.applyServerVersion();
  }

  private mysqlPreparer: IdentifierPreparer | undefined;

  /** The identifier preparer, created again after {@link setServerInfo} switches the variant. */
  override get preparer(): IdentifierPreparer {
    this.mysqlPreparer ??= new this.preparerClass(this);
    return this.mysqlPreparer;
  }

  /** Whether a table exists, in the given schema or the connection's database (`DATABASE()`). */
  override *hasTable(conn: Connection, tableName: string, schema?: string): Op<boolean> {
    return yield* this.exists(
      conn,
      `SELECT 1 FROM information_schema.tables WHERE table_name = :name AND table_schema = ${schema === undefined ? "DATABASE()" : ":schema"}`,
      schema === undefined ? { name: tableName } : { name: tableName, schema },
    );
  }

  /** Whether a sequence exists (MariaDB 10.3+; MySQL has none). */
  override *hasSequence(conn: Connection, sequenceName: string, schema?: string): Op<boolean> {
    if (!this.supportsSequences) return false;
    return yield* this.exists(
      conn,
      "SELECT 1 FROM information_schema.tables WHERE table_type = 'SEQUENCE' AND table_name = :name " +
        `AND table_schema = ${schema === undefined ? "DATABASE()" : ":schema"}`,
      schema === undefined ? { name: sequenceName } : { name: sequenceName, schema },
    );
  }

  /** Whether `sql` (with `:name` / `:schema` binds) returns a row. */
  private *exists(conn: Connection, sql: string, binds: Record<string, unknown>): Op<boolean> {
    const result = yield* conn.executeOp(text(sql).bindparams(binds));
    return (yield* result.firstOp()) !== null;
  }

  /**
   * `SET autocommit = 1 | 0`: the AUTOCOMMIT isolation level turns the
   * session's autocommit on (connections start with it off, as the Python
   * drivers leave them).
   */
  override *setAutocommit(conn: DriverConnection, on: boolean): Op<void> {
    yield* perform(conn.execute(`SET autocommit=${on ? 1 : 0}`, [], { returnsRows: false }));
  }

  /**
   * Reads `SELECT VERSION()` and records the version and the variant
   * ({@link setServerInfo}): `10.11.19-MariaDB-0+deb12u1` is MariaDB 10.11.19.
   */
  override *initialize(conn: DriverConnection): Op<void> {
    const r = yield* perform(conn.execute("SELECT VERSION()", [], { returnsRows: true }));
    const { version, isMariaDB } = parseMySQLVersion(String(r.rows[0]?.[0] ?? ""));
    this.setServerInfo(version, isMariaDB);
  }

  /** The isolation levels of `SET SESSION TRANSACTION ISOLATION LEVEL`, and AUTOCOMMIT (no BEGIN). */
  override isolationLevels: readonly string[] = [
    "SERIALIZABLE",
    "READ UNCOMMITTED",
    "READ COMMITTED",
    "REPEATABLE READ",
    "AUTOCOMMIT",
  ];

  /** `SET SESSION TRANSACTION ISOLATION LEVEL <level>`, then `COMMIT` as SQLAlchemy does (it takes effect at once). */
  override *setIsolationLevel(conn: DriverConnection, level: string): Op<void> {
    yield* perform(
      conn.execute(`SET SESSION TRANSACTION ISOLATION LEVEL ${level}`, [], { returnsRows: false }),
    );
    yield* perform(conn.execute("COMMIT", [], { returnsRows: false }));
  }

  /**
   * The session's isolation level: `@@transaction_isolation` (MySQL 5.7.20+)
   * or `@@tx_isolation` (MariaDB, older MySQL), `REPEATABLE-READ` →
   * `REPEATABLE READ`.
   */
  override *getIsolationLevel(conn: DriverConnection): Op<string> {
    const variable =
      !this.isMariaDB && this.serverVersionAtLeast(5, 7, 20) ? "@@transaction_isolation" : "@@tx_isolation";
    const r = yield* perform(conn.execute(`SELECT ${variable}`, [], { returnsRows: true }));
    return String(r.rows[0]?.[0] ?? "")
      .toUpperCase()
      .replace(/-/g, " ");
  }

  /** Booleans are written `true` / `false`, which MySQL accepts although it stores them as 1 / 0. */
  override renderLiteral(value: unknown): string {
    if (typeof value === "boolean") return value ? "true" : "false";
    return super.renderLiteral(value);
  }
}

/**
 * The version numbers of a `VERSION()` string and whether it is MariaDB, as
 * SQLAlchemy reads them: `8.0.36` → MySQL 8.0.36; `10.11.19-MariaDB-0+deb12u1`
 * and the older `5.5.5-10.4.8-MariaDB` form → MariaDB (the three numbers
 * before the `MariaDB` token).
 */
export function parseMySQLVersion(text: string): { version: number[]; isMariaDB: boolean } {
  const version: number[] = [];
  let maria: number[] | undefined;
  for (const token of text.split(/[.\-+]/)) {
    const m = /^(?:(\d+)[abc]?|(MariaDB\w*))$/.exec(token);
    if (m === null) continue;
    if (m[2] !== undefined) maria = version.slice(-3);
    else version.push(Number(m[1]));
  }
  return maria !== undefined && maria.length > 0
    ? { version: maria, isMariaDB: true }
    : { version, isMariaDB: false };
}
