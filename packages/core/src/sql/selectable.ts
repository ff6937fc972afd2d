/**
 * FROM clauses: tables, joins, aliases, subqueries, CTEs and VALUES.
 *
 * Every FROM clause exposes its columns as `.c` (by key) and `.columns`
 * (in order). Derived FROMs (an alias, a subquery) hold proxy columns that
 * remember the column they stand for (`proxyOf`), which is how a join finds
 * foreign keys through an alias and how a correlated subquery finds the
 * enclosing statement's tables.
 */
import { AmbiguousForeignKeysError, ArgumentError, NoForeignKeysError } from "../exc.js";
import type { CompileKw, SQLCompiler } from "./compiler/sql-compiler.js";
import { type CacheKeyGen, ClauseElement, type Internals } from "./elements/base.js";
import {
  BooleanClauseList,
  ColumnClause,
  type ColumnElement,
  coerceBoolean,
} from "./elements/column-element.js";
import { operators } from "./operators.js";
import type { TypeEngine, TypeLike } from "./types/type-engine.js";

/** A record of columns by key, as `table.c`. */
export type ColumnMap = Record<string, ColumnElement<any, any>>;

/** Builds a `.c` collection: a plain object with no prototype, so any key is a column. */
export function columnCollection<C extends ColumnMap>(columns: readonly ColumnElement<any, any>[]): C {
  const c = Object.create(null) as Record<string, ColumnElement<any, any>>;
  for (const col of columns) {
    const key = col.key;
    if (key !== undefined && !(key in c)) c[key] = col;
  }
  return c as C;
}

/** A column of a derived FROM (alias, subquery, CTE) standing for a column of what it derives from. */
export class ProxyColumn<T = unknown, K extends string = string> extends ColumnClause<T, K> {
  constructor(
    name: string,
    readonly proxyOf: ColumnElement<any>,
    table: FromClause,
    key?: string,
  ) {
    super(name, undefined, false, table);
    if (key !== undefined && key !== name) this.keyOverride = key;
  }
  override get type(): TypeEngine<unknown> {
    return this.proxyOf.type;
  }
}

/** Follows `proxyOf` links down to the base columns an expression stands for. */
export function baseColumns(col: ColumnElement<any>): ColumnElement<any>[] {
  const out: ColumnElement<any>[] = [col];
  let cur: ColumnElement<any> = col;
  while (cur instanceof ProxyColumn) {
    cur = cur.proxyOf;
    out.push(cur);
  }
  const inner = (cur as { element?: unknown }).element;
  if (inner instanceof ColumnClause) out.push(...baseColumns(inner as ColumnElement<any>));
  return out;
}

/** Whether two column expressions stand for the same column. */
export function sharesLineage(a: ColumnElement<any>, b: ColumnElement<any>): boolean {
  const bs = new Set(baseColumns(b));
  return baseColumns(a).some((x) => bs.has(x));
}

/** Options of `join()`. */
export interface JoinOptions {
  /** LEFT OUTER JOIN. */
  isouter?: boolean;
  /** FULL OUTER JOIN. */
  full?: boolean;
}

/**
 * Something that can stand in a FROM clause. Subclasses define the columns
 * (`columns`) and how they render.
 */
export abstract class FromClause<C extends ColumnMap = ColumnMap> extends ClauseElement {
  /** Columns by key. */
  abstract readonly c: C;
  /** Columns in order. */
  abstract readonly columns: readonly ColumnElement<any, any>[];

  override get isSelectable(): boolean {
    return true;
  }

  /** The FROM clauses this one stands for in correlation and join inference (itself, or a join's parts). */
  get fromObjects(): readonly FromClause[] {
    return [this];
  }

  /** Tables hidden by this FROM when it is part of a SELECT (a join hides its two sides). */
  get hiddenFroms(): readonly FromClause[] {
    return [];
  }

  /** A short name for error messages. */
  get description(): string {
    return this.visitName;
  }

  /** Adds this FROM's identity to a cache key (a table by name, an anonymous alias by identity). */
  fromCacheKeyInto(gen: CacheKeyGen): void {
    gen.add(`from#${gen.anonId(this)}`);
  }

  /**
   * @internal The part `fromCacheKeyInto` adds when it is the same in every
   * key (a schema table's identity), or `undefined` when it depends on the key.
   */
  constantFromKey(): string | undefined {
    return undefined;
  }

