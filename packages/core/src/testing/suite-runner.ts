/**
 * `runComplianceSuite`: registers the dialect compliance suite (as
 * SQLAlchemy's `testing/suite`) with vitest, against a live database.
 *
 * Each test creates the tables it needs under unique `cs_` names and drops
 * them afterwards, and is gated on the requirements it names — never on the
 * dialect's name. Gates are read when the test runs, after the engine's
 * first connection detected the server (so version-dependent flags are
 * right); a test whose requirements are missing is reported as skipped,
 * with the missing ones as its note.
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { createEngine, type EngineOptions } from "../engine/create-engine.js";
import type { Engine } from "../engine/engine.js";
import { type AsyncEngineLike, SuiteHarness } from "./harness.js";
import type { Capability, SuiteRequirements } from "./requirements.js";
import { ddlSuite } from "./suite-ddl.js";
import { dmlSuite } from "./suite-dml.js";
import { eventsSuite } from "./suite-events.js";
import { reflectionSuite } from "./suite-reflection.js";
import { resultsSuite } from "./suite-results.js";
import { selectSuite } from "./suite-select.js";
import { transactionsSuite } from "./suite-transactions.js";
import { typesSuite } from "./suite-types.js";

/** What a suite module gets: the harness, the requirements and a gated `test`. */
export interface SuiteApi {
  readonly h: SuiteHarness;
  readonly req: SuiteRequirements;
  /** Registers a test that runs only when every capability in `needs` is there. */
  test(name: string, needs: readonly Capability[], fn: () => Promise<void>): void;
}

/** One part of the suite (select, insert, types, ...). */
export type SuiteModule = (api: SuiteApi) => void;

/** The parts of the suite, by name (for `only`). */
export const SUITE_MODULES: Readonly<Record<string, SuiteModule>> = {
  select: selectSuite,
  dml: dmlSuite,
  results: resultsSuite,
  types: typesSuite,
  ddl: ddlSuite,
  reflection: reflectionSuite,
  transactions: transactionsSuite,
  events: eventsSuite,
};

/** Options of {@link runComplianceSuite}. */
export interface ComplianceSuiteOptions {
  /** Shown in the test names: `"postgresql+pg"`. */
  readonly name: string;
  /** What the dialect supports (its `test/requirements.ts`). */
  readonly requirements: SuiteRequirements;
  /** The database URL, or a function giving it (called when the suite starts, so it may throw). */
  readonly url?: string | (() => string);
  /** Options for `createEngine` with `url`. */
  readonly engineOptions?: EngineOptions;
  /**
   * Makes the engine instead of `url`: a sync `Engine`, or an `AsyncEngine`
   * (`createAsyncEngine` from `@athanor/asyncio-compat`), which runs every
   * test on the async API.
   */
  readonly makeEngine?: () => Engine | AsyncEngineLike;
  /**
   * Run on the async API with `url`: pass `createAsyncEngine` from
   * `@athanor/asyncio-compat` (core does not import it). Default: the sync API.
   */
  readonly async?: boolean;
  readonly createAsyncEngine?: (url: string, options: EngineOptions) => AsyncEngineLike;
  /** Register one skipped test with this reason instead of the suite (no database here). */
  readonly skip?: string | false;
  /** Only these parts of the suite (keys of {@link SUITE_MODULES}). Default: all. */
  readonly only?: readonly string[];
}

function engineFactory(options: ComplianceSuiteOptions): () => Engine | AsyncEngineLike {
  if (options.makeEngine !== undefined) return options.makeEngine;
  const { url } = options;
  if (url === undefined) throw new Error("runComplianceSuite needs `url` or `makeEngine`");
  return () => {
    const u = typeof url === "function" ? url() : url;
    const engineOptions = options.engineOptions ?? {};
    if (options.async === true) {
      if (options.createAsyncEngine === undefined) {
        throw new Error(
          "runComplianceSuite({ async: true }) needs `createAsyncEngine` from @athanor/asyncio-compat",
        );
      }
      return options.createAsyncEngine(u, engineOptions);
    }
    return createEngine(u, engineOptions);
  };
}

/**
 * Registers the compliance suite with vitest. Call it once from a dialect
 * package's `test/suite.test.ts`.
 *
 * @example
 * ```ts
 * import { runComplianceSuite } from "@athanor/core/testing";
 * import { createAsyncEngine } from "@athanor/asyncio-compat";
 * runComplianceSuite({
 *   name: "postgresql+pg",
 *   requirements: new PGRequirements(),
 *   makeEngine: () => createAsyncEngine(process.env.PG_URL ?? ""),
 * });
 * ```
 */
export function runComplianceSuite(options: ComplianceSuiteOptions): void {
  const title = `compliance suite: ${options.name}`;
  if (typeof options.skip === "string") {
    describe(title, () => {
      it.skip(options.skip as string, () => {});
    });
    return;
  }
  describe(title, () => {
    const h = new SuiteHarness(options.requirements, engineFactory(options));
    beforeAll(async () => {
      await h.start();
    });
    afterAll(async () => {
      await h.stop();
    });
    const api: SuiteApi = {
      h,
      req: options.requirements,
      test(name, needs, fn) {
        it(name, async (ctx) => {
          const missing = needs.filter((cap) => !options.requirements[cap]);
          if (missing.length > 0) ctx.skip(`requires ${missing.join(", ")}`);
          await fn();
        });
      },
    };
    for (const [name, mod] of Object.entries(SUITE_MODULES)) {
      if (options.only !== undefined && !options.only.includes(name)) continue;
      describe(name, () => mod(api));
    }
  });
}
