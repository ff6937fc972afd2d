import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { DEPENDENCY_FIELDS, listFiles, loadPackages, packageNameOf } from "./workspace.mjs";

/** @typedef {import("./workspace.mjs").Violation} Violation */
/** @typedef {import("./workspace.mjs").WorkspacePackage} WorkspacePackage */

/** The database drivers. Only their dialect package may name one, as an optional peer. */
export const DRIVERS = ["pg", "mysql2", "better-sqlite3", "tedious", "oracledb"];

/** Each dialect package and the driver it adapts. */
export const DIALECT_DRIVERS = {
  "@athanor/dialect-sqlite": "better-sqlite3",
  "@athanor/dialect-postgresql": "pg",
  "@athanor/dialect-mysql": "mysql2",
  "@athanor/dialect-oracle": "oracledb",
  "@athanor/dialect-mssql": "tedious",
};

/**
 * The arrows of ARCHITECTURE.md: which Athanor packages each package may use, and how its
 * package.json declares them. Any arrow not listed here is a broken one.
 * @type {Record<string, { dependencies: string[]; peerDependencies: string[]; optionalPeers: string[] }>}
 */
export const ARROWS = {
  "@athanor/pool": { dependencies: [], peerDependencies: [], optionalPeers: [] },
  "@athanor/core": { dependencies: ["@athanor/pool"], peerDependencies: [], optionalPeers: [] },
  "@athanor/orm": { dependencies: [], peerDependencies: ["@athanor/core"], optionalPeers: [] },
  "@athanor/asyncio-compat": {
    dependencies: [],
    peerDependencies: ["@athanor/core", "@athanor/orm"],
    optionalPeers: ["@athanor/orm"],
  },
  ...Object.fromEntries(
    Object.keys(DIALECT_DRIVERS).map((name) => [
      name,
      { dependencies: [], peerDependencies: ["@athanor/core"], optionalPeers: [] },
    ]),
  ),
};

/** What a dialect may import of core: its public entry points, as a third-party dialect would. */
export const CORE_PUBLIC_ENTRIES = ["@athanor/core", "@athanor/core/testing"];

const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs"];
const BUILTINS = new Set(builtinModules);

/** @param {string} name */
const isDialect = (name) => name.startsWith("@athanor/dialect-");

/**
 * Why `importer` may not import `specifier`, or null when the arrow is allowed.
 * Only the rules that follow from the architecture; declaration and path rules are elsewhere.
 * @param {string} importer package name
 * @param {string} specifier bare import specifier
 * @returns {string | null}
 */
export function arrowViolation(importer, specifier) {
  const target = packageNameOf(specifier);
  const athanor = target.startsWith("@athanor/");
  if (target === importer) return null;

  if (importer === "@athanor/core") {
    if (target === "@athanor/orm")
      return "core never imports the ORM (the ORM is built on core, not the reverse)";
    if (target === "@athanor/asyncio-compat") return "core never imports the async layer (it wraps core)";
    if (isDialect(target)) return "core never imports a dialect (dialects register themselves with core)";
    if (DRIVERS.includes(target))
      return `core never imports a driver (${target} belongs to its dialect package, as an optional peer)`;
  }
  if (importer === "@athanor/pool" && athanor)
    return "the pool imports nothing from Athanor (the engine hands it rollback/close/ping)";
  if (isDialect(importer)) {
    if (isDialect(target)) return "a dialect never imports another dialect";
    if (athanor && !CORE_PUBLIC_ENTRIES.includes(specifier))
      return `a dialect imports only core's public entry points (${CORE_PUBLIC_ENTRIES.join(", ")}), as a third-party dialect would`;
  }
  if (importer === "@athanor/orm" && isDialect(target))
    return "the ORM never imports a dialect (it reaches the database through core)";

  const arrows = ARROWS[importer];
  if (arrows && athanor && ![...arrows.dependencies, ...arrows.peerDependencies].includes(target))
    return `there is no arrow ${importer} -> ${target} in ARCHITECTURE.md`;
  return null;
}

/**
 * Every import in a source file: static `import`/`export … from`, `import type`, dynamic
 * `import()`, `require()` and `import("x")` types. TypeScript's own scanner finds them, so
 * comments and strings that merely look like imports are not counted.
 * @param {string} text
 * @returns {{ specifier: string; line: number }[]}
 */
export function importsOf(text) {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((ref) => ({
    specifier: ref.fileName,
    line: text.slice(0, ref.pos).split("\n").length,
  }));
}

/**
 * The subpaths a package exports (`.`, `./testing`, …); an import of any other subpath is a
 * reach into its internals.
 * @param {WorkspacePackage | undefined} pkg
 */
