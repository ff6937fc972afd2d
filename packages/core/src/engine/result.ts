/**
 * `Result`: the rows of an executed statement, with SQLAlchemy 2.0's API
 * (`all`, `first`, `one`, `oneOrNone`, `scalar`, `scalars`, `mappings`,
 * `columns`, `unique`, `partitions`, `yieldPer`, iteration).
 *
 * One implementation, two runners: every method that may fetch rows is
 * written once as an operation (`allOp`, `fetchmanyOp`, `nextOp`, ...),
 * because the rows may come from a server-side cursor whose fetches are
 * driver calls. The methods without the `Op` suffix run those operations
 * with `runSync`; `@athanor/asyncio-compat`'s `AsyncResult` runs the same
 * operations with its async runner. Rows are built as they are fetched, by
 * the per-statement row constructor of `ResultMetadata`.
 *
 * `Result` gives rows, `ScalarResult` one column's values, `MappingResult`
 * plain objects; `scalars()`, `mappings()`, `columns()` and `unique()` return
 * new views over the same rows, so reading from one advances the others.
 */
import { InvalidRequestError, ResourceClosedError } from "../exc.js";
import type { Compiled } from "../sql/compiler/compiled.js";
import type { DriverCursor, DriverResult } from "./driver.js";
import { type Op, runSync } from "./effects.js";
import { ResultBase, ResultCore, type ResultInfo } from "./result-base.js";
import { ResultMetadata } from "./result-metadata.js";

import { BufferedSource, CursorSource, type CursorSourceOptions, type RowSource } from "./result-source.js";
import { UniqueFilter, type UniqueStrategy } from "./result-unique.js";
import {
  type AnyRow,
  type ManyMaker,
  type RawRow,
  type Row,
  type RowMaker,
  type RowValue,
  rowAt,
  rowValues,
} from "./row.js";

export type { ResultInfo } from "./result-base.js";

/**
 * Rows of a statement. `R` is the row type computed by `select()` (`Select<R>`):
 * each row is a `Row<R>`, `R`'s keys as properties plus the `_`-methods.
 */
export class Result<R = AnyRow> extends ResultBase<Row<R>> {
  /** Rows matched/affected by an UPDATE or DELETE (or inserted); -1 when unknown. */
  readonly rowcount: number;
  /** The driver's id of the last inserted row, where it reports one (SQLite, MySQL). */
  readonly lastrowid: number | bigint | undefined;
  /** Whether the statement was an `insert()` construct (set by the engine, or by setting `insertedPrimaryKey`). */
  isInsert: boolean;
  private pkRows: readonly (readonly unknown[])[] | undefined;

  /**
   * A result over a row source (`BufferedSource`, `CursorSource`, or one of
   * your own), or without rows when `metadata` / `source` is undefined.
   * The engine uses {@link Result.fromDriverResult} / {@link Result.fromCursor}.
   */
  constructor(
    metadata: ResultMetadata | undefined,
    source: RowSource | undefined,
    info: ResultInfo = {},
    /** @internal views share the state of their result */
    core?: ResultCore,
    /** @internal */
    uniqueFilter?: UniqueFilter<Row<R>>,
  ) {
    const c = core ?? new ResultCore(metadata === undefined ? undefined : source, metadata);
    const md = metadata ?? c.metadata;
    super(
      c,
      md === undefined ? noRows : (md.rowMaker as RowMaker<Row<R>>),
      uniqueFilter,
      md === undefined ? noRows : (md.rowsMaker as ManyMaker<Row<R>>),
    );
    this.md = md;
    this.rowcount = info.rowcount ?? -1;
    this.lastrowid = info.lastrowid;
    this.isInsert = info.isInsert ?? false;
  }

  private readonly md: ResultMetadata | undefined;

  /**
   * The result of a `DriverResult` (all rows in memory). `compiled` gives the
   * keys and result processors (its `resultColumns`); without it, or when it
   * lists no columns, rows are keyed by the driver's column names and not
   * processed. A result whose `columns` are `undefined` returns no rows.
   */
  static fromDriverResult<R = AnyRow>(
    driverResult: DriverResult,
    compiled?: Compiled | undefined,
    info: Omit<ResultInfo, "rowcount" | "lastrowid"> = {},
  ): Result<R> {
    const columns = driverResult.columns;
    const md = columns === undefined ? undefined : metadataFor(compiled, columns);
    return new Result<R>(md, md === undefined ? undefined : new BufferedSource(driverResult.rows), {
      ...info,
      rowcount: driverResult.rowcount,
      lastrowid: driverResult.lastrowid,
    });
  }

