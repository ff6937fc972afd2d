/**
 * The conformance corpus on all six targets: one test per target, which
 * passes when that target's results are exactly what KNOWN_FAILURES.md says
 * (no unlisted failure, no listed row that no longer applies).
 *
 * Prints one line per target: `conformance <target>: <passed>/<total> passed`.
 * Writes report/latest.md. With UPDATE_KNOWN_FAILURES=1 it first rewrites
 * KNOWN_FAILURES.md from the results (see README.md).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadMeta } from "../src/corpus.js";
import { TARGETS, type Target } from "../src/dialects.js";
import { paramMatchingSelfCheck, type RunSummary, runAll } from "../src/harness.js";
import {
  checkAgainstKnown,
  type Entry,
  parseKnownFailures,
  renderKnownFailures,
  renderReport,
  type TargetCheck,
  UPDATE_COMMAND,
} from "../src/known-failures.js";

const KNOWN_FAILURES = new URL("../KNOWN_FAILURES.md", import.meta.url);
const REPORT_DIR = new URL("../report/", import.meta.url);
const REPORT = new URL("../report/latest.md", import.meta.url);
const UPDATE = ["1", "true", "yes"].includes((process.env.UPDATE_KNOWN_FAILURES ?? "").toLowerCase());

let summary: RunSummary;
let checks: Record<Target, TargetCheck>;

beforeAll(() => {
  const selfCheck = paramMatchingSelfCheck();
  if (selfCheck.length > 0) throw new Error(`harness self-check failed:\n${selfCheck.join("\n")}`);

  const version = loadMeta().sqlalchemy_version;
  summary = runAll();
  const previous: Entry[] = existsSync(KNOWN_FAILURES)
    ? parseKnownFailures(readFileSync(KNOWN_FAILURES, "utf8"))
    : [];
  let listed = previous;
  if (UPDATE) {
    const text = renderKnownFailures(summary, previous, version);
    writeFileSync(KNOWN_FAILURES, text);
    listed = parseKnownFailures(text);
    process.stderr.write("KNOWN_FAILURES.md rewritten from this run\n");
  }
  checks = checkAgainstKnown(summary, listed);
  mkdirSync(REPORT_DIR, { recursive: true });
  writeFileSync(REPORT, renderReport(summary, checks, version));
}, 120_000);

describe("SQL conformance with SQLAlchemy", () => {
  it.each(TARGETS)("%s: results match KNOWN_FAILURES.md", (target) => {
    const check = checks[target];
    console.log(`conformance ${target}: ${check.passed}/${check.total} passed`);
    const all = [
      ...summary.extraPorts.map((id) => `src/cases ports ${id}, which is not a case of the corpus`),
      ...check.regressions,
      ...check.stale,
    ];
    const shown = 25;
    const problems =
      all.length > shown
        ? [...all.slice(0, shown), `… and ${all.length - shown} more (see report/latest.md)`]
        : all;
    expect(
      problems,
      `${target}: results differ from KNOWN_FAILURES.md (details in tests/conformance/report/latest.md).\n` +
        "Fix the regressions; once the remaining differences are intended or fixed, regenerate the list with\n" +
        `  ${UPDATE_COMMAND}\n` +
        "(it keeps hand-written reasons of rows still listed)",
    ).toEqual([]);
  });
});
