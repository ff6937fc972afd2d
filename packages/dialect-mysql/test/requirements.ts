/**
 * What MySQL and MariaDB (through mysql2) support, for the compliance suite
 * from `@athanor/core/testing`. Only what differs from the defaults; flags
 * that depend on the server (RETURNING, sequences, native UUID on MariaDB)
 * come from the dialect, which detects the server on the first connection.
 */
import { SuiteRequirements } from "@athanor/core/testing";

export class MySQLRequirements extends SuiteRequirements {
  private get isMariaDB(): boolean {
    return (this.dialect as unknown as { isMariaDB?: boolean }).isMariaDB === true;
  }
  /** Multi-table UPDATE. */
  override get updateFrom(): boolean {
    return true;
  }
  /** Multi-table DELETE. */
  override get deleteUsing(): boolean {
    return true;
  }
  /** `WITH .. UPDATE/DELETE`: MySQL 8 has it, MariaDB does not. */
  override get ctesWithUpdateDelete(): boolean {
    return !this.isMariaDB && this.dialect.serverVersionAtLeast(8);
  }
  /** `REGEXP`. */
  override get regexpMatch(): boolean {
    return true;
  }
  override get tupleIn(): boolean {
    return true;
  }
  /** `INTERSECT` / `EXCEPT`: MariaDB 10.3, MySQL 8.0.31. */
  override get intersectExcept(): boolean {
    return this.isMariaDB
      ? this.dialect.serverVersionAtLeast(10, 3)
      : this.dialect.serverVersionAtLeast(8, 0, 31);
  }
  override get jsonType(): boolean {
    return true;
  }
  override get computedColumns(): boolean {
    return true;
  }
  /** `CHECK` is enforced from MariaDB 10.2 and MySQL 8.0.16. */
  override get checkConstraints(): boolean {
    return this.isMariaDB
      ? this.dialect.serverVersionAtLeast(10, 2)
      : this.dialect.serverVersionAtLeast(8, 0, 16);
  }
  /** Rows streamed from the server as read. */
  override get serverSideCursors(): boolean {
    return true;
  }
}
