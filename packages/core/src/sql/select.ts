/**
 * SELECT and the statements built from it: subqueries, CTEs, scalar
 * subqueries, EXISTS and compound selects (UNION, INTERSECT, EXCEPT).
 */
import { ArgumentError } from "../exc.js";
import {
  type ClauseProvider,
  type EntityArg,
  isJoinPathProvider,
  JOIN_PATH,
  resolveClauseProvider,
} from "./clause-provider.js";
import type { CompileKw, SQLCompiler } from "./compiler/sql-compiler.js";
import { CreateTableAs, type CreateTableAsOptions } from "./ddl/views.js";
import {
  type CacheKeyGen,
  ClauseElement,
  countKeyPart,
  type Internals,
  isClauseElement,
} from "./elements/base.js";
import {
  BinaryExpression,
  BindParameter,
  BOOLEANTYPE,
  BooleanClauseList,
  ColumnClause,
  ColumnElement,
  type Criterion,
  coerceBoolean,
  Grouping,
  INTEGERTYPE,
  Label,
  NULLTYPE,
} from "./elements/column-element.js";
import { TextClause } from "./elements/text.js";
import { needsGrouping, type Operator, operators } from "./operators.js";
import { Alias, type ColumnMap, FromClause, Join, type JoinOptions } from "./selectable.js";
import type { TypeEngine, TypeLike } from "./types/type-engine.js";

// ------------------------------------------------------------------------------------
// Typing of rows
// ------------------------------------------------------------------------------------

/** Anything `select()` accepts as a column: an expression, a whole FROM (all its columns) or an entity class. */
export type SelectArg = ColumnElement<any, any> | FromClause<any> | EntityArg;

type ExpandColumns<A> =
  A extends ColumnElement<any, any> ? A : A extends { readonly c: infer C } ? C[keyof C] : never;

type SelectValueOf<A> = A extends abstract new (
  ...args: any
) => infer I
  ? I
  : A extends ColumnElement<infer T, any>
    ? T
    : unknown;

/**
 * The row type of `select(...args)`: `{ readonly [key]: value }`; when an
 * entity class is selected, a tuple of the values (`readonly [User, string]`).
 */
export type RowOf<A extends readonly SelectArg[]> = [Extract<A[number], EntityArg>] extends [never]
  ? {
      readonly [E in ExpandColumns<A[number]> as string extends E["__key"] ? never : E["__key"]]: E["__ts"];
    }
  : { readonly [I in keyof A]: SelectValueOf<A[I]> };

// ------------------------------------------------------------------------------------
// Shared parts of SELECT and compound selects
// ------------------------------------------------------------------------------------

/** One column a select exports: what it renders and the key rows and `.c` use. */
export interface SelectedColumn {
  readonly element: ColumnElement<any>;
  /** The key in `.c` and in rows; undefined when the expression has no natural name. */
  readonly key: string | undefined;
}

/** `FETCH FIRST n ROWS` options. */
export interface FetchOptions {
  withTies?: boolean;
  percent?: boolean;
}

/** `FOR UPDATE` options. */
export interface ForUpdateOptions {
  /** `FOR SHARE` / `LOCK IN SHARE MODE`. */
  read?: boolean;
  nowait?: boolean;
  skipLocked?: boolean;
  /** `FOR UPDATE OF ...` */
  of?: ClauseElement | readonly ClauseElement[];
  keyShare?: boolean;
}

/** Options of `cte()`. */
export interface CteOptions {
  recursive?: boolean;
  /** Render the WITH inside the statement that uses it rather than at the top. */
  nesting?: boolean;
}

/**
 * The empty list every statement starts with, shared: lists are replaced, never changed in
 * place, and a statement is copied on each generative call (no new arrays per copy).
 */
const NONE: readonly never[] = Object.freeze([]);

/** Common to `Select` and `CompoundSelect`: ORDER BY, LIMIT/OFFSET/FETCH, and making subqueries. */
export abstract class SelectBase<R = unknown> extends ClauseElement {
  declare readonly __row: R;
  orderByClauses: readonly ColumnElement<any>[] = NONE;
  groupByClauses: readonly ColumnElement<any>[] = NONE;
  limitClause: ColumnElement<any> | undefined;
  offsetClause: ColumnElement<any> | undefined;
  fetchClause: ColumnElement<any> | undefined;
  fetchOptions: FetchOptions | undefined;
  forUpdate: ForUpdateOptions | undefined;
  ctes: readonly CTE[] = NONE;

  override get isSelectable(): boolean {
    return true;
  }

  /** The columns this statement returns, with their keys. */
  abstract get selectedColumns(): readonly SelectedColumn[];

  /** ORDER BY; strings name a column or label of this statement. */
  orderBy(...clauses: (ColumnElement<any> | string | null)[]): this {
    const s = this.generate();
    if (clauses.length === 1 && clauses[0] === null) s.orderByClauses = [];
    else s.orderByClauses = [...this.orderByClauses, ...clauses.map((c) => this.resolveOrderTarget(c))];
    return s;
  }
  /** GROUP BY; strings name a column or label of this statement. */
  groupBy(...clauses: (ColumnElement<any> | string)[]): this {
    const s = this.generate();
    s.groupByClauses = [...this.groupByClauses, ...clauses.map((c) => this.resolveOrderTarget(c))];
    return s;
  }

  protected resolveOrderTarget(c: ColumnElement<any> | string | null): ColumnElement<any> {
    if (typeof c === "string") return new LabelReference(c, this);
    if (c === null) throw new ArgumentError("null is not an ORDER BY expression");
    return c;
  }

  limit(n: number | ColumnElement<any> | null): this {
    const s = this.generate();
    s.limitClause = offsetOrLimit(n);
    s.fetchClause = undefined;
    s.fetchOptions = undefined;
    return s;
  }
  offset(n: number | ColumnElement<any> | null): this {
    const s = this.generate();
    s.offsetClause = offsetOrLimit(n);
    return s;
  }
  /** `FETCH FIRST n ROWS ONLY` / `WITH TIES` / `PERCENT`. */
  fetch(n: number | ColumnElement<any> | null, options: FetchOptions = {}): this {
    const s = this.generate();
    s.limitClause = undefined;
    s.fetchClause = offsetOrLimit(n);
    s.fetchOptions = s.fetchClause === undefined ? undefined : options;
    return s;
  }
  /** Slice semantics: rows `start` to `stop` (exclusive). */
  slice(start: number, stop: number): this {
    return this.offset(start > 0 ? start : null).limit(stop - start);
  }

