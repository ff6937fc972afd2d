/**
 * The rule of a session driven by an async session (`AsyncSession` in
 * `@athanor/asyncio-compat`): its I/O is awaited, never run synchronously.
 * Reading an attribute is synchronous, so under an async session an unloaded
 * lazy relationship or an expired attribute cannot load itself: it raises
 * {@link AwaitRequiredError} saying how to load it instead (as SQLAlchemy's
 * asyncio extension raises `MissingGreenlet`).
 */
import { InvalidRequestError } from "@athanor/core";
import type { InstanceState } from "./instance-state.js";

/** Synchronous I/O was asked of a session that an async session drives; the operation must be awaited. */
export class AwaitRequiredError extends InvalidRequestError {}

/** The error for a sync method (`flush()`, `get()`...) called on the session behind an async session. @internal */
export function awaitRequired(what: string): AwaitRequiredError {
  return new AwaitRequiredError(
    `Session.${what} would do I/O synchronously, but this session is driven by an AsyncSession; ` +
      `await the AsyncSession's method instead`,
  );
}

/**
 * The error for reading an attribute that needs a load (an unloaded lazy
 * relationship, or an expired column) on an object of an async session.
 * @internal
 */
export function lazyLoadNeedsAwait(
  state: InstanceState,
  key: string | undefined,
  kind: "relationship" | "expired",
): AwaitRequiredError {
  const cls = state.mapper.className;
  const attr = key ?? [...state.expiredAttributes][0] ?? "(attribute)";
  const what =
    kind === "relationship"
      ? `the lazy relationship '${cls}.${attr}' is not loaded`
      : `the attribute '${cls}.${attr}' is expired (after commit(), rollback() or expire())`;
  const eager =
    kind === "relationship"
      ? `load it with the query (an eager loader option such as selectinload(${cls}.${attr})), `
      : "keep it loaded (expireOnCommit: false), ";
  return new AwaitRequiredError(
    `${what}, and an object of an AsyncSession cannot load it on attribute access (that would be synchronous I/O). ` +
      `Either ${eager}` +
      `or await it: 'await awaitableAttrs(obj).${attr}', or 'await session.refresh(obj, ["${attr}"])'.`,
  );
}
