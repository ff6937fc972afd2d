/**
 * `pnpm bench`: runs every workload with each tool in one process, prints a
 * table per workload with ratios, and writes `bench/results.json`
 * (`[{ workload, database, tool, medianMs, runs }]`).
 *
 * - compile: building and compiling a realistic statement (per operation);
 * - engine workloads on SQLite (sync API) and PostgreSQL (async API; needs
 *   `ATHANOR_PG_URL`, skipped with a note without it): bulk insert, select
 *   all, primary-key lookups (per run of the whole workload).
 *
 * - ORM workloads (Athanor's ORM against MikroORM, TypeORM and the raw
 *   driver, on both databases): unit-of-work insert, load, eager loading of
 *   parents with children, modify and commit (per run of the whole workload).
 *
 * `ATHANOR_BENCH_QUICK=1` runs far fewer rounds (a CI smoke test; its
 * numbers mean little). `ATHANOR_BENCH_RUNS=n` sets the measured rounds
 * (`ATHANOR_BENCH_ORM_RUNS=n` those of the ORM workloads).
 * `ATHANOR_BENCH_ONLY=core` or `=orm` runs one part; its results replace
 * the same workloads' entries in `results.json` and keep the others.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as compile from "./compile.js";
import { compileTable, engineTable, ormTable } from "./markdown.js";
import { ormPostgresqlWorkloads } from "./orm/postgresql.js";
import { ormSqliteWorkloads } from "./orm/sqlite.js";
import { type Measurement, measureWorkload, type Workload } from "./workloads/common.js";
import { postgresqlWorkloads } from "./workloads/postgresql.js";
import { sqliteWorkloads } from "./workloads/sqlite.js";

const QUICK = process.env.ATHANOR_BENCH_QUICK === "1";
/** Measured rounds of an engine workload (each round runs every tool once). */
const RUNS = Number(process.env.ATHANOR_BENCH_RUNS ?? (QUICK ? 2 : 11));
/** Untimed rounds first: the JIT needs a few thousand executions of a path to settle. */
const WARMUP = QUICK ? 1 : 5;
/** Measured batches of the compile benchmark, and calls per batch. */
const COMPILE_RUNS = Number(process.env.ATHANOR_BENCH_RUNS ?? (QUICK ? 3 : 15));
const COMPILE_BATCH = QUICK ? 200 : 2000;
/** Measured and untimed rounds of an ORM workload (slower: a round of the peers takes seconds). */
const ORM_RUNS = Number(process.env.ATHANOR_BENCH_ORM_RUNS ?? (QUICK ? 2 : 9));
const ORM_WARMUP = QUICK ? 1 : 3;
const ONLY = process.env.ATHANOR_BENCH_ONLY;
if (ONLY !== undefined && ONLY !== "core" && ONLY !== "orm")
  throw new Error(`ATHANOR_BENCH_ONLY must be "core" or "orm", not "${ONLY}"`);
const runCore = ONLY !== "orm";
const runOrm = ONLY !== "core";
const notes: string[] = [];

const results: Measurement[] = [];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
console.log(
  `node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model ?? "?"}), load average ${load()}` +
    `; ${WARMUP} warm-up + ${RUNS} measured rounds per engine workload, ${ORM_WARMUP} + ${ORM_RUNS} per ORM workload` +
    `${QUICK ? " (quick mode)" : ""}`,
);

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

/**
 * Like `measure`, but each batch runs `fn` over statements built beforehand (untimed), so the
 * figure is the cost of compiling or of a cache hit alone, without building the statement.
 */
