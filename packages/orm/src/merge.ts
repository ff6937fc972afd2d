/**
 * `session.merge(obj)` (SQLAlchemy's `Session.merge`): copies the state of
 * an object, usually detached or transient, onto the session's object with
 * the same identity (from the identity map, else loaded by primary key, else
 * a new pending one), following relationships with the `merge` cascade.
 * `load: false` trusts the given objects as the database state: nothing is
 * loaded and the copies carry no changes.
 */
import { InvalidRequestError, type Op } from "@athanor/core";
import { getRelationshipOp, makeCollection, setRelationship } from "./attributes.js";
import { StaleDataError } from "./errors.js";
import type { IdentityMap } from "./identity-map.js";
import {
  type IdentityKey,
  type InstanceState,
  identityKey,
  identityText,
  type StateOwner,
  stateOf,
} from "./instance-state.js";
import type { Mapper, RelationshipProperty } from "./mapper.js";

/** Options of `session.merge()`. */
export interface MergeOptions {
  /**
   * `true` (the default): load the object with the same identity from the
   * database when it is not in the session, and record the copied values as
   * changes. `false`: the given objects are trusted to match the database
   * (a cache); nothing is loaded, the copies are unchanged persistent
   * objects, and objects with unflushed changes are refused.
   */
  load?: boolean;
}

/** What merging needs from the session. @internal */
export interface MergeHost {
  /** The session (as the owner recorded on its objects' states). */
  readonly owner: StateOwner;
  readonly identityMap: IdentityMap;
  /** Operation: the object with this primary key, loaded when not in the session; `null` when there is none. */
  getByPk(mapper: Mapper<any>, pk: readonly unknown[]): Op<object | null>;
  /** Whether the object is pending in this session. */
  isPending(state: InstanceState): boolean;
  /** Adds a new object (pending) or a detached one (persistent) to the session. */
  attach(obj: object): void;
}

interface MergeRun {
  readonly host: MergeHost;
  readonly load: boolean;
  /** Source state → the session's object for it (cycles and shared objects merge once). */
  readonly done: Map<InstanceState, object>;
  /** Identity token → merged object, for sources without a session that share an identity. */
  readonly byIdentity: Map<Mapper<any>, Map<string | number, object>>;
  /** (child state, relationship it was reached through): its reverse is not merged back. */
  readonly reached: Map<InstanceState, Set<RelationshipProperty>>;
}

/**
 * Operation: merges `obj` into the session of `host`; returns the session's
 * object. An operation so that its loads run with the session's runner
 * (sync `Session.merge`, awaited `AsyncSession.merge`). @internal
 */
export function* mergeObjectOp(host: MergeHost, obj: object, options: MergeOptions = {}): Op<object> {
  const run: MergeRun = {
    host,
    load: options.load ?? true,
    done: new Map(),
    byIdentity: new Map(),
    reached: new Map(),
  };
  return yield* mergeState(run, stateOf(obj));
}

function* mergeState(run: MergeRun, source: InstanceState): Op<object> {
  const known = run.done.get(source);
  if (known !== undefined) return known;
  const { host, load } = run;
  const mapper = source.mapper;
  // Relationship directions and reverses are known once mappers are configured.
  if (mapper.relationships.size > 0) mapper.configure();
  if (source.session === host.owner && (host.identityMap.has(source) || host.isPending(source))) {
    // Already this session's object: nothing to copy (a pending one is not merged into a duplicate).
    run.done.set(source, source.obj);
    return source.obj;
  }
  let key: IdentityKey | undefined = source.key;
  if (key === undefined) {
    if (!load)
      throw new InvalidRequestError(
        "merge() with load: false does not support transient (never persisted) objects; flush them before merging with load: false",
      );
    const pk = mapper.primaryKeyFrom(source.dict);
    key = pk === undefined ? undefined : identityKey(mapper, pk);
  }
  let merged: object | null = null;
  let isNew = false;
  if (key !== undefined) {
    merged = run.byIdentity.get(mapper)?.get(key.token) ?? null;
    // get() takes the identity map's object and loads what is expired on it (the version check needs it).
    if (merged === null && load) merged = yield* host.getByPk(mapper, key.pk);
    if (merged === null && !load) merged = host.identityMap.get(key)?.obj ?? null;
    if (merged === null && !load) {
      if (source.modified)
        throw new InvalidRequestError(
          `merge() with load: false does not support objects with unflushed changes (${mapper.className} ${identityText(key)}); flush them before merging with load: false`,
        );
      merged = Object.create(mapper.mappedClass.prototype) as object;
      stateOf(merged, mapper).key = key;
      host.attach(merged);
      isNew = true;
    }
  }
  if (merged === null) {
    merged = Object.create(mapper.mappedClass.prototype) as object;
    stateOf(merged, mapper);
    host.attach(merged);
    isNew = true;
  }
  run.done.set(source, merged);
  if (key !== undefined) {
    const m = run.byIdentity.get(mapper) ?? new Map<string | number, object>();
    run.byIdentity.set(mapper, m);
    m.set(key.token, merged);
  }
  const dest = stateOf(merged);
  if (dest !== source) {
    checkVersion(source, dest);
    copyColumns(run, source, dest, isNew);
    for (const rel of mapper.relationships.values()) yield* mergeRelationship(run, rel, source, dest);
  }
  if (!load) dest.commitAll();
  return merged;
}

