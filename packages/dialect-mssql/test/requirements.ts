/**
 * What SQL Server (through tedious) supports, for the compliance suite from
 * `@athanor/core/testing`. Only what differs from the defaults. Not yet run
 * against a server here: no SQL Server is available.
 */
import { SuiteRequirements } from "@athanor/core/testing";

export class MSSQLRequirements extends SuiteRequirements {
  /** `OFFSET .. FETCH` (2012). */
  override get offsetFetch(): boolean {
    return true;
  }
  /** `UPDATE .. FROM`. */
  override get updateFrom(): boolean {
    return true;
  }
  /** `DELETE .. FROM .. JOIN`. */
  override get deleteUsing(): boolean {
    return true;
  }
  /** `WITH .. UPDATE/DELETE`. */
  override get ctesWithUpdateDelete(): boolean {
    return true;
  }
  override get computedColumns(): boolean {
    return true;
  }
  /** `NVARCHAR(max)`. */
  override get unboundedVarchar(): boolean {
    return true;
  }
  override get datetimeTimezone(): boolean {
    return true;
  }
  override get transactionalDdl(): boolean {
    return true;
  }
  /** Temporary tables are `#name`, not `CREATE TEMPORARY TABLE`. */
  override get temporaryTables(): boolean {
    return false;
  }
  /** No `IS DISTINCT FROM` before SQL Server 2022. */
  override get isDistinctFrom(): boolean {
    return this.dialect.serverVersionAtLeast(16);
  }
}
