/**
 * The dialect SPI: what a database (and its driver) tells Core. This file
 * holds the compile-time half: names, paramstyle, capability flags, compiler
 * classes and type adaptation. A dialect package subclasses `DefaultDialect`
 * and overrides only what differs, so new SPI members arrive with defaults.
 */

import { type DBAPIErrorKind, InvalidRequestError, NotImplementedError } from "../exc.js";
import { DDLCompiler } from "../sql/compiler/ddl-compiler.js";
import { IdentifierPreparer } from "../sql/compiler/identifier-preparer.js";
import { SQLCompiler } from "../sql/compiler/sql-compiler.js";
import { TypeCompiler } from "../sql/compiler/type-compiler.js";
import { text } from "../sql/elements/text.js";
import type { Table } from "../sql/schema/table.js";
import type { TypeEngine } from "../sql/types/type-engine.js";
import type { Connection } from "./connection.js";
import type { ConnectArgs, DriverAdapter, DriverConnection } from "./driver.js";
import { type Op, perform } from "./effects.js";
import type { DialectReflector } from "./reflection/reflector.js";
import type { URL } from "./url.js";

/**
 * How bound parameters are written in SQL, chosen by the driver:
 * `qmark` `?`, `format` `%s`, `numeric` `:1`, `numericDollar` `$1`,
 * `named` `:name`, `pyformat` `%(name)s`, `atP` `@p1` (tedious).
 */
export type Paramstyle = "qmark" | "format" | "numeric" | "numericDollar" | "named" | "pyformat" | "atP";

/** Options every dialect accepts. */
export interface DialectOptions {
  paramstyle?: Paramstyle;
  /** The server version, when known without connecting (as after a connect). */
  serverVersion?: readonly number[];
}

/** The version of the SPI this Core implements; a dialect built against another major is refused. */
export const DIALECT_SPI_VERSION = 1;

/**
 * The default dialect: generic SQL, used to render statements as strings
 * when no database is involved (`String(stmt)`).
 */
export class DefaultDialect {
  /** The SPI version this dialect was written against. */
  readonly spiVersion: number = DIALECT_SPI_VERSION;
  name = "default";
  driver = "";
  paramstyle: Paramstyle = "named";
  serverVersionInfo: readonly number[] | undefined;

  // Component classes; dialects assign their own subclasses.
  statementCompiler: typeof SQLCompiler = SQLCompiler;
  ddlCompiler: typeof DDLCompiler = DDLCompiler;
  typeCompilerClass: typeof TypeCompiler = TypeCompiler;
  preparerClass: typeof IdentifierPreparer = IdentifierPreparer;

  // Capability flags, named as SQLAlchemy's.
  supportsNativeBoolean = true;
  supportsNativeEnum = false;
  supportsNativeUuid = false;
  supportsSequences = false;
  sequencesOptional = true;
  insertReturning = false;
  updateReturning = false;
  deleteReturning = false;
  /** UPDATE ... RETURNING of several tables (PostgreSQL's UPDATE..FROM). */
  updateReturningMultifrom = false;
  deleteReturningMultifrom = false;
  /**
   * Single-row INSERTs fetch a generated primary key with RETURNING (or
   * OUTPUT) rather than the driver's last-row id.
   */
  implicitReturning = false;
  supportsMultivaluesInsert = true;
  supportsDefaultValues = true;
  supportsDefaultMetavalue = true;
  supportsEmptyInsert = true;
  supportsAlter = true;
  supportsComments = false;
  inlineComments = false;
  supportsIdentityColumns = false;
  supportsSimpleOrderByLabel = true;
  supportsSavepoints = true;
  /** The driver reports how many rows an UPDATE or DELETE matched (the ORM checks versioned rows with it). */
  supportsSaneRowcount = true;
  /** ... and the total over an executemany, so versioned rows may be updated or deleted in one batch. */
  supportsSaneMultiRowcount = true;
  supportsStatementCache = true;
  postfetchLastrowid = true;
  /** Integer division truncates (so true division casts the divisor). */
  divIsFloordiv = true;
  /** String literals treat backslash as an escape (MySQL). */
  backslashEscapes = false;
  maxIdentifierLength = 9999;
  /** Names are stored upper-case when unquoted (Oracle). */
  requiresNameNormalize = false;
  tupleInValues = false;

  /** Generic type → dialect type adaptation, by generic visit name. */
  colspecs: ReadonlyMap<string, (type: TypeEngine<unknown>) => TypeEngine<unknown>> = new Map();

  private preparerInstance: IdentifierPreparer | undefined;
  private typeCompilerInstance: TypeCompiler | undefined;

  constructor(options: DialectOptions = {}) {
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
    this.serverVersionInfo = options.serverVersion;
  }

