import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkArchitecture, importsOf } from "../src/architecture.mjs";
import { type FixtureRepo, makeFixtureRepo, repoRoot } from "./fixture.js";

const cli = fileURLToPath(new URL("../bin/repo-checks.mjs", import.meta.url));

let repo: FixtureRepo;
beforeEach(() => {
  repo = makeFixtureRepo();
});
afterEach(() => repo.cleanup());

/** The violations' messages, each prefixed by `file:line`. */
function messages(): string[] {
  return checkArchitecture(repo.root).violations.map((v) => `${v.file}:${v.line ?? ""} ${v.message}`);
}

describe("the architecture check", () => {
  it("passes on the real repository", () => {
    const { violations, packages } = checkArchitecture(repoRoot);
    expect(violations).toEqual([]);
    expect(packages).toBe(9);
  });

  it("passes on an untouched fixture", () => {
    expect(messages()).toEqual([]);
  });

  it.each([
    ['import { Session } from "@athanor/orm";', "@athanor/orm", "core never imports the ORM"],
    [
      'export * from "@athanor/asyncio-compat";',
      "@athanor/asyncio-compat",
      "core never imports the async layer",
    ],
    [
      'const pg = await import("@athanor/dialect-postgresql");',
      "@athanor/dialect-postgresql",
      "core never imports a dialect",
    ],
    ['const pg = require("pg");', "pg", "core never imports a driver"],
    ['import type { Pool } from "mysql2/promise";', "mysql2/promise", "core never imports a driver"],
    ['import Database from "better-sqlite3";', "better-sqlite3", "core never imports a driver"],
  ])("fails when core has `%s`", (line, specifier, why) => {
    repo.write("packages/core/src/engine/create.ts", `// an engine\n\n${line}\n`);
    expect(messages()).toEqual([
      expect.stringContaining(
        `packages/core/src/engine/create.ts:3 @athanor/core imports "${specifier}": ${why}`,
      ),
    ]);
  });

  it("fails when the pool imports core", () => {
    repo.write("packages/pool/src/queue.ts", 'import type { Connection } from "@athanor/core";\n');
    expect(messages()).toEqual([
      expect.stringMatching(/^packages\/pool\/src\/queue.ts:1 .*the pool imports nothing from Athanor/),
    ]);
  });

  it("fails when a dialect reaches into core's internals", () => {
    repo.write(
      "packages/dialect-postgresql/src/base/compiler.ts",
      'import { SQLCompiler } from "@athanor/core/src/sql/compiler.js";\n',
    );
    expect(messages()).toEqual([
      expect.stringContaining(
        `@athanor/dialect-postgresql imports "@athanor/core/src/sql/compiler.js": a dialect imports only core's public entry points`,
      ),
    ]);
  });

  it("lets a dialect import core and core/testing", () => {
    repo.write(
      "packages/dialect-sqlite/src/index.ts",
      'import { VERSION } from "@athanor/core";\nimport type {} from "@athanor/core/testing";\nexport { VERSION };\n',
    );
    expect(messages()).toEqual([]);
  });

  it("fails when a dialect imports another dialect", () => {
    repo.write(
      "packages/dialect-mysql/src/index.ts",
      'export { VERSION } from "@athanor/dialect-postgresql";\n',
    );
    expect(messages()).toEqual([expect.stringContaining("a dialect never imports another dialect")]);
  });

  it("fails when the ORM imports a dialect", () => {
    repo.write("packages/orm/src/session.ts", 'import "@athanor/dialect-sqlite";\n');
    expect(messages()).toEqual([expect.stringContaining("the ORM never imports a dialect")]);
  });

  it("fails on an arrow the architecture does not draw (orm -> asyncio-compat)", () => {
    repo.write("packages/orm/src/session.ts", 'import "@athanor/asyncio-compat";\n');
    expect(messages()).toEqual([
      expect.stringContaining("there is no arrow @athanor/orm -> @athanor/asyncio-compat"),
    ]);
  });

  it("fails on a relative import that leaves its package", () => {
    repo.write("packages/orm/src/session.ts", 'import { VERSION } from "../../core/src/index.js";\n');
    expect(messages()).toEqual([
      expect.stringContaining("a relative import must stay inside its own package"),
    ]);
  });

  it("fails on an import of a package the manifest does not declare", () => {
    repo.write(
      "packages/core/src/util.ts",
      'import "node:fs";\nimport "path";\nimport { x } from "lodash/fp";\n',
    );
    expect(messages()).toEqual([
      expect.stringContaining(
        'packages/core/src/util.ts:3 @athanor/core imports "lodash/fp": "lodash" is not in dependencies',
      ),
    ]);
  });

  it("ignores imports that are only in comments or strings", () => {
    repo.write(
      "packages/core/src/doc.ts",
      '// import { Session } from "@athanor/orm";\n/* require("pg") */\nexport const example = \'import("mysql2")\';\n',
    );
    expect(messages()).toEqual([]);
  });

  it("fails when core's manifest draws a wrong arrow or a dialect's driver is not an optional peer", () => {
    repo.manifest("core", (m) => {
      m.peerDependencies = { "@athanor/orm": "^0.1.0" };
    });
    repo.manifest("dialect-postgresql", (m) => {
      delete m.peerDependenciesMeta;
    });
    repo.manifest("dialect-mysql", (m) => {
      m.dependencies = { mysql2: "^3.0.0" };
    });
    expect(messages()).toEqual([
      expect.stringContaining(
        "@athanor/core: peerDependencies on Athanor packages are @athanor/orm; ARCHITECTURE.md says none",
      ),
      expect.stringContaining(
        "@athanor/dialect-mysql: the driver mysql2 must be an optional peer, not a dependency",
      ),
      expect.stringContaining("@athanor/dialect-postgresql: the driver pg must be an optional peer"),
    ]);
  });
});

describe("importsOf", () => {
  it("finds every form of import with its line", () => {
    const text = [
      'import a from "a";',
      'import type { B } from "b";',
      'export * from "./c.js";',
      'const d = await import("d");',
      'const e = require("e");',
      'type F = typeof import("f");',
    ].join("\n");
    expect(importsOf(text)).toEqual(
      ["a", "b", "./c.js", "d", "e", "f"].map((specifier, i) => ({ specifier, line: i + 1 })),
    );
  });
});

describe("the repo-checks command", () => {
  it("exits 0 on the real repository", () => {
    const run = spawnSync(process.execPath, [cli, "--root", repoRoot], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("repo-checks architecture: ok");
  });

  it("fails the build when an arrow is broken on purpose, naming file, line and arrow", () => {
    repo.write(
      "packages/core/src/index.ts",
      'export const VERSION = "0.1.0";\nexport { Session } from "@athanor/orm";\n',
    );
    const run = spawnSync(process.execPath, [cli, "--root", repo.root, "architecture"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'packages/core/src/index.ts:2: @athanor/core imports "@athanor/orm": core never imports the ORM',
    );
  });
});
