/**
 * `asyncScopedSession()`: one `AsyncSession` per async context (SQLAlchemy's
 * `async_scoped_session`, with `AsyncLocalStorage` in place of a task-local
 * scope). Code anywhere in a request calls `Session()` and gets the session
 * of that request.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { AsyncSession } from "./async-session.js";

/** The session of one scope, made on first use. */
interface Scope {
  session: AsyncSession | undefined;
}

/** A registry of async sessions, one per scope. */
export interface AsyncScopedSession {
  /** The current scope's session, made with the factory on first use. */
  (): AsyncSession;
  /**
   * Runs `fn` in a new scope (an async context of its own, e.g. one request):
   * `Session()` inside it, however deep, returns that scope's session, which
   * is closed when `fn` settles.
   */
  run<R>(fn: () => Promise<R>): Promise<R>;
  /** Whether the current scope has a session already. */
  has(): boolean;
  /** Closes the current scope's session and forgets it; the next call makes a new one. */
  remove(): Promise<void>;
}

/**
 * Creates a registry of async sessions scoped by async context. Outside any
 * `run()`, calls share one root scope.
 *
 * @example
 * ```ts
 * const Session = asyncScopedSession(asyncSessionmaker({ bind: engine }));
 * app.use((req, res, next) => Session.run(async () => next()));
 * // ...anywhere in the request:
 * Session().add(user);
 * await Session().commit();
 * ```
 */
export function asyncScopedSession(factory: () => AsyncSession): AsyncScopedSession {
  const storage = new AsyncLocalStorage<Scope>();
  const root: Scope = { session: undefined };
  const scope = () => storage.getStore() ?? root;
  const current = () => {
    const s = scope();
    s.session ??= factory();
    return s.session;
  };
  const remove = async () => {
    const s = scope();
    const session = s.session;
    s.session = undefined;
    if (session !== undefined) await session.close();
  };
  const run = <R>(fn: () => Promise<R>): Promise<R> =>
    storage.run({ session: undefined }, async () => {
      try {
        return await fn();
      } finally {
        await remove();
      }
    });
  return Object.assign(current, { run, remove, has: () => scope().session !== undefined });
}
