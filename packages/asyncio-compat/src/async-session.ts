/**
 * `AsyncSession`: the ORM's `Session` with every I/O step awaited
 * (SQLAlchemy's `ext.asyncio.AsyncSession`).
 *
 * It wraps a `Session` (`syncSession`) and runs that session's own
 * operations (`flushOp`, `getOp`, `executeOp`...) with the async runner, so
 * the unit of work, the identity map and loading are one implementation for
 * both APIs. Methods without I/O (`add`, `expunge`, `expire`...) are the
 * session's own. Every async method has the same shape,
 * `return runAsync(this.syncSession.<name>Op(...))`.
 *
 * Attribute reads are synchronous, so they cannot load: an unloaded lazy
 * relationship or an expired attribute raises `AwaitRequiredError`. Load
 * them with the query, with `awaitableAttrs(obj)`, or with `refresh(obj, [...])`.
 */
import {
  ArgumentError,
  type ClauseElement,
  type ExecuteParams,
  NoResultFound,
  type Result,
} from "@athanor/core";
import {
  type AnyMappedClass,
  type AttributeNames,
  type IdentityKey,
  type MergeOptions,
  type PrimaryKeyArg,
  Session,
  type SessionOptions,
  type SessionResultOf,
  type SessionScalarOf,
  type SessionScalarsOf,
} from "@athanor/orm";
import { AsyncConnection, AsyncEngine } from "./async-engine.js";
import { AsyncOrmResult, AsyncOrmScalarResult } from "./async-orm-result.js";
import { AsyncResult, type AsyncScalarResult } from "./async-result.js";
import { type AsyncSessionTransaction, asyncHandleOf } from "./async-session-transaction.js";
import { runAsync } from "./run-async.js";

/** The instance type of a mapped class. */
type InstanceOfClass<C> = C extends abstract new (...args: any) => infer I ? I : never;

/** The result of `session.stream(stmt)`: tuples of objects for a select of mapped classes, else Core rows. */
export type AsyncStreamOf<S> = S extends { readonly __row: infer R }
  ? R extends readonly unknown[]
    ? AsyncOrmResult<R>
    : AsyncResult<R>
  : AsyncResult<any>;

/** The result of `session.streamScalars(stmt)`: the selected objects, or the first column's values. */
export type AsyncStreamScalarsOf<S> = S extends { readonly __row: infer R }
  ? R extends readonly unknown[]
    ? AsyncOrmScalarResult<R[0]>
    : AsyncScalarResult<R[keyof R]>
  : AsyncScalarResult<unknown>;

/**
 * Manages persistence for mapped objects over an `AsyncEngine`.
 *
 * @example
 * ```ts
 * await using session = new AsyncSession(engine);
 * session.add(new User({ name: "spongebob" }));
 * await session.commit();
 * const user = (await session.scalars(select(User).where(User.name.eq("spongebob")))).one();
 * ```
 */
export class AsyncSession implements AsyncDisposable {
  /** The `Session` this one drives: its state, and its operations run with the async runner. */
  readonly syncSession: Session;

  constructor(
    /** The engine connections are taken from. */
    readonly bind: AsyncEngine,
    options: SessionOptions = {},
  ) {
    if (!(bind instanceof AsyncEngine))
      throw new ArgumentError(
        "AsyncSession needs an AsyncEngine (createAsyncEngine()); for an Engine, use the sync Session",
      );
    this.syncSession = new Session(bind.syncEngine, options);
    this.syncSession.asyncOwner = this;
  }

  // --- state (no I/O) -----------------------------------------------------------------

