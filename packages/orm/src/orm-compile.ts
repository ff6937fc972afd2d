/**
 * The ORM compile step (SQLAlchemy's `ORMSelectCompileState`): turns a
 * select of mapped classes into the Core select actually sent, plus the plan
 * that builds objects from its rows. It applies the relationships' loader
 * strategies (configured with `lazy` or given as loader options) and the
 * column loading options:
 *
 * - joined eager loads add a LEFT OUTER JOIN to an anonymous alias of the
 *   target and the alias's columns;
 * - selectin / subquery loads are planned as post-loads, run once the rows
 *   are read (`orm-loading.ts`);
 * - deferred columns are left out, `columnProperty()` and `withExpression()`
 *   expressions are added.
 */

import {
  ArgumentError,
  and_,
  type ColumnElement,
  FromClause,
  InvalidRequestError,
  Join,
  NotImplementedError,
  resolveClauseProvider,
  type Select,
  select,
  UnaryExpression,
} from "@athanor/core";
import { entityFrom } from "./aliased.js";
import { replaceColumns } from "./clause-adapt.js";
import { expressionOf } from "./column-properties.js";
import { type EntityColumns, entityColumns, selectedEntityColumns } from "./entity-columns.js";
import type { EntityReader } from "./entity-reader.js";
import { withSingleTableCriteria } from "./inheritance.js";
import { type LoaderCriteria, loaderCriteriaOf } from "./loader-criteria.js";
import {
  type ColumnAttributeArg,
  type ColumnDirective,
  LOADER_OPTION_KIND,
  LoaderOption,
  type RelationshipStep,
  type RelationshipStrategy,
} from "./loader-options.js";
import type { Mapper, RelationshipProperty } from "./mapper.js";
import { type ColumnSource, columnVia, eagerJoinCondition } from "./relationship-join.js";
import { assertSecondaryPairs, secondaryEagerJoin } from "./secondary-eager.js";

/** Rows are read per entity through one of these. @internal */
export interface EntityPlan {
  readonly mapper: Mapper<any>;
  /** The relationships from the query's first entity to this one. */
  readonly path: readonly RelationshipProperty[];
  /** Loaded attributes and their positions in a row. */
  readonly cols: readonly { readonly key: string; readonly pos: number }[];
  /** Column attributes left out: they load on first access. */
  readonly deferred: readonly string[];
  /** Relationships loaded from the same row (joined eager, containsEager). */
  readonly joined: readonly { readonly rel: RelationshipProperty; readonly entity: EntityPlan }[];
  /** Relationships loaded by a later SELECT (selectin, subquery). */
  readonly post: readonly PostPlan[];
  /** Per attribute, the lazy strategy an option chose for objects of this query. */
  readonly overrides: ReadonlyMap<string, string> | undefined;
  /** Where the objects were loaded: their lazy loads continue this path with the same options. */
  readonly loadPath: LoadPath;
  /** How rows are read into objects of this plan, worked out on its first row. */
  reader?: EntityReader;
}

/** The path and options an object was loaded with (SQLAlchemy's `state.load_path` / `load_options`). @internal */
export interface LoadPath {
  readonly options: readonly LoaderOption[];
  readonly rootMapper: Mapper<any>;
  readonly path: readonly RelationshipProperty[];
  /** `withLoaderCriteria()` options that go on to the objects' lazy loads. */
  readonly criteria?: readonly LoaderCriteria[];
}

/** The compile context of a lazy load of `rel` for an object loaded at `loadPath`. @internal */
export function lazyLoadContext(
  loadPath: LoadPath | undefined,
  parent: Mapper<any>,
  rel: RelationshipProperty,
): CompileContext {
  if (loadPath === undefined) return { options: [], rootMapper: parent, rootPath: [rel] };
  return {
    options: loadPath.options,
    rootMapper: loadPath.rootMapper,
    rootPath: [...loadPath.path, rel],
    ...(loadPath.criteria !== undefined ? { criteria: loadPath.criteria } : {}),
  };
}

