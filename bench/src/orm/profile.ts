/**
 * Runs one tool's SQLite ORM workload alone, for profiling and for comparing
 * builds on a busy machine: CPU time of a run (user + system, all threads)
 * moves far less with other processes' load than wall time.
 *
 *   npx tsx --conditions=@athanor/source src/orm/profile.ts <workload> [runs] [tool]
 *   node --cpu-prof --import tsx/esm --conditions=@athanor/source src/orm/profile.ts load 20
 *
 * `<workload>`: a part of the workload's name (`insert`, `load 20`, `eager`,
 * `lazy`, `modify`); `tool`: `athanor` (default), `raw`, `mikro-orm`, `typeorm`.
 */
import { ormSqliteWorkloads } from "./sqlite.js";

const [which = "insert", runsArg = "10", tool = "athanor"] = process.argv.slice(2);
const runs = Number(runsArg);
const { workloads, close } = await ormSqliteWorkloads();
const w = workloads.find((x) => x.name.toLowerCase().includes(which.toLowerCase()));
const t = w?.tools.get(tool);
if (w === undefined || t === undefined) throw new Error(`no workload '${which}' with a tool '${tool}'`);
const WARMUP = 3;
const wall: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < WARMUP + runs; i++) {
  await t.before?.();
  const start = performance.now();
  const before = process.cpuUsage();
  let value = t.run();
  if (value instanceof Promise) value = await value;
  const used = process.cpuUsage(before);
  if (i >= WARMUP) {
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  t.check?.(value);
}
const median = (list: number[]) => (list.sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0).toFixed(1);
console.log(
  `${w.name} [${tool}]: wall median ${median(wall)} ms, CPU median ${median(cpu)} ms, CPU min ${Math.min(...cpu).toFixed(1)} ms`,
);
await close();