  /** The foreign keys whose columns belong to this FROM (tables define them; proxies derive them). */
  get foreignKeyPairs(): readonly (readonly [ColumnElement<any>, ColumnElement<any>])[] {
    return [];
  }

  /** `this JOIN right ON onclause`; with no ON, it is inferred from foreign keys. */
  join(right: FromClause, onclause?: ColumnElement<any>, options: JoinOptions = {}): Join {
    return new Join(this, right, onclause, options.isouter ?? false, options.full ?? false);
  }
  /** `this LEFT OUTER JOIN right`. */
  outerjoin(right: FromClause, onclause?: ColumnElement<any>, options: { full?: boolean } = {}): Join {
    return new Join(this, right, onclause, true, options.full ?? false);
  }

  /** A named (or anonymous) alias of this FROM. */
  alias(name?: string, options: { flat?: boolean } = {}): Alias<C> {
    void options;
    return new Alias(this, name);
  }

  /** `LATERAL` form of this FROM. */
  lateral(name?: string): Lateral<C> {
    return new Lateral(this, name);
  }

  /** `TABLESAMPLE` form of this FROM. */
  tablesample(sampling: unknown, name?: string, seed?: unknown): ClauseElement {
    return new TableSample(this, sampling, name, seed);
  }

  /** Whether `col` is one of this FROM's columns, or stands for one. */
  correspondingColumn(col: ColumnElement<any>): ColumnElement<any> | undefined {
    for (const mine of this.columns) if (mine === col) return mine;
    for (const mine of this.columns) if (sharesLineage(mine, col)) return mine;
    return undefined;
  }
}

/**
 * A lightweight table: a name and columns, no schema metadata (`table("t", column("a"))`).
 * `Table` (schema) extends it.
 */
export class TableClause<C extends ColumnMap = ColumnMap> extends FromClause<C> {
  static override internals: Internals = [
    ["name", "value"],
    ["schema", "value"],
  ];
  readonly visitName: string = "table";
  c: C;
  columns: ColumnClause<any, any>[];
  /** Whether this FROM renders only its name (a table) or a derived expression. */
  readonly implicitReturning: boolean = true;
  /** Forced quoting of the name (`quote: true/false`); decided by the dialect when undefined. */
  quoteName: boolean | undefined;
  quoteSchemaName: boolean | undefined;

  constructor(
    readonly name: string,
    columns: readonly ColumnClause<any, any>[] = [],
    readonly schema?: string,
  ) {
    super();
    this.columns = [];
    this.c = Object.create(null);
    for (const col of columns) this.appendColumn(col);
  }

  /** Attaches a column to this table. */
  appendColumn(col: ColumnClause<any, any>): void {
    if (col.table !== undefined && col.table !== this) {
      throw new ArgumentError(`column ${col.name} already belongs to ${col.table.description}`);
    }
    col.table = this;
    this.columns.push(col);
    (this.c as Record<string, ColumnElement<any>>)[col.key] = col;
  }

  /** The schema-qualified name, `schema.name`. */
  get fullname(): string {
    return this.schema !== undefined ? `${this.schema}.${this.name}` : this.name;
  }

  override get description(): string {
    return this.name;
  }

  private memoKey: string | undefined;

  override fromCacheKeyInto(gen: CacheKeyGen): void {
    this.memoKey ??= `table:${this.schema ?? ""}.${this.name}`;
    gen.add(this.memoKey);
  }

  override cacheKeyInto(gen: CacheKeyGen): void {
    this.fromCacheKeyInto(gen);
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitTable(this, kw);
  }
}

/** A free-standing column, `column("x", Integer)`; its key is its name. */
export function column<const N extends string, T = unknown>(name: N, type?: TypeLike<T>): ColumnClause<T, N> {
  return new ColumnClause(name, type);
}

/** SQL text used as a column, rendered as is: `literalColumn("count(*)")`. */
export function literalColumn<T = unknown, const N extends string = string>(
  text: N,
  type?: TypeLike<T>,
): ColumnClause<T, N> {
  return new ColumnClause(text, type, true);
}

type ColumnsByName<Cols extends readonly ColumnClause<any, any>[]> = {
  readonly [E in Cols[number] as E["__key"]]: E;
};

