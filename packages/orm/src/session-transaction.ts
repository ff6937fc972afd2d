/**
 * The session's transactions as objects (SQLAlchemy's `SessionTransaction`):
 * the root one that `session.begin()` returns, and the SAVEPOINTs of
 * `session.beginNested()`, with the bookkeeping that lets rolling a
 * savepoint back undo, in memory, what was flushed inside it while the
 * outer transaction goes on.
 */
import { InvalidRequestError, type Transaction } from "@athanor/core";
import type { IdentityMap } from "./identity-map.js";
import type { InstanceState } from "./instance-state.js";

/** What the savepoint bookkeeping reads and changes in a session. @internal */
export interface SessionBookkeeping {
  readonly identityMap: IdentityMap;
  /** Pending objects (added, not flushed). */
  readonly newStates: Set<InstanceState>;
  /** Objects marked by `delete()`, not flushed. */
  readonly deletedStates: Set<InstanceState>;
  /** Objects inserted / deleted by the flushes of the whole (root) transaction. */
  readonly txInserted: Set<InstanceState>;
  readonly txDeleted: Set<InstanceState>;
  /** Removes an object from the session (it becomes transient or detached). */
  detach(state: InstanceState): void;
}

/** One open SAVEPOINT and what the flushes inside it wrote. @internal */
export interface SavepointFrame {
  readonly tx: Transaction;
  readonly handle: SessionTransaction;
  readonly inserted: Set<InstanceState>;
  readonly deleted: Set<InstanceState>;
  /** Objects whose UPDATE was flushed inside the savepoint. */
  readonly dirty: Set<InstanceState>;
  /** Set when a flush failed inside the savepoint: it was rolled back and must be ended with `rollback()`. */
  failure: unknown;
}

/** The operations a {@link SessionTransaction} delegates to its session. @internal */
export interface TransactionHost {
  commit(): void;
  rollback(): void;
  commitSavepoint(frame: SavepointFrame): void;
  rollbackSavepoint(frame: SavepointFrame): void;
  savepointFrame(handle: SessionTransaction): SavepointFrame | undefined;
}

/**
 * A transaction of a session: the root transaction from `session.begin()`,
 * or a SAVEPOINT from `session.beginNested()`. `commit()` / `rollback()` end
 * it; `using` rolls it back when it is still active at the end of the block
 * (commit explicitly, or use the callback forms, which commit on success).
 */
export class SessionTransaction {
  private active = true;

  constructor(
    private readonly host: TransactionHost,
    /** Whether this is a SAVEPOINT (`beginNested()`). */
    readonly nested: boolean,
  ) {}

  /** Whether the transaction can still be committed or rolled back. */
  get isActive(): boolean {
    return this.active;
  }

  /**
   * Root: the session's `commit()`. Savepoint: flushes, then RELEASE
   * SAVEPOINT; its changes become part of the enclosing transaction.
   */
  commit(): void {
    if (!this.active) throw new InvalidRequestError("This session transaction is no longer active");
    if (!this.nested) {
      this.host.commit();
      return;
    }
    const frame = this.host.savepointFrame(this);
    if (frame === undefined) throw new InvalidRequestError("This nested transaction is no longer active");
    this.host.commitSavepoint(frame);
  }

  /**
   * Root: the session's `rollback()`. Savepoint: ROLLBACK TO SAVEPOINT
   * (and of any savepoint inside it); objects added or inserted since it
   * began become transient, objects deleted in it persistent again, and
   * objects changed in it are expired. A no-op once the transaction ended.
   */
  rollback(): void {
    if (!this.active) return;
    if (!this.nested) {
      this.host.rollback();
      return;
    }
    const frame = this.host.savepointFrame(this);
    if (frame !== undefined) this.host.rollbackSavepoint(frame);
    this.active = false;
  }

  /** `using tx = session.beginNested()`: rolls back when not committed by the end of the block. */
  [Symbol.dispose](): void {
    this.rollback();
  }

  /** @internal */
  deactivate(): void {
    this.active = false;
  }
}

/** Records what a successful flush wrote in the innermost savepoint. @internal */
export function recordInSavepoint(
  frame: SavepointFrame | undefined,
  inserts: readonly InstanceState[],
  updates: readonly InstanceState[],
  deletes: readonly InstanceState[],
): void {
  if (frame === undefined) return;
  for (const s of inserts) frame.inserted.add(s);
  for (const s of updates) frame.dirty.add(s);
  for (const s of deletes) frame.deleted.add(s);
}

/** After RELEASE SAVEPOINT: the enclosing savepoint (if any) now owns what this one wrote. @internal */
export function mergeIntoParent(frame: SavepointFrame, parent: SavepointFrame | undefined): void {
  if (parent === undefined) return;
  for (const s of frame.inserted) parent.inserted.add(s);
  for (const s of frame.deleted) parent.deleted.add(s);
  for (const s of frame.dirty) parent.dirty.add(s);
}

/**
 * The in-memory side of ROLLBACK TO SAVEPOINT for `frames` (a savepoint and
 * those opened inside it), as SQLAlchemy's `_restore_snapshot(dirty_only)`:
 * pending objects and objects inserted in them become transient, objects
 * deleted in them persistent again, and changed objects are expired.
 * @internal
 */
export function undoSavepoints(b: SessionBookkeeping, frames: readonly SavepointFrame[]): void {
  const inserted = new Set<InstanceState>();
  const deleted = new Set<InstanceState>();
  const dirty = new Set<InstanceState>();
  for (const f of frames) {
    for (const s of f.inserted) inserted.add(s);
    for (const s of f.deleted) deleted.add(s);
    for (const s of f.dirty) dirty.add(s);
  }
  for (const s of [...b.newStates]) {
    b.detach(s);
  }
  for (const s of inserted) {
    b.detach(s);
    s.key = undefined;
    s.deletedFlushed = false;
    s.markAllAdded();
  }
  for (const s of deleted) {
    if (inserted.has(s)) continue;
    b.txDeleted.delete(s);
    s.deletedFlushed = false;
    b.identityMap.add(s);
  }
  b.deletedStates.clear();
  for (const s of b.identityMap.states()) if (s.modified || dirty.has(s)) s.expire();
}

/**
 * After a flush failed inside a savepoint and the database rolled back to
 * it: what earlier flushes inside the savepoint wrote is undone in memory,
 * while the failed flush's own objects keep their changes (as the root
 * transaction's failed flush does). Objects inserted in the savepoint are
 * pending again, deleted ones persistent, and the columns of rows updated in
 * it are expired except those with unflushed changes. @internal
 */
export function undoFailedSavepointFlush(b: SessionBookkeeping, frame: SavepointFrame): void {
  for (const s of frame.deleted) {
    if (frame.inserted.has(s)) continue;
    b.txDeleted.delete(s);
    s.deletedFlushed = false;
    b.identityMap.add(s);
  }
  for (const s of frame.inserted) {
    b.identityMap.remove(s);
    b.txInserted.delete(s);
    b.txDeleted.delete(s);
    s.key = undefined;
    s.deletedFlushed = false;
    s.markAllAdded();
    b.newStates.add(s);
  }
  for (const s of frame.dirty) {
    if (!b.identityMap.has(s)) continue;
    const changed = new Set(s.modifiedKeys);
    s.expire([...s.mapper.columnKeys, ...s.mapper.relationships.keys()].filter((k) => !changed.has(k)));
  }
  frame.inserted.clear();
  frame.deleted.clear();
  frame.dirty.clear();
}
