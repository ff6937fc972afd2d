/**
 * INSERT, UPDATE and DELETE.
 *
 * Values are given by column key; the compiler (crud.ts) decides which
 * columns are rendered, which get client-side defaults, and what RETURNING
 * is implied.
 */
import { ArgumentError } from "../exc.js";
import type { CompileKw, SQLCompiler } from "./compiler/sql-compiler.js";
import {
  type CacheKeyGen,
  type ClauseElement,
  ClauseElement as ClauseElementBase,
  isClauseElement,
} from "./elements/base.js";
import {
  BindParameter,
  type ColumnElement,
  type Criterion,
  coerceBoolean,
} from "./elements/column-element.js";
import { CTE, type Hint, type RowOf, type SelectArg, type SelectBase } from "./select.js";
import { type ColumnMap, FromClause, type TableClause } from "./selectable.js";

/** The typed values of an INSERT into a table: required and optional keys from the column definitions. */
export type InsertValues<T> = T extends { readonly __columns: infer Cols }
  ? {
      [K in keyof Cols as Cols[K] extends { readonly __optional: false } ? K : never]: ValueOf<Cols[K]>;
    } & {
      [K in keyof Cols as Cols[K] extends { readonly __optional: false } ? never : K]?: ValueOf<Cols[K]>;
    }
  : Record<string, unknown>;

type ValueOf<C> = C extends { readonly __ts: infer V } ? V | ColumnElement<any, any> : unknown;

/** What `insert(t).values(...)` accepts: for a typed table, its typed values; otherwise anything keyed. */
export type InsertValuesArgs<T> = T extends { readonly __columns: unknown }
  ? [values: InsertValues<T>] | [rows: readonly InsertValues<T>[]] | [positional: readonly unknown[]]
  : (ValuesArg | readonly unknown[] | readonly ValuesArg[])[];

/** The values of an UPDATE: any subset of the columns. */
export type UpdateValues<T> = T extends { readonly __columns: infer Cols }
  ? { [K in keyof Cols]?: ValueOf<Cols[K]> }
  : Record<string, unknown>;

/** A dialect-specific addition to a DML statement, applied with `.ext()` (e.g. MySQL `limit`). */
export interface DMLExtension {
  applyToDml(stmt: UpdateBase<any, any>): UpdateBase<any, any>;
}

/** Common to INSERT, UPDATE and DELETE: the target table, RETURNING, hints. */
export abstract class UpdateBase<T extends TableClause = TableClause, R = unknown> extends ClauseElementBase {
  declare readonly __row: R;
  returningColumns: readonly ColumnElement<any>[] | undefined;
  /** `returnDefaults()`: fetch server-generated values where the database can. */
  returnDefaultsColumns: readonly ColumnElement<any>[] | undefined;
  hints: readonly Hint[] = [];
  prefixes: readonly (readonly [string, string | undefined])[] = [];
  /** Dialect-specific extension clauses (MySQL `LIMIT`), rendered by the dialect that knows them. */
  extensions: readonly ClauseElement[] = [];
  ctes: readonly ClauseElement[] = [];

  constructor(readonly table: T) {
    super();
    if (!(table instanceof FromClause)) throw new ArgumentError("a table was expected");
  }

  /** `RETURNING cols` (SQL Server `OUTPUT`). Returns rows typed by the columns. */
  returning<const A extends readonly SelectArg[]>(...cols: A): this & { readonly __row: RowOf<A> } {
    const s = this.generate();
    s.returningColumns = [...(this.returningColumns ?? []), ...expand(cols)];
    return s as this & { readonly __row: RowOf<A> };
  }

  /** Fetches server-generated primary keys and defaults with the statement, where the database can. */
  returnDefaults(...cols: ColumnElement<any>[]): this {
    const s = this.generate();
    s.returnDefaultsColumns = cols;
    return s;
  }

  /** A table hint (`WITH (ROWLOCK)` on SQL Server). */
  withHint(text: string, options: { selectable?: FromClause; dialectName?: string } = {}): this {
    const s = this.generate();
    s.hints = [
      ...this.hints,
      { selectable: options.selectable ?? this.table, text, dialectName: options.dialectName ?? "*" },
    ];
    return s;
  }