function measurePrebuilt<S>(
  build: (i: number) => S,
  fn: (s: S) => unknown,
  batch: number,
  runs: number,
): number {
  let sink: unknown;
  const times: number[] = [];
  for (let r = -2; r < runs; r++) {
    const stmts = Array.from({ length: batch }, (_, i) => build(i));
    const start = process.hrtime.bigint();
    for (const s of stmts) sink = fn(s);
    if (r >= 0) times.push(Number(process.hrtime.bigint() - start) / 1e6 / batch);
  }
  if (sink === undefined) throw new Error("benchmark returned nothing");
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

// --- compile ----------------------------------------------------------------------------
const COMPILE = "compile: 3 joins, 6 conditions, order, limit";
const COMPILE_ONLY = "compile alone (statement built beforehand)";
if (runCore) {
  const { athanorStatement, athanorDialect, athanor } = compile;
  const reused = Array.from({ length: 64 }, (_, i) => athanorStatement(i));
  for (const [tool, ms] of [
    [
      "athanor compile",
      measurePrebuilt(
        athanorStatement,
        (s) => s.compile({ dialect: athanorDialect }),
        COMPILE_BATCH,
        COMPILE_RUNS,
      ),
    ],
    [
      "athanor cache hit (new statement)",
      measurePrebuilt(
        athanorStatement,
        (s) => athanor.cache.execution(s, athanorDialect),
        COMPILE_BATCH,
        COMPILE_RUNS,
      ),
    ],
    [
      "athanor cache hit (same statement)",
      measure(
        (i) => athanor.cache.execution(reused[i & 63] as never, athanorDialect),
        COMPILE_BATCH,
        COMPILE_RUNS,
      ),
    ],
  ] as const)
    results.push({ workload: COMPILE_ONLY, database: "postgresql", tool, medianMs: ms, runs: COMPILE_RUNS });
}
const compileTools = [
  ["athanor (cold)", compile.athanor.cold],
  ["athanor (cached)", compile.athanor.cached],
  ["kysely", compile.kysely],
  ["drizzle", compile.drizzle],
] as const;
for (const [tool, fn] of runCore ? compileTools : []) {
  results.push({
    workload: COMPILE,
    database: "postgresql",
    tool,
    medianMs: measure(fn, COMPILE_BATCH, COMPILE_RUNS),
    runs: COMPILE_RUNS,
  });
}

// --- engine workloads -------------------------------------------------------------------
async function runAll(workloads: Workload[], warmup = WARMUP, runs = RUNS): Promise<void> {
  for (const w of workloads) {
    process.stderr.write(`running ${w.name} [${w.database}] ...\n`);
    results.push(...(await measureWorkload(w, warmup, runs)));
  }
}

if (runCore) {
  const { workloads, close } = sqliteWorkloads();
  try {
    await runAll(workloads);
  } finally {
    await close();
  }
}

const pgUrl = process.env.ATHANOR_PG_URL;
if (pgUrl === undefined || pgUrl === "") {
  console.log("\nATHANOR_PG_URL is not set: the PostgreSQL workloads are skipped.");
} else if (runCore) {
  const { workloads, close } = await postgresqlWorkloads(pgUrl);
  try {
    await runAll(workloads);
  } finally {
    await close();
  }
}

// --- ORM workloads ----------------------------------------------------------------------
if (runOrm) {
  const sqlite = await ormSqliteWorkloads();
  notes.push(...sqlite.notes);
  try {
    await runAll(sqlite.workloads, ORM_WARMUP, ORM_RUNS);
  } finally {
    await sqlite.close();
  }
  if (pgUrl !== undefined && pgUrl !== "") {
    const pg = await ormPostgresqlWorkloads(pgUrl);
    notes.push(...pg.notes);
    try {
      await runAll(pg.workloads, ORM_WARMUP, ORM_RUNS);
    } finally {
      await pg.close();
    }
  }
}

/** The peers each kind of workload is compared with. */
const isOrm = (workload: string) => workload.startsWith("ORM:");
const peersOf = (workload: string) => (isOrm(workload) ? ["mikro-orm", "typeorm"] : ["kysely", "drizzle"]);
// Each ORM measurement stores its ratios to the raw driver and the peers (median over median).
for (const r of results) {
  if (!isOrm(r.workload)) continue;
  const ratios: Record<string, number> = {};
  for (const other of ["raw", "athanor", ...peersOf(r.workload)]) {
    const o = results.find((x) => x.workload === r.workload && x.database === r.database && x.tool === other);
    if (o !== undefined && other !== r.tool) ratios[other] = r.medianMs / o.medianMs;
  }
  r.ratios = ratios;
}

// --- report -----------------------------------------------------------------------------
const groups = new Map<string, Measurement[]>();
for (const r of results) {
  const key = `${r.workload} [${r.database}]`;
  const list = groups.get(key) ?? [];
  list.push(r);
  groups.set(key, list);
}

function ratio(a: Measurement | undefined, b: Measurement | undefined): string {
  return a === undefined || b === undefined ? "" : `${(a.medianMs / b.medianMs).toFixed(2)}x`;
}

for (const [name, list] of groups) {
  const compileRows = list[0]?.workload.startsWith("compile") === true;
  const raw = list.find((r) => r.tool === "raw");
  const [p1, p2] = peersOf(list[0]?.workload ?? "") as [string, string];
  const peer1 = list.find((r) => r.tool === p1);
  const peer2 = list.find((r) => r.tool === p2);
  console.log(`\n${name}${compileRows ? "  (per statement)" : "  (per run)"}`);
  console.log(
    `  ${"tool".padEnd(24)} ${"median".padStart(12)}   ${compileRows ? "" : "vs raw".padStart(9)} ${`vs ${p1}`.padStart(12)} ${`vs ${p2}`.padStart(12)}`,
  );
  for (const r of list) {
    const time = compileRows ? `${(r.medianMs * 1000).toFixed(2)} µs` : `${r.medianMs.toFixed(1)} ms`;
    console.log(
      `  ${r.tool.padEnd(24)} ${time.padStart(12)}   ${compileRows ? "" : ratio(r, raw).padStart(9)} ${ratio(r, peer1).padStart(12)} ${ratio(r, peer2).padStart(12)}`,
    );
  }
}

const find = (tool: string, workload = COMPILE) =>
  results.find((r) => r.workload === workload && r.tool === tool) as Measurement;
const alone = (tool: string) => find(tool, COMPILE_ONLY).medianMs;
if (runCore)
  console.log(
    `\ncache hit / cold compile (statement built beforehand): ${(alone("athanor cache hit (new statement)") / alone("athanor compile")).toFixed(3)} ` +
      `for a new statement object (its cache key built), ${(alone("athanor cache hit (same statement)") / alone("athanor compile")).toFixed(3)} ` +
      `for the same statement run again (key memoized) (target < 0.1)` +
      `\nbuild + cache hit / build + cold compile: ${(find("athanor (cached)").medianMs / find("athanor (cold)").medianMs).toFixed(3)}; ` +
      `build + cold compile / kysely: ${(find("athanor (cold)").medianMs / find("kysely").medianMs).toFixed(2)} (target <= 1)`,
  );

/** The targets of the engine workloads: Athanor vs the raw driver, Drizzle and Kysely. */
console.log("\ntargets (athanor):");
for (const [name, list] of groups) {
  const athanor = list.find((r) => r.tool === "athanor");
  const raw = list.find((r) => r.tool === "raw");
  if (athanor === undefined || raw === undefined) continue;
  if (isOrm(name)) {
    // The ORM targets: within 3x of the raw driver, ahead of MikroORM and TypeORM.
    const checks = [
      `${athanor.medianMs / raw.medianMs <= 3 ? "ok " : "MISS"} ${ratio(athanor, raw)} raw (<= 3)`,
    ];
    for (const peer of peersOf(name)) {
      const p = list.find((r) => r.tool === peer);
      if (p !== undefined)
        checks.push(`${athanor.medianMs < p.medianMs ? "ok " : "MISS"} ${ratio(athanor, p)} ${peer} (< 1)`);
    }
    console.log(`  ${name.padEnd(52)} ${checks.join("   ")}`);
    continue;
  }
  const limit = name.includes("primary-key") ? 1.5 : 1.25;
  const checks: string[] = [];
  const vsRaw = athanor.medianMs / raw.medianMs;
  checks.push(`${vsRaw <= limit ? "ok " : "MISS"} ${vsRaw.toFixed(2)}x raw (<= ${limit})`);
  const drizzle = list.find((r) => r.tool === "drizzle");
  if (drizzle !== undefined) {
    const v = athanor.medianMs / drizzle.medianMs;
    checks.push(`${v < 1 ? "ok " : "MISS"} ${v.toFixed(2)}x drizzle (< 1)`);
  }
  const kysely = list.find((r) => r.tool === "kysely");
  if (kysely !== undefined) {
    const v = athanor.medianMs / kysely.medianMs;
    checks.push(`${v <= 1.05 ? "ok " : "MISS"} ${v.toFixed(2)}x kysely (<= 1.05)`);
  }
  console.log(`  ${name.padEnd(52)} ${checks.join("   ")}`);
}

console.log(
  `\nload average at the end: ${load()} (a busy machine makes these numbers noisy: rerun when it is quiet)`,
);
for (const note of notes) console.log(`note: ${note}`);

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "results.json");
// A partial run (ATHANOR_BENCH_ONLY) keeps the other part's earlier results.
const kept =
  ONLY === undefined || !existsSync(out)
    ? []
    : (JSON.parse(readFileSync(out, "utf8")) as Measurement[]).filter((r) =>
        ONLY === "orm" ? !isOrm(r.workload) : isOrm(r.workload),
      );
const all = ONLY === "orm" ? [...kept, ...results] : [...results, ...kept];
console.log(`\n${engineTable(all)}\n\n${compileTable(all)}\n\n${ormTable(all)}`);
writeFileSync(out, `${JSON.stringify(all, null, 2)}\n`);
console.log(`\nwrote ${out}${QUICK ? " (quick mode: few runs, numbers are rough)" : ""}`);