/** A selectin or subquery load of one relationship of one entity. @internal */
export interface PostPlan {
  readonly rel: RelationshipProperty;
  readonly strategy: "selectin" | "subquery";
  /** The path including `rel`. */
  readonly path: readonly RelationshipProperty[];
  /** The positions of the parent's `localKeys` in a row. */
  readonly localPos: readonly number[];
  /** Whether the parent is a selected entity (not reached by a join): subqueryload needs that. */
  readonly rootEntity: boolean;
  /** The mapper the path starts at. */
  readonly rootMapper: Mapper<any>;
}

/** One element of the statement's columns clause, as a row is read. @internal */
export type RowItem =
  | { readonly kind: "entity"; readonly entity: EntityPlan }
  | { readonly kind: "column"; readonly pos: number; readonly width: number };

/** The result of the compile step. @internal */
export interface CompiledOrmSelect {
  /** The Core select sent to the database. */
  readonly statement: Select<any>;
  /** The statement as given (what a subquery load wraps). */
  readonly source: Select<any>;
  readonly items: readonly RowItem[];
  /** Joined eager loading of a collection: rows repeat their parent, `unique()` is required. */
  readonly requireUnique: boolean;
  /** Some relationship loads with subqueryload (incompatible with `yieldPer`). */
  readonly hasSubqueryLoad: boolean;
  /** The loader options, passed on to the post-load queries. */
  readonly options: readonly LoaderOption[];
  /** The `withLoaderCriteria()` options passed on to the post-load queries. */
  readonly criteria: readonly LoaderCriteria[];
  readonly rootMapper: Mapper<any> | undefined;
}

/** For post-load queries: where the statement's entity sits in the original query. @internal */
export interface CompileContext {
  readonly options: readonly LoaderOption[];
  readonly rootMapper: Mapper<any>;
  readonly rootPath: readonly RelationshipProperty[];
  /** Attributes of the statement's entity that must be loaded (the columns a post-load groups by). */
  readonly requiredKeys?: readonly string[];
  /** `withLoaderCriteria()` options carried on from the statement that loaded the parents. */
  readonly criteria?: readonly LoaderCriteria[];
  /**
   * Select each attribute of the statement's entity once (`get()`): a joined
   * subclass's key is read from the base table only, as the by-primary-key
   * SELECTs do, not repeated from its own table as `select(Subclass)` does.
   */
  readonly eachKeyOnce?: boolean;
}

/** The mapper of a mapped class given to `select()`, if `arg` is one. @internal */
export function entityMapper(arg: unknown): Mapper<any> | undefined {
  if (typeof arg !== "function") return undefined;
  const m = (arg as { __mapper__?: Mapper<any> }).__mapper__;
  return m !== undefined && typeof m === "object" ? m : undefined;
}

const LAZY_KINDS = new Set(["select", "raise", "raise_on_sql", "noload"]);

class Compiler {
  readonly args: unknown[] = [];
  private width = 0;
  readonly joins: { target: FromClause; onclause: ColumnElement<boolean>; isouter: boolean }[] = [];
  /** The `orderBy` of joined eager collections, over their aliases (after the statement's own ORDER BY). */
  readonly eagerOrder: ColumnElement<any>[] = [];
  requireUnique = false;
  /** A collection is joined eagerly (with LIMIT the statement is wrapped in a subquery). */
  joinedCollection = false;
  hasSubqueryLoad = false;
  readonly usedColumnDirectives = new Set<ColumnDirective>();

  constructor(
    readonly options: readonly LoaderOption[],
    /** The mapper the current entity's path starts at (cycles are detected from it). */
    public rootMapper: Mapper<any>,
    /** The length of the path this statement starts at (post-loads and lazy loads start below the root). */
    readonly basePathLength: number,
    /** `withLoaderCriteria()` options: every one, and those carried on to later loads. */
    readonly criteria: readonly LoaderCriteria[] = [],
    readonly propagated: readonly LoaderCriteria[] = [],
  ) {}

  push(col: unknown, width = 1): number {
    this.args.push(col);
    const pos = this.width;
    this.width += width;
    return pos;
  }

