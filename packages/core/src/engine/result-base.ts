/**
 * What `Result`, `ScalarResult` and `MappingResult` share: the state of one
 * result (its row source, closed or not) and the fetching operations, each
 * written once as an `Op` and run by `runSync` here, by the async runner in
 * `@athanor/asyncio-compat`.
 */
import { InvalidRequestError, MultipleResultsFound, NoResultFound, ResourceClosedError } from "../exc.js";
import { type Op, runSync } from "./effects.js";
import type { ResultMetadata } from "./result-metadata.js";
import type { BufferedSource, RowSource } from "./result-source.js";
import type { UniqueFilter } from "./result-unique.js";
import type { ManyMaker, RawRow, RowMaker } from "./row.js";

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** What the engine knows about an execution besides its rows. */
export interface ResultInfo {
  /** Rows matched by an UPDATE or DELETE, or inserted; -1 when unknown. Default -1. */
  readonly rowcount?: number | undefined;
  /** The driver's last-row id after an INSERT (SQLite, MySQL). */
  readonly lastrowid?: number | bigint | undefined;
  /** The statement is an `insert()` construct. Default false. */
  readonly isInsert?: boolean | undefined;
}

/** The state every view of one result shares: the row source and whether the result is closed. */
/** @internal */
export class ResultCore {
  hardClosed = false;
  constructor(
    /** `undefined` for a statement that returns no rows. */
    readonly source: RowSource | undefined,
    readonly metadata: ResultMetadata | undefined,
  ) {}

  /** The source, or the error SQLAlchemy raises for a closed result or one without rows. */
  open(): RowSource {
    const src = this.source;
    if (src === undefined)
      throw new ResourceClosedError(
        "This result object does not return rows. It has been closed automatically.",
      );
    if (this.hardClosed) throw new ResourceClosedError("This result object is closed.");
    return src;
  }

  /** The metadata, or the no-rows error. */
  rowMetadata(): ResultMetadata {
    if (this.metadata === undefined)
      throw new ResourceClosedError(
        "This result object does not return rows. It has been closed automatically.",
      );
    return this.metadata;
  }

  *closeOp(): Op<void> {
    if (this.hardClosed) return;
    this.hardClosed = true;
    if (this.source !== undefined) yield* this.source.releaseOp();
  }

  /** `closeOp` without a generator, for a fully buffered source (nothing to release but the buffer). */
  closeBuffered(): void {
    if (this.hardClosed) return;
    this.hardClosed = true;
    (this.source as BufferedSource).release();
  }
}

/**
 * What `Result`, `ScalarResult` and `MappingResult` share: fetching through
 * the shared source, building items with `make`, and the unique filter.
 */
export abstract class ResultBase<T> implements Iterable<T>, Disposable {
  /** @internal */
  protected constructor(
    protected readonly core: ResultCore,
    protected readonly make: RowMaker<T>,
    protected readonly uniqueFilter: UniqueFilter<T> | undefined,
    /** Builds many items at once (a generated loop for rows and mappings). */
    protected readonly makeMany: ManyMaker<T> = (raws) => raws.map(make),
  ) {}

  /** The value an item is made unique by when no strategy is given, and whether it is a tuple. */
  protected abstract defaultUniqueKey(item: T): unknown;
  protected abstract get uniqueKeyIsTuple(): boolean;

  /** Records `item` in the unique filter; whether it was not seen before. */
  protected isNew(item: T): boolean {
    const u = this.uniqueFilter as UniqueFilter<T>;
    return u.strategy === undefined
      ? u.add(this.defaultUniqueKey(item), this.uniqueKeyIsTuple)
      : u.add(u.strategy(item), true);
  }

  /** The items of `raws` (those not seen before, with `unique()`), appended to `out`. */
  private makeAll(raws: readonly RawRow[], out: T[]): T[] {
    if (this.uniqueFilter === undefined) {
      const made = this.makeMany(raws);
      if (out.length === 0) return made;
      for (const item of made) out.push(item);
      return out;
    }
    const make = this.make;
    for (let i = 0; i < raws.length; i++) {
      const item = make(raws[i] as RawRow);
      if (this.isNew(item)) out.push(item);
    }
    return out;
  }

