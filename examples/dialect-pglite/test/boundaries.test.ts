/**
 * What a third-party dialect may import, checked on this package's sources
 * (the repository's architecture check covers `packages/` only): Athanor
 * through public entry points only, and every package it names declared in
 * `dependencies` or `peerDependencies`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const declared = new Set([
  ...Object.keys(manifest.dependencies ?? {}),
  ...Object.keys(manifest.peerDependencies ?? {}),
]);

/** The public entry points of the Athanor packages a dialect may use. */
const ATHANOR_ENTRIES = ["@athanor/core", "@athanor/core/testing", "@athanor/dialect-postgresql"];

const packageOf = (spec: string): string =>
  spec
    .split("/")
    .slice(0, spec.startsWith("@") ? 2 : 1)
    .join("/");

const sources = readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" }).filter((f) =>
  f.endsWith(".ts"),
);

describe("package boundaries", () => {
  it.each(sources)("src/%s imports only what a third party may", (file) => {
    const text = readFileSync(join(root, "src", file), "utf8");
    const problems: string[] = [];
    for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
      if (spec.startsWith(".")) continue;
      if (spec.startsWith("node:") || builtinModules.includes(spec)) continue;
      if (spec.startsWith("@athanor/") && !ATHANOR_ENTRIES.includes(spec))
        problems.push(`${spec}: not a public entry point`);
      if (!declared.has(packageOf(spec))) problems.push(`${spec}: not declared in package.json`);
    }
    expect(problems).toEqual([]);
  });

  it("is not an @athanor package, and keeps core and the PostgreSQL dialect as peers", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, any>;
    expect(pkg.name.startsWith("@athanor/")).toBe(false);
    expect(Object.keys(pkg.peerDependencies)).toEqual(["@athanor/core", "@athanor/dialect-postgresql"]);
    expect(pkg.dependencies["@athanor/core"]).toBeUndefined();
  });
});