  /** The strategy for `rel` reached by `path`, and whether an option named it. */
  strategyFor(
    path: readonly RelationshipProperty[],
    rel: RelationshipProperty,
  ): { strategy: RelationshipStrategy | "containsEager"; explicit: boolean; step?: RelationshipStep } {
    let explicit: RelationshipStep | undefined;
    let wildcard: RelationshipStep | undefined;
    for (const o of this.options) {
      if (o.steps.length <= path.length) continue;
      if (!path.every((p, i) => o.steps[i]?.rel === p)) continue;
      const step = o.steps[path.length] as RelationshipStep;
      if (step.strategy === undefined) continue;
      if (step.rel === rel) explicit = step;
      else if (step.rel === "*" && o.steps.length === path.length + 1) wildcard = step;
    }
    const step = explicit ?? wildcard;
    if (step !== undefined)
      return { strategy: step.strategy as RelationshipStrategy, explicit: explicit !== undefined, step };
    // Write-only and dynamic collections are never loaded with their parent.
    let strategy: RelationshipStrategy =
      rel.lazy === "write_only" || rel.lazy === "dynamic" ? "noload" : rel.lazy;
    if (strategy === "joined" || strategy === "selectin" || strategy === "subquery") {
      // A configured eager load stops at cycles (or after joinDepth levels), as SQLAlchemy's.
      const depth = rel.options.joinDepth;
      if (depth !== undefined) {
        if (path.length - this.basePathLength + 1 > depth) strategy = "select";
      } else if (
        rel.target === this.rootMapper ||
        path.some((p) => p.target === rel.target || p.parent === rel.target)
      )
        strategy = "select";
    }
    return { strategy, explicit: false };
  }

  /** Column directives that apply to the entity at `path`, in order. */
  columnDirectives(path: readonly RelationshipProperty[]): ColumnDirective[] {
    const out: ColumnDirective[] = [];
    for (const o of this.options)
      if (
        o.column !== undefined &&
        o.steps.length === path.length &&
        path.every((p, i) => o.steps[i]?.rel === p)
      )
        out.push(o.column);
    return out;
  }

