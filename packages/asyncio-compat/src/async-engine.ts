/**
 * `AsyncEngine`, `AsyncConnection` and `AsyncTransaction`: core's engine and
 * connection with every I/O step awaited (SQLAlchemy's `ext.asyncio`).
 *
 * These are thin: each method runs core's operation (`executeOp`,
 * `commitOp`, ...) with the async runner, so Core's behaviour is one
 * implementation for both APIs. Any driver works: a sync driver is simply
 * called, an async one awaited.
 */
import {
  type ClauseElement,
  type Connection,
  createEngine,
  type Engine,
  type EngineOptions,
  type ExecuteParams,
  type ExecutionOptions,
  type Op,
  type Transaction,
  type URL,
} from "@athanor/core";
import { AsyncResult, type AsyncScalarResult } from "./async-result.js";
import { runAsync } from "./run-async.js";

/** The awaited result type of executing a statement. */
export type AsyncResultOf<S> = S extends { readonly __row: infer R } ? AsyncResult<R> : AsyncResult<any>;

/** A transaction of an `AsyncConnection`. */
export class AsyncTransaction {
  constructor(readonly transaction: Transaction) {}
  get isActive(): boolean {
    return this.transaction.isActive;
  }
  commit(): Promise<void> {
    return runAsync(this.transaction.commitOp());
  }
  rollback(): Promise<void> {
    return runAsync(this.transaction.rollbackOp());
  }
  /** Rolls back if still active (the end of an `await using` block). */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.transaction.isActive) await this.rollback();
  }
}

/** An awaited database connection. Make one with `engine.connect()`. */
export class AsyncConnection {
  constructor(readonly syncConnection: Connection) {}

  get closed(): boolean {
    return this.syncConnection.closed;
  }
  get invalidated(): boolean {
    return this.syncConnection.invalidated;
  }
  inTransaction(): boolean {
    return this.syncConnection.inTransaction();
  }
  inNestedTransaction(): boolean {
    return this.syncConnection.inNestedTransaction();
  }

  /**
   * Runs one of core's operations on this connection's runner. Core's
   * functions that take "a connection of either kind" (`metadata.createAll`,
   * `inspect`) call this, so they return Promises here.
   */
  run<R>(op: Op<R>): Promise<R> {
    return runAsync(op);
  }

  /** Sets execution options (`isolationLevel`, `yieldPer`, ...) and returns this connection. */
  executionOptions(options: ExecutionOptions): this {
    this.syncConnection.executionOptions(options);
    return this;
  }

  /** Executes a statement; the rows are buffered (see `stream()` for a server-side cursor). */
  async execute<S extends ClauseElement>(
    statement: S,
    params?: ExecuteParams,
    options?: ExecutionOptions,
  ): Promise<AsyncResultOf<S>> {
    const result = await runAsync(this.syncConnection.executeOp(statement, params, options));
    return new AsyncResult(result) as AsyncResultOf<S>;
  }

  /** Executes a statement with a server-side cursor where the driver has one; rows are read as iterated. */
  async stream<S extends ClauseElement>(
    statement: S,
    params?: ExecuteParams,
    options: ExecutionOptions = {},
  ): Promise<AsyncResultOf<S>> {
    return this.execute(statement, params, { ...options, streamResults: true });
  }

  /** The first column of the first row, or `null`. */
  async scalar<S extends ClauseElement>(statement: S, params?: ExecuteParams): Promise<unknown> {
    return (await this.execute(statement, params)).scalar();
  }

  /** The first column of every row. */
  async scalars<S extends ClauseElement>(
    statement: S,
    params?: ExecuteParams,
  ): Promise<AsyncScalarResult<unknown>> {
    return (await this.execute(statement, params)).scalars();
  }

  /** Begins the root transaction; with a callback, commits after it and rolls back if it throws. */
  begin(): Promise<AsyncTransaction>;
  begin<R>(fn: (tx: AsyncTransaction) => Promise<R>): Promise<R>;
  async begin<R>(fn?: (tx: AsyncTransaction) => Promise<R>): Promise<AsyncTransaction | R> {
    const tx = new AsyncTransaction(await runAsync(this.syncConnection.beginOp()));
    if (fn === undefined) return tx;
    return scoped(tx, fn);
  }

  /** A savepoint; with a callback, released after it and rolled back to if it throws. */
  beginNested(): Promise<AsyncTransaction>;
  beginNested<R>(fn: (tx: AsyncTransaction) => Promise<R>): Promise<R>;
  async beginNested<R>(fn?: (tx: AsyncTransaction) => Promise<R>): Promise<AsyncTransaction | R> {
    const tx = new AsyncTransaction(await runAsync(this.syncConnection.beginNestedOp()));
    if (fn === undefined) return tx;
    return scoped(tx, fn);
  }

  /** Commits the current transaction (commit as you go). */
  commit(): Promise<void> {
    return runAsync(this.syncConnection.commitOp());
  }
  /** Rolls back the current transaction. */
  rollback(): Promise<void> {
    return runAsync(this.syncConnection.rollbackOp());
  }
  /** The current isolation level. */
  getIsolationLevel(): Promise<string> {
    return runAsync(this.syncConnection.getIsolationLevelOp());
  }
  /** Discards the database connection. */
  invalidate(err?: unknown): Promise<void> {
    return runAsync(this.syncConnection.invalidateOp(err));
  }
  /** Rolls back anything open and returns the database connection to the pool. */
  close(): Promise<void> {
    return runAsync(this.syncConnection.closeOp());
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

async function scoped<R>(tx: AsyncTransaction, fn: (tx: AsyncTransaction) => Promise<R>): Promise<R> {
  let out: R;
  try {
    out = await fn(tx);
  } catch (err) {
    if (tx.isActive) await tx.rollback();
    throw err;
  }
  if (tx.isActive) await tx.commit();
  return out;
}

/** An engine whose connections are awaited. */
export class AsyncEngine {
  constructor(readonly syncEngine: Engine) {}

  get dialect() {
    return this.syncEngine.dialect;
  }
  get url(): URL {
    return this.syncEngine.url;
  }
  get pool() {
    return this.syncEngine.pool;
  }

  /** A new connection; the database connection is checked out when first used. */
  connect(): AsyncConnection {
    return new AsyncConnection(this.syncEngine.connect());
  }

  /**
   * A connection with a transaction for a block: commits when `fn` resolves,
   * rolls back if it rejects, and closes the connection either way.
   */
  async begin<R>(fn: (conn: AsyncConnection) => Promise<R>): Promise<R> {
    const conn = this.connect();
    try {
      return await conn.begin(() => fn(conn));
    } finally {
      await conn.close();
    }
  }

  /** Closes the pool's connections. */
  dispose(): Promise<void> {
    return runAsync(this.syncEngine.disposeOp());
  }

  toString(): string {
    return `Async${this.syncEngine.toString()}`;
  }
}

/**
 * Makes an engine whose operations are awaited, for async drivers (pg,
 * mysql2, tedious, oracledb) and sync ones alike.
 *
 * @example
 * ```ts
 * const engine = createAsyncEngine("postgresql+pg://scott:tiger@localhost/test");
 * await using conn = engine.connect();
 * const rows = await (await conn.execute(select(user))).all();
 * ```
 */
export function createAsyncEngine(url: string | URL, options: EngineOptions = {}): AsyncEngine {
  return new AsyncEngine(createEngine(url, options));
}
