/**
 * What PostgreSQL (through pg) supports, for the compliance suite from
 * `@athanor/core/testing`. Only what differs from the defaults.
 */
import { SuiteRequirements } from "@athanor/core/testing";

export class PGRequirements extends SuiteRequirements {
  override get ctesWithUpdateDelete(): boolean {
    return true;
  }
  /** `WITH ins AS (INSERT .. RETURNING ..) SELECT ..`. */
  override get ctesOnDml(): boolean {
    return true;
  }
  override get updateFrom(): boolean {
    return true;
  }
  override get deleteUsing(): boolean {
    return true;
  }
  override get offsetFetch(): boolean {
    return true;
  }
  /** `FETCH FIRST .. WITH TIES` (PostgreSQL 13). */
  override get fetchWithTies(): boolean {
    return this.dialect.serverVersionAtLeast(13);
  }
  /** The `~` operator. */
  override get regexpMatch(): boolean {
    return true;
  }
  override get tupleIn(): boolean {
    return true;
  }
  override get nullsOrdering(): boolean {
    return true;
  }
  override get jsonType(): boolean {
    return true;
  }
  override get arrayType(): boolean {
    return true;
  }
  override get intervalType(): boolean {
    return true;
  }
  override get datetimeTimezone(): boolean {
    return true;
  }
  override get computedColumns(): boolean {
    return true;
  }
  override get deferrableConstraints(): boolean {
    return true;
  }
  override get schemas(): boolean {
    return true;
  }
  override get unboundedVarchar(): boolean {
    return true;
  }
  override get transactionalDdl(): boolean {
    return true;
  }
  /** Named cursors inside a transaction. */
  override get serverSideCursors(): boolean {
    return true;
  }
}