  /** `FOR UPDATE` and its variants; `withForUpdate()` with no options is a plain FOR UPDATE. */
  withForUpdate(options: ForUpdateOptions = {}): this {
    const s = this.generate();
    s.forUpdate = options;
    return s;
  }

  /** Attaches a CTE to this statement's WITH clause even if no FROM refers to it. */
  addCte(...ctes: CTE[]): this {
    const s = this.generate();
    s.ctes = [...this.ctes, ...ctes];
    return s;
  }

  /** This statement as a named subquery for a FROM clause. */
  subquery<const N extends string | undefined = undefined>(name?: N): Subquery<ColumnsOfRow<R>> {
    return new Subquery(this, name);
  }
  /** `alias()` is `subquery()` for statements. */
  alias(name?: string): Subquery<ColumnsOfRow<R>> {
    return this.subquery(name);
  }
  /** This statement as a common table expression. */
  cte(name?: string, options: CteOptions = {}): CTE<ColumnsOfRow<R>> {
    return new CTE(this, name, options.recursive ?? false, options.nesting ?? false);
  }
  /** `LATERAL (this) AS name`. */
  lateral(name?: string): import("./selectable.js").Lateral<ColumnsOfRow<R>> {
    return new Subquery(this, undefined).lateral(name) as never;
  }
  /** `(SELECT ...)` used as a single value. */
  scalarSubquery(): ScalarSelect<R extends Record<string, infer V> ? V : unknown> {
    return new ScalarSelect(this);
  }
  /** `(SELECT ...) AS name` as a column. */
  label<const N extends string>(name: N): ColumnElement<R extends Record<string, infer V> ? V : unknown, N> {
    return this.scalarSubquery().label(name);
  }
  /** `EXISTS (SELECT ...)`. */
  exists(): Exists {
    return new Exists(this);
  }

  /** Grouping as an operand: a select inside an expression is a scalar subquery. */
  override selfGroup(_against?: Operator): ClauseElement {
    return this;
  }
}

type ColumnsOfRow<R> =
  R extends Record<string, unknown>
    ? { readonly [K in keyof R & string]: ColumnElement<R[K], K> }
    : ColumnMap;

function offsetOrLimit(n: number | ColumnElement<any> | null): ColumnElement<any> | undefined {
  if (n === null) return undefined;
  if (isClauseElement(n)) return n as ColumnElement<any>;
  if (typeof n !== "number" || !Number.isInteger(n))
    throw new ArgumentError(`an integer was expected, got ${n}`);
  return new BindParameter(undefined, n, { type: INTEGERTYPE, unique: true, keyBase: "param" });
}

/** A reference by name to a column or label of the statement (`orderBy("x")`). */
export class LabelReference extends ColumnElement<unknown> {
  static override internals: Internals = [["name", "value"]];
  readonly visitName = "labelReference";
  readonly type: TypeEngine<unknown> = NULLTYPE;
  constructor(
    readonly name: string,
    readonly statement: SelectBase,
  ) {
    super();
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitLabelReference(this, kw);
  }
}

// ------------------------------------------------------------------------------------
// SELECT
// ------------------------------------------------------------------------------------

interface JoinSpec {
  readonly target: FromClause;
  readonly onclause: ColumnElement<any> | undefined;
  readonly left: FromClause | undefined;
  readonly isouter: boolean;
  readonly full: boolean;
}

/** A hint for one table, `withHint()`. */
export interface Hint {
  readonly selectable: FromClause | undefined;
  readonly text: string;
  readonly dialectName: string;
}

/** How a SELECT labels its columns (SQLAlchemy's label styles). */
export const LABEL_STYLE_NONE = "none";
/** Only duplicate names get a label (`id`, `id_1`): the default. */
export const LABEL_STYLE_DISAMBIGUATE_ONLY = "disambiguate";
/** Every table column is labelled `<table>_<column>`. */
export const LABEL_STYLE_TABLENAME_PLUS_COL = "tablename_plus_col";
export const LABEL_STYLE_DEFAULT = LABEL_STYLE_DISAMBIGUATE_ONLY;
export type LabelStyle =
  | typeof LABEL_STYLE_NONE
  | typeof LABEL_STYLE_DISAMBIGUATE_ONLY
  | typeof LABEL_STYLE_TABLENAME_PLUS_COL;

/** A dialect-specific addition to a SELECT, applied with `.ext()` (e.g. PostgreSQL `distinctOn`). */
export interface SelectExtension {
  applyToSelect(select: Select<any>): Select<any>;
}

/**
 * An option given to `Select.options()`. Core only stores it; the layer that
 * executes the statement (the ORM) gives it meaning.
 */
export interface StatementOption {
  /** Names the option's kind, for error messages and dispatch. */
  readonly optionKind: string;
}

const EMPTY_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * `SELECT`. Build with `select(...)`; each method returns a new statement.
 *
 * @example
 * ```ts
 * const stmt = select(user.c.name, address.c.email)
 *   .join(address)                      // ON inferred from the foreign key
 *   .where(user.c.name.eq("spongebob"))
 *   .orderBy(address.c.id);
 * ```
 */
