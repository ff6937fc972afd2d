import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHANGESET_CONFIG, checkChangesetConfig } from "../src/changesets.mjs";
import { type FixtureRepo, makeFixtureRepo, repoRoot } from "./fixture.js";

let repo: FixtureRepo;
beforeEach(() => {
  repo = makeFixtureRepo();
});
afterEach(() => repo.cleanup());

function editConfig(edit: (config: Record<string, any>) => void) {
  const config = JSON.parse(readFileSync(join(repo.root, CHANGESET_CONFIG), "utf8"));
  edit(config);
  repo.write(CHANGESET_CONFIG, JSON.stringify(config));
}
const messages = () => checkChangesetConfig(repo.root).violations.map((v) => v.message);

describe("the changesets config", () => {
  it("versions every package independently in the real repository", () => {
    const config = JSON.parse(readFileSync(join(repoRoot, CHANGESET_CONFIG), "utf8"));
    expect(config.fixed).toEqual([]);
    expect(config.linked).toEqual([]);
    expect(config.baseBranch).toBe("main");
    expect(checkChangesetConfig(repoRoot).violations).toEqual([]);
  });

  it("fails on a fixed or linked group", () => {
    editConfig((c) => {
      c.fixed = [["@athanor/core", "@athanor/orm"]];
      c.linked = [["@athanor/dialect-*"]];
    });
    expect(messages()).toEqual([
      expect.stringContaining('"fixed" must be empty'),
      expect.stringContaining('"linked" must be empty'),
    ]);
  });

  it("fails when a published package is ignored", () => {
    editConfig((c) => {
      c.ignore = ["@athanor/orm"];
    });
    expect(messages()).toEqual(['"ignore" lists the published package @athanor/orm']);
  });

  it("fails when a patch of core would bump every peer dependent", () => {
    editConfig((c) => {
      delete c.___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH;
    });
    expect(messages()).toEqual([expect.stringContaining("onlyUpdatePeerDependentsWhenOutOfRange")]);
  });

  it("fails when there is no config", () => {
    repo.remove(CHANGESET_CONFIG);
    expect(messages()).toEqual([expect.stringContaining("is missing")]);
  });
});
