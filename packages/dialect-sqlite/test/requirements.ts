/**
 * What SQLite (through better-sqlite3) supports, for the compliance suite
 * from `@athanor/core/testing`. Only what differs from the defaults.
 */
import { SuiteRequirements } from "@athanor/core/testing";

export class SQLiteRequirements extends SuiteRequirements {
  constructor(private readonly memory = false) {
    super();
  }
  /** `WITH .. UPDATE` / `WITH .. DELETE`. */
  override get ctesWithUpdateDelete(): boolean {
    return true;
  }
  /** `UPDATE .. FROM` (SQLite 3.33). */
  override get updateFrom(): boolean {
    return true;
  }
  /** Row values: `(a, b) IN (VALUES ..)`. */
  override get tupleIn(): boolean {
    return true;
  }
  /** `NULLS FIRST` / `NULLS LAST` (SQLite 3.30). */
  override get nullsOrdering(): boolean {
    return true;
  }
  /** Generated columns (SQLite 3.31). */
  override get computedColumns(): boolean {
    return true;
  }
  /** Types are affinities: VARCHAR needs no length. */
  override get unboundedVarchar(): boolean {
    return true;
  }
  /** JSON stored as text, with the json1 functions. */
  override get jsonType(): boolean {
    return true;
  }
  /** Rows are stepped through as iterated (`iterate()`). */
  override get serverSideCursors(): boolean {
    return true;
  }
  /** DDL is transactional in SQLite. */
  override get transactionalDdl(): boolean {
    return true;
  }
  /** No row locks: FOR UPDATE is left out, which the suite accepts. */
  override get forUpdate(): boolean {
    return true;
  }
  /** NUMERIC affinity stores fractions as REAL: about 15 significant digits. */
  override get preciseNumerics(): boolean {
    return false;
  }
  /** An in-memory database lives in one shared connection. */
  override get independentConnections(): boolean {
    return !this.memory;
  }
}
