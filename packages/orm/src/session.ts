/**
 * `Session`: the ORM's unit of work and identity map over an `Engine`
 * (SQLAlchemy's `Session`). Objects are added, changed and deleted in memory;
 * `flush()` writes the changes in one transaction, `commit()` flushes and
 * commits, `rollback()` discards.
 */
import {
  and_,
  CircularDependencyError,
  type ClauseElement,
  type ColumnElement,
  type Connection,
  type Engine,
  type ExecuteParams,
  InvalidRequestError,
  literal,
  NoResultFound,
  type Op,
  type Result,
  type RowValue,
  runSync,
  type ScalarResult,
  select,
  type Transaction,
} from "@athanor/core";
import { hasAssociationRows, isManyToMany, planAssociationRows } from "./association-rows.js";
import { awaitRequired, lazyLoadNeedsAwait } from "./async-guard.js";
import { getRelationship, getRelationshipOp, loadedValue } from "./attributes.js";
import { deferredGroupKeys } from "./deferred-loading.js";
import { FlushError, ObjectDeletedError, StaleDataError, UnmappedInstanceError } from "./errors.js";
import { IdentityMap } from "./identity-map.js";
import {
  type IdentityKey,
  type InstanceState,
  identityKey,
  identityKeyOfDict,
  identityText,
  modifications,
  type StateOwner,
  stateOf,
} from "./instance-state.js";
import { assertNoOwnMappedKeys } from "./instrumentation.js";
import { isEntitySelect, type LoadContext, pkCriterion, selectByPkOp } from "./loading.js";
import type { Mapper, RelationshipProperty } from "./mapper.js";
import type { AnyMappedClass } from "./mapping.types.js";
import { type MergeOptions, mergeObjectOp } from "./merge.js";
import { type LoadPath, lazyLoadContext } from "./orm-compile.js";
import { type OrmCursor, openOrmSelectOp, ormResultOf } from "./orm-loading.js";
import { OrmResult, type OrmScalarResult } from "./orm-result.js";
import { emptyPostUpdatePlan, flushTableOrder, notePostUpdateColumns } from "./post-update.js";
import { checkAttributeNames, refreshExpireTargets } from "./refresh-expire.js";
import { loadThroughLazyClauseOp, usesLazyClause } from "./relationship-loader.js";
import {
  mergeIntoParent,
  recordInSavepoint,
  type SavepointFrame,
  type SessionBookkeeping,
  SessionTransaction,
  type TransactionHost,
  undoFailedSavepointFlush,
  undoSavepoints,
} from "./session-transaction.js";
import {
  executeFlushOp,
  type FlushOutcome,
  type FlushPlan,
  type SyncRules,
  type SyncSource,
} from "./unit-of-work.js";
import {
  isCollectionObject,
  pendingHistory,
  pendingItems,
  relatedForFlush,
  relatedForFlushOp,
} from "./write-only.js";

/** Options of a {@link Session} (and of {@link sessionmaker}). */
export interface SessionOptions {
  /** Flush before executing a query (`execute`, `scalars`, `get`...). Default `true`. */
  autoflush?: boolean;
  /** Expire every object after `commit()`, so the next access reloads it. Default `true`. */
  expireOnCommit?: boolean;
  /** The initial contents of `session.info`. */
  info?: Record<string, unknown>;
}

/** The result of `session.execute(stmt)`: tuples when a mapped class is selected, else Core rows. */
export type SessionResultOf<S> = S extends { readonly __row: infer R }
  ? R extends readonly unknown[]
    ? OrmResult<R>
    : Result<R>
  : Result<any>;

/** The result of `session.scalars(stmt)`: the selected objects, or the first column's values. */
export type SessionScalarsOf<S> = S extends { readonly __row: infer R }
  ? R extends readonly unknown[]
    ? OrmScalarResult<R[0]>
    : ScalarResult<RowValue<R>>
  : ScalarResult<unknown>;

/** The value of `session.scalar(stmt)`. */
export type SessionScalarOf<S> = S extends { readonly __row: infer R }
  ? R extends readonly unknown[]
    ? R[0]
    : RowValue<R>
  : unknown;

/** The instance type of a mapped class. */
type InstanceOfClass<C> = C extends abstract new (...args: any) => infer I ? I : never;

/** Attribute names of an object, for `refresh(obj, [...])`: its keys, or any string for an untyped `object`. */
export type AttributeNames<T> = [keyof T] extends [never] ? readonly string[] : readonly (keyof T & string)[];

/** A primary key given to `get()`: one value, the values in order, or an object keyed by attribute. */
export type PrimaryKeyArg = unknown;

/**
 * Manages persistence for mapped objects: an identity map, the pending
 * changes, and a transaction that starts on first use.
 *
 * @example
 * ```ts
 * using session = new Session(engine);
 * session.add(new User({ name: "spongebob" }));
 * session.commit();
 * const u = session.scalars(select(User).where(User.name.eq("spongebob"))).one();
 * ```
 */
export class Session implements StateOwner, TransactionHost {
  /** Persistent objects by identity. */
  readonly identityMap = new IdentityMap();
  private readonly newStates = new Set<InstanceState>();
  private readonly deletedStates = new Set<InstanceState>();
  /** States made persistent by a flush of the current transaction. */
  private readonly txInserted = new Set<InstanceState>();
  /** States whose DELETE was flushed in the current transaction. */
  private readonly txDeleted = new Set<InstanceState>();
  private conn: Connection | undefined;
  private tx: Transaction | undefined;
  private flushing = false;
  /** Set while `connectionOp` checks a connection out and begins its transaction. */
  private provisioning = false;
  /** Set while a flush prepares its plan: loads then do not autoflush. */
  private preparing = false;
  private readonly loadCtx: LoadContext;
  /** The async session driving this one, if any: its I/O must then be awaited, never run synchronously. @internal */
  asyncOwner: object | undefined;
  readonly autoflush: boolean;
  readonly expireOnCommit: boolean;
  /** Free-form data of the application, kept for the session's life (SQLAlchemy's `Session.info`). */
  readonly info: Record<string, unknown>;

  constructor(
    /** The engine connections are taken from. */
    readonly bind: Engine,
    options: SessionOptions = {},
  ) {
    this.autoflush = options.autoflush ?? true;
    this.expireOnCommit = options.expireOnCommit ?? true;
    this.info = { ...options.info };
    this.loadCtx = { identityMap: this.identityMap, owner: this };
  }

  // --- collections -------------------------------------------------------------------

  /** Pending objects (added, not yet flushed). */
  get new(): object[] {
    return [...this.newStates].map((s) => s.obj);
  }
  /** Persistent objects with changed attributes. */
  get dirty(): object[] {
    return [...this.identityMap.states()]
      .filter((s) => s.modified && !this.deletedStates.has(s))
      .map((s) => s.obj);
  }
  /** Objects marked for deletion by `delete()`, not yet flushed. */
  get deleted(): object[] {
    return [...this.deletedStates].map((s) => s.obj);
  }
  /** Whether the object is in this session (pending or persistent). */
  contains(obj: object): boolean {
    const s = stateOf(obj);
    return s.session === this && (this.newStates.has(s) || this.identityMap.has(s));
  }
  /** Whether a transaction is in progress: begun by `begin()`, a statement, `add()` or `delete()`. */
  inTransaction(): boolean {
    return this.tx !== undefined || this.rootHandle?.isActive === true;
  }

  // --- transaction ---------------------------------------------------------------------

  /**
   * Runs one of this session's operations with the sync runner. A session
   * driven by an async session refuses: its I/O must be awaited.
   */
  private runIO<R>(op: Op<R>, what: string): R {
    if (this.asyncOwner !== undefined) {
      op.return(undefined as R);
      throw awaitRequired(what);
    }
    return runSync(op);
  }

  /** The connection of the current transaction, beginning one if needed. */
  connection(): Connection {
    return this.runIO(this.connectionOp(), "connection()");
  }

