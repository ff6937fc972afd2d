/**
 * `ResultMetadata`: the keys, processors and row constructor of a result,
 * computed once per compiled statement (SQLAlchemy's `CursorResultMetaData`).
 *
 * The compiled statement's result columns (a SELECT's columns, or a
 * RETURNING clause) line up with the driver's columns by position; each
 * column whose type has a result processor for the dialect gets it, the
 * others are read as they are. A statement the compiler knows no columns for
 * (`text()` without `.columns()`) is keyed by the driver's column names,
 * without processing.
 */

import { InvalidRequestError } from "../exc.js";
import type { Compiled, ResultColumn } from "../sql/compiler/compiled.js";
import type { ResultProcessor, TypeEngine } from "../sql/types/type-engine.js";
import type { Dialect } from "./dialect.js";
import type { DriverColumn } from "./driver.js";
import {
  type ManyMaker,
  NoSuchColumnError,
  type RawRow,
  type RowColumn,
  type RowMaker,
  RowShape,
} from "./row.js";

/** A column to describe a result with: its key, and the type whose result processor converts it. */
export interface ResultColumnSpec {
  readonly key: string;
  readonly type?: TypeEngine<unknown> | undefined;
}

function isTypeDecorator(type: TypeEngine<unknown>): boolean {
  // Structural (no instanceof across copies of core): a decorator has `impl` and `processResultValue`.
  return (
    "impl" in type && typeof (type as { processResultValue?: unknown }).processResultValue === "function"
  );
}

/**
 * The processor that converts values of `type` read through `dialect`, or
 * `undefined` when values are used as they are: the variant for the dialect
 * if any; a `TypeDecorator`'s own processor (which wraps its implementation's);
 * otherwise the dialect's implementation type's processor.
 */
export function resultProcessorFor(type: TypeEngine<unknown>, dialect: Dialect): ResultProcessor | undefined {
  const variant = type.variants?.get(dialect.name);
  if (variant !== undefined) return resultProcessorFor(variant, dialect);
  if (isTypeDecorator(type)) return type.resultProcessor(dialect);
  return type.dialectImpl(dialect).resultProcessor(dialect);
}

interface CacheEntry {
  readonly signature: string;
  readonly metadata: ResultMetadata;
  /** The driver's column list it was made for: the same list again (a cached statement's) needs no check. */
  columns?: readonly DriverColumn[];
}

const byCompiled = new WeakMap<Compiled, CacheEntry>();
/** Metadata of driver-named columns by their names (an LRU: a `Map` in use order). */
const byNames = new Map<string, ResultMetadata>();
const BY_NAMES_CAPACITY = 256;

/**
 * What a result knows about its columns: keys in order, and how to build a
 * row, a mapping or a scalar from a driver row. Immutable; `slice()` gives
 * the metadata of `result.columns(...)`.
 */
export class ResultMetadata {
  /** The row shape: keys, storage and the generated row constructor. */
  readonly shape: RowShape;

  constructor(columns: readonly RowColumn[]) {
    this.shape = new RowShape(columns);
  }

  /**
   * The metadata for a compiled statement and the columns the driver
   * reported, cached on the compiled statement: an engine's compiled cache
   * hands back the same `Compiled` for equal statements, so processors are
   * looked up and the row constructor generated once per statement.
   */
  static forCompiled(compiled: Compiled, driverColumns: readonly DriverColumn[]): ResultMetadata {
    const hit = byCompiled.get(compiled);
    if (hit !== undefined && hit.columns === driverColumns) return hit.metadata;
    const rc = compiled.resultColumns;
    const positional = rc.length === driverColumns.length && rc.length > 0 && !rc.some((c) => c.name === "*");
    const signature = positional ? `#${rc.length}` : driverColumns.map((c) => c.name).join("\u0000");
    if (hit !== undefined && hit.signature === signature) {
      hit.columns = driverColumns;
      return hit.metadata;
    }
    const metadata = positional
      ? ResultMetadata.fromColumns(rc, compiled.dialect)
      : ResultMetadata.byName(rc, driverColumns, compiled.dialect);
    byCompiled.set(compiled, { signature, metadata, columns: driverColumns });
    return metadata;
  }

  /** Columns described by key and type (the type's result processor for `dialect` applies). */
  static fromColumns(columns: readonly ResultColumnSpec[], dialect: Dialect): ResultMetadata {
    return new ResultMetadata(
      columns.map((c, index) => ({
        key: c.key,
        index,
        processor: c.type === undefined ? undefined : resultProcessorFor(c.type, dialect),
      })),
    );
  }

