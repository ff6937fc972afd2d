/**
 * Where one tool's SQLite ORM workload allocates: V8's sampling heap
 * profiler, counting objects the collector has already freed too, over a
 * few runs after a warm-up. Prints bytes per unit (an object loaded or
 * inserted) by allocating function. Allocation, more than instructions, is
 * what the ORM's per-row paths pay for (as collector time).
 *
 *   npx tsx --conditions=@athanor/source src/orm/alloc.ts <workload> <units> [tool]
 *   e.g. src/orm/alloc.ts "load 20" 20000, src/orm/alloc.ts eager 6000
 *
 * `<workload>` as in profile.ts; `<units>`: the objects one run makes.
 */
import { Session as InspectorSession } from "node:inspector";
import { ormSqliteWorkloads } from "./sqlite.js";

const [which = "load 20", unitsArg = "20000", tool = "athanor"] = process.argv.slice(2);
const RUNS = 10;
const units = Number(unitsArg) * RUNS;
const { workloads, close } = await ormSqliteWorkloads();
const w = workloads.find((x) => x.name.toLowerCase().includes(which.toLowerCase()));
const t = w?.tools.get(tool);
if (w === undefined || t === undefined) throw new Error(`no workload '${which}' with a tool '${tool}'`);
const once = async () => {
  await t.before?.();
  const v = t.run();
  if (v instanceof Promise) await v;
};
for (let i = 0; i < RUNS; i++) await once();

interface ProfileNode {
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children: ProfileNode[];
}
const inspector = new InspectorSession();
inspector.connect();
const post = <T>(method: string, params: object = {}) =>
  new Promise<T>((resolve, reject) =>
    inspector.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))),
  );
await post("HeapProfiler.enable");
await post("HeapProfiler.startSampling", {
  samplingInterval: 256,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
for (let i = 0; i < RUNS; i++) await once();
const { profile } = await post<{ profile: { head: ProfileNode } }>("HeapProfiler.stopSampling");

const bySite = new Map<string, number>();
let total = 0;
const walk = (n: ProfileNode) => {
  const f = n.callFrame;
  // (tsx runs transformed sources: line numbers would not point into them)
  const site = `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}`;
  bySite.set(site, (bySite.get(site) ?? 0) + n.selfSize);
  total += n.selfSize;
  for (const c of n.children) walk(c);
};
walk(profile.head);
console.log(`${w.name} [${tool}]: ${(total / units).toFixed(0)} bytes allocated per unit`);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 20))
  if (bytes / units >= 1) console.log(`${(bytes / units).toFixed(0).padStart(7)}  ${site}`);
await close();