  /** Operation: {@link Session.connection}. */
  *connectionOp(): Op<Connection> {
    this.assertNoFailedSavepoint();
    if (this.conn === undefined) {
      // Under the async runner, another call could start while this one waits for its connection.
      if (this.provisioning)
        throw new InvalidRequestError(
          "This session is provisioning a new connection; concurrent operations are not permitted (await each call of an AsyncSession before the next, or use one session per task)",
        );
      this.provisioning = true;
      const conn = this.bind.connect();
      try {
        this.tx = yield* conn.beginOp();
      } catch (e) {
        yield* conn.closeOp();
        throw e;
      } finally {
        this.provisioning = false;
      }
      this.conn = conn;
    }
    return this.conn;
  }

  private *releaseConnectionOp(): Op<void> {
    this.endTransactionHandles();
    const conn = this.conn;
    this.conn = undefined;
    this.tx = undefined;
    if (conn !== undefined) yield* conn.closeOp();
  }

  /** Flushes, commits the transaction and (by default) expires every object. */
  commit(): void {
    this.runIO(this.commitOp(), "commit()");
  }

  /** Operation: {@link Session.commit}. */
  *commitOp(): Op<void> {
    this.assertNoFailedSavepoint();
    yield* this.flushOp();
    if (this.tx !== undefined) {
      try {
        yield* this.tx.commitOp();
      } catch (e) {
        yield* this.rollbackOp();
        throw e;
      }
    }
    yield* this.releaseConnectionOp();
    for (const s of this.txDeleted) {
      s.session = undefined;
      s.deletedFlushed = false;
    }
    this.txDeleted.clear();
    this.txInserted.clear();
    if (this.expireOnCommit) for (const s of this.identityMap.states()) s.expire();
  }

  /**
   * Rolls the transaction back. Objects added in it become transient again,
   * objects deleted in it persistent again, and persistent objects are expired.
   */
  rollback(): void {
    this.runIO(this.rollbackOp(), "rollback()");
  }

  /** Operation: {@link Session.rollback}. */
  *rollbackOp(): Op<void> {
    this.endTransactionHandles();
    if (this.tx !== undefined) {
      try {
        yield* this.tx.rollbackOp();
      } finally {
        yield* this.releaseConnectionOp();
      }
    }
    for (const s of this.txDeleted) {
      if (this.txInserted.has(s)) continue;
      s.deletedFlushed = false;
      this.identityMap.add(s);
    }
    for (const s of this.txInserted) {
      this.identityMap.remove(s);
      s.key = undefined;
      s.session = undefined;
      s.deletedFlushed = false;
      s.markAllAdded();
    }
    for (const s of this.newStates) s.session = undefined;
    this.newStates.clear();
    this.txDeleted.clear();
    this.txInserted.clear();
    this.deletedStates.clear();
    for (const s of this.identityMap.states()) s.expire();
  }

  /** Rolls back and detaches every object. The session can be used again afterwards. */
  close(): void {
    this.runIO(this.closeOp(), "close()");
  }

  /** Operation: {@link Session.close}. */
  *closeOp(): Op<void> {
    this.endTransactionHandles();
    if (this.tx !== undefined) {
      try {
        yield* this.tx.rollbackOp();
      } finally {
        yield* this.releaseConnectionOp();
      }
    }
    this.expungeAll();
    this.txInserted.clear();
    this.txDeleted.clear();
  }

  /** `using session = new Session(engine)` closes it at the end of the block. */
  [Symbol.dispose](): void {
    this.close();
  }

  // --- explicit transactions and savepoints ---------------------------------------------

  private rootHandle: SessionTransaction | undefined;
  private readonly savepoints: SavepointFrame[] = [];

  /**
   * Begins the transaction explicitly (SQLAlchemy 2.0: raises when one is
   * already begun, explicitly or by a first statement). Returns its handle;
   * with a callback, runs it, commits when it returns and rolls back if it
   * throws.
   *
   * @example
   * ```ts
   * session.begin(() => {
   *   session.add(new User({ name: "x" }));
   * }); // committed
   * ```
   */
  begin(): SessionTransaction;
  begin<R>(fn: (tx: SessionTransaction) => R): R;
  begin<R>(fn?: (tx: SessionTransaction) => R): SessionTransaction | R {
    if (this.inTransaction())
      throw new InvalidRequestError(
        "A transaction is already begun on this Session; commit() or rollback() it first, or use beginNested() for a SAVEPOINT",
      );
    const handle = new SessionTransaction(this, false);
    this.rootHandle = handle;
    if (fn === undefined) return handle;
    let out: R;
    try {
      out = fn(handle);
    } catch (e) {
      this.rollback();
      throw e;
    }
    if (handle.isActive) this.commit();
    return out;
  }

  /**
   * Flushes, then begins a SAVEPOINT in the current transaction (beginning
   * that first if needed). Rolling the savepoint back undoes, in memory too,
   * what was flushed since; the outer transaction goes on. A flush that fails
   * inside it rolls back to the savepoint only; the savepoint must then be
   * rolled back before the session is used again. With a callback: commits
   * (RELEASE SAVEPOINT) when it returns, rolls back if it throws.
   *
   * @example
   * ```ts
   * for (const record of records) {
   *   try {
   *     session.beginNested(() => session.add(record));
   *   } catch (e) {
   *     if (!(e instanceof FlushError)) throw e; // this one failed, the others are kept
   *   }
   * }
   * session.commit();
   * ```
   */
  beginNested(): SessionTransaction;
  beginNested<R>(fn: (tx: SessionTransaction) => R): R;
  beginNested<R>(fn?: (tx: SessionTransaction) => R): SessionTransaction | R {
    const handle = this.runIO(this.beginNestedOp(), "beginNested()");
    if (fn === undefined) return handle;
    try {
      const out = fn(handle);
      if (handle.isActive) handle.commit();
      return out;
    } catch (e) {
      // Also when the commit's flush failed: the savepoint is ended, the session usable again.
      handle.rollback();
      throw e;
    }
  }

  /** Operation: {@link Session.beginNested} without a callback. */
  *beginNestedOp(): Op<SessionTransaction> {
    yield* this.flushOp();
    const conn = yield* this.connectionOp();
    const tx = yield* conn.beginNestedOp();
    const handle = new SessionTransaction(this, true);
    this.savepoints.push({
      tx,
      handle,
      inserted: new Set(),
      deleted: new Set(),
      dirty: new Set(),
      failure: undefined,
    });
    return handle;
  }

  /** Whether a SAVEPOINT of `beginNested()` is open. */
  inNestedTransaction(): boolean {
    return this.savepoints.length > 0;
  }

  /** The current root transaction's handle, or `undefined` when none is begun. */
  getTransaction(): SessionTransaction | undefined {
    if (this.rootHandle === undefined && this.tx !== undefined)
      this.rootHandle = new SessionTransaction(this, false);
    return this.rootHandle;
  }

  /** The innermost open savepoint's handle, if any. */
  getNestedTransaction(): SessionTransaction | undefined {
    return this.savepoints.at(-1)?.handle;
  }

  /** The savepoint a handle stands for, while it is open. @internal */
  savepointFrame(handle: SessionTransaction): SavepointFrame | undefined {
    return this.savepoints.find((f) => f.handle === handle);
  }

  /** RELEASE SAVEPOINT after a flush; what it wrote now belongs to the enclosing transaction. @internal */
  commitSavepoint(frame: SavepointFrame): void {
    this.runIO(this.commitSavepointOp(frame), "commit() of a nested transaction");
  }

  /** Operation: {@link Session.commitSavepoint}. @internal */
  *commitSavepointOp(frame: SavepointFrame): Op<void> {
    const i = this.savepoints.indexOf(frame);
    if (frame.failure !== undefined)
      throw new InvalidRequestError(
        "This nested transaction was rolled back after a failed flush; call its rollback()",
        { cause: frame.failure },
      );
    if (i !== this.savepoints.length - 1)
      throw new InvalidRequestError("A savepoint opened inside this one is still active; end it first");
    yield* this.flushOp();
    yield* frame.tx.commitOp();
    this.savepoints.pop();
    frame.handle.deactivate();
    mergeIntoParent(frame, this.savepoints.at(-1));
  }

