/**
 * Events on engines and connections, SQLAlchemy's `event.listen` in
 * TypeScript: `listen(engine, "beforeCursorExecute", fn)`.
 *
 * Listeners are plain synchronous functions. A listener registered on an
 * engine hears the events of every connection of that engine.
 */
import { ArgumentError } from "../exc.js";

/** What listeners of each engine/connection event receive. */
export interface EngineEventMap {
  /** Before a statement (a construct or text) is executed; may not change it. */
  beforeExecute: (
    conn: unknown,
    statement: unknown,
    params: unknown,
    options: Record<string, unknown>,
  ) => void;
  /** After a statement was executed, with its result. */
  afterExecute: (
    conn: unknown,
    statement: unknown,
    params: unknown,
    options: Record<string, unknown>,
    result: unknown,
  ) => void;
  /** Before the SQL string goes to the driver. Returning `[sql, params]` replaces them. */
  beforeCursorExecute: (
    conn: unknown,
    sql: string,
    params: unknown,
    context: { executemany: boolean },
  ) => undefined | readonly [string, unknown];
  /** After the driver returned. */
  afterCursorExecute: (
    conn: unknown,
    sql: string,
    params: unknown,
    context: { executemany: boolean },
  ) => void;
  /** A statement failed; the listener sees the wrapped error (and may inspect `err.orig`). */
  handleError: (context: {
    connection: unknown;
    error: unknown;
    statement?: string;
    params?: unknown;
    isDisconnect: boolean;
  }) => void;
  begin: (conn: unknown) => void;
  commit: (conn: unknown) => void;
  rollback: (conn: unknown) => void;
  savepoint: (conn: unknown, name: string) => void;
  rollbackSavepoint: (conn: unknown, name: string) => void;
  releaseSavepoint: (conn: unknown, name: string) => void;
  /** A new engine-level connection object was made (not a new database connection: see the pool's `connect`). */
  engineConnect: (conn: unknown) => void;
  /** The engine was disposed. */
  engineDisposed: (engine: unknown) => void;
}

export type EngineEventName = keyof EngineEventMap;

const NAMES: ReadonlySet<string> = new Set<EngineEventName>([
  "beforeExecute",
  "afterExecute",
  "beforeCursorExecute",
  "afterCursorExecute",
  "handleError",
  "begin",
  "commit",
  "rollback",
  "savepoint",
  "rollbackSavepoint",
  "releaseSavepoint",
  "engineConnect",
  "engineDisposed",
]);

/** A set of listeners by event, with an optional parent whose listeners also hear (engine → connection). */
export class Dispatcher {
  private readonly listeners = new Map<EngineEventName, Function[]>();
  /** Listeners registered here, of any event: `has()` answers without a lookup while there are none. */
  private count = 0;

  constructor(readonly parent?: Dispatcher) {}

  listen<E extends EngineEventName>(name: E, fn: EngineEventMap[E]): void {
    if (!NAMES.has(name)) throw new ArgumentError(`no such event: ${String(name)}`);
    const list = this.listeners.get(name) ?? [];
    list.push(fn);
    this.listeners.set(name, list);
    this.count++;
  }

  remove<E extends EngineEventName>(name: E, fn: EngineEventMap[E]): void {
    const list = this.listeners.get(name);
    if (list === undefined || !list.includes(fn)) {
      throw new ArgumentError(`the function is not listening to ${String(name)}`);
    }
    list.splice(list.indexOf(fn), 1);
    this.count--;
  }

  /** Whether anything listens to `name` here or in a parent (so hot paths can skip building arguments). */
  has(name: EngineEventName): boolean {
    if (this.count > 0 && (this.listeners.get(name)?.length ?? 0) > 0) return true;
    return this.parent?.has(name) ?? false;
  }

  /** Calls every listener, parents first; returns the last non-undefined return value. */
  fire<E extends EngineEventName>(name: E, ...args: Parameters<EngineEventMap[E]>): unknown {
    let out: unknown;
    const fromParent = this.parent?.fire(name, ...args);
    if (fromParent !== undefined) out = fromParent;
    for (const fn of this.listeners.get(name) ?? []) {
      const r = (fn as (...a: unknown[]) => unknown)(...args);
      if (r !== undefined) out = r;
    }
    return out;
  }
}

/** Anything with events: an `Engine` or a `Connection`. */
export interface HasEvents {
  readonly dispatch: Dispatcher;
}

/**
 * Registers a listener, as SQLAlchemy's `event.listen(target, name, fn)`.
 *
 * @example
 * ```ts
 * listen(engine, "beforeCursorExecute", (conn, sql, params) => { console.log(sql); });
 * ```
 */
export function listen<E extends EngineEventName>(target: HasEvents, name: E, fn: EngineEventMap[E]): void;
/**
 * Pool events (`connect`, `firstConnect`, `checkout`, `checkin`, `reset`, `invalidate`, `softInvalidate`,
 * `close`, `detach`, `closeDetached`) on a pool, or on an engine (they go to its pool).
 */
export function listen(target: PoolEventTarget, name: PoolEventName, fn: (...args: any[]) => unknown): void;
export function listen(target: HasEvents | PoolEventTarget, name: string, fn: Function): void {
  if (POOL_EVENTS.has(name)) {
    poolOf(target).events.listen(name, fn);
    return;
  }
  if (!("dispatch" in target)) throw new ArgumentError(`${name} is not an event of a pool`);
  target.dispatch.listen(name as EngineEventName, fn as never);
}

/** The events a pool fires (SQLAlchemy's PoolEvents). */
export type PoolEventName =
  | "connect"
  | "firstConnect"
  | "checkout"
  | "checkin"
  | "reset"
  | "invalidate"
  | "softInvalidate"
  | "close"
  | "detach"
  | "closeDetached";

const POOL_EVENTS: ReadonlySet<string> = new Set<PoolEventName>([
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

/** A pool (its `events`), or an engine (whose pool's events are meant). */
export type PoolEventTarget =
  | {
      readonly events: { listen(name: string, fn: Function): void; remove(name: string, fn: Function): void };
    }
  | {
      readonly pool: {
        readonly events: {
          listen(name: string, fn: Function): void;
          remove(name: string, fn: Function): void;
        };
      };
    };

function poolOf(target: unknown): {
  events: { listen(name: string, fn: Function): void; remove(name: string, fn: Function): void };
} {
  const t = target as { pool?: unknown; events?: unknown };
  if (t.pool !== undefined) return t.pool as never;
  if (t.events !== undefined) return t as never;
  throw new ArgumentError("pool events need a pool or an engine");
}

/** Removes a listener registered with `listen`. */
export function removeListener<E extends EngineEventName>(
  target: HasEvents,
  name: E,
  fn: EngineEventMap[E],
): void;
export function removeListener(
  target: PoolEventTarget,
  name: PoolEventName,
  fn: (...args: any[]) => unknown,
): void;
export function removeListener(target: HasEvents | PoolEventTarget, name: string, fn: Function): void {
  if (POOL_EVENTS.has(name)) {
    poolOf(target).events.remove(name, fn);
    return;
  }
  (target as HasEvents).dispatch.remove(name as EngineEventName, fn as never);
}

/**
 * A decorator-style form: `listensFor(engine, "commit")(fn)` registers and returns `fn`.
 */
export function listensFor<E extends EngineEventName>(
  target: HasEvents,
  name: E,
): (fn: EngineEventMap[E]) => EngineEventMap[E] {
  return (fn) => {
    listen(target, name, fn);
    return fn;
  };
}
