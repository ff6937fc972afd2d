/**
 * The effect shape the pool yields: the same structural shape as
 * `@athanor/core`'s `Effect` / `Op`, declared here because the pool imports
 * nothing from Athanor. Core's `runSync` and asyncio-compat's `runAsync` drive
 * the pool's operations unchanged.
 */

/**
 * One I/O step, with a synchronous form, an asynchronous form, or both.
 *
 * A sync runner calls `sync` (and fails if it is absent); an async runner
 * awaits `async`, falling back to `sync`.
 */
export interface Effect<T = unknown> {
  /** Performs the step synchronously. Absent for async-only steps. */
  readonly sync?: () => T;
  /** Performs the step asynchronously. Absent for sync-only steps (the async runner then calls `sync`). */
  readonly async?: () => Promise<T>;
  /** A short description for error messages ("QueuePool: wait for a connection"). */
  readonly describe?: string;
}

/**
 * An operation: a generator of effects that returns `R`. Compose with
 * `yield*`; run with a sync or an async runner.
 */
export type Op<R> = Generator<Effect<unknown>, R, unknown>;

/** Yields one effect and returns its result: `const conn = yield* perform(effect)`. */
export function* perform<T>(effect: Effect<T>): Op<T> {
  return (yield effect as Effect<unknown>) as T;
}

/** An operation that does nothing and returns `undefined`; the default for the `PoolDialect` steps. */
export function* noop(): Op<void> {}

/** An operation that returns `value` without any I/O. */
// biome-ignore lint/correctness/useYield: a value lifted into an operation performs no step
export function* pure<T>(value: T): Op<T> {
  return value;
}

/** True when `value` looks like an `Op` (a generator object). */
export function isOp(value: unknown): value is Op<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { next?: unknown }).next === "function" &&
    typeof (value as { throw?: unknown }).throw === "function" &&
    typeof (value as { return?: unknown }).return === "function"
  );
}

/**
 * Drives an operation that is expected to do no asynchronous I/O (used for
 * the few synchronous pool calls, such as `detach()`, that may still pass
 * through listeners). Each effect's `sync` form is called; an effect with
 * only an async form is an error.
 *
 * @internal
 */
export function driveSync<R>(op: Op<R>): R {
  let step = op.next();
  while (!step.done) {
    const effect = step.value;
    if (effect.sync === undefined) {
      try {
        op.return(undefined as R);
      } catch {
        // the original problem is the one to report
      }
      throw new TypeError(
        `${effect.describe ?? "an effect"} has no synchronous form and cannot run inside a synchronous pool call`,
      );
    }
    let value: unknown;
    try {
      value = effect.sync();
    } catch (err) {
      step = op.throw(err);
      continue;
    }
    step = op.next(value);
  }
  return step.value;
}
