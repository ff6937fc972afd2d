/**
 * Results of ORM-enabled selects (a mapped class among the columns): each row
 * is a tuple (`[User, string]`), and `scalars()` gives the first element of
 * each row (`User`). Rows are read when the result is created, as SQLAlchemy
 * buffers ORM results to build the objects; with the `yieldPer` execution
 * option they are read in batches as they are consumed (`partitions()`).
 */
import { InvalidRequestError, MultipleResultsFound, NoResultFound } from "@athanor/core";

/** Up to `n` more items (all when `n` is undefined); an empty array once exhausted. @internal */
export type PullItems<T> = (n: number | undefined) => T[];

/** How a result was produced. @internal */
export interface OrmResultOptions {
  /** Joined eager loading of collections: the rows repeat their parent, so `unique()` is required. */
  readonly requireUnique?: boolean;
  /** The `yieldPer` batch size: the default size of `fetchmany()` and `partitions()`. */
  readonly yieldPer?: number | undefined;
}

const UNIQUE_REQUIRED =
  "The unique() method must be invoked on this Result, as it contains results that include joined eager loads against collections";

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;
function idOf(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return typeof v === "bigint" ? `${v}n` : v;
  // Plain values compare by value (a Date column), mapped objects by identity.
  if (v instanceof Date) return { date: v.getTime() };
  let id = objectIds.get(v);
  if (id === undefined) {
    id = ++nextObjectId;
    objectIds.set(v, id);
  }
  return { id };
}

abstract class OrmItems<T> implements Iterable<T> {
  private buffer: T[] = [];
  private pos = 0;
  private exhausted = false;
  private seen: Set<unknown> | undefined;
  private readonly pull: PullItems<T>;
  protected readonly requireUnique: boolean;
  protected readonly yieldPerSize: number | undefined;

  constructor(items: readonly T[] | PullItems<T>, options: OrmResultOptions = {}) {
    if (typeof items === "function") this.pull = items;
    else {
      let given = false;
      this.pull = () => {
        if (given) return [];
        given = true;
        // Taken over, not copied: the session hands each result arrays of its own.
        return items as T[];
      };
    }
    this.requireUnique = options.requireUnique === true;
    this.yieldPerSize = options.yieldPer;
  }

  /** The key two items are the same by, for `unique()`. */
  protected abstract uniqueKey(item: T): unknown;

  /** De-duplicates the items that remain (objects by identity). Required after joined eager loading of a collection. */
  unique(): this {
    this.seen ??= new Set();
    return this;
  }

  /** Whether `unique()` was applied. @internal */
  protected get isUnique(): boolean {
    return this.seen !== undefined;
  }

  /** Up to `n` items (all remaining when undefined), without the `unique()` requirement check. @internal */
  protected takeUnchecked(n: number | undefined): T[] {
    if (n === undefined && this.seen === undefined) return this.takeRest();
    const out: T[] = [];
    while (n === undefined || out.length < n) {
      if (this.pos >= this.buffer.length) {
        if (this.exhausted) break;
        this.buffer = this.pull(n === undefined ? undefined : n - out.length);
        this.pos = 0;
        if (this.buffer.length === 0) {
          this.exhausted = true;
          break;
        }
        continue;
      }
      const item = this.buffer[this.pos++] as T;
      if (this.seen !== undefined) {
        const k = this.uniqueKey(item);
        if (this.seen.has(k)) continue;
        this.seen.add(k);
      }
      out.push(item);
    }
    return out;
  }

  /** Every remaining item, without `unique()`: the buffer itself when nothing was read from it. */
  private takeRest(): T[] {
    let out = this.pos === 0 ? this.buffer : this.buffer.slice(this.pos);
    this.buffer = [];
    this.pos = 0;
    while (!this.exhausted) {
      const more = this.pull(undefined);
      if (more.length === 0) this.exhausted = true;
      else out = out.length === 0 ? more : out.concat(more);
    }
    return out;
  }

  private take(n: number | undefined): T[] {
    if (this.requireUnique && this.seen === undefined) throw new InvalidRequestError(UNIQUE_REQUIRED);
    return this.takeUnchecked(n);
  }

  private close(): void {
    this.buffer = [];
    this.pos = 0;
    this.exhausted = true;
  }

  /** Every remaining item. */
  all(): T[] {
    return this.take(undefined);
  }
  /** The first item or `null`, closing the result. */
  first(): T | null {
    const item = this.take(1)[0] ?? null;
    this.close();
    return item;
  }
  /** Exactly one item; raises `NoResultFound` / `MultipleResultsFound` otherwise. */
  one(): T {
    const rest = this.take(2);
    this.close();
    if (rest.length === 0) throw new NoResultFound("No row was found when one was required");
    if (rest.length > 1)
      throw new MultipleResultsFound("Multiple rows were found when exactly one was required");
    return rest[0] as T;
  }
  /** One item or `null`; raises `MultipleResultsFound` when there are more. */
  oneOrNone(): T | null {
    const rest = this.take(2);
    this.close();
    if (rest.length > 1)
      throw new MultipleResultsFound("Multiple rows were found when one or none was required");
    return rest.length === 0 ? null : (rest[0] as T);
  }
  /** Up to `size` more items (the `yieldPer` size by default, else all). */
  fetchmany(size?: number): T[] {
    return this.take(size ?? this.yieldPerSize);
  }
  /**
   * The remaining items in lists of `size` (the `yieldPer` size by default);
   * with `yieldPer` each list is read from the database when it is reached.
   */
  *partitions(size?: number): Generator<T[], void, undefined> {
    const n = size ?? this.yieldPerSize;
    if (n === undefined)
      throw new InvalidRequestError("partitions() needs a size, or the yieldPer execution option");
    for (;;) {
      const part = this.take(n);
      if (part.length === 0) return;
      yield part;
    }
  }
  *[Symbol.iterator](): Iterator<T> {
    for (;;) {
      const got = this.take(1);
      if (got.length === 0) return;
      yield got[0] as T;
    }
  }
}

/** The objects (or first values) of an ORM result, from `session.scalars()` or `result.scalars()`. */
export class OrmScalarResult<T> extends OrmItems<T> {
  protected uniqueKey(item: T): unknown {
    return item;
  }
}

/** An ORM result whose rows are tuples of objects and column values. */
export class OrmResult<R extends readonly unknown[]> extends OrmItems<R> {
  protected uniqueKey(row: R): unknown {
    if (row.length === 1) {
      // One element (a lazy load's objects, a scalar column): the value itself, compared by the Set.
      const v = row[0];
      if (!(v instanceof Date)) return v;
    }
    return JSON.stringify(row.map(idOf));
  }
  /** The first element of each row. */
  scalars(): OrmScalarResult<R[0]> {
    // Rows made unique here give unique scalars; otherwise `scalars().unique()` satisfies the requirement.
    return new OrmScalarResult((n) => this.takeUnchecked(n).map((r) => r[0]), {
      requireUnique: this.requireUnique && !this.isUnique,
      yieldPer: this.yieldPerSize,
    });
  }
  /** The first element of the first row, or `null` when there are no rows. */
  scalar(): R[0] | null {
    const row = this.first();
    return row === null ? null : row[0];
  }
  /** The first element of exactly one row. */
  scalarOne(): R[0] {
    return this.one()[0];
  }
  /** The first element of one row or `null`. */
  scalarOneOrNone(): R[0] | null {
    const row = this.oneOrNone();
    return row === null ? null : row[0];
  }
}