  /** Words after the statement's keyword (`INSERT OR IGNORE`, `INSERT IGNORE`). */
  prefixWith(...args: (string | { dialect: string })[]): this {
    const s = this.generate();
    let dialect: string | undefined;
    const texts: string[] = [];
    for (const a of args) {
      if (typeof a === "string") texts.push(a);
      else dialect = a.dialect;
    }
    s.prefixes = [...this.prefixes, ...texts.map((t) => [t, dialect] as const)];
    return s;
  }

  /** Applies a dialect-specific extension (e.g. `mysql.limit(10)`). */
  ext(extension: DMLExtension | ClauseElement): this {
    if (isClauseElement(extension)) {
      const s = this.generate();
      s.extensions = [...this.extensions, extension];
      return s;
    }
    return (extension as DMLExtension).applyToDml(this) as this;
  }

  /** This statement (with RETURNING) as a common table expression: a data-modifying CTE. */
  cte(name?: string, options: { recursive?: boolean; nesting?: boolean } = {}): CTE<ColumnMap> {
    return new CTE(this, name, options.recursive ?? false, options.nesting ?? false);
  }

  /** Attaches a CTE. */
  addCte(...ctes: ClauseElement[]): this {
    const s = this.generate();
    s.ctes = [...this.ctes, ...ctes];
    return s;
  }

  override cacheKeyInto(gen: CacheKeyGen): void {
    gen.add(this.visitName);
    this.table.fromCacheKeyInto(gen);
    gen.elements(this.returningColumns);
    gen.elements(this.returnDefaultsColumns);
    gen.elements(this.extensions);
    gen.elements(this.ctes as ClauseElement[]);
    for (const h of this.hints) gen.add(`hint:${h.dialectName}:${h.text}`);
    for (const [t, d] of this.prefixes) gen.add(`prefix:${d ?? ""}:${t}`);
    this.dmlCacheKeyInto(gen);
  }

  protected abstract dmlCacheKeyInto(gen: CacheKeyGen): void;
}

function expand(cols: readonly unknown[]): ColumnElement<any>[] {
  const out: ColumnElement<any>[] = [];
  for (const c of cols) {
    if (c instanceof FromClause) out.push(...(c.columns as ColumnElement<any>[]));
    else if (isClauseElement(c)) out.push(c as ColumnElement<any>);
    else throw new ArgumentError("RETURNING takes columns, expressions or tables");
  }
  return out;
}

/** Values keyed by column key, or by column object. */
export type ValuesArg = Record<string, unknown> | ReadonlyMap<ColumnElement<any> | string, unknown>;

function normalizeValues(table: TableClause, v: ValuesArg | readonly unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (Array.isArray(v)) {
    // A positional row: values in table column order.
    v.forEach((value, i) => {
      const col = table.columns[i];
      if (col === undefined) throw new ArgumentError("more values than columns");
      out.set(col.key, value);
    });
    return out;
  }
  if (v instanceof Map) {
    for (const [k, value] of v)
      out.set(typeof k === "string" ? k : ((k as ColumnElement<any>).key ?? ""), value);
    return out;
  }
  for (const [k, value] of Object.entries(v as Record<string, unknown>)) out.set(k, value);
  return out;
}

/**
 * Plain values become bound parameters named by the column key (and typed by
 * the column) when the statement is built, so that they are part of the
 * statement's cache key: an equal statement with other values reuses the
 * compiled form and supplies its own values.
 */
function asBinds(
  table: TableClause,
  values: ReadonlyMap<string, unknown>,
  suffix: string,
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of values) {
    if (isClauseElement(v) || typeof v === "symbol") {
      out.set(k, v);
      continue;
    }
    const col =
      (table.c as Record<string, ColumnElement<any> | undefined>)[k] ??
      (table.columns.find((c) => (c as { name?: string }).name === k) as ColumnElement<any> | undefined);
    out.set(
      k,
      new BindParameter(`${col?.key ?? k}${suffix}`, v, { type: col?.type, unique: false, crudValue: true }),
    );
  }
  return out;
}

