/**
 * SQL expression attributes of a mapped class: `columnProperty()` (an
 * expression loaded with the entity, SQLAlchemy's `column_property()`) and
 * `queryExpression()` (an attribute a query fills with `withExpression()`),
 * and `deferred()` for column attributes.
 */
import type { ColumnElement } from "@athanor/core";
import type { MappedColumn } from "./mapped-column.js";

/** Options of {@link columnProperty}. */
export interface ColumnPropertyOptions {
  /** Leave it out of the entity's SELECT; it loads on first access. */
  deferred?: boolean;
  /** The deferred group it loads with (implies `deferred`). */
  group?: string;
}

/** A read-only attribute whose value is a SQL expression, loaded with the entity. */
export class ColumnProperty<T = unknown> {
  declare readonly __value: T;
  declare readonly __optional: true;
  /** Discriminates it from column attributes and relationships. */
  readonly propertyKind = "columnProperty" as const;
  constructor(
    /** Returns the expression; called when the mapper first needs it, so it may name the class itself. */
    readonly expression: () => ColumnElement<any>,
    readonly options: ColumnPropertyOptions,
  ) {}
}

/**
 * Declares a read-only attribute computed by SQL when the entity loads: a
 * correlated subquery or an expression over the row's columns. The type
 * argument is its TypeScript type; the thunk is called when the class is
 * first used, so it can refer to the class being declared (give the thunk a
 * `(): ColumnElement<any>` return type then, or TypeScript reports the class
 * as circular).
 *
 * @example
 * ```ts
 * class User extends Base.mapped("user_account", {
 *   id: mappedColumn(Integer, { primaryKey: true }),
 *   firstname: mappedColumn(String(50)),
 *   lastname: mappedColumn(String(50)),
 *   fullname: columnProperty<string>(
 *     (): ColumnElement<any> => User.firstname.concat(" ").concat(User.lastname),
 *   ),
 * }) {}
 * ```
 */
export function columnProperty<T>(
  expression: () => ColumnElement<any>,
  options: ColumnPropertyOptions = {},
): ColumnProperty<T> {
  return new ColumnProperty<T>(expression, { ...options });
}

/** An attribute whose value a query provides with `withExpression()`; `null` otherwise. */
export class QueryExpression<T = unknown> {
  declare readonly __value: T | null;
  declare readonly __optional: true;
  /** Discriminates it from other attributes. */
  readonly propertyKind = "queryExpression" as const;
}

/**
 * Declares an attribute loaded only by queries that give its SQL with
 * `withExpression(User.attr, expr)`; it is `null` on objects loaded otherwise.
 *
 * @example
 * ```ts
 * score: queryExpression<number>(),
 * // ...
 * select(User).options(withExpression(User.score, func.length(User.name)))
 * ```
 */
export function queryExpression<T>(): QueryExpression<T> {
  return new QueryExpression<T>();
}

/** Options of {@link deferred}. */
export interface DeferredOptions {
  /** The deferred group: accessing one column of the group loads them all. */
  group?: string;
  /** Accessing the unloaded column raises instead of loading it. */
  raiseload?: boolean;
}

/**
 * Marks a column attribute as deferred: left out of the entity's SELECT and
 * loaded on first access. Same as `mappedColumn(type, { deferred: true })`.
 */
export function deferred<C extends MappedColumn<any, boolean>>(column: C, options: DeferredOptions = {}): C {
  const o = column.options as Record<string, unknown>;
  o.deferred = true;
  if (options.group !== undefined) o.deferredGroup = options.group;
  if (options.raiseload !== undefined) o.deferredRaiseload = options.raiseload;
  return column;
}

/** A mapper's SQL expression attribute. @internal */
export interface ExpressionProp {
  readonly key: string;
  readonly prop: ColumnProperty<any> | QueryExpression<any>;
  /** The labelled expression of a `columnProperty`, once resolved. */
  resolved?: ColumnElement<any>;
}

/** Whether a mapped attribute declaration is a SQL expression attribute. @internal */
export function isExpressionProp(p: unknown): p is ColumnProperty<any> | QueryExpression<any> {
  return p instanceof ColumnProperty || p instanceof QueryExpression;
}

/** The labelled SQL of a `columnProperty` (`<expr> AS fullname`), resolving its thunk once. @internal */
export function expressionOf(e: ExpressionProp): ColumnElement<any> {
  if (e.resolved === undefined) {
    const expr = (e.prop as ColumnProperty<any>).expression();
    e.resolved = expr.label(e.key);
  }
  return e.resolved;
}
