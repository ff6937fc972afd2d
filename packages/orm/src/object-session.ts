/**
 * Functions on one object's session membership (SQLAlchemy's
 * `object_session`, `make_transient`, `make_transient_to_detached`).
 */
import { InvalidRequestError } from "@athanor/core";
import { identityKey, instanceState } from "./instance-state.js";
import { Session } from "./session.js";

/** The session an object belongs to (pending or persistent), or `null`. */
export function objectSession(obj: object): Session | null {
  const owner = instanceState(obj).session;
  return owner instanceof Session ? owner : null;
}

/**
 * Makes an object transient again: it leaves its session (without cascade)
 * and loses its identity, keeping its loaded attribute values, so adding it
 * again INSERTs a new row. Expired attributes are not loaded: they stay unset.
 */
export function makeTransient(obj: object): void {
  const state = instanceState(obj);
  if (state.session instanceof Session) state.session.detachState(state);
  else state.session = undefined;
  state.clearExpired();
  state.key = undefined;
  state.deletedFlushed = false;
}

/**
 * Gives a transient object the identity of its primary key attributes and
 * makes it detached, as if loaded and then expunged: adding it to a session
 * makes it persistent without an INSERT, and attributes it does not have load
 * on access. Raises unless the object is transient with its primary key set.
 */
export function makeTransientToDetached(obj: object): void {
  const state = instanceState(obj);
  if (state.session !== undefined || state.key !== undefined)
    throw new InvalidRequestError(`Given object must be transient (it is ${state.status})`);
  const pk = state.mapper.primaryKeyFrom(state.dict);
  if (pk === undefined)
    throw new InvalidRequestError(
      `${state.mapper.className} instance has no primary key value; set ${state.mapper.primaryKeyAttrs.join(", ")} first`,
    );
  state.key = identityKey(state.mapper, pk);
  state.deletedFlushed = false;
  state.commitAll();
  const missing = state.mapper.columnKeys.filter((k) => !(k in state.dict));
  if (missing.length > 0) state.expire(missing);
}
