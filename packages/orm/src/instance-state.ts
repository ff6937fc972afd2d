/**
 * `InstanceState`: the ORM's bookkeeping for one mapped object (SQLAlchemy's
 * `InstanceState`): its lifecycle status, its current and committed attribute
 * values, and the per-attribute change history the flush reads.
 */
import { InvalidRequestError, type Op } from "@athanor/core";
import { DetachedInstanceError, UnmappedInstanceError } from "./errors.js";
import type { Mapper, RelationshipProperty } from "./mapper.js";

/** The lifecycle status of an object, as SQLAlchemy's `inspect(obj).transient` and friends. */
export type InstanceStatus = "transient" | "pending" | "persistent" | "deleted" | "detached";

/** The change history of one attribute (SQLAlchemy's `History`). */
export interface AttributeHistory {
  /** The value set since the last flush, if any. */
  readonly added: readonly unknown[];
  /** The loaded value, if it was not changed. */
  readonly unchanged: readonly unknown[];
  /** The loaded value that a new value replaced. */
  readonly deleted: readonly unknown[];
}

/** The session-side owner of a state; kept structural so this file does not import `Session`. */
export interface StateOwner {
  /** Loads the expired or unloaded attributes of `state` from the database (reading `key`). */
  loadExpired(state: InstanceState, key?: string): void;
  /** Operation: `loadExpired`, for callers that are themselves operations. */
  loadExpiredOp(state: InstanceState): Op<void>;
  /**
   * Lazy-loads a relationship of a persistent object: the related objects, or the object / `null`.
   * With `noSql`, `undefined` when the value cannot be had without emitting SQL.
   */
  loadRelationship(state: InstanceState, rel: RelationshipProperty, noSql?: boolean): unknown;
  /** Operation: `loadRelationship`, for callers that are themselves operations. */
  loadRelationshipOp(state: InstanceState, rel: RelationshipProperty): Op<unknown>;
  /** The save-update cascade of an attribute change: adds `obj` (and what it cascades to) to the session. */
  cascadeAdd(obj: object): void;
  /** A pending object removed from a delete-orphan collection: it leaves the session. */
  pendingOrphan(obj: object): void;
  /** Loads a column attribute the loading query left out (deferred), with the rest of its deferred group. */
  loadDeferred(state: InstanceState, key: string): void;
  /** Operation: `loadDeferred`, for callers that are themselves operations. */
  loadDeferredOp(state: InstanceState, key: string): Op<void>;
}

/** The changes of one collection since it was loaded or flushed. @internal */
export interface CollectionHistory {
  readonly added: Set<object>;
  readonly removed: Set<object>;
}

const NO_VALUE: unique symbol = Symbol("NO_VALUE");
const STATE = Symbol.for("athanor.orm.instanceState");

/** The identity of a persistent object: its mapper and primary key values. */
export interface IdentityKey {
  readonly mapper: Mapper<any>;
  readonly pk: readonly unknown[];
  /** A string form of `pk`, unique per mapper. */
  readonly token: string;
}

/** Builds the identity key of a row of `mapper` with primary key values `pk`. */
export function identityKey(mapper: Mapper<any>, pk: readonly unknown[]): IdentityKey {
  // Keyed by the root of an inheritance hierarchy: an Engineer is found as an Employee too.
  return {
    mapper: mapper.baseMapper,
    pk,
    token: JSON.stringify(pk.map((v) => (typeof v === "bigint" ? `${v}n` : v))),
  };
}

/** The ORM state of one mapped object. */
export class InstanceState {
  /** Current attribute values (loaded or set). */
  readonly dict: Record<string, unknown> = Object.create(null);
  /** For each changed attribute, its value before the change (`NO_VALUE` if it was not loaded). */
  private readonly committed = new Map<string, unknown>();
  /** Attributes expired since they were loaded. */
  readonly expiredAttributes = new Set<string>();
  /** The identity key, once the object is persistent. */
  key: IdentityKey | undefined;
  /** The session the object belongs to. */
  session: StateOwner | undefined;
  /** Set once a flush has emitted the object's DELETE (until commit or rollback). */
  deletedFlushed = false;
  /** Per collection relationship: items added and removed since the last flush or load. @internal */
  readonly collections = new Map<string, CollectionHistory>();
  /** Column attributes the loading query left out (deferred): they load on first access. @internal */
  deferred: Set<string> | undefined;
  /** Per attribute, the loader strategy the loading query's options chose (`raise`, `noload`...). @internal */
  loaderOverrides: Map<string, string> | undefined;
  /** The loader path and options the object was loaded with; its lazy loads continue them. @internal */
  loadPath: unknown;

  constructor(
    /** The object. */
    readonly obj: object,
    readonly mapper: Mapper<any>,
  ) {}

