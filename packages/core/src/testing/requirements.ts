/**
 * `SuiteRequirements`: what a dialect (with its driver and server) can do,
 * one documented getter per capability, as SQLAlchemy's
 * `testing/requirements.py`. The compliance suite gates each test on these
 * getters — never on a dialect's name — so a third-party dialect runs the
 * same suite and says what it supports by overriding getters in its own
 * `test/requirements.ts`.
 *
 * Defaults come from the dialect's capability flags where there is one
 * (`supportsSequences`, `insertReturning`, ...). The suite binds the dialect
 * after the engine's first connection, so flags that depend on the server
 * version (MariaDB's RETURNING) are read as detected.
 *
 * @example
 * ```ts
 * export class CockroachRequirements extends SuiteRequirements {
 *   override get deferrableConstraints() { return false; }
 * }
 * ```
 */

import type { Dialect } from "../engine/dialect.js";
import { InvalidRequestError } from "../exc.js";

/** The requirements every dialect starts from; override the getters that differ. */
export class SuiteRequirements {
  private boundDialect: Dialect | undefined;

  /** @internal Called by the suite once the engine has connected (and detected the server version). */
  bind(dialect: Dialect): void {
    this.boundDialect = dialect;
  }

  /** The dialect under test; only available while the suite runs. */
  get dialect(): Dialect {
    const d = this.boundDialect;
    if (d === undefined) throw new InvalidRequestError("requirements are read once the suite has connected");
    return d;
  }

  // --- DML -----------------------------------------------------------------------------

  /** INSERT, UPDATE and DELETE all accept RETURNING. Default: the three flags below. */
  get returning(): boolean {
    return this.insertReturning && this.updateReturning && this.deleteReturning;
  }
  /** `INSERT .. RETURNING` (or OUTPUT). Default: `dialect.insertReturning`. */
  get insertReturning(): boolean {
    return this.dialect.insertReturning;
  }
  /** `UPDATE .. RETURNING`. Default: `dialect.updateReturning`. */
  get updateReturning(): boolean {
    return this.dialect.updateReturning;
  }
  /** `DELETE .. RETURNING`. Default: `dialect.deleteReturning`. */
  get deleteReturning(): boolean {
    return this.dialect.deleteReturning;
  }
  /** Several rows in one `INSERT .. VALUES (..), (..)`. Default: `dialect.supportsMultivaluesInsert`. */
  get multivaluesInserts(): boolean {
    return this.dialect.supportsMultivaluesInsert;
  }
  /** An INSERT with no values at all (every column defaulted). Default: DEFAULT VALUES or `() VALUES ()`. */
  get emptyInserts(): boolean {
    return this.dialect.supportsEmptyInsert || this.dialect.supportsDefaultValues;
  }
  /** `INSERT .. SELECT`. Default true. */
  get insertFromSelect(): boolean {
    return true;
  }
  /** UPDATE with other tables in its WHERE (`UPDATE .. FROM`, MySQL's multi-table UPDATE). Default false. */
  get updateFrom(): boolean {
    return false;
  }
  /** DELETE with other tables in its WHERE (`DELETE .. USING`, MySQL's multi-table DELETE). Default false. */
  get deleteUsing(): boolean {
    return false;
  }
  /** UPDATE/DELETE report how many rows they matched. Default true. */
  get rowcountReliable(): boolean {
    return true;
  }
  /** An executemany's rowcount is the sum over its parameter sets. Default true. */
  get executemanyRowcount(): boolean {
    return true;
  }

  // --- SELECT --------------------------------------------------------------------------

  /** Common table expressions (`WITH`). Default true. */
  get ctes(): boolean {
    return true;
  }
  /** `WITH RECURSIVE`. Default true. */
  get recursiveCtes(): boolean {
    return true;
  }
  /** A CTE in front of UPDATE and DELETE (`WITH x AS (..) DELETE ..`). Default false. */
  get ctesWithUpdateDelete(): boolean {
    return false;
  }
  /** A CTE that is itself DML with RETURNING (PostgreSQL). Default false. */
  get ctesOnDml(): boolean {
    return false;
  }
  /** Window functions (`OVER (..)`). Default true. */
  get windowFunctions(): boolean {
    return true;
  }
  /** `.fetch(n)` and `.offset(n).fetch(n)` (`FETCH FIRST n ROWS ONLY`). Default false. */
  get offsetFetch(): boolean {
    return false;
  }
  /** `FETCH FIRST n ROWS WITH TIES`. Default false. */
  get fetchWithTies(): boolean {
    return false;
  }
  /** `SELECT .. FOR UPDATE` runs (locking, or ignored where there are no row locks). Default true. */
  get forUpdate(): boolean {
    return true;
  }
  /** `regexpMatch()`. Default false (the database needs a REGEXP operator or function). */
  get regexpMatch(): boolean {
    return false;
  }
  /** `(a, b) IN ((1, 2), (3, 4))`. Default false. */
  get tupleIn(): boolean {
    return false;
  }
  /** `INTERSECT` and `EXCEPT`. Default true. */
  get intersectExcept(): boolean {
    return true;
  }
  /** `NULLS FIRST` / `NULLS LAST`. Default false. */
  get nullsOrdering(): boolean {
    return false;
  }
  /** `IS DISTINCT FROM` (or its rendering). Default true. */
  get isDistinctFrom(): boolean {
    return true;
  }

  // --- types ---------------------------------------------------------------------------