  /** ROLLBACK TO SAVEPOINT (of this savepoint and those inside it) and its in-memory undo. @internal */
  rollbackSavepoint(frame: SavepointFrame): void {
    this.runIO(this.rollbackSavepointOp(frame), "rollback() of a nested transaction");
  }

  /** Operation: {@link Session.rollbackSavepoint}. @internal */
  *rollbackSavepointOp(frame: SavepointFrame): Op<void> {
    const i = this.savepoints.indexOf(frame);
    if (i < 0) return;
    const ended = this.savepoints.splice(i);
    for (const f of ended) f.handle.deactivate();
    // After a failed flush the database is already back at the savepoint.
    if (frame.tx.isActive) yield* frame.tx.rollbackOp();
    undoSavepoints(this.bookkeeping(), ended);
  }

  private *rollbackSavepointAfterFailedFlushOp(cause: unknown): Op<void> {
    const frame = this.savepoints.at(-1) as SavepointFrame;
    try {
      yield* frame.tx.rollbackOp();
    } finally {
      undoFailedSavepointFlush(this.bookkeeping(), frame);
      frame.failure = cause ?? new InvalidRequestError("a flush failed inside this savepoint");
    }
  }

  private assertNoFailedSavepoint(): void {
    const top = this.savepoints.at(-1);
    if (top?.failure !== undefined)
      throw new InvalidRequestError(
        "This Session's savepoint was rolled back due to a previous exception during flush; roll back the nested transaction (or the session) before using the session again",
        { cause: top.failure },
      );
  }

  /** As SQLAlchemy 2.0: changing the session's contents begins its transaction (the connection waits). */
  private autobegin(): void {
    if (!this.inTransaction()) this.rootHandle = new SessionTransaction(this, false);
  }

  private endTransactionHandles(): void {
    for (const f of this.savepoints.splice(0)) f.handle.deactivate();
    this.rootHandle?.deactivate();
    this.rootHandle = undefined;
  }

  private bookkeeping(): SessionBookkeeping {
    return {
      identityMap: this.identityMap,
      newStates: this.newStates,
      deletedStates: this.deletedStates,
      txInserted: this.txInserted,
      txDeleted: this.txDeleted,
      detach: (s) => this.detach(s),
    };
  }

  // --- object lifecycle ----------------------------------------------------------------

  /**
   * Adds an object: a transient one becomes pending, a detached one persistent
   * again; objects in its loaded relationships with the `save-update` cascade
   * (the default) are added too.
   */
  add(obj: object): void {
    this.addOne(obj);
    this.autobegin();
    const state = stateOf(obj);
    if (state.mapper.relationships.size > 0) this.cascadeFrom(state, new Set());
  }

  /** The save-update cascade from `state` over its loaded relationships. */
  private cascadeFrom(state: InstanceState, seen: Set<InstanceState>): void {
    if (seen.has(state)) return;
    seen.add(state);
    if (state.mapper.relationships.size === 0) return;
    state.mapper.configure();
    for (const rel of state.mapper.relationships.values()) {
      if (!rel.cascade.saveUpdate) continue;
      for (const o of relatedInMemory(state, rel)) {
        const os = stateOf(o);
        if (os.session !== this || (!this.newStates.has(os) && !this.identityMap.has(os))) {
          if (os.deletedFlushed) continue;
          this.addOne(o);
        }
        this.cascadeFrom(os, seen);
      }
    }
  }

  /** The save-update cascade of an attribute change on an object of this session. @internal */
  cascadeAdd(obj: object): void {
    const s = stateOf(obj);
    if (s.session === this && (this.newStates.has(s) || this.identityMap.has(s))) return;
    this.add(obj);
  }

  /** A pending object removed from a delete-orphan collection is expunged. @internal */
  pendingOrphan(obj: object): void {
    const s = stateOf(obj);
    if (s.session === this && this.newStates.has(s)) this.detach(s);
  }

  private addOne(obj: object): void {
    const state = this.stateFor(obj);
    assertNoOwnMappedKeys(obj, state.mapper);
    if (state.session !== undefined && state.session !== this)
      throw new InvalidRequestError(
        `Object '${describe(state)}' is already attached to another session; expunge it from that session first`,
      );
    if (state.deletedFlushed)
      throw new InvalidRequestError(
        `Instance '${describe(state)}' has been deleted; use rollback() to restore it`,
      );
    if (state.key === undefined) {
      state.session = this;
      this.newStates.add(state);
    } else if (!this.identityMap.has(state)) {
      this.identityMap.add(state);
      state.session = this;
    }
    this.deletedStates.delete(state);
  }

  /**
   * Copies the state of `obj` (usually detached or transient) onto the
   * session's object with the same identity: from the identity map, else
   * loaded by primary key, else a new pending object. Returns that object;
   * `obj` itself is not added. Relationships with the `merge` cascade (the
   * default) are merged too. With `load: false` the given objects are
   * trusted as the database state: nothing is loaded and the copies are
   * unchanged (objects with unflushed changes are refused).
   *
   * @example
   * ```ts
   * const detached = loadedEarlier; // a User from a closed session, changed since
   * const user = session.merge(detached); // this session's User with that id, changes applied
   * ```
   */
  merge<T extends object>(obj: T, options?: MergeOptions): T {
    return this.runIO(this.mergeOp(obj, options), "merge()");
  }

  /** Operation: {@link Session.merge}. */
  *mergeOp<T extends object>(obj: T, options?: MergeOptions): Op<T> {
    const state = this.stateFor(obj);
    if (options?.load !== false) yield* this.autoflushOp();
    // As SQLAlchemy: loads made by the merge do not flush the half-merged objects.
    this.noAutoflushDepth++;
    try {
      return (yield* mergeObjectOp(
        {
          owner: this,
          identityMap: this.identityMap,
          getByPk: (mapper, pk) => this.getOp(mapper.mappedClass, [...pk]) as Op<object | null>,
          isPending: (s) => this.newStates.has(s),
          attach: (o) => this.add(o),
        },
        state.obj,
        options,
      )) as T;
    } finally {
      this.noAutoflushDepth--;
    }
  }

  private noAutoflushDepth = 0;

  /**
   * Runs `fn` with autoflush off (SQLAlchemy's `no_autoflush`): queries made
   * inside do not flush pending changes first.
   */
  noAutoflush<R>(fn: () => R): R {
    this.noAutoflushDepth++;
    try {
      return fn();
    } finally {
      this.noAutoflushDepth--;
    }
  }

  /** Turns autoflush off until the returned function is called (for `AsyncSession.noAutoflush`). @internal */
  suspendAutoflush(): () => void {
    this.noAutoflushDepth++;
    let restored = false;
    return () => {
      if (!restored) this.noAutoflushDepth--;
      restored = true;
    };
  }

  /** Adds each object. */
  addAll(objs: Iterable<object>): void {
    for (const o of objs) this.add(o);
  }

  /** Marks a persistent object for deletion at the next flush. */
  delete(obj: object): void {
    this.runIO(this.deleteOp(obj), "delete()");
  }

