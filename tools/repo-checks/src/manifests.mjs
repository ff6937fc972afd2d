import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import semver from "semver";
import { loadPackages } from "./workspace.mjs";

/** @typedef {import("./workspace.mjs").Violation} Violation */

/**
 * The shape every published package shares (issue #2): its own semver version and CHANGELOG,
 * ESM + CJS + types through `exports`, `sideEffects: false`, and the root's `engines.node`.
 * publint and attw check what a built package looks like; this checks what we decided.
 * @param {string} root repository root
 * @returns {{ violations: Violation[]; checked: number }}
 */
export function checkManifests(root) {
  const rootManifestPath = join(root, "package.json");
  const nodeRange = existsSync(rootManifestPath)
    ? (JSON.parse(readFileSync(rootManifestPath, "utf8")).engines?.node ?? ">=20.19")
    : ">=20.19";
  /** @type {Violation[]} */
  const violations = [];
  const packages = loadPackages(root);

  for (const { name, dir, manifest } of packages) {
    const file = relative(root, join(dir, "package.json"));
    const report = (/** @type {string} */ message) =>
      violations.push({ file, message: `${name}: ${message}` });

    if (!name?.startsWith("@athanor/")) report("the name must be @athanor/<folder>");
    if (!semver.valid(manifest.version)) report(`version "${manifest.version}" is not a semver version`);
    if (manifest.private) report("a package under packages/ is published, so it cannot be private");
    if (manifest.sideEffects !== false) report("sideEffects must be false (every module is tree-shakeable)");
    if (manifest.engines?.node !== nodeRange) report(`engines.node must be "${nodeRange}", as the root's`);
    if (!existsSync(join(dir, "CHANGELOG.md"))) report("has no CHANGELOG.md (changesets writes into it)");
    if (!manifest.files?.includes("dist")) report('files must include "dist"');

    const entry = /** @type {Record<string, any> | undefined} */ (manifest.exports?.["."]);
    for (const condition of ["import", "require"]) {
      if (!entry?.[condition]?.types || !entry?.[condition]?.default)
        report(`exports["."].${condition} must give both "types" and "default" (ESM + CJS + types)`);
    }
  }
  return { violations, checked: packages.length };
}
