import ts from "typescript";
import { defineProject, type Plugin } from "vitest/config";
import { sharedTestConfig } from "../../vitest.shared.js";

/**
 * The tests use standard (TC39) class decorators, `@Base.register`, which
 * Node does not run natively yet and Vite's transformer lowers only in their
 * legacy form; TypeScript lowers them here first.
 */
const lowerDecorators: Plugin = {
  name: "athanor:lower-tc39-decorators",
  enforce: "pre",
  transform(code, id) {
    if (!/\.ts$/.test(id) || !/^\s*@\w/m.test(code)) return null;
    const out = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        verbatimModuleSyntax: true,
        sourceMap: true,
      },
    });
    return { code: out.outputText, map: out.sourceMapText ?? null };
  },
};

export default defineProject({ ...sharedTestConfig, plugins: [lowerDecorators] });
