import * as c from "./compile.js";

function t(name: string, fn: (i: number) => unknown) {
  for (let i = 0; i < 3000; i++) fn(i);
  const s = process.hrtime.bigint();
  const N = 5000;
  for (let i = 0; i < N; i++) fn(i);
  console.log(name, (Number(process.hrtime.bigint() - s) / 1e3 / N).toFixed(2), "µs");
}
t("build", (i) => c.athanorStatement(i));
const st = c.athanorStatement(1);
t("cacheKey", () => st.cacheKey());
t("froms", () => st.froms);
t("compile only", () => st.compile({ dialect: c.athanorDialect }));