  /** Whether the result was closed (`close()`, `first()`, `one()`...), or returns no rows. */
  get closed(): boolean {
    return this.core.hardClosed || this.core.source === undefined;
  }

  // ---- operations (for runners) --------------------------------------------------

  /** Operation: the next item, as an iterator result (for runners implementing iteration). */
  *nextOp(): Op<IteratorResult<T, undefined>> {
    const src = this.core.open();
    for (;;) {
      let raw = src.nextBuffered();
      if (raw === undefined) {
        if (src.exhausted || !(yield* src.refillOp())) return DONE;
        raw = src.nextBuffered();
        if (raw === undefined) return DONE;
      }
      const item = this.make(raw);
      if (this.uniqueFilter === undefined || this.isNew(item)) return { done: false, value: item };
    }
  }

  /**
   * Operation: up to `size` more items. Without `size`: the `yieldPer` size
   * if set, else all remaining rows of a buffered result, or the current
   * buffer size of a streamed one. With `unique()`, fetches until `size`
   * distinct items are found or the rows run out.
   */
  *fetchmanyOp(size?: number): Op<T[]> {
    const src = this.core.open();
    const n = size ?? src.defaultFetchSize;
    if (!Number.isFinite(n)) return yield* this.allOp();
    let out: T[] = [];
    while (out.length < n) {
      let raws: readonly RawRow[] = src.takeBuffered(n - out.length);
      if (raws.length === 0) {
        if (src.exhausted) break;
        raws = yield* src.fetchOp(n - out.length);
        if (raws.length === 0) break;
      }
      out = this.makeAll(raws, out);
    }
    return out;
  }

  /** Operation: every remaining item. The result stays open and further fetches return nothing. */
  *allOp(): Op<T[]> {
    const src = this.core.open();
    let raws = src.takeAllBuffered();
    if (!src.exhausted) {
      const rest = yield* src.fetchRestOp();
      if (rest.length > 0) raws = raws.length === 0 ? rest : raws.concat(rest);
    }
    return this.makeAll(raws, []);
  }

  /** Operation: same as `allOp` (SQLAlchemy's `fetchall()`). */
  fetchallOp(): Op<T[]> {
    return this.allOp();
  }

  /** Operation: the first item or `null`; the result is closed. */
  *firstOp(): Op<T | null> {
    let step: IteratorResult<T, undefined>;
    try {
      step = yield* this.nextOp();
    } catch (err) {
      yield* this.core.closeOp();
      throw err;
    }
    yield* this.core.closeOp();
    return step.done === true ? null : step.value;
  }

  /**
   * Operation behind `one()` and `oneOrNone()`: reads the first item and
   * checks there is no second (after `unique()`, a second distinct one);
   * the result is closed.
   */
  protected *onlyOneOp(raiseForNone: boolean): Op<T | null> {
    let first: IteratorResult<T, undefined>;
    let second: IteratorResult<T, undefined> = DONE;
    try {
      first = yield* this.nextOp();
      if (first.done !== true) second = yield* this.nextOp();
    } catch (err) {
      yield* this.core.closeOp();
      throw err;
    }
    yield* this.core.closeOp();
    if (first.done === true) {
      if (raiseForNone) throw new NoResultFound("No row was found when one was required");
      return null;
    }
    if (second.done !== true)
      throw new MultipleResultsFound(
        raiseForNone
          ? "Multiple rows were found when exactly one was required"
          : "Multiple rows were found when one or none was required",
      );
    return first.value;
  }

  /** Operation: exactly one item, else `NoResultFound` / `MultipleResultsFound`; the result is closed. */
  *oneOp(): Op<T> {
    return (yield* this.onlyOneOp(true)) as T;
  }

  /** Operation: one item or `null`, else `MultipleResultsFound`; the result is closed. */
  oneOrNoneOp(): Op<T | null> {
    return this.onlyOneOp(false);
  }

  /** Operation: closes the result (and its cursor); further fetches raise `ResourceClosedError`. */
  closeOp(): Op<void> {
    return this.core.closeOp();
  }

