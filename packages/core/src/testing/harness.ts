/**
 * The compliance suite's small async facade: each test is written once,
 * awaiting `h.connect()`, `conn.execute(stmt)`, `result.all()`, and the
 * facade maps those calls to the sync API (`Engine`, `Connection`,
 * `Result`: a sync driver) or to the async API (`@athanor/asyncio-compat`'s
 * `AsyncEngine`, passed in by the dialect's test, typed here structurally so
 * core never imports it). Both APIs are exercised by the same tests.
 */
import type { Connection, ExecutionOptions, Transaction } from "../engine/connection.js";
import type { Op } from "../engine/effects.js";
import type { Engine } from "../engine/engine.js";
import type { ExecuteParams } from "../engine/execution.js";
import { type Inspector, inspect } from "../engine/reflection/inspector.js";
import {
  type AutoloadOptions,
  type ReflectOptions,
  reflectTable,
} from "../engine/reflection/reflect-table.js";
import type { Result } from "../engine/result.js";
import type { Row } from "../engine/row.js";
import type { CreateDropOptions } from "../engine/schema-ops.js";
import type { ClauseElement } from "../sql/elements/base.js";
import { literal } from "../sql/expressions.js";
import { type MetaData, Table } from "../sql/schema/table.js";
import { select } from "../sql/select.js";
import type { SuiteRequirements } from "./requirements.js";

/** The rows of a result (or of its `scalars()` / `mappings()` view), awaited. */
export interface SuiteRows<T> extends AsyncIterable<T> {
  all(): Promise<T[]>;
  fetchmany(size?: number): Promise<T[]>;
  first(): Promise<T | null>;
  one(): Promise<T>;
  oneOrNone(): Promise<T | null>;
  close(): Promise<void>;
  partitions(size?: number): AsyncIterable<T[]>;
  readonly closed: boolean;
}

/** A result, awaited: the shape of asyncio-compat's `AsyncResult`. */
export interface SuiteResult extends SuiteRows<Row<any>> {
  keys(): string[];
  readonly rowcount: number;
  readonly insertedPrimaryKey: readonly unknown[];
  readonly returnsRows: boolean;
  fetchone(): Promise<Row<any> | null>;
  scalar(): Promise<any>;
  scalarOne(): Promise<any>;
  scalarOneOrNone(): Promise<any>;
  scalars(keyOrIndex?: string | number): SuiteRows<any> & { unique(): SuiteRows<any> };
  mappings(): SuiteRows<Record<string, any>>;
  columns(...keysOrIndexes: (string | number)[]): SuiteResult;
  unique(): SuiteResult;
  yieldPer(n: number): unknown;
}