  /** The identifier preparer (quoting rules), created once. */
  get preparer(): IdentifierPreparer {
    this.preparerInstance ??= new this.preparerClass(this);
    return this.preparerInstance;
  }

  /** The type compiler (DDL names of types), created once. */
  get typeCompiler(): TypeCompiler {
    this.typeCompilerInstance ??= new this.typeCompilerClass(this);
    return this.typeCompilerInstance;
  }

  /** Whether the paramstyle is positional (`?`, `%s`, `$1`, `:1`, `@p1`). */
  get positional(): boolean {
    return this.paramstyle !== "named" && this.paramstyle !== "pyformat";
  }

  /** Whether `%` must be written `%%` in SQL text (the `format` and `pyformat` styles). */
  get doublePercents(): boolean {
    return this.paramstyle === "format" || this.paramstyle === "pyformat";
  }

  /** The dialect's implementation of a generic type (`colspecs`), or the type itself. */
  adaptType(type: TypeEngine<unknown>): TypeEngine<unknown> {
    const adapt = this.colspecs.get(type.visitName) ?? this.colspecs.get(type.affinity);
    return adapt !== undefined ? adapt(type) : type;
  }

  /** Renders a plain JavaScript value as a SQL literal. */
  renderLiteral(value: unknown): string {
    if (value === null || value === undefined) return "NULL";
    if (typeof value === "number" || typeof value === "bigint") return String(value);
    if (typeof value === "boolean")
      return this.supportsNativeBoolean ? (value ? "true" : "false") : value ? "1" : "0";
    let s = String(value).replace(/'/g, "''");
    if (this.backslashEscapes) s = s.replace(/\\/g, "\\\\");
    return `'${s}'`;
  }

  // ==================================================================================
  // Connecting and executing: driver dialect classes (`PGDialectPg`, ...) override these.
  // ==================================================================================

  /**
   * Insert many rows with one multi-row `INSERT .. VALUES (..), (..) .. RETURNING`
   * per page ("insertmanyvalues"), rather than one statement per row.
   */
  useInsertmanyvalues = false;
  /**
   * Use insertmanyvalues pages for an executemany INSERT without RETURNING
   * too: for drivers with no batched executemany of their own (pg, mysql2),
   * where a round trip per row would be far slower. (SQLAlchemy's
   * `use_insertmanyvalues_wo_returning`.)
   */
  useInsertmanyvaluesWoReturning = false;
  /** Rows per page of an insertmanyvalues batch. Default 1000. */
  insertmanyvaluesPageSize = 1000;
  /** The most bound parameters one insertmanyvalues page may have (pages shrink to fit). */
  insertmanyvaluesMaxParameters = 32700;
  /** The isolation levels `executionOptions({ isolationLevel })` accepts, AUTOCOMMIT included where supported. */
  isolationLevels: readonly string[] = [
    "SERIALIZABLE",
    "REPEATABLE READ",
    "READ COMMITTED",
    "READ UNCOMMITTED",
    "AUTOCOMMIT",
  ];

  /**
   * The driver adapter, which talks to the real driver. A dialect without a
   * driver (this one, or `PGDialect` itself) cannot connect: use the driver
   * class, or a URL naming the driver (`postgresql+pg://`).
   */
  driverAdapter(): DriverAdapter {
    throw new InvalidRequestError(
      `the ${this.name} dialect has no driver to connect with; use a dialect class bound to a driver (a URL such as ${this.name}+<driver>://)`,
    );
  }

  /** Connection arguments from a URL and the engine's `connectArgs`. */
  createConnectArgs(url: URL, driverOptions: Readonly<Record<string, unknown>> = {}): ConnectArgs {
    return {
      host: url.host,
      port: url.port,
      database: url.database,
      username: url.username,
      password: url.password,
      query: url.query,
      driverOptions,
    };
  }

  /**
   * The pool class an engine uses by default for a URL: a queue of
   * connections, or one shared connection where the database lives in the
   * connection itself (in-memory SQLite). Default `"queue"`.
   */
  poolClassForUrl(url: URL): "queue" | "static" | "null" | "singleton" {
    void url;
    return "queue";
  }

  /** Whether a connection is alive (`poolPrePing`): runs `SELECT 1`. A disconnect error counts as dead. */
  *doPing(conn: DriverConnection): Op<boolean> {
    try {
      yield* perform(conn.execute(this.pingSql, [], { returnsRows: true }));
      return true;
    } catch (err) {
      if (this.isDisconnect(err)) return false;
      throw err;
    }
  }

  /** The statement a ping runs. */
  pingSql = "SELECT 1";

  /** Whether a table exists (`createAll`'s checkfirst). The default asks information_schema. */
  *hasTable(conn: Connection, tableName: string, schema?: string): Op<boolean> {
    const stmt =
      schema === undefined
        ? text(
            "SELECT 1 FROM information_schema.tables WHERE table_name = :name AND table_schema = current_schema()",
          )
        : text("SELECT 1 FROM information_schema.tables WHERE table_name = :name AND table_schema = :schema");
    const result = yield* conn.executeOp(
      stmt.bindparams(schema === undefined ? { name: tableName } : { name: tableName, schema }),
    );
    return (yield* result.firstOp()) !== null;
  }

  /** Whether a sequence exists. The default asks information_schema. */
  *hasSequence(conn: Connection, sequenceName: string, schema?: string): Op<boolean> {
    const stmt =
      schema === undefined
        ? text(
            "SELECT 1 FROM information_schema.sequences WHERE sequence_name = :name AND sequence_schema = current_schema()",
          )
        : text(
            "SELECT 1 FROM information_schema.sequences WHERE sequence_name = :name AND sequence_schema = :schema",
          );
    const result = yield* conn.executeOp(
      stmt.bindparams(schema === undefined ? { name: sequenceName } : { name: sequenceName, schema }),
    );
    return (yield* result.firstOp()) !== null;
  }

  /** Before `createAll` creates a table: types it needs (PostgreSQL ENUMs). Default: nothing. */
  *beforeCreateTable(conn: Connection, table: Table, checkfirst: boolean): Op<void> {
    void conn;
    void table;
    void checkfirst;
  }

  /** After `dropAll` drops a table: types only it used. Default: nothing. */
  *afterDropTable(conn: Connection, table: Table, checkfirst: boolean): Op<void> {
    void conn;
    void table;
    void checkfirst;
  }

  /** The reflector class (`DialectReflector` subclass) of this dialect; `undefined` where there is none. */
  reflectorClass: (new (dialect: Dialect) => DialectReflector) | undefined = undefined;
  private reflectorInstance: DialectReflector | undefined;

  /** Reads the database's catalog for the `Inspector` and `Table` autoload. */
  reflector(): DialectReflector {
    if (this.reflectorInstance !== undefined) return this.reflectorInstance;
    if (this.reflectorClass === undefined) {
      throw new NotImplementedError(`the ${this.name} dialect does not support reflection`);
    }
    this.reflectorInstance = new this.reflectorClass(this);
    return this.reflectorInstance;
  }

  /** Runs on every new connection before it is used (session settings). Default: nothing. */
  *onConnect(conn: DriverConnection): Op<void> {
    void conn;
  }

  /** Runs once, on the first connection of an engine: detects the server version and capabilities. */
  *initialize(conn: DriverConnection): Op<void> {
    void conn;
  }

  /** Whether a driver error means the connection is gone (so it is invalidated, not reused). */
  isDisconnect(err: unknown): boolean {
    void err;
    return false;
  }

  /** The PEP 249 kind of a driver error (`IntegrityError`, ...); dialects map their drivers' codes. */
  classifyError(err: unknown): DBAPIErrorKind {
    void err;
    return "DatabaseError";
  }

  /** `SAVEPOINT name`. */
  savepointSql(name: string): string {
    return `SAVEPOINT ${this.preparer.quote(name)}`;
  }
  /** `RELEASE SAVEPOINT name`. */
  releaseSavepointSql(name: string): string {
    return `RELEASE SAVEPOINT ${this.preparer.quote(name)}`;
  }
  /** `ROLLBACK TO SAVEPOINT name`. */
  rollbackToSavepointSql(name: string): string {
    return `ROLLBACK TO SAVEPOINT ${this.preparer.quote(name)}`;
  }

  /** Sets the isolation level of a connection (not AUTOCOMMIT, which `setAutocommit` handles). */
  *setIsolationLevel(conn: DriverConnection, level: string): Op<void> {
    yield* perform(
      conn.execute(`SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL ${level}`, [], {
        returnsRows: false,
      }),
    );
  }

  /** The connection's current isolation level. */
  *getIsolationLevel(conn: DriverConnection): Op<string> {
    const r = yield* perform(conn.execute("SHOW TRANSACTION ISOLATION LEVEL", [], { returnsRows: true }));
    return String(r.rows[0]?.[0] ?? "").toUpperCase();
  }

  /**
   * Turns the driver's autocommit on or off. Drivers that do not open
   * transactions by themselves (most here: `begin()` is explicit) need nothing.
   */
  *setAutocommit(conn: DriverConnection, on: boolean): Op<void> {
    void conn;
    void on;
  }

  /** Whether the server version is at least `version`; unknown versions count as new. */
  serverVersionAtLeast(...version: number[]): boolean {
    const mine = this.serverVersionInfo;
    if (mine === undefined) return true;
    for (let i = 0; i < version.length; i++) {
      const a = mine[i] ?? 0;
      const b = version[i] ?? 0;
      if (a !== b) return a > b;
    }
    return true;
  }
}

/** A dialect: the default one or a subclass from a dialect package. */
export type Dialect = DefaultDialect;
