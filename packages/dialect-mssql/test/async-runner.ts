/**
 * Helpers for the driver tests: the async runner, one effect awaited alone,
 * and bind / result processing done by hand (these tests drive the adapter
 * without the engine).
 */
import type { Compiled, Dialect, Effect } from "@athanor/core";

/** The async runner (asyncio-compat's), as these tests drive operations with it. */
export { runAsync } from "@athanor/asyncio-compat";

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