  /** Pending objects (added, not yet flushed). */
  get new(): object[] {
    return this.syncSession.new;
  }
  /** Persistent objects with changed attributes. */
  get dirty(): object[] {
    return this.syncSession.dirty;
  }
  /** Objects marked for deletion, not yet flushed. */
  get deleted(): object[] {
    return this.syncSession.deleted;
  }
  /** The identity map (persistent objects by primary key). */
  get identityMap(): Session["identityMap"] {
    return this.syncSession.identityMap;
  }
  /** Whether the object is in this session (pending or persistent). */
  contains(obj: object): boolean {
    return this.syncSession.contains(obj);
  }
  /** Whether a transaction is in progress. */
  inTransaction(): boolean {
    return this.syncSession.inTransaction();
  }
  /** Adds an object (and what its loaded relationships cascade to). */
  add(obj: object): void {
    this.syncSession.add(obj);
  }
  /** Adds each object. */
  addAll(objs: Iterable<object>): void {
    this.syncSession.addAll(objs);
  }
  /** Removes an object from the session. */
  expunge(obj: object): void {
    this.syncSession.expunge(obj);
  }
  /** Removes every object from the session. */
  expungeAll(): void {
    this.syncSession.expungeAll();
  }
  /** Expires attributes of a persistent object; load them again with `refresh()` or `awaitableAttrs()`. */
  expire(obj: object, attributeNames?: readonly string[]): void {
    this.syncSession.expire(obj, attributeNames);
  }
  /** Expires every persistent object of the session. */
  expireAll(): void {
    this.syncSession.expireAll();
  }
  /** Free-form data of the application, kept for the session's life. */
  get info(): Record<string, unknown> {
    return this.syncSession.info;
  }
  /** Whether the object has net changes to flush (see `Session.isModified`). */
  isModified(obj: object, includeCollections = true): boolean {
    return this.syncSession.isModified(obj, includeCollections);
  }
  /** The identity key of an object, or of a class and primary key. */
  identityKey(obj: object): IdentityKey;
  identityKey(cls: AnyMappedClass, pk: PrimaryKeyArg): IdentityKey;
  identityKey(target: object, pk?: PrimaryKeyArg): IdentityKey {
    return pk === undefined
      ? this.syncSession.identityKey(target)
      : this.syncSession.identityKey(target as AnyMappedClass, pk);
  }
  /** Whether a SAVEPOINT of `beginNested()` is open. */
  inNestedTransaction(): boolean {
    return this.syncSession.inNestedTransaction();
  }
  /** The current root transaction's handle, or `undefined` when none is begun. */
  getTransaction(): AsyncSessionTransaction | undefined {
    const tx = this.syncSession.getTransaction();
    return tx === undefined ? undefined : asyncHandleOf(this.syncSession, tx);
  }
  /** The innermost open savepoint's handle, if any. */
  getNestedTransaction(): AsyncSessionTransaction | undefined {
    const tx = this.syncSession.getNestedTransaction();
    return tx === undefined ? undefined : asyncHandleOf(this.syncSession, tx);
  }

  /**
   * Runs `fn` with autoflush off (SQLAlchemy's `no_autoflush`) until the
   * Promise it returns settles: queries awaited inside do not flush first.
   */
  async noAutoflush<R>(fn: () => R | Promise<R>): Promise<R> {
    const restore = this.syncSession.suspendAutoflush();
    try {
      return await fn();
    } finally {
      restore();
    }
  }

  // --- transactions (begin has no I/O; ending one is awaited) ---------------------------

  /**
   * Begins the transaction explicitly (raises when one is already begun).
   * Returns its handle; with a callback, awaits it, commits when it resolves
   * and rolls back if it rejects.
   *
   * @example
   * ```ts
   * await session.begin(async () => {
   *   session.add(new User({ name: "x" }));
   * }); // committed
   * ```
   */
  begin(): Promise<AsyncSessionTransaction>;
  begin<R>(fn: (tx: AsyncSessionTransaction) => Promise<R> | R): Promise<R>;
  async begin<R>(fn?: (tx: AsyncSessionTransaction) => Promise<R> | R): Promise<AsyncSessionTransaction | R> {
    const handle = asyncHandleOf(this.syncSession, this.syncSession.begin());
    if (fn === undefined) return handle;
    let out: R;
    try {
      out = await fn(handle);
    } catch (e) {
      await this.rollback();
      throw e;
    }
    if (handle.isActive) await this.commit();
    return out;
  }

  /**
   * Flushes, then begins a SAVEPOINT (see `Session.beginNested`). With a
   * callback: awaits it, commits (RELEASE SAVEPOINT) when it resolves, rolls
   * back to the savepoint if it rejects (or the commit's flush fails).
   */
  beginNested(): Promise<AsyncSessionTransaction>;
  beginNested<R>(fn: (tx: AsyncSessionTransaction) => Promise<R> | R): Promise<R>;
  async beginNested<R>(
    fn?: (tx: AsyncSessionTransaction) => Promise<R> | R,
  ): Promise<AsyncSessionTransaction | R> {
    const handle = asyncHandleOf(this.syncSession, await runAsync(this.syncSession.beginNestedOp()));
    if (fn === undefined) return handle;
    try {
      const out = await fn(handle);
      if (handle.isActive) await handle.commit();
      return out;
    } catch (e) {
      await handle.rollback();
      throw e;
    }
  }