  /** Operation: {@link Session.delete} (the delete cascade may load relationships). */
  *deleteOp(obj: object): Op<void> {
    const state = this.stateFor(obj);
    if (state.key === undefined)
      throw new InvalidRequestError(`Instance '${describe(state)}' is not persisted`);
    if (state.session !== undefined && state.session !== this)
      throw new InvalidRequestError(`Object '${describe(state)}' is attached to another session`);
    if (state.deletedFlushed || this.deletedStates.has(state) || this.deleting.has(state)) return;
    this.autobegin();
    if (!this.identityMap.has(state)) this.addOne(obj);
    // As SQLAlchemy: the whole delete cascade is loaded before anything is marked, so the
    // autoflush of a load cannot write a parent's DELETE before its children are known.
    if (this.deleting.size === 0) yield* this.loadDeleteCascadeOp(state, new Set());
    // The delete cascade loads first (which may autoflush, as SQLAlchemy), then marks.
    this.deleting.add(state);
    let related: object[];
    try {
      related = yield* this.deleteCascadeTargetsOp(state);
    } finally {
      this.deleting.delete(state);
    }
    this.deletedStates.add(state);
    for (const o of related) {
      const os = stateOf(o);
      if (os.key === undefined) {
        if (os.session === this) this.detach(os);
      } else if (os.session === this || os.session === undefined) yield* this.deleteOp(o);
    }
  }

  private readonly deleting = new Set<InstanceState>();

  /** Loads every relationship the delete cascade follows from `state`, transitively. */
  private *loadDeleteCascadeOp(state: InstanceState, seen: Set<InstanceState>): Op<void> {
    seen.add(state);
    this.deleting.add(state);
    let related: object[];
    try {
      related = yield* this.deleteCascadeTargetsOp(state);
    } finally {
      this.deleting.delete(state);
    }
    for (const o of related) {
      const os = stateOf(o);
      if (!seen.has(os) && os.key !== undefined && os.session === this)
        yield* this.loadDeleteCascadeOp(os, seen);
    }
  }

  /** The objects the delete cascade reaches from `state` (loading each relationship with `delete`). */
  private *deleteCascadeTargetsOp(state: InstanceState): Op<object[]> {
    if (state.mapper.relationships.size === 0) return [];
    state.mapper.configure();
    const related: object[] = [];
    for (const rel of state.mapper.relationships.values()) {
      if (!rel.cascade.delete) continue;
      related.push(...(yield* relatedForFlushOp(this, state, rel, () => getRelationshipOp(state, rel))));
      // Items removed from a delete-orphan collection are deleted too.
      if (rel.uselist && rel.cascade.deleteOrphan)
        for (const o of state.collections.get(rel.key)?.removed ?? []) related.push(o);
    }
    return related;
  }

  /** Removes an object from the session: pending becomes transient, persistent becomes detached. */
  expunge(obj: object): void {
    const state = this.stateFor(obj);
    if (state.session !== this)
      throw new InvalidRequestError(`Instance '${describe(state)}' is not present in this Session`);
    this.detach(state);
    this.cascadeExpunge(state, new Set([state]));
  }

  private cascadeExpunge(state: InstanceState, seen: Set<InstanceState>): void {
    for (const rel of state.mapper.relationships.values()) {
      if (!rel.cascade.expunge) continue;
      for (const o of relatedInMemory(state, rel)) {
        const os = stateOf(o);
        if (seen.has(os)) continue;
        seen.add(os);
        if (os.session === this) this.detach(os);
        this.cascadeExpunge(os, seen);
      }
    }
  }

  /** Removes every object from the session. */
  expungeAll(): void {
    // Every collection is emptied below, so each object only loses its session (a close of a large session).
    for (const s of this.newStates) s.session = undefined;
    this.identityMap.forEachState((s) => {
      s.session = undefined;
    });
    for (const s of this.txDeleted) s.session = undefined;
    this.newStates.clear();
    this.deletedStates.clear();
    this.identityMap.clear();
    this.txInserted.clear();
    this.txDeleted.clear();
  }

  private detach(state: InstanceState): void {
    this.newStates.delete(state);
    this.deletedStates.delete(state);
    this.identityMap.remove(state);
    this.txInserted.delete(state);
    this.txDeleted.delete(state);
    state.session = undefined;
  }

  /**
   * Expires attributes of a persistent object (every attribute by default);
   * the next access reloads them (relationships lazy-load again). Expiring
   * the whole object follows the `refresh-expire` cascade to the related
   * objects in memory: persistent ones are expired, pending ones expunged.
   */
  expire(obj: object, attributeNames?: readonly string[]): void {
    const state = this.stateFor(obj);
    if (state.session !== this || state.key === undefined)
      throw new InvalidRequestError(`Instance '${describe(state)}' is not persistent within this Session`);
    if (attributeNames !== undefined) {
      checkAttributeNames(state, attributeNames);
      state.expire(attributeNames);
      return;
    }
    const cascaded = refreshExpireTargets(state);
    state.expire();
    for (const s of cascaded) {
      if (s.session !== this) continue;
      if (s.key !== undefined) s.expire();
      else if (this.newStates.has(s)) this.detach(s);
    }
  }

  /** Expires every persistent object of the session. */
  expireAll(): void {
    for (const s of this.identityMap.states()) s.expire();
  }

  /**
   * Reloads a persistent object from the database now, discarding its
   * unflushed changes: every column attribute (relationships are expired, to
   * lazy-load again, and the `refresh-expire` cascade expires related
   * objects), or only `attributeNames`, where a relationship name loads that
   * relationship now.
   */
  refresh<T extends object>(obj: T, attributeNames?: AttributeNames<T>): void {
    this.runIO(this.refreshOp(obj, attributeNames), "refresh()");
  }

  /** Operation: {@link Session.refresh}. */
  *refreshOp<T extends object>(obj: T, attributeNames?: AttributeNames<T>): Op<void> {
    const state = this.stateFor(obj);
    if (state.session !== this || state.key === undefined)
      throw new InvalidRequestError(`Instance '${describe(state)}' is not persistent within this Session`);
    const mapper = state.mapper;
    for (const k of attributeNames ?? [])
      if (!mapper.columns.has(k) && !mapper.relationships.has(k))
        throw new InvalidRequestError(`'${k}' is not a mapped attribute of ${mapper.className}`);
    const columns = attributeNames?.filter((k) => mapper.columns.has(k));
    // Unflushed changes of this object are discarded first, so the autoflush does not write them.
    this.expire(obj, attributeNames);
    yield* this.autoflushOp();
    if (columns === undefined || columns.length > 0) {
      const conn = yield* this.connectionOp();
      const values = yield* selectByPkOp(conn, mapper, state.key.pk, columns);
      if (values === undefined)
        throw new InvalidRequestError(`Could not refresh instance '${describe(state)}'`);
      state.loadValues(values, true);
      if (attributeNames === undefined) state.commitAll();
    }
    for (const k of attributeNames ?? []) {
      const rel = mapper.relationships.get(k);
      if (rel !== undefined) yield* getRelationshipOp(state, rel);
    }
  }

  /** Loads the expired attributes of `state` when one (`key`) is read. @internal */
  loadExpired(state: InstanceState, key?: string): void {
    if (this.asyncOwner !== undefined) throw lazyLoadNeedsAwait(state, key, "expired");
    runSync(this.loadExpiredOp(state));
  }

  /** Operation: loads the expired attributes of `state`. @internal */
  *loadExpiredOp(state: InstanceState): Op<void> {
    if (state.key === undefined) return;
    const keys = [...state.expiredAttributes];
    if (keys.length === 0) return;
    const conn = yield* this.connectionOp();
    const values = yield* selectByPkOp(conn, state.mapper, state.key.pk, keys);
    if (values === undefined)
      throw new ObjectDeletedError(
        `Instance '${describe(state)}' has been deleted, or its row is otherwise not present.`,
      );
    state.loadValues(values, false);
  }

  /**
   * Lazy-loads a relationship (SQLAlchemy's lazy="select"): a many-to-one
   * whose foreign key is the target's primary key comes from the identity map
   * without SQL when present, else one SELECT by primary key; other cases one
   * SELECT of the target rows by the join columns. @internal
   */
  loadRelationship(state: InstanceState, rel: RelationshipProperty, noSql = false): unknown {
    if (noSql || this.asyncOwner !== undefined) {
      // raise_on_sql, and attribute access under an async session: only what needs no SQL loads.
      const known = this.relatedWithoutSql(state, rel);
      if (known !== undefined || noSql) return known;
      throw lazyLoadNeedsAwait(state, rel.key, "relationship");
    }
    return runSync(this.loadRelationshipOp(state, rel));
  }

