/**
 * `Connection`: one database connection checked out from the engine's pool,
 * with SQLAlchemy 2.0's transaction model: a transaction begins by itself at
 * the first statement ("autobegin") and ends with `commit()` / `rollback()`
 * (commit as you go), or is scoped with `begin()`; savepoints with
 * `beginNested()`.
 *
 * Every operation is written once as an Op (`executeOp`, `commitOp`, ...);
 * the methods without the suffix run it synchronously, and
 * `@athanor/asyncio-compat` awaits the same Ops.
 */
import { InvalidRequestError, ResourceClosedError } from "../exc.js";
import type { ClauseElement } from "../sql/elements/base.js";
import { isClauseElement } from "../sql/elements/base.js";
import type { DriverConnection, DriverResult } from "./driver.js";
import { type Op, perform, runSync } from "./effects.js";
import type { Engine, PooledConnectionLike } from "./engine.js";
import { Dispatcher, type HasEvents } from "./events.js";
import { type ExecuteParams, executeStatementOp } from "./statement-execution.js";

/** Options of a connection or of one execution. */
export interface ExecutionOptions {
  /** The transaction isolation level, or `"AUTOCOMMIT"` (no transactions at all). */
  isolationLevel?: string;
  /** Rows fetched per round trip when streaming (`yieldPer`); implies a server-side cursor. */
  yieldPer?: number;
  /** Use a server-side cursor where the driver has one. */
  streamResults?: boolean;
  /** `null` disables the compiled cache for these executions. */
  compiledCache?: null;
  /** Rows per page for multi-row INSERT .. RETURNING batches. */
  insertmanyvaluesPageSize?: number;
  /** Free-form options a listener may read. */
  [option: string]: unknown;
}

/** A transaction of a connection: the root one or a savepoint. */
export class Transaction {
  private active = true;

  constructor(
    readonly connection: Connection,
    /** The savepoint name, for a nested transaction. */
    readonly savepoint: string | undefined,
    readonly parent: Transaction | undefined,
  ) {}

  /** Whether the transaction can still be committed or rolled back. */
  get isActive(): boolean {
    return this.active;
  }

  /** Whether this is a savepoint (`beginNested()`). */
  get nested(): boolean {
    return this.savepoint !== undefined;
  }

  /** COMMIT, or RELEASE SAVEPOINT for a nested transaction. */
  *commitOp(): Op<void> {
    this.assertActive();
    yield* this.connection.endTransactionOp(this, "commit");
  }
  /** ROLLBACK, or ROLLBACK TO SAVEPOINT for a nested transaction. */
  *rollbackOp(): Op<void> {
    if (!this.active) return;
    yield* this.connection.endTransactionOp(this, "rollback");
  }
  commit(): void {
    runSync(this.commitOp());
  }
  rollback(): void {
    runSync(this.rollbackOp());
  }
  /** Rolls back if still active (ending a `using` block). */
  close(): void {
    this.rollback();
  }
  [Symbol.dispose](): void {
    this.close();
  }

  /** @internal */
  deactivate(): void {
    this.active = false;
  }

  private assertActive(): void {
    if (!this.active) throw new InvalidRequestError("This transaction is inactive");
  }
}

let savepointCounter = 0;

/** A database connection of an engine. Make one with `engine.connect()`. */
export class Connection implements HasEvents {
  readonly dispatch: Dispatcher;
  private pooled: PooledConnectionLike<DriverConnection> | undefined;
  private root: Transaction | undefined;
  private readonly savepoints: Transaction[] = [];
  private closedFlag = false;
  private invalidatedFlag = false;
  /** Options of this connection (`executionOptions()`), over the engine's. */
  options: ExecutionOptions;
  private isolationApplied = false;

  constructor(readonly engine: Engine) {
    this.dispatch = new Dispatcher(engine.dispatch);
    this.options = { ...engine.options.executionOptions };
    if (this.dispatch.has("engineConnect")) this.dispatch.fire("engineConnect", this);
  }

