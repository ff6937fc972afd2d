/**
 * The backends the ORM suite runs on, and one session interface over both
 * APIs: the sync `Session` (SQLite's sync driver) and `AsyncSession` (every
 * driver). Tests always `await`; `load(obj, key)` reads an attribute that
 * may need a load (a plain read on the sync API, `awaitableAttrs` on the async one).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AsyncEngine, createAsyncEngine, runAsync } from "@athanor/asyncio-compat";
import { AsyncSession, awaitableAttrs } from "@athanor/asyncio-compat/orm";
import {
  type ClauseElement,
  type Connection,
  createAllOp,
  createEngine,
  type Dialect,
  delete_,
  dropAllOp,
  type Engine,
  type ExecuteParams,
  func,
  listen,
  type Op,
  runSync,
  select,
  type TableImpl,
  update,
} from "@athanor/core";
import { MariaDBDialectMySQL2 } from "@athanor/dialect-mysql";
import { PGDialectPg } from "@athanor/dialect-postgresql";
import { SQLiteDialectBetterSqlite3 } from "@athanor/dialect-sqlite";
import {
  type AnyMappedClass,
  type PrimaryKeyArg,
  Session,
  type SessionOptions,
  type SessionResultOf,
  type SessionScalarOf,
  type SessionScalarsOf,
} from "@athanor/orm";
import { XBase, XNode } from "./models.js";

type InstanceOfClass<C> = C extends abstract new (...args: any) => infer I ? I : never;

/** What a test does with a session, awaited on both APIs. */
export interface SessionLike {
  /** The `Session` holding the state (`new`, `dirty`, `identityMap`...). */
  readonly state: Session;
  add(obj: object): void;
  addAll(objs: Iterable<object>): void;
  expunge(obj: object): void;
  expire(obj: object, attributeNames?: readonly string[]): void;
  expireAll(): void;
  delete(obj: object): Promise<void>;
  get<C extends AnyMappedClass>(cls: C, pk: PrimaryKeyArg): Promise<InstanceOfClass<C> | null>;
  refresh(obj: object, attributeNames?: readonly string[]): Promise<void>;
  flush(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
  execute<S extends ClauseElement>(statement: S, params?: ExecuteParams): Promise<SessionResultOf<S>>;
  scalars<S extends ClauseElement>(statement: S, params?: ExecuteParams): Promise<SessionScalarsOf<S>>;
  scalar<S extends ClauseElement>(statement: S, params?: ExecuteParams): Promise<SessionScalarOf<S> | null>;
  /** Reads an attribute, loading it if needed (a lazy relationship, an expired column). */
  load<T extends object, K extends keyof T & string>(obj: T, key: K): Promise<T[K]>;
}

class SyncSessionLike implements SessionLike {
  constructor(readonly state: Session) {}
  add(obj: object) {
    this.state.add(obj);
  }
  addAll(objs: Iterable<object>) {
    this.state.addAll(objs);
  }
  expunge(obj: object) {
    this.state.expunge(obj);
  }
  expire(obj: object, names?: readonly string[]) {
    this.state.expire(obj, names);
  }
  expireAll() {
    this.state.expireAll();
  }
  async delete(obj: object) {
    this.state.delete(obj);
  }
  async get<C extends AnyMappedClass>(cls: C, pk: PrimaryKeyArg) {
    return this.state.get(cls, pk);
  }
  async refresh(obj: object, names?: readonly string[]) {
    this.state.refresh(obj, names);
  }
  async flush() {
    this.state.flush();
  }
  async commit() {
    this.state.commit();
  }
  async rollback() {
    this.state.rollback();
  }
  async close() {
    this.state.close();
  }
  async execute<S extends ClauseElement>(statement: S, params?: ExecuteParams) {
    return this.state.execute(statement, params);
  }
  async scalars<S extends ClauseElement>(statement: S, params?: ExecuteParams) {
    return this.state.scalars(statement, params);
  }
  async scalar<S extends ClauseElement>(statement: S, params?: ExecuteParams) {
    return this.state.scalar(statement, params);
  }
  async load<T extends object, K extends keyof T & string>(obj: T, key: K) {
    return obj[key];
  }
}

export class AsyncSessionLike implements SessionLike {
  constructor(readonly session: AsyncSession) {}
  get state() {
    return this.session.syncSession;
  }
  add(obj: object) {
    this.session.add(obj);
  }
  addAll(objs: Iterable<object>) {
    this.session.addAll(objs);
  }
  expunge(obj: object) {
    this.session.expunge(obj);
  }
  expire(obj: object, names?: readonly string[]) {
    this.session.expire(obj, names);
  }
  expireAll() {
    this.session.expireAll();
  }
  delete(obj: object) {
    return this.session.delete(obj);
  }
  get<C extends AnyMappedClass>(cls: C, pk: PrimaryKeyArg) {
    return this.session.get(cls, pk);
  }
  refresh(obj: object, names?: readonly string[]) {
    return this.session.refresh(obj, names);
  }
  flush() {
    return this.session.flush();
  }
  commit() {
    return this.session.commit();
  }
  rollback() {
    return this.session.rollback();
  }
  close() {
    return this.session.close();
  }
  execute<S extends ClauseElement>(statement: S, params?: ExecuteParams) {
    return this.session.execute(statement, params);
  }
  scalars<S extends ClauseElement>(statement: S, params?: ExecuteParams) {
    return this.session.scalars(statement, params);
  }
  scalar<S extends ClauseElement>(statement: S, params?: ExecuteParams) {
    return this.session.scalar(statement, params);
  }
  load<T extends object, K extends keyof T & string>(obj: T, key: K): Promise<T[K]> {
    return (awaitableAttrs(obj) as unknown as Record<string, Promise<T[K]>>)[key] as Promise<T[K]>;
  }
}

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), "athanor-ormx-")), "x.db");
}

