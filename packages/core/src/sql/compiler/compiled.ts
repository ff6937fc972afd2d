import type { Dialect } from "../../engine/dialect.js";
import type { BindParameter } from "../elements/column-element.js";
import type { TypeEngine } from "../types/type-engine.js";

/** Options of `element.compile()`. */
export interface CompileOptions {
  /** The dialect to compile for; the default (generic) dialect if none. */
  dialect?: Dialect;
  /** Render every bound value inline as a quoted literal. */
  literalBinds?: boolean;
  /** Expand IN lists and inline literal-execute values now (as at execution), not as markers. */
  renderPostcompile?: boolean;
  /**
   * For an INSERT or UPDATE without values: the column keys the execution's
   * parameters will give (SQLAlchemy's `column_keys`), each rendered as a
   * parameter named by its key.
   */
  columnKeys?: readonly string[];
  /**
   * Compiled for many parameter sets (executemany): an INSERT then adds no
   * implied `RETURNING` of its primary key (SQLAlchemy's `for_executemany`).
   */
  forExecutemany?: boolean;
  /** Values for named parameters, overriding those in the statement. */
  params?: Readonly<Record<string, unknown>>;
}

/** One column of a SELECT's result: its key in rows, and the type that converts its values. */
export interface ResultColumn {
  readonly key: string;
  readonly name: string;
  readonly type: TypeEngine<unknown>;
}

/**
 * A compiled statement: SQL in the dialect's paramstyle, parameter values in
 * placeholder order, and what is needed to run it again with other values.
 */
export interface Compiled {
  readonly sql: string;
  /** Parameter values in placeholder order (named styles: in order of appearance). */
  readonly params: unknown[];
  /** Parameter names in placeholder order. */
  readonly positiontup: readonly string[];
  /** Parameter values by name. */
  readonly paramsByName: Record<string, unknown>;
  /** The bound parameters by name, as compiled. */
  readonly binds: ReadonlyMap<string, BindParameter>;
  /** The result columns of a SELECT (or RETURNING), in order. */
  readonly resultColumns: readonly ResultColumn[];
  readonly dialect: Dialect;
  /** Whether the SQL has expanding or literal-execute parameters to render per execution. */
  readonly hasPostcompile: boolean;
  /** Warnings emitted while compiling (e.g. a construct the dialect ignores). */
  readonly warnings: readonly string[];
  /** Renders SQL and parameters for new parameter values (used by the engine's compiled cache). */
  construct(values: ReadonlyMap<string, unknown>): {
    sql: string;
    params: unknown[];
    positiontup: readonly string[];
    positionBinds: readonly BindParameter[];
  };
  /** The bound parameter behind each positional parameter (an expanded IN list repeats its bind). */
  readonly positionBinds: readonly BindParameter[];
  /**
   * For a single-row INSERT with positional placeholders: renders the
   * statement with its VALUES tuple repeated `rows` times, placeholders
   * numbered on (the engine's "insertmanyvalues" pages). Undefined otherwise.
   */
  readonly insertmanyvalues?:
    | ((rows: number) => {
        sql: string;
        params: unknown[];
        positiontup: readonly string[];
        positionBinds: readonly BindParameter[];
      })
    | undefined;
  toString(): string;
}
