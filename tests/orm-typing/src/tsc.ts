/**
 * Runs the repository's TypeScript compiler on a folder of generated files
 * and reads `--extendedDiagnostics`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import type { GeneratedFile } from "./generate.js";

/** What `tsc --extendedDiagnostics` reports, plus the errors it printed. */
export interface TscStats {
  instantiations: number;
  types: number;
  checkTime: number;
  /** Wall-clock time tsc reports. */
  totalTime: number;
  /** CPU time of the tsc process (user + system), less sensitive to a busy machine. */
  cpuTime: number;
  memoryKb: number;
  errors: string[];
}

const require = createRequire(import.meta.url);
const TSC = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
const CPU_TIME = join(import.meta.dirname, "cpu-time.cjs");

/** The version of the compiler the stats come from (a baseline is only valid for one). */
export const TS_VERSION: string = (require("typescript/package.json") as { version: string }).version;

/**
 * Writes `files` into `dir` (emptied first) with a tsconfig that extends the
 * repository's base config, as an application's would.
 */
export function writeProject(dir: string, files: readonly GeneratedFile[], baseConfig: string): void {
  rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.text);
  }
  const tsconfig = {
    extends: relative(dir, baseConfig),
    compilerOptions: { noEmit: true, declaration: false },
    include: ["**/*.ts"],
  };
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
}

function number(output: string, label: string): number {
  const m = new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(output);
  if (m === null) throw new Error(`tsc --extendedDiagnostics printed no '${label}' line:\n${output}`);
  return Number(m[1]);
}

/** Runs `tsc --noEmit --extendedDiagnostics -p dir` once. */
export function runTsc(dir: string): TscStats {
  const r = spawnSync(
    process.execPath,
    ["--require", CPU_TIME, TSC, "--noEmit", "--extendedDiagnostics", "-p", dir],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const output = `${r.stdout}${r.stderr}`;
  if (r.error) throw r.error;
  return {
    instantiations: number(output, "Instantiations"),
    types: number(output, "Types"),
    checkTime: number(output, "Check time"),
    totalTime: number(output, "Total time"),
    cpuTime: number(output, "CPU time"),
    memoryKb: number(output, "Memory used"),
    errors: output.split("\n").filter((l) => /error TS\d+/.test(l)),
  };
}

/**
 * Runs tsc `runs` times: counts must agree (they are deterministic); times
 * are the fastest run's, since a shared machine only ever adds time.
 */
export function bestOf(dir: string, runs: number): TscStats {
  return Array.from({ length: runs }, () => runTsc(dir)).reduce(fastest);
}

/** Two runs of the same project: their counts (which must agree) and the faster times. */
export function fastest(a: TscStats, b: TscStats): TscStats {
  if (a.instantiations !== b.instantiations)
    throw new Error(`instantiation counts differ between runs: ${a.instantiations} and ${b.instantiations}`);
  return {
    ...a,
    checkTime: Math.min(a.checkTime, b.checkTime),
    totalTime: Math.min(a.totalTime, b.totalTime),
    cpuTime: Math.min(a.cpuTime, b.cpuTime),
  };
}