export class Select<R = unknown> extends SelectBase<R> {
  static override internals: Internals = [
    ["rawColumns", "elements"],
    ["fromObj", "elements"],
    ["joins", "ignore"],
    ["whereClauses", "elements"],
    ["havingClauses", "elements"],
    ["orderByClauses", "elements"],
    ["groupByClauses", "elements"],
    ["limitClause", "element"],
    ["offsetClause", "element"],
    ["fetchClause", "element"],
    ["fetchOptions", "value"],
    ["distinctFlag", "value"],
    ["labelStyle", "value"],
    ["distinctOn", "elements"],
    ["forUpdate", "ignore"],
    ["prefixes", "value"],
    ["suffixes", "value"],
    ["hints", "ignore"],
    ["ctes", "elements"],
  ];
  readonly visitName = "select";
  rawColumns: readonly ColumnElement<any>[] = NONE;
  fromObj: readonly FromClause[] = NONE;
  joins: readonly JoinSpec[] = NONE;
  whereClauses: readonly ColumnElement<boolean>[] = NONE;
  havingClauses: readonly ColumnElement<boolean>[] = NONE;
  distinctFlag = false;
  distinctOn: readonly ColumnElement<any>[] = NONE;
  prefixes: readonly (readonly [string, string | undefined])[] = NONE;
  suffixes: readonly (readonly [string, string | undefined])[] = NONE;
  hints: readonly Hint[] = NONE;
  statementHints: readonly Hint[] = NONE;
  correlateFroms: readonly FromClause[] | undefined;
  correlateExceptFroms: readonly FromClause[] | undefined;
  /** Whether auto-correlation applies (turned off by `correlate(null)`). */
  autoCorrelate = true;

  /** The columns clause as given, entity classes included (read by the ORM to build objects). */
  rawArgs: readonly unknown[] = NONE;
  /** Options given with `options()` (the ORM's loader options); core renders nothing for them. */
  withOptions: readonly StatementOption[] = NONE;
  /** Options given with `executionOptions()`, read by the layer that executes the statement. */
  statementExecutionOptions: Readonly<Record<string, unknown>> = EMPTY_OPTIONS;

  constructor(columns: readonly SelectArg[] = NONE) {
    super();
    this.rawArgs = columns;
    this.rawColumns = columns.length === 0 ? NONE : expandSelectArgs(columns);
  }

  /**
   * Copies through the constructor, so the copy shares the original's hidden class (V8). A plain
   * `Select` is copied field by field, several times faster than `Object.assign` over its
   * thirty-odd fields (a statement is copied at every generative call); a subclass, which may
   * hold more, is copied whole. A test checks that every field is copied.
   */
  protected override generate(): this {
    if (this.constructor !== Select) return Object.assign(new (this.constructor as new () => this)(), this);
    const c = new Select() as Select<any>;
    c.orderByClauses = this.orderByClauses;
    c.groupByClauses = this.groupByClauses;
    c.limitClause = this.limitClause;
    c.offsetClause = this.offsetClause;
    c.fetchClause = this.fetchClause;
    c.fetchOptions = this.fetchOptions;
    c.forUpdate = this.forUpdate;
    c.ctes = this.ctes;
    c.rawColumns = this.rawColumns;
    c.fromObj = this.fromObj;
    c.joins = this.joins;
    c.whereClauses = this.whereClauses;
    c.havingClauses = this.havingClauses;
    c.distinctFlag = this.distinctFlag;
    c.distinctOn = this.distinctOn;
    c.prefixes = this.prefixes;
    c.suffixes = this.suffixes;
    c.hints = this.hints;
    c.statementHints = this.statementHints;
    c.correlateFroms = this.correlateFroms;
    c.correlateExceptFroms = this.correlateExceptFroms;
    c.autoCorrelate = this.autoCorrelate;
    c.rawArgs = this.rawArgs;
    c.withOptions = this.withOptions;
    c.statementExecutionOptions = this.statementExecutionOptions;
    c.labelStyle = this.labelStyle;
    return c as this;
  }

  /** How columns are labelled; see `setLabelStyle`. */
  labelStyle: LabelStyle = LABEL_STYLE_DEFAULT;

  get selectedColumns(): readonly SelectedColumn[] {
    if (this.labelStyle === LABEL_STYLE_TABLENAME_PLUS_COL) {
      return this.rawColumns.map((c) => {
        if (c instanceof ColumnClause && c.table !== undefined && !c.isLiteral) {
          const t = c.table as { name?: string; schema?: string };
          // A schema-qualified table labels as `schema_table_col`, as SQLAlchemy's `_tq_label`.
          const tableName =
            (t.schema !== undefined ? `${t.schema.replace(/\./g, "_")}_` : "") +
            (t.name ?? c.table.description);
          // An anonymous alias is named when compiled (`anon_1`): so is its columns' label.
          const label =
            c.table instanceof Alias && c.table.name === undefined
              ? new AnonymousTableLabel(c.table, c.name, c)
              : new Label(`${tableName}_${c.name}`, c);
          return { element: label, key: label.name };
        }
        return { element: c, key: c.key };
      });
    }
    if (this.labelStyle === LABEL_STYLE_NONE) return this.rawColumns.map((c) => ({ element: c, key: c.key }));
    return disambiguated(this.rawColumns);
  }

  /** Sets how the columns are labelled: `LABEL_STYLE_TABLENAME_PLUS_COL` gives `user_account_id` and so on. */
  setLabelStyle(style: LabelStyle): this {
    const s = this.generate();
    s.labelStyle = style;
    return s;
  }

  /** The columns as `.c`-style map, as `select.selectedColumns` keyed. */
  get exportedColumns(): ColumnMap {
    const out = Object.create(null) as ColumnMap;
    for (const { element, key } of this.selectedColumns)
      if (key !== undefined && !(key in out)) out[key] = element;
    return out;
  }

  /** Adds WHERE criteria, joined by AND. `filter()` is the same. */
  where(...criteria: Criterion[]): this {
    const s = this.generate();
    s.whereClauses = [...this.whereClauses, ...criteria.map((c) => coerceBoolean(c))];
    return s;
  }
  filter(...criteria: Criterion[]): this {
    return this.where(...criteria);
  }
  /** Adds HAVING criteria, joined by AND. */
  having(...criteria: Criterion[]): this {
    const s = this.generate();
    s.havingClauses = [...this.havingClauses, ...criteria.map((c) => coerceBoolean(c))];
    return s;
  }

  /** Adds FROM clauses explicitly. */
  selectFrom(...froms: (FromClause | EntityArg | ClauseProvider | string)[]): this {
    const s = this.generate();
    s.fromObj = [
      ...this.fromObj,
      ...froms.map((f) =>
        typeof f === "string" ? new TextFrom(f) : (resolveClauseProvider(f) as FromClause),
      ),
    ];
    return s;
  }

