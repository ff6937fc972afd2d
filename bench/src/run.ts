/**
 * `pnpm bench`: runs every workload with each tool in one process, prints a
 * table of medians with ratios, and writes `bench/results.json`
 * (`[{ workload, database, tool, medianMs, runs }]`).
 *
 * Each measurement is the time of a batch of operations; the median of
 * several batches (after a warm-up) is reported per operation.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as compile from "./compile.js";

interface Result {
  workload: string;
  database: string;
  tool: string;
  medianMs: number;
  runs: number;
}

/** Median time per call of `fn`, in milliseconds, over `runs` batches of `batch` calls. */
function measure(fn: (i: number) => unknown, batch: number, runs: number): number {
  let sink: unknown;
  for (let i = 0; i < batch * 2; i++) sink = fn(i); // warm-up: let the JIT settle
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) sink = fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6 / batch);
  }
  if (sink === undefined) throw new Error("benchmark returned nothing");
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const results: Result[] = [];
const RUNS = Number(process.env.ATHANOR_BENCH_RUNS ?? 15);

function record(workload: string, database: string, tool: string, medianMs: number): void {
  results.push({ workload, database, tool, medianMs, runs: RUNS });
}

// --- compile ----------------------------------------------------------------------------
const BATCH = 2000;
record(
  "compile: 3 joins, 6 conditions, order, limit",
  "postgresql",
  "athanor (cold)",
  measure(compile.athanor.cold, BATCH, RUNS),
);
record(
  "compile: 3 joins, 6 conditions, order, limit",
  "postgresql",
  "athanor (cached)",
  measure(compile.athanor.cached, BATCH, RUNS),
);
record(
  "compile: 3 joins, 6 conditions, order, limit",
  "postgresql",
  "kysely",
  measure(compile.kysely, BATCH, RUNS),
);
record(
  "compile: 3 joins, 6 conditions, order, limit",
  "postgresql",
  "drizzle",
  measure(compile.drizzle, BATCH, RUNS),
);

// --- report -----------------------------------------------------------------------------
const byWorkload = new Map<string, Result[]>();
for (const r of results) {
  const list = byWorkload.get(`${r.workload} [${r.database}]`) ?? [];
  list.push(r);
  byWorkload.set(`${r.workload} [${r.database}]`, list);
}
for (const [name, list] of byWorkload) {
  console.log(`\n${name}`);
  const base = list[0] as Result;
  for (const r of list) {
    const us = (r.medianMs * 1000).toFixed(2).padStart(9);
    console.log(
      `  ${r.tool.padEnd(20)} ${us} µs/op   ${(r.medianMs / base.medianMs).toFixed(2)}x of ${base.tool}`,
    );
  }
}
const cold = results.find((r) => r.tool === "athanor (cold)") as Result;
const cached = results.find((r) => r.tool === "athanor (cached)") as Result;
const kysely = results.find((r) => r.tool === "kysely") as Result;
console.log(
  `\ncache hit / cold compile: ${(cached.medianMs / cold.medianMs).toFixed(3)} (target < 0.1); ` +
    `cold compile / kysely: ${(cold.medianMs / kysely.medianMs).toFixed(2)} (target <= 1)`,
);

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "results.json");
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${out}`);
