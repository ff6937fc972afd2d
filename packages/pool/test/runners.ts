/**
 * Tiny runners with the semantics of core's `runSync` and asyncio-compat's
 * `runAsync` (the pool cannot depend on core, which depends on the pool).
 */
import type { Op } from "../src/index.js";

export function runSync<R>(op: Op<R>): R {
  let step = op.next();
  while (!step.done) {
    const effect = step.value;
    const fn = effect.sync;
    if (fn === undefined) {
      try {
        op.return(undefined as R);
      } catch {
        // the original problem is the one to report
      }
      throw new Error(`${effect.describe ?? "this operation"} has no synchronous form`);
    }
    let value: unknown;
    try {
      value = fn();
    } catch (err) {
      step = op.throw(err);
      continue;
    }
    step = op.next(value);
  }
  return step.value;
}

export async function runAsync<R>(op: Op<R>): Promise<R> {
  let step = op.next();
  while (!step.done) {
    const effect = step.value;
    const fn = effect.async ?? effect.sync;
    if (fn === undefined) throw new Error(`${effect.describe ?? "this operation"} has no form`);
    let value: unknown;
    try {
      value = await fn();
    } catch (err) {
      step = op.throw(err);
      continue;
    }
    step = op.next(value);
  }
  return step.value;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
