/**
 * The roots of the DDL constructs (`BaseDDLElement`, `ExecutableDDLElement`)
 * and literal `DDL`.
 */
import { ArgumentError } from "../../exc.js";
import type { DDLCompiler } from "../compiler/ddl-compiler.js";
import type { CompileKw, SQLCompiler } from "../compiler/sql-compiler.js";
import { type CacheKeyGen, ClauseElement } from "../elements/base.js";
import type { Table } from "../schema/table.js";

let ddlCounter = 0;

/** @internal The compiler a DDL element dispatches to. */
export const asDdlCompiler = (compiler: SQLCompiler): DDLCompiler => compiler as unknown as DDLCompiler;

/**
 * The root of the DDL constructs, including those that only render inside
 * another (`CreateColumn`). Compiled by the dialect's `DDLCompiler`.
 */
export abstract class BaseDDLElement extends ClauseElement {
  /** Routes `compile()` to the dialect's DDL compiler. */
  readonly isDdl = true;
  private readonly ddlId = ++ddlCounter;

  /** DDL is not cached: every construct has a key of its own. */
  override cacheKeyInto(gen: CacheKeyGen): void {
    gen.add(`${this.visitName}#ddl${this.ddlId}`);
  }
}

/**
 * A standalone DDL statement, executable on a connection. `target` is the
 * schema object (or schema name) it acts on.
 */
export abstract class ExecutableDDLElement extends BaseDDLElement {
  /** The schema item the statement creates, drops or alters (a `Table`, `Index`, ...), or a schema name. */
  abstract readonly target: unknown;
}

// ------------------------------------------------------------------------------------
// Literal DDL
// ------------------------------------------------------------------------------------

/**
 * A literal DDL statement. The text is formatted with Python-style
 * `%(name)s` substitutions from `context` and, when the statement is bound to
 * a table with `against(table)`, `%(table)s`, `%(schema)s` and `%(fullname)s`
 * (quoted as needed). A literal `%` is written `%%`. Bound parameters are not
 * available in DDL.
 *
 * @example
 * ```ts
 * new DDL("ALTER TABLE %(fullname)s SET secretpowers TRUE").against(users);
 * ```
 */
export class DDL extends ExecutableDDLElement {
  readonly visitName = "ddl";
  readonly target: Table | string | undefined;

  constructor(
    /** The SQL text, with `%(name)s` substitutions. */
    readonly statement: string,
    /** Extra substitutions; they override `table`, `schema` and `fullname`. */
    readonly context: Readonly<Record<string, string>> = {},
    target?: Table | string,
  ) {
    super();
    if (typeof statement !== "string") {
      throw new ArgumentError(`Expected a string SQL statement, got '${String(statement)}'`);
    }
    this.target = target;
  }

  /** The same statement bound to a table (or schema name), whose names it may substitute. */
  against(target: Table | string): DDL {
    return new DDL(this.statement, this.context, target);
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitDdl(this, kw);
  }
}
