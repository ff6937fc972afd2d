/** `asyncSessionmaker()`: a factory of `AsyncSession`s with shared configuration (SQLAlchemy's `async_sessionmaker`). */
import type { SessionOptions } from "@athanor/orm";
import type { AsyncEngine } from "./async-engine.js";
import { AsyncSession } from "./async-session.js";

/** Options of {@link asyncSessionmaker}: the engine and the sessions' options. */
export interface AsyncSessionmakerOptions extends SessionOptions {
  /** The engine every session uses. */
  bind: AsyncEngine;
}

/** A factory of async sessions: call it for a new one; `begin(fn)` runs `fn` in a session and commits. */
export interface AsyncSessionFactory {
  (options?: SessionOptions): AsyncSession;
  /** Runs `fn` with a new session, commits when it resolves, rolls back if it rejects, and closes the session. */
  begin<R>(fn: (session: AsyncSession) => Promise<R>): Promise<R>;
  /** The configuration sessions are made with. */
  readonly options: Readonly<AsyncSessionmakerOptions>;
}

/**
 * Creates a factory of async sessions.
 *
 * @example
 * ```ts
 * const SessionLocal = asyncSessionmaker({ bind: engine, expireOnCommit: false });
 * await using session = SessionLocal();
 * await SessionLocal.begin(async (session) => session.add(new User({ name: "x" })));
 * ```
 */
export function asyncSessionmaker(options: AsyncSessionmakerOptions): AsyncSessionFactory {
  const { bind, ...defaults } = options;
  const make = (overrides: SessionOptions = {}) => new AsyncSession(bind, { ...defaults, ...overrides });
  const begin = async <R>(fn: (session: AsyncSession) => Promise<R>): Promise<R> => {
    const session = make();
    try {
      const out = await fn(session);
      await session.commit();
      return out;
    } catch (e) {
      await session.rollback();
      throw e;
    } finally {
      await session.close();
    }
  };
  return Object.assign(make, { begin, options: Object.freeze({ ...options }) });
}