  /** The lifecycle status. */
  get status(): InstanceStatus {
    if (this.key === undefined) return this.session === undefined ? "transient" : "pending";
    if (this.session === undefined) return "detached";
    return this.deletedFlushed ? "deleted" : "persistent";
  }
  get transient(): boolean {
    return this.status === "transient";
  }
  get pending(): boolean {
    return this.status === "pending";
  }
  get persistent(): boolean {
    return this.status === "persistent";
  }
  get deleted(): boolean {
    return this.status === "deleted";
  }
  get detached(): boolean {
    return this.status === "detached";
  }
  /** Whether any attribute changed since the last flush or load. */
  get modified(): boolean {
    if (this.committed.size > 0) return true;
    for (const h of this.collections.values()) if (h.added.size > 0 || h.removed.size > 0) return true;
    return false;
  }
  /** The attribute keys changed since the last flush or load. */
  get modifiedKeys(): string[] {
    const keys = [...this.committed.keys()];
    for (const [k, h] of this.collections) if (h.added.size > 0 || h.removed.size > 0) keys.push(k);
    return keys;
  }

  /** The change record of a collection relationship. @internal */
  collectionHistory(key: string): CollectionHistory {
    let h = this.collections.get(key);
    if (h === undefined) {
      h = { added: new Set(), removed: new Set() };
      this.collections.set(key, h);
    }
    return h;
  }
  /** The primary key values, from the identity key or the current attribute values. */
  get identity(): readonly unknown[] | undefined {
    return this.key?.pk;
  }

  /** Reads an attribute, loading it first if it is expired on a persistent object. */
  get(key: string): unknown {
    if (key in this.dict) return this.dict[key];
    if (this.key !== undefined && this.expiredAttributes.has(key)) {
      this.owningSession(key).loadExpired(this, key);
      if (key in this.dict) return this.dict[key];
    }
    if (this.key !== undefined && this.deferred?.has(key) === true) {
      if (this.loaderOverrides?.get(key) === "raise")
        throw new InvalidRequestError(
          `'${this.mapper.className}.${key}' is not available due to raiseload=True`,
        );
      if (this.session === undefined)
        throw new DetachedInstanceError(
          `Parent instance <${this.mapper.className}> is not bound to a Session; deferred load operation of attribute '${key}' cannot proceed`,
        );
      this.session.loadDeferred(this, key);
      if (key in this.dict) return this.dict[key];
    }
    return undefined;
  }

  /** Operation: {@link InstanceState.get}, loading an expired attribute through the session's runner. */
  *getOp(key: string): Op<unknown> {
    if (key in this.dict) return this.dict[key];
    if (this.key !== undefined && this.expiredAttributes.has(key)) {
      yield* this.owningSession(key).loadExpiredOp(this);
      if (key in this.dict) return this.dict[key];
    }
    if (this.key !== undefined && this.deferred?.has(key) === true && this.session !== undefined) {
      if (this.loaderOverrides?.get(key) === "raise")
        throw new InvalidRequestError(
          `'${this.mapper.className}.${key}' is not available due to raiseload=True`,
        );
      yield* this.session.loadDeferredOp(this, key);
      if (key in this.dict) return this.dict[key];
    }
    return undefined;
  }

  private owningSession(key: string): StateOwner {
    if (this.session === undefined)
      throw new DetachedInstanceError(
        `Instance <${this.mapper.className}> is not bound to a Session; attribute refresh operation cannot proceed (attribute '${key}')`,
      );
    return this.session;
  }

  /** Sets an attribute, recording its history. */
  set(key: string, value: unknown): void {
    // As SQLAlchemy's scalar attributes: an unloaded (or expired) old value is not loaded just to
    // record it; the history then has no `deleted` part and the flush writes the column anyway.
    if (!this.committed.has(key)) this.committed.set(key, key in this.dict ? this.dict[key] : NO_VALUE);
    this.dict[key] = value;
    this.expiredAttributes.delete(key);
    this.deferred?.delete(key);
  }

  /** The change history of one attribute. */
  history(key: string): AttributeHistory {
    if (this.mapper.relationships.get(key)?.uselist === true) {
      const h = this.collections.get(key);
      const cur = (this.dict[key] as unknown[] | undefined) ?? [];
      if (h === undefined) return { added: [], unchanged: [...cur], deleted: [] };
      return {
        added: cur.filter((o) => h.added.has(o as object)),
        unchanged: cur.filter((o) => !h.added.has(o as object)),
        deleted: [...h.removed],
      };
    }
    if (this.committed.has(key)) {
      const orig = this.committed.get(key);
      const cur = this.dict[key];
      if (orig === NO_VALUE) return { added: [cur], unchanged: [], deleted: [] };
      if (sameValue(orig, cur)) return { added: [], unchanged: [cur], deleted: [] };
      return { added: [cur], unchanged: [], deleted: [orig] };
    }
    if (key in this.dict) return { added: [], unchanged: [this.dict[key]], deleted: [] };
    return { added: [], unchanged: [], deleted: [] };
  }