  /**
   * The result of a server-side cursor (`DriverConnection.stream`): rows
   * are fetched as they are read (see `CursorSource` for the buffer sizes)
   * and the cursor is closed when exhausted or when the result is closed.
   */
  static fromCursor<R = AnyRow>(
    cursor: DriverCursor,
    compiled?: Compiled | undefined,
    options: CursorSourceOptions & ResultInfo = {},
  ): Result<R> {
    return new Result<R>(metadataFor(compiled, cursor.columns), new CursorSource(cursor, options), options);
  }

  protected override defaultUniqueKey(row: Row<R>): unknown {
    return rowValues(row);
  }
  protected override get uniqueKeyIsTuple(): boolean {
    return true;
  }

  /** Whether the statement returns rows (a SELECT, or DML with RETURNING). */
  get returnsRows(): boolean {
    return this.core.source !== undefined;
  }

  /** The keys of the rows, in column order. */
  keys(): string[] {
    return this.rowMetadata().keys.slice();
  }

  /** This view's metadata, or the no-rows error. */
  private rowMetadata(): ResultMetadata {
    return this.md ?? this.core.rowMetadata();
  }

  // ---- operations (for runners) --------------------------------------------------

  /** Operation: the next row, or `null` when there are no more. */
  *fetchoneOp(): Op<Row<R> | null> {
    const step = yield* this.nextOp();
    return step.done === true ? null : step.value;
  }

  /** Operation: the first column of the first row, or `null` without rows; the result is closed. */
  *scalarOp(): Op<RowValue<R> | null> {
    const row = yield* this.firstOp();
    return row === null ? null : (rowAt(row, 0) as RowValue<R>);
  }

  /** Operation: the first column of exactly one row; the result is closed. */
  *scalarOneOp(): Op<RowValue<R>> {
    return rowAt((yield* this.onlyOneOp(true)) as Row<R>, 0) as RowValue<R>;
  }

  /** Operation: the first column of one row, or `null` without rows; the result is closed. */
  *scalarOneOrNoneOp(): Op<RowValue<R> | null> {
    const row = yield* this.onlyOneOp(false);
    return row === null ? null : (rowAt(row, 0) as RowValue<R>);
  }

  /** Operation: see {@link freeze}. */
  *freezeOp(): Op<FrozenResult<R>> {
    const md = this.rowMetadata();
    const src = this.core.open();
    let raws: readonly RawRow[] = src.takeAllBuffered();
    if (!src.exhausted) raws = raws.concat(yield* src.fetchRestOp());
    if (this.uniqueFilter !== undefined) {
      const make = this.make;
      raws = raws.filter((raw) => this.isNew(make(raw)));
    }
    return new FrozenResult<R>(md, raws, {
      rowcount: this.rowcount,
      lastrowid: this.lastrowid,
      isInsert: this.isInsert,
    });
  }

  // ---- the sync API ----------------------------------------------------------------

  /** The next row, or `null` when there are no more. */
  fetchone(): Row<R> | null {
    return runSync(this.fetchoneOp());
  }

  /** The first column of the first row, or `null` when there are no rows; closes the result. */
  scalar(): RowValue<R> | null {
    return runSync(this.scalarOp());
  }

  /** The first column of exactly one row; raises `NoResultFound` / `MultipleResultsFound`. Closes the result. */
  scalarOne(): RowValue<R> {
    return runSync(this.scalarOneOp());
  }

  /** The first column of one row, or `null` without rows; raises `MultipleResultsFound`. Closes the result. */
  scalarOneOrNone(): RowValue<R> | null {
    return runSync(this.scalarOneOrNoneOp());
  }

  /**
   * Reads the remaining rows into a `FrozenResult`, which makes any number of
   * new results over them (SQLAlchemy's `freeze()`, used for caching).
   */
  freeze(): FrozenResult<R> {
    return runSync(this.freezeOp());
  }

