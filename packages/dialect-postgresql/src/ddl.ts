/**
 * PostgreSQL's named-type DDL: `CREATE TYPE name AS ENUM (...)` and
 * `DROP TYPE name`, for `ENUM` (or a generic `Enum` with a name).
 */
import { type CompileKw, ExecutableDDLElement, type SQLCompiler } from "@athanor/core";
import type { EnumLike } from "./base/ddl-compiler.js";

function ddlVisit(compiler: SQLCompiler, method: string, el: ExecutableDDLElement, kw: CompileKw): string {
  const fn = (compiler as unknown as Record<string, unknown>)[method];
  if (typeof fn !== "function") return compiler.visitUnsupported(el);
  return (fn as (el: ExecutableDDLElement, kw: CompileKw) => string).call(compiler, el, kw);
}

/**
 * `CREATE TYPE name AS ENUM ('a', 'b')`.
 *
 * @example `new CreateEnumType(postgresql.ENUM(["happy", "sad"], { name: "mood" }))`
 */
export class CreateEnumType extends ExecutableDDLElement {
  readonly visitName = "createEnumType";
  constructor(readonly element: EnumLike) {
    super();
    if (element.name === undefined) throw new TypeError("PostgreSQL ENUM type requires a name.");
  }
  get target(): EnumLike {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return ddlVisit(compiler, "visitCreateEnumType", this, kw);
  }
}

/** `DROP TYPE [IF EXISTS] name`. */
export class DropEnumType extends ExecutableDDLElement {
  readonly visitName = "dropEnumType";
  readonly ifExists: boolean;
  constructor(
    readonly element: EnumLike,
    options: { ifExists?: boolean } = {},
  ) {
    super();
    this.ifExists = options.ifExists ?? false;
  }
  get target(): EnumLike {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return ddlVisit(compiler, "visitDropEnumType", this, kw);
  }
}
