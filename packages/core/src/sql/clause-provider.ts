/**
 * The clause-provider protocol: how an object from outside core (an ORM
 * mapped class) stands in for a SQL construct in `select(...)` and `join(...)`
 * without core importing it (SQLAlchemy's `__clause_element__`).
 *
 * An object or class with a `[CLAUSE_PROVIDER]()` method is replaced by what
 * that method returns (a `FromClause` or a column expression) wherever core
 * coerces select arguments. A *class* with the method is an "entity": at the
 * type level `select(User)` yields `User` instances (rows become tuples).
 */

/** The method key of the protocol; `Symbol.for`, so it works across copies of core. */
export const CLAUSE_PROVIDER: unique symbol = Symbol.for("athanor.clauseProvider") as never;

/** Anything that can stand in for a SQL construct: it returns the construct to use. */
export interface ClauseProvider {
  [CLAUSE_PROVIDER](): unknown;
}

/** A class that is a clause provider (an ORM mapped class): selecting it yields its instances. */
export type EntityArg = (abstract new (...args: any) => any) & ClauseProvider;

/** Whether `value` implements {@link ClauseProvider}. */
export function isClauseProvider(value: unknown): value is ClauseProvider {
  return (
    (typeof value === "function" || (typeof value === "object" && value !== null)) &&
    typeof (value as Partial<ClauseProvider>)[CLAUSE_PROVIDER] === "function"
  );
}

/** `value`'s SQL construct if it is a clause provider, else `value` unchanged. */
export function resolveClauseProvider<T>(value: T): unknown {
  return isClauseProvider(value) ? value[CLAUSE_PROVIDER]() : value;
}

/**
 * The join-path protocol: an object that joins as several steps (an ORM
 * many-to-many relationship joins its association table, then its target)
 * returns each step's FROM and ON clause. `select(...).join(x)` without an
 * explicit ON clause joins every step in order.
 */
export const JOIN_PATH: unique symbol = Symbol.for("athanor.joinPath") as never;

/** One step of a {@link JOIN_PATH}: a FROM and its ON clause. */
export interface JoinPathStep {
  readonly target: unknown;
  readonly onclause: unknown;
}

/** An object implementing the join-path protocol. */
export interface JoinPathProvider {
  [JOIN_PATH](): readonly JoinPathStep[];
}

/** Whether `value` implements {@link JoinPathProvider}. */
export function isJoinPathProvider(value: unknown): value is JoinPathProvider {
  return (
    (typeof value === "function" || (typeof value === "object" && value !== null)) &&
    typeof (value as Partial<JoinPathProvider>)[JOIN_PATH] === "function"
  );
}
