/**
 * Which attributes a by-primary-key load selects: the mapping's
 * non-deferred attributes for `refresh()`, and a deferred attribute with
 * the rest of its deferred group when it is first accessed.
 */
import type { InstanceState } from "./instance-state.js";
import type { Mapper } from "./mapper.js";

/** The deferred group of an attribute (`deferredGroup`, or a `columnProperty`'s `group`). */
function groupOf(mapper: Mapper<any>, key: string): string | undefined {
  const d = mapper.deferredColumns.get(key);
  if (d !== undefined) return d.group;
  const e = mapper.expressionProps.get(key);
  return e !== undefined && e.prop.propertyKind === "columnProperty" ? e.prop.options.group : undefined;
}

/** The attributes a full load of `mapper` selects: columns and `columnProperty()`s the mapping does not defer. */
export function defaultLoadKeys(mapper: Mapper<any>): string[] {
  const keys = mapper.columnKeys.filter((k) => !mapper.deferredColumns.has(k));
  for (const e of mapper.expressionProps.values())
    if (
      e.prop.propertyKind === "columnProperty" &&
      e.prop.options.deferred !== true &&
      e.prop.options.group === undefined
    )
      keys.push(e.key);
  return keys;
}

/** `key` and the other still-unloaded attributes of its deferred group. */
export function deferredGroupKeys(state: InstanceState, key: string): string[] {
  const group = groupOf(state.mapper, key);
  if (group === undefined) return [key];
  const keys = [key];
  for (const k of state.deferred ?? [])
    if (k !== key && groupOf(state.mapper, k) === group && !(k in state.dict)) keys.push(k);
  return keys;
}