  /** Joins `target` to the FROM it can join to (by ON, else by foreign key). */
  join(
    target: FromClause | EntityArg | ClauseProvider,
    onclause?: ColumnElement<any>,
    options: JoinOptions = {},
  ): this {
    return this.addJoin(target, onclause, undefined, options.isouter ?? false, options.full ?? false);
  }
  outerjoin(
    target: FromClause | EntityArg | ClauseProvider,
    onclause?: ColumnElement<any>,
    options: { full?: boolean } = {},
  ): this {
    return this.addJoin(target, onclause, undefined, true, options.full ?? false);
  }
  /** Joins `right` to the explicit `left`. */
  joinFrom(
    left: FromClause | EntityArg | ClauseProvider,
    right: FromClause | EntityArg | ClauseProvider,
    onclause?: ColumnElement<any>,
    options: JoinOptions = {},
  ): this {
    const from = resolveClauseProvider(left) as FromClause;
    return this.addJoin(right, onclause, from, options.isouter ?? false, options.full ?? false);
  }
  outerjoinFrom(
    left: FromClause | EntityArg | ClauseProvider,
    right: FromClause | EntityArg | ClauseProvider,
    onclause?: ColumnElement<any>,
    options: { full?: boolean } = {},
  ) {
    const from = resolveClauseProvider(left) as FromClause;
    return this.addJoin(right, onclause, from, true, options.full ?? false);
  }

  private addJoin(
    target: FromClause | EntityArg | ClauseProvider,
    onclause: ColumnElement<any> | undefined,
    left: FromClause | undefined,
    isouter: boolean,
    full: boolean,
  ): this {
    const s = this.generate();
    if (onclause === undefined && left === undefined && isJoinPathProvider(target)) {
      const steps = target[JOIN_PATH]().map((st) => ({
        target: st.target as FromClause,
        onclause: st.onclause as ColumnElement<any>,
        left: undefined,
        isouter,
        full,
      }));
      s.joins = [...this.joins, ...steps];
      return s;
    }
    const resolved = resolveClauseProvider(target);
    let from = resolved as FromClause;
    // A provider may bring its own ON clause (an ORM relationship joined to an alias).
    if (isJoinTarget(resolved)) {
      onclause ??= resolved.joinOnclause;
      from = resolved.joinTarget;
    }
    s.joins = [...this.joins, { target: from, onclause, left, isouter, full }];
    return s;
  }

  /** `SELECT DISTINCT`; with expressions (PostgreSQL) `DISTINCT ON (...)`. */
  distinct(...on: ColumnElement<any>[]): this {
    const s = this.generate();
    s.distinctFlag = true;
    if (on.length > 0) s.distinctOn = [...this.distinctOn, ...on];
    return s;
  }

  /** `CREATE TABLE name AS <this SELECT>` (SQLAlchemy 2.1's `Select.into()`). */
  into(tableName: string, options: CreateTableAsOptions = {}): CreateTableAs {
    return new CreateTableAs(this, tableName, options);
  }

  /** Applies a dialect-specific extension, e.g. `postgresql.distinctOn(col)`. */
  ext(extension: SelectExtension): this {
    return extension.applyToSelect(this) as this;
  }

  /** Replaces the columns clause, keeping the FROMs those columns implied unless told otherwise. */
  withOnlyColumns<const A extends readonly SelectArg[]>(...columns: A): Select<RowOf<A>> {
    const s = this.generate() as unknown as Select<RowOf<A>>;
    s.rawArgs = columns;
    s.rawColumns = expandSelectArgs(columns);
    return s;
  }
  /** Adds columns to the columns clause. */
  addColumns<const A extends readonly SelectArg[]>(...columns: A): Select<R & RowOf<A>> {
    const s = this.generate() as unknown as Select<R & RowOf<A>>;
    s.rawArgs = [...this.rawArgs, ...columns];
    s.rawColumns = [...this.rawColumns, ...expandSelectArgs(columns)];
    return s;
  }

  /**
   * Adds options that a higher layer interprets, such as the ORM's loader
   * options (`selectinload(User.addresses)`); core keeps them on the statement
   * and renders nothing for them.
   */
  options(...opts: StatementOption[]): this {
    const s = this.generate();
    s.withOptions = [...this.withOptions, ...opts];
    return s;
  }

  /**
   * Sets execution options on the statement (the ORM reads `populateExisting`
   * and `yieldPer`); later calls add to, and override, earlier ones.
   */
  executionOptions(opts: Readonly<Record<string, unknown>>): this {
    const s = this.generate();
    s.statementExecutionOptions = { ...this.statementExecutionOptions, ...opts };
    return s;
  }

  /** Text after SELECT (`SQL_NO_CACHE`), for all dialects or one. */
  prefixWith(...args: (string | { dialect: string })[]): this {
    const s = this.generate();
    const { texts, dialect } = splitDialectArg(args);
    s.prefixes = [...this.prefixes, ...texts.map((t) => [t, dialect] as const)];
    return s;
  }
  /** Text at the end of the statement, for all dialects or one. */
  suffixWith(...args: (string | { dialect: string })[]): this {
    const s = this.generate();
    const { texts, dialect } = splitDialectArg(args);
    s.suffixes = [...this.suffixes, ...texts.map((t) => [t, dialect] as const)];
    return s;
  }
  /** A table hint (`WITH (NOLOCK)` on SQL Server, index hints on MySQL, `/*+ ... *\/` on Oracle). */
  withHint(selectable: FromClause, text: string, options: { dialectName?: string } = {}): this {
    const s = this.generate();
    s.hints = [...this.hints, { selectable, text, dialectName: options.dialectName ?? "*" }];
    return s;
  }
  /** A hint for the whole statement. */
  withStatementHint(text: string, options: { dialectName?: string } = {}): this {
    const s = this.generate();
    s.statementHints = [
      ...this.statementHints,
      { selectable: undefined, text, dialectName: options.dialectName ?? "*" },
    ];
    return s;
  }

  /**
   * The FROMs of the enclosing statement to leave out of this one when it is
   * used as a subquery in a WHERE or columns clause; `null` turns correlation off.
   */
  correlate(...froms: (FromClause | null)[]): this {
    const s = this.generate();
    if (froms.length === 1 && froms[0] === null) {
      s.autoCorrelate = false;
      s.correlateFroms = [];
    } else s.correlateFroms = [...(this.correlateFroms ?? []), ...(froms as FromClause[])];
    return s;
  }
  /** Correlates every enclosing FROM except these. */
  correlateExcept(...froms: (FromClause | null)[]): this {
    const s = this.generate();
    s.correlateExceptFroms = froms.filter((f): f is FromClause => f !== null);
    return s;
  }

