/**
 * The public constructors of the expression language, named as
 * SQLAlchemy's (`and_`, `or_`, `not_`, `literal`, `bindparam`, `cast`, ...).
 */
import { ArgumentError } from "../exc.js";
import { isClauseElement } from "./elements/base.js";
import {
  BinaryExpression,
  BindParameter,
  type BindParameterOptions,
  BooleanClauseList,
  Cast,
  CollationClause,
  CollectionAggregate,
  type ColumnElement,
  coerceBoolean,
  False,
  Null,
  TextLabelRef,
  True,
  Tuple,
  TypeCoerce,
  UnaryExpression,
} from "./elements/column-element.js";
import { Extract } from "./elements/functions.js";
import { operators } from "./operators.js";
import type { TypeEngine, TypeLike } from "./types/type-engine.js";
import { toType } from "./types/type-engine.js";

type Criterion = ColumnElement<any> | boolean | null | undefined;

/** `a AND b AND ...`; `undefined`/`null` entries are skipped, an empty call renders nothing. */
export function and_(...clauses: Criterion[]): ColumnElement<boolean> {
  return BooleanClauseList.build(operators.and, clauses);
}
/** `a OR b OR ...`. */
export function or_(...clauses: Criterion[]): ColumnElement<boolean> {
  return BooleanClauseList.build(operators.or, clauses);
}
/** `NOT x`, or the negated operator (`a != b` for `a = b`, `NOT IN` for `IN`). */
export function not_(clause: ColumnElement<any> | boolean): ColumnElement<boolean> {
  const el = coerceBoolean(clause);
  if (el instanceof BinaryExpression) return el.negate();
  if (el instanceof UnaryExpression && el.operator === operators.isTrue) {
    return new UnaryExpression(el.element, { operator: operators.isFalse, type: el.type });
  }
  if (el instanceof True) return new False();
  if (el instanceof False) return new True();
  return new UnaryExpression(el.selfGroup(operators.inv), { operator: operators.inv, type: el.type });
}
export { and_ as and, not_ as not, or_ as or };

/** `NULL`. */
export function null_(): ColumnElement<null> {
  return new Null();
}
export { null_ as null };
/** `TRUE`. */
export function true_(): ColumnElement<boolean> {
  return new True();
}
/** `FALSE`. */
export function false_(): ColumnElement<boolean> {
  return new False();
}

/** Options of `literal()`. */
export interface LiteralOptions {
  /** Render the value inline at execution time rather than as a placeholder. */
  literalExecute?: boolean;
}

/** A value as a bound parameter, so it can be the left side of an operator: `literal(5).eq(col)`. */
export function literal<T>(value: T, type?: TypeLike, options: LiteralOptions = {}): ColumnElement<T> {
  return new BindParameter(undefined, value, {
    type,
    unique: true,
    literalExecute: options.literalExecute,
  }) as unknown as ColumnElement<T>;
}

/** Options of `bindparam()`. */
export interface BindparamOptions extends Omit<BindParameterOptions, "keyBase"> {}

/** A named bound parameter whose value may be given now or at execution. */
export function bindparam<T = unknown>(
  key: string,
  value?: T,
  options: BindparamOptions = {},
): BindParameter<T> {
  return new BindParameter(key, value, { unique: false, ...options });
}

/** `CAST(expr AS type)`. */
export function cast<T>(expr: unknown, type: TypeLike<T>): ColumnElement<T> {
  return new Cast(expr, type) as ColumnElement<T>;
}

/** `TRY_CAST(expr AS type)` (SQL Server); other dialects refuse it. */
export function tryCast<T>(expr: unknown, type: TypeLike<T>): ColumnElement<T> {
  return new TryCast(expr, type) as ColumnElement<T>;
}

/** `TRY_CAST`. */
export class TryCast<T = unknown> extends Cast<T> {
  override readonly visitName = "tryCast" as never;
  override compilerDispatch(compiler: import("./compiler/sql-compiler.js").SQLCompiler, kw: object): string {
    const fn = (compiler as unknown as Record<string, unknown>).visitTryCast;
    if (typeof fn !== "function") compiler.visitUnsupported(this);
    return (fn as (el: this, kw: object) => string).call(compiler, this, kw);
  }
}

/** Treats `expr` as `type` for bind and result processing, without a CAST in the SQL. */
export function typeCoerce<T>(expr: unknown, type: TypeLike<T>): ColumnElement<T> {
  return new TypeCoerce(expr, type) as ColumnElement<T>;
}

/** `(a, b, ...)`, for comparisons and IN of row values. */
export function tuple_(...clauses: unknown[]): Tuple {
  return new Tuple(clauses);
}

/** `expr BETWEEN lower AND upper`. */
export function between(
  expr: ColumnElement<any>,
  lower: unknown,
  upper: unknown,
  options: { symmetric?: boolean } = {},
): ColumnElement<boolean> {
  return expr.between(lower, upper, options);
}

/** `expr COLLATE collation`. */
export function collate(expr: ColumnElement<any>, collation: string): ColumnElement<any> {
  return new BinaryExpression(expr, new CollationClause(collation), operators.collate, expr.type);
}

/** A label name (`"count"`) becomes a reference to that label of the enclosing SELECT. */
function orderTarget<T>(expr: ColumnElement<T, any> | string): ColumnElement<T, any> {
  return typeof expr === "string" ? (new TextLabelRef(expr) as ColumnElement<any>) : expr;
}

/** `DISTINCT expr`. */
export function distinct<T>(expr: ColumnElement<T, any>): ColumnElement<T> {
  return expr.distinct();
}
/** `expr DESC`; a string names a label of the SELECT. */
export function desc<T>(expr: ColumnElement<T, any> | string): ColumnElement<T> {
  return orderTarget(expr).desc();
}
/** `expr ASC`; a string names a label of the SELECT. */
export function asc<T>(expr: ColumnElement<T, any> | string): ColumnElement<T> {
  return orderTarget(expr).asc();
}
/** `expr NULLS FIRST`. */
export function nullsFirst<T>(expr: ColumnElement<T, any> | string): ColumnElement<T> {
  return orderTarget(expr).nullsFirst();
}
/** `expr NULLS LAST`. */
export function nullsLast<T>(expr: ColumnElement<T, any> | string): ColumnElement<T> {
  return orderTarget(expr).nullsLast();
}
/** `ANY (array)`. */
export function any_(expr: ColumnElement<any>): ColumnElement<any> {
  return new CollectionAggregate(expr, operators.anyOp);
}
/** `ALL (array)`. */
export function all_(expr: ColumnElement<any>): ColumnElement<any> {
  return new CollectionAggregate(expr, operators.allOp);
}

/** `EXTRACT(field FROM expr)`. */
export function extract(field: string, expr: unknown): ColumnElement<number> {
  return new Extract(field, expr);
}

/** The type of an expression or value, as Core infers it. */
export function typeOf(x: unknown): TypeEngine<unknown> | undefined {
  return isClauseElement(x) ? (x as ColumnElement<any>).type : undefined;
}

export function assertType(type: TypeLike | undefined): TypeEngine<unknown> | undefined {
  if (type === undefined) return undefined;
  const t = toType(type);
  if (t === undefined) throw new ArgumentError("a type was expected");
  return t;
}
