import type { ConnectionRecord } from "./connection-record.js";
import type { Op } from "./effects.js";
import { type Creator, Pool, type PoolOptions } from "./pool.js";

/**
 * A pool that does not pool (SQLAlchemy's `NullPool`): each checkout opens a
 * new connection and each checkin closes it. `recycle` and invalidation have
 * nothing to act on. Works with sync and async runners alike.
 */
export class NullPool<C> extends Pool<C> {
  readonly kind = "NullPool";

  constructor(creator: Creator<C>, options: PoolOptions<C> = {}) {
    super(creator, options);
  }

  override recreate(): NullPool<C> {
    return this.adopt(new NullPool(this.creator, this.options));
  }

  override status(): string {
    return "NullPool";
  }

  protected override doGet(): Op<ConnectionRecord<C>> {
    return this.createConnection();
  }

  protected override doReturnConn(record: ConnectionRecord<C>): Op<void> {
    return record.close();
  }
  protected override *doDispose(): Op<void> {}
}
