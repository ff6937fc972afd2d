/**
 * The pool's logging: an injectable logger, quiet unless asked.
 */

/**
 * Where the pool's log messages go. Each method receives a finished message
 * (and, for errors, the error as a second argument). `console` fits.
 */
export interface PoolLogger {
  debug(message: string, ...meta: unknown[]): void;
  info(message: string, ...meta: unknown[]): void;
  warn(message: string, ...meta: unknown[]): void;
  error(message: string, ...meta: unknown[]): void;
}

/**
 * The pool's `echo` flag, as SQLAlchemy's: `true` logs informational
 * messages (invalidations, recycles, dispose); `"debug"` adds every checkout
 * and checkin; `false`/absent logs nothing unless a `logger` is given, which
 * then receives warnings and errors only.
 */
export type EchoFlag = boolean | "debug" | null;

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, off: 100 } as const;

const ids = new WeakMap<object, number>();
let nextId = 1;

/**
 * A short, stable description of a raw connection for log messages: its own
 * `toString()` when it has one, else `<ClassName #n>`.
 */
export function describeConnection(connection: unknown): string {
  if (connection === null || connection === undefined) return "None";
  if (typeof connection !== "object" && typeof connection !== "function") return String(connection);
  const obj = connection as object;
  const ownToString = (obj as { toString?: unknown }).toString;
  if (typeof ownToString === "function" && ownToString !== Object.prototype.toString) return String(obj);
  let id = ids.get(obj);
  if (id === undefined) {
    id = nextId++;
    ids.set(obj, id);
  }
  const name = (obj as { constructor?: { name?: string } }).constructor?.name || "Connection";
  return `<${name} #${id}>`;
}

/** `Name: message` for an error in a log line. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}:${err.message}`;
  return String(err);
}

/** @internal The pool's logger with its level decided once from `echo`. */
export class PoolLog {
  readonly #logger: PoolLogger | null;
  readonly #level: number;

  constructor(name: string, echo: EchoFlag | undefined, logger: PoolLogger | undefined) {
    if (logger !== undefined) {
      this.#logger = logger;
    } else if (echo) {
      const prefix = `[${name}]`;
      this.#logger = {
        debug: (m, ...meta) => console.debug(prefix, m, ...meta),
        info: (m, ...meta) => console.info(prefix, m, ...meta),
        warn: (m, ...meta) => console.warn(prefix, m, ...meta),
        error: (m, ...meta) => console.error(prefix, m, ...meta),
      };
    } else {
      this.#logger = null;
    }
    this.#level =
      this.#logger === null ? LEVELS.off : echo === "debug" ? LEVELS.debug : echo ? LEVELS.info : LEVELS.warn;
  }

  /** True when debug messages (checkout, checkin) are emitted; checked before building them. */
  get debugEnabled(): boolean {
    return this.#level <= LEVELS.debug;
  }

  debug(message: string): void {
    if (this.#level <= LEVELS.debug) this.#logger?.debug(message);
  }

  info(message: string): void {
    if (this.#level <= LEVELS.info) this.#logger?.info(message);
  }

  warn(message: string): void {
    if (this.#level <= LEVELS.warn) this.#logger?.warn(message);
  }

  error(message: string, err?: unknown): void {
    if (this.#level > LEVELS.error) return;
    if (err === undefined) this.#logger?.error(message);
    else this.#logger?.error(message, err);
  }
}