  /**
   * A relationship's value when it is known without SQL (as SQLAlchemy's lazy
   * loader checks first): empty for a NULL join value, or a many-to-one's
   * target from the identity map; `undefined` when a SELECT is needed.
   */
  private relatedWithoutSql(state: InstanceState, rel: RelationshipProperty): unknown {
    if (usesLazyClause(rel)) return undefined;
    if (rel.direction === "ONETOMANY") {
      const values = rel.localKeys.map((k) => {
        const i = state.mapper.primaryKeyAttrs.indexOf(k);
        return i >= 0 && state.key !== undefined ? state.key.pk[i] : state.dict[k];
      });
      return values.some((v) => v === null) ? (rel.uselist ? [] : null) : undefined;
    }
    if (rel.direction !== "MANYTOONE") return undefined;
    const target = rel.target as Mapper<any>;
    const values: unknown[] = [];
    for (const k of rel.localKeys) {
      if (!(k in state.dict) && state.expiredAttributes.has(k)) return undefined;
      values.push(state.dict[k]);
    }
    if (values.some((v) => v === null || v === undefined)) return null;
    const pkOrder = target.primaryKeyAttrs;
    if (pkOrder.length !== rel.remoteKeys.length || !pkOrder.every((k) => rel.remoteKeys.includes(k)))
      return undefined;
    const existing = this.identityMap.get(
      identityKey(
        target,
        pkOrder.map((k) => values[rel.remoteKeys.indexOf(k)]),
      ),
    );
    if (existing === undefined) return undefined;
    return this.deletedStates.has(existing) ? null : existing.obj;
  }

  /** Operation: {@link Session.loadRelationship}. @internal */
  *loadRelationshipOp(state: InstanceState, rel: RelationshipProperty): Op<unknown> {
    if (usesLazyClause(rel)) return yield* loadThroughLazyClauseOp(this, state, rel);
    const target = rel.target as Mapper<any>;
    if (rel.direction === "MANYTOONE") {
      const values: unknown[] = [];
      for (const k of rel.localKeys) values.push(yield* state.getOp(k));
      if (values.some((v) => v === null || v === undefined)) return null;
      const pkOrder = target.primaryKeyAttrs;
      if (pkOrder.length === rel.remoteKeys.length && pkOrder.every((k) => rel.remoteKeys.includes(k))) {
        const pk = pkOrder.map((k) => values[rel.remoteKeys.indexOf(k)]);
        const existing = this.identityMap.get(identityKey(target, pk));
        if (existing !== undefined) return this.deletedStates.has(existing) ? null : existing.obj;
        return yield* this.getOp(target.mappedClass, pk);
      }
      const where = rel.remoteKeys.map((k, i) =>
        (target.columns.get(k) as ColumnElement<any>).eq(values[i] as never),
      );
      return (
        (yield* this.lazySelectOp(state, rel, select(target.mappedClass).where(and_(...where))))[0] ?? null
      );
    }
    const values: unknown[] = [];
    for (const k of rel.localKeys) {
      const i = state.mapper.primaryKeyAttrs.indexOf(k);
      values.push(i >= 0 && state.key !== undefined ? state.key.pk[i] : yield* state.getOp(k));
    }
    if (values.some((v) => v === null || v === undefined)) return rel.uselist ? [] : null;
    // As SQLAlchemy: `WHERE ? = address.user_id`, the parent's value on the left.
    const where = rel.remoteKeys.map((k, i) =>
      literal(values[i]).eq(target.columns.get(k) as ColumnElement<any> as never),
    );
    const rows = yield* this.lazySelectOp(state, rel, select(target.mappedClass).where(and_(...where)));
    return rel.uselist ? rows : (rows[0] ?? null);
  }

  /** Operation: the objects of a lazy load's SELECT, continuing the parent's loader path and options. */
  private *lazySelectOp(state: InstanceState, rel: RelationshipProperty, stmt: ClauseElement): Op<object[]> {
    yield* this.autoflushOp();
    const ctx = lazyLoadContext(state.loadPath as LoadPath | undefined, state.mapper, rel);
    const conn = yield* this.connectionOp();
    const cursor = yield* openOrmSelectOp(this.loadCtx, conn, stmt as never, undefined, ctx);
    return new OrmResult(yield* cursor.fetchOp()).unique().scalars().all() as object[];
  }

  /**
   * Operation: the result of an executed ORM select. Buffered (rows and
   * post-loads read now), or with `yieldPer` read in batches as consumed,
   * which only the sync session can do (an async session streams instead).
   */
  private *ormResultOp(cursor: OrmCursor): Op<OrmResult<any>> {
    if (cursor.yieldPer === undefined)
      return new OrmResult(yield* cursor.fetchOp(), { requireUnique: cursor.compiled.requireUnique });
    if (this.asyncOwner !== undefined)
      throw new InvalidRequestError(
        "yieldPer reads rows as they are consumed, which an AsyncSession does with stream() / streamScalars()",
      );
    return ormResultOf(cursor);
  }

  /**
   * The object with this primary key: from the identity map when present,
   * else loaded with a SELECT; `null` when there is no such row.
   */
  get<C extends AnyMappedClass>(cls: C, pk: PrimaryKeyArg): InstanceOfClass<C> | null {
    return this.runIO(this.getOp(cls, pk), "get()");
  }

  /** Operation: {@link Session.get}. */
  *getOp<C extends AnyMappedClass>(cls: C, pk: PrimaryKeyArg): Op<InstanceOfClass<C> | null> {
    const mapper = this.mapperOf(cls);
    const pkValues = normalizePk(mapper, pk);
    const key = identityKey(mapper, pkValues);
    const existing = this.identityMap.get(key);
    // Keys are per hierarchy: a Manager is not the Engineer asked for.
    if (existing !== undefined && !existing.mapper.isa(mapper)) return null;
    if (existing !== undefined && !this.deletedStates.has(existing)) {
      if (existing.expiredAttributes.size > 0) {
        try {
          yield* this.loadExpiredOp(existing);
        } catch (e) {
          if (e instanceof ObjectDeletedError) return null;
          throw e;
        }
      }
      return existing.obj as InstanceOfClass<C>;
    }
    if (existing !== undefined) return null;
    yield* this.autoflushOp();
    // Through the ORM compile step, so the mapping's eager loaders and deferred columns apply.
    const stmt = select(mapper.mappedClass).where(pkCriterion(mapper, pkValues));
    const cursor = yield* openOrmSelectOp(
      this.loadCtx,
      yield* this.connectionOp(),
      stmt as never,
      undefined,
      // By primary key: a joined subclass's key once, as the other by-key SELECTs.
      {
        options: [],
        rootMapper: mapper,
        rootPath: [],
        eachKeyOnce: true,
      },
    );
    const rows = yield* cursor.fetchOp();
    return ((rows[0]?.[0] as object | undefined) ?? null) as InstanceOfClass<C> | null;
  }

  /** Loads a deferred attribute of `state`, with the rest of its deferred group. @internal */
  loadDeferred(state: InstanceState, key: string): void {
    if (this.asyncOwner !== undefined) throw lazyLoadNeedsAwait(state, key, "expired");
    runSync(this.loadDeferredOp(state, key));
  }

  /** Operation: {@link Session.loadDeferred}. @internal */
  *loadDeferredOp(state: InstanceState, key: string): Op<void> {
    if (state.key === undefined) return;
    const conn = yield* this.connectionOp();
    const values = yield* selectByPkOp(conn, state.mapper, state.key.pk, deferredGroupKeys(state, key));
    if (values === undefined)
      throw new ObjectDeletedError(
        `Instance '${describe(state)}' has been deleted, or its row is otherwise not present.`,
      );
    state.loadValues(values, false);
  }