  entity(
    mapper: Mapper<any>,
    path: readonly RelationshipProperty[],
    from: ColumnSource,
    underOuterJoin: boolean,
    rootEntity: boolean,
    requiredKeys: readonly string[] = [],
    /** A selected entity's columns, as core's `select()` renders it; an entity reached by a join loads its mapper's. */
    selection?: EntityColumns,
  ): EntityPlan {
    mapper.configure();
    const sel = selection ?? joinedEntityColumns(mapper, from);
    // Relationship strategies first: post-loads need the parent's join columns in the row.
    const plans: {
      rel: RelationshipProperty;
      strategy: RelationshipStrategy | "containsEager";
      step: RelationshipStep | undefined;
    }[] = [];
    const required = new Set<string>([...mapper.primaryKeyAttrs, ...requiredKeys]);
    let overrides: Map<string, string> | undefined;
    for (const rel of mapper.relationships.values()) {
      const { strategy, explicit, step } = this.strategyFor(path, rel);
      plans.push({ rel, strategy, step });
      // Post-loads read the join columns from the row; a statement wrapped for LIMIT joins on them.
      if (strategy === "selectin" || strategy === "subquery" || strategy === "joined")
        for (const k of rel.localKeys) required.add(k);
      if (LAZY_KINDS.has(strategy) && (explicit || step !== undefined) && strategy !== rel.lazy) {
        overrides ??= new Map();
        overrides.set(rel.key, strategy);
      }
    }
    const { selected, exprs, deferred, raise } = this.columnsToLoad(mapper, path, required, from, sel);
    for (const k of raise) {
      overrides ??= new Map();
      overrides.set(k, "raise");
    }
    const joined: { rel: RelationshipProperty; entity: EntityPlan }[] = [];
    // containsEager targets come first in the columns clause, as SQLAlchemy renders them.
    for (const { rel, strategy, step } of plans) {
      if (strategy !== "containsEager") continue;
      const target = rel.target as Mapper<any>;
      const alias = step?.alias;
      if (alias !== undefined && !(alias instanceof FromClause))
        throw new ArgumentError(
          `containsEager(${rel.parent.className}.${rel.key}): alias must be an alias of ${target.className}'s table`,
        );
      if (rel.uselist) this.requireUnique = true;
      joined.push({ rel, entity: this.entity(target, [...path, rel], alias, true, false) });
    }
    const cols: { key: string; pos: number }[] = [];
    for (const i of selected) {
      const k = sel.keys[i] as string;
      // Wrapped for LIMIT, the entity's columns are read from the subquery.
      cols.push({ key: k, pos: this.push(typeof from === "function" ? from(k) : sel.columns[i]) });
    }
    for (const [k, e] of exprs) cols.push({ key: k, pos: this.push(e) });
    const posOf = (k: string) => (cols.find((c) => c.key === k) as { pos: number }).pos;

    const post: PostPlan[] = [];
    for (const { rel, strategy, step } of plans) {
      const target = rel.target as Mapper<any>;
      const subPath = [...path, rel];
      if (strategy === "joined") {
        // A joined-inheritance target is its join of tables, each aliased (SQLAlchemy's flat alias).
        const alias = flatAlias(target.selectable as unknown as FromClause);
        const inner = (step?.innerjoin ?? rel.options.innerjoin) === true && !underOuterJoin;
        const join =
          rel.secondary !== undefined
            ? secondaryEagerJoin(rel, from, alias)
            : { target: alias, onclause: eagerJoinCondition(rel, from, alias) };
        const crit = this.criteria.filter((k) => k.appliesTo(target)).map((k) => k.onAlias(alias));
        this.joins.push({
          target: join.target,
          onclause:
            crit.length === 0 ? join.onclause : (and_(join.onclause, ...crit) as ColumnElement<boolean>),
          isouter: !inner,
        });
        for (const o of rel.orderBy) this.eagerOrder.push(orderByOnAlias(o, alias));
        if (rel.uselist) {
          this.requireUnique = true;
          this.joinedCollection = true;
        }
        joined.push({ rel, entity: this.entity(target, subPath, alias, underOuterJoin || !inner, false) });
      } else if (strategy === "selectin" || strategy === "subquery") {
        refuseUnpairedPostLoad(rel, strategy);
        if (strategy === "subquery") this.hasSubqueryLoad = true;
        post.push({
          rel,
          strategy,
          path: subPath,
          localPos: rel.localKeys.map(posOf),
          rootEntity,
          rootMapper: this.rootMapper,
        });
      }
    }
    const loadPath: LoadPath = {
      options: this.options,
      rootMapper: this.rootMapper,
      path,
      ...(this.propagated.length > 0 ? { criteria: this.propagated } : {}),
    };
    return { mapper, path, cols, deferred, joined, post, overrides, loadPath };
  }

