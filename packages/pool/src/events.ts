import type { ConnectionRecord } from "./connection-record.js";
import { isOp, type Op } from "./effects.js";
import { InvalidRequestError } from "./errors.js";
import type { PooledConnection } from "./pooled-connection.js";

/**
 * The state of a connection as it is reset on its return to the pool, passed
 * to the `reset` event (SQLAlchemy's `PoolResetState`).
 */
export interface PoolResetState {
  /** The pool is about to roll back (`resetOnReturn: "rollback"`, and the transaction was not already reset). */
  readonly asRollback: boolean;
  /** The pool is about to commit (`resetOnReturn: "commit"`). */
  readonly asCommit: boolean;
  /** The caller (core's `Connection`) already ended the transaction; the pool skips its own rollback. */
  readonly transactionWasReset: boolean;
  /** The connection is detached and will be closed, not returned to the pool. */
  readonly terminateOnly: boolean;
}

/**
 * A listener's result: nothing, or an `Op` that the pool drives inside the
 * current operation (so a listener may do I/O through the dialect, such as a
 * custom reset).
 */
export type ListenerResult = void | Op<void>;

/**
 * The pool's events (SQLAlchemy's `PoolEvents`), by name, with the
 * arguments each listener receives. Listeners are plain functions; one may
 * return an `Op` to perform I/O. A listener that throws aborts the step it
 * listens to, except where noted.
 */
export interface PoolEventMap<C> {
  /** A new raw connection was made (before its first checkout). */
  connect: (dbapiConnection: C, record: ConnectionRecord<C>) => ListenerResult;
  /** The pool's first raw connection was made; fires once per pool (again if a listener threw). */
  firstConnect: (dbapiConnection: C, record: ConnectionRecord<C>) => ListenerResult;
  /**
   * A connection is being checked out. Throw a `DisconnectionError` to make
   * the pool discard this connection and retry with a new one.
   */
  checkout: (dbapiConnection: C, record: ConnectionRecord<C>, proxy: PooledConnection<C>) => ListenerResult;
  /** A connection was returned to the pool; `dbapiConnection` is `null` when it was invalidated. */
  checkin: (dbapiConnection: C | null, record: ConnectionRecord<C>) => ListenerResult;
  /** A connection is being reset on return, before the pool's rollback/commit; `record` is `null` when detached. */
  reset: (dbapiConnection: C, record: ConnectionRecord<C> | null, state: PoolResetState) => ListenerResult;
  /** A connection is being invalidated (it will be closed). */
  invalidate: (dbapiConnection: C, record: ConnectionRecord<C>, err: unknown) => ListenerResult;
  /** A connection is being soft-invalidated (it will be recycled on its next checkout). */
  softInvalidate: (dbapiConnection: C, record: ConnectionRecord<C>, err: unknown) => ListenerResult;
  /** A pooled connection is being closed. */
  close: (dbapiConnection: C, record: ConnectionRecord<C>) => ListenerResult;
  /** A connection was detached from its pool. */
  detach: (dbapiConnection: C, record: ConnectionRecord<C>) => ListenerResult;
  /** A detached connection is being closed. */
  closeDetached: (dbapiConnection: C) => ListenerResult;
}

/** The name of a pool event. */
export type PoolEventName = keyof PoolEventMap<unknown>;

/** Options of `pool.events.listen`. */
export interface ListenOptions {
  /** Put the listener first instead of last. Default `false`. */
  insert?: boolean;
  /** Remove the listener after its first call. Default `false`. */
  once?: boolean;
}

const EVENT_NAMES: ReadonlySet<string> = new Set<PoolEventName>([
  "connect",
  "firstConnect",
  "checkout",
  "checkin",
  "reset",
  "invalidate",
  "softInvalidate",
  "close",
  "detach",
  "closeDetached",
]);

type AnyListener = (...args: any[]) => ListenerResult;

interface Entry {
  readonly fn: AnyListener;
  readonly once: boolean;
}

/**
 * The listeners of one pool. Listeners are copied to a pool made by
 * `recreate()` (added later to either pool, they stay with that pool).
 *
 * @example
 * ```ts
 * pool.events.listen("checkout", (conn, record, proxy) => {
 *   if (!isAlive(conn)) throw new DisconnectionError();
 * });
 * ```
 */
export class PoolEvents<C> {
  readonly #listeners = new Map<PoolEventName, Entry[]>();

  /** Adds `fn` as a listener of `name` (last, or first with `insert`). */
  listen<K extends PoolEventName>(name: K, fn: PoolEventMap<C>[K], options: ListenOptions = {}): void {
    if (!EVENT_NAMES.has(name)) throw new InvalidRequestError(`No such pool event '${String(name)}'`);
    if (typeof fn !== "function") throw new InvalidRequestError(`A listener of '${name}' must be a function`);
    const list = this.#listeners.get(name) ?? [];
    const entry: Entry = { fn: fn as AnyListener, once: options.once ?? false };
    // A new array on every change, so a listener added or removed during dispatch does not disturb it.
    this.#listeners.set(name, options.insert ? [entry, ...list] : [...list, entry]);
  }

  /** Removes `fn` from the listeners of `name`; an error if it is not one. */
  remove<K extends PoolEventName>(name: K, fn: PoolEventMap<C>[K]): void {
    const list = this.#listeners.get(name) ?? [];
    const index = list.findIndex((e) => e.fn === fn);
    if (index < 0) throw new InvalidRequestError(`No listener of '${name}' to remove`);
    this.#listeners.set(name, [...list.slice(0, index), ...list.slice(index + 1)]);
  }

  /** True when `fn` listens to `name`. */
  contains<K extends PoolEventName>(name: K, fn: PoolEventMap<C>[K]): boolean {
    return (this.#listeners.get(name) ?? []).some((e) => e.fn === fn);
  }

  /** True when `name` has at least one listener. */
  has(name: PoolEventName): boolean {
    const list = this.#listeners.get(name);
    return list !== undefined && list.length > 0;
  }

  /** @internal Calls the listeners of `name` in order, driving any `Op` one returns. */
  *_fire<K extends PoolEventName>(name: K, ...args: Parameters<PoolEventMap<C>[K]>): Op<void> {
    const list = this.#listeners.get(name);
    if (list === undefined) return;
    for (const entry of list) {
      if (entry.once) this.#dropEntry(name, entry);
      const result = entry.fn(...args);
      if (isOp(result)) yield* result;
    }
  }

  /** @internal Copies every listener of `other` into this registry (for `recreate()`). */
  _copyFrom(other: PoolEvents<C>): void {
    for (const [name, list] of other.#listeners) this.#listeners.set(name, [...list]);
  }

  #dropEntry(name: PoolEventName, entry: Entry): void {
    const list = this.#listeners.get(name) ?? [];
    this.#listeners.set(
      name,
      list.filter((e) => e !== entry),
    );
  }
}
