/**
 * `withLoaderCriteria(Address, Address.emailAddress.notLike("%@spam"))`
 * (SQLAlchemy's `with_loader_criteria`): extra WHERE criteria for every
 * load of a class that a statement makes — its rows when the class is
 * selected, its joined eager loads (in the ON clause), and, unless
 * `propagateToLoaders: false`, the selectin / subquery loads and the lazy
 * loads of the objects the statement loaded.
 *
 * Explicit joins written in the statement (`join(User.addresses)`) and
 * aliased classes are not filtered.
 */
import {
  ArgumentError,
  type ColumnElement,
  type FromClause,
  isClauseElement,
  type StatementOption,
} from "@athanor/core";
import { onAliasOf } from "./clause-adapt.js";
import type { Mapper } from "./mapper.js";
import type { AnyMappedClass } from "./mapping.types.js";

/** The `optionKind` of {@link withLoaderCriteria}'s option. */
export const LOADER_CRITERIA_KIND = "ormLoaderCriteria";

/** Options of {@link withLoaderCriteria}. */
export interface LoaderCriteriaOptions {
  /**
   * Also filter the loads this statement's objects make later: their lazy
   * loads, and the selectin / subquery eager loads. Default `true`.
   */
  propagateToLoaders?: boolean;
}

/** A criterion for the loads of one class (and its subclasses). */
export class LoaderCriteria implements StatementOption {
  readonly optionKind = LOADER_CRITERIA_KIND;
  /** @internal */
  constructor(
    readonly mapper: Mapper<any>,
    readonly criterion: ColumnElement<boolean>,
    readonly propagateToLoaders: boolean,
  ) {}

  /** Whether the criterion is for objects of `mapper`. @internal */
  appliesTo(mapper: Mapper<any>): boolean {
    return mapper.isa(this.mapper);
  }

  /** The criterion over an alias of the class's table (a joined eager load's). @internal */
  onAlias(alias: FromClause): ColumnElement<boolean> {
    return onAliasOf(this.criterion, this.mapper.table, alias);
  }
}

/**
 * Extra criteria for every load of `entity` a statement makes (SQLAlchemy's
 * `with_loader_criteria`); `criterion` is an expression over the class's
 * columns, or a function of the class giving one.
 *
 * @example
 * ```ts
 * session.scalars(
 *   select(User).options(
 *     selectinload(User.addresses),
 *     withLoaderCriteria(Address, Address.emailAddress.notLike("%@spam.org")),
 *   ),
 * );
 * ```
 */
export function withLoaderCriteria<C extends AnyMappedClass>(
  entity: C,
  criterion: ColumnElement<boolean> | ((cls: C) => ColumnElement<boolean>),
  options: LoaderCriteriaOptions = {},
): LoaderCriteria {
  const mapper = (entity as { __mapper__?: Mapper<any> }).__mapper__;
  if (mapper === undefined)
    throw new ArgumentError("withLoaderCriteria(): the first argument must be a mapped class");
  const expr = typeof criterion === "function" ? criterion(entity) : criterion;
  if (!isClauseElement(expr))
    throw new ArgumentError(
      "withLoaderCriteria(): the criterion must be a SQL expression (or a function giving one)",
    );
  return new LoaderCriteria(mapper, expr as ColumnElement<boolean>, options.propagateToLoaders ?? true);
}

/** The loader criteria among a statement's options. @internal */
export function loaderCriteriaOf(options: readonly StatementOption[]): LoaderCriteria[] {
  return options.filter(
    (o): o is LoaderCriteria => o.optionKind === LOADER_CRITERIA_KIND && o instanceof LoaderCriteria,
  );
}
