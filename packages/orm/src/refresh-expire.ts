/**
 * Helpers of `session.expire()` and `session.refresh()`: attribute name
 * checks, and the `refresh-expire` cascade (SQLAlchemy's
 * `cascade_iterator("refresh-expire")`), which reaches the related objects
 * already in memory.
 */
import { InvalidRequestError } from "@athanor/core";
import { loadedValue } from "./attributes.js";
import { type InstanceState, stateOf } from "./instance-state.js";

/** Raises when a name is not a column or relationship attribute of the state's class. @internal */
export function checkAttributeNames(state: InstanceState, names: readonly string[]): void {
  for (const name of names)
    if (!state.mapper.columns.has(name) && !state.mapper.relationships.has(name))
      throw new InvalidRequestError(`'${name}' is not a mapped attribute of ${state.mapper.className}`);
}

/**
 * The objects reached from `state` through loaded relationships with the
 * `refresh-expire` cascade, transitively (`state` itself excluded).
 * Collected before anything is expired, since expiring unloads the
 * relationships that lead to them. @internal
 */
export function refreshExpireTargets(state: InstanceState): InstanceState[] {
  const seen = new Set<InstanceState>([state]);
  const out: InstanceState[] = [];
  const walk = (s: InstanceState) => {
    if (s.mapper.relationships.size === 0) return;
    s.mapper.configure();
    for (const rel of s.mapper.relationships.values()) {
      if (!rel.cascade.refreshExpire) continue;
      const v = loadedValue(s, rel);
      if (v === undefined || v === null) continue;
      for (const o of rel.uselist ? [...(v as object[])] : [v as object]) {
        const os = stateOf(o);
        if (seen.has(os)) continue;
        seen.add(os);
        out.push(os);
        walk(os);
      }
    }
  };
  walk(state);
  return out;
}
