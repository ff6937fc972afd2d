/**
 * Collections that are never loaded whole (SQLAlchemy's `WriteOnlyCollection`
 * and the legacy `AppenderQuery` of `lazy="dynamic"`). Items added or
 * removed are kept as pending changes that the next flush writes (foreign
 * keys, or association rows); reading goes through a SELECT the caller runs
 * (`select()`), or, for a dynamic relationship, through the session.
 */
import {
  type ColumnElement,
  func,
  InvalidRequestError,
  NotImplementedError,
  type Op,
  type Select,
  select,
} from "@athanor/core";
import { setScalar } from "./attributes.js";
import { DetachedInstanceError } from "./errors.js";
import { type InstanceState, stateOf } from "./instance-state.js";
import type { RelationshipProperty } from "./mapper.js";
import {
  loadThroughLazyClause,
  loadThroughLazyClauseOp,
  type RelatedQuerySession,
  type RelatedQuerySessionOps,
  relatedSelect,
} from "./relationship-loader.js";

/** Whether a relationship's attribute is a collection object rather than a loaded value. @internal */
export function isCollectionObject(rel: RelationshipProperty): boolean {
  return rel.lazy === "write_only" || rel.lazy === "dynamic";
}

/**
 * A write-only collection (`lazy: "write_only"`): `add` / `addAll` /
 * `remove` record changes for the next flush; `select()` is the SELECT of
 * the related rows, to run with `session.scalars(...)` (add criteria,
 * ordering or paging first).
 *
 * @example
 * ```ts
 * user.addresses.add(new Address({ emailAddress: "x@y" }));
 * session.scalars(user.addresses.select().where(Address.emailAddress.like("%@y"))).all();
 * ```
 */
export class WriteOnlyCollection<T = object> {
  /** @internal */
  constructor(
    protected readonly state: InstanceState,
    protected readonly rel: RelationshipProperty,
  ) {}

  private check(item: unknown): InstanceState {
    const rel = this.rel;
    if (typeof item !== "object" || item === null || stateOf(item).mapper !== rel.target)
      throw new InvalidRequestError(
        `${rel.parent.className}.${rel.key}: expected a ${rel.target?.className} instance, got ${String(item)}`,
      );
    return stateOf(item);
  }

  /** Adds an item: the flush links it to the parent. */
  add(item: T): void {
    const is = this.check(item);
    recordPendingAdd(this.state, this.rel, is.obj);
    const rev = this.rel.reverse;
    if (rev !== undefined && !rev.uselist) setScalar(is, rev, this.state.obj, true);
    if (this.rel.cascade.saveUpdate) this.state.session?.cascadeAdd(is.obj);
  }

  /** Adds each item. */
  addAll(items: Iterable<T>): void {
    for (const item of items) this.add(item);
  }

  /** Removes an item: the flush unlinks it (or deletes it, with delete-orphan). */
  remove(item: T): void {
    const is = this.check(item);
    recordPendingRemove(this.state, this.rel, is.obj);
    const rev = this.rel.reverse;
    if (rev !== undefined && !rev.uselist && (!(rev.key in is.dict) || is.dict[rev.key] === this.state.obj))
      setScalar(is, rev, null, true);
  }

  /** The SELECT of the related objects (`SELECT address... WHERE ? = address.user_id`). */
  select(): Select<[T]> {
    if (this.state.key === undefined)
      throw new InvalidRequestError(
        `${this.rel.parent.className}.${this.rel.key}: the parent is not persistent yet; flush it before selecting its collection`,
      );
    const stmt = relatedSelect(this.state, this.rel);
    if (stmt === undefined)
      throw new InvalidRequestError(
        `${this.rel.parent.className}.${this.rel.key}: the parent's key is NULL, no row can be related to it`,
      );
    return stmt as unknown as Select<[T]>;
  }
}

/**
 * A dynamic relationship's query (`lazy: "dynamic"`, SQLAlchemy's legacy
 * `AppenderQuery`): append and remove like a write-only collection, refine
 * with `filter` / `orderBy` / `limit` / `offset`, and read through the
 * parent's session (`all()`, `first()`, `count()`, iteration), which
 * autoflushes pending changes first.
 */
