// The built package works, not only its sources: each format of dist/ compiles a statement
// (tests run from source, so a bundling mistake — a dropped side effect — shows only here).
import { createRequire } from "node:module";

const esm = await import("../dist/index.js");
const cjs = createRequire(import.meta.url)("../dist/index.cjs");
for (const [name, core] of [
  ["esm", esm],
  ["cjs", cjs],
]) {
  const t = new core.Table("t", new core.MetaData(), {
    id: new core.Column(core.Integer, { primaryKey: true }),
  });
  const sql = String(core.select(t.c.id).where(t.c.id.eq(1)));
  const want = "SELECT t.id \nFROM t \nWHERE t.id = :id_1";
  if (sql !== want) {
    console.error(`dist (${name}) compiles ${JSON.stringify(sql)}, expected ${JSON.stringify(want)}`);
    process.exit(1);
  }
}
console.log("dist smoke test: esm and cjs builds compile statements");