  /** The dialect of the engine. */
  get dialect() {
    return this.engine.dialect;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Whether the connection was invalidated (its database connection discarded). */
  get invalidated(): boolean {
    return this.invalidatedFlag;
  }

  /** Whether a transaction is open (begun explicitly or by the first statement). */
  inTransaction(): boolean {
    return this.root !== undefined;
  }
  /** Whether a savepoint is open. */
  inNestedTransaction(): boolean {
    return this.savepoints.length > 0;
  }
  /** The open root transaction, if any. */
  getTransaction(): Transaction | undefined {
    return this.root;
  }
  /** The innermost open savepoint, if any. */
  getNestedTransaction(): Transaction | undefined {
    return this.savepoints[this.savepoints.length - 1];
  }

  /** Whether this connection runs in AUTOCOMMIT (no BEGIN, COMMIT or ROLLBACK). */
  get autocommit(): boolean {
    return this.options.isolationLevel === "AUTOCOMMIT";
  }

  /**
   * Sets options for the statements of this connection (and returns it):
   * `isolationLevel`, `yieldPer`, `streamResults`, ...
   */
  executionOptions(options: ExecutionOptions): this {
    if (options.isolationLevel !== undefined) {
      const level = options.isolationLevel.toUpperCase().replace(/_/g, " ");
      if (!this.dialect.isolationLevels.includes(level)) {
        throw new InvalidRequestError(
          `Invalid value '${options.isolationLevel}' for isolationLevel. Valid isolation levels for '${this.dialect.name}' are ${this.dialect.isolationLevels.join(", ")}`,
        );
      }
      if (this.root !== undefined) {
        throw new InvalidRequestError("Can't change the isolation level while a transaction is in progress");
      }
      options = { ...options, isolationLevel: level };
      this.isolationApplied = false;
    }
    this.options = { ...this.options, ...options };
    return this;
  }

  // --- the database connection ----------------------------------------------------------

  /**
   * @internal The driver connection when `driverConnectionOp` has nothing to
   * do (checked out, usable, isolation level applied), else `undefined`: the
   * hot path of execution skips a generator.
   */
  readyDriverConnection(): DriverConnection | undefined {
    if (this.closedFlag || this.invalidatedFlag || this.pooled === undefined) return undefined;
    if (!this.isolationApplied && this.options.isolationLevel !== undefined) return undefined;
    return this.pooled.dbapiConnection;
  }

  /** The driver connection, checking one out of the pool on first use. */
  *driverConnectionOp(): Op<DriverConnection> {
    if (this.closedFlag) throw new ResourceClosedError("This Connection is closed");
    if (this.invalidatedFlag && this.pooled === undefined) {
      if (this.root !== undefined) {
        throw new InvalidRequestError(
          "Can't reconnect until invalid transaction is rolled back. Please rollback() fully before proceeding",
        );
      }
      this.invalidatedFlag = false;
    }
    if (this.pooled === undefined) this.pooled = yield* this.engine.checkoutOp();
    const conn = this.pooled.dbapiConnection;
    if (!this.isolationApplied && this.options.isolationLevel !== undefined) {
      if (this.options.isolationLevel === "AUTOCOMMIT") yield* this.dialect.setAutocommit(conn, true);
      else yield* this.dialect.setIsolationLevel(conn, this.options.isolationLevel);
      this.pooled.info.isolationChanged = true;
      this.isolationApplied = true;
    }
    return conn;
  }

  /** The current isolation level of the database connection. */
  *getIsolationLevelOp(): Op<string> {
    if (this.autocommit) return "AUTOCOMMIT";
    const conn = yield* this.driverConnectionOp();
    return yield* this.dialect.getIsolationLevel(conn);
  }
  getIsolationLevel(): string {
    return runSync(this.getIsolationLevelOp());
  }

  // --- transactions -------------------------------------------------------------------

  /** @internal Starts the root transaction if none is open (autobegin). */
  *autobeginOp(): Op<void> {
    if (this.root !== undefined || this.autocommit) return;
    yield* this.beginRootOp();
  }

  private *beginRootOp(): Op<Transaction> {
    const conn = yield* this.driverConnectionOp();
    if (this.dispatch.has("begin")) this.dispatch.fire("begin", this);
    this.engine.log("BEGIN (implicit)");
    if (!this.autocommit) yield* this.engine.wrapErrorsOp(this, perform(conn.begin()), "BEGIN", undefined);
    const tx = new Transaction(this, undefined, undefined);
    this.root = tx;
    return tx;
  }

  /**
   * Begins the root transaction explicitly. With a callback, commits when it
   * returns and rolls back if it throws.
   */
  *beginOp(): Op<Transaction> {
    if (this.root !== undefined) {
      throw new InvalidRequestError(
        "a transaction is already begun on this connection; commit or roll it back first, or use beginNested()",
      );
    }
    return yield* this.beginRootOp();
  }
  begin(): Transaction;
  begin<R>(fn: (tx: Transaction) => R): R;
  begin<R>(fn?: (tx: Transaction) => R): Transaction | R {
    const tx = runSync(this.beginOp());
    if (fn === undefined) return tx;
    return runScoped(tx, fn);
  }

  /** A SAVEPOINT inside the current transaction (beginning one if needed). */
  *beginNestedOp(): Op<Transaction> {
    yield* this.autobeginOp();
    const conn = yield* this.driverConnectionOp();
    const name = `sa_savepoint_${++savepointCounter}`;
    if (this.dispatch.has("savepoint")) this.dispatch.fire("savepoint", this, name);
    const sql = this.dialect.savepointSql(name);
    this.engine.log(sql);
    yield* this.engine.wrapErrorsOp(this, perform(conn.execute(sql, [], { returnsRows: false })), sql, []);
    const tx = new Transaction(this, name, this.getNestedTransaction() ?? this.root);
    this.savepoints.push(tx);
    return tx;
  }
  beginNested(): Transaction;
  beginNested<R>(fn: (tx: Transaction) => R): R;
  beginNested<R>(fn?: (tx: Transaction) => R): Transaction | R {
    const tx = runSync(this.beginNestedOp());
    if (fn === undefined) return tx;
    return runScoped(tx, fn);
  }

  /** @internal Ends a transaction object: COMMIT/ROLLBACK or the savepoint forms. */
  *endTransactionOp(tx: Transaction, how: "commit" | "rollback"): Op<void> {
    if (tx.savepoint !== undefined) {
      const i = this.savepoints.indexOf(tx);
      if (i < 0) return;
      // Ending a savepoint ends the savepoints opened inside it.
      for (const inner of this.savepoints.splice(i)) inner.deactivate();
      const conn = yield* this.driverConnectionOp();
      const sql =
        how === "commit"
          ? this.dialect.releaseSavepointSql(tx.savepoint)
          : this.dialect.rollbackToSavepointSql(tx.savepoint);
      const event = how === "commit" ? "releaseSavepoint" : "rollbackSavepoint";
      if (this.dispatch.has(event)) this.dispatch.fire(event, this, tx.savepoint);
      if (sql !== "") {
        this.engine.log(sql);
        yield* this.engine.wrapErrorsOp(
          this,
          perform(conn.execute(sql, [], { returnsRows: false })),
          sql,
          [],
        );
      }
      return;
    }
    if (tx !== this.root) return;
    for (const sp of this.savepoints.splice(0)) sp.deactivate();
    this.root = undefined;
    tx.deactivate();
    if (this.dispatch.has(how)) this.dispatch.fire(how, this);
    const pooled = this.pooled;
    if (pooled === undefined || this.autocommit) return;
    this.engine.log(how === "commit" ? "COMMIT" : "ROLLBACK");
    const step = how === "commit" ? pooled.dbapiConnection.commit() : pooled.dbapiConnection.rollback();
    yield* this.engine.wrapErrorsOp(this, perform(step), how.toUpperCase(), undefined);
  }

  /** Commits the current transaction (commit as you go); nothing happens when none is open. */
  *commitOp(): Op<void> {
    if (this.root !== undefined) yield* this.endTransactionOp(this.root, "commit");
  }
  commit(): void {
    runSync(this.commitOp());
  }
  /** Rolls back the current transaction; nothing happens when none is open. */
  *rollbackOp(): Op<void> {
    if (this.root !== undefined) yield* this.endTransactionOp(this.root, "rollback");
  }
  rollback(): void {
    runSync(this.rollbackOp());
  }

  // --- executing ----------------------------------------------------------------------

  /**
   * Executes a statement (a construct, or `text()`), with parameters by name,
   * or a list of them (executemany). Begins a transaction if none is open.
   */
  *executeOp(
    statement: ClauseElement,
    params?: ExecuteParams,
    options?: ExecutionOptions,
  ): Op<import("./result.js").Result<any>> {
    if (!isClauseElement(statement)) {
      throw new InvalidRequestError(
        typeof statement === "string"
          ? "Textual SQL expression should be explicitly declared as text(...) — or use execDriverSql()"
          : "execute() takes a SQL construct",
      );
    }
    const opts = options === undefined ? this.options : { ...this.options, ...options };
    return yield* executeStatementOp(this, statement, params, opts);
  }

  /** Executes a statement and returns its `Result`; rows typed from the statement. */
  execute<S extends ClauseElement>(
    statement: S,
    params?: ExecuteParams,
    options?: ExecutionOptions,
  ): ResultOf<S> {
    return runSync(this.executeOp(statement, params, options)) as ResultOf<S>;
  }

  /** The first column of the first row, or `undefined` when there is none. */
  scalar<S extends ClauseElement>(statement: S, params?: ExecuteParams): ScalarOf<S> | undefined {
    return this.execute(statement, params).scalar() as ScalarOf<S> | undefined;
  }

  /** The first column of every row. */
  scalars<S extends ClauseElement>(statement: S, params?: ExecuteParams) {
    return this.execute(statement, params).scalars() as import("./result.js").ScalarResult<ScalarOf<S>>;
  }

  /** Runs SQL text as is, with positional parameters in the driver's style (SQLAlchemy's `exec_driver_sql`). */
  *execDriverSqlOp(sql: string, params: readonly unknown[] = []): Op<DriverResult> {
    yield* this.autobeginOp();
    const conn = yield* this.driverConnectionOp();
    this.engine.logStatement(sql, params);
    return yield* this.engine.wrapErrorsOp(
      this,
      perform(conn.execute(sql, params, { returnsRows: true })),
      sql,
      params,
    );
  }
  execDriverSql(sql: string, params: readonly unknown[] = []): DriverResult {
    return runSync(this.execDriverSqlOp(sql, params));
  }

  // --- closing ------------------------------------------------------------------------

  /**
   * Rolls back anything open and returns the database connection to the pool.
   * The connection object cannot be used afterwards.
   */
  *closeOp(): Op<void> {
    if (this.closedFlag) return;
    try {
      if (this.root !== undefined) yield* this.rollbackOp();
    } finally {
      this.closedFlag = true;
      yield* this.releaseOp();
    }
  }
  close(): void {
    runSync(this.closeOp());
  }
  [Symbol.dispose](): void {
    this.close();
  }

  /** @internal Returns the database connection to the pool (resetting what this connection changed). */
  *releaseOp(): Op<void> {
    const pooled = this.pooled;
    if (pooled === undefined) return;
    this.pooled = undefined;
    if (pooled.info.isolationChanged === true && this.options.isolationLevel !== undefined) {
      // Restore the default so the next user of this database connection gets what it expects.
      try {
        const conn = pooled.dbapiConnection;
        if (this.options.isolationLevel === "AUTOCOMMIT") yield* this.dialect.setAutocommit(conn, false);
        const defaultLevel = this.engine.defaultIsolationLevel;
        if (defaultLevel !== undefined) yield* this.dialect.setIsolationLevel(conn, defaultLevel);
        pooled.info.isolationChanged = false;
      } catch (err) {
        yield* pooled.invalidate(err);
        return;
      }
    }
    yield* pooled.close();
  }

  /**
   * Discards the database connection (it is closed, not returned to the pool).
   * The Connection can be used again after any transaction is rolled back.
   */
  *invalidateOp(err?: unknown): Op<void> {
    const pooled = this.pooled;
    this.invalidatedFlag = true;
    if (pooled === undefined) return;
    this.pooled = undefined;
    this.isolationApplied = false;
    yield* pooled.invalidate(err);
  }
  invalidate(err?: unknown): void {
    runSync(this.invalidateOp(err));
  }

  /** @internal After a disconnect: the transaction cannot continue; the next use reconnects. */
  markInvalidatedByDisconnect(): void {
    this.invalidatedFlag = true;
    this.pooled = undefined;
    this.isolationApplied = false;
  }
}

/** Runs `fn` inside a transaction: commit after it, rollback if it throws. */
function runScoped<R>(tx: Transaction, fn: (tx: Transaction) => R): R {
  let out: R;
  try {
    out = fn(tx);
  } catch (err) {
    if (tx.isActive) tx.rollback();
    throw err;
  }
  if (tx.isActive) tx.commit();
  return out;
}

/** The Result type of executing a statement: rows typed from a SELECT, untyped otherwise. */
export type ResultOf<S> = S extends { readonly __row: infer R }
  ? import("./result.js").Result<R>
  : import("./result.js").Result<any>;
/** The type of the first column of a statement's rows. */
export type ScalarOf<S> = S extends { readonly __row: infer R } ? R[keyof R] : unknown;
