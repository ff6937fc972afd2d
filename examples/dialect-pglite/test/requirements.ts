/**
 * What PostgreSQL in PGlite supports, for the compliance suite from
 * `@athanor/core/testing`. Only what differs from the defaults (which come
 * from the dialect's flags: RETURNING, sequences, identity columns,
 * savepoints, native ENUM and UUID, the isolation levels with AUTOCOMMIT).
 */
import { SuiteRequirements } from "@athanor/core/testing";

export class PGliteRequirements extends SuiteRequirements {
  /** `UPDATE .. FROM`. */
  override get updateFrom(): boolean {
    return true;
  }
  /** `DELETE .. USING`. */
  override get deleteUsing(): boolean {
    return true;
  }
  /** `WITH .. UPDATE` / `WITH .. DELETE`. */
  override get ctesWithUpdateDelete(): boolean {
    return true;
  }
  /** `WITH x AS (INSERT .. RETURNING ..) SELECT ..`. */
  override get ctesOnDml(): boolean {
    return true;
  }
  /** `FETCH FIRST n ROWS ONLY` and `OFFSET .. FETCH`. */
  override get offsetFetch(): boolean {
    return true;
  }
  /** `FETCH FIRST n ROWS WITH TIES` (PostgreSQL 13). */
  override get fetchWithTies(): boolean {
    return true;
  }
  /** The `~` operator. */
  override get regexpMatch(): boolean {
    return true;
  }
  /** Row values: `(a, b) IN ((1, 2), ..)`. */
  override get tupleIn(): boolean {
    return true;
  }
  /** `NULLS FIRST` / `NULLS LAST`. */
  override get nullsOrdering(): boolean {
    return true;
  }
  /** `json` / `jsonb`, parsed by PGlite. */
  override get jsonType(): boolean {
    return true;
  }
  /** Native arrays. */
  override get arrayType(): boolean {
    return true;
  }
  /** `INTERVAL`, as milliseconds. */
  override get intervalType(): boolean {
    return true;
  }
  /** `TIMESTAMP WITH TIME ZONE`. */
  override get datetimeTimezone(): boolean {
    return true;
  }
  /** `VARCHAR` needs no length. */
  override get unboundedVarchar(): boolean {
    return true;
  }
  /** `GENERATED ALWAYS AS (..) STORED` (PostgreSQL 12). */
  override get computedColumns(): boolean {
    return true;
  }
  /** `DEFERRABLE INITIALLY DEFERRED`. */
  override get deferrableConstraints(): boolean {
    return true;
  }
  /** `CREATE SCHEMA`, and tables in it. */
  override get schemas(): boolean {
    return true;
  }
  /** DDL is transactional in PostgreSQL. */
  override get transactionalDdl(): boolean {
    return true;
  }
  /** `DECLARE` / `FETCH` cursors. */
  override get serverSideCursors(): boolean {
    return true;
  }
  /** One PGlite instance is the whole server: the engine's connections share it. */
  override get independentConnections(): boolean {
    return false;
  }
}
