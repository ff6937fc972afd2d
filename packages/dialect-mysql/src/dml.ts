/**
 * MySQL-only statements and statement parts: `INSERT ... ON DUPLICATE KEY
 * UPDATE` (`insert(t).onDuplicateKeyUpdate(...)`) and `UPDATE / DELETE ... LIMIT n`
 * (`update(t).ext(limit(n))`).
 */
import {
  BindParameter,
  type CacheKeyGen,
  ClauseElement,
  ColumnClause,
  type ColumnElement,
  type CompileKw,
  Insert,
  type Internals,
  isClauseElement,
  type SQLCompiler,
  TableClause,
  type TypeLike,
} from "@athanor/core";

/** A column of the `inserted` namespace: the value the INSERT proposed for that column. */
class InsertedColumn extends ColumnClause<any> {
  constructor(name: string, key: string, type: TypeLike) {
    super(name, type);
    this.keyOverride = key;
  }
}

/** The values of `onDuplicateKeyUpdate`: by column key (or column), or ordered `[key, value]` pairs. */
export type OnDuplicateValues =
  | Readonly<Record<string, unknown>>
  | ReadonlyMap<string | ColumnElement<any>, unknown>
  | readonly (readonly [string | ColumnElement<any>, unknown])[];

/**
 * The `ON DUPLICATE KEY UPDATE col = value, ...` clause of an {@link MySQLInsert}.
 * Values are expressions (plain values were made bound parameters of the
 * column's type); `ordered` is set when the caller gave the order.
 */
export class OnDuplicateClause extends ClauseElement {
  static override internals: Internals = [
    ["keys", "value"],
    ["values", "elements"],
    ["ordered", "value"],
  ];
  readonly visitName = "onDuplicateKeyUpdate";

  constructor(
    /** Column keys, in the order given. */
    readonly keys: readonly string[],
    /** The value of each key. */
    readonly values: readonly ColumnElement<any>[],
    /** Whether the SET order is the order given (else the table's column order). */
    readonly ordered: boolean,
    /** The `inserted` namespace of the statement, whose columns render as the new row's values. */
    readonly inserted: TableClause,
  ) {
    super();
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    const visit = (compiler as unknown as Record<string, unknown>).visitOnDuplicateKeyUpdate;
    if (typeof visit !== "function") return compiler.visitUnsupported(this);
    return (visit as (el: OnDuplicateClause, kw: CompileKw) => string).call(compiler, this, kw);
  }
}

/**
 * MySQL's INSERT: the standard one plus `ON DUPLICATE KEY UPDATE`.
 * Other dialects refuse to compile it once `onDuplicateKeyUpdate()` was called.
 */
export class MySQLInsert<T extends TableClause = TableClause, R = unknown> extends Insert<T, R> {
  /** The table standing for the proposed row; `inserted` holds its columns. */
  readonly insertedTable: TableClause;
  onDuplicate: OnDuplicateClause | undefined;

  constructor(table: T) {
    super(table);
    const cols = (table.columns as ColumnClause<any>[]).map((c) => new InsertedColumn(c.name, c.key, c.type));
    this.insertedTable = new TableClause("inserted", cols);
  }

  /**
   * The values the INSERT proposed, by column key, for use in
   * `onDuplicateKeyUpdate` (`VALUES(col)` / `new.col` in SQL).
   *
   * @example
   * ```ts
   * const stmt = mysql.insert(t).values({ id: 1, n: 1 });
   * stmt.onDuplicateKeyUpdate({ n: t.c.n.add(stmt.inserted.n) });
   * ```
   */
  get inserted(): T["c"] {
    return this.insertedTable.c as T["c"];
  }

  /**
   * Adds `ON DUPLICATE KEY UPDATE`: the columns to set when the row collides
   * with a unique key. Values are plain values, expressions, or columns of
   * `inserted`. Give `[key, value]` pairs to fix the order of the SET list
   * (otherwise it follows the table's column order).
   */
  onDuplicateKeyUpdate(values: OnDuplicateValues): this {
    if (this.onDuplicate !== undefined)
      throw new TypeError("This Insert construct already has an ON DUPLICATE KEY clause present");
    const ordered = Array.isArray(values);
    const pairs: (readonly [string | ColumnElement<any>, unknown])[] = ordered
      ? [...(values as readonly (readonly [string | ColumnElement<any>, unknown])[])]
      : values instanceof Map
        ? [...(values as ReadonlyMap<string | ColumnElement<any>, unknown>)]
        : Object.entries(values as Record<string, unknown>);
    if (pairs.length === 0) throw new TypeError("onDuplicateKeyUpdate() needs at least one value");
    const byKey = this.table.c as Record<string, ColumnElement<any> | undefined>;
    const keys: string[] = [];
    const exprs: ColumnElement<any>[] = [];
    for (const [k, v] of pairs) {
      const key = typeof k === "string" ? k : (k.key ?? "");
      const col = byKey[key];
      keys.push(key);
      exprs.push(
        isClauseElement(v)
          ? (v as ColumnElement<any>)
          : new BindParameter(undefined, v, {
              ...(col === undefined ? {} : { type: col.type }),
              unique: true,
              keyBase: "param",
            }),
      );
    }
    const s = this.generate();
    s.onDuplicate = new OnDuplicateClause(keys, exprs, ordered, this.insertedTable);
    return s;
  }

  // A copy keeps this class (the base class's copy would be a plain Insert).
  protected override generate(): this {
    return Object.assign(Object.create(Object.getPrototypeOf(this)) as this, this);
  }

  protected override dmlCacheKeyInto(gen: CacheKeyGen): void {
    super.dmlCacheKeyInto(gen);
    gen.element(this.onDuplicate);
  }

  override compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    if (this.onDuplicate !== undefined && typeof (compiler as any).visitOnDuplicateKeyUpdate !== "function")
      return compiler.visitUnsupported(this.onDuplicate);
    return super.compilerDispatch(compiler, kw);
  }
}

/**
 * A MySQL INSERT, which adds `onDuplicateKeyUpdate()` to the standard one.
 *
 * @example
 * ```ts
 * const stmt = mysql.insert(product).values({ sku: "C", price: 3 });
 * stmt.onDuplicateKeyUpdate({ price: stmt.inserted.price });
 * // INSERT INTO product (sku, price) VALUES (%s, %s) AS new ON DUPLICATE KEY UPDATE price = new.price
 * ```
 */
export function insert<T extends TableClause>(table: T): MySQLInsert<T> {
  return new MySQLInsert(table);
}

/**
 * `LIMIT n` of an UPDATE or DELETE, applied with `.ext()`; the count is
 * rendered inline. Only the MySQL dialect renders it (others refuse it).
 */
export class DMLLimitClause extends ClauseElement {
  static override internals: Internals = [["limit", "value"]];
  readonly visitName = "mysqlDmlLimit";
  constructor(readonly limit: number) {
    super();
    if (!Number.isInteger(limit) || limit < 0) throw new TypeError("limit() takes a non-negative integer");
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    const visit = (compiler as unknown as Record<string, unknown>).visitMysqlDmlLimit;
    if (typeof visit !== "function") return compiler.visitUnsupported(this);
    return (visit as (el: DMLLimitClause, kw: CompileKw) => string).call(compiler, this, kw);
  }
}

/**
 * `UPDATE ... LIMIT n` / `DELETE ... LIMIT n`.
 *
 * @example `update(user).values({ name: "x" }).where(user.c.id.gt(5)).ext(mysql.limit(10))`
 */
export function limit(n: number): DMLLimitClause {
  return new DMLLimitClause(n);
}