  /** As `get()`, but raises `NoResultFound` when there is no such row. */
  getOne<C extends AnyMappedClass>(cls: C, pk: PrimaryKeyArg): InstanceOfClass<C> {
    const obj = this.get(cls, pk);
    if (obj === null) throw new NoResultFound("No row was found when one was required");
    return obj;
  }

  /**
   * Whether the object has net changes to flush: a column set to a different
   * value, a reference replaced, or (with `includeCollections`, the default)
   * a collection changed. Setting a value back to the loaded one is no change.
   */
  isModified(obj: object, includeCollections = true): boolean {
    const state = this.stateFor(obj);
    for (const key of state.modifiedKeys) {
      const rel = state.mapper.relationships.get(key);
      if (rel?.uselist === true) {
        if (includeCollections) return true;
      } else if (state.history(key).added.length > 0) return true;
    }
    return false;
  }

  /**
   * The identity key of an object (from its identity, or its primary key
   * attributes when it has none yet), or of a class and primary key.
   */
  identityKey(obj: object): IdentityKey;
  identityKey(cls: AnyMappedClass, pk: PrimaryKeyArg): IdentityKey;
  identityKey(target: object, pk?: PrimaryKeyArg): IdentityKey {
    if (typeof target === "function") {
      const mapper = this.mapperOf(target as AnyMappedClass);
      return identityKey(mapper, normalizePk(mapper, pk));
    }
    const state = this.stateFor(target);
    if (state.key !== undefined) return state.key;
    const values = state.mapper.primaryKeyFrom(state.dict);
    if (values === undefined)
      throw new InvalidRequestError(`Instance '${describe(state)}' has no primary key value yet`);
    return identityKey(state.mapper, values);
  }

  /**
   * Ends the transaction and detaches every object, as `close()`; the
   * session can be used again (SQLAlchemy 2.0's `reset()`, which
   * `close()` equals while sessions stay reusable after closing).
   */
  reset(): void {
    this.close();
  }

  /** Removes one object from the session without any cascade (for `makeTransient`). @internal */
  detachState(state: InstanceState): void {
    if (state.session === this) this.detach(state);
  }

  // --- flush ---------------------------------------------------------------------------

  /**
   * Writes pending changes: INSERTs of new objects, UPDATEs of changed
   * columns, DELETEs, in foreign-key order. On failure the transaction is
   * rolled back, the objects keep their unflushed state, and a `FlushError`
   * wrapping the cause is raised.
   */
  flush(): void {
    this.runIO(this.flushOp(), "flush()");
  }

  /** Operation: {@link Session.flush}. */
  *flushOp(): Op<void> {
    if (this.flushing || this.preparing) throw new InvalidRequestError("Session is already flushing");
    // Nothing to write (the autoflush before every query, each lazy load among them): no planning.
    if (this.newStates.size === 0 && this.deletedStates.size === 0 && !this.anyModified()) return;
    this.preparing = true;
    let prepared: {
      plan: FlushPlan;
      inserts: InstanceState[];
      updates: InstanceState[];
      deletes: InstanceState[];
    };
    try {
      prepared = yield* this.prepareFlushOp();
    } finally {
      this.preparing = false;
    }
    const { inserts, updates, deletes } = prepared;
    if (
      inserts.length === 0 &&
      deletes.length === 0 &&
      updates.length === 0 &&
      !hasAssociationRows(prepared.plan.association)
    ) {
      // Changes that set a value back to the loaded one are no longer changes.
      for (const s of this.identityMap.states()) if (s.modified) s.commitAll();
      return;
    }
    const plan = prepared.plan;
    this.flushing = true;
    let outcome: FlushOutcome;
    try {
      const conn = yield* this.connectionOp();
      outcome = yield* executeFlushOp(conn, plan);
    } catch (e) {
      this.flushing = false;
      yield* this.rollbackAfterFailedFlushOp(e);
      // Optimistic-concurrency code catches StaleDataError itself, as with SQLAlchemy.
      if (e instanceof StaleDataError) throw e;
      const why = e instanceof Error ? e.message : String(e);
      throw new FlushError(`flush failed and the transaction was rolled back: ${why}`, e);
    }
    this.flushing = false;
    // Every statement succeeded: apply the outcome to the objects.
    for (let i = 0; i < inserts.length; i++) {
      const s = inserts[i] as InstanceState;
      // Committed first: the values written become the loaded ones, then the fetched ones join them.
      s.commitAll();
      const fetched = outcome.fetched.get(s);
      if (fetched !== undefined) s.loadValues(fetched, true);
      const expire = outcome.expire.get(s);
      if (expire !== undefined && expire.length > 0) s.expire(expire);
      const key = identityKeyOfDict(s.mapper, s.dict);
      if (key === undefined)
        throw new FlushError(`Instance ${describe(s)} has a NULL identity key after its INSERT`);
      s.key = key;
      s.commitAll();
      this.newStates.delete(s);
      this.identityMap.add(s);
      this.txInserted.add(s);
    }
    for (const s of updates) {
      const pk = s.mapper.primaryKeyFrom(s.dict);
      if (pk !== undefined && s.key !== undefined && identityKey(s.mapper, pk).token !== s.key.token) {
        this.identityMap.remove(s);
        s.key = identityKey(s.mapper, pk);
        this.identityMap.add(s);
      }
      s.loadValues(outcome.fetched.get(s) ?? {}, true);
      s.commitAll();
    }
    // Relationship changes are written now (as foreign keys of the rows above).
    for (const s of this.identityMap.states()) if (s.modified) s.commitAll();
    for (const s of deletes) {
      this.deletedStates.delete(s);
      this.identityMap.remove(s);
      s.deletedFlushed = true;
      // An object also in txInserted was inserted in this transaction: a rollback makes it transient.
      this.txDeleted.add(s);
    }
    recordInSavepoint(this.savepoints.at(-1), inserts, updates, deletes);
  }