  /**
   * Which of the entity's columns (`sel`, by index) and expressions the SELECT
   * includes, after deferral and column options.
   */
  private columnsToLoad(
    mapper: Mapper<any>,
    path: readonly RelationshipProperty[],
    required: ReadonlySet<string>,
    from: ColumnSource,
    sel: EntityColumns,
  ): { selected: number[]; exprs: [string, ColumnElement<any>][]; deferred: string[]; raise: string[] } {
    const aliased = from instanceof FromClause && from !== (mapper.table as unknown as FromClause);
    const exprOf = (k: string, e: ColumnElement<any>) => (typeof from === "function" ? from(k) : e);
    const load = new Set<string>();
    const raise = new Set<string>();
    for (const k of mapper.columns.keys()) {
      const d = mapper.deferredColumns.get(k);
      if (d === undefined) load.add(k);
      else if (d.raiseload) raise.add(k);
    }
    for (const [k, e] of mapper.expressionProps)
      if (
        e.prop.propertyKind === "columnProperty" &&
        e.prop.options.deferred !== true &&
        e.prop.options.group === undefined
      )
        load.add(k);
    const withExprs = new Map<string, ColumnElement<any>>();
    const keyOf = (attr: ColumnAttributeArg | unknown, d: ColumnDirective): string | undefined => {
      const k = attributeKey(mapper, attr);
      if (k !== undefined) this.usedColumnDirectives.add(d);
      return k;
    };
    for (const d of this.columnDirectives(path)) {
      if (d.kind === "defer")
        for (const a of d.attrs) {
          const k = keyOf(a, d);
          if (k === undefined) continue;
          load.delete(k);
          if (d.raiseload) raise.add(k);
        }
      else if (d.kind === "undefer")
        for (const a of d.attrs) {
          const k = keyOf(a, d);
          if (k !== undefined) load.add(k);
        }
      else if (d.kind === "undeferGroup") {
        this.usedColumnDirectives.add(d);
        for (const [k, g] of mapper.deferredColumns) if (g.group === d.group) load.add(k);
        for (const [k, e] of mapper.expressionProps)
          if (e.prop.propertyKind === "columnProperty" && e.prop.options.group === d.group) load.add(k);
      } else if (d.kind === "loadOnly") {
        const keys = d.attrs.map((a) => keyOf(a, d));
        if (keys.some((k) => k === undefined)) continue;
        load.clear();
        for (const k of keys) load.add(k as string);
        if (d.raiseload) for (const k of mapper.columns.keys()) if (!load.has(k)) raise.add(k);
      } else if (d.kind === "withExpression") {
        const k = keyOf(d.attr, d);
        if (k !== undefined) withExprs.set(k, d.expr.label(k));
      }
    }
    for (const k of required) load.add(k);
    const selected: number[] = [];
    const deferred = new Set<string>();
    sel.keys.forEach((k, i) => {
      // A withPolymorphic() entity's subclass columns are not the base mapper's: always loaded.
      if (load.has(k) || !mapper.columns.has(k)) selected.push(i);
      else deferred.add(k);
    });
    const exprs: [string, ColumnElement<any>][] = [];
    for (const [k, e] of mapper.expressionProps) {
      if (e.prop.propertyKind !== "columnProperty") continue;
      // Expressions are written against the table; under an alias they load on access instead.
      if (load.has(k) && !aliased) exprs.push([k, exprOf(k, expressionOf(e))]);
      else deferred.add(k);
    }
    if (!aliased) for (const [k, e] of withExprs) exprs.push([k, exprOf(k, e)]);
    for (const k of load) raise.delete(k);
    return { selected, exprs, deferred: [...deferred], raise: [...raise] };
  }
}

/** The columns of an entity reached by a join (eager loads), seen through `from` (an alias of its table). */
function joinedEntityColumns(mapper: Mapper<any>, from: ColumnSource): EntityColumns {
  const { keys } = entityColumns(mapper);
  return { keys, columns: keys.map((k) => columnVia(mapper, k, from)) };
}

/** `sel` without the columns whose key an earlier column has (a joined subclass's own copy of the key). */
function firstOfEachKey(sel: EntityColumns): EntityColumns {
  const keys: string[] = [];
  const columns: ColumnElement<any>[] = [];
  sel.keys.forEach((k, i) => {
    if (keys.includes(k)) return;
    keys.push(k);
    columns.push(sel.columns[i] as ColumnElement<any>);
  });
  return { keys, columns };
}

/**
 * `out` with the FROM of each selected entity that spans a join (a joined
 * subclass, a `withPolymorphic()` entity): core's `select()` takes it from
 * the entity argument, which the compiled statement replaces by columns.
 */
function withEntityJoins(out: Select<any>, args: readonly unknown[]): Select<any> {
  for (const arg of args) {
    if (entityMapper(arg) === undefined) continue;
    const f = resolveClauseProvider(arg);
    if (f instanceof Join) out = out.selectFrom(f as unknown as FromClause) as Select<any>;
  }
  return out;
}

/**
 * The key of a column attribute of `mapper` (`User.name`, a `columnProperty`
 * or `queryExpression` attribute), or `undefined` when it is not one of its.
 * @internal
 */
export function attributeKey(mapper: Mapper<any>, attr: unknown): string | undefined {
  for (const [k, c] of mapper.columns) if (c === attr) return k;
  for (const [k, e] of mapper.expressionProps) {
    if ((attr as { queryExpressionKey?: unknown })?.queryExpressionKey === e) return k;
    if (e.prop.propertyKind === "columnProperty" && expressionOf(e) === attr) return k;
  }
  return undefined;
}

