/**
 * SQL functions (`func.count(x)`, `func.now()`, `func.mypkg.fn()`), window
 * functions (`.over()`), `WITHIN GROUP`, `FILTER`, `CASE` and `EXTRACT`.
 */
import type { CompileKw, SQLCompiler } from "../compiler/sql-compiler.js";
import { operators } from "../operators.js";
import { TableValuedAlias } from "../table-valued.js";
import { DateTimeType, DateType, NumericType, StringType, TimeType } from "../types/sqltypes.js";
import type { TypeEngine, TypeLike } from "../types/type-engine.js";
import { toType } from "../types/type-engine.js";
import { type CacheKeyGen, type ClauseElement, type Internals, isClauseElement } from "./base.js";
import {
  BindParameter,
  BooleanClauseList,
  ClauseList,
  ColumnElement,
  coerceBoolean,
  INTEGERTYPE,
  NULLTYPE,
  STRINGTYPE,
} from "./column-element.js";

/** Coerces a function argument: values become anonymous bound parameters named after the function. */
function coerceArg(arg: unknown, fnName: string): ColumnElement<any> {
  if (isClauseElement(arg)) return (arg as ColumnElement<any>).selfGroup(operators.comma);
  return new BindParameter(undefined, arg, { unique: true, keyBase: fnName });
}

/** How a known function renders and what it returns. */
interface KnownFunction {
  /** The type of the result, from the arguments. */
  type?: (args: readonly ColumnElement<any>[]) => TypeEngine<unknown>;
  /** An ANSI function written without parentheses (`CURRENT_TIMESTAMP`). */
  ansi?: boolean;
}

const firstArgType = (args: readonly ColumnElement<any>[]) => args[0]?.type ?? NULLTYPE;

/** The generic functions SQLAlchemy knows, by lower-case name. */
const KNOWN: Record<string, KnownFunction> = {
  count: { type: () => INTEGERTYPE },
  now: { type: () => new DateTimeType() },
  current_timestamp: { type: () => new DateTimeType(), ansi: true },
  current_date: { type: () => new DateType(), ansi: true },
  current_time: { type: () => new TimeType(), ansi: true },
  localtime: { type: () => new DateTimeType(), ansi: true },
  localtimestamp: { type: () => new DateTimeType(), ansi: true },
  current_user: { type: () => STRINGTYPE, ansi: true },
  session_user: { type: () => STRINGTYPE, ansi: true },
  user: { type: () => STRINGTYPE, ansi: true },
  sysdate: { type: () => new DateTimeType(), ansi: true },
  char_length: { type: () => INTEGERTYPE },
  coalesce: { type: firstArgType },
  max: { type: firstArgType },
  min: { type: firstArgType },
  sum: { type: firstArgType },
  avg: { type: () => new NumericType() },
  concat: { type: () => STRINGTYPE },
  random: { type: () => NULLTYPE },
  rank: { type: () => INTEGERTYPE },
  dense_rank: { type: () => INTEGERTYPE },
  row_number: { type: () => INTEGERTYPE },
  percent_rank: { type: () => new NumericType() },
  cume_dist: { type: () => new NumericType() },
  ntile: { type: () => INTEGERTYPE },
  lag: { type: firstArgType },
  lead: { type: firstArgType },
  first_value: { type: firstArgType },
  last_value: { type: firstArgType },
  nth_value: { type: firstArgType },
  aggregate_strings: { type: () => new StringType() },
  array_agg: { type: () => NULLTYPE },
  mode: { type: () => NULLTYPE },
  percentile_cont: { type: () => NULLTYPE },
  percentile_disc: { type: () => NULLTYPE },
  grouping_sets: {},
  cube: {},
  rollup: {},
};

/** Options of a function call. */
export interface FunctionOptions {
  /** The result type, for functions Athanor does not know. */
  type?: TypeLike;
}

