#!/usr/bin/env node
// Runs the repository checks and exits non-zero on any violation, so `pnpm lint` and every
// `turbo run build` (through the //#check:repo task) fail when an arrow of the architecture breaks.
// Usage: repo-checks [--root DIR] [architecture|peers|manifests|changesets ...]
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { checkArchitecture } from "../src/architecture.mjs";
import { checkChangesetConfig } from "../src/changesets.mjs";
import { checkManifests } from "../src/manifests.mjs";
import { checkPeerRanges } from "../src/peer-ranges.mjs";

const { values, positionals } = parseArgs({
  options: { root: { type: "string", default: "." } },
  allowPositionals: true,
});
const root = resolve(values.root ?? ".");

/** @type {Record<string, () => { violations: import("../src/workspace.mjs").Violation[]; summary: string }>} */
const checks = {
  architecture: () => {
    const r = checkArchitecture(root);
    return { ...r, summary: `${r.files} source files in ${r.packages} packages follow the arrows` };
  },
  peers: () => {
    const r = checkPeerRanges(root);
    return { ...r, summary: `${r.checked} internal ranges admit the workspace versions` };
  },
  manifests: () => {
    const r = checkManifests(root);
    return { ...r, summary: `${r.checked} package manifests have the published shape` };
  },
  changesets: () => ({ ...checkChangesetConfig(root), summary: "every package is versioned independently" }),
};

const selected = positionals.length > 0 ? positionals : Object.keys(checks);
let failed = 0;
for (const name of selected) {
  const check = checks[name];
  if (!check) {
    console.error(`repo-checks: unknown check "${name}" (known: ${Object.keys(checks).join(", ")})`);
    process.exit(2);
  }
  const { violations, summary } = check();
  if (violations.length === 0) {
    console.log(`repo-checks ${name}: ok, ${summary}`);
    continue;
  }
  failed += violations.length;
  console.error(`repo-checks ${name}: ${violations.length} violation(s)`);
  for (const v of violations) console.error(`  ${v.file}${v.line ? `:${v.line}` : ""}: ${v.message}`);
}
if (failed > 0) process.exit(1);
