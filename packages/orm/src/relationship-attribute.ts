/**
 * The class-level side of a relationship (`User.addresses`). Comparisons and
 * joins along relationships are not implemented yet: each raises
 * `NotImplementedError` naming the attribute.
 */
import { CLAUSE_PROVIDER, NotImplementedError } from "@athanor/core";

/** `User.addresses` at class level. */
export class RelationshipAttribute<K extends string = string> {
  constructor(
    /** The mapped class's name. */
    readonly className: string,
    /** The attribute key. */
    readonly key: K,
  ) {}

  private missing(what: string): never {
    throw new NotImplementedError(
      `${what} on relationship ${this.className}.${this.key} is not implemented yet`,
    );
  }
  /** Used in `select()` or `join()` (not implemented yet: joins along relationships are not built). */
  [CLAUSE_PROVIDER](): never {
    return this.missing("select()/join()");
  }
  /** `EXISTS` over a collection (not implemented yet). */
  any(..._criteria: unknown[]): never {
    return this.missing("any()");
  }
  /** `EXISTS` over a scalar reference (not implemented yet). */
  has(..._criteria: unknown[]): never {
    return this.missing("has()");
  }
  /** Comparison to an instance (not implemented yet). */
  eq(_other: unknown): never {
    return this.missing("eq()");
  }
  /** Comparison to an instance (not implemented yet). */
  contains(_other: unknown): never {
    return this.missing("contains()");
  }
}