/** A SQL function call. */
export class FunctionElement<T = unknown, K extends string = string> extends ColumnElement<T, K> {
  static override internals: Internals = [
    ["name", "value"],
    ["packageNames", "value"],
    ["clauses", "element"],
    ["type", "type"],
  ];
  readonly visitName: string = "function";
  readonly clauses: ClauseList;
  readonly type: TypeEngine<unknown>;

  constructor(
    readonly name: string,
    args: readonly unknown[],
    options: FunctionOptions & { packageNames?: readonly string[] } = {},
  ) {
    super();
    const coerced = args.map((a) => coerceArg(a, name));
    this.clauses = new ClauseList(coerced, operators.comma);
    this.packageNames = options.packageNames ?? [];
    const known = this.packageNames.length === 0 ? KNOWN[name.toLowerCase()] : undefined;
    this.type = options.type !== undefined ? toType(options.type) : (known?.type?.(coerced) ?? NULLTYPE);
  }
  readonly packageNames: readonly string[];

  /** Whether this is an ANSI function rendered without parentheses. */
  get isAnsi(): boolean {
    return this.packageNames.length === 0 && KNOWN[this.name.toLowerCase()]?.ansi === true;
  }
  /** The arguments. */
  get args(): readonly ColumnElement<any>[] {
    return this.clauses.clauses as ColumnElement<any>[];
  }

  override get key(): string | undefined {
    return this.name;
  }
  override get anonLabelBase(): string {
    return this.name;
  }
  override get bindKeyBase(): string | undefined {
    return this.name;
  }

  /** A window function: `fn(...) OVER (PARTITION BY ... ORDER BY ... ROWS ...)`. */
  over(options: OverOptions = {}): Over<T> {
    return new Over(this, options);
  }
  /** `fn(...) WITHIN GROUP (ORDER BY ...)`, for ordered-set aggregates. */
  withinGroup(...orderBy: ColumnElement<any>[]): WithinGroup<T> {
    return new WithinGroup(this, orderBy);
  }
  /** `fn(...) FILTER (WHERE ...)`. */
  filter(...criteria: ColumnElement<any>[]): FunctionFilter<T> {
    return new FunctionFilter(this, criteria);
  }
  /** The function as a FROM-clause table of named columns (PostgreSQL table-valued functions). */
  tableValued(
    ...names: (string | ColumnElement<any> | { withOrdinality?: string; name?: string })[]
  ): TableValuedAlias {
    const last = names[names.length - 1];
    const options =
      last !== undefined && typeof last === "object" && !isClauseElement(last)
        ? (last as { withOrdinality?: string; name?: string })
        : {};
    const list = (options === last ? names.slice(0, -1) : names) as (string | ColumnElement<any>)[];
    return new TableValuedAlias(this, list, options.name, options.withOrdinality);
  }
  /** The function as a FROM clause producing one column. */
  columnValued(name?: string): ColumnElement<any> {
    const alias = new TableValuedAlias(this, [name ?? this.name], name, undefined, true);
    return alias.columns[0] as ColumnElement<any>;
  }
  /** Alias of the function in a FROM clause, `fn(...) AS name`. */
  alias(name?: string): TableValuedAlias {
    return new TableValuedAlias(this, [], name);
  }

  override cacheKeyInto(gen: CacheKeyGen): void {
    gen.add(`fn:${this.packageNames.join(".")}.${this.name}:${this.type.cacheKey()}`);
    this.clauses.cacheKeyInto(gen);
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitFunction(this, kw);
  }
}

/** A frame bound: `null` is UNBOUNDED, 0 is CURRENT ROW, negative PRECEDING, positive FOLLOWING. */
export type FrameBound = number | null;

/** The kinds of frame bound, for `FrameClause`. */
export const FrameClauseType = {
  PRECEDING: "PRECEDING",
  FOLLOWING: "FOLLOWING",
  CURRENT: "CURRENT",
  UNBOUNDED: "UNBOUNDED",
} as const;
export type FrameClauseType = (typeof FrameClauseType)[keyof typeof FrameClauseType];

