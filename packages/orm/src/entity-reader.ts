/**
 * Reading one entity's slice of a row, worked out once per compiled entity
 * plan instead of once per row: where its primary key sits in the row, and
 * whether a new object can be filled straight from the row (no
 * discriminator to look at, every column the mapper's own). Loading many
 * rows is dominated by what each row allocates, so the common case — a
 * row whose object is not in the identity map yet — builds the object
 * without the intermediate records the general path needs.
 */
import type { IdentityMap } from "./identity-map.js";
import {
  type IdentityKey,
  identityKey,
  identityKeyOfValue,
  type StateOwner,
  stateOf,
} from "./instance-state.js";
import type { Mapper } from "./mapper.js";

/** The per-plan reading instructions of an entity. @internal */
export interface EntityReader {
  /** Row positions of the primary key attributes; `undefined` when the row lacks one of them. */
  readonly pkPos: readonly number[] | undefined;
  /** Whether a new object is filled straight from the row (see {@link newObjectFromRow}). */
  readonly direct: boolean;
  /** Loaded attribute keys, and their positions in the row (same order). */
  readonly keys: readonly string[];
  readonly positions: readonly number[];
  /** Column attributes neither loaded nor deferred: expired on a new object, to load on access. */
  readonly unloaded: readonly string[];
}

/** The reader of an entity plan's columns. @internal */
export function entityReader(
  mapper: Mapper<any>,
  cols: readonly { readonly key: string; readonly pos: number }[],
  deferred: readonly string[],
): EntityReader {
  const posByKey = new Map(cols.map((c) => [c.key, c.pos]));
  const pkPos = mapper.primaryKeyAttrs.map((k) => posByKey.get(k));
  const own = (k: string) => mapper.columns.has(k) || mapper.expressionProps.has(k);
  const skipped = new Set(deferred);
  return {
    pkPos: pkPos.every((p) => p !== undefined) ? (pkPos as number[]) : undefined,
    direct: mapper.polymorphic?.on === undefined && cols.every((c) => own(c.key)),
    keys: cols.map((c) => c.key),
    positions: cols.map((c) => c.pos),
    unloaded: [...mapper.columns.keys()].filter((k) => !posByKey.has(k) && !skipped.has(k)),
  };
}

/**
 * The identity key of a row, for a reader whose row has the whole primary
 * key; `undefined` when a key value is NULL (an outer join's missing side).
 * @internal
 */
export function identityKeyOfRow(
  mapper: Mapper<any>,
  reader: EntityReader,
  raw: readonly unknown[],
): IdentityKey | undefined {
  const pkPos = reader.pkPos as readonly number[];
  if (pkPos.length === 1) {
    const v = raw[pkPos[0] as number];
    return v === null || v === undefined ? undefined : identityKeyOfValue(mapper, v);
  }
  const pk = new Array<unknown>(pkPos.length);
  for (let i = 0; i < pkPos.length; i++) {
    const v = raw[pkPos[i] as number];
    if (v === null || v === undefined) return undefined;
    pk[i] = v;
  }
  return identityKey(mapper, pk);
}

/**
 * A new persistent object for a row whose identity is not in the map yet,
 * for a `direct` reader: its values straight from the row, the attributes
 * the row lacks expired, added to the identity map. @internal
 */
export function newObjectFromRow(
  identityMap: IdentityMap,
  owner: StateOwner,
  mapper: Mapper<any>,
  reader: EntityReader,
  raw: readonly unknown[],
  key: IdentityKey,
): object {
  const obj = Object.create(mapper.mappedClass.prototype) as object;
  const state = stateOf(obj, mapper);
  const dict = state.dict;
  const { keys, positions, unloaded } = reader;
  for (let i = 0; i < keys.length; i++) dict[keys[i] as string] = raw[positions[i] as number];
  for (let i = 0; i < unloaded.length; i++) state.markExpired(unloaded[i] as string);
  state.key = key;
  state.session = owner;
  identityMap.addNew(state);
  return obj;
}
