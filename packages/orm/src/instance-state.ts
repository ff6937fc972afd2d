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
const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * Counts changes that can make an object `modified` (attribute sets,
 * collection changes), in every session: a session whose objects were all
 * unmodified at its last look need not look again while the count stands
 * (an autoflush before each lazy load would otherwise scan every object).
 * @internal
 */
export const modifications = { count: 0 };
const NO_COLLECTION_CHANGES: ReadonlyMap<string, CollectionHistory> = new Map();

/**
 * The attribute values of an object: a plain object without inherited keys
 * (`"constructor" in dict` is false), built by a constructor so that V8
 * gives it fast properties, which `Object.create(null)` does not.
 */
const AttributeDict = function AttributeDict() {} as unknown as new () => Record<string, unknown>;
AttributeDict.prototype = Object.create(null);
/**
 * Attaches an object's state as a private field, "stamped" onto the object
 * through a base constructor that returns it. Like a non-enumerable
 * property, the field is invisible to enumeration, spread, `JSON` and
 * `util.inspect`, and a copy of the object does not carry it; unlike
 * `Object.defineProperty`, adding it is as cheap as an assignment (loading
 * builds one object per row).
 */
class Stamp {
  constructor(obj: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the stamping pattern returns the object given
    return obj as Stamp;
  }
}

class StateSlot extends Stamp {
  #state: InstanceState;
  constructor(obj: object, state: InstanceState) {
    super(obj);
    this.#state = state;
  }
  /** The state stamped on `obj`, if any. */
  static of(obj: object): InstanceState | undefined {
    return #state in obj ? (obj as StateSlot).#state : undefined;
  }
}

/** The identity of a persistent object: its mapper and primary key values. */
export interface IdentityKey {
  readonly mapper: Mapper<any>;
  readonly pk: readonly unknown[];
  /** A primitive form of `pk`, unique per mapper (the identity map's key). */
  readonly token: string | number;
}

/** An identity key whose `pk` list, for a lone primary key value, is only built when asked for. */
class Key implements IdentityKey {
  constructor(
    readonly mapper: Mapper<any>,
    readonly token: string | number,
    private list: readonly unknown[] | undefined,
  ) {}
  get pk(): readonly unknown[] {
    this.list ??= [this.token];
    return this.list;
  }
}

/** Builds the identity key of a row of `mapper` with primary key values `pk`. */
export function identityKey(mapper: Mapper<any>, pk: readonly unknown[]): IdentityKey {
  // Keyed by the root of an inheritance hierarchy: an Engineer is found as an Employee too.
  return new Key(mapper.baseMapper, valuesToken(pk), pk);
}

/** The identity key of a mapper with a one-column primary key, from its value (no list is built). @internal */
export function identityKeyOfValue(mapper: Mapper<any>, value: unknown): IdentityKey {
  return typeof value === "number" || typeof value === "string"
    ? new Key(mapper.baseMapper, value, undefined)
    : identityKey(mapper, [value]);
}

/**
 * A map key for a list of key values (the identity map's, and the loaders'
 * for join values). A lone number or string is its own token (the lists a
 * map holds all have the same arity, so it cannot meet the JSON form of
 * another), which spares a string per loaded row. @internal
 */
export function valuesToken(pk: readonly unknown[]): string | number {
  if (pk.length === 1) {
    const v = pk[0];
    if (typeof v === "number" || typeof v === "string") return v;
  }
  return valuesText(pk);
}

/** Key values as JSON text (`[1,"a"]`; a bigint as `"5n"`). */
function valuesText(values: readonly unknown[]): string {
  return JSON.stringify(values.map((v) => (typeof v === "bigint" ? `${v}n` : v)));
}

/** The identity key of an object's attribute values; `undefined` when a key value is missing or NULL. @internal */
export function identityKeyOfDict(
  mapper: Mapper<any>,
  dict: Record<string, unknown>,
): IdentityKey | undefined {
  const attrs = mapper.primaryKeyAttrs;
  if (attrs.length === 1) {
    const v = dict[attrs[0] as string];
    return v === undefined || v === null ? undefined : identityKeyOfValue(mapper, v);
  }
  const pk = mapper.primaryKeyFrom(dict);
  return pk === undefined ? undefined : identityKey(mapper, pk);
}

/** The primary key of an identity key as text, for messages (`[1]`, `[1,"a"]`). */
export function identityText(key: IdentityKey): string {
  return valuesText(key.pk);
}

/** The ORM state of one mapped object. */
export class InstanceState {
  /** Current attribute values (loaded or set). */
  dict: Record<string, unknown> = new AttributeDict();
  /*
   * The change bookkeeping is allocated on first use: most loaded objects are
   * never changed nor expired, and a load of many rows pays for every
   * allocation here.
   */
  /** For each changed attribute, its value before the change (`NO_VALUE` if it was not loaded). */
  private committed: Map<string, unknown> | undefined;
  private expired: Set<string> | undefined;
  /** Whether `expired` is the mapper's shared set of an object expired whole (copied before a change). */
  private expiredShared = false;
  /**
   * A new object's state before its first flush: every attribute value it
   * holds (but collections, which keep their own record) counts as newly
   * set, without a `committed` entry per attribute. Ended by `commitAll()`,
   * or turned into entries before anything else touches the record.
   */
  private allNew = false;
  private collectionChanges: Map<string, CollectionHistory> | undefined;
  /** The identity key, once the object is persistent. */
  key: IdentityKey | undefined;
  /** The session the object belongs to. */
  session: StateOwner | undefined;
  /** Set once a flush has emitted the object's DELETE (until commit or rollback). */
  deletedFlushed = false;
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

