/**
 * Joined subclasses mapped with `polymorphicLoad: "selectin"` (SQLAlchemy's
 * `polymorphic_load="selectin"`): when a query of their base class returns
 * some of them, their own columns (which the base query does not select)
 * are loaded for the whole batch with one `pk IN (...)` query per subclass,
 * instead of object by object on first access.
 */
import type { Connection, Op } from "@athanor/core";
import { byPrimaryKeysSelect } from "./inheritance.js";
import type { InstanceState } from "./instance-state.js";
import type { Mapper } from "./mapper.js";

/** Objects per IN query, as the selectin relationship loader. */
const BATCH = 500;

/** Whether a newly loaded object waits for its subclass's selectin load. @internal */
export function wantsPolymorphicSelectin(state: InstanceState, queried: Mapper<any>): boolean {
  return (
    state.mapper !== queried &&
    state.mapper.polymorphicLoad === "selectin" &&
    state.expiredAttributes.size > 0
  );
}

/** Operation: loads the columns the base query left out, per subclass, for the objects given. @internal */
export function* polymorphicSelectinOp(
  conn: Connection,
  byMapper: ReadonlyMap<Mapper<any>, InstanceState[]>,
): Op<void> {
  for (const [mapper, states] of byMapper) {
    const pkAttr = mapper.primaryKeyAttrs[0] as string;
    const wanted = new Set<string>([pkAttr]);
    for (const s of states) for (const k of s.expiredAttributes) if (mapper.columns.has(k)) wanted.add(k);
    if (wanted.size === 1) continue;
    for (let i = 0; i < states.length; i += BATCH) {
      const batch = states.slice(i, i + BATCH);
      const { stmt, ordered } = byPrimaryKeysSelect(
        mapper,
        wanted,
        batch.map((s) => s.key?.pk[0]),
      );
      const rows = yield* (yield* conn.executeOp(stmt)).valueArrays().allOp();
      const pkAt = ordered.indexOf(pkAttr);
      const byKey = new Map<unknown, unknown[]>();
      for (const r of rows) byKey.set(r[pkAt], r);
      for (const s of batch) {
        const row = byKey.get(s.key?.pk[0]);
        if (row === undefined) continue;
        // Only what is still unloaded: a value changed meanwhile stays.
        const values: Record<string, unknown> = {};
        ordered.forEach((k, j) => {
          if (s.expiredAttributes.has(k)) values[k] = row[j];
        });
        s.loadValues(values, false);
      }
    }
  }
}
