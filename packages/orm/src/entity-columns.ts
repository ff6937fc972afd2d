/**
 * The columns a mapped class (or an alias of one) loads when it is selected:
 * its selectable's columns that the mapper maps, with their attribute keys.
 * `select(User)` renders them and the row loader reads rows in that order.
 */
import type { ColumnElement } from "@athanor/core";
import type { Mapper } from "./mapper.js";

/** The selected columns of an entity and the attribute key of each. */
export interface EntityColumns {
  readonly columns: ColumnElement<any>[];
  readonly keys: string[];
}

const cache = new WeakMap<Mapper<any>, { size: number; value: EntityColumns }>();

/**
 * The columns `select(mapperClass)` loads, in the order of its selectable:
 * the table's columns, only the class's own for a single-table subclass, both
 * tables' for a joined subclass. @internal
 */
export function entityColumns(mapper: Mapper<any>): EntityColumns {
  const from = mapper.selectable.columns;
  const hit = cache.get(mapper);
  // Single-table subclasses add columns to a table after its mapper was made.
  if (hit !== undefined && hit.size === from.length) return hit.value;
  const keyOf = new Map<unknown, string>();
  for (const t of mapper.persistTables) for (const [k, c] of t.columns) keyOf.set(c, k);
  for (const [k, c] of mapper.columns) keyOf.set(c, k);
  const columns: ColumnElement<any>[] = [];
  const keys: string[] = [];
  for (const col of from) {
    const key = keyOf.get(col);
    if (key === undefined) continue;
    columns.push(col as ColumnElement<any>);
    keys.push(key);
  }
  const value = { columns, keys };
  cache.set(mapper, { size: from.length, value });
  return value;
}

/**
 * The attribute keys of the columns an entity argument of a select loads:
 * its own list for a `withPolymorphic()` entity, else its mapper's. @internal
 */
export function entityKeysOf(arg: unknown, mapper: Mapper<any>): string[] {
  const own = (arg as { __entityKeys__?: () => string[] }).__entityKeys__;
  return typeof own === "function" ? own() : entityColumns(mapper).keys;
}

/**
 * What an entity argument of a select renders (core's `select()` expands it
 * through `__selectColumns__`): its columns and their attribute keys, in
 * order. A mapped class's own, an `aliased()` class's alias columns, a
 * `withPolymorphic()` entity's base and subclass columns. The ORM compile
 * step reads rows by these, so both agree on what a row holds. @internal
 */
export function selectedEntityColumns(arg: unknown, mapper: Mapper<any>): EntityColumns {
  const own = (arg as { __selectColumns__?: () => ColumnElement<any>[] }).__selectColumns__;
  const columns = typeof own === "function" ? own.call(arg) : entityColumns(mapper).columns;
  return { columns, keys: entityKeysOf(arg, mapper) };
}
