/**
 * `inspect(engineOrConnection)` → `Inspector`: SQLAlchemy's reflection API.
 *
 * One implementation for both APIs: each method runs the dialect
 * reflector's Op on a sync connection (returning the value) or through an
 * async connection's runner (returning a Promise). Results are kept in an
 * info cache until `clearCache()`.
 */
import { ArgumentError } from "../../exc.js";
import type { Connection } from "../connection.js";
import { type Op, runSync } from "../effects.js";
import type { Engine } from "../engine.js";
import type { AsyncRunner } from "../schema-ops.js";
import type {
  MultiReflectionOptions,
  MultiResult,
  ReflectedCheckConstraint,
  ReflectedColumn,
  ReflectedForeignKeyConstraint,
  ReflectedIndex,
  ReflectedPrimaryKeyConstraint,
  ReflectedTableComment,
  ReflectedUniqueConstraint,
} from "./interfaces.js";
import type { DialectReflector } from "./reflector.js";

/** An async engine (`@athanor/asyncio-compat`'s), structurally. */
export interface AsyncEngineLike {
  readonly syncEngine: Engine;
  connect(): AsyncRunner & { close(): Promise<void> };
}

/** What `inspect()` accepts. */
export type Inspectable = Engine | Connection | AsyncRunner | AsyncEngineLike;

/** A value, or a Promise of it for the async form. */
export type Maybe<A extends boolean, T> = A extends true ? Promise<T> : T;

function isAsync(x: Inspectable): x is AsyncRunner | AsyncEngineLike {
  return "syncConnection" in x || "syncEngine" in x;
}

/**
 * Reads what a database holds: schemas, tables, views, columns, keys,
 * indexes, constraints, comments. Make one with `inspect(engine)` or
 * `inspect(connection)`; with an async engine or connection every method
 * returns a Promise.
 */
export class Inspector<A extends boolean = false> {
  private readonly cache = new Map<string, unknown>();

  constructor(readonly bind: Inspectable) {}

  /** The engine behind the inspected object. */
  get engine(): Engine {
    const b = this.bind as Partial<{ engine: Engine; syncEngine: Engine; syncConnection: Connection }>;
    if (b.syncEngine !== undefined) return b.syncEngine;
    if (b.syncConnection !== undefined) return b.syncConnection.engine;
    if (b.engine !== undefined) return b.engine;
    return this.bind as Engine;
  }

  /** The dialect's reflector. */
  get reflector(): DialectReflector {
    return this.engine.dialect.reflector();
  }

  /** Forgets everything reflected so far. */
  clearCache(): void {
    this.cache.clear();
  }

  /**
   * Runs a reflection Op on a connection of the bound object: a value for a
   * sync engine or connection, a Promise for an async one. Engines lend a
   * connection for the call.
   */
  run<R>(fn: (conn: Connection) => Op<R>): Maybe<A, R> {
    const b = this.bind;
    if ("syncEngine" in b) {
      const conn = b.connect();
      return conn.run(fn(conn.syncConnection)).finally(() => conn.close()) as Maybe<A, R>;
    }
    if ("syncConnection" in b) return b.run(fn(b.syncConnection)) as Maybe<A, R>;
    if ("connect" in b && !("executeOp" in b)) {
      const conn = (b as Engine).connect();
      try {
        return runSync(fn(conn)) as Maybe<A, R>;
      } finally {
        conn.close();
      }
    }
    return runSync(fn(b as Connection)) as Maybe<A, R>;
  }

  /** Runs and caches by key; a cached value (or the Promise of one) is returned again. */
  private cached<R>(key: string, fn: (conn: Connection) => Op<R>): Maybe<A, R> {
    if (this.cache.has(key)) return this.cache.get(key) as Maybe<A, R>;
    const value = this.run(fn);
    this.cache.set(key, value);
    if (value instanceof Promise) value.catch(() => this.cache.delete(key));
    return value;
  }

  private key(...parts: unknown[]): string {
    return JSON.stringify(parts);
  }

  /** The schema unqualified names refer to. */
  get defaultSchemaName(): Maybe<A, string | null> {
    return this.cached(this.key("defaultSchema"), (c) => this.reflector.getDefaultSchemaName(c));
  }
  getSchemaNames(): Maybe<A, string[]> {
    return this.cached(this.key("schemas"), (c) => this.reflector.getSchemaNames(c));
  }
  getTableNames(schema?: string): Maybe<A, string[]> {
    return this.cached(this.key("tables", schema), (c) => this.reflector.getTableNames(c, schema));
  }
  getViewNames(schema?: string): Maybe<A, string[]> {
    return this.cached(this.key("views", schema), (c) => this.reflector.getViewNames(c, schema));
  }
  getMaterializedViewNames(schema?: string): Maybe<A, string[]> {
    return this.cached(this.key("mviews", schema), (c) => this.reflector.getMaterializedViewNames(c, schema));
  }
  getSequenceNames(schema?: string): Maybe<A, string[]> {
    return this.cached(this.key("sequences", schema), (c) => this.reflector.getSequenceNames(c, schema));
  }
  getTemporaryTableNames(): Maybe<A, string[]> {
    return this.cached(this.key("temp"), (c) => this.reflector.getTemporaryTableNames(c));
  }
  getViewDefinition(viewName: string, schema?: string): Maybe<A, string> {
    return this.cached(this.key("viewdef", viewName, schema), (c) =>
      this.reflector.getViewDefinition(c, viewName, schema),
    );
  }

