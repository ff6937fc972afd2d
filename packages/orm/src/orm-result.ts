/**
 * Results of ORM-enabled selects (a mapped class among the columns): each row
 * is a tuple (`[User, string]`), and `scalars()` gives the first element of
 * each row (`User`). Rows are fully loaded when the result is created, as
 * SQLAlchemy buffers ORM results to build the objects.
 */
import { MultipleResultsFound, NoResultFound } from "@athanor/core";

abstract class BufferedItems<T> implements Iterable<T> {
  private pos = 0;
  constructor(protected readonly items: readonly T[]) {}

  /** Every remaining item. */
  all(): T[] {
    const out = this.items.slice(this.pos);
    this.pos = this.items.length;
    return out;
  }
  /** The first item or `null`, closing the result. */
  first(): T | null {
    const item = this.pos < this.items.length ? (this.items[this.pos] as T) : null;
    this.pos = this.items.length;
    return item;
  }
  /** Exactly one item; raises `NoResultFound` / `MultipleResultsFound` otherwise. */
  one(): T {
    const rest = this.all();
    if (rest.length === 0) throw new NoResultFound("No row was found when one was required");
    if (rest.length > 1)
      throw new MultipleResultsFound("Multiple rows were found when exactly one was required");
    return rest[0] as T;
  }
  /** One item or `null`; raises `MultipleResultsFound` when there are more. */
  oneOrNone(): T | null {
    const rest = this.all();
    if (rest.length > 1)
      throw new MultipleResultsFound("Multiple rows were found when one or none was required");
    return rest.length === 0 ? null : (rest[0] as T);
  }
  *[Symbol.iterator](): Iterator<T> {
    while (this.pos < this.items.length) yield this.items[this.pos++] as T;
  }
}

/** The objects (or first values) of an ORM result, from `session.scalars()` or `result.scalars()`. */
export class OrmScalarResult<T> extends BufferedItems<T> {}

/** An ORM result whose rows are tuples of objects and column values. */
export class OrmResult<R extends readonly unknown[]> extends BufferedItems<R> {
  /** The first element of each row. */
  scalars(): OrmScalarResult<R[0]> {
    return new OrmScalarResult(this.all().map((r) => r[0]));
  }
  /** The first element of the first row, or `null` when there are no rows. */
  scalar(): R[0] | null {
    const row = this.first();
    return row === null ? null : row[0];
  }
  /** The first element of exactly one row. */
  scalarOne(): R[0] {
    return this.one()[0];
  }
  /** The first element of one row or `null`. */
  scalarOneOrNone(): R[0] | null {
    const row = this.oneOrNone();
    return row === null ? null : row[0];
  }
}
