/**
 * PostgreSQL-only expression constructs: `DISTINCT ON`, `ARRAY[...]`
 * literals, `array_agg(x ORDER BY y)`, and the full-text search functions.
 */
import {
  BindParameter,
  type ClauseElement,
  ColumnElement,
  type CompileKw,
  FunctionElement,
  type Internals,
  isClauseElement,
  NULLTYPE,
  type Select,
  type SelectExtension,
  type SQLCompiler,
  type TypeEngine,
} from "@athanor/core";
import { PGARRAY } from "./base/types.js";

function dispatch(el: ClauseElement, method: string, compiler: SQLCompiler, kw: CompileKw): string {
  const fn = (compiler as unknown as Record<string, unknown>)[method];
  if (typeof fn !== "function") return compiler.visitUnsupported(el);
  return (fn as (el: ClauseElement, kw: CompileKw) => string).call(compiler, el, kw);
}

/** The `DISTINCT ON (...)` extension of a SELECT. */
export class DistinctOn implements SelectExtension {
  constructor(readonly columns: readonly ColumnElement<any>[]) {}
  applyToSelect(select: Select<any>): Select<any> {
    return select.distinct(...this.columns);
  }
}

/**
 * `SELECT DISTINCT ON (cols) ...`, applied with `select(...).ext(distinctOn(cols))`.
 * Other databases refuse it.
 *
 * @example `select(t.c.a, t.c.b).ext(postgresql.distinctOn(t.c.a)).orderBy(t.c.a, t.c.b)`
 */
export function distinctOn(...columns: ColumnElement<any>[]): DistinctOn {
  return new DistinctOn(columns);
}

/** An `ARRAY[a, b, c]` literal. */
export class ArrayLiteral<T = unknown> extends ColumnElement<T[]> {
  static override internals: Internals = [
    ["clauses", "elements"],
    ["type", "type"],
  ];
  readonly visitName = "array";
  readonly clauses: readonly ColumnElement<any>[];
  readonly type: PGARRAY<T>;

  constructor(elements: readonly unknown[], itemType?: TypeEngine<T>) {
    super();
    this.clauses = elements.map((e) =>
      isClauseElement(e)
        ? (e as ColumnElement<any>)
        : new BindParameter(
            undefined,
            e,
            itemType !== undefined ? { type: itemType, unique: true } : { unique: true },
          ),
    );
    const first = this.clauses[0];
    const item = (itemType ?? first?.type ?? NULLTYPE) as TypeEngine<T>;
    this.type = new PGARRAY(item);
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return dispatch(this, "visitArray", compiler, kw);
  }
}

/**
 * `ARRAY[...]` of values or expressions; `typeOf` gives the element type
 * (needed for an empty array, rendered `ARRAY[]::type[]`).
 */
export function array<T>(
  elements: readonly (T | ColumnElement<T>)[],
  options: { type?: TypeEngine<T> } = {},
): ArrayLiteral<T> {
  return new ArrayLiteral<T>(elements, options.type);
}

/** `target ORDER BY a, b` as the argument of an aggregate (`array_agg`, `string_agg`). */
export class AggregateOrderBy<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [
    ["target", "element"],
    ["orderBy", "elements"],
  ];
  readonly visitName = "aggregateOrderBy";
  readonly type: TypeEngine<unknown>;
  constructor(
    readonly target: ColumnElement<T>,
    readonly orderBy: readonly ColumnElement<any>[],
  ) {
    super();
    this.type = target.type;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return dispatch(this, "visitAggregateOrderBy", compiler, kw);
  }
}

/** `aggregateOrderBy(t.c.name, t.c.id.desc())` → `t.name ORDER BY t.id DESC`. */
export function aggregateOrderBy<T>(
  target: ColumnElement<T>,
  ...orderBy: ColumnElement<any>[]
): AggregateOrderBy<T> {
  if (orderBy.length === 0) throw new TypeError("aggregateOrderBy() needs at least one ORDER BY expression");
  return new AggregateOrderBy(target, orderBy);
}

/** `array_agg(expr)`, typed as an ARRAY of the argument's type. */
export function arrayAgg<T>(expr: ColumnElement<T>): FunctionElement<T[]> {
  return new FunctionElement<T[]>("array_agg", [expr], { type: new PGARRAY(expr.type as TypeEngine<T>) });
}

/** `to_tsvector([regconfig,] doc)`. */
export function toTsvector(...args: unknown[]): FunctionElement<string> {
  return new FunctionElement<string>("to_tsvector", args);
}
/** `to_tsquery([regconfig,] query)`. */
export function toTsquery(...args: unknown[]): FunctionElement<string> {
  return new FunctionElement<string>("to_tsquery", args);
}
/** `plainto_tsquery([regconfig,] text)`. */
export function plaintoTsquery(...args: unknown[]): FunctionElement<string> {
  return new FunctionElement<string>("plainto_tsquery", args);
}
/** `websearch_to_tsquery([regconfig,] text)`. */
export function websearchToTsquery(...args: unknown[]): FunctionElement<string> {
  return new FunctionElement<string>("websearch_to_tsquery", args);
}
