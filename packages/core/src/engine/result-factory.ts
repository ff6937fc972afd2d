/**
 * How the engine makes a `Result` from what the driver returned: one call
 * for both a `DriverResult` (rows in memory) and a `DriverCursor` (streamed).
 */
import type { Compiled, ResultColumn } from "../sql/compiler/compiled.js";
import type { Dialect } from "./dialect.js";
import type { DriverColumn, DriverCursor, DriverResult } from "./driver.js";
import { Result } from "./result.js";
import { ResultMetadata } from "./result-metadata.js";
import { BufferedSource, CursorSource } from "./result-source.js";
import type { AnyRow } from "./row.js";

export { MappingResult, Result, ScalarResult } from "./result.js";

/** What `createResult` needs. Give exactly one of `driverResult` and `cursor`. */
export interface CreateResultOptions {
  /** The compiled statement: its `resultColumns` give keys and types, and the metadata is cached on it. */
  readonly compiled?: Compiled | undefined;
  /**
   * The result columns, when they differ from `compiled.resultColumns`
   * (otherwise leave out). Processed with `dialect` (or `compiled.dialect`).
   */
  readonly resultColumns?: readonly ResultColumn[] | undefined;
  /** The dialect whose types' result processors apply; default `compiled.dialect`, else `engine.dialect`. */
  readonly dialect?: Dialect | undefined;
  /** The engine (only its `dialect` is read). */
  readonly engine?: { readonly dialect: Dialect } | undefined;
  /** The rows of a statement executed at once. */
  readonly driverResult?: DriverResult | undefined;
  /** A server-side cursor, for a streamed result. */
  readonly cursor?: DriverCursor | undefined;
  /** Rows per fetch from a cursor, and the default `fetchmany()` / `partitions()` size (execution option `yieldPer`). */
  readonly yieldPer?: number | undefined;
  /** The largest fetch while a cursor's buffer grows (execution option `maxRowBuffer`). Default 1000. */
  readonly maxRowBuffer?: number | undefined;
  /** The statement is an `insert()` construct (enables `insertedPrimaryKey`). */
  readonly isInsert?: boolean | undefined;
}

/**
 * Makes the `Result` of an execution. Keys and processors come from the
 * compiled statement's result columns (matched with the driver's columns by
 * position, or by name for `SELECT *`); without result columns (`text()`
 * without `.columns()`), rows are keyed by the driver's column names, values
 * unprocessed. A `DriverResult` whose `columns` is `undefined` gives a result
 * without rows (`rowcount`, `lastrowid` and `insertedPrimaryKey` still work).
 *
 * @example
 * ```ts
 * const dr = yield* perform(driver.execute(sql, params, { returnsRows: true }));
 * const result = createResult({ compiled, driverResult: dr, yieldPer: opts.yieldPer });
 * ```
 */
export function createResult<R = any>(options: CreateResultOptions): Result<R> {
  const { driverResult, cursor } = options;
  if (cursor !== undefined) {
    const md = metadataOf(options, cursor.columns);
    const source = new CursorSource(cursor, {
      maxRowBuffer: options.maxRowBuffer,
      yieldPer: options.yieldPer,
    });
    return new Result<R>(md, source, { isInsert: options.isInsert });
  }
  if (driverResult === undefined) throw new TypeError("createResult: give a driverResult or a cursor");
  const columns = driverResult.columns;
  const md = columns === undefined ? undefined : metadataOf(options, columns);
  const source = md === undefined ? undefined : new BufferedSource(driverResult.rows);
  if (source !== undefined && options.yieldPer !== undefined) source.setYieldPer(options.yieldPer);
  return new Result<R>(md, source, {
    rowcount: driverResult.rowcount,
    lastrowid: driverResult.lastrowid,
    isInsert: options.isInsert,
  });
}

function metadataOf(options: CreateResultOptions, columns: readonly DriverColumn[]): ResultMetadata {
  const { compiled, resultColumns } = options;
  if (compiled !== undefined && (resultColumns === undefined || resultColumns === compiled.resultColumns)) {
    return ResultMetadata.forCompiled(compiled, columns);
  }
  const dialect = options.dialect ?? compiled?.dialect ?? options.engine?.dialect;
  if (resultColumns !== undefined && resultColumns.length === columns.length && dialect !== undefined)
    return ResultMetadata.fromColumns(resultColumns, dialect);
  return ResultMetadata.fromDriverColumns(columns);
}

/** A result over rows given as arrays, keyed by `keys`, values unprocessed (tests, results made by hand). */
export function resultFromRows<R = AnyRow>(
  keys: readonly string[],
  rows: readonly (readonly unknown[])[],
): Result<R> {
  return new Result<R>(ResultMetadata.fromKeys(keys), new BufferedSource(rows));
}