  /**
   * Columns known only by the driver's names: keyed by name, values as the
   * driver gives them. The metadata of the last few hundred name lists is
   * kept, so the row constructor of a repeated query is generated once.
   */
  static fromDriverColumns(columns: readonly DriverColumn[]): ResultMetadata {
    const signature = columns.map((c) => c.name).join("\u0000");
    let md = byNames.get(signature);
    if (md === undefined) {
      md = new ResultMetadata(columns.map((c, index) => ({ key: c.name, index, processor: undefined })));
      if (byNames.size >= BY_NAMES_CAPACITY) byNames.delete(byNames.keys().next().value as string);
    } else byNames.delete(signature);
    byNames.set(signature, md);
    return md;
  }

  /** Columns given as plain keys, without processing (hand-made results, tests). */
  static fromKeys(keys: readonly string[]): ResultMetadata {
    return new ResultMetadata(keys.map((key, index) => ({ key, index, processor: undefined })));
  }

  /**
   * The driver returned other columns than the compiled statement lists
   * (`SELECT *`, or a textual statement): match by name, exactly and then
   * case-insensitively; columns with no match are keyed by their name and
   * not processed.
   */
  private static byName(
    rc: readonly ResultColumn[],
    driverColumns: readonly DriverColumn[],
    dialect: Dialect,
  ): ResultMetadata {
    const exact = new Map<string, ResultColumn>();
    const lower = new Map<string, ResultColumn>();
    for (const c of rc) {
      if (!exact.has(c.name)) exact.set(c.name, c);
      const l = c.name.toLowerCase();
      if (!lower.has(l)) lower.set(l, c);
    }
    return new ResultMetadata(
      driverColumns.map((dc, index) => {
        const match = exact.get(dc.name) ?? lower.get(dc.name.toLowerCase());
        return match === undefined || match.name === "*"
          ? { key: dc.name, index, processor: undefined }
          : { key: match.key, index, processor: resultProcessorFor(match.type, dialect) };
      }),
    );
  }

  /** The keys in column order. */
  get keys(): readonly string[] {
    return this.shape.keys;
  }

  /**
   * The position of a column, by key or by index (negative from the end).
   * Raises `NoSuchColumnError` for an unknown key or index, and
   * `InvalidRequestError` for a key that names several columns.
   */
  indexOf(keyOrIndex: string | number): number {
    const keys = this.shape.keys;
    if (typeof keyOrIndex === "number") {
      const i = keyOrIndex < 0 ? keys.length + keyOrIndex : keyOrIndex;
      if (!Number.isInteger(i) || i < 0 || i >= keys.length)
        throw new NoSuchColumnError(`Row index ${keyOrIndex} out of range for ${keys.length} columns`);
      return i;
    }
    if (this.shape.ambiguous.has(keyOrIndex))
      throw new InvalidRequestError(
        `Ambiguous column name '${keyOrIndex}' in result set column descriptions`,
      );
    const i = keys.indexOf(keyOrIndex);
    if (i < 0) throw new NoSuchColumnError(`Could not locate column in row for column '${keyOrIndex}'`);
    return i;
  }

  /** The metadata of a subset of the columns, in the order given (`result.columns(...)`). */
  slice(keysOrIndexes: readonly (string | number)[]): ResultMetadata {
    const columns = this.shape.columns;
    return new ResultMetadata(keysOrIndexes.map((k) => columns[this.indexOf(k)] as RowColumn));
  }

  /** Builds a `Row` from a driver row. */
  get rowMaker(): RowMaker<object> {
    return this.shape.makeRow;
  }

  /** Builds the `Row`s of many driver rows. */
  get rowsMaker(): ManyMaker<object> {
    return this.shape.makeRows;
  }

  /** Builds a plain object keyed by column from a driver row. */
  get mappingMaker(): RowMaker<Record<string, unknown>> {
    return this.shape.makeMapping;
  }

  /** Builds the plain objects of many driver rows. */
  get mappingsMaker(): ManyMaker<Record<string, unknown>> {
    return this.shape.makeMappings;
  }

  /** Builds the array of processed values of a driver row. */
  get valuesMaker(): RowMaker<unknown[]> {
    return this.shape.makeValues;
  }

  /** Builds the value arrays of many driver rows. */
  get valuesManyMaker(): ManyMaker<unknown[]> {
    return this.shape.makeValuesMany;
  }

  /** Reads the (processed) value of one column from a driver row. */
  scalarMaker(position: number): RowMaker<unknown> {
    const c = this.shape.columns[position] as RowColumn;
    const index = c.index;
    const p = c.processor;
    return p === undefined ? (r: RawRow) => r[index] : (r: RawRow) => p(r[index]);
  }
}