/** One end of a window frame as rendered: `UNBOUNDED PRECEDING`, `CURRENT ROW`, or `<value> PRECEDING|FOLLOWING`. */
export interface FrameBoundSpec {
  readonly type: "UNBOUNDED PRECEDING" | "UNBOUNDED FOLLOWING" | "CURRENT ROW" | "PRECEDING" | "FOLLOWING";
  readonly value?: ColumnElement<any>;
}

/** A window frame: both ends. */
export interface FrameSpec {
  readonly start: FrameBoundSpec;
  readonly end: FrameBoundSpec;
}

/**
 * A window frame with explicit bound kinds, for offsets that are not plain
 * numbers (an interval in a RANGE frame):
 * `new FrameClause({ start: 7 * 86_400_000, end: null, startFrameType: "PRECEDING", endFrameType: "CURRENT" })`.
 */
export class FrameClause implements FrameSpec {
  readonly start: FrameBoundSpec;
  readonly end: FrameBoundSpec;
  constructor(options: {
    start?: unknown;
    end?: unknown;
    startFrameType: FrameClauseType;
    endFrameType: FrameClauseType;
  }) {
    this.start = explicitBound(options.start, options.startFrameType, "PRECEDING");
    this.end = explicitBound(options.end, options.endFrameType, "FOLLOWING");
  }
}

function boundValue(v: unknown): ColumnElement<any> {
  return isClauseElement(v)
    ? (v as ColumnElement<any>)
    : new BindParameter(undefined, v, { unique: true, keyBase: "param" });
}

function explicitBound(v: unknown, type: FrameClauseType, side: "PRECEDING" | "FOLLOWING"): FrameBoundSpec {
  switch (type) {
    case "CURRENT":
      return { type: "CURRENT ROW" };
    case "UNBOUNDED":
      return { type: side === "PRECEDING" ? "UNBOUNDED PRECEDING" : "UNBOUNDED FOLLOWING" };
    default:
      return { type, value: boundValue(v) };
  }
}

/** `[start, end]` in SQLAlchemy's integer convention to a frame. */
function frameOf(f: readonly [FrameBound, FrameBound] | FrameClause | undefined): FrameSpec | undefined {
  if (f === undefined) return undefined;
  if (f instanceof FrameClause) return f;
  const end = (v: FrameBound, side: "PRECEDING" | "FOLLOWING"): FrameBoundSpec => {
    if (v === null) return { type: side === "PRECEDING" ? "UNBOUNDED PRECEDING" : "UNBOUNDED FOLLOWING" };
    if (v === 0) return { type: "CURRENT ROW" };
    return v < 0 ? { type: "PRECEDING", value: boundValue(-v) } : { type: "FOLLOWING", value: boundValue(v) };
  };
  return { start: end(f[0], "PRECEDING"), end: end(f[1], "FOLLOWING") };
}

/** Options of `over()`. */
export interface OverOptions {
  partitionBy?: ColumnElement<any> | readonly ColumnElement<any>[];
  orderBy?: ColumnElement<any> | readonly ColumnElement<any>[];
  rows?: readonly [FrameBound, FrameBound] | FrameClause;
  range?: readonly [FrameBound, FrameBound] | FrameClause;
  groups?: readonly [FrameBound, FrameBound] | FrameClause;
}

const asList = (x: ColumnElement<any> | readonly ColumnElement<any>[] | undefined) =>
  x === undefined ? undefined : Array.isArray(x) ? (x as ColumnElement<any>[]) : [x as ColumnElement<any>];

