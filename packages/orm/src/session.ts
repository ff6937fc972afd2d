/**
 * `Session`: the ORM's unit of work and identity map over an `Engine`
 * (SQLAlchemy's `Session`). Objects are added, changed and deleted in memory;
 * `flush()` writes the changes in one transaction, `commit()` flushes and
 * commits, `rollback()` discards.
 */
import {
  and_,
  type ClauseElement,
  type ColumnElement,
  type Connection,
  type Engine,
  type ExecuteParams,
  InvalidRequestError,
  literal,
  NotImplementedError,
  type Result,
  type RowValue,
  runSync,
  type ScalarResult,
  select,
  type Transaction,
} from "@athanor/core";
import { getRelationship, loadedValue } from "./attributes.js";
import { FlushError, ObjectDeletedError, UnmappedInstanceError } from "./errors.js";
import { IdentityMap } from "./identity-map.js";
import { withSingleTableCriteria } from "./inheritance.js";
import { type InstanceState, identityKey, type StateOwner, stateOf } from "./instance-state.js";
import { assertNoOwnMappedKeys } from "./instrumentation.js";
import { instanceFromValues, isEntitySelect, type LoadContext, loadRowsOp, selectByPkOp } from "./loading.js";
import type { Mapper, RelationshipProperty } from "./mapper.js";
import type { AnyMappedClass } from "./mapping.types.js";
import { OrmResult, type OrmScalarResult } from "./orm-result.js";
import {
  executeFlushOp,
  type FlushOutcome,
  type FlushPlan,
  type SyncRules,
  type SyncSource,
} from "./unit-of-work.js";

/** Options of a {@link Session} (and of {@link sessionmaker}). */
export interface SessionOptions {
  /** Flush before executing a query (`execute`, `scalars`, `get`...). Default `true`. */
  autoflush?: boolean;
  /** Expire every object after `commit()`, so the next access reloads it. Default `true`. */
  expireOnCommit?: boolean;
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
export class Session implements StateOwner {
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
  /** Set while a flush prepares its plan: loads then do not autoflush. */
  private preparing = false;
  private readonly loadCtx: LoadContext;
  readonly autoflush: boolean;
  readonly expireOnCommit: boolean;

