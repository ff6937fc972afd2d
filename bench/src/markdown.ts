/**
 * The README's benchmark table, from results: one row per workload and
 * database, the median of each tool, and Athanor's ratios. Printed by
 * `pnpm bench`; `tsx src/markdown.ts` prints it from `bench/results.json`.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Measurement } from "./workloads/common.js";

const TOOLS = ["raw", "athanor", "athanor (no conversion)", "kysely", "drizzle"] as const;

function ms(r: Measurement | undefined): string {
  if (r === undefined) return "–";
  return r.medianMs < 1 ? `${(r.medianMs * 1000).toFixed(1)} µs` : `${r.medianMs.toFixed(1)} ms`;
}

function ratio(a: Measurement | undefined, b: Measurement | undefined): string {
  return a === undefined || b === undefined ? "–" : `${(a.medianMs / b.medianMs).toFixed(2)}x`;
}

/** The engine workloads as a Markdown table (medians, and athanor's ratio to raw, Kysely and Drizzle). */
export function engineTable(results: readonly Measurement[]): string {
  const groups = new Map<string, Measurement[]>();
  for (const r of results) {
    if (r.workload.startsWith("ORM:")) continue;
    if (!results.some((x) => x.workload === r.workload && x.database === r.database && x.tool === "raw"))
      continue;
    const key = `${r.database}\u0000${r.workload}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const lines = [
    `| database | workload | ${TOOLS.join(" | ")} | athanor / raw | athanor / kysely | athanor / drizzle |`,
    `|---|---|${TOOLS.map(() => "--:").join("|")}|--:|--:|--:|`,
  ];
  for (const list of groups.values()) {
    const at = (tool: string) => list.find((r) => r.tool === tool);
    const first = list[0] as Measurement;
    const a = at("athanor");
    lines.push(
      `| ${first.database} | ${first.workload} | ${TOOLS.map((t) => ms(at(t))).join(" | ")} | ` +
        `${ratio(a, at("raw"))} | ${ratio(a, at("kysely"))} | ${ratio(a, at("drizzle"))} |`,
    );
  }
  return lines.join("\n");
}

const ORM_TOOLS = ["raw", "athanor", "mikro-orm", "typeorm"] as const;

/** The ORM workloads as a Markdown table (medians, and athanor's ratio to raw, MikroORM and TypeORM). */
export function ormTable(results: readonly Measurement[]): string {
  const groups = new Map<string, Measurement[]>();
  for (const r of results) {
    if (!r.workload.startsWith("ORM:")) continue;
    const key = `${r.database}\u0000${r.workload}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  if (groups.size === 0) return "";
  const lines = [
    `| database | ORM workload | ${ORM_TOOLS.join(" | ")} | athanor / raw | athanor / mikro-orm | athanor / typeorm |`,
    `|---|---|${ORM_TOOLS.map(() => "--:").join("|")}|--:|--:|--:|`,
  ];
  for (const list of groups.values()) {
    const at = (tool: string) => list.find((r) => r.tool === tool);
    const first = list[0] as Measurement;
    const a = at("athanor");
    lines.push(
      `| ${first.database} | ${first.workload.replace(/^ORM: /, "")} | ${ORM_TOOLS.map((t) => ms(at(t))).join(" | ")} | ` +
        `${ratio(a, at("raw"))} | ${ratio(a, at("mikro-orm"))} | ${ratio(a, at("typeorm"))} |`,
    );
  }
  return lines.join("\n");
}

/** The compile benchmark as a Markdown table (per statement). */
export function compileTable(results: readonly Measurement[]): string {
  const list = results.filter((r) => r.workload.startsWith("compile"));
  if (list.length === 0) return "";
  const kysely = list.find((r) => r.tool === "kysely");
  const lines = ["| compile benchmark | tool | median | / kysely |", "|---|---|--:|--:|"];
  for (const r of list) lines.push(`| ${r.workload} | ${r.tool} | ${ms(r)} | ${ratio(r, kysely)} |`);
  return lines.join("\n");
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = join(dirname(fileURLToPath(import.meta.url)), "..", "results.json");
  const results = JSON.parse(readFileSync(file, "utf8")) as Measurement[];
  console.log(`${engineTable(results)}\n\n${compileTable(results)}\n\n${ormTable(results)}`);
}
