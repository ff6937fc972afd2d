/**
 * PostgreSQL's `INSERT ... ON CONFLICT` (upsert, 9.5+):
 * `postgresql.insert(t).values(...).onConflictDoNothing()` and
 * `.onConflictDoUpdate({ constraint | indexElements, indexWhere, set, where })`, with
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

/**
 * A conflict target given as a constraint: its name, or a unique constraint,
 * primary key or index object (an unnamed one stands for its columns).
 */
export type ConflictConstraint =
  | string
  | {
      readonly name?: string | undefined;
      readonly columns: readonly unknown[];
      readonly dialectOptions?: Readonly<Record<string, unknown>>;
    };

/** Options of `onConflictDoNothing()`. */
export interface OnConflictDoNothingOptions {
  /** The constraint the conflict is on; exclusive with `indexElements`. */
  constraint?: ConflictConstraint;
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

/** The base of PostgreSQL's ON CONFLICT clauses. */
export abstract class PGOnConflictClause extends ClauseElement {
  static override internals: Internals = [
    ["constraintTarget", "value"],
    ["inferredTargetElements", "value"],
    ["inferredTargetWhereclause", "element"],
  ];
  /** `ON CONFLICT ON CONSTRAINT name`. */
  readonly constraintTarget: string | undefined;
  readonly inferredTargetElements: readonly IndexElement[] | undefined;
  readonly inferredTargetWhereclause: ColumnElement<any> | undefined;

  constructor(
    readonly table: TableClause,
    options: OnConflictDoNothingOptions,
  ) {
    super();
    let { constraint, indexElements, indexWhere } = options;
    if (constraint !== undefined && typeof constraint !== "string" && constraint.name !== undefined)
      constraint = constraint.name;
    if (constraint !== undefined && indexElements !== undefined)
      throw new TypeError("'constraint' and 'indexElements' are mutually exclusive");
    if (constraint !== undefined && typeof constraint !== "string") {
      // An unnamed constraint or index stands for its columns (and its partial-index WHERE).
      indexElements = constraint.columns as IndexElement[];
      indexWhere ??= constraint.dialectOptions?.postgresqlWhere as ColumnElement<any> | undefined;
    }
    this.constraintTarget = typeof constraint === "string" ? constraint : undefined;
    this.inferredTargetElements = indexElements;
    this.inferredTargetWhereclause = indexWhere;
  }

  override cacheKeyInto(gen: CacheKeyGen): void {
    gen.add(this.visitName);
    gen.value(this.constraintTarget);
    for (const e of this.inferredTargetElements ?? []) {
      if (typeof e === "string") gen.add(e);
      else gen.element(e);
    }
    gen.element(this.inferredTargetWhereclause);
  }
}

/** `ON CONFLICT [(cols)] DO NOTHING`. */
export class PGOnConflictDoNothing extends PGOnConflictClause {
  readonly visitName = "onConflictDoNothing";
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return dispatch(this, "visitOnConflictDoNothing", compiler, kw);
  }
}

/** `ON CONFLICT (cols) DO UPDATE SET ... [WHERE ...]`. */
export class PGOnConflictDoUpdate extends PGOnConflictClause {
  readonly visitName = "onConflictDoUpdate";
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
    return dispatch(this, "visitOnConflictDoUpdate", compiler, kw);
  }
}

/**
 * PostgreSQL's INSERT, with `ON CONFLICT`. Build it with `postgresql.insert(table)`.
 *
 * @example
 * ```ts
 * const stmt = postgresql.insert(users).values({ id: 1, name: "x" });
 * stmt.onConflictDoUpdate({ indexElements: ["id"], set: { name: stmt.excluded.name } });
 * // INSERT INTO users (id, name) VALUES (%(id)s, %(name)s)
 * //   ON CONFLICT (id) DO UPDATE SET name = excluded.name
 * ```
 */
export class PGInsert<T extends TableClause = TableClause, R = unknown> extends Insert<T, R> {
  /** The clause rendered after VALUES (the ON CONFLICT clause). */
  postValuesClause: ClauseElement | undefined;

  /** The row proposed for insertion, `excluded.<col>`, for use in `set` and `where`. */
  get excluded(): T["c"] {
    return this.table.alias("excluded").c as T["c"];
  }

  /** `ON CONFLICT [target] DO NOTHING`. */
  onConflictDoNothing(options: OnConflictDoNothingOptions = {}): this {
    return this.withPostValues(new PGOnConflictDoNothing(this.table, options));
  }

  /** `ON CONFLICT target DO UPDATE SET ... [WHERE ...]`. */
  onConflictDoUpdate(options: OnConflictDoUpdateOptions): this {
    return this.withPostValues(new PGOnConflictDoUpdate(this.table, options));
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

/** Builds PostgreSQL's INSERT (with `onConflictDoNothing` / `onConflictDoUpdate`). */
export function insert<T extends TableClause>(table: T): PGInsert<T> {
  return new PGInsert(table);
}