  getColumns(tableName: string, schema?: string): Maybe<A, ReflectedColumn[]> {
    return this.cached(this.key("columns", tableName, schema), (c) =>
      this.reflector.getColumns(c, tableName, schema),
    );
  }
  getPkConstraint(tableName: string, schema?: string): Maybe<A, ReflectedPrimaryKeyConstraint> {
    return this.cached(this.key("pk", tableName, schema), (c) =>
      this.reflector.getPkConstraint(c, tableName, schema),
    );
  }
  getForeignKeys(tableName: string, schema?: string): Maybe<A, ReflectedForeignKeyConstraint[]> {
    return this.cached(this.key("fks", tableName, schema), (c) =>
      this.reflector.getForeignKeys(c, tableName, schema),
    );
  }
  getIndexes(tableName: string, schema?: string): Maybe<A, ReflectedIndex[]> {
    return this.cached(this.key("indexes", tableName, schema), (c) =>
      this.reflector.getIndexes(c, tableName, schema),
    );
  }
  getUniqueConstraints(tableName: string, schema?: string): Maybe<A, ReflectedUniqueConstraint[]> {
    return this.cached(this.key("uniques", tableName, schema), (c) =>
      this.reflector.getUniqueConstraints(c, tableName, schema),
    );
  }
  getCheckConstraints(tableName: string, schema?: string): Maybe<A, ReflectedCheckConstraint[]> {
    return this.cached(this.key("checks", tableName, schema), (c) =>
      this.reflector.getCheckConstraints(c, tableName, schema),
    );
  }
  getTableComment(tableName: string, schema?: string): Maybe<A, ReflectedTableComment> {
    return this.cached(this.key("comment", tableName, schema), (c) =>
      this.reflector.getTableComment(c, tableName, schema),
    );
  }
  getTableOptions(tableName: string, schema?: string): Maybe<A, Record<string, unknown>> {
    return this.cached(this.key("options", tableName, schema), (c) =>
      this.reflector.getTableOptions(c, tableName, schema),
    );
  }

  hasTable(tableName: string, schema?: string): Maybe<A, boolean> {
    return this.run((c) => this.reflector.hasTable(c, tableName, schema));
  }
  hasIndex(tableName: string, indexName: string, schema?: string): Maybe<A, boolean> {
    return this.run((c) => this.reflector.hasIndex(c, tableName, indexName, schema));
  }
  hasSequence(sequenceName: string, schema?: string): Maybe<A, boolean> {
    return this.run((c) => this.reflector.hasSequence(c, sequenceName, schema));
  }
  hasSchema(schema: string): Maybe<A, boolean> {
    return this.run((c) => this.reflector.hasSchema(c, schema));
  }

  // --- a whole schema at once -------------------------------------------------------------

  getMultiColumns(options: MultiReflectionOptions = {}): Maybe<A, MultiResult<ReflectedColumn[]>> {
    return this.cached(this.key("mcolumns", options), (c) => this.reflector.getMultiColumns(c, options));
  }
  getMultiPkConstraint(
    options: MultiReflectionOptions = {},
  ): Maybe<A, MultiResult<ReflectedPrimaryKeyConstraint>> {
    return this.cached(this.key("mpk", options), (c) => this.reflector.getMultiPkConstraint(c, options));
  }
  getMultiForeignKeys(
    options: MultiReflectionOptions = {},
  ): Maybe<A, MultiResult<ReflectedForeignKeyConstraint[]>> {
    return this.cached(this.key("mfks", options), (c) => this.reflector.getMultiForeignKeys(c, options));
  }
  getMultiIndexes(options: MultiReflectionOptions = {}): Maybe<A, MultiResult<ReflectedIndex[]>> {
    return this.cached(this.key("mindexes", options), (c) => this.reflector.getMultiIndexes(c, options));
  }
  getMultiUniqueConstraints(
    options: MultiReflectionOptions = {},
  ): Maybe<A, MultiResult<ReflectedUniqueConstraint[]>> {
    return this.cached(this.key("muniques", options), (c) =>
      this.reflector.getMultiUniqueConstraints(c, options),
    );
  }
  getMultiCheckConstraints(
    options: MultiReflectionOptions = {},
  ): Maybe<A, MultiResult<ReflectedCheckConstraint[]>> {
    return this.cached(this.key("mchecks", options), (c) =>
      this.reflector.getMultiCheckConstraints(c, options),
    );
  }
  getMultiTableComment(options: MultiReflectionOptions = {}): Maybe<A, MultiResult<ReflectedTableComment>> {
    return this.cached(this.key("mcomment", options), (c) => this.reflector.getMultiTableComment(c, options));
  }
}

/**
 * An `Inspector` for an engine or connection: sync for `Engine`/`Connection`,
 * async (every method returns a Promise) for `AsyncEngine`/`AsyncConnection`.
 *
 * @example
 * ```ts
 * const insp = inspect(engine);
 * insp.getTableNames();                      // ["address", "user_account"]
 * await inspect(asyncEngine).getColumns("user_account");
 * ```
 */
export function inspect(bind: Engine | Connection): Inspector<false>;
export function inspect(bind: AsyncRunner | AsyncEngineLike): Inspector<true>;
export function inspect(bind: Inspectable): Inspector<boolean> {
  if (bind === null || typeof bind !== "object")
    throw new ArgumentError("inspect() takes an engine or a connection");
  return isAsync(bind) ? new Inspector<true>(bind) : new Inspector<false>(bind);
}