  // ---- views -------------------------------------------------------------------------

  /**
   * The values of one column, by key or position; the first column by
   * default. Typed by key; by position, or for the first column, the type is
   * the union of `R`'s value types (exact when `R` has one column).
   */
  scalars(): ScalarResult<RowValue<R>>;
  scalars<K extends keyof R & string>(key: K): ScalarResult<R[K]>;
  scalars(index: number): ScalarResult<RowValue<R>>;
  scalars(keyOrIndex: string | number = 0): ScalarResult<any> {
    const md = this.rowMetadata();
    return new ScalarResult(
      this.core,
      md.scalarMaker(md.indexOf(keyOrIndex)),
      this.uniqueFilter as UniqueFilter,
    );
  }

  /** The rows as plain objects keyed by column (SQLAlchemy's `mappings()`, with objects for `RowMapping`s). */
  mappings(): MappingResult<R> {
    return new MappingResult<R>(this.core, this.rowMetadata(), this.uniqueFilter as UniqueFilter | undefined);
  }

  /**
   * The rows as arrays of their processed values in column order, without
   * building `Row` objects: for layers that read rows by position (the ORM
   * builds its objects from these). The arrays may be the driver's own,
   * converted in place: read each row once, through one view.
   * @internal
   */
  valueArrays(): ValueArrayResult {
    const md = this.rowMetadata();
    return new ValueArrayResult(this.core, md.valuesMaker, md.valuesManyMaker);
  }

  /** A result of some of the columns, by key or position (negative from the end), in the order given. */
  columns<K extends keyof R & string>(...keys: K[]): Result<Pick<R, K>>;
  columns(...keysOrIndexes: (string | number)[]): Result<AnyRow>;
  columns(...keysOrIndexes: (string | number)[]): Result<any> {
    const md = this.rowMetadata().slice(keysOrIndexes);
    return new Result<AnyRow>(
      md,
      undefined,
      this,
      this.core,
      this.uniqueFilter as UniqueFilter<Row> | undefined,
    );
  }

  /**
   * A result that skips rows equal to one already returned: by value, or by
   * what `strategy` returns for each row (an array is compared element-wise).
   * See `UniqueFilter` for how values compare.
   */
  unique(strategy?: UniqueStrategy<Row<R>>): Result<R> {
    return new Result<R>(this.md, undefined, this, this.core, new UniqueFilter(strategy));
  }

  // ---- INSERT results ----------------------------------------------------------------

  /**
   * The primary key of the row a single-row INSERT made, as values in the
   * table's primary key column order (SQLAlchemy's `inserted_primary_key`,
   * a tuple there). Set by the engine. Raises for a statement that is not
   * an `insert()`, and for an executemany (see `insertedPrimaryKeyRows`).
   */
  get insertedPrimaryKey(): readonly unknown[] {
    if (!this.isInsert) throw new InvalidRequestError("Statement is not an insert() expression construct.");
    const rows = this.pkRows ?? [];
    if (rows.length > 1)
      throw new InvalidRequestError(
        "This statement was an executemany call; if primary key returning is supported, please use .insertedPrimaryKeyRows.",
      );
    return rows[0] ?? [];
  }
  set insertedPrimaryKey(values: readonly unknown[]) {
    this.isInsert = true;
    this.pkRows = [values];
  }

  /** The primary keys of every inserted row (several for an executemany). Set by the engine. */
  get insertedPrimaryKeyRows(): readonly (readonly unknown[])[] {
    if (!this.isInsert) throw new InvalidRequestError("Statement is not an insert() expression construct.");
    return this.pkRows ?? [];
  }
  set insertedPrimaryKeyRows(rows: readonly (readonly unknown[])[]) {
    this.isInsert = true;
    this.pkRows = rows;
  }
}

function noRows(): never {
  throw new ResourceClosedError("This result object does not return rows. It has been closed automatically.");
}

function metadataFor(
  compiled: Compiled | undefined,
  columns: DriverResult["columns"] & object,
): ResultMetadata {
  return compiled !== undefined
    ? ResultMetadata.forCompiled(compiled, columns)
    : ResultMetadata.fromDriverColumns(columns);
}

