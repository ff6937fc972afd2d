/**
 * Relationship attributes on instances (SQLAlchemy's `attributes.py` and
 * `collections.py`): reading with lazy loading, assignment, instrumented
 * collections that record their history, and the in-memory synchronisation
 * of `backPopulates` pairs.
 */
import { ArgumentError, InvalidRequestError, type Op, runSync } from "@athanor/core";
import { DetachedInstanceError } from "./errors.js";
import { type InstanceState, stateOf } from "./instance-state.js";
import type { RelationshipProperty } from "./mapper.js";
import {
  assignCollectionObject,
  collectionObject,
  isCollectionObject,
  recordPendingAdd,
  recordPendingRemove,
} from "./write-only.js";

interface Owner {
  readonly state: InstanceState;
  readonly rel: RelationshipProperty;
}

const arrayPush = Array.prototype.push;
const arraySplice = Array.prototype.splice;

/**
 * The array behind a collection relationship (`user.addresses`). `push`,
 * `unshift`, `pop`, `shift` and `splice` are tracked: they record the
 * collection's history for the flush and keep the reverse many-to-one in
 * sync. Writing by index (`list[0] = x`) or `length` is not tracked.
 */
export class InstrumentedList<T extends object = object> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** The object and relationship the list belongs to (a private field: cheaper to set than a hidden property). */
  #owner: Owner | undefined;

  /** @internal */
  static ownerOf(list: InstrumentedList): Owner {
    return list.#owner as Owner;
  }

  /** @internal */
  static own(list: InstrumentedList, owner: Owner): void {
    list.#owner = owner;
  }

  override push(...items: T[]): number {
    for (const item of items) {
      arrayPush.call(this, item);
      appended(this, item);
    }
    return this.length;
  }

  override unshift(...items: T[]): number {
    this.splice(0, 0, ...items);
    return this.length;
  }

  override pop(): T | undefined {
    if (this.length === 0) return undefined;
    return this.splice(this.length - 1, 1)[0];
  }

  override shift(): T | undefined {
    if (this.length === 0) return undefined;
    return this.splice(0, 1)[0];
  }

  override splice(start: number, deleteCount?: number, ...items: T[]): T[] {
    for (const item of items) checkItem(ownerOf(this).rel, item);
    const removed = (
      deleteCount === undefined
        ? (arraySplice as (start: number) => T[]).call(this, start)
        : arraySplice.call(this, start, deleteCount, ...items)
    ) as T[];
    for (const r of removed) removedItem(this, r);
    if (deleteCount !== undefined) for (const item of items) appended(this, item, false);
    return removed;
  }
}

function ownerOf(list: InstrumentedList): Owner {
  return InstrumentedList.ownerOf(list);
}

/** A new collection of `state.rel` holding `items`, without history. @internal */
export function makeCollection(
  state: InstanceState,
  rel: RelationshipProperty,
  items: readonly object[],
): InstrumentedList {
  const list = new InstrumentedList();
  InstrumentedList.own(list, { state, rel });
  arrayPush.apply(list, items as object[]);
  return list;
}

function checkItem(rel: RelationshipProperty, item: unknown): void {
  if (typeof item !== "object" || item === null)
    throw new ArgumentError(
      `${rel.parent.className}.${rel.key}: expected a ${rel.target?.className} instance, got ${String(item)}`,
    );
  const m = stateOf(item).mapper;
  if (rel.target === undefined || !m.isa(rel.target))
    throw new ArgumentError(
      `${rel.parent.className}.${rel.key}: expected a ${rel.target?.className} instance, got a ${m.className}`,
    );
}

function recordAdd(state: InstanceState, key: string, item: object): void {
  const h = state.collectionHistory(key);
  if (h.removed.has(item)) h.removed.delete(item);
  else h.added.add(item);
}

function recordRemove(state: InstanceState, key: string, item: object): void {
  const h = state.collectionHistory(key);
  if (h.added.has(item)) h.added.delete(item);
  else h.removed.add(item);
}