/** Checks that every key names a column of the table. */
function checkKeys(table: TableClause, values: ReadonlyMap<string, unknown>, what: string): void {
  for (const k of values.keys()) {
    if (!(k in table.c) && !table.columns.some((c) => c.name === k)) {
      throw new ArgumentError(
        `Unconsumed column names: ${k} (${what} of table '${table.name}' has no such column)`,
      );
    }
  }
}

/**
 * `INSERT INTO table (...) VALUES (...)`.
 *
 * @example `insert(user).values({ name: "spongebob" }).returning(user.c.id)`
 */
export class Insert<T extends TableClause = TableClause, R = unknown> extends UpdateBase<T, R> {
  readonly visitName: string = "insert";
  /** One map of values, or several for a multi-row VALUES. */
  valuesList: readonly ReadonlyMap<string, unknown>[] | undefined;
  selectStatement: SelectBase | undefined;
  selectNames: readonly string[] | undefined;
  /** `FROM SELECT` also renders Python-side defaults of other columns. Default `true`. */
  includeDefaults = true;
  /** No implicit RETURNING of the primary key. */
  isInline = false;

  /** The values to insert: keyword-style object, a positional array, or a list of objects (multi-row). */
  values(...args: InsertValuesArgs<T>): this {
    const s = this.generate();
    if (args.length === 0) return s;
    const first = args[0];
    if (
      Array.isArray(first) &&
      first.length > 0 &&
      typeof first[0] === "object" &&
      first[0] !== null &&
      !isClauseElement(first[0])
    ) {
      // A list of rows.
      const rows = (first as readonly (ValuesArg | readonly unknown[])[]).map((r) =>
        normalizeValues(this.table, r),
      );
      for (const r of rows) checkKeys(this.table, r, "INSERT");
      const start = this.valuesList?.length ?? 0;
      s.valuesList = [
        ...(this.valuesList ?? []),
        ...rows.map((r, i) => asBinds(this.table, r, `_m${start + i}`)),
      ];
      return s;
    }
    const merged = new Map(this.valuesList?.[0] ?? []);
    for (const a of args) for (const [k, v] of normalizeValues(this.table, a as ValuesArg)) merged.set(k, v);
    checkKeys(this.table, merged, "INSERT");
    s.valuesList = [asBinds(this.table, merged, "")];
    return s;
  }

  /** `INSERT INTO table (names) SELECT ...`. */
  fromSelect(
    names: readonly (string | ColumnElement<any>)[],
    select: SelectBase,
    options: { includeDefaults?: boolean } = {},
  ): this {
    const s = this.generate();
    s.selectNames = names.map((n) => (typeof n === "string" ? n : (n.key ?? "")));
    s.selectStatement = select;
    s.includeDefaults = options.includeDefaults ?? true;
    return s;
  }

  protected override generate(): this {
    const Ctor = this.constructor as new (table: TableClause) => this;
    return Object.assign(new Ctor(this.table), this);
  }

  /** Renders no implicit RETURNING and no pre-executed defaults. */
  inline(): this {
    const s = this.generate();
    s.isInline = true;
    return s;
  }

  /** Whether this is a multi-row VALUES insert. */
  get isMultiValues(): boolean {
    return (this.valuesList?.length ?? 0) > 1;
  }

  protected dmlCacheKeyInto(gen: CacheKeyGen): void {
    gen.add(`inline:${this.isInline}:${this.includeDefaults}`);
    for (const row of this.valuesList ?? []) {
      gen.add("(");
      for (const [k, v] of row) {
        gen.add(k);
        if (isClauseElement(v)) gen.element(v as ClauseElement);
        else gen.add("?");
      }
      gen.add(")");
    }
    if (this.selectStatement !== undefined) {
      gen.add(`select:${(this.selectNames ?? []).join(",")}`);
      gen.element(this.selectStatement);
    }
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitInsert(this, kw);
  }
}

/** Builds an INSERT into `table`. */
export function insert<T extends TableClause>(table: T): Insert<T> {
  return new Insert(table);
}

/** Common to UPDATE and DELETE: WHERE criteria. */
export abstract class DMLWhereBase<T extends TableClause = TableClause, R = unknown> extends UpdateBase<
  T,
  R
