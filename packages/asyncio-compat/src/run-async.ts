/**
 * The async runner: drives one of core's operations (a generator of
 * effects) by awaiting each effect's async form. Effects with only a sync
 * form (a sync driver, buffered rows) are called directly, without a
 * microtask per step.
 */
import type { Op } from "@athanor/core";

/** Runs an operation to completion, awaiting its I/O. */
export async function runAsync<R>(op: Op<R>): Promise<R> {
  let step = op.next();
  while (!step.done) {
    const effect = step.value;
    let value: unknown;
    try {
      if (effect.async !== undefined) value = await effect.async();
      else if (effect.sync !== undefined) value = effect.sync();
      else throw new Error(`${effect.describe ?? "an effect"} has neither a sync nor an async form`);
    } catch (err) {
      step = op.throw(err);
      continue;
    }
    step = op.next(value);
  }
  return step.value;
}
