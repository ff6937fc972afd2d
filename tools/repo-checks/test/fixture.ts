import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The real repository, whose manifests every fixture starts from. */
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

export interface FixtureRepo {
  root: string;
  /** Writes a file (creating folders) relative to the fixture root. */
  write(path: string, text: string): void;
  /** Edits `packages/<folder>/package.json` in place. */
  manifest(folder: string, edit: (m: Record<string, any>) => void): void;
  remove(path: string): void;
  cleanup(): void;
}

/**
 * A throwaway copy of the repository's shape in a temp dir: the root manifest, the changesets
 * config and, for each package, its package.json, CHANGELOG.md and a one-line `src/index.ts`.
 * Tests break one arrow in it and expect the checker to name exactly that.
 */
export function makeFixtureRepo(): FixtureRepo {
  const root = mkdtempSync(join(tmpdir(), "athanor-repo-checks-"));
  cpSync(join(repoRoot, "package.json"), join(root, "package.json"));
  mkdirSync(join(root, ".changeset"));
  cpSync(join(repoRoot, ".changeset/config.json"), join(root, ".changeset/config.json"));
  for (const folder of readdirSync(join(repoRoot, "packages"))) {
    const from = join(repoRoot, "packages", folder);
    if (!existsSync(join(from, "package.json"))) continue;
    const to = join(root, "packages", folder);
    mkdirSync(join(to, "src"), { recursive: true });
    for (const file of ["package.json", "CHANGELOG.md"]) cpSync(join(from, file), join(to, file));
    writeFileSync(join(to, "src/index.ts"), 'export const VERSION = "0.1.0";\n');
  }

  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  return {
    root,
    write,
    manifest(folder, edit) {
      const path = `packages/${folder}/package.json`;
      const m = JSON.parse(readFileSync(join(root, path), "utf8"));
      edit(m);
      write(path, JSON.stringify(m, null, 2));
    },
    remove: (path) => rmSync(join(root, path), { recursive: true, force: true }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