  /**
   * The FROM clauses of this SELECT, in order: explicit ones, then those of
   * the columns and criteria, with joins applied.
   */
  get froms(): FromClause[] {
    // A statement is immutable, so its FROM list is computed once (keyed by identity: copies recompute).
    const memo = fromsMemo.get(this);
    if (memo !== undefined) return memo;
    const computed = this.computeFroms();
    fromsMemo.set(this, computed);
    return computed;
  }

  private computeFroms(): FromClause[] {
    let froms: FromClause[] = [];
    const add = (f: FromClause) => {
      if (!froms.includes(f)) froms.push(f);
    };
    for (const f of this.fromObj) add(f);
    // An entity over several tables (an ORM joined subclass) selects FROM its join.
    for (const a of this.rawArgs)
      if (hasSelectColumns(a)) {
        const f = resolveClauseProvider(a);
        if (f instanceof Join) add(f);
      }
    for (const c of this.rawColumns) collectFroms(c, add);
    for (const w of this.whereClauses) collectFroms(w, add);
    for (const j of this.joins) {
      const found = j.left === undefined ? findJoinLeft(froms, j) : undefined;
      const left = j.left ?? found?.left;
      const idx =
        left === undefined ? -1 : froms.findIndex((f) => f === left || f.fromObjects.includes(left));
      const base = idx >= 0 ? (froms[idx] as FromClause) : left;
      if (base === undefined) throw new ArgumentError(`no FROM clause to join ${j.target.description} from`);
      const joinLeft = j.left !== undefined && idx < 0 ? j.left : base;
      // The join made while looking for the left side is the one wanted when it was made from that side.
      const joined =
        found?.join !== undefined && found.join.left === joinLeft
          ? found.join
          : new Join(
              joinLeft,
              j.target,
              j.onclause ?? inferOn(joinLeft, j.left, j.target),
              j.isouter,
              j.full,
            );
      if (idx >= 0) froms[idx] = joined;
      else froms.push(joined);
      const kept = idx >= 0 ? idx : froms.length - 1;
      const inJoin = joined.fromObjects;
      froms = froms.filter((f, i) => i === kept || !inJoin.includes(f));
    }
    for (const h of this.havingClauses) collectFroms(h, add);
    // A FROM that is part of a join is rendered by the join.
    let hidden: Set<FromClause> | undefined;
    for (const f of froms) {
      const h = f.hiddenFroms;
      if (h.length === 0) continue;
      hidden ??= new Set();
      for (const x of h) hidden.add(x);
    }
    return hidden === undefined ? froms : froms.filter((f) => !hidden.has(f));
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitSelect(this, kw);
  }

  override cacheKeyInto(gen: CacheKeyGen): void {
    // Written out rather than derived from `internals` (which still drive copying and
    // traversal): a SELECT's key is built on every execution of a cached statement.
    // Constant parts only (counts from a table of strings): nothing is allocated per key.
    gen.add("select");
    gen.add(countKeyPart(this.rawColumns.length));
    gen.add(this.distinctFlag ? "distinct" : "-");
    gen.add(this.labelStyle);
    gen.add(this.autoCorrelate ? "-" : "nc");
    for (const c of this.rawColumns) c.cacheKeyInto(gen);
    if (this.fromObj.length > 0) {
      gen.add("from");
      gen.add(countKeyPart(this.fromObj.length));
      for (const f of this.fromObj) f.cacheKeyInto(gen);
    }
    for (const j of this.joins) {
      gen.add(j.isouter ? (j.full ? "join:outer:full" : "join:outer") : j.full ? "join:full" : "join:inner");
      j.target.cacheKeyInto(gen);
      gen.element(j.onclause);
      gen.element(j.left);
    }
    if (this.whereClauses.length > 0) {
      gen.add("where");
      gen.add(countKeyPart(this.whereClauses.length));
      for (const w of this.whereClauses) w.cacheKeyInto(gen);
    }
    if (this.groupByClauses.length > 0) {
      gen.add("group");
      gen.add(countKeyPart(this.groupByClauses.length));
      for (const g of this.groupByClauses) g.cacheKeyInto(gen);
    }
    if (this.havingClauses.length > 0) {
      gen.add("having");
      gen.add(countKeyPart(this.havingClauses.length));
      for (const h of this.havingClauses) h.cacheKeyInto(gen);
    }
    if (this.orderByClauses.length > 0) {
      gen.add("order");
      gen.add(countKeyPart(this.orderByClauses.length));
      for (const o of this.orderByClauses) o.cacheKeyInto(gen);
    }
    if (this.limitClause !== undefined) {
      gen.add("limit");
      this.limitClause.cacheKeyInto(gen);
    }
    if (this.offsetClause !== undefined) {
      gen.add("offset");
      this.offsetClause.cacheKeyInto(gen);
    }
    if (this.fetchClause !== undefined) {
      gen.add(`fetch:${this.fetchOptions?.withTies ?? ""}:${this.fetchOptions?.percent ?? ""}`);
      this.fetchClause.cacheKeyInto(gen);
    }
    if (this.distinctOn.length > 0) gen.elements(this.distinctOn);
    if (this.forUpdate !== undefined) {
      const { of, ...rest } = this.forUpdate;
      gen.value(rest);
      if (of !== undefined) gen.elements(Array.isArray(of) ? of : [of as ClauseElement]);
    }
    for (const [t, d] of this.prefixes) gen.add(`prefix:${d ?? ""}:${t}`);
    for (const [t, d] of this.suffixes) gen.add(`suffix:${d ?? ""}:${t}`);
    for (const h of this.hints) {
      gen.add(`hint:${h.dialectName}:${h.text}`);
      gen.element(h.selectable);
    }
    for (const h of this.statementHints) {
      gen.add(`hint:${h.dialectName}:${h.text}`);
      gen.element(h.selectable);
    }
    if (this.ctes.length > 0) gen.elements(this.ctes);
    if (this.correlateFroms !== undefined) gen.elements(this.correlateFroms);
    if (this.correlateExceptFroms !== undefined) gen.elements(this.correlateExceptFroms);
  }
}