/** `fn OVER (...)`. */
export class Over<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [
    ["element", "element"],
    ["partitionBy", "elements"],
    ["orderBy", "elements"],
    ["frameKind", "value"],
  ];
  readonly visitName = "over";
  readonly partitionBy: readonly ColumnElement<any>[] | undefined;
  readonly orderBy: readonly ColumnElement<any>[] | undefined;
  readonly rows: FrameSpec | undefined;
  readonly range: FrameSpec | undefined;
  readonly groups: FrameSpec | undefined;
  constructor(
    readonly element: ColumnElement<any>,
    options: OverOptions,
  ) {
    super();
    this.partitionBy = asList(options.partitionBy);
    this.orderBy = asList(options.orderBy);
    this.rows = frameOf(options.rows);
    this.range = frameOf(options.range);
    this.groups = frameOf(options.groups);
  }

  /** Which frame (if any) and its bound kinds, for the cache key. */
  get frameKind(): string | undefined {
    const f = this.rows ?? this.range ?? this.groups;
    if (f === undefined) return undefined;
    const kind = this.rows !== undefined ? "rows" : this.range !== undefined ? "range" : "groups";
    return `${kind}:${f.start.type}:${f.end.type}`;
  }

  override cacheKeyInto(gen: CacheKeyGen): void {
    super.cacheKeyInto(gen);
    const f = this.rows ?? this.range ?? this.groups;
    if (f !== undefined) {
      gen.element(f.start.value);
      gen.element(f.end.value);
    }
  }
  get type(): TypeEngine<unknown> {
    return this.element.type;
  }
  override get anonLabelBase(): string {
    return "anon";
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitOver(this, kw);
  }
}

/** `fn(...) WITHIN GROUP (ORDER BY ...)`. */
export class WithinGroup<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [
    ["element", "element"],
    ["orderBy", "elements"],
  ];
  readonly visitName = "withinGroup";
  constructor(
    readonly element: FunctionElement<any>,
    readonly orderBy: readonly ColumnElement<any>[],
  ) {
    super();
  }
  /** Labelled after its function in a SELECT (`percentile_cont_1`), as SQLAlchemy does. */
  override get anonLabelBase(): string {
    return this.element.anonLabelBase;
  }
  get type(): TypeEngine<unknown> {
    const n = this.element.name.toLowerCase();
    if (
      (n === "percentile_cont" || n === "percentile_disc" || n === "mode") &&
      this.orderBy[0] !== undefined
    ) {
      return this.orderBy[0].type;
    }
    return this.element.type;
  }
  over(options: OverOptions = {}): Over<T> {
    return new Over(this, options);
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitWithinGroup(this, kw);
  }
}

/** `fn(...) FILTER (WHERE ...)`. */
export class FunctionFilter<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [
    ["func", "element"],
    ["criterion", "element"],
  ];
  readonly visitName = "functionFilter";
  readonly criterion: ColumnElement<boolean>;
  constructor(
    readonly func: FunctionElement<any>,
    criteria: readonly ColumnElement<any>[],
  ) {
    super();
    this.criterion = BooleanClauseList.build(operators.and, criteria);
  }
  get type(): TypeEngine<unknown> {
    return this.func.type;
  }
  over(options: OverOptions = {}): Over<T> {
    return new Over(this, options);
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitFunctionFilter(this, kw);
  }
}

/** `EXTRACT(field FROM expr)`. */
export class Extract extends ColumnElement<number> {
  static override internals: Internals = [
    ["field", "value"],
    ["expr", "element"],
  ];
  readonly visitName = "extract";
  readonly type: TypeEngine<unknown> = INTEGERTYPE;
  readonly expr: ColumnElement<any>;
  constructor(
    readonly field: string,
    expr: unknown,
  ) {
    super();
    this.expr = coerceArg(expr, "extract");
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitExtract(this, kw);
  }
}

