import { relative, resolve } from "node:path";
import semver from "semver";
import { DEPENDENCY_FIELDS, loadPackages } from "./workspace.mjs";

/** @typedef {import("./workspace.mjs").Violation} Violation */

/**
 * The range a declared specifier stands for. `workspace:*`, `workspace:^` and `workspace:~`
 * always admit the workspace version (pnpm writes that version in at publish time).
 * @param {string} spec
 * @param {string} version the workspace version of the target
 * @returns {string}
 */
function effectiveRange(spec, version) {
  if (!spec.startsWith("workspace:")) return spec;
  const rest = spec.slice("workspace:".length);
  return rest === "*" || rest === "^" || rest === "~" ? version : rest;
}

/**
 * Every range a published package declares on another workspace package must admit that
 * package's current version: otherwise the workspace tests one combination and npm installs
 * another (or refuses). Core and the ORM are versioned apart, so this is what keeps them honest.
 * @param {string} root repository root
 * @returns {{ violations: Violation[]; checked: number }}
 */
export function checkPeerRanges(root) {
  const packages = loadPackages(root);
  const versions = new Map(packages.map((p) => [p.name, p.manifest.version]));
  /** @type {Violation[]} */
  const violations = [];
  let checked = 0;

  for (const pkg of packages) {
    const file = relative(root, resolve(pkg.dir, "package.json"));
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, spec] of Object.entries(pkg.manifest[field] ?? {})) {
        if (!name.startsWith("@athanor/")) continue;
        const report = (/** @type {string} */ why) =>
          violations.push({ file, message: `${pkg.name} ${field} "${name}": "${spec}" ${why}` });
        const version = versions.get(name);
        if (version === undefined) {
          report("names no package of this workspace");
          continue;
        }
        checked++;
        if (!semver.valid(version)) {
          report(`cannot be checked: the workspace version "${version}" is not a semver version`);
          continue;
        }
        const range = effectiveRange(spec, version);
        if (semver.validRange(range) === null) report("is not a valid semver range");
        else if (!semver.satisfies(version, range, { includePrerelease: true }))
          report(`does not admit the workspace version ${version}`);
      }
    }
  }
  return { violations, checked };
}
