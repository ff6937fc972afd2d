/**
 * Loading: building objects from rows through the identity map, and the
 * by-primary-key SELECTs behind `get()`, `refresh()` and expired attributes.
 */
import {
  and_,
  type ColumnElement,
  type Connection,
  InvalidRequestError,
  type Op,
  type Select,
} from "@athanor/core";
import { expressionOf } from "./column-properties.js";
import { defaultLoadKeys } from "./deferred-loading.js";
import type { IdentityMap } from "./identity-map.js";
import {
  byPrimaryKeySelect,
  ownColumnValues,
  polymorphicMapperFor,
  unloadedColumnKeys,
} from "./inheritance.js";
import { type IdentityKey, identityKey, type StateOwner, stateOf } from "./instance-state.js";
import type { Mapper } from "./mapper.js";
import { entityMapper } from "./orm-compile.js";

/** What loading needs from the session. @internal */
export interface LoadContext {
  readonly identityMap: IdentityMap;
  readonly owner: StateOwner;
}

/** Whether a select names a mapped class among its columns (so its rows become objects). @internal */
export function isEntitySelect(stmt: unknown): stmt is Select<any> {
  const args = (stmt as { rawArgs?: readonly unknown[] }).rawArgs;
  return Array.isArray(args) && args.some((a) => entityMapper(a) !== undefined);
}

/**
 * Builds the object for one entity's slice of a row: the identity map's
 * object when present (filling expired attributes, keeping changes), else a
 * new persistent object. Returns `null` when the primary key is all NULL.
 * @internal
 */
export function instanceFromValues(
  ctx: LoadContext,
  mapper: Mapper<any>,
  values: Record<string, unknown>,
  overwrite = false,
  knownKey?: IdentityKey,
): object | null {
  let key = knownKey;
  if (key === undefined) {
    const pk = mapper.primaryKeyFrom(values);
    if (pk === undefined) return null;
    key = identityKey(mapper, pk);
  }
  const existing = ctx.identityMap.get(key);
  if (existing !== undefined) {
    const fill: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ownColumnValues(existing.mapper, values)))
      if (overwrite || !(k in existing.dict) || existing.expiredAttributes.has(k)) fill[k] = v;
    existing.loadValues(fill, overwrite);
    return existing.obj;
  }
  // The discriminator may name a subclass; its attributes the row lacks load on access.
  const actual = polymorphicMapperFor(mapper, values);
  const obj = Object.create(actual.mappedClass.prototype) as object;
  const state = stateOf(obj, actual);
  state.loadValues(ownColumnValues(actual, values), true);
  for (const k of unloadedColumnKeys(actual, values)) state.markExpired(k);
  state.key = key;
  state.session = ctx.owner;
  ctx.identityMap.add(state);
  return obj;
}

/** `WHERE pk1 = ? AND pk2 = ?` for a mapper and primary key values. @internal */
export function pkCriterion(mapper: Mapper<any>, pk: readonly unknown[]): ColumnElement<boolean> {
  const parts = mapper.primaryKeyAttrs.map((k, i) =>
    (mapper.columns.get(k) as ColumnElement<any>).eq(pk[i] as never),
  );
  return parts.length === 1
    ? (parts[0] as ColumnElement<boolean>)
    : (and_(...parts) as ColumnElement<boolean>);
}

/**
 * Operation: selects the given attributes (plus the primary key) of one row
 * by primary key; `undefined` when the row is gone. @internal
 */
export function* selectByPkOp(
  conn: Connection,
  mapper: Mapper<any>,
  pk: readonly unknown[],
  keys?: readonly string[],
): Op<Record<string, unknown> | undefined> {
  const wanted = new Set(keys ?? defaultLoadKeys(mapper));
  for (const k of mapper.primaryKeyAttrs) wanted.add(k);
  // `columnProperty()` expressions follow the table's columns.
  const expressions = [...mapper.expressionProps.values()].filter(
    (e) => wanted.has(e.key) && e.prop.propertyKind === "columnProperty",
  );
  for (const e of expressions) wanted.delete(e.key);
  const built = byPrimaryKeySelect(mapper, wanted, pk);
  const ordered = [...built.ordered, ...expressions.map((e) => e.key)];
  const stmt =
    expressions.length === 0 ? built.stmt : built.stmt.addColumns(...expressions.map(expressionOf));
  const result = yield* conn.executeOp(stmt);
  const rows = yield* result.allOp();
  if (rows.length === 0) return undefined;
  if (rows.length > 1)
    throw new InvalidRequestError(
      `more than one row of ${mapper.className} has the primary key ${JSON.stringify(pk)}`,
    );
  const values = (rows[0] as unknown as { _t: unknown[] })._t;
  const out: Record<string, unknown> = {};
  ordered.forEach((k, i) => {
    out[k] = values[i];
  });
  return out;
}