/** `CASE [value] WHEN ... THEN ... [ELSE ...] END`. */
export class Case<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [
    ["value", "element"],
    ["whens", "elementPairs"],
    ["else_", "element"],
  ];
  readonly visitName = "case";
  readonly type: TypeEngine<unknown>;
  constructor(
    readonly whens: readonly (readonly [ColumnElement<any>, ColumnElement<any>])[],
    readonly value: ColumnElement<any> | undefined,
    readonly else_: ColumnElement<any> | undefined,
  ) {
    super();
    this.type = whens.find(([, then]) => then.type.affinity !== "null")?.[1].type ?? else_?.type ?? NULLTYPE;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitCase(this, kw);
  }
}

/** A WHEN condition: an expression as it is (a boolean column is not compared with 1 here). */
function coerceWhen(w: unknown): ColumnElement<any> {
  if (isClauseElement(w)) return w as ColumnElement<any>;
  return coerceBoolean(w);
}

/** Options of `case()`. */
export interface CaseOptions {
  else?: unknown;
  /** The expression compared with each WHEN key (`CASE value WHEN ...`). */
  value?: ColumnElement<any>;
}

/**
 * `CASE`: `case([cond, result], [cond2, result2], { else: x })`, or with
 * `{ value: col }` a lookup `case({ a: 1, b: 2 }, { value: col })`.
 */
export function case_(
  ...args: (readonly [unknown, unknown] | Record<string, unknown> | CaseOptions)[]
): Case<any> {
  let options: CaseOptions = {};
  const last = args[args.length - 1];
  if (last !== undefined && !Array.isArray(last) && args.length > 1) {
    options = last as CaseOptions;
    args = args.slice(0, -1);
  } else if (
    last !== undefined &&
    !Array.isArray(last) &&
    args.length === 1 &&
    ("else" in last || "value" in last)
  ) {
    options = last as CaseOptions;
    args = [];
  }
  const value = options.value;
  let pairs: [unknown, unknown][] = [];
  const first = args[0];
  if (args.length === 1 && first !== undefined && !Array.isArray(first)) {
    // A lookup mapping; with the options carried in the same call as a second argument.
    pairs = Object.entries(first as Record<string, unknown>);
  } else pairs = args as [unknown, unknown][];
  const thenValue = (v: unknown): ColumnElement<any> =>
    isClauseElement(v) ? (v as ColumnElement<any>) : new BindParameter(undefined, v, { unique: true });
  const whens = pairs.map(([w, t]) => {
    const whenEl =
      value !== undefined
        ? isClauseElement(w)
          ? (w as ColumnElement<any>)
          : new BindParameter(undefined, w, { type: value.type, unique: true })
        : coerceWhen(w);
    return [whenEl, thenValue(t)] as const;
  });
  const elseEl = options.else === undefined ? undefined : thenValue(options.else);
  return new Case(whens, value, elseEl);
}

/** A function factory: `func.count(x)`, `func.mypkg.myfn(...)`. */
export type FunctionFactory = {
  (...args: unknown[]): FunctionElement<any>;
  readonly [name: string]: FunctionFactory;
};

type Fn<F> = F & FunctionFactory;
type Generic<N extends string, T = unknown> = Fn<(...args: unknown[]) => FunctionElement<T, N>>;
type SameAsArg<N extends string> = Fn<
  <T>(expr: ColumnElement<T, any>, ...rest: unknown[]) => FunctionElement<T, N>
>;

/**
 * The function namespace. Functions whose result types Athanor knows are
 * typed (`func.count()` is a number, `func.max(col)` has the column's type);
 * any other name is a function of unknown type (`func.my_fn(x)`, and
 * packaged names `func.pkg.fn(x)`). With `noUncheckedIndexedAccess`, names
 * not listed here need a `!` (`func.my_fn!(x)`).
 */
