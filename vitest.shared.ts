import type { ViteUserConfig } from "vitest/config";

/**
 * The test configuration every package shares.
 *
 * Workspace packages resolve to their TypeScript sources through the
 * `@athanor/source` export condition, so tests never wait on a build, and each
 * package writes a JSON report that `scripts/test.mjs` sums into the closing
 * `N passed, N failed, N skipped` line.
 */
export const sharedTestConfig: ViteUserConfig = {
  resolve: { conditions: ["@athanor/source"] },
  ssr: { resolve: { conditions: ["@athanor/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    // A package with no tests yet still runs (scripts/test.mjs prints it as "no tests").
    passWithNoTests: true,
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
};