/** The loader options of a statement (other kinds of options are left to their owners). */
export function loaderOptionsOf(stmt: Select<any>): LoaderOption[] {
  return stmt.withOptions.filter(
    (o): o is LoaderOption => o.optionKind === LOADER_OPTION_KIND && o instanceof LoaderOption,
  );
}

function describeStep(step: RelationshipStep): string {
  return step.rel === "*" ? "*" : `${step.rel.parent.className}.${step.rel.key}`;
}

/** Checks each option's path: it starts at a selected entity and each step follows from the previous one. */
function validatePaths(
  options: readonly LoaderOption[],
  roots: readonly Mapper<any>[],
  ctx?: CompileContext,
): void {
  for (const o of options) {
    let prev: Mapper<any>[] | undefined = ctx === undefined ? [...roots] : undefined;
    for (const step of o.steps) {
      if (step.rel === "*") {
        prev = undefined;
        continue;
      }
      step.rel.parent.configure();
      if (prev !== undefined && !prev.includes(step.rel.parent))
        throw new ArgumentError(
          prev.length === roots.length && step === o.steps[0]
            ? `Mapped class ${step.rel.parent.className} does not apply to any of the root entities in this query (${describeStep(step)})`
            : `${describeStep(step)} does not follow from the previous step of the loader option's path`,
        );
      prev = [step.rel.target as Mapper<any>];
    }
  }
}

/** The statement's own `withLoaderCriteria()` options, then those carried on from the parents' statement. */
function criteriaFor(stmt: Select<any>, ctx: CompileContext | undefined): LoaderCriteria[] {
  const own = loaderCriteriaOf(stmt.withOptions);
  const inherited = ctx?.criteria ?? [];
  return inherited.length === 0 ? own : [...own, ...inherited.filter((k) => !own.includes(k))];
}

/** The criteria that apply to a class selected by the statement (not an aliased one), in its WHERE. */
function withCriteriaWhere<S extends Select<any>>(stmt: S, criteria: readonly LoaderCriteria[]): S {
  if (criteria.length === 0) return stmt;
  let out = stmt;
  const done = new Set<LoaderCriteria>();
  for (const arg of stmt.rawArgs) {
    const m = entityMapper(arg);
    if (m === undefined || entityFrom(arg).aliased) continue;
    for (const k of criteria)
      if (!done.has(k) && k.appliesTo(m)) {
        done.add(k);
        out = out.where(k.criterion) as S;
      }
  }
  return out;
}

/** How a statement is wrapped in a subquery for LIMIT with joined collections. */
interface Wrapping {
  readonly sub: FromClause;
  /** The subquery column of each row item's attribute (`${item}:${key}`) or plain column (`${item}`). */
  readonly index: ReadonlyMap<string, number>;
}

function hasLimit(stmt: Select<any>): boolean {
  return stmt.limitClause !== undefined || stmt.offsetClause !== undefined || stmt.fetchClause !== undefined;
}

/**
 * The compile step for an ORM-enabled select (a mapped class among its
 * columns). `ctx` is given for the queries of post-loads and lazy loads,
 * whose entity sits below the original query's entity.
 *
 * A joined eager collection with LIMIT / OFFSET wraps the statement in a
 * subquery (as SQLAlchemy does), so the limit counts parents, not joined rows:
 * `SELECT anon_1.id, anon_1.name, addresses_1.id AS id_1, ... FROM (SELECT
 * users.id AS id, users.name AS name FROM users ORDER BY users.id LIMIT ?) AS anon_1 LEFT
 * OUTER JOIN addresses AS addresses_1 ON anon_1.id = addresses_1.user_id
 * ORDER BY anon_1.id`.
 * @internal
 */
