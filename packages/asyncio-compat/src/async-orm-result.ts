/**
 * `AsyncOrmResult`: the rows of an ORM-enabled select read as they are
 * iterated (`AsyncSession.stream()`), each row a tuple of objects and values,
 * and `AsyncOrmScalarResult` for the first element of each row
 * (`AsyncSession.streamScalars()`). The rows come from the ORM's cursor (a
 * server-side cursor where the driver has one), a batch at a time: each
 * batch's objects are made through the session's identity map, and their
 * selectin loads run, when it is fetched.
 */
import { MultipleResultsFound, NoResultFound } from "@athanor/core";
import type { OrmCursor } from "@athanor/orm";
import { runAsync } from "./run-async.js";

/** Rows read from the cursor at a time while iterating, unless `yieldPer()` says otherwise. */
const DEFAULT_BATCH = 100;

abstract class AsyncMappedRows<T> implements AsyncIterable<T>, AsyncDisposable {
  /** Items fetched from the cursor and not yet handed out. */
  private buffer: T[] = [];
  private batch: number;

  constructor(
    protected readonly cursor: OrmCursor,
    protected readonly map: (row: unknown[]) => T,
  ) {
    this.batch = cursor.yieldPer ?? DEFAULT_BATCH;
  }

  /** Fetches up to `n` items (all remaining when undefined): buffered ones first. */
  private async take(n?: number): Promise<T[]> {
    if (n !== undefined && this.buffer.length >= n) return this.buffer.splice(0, n);
    const out = this.buffer.splice(0);
    const rows = await runAsync(this.cursor.fetchOp(n === undefined ? undefined : n - out.length));
    for (const r of rows) out.push(this.map(r));
    return out;
  }

  /** Every remaining item. */
  all(): Promise<T[]> {
    return this.take();
  }
  /** Up to `size` more items (the batch size when not given). */
  fetchmany(size?: number): Promise<T[]> {
    return this.take(size ?? this.batch);
  }
  /** The first item or `null`, closing the result. */
  async first(): Promise<T | null> {
    const [item] = await this.take(1);
    await this.close();
    return item ?? null;
  }
  /** Exactly one item, else `NoResultFound` / `MultipleResultsFound`. */
  async one(): Promise<T> {
    const items = await this.take(2);
    await this.close();
    if (items.length === 0) throw new NoResultFound("No row was found when one was required");
    if (items.length > 1)
      throw new MultipleResultsFound("Multiple rows were found when exactly one was required");
    return items[0] as T;
  }
  /** One item or `null`; more than one raises `MultipleResultsFound`. */
  async oneOrNone(): Promise<T | null> {
    const items = await this.take(2);
    await this.close();
    if (items.length > 1)
      throw new MultipleResultsFound("Multiple rows were found when one or none was required");
    return items[0] ?? null;
  }
  /** Closes the result (and its server-side cursor, if any). */
  close(): Promise<void> {
    this.buffer = [];
    return runAsync(this.cursor.closeOp());
  }
  /** Whether the result is closed. */
  get closed(): boolean {
    return this.cursor.closed;
  }
  /** Fetches this many rows at a time from the cursor while iterating. */
  yieldPer(n: number): this {
    this.batch = n;
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

  /** `for await (const row of result)`: rows are fetched (and their objects made) a batch at a time. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: async () => {
        if (this.buffer.length === 0) this.buffer = await this.take(this.batch);
        if (this.buffer.length === 0) return { done: true, value: undefined };
        return { done: false, value: this.buffer.shift() as T };
      },
      return: async () => {
        await this.close();
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
    return new AsyncOrmScalarResult(this.cursor, (row) => map(row)[0]);
  }
}

/** Streamed objects (or first values) of an ORM-enabled select. */
export class AsyncOrmScalarResult<T> extends AsyncMappedRows<T> {}
