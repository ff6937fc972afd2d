/**
 * Where a result's rows come from: all in memory (`BufferedSource`, over a
 * `DriverResult`), or streamed from a server-side cursor (`CursorSource`,
 * over a `DriverCursor`).
 *
 * A source holds a buffer of driver rows that a result reads without I/O;
 * only refilling it may be an effect. The buffered source never yields: its
 * rows are already here, so its operations complete on their first step
 * under either runner, and iterating a buffered result costs no generator
 * per row.
 */
import type { DriverCursor } from "./driver.js";
import { type Op, perform } from "./effects.js";
import type { RawRow } from "./row.js";

const EMPTY: readonly RawRow[] = [];

/** The rows of a result, as the driver gives them. */
export abstract class RowSource {
  /** Driver rows fetched and not yet read. */
  protected buf: readonly RawRow[] = EMPTY;
  protected pos = 0;
  /** Whether the underlying rows are all fetched (the cursor, if any, is released). */
  exhausted = false;

  /** The next buffered row, or `undefined` when the buffer is empty (no I/O). */
  nextBuffered(): RawRow | undefined {
    return this.pos < this.buf.length ? this.buf[this.pos++] : undefined;
  }

  /** Up to `n` buffered rows (no I/O). */
  takeBuffered(n: number): RawRow[] {
    const start = this.pos;
    const end = Math.min(this.buf.length, start + n);
    this.pos = end;
    return this.buf.slice(start, end);
  }

  /** Every buffered row (no I/O); the driver's array itself when nothing was read yet. */
  takeAllBuffered(): readonly RawRow[] {
    const { buf, pos } = this;
    this.buf = EMPTY;
    this.pos = 0;
    return pos === 0 ? buf : buf.slice(pos);
  }

  /** @internal Whether every row is in the buffer (a `BufferedSource`: nothing to fetch or release). */
  get fullyBuffered(): boolean {
    return false;
  }
  /** Refills the buffer with the next rows; `false` when there are none (and the source is exhausted). */
  abstract refillOp(): Op<boolean>;
  /** Up to `n` more rows, bypassing the buffer (call when it is empty). */
  abstract fetchOp(n: number): Op<RawRow[]>;
  /** All remaining rows, bypassing the buffer (call when it is empty). */
  abstract fetchRestOp(): Op<RawRow[]>;
  /** Releases the cursor, if any; the buffer is dropped. */
  abstract releaseOp(): Op<void>;
  /** The `fetchmany()` / `partitions()` size when none is given. */
  abstract get defaultFetchSize(): number;
  /** Fixes the buffer size to `n` rows per fetch (`yieldPer`). */
  abstract setYieldPer(n: number): void;
}

/** All rows in memory: a `DriverResult`'s rows. Nothing here does I/O. */
export class BufferedSource extends RowSource {
  private yieldPer: number | undefined;

  constructor(rows: readonly RawRow[]) {
    super();
    this.buf = rows;
  }

  // biome-ignore lint/correctness/useYield: a buffered source has nothing to fetch
  override *refillOp(): Op<boolean> {
    this.exhausted = true;
    return false;
  }
  // biome-ignore lint/correctness/useYield: nothing to fetch
  override *fetchOp(_n: number): Op<RawRow[]> {
    this.exhausted = true;
    return [];
  }
  // biome-ignore lint/correctness/useYield: nothing to fetch
  override *fetchRestOp(): Op<RawRow[]> {
    this.exhausted = true;
    return [];
  }
  // biome-ignore lint/correctness/useYield: nothing to release
  override *releaseOp(): Op<void> {
    this.release();
  }
  /** `releaseOp` without a generator: drops the buffer. */
  release(): void {
    this.buf = EMPTY;
    this.pos = 0;
    this.exhausted = true;
  }
  override get fullyBuffered(): boolean {
    return true;
  }
  /** All remaining rows, unless `yieldPer` was set (as SQLAlchemy's fully buffered strategy). */
  override get defaultFetchSize(): number {
    return this.yieldPer ?? Number.POSITIVE_INFINITY;
  }
  override setYieldPer(n: number): void {
    this.yieldPer = n;
  }
}

/** Options of a `CursorSource`. */
export interface CursorSourceOptions {
  /** The largest number of rows fetched at once while the buffer grows. Default 1000 (SQLAlchemy's `max_row_buffer`). */
  readonly maxRowBuffer?: number | undefined;
  /** Fetch exactly this many rows each time (SQLAlchemy's `yield_per`). */
  readonly yieldPer?: number | undefined;
}

/**
 * Rows streamed from a server-side cursor. The buffer starts at one row and
 * grows five times per refill up to `maxRowBuffer`, as SQLAlchemy's
 * `BufferedRowCursorFetchStrategy` does, so `first()` costs one row while a
 * long iteration soon fetches in large pages; `yieldPer(n)` fixes the size.
 * `fetchmany(n)` fetches what the buffer lacks with one `fetch(n - buffered)`.
 * The cursor is closed when it is exhausted or the result is closed.
 */
export class CursorSource extends RowSource {
  private bufsize: number;
  private maxRowBuffer: number;
  private growth: number;
  private released = false;

  constructor(
    readonly cursor: DriverCursor,
    options: CursorSourceOptions = {},
  ) {
    super();
    this.maxRowBuffer = options.maxRowBuffer ?? 1000;
    this.bufsize = 1;
    this.growth = 5;
    if (options.yieldPer !== undefined) this.setYieldPer(options.yieldPer);
  }

  /** The number of rows the next refill asks for. */
  get bufferSize(): number {
    return this.bufsize;
  }

  override setYieldPer(n: number): void {
    this.growth = 0;
    this.maxRowBuffer = this.bufsize = n;
  }

  override get defaultFetchSize(): number {
    return this.bufsize;
  }

  override *refillOp(): Op<boolean> {
    if (this.exhausted) return false;
    const size = this.bufsize;
    const rows = yield* perform(this.cursor.fetch(size));
    if (rows.length === 0) {
      yield* this.exhaustOp();
      return false;
    }
    this.buf = rows;
    this.pos = 0;
    if (this.growth > 0 && size < this.maxRowBuffer)
      this.bufsize = Math.min(this.maxRowBuffer, size * this.growth);
    return true;
  }

  override *fetchOp(n: number): Op<RawRow[]> {
    const out: RawRow[] = [];
    while (out.length < n && !this.exhausted) {
      const rows = yield* perform(this.cursor.fetch(n - out.length));
      if (rows.length === 0) yield* this.exhaustOp();
      else for (const r of rows) out.push(r);
    }
    return out;
  }

  override *fetchRestOp(): Op<RawRow[]> {
    const out: RawRow[] = [];
    const size = Math.max(this.maxRowBuffer, 1);
    while (!this.exhausted) {
      const rows = yield* perform(this.cursor.fetch(size));
      if (rows.length === 0) yield* this.exhaustOp();
      else for (const r of rows) out.push(r);
    }
    return out;
  }

  private *exhaustOp(): Op<void> {
    this.exhausted = true;
    yield* this.releaseOp();
  }

  override *releaseOp(): Op<void> {
    this.buf = EMPTY;
    this.pos = 0;
    this.exhausted = true;
    if (this.released) return;
    this.released = true;
    yield* perform(this.cursor.close());
  }
}