/** A lightweight table of free-standing columns, `table("t1", column("a", Integer), column("b"))`. */
export function table<const Cols extends readonly ColumnClause<any, any>[]>(
  name: string,
  ...columns: Cols
): TableClause<ColumnsByName<Cols>>;
export function table(name: string, ...args: unknown[]): TableClause {
  const cols: ColumnClause[] = [];
  let schema: string | undefined;
  for (const a of args) {
    if (a instanceof ColumnClause) cols.push(a);
    else if (typeof a === "object" && a !== null && "schema" in a) schema = (a as { schema?: string }).schema;
  }
  return new TableClause(name, cols, schema);
}

/** `left [LEFT OUTER | FULL OUTER] JOIN right ON onclause`. */
export class Join extends FromClause {
  static override internals: Internals = [
    ["left", "element"],
    ["right", "element"],
    ["onclause", "element"],
    ["isouter", "value"],
    ["full", "value"],
  ];
  readonly visitName = "join";
  readonly onclause: ColumnElement<boolean>;
  private cols: readonly ColumnElement<any, any>[] | undefined;
  private cmap: ColumnMap | undefined;
  private objs: readonly FromClause[] | undefined;

  constructor(
    readonly left: FromClause,
    readonly right: FromClause,
    onclause: ColumnElement<any> | undefined,
    readonly isouter = false,
    readonly full = false,
  ) {
    super();
    this.onclause =
      onclause === undefined
        ? joinCondition(left, right)
        : coerceBoolean(onclause).selfGroup(operators.asBool);
  }

  get columns(): readonly ColumnElement<any, any>[] {
    this.cols ??= [...this.left.columns, ...this.right.columns];
    return this.cols;
  }
  get c(): ColumnMap {
    this.cmap ??= columnCollection(this.columns);
    return this.cmap;
  }

  override get fromObjects(): readonly FromClause[] {
    // Read for every FROM of every SELECT compiled: a chain of joins would rebuild its sides' lists each time.
    this.objs ??= [this, ...this.left.fromObjects, ...this.right.fromObjects];
    return this.objs;
  }
  override get hiddenFroms(): readonly FromClause[] {
    return this.fromObjects.slice(1);
  }
  override fromCacheKeyInto(gen: CacheKeyGen): void {
    this.cacheKeyInto(gen);
  }
  override alias(name?: string): Alias {
    return new Alias(this, name);
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitJoin(this, kw);
  }
}

/**
 * Infers the ON clause of a join from foreign keys between `left` (or, when
 * `left` is a join, its right-most side with such keys) and `right`.
 */
export function joinCondition(left: FromClause, right: FromClause): ColumnElement<boolean> {
  const candidates = left instanceof Join ? [...left.fromObjects].reverse() : [left];
  for (const l of candidates) {
    if (l instanceof Join) continue;
    const found = fkPairsBetween(l, right);
    const pairs = found.pairs;
    if (pairs.length === 0) continue;
    const constraints = new Set(pairs.map((p) => p.constraint));
    if (constraints.size > 1) {
      throw new AmbiguousForeignKeysError(
        `can't determine join between '${l.description}' and '${right.description}'; tables have more than one ` +
          "foreign key constraint relationship between them. Please specify the 'onclause' of this join explicitly.",
      );
    }
    // The condition holds columns only (no bound values), so one immutable expression serves every join.
    found.condition ??= BooleanClauseList.build(
      operators.and,
      pairs.map((p) => p.local.eq(p.remote)),
    );
    return found.condition;
  }
  throw new NoForeignKeysError(
    `can't find any foreign key relationships between '${left.description}' and '${right.description}'.`,
  );
}

interface FkPair {
  local: ColumnElement<any>;
  remote: ColumnElement<any>;
  constraint: object;
}

/** The foreign key pairs between two FROMs, and the join condition they make once built. */
interface FkPairs {
  readonly pairs: FkPair[];
  condition?: ColumnElement<boolean>;
}

/** Foreign key pairs between two tables, cached: tables are long-lived and ON inference runs on every join. */
const fkPairCache = new WeakMap<FromClause, Map<FromClause, { size: number; found: FkPairs }>>();

