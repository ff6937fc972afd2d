import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkManifests } from "../src/manifests.mjs";
import { type FixtureRepo, makeFixtureRepo, repoRoot } from "./fixture.js";

let repo: FixtureRepo;
beforeEach(() => {
  repo = makeFixtureRepo();
});
afterEach(() => repo.cleanup());

const messages = () => checkManifests(repo.root).violations.map((v) => v.message);

describe("the package manifest check", () => {
  it("passes on the real repository's nine packages", () => {
    const { violations, checked } = checkManifests(repoRoot);
    expect(violations).toEqual([]);
    expect(checked).toBe(9);
  });

  it("names each departure from the published shape", () => {
    repo.manifest("pool", (m) => {
      m.sideEffects = true;
      m.engines.node = ">=18";
      delete m.exports["."].require;
    });
    repo.remove("packages/orm/CHANGELOG.md");
    expect(messages()).toEqual([
      "@athanor/orm: has no CHANGELOG.md (changesets writes into it)",
      "@athanor/pool: sideEffects must be false (every module is tree-shakeable)",
      '@athanor/pool: engines.node must be ">=20.19", as the root\'s',
      '@athanor/pool: exports["."].require must give both "types" and "default" (ESM + CJS + types)',
    ]);
  });
});
