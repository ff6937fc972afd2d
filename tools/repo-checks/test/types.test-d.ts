import { describe, expectTypeOf, it } from "vitest";
import { importsOf } from "../src/architecture.mjs";
import { checkPeerRanges } from "../src/peer-ranges.mjs";

// The checks are plain JavaScript typed with JSDoc; these keep those types what callers rely on.
describe("repo-checks types", () => {
  it("types what importsOf returns", () => {
    expectTypeOf(importsOf("")).toEqualTypeOf<{ specifier: string; line: number }[]>();
  });

  it("types a violation", () => {
    expectTypeOf(checkPeerRanges(".").violations[0]).toEqualTypeOf<
      { file: string; line?: number; message: string } | undefined
    >();
  });
});
