/** `sessionmaker()`: a factory of sessions with shared configuration (SQLAlchemy's `sessionmaker`). */
import type { Engine } from "@athanor/core";
import { Session, type SessionOptions } from "./session.js";

/** Options of {@link sessionmaker}: the engine and the sessions' options. */
export interface SessionmakerOptions extends SessionOptions {
  /** The engine every session uses. */
  bind: Engine;
}

/** A session factory: call it for a new `Session`; `begin(fn)` runs `fn` in a session and commits. */
export interface SessionFactory {
  (options?: SessionOptions): Session;
  /** Runs `fn` with a new session, commits on success, rolls back on error, and closes the session. */
  begin<R>(fn: (session: Session) => R): R;
  /** The configuration sessions are made with. */
  readonly options: Readonly<SessionmakerOptions>;
  /**
   * Closes every session this factory made that is still alive (rolling back
   * their transactions and detaching their objects), as SQLAlchemy's
   * `close_all_sessions()` for one factory.
   */
  closeAll(): void;
}

/**
 * Creates a session factory.
 *
 * @example
 * ```ts
 * const SessionLocal = sessionmaker({ bind: engine, expireOnCommit: false });
 * using session = SessionLocal();
 * SessionLocal.begin((session) => session.add(new User({ name: "x" })));
 * ```
 */
export function sessionmaker(options: SessionmakerOptions): SessionFactory {
  const { bind, ...defaults } = options;
  // Weakly held: a session the application dropped is not kept alive by its factory.
  const made = new Set<WeakRef<Session>>();
  const make = (overrides: SessionOptions = {}) => {
    const session = new Session(bind, { ...defaults, ...overrides });
    made.add(new WeakRef(session));
    return session;
  };
  const closeAll = () => {
    for (const ref of [...made]) {
      made.delete(ref);
      ref.deref()?.close();
    }
  };
  const begin = <R>(fn: (session: Session) => R): R => {
    const session = make();
    try {
      const out = fn(session);
      session.commit();
      return out;
    } catch (e) {
      session.rollback();
      throw e;
    } finally {
      session.close();
    }
  };
  return Object.assign(make, { begin, closeAll, options: Object.freeze({ ...options }) });
}
