import type { ConnectionRecord } from "./connection-record.js";
import type { Op } from "./effects.js";
import { type Creator, Pool, type PoolOptions } from "./pool.js";
import { SharedRecord } from "./shared-record.js";

/**
 * A pool of exactly one connection, shared by every checkout and never
 * closed on checkin (SQLAlchemy's `StaticPool`) — for an in-memory SQLite
 * database, which lives only as long as its one connection. Each checkout
 * gets its own `PooledConnection` over that connection. Invalidating it makes
 * the next checkout reconnect; `dispose()` closes it (once it is returned).
 */
export class StaticPool<C> extends Pool<C> {
  readonly kind = "StaticPool";
  readonly #shared = new SharedRecord<C>();

  constructor(creator: Creator<C>, options: PoolOptions<C> = {}) {
    super(creator, options);
  }

  override recreate(): StaticPool<C> {
    return this.adopt(new StaticPool(this.creator, this.options));
  }

  override status(): string {
    return "StaticPool";
  }

  /** The shared record, or `null` before the first checkout. */
  get connectionRecord(): ConnectionRecord<C> | null {
    return this.#shared.current;
  }

  protected override doGet(): Op<ConnectionRecord<C>> {
    return this.#shared.get(() => this.createConnection());
  }

  protected override *doReturnConn(record: ConnectionRecord<C>): Op<void> {
    if (this.disposed && !record.inUse) yield* record.close();
  }

  protected override *doDispose(): Op<void> {
    const record = this.#shared.clear();
    if (record !== null && !record.inUse) yield* record.close();
  }
}