  /** Keys whose value actually differs from the loaded one (what an UPDATE must write). */
  changedKeys(): string[] {
    return [...this.committed.keys()].filter(
      (k) => this.mapper.columns.has(k) && this.history(k).added.length > 0,
    );
  }

  /** Marks the current values as committed (after a flush or a load). @internal */
  commitAll(): void {
    this.committed.clear();
    this.collections.clear();
  }

  /** Replaces the values with freshly loaded ones, keeping attributes changed since (unless `overwrite`). @internal */
  loadValues(values: Record<string, unknown>, overwrite: boolean): void {
    for (const [k, v] of Object.entries(values)) {
      if (!overwrite && this.committed.has(k)) continue;
      this.dict[k] = v;
      this.committed.delete(k);
      this.expiredAttributes.delete(k);
      this.deferred?.delete(k);
    }
  }

  /** Expires `keys` (all column attributes when omitted); changes to them are discarded. */
  expire(keys?: readonly string[]): void {
    const all = () => [
      // Deferred attributes that were never loaded stay deferred (not expired).
      ...[
        ...this.mapper.columnKeys,
        ...[...this.mapper.expressionProps.values()]
          .filter((e) => e.prop.propertyKind === "columnProperty")
          .map((e) => e.key),
      ].filter((k) => this.deferred?.has(k) !== true),
      ...this.mapper.relationships.keys(),
    ];
    for (const k of keys ?? all()) {
      delete this.dict[k];
      this.committed.delete(k);
      this.collections.delete(k);
      // Relationships are simply unloaded: the next access lazy-loads them.
      if (!this.mapper.relationships.has(k)) this.expiredAttributes.add(k);
    }
  }

  /** Makes every loaded value count as newly set again (a rolled-back INSERT). @internal */
  markAllAdded(): void {
    for (const k of Object.keys(this.dict)) {
      if (this.mapper.relationships.get(k)?.uselist === true) {
        const h = this.collectionHistory(k);
        for (const o of this.dict[k] as object[]) h.added.add(o);
      } else if (!this.committed.has(k)) this.committed.set(k, NO_VALUE);
    }
  }

  /** A copy of the history bookkeeping, to restore after a failed flush. @internal */
  snapshot(): () => void {
    const dict = { ...this.dict };
    const committed = new Map(this.committed);
    const expired = new Set(this.expiredAttributes);
    const collections = [...this.collections].map(
      ([k, h]) => [k, { added: new Set(h.added), removed: new Set(h.removed) }] as const,
    );
    const { key, deletedFlushed } = this;
    return () => {
      for (const k of Object.keys(this.dict)) delete this.dict[k];
      Object.assign(this.dict, dict);
      this.committed.clear();
      for (const [k, v] of committed) this.committed.set(k, v);
      this.expiredAttributes.clear();
      for (const k of expired) this.expiredAttributes.add(k);
      this.collections.clear();
      for (const [k, h] of collections) this.collections.set(k, h);
      this.key = key;
      this.deletedFlushed = deletedFlushed;
    };
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return Object.is(a, b);
}

/** The state of a mapped object, created on first use. @internal */
export function stateOf(obj: object, mapper?: Mapper<any>): InstanceState {
  const existing = (obj as Record<symbol, InstanceState | undefined>)[STATE];
  if (existing !== undefined && Object.hasOwn(obj, STATE)) return existing;
  const m = mapper ?? (obj.constructor as { __mapper__?: Mapper<any> }).__mapper__;
  if (m === undefined)
    throw new UnmappedInstanceError(`Class '${obj.constructor?.name ?? typeof obj}' is not mapped`);
  const state = new InstanceState(obj, m);
  Object.defineProperty(obj, STATE, { value: state, enumerable: false });
  return state;
}

/**
 * The ORM state of a mapped object (SQLAlchemy's `inspect(obj)`): its status
 * (`transient`, `pending`, `persistent`, `deleted`, `detached`) and the
 * history of each attribute.
 *
 * @example
 * ```ts
 * const u = new User({ name: "x" });
 * instanceState(u).status;           // "transient"
 * u.name = "y";
 * instanceState(u).history("name");  // { added: ["y"], unchanged: [], deleted: [] }
 * ```
 */
export function instanceState(obj: object): InstanceState {
  if (typeof obj !== "object" || obj === null)
    throw new UnmappedInstanceError(`${String(obj)} is not a mapped instance`);
  return stateOf(obj);
}