export interface Func {
  readonly [name: string]: FunctionFactory;
  readonly count: Fn<(expr?: unknown) => FunctionElement<number, "count">>;
  readonly now: Fn<() => FunctionElement<Date, "now">>;
  readonly current_timestamp: Fn<() => FunctionElement<Date, "current_timestamp">>;
  readonly current_date: Fn<() => FunctionElement<string, "current_date">>;
  readonly current_time: Fn<() => FunctionElement<string, "current_time">>;
  readonly localtimestamp: Fn<() => FunctionElement<Date, "localtimestamp">>;
  readonly char_length: Fn<(expr: unknown) => FunctionElement<number, "char_length">>;
  readonly length: Generic<"length", number>;
  readonly max: SameAsArg<"max">;
  readonly min: SameAsArg<"min">;
  readonly sum: SameAsArg<"sum">;
  readonly avg: Fn<(expr: unknown) => FunctionElement<string | null, "avg">>;
  readonly coalesce: Fn<
    <T>(expr: ColumnElement<T, any>, ...rest: unknown[]) => FunctionElement<NonNullable<T>, "coalesce">
  >;
  readonly nullif: SameAsArg<"nullif">;
  readonly greatest: SameAsArg<"greatest">;
  readonly least: SameAsArg<"least">;
  readonly lower: Generic<"lower", string>;
  readonly upper: Generic<"upper", string>;
  readonly trim: Generic<"trim", string>;
  readonly substr: Generic<"substr", string>;
  readonly substring: Generic<"substring", string>;
  readonly replace: Generic<"replace", string>;
  readonly concat: Generic<"concat", string>;
  readonly abs: SameAsArg<"abs">;
  readonly round: SameAsArg<"round">;
  readonly floor: SameAsArg<"floor">;
  readonly ceil: SameAsArg<"ceil">;
  readonly random: Generic<"random", number>;
  readonly row_number: Generic<"row_number", number>;
  readonly rank: Generic<"rank", number>;
  readonly dense_rank: Generic<"dense_rank", number>;
  readonly lag: SameAsArg<"lag">;
  readonly lead: SameAsArg<"lead">;
  readonly first_value: SameAsArg<"first_value">;
  readonly last_value: SameAsArg<"last_value">;
  readonly array_agg: Generic<"array_agg">;
  readonly string_agg: Generic<"string_agg", string>;
  readonly group_concat: Generic<"group_concat", string>;
  readonly aggregate_strings: Generic<"aggregate_strings", string>;
  readonly json_extract: Generic<"json_extract">;
  readonly date_trunc: Generic<"date_trunc", Date>;
  readonly to_char: Generic<"to_char", string>;
  readonly cast: Generic<"cast">;
}

function makeFactory(path: readonly string[]): FunctionFactory {
  const call = (...args: unknown[]) => {
    let options: FunctionOptions = {};
    const last = args[args.length - 1];
    if (
      last !== null &&
      typeof last === "object" &&
      !isClauseElement(last) &&
      !Array.isArray(last) &&
      "type" in last &&
      Object.keys(last).length === 1
    ) {
      options = last as FunctionOptions;
      args = args.slice(0, -1);
    }
    const name = path[path.length - 1] as string;
    if (path.length === 1 && specialFunctions[name] !== undefined) {
      return (specialFunctions[name] as (args: unknown[]) => FunctionElement<any>)(args);
    }
    return new FunctionElement(name, args, { ...options, packageNames: path.slice(0, -1) });
  };
  return new Proxy(call, {
    get(target, prop) {
      if (typeof prop === "symbol") return (target as any)[prop];
      return makeFactory([...path, prop]);
    },
  }) as unknown as FunctionFactory;
}

/** Functions that render specially; registered by their modules. */
export const specialFunctions: Record<string, (args: unknown[]) => FunctionElement<any>> = {};

/**
 * The SQL function namespace: any property is a function of that name.
 *
 * @example `func.count(user.c.id)`, `func.lower(user.c.name)`, `func.json_each(col)`
 */
export const func: Func = new Proxy({} as Func, {
  get(_target, prop) {
    if (typeof prop === "symbol") return undefined;
    return makeFactory([prop]);
  },
});

export { type ClauseElement as _ClauseElement, StringType as _StringType };