/** A transaction, awaited. */
export interface SuiteTransaction {
  readonly isActive: boolean;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** What the suite uses of asyncio-compat's `AsyncConnection` (structurally). */
export interface AsyncConnectionLike {
  readonly syncConnection: Connection;
  run<R>(op: Op<R>): Promise<R>;
  execute(statement: any, params?: any, options?: any): Promise<unknown>;
  stream(statement: any, params?: any, options?: any): Promise<unknown>;
  begin(): Promise<SuiteTransaction>;
  beginNested(): Promise<SuiteTransaction>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
  getIsolationLevel(): Promise<string>;
  invalidate(err?: unknown): Promise<void>;
  executionOptions(options: ExecutionOptions): unknown;
  inTransaction(): boolean;
}

/** What the suite uses of asyncio-compat's `AsyncEngine` (structurally). */
export interface AsyncEngineLike {
  readonly syncEngine: Engine;
  connect(): AsyncConnectionLike;
  dispose(): Promise<void>;
}

/** Whether an engine is an `AsyncEngine` (it wraps a sync engine). */
export function isAsyncEngine(engine: Engine | AsyncEngineLike): engine is AsyncEngineLike {
  return "syncEngine" in engine;
}

/** A sync core result (or view) with the awaited shape. */
class SyncRows<T> implements SuiteRows<T> {
  constructor(
    protected readonly base: {
      all(): T[];
      fetchmany(size?: number): T[];
      first(): T | null;
      one(): T;
      oneOrNone(): T | null;
      close(): void;
      partitions(size?: number): Iterable<T[]>;
      readonly closed: boolean;
      [Symbol.iterator](): Iterator<T>;
    },
  ) {}
  async all(): Promise<T[]> {
    return this.base.all();
  }
  async fetchmany(size?: number): Promise<T[]> {
    return this.base.fetchmany(size);
  }
  async first(): Promise<T | null> {
    return this.base.first();
  }
  async one(): Promise<T> {
    return this.base.one();
  }
  async oneOrNone(): Promise<T | null> {
    return this.base.oneOrNone();
  }
  async close(): Promise<void> {
    this.base.close();
  }
  get closed(): boolean {
    return this.base.closed;
  }
  async *partitions(size?: number): AsyncGenerator<T[], void, undefined> {
    for (const p of this.base.partitions(size)) yield p;
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (const item of this.base) yield item;
  }
}

class SyncScalars<T> extends SyncRows<T> {
  unique(): SuiteRows<T> {
    return new SyncRows((this.base as unknown as { unique(): SyncRows<T>["base"] }).unique());
  }
}

/** A sync core `Result` with the awaited shape. */
class SyncResult extends SyncRows<Row<any>> implements SuiteResult {
  constructor(readonly result: Result<any>) {
    super(result as unknown as SyncRows<Row<any>>["base"]);
  }
  keys(): string[] {
    return this.result.keys();
  }
  get rowcount(): number {
    return this.result.rowcount;
  }
  get insertedPrimaryKey(): readonly unknown[] {
    return this.result.insertedPrimaryKey;
  }
  get returnsRows(): boolean {
    return this.result.returnsRows;
  }
  async fetchone(): Promise<Row<any> | null> {
    return this.result.fetchone();
  }
  async scalar(): Promise<any> {
    return this.result.scalar();
  }
  async scalarOne(): Promise<any> {
    return this.result.scalarOne();
  }
  async scalarOneOrNone(): Promise<any> {
    return this.result.scalarOneOrNone();
  }
  scalars(keyOrIndex: string | number = 0): SyncScalars<any> {
    const view = (this.result.scalars as (k: string | number) => unknown)(keyOrIndex);
    return new SyncScalars(view as SyncRows<any>["base"]);
  }
  mappings(): SuiteRows<Record<string, any>> {
    return new SyncRows(this.result.mappings() as unknown as SyncRows<Record<string, any>>["base"]);
  }
  columns(...keysOrIndexes: (string | number)[]): SuiteResult {
    return new SyncResult(this.result.columns(...keysOrIndexes));
  }
  unique(): SuiteResult {
    return new SyncResult(this.result.unique());
  }
  yieldPer(n: number): this {
    this.result.yieldPer(n);
    return this;
  }
}

class SyncTransaction implements SuiteTransaction {
  constructor(readonly tx: Transaction) {}
  get isActive(): boolean {
    return this.tx.isActive;
  }
  async commit(): Promise<void> {
    this.tx.commit();
  }
  async rollback(): Promise<void> {
    this.tx.rollback();
  }
}

/**
 * One connection of the engine under test, awaited. Every method maps to
 * the same-named method of the sync `Connection` or of the `AsyncConnection`.
 */
export class SuiteConnection {
  private readonly sync: Connection | undefined;
  private readonly async: AsyncConnectionLike | undefined;

  constructor(conn: Connection | AsyncConnectionLike) {
    if ("syncConnection" in conn) this.async = conn;
    else this.sync = conn;
  }

  /** Whether this maps to the async API. */
  get isAsync(): boolean {
    return this.async !== undefined;
  }
  /** The core connection underneath (the sync one, or the async one's `syncConnection`). */
  get core(): Connection {
    return this.async?.syncConnection ?? (this.sync as Connection);
  }

