/**
 * An ES-module program that names `sqlite://` without registering the
 * dialect: core can only reach the package's CommonJS build (a second copy
 * of core, whose classes would silently fail to match), so it must refuse
 * with a message saying how to register; registered, everything works.
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, "..");
const tsx = join(pkg, "node_modules", ".bin", "tsx");

test("an unregistered dialect in an ES-module program is refused with directions; registered, defaults apply", () => {
  const out = execFileSync(tsx, ["--conditions=@athanor/source", join(here, "fixtures", "esm-autoload.ts")], {
    cwd: pkg,
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(out).toContain("autoload: @athanor/dialect-sqlite was loaded with a second copy of @athanor/core");
  expect(out).toContain("registerDialect(...dialectEntries)");
  expect(out).toContain("registered: x=7");
}, 90_000);
