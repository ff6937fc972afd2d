/**
 * `awaitableAttrs(obj)`: each mapped attribute of an object as a Promise
 * that loads it first when needed (an unloaded lazy relationship, an expired
 * column), with the async runner (SQLAlchemy's `AsyncAttrs.awaitable_attrs`).
 * Under an `AsyncSession` a plain attribute read cannot load; this can.
 */
import { ArgumentError } from "@athanor/core";
import { instanceState, loadAttributeOp } from "@athanor/orm";
import { runAsync } from "./run-async.js";

/** The attributes of `T` (not its methods), each as a Promise of its value. */
export type AwaitableAttrs<T> = {
  readonly [K in keyof T as T[K] extends (...args: any) => any ? never : K]: Promise<T[K]>;
};

/**
 * The mapped attributes of `obj` as Promises: `await awaitableAttrs(user).addresses`
 * lazy-loads the collection without blocking, through the object's session.
 *
 * @example
 * ```ts
 * const user = await session.get(User, 1);
 * for (const address of await awaitableAttrs(user).addresses) console.log(address.emailAddress);
 * ```
 */
export function awaitableAttrs<T extends object>(obj: T): AwaitableAttrs<T> {
  const mapper = instanceState(obj).mapper;
  return new Proxy(Object.create(null) as AwaitableAttrs<T>, {
    get(_target, key) {
      // Not thenable itself, so that `await awaitableAttrs(obj)` is not taken for a Promise.
      if (typeof key !== "string" || key === "then") return undefined;
      if (!mapper.columns.has(key) && !mapper.relationships.has(key))
        throw new ArgumentError(`'${key}' is not a mapped attribute of ${mapper.className}`);
      return runAsync(loadAttributeOp(obj, key));
    },
    has(_target, key) {
      return typeof key === "string" && (mapper.columns.has(key) || mapper.relationships.has(key));
    },
  });
}