> {
  whereClauses: readonly ColumnElement<boolean>[] = [];
  /** Extra FROMs for DELETE .. USING (`using()`) / UPDATE .. FROM. */
  extraFroms: readonly FromClause[] = [];

  /** Adds WHERE criteria, joined by AND. */
  where(...criteria: Criterion[]): this {
    const s = this.generate();
    s.whereClauses = [...this.whereClauses, ...criteria.map((c) => coerceBoolean(c))];
    return s;
  }
  filter(...criteria: Criterion[]): this {
    return this.where(...criteria);
  }
}

/** `UPDATE table SET ... WHERE ...`. */
export class Update<T extends TableClause = TableClause, R = unknown> extends DMLWhereBase<T, R> {
  readonly visitName: string = "update";
  setValues: ReadonlyMap<string, unknown> | undefined;
  /** `orderedValues()`: SET in the order given, keys possibly expressions. */
  orderedSet: readonly (readonly [string | ColumnElement<any>, unknown])[] | undefined;
  isInline = false;

  /** The SET values, by column key. */
  values(values: T extends { readonly __columns: unknown } ? UpdateValues<T> : ValuesArg): this {
    const s = this.generate();
    const merged = new Map(this.setValues ?? []);
    for (const [k, v] of normalizeValues(this.table, values as ValuesArg)) merged.set(k, v);
    checkKeys(this.table, merged, "UPDATE");
    s.setValues = asBinds(this.table, merged, "");
    return s;
  }

  protected override generate(): this {
    const Ctor = this.constructor as new (table: TableClause) => this;
    return Object.assign(new Ctor(this.table), this);
  }

  /** SET in exactly this order (MySQL evaluates SET left to right). */
  orderedValues(...pairs: readonly (readonly [string | ColumnElement<any>, unknown])[]): this {
    const s = this.generate();
    s.orderedSet = pairs.map(([k, v]) => {
      if (isClauseElement(v)) return [k, v] as const;
      const col =
        typeof k === "string" ? (this.table.c as Record<string, ColumnElement<any> | undefined>)[k] : k;
      const key = typeof k === "string" ? k : (k.key ?? "param");
      return [k, new BindParameter(key, v, { type: col?.type, unique: false, crudValue: true })] as const;
    });
    return s;
  }

  inline(): this {
    const s = this.generate();
    s.isInline = true;
    return s;
  }

  protected dmlCacheKeyInto(gen: CacheKeyGen): void {
    gen.elements(this.whereClauses);
    for (const [k, v] of this.setValues ?? []) {
      gen.add(k);
      if (isClauseElement(v)) gen.element(v as ClauseElement);
      else gen.add("?");
    }
    for (const [k, v] of this.orderedSet ?? []) {
      if (typeof k === "string") gen.add(k);
      else gen.element(k);
      if (isClauseElement(v)) gen.element(v as ClauseElement);
      else gen.add("?");
    }
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitUpdate(this, kw);
  }
}

/** Builds an UPDATE of `table`. */
export function update<T extends TableClause>(table: T): Update<T> {
  return new Update(table);
}

/** `DELETE FROM table WHERE ...`. */
export class Delete<T extends TableClause = TableClause, R = unknown> extends DMLWhereBase<T, R> {
  readonly visitName: string = "delete";

  protected override generate(): this {
    const Ctor = this.constructor as new (table: TableClause) => this;
    return Object.assign(new Ctor(this.table), this);
  }

  /** Extra tables for `DELETE ... USING` (PostgreSQL) and multi-table DELETE elsewhere. */
  using(...froms: FromClause[]): this {
    const s = this.generate();
    s.extraFroms = [...this.extraFroms, ...froms];
    return s;
  }

  protected dmlCacheKeyInto(gen: CacheKeyGen): void {
    gen.elements(this.whereClauses);
    gen.elements(this.extraFroms);
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitDelete(this, kw);
  }
}

/** Builds a DELETE from `table`. */
export function delete_<T extends TableClause>(table: T): Delete<T> {
  return new Delete(table);
}
export { delete_ as delete };
