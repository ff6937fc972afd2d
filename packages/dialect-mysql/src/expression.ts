/**
 * MySQL-only expressions: full-text `MATCH (cols) AGAINST (expr [modifier])`.
 */
import {
  BindParameter,
  BooleanType,
  ColumnElement,
  type CompileKw,
  type Internals,
  isClauseElement,
  type SQLCompiler,
  STRINGTYPE,
  type TypeEngine,
} from "@athanor/core";

/** Options of {@link match}. */
export interface MatchOptions {
  /** The search string (or an expression giving it). */
  against: unknown;
  /** `IN BOOLEAN MODE`. */
  inBooleanMode?: boolean;
  /** `IN NATURAL LANGUAGE MODE` (may be combined with `withQueryExpansion`). */
  inNaturalLanguageMode?: boolean;
  /** `WITH QUERY EXPANSION`. */
  withQueryExpansion?: boolean;
}

const MATCH_TYPE = new BooleanType();

/**
 * `MATCH (col, ...) AGAINST (expr [modifier])`: a full-text search over
 * columns with a FULLTEXT index. Build it with {@link match}; only the MySQL
 * dialect renders it (others refuse it).
 */
export class Match extends ColumnElement<boolean> {
  static override internals: Internals = [
    ["columns", "elements"],
    ["against", "element"],
    ["inBooleanModeFlag", "value"],
    ["inNaturalLanguageModeFlag", "value"],
    ["withQueryExpansionFlag", "value"],
  ];
  readonly visitName = "mysqlMatch";
  readonly type: TypeEngine<unknown> = MATCH_TYPE;
  readonly against: ColumnElement<any>;
  inBooleanModeFlag: boolean;
  inNaturalLanguageModeFlag: boolean;
  withQueryExpansionFlag: boolean;

  constructor(
    readonly columns: readonly ColumnElement<any>[],
    options: MatchOptions,
  ) {
    super();
    const a = options.against;
    this.against = isClauseElement(a)
      ? (a as ColumnElement<any>)
      : new BindParameter(undefined, a, { type: STRINGTYPE, unique: true });
    this.inBooleanModeFlag = options.inBooleanMode ?? false;
    this.inNaturalLanguageModeFlag = options.inNaturalLanguageMode ?? false;
    this.withQueryExpansionFlag = options.withQueryExpansion ?? false;
  }

  override get isImplicitlyBoolean(): boolean {
    return true;
  }

  /** A copy with `IN BOOLEAN MODE`. */
  inBooleanMode(): Match {
    const m = this.generate();
    m.inBooleanModeFlag = true;
    return m;
  }
  /** A copy with `IN NATURAL LANGUAGE MODE`. */
  inNaturalLanguageMode(): Match {
    const m = this.generate();
    m.inNaturalLanguageModeFlag = true;
    return m;
  }
  /** A copy with `WITH QUERY EXPANSION`. */
  withQueryExpansion(): Match {
    const m = this.generate();
    m.withQueryExpansionFlag = true;
    return m;
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    const visit = (compiler as unknown as Record<string, unknown>).visitMysqlMatch;
    if (typeof visit !== "function") return compiler.visitUnsupported(this);
    return (visit as (el: Match, kw: CompileKw) => string).call(compiler, this, kw);
  }
}

/**
 * A full-text search: `MATCH (cols) AGAINST (against [modifier])`.
 *
 * @example
 * ```ts
 * select(doc.c.id).where(mysql.match(doc.c.title, doc.c.body, { against: "database" }));
 * mysql.match(doc.c.title, { against: "+mysql -oracle", inBooleanMode: true });
 * ```
 */
export function match(...args: [...ColumnElement<any>[], MatchOptions]): Match {
  const options = args[args.length - 1] as MatchOptions;
  const cols = args.slice(0, -1) as ColumnElement<any>[];
  if (cols.length === 0) throw new TypeError("match() needs at least one column");
  if (options === undefined || isClauseElement(options) || !("against" in options))
    throw new TypeError("match() needs an options object with `against`");
  return new Match(cols, options);
}
