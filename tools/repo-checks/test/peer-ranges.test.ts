import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkPeerRanges } from "../src/peer-ranges.mjs";
import { type FixtureRepo, makeFixtureRepo, repoRoot } from "./fixture.js";

let repo: FixtureRepo;
beforeEach(() => {
  repo = makeFixtureRepo();
});
afterEach(() => repo.cleanup());

const messages = () => checkPeerRanges(repo.root).violations.map((v) => `${v.file} ${v.message}`);

describe("the internal range check", () => {
  it("passes on the real repository", () => {
    const { violations, checked } = checkPeerRanges(repoRoot);
    expect(violations).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it("fails when a peer range on core does not admit core's workspace version", () => {
    repo.manifest("orm", (m) => {
      m.peerDependencies["@athanor/core"] = "^0.2.0";
    });
    expect(messages()).toEqual([
      'packages/orm/package.json @athanor/orm peerDependencies "@athanor/core": "^0.2.0" does not admit the workspace version 0.1.0',
    ]);
  });

  it("names every dependent when core moves past their ranges", () => {
    repo.manifest("core", (m) => {
      m.version = "0.2.0";
    });
    const failing = messages();
    // The orm, the async layer and the five dialects all declare ^0.1.0 on core.
    expect(failing).toHaveLength(7);
    for (const line of failing)
      expect(line).toContain('"@athanor/core": "^0.1.0" does not admit the workspace version 0.2.0');
  });

  it("reads the workspace protocol: bare forms always admit, explicit ranges are checked", () => {
    repo.manifest("core", (m) => {
      m.dependencies["@athanor/pool"] = "workspace:~0.3.0";
    });
    repo.manifest("orm", (m) => {
      m.devDependencies["@athanor/core"] = "workspace:^";
    });
    expect(messages()).toEqual([
      'packages/core/package.json @athanor/core dependencies "@athanor/pool": "workspace:~0.3.0" does not admit the workspace version 0.1.0',
    ]);
  });

  it("fails on an invalid range and on a package the workspace does not have", () => {
    repo.manifest("orm", (m) => {
      m.peerDependencies["@athanor/core"] = "not a range";
      m.peerDependencies["@athanor/missing"] = "^1.0.0";
    });
    expect(messages()).toEqual([
      'packages/orm/package.json @athanor/orm peerDependencies "@athanor/core": "not a range" is not a valid semver range',
      'packages/orm/package.json @athanor/orm peerDependencies "@athanor/missing": "^1.0.0" names no package of this workspace',
    ]);
  });
});
