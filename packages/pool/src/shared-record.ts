import type { ConnectionRecord } from "./connection-record.js";
import { type Op, perform } from "./effects.js";
import { InvalidRequestError } from "./errors.js";

/**
 * @internal The one record of StaticPool and SingletonPool, made on first
 * use. Async checkouts that arrive while it is being made wait for it
 * instead of making a second one.
 */
export class SharedRecord<C> {
  #record: ConnectionRecord<C> | null = null;
  #pending: Promise<void> | null = null;

  get current(): ConnectionRecord<C> | null {
    return this.#record;
  }

  *get(make: () => Op<ConnectionRecord<C>>): Op<ConnectionRecord<C>> {
    for (;;) {
      if (this.#record !== null) return this.#record;
      const pending = this.#pending;
      if (pending === null) break;
      yield* perform<void>({
        describe: "pool: wait for the shared connection",
        sync: () => {
          throw new InvalidRequestError("The pool's connection is being made by an async checkout");
        },
        async: () => pending,
      });
    }
    let done: () => void = () => {};
    this.#pending = new Promise<void>((resolve) => {
      done = resolve;
    });
    try {
      this.#record = yield* make();
      return this.#record;
    } finally {
      this.#pending = null;
      done();
    }
  }

  /** Forgets the record and returns it. */
  clear(): ConnectionRecord<C> | null {
    const record = this.#record;
    this.#record = null;
    return record;
  }
}
