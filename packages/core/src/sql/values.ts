/**
 * `VALUES` as a FROM clause (`values(column("id", Integer), ...).data([...])`)
 * and as a list of scalar rows (`.scalarValues()`, for IN).
 */
import type { CompileKw, SQLCompiler } from "./compiler/sql-compiler.js";
import { type CacheKeyGen, isClauseElement } from "./elements/base.js";
import { BindParameter, ColumnClause, ColumnElement, NULLTYPE } from "./elements/column-element.js";
import { type ColumnMap, columnCollection, FromClause } from "./selectable.js";
import type { TypeEngine } from "./types/type-engine.js";

/** Options of `values()`. */
export interface ValuesOptions {
  /** The alias name; anonymous `anon_1` if none. */
  name?: string;
  /** Render the values inline instead of as parameters. */
  literalBinds?: boolean;
}

type ColumnsByName<Cols extends readonly ColumnClause<any, any>[]> = {
  readonly [E in Cols[number] as E["__key"]]: ColumnClause<E["__ts"], E["__key"]>;
};

/** `(VALUES (...), (...)) AS name (col, ...)`. */
export class Values<C extends ColumnMap = ColumnMap> extends FromClause<C> {
  readonly visitName = "values";
  readonly columns: readonly ColumnClause<any, any>[];
  readonly c: C;
  readonly name: string | undefined;
  readonly literalBinds: boolean;
  /** The rows, each value a bound parameter or an expression. */
  readonly rows: readonly (readonly ColumnElement<any>[])[];

  constructor(
    readonly columnDefs: readonly ColumnClause<any, any>[],
    options: ValuesOptions = {},
    rows: readonly (readonly ColumnElement<any>[])[] = [],
  ) {
    super();
    this.name = options.name;
    this.literalBinds = options.literalBinds ?? false;
    this.columns = columnDefs.map((d) => new ColumnClause(d.name, d.type, false, this));
    this.c = columnCollection<C>(this.columns);
    this.rows = rows;
  }

  /** The rows of data, in column order. */
  data(rows: readonly (readonly unknown[])[]): Values<C> {
    const typed = rows.map((row) =>
      row.map((v, i) =>
        isClauseElement(v)
          ? (v as ColumnElement<any>)
          : new BindParameter(undefined, v, {
              type: this.columnDefs[i]?.type ?? NULLTYPE,
              unique: true,
              keyBase: "param",
            }),
      ),
    );
    return new Values<C>(this.columnDefs, { ...this.optionsObject() }, [...this.rows, ...typed]);
  }

  private optionsObject(): ValuesOptions {
    return { ...(this.name !== undefined ? { name: this.name } : {}), literalBinds: this.literalBinds };
  }

  /** The rows as a scalar list, for `col.in(values(...).data(...).scalarValues())`. */
  scalarValues(): ScalarValues {
    return new ScalarValues(this);
  }

  override get description(): string {
    return this.name ?? "anon";
  }

  override fromCacheKeyInto(gen: CacheKeyGen): void {
    gen.add(`values:${this.name ?? `#${gen.anonId(this)}`}:${this.literalBinds}`);
    for (const c of this.columnDefs) gen.add(`${c.name}:${c.type.cacheKey()}`);
    for (const row of this.rows) gen.elements(row);
  }
  override cacheKeyInto(gen: CacheKeyGen): void {
    this.fromCacheKeyInto(gen);
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitValues(this, kw);
  }
}

/** `VALUES (...), (...)` used as a list of values. */
export class ScalarValues extends ColumnElement<unknown> {
  readonly visitName = "scalarValues";
  readonly type: TypeEngine<unknown>;
  constructor(readonly values: Values) {
    super();
    this.type = values.columnDefs[0]?.type ?? NULLTYPE;
  }
  override cacheKeyInto(gen: CacheKeyGen): void {
    gen.add("scalarValues");
    this.values.fromCacheKeyInto(gen);
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitScalarValues(this, kw);
  }
}

/**
 * A VALUES construct: `values(column("id", Integer), column("name", String), { name: "v" }).data([[1, "a"]])`.
 */
export function values<const Cols extends readonly ColumnClause<any, any>[]>(
  ...args: [...Cols] | [...Cols, ValuesOptions]
): Values<ColumnsByName<Cols>> {
  const cols: ColumnClause<any, any>[] = [];
  let options: ValuesOptions = {};
  for (const a of args) {
    if (a instanceof ColumnClause) cols.push(a);
    else options = a as ValuesOptions;
  }
  return new Values(cols, options);
}
