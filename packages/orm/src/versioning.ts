/**
 * Optimistic versioning (SQLAlchemy's `version_id_col`): a column whose value
 * the flush sets on INSERT and changes on every UPDATE, and which UPDATE and
 * DELETE statements match in their WHERE clause. A row changed or deleted by
 * someone else since it was loaded then matches no row, and the flush raises
 * `StaleDataError` instead of overwriting that change.
 */
import { ArgumentError, type ColumnElement, type Connection, type Op } from "@athanor/core";
import type { InstanceState } from "./instance-state.js";
import { selectByPkOp } from "./loading.js";
import type { MappedColumn } from "./mapped-column.js";
import type { AttrValue, Props } from "./mapping.types.js";

/** Computes the next version from the current one (`null` for a new row). */
export type VersionIdGenerator<V> = (current: V | null) => V;

/**
 * The versioning options of `Base.mapped(tableName, props, options)`:
 * `versionIdCol` names the version column attribute; `versionIdGenerator`
 * computes versions (by default an integer counter starting at 1), or is
 * `false` when the database sets the version itself (a trigger, or a system
 * column such as PostgreSQL's `xmin`), in which case the flush fetches it
 * back after each INSERT and UPDATE.
 */
export interface VersionIdOptions<P extends Props, V extends keyof P & string> {
  /** The attribute key of the version column. */
  versionIdCol?: V;
  /** Computes the next version; `false` when the database sets it. Default: 1, 2, 3... */
  versionIdGenerator?: VersionIdGenerator<AttrValue<P[V]>> | false;
}

/** The props with the version column optional in the constructor (the flush sets it). */
export type WithVersionIdOptional<P extends Props, V> = [V] extends [never]
  ? P
  : { readonly [Key in keyof P]: Key extends V ? OptionalColumn<P[Key]> : P[Key] };

type OptionalColumn<C> = C extends MappedColumn<infer T, boolean> ? MappedColumn<T, true> : C;

/** A mapper's resolved versioning. @internal */
export interface MapperVersioning {
  /** The version column's attribute key. */
  readonly key: string;
  readonly column: ColumnElement<any>;
  /** The next-version function, or `false` for a version the database sets. */
  readonly generator: VersionIdGenerator<unknown> | false;
}

/** The integer counter SQLAlchemy uses by default: 1, 2, 3... */
export const defaultVersionIdGenerator: VersionIdGenerator<number> = (current) =>
  current === null ? 1 : Number(current) + 1;

/** Validates the versioning options of a mapper. @internal */
export function resolveVersioning(
  className: string,
  columns: ReadonlyMap<string, ColumnElement<any>>,
  options: { versionIdCol?: unknown; versionIdGenerator?: unknown },
): MapperVersioning | undefined {
  const { versionIdCol, versionIdGenerator } = options;
  if (versionIdCol === undefined) {
    if (versionIdGenerator !== undefined)
      throw new ArgumentError(`${className}: versionIdGenerator needs versionIdCol`);
    return undefined;
  }
  if (typeof versionIdCol !== "string" || !columns.has(versionIdCol))
    throw new ArgumentError(
      `${className}: versionIdCol '${String(versionIdCol)}' is not a column attribute of the class`,
    );
  if (
    versionIdGenerator !== undefined &&
    versionIdGenerator !== false &&
    typeof versionIdGenerator !== "function"
  )
    throw new ArgumentError(`${className}: versionIdGenerator must be a function or false`);
  return {
    key: versionIdCol,
    column: columns.get(versionIdCol) as ColumnElement<any>,
    generator: (versionIdGenerator ?? defaultVersionIdGenerator) as VersionIdGenerator<unknown> | false,
  };
}

/**
 * The version a row has in the database now, as this object last saw it:
 * the loaded value (before any change by the application), loaded first when
 * it is expired.
 */
export function* committedVersionOp(
  conn: Connection,
  state: InstanceState,
  v: MapperVersioning,
): Op<unknown> {
  const h = state.history(v.key);
  if (h.deleted.length > 0) return h.deleted[0];
  if (v.key in state.dict && h.added.length === 0) return state.dict[v.key];
  if (state.key === undefined) return null;
  const values = yield* selectByPkOp(conn, state.mapper, state.key.pk, [v.key]);
  if (values === undefined) return null;
  // Not recorded on the object yet: the flush applies the new version when every statement succeeded.
  return values[v.key];
}

/** Whether the application assigned the version attribute itself (it is then written as given). */
export function versionSetByUser(state: InstanceState, v: MapperVersioning): boolean {
  return state.history(v.key).added.length > 0;
}