export function compileOrmSelect(given: Select<any>, ctx?: CompileContext): CompiledOrmSelect {
  // A selected single-table subclass restricts the rows to its identities, on every path
  // (session.execute, lazy loads, post-loads); the subquery loader reuses it as `source`.
  // So do the withLoaderCriteria() options that apply to a selected class.
  const stmt = withCriteriaWhere(withSingleTableCriteria(given), criteriaFor(given, ctx));
  const first = compileOnce(stmt, ctx, undefined);
  if (!first.joinedCollection || !hasLimit(stmt)) return first.compiled;
  const innerCols: unknown[] = [];
  const index = new Map<string, number>();
  first.compiled.items.forEach((item, i) => {
    if (item.kind === "entity")
      for (const c of item.entity.cols) {
        index.set(`${i}:${c.key}`, innerCols.length);
        innerCols.push(first.args[c.pos]);
      }
    else if (item.width !== 1)
      throw new NotImplementedError(
        "joined eager loading of a collection with LIMIT, in a statement that selects a whole table, is not implemented; use selectinload()",
      );
    else {
      index.set(`${i}`, innerCols.length);
      innerCols.push(first.args[item.pos]);
    }
  });
  const sub = withEntityJoins(
    stmt.withOnlyColumns(...(innerCols as never[])) as unknown as Select<any>,
    stmt.rawArgs,
  ).subquery() as unknown as FromClause;
  return compileOnce(stmt, ctx, { sub, index }).compiled;
}

/**
 * An alias of a FROM for an eager join: a table's alias, or for a join of
 * tables (a joined-inheritance class) the same join of each table's alias,
 * `staff AS staff_1 JOIN developers AS developers_1 ON staff_1.id = developers_1.id`.
 */
function flatAlias(from: FromClause): FromClause {
  if (!(from instanceof Join)) return from.alias() as unknown as FromClause;
  const left = flatAlias(from.left);
  const right = flatAlias(from.right);
  const onclause = replaceColumns(
    from.onclause,
    (c) =>
      (left.correspondingColumn(c) ?? right.correspondingColumn(c) ?? undefined) as
        | ColumnElement<any>
        | undefined,
  );
  return new Join(left, right, onclause, from.isouter, from.full) as unknown as FromClause;
}

/** A relationship's `orderBy` element over the alias of its target table a joined eager load uses. */
function orderByOnAlias(el: ColumnElement<any>, alias: FromClause): ColumnElement<any> {
  const direct = alias.correspondingColumn(el);
  if (direct !== undefined && direct !== null) return direct as ColumnElement<any>;
  if (el instanceof UnaryExpression)
    return new UnaryExpression(orderByOnAlias(el.element as ColumnElement<any>, alias), {
      ...(el.operator !== undefined ? { operator: el.operator } : {}),
      ...(el.modifier !== undefined ? { modifier: el.modifier } : {}),
      type: el.type,
    }) as unknown as ColumnElement<any>;
  return el;
}

/** Rewrites an ORDER BY element over the wrapped statement's columns onto the subquery's. */
function adaptOrderBy(
  el: ColumnElement<any>,
  byColumn: Map<unknown, ColumnElement<any>>,
): ColumnElement<any> {
  const direct = byColumn.get(el);
  if (direct !== undefined) return direct;
  if (el instanceof UnaryExpression)
    return new UnaryExpression(adaptOrderBy(el.element as ColumnElement<any>, byColumn), {
      ...(el.operator !== undefined ? { operator: el.operator } : {}),
      ...(el.modifier !== undefined ? { modifier: el.modifier } : {}),
      type: el.type,
    }) as unknown as ColumnElement<any>;
  throw new NotImplementedError(
    "joined eager loading of a collection with LIMIT, ordered by an expression that is not a selected column, is not implemented; use selectinload()",
  );
}

/**
 * The selectin and subquery loaders match rows to parents by the join's
 * column pairs: a custom `primaryjoin` may say more than its pairs, so it
 * raises.
 */
function refuseUnpairedPostLoad(rel: RelationshipProperty, strategy: "selectin" | "subquery"): void {
  const where = `relationship ${rel.parent.className}.${rel.key}`;
  if (rel.secondary !== undefined) assertSecondaryPairs(rel, strategy);
  else if (rel.customJoin)
    throw new NotImplementedError(
      `${where}: ${strategy} eager loading with a custom primaryjoin is not implemented yet; use joinedload() or lazy loading`,
    );
}

