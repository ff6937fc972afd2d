/**
 * SQLite's `INSERT ... ON CONFLICT` (upsert, SQLite 3.24+):
 * `sqlite.insert(t).values(...).onConflictDoNothing()` and
 * `.onConflictDoUpdate({ indexElements, set, where })`, with
 * `stmt.excluded.col` naming the row that was proposed for insertion.
 */
import {
  type CacheKeyGen,
  ClauseElement,
  type ColumnElement,
  type CompileKw,
  Insert,
  type Internals,
  isClauseElement,
  type SQLCompiler,
  type TableClause,
  UnsupportedCompilationError,
} from "@athanor/core";

/** A conflict target column: a column object or a column name. */
export type IndexElement = string | ColumnElement<any>;

/** Options of `onConflictDoNothing()`. */
export interface OnConflictDoNothingOptions {
  /** The columns of the unique index that the conflict is on. */
  indexElements?: readonly IndexElement[];
  /** The WHERE of a partial unique index. */
  indexWhere?: ColumnElement<any>;
}

/** Options of `onConflictDoUpdate()`. */
export interface OnConflictDoUpdateOptions extends OnConflictDoNothingOptions {
  /** The SET values, by column key (or column); values may be expressions such as `stmt.excluded.col`. */
  set: Record<string, unknown> | ReadonlyMap<string | ColumnElement<any>, unknown>;
  /** Updates only the rows matching this condition. */
  where?: ColumnElement<any>;
}

function dispatch(el: ClauseElement, method: string, compiler: SQLCompiler, kw: CompileKw): string {
  const fn = (compiler as unknown as Record<string, unknown>)[method];
  if (typeof fn !== "function") return compiler.visitUnsupported(el);
  return (fn as (el: ClauseElement, kw: CompileKw) => string).call(compiler, el, kw);
}

/** The base of SQLite's ON CONFLICT clauses. */
export abstract class SQLiteOnConflictClause extends ClauseElement {
  static override internals: Internals = [
    ["inferredTargetElements", "value"],
    ["inferredTargetWhereclause", "element"],
  ];
  /** SQLite has no `ON CONFLICT ON CONSTRAINT name`; present for the compilers' shared shape. */
  readonly constraintTarget: undefined = undefined;
  readonly inferredTargetElements: readonly IndexElement[] | undefined;
  readonly inferredTargetWhereclause: ColumnElement<any> | undefined;

  constructor(
    readonly table: TableClause,
    options: OnConflictDoNothingOptions,
  ) {
    super();
    this.inferredTargetElements = options.indexElements;
    this.inferredTargetWhereclause = options.indexWhere;
  }

  override cacheKeyInto(gen: CacheKeyGen): void {
    gen.add(this.visitName);
    for (const e of this.inferredTargetElements ?? []) {
      if (typeof e === "string") gen.add(e);
      else gen.element(e);
    }
    gen.element(this.inferredTargetWhereclause);
  }
}

/** `ON CONFLICT [(cols)] DO NOTHING`. */
export class SQLiteOnConflictDoNothing extends SQLiteOnConflictClause {
  readonly visitName = "sqliteOnConflictDoNothing";
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return dispatch(this, "visitSqliteOnConflictDoNothing", compiler, kw);
  }
}

/** `ON CONFLICT (cols) DO UPDATE SET ... [WHERE ...]`. */
export class SQLiteOnConflictDoUpdate extends SQLiteOnConflictClause {
  readonly visitName = "sqliteOnConflictDoUpdate";
  /** The SET pairs: column key (or column) and value. */
  readonly updateValuesToSet: readonly (readonly [string | ColumnElement<any>, unknown])[];
  readonly updateWhereclause: ColumnElement<any> | undefined;

  constructor(table: TableClause, options: OnConflictDoUpdateOptions) {
    super(table, options);
    const set = options.set;
    const pairs: (readonly [string | ColumnElement<any>, unknown])[] =
      set instanceof Map ? [...set] : Object.entries(set as Record<string, unknown>);
    if (pairs.length === 0) throw new TypeError("onConflictDoUpdate() needs at least one value in `set`");
    this.updateValuesToSet = pairs;
    this.updateWhereclause = options.where;
  }

  override cacheKeyInto(gen: CacheKeyGen): void {
    super.cacheKeyInto(gen);
    for (const [k, v] of this.updateValuesToSet) {
      if (typeof k === "string") gen.add(k);
      else gen.element(k);
      if (isClauseElement(v)) gen.element(v);
      else gen.add("?");
    }
    gen.element(this.updateWhereclause);
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return dispatch(this, "visitSqliteOnConflictDoUpdate", compiler, kw);
  }
}

/**
 * SQLite's INSERT, with `ON CONFLICT`. Build it with `sqlite.insert(table)`.
 *
 * @example
 * ```ts
 * const stmt = sqlite.insert(users).values({ id: 1, name: "x" });
 * stmt.onConflictDoUpdate({ indexElements: ["id"], set: { name: stmt.excluded.name } });
 * // INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name
 * ```
 */
export class SQLiteInsert<T extends TableClause = TableClause, R = unknown> extends Insert<T, R> {
  /** The clause rendered after VALUES (the ON CONFLICT clause). */
  postValuesClause: ClauseElement | undefined;

  /** The row proposed for insertion, `excluded.<col>`, for use in `set` and `where`. */
  get excluded(): T["c"] {
    return this.table.alias("excluded").c as T["c"];
  }

  /** `ON CONFLICT [target] DO NOTHING`. */
  onConflictDoNothing(options: OnConflictDoNothingOptions = {}): this {
    return this.withPostValues(new SQLiteOnConflictDoNothing(this.table, options));
  }

  /** `ON CONFLICT target DO UPDATE SET ... [WHERE ...]`. */
  onConflictDoUpdate(options: OnConflictDoUpdateOptions): this {
    return this.withPostValues(new SQLiteOnConflictDoUpdate(this.table, options));
  }

  private withPostValues(clause: ClauseElement): this {
    if (this.postValuesClause !== undefined) {
      throw new TypeError("This Insert construct already has an ON CONFLICT clause established");
    }
    const s = this.generate();
    s.postValuesClause = clause;
    return s;
  }

  /** Copies keep this class (core's `Insert.generate` would make a plain Insert). */
  protected override generate(): this {
    const Ctor = this.constructor as new (table: T) => this;
    return Object.assign(new Ctor(this.table), this);
  }

  protected override dmlCacheKeyInto(gen: CacheKeyGen): void {
    super.dmlCacheKeyInto(gen);
    gen.element(this.postValuesClause);
  }

  override compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    // A compiler that cannot render the clause must refuse rather than drop it.
    const clause = this.postValuesClause;
    if (clause !== undefined) {
      const name = `visit${clause.visitName.charAt(0).toUpperCase()}${clause.visitName.slice(1)}`;
      if (typeof (compiler as unknown as Record<string, unknown>)[name] !== "function") {
        throw new UnsupportedCompilationError(
          `Compiler ${compiler.constructor.name} can't render element of type ${clause.constructor.name}`,
        );
      }
    }
    return compiler.visitInsert(this, kw);
  }
}

/** Builds SQLite's INSERT (with `onConflictDoNothing` / `onConflictDoUpdate`). */
export function insert<T extends TableClause>(table: T): SQLiteInsert<T> {
  return new SQLiteInsert(table);
}