  async execute(
    statement: ClauseElement,
    params?: ExecuteParams,
    options?: ExecutionOptions,
  ): Promise<SuiteResult> {
    if (this.async !== undefined)
      return (await this.async.execute(statement, params, options)) as SuiteResult;
    return new SyncResult((this.sync as Connection).execute(statement, params, options));
  }
  /** Executes with a server-side cursor where there is one (`stream()` / `streamResults`). */
  async stream(
    statement: ClauseElement,
    params?: ExecuteParams,
    options: ExecutionOptions = {},
  ): Promise<SuiteResult> {
    if (this.async !== undefined) return (await this.async.stream(statement, params, options)) as SuiteResult;
    return this.execute(statement, params, { ...options, streamResults: true });
  }
  async scalar(statement: ClauseElement, params?: ExecuteParams): Promise<any> {
    return (await this.execute(statement, params)).scalar();
  }
  async begin(): Promise<SuiteTransaction> {
    if (this.async !== undefined) return this.async.begin();
    return new SyncTransaction((this.sync as Connection).begin());
  }
  async beginNested(): Promise<SuiteTransaction> {
    if (this.async !== undefined) return this.async.beginNested();
    return new SyncTransaction((this.sync as Connection).beginNested());
  }
  async commit(): Promise<void> {
    if (this.async !== undefined) return this.async.commit();
    (this.sync as Connection).commit();
  }
  async rollback(): Promise<void> {
    if (this.async !== undefined) return this.async.rollback();
    (this.sync as Connection).rollback();
  }
  async close(): Promise<void> {
    if (this.async !== undefined) return this.async.close();
    (this.sync as Connection).close();
  }
  async getIsolationLevel(): Promise<string> {
    if (this.async !== undefined) return this.async.getIsolationLevel();
    return (this.sync as Connection).getIsolationLevel();
  }
  async invalidate(): Promise<void> {
    if (this.async !== undefined) return this.async.invalidate();
    (this.sync as Connection).invalidate();
  }
  executionOptions(options: ExecutionOptions): this {
    if (this.async !== undefined) this.async.executionOptions(options);
    else (this.sync as Connection).executionOptions(options);
    return this;
  }
  inTransaction(): boolean {
    return this.core.inTransaction();
  }
  /** `metadata.createAll(conn)`: a value with the sync connection, a Promise with the async one. */
  async createAll(metadata: MetaData, options?: CreateDropOptions): Promise<void> {
    if (this.async !== undefined) return metadata.createAll(this.async, options);
    metadata.createAll(this.sync as Connection, options);
  }
  async dropAll(metadata: MetaData, options?: CreateDropOptions): Promise<void> {
    if (this.async !== undefined) return metadata.dropAll(this.async, options);
    metadata.dropAll(this.sync as Connection, options);
  }
  /** `table.create(conn)`. */
  async createTable(table: Table<any, any>, options?: { checkfirst?: boolean }): Promise<void> {
    if (this.async !== undefined) return table.create(this.async, options);
    table.create(this.sync as Connection, options);
  }
  /** `inspect(conn)`: every method returns a value (sync) or a Promise (async); await either. */
  inspector(): Inspector<boolean> {
    return this.async !== undefined ? inspect(this.async) : inspect(this.sync as Connection);
  }
  /** `metadata.reflect(conn, options)`. */
  async reflect(metadata: MetaData, options?: ReflectOptions): Promise<void> {
    if (this.async !== undefined) return metadata.reflect(this.async, options);
    metadata.reflect(this.sync as Connection, options);
  }
  /**
   * One table, autoloaded: `new Table(name, metadata, { autoload: conn })` on
   * the sync API, `await reflectTable(conn, name, metadata)` on the async one
   * (autoload runs in the constructor, so it is sync-only).
   */
  async autoload(
    name: string,
    metadata: MetaData,
    options: Omit<AutoloadOptions, "autoload"> = {},
  ): Promise<Table> {
    if (this.async !== undefined) return reflectTable(this.async, name, metadata, options);
    return new Table(name, metadata, { ...options, autoload: this.sync as Connection } as never) as Table;
  }
  /** `table.drop(conn)`. */
  async dropTable(table: Table<any, any>, options?: { checkfirst?: boolean }): Promise<void> {
    if (this.async !== undefined) return table.drop(this.async, options);
    table.drop(this.sync as Connection, options);
  }
}

let counter = 0;

/** The engine under test, its requirements, and helpers the suites share. */
export class SuiteHarness {
  private current: Engine | AsyncEngineLike | undefined;

