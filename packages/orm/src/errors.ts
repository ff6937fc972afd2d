/** ORM errors, as SQLAlchemy's `sqlalchemy.orm.exc`. */
import { InvalidRequestError } from "@athanor/core";

/** A flush failed; the session's transaction was rolled back. `orig` is the underlying error. */
export class FlushError extends InvalidRequestError {
  constructor(
    message: string,
    /** The error that made the flush fail (usually a `DBAPIError`). */
    readonly orig?: unknown,
  ) {
    super(message, orig === undefined ? undefined : { cause: orig });
  }
}

/** An attribute of a detached object (no session) had to be loaded. */
export class DetachedInstanceError extends InvalidRequestError {}

/** A refresh or attribute load found that the object's row no longer exists. */
export class ObjectDeletedError extends InvalidRequestError {}

/** An object or class given to the ORM is not mapped (or its class was never registered). */
export class UnmappedInstanceError extends InvalidRequestError {}

/** An UPDATE or DELETE matched a different number of rows than expected. */
export class StaleDataError extends InvalidRequestError {}
