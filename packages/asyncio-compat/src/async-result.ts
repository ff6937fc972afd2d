/**
 * `AsyncResult`: core's `Result` with every fetching method awaited, and
 * `for await` over streamed rows (SQLAlchemy's `AsyncResult`).
 *
 * The result's logic is core's; each method here runs the same operation
 * with the async runner.
 */
import type { MappingResult, Op, Result, Row, ScalarResult } from "@athanor/core";
import { runAsync } from "./run-async.js";

/** The operations a core result (or one of its views) offers runners. */
interface ResultOps<T> {
  nextOp(): Op<IteratorResult<T, undefined>>;
  fetchmanyOp(size?: number): Op<T[]>;
  allOp(): Op<T[]>;
  firstOp(): Op<T | null>;
  oneOp(): Op<T>;
  oneOrNoneOp(): Op<T | null>;
  closeOp(): Op<void>;
  yieldPer(n: number): unknown;
  readonly closed: boolean;
}

/** What the async forms of `Result`, `ScalarResult` and `MappingResult` share. */
abstract class AsyncResultBase<T> implements AsyncIterable<T> {
  constructor(protected readonly base: ResultOps<T>) {}

  /** Every remaining item. */
  all(): Promise<T[]> {
    return runAsync(this.base.allOp());
  }
  /** Same as `all()`. */
  fetchall(): Promise<T[]> {
    return runAsync(this.base.allOp());
  }
  /** Up to `size` more items. */
  fetchmany(size?: number): Promise<T[]> {
    return runAsync(this.base.fetchmanyOp(size));
  }
  /** The first item or `null`, closing the result. */
  first(): Promise<T | null> {
    return runAsync(this.base.firstOp());
  }
  /** Exactly one item, else `NoResultFound` / `MultipleResultsFound`. */
  one(): Promise<T> {
    return runAsync(this.base.oneOp());
  }
  /** One item or `null`; more than one raises `MultipleResultsFound`. */
  oneOrNone(): Promise<T | null> {
    return runAsync(this.base.oneOrNoneOp());
  }
  /** Closes the result (and its server-side cursor, if any). */
  close(): Promise<void> {
    return runAsync(this.base.closeOp());
  }
  /** Whether the result is closed. */
  get closed(): boolean {
    return this.base.closed;
  }
  /** Fetches this many rows at a time from a streaming cursor. */
  yieldPer(n: number): this {
    this.base.yieldPer(n);
    return this;
  }

  /** Lists of up to `size` items, fetched as consumed. */
  async *partitions(size?: number): AsyncGenerator<T[], void, undefined> {
    for (;;) {
      const part = await runAsync(this.base.fetchmanyOp(size));
      if (part.length === 0) return;
      yield part;
    }
  }

  /** `for await (const row of result)`. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => runAsync(this.base.nextOp()) as Promise<IteratorResult<T>>,
      return: async () => {
        await runAsync(this.base.closeOp());
        return { done: true, value: undefined };
      },
    };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** The rows of an awaited statement. */
export class AsyncResult<R = Record<string, unknown>> extends AsyncResultBase<Row<R>> {
  constructor(readonly result: Result<R>) {
    super(result as unknown as ResultOps<Row<R>>);
  }

  /** The column keys. */
  keys(): string[] {
    return this.result.keys();
  }
  /** Rows matched/affected by an UPDATE or DELETE; -1 when unknown. */
  get rowcount(): number {
    return this.result.rowcount;
  }
  /** The primary key of the row a single-row INSERT made. */
  get insertedPrimaryKey(): readonly unknown[] {
    return this.result.insertedPrimaryKey;
  }
  /** Whether the statement returns rows. */
  get returnsRows(): boolean {
    return this.result.returnsRows;
  }
  /** The next row, or `null`. */
  fetchone(): Promise<Row<R> | null> {
    return runAsync(this.result.fetchoneOp());
  }
  /** The first column of the first row, or `null`; closes the result. */
  scalar(): Promise<R[keyof R] | null> {
    return runAsync(this.result.scalarOp()) as Promise<R[keyof R] | null>;
  }
  /** The first column of exactly one row. */
  scalarOne(): Promise<R[keyof R]> {
    return runAsync(this.result.scalarOneOp()) as Promise<R[keyof R]>;
  }
  /** The first column of one row, or `null`. */
  scalarOneOrNone(): Promise<R[keyof R] | null> {
    return runAsync(this.result.scalarOneOrNoneOp()) as Promise<R[keyof R] | null>;
  }
  /** The values of one column (the first by default). */
  scalars<T = R[keyof R]>(keyOrIndex: string | number = 0): AsyncScalarResult<T> {
    const view = (this.result.scalars as (k: string | number) => ScalarResult<unknown>)(keyOrIndex);
    return new AsyncScalarResult<T>(view as ScalarResult<T>);
  }
  /** Rows as plain objects. */
  mappings(): AsyncMappingResult<R> {
    return new AsyncMappingResult(this.result.mappings());
  }
  /** Only these columns, in this order. */
  columns(...keysOrIndexes: (string | number)[]): AsyncResult<any> {
    return new AsyncResult(this.result.columns(...keysOrIndexes));
  }
  /** Leaves out rows equal to one already returned. */
  unique(strategy?: (row: Row<R>) => unknown): AsyncResult<R> {
    return new AsyncResult(this.result.unique(strategy));
  }
}

/** The values of one column of an awaited statement. */
export class AsyncScalarResult<T> extends AsyncResultBase<T> {
  constructor(readonly result: ScalarResult<T>) {
    super(result as unknown as ResultOps<T>);
  }
  unique(strategy?: (value: T) => unknown): AsyncScalarResult<T> {
    return new AsyncScalarResult(this.result.unique(strategy));
  }
}

/** Rows of an awaited statement as plain objects. */
export class AsyncMappingResult<R> extends AsyncResultBase<R> {
  constructor(readonly result: MappingResult<R>) {
    super(result as unknown as ResultOps<R>);
  }
  keys(): string[] {
    return this.result.keys();
  }
  fetchone(): Promise<R | null> {
    return runAsync(this.result.fetchoneOp());
  }
  unique(strategy?: (row: R) => unknown): AsyncMappingResult<R> {
    return new AsyncMappingResult(this.result.unique(strategy));
  }
}
