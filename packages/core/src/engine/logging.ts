/**
 * Logging for `echo` / `echoPool`: a logger the user can replace.
 *
 * SQL and parameters are logged at "info"; with `echo: "debug"` result rows
 * are logged too. Parameters are never logged with `hideParameters`.
 */

/** Where log lines go. `console` fits; so does pino, winston or a test spy. */
export interface Logger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

/** `true` logs statements, `"debug"` also rows; `false` nothing. */
export type EchoFlag = boolean | "debug";

const nothing = (): void => {};

/** A logger that drops everything. */
export const silentLogger: Logger = { debug: nothing, info: nothing, warn: nothing, error: nothing };

/** The default echo logger: lines to stderr with a name prefix, as SQLAlchemy's `sqlalchemy.engine.Engine`. */
export function consoleLogger(name: string): Logger {
  const line =
    (level: string) =>
    (message: string, ...args: unknown[]): void => {
      const rest = args.length > 0 ? ` ${args.map((a) => formatValue(a)).join(" ")}` : "";
      process.stderr.write(`${new Date().toISOString()} ${level} [${name}] ${message}${rest}\n`);
    };
  return { debug: line("DEBUG"), info: line("INFO"), warn: line("WARNING"), error: line("ERROR") };
}

/** Renders parameters for a log line (bigints and dates readable, long lists cut). */
export function formatValue(v: unknown): string {
  if (typeof v === "string") return v;
  try {
    const s = JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x));
    return s.length > 1000 ? `${s.slice(0, 1000)}... (${s.length - 1000} characters truncated)` : s;
  } catch {
    return String(v);
  }
}