/** After a user append: history, reverse many-to-one, save-update cascade. */
function appended(list: InstrumentedList, item: object, check = true): void {
  const { state, rel } = ownerOf(list);
  if (check) checkItem(rel, item);
  recordAdd(state, rel.key, item);
  const rev = rel.reverse;
  // Many-to-many: the reverse is a collection too.
  if (rev?.uselist === true) addToReverse(item, rev, state.obj);
  else if (rev !== undefined) {
    const itemState = stateOf(item);
    const old = rev.key in itemState.dict ? itemState.dict[rev.key] : undefined;
    // Moving the item from another parent: take it out of that parent's loaded collection.
    if (old !== undefined && old !== null && old !== state.obj) removeFromReverse(old as object, rel, item);
    if (old !== state.obj) setScalar(itemState, rev, state.obj, true);
  }
  cascade(state, rel, item);
}

/** After a user removal: history and the reverse many-to-one. */
function removedItem(list: InstrumentedList, item: object): void {
  const { state, rel } = ownerOf(list);
  recordRemove(state, rel.key, item);
  // delete-orphan: a pending item taken out of the collection leaves the session (SQLAlchemy's expunge).
  if (rel.cascade.deleteOrphan && state.session !== undefined) state.session.pendingOrphan(item);
  const rev = rel.reverse;
  if (rev?.uselist === true) removeFromReverse(item, rev, state.obj);
  else if (rev !== undefined) {
    const itemState = stateOf(item);
    if (!(rev.key in itemState.dict) || itemState.dict[rev.key] === state.obj)
      setScalar(itemState, rev, null, true);
  }
}

function cascade(state: InstanceState, rel: RelationshipProperty, item: object): void {
  if (rel.cascade.saveUpdate && state.session !== undefined) state.session.cascadeAdd(item);
}

/** Reads a relationship attribute, lazy-loading it when needed. @internal */
export function getRelationship(state: InstanceState, rel: RelationshipProperty): unknown {
  rel.parent.configure();
  if (isCollectionObject(rel)) return collectionObject(state, rel);
  if (rel.key in state.dict) return state.dict[rel.key];
  return runSync(getRelationshipOp(state, rel, true));
}

/**
 * Operation: {@link getRelationship}, for callers that are themselves
 * operations (the flush, the delete cascade, `awaitableAttrs`). `onAccess`
 * when a plain attribute read started it: the load then goes through the
 * session's sync entry point, which an async session refuses. @internal
 */
export function* getRelationshipOp(
  state: InstanceState,
  rel: RelationshipProperty,
  onAccess = false,
): Op<unknown> {
  rel.parent.configure();
  if (rel.key in state.dict) return state.dict[rel.key];
  const where = `${rel.parent.className}.${rel.key}`;
  let value: unknown;
  // The loading query's options may have chosen another strategy for this object.
  const lazy = state.loaderOverrides?.get(rel.key) ?? rel.lazy;
  if (lazy === "noload" || state.key === undefined) {
    // Transient and pending objects load nothing (SQLAlchemy's load_on_pending=False).
    if (!rel.uselist) return null;
    value = [];
  } else if (state.session === undefined) {
    throw new DetachedInstanceError(
      `Parent instance <${rel.parent.className}> is not bound to a Session; lazy load operation of attribute '${rel.key}' cannot proceed`,
    );
  } else if (lazy === "raise") {
    throw new InvalidRequestError(`'${where}' is not available due to lazy='raise'`);
  } else if (lazy === "raise_on_sql") {
    // Only a load that needs no SQL (a many-to-one found in the identity map) may proceed.
    value = state.session.loadRelationship(state, rel, true);
    if (value === undefined)
      throw new InvalidRequestError(`'${where}' is not available due to lazy='raise_on_sql'`);
  } else {
    value = onAccess
      ? state.session.loadRelationship(state, rel)
      : yield* state.session.loadRelationshipOp(state, rel);
    // The load may have autoflushed and loaded the attribute already.
    if (rel.key in state.dict) return state.dict[rel.key];
  }
  if (rel.uselist) value = makeCollection(state, rel, value as object[]);
  state.dict[rel.key] = value;
  return value;
}