/** A database the suite runs on, through one API. */
export interface Backend {
  readonly name: string;
  readonly async: boolean;
  /**
   * Turn the dialect's INSERT ... RETURNING off after it connected, to run
   * the flush's other path (the driver's last row id, then a SELECT of
   * server defaults), as on MySQL and old SQLite.
   */
  readonly withoutReturning?: boolean;
  makeEngine(): Engine | AsyncEngine;
}

/** SQLite always (sync and async); PostgreSQL and MariaDB when their URL is set (async: their drivers are async-only). */
export function backends(): Backend[] {
  const out: Backend[] = [
    {
      name: "sqlite (sync Session)",
      async: false,
      // A file, not memory: an in-memory database is one connection, shared by every session.
      makeEngine: () =>
        createEngine(`sqlite:///${tempFile()}`, { dialect: new SQLiteDialectBetterSqlite3() }),
    },
    {
      name: "sqlite (AsyncSession)",
      async: true,
      makeEngine: () =>
        createAsyncEngine(`sqlite:///${tempFile()}`, { dialect: new SQLiteDialectBetterSqlite3() }),
    },
    {
      name: "sqlite (sync Session, without RETURNING)",
      async: false,
      withoutReturning: true,
      makeEngine: () =>
        createEngine(`sqlite:///${tempFile()}`, { dialect: new SQLiteDialectBetterSqlite3() }),
    },
  ];
  const pg = process.env.ATHANOR_PG_URL;
  if (pg)
    out.push({
      name: "postgresql+pg (AsyncSession)",
      async: true,
      makeEngine: () => createAsyncEngine(pg, { dialect: new PGDialectPg() }),
    });
  const mysql = process.env.ATHANOR_MYSQL_URL;
  if (mysql)
    out.push(
      {
        name: "mariadb+mysql2 (AsyncSession)",
        async: true,
        makeEngine: () => createAsyncEngine(mysql, { dialect: new MariaDBDialectMySQL2() }),
      },
      {
        name: "mariadb+mysql2 (AsyncSession, without RETURNING, as MySQL)",
        async: true,
        withoutReturning: true,
        makeEngine: () => createAsyncEngine(mysql, { dialect: new MariaDBDialectMySQL2() }),
      },
    );
  return out;
}

/** One backend opened for a test file: sessions, Core helpers, the SQL log. */
export class Harness {
  private readonly log: string[] = [];
  readonly syncEngine: Engine;

  constructor(
    readonly backend: Backend,
    readonly engine: Engine | AsyncEngine,
  ) {
    this.syncEngine = "syncEngine" in engine ? engine.syncEngine : engine;
    listen(this.syncEngine, "beforeCursorExecute", (_conn, sql) => {
      this.log.push(sql.replace(/\s+/g, " ").trim());
      return undefined;
    });
  }

  get dialect(): Dialect {
    return this.syncEngine.dialect;
  }

  /** A new session of the backend's API. */
  session(options: SessionOptions = {}): SessionLike {
    const e = this.engine;
    return "syncEngine" in e
      ? new AsyncSessionLike(new AsyncSession(e, options))
      : new SyncSessionLike(new Session(e, options));
  }

  /** Runs an operation with the backend's runner. */
  run<R>(op: Op<R>): Promise<R> {
    return this.backend.async ? runAsync(op) : Promise.resolve(runSync(op));
  }

  /** Runs `fn` on a connection of its own, in a transaction that commits. */
  inTransaction<R>(fn: (conn: Connection) => Op<R>): Promise<R> {
    const engine = this.syncEngine;
    return this.run(
      (function* () {
        const conn = engine.connect();
        try {
          const tx = yield* conn.beginOp();
          const out = yield* fn(conn);
          yield* tx.commitOp();
          return out;
        } finally {
          yield* conn.closeOp();
        }
      })(),
    );
  }

  /** The number of rows of a mapped class's table, read on a connection of its own. */
  count(cls: AnyMappedClass): Promise<number> {
    const table = cls.__mapper__.table;
    const pk = table.primaryKey.columns[0] as never;
    return this.inTransaction(function* (conn) {
      const result = yield* conn.executeOp(select(func.count(pk)));
      const rows = yield* result.allOp();
      return Number((rows[0] as unknown as { _t: unknown[] })._t[0]);
    });
  }

  async createTables(): Promise<void> {
    await this.dropTables();
    await this.inTransaction(function* (conn) {
      yield* createAllOp(conn, XBase.metadata);
    });
    // The dialect has connected (and read the server's version): its flags are final now.
    if (this.backend.withoutReturning) this.dialect.insertReturning = false;
  }

  async dropTables(): Promise<void> {
    await this.inTransaction(function* (conn) {
      yield* dropAllOp(conn, XBase.metadata);
    });
  }

  /** Deletes every row, children first. */
  async clearRows(): Promise<void> {
    const tables = [...XBase.metadata.sortedTables].reverse() as unknown as TableImpl[];
    const node = XNode.__mapper__.table;
    await this.inTransaction(function* (conn) {
      // The adjacency list's rows reference each other: cut the links first (InnoDB checks row by row).
      yield* conn.executeOp(update(node).values({ parent_id: null } as never));
      for (const t of tables) yield* conn.executeOp(delete_(t));
    });
    this.clear();
  }

  statements(): string[] {
    return [...this.log];
  }
  clear(): void {
    this.log.length = 0;
  }

  async dispose(): Promise<void> {
    await this.run(this.syncEngine.disposeOp());
  }
}
