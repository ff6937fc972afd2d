/**
 * The pool's errors. They are its own classes (the pool imports nothing from
 * core), but each carries `code` equal to its class name and the same
 * `Symbol.for("athanor.error")` brand as core's errors, so core recognises
 * them without `instanceof`: `isAthanorError(err, "TimeoutError")` or
 * `err.code === "TimeoutError"`.
 */

const BRAND = Symbol.for("athanor.error");

/** The `code` of every error the pool raises. */
export type PoolErrorCode =
  | "TimeoutError"
  | "DisconnectionError"
  | "PoolAssertionError"
  | "InvalidRequestError";

/** The base of the pool's errors. `code` is the class name, stable across copies of the package. */
export abstract class PoolError extends Error {
  /** The class name, stable across copies of the package (and minification). */
  abstract readonly code: PoolErrorCode;
  readonly [BRAND] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A `QueuePool` could not provide a connection: in async mode after waiting
 * `timeout` seconds, in sync mode at once (nobody could return a connection
 * while a single JS thread blocks).
 */
export class TimeoutError extends PoolError {
  readonly code = "TimeoutError";
  override readonly name = "TimeoutError";
}

/** Options of {@link DisconnectionError}. */
export interface DisconnectionErrorOptions {
  /** The underlying error. */
  cause?: unknown;
  /**
   * Invalidate the whole pool, not only this connection: every connection
   * created before now is recycled on its next checkout. Default `false`.
   */
  invalidatePool?: boolean;
}

/**
 * A connection was found dead. Thrown by a `checkout` listener, it makes the
 * pool invalidate that connection and retry the checkout with a new one (three
 * attempts in all); the pool raises it itself when a pre-ping fails.
 */
export class DisconnectionError extends PoolError {
  readonly code = "DisconnectionError";
  override readonly name = "DisconnectionError";
  /** When true, every connection created before this one is recycled too. */
  readonly invalidatePool: boolean;

  constructor(message = "connection is dead", options: DisconnectionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.invalidatePool = options.invalidatePool ?? false;
  }
}

/** `AssertionPool` saw a second checkout while one was out, or a checkin of nothing checked out. */
export class PoolAssertionError extends PoolError {
  readonly code = "PoolAssertionError";
  override readonly name = "PoolAssertionError";
}

/** The pool was misused: a connection checked in twice, used after checkin, a disposed pool used. */
export class InvalidRequestError extends PoolError {
  readonly code = "InvalidRequestError";
  override readonly name = "InvalidRequestError";
}

/**
 * True when `err` is one of the pool's errors (of the given `code`, if any),
 * from this copy of the package or another.
 */
export function isPoolError(err: unknown, code?: PoolErrorCode): err is PoolError {
  if (typeof err !== "object" || err === null || !(BRAND in err)) return false;
  const actual = (err as { code?: unknown }).code;
  if (code === undefined) {
    return (
      actual === "TimeoutError" ||
      actual === "DisconnectionError" ||
      actual === "PoolAssertionError" ||
      actual === "InvalidRequestError"
    );
  }
  return actual === code;
}

/**
 * True when `err` asks for a reconnect: the pool's `DisconnectionError` or
 * any error whose `code` (or `name`) is `"DisconnectionError"`, such as
 * core's.
 */
export function isDisconnectionError(err: unknown): err is Error & { invalidatePool?: boolean } {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { code?: unknown; name?: unknown };
  return e.code === "DisconnectionError" || e.name === "DisconnectionError";
}