/** The value a relationship holds in memory, without loading (`undefined` when not loaded). @internal */
export function loadedValue(state: InstanceState, rel: RelationshipProperty): unknown {
  return rel.key in state.dict ? state.dict[rel.key] : undefined;
}

/** Assigns a relationship attribute (a collection is replaced item by item). @internal */
export function setRelationship(state: InstanceState, rel: RelationshipProperty, value: unknown): void {
  rel.parent.configure();
  if (isCollectionObject(rel)) {
    assignCollectionObject(state, rel, value);
    return;
  }
  if (rel.uselist) setCollection(state, rel, value);
  else setScalar(state, rel, value ?? null, false);
}

function setCollection(state: InstanceState, rel: RelationshipProperty, value: unknown): void {
  if (!Array.isArray(value) && !(value !== null && typeof value === "object" && Symbol.iterator in value))
    throw new ArgumentError(`${rel.parent.className}.${rel.key}: a collection must be assigned an array`);
  const items = [...(value as Iterable<object>)];
  for (const item of items) checkItem(rel, item);
  const list = getRelationship(state, rel) as InstrumentedList;
  const next = new Set(items);
  const prev = new Set<object>(list);
  const removed = [...prev].filter((o) => !next.has(o));
  arraySplice.call(list, 0, list.length);
  for (const r of removed) removedItem(list, r);
  for (const item of items) {
    arrayPush.call(list, item);
    if (!prev.has(item)) appended(list, item, false);
  }
}

/**
 * Sets a scalar relationship; `fromBackref` when the reverse side initiated
 * it (then the reverse side is not updated again and nothing cascades).
 * @internal
 */
export function setScalar(
  state: InstanceState,
  rel: RelationshipProperty,
  value: unknown,
  fromBackref: boolean,
): void {
  if (value !== null) checkItem(rel, value);
  let old: unknown;
  if (rel.key in state.dict) old = state.dict[rel.key];
  else if (rel.direction === "ONETOMANY" && state.key !== undefined && state.session !== undefined)
    // A one-to-one's old value is loaded, so the flush can set its foreign key to NULL.
    old = getRelationship(state, rel);
  if (old === value && rel.key in state.dict) return;
  state.set(rel.key, value);
  if (fromBackref) return;
  const rev = rel.reverse;
  if (rev !== undefined) {
    if (old !== undefined && old !== null) removeFromReverse(old as object, rev, state.obj);
    if (value !== null) addToReverse(value as object, rev, state.obj);
  }
  if (value !== null) cascade(state, rel, value as object);
}

/** Takes `item` out of `target`'s `rel` (a loaded collection, or a scalar pointing at it). */
function removeFromReverse(target: object, rel: RelationshipProperty, item: object): void {
  const ts = stateOf(target);
  if (isCollectionObject(rel)) {
    recordPendingRemove(ts, rel, item);
    return;
  }
  if (!rel.uselist) {
    // A scalar reverse (one-to-one) that is not loaded pointed at `item`: it is NULL now.
    if (!(rel.key in ts.dict) || ts.dict[rel.key] === item) setScalar(ts, rel, null, true);
    return;
  }
  if (!(rel.key in ts.dict)) return;
  {
    const list = ts.dict[rel.key] as InstrumentedList;
    const i = list.indexOf(item);
    if (i >= 0) {
      arraySplice.call(list, i, 1);
      recordRemove(ts, rel.key, item);
    }
  }
}

/** Puts `item` into `target`'s `rel`, when that collection is in memory (or the target is new). */
function addToReverse(target: object, rel: RelationshipProperty, item: object): void {
  const ts = stateOf(target);
  if (isCollectionObject(rel)) {
    recordPendingAdd(ts, rel, item);
    return;
  }
  if (rel.uselist) {
    // A persistent object's unloaded collection is left alone: it will load with the item once flushed.
    if (!(rel.key in ts.dict) && ts.key !== undefined) return;
    const list = getRelationship(ts, rel) as InstrumentedList;
    if (!list.includes(item)) {
      arrayPush.call(list, item);
      recordAdd(ts, rel.key, item);
    }
  } else setScalar(ts, rel, item, true);
}