  /**
   * Plans a flush (SQLAlchemy's dependency processors): orphans, then the
   * foreign key values to copy from related objects, the rows to write, and
   * their order.
   */
  private *prepareFlushOp(): Op<{
    plan: FlushPlan;
    inserts: InstanceState[];
    updates: InstanceState[];
    deletes: InstanceState[];
  }> {
    const live = (s: InstanceState) =>
      s.session === this && (this.newStates.has(s) || this.identityMap.has(s));
    const changed = () => [
      ...this.newStates,
      ...this.identityMap.states().filter((s) => s.modified && !this.deletedStates.has(s)),
    ];
    // The mappers of every object in the session (most flushes involve a few mappers, many objects).
    const allStates = this.identityMap.states();
    const mappers = new Set<Mapper<any>>();
    for (const s of this.newStates) mappers.add(s.mapper);
    for (const s of allStates) mappers.add(s.mapper);
    for (const m of mappers) if (m.relationships.size > 0) m.configure();
    const withRelationships = (list: InstanceState[]) => list.filter((s) => s.mapper.relationships.size > 0);
    // delete-orphan: items removed from such a collection and not added to another.
    const readded = new Set<object>();
    const orphanCandidates = withRelationships(changed());
    for (const s of orphanCandidates)
      for (const rel of s.mapper.relationships.values())
        if (rel.uselist) for (const o of s.collections.get(rel.key)?.added ?? []) readded.add(o);
        else if (s.history(rel.key).added[0]) readded.add(s.history(rel.key).added[0] as object);
    for (const s of orphanCandidates)
      for (const rel of s.mapper.relationships.values()) {
        if (!rel.cascade.deleteOrphan) continue;
        const removed = rel.uselist
          ? [...(s.collections.get(rel.key)?.removed ?? [])]
          : s.history(rel.key).deleted;
        for (const o of removed as object[]) {
          if (o === null || readded.has(o)) continue;
          const os = stateOf(o);
          if (os.session !== this) continue;
          if (os.key === undefined) this.detach(os);
          else yield* this.deleteOp(o);
        }
      }

    const syncs: SyncRules = new Map();
    /** Persistent sources with an expired column to read, loaded once the rules are known. */
    const toLoad = new Set<InstanceState>();
    const postUpdate = emptyPostUpdatePlan();
    const rule = (
      child: InstanceState,
      keys: readonly string[],
      src: InstanceState | null,
      srcKeys: readonly string[],
      post = false,
    ) => {
      if (!live(child) || this.deletedStates.has(child)) return;
      if (src !== null && !live(src)) return;
      const rules = post ? postUpdate.afterInserts : syncs;
      let m = rules.get(child);
      if (m === undefined) {
        m = new Map();
        rules.set(child, m);
      }
      keys.forEach((k, i) => {
        // A value from a related object wins over NULL from a removal.
        if (src === null && m.get(k) != null) return;
        const source: SyncSource | null = src === null ? null : { state: src, key: srcKeys[i] as string };
        // The source value is read at flush time; a persistent source's expired non-key column is loaded now.
        const sk = srcKeys[i] as string;
        if (
          src !== null &&
          src.key !== undefined &&
          !(sk in src.dict) &&
          !src.mapper.primaryKeyAttrs.includes(sk)
        )
          toLoad.add(src);
        m.set(k, source);
      });
    };
    // After the orphans above left the session or were deleted: the objects with changes to write.
    const changedNow = changed();
    for (const s of withRelationships(changedNow)) {
      const isNew = this.newStates.has(s);
      for (const rel of s.mapper.relationships.values()) {
        if (rel.viewonly || rel.direction === "MANYTOMANY") continue;
        if (!(rel.key in s.dict) && !isCollectionObject(rel)) continue;
        const h = isCollectionObject(rel) ? pendingHistory(s, rel) : s.history(rel.key);
        const post = rel.postUpdate;
        if (rel.direction === "MANYTOONE") {
          const v = isNew
            ? (s.dict[rel.key] as object | null)
            : h.added.length > 0
              ? (h.added[0] as object | null)
              : undefined;
          if (v === undefined || (isNew && v === null)) continue;
          rule(s, rel.localKeys, v === null ? null : stateOf(v), rel.remoteKeys, post);
        } else {
          for (const o of h.deleted as (object | null)[])
            if (o !== null) rule(stateOf(o), rel.remoteKeys, null, [], post);
          for (const o of h.added as (object | null)[])
            if (o !== null) rule(stateOf(o), rel.remoteKeys, s, rel.localKeys, post);
        }
      }
    }
    // One-to-many without delete cascade: the children of a deleted parent get a NULL foreign key.
    for (const s of this.deletedStates)
      for (const rel of s.mapper.relationships.values()) {
        if (rel.direction !== "ONETOMANY" || rel.cascade.delete || rel.viewonly) continue;
        if (!(rel.key in s.dict) && rel.options.passiveDeletes === true) continue;
        const children = yield* relatedForFlushOp(this, s, rel, () => getRelationshipOp(s, rel));
        for (const o of children) rule(stateOf(o), rel.remoteKeys, null, []);
      }
    for (const src of toLoad) yield* this.loadExpiredOp(src);
    // postUpdate many-to-one of a deleted row: its foreign key is set to NULL before the DELETE.
    for (const s of this.deletedStates)
      for (const rel of s.mapper.relationships.values())
        if (rel.postUpdate && rel.direction === "MANYTOONE" && rel.localKeys.some((k) => s.get(k) != null))
          postUpdate.beforeDeletes.set(s, [...(postUpdate.beforeDeletes.get(s) ?? []), ...rel.localKeys]);
    notePostUpdateColumns(postUpdate, mappers);
    // The collections of deleted parents whose association rows go too, loaded here (the
    // planner itself runs no SQL, so it works under the async runner as well).
    const associationLoads = new Map<InstanceState, Map<RelationshipProperty, object[]>>();
    for (const s of this.deletedStates)
      for (const rel of s.mapper.relationships.values()) {
        if (!isManyToMany(rel)) continue;
        if (rel.options.passiveDeletes === true && (!(rel.key in s.dict) || rel.lazy === "write_only"))
          continue;
        const items = yield* relatedForFlushOp(this, s, rel, () => getRelationshipOp(s, rel));
        let m = associationLoads.get(s);
        if (m === undefined) {
          m = new Map();
          associationLoads.set(s, m);
        }
        m.set(rel, items);
      }
    const association = planAssociationRows(changedNow, [...this.deletedStates], {
      isLive: live,
      isDeleted: (st) => this.deletedStates.has(st),
      load: (st, rel) =>
        associationLoads.get(st)?.get(rel) ?? relatedForFlush(this, st, rel, () => getRelationship(st, rel)),
    });

    const inserts = orderInserts([...this.newStates], syncs);
    const deletes = [...this.deletedStates];
    const updates = this.identityMap
      .states()
      .filter(
        (s) =>
          !this.deletedStates.has(s) &&
          ((s.modified && s.changedKeys().length > 0) || syncs.has(s) || postUpdate.afterInserts.has(s)),
      );
    for (const s of [...inserts, ...updates, ...deletes]) assertNoOwnMappedKeys(s.obj, s.mapper);
    // Raises CircularDependencyError for rows that need each other's keys, before any SQL.
    const tableOrder = flushTableOrder(
      // Every table a row is written to: a joined subclass's base table comes first.
      [
        ...new Set(
          [...writtenMappers(inserts, updates, deletes)].flatMap((m) => m.persistTables.map((t) => t.table)),
        ),
      ],
      postUpdate.columns,
      inserts,
      syncs,
    );
    return {
      plan: {
        inserts,
        updates,
        deletes,
        syncs,
        deleteLevels: deleteLevels(deletes),
        association,
        postUpdate,
        tableOrder,
      },
      inserts,
      updates,
      deletes,
    };
  }

  /**
   * After a failed flush: roll back the database transaction. Objects of the
   * failed flush are untouched; effects of earlier flushes in the same
   * transaction are undone (their objects pending or persistent again, expired).
   */
  private *rollbackAfterFailedFlushOp(cause?: unknown): Op<void> {
    if (this.savepoints.length > 0) {
      yield* this.rollbackSavepointAfterFailedFlushOp(cause);
      return;
    }
    if (this.tx !== undefined) {
      try {
        yield* this.tx.rollbackOp();
      } finally {
        yield* this.releaseConnectionOp();
      }
    }
    for (const s of this.txDeleted) {
      if (this.txInserted.has(s)) continue;
      s.deletedFlushed = false;
      this.identityMap.add(s);
    }
    this.txDeleted.clear();
    for (const s of this.txInserted) {
      this.identityMap.remove(s);
      s.key = undefined;
      s.deletedFlushed = false;
      s.markAllAdded();
      this.newStates.add(s);
    }
    this.txInserted.clear();
    for (const s of this.identityMap.states()) if (!s.modified) s.expire();
  }

  /** The modification count when every object of the identity map was last found unmodified. */
  private cleanAt = -1;

  /** Whether an object of the identity map has changes, looking only if anything changed since the last look. */
  private anyModified(): boolean {
    if (modifications.count === this.cleanAt) return false;
    if (this.identityMap.anyModified()) return true;
    this.cleanAt = modifications.count;
    return false;
  }

  private *autoflushOp(): Op<void> {
    if (this.autoflush && this.noAutoflushDepth === 0 && !this.flushing && !this.preparing)
      yield* this.flushOp();
  }

  // --- queries -------------------------------------------------------------------------

  /**
   * Executes a statement in the session's transaction, after an autoflush.
   * A select of mapped classes returns tuples of objects from the identity
   * map; any other statement returns Core's `Result`.
   */
  execute<S extends ClauseElement>(statement: S, params?: ExecuteParams): SessionResultOf<S> {
    return this.runIO(this.executeOp(statement, params), "execute()");
  }

