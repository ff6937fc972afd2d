import type { ConnectionRecord } from "./connection-record.js";
import type { Op } from "./effects.js";
import { type Creator, Pool, type PoolOptions } from "./pool.js";
import type { PooledConnection } from "./pooled-connection.js";
import { SharedRecord } from "./shared-record.js";

/**
 * One connection for the whole (single-threaded) program: SQLAlchemy's
 * `SingletonThreadPool` with JavaScript's one thread. A checkout while the
 * connection is already checked out returns the same `PooledConnection`,
 * nested: it is reset and returned only when every checkout has closed it.
 * The connection is made again after an invalidation and closed by
 * `dispose()`.
 */
export class SingletonPool<C> extends Pool<C> {
  readonly kind = "SingletonPool";
  readonly #shared = new SharedRecord<C>();
  #current: PooledConnection<C> | null = null;

  constructor(creator: Creator<C>, options: PoolOptions<C> = {}) {
    super(creator, options);
  }

  override recreate(): SingletonPool<C> {
    return this.adopt(new SingletonPool(this.creator, this.options));
  }

  override status(): string {
    return `SingletonPool size: ${this.#shared.current === null ? 0 : 1}`;
  }

  /** The checked-out connection is handed out again (nested) if there is one. */
  override *connect(): Op<PooledConnection<C>> {
    const current = this.#current;
    if (!this.disposed && current !== null && !current.isClosed && !current.isDetached) {
      return current._checkoutAgain();
    }
    const proxy = yield* super.connect();
    this.#current = proxy;
    return proxy;
  }

  protected override doGet(): Op<ConnectionRecord<C>> {
    return this.#shared.get(() => this.createConnection());
  }

  protected override *doReturnConn(record: ConnectionRecord<C>): Op<void> {
    if (this.#current !== null && (this.#current.isClosed || this.#current.isDetached)) this.#current = null;
    if (this.disposed && !record.inUse) yield* record.close();
  }

  protected override *doDispose(): Op<void> {
    const record = this.#shared.clear();
    if (record !== null && !record.inUse) yield* record.close();
  }
}
