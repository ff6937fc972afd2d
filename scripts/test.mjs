#!/usr/bin/env node
// `pnpm test`: every check and test of every package through turbo, then one line per package
// and a plain closing line `N passed, N failed, N skipped` summed over all of them. CI's judge
// reads that last line, so it must be the last thing printed, and it must never read 0 failed
// when something failed: a failed lint, typecheck, build or package check counts as a failure too.
// Extra arguments go to turbo (e.g. `pnpm test --filter @athanor/core`).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(import.meta.dirname, "..");
const TASKS = ["lint", "typecheck", "test", "check:package"];
const REPORT = ".vitest-report.json";
const LIVE_URLS = ["ATHANOR_PG_URL", "ATHANOR_MYSQL_URL", "ATHANOR_MSSQL_URL", "ATHANOR_ORACLE_URL"];

/** Workspace package folders, from the `dir/*` globs of pnpm-workspace.yaml. */
function workspaceDirs() {
  const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const block = yaml.split(/^packages:\s*$/m)[1]?.split(/^\S/m)[0] ?? "";
  const globs = [...block.matchAll(/^\s+-\s+["']?([^"'\s]+)\/\*["']?\s*$/gm)].map((m) => m[1] ?? "");
  return globs.flatMap((base) => {
    const dir = join(root, base);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((d) => existsSync(join(d, "package.json")));
  });
}

/** Whether a package has test files, i.e. whether a missing report means a crash. */
function hasTests(dir) {
  const walk = (d) =>
    existsSync(d) &&
    readdirSync(d, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? e.name !== "node_modules" && walk(join(d, e.name)) : /\.test(-d)?\.ts$/.test(e.name),
    );
  return walk(join(dir, "test"));
}

/** The newest turbo run summary written after `since`, if any. */
function runSummary(since) {
  const dir = join(root, ".turbo/runs");
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter((f) => f.endsWith(".json") && !since.has(f));
  return files.length ? JSON.parse(readFileSync(join(dir, files.at(-1) ?? ""), "utf8")) : undefined;
}

const redact = (url) => url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");

const packages = workspaceDirs().map((dir) => {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return { dir, name: manifest.name, hasTestScript: Boolean(manifest.scripts?.test) };
});

// Stale reports from an earlier run must not be counted as this run's results.
for (const p of packages) rmSync(join(p.dir, REPORT), { force: true });

console.log(
  `live databases: ${LIVE_URLS.map((v) => `${v}=${process.env[v] ? redact(process.env[v]) : "(not set)"}`).join(", ")}`,
);

const runsDir = join(root, ".turbo/runs");
const before = new Set(existsSync(runsDir) ? readdirSync(runsDir) : []);
const extraArgs = process.argv.slice(2);
const turbo = spawnSync(
  join(root, "node_modules/.bin/turbo"),
  ["run", ...TASKS, "--summarize", "--continue=dependencies-successful", ...extraArgs],
  { cwd: root, stdio: "inherit" },
);
const summary = runSummary(before);

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
const skippedTests = [];
const failedTasks = new Set(
  (summary?.tasks ?? [])
    .filter((t) => t.execution && t.execution.exitCode !== 0)
    .map((t) => `${t.package === "//" ? "(root)" : t.package}#${t.task}`),
);

console.log("\nTest results by package:");
for (const p of packages.filter((p) => p.hasTestScript)) {
  const path = join(p.dir, REPORT);
  const label = p.name.padEnd(30);
  if (!existsSync(path)) {
    // With a filter, turbo may simply not have run this package.
    if (extraArgs.length > 0) continue;
    if (hasTests(p.dir)) {
      failed++;
      problems.push(`${p.name}: no ${REPORT} was written (vitest crashed or did not run)`);
      console.log(`  ${label} NO REPORT`);
    } else {
      console.log(`  ${label} no tests yet`);
    }
    continue;
  }
  const report = JSON.parse(readFileSync(path, "utf8"));
  // A test file that fails to load has no test results of its own; count it as one failure.
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === "failed" && (f.assertionResults ?? []).length === 0,
  ).length;
  const r = {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
  // A test task that failed with every test green (an unhandled error, a type error outside any
  // test) is still a failure; a task that failed because tests failed is already counted.
  if (r.failed === 0 && failedTasks.has(`${p.name}#test`)) r.failed = 1;
  failedTasks.delete(`${p.name}#test`);
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
  for (const file of report.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === "pending" || t.status === "skipped" || t.status === "todo")
        skippedTests.push(`${p.name} ${relative(p.dir, file.name)} > ${t.fullName}`);
    }
  }
  const total = r.passed + r.failed + r.skipped;
  console.log(
    `  ${label} ${total === 0 ? "no tests yet" : `${r.passed} passed  ${r.failed} failed  ${r.skipped} skipped`}`,
  );
}

if (skippedTests.length > 0) {
  console.log(`\nSkipped tests (${skippedTests.length}):`);
  for (const t of skippedTests) console.log(`  ${t}`);
}
for (const task of failedTasks) problems.push(`task ${task} failed`);
failed += failedTasks.size;
if (turbo.status !== 0 && failed === 0) {
  failed++;
  problems.push(`turbo exited with ${turbo.status ?? turbo.signal}`);
}
if (problems.length > 0) {
  console.log("\nFailures outside the test counts (each counted as one failure):");
  for (const p of problems) console.log(`  ${p}`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || turbo.status !== 0 ? 1 : 0);