/** A version given on the merged object must be the one of the session's object. */
function checkVersion(source: InstanceState, dest: InstanceState): void {
  const v = source.mapper.versioning;
  if (v === undefined || !(v.key in source.dict) || !(v.key in dest.dict)) return;
  const given = source.dict[v.key];
  const existing = dest.dict[v.key];
  if (!sameValue(given, existing))
    throw new StaleDataError(
      `Version id '${String(given)}' on merged state <${source.mapper.className}> does not match existing version '${String(existing)}'. Leave the version attribute unset when merging to use the existing version.`,
    );
}

function copyColumns(run: MergeRun, source: InstanceState, dest: InstanceState, isNew: boolean): void {
  const unloaded: string[] = [];
  for (const key of source.mapper.columnKeys) {
    if (key in source.dict) {
      const value = source.dict[key];
      if (!run.load) dest.dict[key] = value;
      // Equal values are left alone, so merging an unchanged copy makes nothing dirty.
      else if (!(key in dest.dict) || !sameValue(dest.dict[key], value)) dest.set(key, value);
    } else if (dest.key !== undefined && !(key in dest.dict) && isNew) unloaded.push(key);
  }
  // A persistent copy made without loading: what the source did not have loads on access.
  if (unloaded.length > 0) dest.expire(unloaded);
}

function* mergeRelationship(
  run: MergeRun,
  rel: RelationshipProperty,
  source: InstanceState,
  dest: InstanceState,
): Op<void> {
  if (run.load && rel.reverse !== undefined && run.reached.get(source)?.has(rel.reverse)) return;
  if (!rel.cascade.merge || !(rel.key in source.dict)) return;
  const mergeChild = function* (child: object): Op<object> {
    const cs = stateOf(child);
    const seen = run.reached.get(cs) ?? new Set<RelationshipProperty>();
    run.reached.set(cs, seen);
    seen.add(rel);
    return yield* mergeState(run, cs);
  };
  const value = source.dict[rel.key];
  if (rel.uselist) {
    const items = [...((value as object[] | undefined) ?? [])];
    // Loaded first, so the items already in it merge through the identity map.
    if (run.load) yield* getRelationshipOp(dest, rel);
    const mergedItems: object[] = [];
    for (const item of items) mergedItems.push(yield* mergeChild(item));
    if (run.load) setRelationship(dest, rel, mergedItems);
    else dest.dict[rel.key] = makeCollection(dest, rel, mergedItems);
    return;
  }
  const target = value === null || value === undefined ? null : yield* mergeChild(value as object);
  // A one-to-one's old value is needed by the assignment (its foreign key is cleared): loaded here,
  // through this operation's runner, rather than by the assignment itself.
  if (run.load && rel.direction === "ONETOMANY" && dest.key !== undefined && dest.session !== undefined)
    yield* getRelationshipOp(dest, rel);
  if (run.load) setRelationship(dest, rel, target);
  else dest.dict[rel.key] = target;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return Object.is(a, b);
}