  // --- I/O (awaited) ------------------------------------------------------------------

  /** The session's connection, beginning its transaction if needed. */
  async connection(): Promise<AsyncConnection> {
    return new AsyncConnection(await runAsync(this.syncSession.connectionOp()));
  }
  /** Marks a persistent object for deletion (the delete cascade may load relationships). */
  delete(obj: object): Promise<void> {
    return runAsync(this.syncSession.deleteOp(obj));
  }
  /** The object with this primary key, from the identity map or a SELECT; `null` when there is none. */
  get<C extends AnyMappedClass>(cls: C, pk: PrimaryKeyArg): Promise<InstanceOfClass<C> | null> {
    return runAsync(this.syncSession.getOp(cls, pk));
  }
  /** As `get()`, but raises `NoResultFound` when there is no such row. */
  async getOne<C extends AnyMappedClass>(cls: C, pk: PrimaryKeyArg): Promise<InstanceOfClass<C>> {
    const obj = await this.get(cls, pk);
    if (obj === null) throw new NoResultFound("No row was found when one was required");
    return obj;
  }
  /**
   * Copies the state of `obj` onto the session's object with the same
   * identity (loaded when needed) and returns that object (see `Session.merge`).
   */
  merge<T extends object>(obj: T, options?: MergeOptions): Promise<T> {
    return runAsync(this.syncSession.mergeOp(obj, options));
  }
  /** Reloads an object's columns, or only `attributeNames` (relationships included). */
  refresh<T extends object>(obj: T, attributeNames?: AttributeNames<T>): Promise<void> {
    return runAsync(this.syncSession.refreshOp(obj, attributeNames));
  }
  /** Writes pending changes; on failure rolls back and raises `FlushError`. */
  flush(): Promise<void> {
    return runAsync(this.syncSession.flushOp());
  }
  /** Flushes, commits and (by default) expires every object. */
  commit(): Promise<void> {
    return runAsync(this.syncSession.commitOp());
  }
  /** Rolls the transaction back. */
  rollback(): Promise<void> {
    return runAsync(this.syncSession.rollbackOp());
  }
  /** Rolls back and detaches every object; the session can be used again. */
  close(): Promise<void> {
    return runAsync(this.syncSession.closeOp());
  }
  /** Ends the transaction and detaches every object, as `close()`. */
  reset(): Promise<void> {
    return runAsync(this.syncSession.closeOp());
  }
  /** Executes a statement after an autoflush; the rows are buffered. */
  execute<S extends ClauseElement>(statement: S, params?: ExecuteParams): Promise<SessionResultOf<S>> {
    return runAsync(this.syncSession.executeOp(statement, params));
  }
  /** `execute(statement).scalars()`: the selected objects, or the first column's values. */
  scalars<S extends ClauseElement>(statement: S, params?: ExecuteParams): Promise<SessionScalarsOf<S>> {
    return runAsync(this.syncSession.scalarsOp(statement, params));
  }
  /** The first column of the first row, or `null`. */
  scalar<S extends ClauseElement>(statement: S, params?: ExecuteParams): Promise<SessionScalarOf<S> | null> {
    return runAsync(this.syncSession.scalarOp(statement, params));
  }

  /**
   * Executes a statement with a server-side cursor where the driver has one;
   * rows (and their objects) are made as they are iterated with `for await`.
   */
  async stream<S extends ClauseElement>(statement: S, params?: ExecuteParams): Promise<AsyncStreamOf<S>> {
    const { result, cursor } = await runAsync(this.syncSession.streamOp(statement, params));
    if (cursor === undefined) return new AsyncResult(result as Result<any>) as AsyncStreamOf<S>;
    return new AsyncOrmResult(cursor, (row) => row) as unknown as AsyncStreamOf<S>;
  }

  /** `stream(statement)` giving the first element of each row (the objects of `select(User)`). */
  async streamScalars<S extends ClauseElement>(
    statement: S,
    params?: ExecuteParams,
  ): Promise<AsyncStreamScalarsOf<S>> {
    const { result, cursor } = await runAsync(this.syncSession.streamOp(statement, params));
    if (cursor === undefined)
      return new AsyncResult(result as Result<any>).scalars() as unknown as AsyncStreamScalarsOf<S>;
    return new AsyncOrmScalarResult(cursor, (row) => row[0]) as unknown as AsyncStreamScalarsOf<S>;
  }

  /** `await using session = new AsyncSession(engine)` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