  /** Operation: {@link Session.execute}. */
  *executeOp<S extends ClauseElement>(statement: S, params?: ExecuteParams): Op<SessionResultOf<S>> {
    yield* this.autoflushOp();
    const conn = yield* this.connectionOp();
    if (isEntitySelect(statement)) {
      configureEntities(statement);
      // The compile step adds the single-table subclass criterion (orm-compile.ts).
      const cursor = yield* openOrmSelectOp(this.loadCtx, conn, statement, params);
      return (yield* this.ormResultOp(cursor)) as unknown as SessionResultOf<S>;
    }
    return (yield* conn.executeOp(statement, params)) as SessionResultOf<S>;
  }

  /**
   * Operation: executes a statement with a server-side cursor where the driver
   * has one (`streamResults`), for results read as they are iterated: Core's
   * result, or for a select of mapped classes an ORM cursor whose fetches make
   * the objects (and run their selectin loads) batch by batch.
   */
  *streamOp<S extends ClauseElement>(
    statement: S,
    params?: ExecuteParams,
  ): Op<{ result: Result<any>; cursor?: undefined } | { cursor: OrmCursor; result?: undefined }> {
    yield* this.autoflushOp();
    const conn = yield* this.connectionOp();
    if (!isEntitySelect(statement))
      return { result: yield* conn.executeOp(statement, params, { streamResults: true }) };
    configureEntities(statement);
    return { cursor: yield* openOrmSelectOp(this.loadCtx, conn, statement, params, undefined, true) };
  }

  /** `execute(statement).scalars()`: the selected objects, or the first column's values. */
  scalars<S extends ClauseElement>(statement: S, params?: ExecuteParams): SessionScalarsOf<S> {
    return this.runIO(this.scalarsOp(statement, params), "scalars()");
  }

  /** Operation: {@link Session.scalars}. */
  *scalarsOp<S extends ClauseElement>(statement: S, params?: ExecuteParams): Op<SessionScalarsOf<S>> {
    const r = (yield* this.executeOp(statement, params)) as unknown as { scalars(): unknown };
    return r.scalars() as SessionScalarsOf<S>;
  }

  /** The first column of the first row, or `null` when there are no rows. */
  scalar<S extends ClauseElement>(statement: S, params?: ExecuteParams): SessionScalarOf<S> | null {
    return this.runIO(this.scalarOp(statement, params), "scalar()");
  }

  /** Operation: {@link Session.scalar}. */
  *scalarOp<S extends ClauseElement>(statement: S, params?: ExecuteParams): Op<SessionScalarOf<S> | null> {
    const r = (yield* this.executeOp(statement, params)) as unknown as { scalar(): unknown };
    return (r.scalar() ?? null) as SessionScalarOf<S> | null;
  }

  // --- helpers -------------------------------------------------------------------------

  private stateFor(obj: object): InstanceState {
    if (typeof obj !== "object" || obj === null)
      throw new UnmappedInstanceError(`${String(obj)} is not a mapped instance`);
    const state = stateOf(obj);
    state.mapper.assertRegistered();
    return state;
  }

  private mapperOf(cls: AnyMappedClass): Mapper<any> {
    const m = (cls as { __mapper__?: Mapper<any> }).__mapper__;
    if (m === undefined) throw new UnmappedInstanceError(`Class '${String(cls)}' is not mapped`);
    return m;
  }
}

/** Configures the mappers of the classes a select names (their relationships resolve on first use). */
function configureEntities(statement: { readonly rawArgs: readonly unknown[] }): void {
  for (const arg of statement.rawArgs) (arg as { __mapper__?: Mapper<any> }).__mapper__?.configure();
}

function describe(state: InstanceState): string {
  return `<${state.mapper.className}${state.key ? ` ${identityText(state.key)}` : ""}>`;
}

function normalizePk(mapper: Mapper<any>, pk: unknown): unknown[] {
  const attrs = mapper.primaryKeyAttrs;
  let values: unknown[];
  if (Array.isArray(pk)) values = pk;
  else if (typeof pk === "object" && pk !== null && !(pk instanceof Date))
    values = attrs.map((k) => (pk as Record<string, unknown>)[k]);
  else values = [pk];
  if (values.length !== attrs.length || values.some((v) => v === undefined))
    throw new InvalidRequestError(
      `Incorrect number of values in identifier formed for ${mapper.className}; expected ${attrs.length} (${attrs.join(", ")})`,
    );
  return values;
}

/** The related objects a relationship holds in memory (nothing when not loaded). */
function relatedInMemory(state: InstanceState, rel: RelationshipProperty): object[] {
  if (isCollectionObject(rel)) return pendingItems(state, rel);
  const v = loadedValue(state, rel);
  if (v === undefined || v === null) return [];
  return rel.uselist ? [...(v as object[])] : [v as object];
}

/**
 * Orders pending rows so that a row whose foreign key comes from another
 * pending row of the same table follows it (an adjacency list's parents
 * before children). As SQLAlchemy's topological sort: pass after pass, every
 * row whose parents are placed is emitted, in add order (root, children,
 * grandchildren).
 */
/** The mappers of the rows a flush writes, in first-seen order. */
function writtenMappers(...lists: InstanceState[][]): Set<Mapper<any>> {
  const out = new Set<Mapper<any>>();
  for (const list of lists) for (const s of list) out.add(s.mapper);
  return out;
}

function orderInserts(states: InstanceState[], syncs: SyncRules): InstanceState[] {
  if (syncs.size === 0) return states;
  const pending = new Set(states);
  const deps = new Map<InstanceState, InstanceState[]>();
  for (const s of states) {
    const d: InstanceState[] = [];
    for (const src of syncs.get(s)?.values() ?? [])
      if (
        src !== null &&
        src.state !== s &&
        pending.has(src.state) &&
        src.state.mapper.table === s.mapper.table
      )
        d.push(src.state);
    if (d.length > 0) deps.set(s, d);
  }
  if (deps.size === 0) return states;
  const out: InstanceState[] = [];
  const placed = new Set<InstanceState>();
  let rest = states;
  while (rest.length > 0) {
    const ready = rest.filter((s) => (deps.get(s) ?? []).every((d) => placed.has(d)));
    if (ready.length === 0)
      throw new CircularDependencyError(
        `Circular dependency detected between rows of '${rest[0]?.mapper.table.name}': each needs another's primary key to be inserted first; set postUpdate: true on one of the relationships to write that foreign key with a separate UPDATE`,
        [String(rest[0]?.mapper.table.name)],
      );
    for (const s of ready) {
      placed.add(s);
      out.push(s);
    }
    rest = rest.filter((s) => !placed.has(s));
  }
  return out;
}

/**
 * For rows deleted from a self-referential table: each row's height in the
 * tree of deleted rows (leaves 0), so children are deleted before parents.
 */
function deleteLevels(deletes: InstanceState[]): Map<InstanceState, number> {
  const levels = new Map<InstanceState, number>();
  const set = new Set(deletes);
  const parentOf = new Map<InstanceState, InstanceState[]>();
  for (const s of deletes)
    for (const rel of s.mapper.relationships.values()) {
      // A post-updated reference is set to NULL before the DELETEs: it orders nothing.
      if (rel.target !== s.mapper || rel.postUpdate) continue;
      const v = loadedValue(s, rel);
      const related = v === undefined || v === null ? [] : rel.uselist ? (v as object[]) : [v as object];
      for (const o of related) {
        const os = stateOf(o);
        if (!set.has(os) || os === s) continue;
        const [child, parent] = rel.direction === "ONETOMANY" ? [os, s] : [s, os];
        const list = parentOf.get(parent) ?? [];
        list.push(child);
        parentOf.set(parent, list);
      }
    }
  const height = (s: InstanceState, guard: Set<InstanceState>): number => {
    const known = levels.get(s);
    if (known !== undefined) return known;
    if (guard.has(s)) return 0;
    guard.add(s);
    let h = 0;
    for (const c of parentOf.get(s) ?? []) h = Math.max(h, height(c, guard) + 1);
    levels.set(s, h);
    return h;
  };
  for (const s of deletes) height(s, new Set());
  return levels;
}
