/**
 * What Oracle (through oracledb, thin mode) supports, for the compliance
 * suite from `@athanor/core/testing`. Only what differs from the defaults.
 * Not yet run against a server here: no Oracle is available.
 */
import { SuiteRequirements } from "@athanor/core/testing";

export class OracleRequirements extends SuiteRequirements {
  /** `OFFSET .. FETCH` (12c). */
  override get offsetFetch(): boolean {
    return true;
  }
  override get fetchWithTies(): boolean {
    return true;
  }
  /** `REGEXP_LIKE`. */
  override get regexpMatch(): boolean {
    return true;
  }
  override get tupleIn(): boolean {
    return true;
  }
  override get nullsOrdering(): boolean {
    return true;
  }
  /** `MINUS` stands for EXCEPT. */
  override get intersectExcept(): boolean {
    return true;
  }
  override get computedColumns(): boolean {
    return true;
  }
  override get deferrableConstraints(): boolean {
    return true;
  }
  override get datetimeTimezone(): boolean {
    return true;
  }
  /** `VARCHAR2` needs a length. */
  override get unboundedVarchar(): boolean {
    return false;
  }
  /** Global temporary tables need `ON COMMIT` options the generic test does not give. */
  override get temporaryTables(): boolean {
    return false;
  }
}
