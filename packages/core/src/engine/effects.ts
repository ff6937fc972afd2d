/**
 * One implementation, two runners.
 *
 * Every operation that does I/O (execute, begin, commit, checkout, flush,
 * load, reflect, createAll) is written once as a generator that yields each
 * driver call as an `Effect` and is composed with `yield*`. `runSync`
 * drives such a generator with the sync form of each effect (better-sqlite3);
 * `runAsync` (in `@athanor/asyncio-compat`) awaits the async form (pg,
 * mysql2, tedious, oracledb). Only I/O steps are effects; compiling and
 * row processing are plain loops.
 *
 * The effect is a structural shape, so `@athanor/pool` yields the same
 * effects without importing core.
 */
import { AthanorError } from "../exc.js";

/** One I/O step: a synchronous form, an asynchronous form, or both. */
export interface Effect<T = unknown> {
  /** Performs the step synchronously. Absent for async-only drivers. */
  readonly sync?: () => T;
  /** Performs the step asynchronously. Absent for sync-only steps (the async runner then calls `sync`). */
  readonly async?: () => Promise<T>;
  /** A short description for error messages ("pg: connect"). */
  readonly describe?: string;
}

/** An operation: a generator of effects that returns `R`. */
export type Op<R> = Generator<Effect<unknown>, R, unknown>;

/** Yields one effect and returns its result: `const rows = yield* perform(effect)`. */
export function* perform<T>(effect: Effect<T>): Op<T> {
  return (yield effect as Effect<unknown>) as T;
}

/** An effect with only a sync form, for steps that are synchronous everywhere. */
export function syncEffect<T>(fn: () => T, describe?: string): Effect<T> {
  return describe === undefined ? { sync: fn } : { sync: fn, describe };
}

/** The sync API was used with a driver that has only an async form of a step. */
export class AsyncOnlyError extends AthanorError {}

/**
 * Drives an operation synchronously: each effect's `sync` form is called (as a
 * method of the effect, as the async runner does) and its result (or error)
 * sent back into the generator.
 */
export function runSync<R>(op: Op<R>): R {
  let step = op.next();
  while (!step.done) {
    const effect = step.value;
    if (effect.sync === undefined) {
      // Close the generator so its finally blocks run (release a connection, and so on).
      try {
        op.return(undefined as R);
      } catch {
        // the original problem is the one to report
      }
      throw new AsyncOnlyError(
        `${effect.describe ?? "this operation"} has no synchronous form: the driver is async-only. ` +
          "Use createAsyncEngine() from @athanor/asyncio-compat and await the calls.",
      );
    }
    let value: unknown;
    try {
      // Called as a method: an effect may be an object whose `sync` reads its fields.
      value = effect.sync();
    } catch (err) {
      step = op.throw(err);
      continue;
    }
    step = op.next(value);
  }
  return step.value;
}
