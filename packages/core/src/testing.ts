/**
 * `@athanor/core/testing`: the dialect compliance suite, as SQLAlchemy's
 * `testing/suite`. A dialect package — built-in or third-party — runs it
 * against a live database with one call from its `test/suite.test.ts`,
 * stating what it supports in a `SuiteRequirements` subclass.
 *
 * This entry imports vitest (an optional peer dependency of
 * `@athanor/core`); core's main entry never does.
 *
 * @example
 * ```ts
 * // test/suite.test.ts
 * import { runComplianceSuite } from "@athanor/core/testing";
 * import { MyRequirements } from "./requirements.js";
 * runComplianceSuite({ name: "mydb+driver", url: process.env.MYDB_URL ?? "", requirements: new MyRequirements() });
 * ```
 *
 * @packageDocumentation
 */
export {
  ADDRESS_ROWS,
  errorOf,
  SOME_ROWS,
  someTable,
  USER_ROWS,
  usersAddresses,
} from "./testing/fixtures.js";
export {
  type AsyncConnectionLike,
  type AsyncEngineLike,
  isAsyncEngine,
  SuiteConnection,
  SuiteHarness,
  type SuiteResult,
  type SuiteRows,
  type SuiteTransaction,
} from "./testing/harness.js";
export { type Capability, SuiteRequirements } from "./testing/requirements.js";
export {
  type ComplianceSuiteOptions,
  runComplianceSuite,
  SUITE_MODULES,
  type SuiteApi,
  type SuiteModule,
} from "./testing/suite-runner.js";