export class AppenderQuery<T = object> extends WriteOnlyCollection<T> {
  /** @internal */
  constructor(
    state: InstanceState,
    rel: RelationshipProperty,
    private readonly refine: (s: Select<[T]>) => Select<[T]> = (s) => s,
  ) {
    super(state, rel);
  }

  /** Same as `add` (SQLAlchemy's `append`). */
  append(item: T): void {
    this.add(item);
  }
  /** Same as `addAll` (SQLAlchemy's `extend`). */
  extend(items: Iterable<T>): void {
    this.addAll(items);
  }

  /** A query with more WHERE criteria. */
  filter(...criteria: ColumnElement<any>[]): AppenderQuery<T> {
    return new AppenderQuery(this.state, this.rel, (s) => this.refine(s).where(...criteria));
  }
  /** A query with an ORDER BY (replacing the relationship's own). */
  orderBy(...cols: ColumnElement<any>[]): AppenderQuery<T> {
    return new AppenderQuery(this.state, this.rel, (s) =>
      this.refine(s)
        .orderBy(null as never)
        .orderBy(...cols),
    );
  }
  /** A query with a LIMIT. */
  limit(n: number): AppenderQuery<T> {
    return new AppenderQuery(this.state, this.rel, (s) => this.refine(s).limit(n));
  }
  /** A query with an OFFSET. */
  offset(n: number): AppenderQuery<T> {
    return new AppenderQuery(this.state, this.rel, (s) => this.refine(s).offset(n));
  }

  override select(): Select<[T]> {
    return this.refine(super.select());
  }

  private session(): RelatedQuerySession & { scalar(stmt: unknown): unknown } {
    const session = this.state.session;
    if (session === undefined)
      throw new DetachedInstanceError(
        `Parent instance <${this.rel.parent.className}> is not bound to a Session, and no contextual session is established; lazy load operation of attribute '${this.rel.key}' cannot proceed`,
      );
    return session as unknown as RelatedQuerySession & { scalar(stmt: unknown): unknown };
  }

  /** The related objects (for a pending parent: the items added so far). */
  all(): T[] {
    if (this.state.key === undefined) return [...pendingItems(this.state, this.rel)] as T[];
    return this.session().scalars(this.select()).all() as T[];
  }

  /** The first related object, or `null`. */
  first(): T | null {
    if (this.state.key === undefined) return (pendingItems(this.state, this.rel)[0] as T | undefined) ?? null;
    return (this.session().scalars(this.limit(1).select()).all()[0] as T | undefined) ?? null;
  }

  /** `SELECT count(*) FROM (<the query>)`. */
  count(): number {
    if (this.state.key === undefined) return pendingItems(this.state, this.rel).length;
    const sub = this.select().subquery();
    return Number(this.session().scalar(select(func.count()).selectFrom(sub)));
  }

  [Symbol.iterator](): Iterator<T> {
    return this.all()[Symbol.iterator]();
  }
}

const objects = new WeakMap<InstanceState, Map<string, WriteOnlyCollection<object>>>();

/** The collection object of a write-only or dynamic relationship (one per object and attribute). @internal */
export function collectionObject(
  state: InstanceState,
  rel: RelationshipProperty,
): WriteOnlyCollection<object> {
  let m = objects.get(state);
  if (m === undefined) {
    m = new Map();
    objects.set(state, m);
  }
  let c = m.get(rel.key);
  if (c === undefined) {
    if (rel.lazy === "raise" || rel.lazy === "noload")
      throw new NotImplementedError(`lazy="${rel.lazy}" on a collection object`);
    c = rel.lazy === "dynamic" ? new AppenderQuery(state, rel) : new WriteOnlyCollection(state, rel);
    m.set(rel.key, c);
  }
  return c;
}