const fromsMemo = new WeakMap<Select<any>, FromClause[]>();

function splitDialectArg(args: readonly (string | { dialect: string })[]) {
  const texts: string[] = [];
  let dialect: string | undefined;
  for (const a of args) {
    if (typeof a === "string") texts.push(a);
    else dialect = a.dialect;
  }
  return { texts, dialect };
}

/** The join's left side: the FROM the ON clause mentions, else the one with a foreign key to `target`. */
/**
 * The FROM a join without an explicit left side joins from: the last one its ON clause
 * mentions, else the first one it can join by foreign key (with that join, made to find it).
 */
function findJoinLeft(
  froms: readonly FromClause[],
  spec: JoinSpec,
): { left: FromClause | undefined; join?: Join } {
  const { target, onclause } = spec;
  // A FROM the target contains (a table inside a joined target) is the right side, not the left.
  const inTarget = (f: FromClause) => f === target || target.fromObjects.includes(f);
  if (onclause !== undefined) {
    const mentioned: FromClause[] = [];
    collectFroms(onclause, (f) => mentioned.push(f));
    for (let i = froms.length - 1; i >= 0; i--) {
      const f = froms[i] as FromClause;
      if (inTarget(f)) continue;
      if (f.fromObjects.some((o) => mentioned.includes(o))) return { left: f };
    }
  }
  for (const f of froms) {
    if (inTarget(f)) continue;
    try {
      // Joinable by foreign key; without an ON clause given, this is the join the statement renders.
      const join = new Join(f, target, undefined, spec.isouter, spec.full);
      return onclause === undefined ? { left: f, join } : { left: f };
    } catch {
      // not joinable by foreign key; try the next FROM
    }
  }
  return { left: froms.find((f) => !inTarget(f)) };
}

function inferOn(base: FromClause, explicitLeft: FromClause | undefined, target: FromClause) {
  // With joinFrom(left, right) and no ON, the foreign keys between left and right decide.
  if (explicitLeft !== undefined && explicitLeft !== base) {
    return new Join(explicitLeft, target, undefined).onclause;
  }
  return undefined;
}

/** Calls `add` for each FROM an expression draws on (not looking inside nested SELECTs). */
export function collectFroms(el: ClauseElement, add: (f: FromClause) => void): void {
  // The commonest nodes of a criterion first, by exact class (a subclass may declare more children).
  const ctor = el.constructor;
  if (ctor === BindParameter) return;
  if (ctor === BinaryExpression) {
    collectFroms((el as BinaryExpression).left, add);
    collectFroms((el as BinaryExpression).right, add);
    return;
  }
  if (ctor === BooleanClauseList || ctor === Grouping) {
    if (ctor === Grouping) collectFroms((el as Grouping).element, add);
    else for (const c of (el as BooleanClauseList).clauses) collectFroms(c, add);
    return;
  }
  if (el instanceof ColumnClause) {
    if (el.table !== undefined) add(el.table);
    return;
  }
  if (el instanceof FromClause) {
    add(el);
    return;
  }
  if (el instanceof SelectBase || el instanceof ScalarSelect || el instanceof Exists) return;
  for (const [attr, kind] of (ctor as typeof ClauseElement).internals) {
    const v = (el as unknown as Record<string, unknown>)[attr];
    if (kind === "element" && isClauseElement(v)) collectFroms(v, add);
    else if (kind === "elements" && Array.isArray(v)) {
      for (const c of v) if (isClauseElement(c)) collectFroms(c, add);
    } else if (kind === "elementPairs" && Array.isArray(v)) {
      for (const pair of v as unknown[][]) for (const c of pair) if (isClauseElement(c)) collectFroms(c, add);
    } else if (kind === "elementMap" && v !== undefined && v !== null) {
      const values = v instanceof Map ? [...v.values()] : Object.values(v as object);
      for (const c of values) if (isClauseElement(c)) collectFroms(c, add);
    }
  }
}

/**
 * The columns keyed for export, a repeated key (two tables' `user_id`) made
 * unique by a label (`user_id_1`), as SQLAlchemy's default label style does:
 * so a subquery's `.c` keeps every column and an outer SELECT can name each.
 */
function disambiguated(columns: readonly ColumnElement<any>[]): SelectedColumn[] {
  const out: SelectedColumn[] = columns.map((c) => ({ element: c, key: c.key }));
  let seen: Set<string> | undefined;
  for (let i = 0; i < out.length; i++) {
    const key = out[i]?.key;
    if (key === undefined) continue;
    seen ??= new Set();
    if (!seen.has(key)) {
      seen.add(key);
      continue;
    }
    const el = out[i]?.element as ColumnElement<any>;
    if (el instanceof Label || !(el instanceof ColumnClause)) continue;
    const taken = new Set(out.map((o) => o.key));
    let n = 1;
    while (taken.has(`${key}_${n}`) || seen.has(`${key}_${n}`)) n++;
    const name = `${key}_${n}`;
    seen.add(name);
    out[i] = { element: new Label(name, el), key: name };
  }
  return out;
}

/** `select(table)` selects all its columns; anything else is one column. */
function expandSelectArgs(args: readonly unknown[]): ColumnElement<any>[] {
  const out: ColumnElement<any>[] = [];
  for (const arg of args) {
    // An entity that selects fewer columns than its FROM (an ORM subclass) names them itself.
    const a = hasSelectColumns(arg) ? arg : resolveClauseProvider(arg);
    if (a instanceof FromClause) out.push(...(a.columns as ColumnElement<any>[]));
    else if (a instanceof SelectBase) out.push(a.scalarSubquery());
    else if (a instanceof ColumnElement) out.push(a);
    else if (hasSelectColumns(a)) {
      out.push(...(a as { __selectColumns__(): ColumnElement<any>[] }).__selectColumns__());
    } else if (typeof a === "string") {
      throw new ArgumentError(
        `a column expression was expected, got the string ${JSON.stringify(a)}; use text()`,
      );
    } else throw new ArgumentError(`a column expression was expected, got ${String(a)}`);
  }
  return out;
}

