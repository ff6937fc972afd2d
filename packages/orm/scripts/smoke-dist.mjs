// The built package works, not only its sources: each format of dist/ maps a class, builds an
// instrumented object and compiles an ORM select (tests run from source, so a bundling mistake
// shows only here).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const builds = [
  ["esm", await import("../dist/index.js"), await import("@athanor/core")],
  ["cjs", require("../dist/index.cjs"), require("@athanor/core")],
];
for (const [name, orm, core] of builds) {
  const Base = orm.declarativeBase();
  class User extends Base.mapped("smoke_user", {
    id: orm.mappedColumn(core.Integer, { primaryKey: true }),
    name: orm.mappedColumn(core.String(30)),
  }) {}
  Base.register(User);
  const sql = String(core.select(User).where(User.name.eq("x")));
  const want = "SELECT smoke_user.id, smoke_user.name \nFROM smoke_user \nWHERE smoke_user.name = :name_1";
  const u = new User({ name: "x" });
  if (sql !== want || u.name !== "x" || orm.instanceState(u).status !== "transient") {
    console.error(`dist (${name}): ${JSON.stringify(sql)}, expected ${JSON.stringify(want)}`);
    process.exit(1);
  }
}
console.log("dist smoke test: esm and cjs builds map classes and compile ORM selects");