  constructor(
    /** The engine connections are taken from. */
    readonly bind: Engine,
    options: SessionOptions = {},
  ) {
    this.autoflush = options.autoflush ?? true;
    this.expireOnCommit = options.expireOnCommit ?? true;
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
  /** Whether a transaction is in progress. */
  inTransaction(): boolean {
    return this.tx !== undefined;
  }

  // --- transaction ---------------------------------------------------------------------

  /** The connection of the current transaction, beginning one if needed. */
  connection(): Connection {
    if (this.conn === undefined) {
      const conn = this.bind.connect();
      try {
        this.tx = conn.begin();
      } catch (e) {
        conn.close();
        throw e;
      }
      this.conn = conn;
    }
    return this.conn;
  }

  private releaseConnection(): void {
    const conn = this.conn;
    this.conn = undefined;
    this.tx = undefined;
    conn?.close();
  }

  /** Flushes, commits the transaction and (by default) expires every object. */
  commit(): void {
    this.flush();
    if (this.tx !== undefined) {
      try {
        this.tx.commit();
      } catch (e) {
        this.rollback();
        throw e;
      }
    }
    this.releaseConnection();
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
    if (this.tx !== undefined) {
      try {
        this.tx.rollback();
      } finally {
        this.releaseConnection();
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
    if (this.tx !== undefined) {
      try {
        this.tx.rollback();
      } finally {
        this.releaseConnection();
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

  // --- object lifecycle ----------------------------------------------------------------

  /**
   * Adds an object: a transient one becomes pending, a detached one persistent
   * again; objects in its loaded relationships with the `save-update` cascade
   * (the default) are added too.
   */
  add(obj: object): void {
    this.addOne(obj);
    this.cascadeFrom(stateOf(obj), new Set());
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

  /** Adds each object. */
  addAll(objs: Iterable<object>): void {
    for (const o of objs) this.add(o);
  }

  /** Marks a persistent object for deletion at the next flush. */
  delete(obj: object): void {
    const state = this.stateFor(obj);
    if (state.key === undefined)
      throw new InvalidRequestError(`Instance '${describe(state)}' is not persisted`);
    if (state.session !== undefined && state.session !== this)
      throw new InvalidRequestError(`Object '${describe(state)}' is attached to another session`);
    if (state.deletedFlushed || this.deletedStates.has(state) || this.deleting.has(state)) return;
    if (!this.identityMap.has(state)) this.addOne(obj);
    // The delete cascade loads first (which may autoflush, as SQLAlchemy), then marks.
    this.deleting.add(state);
    let related: object[];
    try {
      related = this.deleteCascadeTargets(state);
    } finally {
      this.deleting.delete(state);
    }
    this.deletedStates.add(state);
    for (const o of related) {
      const os = stateOf(o);
      if (os.key === undefined) {
        if (os.session === this) this.detach(os);
      } else if (os.session === this || os.session === undefined) this.delete(o);
    }
  }

  private readonly deleting = new Set<InstanceState>();

  /** The objects the delete cascade reaches from `state` (loading each relationship with `delete`). */
  private deleteCascadeTargets(state: InstanceState): object[] {
    if (state.mapper.relationships.size === 0) return [];
    state.mapper.configure();
    const related: object[] = [];
    for (const rel of state.mapper.relationships.values()) {
      if (!rel.cascade.delete) continue;
      const value = getRelationship(state, rel);
      if (rel.uselist) related.push(...(value as object[]));
      else if (value !== null) related.push(value as object);
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
    for (const s of [...this.newStates, ...this.identityMap.states(), ...this.txDeleted]) this.detach(s);
    this.identityMap.clear();
  }

  private detach(state: InstanceState): void {
    this.newStates.delete(state);
    this.deletedStates.delete(state);
    this.identityMap.remove(state);
    this.txInserted.delete(state);
    this.txDeleted.delete(state);
    state.session = undefined;
  }

  /** Expires attributes of a persistent object (all column attributes by default); the next access reloads them. */
  expire(obj: object, attributeNames?: readonly string[]): void {
    const state = this.stateFor(obj);
    if (state.session !== this || state.key === undefined)
      throw new InvalidRequestError(`Instance '${describe(state)}' is not persistent within this Session`);
    state.expire(attributeNames);
  }

  /** Expires every persistent object of the session. */
  expireAll(): void {
    for (const s of this.identityMap.states()) s.expire();
  }

  /** Reloads every column attribute of a persistent object from the database now, discarding changes. */
  refresh(obj: object): void {
    const state = this.stateFor(obj);
    if (state.session !== this || state.key === undefined)
      throw new InvalidRequestError(`Instance '${describe(state)}' is not persistent within this Session`);
    // Unflushed changes of this object are discarded first, so the autoflush does not write them.
    state.expire();
    this.autoflushIfEnabled();
    const values = runSync(selectByPkOp(this.connection(), state.mapper, state.key.pk));
    if (values === undefined)
      throw new InvalidRequestError(`Could not refresh instance '${describe(state)}'`);
    state.loadValues(values, true);
    state.commitAll();
  }

  /** Loads the expired attributes of `state`. @internal */
  loadExpired(state: InstanceState): void {
    if (state.key === undefined) return;
    const keys = [...state.expiredAttributes];
    if (keys.length === 0) return;
    const values = runSync(selectByPkOp(this.connection(), state.mapper, state.key.pk, keys));
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
  loadRelationship(state: InstanceState, rel: RelationshipProperty): unknown {
    const target = rel.target as Mapper<any>;
    if (rel.direction === "MANYTOONE") {
      const values = rel.localKeys.map((k) => state.get(k));
      if (values.some((v) => v === null || v === undefined)) return null;
      const pkOrder = target.primaryKeyAttrs;
      if (pkOrder.length === rel.remoteKeys.length && pkOrder.every((k) => rel.remoteKeys.includes(k))) {
        const pk = pkOrder.map((k) => values[rel.remoteKeys.indexOf(k)]);
        const existing = this.identityMap.get(identityKey(target, pk));
        if (existing !== undefined) return this.deletedStates.has(existing) ? null : existing.obj;
        return this.get(target.mappedClass, pk);
      }
      const where = rel.remoteKeys.map((k, i) =>
        (target.columns.get(k) as ColumnElement<any>).eq(values[i] as never),
      );
      return this.scalars(select(target.mappedClass).where(and_(...where))).first() ?? null;
    }
    const values = rel.localKeys.map((k) => {
      const i = state.mapper.primaryKeyAttrs.indexOf(k);
      return i >= 0 && state.key !== undefined ? state.key.pk[i] : state.get(k);
    });
    if (values.some((v) => v === null || v === undefined)) return rel.uselist ? [] : null;
    // As SQLAlchemy: `WHERE ? = address.user_id`, the parent's value on the left.
    const where = rel.remoteKeys.map((k, i) =>
      literal(values[i]).eq(target.columns.get(k) as ColumnElement<any> as never),
    );
    const rows = this.scalars(select(target.mappedClass).where(and_(...where))).all() as object[];
    return rel.uselist ? rows : (rows[0] ?? null);
  }

  /**
   * The object with this primary key: from the identity map when present,
   * else loaded with a SELECT; `null` when there is no such row.
   */
  get<C extends AnyMappedClass>(cls: C, pk: PrimaryKeyArg): InstanceOfClass<C> | null {
    const mapper = this.mapperOf(cls);
    const pkValues = normalizePk(mapper, pk);
    const key = identityKey(mapper, pkValues);
    const existing = this.identityMap.get(key);
    // Keys are per hierarchy: a Manager is not the Engineer asked for.
    if (existing !== undefined && !existing.mapper.isa(mapper)) return null;
    if (existing !== undefined && !this.deletedStates.has(existing)) {
      if (existing.expiredAttributes.size > 0) {
        try {
          this.loadExpired(existing);
        } catch (e) {
          if (e instanceof ObjectDeletedError) return null;
          throw e;
        }
      }
      return existing.obj as InstanceOfClass<C>;
    }
    if (existing !== undefined) return null;
    this.autoflushIfEnabled();
    const values = runSync(selectByPkOp(this.connection(), mapper, pkValues));
    if (values === undefined) return null;
    return instanceFromValues(this.loadCtx, mapper, values) as InstanceOfClass<C>;
  }

  // --- flush ---------------------------------------------------------------------------

  /**
   * Writes pending changes: INSERTs of new objects, UPDATEs of changed
   * columns, DELETEs, in foreign-key order. On failure the transaction is
   * rolled back, the objects keep their unflushed state, and a `FlushError`
   * wrapping the cause is raised.
   */
  flush(): void {
    if (this.flushing || this.preparing) throw new InvalidRequestError("Session is already flushing");
    this.preparing = true;
    let prepared: {
      plan: FlushPlan;
      inserts: InstanceState[];
      updates: InstanceState[];
      deletes: InstanceState[];
    };
    try {
      prepared = this.prepareFlush();
    } finally {
      this.preparing = false;
    }
    const { inserts, updates, deletes } = prepared;
    if (inserts.length === 0 && deletes.length === 0 && updates.length === 0) {
      // Changes that set a value back to the loaded one are no longer changes.
      for (const s of this.identityMap.states()) if (s.modified) s.commitAll();
      return;
    }
    const plan = prepared.plan;
    this.flushing = true;
    let outcome: FlushOutcome;
    try {
      const conn = this.connection();
      outcome = runSync(executeFlushOp(conn, plan));
    } catch (e) {
      this.flushing = false;
      this.rollbackAfterFailedFlush();
      const why = e instanceof Error ? e.message : String(e);
      throw new FlushError(`flush failed and the transaction was rolled back: ${why}`, e);
    }
    this.flushing = false;
    // Every statement succeeded: apply the outcome to the objects.
    for (const s of inserts) {
      const fetched = outcome.fetched.get(s) ?? {};
      s.loadValues(fetched, true);
      const expire = outcome.expire.get(s);
      if (expire !== undefined && expire.length > 0) s.expire(expire);
      const pk = s.mapper.primaryKeyFrom(s.dict);
      if (pk === undefined)
        throw new FlushError(`Instance ${describe(s)} has a NULL identity key after its INSERT`);
      s.key = identityKey(s.mapper, pk);
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
  }

  /**
   * Plans a flush (SQLAlchemy's dependency processors): orphans, then the
   * foreign key values to copy from related objects, the rows to write, and
   * their order.
   */
  private prepareFlush(): {
    plan: FlushPlan;
    inserts: InstanceState[];
    updates: InstanceState[];
    deletes: InstanceState[];
  } {
    const live = (s: InstanceState) =>
      s.session === this && (this.newStates.has(s) || this.identityMap.has(s));
    const changed = () => [
      ...this.newStates,
      ...[...this.identityMap.states()].filter((s) => s.modified && !this.deletedStates.has(s)),
    ];
    for (const s of [...this.newStates, ...this.identityMap.states()])
      if (s.mapper.relationships.size > 0) s.mapper.configure();
    // delete-orphan: items removed from such a collection and not added to another.
    const readded = new Set<object>();
    for (const s of changed())
      for (const rel of s.mapper.relationships.values())
        if (rel.uselist) for (const o of s.collections.get(rel.key)?.added ?? []) readded.add(o);
        else if (s.history(rel.key).added[0]) readded.add(s.history(rel.key).added[0] as object);
    for (const s of changed())
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
          else this.delete(o);
        }
      }

    const syncs: SyncRules = new Map();
    const rule = (
      child: InstanceState,
      keys: readonly string[],
      src: InstanceState | null,
      srcKeys: readonly string[],
    ) => {
      if (!live(child) || this.deletedStates.has(child)) return;
      if (src !== null && !live(src)) return;
      let m = syncs.get(child);
      if (m === undefined) {
        m = new Map();
        syncs.set(child, m);
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
          src.get(sk);
        m.set(k, source);
      });
    };
    for (const s of changed()) {
      const isNew = this.newStates.has(s);
      for (const rel of s.mapper.relationships.values()) {
        if (!(rel.key in s.dict)) continue;
        const h = s.history(rel.key);
        if (rel.direction === "MANYTOONE") {
          const v = isNew
            ? (s.dict[rel.key] as object | null)
            : h.added.length > 0
              ? (h.added[0] as object | null)
              : undefined;
          if (v === undefined || (isNew && v === null)) continue;
          rule(s, rel.localKeys, v === null ? null : stateOf(v), rel.remoteKeys);
        } else {
          for (const o of h.deleted as (object | null)[])
            if (o !== null) rule(stateOf(o), rel.remoteKeys, null, []);
          for (const o of h.added as (object | null)[])
            if (o !== null) rule(stateOf(o), rel.remoteKeys, s, rel.localKeys);
        }
      }
    }
    // One-to-many without delete cascade: the children of a deleted parent get a NULL foreign key.
    for (const s of this.deletedStates)
      for (const rel of s.mapper.relationships.values()) {
        if (rel.direction !== "ONETOMANY" || rel.cascade.delete) continue;
        if (!(rel.key in s.dict) && rel.options.passiveDeletes === true) continue;
        const v = getRelationship(s, rel);
        const children = rel.uselist ? (v as object[]) : v === null ? [] : [v as object];
        for (const o of children) rule(stateOf(o), rel.remoteKeys, null, []);
      }

    const inserts = orderInserts([...this.newStates], syncs);
    const deletes = [...this.deletedStates];
    const updates = [...this.identityMap.states()].filter(
      (s) => !this.deletedStates.has(s) && ((s.modified && s.changedKeys().length > 0) || syncs.has(s)),
    );
    for (const s of [...inserts, ...updates, ...deletes]) assertNoOwnMappedKeys(s.obj, s.mapper);
    return {
      plan: { inserts, updates, deletes, syncs, deleteLevels: deleteLevels(deletes) },
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
  private rollbackAfterFailedFlush(): void {
    if (this.tx !== undefined) {
      try {
        this.tx.rollback();
      } finally {
        this.releaseConnection();
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

  private autoflushIfEnabled(): void {
    if (this.autoflush && !this.flushing && !this.preparing) this.flush();
  }

  // --- queries -------------------------------------------------------------------------

  /**
   * Executes a statement in the session's transaction, after an autoflush.
   * A select of mapped classes returns tuples of objects from the identity
   * map; any other statement returns Core's `Result`.
   */
  execute<S extends ClauseElement>(statement: S, params?: ExecuteParams): SessionResultOf<S> {
    this.autoflushIfEnabled();
    const conn = this.connection();
    if (isEntitySelect(statement)) {
      for (const arg of statement.rawArgs) {
        const m = (arg as { __mapper__?: Mapper<any> }).__mapper__;
        m?.configure();
      }
      const stmt = withSingleTableCriteria(statement);
      const rows = runSync(loadRowsOp(this.loadCtx, conn, stmt, params));
      return new OrmResult(rows as never) as unknown as SessionResultOf<S>;
    }
    return conn.execute(statement, params) as SessionResultOf<S>;
  }

  /** `execute(statement).scalars()`: the selected objects, or the first column's values. */
  scalars<S extends ClauseElement>(statement: S, params?: ExecuteParams): SessionScalarsOf<S> {
    return (
      this.execute(statement, params) as unknown as { scalars(): unknown }
    ).scalars() as SessionScalarsOf<S>;
  }

  /** The first column of the first row, or `null` when there are no rows. */
  scalar<S extends ClauseElement>(statement: S, params?: ExecuteParams): SessionScalarOf<S> | null {
    const r = this.execute(statement, params) as unknown as { scalar(): unknown };
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

function describe(state: InstanceState): string {
  return `<${state.mapper.className}${state.key ? ` ${state.key.token}` : ""}>`;
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
function orderInserts(states: InstanceState[], syncs: SyncRules): InstanceState[] {
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
      throw new NotImplementedError(
        `a circular dependency between rows of '${rest[0]?.mapper.table.name}' needs post-update, which is not implemented yet`,
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
      if (rel.target !== s.mapper) continue;
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