  // ---- the sync API ----------------------------------------------------------------

  /** Every remaining item. */
  all(): T[] {
    return runSync(this.allOp());
  }

  /** Every remaining item (SQLAlchemy's `fetchall()`; same as `all()`). */
  fetchall(): T[] {
    return runSync(this.allOp());
  }

  /** Up to `size` more items; see {@link fetchmanyOp} for the default. An empty array when none are left. */
  fetchmany(size?: number): T[] {
    return runSync(this.fetchmanyOp(size));
  }

  /** The first item, or `null` when there are none; closes the result. */
  first(): T | null {
    return runSync(this.firstOp());
  }

  /** Exactly one item; raises `NoResultFound` or `MultipleResultsFound`. Closes the result. */
  one(): T {
    return (this.canReadBuffered() ? this.onlyOneBuffered(true) : runSync(this.oneOp())) as T;
  }

  /** One item or `null`; raises `MultipleResultsFound` for more. Closes the result. */
  oneOrNone(): T | null {
    return this.canReadBuffered() ? this.onlyOneBuffered(false) : runSync(this.oneOrNoneOp());
  }

  /** Whether `onlyOneBuffered` may stand for `onlyOneOp`: an open, fully buffered result, no `unique()`. */
  private canReadBuffered(): boolean {
    const core = this.core;
    return core.source?.fullyBuffered === true && !core.hardClosed && this.uniqueFilter === undefined;
  }

  /**
   * `onlyOneOp` without its generators, for a fully buffered source (a
   * primary-key lookup's usual result): the same reads, the same closing,
   * the same errors.
   */
  private onlyOneBuffered(raiseForNone: boolean): T | null {
    const core = this.core;
    const src = core.source as RowSource;
    let first: T | undefined;
    let found = 0;
    try {
      const raw = src.nextBuffered();
      if (raw === undefined) src.exhausted = true;
      else {
        first = this.make(raw);
        found = 1;
        const raw2 = src.nextBuffered();
        if (raw2 === undefined) src.exhausted = true;
        else {
          this.make(raw2);
          found = 2;
        }
      }
    } catch (err) {
      core.closeBuffered();
      throw err;
    }
    core.closeBuffered();
    if (found === 0) {
      if (raiseForNone) throw new NoResultFound("No row was found when one was required");
      return null;
    }
    if (found === 2)
      throw new MultipleResultsFound(
        raiseForNone
          ? "Multiple rows were found when exactly one was required"
          : "Multiple rows were found when one or none was required",
      );
    return first as T;
  }

  /** Closes the result, and its cursor if it streams; further fetches raise `ResourceClosedError`. */
  close(): void {
    runSync(this.closeOp());
  }

  /** `using result = conn.execute(...)` closes the result at the end of the block. */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * Sets the number of rows fetched at a time from a streaming cursor, and
   * the default size of `fetchmany()` and `partitions()` (SQLAlchemy's
   * `yield_per`). Returns this result.
   */
  yieldPer(n: number): this {
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidRequestError(`yieldPer() takes a positive integer, got ${n}`);
    this.core.source?.setYieldPer(n);
    return this;
  }

  /**
   * Iterates over the items in lists of up to `size` (default: the
   * `yieldPer` size, else as `fetchmany()`); each list is fetched when the
   * previous one has been consumed.
   */
  *partitions(size?: number): Generator<T[], void, undefined> {
    for (;;) {
      const part = runSync(this.fetchmanyOp(size));
      if (part.length === 0) return;
      yield part;
    }
  }

  /**
   * Iterates over the remaining items. Leaving a `for ... of` early does not
   * close the result: the rest can still be read.
   */
  [Symbol.iterator](): Iterator<T> {
    return {
      next: (): IteratorResult<T> => {
        const core = this.core;
        const src = core.source;
        // Buffered rows need no I/O: build them without an operation per row.
        if (src !== undefined && !core.hardClosed && this.uniqueFilter === undefined) {
          const raw = src.nextBuffered();
          if (raw !== undefined) return { done: false, value: this.make(raw) };
        }
        return runSync(this.nextOp()) as IteratorResult<T>;
      },
    };
  }
}