  /** Attributes expired since they were loaded (they load again on access). */
  get expiredAttributes(): ReadonlySet<string> {
    return this.expired ?? NO_KEYS;
  }
  /** Marks an attribute expired. @internal */
  markExpired(key: string): void {
    this.ownExpired().add(key);
  }
  /** Marks an attribute no longer expired. @internal */
  unexpire(key: string): void {
    if (this.expired?.has(key) === true) this.ownExpired().delete(key);
  }
  /** Forgets every expired attribute. @internal */
  clearExpired(): void {
    this.expired = undefined;
    this.expiredShared = false;
  }
  /** The expired set, this object's own (not the mapper's shared one), created if needed. */
  private ownExpired(): Set<string> {
    if (this.expired === undefined || this.expiredShared) {
      this.expired = new Set(this.expired);
      this.expiredShared = false;
    }
    return this.expired;
  }

  /** Per collection relationship: items added and removed since the last flush or load. @internal */
  get collections(): ReadonlyMap<string, CollectionHistory> {
    return this.collectionChanges ?? NO_COLLECTION_CHANGES;
  }
  /** Forgets the changes of one collection (it was reloaded or unloaded). @internal */
  dropCollectionHistory(key: string): void {
    this.collectionChanges?.delete(key);
  }

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
    if (this.committed !== undefined && this.committed.size > 0) return true;
    if (this.allNew && this.newKeys().length > 0) return true;
    if (this.collectionChanges === undefined) return false;
    for (const h of this.collectionChanges.values()) if (h.added.size > 0 || h.removed.size > 0) return true;
    return false;
  }
  /** The attribute keys changed since the last flush or load. */
  get modifiedKeys(): string[] {
    const keys = this.committed === undefined ? [] : [...this.committed.keys()];
    if (this.allNew) for (const k of this.newKeys()) if (!keys.includes(k)) keys.push(k);
    for (const [k, h] of this.collections) if (h.added.size > 0 || h.removed.size > 0) keys.push(k);
    return keys;
  }

  /** Starts the record of a new object: every value it is given counts as newly set. @internal */
  startNew(): void {
    if (this.committed === undefined && this.key === undefined) this.allNew = true;
  }

  /** The keys an `allNew` record counts as newly set: every value but collections. */
  private newKeys(): string[] {
    const out: string[] = [];
    for (const k in this.dict) if (this.mapper.relationships.get(k)?.uselist !== true) out.push(k);
    return out;
  }

  /** Turns an `allNew` record into one `committed` entry per value, as `set()` would have made. */
  private recordAllNew(): void {
    this.allNew = false;
    const keys = this.newKeys();
    if (keys.length === 0) return;
    this.committed ??= new Map();
    for (const k of keys) if (!this.committed.has(k)) this.committed.set(k, NO_VALUE);
  }

  /** The change record of a collection relationship. @internal */
  collectionHistory(key: string): CollectionHistory {
    modifications.count++;
    this.collectionChanges ??= new Map();
    const changes = this.collectionChanges;
    let h = changes.get(key);
    if (h === undefined) {
      h = { added: new Set(), removed: new Set() };
      changes.set(key, h);
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
    if (this.key !== undefined && this.expired?.has(key) === true) {
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
    if (this.key !== undefined && this.expired?.has(key) === true) {
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
    modifications.count++;
    if (this.allNew) {
      this.dict[key] = value;
      this.unexpire(key);
      this.deferred?.delete(key);
      return;
    }
    // As SQLAlchemy's scalar attributes: an unloaded (or expired) old value is not loaded just to
    // record it; the history then has no `deleted` part and the flush writes the column anyway.
    this.committed ??= new Map();
    const committed = this.committed;
    if (!committed.has(key)) committed.set(key, key in this.dict ? this.dict[key] : NO_VALUE);
    this.dict[key] = value;
    this.unexpire(key);
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
    if (this.allNew && key in this.dict) return { added: [this.dict[key]], unchanged: [], deleted: [] };
    if (this.committed?.has(key) === true) {
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
    if (this.allNew) this.recordAllNew();
    if (this.committed === undefined) return [];
    return [...this.committed.keys()].filter(
      (k) => this.mapper.columns.has(k) && this.history(k).added.length > 0,
    );
  }

  /** Marks the current values as committed (after a flush or a load). @internal */
  commitAll(): void {
    this.allNew = false;
    this.committed = undefined;
    this.collectionChanges = undefined;
  }

  /** Replaces the values with freshly loaded ones, keeping attributes changed since (unless `overwrite`). @internal */
  loadValues(values: Record<string, unknown>, overwrite: boolean): void {
    if (this.allNew) this.recordAllNew();
    if (this.expiredShared) this.ownExpired();
    const { dict, committed, expired, deferred } = this;
    for (const k in values) {
      if (committed !== undefined) {
        if (!overwrite && committed.has(k)) continue;
        committed.delete(k);
      }
      dict[k] = values[k];
      expired?.delete(k);
      deferred?.delete(k);
    }
  }

  /** Expires `keys` (all column attributes when omitted); changes to them are discarded. */
  expire(keys?: readonly string[]): void {
    if (this.allNew) this.recordAllNew();
    if (keys === undefined && (this.deferred === undefined || this.deferred.size === 0)) {
      this.expireWhole();
      return;
    }
    const all = () => [
      // Deferred attributes that were never loaded stay deferred (not expired).
      ...[...expireAllOf(this.mapper).columns].filter((k) => this.deferred?.has(k) !== true),
      ...this.mapper.relationships.keys(),
    ];
    for (const k of keys ?? all()) {
      delete this.dict[k];
      this.committed?.delete(k);
      this.collectionChanges?.delete(k);
      // Relationships are simply unloaded: the next access lazy-loads them.
      if (!this.mapper.relationships.has(k)) this.markExpired(k);
    }
  }

  /**
   * Expires every column and relationship of an object with nothing
   * deferred (what a commit does to each object): a new attribute dict
   * instead of deleting each key, and the mapper's shared expired set.
   */
  private expireWhole(): void {
    const all = expireAllOf(this.mapper);
    const old = this.dict;
    const fresh = new AttributeDict();
    // What is neither a column nor a relationship (a queryExpression's value) stays.
    for (const k in old) if (!all.columns.has(k) && !all.relationships.has(k)) fresh[k] = old[k];
    this.dict = fresh;
    if (this.committed !== undefined)
      for (const k of this.committed.keys()) if (all.columns.has(k)) this.committed.delete(k);
    this.collectionChanges = undefined;
    this.expired = all.columns as Set<string>;
    this.expiredShared = true;
  }

  /** Makes every loaded value count as newly set again (a rolled-back INSERT). @internal */
  markAllAdded(): void {
    modifications.count++;
    if (this.allNew) this.recordAllNew();
    for (const k of Object.keys(this.dict)) {
      if (this.mapper.relationships.get(k)?.uselist === true) {
        const h = this.collectionHistory(k);
        for (const o of this.dict[k] as object[]) h.added.add(o);
      } else {
        this.committed ??= new Map();
        const committed = this.committed;
        if (!committed.has(k)) committed.set(k, NO_VALUE);
      }
    }
  }

  /** A copy of the history bookkeeping, to restore after a failed flush. @internal */
  snapshot(): () => void {
    const dict = { ...this.dict };
    const committed = this.committed === undefined ? undefined : new Map(this.committed);
    const expired = this.expired === undefined ? undefined : new Set(this.expired);
    const collections = [...this.collections].map(
      ([k, h]) => [k, { added: new Set(h.added), removed: new Set(h.removed) }] as const,
    );
    const { key, deletedFlushed, allNew } = this;
    return () => {
      modifications.count++;
      this.allNew = allNew;
      this.dict = Object.assign(new AttributeDict(), dict);
      this.committed = committed;
      this.expired = expired;
      this.expiredShared = false;
      this.collectionChanges = collections.length === 0 ? undefined : new Map(collections);
      this.key = key;
      this.deletedFlushed = deletedFlushed;
    };
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return Object.is(a, b);
}

/** What expiring a whole object expires, per mapper (rebuilt if the mapper gains attributes). */
interface ExpireAll {
  readonly size: number;
  /** Column and `columnProperty` keys: expired (they load again on access). */
  readonly columns: ReadonlySet<string>;
  /** Relationship keys: unloaded (they lazy-load again). */
  readonly relationships: ReadonlySet<string>;
}

const expireAllByMapper = new WeakMap<Mapper<any>, ExpireAll>();

function expireAllOf(mapper: Mapper<any>): ExpireAll {
  const size = mapper.columns.size + mapper.expressionProps.size + mapper.relationships.size;
  let e = expireAllByMapper.get(mapper);
  if (e === undefined || e.size !== size) {
    const columns = new Set(mapper.columns.keys());
    for (const x of mapper.expressionProps.values())
      if (x.prop.propertyKind === "columnProperty") columns.add(x.key);
    e = { size, columns, relationships: new Set(mapper.relationships.keys()) };
    expireAllByMapper.set(mapper, e);
  }
  return e;
}

/** The state of a mapped object, created on first use. @internal */
export function stateOf(obj: object, mapper?: Mapper<any>): InstanceState {
  const existing = StateSlot.of(obj);
  if (existing !== undefined) return existing;
  const m = mapper ?? (obj.constructor as { __mapper__?: Mapper<any> }).__mapper__;
  if (m === undefined)
    throw new UnmappedInstanceError(`Class '${obj.constructor?.name ?? typeof obj}' is not mapped`);
  const state = new InstanceState(obj, m);
  new StateSlot(obj, state);
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