function exportedSubpaths(pkg) {
  const exports = pkg?.manifest.exports;
  return exports ? Object.keys(exports) : ["."];
}

/**
 * Checks every import in `src/` of every published package against the arrows, the package's
 * declared dependencies, the exported subpaths of workspace packages and the package boundary.
 * @param {string} root repository root
 * @returns {{ violations: Violation[]; files: number; packages: number }}
 */
export function checkArchitecture(root) {
  const packages = loadPackages(root);
  const byName = new Map(packages.map((p) => [p.name, p]));
  /** @type {Violation[]} */
  const violations = [];
  let files = 0;

  for (const pkg of packages) {
    violations.push(...checkManifestArrows(root, pkg));
    const declared = new Set(
      DEPENDENCY_FIELDS.filter((f) => f !== "devDependencies").flatMap((f) =>
        Object.keys(pkg.manifest[f] ?? {}),
      ),
    );
    for (const file of listFiles(resolve(pkg.dir, "src"), SOURCE_EXTENSIONS)) {
      files++;
      const rel = relative(root, file);
      for (const { specifier, line } of importsOf(readFileSync(file, "utf8"))) {
        const report = (/** @type {string} */ why) =>
          violations.push({ file: rel, line, message: `${pkg.name} imports "${specifier}": ${why}` });

        if (specifier.startsWith(".") || specifier.startsWith("/")) {
          const target = resolve(dirname(file), specifier);
          if (target !== pkg.dir && !target.startsWith(pkg.dir + sep))
            report("a relative import must stay inside its own package (import the other package by name)");
          continue;
        }
        if (specifier.startsWith("node:") || BUILTINS.has(specifier)) continue;

        const target = packageNameOf(specifier);
        const arrow = arrowViolation(pkg.name, specifier);
        if (arrow) {
          report(arrow);
          continue;
        }
        if (target !== pkg.name && !declared.has(target)) {
          report(`"${target}" is not in dependencies or peerDependencies of ${pkg.relDir}/package.json`);
          continue;
        }
        const workspaceTarget = byName.get(target);
        if (workspaceTarget) {
          const subpath = `.${specifier.slice(target.length)}`;
          if (!exportedSubpaths(workspaceTarget).includes(subpath))
            report(`"${subpath}" is not an entry point in the exports of ${target}`);
        }
      }
    }
  }
  return { violations, files, packages: packages.length };
}

/**
 * The arrows as the package.json declares them: `@athanor/*` dependencies and peers exactly as
 * ARCHITECTURE.md draws them, and drivers only as optional peers of their own dialect.
 * @param {string} root
 * @param {WorkspacePackage} pkg
 * @returns {Violation[]}
 */
function checkManifestArrows(root, pkg) {
  const file = relative(root, resolve(pkg.dir, "package.json"));
  const { manifest } = pkg;
  /** @type {Violation[]} */
  const violations = [];
  const report = (/** @type {string} */ message) =>
    violations.push({ file, message: `${pkg.name}: ${message}` });
  /** @param {"dependencies" | "peerDependencies"} field */
  const athanorIn = (field) =>
    Object.keys(manifest[field] ?? {})
      .filter((n) => n.startsWith("@athanor/"))
      .sort();

  const arrows = ARROWS[pkg.name];
  if (arrows) {
    for (const field of /** @type {const} */ (["dependencies", "peerDependencies"])) {
      const actual = athanorIn(field).join(", ") || "none";
      const expected = [...arrows[field]].sort().join(", ") || "none";
      if (actual !== expected)
        report(`${field} on Athanor packages are ${actual}; ARCHITECTURE.md says ${expected}`);
    }
    for (const peer of arrows.optionalPeers) {
      if (!manifest.peerDependenciesMeta?.[peer]?.optional)
        report(`${peer} must be an optional peer (peerDependenciesMeta.optional)`);
    }
  }

  const ownDriver = /** @type {Record<string, string>} */ (DIALECT_DRIVERS)[pkg.name];
  for (const driver of DRIVERS) {
    const asDependency = manifest.dependencies?.[driver] ?? manifest.optionalDependencies?.[driver];
    const asPeer = manifest.peerDependencies?.[driver];
    if (driver !== ownDriver) {
      if (asDependency || asPeer) report(`declares the driver ${driver}, which belongs to another package`);
      continue;
    }
    if (asDependency) report(`the driver ${driver} must be an optional peer, not a dependency`);
    if (!asPeer) report(`the driver ${driver} must be declared in peerDependencies`);
    else if (!manifest.peerDependenciesMeta?.[driver]?.optional)
      report(`the driver ${driver} must be an optional peer (compiling SQL needs no driver installed)`);
  }
  return violations;
}