/** What a clause provider may return to `join()`: a FROM together with its ON clause. */
export interface JoinTarget {
  readonly joinTarget: FromClause;
  readonly joinOnclause: ColumnElement<boolean>;
}

function isJoinTarget(a: unknown): a is JoinTarget {
  return typeof a === "object" && a !== null && (a as Partial<JoinTarget>).joinTarget instanceof FromClause;
}

function hasSelectColumns(a: unknown): a is { __selectColumns__(): ColumnElement<any>[] } {
  return (
    (typeof a === "object" || typeof a === "function") &&
    a !== null &&
    typeof (a as { __selectColumns__?: unknown }).__selectColumns__ === "function"
  );
}

/** A FROM written as SQL text, `selectFrom("tbl")`. */
class TextFrom extends FromClause {
  static override internals: Internals = [["text", "value"]];
  readonly visitName = "textFrom";
  readonly c: ColumnMap = Object.create(null);
  readonly columns: readonly ColumnElement<any>[] = [];
  constructor(readonly text: string) {
    super();
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitTextClause(new TextClause(this.text), kw);
  }
}

/**
 * Builds a SELECT of the given columns and FROMs.
 *
 * @example `select(user.c.id, user.c.name)` → rows `{ id: number; name: string | null }`
 */
export function select<const A extends readonly SelectArg[]>(...columns: A): Select<RowOf<A>> {
  return new Select(columns);
}

// ------------------------------------------------------------------------------------
// Subquery, CTE
// ------------------------------------------------------------------------------------

function exportedColumns(stmt: SelectBase): ColumnElement<any>[] {
  return stmt.selectedColumns.map(
    (sc, i) =>
      (sc.key !== undefined ? sc.element : new Label(`anon_${i + 1}`, sc.element)) as ColumnElement<any>,
  );
}

/** `(SELECT ...) AS name` in a FROM clause. */
export class Subquery<C extends ColumnMap = ColumnMap> extends Alias<C> {
  override readonly visitName: string = "subquery";
  constructor(
    readonly statement: SelectBase,
    name: string | undefined,
  ) {
    super(statement, name);
  }
  protected override sourceColumns(): readonly ColumnElement<any, any>[] {
    return exportedColumns(this.statement);
  }
  override compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitSubquery(this, kw);
  }
}

/** A common table expression, `WITH name AS (SELECT ...)`, referred to by name. */
export class CTE<C extends ColumnMap = ColumnMap> extends Subquery<C> {
  override readonly visitName: string = "cte";
  constructor(
    statement: SelectBase | ClauseElement,
    name: string | undefined,
    readonly recursive: boolean,
    readonly nesting: boolean,
    /** The CTE this one continues (a recursive CTE's UNION), sharing its name. */
    readonly restates?: CTE,
  ) {
    super(statement as SelectBase, name);
  }
  protected override sourceColumns(): readonly ColumnElement<any, any>[] {
    const stmt = this.statement;
    if (stmt instanceof SelectBase) return exportedColumns(stmt);
    const returning = (stmt as { returningColumns?: readonly ColumnElement<any>[] }).returningColumns;
    return returning ?? [];
  }
  /** `cte.unionAll(select)`: the recursive part of a recursive CTE. */
  unionAll(...others: SelectBase[]): CTE<C> {
    return this.compound("UNION ALL", others);
  }
  union(...others: SelectBase[]): CTE<C> {
    return this.compound("UNION", others);
  }
  private compound(keyword: string, others: SelectBase[]): CTE<C> {
    const comp = new CompoundSelect(keyword, [this.statement, ...others]);
    return new CTE(comp, this.name, this.recursive, this.nesting, this);
  }
  /** Words between AS and the CTE's body (`MATERIALIZED`). */
  prefixes: readonly string[] = [];

  /** `WITH name AS MATERIALIZED (...)` and similar. */
  prefixWith(...prefixes: string[]): CTE<C> {
    const c = new CTE<C>(this.statement, this.name, this.recursive, this.nesting, this.restates);
    c.prefixes = [...this.prefixes, ...prefixes];
    return c;
  }

  override fromCacheKeyInto(gen: CacheKeyGen): void {
    gen.add(
      `cte:${this.name ?? `#${gen.anonId(this.restates ?? this)}`}:${this.recursive}:${this.nesting}:${this.prefixes.join(" ")}`,
    );
    gen.element(this.statement);
  }
  override compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitCte(this, kw);
  }
}

// ------------------------------------------------------------------------------------
// Scalar subquery, EXISTS
// ------------------------------------------------------------------------------------

/** `(SELECT x ...)` used as a value. */
export class ScalarSelect<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [["element", "element"]];
  readonly visitName = "scalarSelect";
  constructor(readonly element: SelectBase) {
    super();
  }
  get type(): TypeEngine<unknown> {
    return this.element.selectedColumns[0]?.element.type ?? NULLTYPE;
  }
  /** Explicit correlation, as `Select.correlate`. */
  correlate(...froms: (FromClause | null)[]): ScalarSelect<T> {
    if (!(this.element instanceof Select)) throw new ArgumentError("correlate() needs a SELECT");
    return new ScalarSelect(this.element.correlate(...froms));
  }
  correlateExcept(...froms: (FromClause | null)[]): ScalarSelect<T> {
    if (!(this.element instanceof Select)) throw new ArgumentError("correlateExcept() needs a SELECT");
    return new ScalarSelect(this.element.correlateExcept(...froms));
  }
  /** Adds criteria to the SELECT inside. */
  where(...criteria: ColumnElement<any>[]): ScalarSelect<T> {
    return new ScalarSelect((this.element as Select).where(...criteria));
  }
  override selfGroup(_against?: Operator): ColumnElement<T> {
    return this;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitScalarSelect(this, kw);
  }
}