function fkPairsBetween(a: FromClause, b: FromClause): FkPairs {
  if (!(a instanceof TableClause && b instanceof TableClause)) return { pairs: findFkPairs(a, b) };
  let inner = fkPairCache.get(a);
  if (inner === undefined) {
    inner = new Map();
    fkPairCache.set(a, inner);
  }
  // A table that gained columns since may have gained foreign keys: recompute then.
  const size = a.columns.length * 10_000 + b.columns.length;
  const hit = inner.get(b);
  if (hit !== undefined && hit.size === size) return hit.found;
  const found: FkPairs = { pairs: findFkPairs(a, b) };
  inner.set(b, { size, found });
  return found;
}

function findFkPairs(a: FromClause, b: FromClause): FkPair[] {
  const out: FkPair[] = [];
  // a's foreign keys pointing at b, then b's pointing at a.
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const col of x.columns) {
      for (const fk of foreignKeysOf(col)) {
        const target = y.correspondingColumn(fk.column);
        if (target !== undefined) out.push({ local: target, remote: col, constraint: fk.constraint ?? fk });
      }
    }
    if (out.length > 0) {
      // SQLAlchemy renders the referenced (parent) column on the left.
      return out;
    }
  }
  return out;
}

interface FkLike {
  readonly column: ColumnElement<any>;
  readonly constraint?: object;
}

function foreignKeysOf(col: ColumnElement<any>): readonly FkLike[] {
  for (const c of baseColumns(col)) {
    const fks = (c as { foreignKeys?: readonly FkLike[] }).foreignKeys;
    if (fks !== undefined && fks.length > 0) return fks;
  }
  return [];
}

/** Builds proxy columns for a derived FROM from the columns of what it derives from. */
function proxyColumns(owner: FromClause, source: readonly ColumnElement<any, any>[]): ProxyColumn[] {
  // A table column whose key differs from its name (`Column("user_id", { key: "userId" })`) keeps
  // both through an alias: it renders as `alias.user_id` and is `alias.c.userId`.
  return source.map((col) =>
    col instanceof ColumnClause && !col.isLiteral && col.name !== col.key
      ? new ProxyColumn(col.name, col, owner, col.key)
      : new ProxyColumn(col.key ?? "anon", col, owner),
  );
}

/** `<element> AS name`: an aliased table, join, or subquery. */
export class Alias<C extends ColumnMap = ColumnMap> extends FromClause<C> {
  static override internals: Internals = [
    ["element", "element"],
    ["name", "value"],
  ];
  readonly visitName: string = "alias";
  private cols: ProxyColumn[] | undefined;
  private cmap: C | undefined;

  constructor(
    readonly element: ClauseElement,
    /** The alias name; anonymous aliases get `anon_1`, ... when compiled. */
    readonly name: string | undefined,
  ) {
    super();
  }

  /** The columns this alias exposes, from the element it wraps. */
  protected sourceColumns(): readonly ColumnElement<any, any>[] {
    return (this.element as FromClause).columns;
  }

  get columns(): readonly ColumnClause<any, any>[] {
    this.cols ??= proxyColumns(this, this.sourceColumns());
    return this.cols;
  }
  get c(): C {
    this.cmap ??= columnCollection<C>(this.columns);
    return this.cmap;
  }

  override get description(): string {
    return this.name ?? "anon";
  }

  override fromCacheKeyInto(gen: CacheKeyGen): void {
    if (this.name !== undefined) {
      gen.add(`alias:${this.name}`);
      gen.element(this.element);
    } else {
      gen.add(`alias#${gen.anonId(this)}`);
      gen.element(this.element);
    }
  }
  override cacheKeyInto(gen: CacheKeyGen): void {
    gen.add(this.visitName);
    this.fromCacheKeyInto(gen);
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitAlias(this, kw);
  }
}

/** `LATERAL (...) AS name`. */
export class Lateral<C extends ColumnMap = ColumnMap> extends Alias<C> {
  override readonly visitName: string = "lateral";
  override compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitLateral(this, kw);
  }
}

/** `table TABLESAMPLE method(args) [REPEATABLE (seed)] AS name`. */
export class TableSample extends Alias {
  override readonly visitName: string = "tablesample";
  constructor(
    element: FromClause,
    readonly sampling: unknown,
    name?: string,
    readonly seed?: unknown,
  ) {
    super(element, name);
  }
  override compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitTableSample(this, kw);
  }
}