function compileOnce(
  stmt: Select<any>,
  ctx: CompileContext | undefined,
  wrap: Wrapping | undefined,
): { compiled: CompiledOrmSelect; args: unknown[]; joinedCollection: boolean } {
  const options = ctx?.options ?? loaderOptionsOf(stmt);
  const roots = stmt.rawArgs.map(entityMapper).filter((m): m is Mapper<any> => m !== undefined);
  if (roots.length === 0) throw new InvalidRequestError("not an ORM-enabled select");
  for (const m of roots) m.configure();
  validatePaths(options, roots, ctx);
  const rootMapper = ctx?.rootMapper ?? (roots[0] as Mapper<any>);
  const criteria = criteriaFor(stmt, ctx);
  const c = new Compiler(
    options,
    rootMapper,
    ctx?.rootPath.length ?? 0,
    criteria,
    criteria.filter((k) => k.propagateToLoaders),
  );
  const items: RowItem[] = [];
  const subCol = (k: string) =>
    wrap?.sub.columns[wrap.index.get(k) as number] as unknown as ColumnElement<any>;
  let first = true;
  stmt.rawArgs.forEach((arg, i) => {
    const mapper = entityMapper(arg);
    if (mapper !== undefined) {
      // Options are relative to the first entity's path; other entities start their own paths.
      const path = first && ctx !== undefined ? ctx.rootPath : [];
      const required = first ? (ctx?.requiredKeys ?? []) : [];
      const onePerKey = first && ctx?.eachKeyOnce === true;
      // Each selected entity starts its own path; a post-load's entity continues the original one.
      c.rootMapper = first && ctx !== undefined ? ctx.rootMapper : mapper;
      first = false;
      // An aliased class's columns (and its eager joins) are its alias's.
      const alias = entityFrom(arg);
      const from: ColumnSource =
        wrap !== undefined ? (k) => subCol(`${i}:${k}`) : alias.aliased ? alias.from : undefined;
      const all = selectedEntityColumns(arg, mapper);
      const sel = onePerKey ? firstOfEachKey(all) : all;
      items.push({ kind: "entity", entity: c.entity(mapper, path, from, false, true, required, sel) });
    } else if (wrap !== undefined) items.push({ kind: "column", pos: c.push(subCol(`${i}`)), width: 1 });
    else if (arg instanceof FromClause) {
      const width = arg.columns.length;
      items.push({ kind: "column", pos: c.push(arg, width), width });
    } else items.push({ kind: "column", pos: c.push(arg), width: 1 });
  });
  if (ctx === undefined)
    for (const o of options)
      if (o.column !== undefined && o.steps.length === 0 && !c.usedColumnDirectives.has(o.column))
        throw new ArgumentError(
          `the column option ${o.column.kind}() names an attribute that is not a column attribute of a selected entity`,
        );
  let out: Select<any>;
  if (wrap === undefined)
    out = withEntityJoins(
      stmt.withOnlyColumns(...(c.args as never[])) as unknown as Select<any>,
      stmt.rawArgs,
    );
  else {
    out = select(...(c.args as never[])) as unknown as Select<any>;
    // The outer statement repeats the ORDER BY, over the subquery's columns.
    const byColumn = new Map<unknown, ColumnElement<any>>();
    const inner = (wrap.sub as unknown as { element: Select<any> }).element;
    inner.rawColumns.forEach((col, j) => {
      byColumn.set(col, wrap.sub.columns[j] as unknown as ColumnElement<any>);
    });
    if (stmt.orderByClauses.length > 0)
      out = out.orderBy(...stmt.orderByClauses.map((o) => adaptOrderBy(o as ColumnElement<any>, byColumn)));
  }
  for (const j of c.joins)
    out = j.isouter ? out.outerjoin(j.target, j.onclause) : out.join(j.target, j.onclause);
  if (c.eagerOrder.length > 0) out = out.orderBy(...(c.eagerOrder as never[]));
  return {
    compiled: {
      statement: out,
      source: stmt,
      items,
      requireUnique: c.requireUnique,
      hasSubqueryLoad: c.hasSubqueryLoad,
      options,
      criteria: c.propagated,
      rootMapper,
    },
    args: c.args,
    joinedCollection: c.joinedCollection,
  };
}