  constructor(
    readonly requirements: SuiteRequirements,
    private readonly makeEngine: () => Engine | AsyncEngineLike,
  ) {}

  /** Makes the engine and connects once, so the dialect knows its server before requirements are read. */
  async start(): Promise<void> {
    this.current = this.makeEngine();
    const conn = this.connect();
    try {
      await conn.getIsolationLevel().catch(() => undefined);
      await conn.execute(pingStatement());
      await conn.rollback();
    } finally {
      await conn.close();
    }
    this.requirements.bind(this.engine.dialect);
  }

  async stop(): Promise<void> {
    const e = this.current;
    this.current = undefined;
    if (e === undefined) return;
    if (isAsyncEngine(e)) await e.dispose();
    else e.dispose();
  }

  /** The engine under test (the sync one, or the async one's `syncEngine`). */
  get engine(): Engine {
    const e = this.current;
    if (e === undefined) throw new Error("the suite's engine is not started");
    return isAsyncEngine(e) ? e.syncEngine : e;
  }
  /** Whether the suite runs on the async API. */
  get isAsync(): boolean {
    return this.current !== undefined && isAsyncEngine(this.current);
  }
  get dialect() {
    return this.engine.dialect;
  }

  /** A new connection (the database connection is checked out on first use). */
  connect(): SuiteConnection {
    const e = this.current;
    if (e === undefined) throw new Error("the suite's engine is not started");
    return new SuiteConnection(isAsyncEngine(e) ? e.connect() : e.connect());
  }

  /** `engine.begin()`: a connection in a transaction, committed after `fn`, rolled back if it throws. */
  async begin<R>(fn: (conn: SuiteConnection) => Promise<R>): Promise<R> {
    const conn = this.connect();
    try {
      const tx = await conn.begin();
      let out: R;
      try {
        out = await fn(conn);
      } catch (err) {
        if (tx.isActive) await tx.rollback();
        throw err;
      }
      if (tx.isActive) await tx.commit();
      return out;
    } finally {
      await conn.close();
    }
  }

  /** A table name unique to this run, `cs_<prefix>_<n>` (databases are shared). */
  name(prefix: string): string {
    counter += 1;
    return `cs_${prefix}_${process.pid % 10000}_${counter}`;
  }

  /** Executes statements (DDL the metadata does not cover) on a connection of their own, and commits. */
  async exec(...statements: ClauseElement[]): Promise<void> {
    const conn = this.connect();
    try {
      for (const stmt of statements) await conn.execute(stmt);
      await conn.commit();
    } finally {
      await conn.close();
    }
  }

  /**
   * Creates the metadata's tables, runs `fn` with a fresh connection (closed
   * afterwards), and drops the tables, whatever happened.
   */
  async withTables<R>(metadata: MetaData, fn: (conn: SuiteConnection) => Promise<R>): Promise<R> {
    const setup = this.connect();
    try {
      await setup.createAll(metadata, { checkfirst: false });
      await setup.commit();
    } finally {
      await setup.close();
    }
    const conn = this.connect();
    try {
      return await fn(conn);
    } finally {
      await conn.close().catch(() => undefined);
      const teardown = this.connect();
      try {
        await teardown.dropAll(metadata);
        await teardown.commit();
      } finally {
        await teardown.close();
      }
    }
  }
}

function pingStatement(): ClauseElement {
  return select(literal(1).label("x"));
}