/** The values of one column of a result (SQLAlchemy's `ScalarResult`). */
export class ScalarResult<T> extends ResultBase<T> {
  /** @internal use `result.scalars()` */
  constructor(core: ResultCore, make: RowMaker<T>, uniqueFilter: UniqueFilter | undefined) {
    super(core, make, uniqueFilter as UniqueFilter<T> | undefined);
  }
  protected override defaultUniqueKey(value: T): unknown {
    return value;
  }
  protected override get uniqueKeyIsTuple(): boolean {
    return false;
  }
  /** A view that skips values equal to one already returned (or whose `strategy` value was seen). */
  unique(strategy?: UniqueStrategy<T>): ScalarResult<T> {
    return new ScalarResult<T>(this.core, this.make, new UniqueFilter(strategy) as UniqueFilter);
  }
}

/** Rows as arrays of values (`result.valueArrays()`). @internal */
export class ValueArrayResult extends ResultBase<unknown[]> {
  /** @internal use `result.valueArrays()` */
  constructor(core: ResultCore, make: RowMaker<unknown[]>, makeMany: ManyMaker<unknown[]>) {
    super(core, make, undefined, makeMany);
  }
  protected override defaultUniqueKey(values: unknown[]): unknown {
    return values;
  }
  protected override get uniqueKeyIsTuple(): boolean {
    return true;
  }
}

/** Rows as plain objects keyed by column (SQLAlchemy's `MappingResult`). */
export class MappingResult<R = AnyRow> extends ResultBase<R> {
  /** @internal use `result.mappings()` */
  constructor(
    core: ResultCore,
    private readonly md: ResultMetadata,
    uniqueFilter: UniqueFilter | undefined,
  ) {
    super(
      core,
      md.mappingMaker as unknown as RowMaker<R>,
      uniqueFilter as UniqueFilter<R> | undefined,
      md.mappingsMaker as unknown as ManyMaker<R>,
    );
  }
  protected override defaultUniqueKey(m: R): unknown {
    return Object.values(m as object);
  }
  protected override get uniqueKeyIsTuple(): boolean {
    return true;
  }
  /** The keys, in column order. */
  keys(): string[] {
    return this.md.keys.slice();
  }
  /** Operation: the next mapping, or `null`. */
  *fetchoneOp(): Op<R | null> {
    const step = yield* this.nextOp();
    return step.done === true ? null : step.value;
  }
  /** The next mapping, or `null` when there are no more. */
  fetchone(): R | null {
    return runSync(this.fetchoneOp());
  }
  /** A view of some of the columns, by key or position, in the order given. */
  columns<K extends keyof R & string>(...keys: K[]): MappingResult<Pick<R, K>>;
  columns(...keysOrIndexes: (string | number)[]): MappingResult<AnyRow>;
  columns(...keysOrIndexes: (string | number)[]): MappingResult<any> {
    return new MappingResult<AnyRow>(
      this.core,
      this.md.slice(keysOrIndexes),
      this.uniqueFilter as UniqueFilter | undefined,
    );
  }
  /** A view that skips mappings equal to one already returned (or whose `strategy` value was seen). */
  unique(strategy?: UniqueStrategy<R>): MappingResult<R> {
    return new MappingResult<R>(this.core, this.md, new UniqueFilter(strategy) as UniqueFilter);
  }
}

/**
 * The rows of a result kept in memory, from `result.freeze()`: each call of
 * `result()` gives a new `Result` over them (SQLAlchemy's `FrozenResult`).
 * The driver's values are kept and processed again for each new result, so
 * results never share converted objects (a `Date`, a parsed JSON value).
 */
export class FrozenResult<R = AnyRow> {
  constructor(
    readonly metadata: ResultMetadata,
    /** The driver rows. */
    readonly rows: readonly RawRow[],
    readonly info: ResultInfo = {},
  ) {}

  /** A new result over the frozen rows. */
  result(): Result<R> {
    // Copies: a result may convert its rows in place (`valueArrays()`), and the frozen ones are reused.
    const rows = this.rows.map((r) => r.slice());
    return new Result<R>(this.metadata, new BufferedSource(rows), this.info);
  }
}
