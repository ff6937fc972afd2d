/**
 * `AsyncOrmResult`: the rows of an ORM-enabled select read as they are
 * iterated (`AsyncSession.stream()`), each row a tuple of objects and values,
 * and `AsyncOrmScalarResult` for the first element of each row
 * (`AsyncSession.streamScalars()`). The rows come from Core's result (a
 * server-side cursor where the driver has one); each is turned into objects
 * through the session's identity map only when it is fetched.
 */
import type { Result } from "@athanor/core";
import { runAsync } from "./run-async.js";

abstract class AsyncMappedRows<T> implements AsyncIterable<T>, AsyncDisposable {
  constructor(
    protected readonly result: Result<any>,
    protected readonly map: (row: unknown) => T,
  ) {}

  /** Every remaining item. */
  async all(): Promise<T[]> {
    return (await runAsync(this.result.allOp())).map(this.map);
  }
  /** Up to `size` more items. */
  async fetchmany(size?: number): Promise<T[]> {
    return (await runAsync(this.result.fetchmanyOp(size))).map(this.map);
  }
  /** The first item or `null`, closing the result. */
  async first(): Promise<T | null> {
    const row = await runAsync(this.result.firstOp());
    return row === null ? null : this.map(row);
  }
  /** Exactly one item, else `NoResultFound` / `MultipleResultsFound`. */
  async one(): Promise<T> {
    return this.map(await runAsync(this.result.oneOp()));
  }
  /** One item or `null`; more than one raises `MultipleResultsFound`. */
  async oneOrNone(): Promise<T | null> {
    const row = await runAsync(this.result.oneOrNoneOp());
    return row === null ? null : this.map(row);
  }
  /** Closes the result (and its server-side cursor, if any). */
  close(): Promise<void> {
    return runAsync(this.result.closeOp());
  }
  /** Whether the result is closed. */
  get closed(): boolean {
    return this.result.closed;
  }
  /** Fetches this many rows at a time from the cursor. */
  yieldPer(n: number): this {
    this.result.yieldPer(n);
    return this;
  }

  /** Lists of up to `size` items, fetched as consumed. */
  async *partitions(size?: number): AsyncGenerator<T[], void, undefined> {
    for (;;) {
      const part = await this.fetchmany(size);
      if (part.length === 0) return;
      yield part;
    }
  }

  /** `for await (const row of result)`. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: async () => {
        const step = await runAsync(this.result.nextOp());
        return step.done ? { done: true, value: undefined } : { done: false, value: this.map(step.value) };
      },
      return: async () => {
        await runAsync(this.result.closeOp());
        return { done: true, value: undefined };
      },
    };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Streamed rows of an ORM-enabled select: tuples of objects and column values. */
export class AsyncOrmResult<R extends readonly unknown[]> extends AsyncMappedRows<R> {
  /** The first element of each row (the objects of `select(User)`). */
  scalars(): AsyncOrmScalarResult<R[0]> {
    const map = this.map;
    return new AsyncOrmScalarResult(this.result, (row) => map(row)[0]);
  }
}

/** Streamed objects (or first values) of an ORM-enabled select. */
export class AsyncOrmScalarResult<T> extends AsyncMappedRows<T> {}
