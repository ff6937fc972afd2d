import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * @typedef {Record<string, string>} DependencyMap
 * @typedef {{
 *   name: string;
 *   version: string;
 *   private?: boolean;
 *   sideEffects?: boolean | string[];
 *   engines?: Record<string, string>;
 *   files?: string[];
 *   exports?: Record<string, unknown>;
 *   dependencies?: DependencyMap;
 *   peerDependencies?: DependencyMap;
 *   peerDependenciesMeta?: Record<string, { optional?: boolean }>;
 *   optionalDependencies?: DependencyMap;
 *   devDependencies?: DependencyMap;
 * }} Manifest
 * @typedef {{ name: string; dir: string; relDir: string; manifest: Manifest }} WorkspacePackage
 * @typedef {{ file: string; line?: number; message: string }} Violation
 */

/** The folders whose packages are published; `tools/` holds private helpers like this one. */
export const PUBLISHED_PACKAGE_ROOTS = ["packages"];

/**
 * Reads the published workspace packages under `root` (each `packages/<name>/package.json`).
 * @param {string} root
 * @returns {WorkspacePackage[]}
 */
export function loadPackages(root) {
  /** @type {WorkspacePackage[]} */
  const packages = [];
  for (const folder of PUBLISHED_PACKAGE_ROOTS) {
    const base = join(root, folder);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      const manifestPath = join(base, entry.name, "package.json");
      if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
      const manifest = /** @type {Manifest} */ (JSON.parse(readFileSync(manifestPath, "utf8")));
      const dir = join(base, entry.name);
      packages.push({ name: manifest.name, dir, relDir: relative(root, dir), manifest });
    }
  }
  return packages.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Every `@athanor/*`-style dependency field a manifest can declare, in a stable order.
 * @type {readonly ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"]}
 */
export const DEPENDENCY_FIELDS = [
  "dependencies",
  "peerDependencies",
  "optionalDependencies",
  "devDependencies",
];

/**
 * The package a bare import specifier names: `pg/lib/x` -> `pg`, `@scope/a/b` -> `@scope/a`.
 * @param {string} specifier
 */
export function packageNameOf(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/**
 * Files under `dir` (recursively) whose names end with one of `extensions`; skips node_modules.
 * @param {string} dir
 * @param {readonly string[]} extensions
 * @returns {string[]}
 */
export function listFiles(dir, extensions) {
  if (!existsSync(dir)) return [];
  /** @type {string[]} */
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") files.push(...listFiles(path, extensions));
    } else if (extensions.some((ext) => entry.name.endsWith(ext))) {
      files.push(path);
    }
  }
  return files.sort();
}
