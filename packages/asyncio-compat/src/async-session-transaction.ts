/**
 * `AsyncSessionTransaction`: a transaction of an `AsyncSession` as an object
 * (SQLAlchemy's `ext.asyncio.AsyncSessionTransaction`): the root transaction
 * of `session.begin()` or a SAVEPOINT of `session.beginNested()`, ended with
 * an awaited `commit()` / `rollback()`. It drives the sync session's
 * `SessionTransaction` through that session's operations with the async runner.
 */
import { InvalidRequestError } from "@athanor/core";
import type { Session, SessionTransaction } from "@athanor/orm";
import { runAsync } from "./run-async.js";

/**
 * A transaction of an `AsyncSession`. `await using tx = await session.beginNested()`
 * rolls it back when it is still active at the end of the block.
 */
export class AsyncSessionTransaction implements AsyncDisposable {
  constructor(
    private readonly session: Session,
    /** The sync session's handle of this transaction. */
    readonly syncTransaction: SessionTransaction,
  ) {}

  /** Whether this is a SAVEPOINT (`beginNested()`). */
  get nested(): boolean {
    return this.syncTransaction.nested;
  }

  /** Whether the transaction can still be committed or rolled back. */
  get isActive(): boolean {
    return this.syncTransaction.isActive;
  }

  /**
   * Root: the session's `commit()`. Savepoint: flushes, then RELEASE
   * SAVEPOINT; its changes become part of the enclosing transaction.
   */
  async commit(): Promise<void> {
    if (!this.isActive) throw new InvalidRequestError("This session transaction is no longer active");
    if (!this.nested) return runAsync(this.session.commitOp());
    const frame = this.session.savepointFrame(this.syncTransaction);
    if (frame === undefined) throw new InvalidRequestError("This nested transaction is no longer active");
    return runAsync(this.session.commitSavepointOp(frame));
  }

  /**
   * Root: the session's `rollback()`. Savepoint: ROLLBACK TO SAVEPOINT and
   * its in-memory undo (see `SessionTransaction.rollback`). A no-op once the
   * transaction ended.
   */
  async rollback(): Promise<void> {
    if (!this.isActive) return;
    if (!this.nested) return runAsync(this.session.rollbackOp());
    const frame = this.session.savepointFrame(this.syncTransaction);
    try {
      if (frame !== undefined) await runAsync(this.session.rollbackSavepointOp(frame));
    } finally {
      this.syncTransaction.deactivate();
    }
  }

  /** `await using tx = await session.begin()`: rolls back when not committed by the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.rollback();
  }
}

/**
 * The async handle of a sync handle, one per transaction, so that
 * `getTransaction()` returns the object `begin()` did. @internal
 */
export function asyncHandleOf(session: Session, tx: SessionTransaction): AsyncSessionTransaction {
  let handle = handles.get(tx);
  if (handle === undefined) {
    handle = new AsyncSessionTransaction(session, tx);
    handles.set(tx, handle);
  }
  return handle;
}

const handles = new WeakMap<SessionTransaction, AsyncSessionTransaction>();
