/**
 * Athanor's error hierarchy, after SQLAlchemy's `sqlalchemy.exc`.
 *
 * Every error carries a stable `code` so that callers who may hold two copies
 * of core (ESM and CJS, or two versions) can test for a kind without
 * `instanceof`: `isAthanorError(err, "CompileError")`.
 */

const BRAND = Symbol.for("athanor.error");

/** The base of every error Athanor raises. */
export class AthanorError extends Error {
  /** The class name, stable across copies of the package. */
  readonly code: string = "AthanorError";
  readonly [BRAND] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = new.target.name;
  }
}

/** An argument was given that makes no sense for the call. */
export class ArgumentError extends AthanorError {}

/** The call is valid in itself but not in the current state. */
export class InvalidRequestError extends AthanorError {}

/** A construct could not be compiled into SQL. */
export class CompileError extends AthanorError {}

/** A construct is not supported by the dialect it is being compiled for. */
export class UnsupportedCompilationError extends CompileError {}

/** A feature Athanor does not have yet; the message names it. */
export class NotImplementedError extends AthanorError {}

/** A dependency cycle was found, for example between tables' foreign keys. */
export class CircularDependencyError extends AthanorError {
  constructor(
    message: string,
    /** The names of the items that take part in the cycle. */
    readonly cycles: readonly string[],
  ) {
    super(message);
  }
}

/** `one()` found no row. */
export class NoResultFound extends InvalidRequestError {}

/** `one()` or `oneOrNone()` found more than one row. */
export class MultipleResultsFound extends InvalidRequestError {}

/** A string name could not be resolved to a table or column, e.g. in a `ForeignKey`. */
export class NoReferencedTableError extends InvalidRequestError {}

/** A `ForeignKey` names a column that its table does not have. */
export class NoReferencedColumnError extends InvalidRequestError {}

/** A join's ON clause could not be inferred from foreign keys. */
export class NoForeignKeysError extends ArgumentError {}

/** More than one foreign key path joins two selectables, so ON must be given. */
export class AmbiguousForeignKeysError extends ArgumentError {}

/** Whether `err` is an Athanor error, optionally of the named kind (or a subclass of it). */
export function isAthanorError(err: unknown, kind?: string): err is AthanorError {
  if (typeof err !== "object" || err === null || !(BRAND in err)) return false;
  if (kind === undefined) return true;
  for (let proto = Object.getPrototypeOf(err); proto !== null; proto = Object.getPrototypeOf(proto)) {
    if (proto.constructor?.name === kind) return true;
  }
  return false;
}

// --- Errors raised while executing ---------------------------------------------------------

/** Executing a statement failed; carries the SQL and parameters (parameters hidden with `hideParameters`). */
export class StatementError extends AthanorError {
  constructor(
    message: string,
    /** The SQL that was being executed. */
    readonly statement: string | undefined,
    /** The parameters, or `undefined` when hidden. */
    readonly params: unknown,
    /** The error the driver raised. */
    readonly orig: unknown,
    options: { hideParameters?: boolean } = {},
  ) {
    const shown =
      statement === undefined
        ? ""
        : `\n[SQL: ${statement}]${options.hideParameters ? "\n[SQL parameters hidden due to hideParameters=true]" : params === undefined ? "" : `\n[parameters: ${safeJson(params)}]`}`;
    super(`${message}${shown}`, { cause: orig });
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x));
  } catch {
    return String(v);
  }
}

/**
 * An error raised by the driver, wrapped (PEP 249's hierarchy, as SQLAlchemy's).
 * `connectionInvalidated` says the connection was found dead and discarded.
 */
export class DBAPIError extends StatementError {
  /** Whether this error meant the connection was lost (and it was invalidated). */
  connectionInvalidated = false;
}
/** The driver itself failed, not the database. */
export class InterfaceError extends DBAPIError {}
/** The database reported an error. */
export class DatabaseError extends DBAPIError {}
/** Bad data: division by zero, a value out of range, ... */
export class DataError extends DatabaseError {}
/** The database's operation failed: lost connection, deadlock, timeout, ... */
export class OperationalError extends DatabaseError {}
/** A constraint was violated: unique, foreign key, not null, check. */
export class IntegrityError extends DatabaseError {}
/** The database's internal error. */
export class InternalError extends DatabaseError {}
/** Bad SQL: a syntax error, a missing table, a wrong number of parameters. */
export class ProgrammingError extends DatabaseError {}
/** The database does not support the operation. */
export class NotSupportedError extends DatabaseError {}

/** The PEP 249 error kinds, by name, for dialects that classify driver errors. */
export const DBAPI_ERROR_CLASSES = {
  InterfaceError,
  DatabaseError,
  DataError,
  OperationalError,
  IntegrityError,
  InternalError,
  ProgrammingError,
  NotSupportedError,
} as const;
export type DBAPIErrorKind = keyof typeof DBAPI_ERROR_CLASSES;

/** A connection was used after it was closed. */
export class ResourceClosedError extends InvalidRequestError {}

/** A pool could not provide a connection in time. */
export class TimeoutError extends AthanorError {}
