/**
 * Wires `element.compile()` to the compilers: the statement compiler for
 * SQL, the DDL compiler for DDL elements (which say so with `isDdl`).
 */
import { DefaultDialect } from "../../engine/dialect.js";
import { type ClauseElement, compileHook } from "../elements/base.js";
import type { Compiled, CompileOptions } from "./compiled.js";

let defaultDialect: DefaultDialect | undefined;

/** Compiles any element for a dialect (the generic default dialect if none is given). */
export function compileElement(el: ClauseElement, options: CompileOptions = {}): Compiled {
  if (options.dialect === undefined && defaultDialect === undefined) defaultDialect = new DefaultDialect();
  const dialect = options.dialect ?? (defaultDialect as DefaultDialect);
  const isDdl = (el as { isDdl?: boolean }).isDdl === true;
  const Compiler = isDdl
    ? (dialect.ddlCompiler as unknown as typeof dialect.statementCompiler)
    : dialect.statementCompiler;
  return new Compiler(dialect, el, options).compile();
}

/**
 * Connects `element.compile()` to {@link compileElement}. Called by the
 * package's entry points: a bare side-effect import would be dropped by
 * bundlers, as the package declares `"sideEffects": false`. @internal
 */
export function installCompiler(): void {
  compileHook.compile = compileElement;
}

installCompiler();