/** `EXISTS (SELECT ...)`. */
export class Exists extends ColumnElement<boolean> {
  static override internals: Internals = [["element", "element"]];
  readonly visitName = "exists";
  readonly type: TypeEngine<unknown> = BOOLEANTYPE;
  override get isImplicitlyBoolean(): boolean {
    return true;
  }
  constructor(readonly element: SelectBase) {
    super();
  }
  /** Adds criteria to the SELECT inside. */
  where(...criteria: ColumnElement<any>[]): Exists {
    return new Exists((this.element as Select).where(...criteria));
  }
  correlate(...froms: (FromClause | null)[]): Exists {
    return new Exists((this.element as Select).correlate(...froms));
  }
  correlateExcept(...froms: (FromClause | null)[]): Exists {
    return new Exists((this.element as Select).correlateExcept(...froms));
  }
  selectFrom(...froms: FromClause[]): Exists {
    return new Exists((this.element as Select).selectFrom(...froms));
  }
  /** `SELECT EXISTS (...)`. */
  select(): Select<{ readonly exists: boolean }> {
    return new Select([this]) as Select<{ readonly exists: boolean }>;
  }
  override selfGroup(against?: Operator): ColumnElement<boolean> {
    return needsGrouping(operators.exists, against) ? (new Grouping(this) as ColumnElement<boolean>) : this;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitExists(this, kw);
  }
}

/** `EXISTS (SELECT ...)`: `exists(select(...))`, or `exists()` and then `.where()` for `SELECT *`. */
export function exists(stmt?: SelectBase | ColumnElement<any>, ...more: ColumnElement<any>[]): Exists {
  if (stmt instanceof SelectBase) return new Exists(stmt);
  const cols = stmt === undefined ? [] : [stmt, ...more];
  const s = new Select(cols.length > 0 ? cols : [new ColumnClause("*", undefined, true)]);
  return new Exists(s);
}

// ------------------------------------------------------------------------------------
// UNION / INTERSECT / EXCEPT
// ------------------------------------------------------------------------------------

/** `SELECT ... UNION [ALL] SELECT ...` and the other set operations. */
export class CompoundSelect<R = unknown> extends SelectBase<R> {
  static override internals: Internals = [
    ["keyword", "value"],
    ["selects", "elements"],
    ["orderByClauses", "elements"],
    ["groupByClauses", "elements"],
    ["limitClause", "element"],
    ["offsetClause", "element"],
    ["fetchClause", "element"],
    ["fetchOptions", "value"],
    ["ctes", "elements"],
  ];
  readonly visitName = "compoundSelect";
  constructor(
    readonly keyword: string,
    readonly selects: readonly ClauseElement[],
  ) {
    super();
  }
  get selectedColumns(): readonly SelectedColumn[] {
    const first = this.selects[0] as SelectBase;
    return first.selectedColumns;
  }
  protected override generate(): this {
    const Ctor = this.constructor as new (keyword: string, selects: readonly ClauseElement[]) => this;
    return Object.assign(new Ctor(this.keyword, this.selects), this);
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitCompoundSelect(this, kw);
  }
}

/** A set operation: rows are matched by position, so the row type is the first SELECT's. */
function compound(keyword: string) {
  return <R>(first: SelectBase<R>, ...rest: SelectBase<any>[]): CompoundSelect<R> =>
    new CompoundSelect<R>(keyword, [first, ...rest]);
}

export const union = compound("UNION");
export const unionAll = compound("UNION ALL");
export const intersect = compound("INTERSECT");
export const intersectAll = compound("INTERSECT ALL");
export const except_ = compound("EXCEPT");
export const exceptAll = compound("EXCEPT ALL");

declare module "./select.js" {
  interface SelectBase<R> {
    union(...others: SelectBase<any>[]): CompoundSelect<R>;
    unionAll(...others: SelectBase<any>[]): CompoundSelect<R>;
    intersect(...others: SelectBase<any>[]): CompoundSelect<R>;
    intersectAll(...others: SelectBase<any>[]): CompoundSelect<R>;
    except_(...others: SelectBase<any>[]): CompoundSelect<R>;
    exceptAll(...others: SelectBase<any>[]): CompoundSelect<R>;
  }
}
for (const [name, keyword] of [
  ["union", "UNION"],
  ["unionAll", "UNION ALL"],
  ["intersect", "INTERSECT"],
  ["intersectAll", "INTERSECT ALL"],
  ["except_", "EXCEPT"],
  ["exceptAll", "EXCEPT ALL"],
] as const) {
  Object.defineProperty(SelectBase.prototype, name, {
    value(this: SelectBase, ...others: SelectBase[]) {
      return new CompoundSelect(keyword, [this, ...others]);
    },
    writable: true,
    configurable: true,
  });
}

// ------------------------------------------------------------------------------------
// text().columns()
// ------------------------------------------------------------------------------------

/** SQL text with declared result columns; usable where a SELECT is (`.subquery()`, `.cte()`). */
export class TextualSelect<R = unknown> extends SelectBase<R> {
  readonly visitName = "textualSelect";
  readonly columnList: readonly ColumnElement<any>[];
  constructor(
    readonly element: TextClause,
    cols: readonly (ColumnClause<any, any> | Record<string, TypeLike>)[],
  ) {
    super();
    const list: ColumnElement<any>[] = [];
    for (const c of cols) {
      if (c instanceof ClauseElement) list.push(c as ColumnElement<any>);
      else for (const [name, type] of Object.entries(c)) list.push(new ColumnClause(name, type));
    }
    this.columnList = list;
  }
  get selectedColumns(): readonly SelectedColumn[] {
    return this.columnList.map((c) => ({ element: c, key: c.key }));
  }
  override cacheKeyInto(gen: CacheKeyGen): void {
    gen.add("textualSelect");
    this.element.cacheKeyInto(gen);
    gen.elements(this.columnList);
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitTextualSelect(this, kw);
  }
}

TextClause.prototype.columns = function (this: TextClause, ...cols) {
  return new TextualSelect(this, cols);
};

/**
 * A `table_column` label (LABEL_STYLE_TABLENAME_PLUS_COL) of a column of an
 * anonymous alias: its name is made with the alias's compiled name
 * (`anon_1_users_id`, as SQLAlchemy renders it); `name` is the uncompiled
 * form. Made only by `selectedColumns`, which cache keys do not read (a
 * statement's key has its raw columns and label style). @internal
 */
export class AnonymousTableLabel<T = unknown> extends Label<T> {
  constructor(
    readonly from: Alias,
    readonly columnName: string,
    element: ColumnElement<any>,
  ) {
    super(`${from.description}_${columnName}`, element);
  }
}
