/**
 * `assertCompile`, in the style of SQLAlchemy's `AssertsCompiledSQL`: the
 * SQL is compared after collapsing each run of whitespace to one space (the
 * compiler emits SQLAlchemy's newlines), and, where given, the parameters.
 */
import { expect } from "vitest";
import type { ClauseElement, Compiled, Dialect } from "../src/index.js";

/** Options of `assertCompile`. */
export interface AssertCompileOptions {
  /** The dialect to compile for; the default dialect (`:name` parameters) if none. */
  dialect?: Dialect;
  /** Values for named parameters, passed to `compile()`. */
  params?: Readonly<Record<string, unknown>>;
  /** The expected parameters by name (`compiled.paramsByName`). */
  checkParams?: Readonly<Record<string, unknown>>;
  /** The expected positional parameters (`compiled.params`), for positional paramstyles. */
  checkPositional?: readonly unknown[];
  literalBinds?: boolean;
  renderPostcompile?: boolean;
}

/** Collapses whitespace runs to one space and trims, so SQL compares regardless of line breaks. */
export function normalizeSql(sql: string): string {
  return sql.replace(/\s+/g, " ").trim();
}

/** Compiles `stmt` and checks its SQL (and, if asked, its parameters); returns the compiled form. */
export function assertCompile(
  stmt: ClauseElement,
  expectedSql: string,
  options: AssertCompileOptions = {},
): Compiled {
  const compiled = stmt.compile({
    ...(options.dialect !== undefined ? { dialect: options.dialect } : {}),
    ...(options.params !== undefined ? { params: options.params } : {}),
    ...(options.literalBinds !== undefined ? { literalBinds: options.literalBinds } : {}),
    ...(options.renderPostcompile !== undefined ? { renderPostcompile: options.renderPostcompile } : {}),
  });
  expect(normalizeSql(compiled.sql)).toBe(normalizeSql(expectedSql));
  if (options.checkParams !== undefined) expect(compiled.paramsByName).toEqual(options.checkParams);
  if (options.checkPositional !== undefined) expect(compiled.params).toEqual(options.checkPositional);
  return compiled;
}