/** Assigning a write-only / dynamic attribute: only a new object's, whose items are then added. @internal */
export function assignCollectionObject(
  state: InstanceState,
  rel: RelationshipProperty,
  value: unknown,
): void {
  if (state.key !== undefined)
    throw new InvalidRequestError(
      `${rel.parent.className}.${rel.key}: a ${rel.lazy === "dynamic" ? "dynamic" : "write-only"} collection cannot be assigned on a persistent object; use add() and remove()`,
    );
  if (value === null || typeof value !== "object" || !(Symbol.iterator in value))
    throw new InvalidRequestError(
      `${rel.parent.className}.${rel.key}: a collection must be assigned an array`,
    );
  const c = collectionObject(state, rel);
  for (const item of value as Iterable<object>) c.add(item);
}

/** Items added and not flushed yet, in order. @internal */
export function pendingItems(state: InstanceState, rel: RelationshipProperty): object[] {
  return [...(state.collections.get(rel.key)?.added ?? [])];
}

/** The pending changes as an attribute history (what the flush reads). @internal */
export function pendingHistory(
  state: InstanceState,
  rel: RelationshipProperty,
): { added: object[]; deleted: object[] } {
  const h = state.collections.get(rel.key);
  return { added: [...(h?.added ?? [])], deleted: [...(h?.removed ?? [])] };
}

/** Records an item added to a collection object (also when the reverse side did it). @internal */
export function recordPendingAdd(state: InstanceState, rel: RelationshipProperty, item: object): void {
  const h = state.collectionHistory(rel.key);
  if (h.removed.has(item)) h.removed.delete(item);
  else h.added.add(item);
}

/** Records an item removed from a collection object. @internal */
export function recordPendingRemove(state: InstanceState, rel: RelationshipProperty, item: object): void {
  const h = state.collectionHistory(rel.key);
  if (h.added.has(item)) h.added.delete(item);
  else h.removed.add(item);
}

/**
 * The related objects a flush must visit for a deleted parent (delete
 * cascade, foreign key nulling): a collection object's rows are selected.
 * @internal
 */
export function relatedForFlush(
  session: RelatedQuerySession,
  state: InstanceState,
  rel: RelationshipProperty,
  get: () => unknown,
): object[] {
  if (!isCollectionObject(rel)) {
    const v = get();
    return rel.uselist ? [...(v as object[])] : v === null ? [] : [v as object];
  }
  if (state.key === undefined) return pendingItems(state, rel);
  // With passiveDeletes the database handles the rows that are not in memory.
  if (rel.lazy === "write_only" && rel.options.passiveDeletes === true) return pendingItems(state, rel);
  if (rel.lazy === "write_only")
    throw new InvalidRequestError(
      `Attribute ${rel.parent.className}.${rel.key} is write-only: its rows are not loaded to delete or unlink them; set passiveDeletes: true on the relationship (and ON DELETE in the database) to delete the parent`,
    );
  const rows = loadThroughLazyClause(session, state, rel) as object[];
  const h = state.collections.get(rel.key);
  const out = rows.filter((o) => !h?.removed.has(o));
  for (const o of h?.added ?? []) if (!out.includes(o)) out.push(o);
  return out;
}

/** Operation: {@link relatedForFlush}, for the flush planning and delete cascade of the session. @internal */
export function* relatedForFlushOp(
  session: RelatedQuerySessionOps,
  state: InstanceState,
  rel: RelationshipProperty,
  get: () => Op<unknown>,
): Op<object[]> {
  if (!isCollectionObject(rel)) {
    const v = yield* get();
    return rel.uselist ? [...(v as object[])] : v === null ? [] : [v as object];
  }
  if (state.key === undefined) return pendingItems(state, rel);
  // With passiveDeletes the database handles the rows that are not in memory.
  if (rel.lazy === "write_only" && rel.options.passiveDeletes === true) return pendingItems(state, rel);
  if (rel.lazy === "write_only")
    throw new InvalidRequestError(
      `Attribute ${rel.parent.className}.${rel.key} is write-only: its rows are not loaded to delete or unlink them; set passiveDeletes: true on the relationship (and ON DELETE in the database) to delete the parent`,
    );
  const rows = (yield* loadThroughLazyClauseOp(session, state, rel)) as object[];
  const h = state.collections.get(rel.key);
  const out = rows.filter((o) => !h?.removed.has(o));
  for (const o of h?.added ?? []) if (!out.includes(o)) out.push(o);
  return out;
}