  /** A native BOOLEAN type (else Boolean is stored as an integer). Default: `dialect.supportsNativeBoolean`. */
  get booleanType(): boolean {
    return this.dialect.supportsNativeBoolean;
  }
  /** The generic `JSON` type round-trips objects. Default false. */
  get jsonType(): boolean {
    return false;
  }
  /** The generic `Uuid` type round-trips (natively or as CHAR(32)). Default true. */
  get uuidType(): boolean {
    return true;
  }
  /** A native UUID type. Default: `dialect.supportsNativeUuid`. */
  get nativeUuid(): boolean {
    return this.dialect.supportsNativeUuid;
  }
  /** `ARRAY` columns. Default false. */
  get arrayType(): boolean {
    return false;
  }
  /** The generic `Interval` type round-trips. Default false. */
  get intervalType(): boolean {
    return false;
  }
  /** DateTime with a time zone keeps the instant. Default false. */
  get datetimeTimezone(): boolean {
    return false;
  }
  /** The `Time` type round-trips. Default true. */
  get timeType(): boolean {
    return true;
  }
  /** A native ENUM type. Default: `dialect.supportsNativeEnum`. */
  get nativeEnum(): boolean {
    return this.dialect.supportsNativeEnum;
  }
  /** `String()` without a length renders and works in DDL. Default false. */
  get unboundedVarchar(): boolean {
    return false;
  }
  /** Numeric keeps 20 significant digits exactly (SQLite stores fractions as REAL). Default true. */
  get preciseNumerics(): boolean {
    return true;
  }
  /** BigInteger values beyond 2^53 come back exactly. Default true. */
  get bigintBeyondFloat(): boolean {
    return true;
  }

  // --- schema --------------------------------------------------------------------------

  /** Sequences (`CREATE SEQUENCE`, `nextValue()`). Default: `dialect.supportsSequences`. */
  get sequences(): boolean {
    return this.dialect.supportsSequences;
  }
  /** Identity columns (`GENERATED .. AS IDENTITY`). Default: `dialect.supportsIdentityColumns`. */
  get identityColumns(): boolean {
    return this.dialect.supportsIdentityColumns;
  }
  /** Computed (generated) columns. Default false. */
  get computedColumns(): boolean {
    return false;
  }
  /** Schemas other than the default one. Default false. */
  get schemas(): boolean {
    return false;
  }
  /** A table with a foreign key to itself. Default true. */
  get selfReferentialForeignKeys(): boolean {
    return true;
  }
  /** Foreign keys are enforced (violations raise IntegrityError). Default true. */
  get foreignKeysEnforced(): boolean {
    return true;
  }
  /** CHECK constraints are enforced. Default true. */
  get checkConstraints(): boolean {
    return true;
  }
  /** `DEFERRABLE INITIALLY DEFERRED` constraints. Default false. */
  get deferrableConstraints(): boolean {
    return false;
  }
  /** `CREATE TEMPORARY TABLE`. Default true. */
  get temporaryTables(): boolean {
    return true;
  }
  /** DDL is transactional: a rolled-back CREATE TABLE leaves nothing. Default false. */
  get transactionalDdl(): boolean {
    return false;
  }
  /** Views (`CREATE VIEW`), listed by reflection apart from tables. Default true. */
  get views(): boolean {
    return true;
  }

  // --- reflection ----------------------------------------------------------------------

  /** Reflection (`inspect(conn)`, `metadata.reflect()`, autoload). Default: the dialect has a reflector (`dialect.reflectorClass`). */
  get reflection(): boolean {
    return this.dialect.reflectorClass !== undefined;
  }
  /** Table and column comments are stored and reflected. Default: `dialect.supportsComments`. */
  get reflectsComments(): boolean {
    return this.dialect.supportsComments;
  }
  /** CHECK constraints are kept by the database and reflected, with their names. Default: `checkConstraints`. */
  get reflectsCheckConstraints(): boolean {
    return this.checkConstraints;
  }
  /** A foreign key's `ON DELETE` action is reflected. Default true. */
  get reflectsForeignKeyOptions(): boolean {
    return true;
  }

  // --- connections and transactions -----------------------------------------------------

  /** SAVEPOINT, RELEASE and ROLLBACK TO. Default: `dialect.supportsSavepoints`. */
  get savepoints(): boolean {
    return this.dialect.supportsSavepoints;
  }
  /** The isolation levels `executionOptions({ isolationLevel })` accepts. Default: `dialect.isolationLevels`. */
  get isolationLevels(): readonly string[] {
    return this.dialect.isolationLevels;
  }
  /** Whether the isolation level can be set at all. Default: `isolationLevels` is not empty. */
  get isolationLevelSwitch(): boolean {
    return this.isolationLevels.length > 0;
  }
  /** The `AUTOCOMMIT` isolation level. Default: `isolationLevels` includes it. */
  get autocommit(): boolean {
    return this.isolationLevels.includes("AUTOCOMMIT");
  }
  /** Server-side cursors (`streamResults`, `yieldPer`) where rows arrive as fetched. Default false. */
  get serverSideCursors(): boolean {
    return false;
  }
  /** The driver has no synchronous API (only the async one works). Default: from the driver adapter. */
  get asyncOnly(): boolean {
    return !this.dialect.driverAdapter().supportsSync;
  }
  /** Two connections of the engine are separate sessions (not so for in-memory SQLite). Default true. */
  get independentConnections(): boolean {
    return true;
  }
}

/** The names of the boolean requirements, which tests are gated on. */
export type Capability = {
  [K in keyof SuiteRequirements]: SuiteRequirements[K] extends boolean ? K : never;
}[keyof SuiteRequirements];
