/**
 * A tiny async runner for the driver tests: awaits each effect's async form
 * (or calls its sync form). The engine's runner is written elsewhere; these
 * tests do not depend on it.
 */
import type { Compiled, Dialect, Effect, Op } from "@athanor/core";

/** Drives an operation, awaiting each effect. */
export async function runAsync<R>(op: Op<R>): Promise<R> {
  let step = op.next();
  while (!step.done) {
    const effect = step.value;
    const fn = effect.async ?? effect.sync;
    if (fn === undefined) throw new Error(`${effect.describe ?? "effect"} has no form`);
    let value: unknown;
    let failed = false;
    let error: unknown;
    try {
      value = await fn();
    } catch (err) {
      failed = true;
      error = err;
    }
    step = failed ? op.throw(error) : op.next(value);
  }
  return step.value;
}

/** Awaits one effect; the sync form is refused, as the async drivers must not have one. */
export function run<T>(effect: Effect<T>): Promise<T> {
  if (effect.async === undefined) throw new Error(`${effect.describe ?? "effect"} has no async form`);
  return effect.async();
}

/** The compiled statement's parameters, each through its type's bind processor. */
export function boundParams(compiled: Compiled, dialect: Dialect): unknown[] {
  return compiled.positiontup.map((name, i) => {
    const bind = compiled.binds.get(name);
    const proc = bind?.type.dialectImpl(dialect).bindProcessor(dialect);
    const value = compiled.params[i];
    return proc === undefined ? value : proc(value);
  });
}

/** Rows through the result processors of the compiled SELECT's columns. */
export function processRows(
  compiled: Compiled,
  dialect: Dialect,
  rows: readonly (readonly unknown[])[],
): unknown[][] {
  const procs = compiled.resultColumns.map((c) => c.type.dialectImpl(dialect).resultProcessor(dialect));
  return rows.map((row) =>
    row.map((v, i) => (procs[i] === undefined ? v : (procs[i] as (x: unknown) => unknown)(v))),
  );
}

/** A name for a test table that other test runs sharing the database will not use. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
