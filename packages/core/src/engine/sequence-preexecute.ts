/**
 * Sequences a dialect fetches before an INSERT ("pre-executed"): where the
 * compiler renders a primary key's sequence as a parameter (MariaDB, whose
 * `lastrowid` cannot report a sequence value), the engine selects the next
 * value first and sends it, so `insertedPrimaryKey` knows it.
 */
import { DefaultBindParameter } from "../sql/compiler/crud.js";
import { select } from "../sql/select.js";
import type { Connection } from "./connection.js";
import type { Op } from "./effects.js";
import type { Rendering } from "./execution.js";

/** Per placeholder layout (stable for a cached statement): its pre-executed sequence parameters. */
const found = new WeakMap<readonly unknown[], readonly [string, DefaultBindParameter][]>();

/** The parameters (name and bind) whose value is the next value of a column's sequence. */
function sequenceBinds(r: Rendering): readonly [string, DefaultBindParameter][] {
  let out = found.get(r.positionBinds);
  if (out !== undefined) return out;
  const list: [string, DefaultBindParameter][] = [];
  r.positionBinds.forEach((bind, i) => {
    if (
      bind instanceof DefaultBindParameter &&
      !bind.forUpdate &&
      bind.column.default === undefined &&
      bind.column.sequence !== undefined
    )
      list.push([r.positiontup[i] as string, bind]);
  });
  out = list;
  found.set(r.positionBinds, out);
  return out;
}

/**
 * The parameter sets with the pre-executed sequence values added; the sets
 * as given when the statement has none (the common case: one lookup per
 * execution, the binds being scanned once per compiled statement).
 */
export function* withSequenceValuesOp<P extends Readonly<Record<string, unknown>> | undefined>(
  conn: Connection,
  r: Rendering,
  sets: readonly P[],
): Op<P[]> {
  const binds = sequenceBinds(r);
  if (binds.length === 0) return sets as P[];
  const out: P[] = [];
  for (const set of sets) {
    const added: Record<string, unknown> = { ...(set ?? {}) };
    for (const [name, bind] of binds) {
      if (set !== undefined && name in set) continue;
      const seq = bind.column.sequence as NonNullable<typeof bind.column.sequence>;
      const result = yield* conn.executeOp(select(seq.nextValue()));
      added[name] = yield* result.scalarOp();
    }
    out.push(added as P);
  }
  return out;
}
