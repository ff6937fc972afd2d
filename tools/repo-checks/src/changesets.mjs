import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPackages } from "./workspace.mjs";

/** @typedef {import("./workspace.mjs").Violation} Violation */

export const CHANGESET_CONFIG = ".changeset/config.json";

/**
 * Every package is versioned on its own (Core and ORM must be pinnable separately), so the
 * changesets config may have no fixed or linked groups and may not ignore a published package;
 * and a patch of core must not drag its peer dependents along while their range still admits it.
 * @param {string} root repository root
 * @returns {{ violations: Violation[] }}
 */
export function checkChangesetConfig(root) {
  const path = join(root, CHANGESET_CONFIG);
  /** @type {Violation[]} */
  const violations = [];
  const report = (/** @type {string} */ message) => violations.push({ file: CHANGESET_CONFIG, message });
  if (!existsSync(path)) {
    report("is missing (run `pnpm changeset init`)");
    return { violations };
  }
  const config = JSON.parse(readFileSync(path, "utf8"));

  for (const key of ["fixed", "linked"]) {
    const groups = config[key] ?? [];
    if (!Array.isArray(groups) || groups.length > 0)
      report(
        `"${key}" must be empty: every package is versioned independently (found ${JSON.stringify(groups)})`,
      );
  }
  const published = new Set(loadPackages(root).map((p) => p.name));
  for (const pattern of config.ignore ?? []) {
    if (published.has(pattern)) report(`"ignore" lists the published package ${pattern}`);
  }
  if (
    config.___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH?.onlyUpdatePeerDependentsWhenOutOfRange !== true
  )
    report(
      "set ___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH.onlyUpdatePeerDependentsWhenOutOfRange: a patch of core must not bump its peer dependents",
    );
  return { violations };
}
