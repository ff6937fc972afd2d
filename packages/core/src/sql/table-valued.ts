/**
 * Functions used as FROM clauses: `func.json_each(x).tableValued("key", "value")`
 * and `func.unnest(arr).columnValued("elem")`.
 */
import type { CompileKw, SQLCompiler } from "./compiler/sql-compiler.js";
import type { CacheKeyGen } from "./elements/base.js";
import { ColumnClause, type ColumnElement } from "./elements/column-element.js";
import type { FunctionElement } from "./elements/functions.js";
import { Alias, type ColumnMap, columnCollection, Lateral } from "./selectable.js";

/** Options of `tableValued()`. */
export interface TableValuedOptions {
  /** Adds `WITH ORDINALITY` and a column of that name. */
  withOrdinality?: string;
  /** The alias name (anonymous if none). */
  name?: string;
}

/** `fn(...) [WITH ORDINALITY] AS name` in a FROM clause, with named columns. */
export class TableValuedAlias<C extends ColumnMap = ColumnMap> extends Alias<C> {
  override readonly visitName: string = "tableValuedAlias";
  private readonly ownColumns: ColumnClause<any, any>[];
  private readonly ownC: C;
  /** A column-valued function: the alias itself is the one column (`SELECT elem FROM fn(...) AS elem`). */
  readonly scalar: boolean;

  constructor(
    readonly fn: FunctionElement<any>,
    names: readonly (string | ColumnElement<any>)[],
    name: string | undefined,
    readonly withOrdinality?: string,
    scalar = false,
  ) {
    super(fn, name);
    this.scalar = scalar;
    const cols = names.map((n) =>
      typeof n === "string"
        ? new ColumnClause(n, undefined, false, this)
        : new ColumnClause(n.key ?? "", n.type, false, this),
    );
    if (withOrdinality !== undefined) cols.push(new ColumnClause(withOrdinality, undefined, false, this));
    this.ownColumns = cols;
    this.ownC = columnCollection<C>(cols);
  }

  override get columns(): readonly ColumnClause<any, any>[] {
    return this.ownColumns;
  }
  override get c(): C {
    return this.ownC;
  }

  override lateral(name?: string): Lateral<C> {
    return new Lateral<C>(this, name);
  }

  override fromCacheKeyInto(gen: CacheKeyGen): void {
    gen.add(`tv:${this.name ?? `#${gen.anonId(this)}`}:${this.withOrdinality ?? ""}:${this.scalar}`);
    for (const c of this.ownColumns) gen.add(c.name);
    gen.element(this.fn);
  }

  override compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitTableValuedAlias(this, kw);
  }
}
