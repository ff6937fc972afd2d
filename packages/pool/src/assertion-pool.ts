import type { ConnectionRecord } from "./connection-record.js";
import type { Op } from "./effects.js";
import { PoolAssertionError } from "./errors.js";
import { type Creator, Pool, type PoolOptions } from "./pool.js";

/** Options of {@link AssertionPool}. */
export interface AssertionPoolOptions<C> extends PoolOptions<C> {
  /** Keep the stack of each checkout, to show where the connection already out was taken. Default `true`. */
  storeTraceback?: boolean;
}

/**
 * A pool that allows at most one connection checked out at a time and throws
 * `PoolAssertionError` on a second checkout (SQLAlchemy's `AssertionPool`) —
 * for tests that must not use more connections than expected. The one
 * connection is kept between checkouts.
 */
export class AssertionPool<C> extends Pool<C> {
  readonly kind = "AssertionPool";
  readonly #storeTraceback: boolean;
  #record: ConnectionRecord<C> | null = null;
  #checkedOut = false;
  #checkoutStack: string | null = null;

  constructor(creator: Creator<C>, options: AssertionPoolOptions<C> = {}) {
    super(creator, options);
    this.#storeTraceback = options.storeTraceback ?? true;
  }

  override recreate(): AssertionPool<C> {
    return this.adopt(new AssertionPool(this.creator, this.options));
  }

  override status(): string {
    return "AssertionPool";
  }

  protected override *doGet(): Op<ConnectionRecord<C>> {
    if (this.#checkedOut) {
      const where = this.#checkoutStack === null ? "" : ` at:\n${this.#checkoutStack}`;
      throw new PoolAssertionError(`connection is already checked out${where}`);
    }
    this.#checkedOut = true;
    let made = false;
    try {
      this.#record ??= yield* this.createConnection();
      made = true;
    } finally {
      if (!made) this.#checkedOut = false;
    }
    if (this.#storeTraceback) {
      this.#checkoutStack = (new Error().stack ?? "").split("\n").slice(1).join("\n");
    }
    return this.#record;
  }

  protected override *doReturnConn(record: ConnectionRecord<C>): Op<void> {
    if (!this.#checkedOut) throw new PoolAssertionError("connection is not checked out");
    this.#checkedOut = false;
    this.#checkoutStack = null;
    if (this.disposed) yield* record.close();
  }

  protected override *doDispose(): Op<void> {
    const record = this.#record;
    this.#record = null;
    if (record !== null && !this.#checkedOut) yield* record.close();
  }
}
