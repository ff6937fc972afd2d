/**
 * The SQL compiler: a visitor with one `visit<Kind>` method per element
 * kind. Dialects subclass it and override visit methods and the named hooks
 * (`limitClause`, `forUpdateClause`, `returningClause`, ...).
 *
 * Bound parameters are written as markers while compiling and turned into
 * the dialect's paramstyle in one final pass (`finalize`), which is also
 * where expanding (`IN`) and literal-execute parameters are rendered, so a
 * cached compiled form can be rendered again for new values.
 */
import type { Dialect } from "../../engine/dialect.js";
import { CompileError, NotImplementedError, UnsupportedCompilationError } from "../../exc.js";
import type { Delete, DMLWhereBase, Insert, Update, UpdateBase } from "../dml.js";
import type { ClauseElement } from "../elements/base.js";
import {
  type BinaryExpression,
  type BindParameter,
  BooleanClauseList,
  type Cast,
  Cast as CastClass,
  type ClauseList,
  type CollationClause,
  type CollectionAggregate,
  ColumnClause,
  type ColumnElement,
  type False,
  type Grouping,
  type JSONCast,
  Label,
  type Null,
  type Slice,
  STRINGTYPE,
  type TextLabelRef,
  type True,
  type Tuple,
  type TypeCoerce,
  type UnaryExpression,
} from "../elements/column-element.js";
import {
  type Case,
  type Extract,
  type FrameBoundSpec,
  FunctionElement,
  type FunctionFilter,
  type Over,
  type WithinGroup,
} from "../elements/functions.js";
import type { TextClause } from "../elements/text.js";
import { type Operator, operators } from "../operators.js";
import type { ColumnImpl } from "../schema/column.js";
import type { TableImpl } from "../schema/table.js";
import {
  AnonymousTableLabel,
  CompoundSelect,
  CTE,
  collectFroms,
  type Exists,
  type LabelReference,
  type ScalarSelect,
  Select,
  type SelectBase,
  Subquery,
  type TextualSelect,
} from "../select.js";
import { Alias, type FromClause, Join, type Lateral, TableClause, type TableSample } from "../selectable.js";
import type { TableValuedAlias } from "../table-valued.js";
import { NumericType } from "../types/sqltypes.js";
import { TypeDecorator } from "../types/type-decorator.js";
import type { ScalarValues, Values } from "../values.js";
import type { Compiled, CompileOptions, ResultColumn } from "./compiled.js";
import { type CrudParam, DefaultBindParameter, insertParams, PARAM_BY_KEY, updateParams } from "./crud.js";

/**
 * The state passed down while compiling (SQLAlchemy's `**kw`), typed.
 * Copies are made where a nested context differs.
 */
export interface CompileKw {
  /** Compiling the columns clause of the top-level (or current) SELECT. */
  withinColumnsClause?: boolean;
  /** Rendering a FROM item. */
  asFrom?: boolean;
  /** Rendering a subquery (inside parentheses). */
  asSubquery?: boolean;
  /** Render bound values inline. */
  literalBinds?: boolean;
  /** Inside a LATERAL subquery: it may correlate to FROMs of the same level. */
  lateral?: boolean;
  /** Rendering a CRUD statement's SET or VALUES. */
  crud?: boolean;
  /**
   * The operator an operand is rendered under, where it changes the operand's
   * rendering: set under `IN` / `NOT IN` (an expanding list) and below them.
   */
  binaryOp?: Operator;
  /** Render column names without their table (INSERT column lists, SQLite UPDATE SET). */
  includeTable?: boolean;
  /** Inside ORDER BY/GROUP BY of a select whose labels may be referenced by name. */
  orderBy?: boolean;
  /** Rendering a CTE body in the WITH clause. */
  visitingCte?: CTE;
  /** Rendering the values of an INSERT / UPDATE nested in another statement (a DML CTE). */
  crudNested?: boolean;
}

/** The CTEs of one WITH clause. */
interface CteLevel {
  readonly ctes: Map<CTE, string>;
  recursive: boolean;
}

const NO_FROMS: ReadonlySet<FromClause> = new Set();

/** One statement level being compiled (a SELECT, a compound, a DML statement). */
class StackEntry {
  private correlate: ReadonlySet<FromClause> | undefined;

  constructor(
    readonly selectable: SelectBase | ClauseElement,
    /** The FROMs this level renders: auto-correlation of a nested SELECT looks at these. */
    readonly asFromFroms: readonly FromClause[],
    /** The level whose correlation candidates this one adds to (none: this level's FROMs only). */
    private readonly enclosing: StackEntry | undefined,
    /** The FROMs (with the tables inside their joins) this level adds to the enclosing candidates. */
    private readonly ownFroms: readonly FromClause[],
  ) {}

  /** The FROMs a nested SELECT may correlate to; made on first use, as most statements nest none. */
  get correlateFroms(): ReadonlySet<FromClause> {
    if (this.correlate === undefined) {
      const inherited = this.enclosing?.correlateFroms ?? NO_FROMS;
      if (this.ownFroms.length === 0) this.correlate = inherited;
      else {
        const all = new Set<FromClause>(inherited);
        for (const f of this.ownFroms) for (const o of f.fromObjects) all.add(o);
        this.correlate = all;
      }
    }
    return this.correlate;
  }
}

const BIND_MARK = "\u0000";

/** An object's anonymous names, one per base (most objects have one). */
interface AnonName {
  readonly base: string;
  readonly name: string;
  readonly next: AnonName | undefined;
}

/** Compiles SQL statements and expressions for a dialect. */
export class SQLCompiler {
  readonly preparer: import("./identifier-preparer.js").IdentifierPreparer;
  /** Bound parameters by rendered name. */
  readonly binds = new Map<string, BindParameter>();
  private readonly bindNames = new Map<BindParameter, string>();
  private readonly anonCounters = new Map<string, number>();
  private readonly anonNames = new Map<object, AnonName>();
  /** The result columns of the top-level statement. */
  resultColumns: ResultColumn[] = [];
  readonly warnings: string[] = [];
  protected readonly stack: StackEntry[] = [];
  /** CTEs rendered for the top-level WITH clause, in order. */
  protected readonly topCtes: CteLevel = { ctes: new Map(), recursive: false };
  /** WITH clauses of nested statements that hold nesting CTEs, innermost last. */
  protected readonly nestedCteLevels: CteLevel[] = [];
  protected readonly cteNames = new Map<string, CTE>();
  /** Whether any expanding or literal-execute parameter was rendered. */
  hasPostcompile = false;
  /** The VALUES tuple (as marked-up SQL) of a top-level single-row INSERT, for insertmanyvalues. */
  protected insertSingleValues: string | undefined;
  readonly literalBinds: boolean;

  constructor(
    readonly dialect: Dialect,
    readonly statement: ClauseElement,
    readonly options: CompileOptions = {},
  ) {
    this.preparer = dialect.preparer;
    this.literalBinds = options.literalBinds ?? false;
  }

  /** Compiles the statement and returns the compiled form. */
  compile(): Compiled {
    const template = this.processTop(this.statement);
    return this.makeCompiled(template);
  }

  /** Renders the top-level element, adding the WITH clause of any CTEs it used. */
  protected processTop(el: ClauseElement): string {
    const kw: CompileKw = this.literalBinds ? { literalBinds: true } : {};
    let text = this.process(el, kw);
    if (this.topCtes.ctes.size > 0) text = this.renderCtes() + text;
    return text;
  }

  /** Renders any element. */
  process(el: ClauseElement, kw: CompileKw = {}): string {
    if (customRegistrations !== 0) {
      const custom = customCompilerFor(el, this.dialect.name);
      if (custom !== undefined) return custom(el, this, kw);
    }
    return el.compilerDispatch(this, kw);
  }

  /** Renders elements with one state, joined by commas. */
  protected processList(els: readonly ClauseElement[], kw: CompileKw): string {
    let text = "";
    for (let i = 0; i < els.length; i++) {
      if (i > 0) text += ", ";
      text += this.process(els[i] as ClauseElement, kw);
    }
    return text;
  }

  /** Raised for an element the dialect has no rendering for. */
  visitUnsupported(el: ClauseElement): never {
    throw new UnsupportedCompilationError(
      `Compiler ${this.constructor.name} can't render element of type ${el.constructor.name}`,
    );
  }

  // ==================================================================================
  // Names
  // ==================================================================================

  /** The compiled name of an anonymous thing (`anon_1`, `count_1`), stable per object. */
  anonName(obj: object, base: string): string {
    // Per object and base: a bind selected as a column is both `anon_1` (label) and `param_1` (bind).
    const first = this.anonNames.get(obj);
    for (let e = first; e !== undefined; e = e.next) if (e.base === base) return e.name;
    const n = (this.anonCounters.get(base) ?? 0) + 1;
    this.anonCounters.set(base, n);
    const name = `${base}_${n}`;
    this.anonNames.set(obj, { base, name, next: first });
    return name;
  }

  /** The name a FROM is referred to by (an alias name, or the table's quoted name). */
  fromName(from: FromClause): string {
    if (from instanceof CTE) return this.preparer.quote(this.cteName(from));
    if (from instanceof Alias) return this.preparer.quote(this.aliasName(from));
    if (from instanceof TableClause) return this.formatTableName(from);
    return this.process(from);
  }

  /** The name of an alias, anonymous ones numbered `anon_1`, ... */
  aliasName(alias: Alias): string {
    if (alias.name !== undefined) return alias.name;
    // An anonymous alias of a table is named after the table (`employee_1`), others `anon_1`.
    const el = alias.element;
    const base = el instanceof TableClause && alias.visitName === "alias" ? el.name : "anon";
    return this.anonName(alias, base);
  }

  cteName(cte: CTE): string {
    const root = cteRoot(cte);
    return root.name ?? this.anonName(root, "anon");
  }

  // ==================================================================================
  // Columns, binds, literals
  // ==================================================================================

  visitColumn(col: ColumnClause, kw: CompileKw): string {
    const name = col.isLiteral
      ? this.escapeLiteralColumn(col.name)
      : this.preparer.quote(col.name, (col as { quoteName?: boolean }).quoteName);
    const table = col.table;
    if (table === undefined || kw.includeTable === false) return name;
    if ((table as { scalar?: boolean }).scalar === true)
      return this.preparer.quote(this.aliasName(table as Alias));
    if (table instanceof TableClause && table.name === "") return name;
    return `${this.fromName(table)}.${name}`;
  }

  /** `%` doubles in literal SQL where the paramstyle uses `%`. */
  escapeLiteralColumn(text: string): string {
    return this.dialect.doublePercents ? text.replace(/%/g, "%%") : text;
  }

  visitBindParam(bind: BindParameter, kw: CompileKw): string {
    if (kw.literalBinds || this.literalBinds) {
      if (bind.expanding) {
        // Rendered inline as the expanding form renders at execution: inside its own parentheses.
        const values = bind.value as unknown[];
        const width =
          bind.type.affinity === "tuple" ? (bind.type as unknown as { types: unknown[] }).types.length : 1;
        if (values.length === 0)
          return `(${this.emptySetOpExpr(width, kw.binaryOp === operators.notIn ? "notIn" : "in")})`;
        return `(${values
          .map((v) => this.renderLiteralValue(v, bind.type.affinity === "tuple" ? undefined : bind.type))
          .join(", ")})`;
      }
      return this.renderLiteralBind(bind);
    }
    // A value given to a nested INSERT / UPDATE is anonymous (`:param_1`), so two such never collide.
    const name =
      bind.crudValue && kw.crudNested === true ? this.anonymousBindName(bind) : this.bindName(bind);
    if (bind.expanding) {
      this.hasPostcompile = true;
      return `${BIND_MARK}${kw.binaryOp === operators.notIn ? "]" : "["}${name}${BIND_MARK}`;
    }
    if (bind.literalExecute) {
      this.hasPostcompile = true;
      return `${BIND_MARK}{${name}${BIND_MARK}`;
    }
    return `${BIND_MARK}${name}${BIND_MARK}`;
  }

  /** Registers a bind and returns its name, numbering anonymous ones by their key. */
  bindName(bind: BindParameter): string {
    let name = this.bindNames.get(bind);
    if (name !== undefined) return name;
    if (bind.unique) {
      // An anonymous name's base is sanitized first (`a.b(c)` gives `a_b_c_1`), as SQLAlchemy's.
      name = this.anonName(bind, anonBindBase(bind.keyBase));
      if (this.binds.has(name)) {
        throw new CompileError(
          `Bind parameter '${name}' conflicts with unique bind parameter of the same name`,
        );
      }
    } else {
      name = escapeBindName(bind.bindKey as string);
      const existing = this.binds.get(name);
      if (existing !== undefined && existing !== bind && existing.value !== bind.value && !bind.required) {
        throw new CompileError(
          `Bind parameter '${name}' conflicts with unique bind parameter of the same name`,
        );
      }
    }
    this.bindNames.set(bind, name);
    this.binds.set(name, bind);
    return name;
  }

  /** Registers a bind under an anonymous name (`param_1`) whatever its key. */
  protected anonymousBindName(bind: BindParameter): string {
    let name = this.bindNames.get(bind);
    if (name !== undefined) return name;
    name = this.anonName(bind, "param");
    this.bindNames.set(bind, name);
    this.binds.set(name, bind);
    return name;
  }

  /** Renders a bind's value as a literal (`literalBinds`). */
  renderLiteralBind(bind: BindParameter): string {
    const value = bind.callable !== undefined ? bind.callable() : bind.value;
    return this.renderLiteralValue(value, bind.type);
  }

  /** Renders a value as a SQL literal using its type's literal processor. */
  renderLiteralValue(value: unknown, type?: import("../types/type-engine.js").TypeEngine<unknown>): string {
    if (value === null || value === undefined) return "NULL";
    if (Array.isArray(value)) return `(${value.map((v) => this.renderLiteralValue(v)).join(", ")})`;
    // A TypeDecorator converts the value first; other types render through the dialect's implementation.
    const impl = type instanceof TypeDecorator ? type : type?.dialectImpl(this.dialect);
    const proc = impl?.literalProcessor(this.dialect);
    const text = proc !== undefined ? proc(value) : this.dialect.renderLiteral(value);
    return this.escapeLiteralColumn(text);
  }

  visitNull(_el: Null, _kw: CompileKw): string {
    return "NULL";
  }
  visitTrue(_el: True, _kw: CompileKw): string {
    return this.dialect.supportsNativeBoolean ? "true" : "1";
  }
  visitFalse(_el: False, _kw: CompileKw): string {
    return this.dialect.supportsNativeBoolean ? "false" : "0";
  }

  visitTextClause(el: TextClause, kw: CompileKw): string {
    const re = /(?<![:\w\\]):(\w+)(?!:)|\\:/g;
    const text = this.dialect.doublePercents ? el.text.replace(/%/g, "%%") : el.text;
    return text.replace(re, (m, name: string | undefined) => {
      if (name === undefined) return ":";
      const bind = el.binds.get(name);
      if (bind === undefined) return m;
      return this.process(bind, kw);
    });
  }

  visitTextualSelect(el: TextualSelect, kw: CompileKw): string {
    if (this.stack.length === 0)
      this.resultColumns = el.columnList.map((c) => this.resultColumn(c, c.key ?? ""));
    return this.process(el.element, kw);
  }

  visitCollation(el: CollationClause, _kw: CompileKw): string {
    return this.preparer.quote(el.collation);
  }

  // ==================================================================================
  // Operators
  // ==================================================================================

  visitBinary(b: BinaryExpression, kw: CompileKw): string {
    const hook = (this as unknown as Record<string, unknown>)[hookName(b.operator.name, "Binary")];
    if (typeof hook === "function") return hook.call(this, b, kw) as string;
    if (b.operator.name === "custom") {
      return this.genericBinary(b, ` ${this.escapeLiteralColumn(b.operator.sql)} `, kw);
    }
    return this.genericBinary(b, ` ${b.operator.sql} `, kw);
  }

  /** `left <opstring> right`. */
  genericBinary(b: BinaryExpression, opstring: string, kw: CompileKw): string {
    // Copying the state for every operation is a large part of compiling a statement: the
    // operands learn their operator only where it matters (IN / NOT IN) or where an outer one is set.
    const op = b.operator;
    const inner =
      kw.binaryOp === op || (kw.binaryOp === undefined && op !== operators.in && op !== operators.notIn)
        ? kw
        : { ...kw, binaryOp: op };
    return this.process(b.left, inner) + opstring + this.process(b.right, inner);
  }

  visitModBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.genericBinary(b, this.dialect.doublePercents ? " %% " : " % ", kw);
  }

  visitTruedivBinary(b: BinaryExpression, kw: CompileKw): string {
    const right = b.right as ColumnElement<any>;
    if (this.dialect.divIsFloordiv && right.type.affinity === "integer") {
      return `${this.process(b.left, kw)} / ${this.process(this.castForDivision(right), kw)}`;
    }
    if (this.dialect.divIsFloordiv && right.type.affinity !== "numeric" && right.type.affinity !== "float") {
      return `${this.process(b.left, kw)} / ${this.process(new CastClass(right, new NumericType()), kw)}`;
    }
    return this.genericBinary(b, " / ", kw);
  }

  /** How the divisor of a true division is made non-integer (`CAST(x AS NUMERIC)`; SQLite adds 0.0). */
  protected castForDivision(right: ColumnElement<any>): ClauseElement {
    return new CastClass(right, new NumericType());
  }

  visitFloordivBinary(b: BinaryExpression, kw: CompileKw): string {
    const l = (b.left as ColumnElement<any>).type.affinity;
    const r = (b.right as ColumnElement<any>).type.affinity;
    if (this.dialect.divIsFloordiv && l === "integer" && r === "integer")
      return this.genericBinary(b, " / ", kw);
    return `FLOOR(${this.genericBinary(b, " / ", kw)})`;
  }

  visitNotInBinary(b: BinaryExpression, kw: CompileKw): string {
    return `(${this.genericBinary(b, " NOT IN ", kw)})`;
  }

  visitInBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.genericBinary(b, " IN ", kw);
  }

  visitLikeBinary(b: BinaryExpression, kw: CompileKw): string {
    return `${this.process(b.left, kw)} LIKE ${this.process(b.right, kw)}${this.escapeClause(b)}`;
  }
  visitNotLikeBinary(b: BinaryExpression, kw: CompileKw): string {
    return `${this.process(b.left, kw)} NOT LIKE ${this.process(b.right, kw)}${this.escapeClause(b)}`;
  }
  visitIlikeBinary(b: BinaryExpression, kw: CompileKw): string {
    return `lower(${this.process(b.left, kw)}) LIKE lower(${this.process(b.right, kw)})${this.escapeClause(b)}`;
  }
  visitNotIlikeBinary(b: BinaryExpression, kw: CompileKw): string {
    return `lower(${this.process(b.left, kw)}) NOT LIKE lower(${this.process(b.right, kw)})${this.escapeClause(b)}`;
  }

  protected escapeClause(b: BinaryExpression): string {
    const esc = b.modifiers.escape;
    return esc === undefined ? "" : ` ESCAPE ${this.renderLiteralValue(esc, STRINGTYPE)}`;
  }

  /** The `'%'` literal the LIKE helpers concatenate. */
  protected get percent(): ColumnElement<any> {
    return new ColumnClause("'%'", STRINGTYPE, true);
  }

  /**
   * Renders a LIKE helper (`startswith` and friends) by building the
   * pattern from `'%'` and the value, then rendering it as LIKE/ILIKE.
   */
  protected likeHelper(
    b: BinaryExpression,
    kw: CompileKw,
    where: "start" | "end" | "both",
    ci: boolean,
    not: boolean,
  ) {
    const right = b.right as ColumnElement<any>;
    let left = b.left as ColumnElement<any>;
    let value: ColumnElement<any> = right;
    if (ci && !this.hasNativeIlike) {
      left = lowerOf(left);
      value = lowerOf(value);
    }
    const pct = this.percent;
    const pattern =
      where === "start"
        ? value.concat(pct)
        : where === "end"
          ? pct.concat(value)
          : pct.concat(value).concat(pct);
    const op =
      ci && this.hasNativeIlike
        ? not
          ? operators.notIlike
          : operators.ilike
        : not
          ? operators.notLike
          : operators.like;
    return this.visitBinary(b.withOperands(left, pattern as ClauseElement, op), kw);
  }

  /** Whether ILIKE is native (PostgreSQL); elsewhere `lower(x) LIKE lower(y)`. */
  protected get hasNativeIlike(): boolean {
    return false;
  }

  visitStartswithBinary(b: BinaryExpression, kw: CompileKw) {
    return this.likeHelper(b, kw, "start", false, false);
  }
  visitNotStartswithBinary(b: BinaryExpression, kw: CompileKw) {
    return this.likeHelper(b, kw, "start", false, true);
  }
  visitIstartswithBinary(b: BinaryExpression, kw: CompileKw) {
    return this.likeHelper(b, kw, "start", true, false);
  }
  visitNotIstartswithBinary(b: BinaryExpression, kw: CompileKw) {
    return this.likeHelper(b, kw, "start", true, true);
  }
  visitEndswithBinary(b: BinaryExpression, kw: CompileKw) {
    return this.likeHelper(b, kw, "end", false, false);
  }
  visitNotEndswithBinary(b: BinaryExpression, kw: CompileKw) {
    return this.likeHelper(b, kw, "end", false, true);
  }
  visitIendswithBinary(b: BinaryExpression, kw: CompileKw) {
    return this.likeHelper(b, kw, "end", true, false);
  }
  visitNotIendswithBinary(b: BinaryExpression, kw: CompileKw) {
    return this.likeHelper(b, kw, "end", true, true);
  }
  visitContainsBinary(b: BinaryExpression, kw: CompileKw) {
    return this.likeHelper(b, kw, "both", false, false);
  }
  visitNotContainsBinary(b: BinaryExpression, kw: CompileKw) {
    return this.likeHelper(b, kw, "both", false, true);
  }
  visitIcontainsBinary(b: BinaryExpression, kw: CompileKw) {
    return this.likeHelper(b, kw, "both", true, false);
  }
  visitNotIcontainsBinary(b: BinaryExpression, kw: CompileKw) {
    return this.likeHelper(b, kw, "both", true, true);
  }

  visitBetweenBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.genericBinary(b, b.modifiers.symmetric ? " BETWEEN SYMMETRIC " : " BETWEEN ", kw);
  }
  visitNotBetweenBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.genericBinary(b, b.modifiers.symmetric ? " NOT BETWEEN SYMMETRIC " : " NOT BETWEEN ", kw);
  }
  visitNotMatchBinary(b: BinaryExpression, kw: CompileKw): string {
    return `NOT ${this.visitBinary(b.withOperands(b.left, b.right, operators.match), kw)}`;
  }
  visitRegexpMatchBinary(_b: BinaryExpression, _kw: CompileKw): string {
    throw new CompileError(`${this.dialect.name} dialect does not support regular expressions`);
  }
  visitNotRegexpMatchBinary(_b: BinaryExpression, _kw: CompileKw): string {
    throw new CompileError(`${this.dialect.name} dialect does not support regular expressions`);
  }
  visitRegexpReplaceBinary(_b: BinaryExpression, _kw: CompileKw): string {
    throw new CompileError(`${this.dialect.name} dialect does not support regular expression replacements`);
  }
  visitIsDistinctFromBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.genericBinary(b, " IS DISTINCT FROM ", kw);
  }
  visitIsNotDistinctFromBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.genericBinary(b, " IS NOT DISTINCT FROM ", kw);
  }
  visitConcatBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.genericBinary(b, " || ", kw);
  }
  visitGetitemBinary(_b: BinaryExpression, _kw: CompileKw): string {
    throw new UnsupportedCompilationError(`the ${this.dialect.name} dialect has no ARRAY indexing`);
  }
  visitJsonGetitemBinary(_b: BinaryExpression, _kw: CompileKw): string {
    throw new UnsupportedCompilationError(`the ${this.dialect.name} dialect has no JSON indexing`);
  }
  visitJsonPathGetitemBinary(_b: BinaryExpression, _kw: CompileKw): string {
    throw new UnsupportedCompilationError(`the ${this.dialect.name} dialect has no JSON path indexing`);
  }
  visitJsonCast(el: JSONCast, kw: CompileKw): string {
    return this.process(el.element, kw);
  }
  visitEqBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.genericBinary(b, " = ", kw);
  }

  visitUnary(u: UnaryExpression, kw: CompileKw): string {
    if (u.operator !== undefined) {
      const hook = (this as unknown as Record<string, unknown>)[hookName(u.operator.name, "UnaryOperator")];
      if (typeof hook === "function") return hook.call(this, u, kw) as string;
      const sep = u.operator === operators.neg || u.operator === operators.bitwiseNot ? "" : " ";
      return `${u.operator.sql}${sep}${this.process(u.element, kw)}`;
    }
    if (u.modifier !== undefined) {
      const hook = (this as unknown as Record<string, unknown>)[hookName(u.modifier.name, "UnaryModifier")];
      if (typeof hook === "function") return hook.call(this, u, kw) as string;
      return `${this.process(u.element, kw)} ${u.modifier.sql}`;
    }
    throw new CompileError("Unary expression has no operator or modifier");
  }

  visitIsTrueUnaryOperator(u: UnaryExpression, kw: CompileKw): string {
    const el = u.element as ColumnElement<any>;
    if (el.isImplicitlyBoolean || this.dialect.supportsNativeBoolean) return this.process(el, kw);
    return `${this.process(el, kw)} = 1`;
  }

  visitIsFalseUnaryOperator(u: UnaryExpression, kw: CompileKw): string {
    const el = u.element as ColumnElement<any>;
    if (el.isImplicitlyBoolean || this.dialect.supportsNativeBoolean) return `NOT ${this.process(el, kw)}`;
    return `${this.process(el, kw)} = 0`;
  }

  visitCollectionAggregate(el: CollectionAggregate, kw: CompileKw): string {
    const inner = this.process(el.element, kw);
    return el.element.visitName === "scalarSelect"
      ? `${el.operator.sql} ${inner}`
      : `${el.operator.sql} (${inner})`;
  }

  visitClauseList(list: ClauseList, kw: CompileKw): string {
    const sep = list.operator === operators.comma ? ", " : ` ${list.operator.sql} `;
    const parts: string[] = [];
    for (const c of list.clauses) {
      const s = this.process(c, kw);
      if (s !== "") parts.push(s);
    }
    return parts.join(sep);
  }

  visitBooleanClauseList(list: BooleanClauseList, kw: CompileKw): string {
    const sep = ` ${list.operator.sql} `;
    const parts: string[] = [];
    for (const c of list.clauses) {
      const s = this.processWhere(c, kw);
      if (s !== "") parts.push(s);
    }
    return parts.join(sep);
  }

  visitGrouping(g: Grouping, kw: CompileKw): string {
    return `(${this.process(g.element, kw)})`;
  }

  visitLabel(label: Label, kw: CompileKw): string {
    if (kw.withinColumnsClause) {
      const inner = { ...kw, withinColumnsClause: false };
      return `${this.process(label.element, inner)} AS ${this.preparer.quote(this.labelName(label))}`;
    }
    if (kw.orderBy && this.dialect.supportsSimpleOrderByLabel && this.labelInColumns(label)) {
      return this.preparer.quote(this.labelName(label));
    }
    return this.process(label.element, kw);
  }

  /** Labels rendered in the current columns clause, which ORDER BY may name. */
  protected columnsClauseLabels = new Set<Label>();
  protected labelInColumns(label: Label): boolean {
    return this.columnsClauseLabels.has(label);
  }

  labelName(label: Label): string {
    if (label instanceof AnonymousTableLabel) return `${this.aliasName(label.from)}_${label.columnName}`;
    return label.name;
  }

  visitLabelReference(ref: LabelReference, kw: CompileKw): string {
    if (ref.statement instanceof CompoundSelect) {
      if (ref.statement.selectedColumns.some((sc) => sc.key === ref.name))
        return this.preparer.quote(ref.name);
    }
    for (const sc of ref.statement.selectedColumns) {
      if (sc.key === ref.name) {
        if (sc.element instanceof Label) return this.preparer.quote(sc.element.name);
        return this.process(sc.element, { ...kw, withinColumnsClause: false });
      }
    }
    throw new CompileError(
      `Can't resolve label reference for ORDER BY / GROUP BY / DISTINCT etc. Textual SQL expression '${ref.name}' should be explicitly declared as text('${ref.name}')`,
    );
  }

  visitCast(cast: Cast, kw: CompileKw): string {
    return `CAST(${this.process(cast.clause, kw)} AS ${this.dialect.typeCompiler.process(cast.type)})`;
  }

  visitTypeCoerce(el: TypeCoerce, kw: CompileKw): string {
    return this.process(el.clause, kw);
  }

  visitTuple(t: Tuple, kw: CompileKw): string {
    return `(${t.clauses.map((c) => this.process(c, kw)).join(", ")})`;
  }

  visitSlice(s: Slice, kw: CompileKw): string {
    return `${s.start !== undefined ? this.process(s.start, kw) : ""}:${s.stop !== undefined ? this.process(s.stop, kw) : ""}`;
  }

  // ==================================================================================
  // Functions, CASE, windows
  // ==================================================================================

  visitFunction(fn: FunctionElement, kw: CompileKw): string {
    const hook = (this as unknown as Record<string, unknown>)[hookName(fn.name, "Func")];
    if (fn.packageNames.length === 0 && typeof hook === "function") return hook.call(this, fn, kw) as string;
    if (fn.isAnsi && fn.args.length === 0) return fn.name.toUpperCase();
    const name = [...fn.packageNames, fn.name].map((n) => this.functionNamePart(n)).join(".");
    return `${name}(${this.functionArgs(fn, kw)})`;
  }

  protected functionNamePart(name: string): string {
    // Function names are quoted only when they could not be written bare.
    return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? name : this.preparer.quoteIdentifier(name);
  }

  functionArgs(fn: FunctionElement, kw: CompileKw): string {
    return this.process(fn.clauses, { ...kw, withinColumnsClause: false });
  }

  visitRollupFunc(fn: FunctionElement, kw: CompileKw): string {
    return `ROLLUP(${this.functionArgs(fn, kw)})`;
  }
  visitCubeFunc(fn: FunctionElement, kw: CompileKw): string {
    return `CUBE(${this.functionArgs(fn, kw)})`;
  }
  visitGroupingSetsFunc(fn: FunctionElement, kw: CompileKw): string {
    return `GROUPING SETS(${this.functionArgs(fn, kw)})`;
  }

  visitCountFunc(fn: FunctionElement, kw: CompileKw): string {
    return `count(${fn.args.length === 0 ? "*" : this.functionArgs(fn, kw)})`;
  }

  visitOver(over: Over, kw: CompileKw): string {
    const parts: string[] = [];
    if (over.partitionBy !== undefined && over.partitionBy.length > 0) {
      parts.push(`PARTITION BY ${over.partitionBy.map((c) => this.process(c, kw)).join(", ")}`);
    }
    if (over.orderBy !== undefined && over.orderBy.length > 0) {
      parts.push(`ORDER BY ${over.orderBy.map((c) => this.process(c, kw)).join(", ")}`);
    }
    const frame = over.rows ?? over.range ?? over.groups;
    if (frame !== undefined) {
      const kind = over.rows !== undefined ? "ROWS" : over.range !== undefined ? "RANGE" : "GROUPS";
      const bound = (b: FrameBoundSpec): string =>
        b.value === undefined ? b.type : `${this.process(b.value, kw)} ${b.type}`;
      parts.push(`${kind} BETWEEN ${bound(frame.start)} AND ${bound(frame.end)}`);
    }
    return `${this.process(over.element, { ...kw, withinColumnsClause: false })} OVER (${parts.join(" ")})`;
  }

  visitWithinGroup(wg: WithinGroup, kw: CompileKw): string {
    return `${this.process(wg.element, kw)} WITHIN GROUP (ORDER BY ${wg.orderBy.map((c) => this.process(c, kw)).join(", ")})`;
  }

  visitFunctionFilter(ff: FunctionFilter, kw: CompileKw): string {
    return `${this.process(ff.func, kw)} FILTER (WHERE ${this.process(ff.criterion, kw)})`;
  }

  visitExtract(ex: Extract, kw: CompileKw): string {
    return `EXTRACT(${this.extractField(ex.field)} FROM ${this.process(ex.expr, kw)})`;
  }
  protected extractField(field: string): string {
    return field;
  }

  visitCase(c: Case, kw: CompileKw): string {
    let out = "CASE ";
    if (c.value !== undefined) out += `${this.process(c.value, kw)} `;
    for (const [when, then] of c.whens) {
      out += `WHEN ${this.process(when.selfGroup(), kw)} THEN ${this.process(then, kw)} `;
    }
    if (c.else_ !== undefined) out += `ELSE ${this.process(c.else_, kw)} `;
    return `${out}END`;
  }

  // ==================================================================================
  // FROM clauses
  // ==================================================================================

  /** A table's name as written in SQL, schema-qualified and quoted as needed. */
  formatTableName(t: TableClause): string {
    return this.preparer.formatTable(t.name, t.schema, t.quoteName, t.quoteSchemaName);
  }

  visitTable(t: TableClause, kw: CompileKw): string {
    const name = this.formatTableName(t);
    return kw.asFrom ? name + this.tableHint(t) : name;
  }

  /** Table hints (`WITH (NOLOCK)`) for the FROM item; dialects that have them override. */
  protected tableHint(_t: FromClause): string {
    return "";
  }

  visitJoin(j: Join, kw: CompileKw): string {
    const kind = j.full ? " FULL OUTER JOIN " : j.isouter ? " LEFT OUTER JOIN " : " JOIN ";
    const fromKw = { ...kw, asFrom: true };
    // A join on the right is grouped: `a JOIN (b JOIN c ON ...) ON ...`.
    const left = this.process(j.left, fromKw);
    const right = this.process(j.right, fromKw);
    const rightSql = j.right instanceof Join ? `(${right})` : right;
    return `${left}${kind}${rightSql} ON ${this.processWhere(j.onclause, { ...kw, asFrom: false })}`;
  }

  visitAlias(a: Alias, kw: CompileKw): string {
    if (!kw.asFrom) return this.preparer.quote(this.aliasName(a));
    const inner = this.process(a.element, { ...kw, asFrom: true, asSubquery: true });
    return `${inner}${this.aliasKeyword()}${this.preparer.quote(this.aliasName(a))}`;
  }

  /** The word between a FROM item and its alias (` AS `; Oracle has none). */
  protected aliasKeyword(): string {
    return " AS ";
  }

  visitSubquery(s: Subquery, kw: CompileKw): string {
    if (!kw.asFrom) return this.preparer.quote(this.aliasName(s));
    return `(${this.process(s.statement, { ...kw, asFrom: true, asSubquery: true })})${this.aliasKeyword()}${this.preparer.quote(this.aliasName(s))}`;
  }

  visitLateral(l: Lateral, kw: CompileKw): string {
    if (!kw.asFrom) return this.preparer.quote(this.aliasName(l));
    if (l.element.visitName === "tableValuedAlias") {
      const tv = l.element as TableValuedAlias;
      return `LATERAL ${this.tableValuedBody(tv, kw)}${this.aliasKeyword()}${this.preparer.quote(this.aliasName(l))}`;
    }
    const el = l.element instanceof Subquery ? l.element.statement : l.element;
    return `LATERAL (${this.process(el, { ...kw, asFrom: true, asSubquery: true, lateral: true })})${this.aliasKeyword()}${this.preparer.quote(this.aliasName(l))}`;
  }

  visitTableValuedAlias(tv: TableValuedAlias, kw: CompileKw): string {
    if (!kw.asFrom) return this.preparer.quote(this.aliasName(tv));
    return `${this.tableValuedBody(tv, kw)}${this.aliasKeyword()}${this.preparer.quote(this.aliasName(tv))}`;
  }

  /** `fn(...) [WITH ORDINALITY]`. */
  protected tableValuedBody(tv: TableValuedAlias, kw: CompileKw): string {
    const fn = this.process(tv.fn, { ...kw, asFrom: false, withinColumnsClause: false });
    return tv.withOrdinality !== undefined ? `${fn} WITH ORDINALITY` : fn;
  }

  visitValues(v: Values, kw: CompileKw): string {
    const name = v.name ?? this.anonName(v, "anon");
    if (!kw.asFrom) return this.preparer.quote(name);
    const cols = v.columns.map((c) => this.preparer.quote(c.name)).join(", ");
    return `(${this.valuesRows(v, kw)})${this.aliasKeyword()}${this.preparer.quote(name)} (${cols})`;
  }

  /** `VALUES (a, b), (c, d)`. */
  protected valuesRows(v: Values, kw: CompileKw): string {
    const rowKw: CompileKw = {
      ...kw,
      asFrom: false,
      withinColumnsClause: false,
      ...(v.literalBinds ? { literalBinds: true } : {}),
    };
    return `VALUES ${v.rows.map((r) => `(${r.map((e) => this.process(e, rowKw)).join(", ")})`).join(", ")}`;
  }

  visitScalarValues(sv: ScalarValues, kw: CompileKw): string {
    return `(${this.valuesRows(sv.values, kw)})`;
  }

  visitTextLabelRef(ref: TextLabelRef, kw: CompileKw): string {
    void kw;
    return this.preparer.quote(ref.name);
  }

  visitTableSample(ts: TableSample, kw: CompileKw): string {
    const sampling = this.process(ts.sampling as ClauseElement, kw);
    const seed = ts.seed !== undefined ? ` REPEATABLE (${this.process(ts.seed as ClauseElement, kw)})` : "";
    return `${this.process(ts.element, { ...kw, asFrom: true })}${this.aliasKeyword()}${this.preparer.quote(this.aliasName(ts))} TABLESAMPLE ${sampling}${seed}`;
  }

  visitCte(cte: CTE, kw: CompileKw): string {
    const name = this.cteName(cte);
    const root = cteRoot(cte);
    // A nesting CTE belongs to the statement that refers to it; others to the top-level WITH.
    const level = cte.nesting
      ? (this.nestedCteLevels[this.nestedCteLevels.length - 1] ?? this.topCtes)
      : this.topCtes;
    const existing = this.cteNames.get(name);
    if (existing !== undefined && cteRoot(existing) !== root && existing.statement !== cte.statement) {
      throw new CompileError(`Multiple, unrelated CTEs found with the same name: '${name}'`);
    }
    if (!level.ctes.has(root) && existing === undefined) {
      this.cteNames.set(name, cte);
      // The body is rendered first, so that the CTEs it refers to take their places before this one.
      const body = this.process(cteBody(cte), {
        visitingCte: cte,
        asSubquery: true,
        ...(kw.literalBinds ? { literalBinds: true } : {}),
      });
      if (cte.recursive || root.recursive) level.recursive = true;
      const colList = cte.recursive || root.recursive ? this.cteColumnList(cte) : "";
      level.ctes.set(root, this.cteDefinition(cte, name, colList, body));
    } else if (!level.ctes.has(root) && cte !== root && cte.statement !== root.statement) {
      // The recursive continuation replaces the base form of the CTE.
      const body = this.process(cte.statement, { visitingCte: cte, asSubquery: true });
      level.ctes.set(root, this.cteDefinition(cte, name, this.cteColumnList(cte), body));
      level.recursive = true;
    }
    return this.preparer.quote(name);
  }

  /** `name[(cols)] AS [prefixes] (body)`. */
  protected cteDefinition(cte: CTE, name: string, colList: string, body: string): string {
    const prefixes = cteRoot(cte)
      .prefixes.map((p) => `${p} `)
      .join("");
    return `${this.preparer.quote(name)}${colList} AS ${prefixes}\n(${body})`;
  }

  protected cteColumnList(cte: CTE): string {
    return `(${cte.columns.map((c) => this.preparer.quote(c.name)).join(", ")})`;
  }

  /** `WITH [RECURSIVE] a AS (...), b AS (...)` for a level's CTEs. */
  protected renderCtes(level: CteLevel = this.topCtes): string {
    const parts = [...level.ctes.values()].filter((s) => s !== "");
    if (parts.length === 0) return "";
    return `WITH ${level.recursive ? "RECURSIVE " : ""}${parts.join(", \n")} \n`;
  }

  // ==================================================================================
  // SELECT
  // ==================================================================================

  /** The FROMs of the enclosing statements that a nested SELECT may correlate to. */
  protected correlationCandidates(): ReadonlySet<FromClause> {
    const top = this.stack[this.stack.length - 1];
    return top === undefined ? NO_FROMS : top.correlateFroms;
  }

  /** The FROMs a SELECT renders, after correlation with its enclosing statements. */
  protected displayFroms(select: Select, kw: CompileKw): FromClause[] {
    const froms = select.froms;
    if (this.stack.length === 0 || (kw.asFrom && !kw.lateral)) return froms;
    const enclosing = this.correlationCandidates();
    if (enclosing.size === 0) return froms;
    const explicit = select.correlateFroms;
    const except = select.correlateExceptFroms;
    const correlatable = (f: FromClause) => {
      const objs = f.fromObjects;
      return objs.some((o) => enclosing.has(o));
    };
    let result: FromClause[];
    if (explicit !== undefined && explicit.length > 0) {
      result = froms.filter((f) => !(explicit.includes(f) && correlatable(f)));
    } else if (except !== undefined) {
      result = froms.filter((f) => !(correlatable(f) && !except.includes(f)));
    } else if (select.autoCorrelate && froms.length > 1) {
      // Auto-correlation applies only when the nested SELECT has more than one FROM, as in SQLAlchemy,
      // and only to the FROMs the immediately enclosing statement renders.
      const implicit = new Set<FromClause>();
      for (const f of this.stack[this.stack.length - 1]?.asFromFroms ?? []) {
        for (const o of f.fromObjects) implicit.add(o);
      }
      result = froms.filter((f) => !f.fromObjects.some((o) => implicit.has(o)));
      if (result.length === 0) {
        throw new CompileError(
          `Select statement '${froms.map((f) => f.description).join(", ")}' returned no FROM clauses due to auto-correlation; specify correlate(<tables>) to control correlation manually.`,
        );
      }
    } else result = froms;
    return result;
  }

  visitSelect(select: Select, kw: CompileKw): string {
    const toplevel = this.stack.length === 0;
    const froms = this.displayFroms(select, kw);
    this.stack.push(new StackEntry(select, froms, this.stack[this.stack.length - 1], select.froms));
    const cteLevel: CteLevel = { ctes: new Map(), recursive: false };
    if (!toplevel) this.nestedCteLevels.push(cteLevel);

    const savedLabels = this.columnsClauseLabels;
    this.columnsClauseLabels = new Set();
    try {
      let text = "SELECT ";
      text += this.selectHints(select);
      text += this.selectPrefixes(select);
      text += this.getSelectPrecolumns(select, kw);

      const columns = this.selectColumns(select, kw, toplevel);
      text += columns.join(", ");

      if (froms.length > 0) {
        const fromKw: CompileKw = { ...kw, asFrom: true, asSubquery: false, withinColumnsClause: false };
        text += ` \nFROM ${this.processList(froms, fromKw)}`;
      } else {
        text += this.defaultFrom();
      }
      const inner: CompileKw = { ...kw, asFrom: false, withinColumnsClause: false, asSubquery: false };
      if (select.whereClauses.length > 0) {
        const w = this.whereText(select.whereClauses, inner);
        if (w !== "") text += ` \nWHERE ${w}`;
      }
      if (select.groupByClauses.length > 0) {
        text += ` GROUP BY ${this.processList(select.groupByClauses, { ...inner, orderBy: true })}`;
      }
      if (select.havingClauses.length > 0) {
        text += ` \nHAVING ${this.whereText(select.havingClauses, inner)}`;
      }
      text += this.orderByClause(select, inner);
      text += this.limitClause(select, inner);
      text += this.forUpdateClause(select, inner);
      text += this.selectSuffixes(select);
      if (select.ctes.length > 0) for (const c of select.ctes) this.process(c, { ...inner, asFrom: true });
      if (cteLevel.ctes.size > 0) text = this.renderCtes(cteLevel) + text;
      return text;
    } finally {
      if (!toplevel) this.nestedCteLevels.pop();
      this.columnsClauseLabels = savedLabels;
      this.stack.pop();
    }
  }

  /** WHERE/HAVING criteria joined by AND. */
  protected whereText(criteria: readonly ColumnElement<any>[], kw: CompileKw): string {
    const el =
      criteria.length === 1
        ? (criteria[0] as ColumnElement<any>).selfGroup(operators.asBool)
        : andOf(criteria);
    return this.processWhere(el, kw);
  }

  /** Renders a boolean criterion: TRUE/FALSE standing alone get the dialect's criterion form. */
  protected processWhere(el: ClauseElement, kw: CompileKw): string {
    if (el.visitName === "true") return this.trueCriterion();
    if (el.visitName === "false") return this.falseCriterion();
    return this.process(el, kw);
  }

  /** `WHERE true()`: `true`, or `1 = 1` where booleans are not native. */
  protected trueCriterion(): string {
    return this.dialect.supportsNativeBoolean ? "true" : "1 = 1";
  }
  /** `WHERE false()`: `false`, or `0 = 1` where booleans are not native. */
  protected falseCriterion(): string {
    return this.dialect.supportsNativeBoolean ? "false" : "0 = 1";
  }

  protected defaultFrom(): string {
    return "";
  }

  /** Text between SELECT and the columns (`DISTINCT`, `TOP n`). */
  getSelectPrecolumns(select: Select, kw: CompileKw): string {
    if (select.distinctOn.length > 0) {
      throw new CompileError(
        `DISTINCT ON is only supported by the PostgreSQL dialect, not ${this.dialect.name}`,
      );
    }
    void kw;
    return select.distinctFlag ? "DISTINCT " : "";
  }

  protected selectHints(_select: Select): string {
    return "";
  }

  protected selectPrefixes(
    select: SelectBase & { prefixes?: readonly (readonly [string, string | undefined])[] },
  ): string {
    const prefixes = (select.prefixes ?? []).filter(([, d]) => d === undefined || d === this.dialect.name);
    return prefixes.map(([t]) => `${this.escapeLiteralColumn(t)} `).join("");
  }

  protected selectSuffixes(select: Select): string {
    const suffixes = select.suffixes.filter(([, d]) => d === undefined || d === this.dialect.name);
    return suffixes.map(([t]) => ` ${t}`).join("");
  }

  /**
   * Renders the columns clause, labelling where SQLAlchemy would: anonymous
   * expressions (`anon_1`, `count_1`), duplicates (`id_1`), and every column
   * of a subquery so the outer query can address it.
   */
  protected selectColumns(select: SelectBase, kw: CompileKw, toplevel: boolean): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const seenKeys = new Set<string>();
    const result: ResultColumn[] = [];
    const inner = { ...kw, withinColumnsClause: true, asFrom: false };
    // Most columns render outside the columns-clause state (a label adds its own `AS`).
    const plain = { ...inner, withinColumnsClause: false };
    // Columns of a FROM subquery or a CTE are labelled so the enclosing query can name them.
    const subquery = !toplevel && (kw.asFrom === true || kw.visitingCte !== undefined);
    for (const sc of select.selectedColumns) {
      const el = sc.element;
      let rendered: string;
      let name: string;
      if (el instanceof Label) {
        name = this.labelName(el);
        if (seen.has(name)) {
          name = this.anonName(el, name);
          rendered = `${this.process(el.element, plain)} AS ${this.preparer.quote(name)}`;
        } else rendered = this.process(el, inner);
        this.columnsClauseLabels.add(el);
      } else if (el instanceof ColumnClause && !isStarColumn(el)) {
        name = el.name;
        const text = this.process(el, plain);
        // LABEL_STYLE_NONE renders duplicate names as they are.
        if (seen.has(name) && (select as { labelStyle?: string }).labelStyle !== "none") {
          name = this.anonName(el, name);
          rendered = `${text} AS ${this.preparer.quote(name)}`;
        } else if (subquery && !el.isLiteral && el.table !== undefined)
          rendered = `${text} AS ${this.preparer.quote(name)}`;
        else rendered = text;
      } else if (el.visitName === "tuple") {
        throw new CompileError(
          "Most backends don't support SELECTing from a tuple() object. If this is an ORM query, consider using the Bundle object.",
        );
      } else if (isStarColumn(el)) {
        name = "*";
        rendered = this.process(el, inner);
      } else {
        const key = sc.key ?? (el as { key?: string }).key;
        if (key !== undefined && !(el as ColumnElement<any>).needsAnonLabel) {
          name = key;
          rendered = this.process(el, inner);
        } else {
          const base = el.anonLabelBase;
          name = key !== undefined && !seen.has(key) && isNamedByKey(el) ? key : this.anonName(el, base);
          rendered = `${this.process(el, plain)} AS ${this.preparer.quote(name)}`;
        }
      }
      seen.add(name);
      out.push(rendered);
      // A column renamed to tell duplicates apart (`id_1`) is keyed by that name in rows too.
      const key = sc.key !== undefined && seenKeys.has(sc.key) ? name : (sc.key ?? name);
      if (sc.key !== undefined) seenKeys.add(sc.key);
      result.push({ key, name, type: el.type });
    }
    if (toplevel) this.resultColumns = result;
    return out;
  }

  resultColumn(el: ColumnElement<any>, name: string): ResultColumn {
    return { key: el.key ?? name, name, type: el.type };
  }

  protected orderByClause(select: SelectBase, kw: CompileKw): string {
    if (select.orderByClauses.length === 0) return "";
    return ` ORDER BY ${this.processList(select.orderByClauses, { ...kw, orderBy: true })}`;
  }

  /** LIMIT / OFFSET / FETCH; the generic form is `LIMIT n OFFSET m`. */
  limitClause(select: SelectBase, kw: CompileKw): string {
    // With FETCH, the offset is rendered by fetchClause as `OFFSET n ROWS`, as SQLAlchemy does.
    if (select.fetchClause !== undefined) return this.fetchClause(select, kw);
    let text = "";
    if (select.limitClause !== undefined) text += ` \n LIMIT ${this.process(select.limitClause, kw)}`;
    if (select.offsetClause !== undefined) {
      if (select.limitClause === undefined) text += " \n LIMIT -1";
      text += ` OFFSET ${this.process(select.offsetClause, kw)}`;
    }
    return text;
  }

  /** `OFFSET n ROWS FETCH FIRST m ROWS ONLY`. */
  fetchClause(select: SelectBase, kw: CompileKw): string {
    let text = "";
    if (select.offsetClause !== undefined) text += ` \n OFFSET ${this.process(select.offsetClause, kw)} ROWS`;
    const fetch = select.fetchClause as ColumnElement<any>;
    const o = select.fetchOptions ?? {};
    text += ` \n FETCH FIRST ${this.process(fetch, kw)}${o.percent ? " PERCENT" : ""} ROWS ${o.withTies ? "WITH TIES" : "ONLY"}`;
    return text;
  }

  /**
   * `FOR UPDATE`. The generic form ignores the options (read, nowait, of, ...),
   * as SQLAlchemy's base compiler does; each dialect renders its own variants.
   */
  forUpdateClause(select: SelectBase, kw: CompileKw): string {
    void kw;
    return select.forUpdate === undefined ? "" : " FOR UPDATE";
  }

  visitCompoundSelect(cs: CompoundSelect, kw: CompileKw): string {
    const toplevel = this.stack.length === 0;
    // A compound passes its enclosing statement's FROMs through to its members, as SQLAlchemy does.
    const enclosing = this.stack[this.stack.length - 1];
    this.stack.push(new StackEntry(cs, enclosing?.asFromFroms ?? [], enclosing, []));
    try {
      const parts = cs.selects.map((s, i) => {
        // Inside a FROM subquery or a CTE the member SELECTs label their columns, as the subquery would.
        const memberKw: CompileKw = { ...kw, asSubquery: false };
        void i;
        const text = this.process(s, memberKw);
        return s instanceof CompoundSelect || (s instanceof Select && needsParensInCompound(s))
          ? `(${text})`
          : text;
      });
      let text = parts.join(` ${cs.keyword} `);
      const inner = { ...kw, asFrom: false, asSubquery: false };
      if (cs.groupByClauses.length > 0)
        text += ` GROUP BY ${cs.groupByClauses.map((c) => this.process(c, inner)).join(", ")}`;
      text += this.orderByClause(cs, inner);
      text += this.limitClause(cs, inner);
      if (toplevel) {
        const first = cs.selects[0] as SelectBase;
        this.resultColumns = first.selectedColumns.map((sc) => ({
          key: sc.key ?? "",
          name: sc.key ?? "",
          type: sc.element.type,
        }));
      }
      return text;
    } finally {
      this.stack.pop();
    }
  }

  visitScalarSelect(ss: ScalarSelect, kw: CompileKw): string {
    return `(${this.process(ss.element, { ...kw, asFrom: false, asSubquery: true, withinColumnsClause: false })})`;
  }

  visitExists(ex: Exists, kw: CompileKw): string {
    return `EXISTS (${this.process(ex.element, { ...kw, asFrom: false, asSubquery: true, withinColumnsClause: false })})`;
  }

  // ==================================================================================
  // INSERT, UPDATE, DELETE
  // ==================================================================================

  /** Whether RETURNING (OUTPUT) is rendered before VALUES / WHERE, as SQL Server does. */
  protected get returningPrecedesValues(): boolean {
    return false;
  }

  /** Whether RETURNING columns are written with their table (`t.id`) or bare (`id`, SQLite). */
  protected get returningColumnsIncludeTable(): boolean {
    return true;
  }

  /** Pushes a statement level for correlation: nested SELECTs correlate to the DML's tables. */
  protected withDmlLevel<R>(stmt: ClauseElement, froms: readonly FromClause[], fn: () => R): R {
    this.stack.push(new StackEntry(stmt, froms, undefined, froms));
    try {
      return fn();
    } finally {
      this.stack.pop();
    }
  }

  /** The columns a statement's RETURNING renders: explicit ones, or the implied primary key. */
  protected returningColumnsFor(
    stmt: UpdateBase,
    implied: readonly ColumnElement<any>[],
  ): readonly ColumnElement<any>[] {
    return stmt.returningColumns ?? stmt.returnDefaultsColumns ?? implied;
  }

  /** `RETURNING a, b`; records the result columns. */
  returningClause(_stmt: UpdateBase, cols: readonly ColumnElement<any>[], kw: CompileKw): string {
    const inner: CompileKw = {
      ...kw,
      withinColumnsClause: true,
      ...(this.returningColumnsIncludeTable ? {} : { includeTable: false }),
    };
    const seen = new Set<string>();
    const rendered = cols.map((c) => {
      if (c instanceof Label) return this.process(c, inner);
      const key = c.key;
      if (c instanceof ColumnClause || (key !== undefined && !c.needsAnonLabel)) {
        if (key !== undefined) seen.add(key);
        return this.process(c, { ...inner, withinColumnsClause: false });
      }
      const name = this.anonName(c, c.anonLabelBase);
      return `${this.process(c, { ...inner, withinColumnsClause: false })} AS ${this.preparer.quote(name)}`;
    });
    if (this.stack.length <= 1) this.resultColumns = cols.map((c) => this.resultColumn(c, c.key ?? ""));
    return `RETURNING ${rendered.join(", ")}`;
  }

  /** Words after INSERT/UPDATE/DELETE given by `prefixWith`. */
  protected dmlPrefixes(stmt: UpdateBase): string {
    return this.selectPrefixes(stmt as never);
  }

  visitInsert(stmt: Insert, kw: CompileKw): string {
    const table = stmt.table;
    // A CTE's body may be rendered while the stack is still empty: it is nested all the same.
    const toplevel = this.stack.length === 0 && kw.visitingCte === undefined;
    return this.withDmlLevel(stmt, [table], () => {
      const supportsSequences = this.dialect.supportsSequences;
      let rows: CrudParam[][];
      let names: string[];
      let selectText: string | undefined;
      if (stmt.selectStatement !== undefined) {
        const sel = this.insertFromSelect(stmt, kw);
        names = sel.names;
        selectText = sel.text;
        rows = [];
      } else {
        const keys = this.options.columnKeys;
        let valuesList = stmt.valuesList;
        if (keys !== undefined && keys.length > 0 && (valuesList === undefined || valuesList.length === 1)) {
          // Columns the execution's parameters name, beside the values given to the statement.
          const row = new Map(valuesList?.[0] ?? []);
          for (const k of keys) if (!row.has(k)) row.set(k, PARAM_BY_KEY);
          valuesList = [row];
        }
        rows =
          valuesList === undefined
            ? [insertParams(stmt, undefined, { supportsSequences })]
            : valuesList.map((row, i) =>
                insertParams(
                  stmt,
                  row,
                  valuesList.length > 1 ? { supportsSequences, rowIndex: i } : { supportsSequences },
                ),
              );
        names = (rows[0] ?? []).map((p) => this.preparer.quote((p.column as ColumnClause).name));
        if (rows.length > 1 && !this.dialect.supportsMultivaluesInsert) {
          throw new CompileError(
            `The '${this.dialect.name}' dialect with current database version settings does not support in-place multirow inserts.`,
          );
        }
      }
      const given = new Set((rows[0] ?? []).map((p) => p.column));
      const implied = this.impliedReturning(stmt, given, toplevel);
      const returningCols = this.returningColumnsFor(stmt, implied);
      const returning = returningCols.length > 0 ? this.returningClause(stmt, returningCols, kw) : "";

      let text = `INSERT ${this.dmlPrefixes(stmt)}INTO ${this.formatTableName(table)}`;
      if (names.length > 0) text += ` (${names.join(", ")})`;
      if (returning !== "" && this.returningPrecedesValues) text += ` ${this.outputClause(returning)}`;
      if (selectText !== undefined) text += ` ${selectText}`;
      else if (names.length === 0) text += this.emptyInsertValues(stmt);
      else {
        const inner = { ...kw, crud: true, crudNested: !toplevel };
        const tuples = rows.map((r) => `(${r.map((p) => this.process(p.value, inner)).join(", ")})`);
        // A single-row INSERT at the top: remember its VALUES tuple, so that the engine can send
        // many parameter sets as multi-row pages of it (SQLAlchemy's "insertmanyvalues").
        if (toplevel && tuples.length === 1) this.insertSingleValues = tuples[0];
        text += ` VALUES ${tuples.join(", ")}`;
      }
      text += this.insertPostValues(stmt, kw);
      if (returning !== "" && !this.returningPrecedesValues) text += ` ${returning}`;
      return text;
    });
  }

  /** How `RETURNING ...` text is adapted when it precedes VALUES (SQL Server's OUTPUT). */
  protected outputClause(returning: string): string {
    return returning;
  }

  /** The text after an INSERT's VALUES (where dialects put ON CONFLICT / ON DUPLICATE KEY). */
  protected insertPostValues(stmt: Insert, kw: CompileKw): string {
    void stmt;
    void kw;
    return "";
  }

  /** An INSERT with no columns: `DEFAULT VALUES`, or `VALUES ()` where that is the form. */
  protected emptyInsertValues(stmt: Insert): string {
    void stmt;
    if (this.dialect.supportsDefaultValues) return " DEFAULT VALUES";
    if (this.dialect.supportsEmptyInsert) return " () VALUES ()";
    throw new CompileError(
      `The '${this.dialect.name}' dialect with current database version settings does not support empty inserts.`,
    );
  }

  /** The primary key columns fetched by an implicit RETURNING, if the dialect uses one here. */
  protected impliedReturning(
    stmt: Insert,
    given: ReadonlySet<ColumnElement<any>>,
    toplevel: boolean,
  ): ColumnElement<any>[] {
    if (!toplevel || !this.dialect.implicitReturning || !this.dialect.insertReturning) return [];
    if (this.options.forExecutemany === true) return [];
    // Compiled with neither values nor the execution's column keys (a plain `str(insert(t))`):
    // every column as a parameter and no RETURNING, as SQLAlchemy renders it.
    if (stmt.valuesList === undefined && this.options.columnKeys === undefined) return [];
    if (stmt.isInline || stmt.isMultiValues || stmt.selectStatement !== undefined) return [];
    if (stmt.returningColumns !== undefined) return [];
    const table = stmt.table as unknown as TableImpl;
    if (!table.implicitReturning || table.primaryKey === undefined) return [];
    const pk = table.primaryKey.columns as unknown as ColumnImpl[];
    const missing = pk.filter((c) => {
      if (!given.has(c))
        return c === table.autoincrementColumn || c.hasServerDefault || c.sequence !== undefined;
      const p = c.sequence !== undefined || c.default?.isClauseElement === true;
      return (
        p && stmt.valuesList?.[0]?.has(c.key) !== true && this.options.columnKeys?.includes(c.key) !== true
      );
    });
    return missing.length > 0 ? pk : [];
  }

  /** `INSERT ... SELECT`, with Python-side defaults of other columns appended to the SELECT. */
  protected insertFromSelect(stmt: Insert, kw: CompileKw): { names: string[]; text: string } {
    const table = stmt.table;
    const names = [...(stmt.selectNames ?? [])];
    let select = stmt.selectStatement as SelectBase;
    if (stmt.includeDefaults && select instanceof Select) {
      const extra: ColumnElement<any>[] = [];
      for (const col of table.columns as unknown as ColumnImpl[]) {
        if (names.includes(col.key) || names.includes(col.name)) continue;
        const def = col.default;
        if (def === undefined || def.forUpdate) continue;
        names.push(col.key);
        extra.push(
          def.isClauseElement
            ? (def.arg as ColumnElement<any>)
            : new DefaultBindParameter(col.key, col, false),
        );
      }
      if (extra.length > 0) select = select.addColumns(...extra);
    }
    const quoted = names.map((n) => {
      const col = (table.c as Record<string, ColumnClause | undefined>)[n];
      return this.preparer.quote(col?.name ?? n);
    });
    const text = this.process(select, { ...kw, asSubquery: false });
    return { names: quoted, text };
  }

  /** The FROMs an UPDATE or DELETE draws on besides its table (from WHERE, and `using()`). */
  protected dmlExtraFroms(stmt: DMLWhereBase): FromClause[] {
    const out: FromClause[] = [...stmt.extraFroms];
    const add = (f: FromClause) => {
      if (f === stmt.table || out.includes(f)) return;
      if (out.some((o) => o.fromObjects.includes(f))) return;
      out.push(f);
    };
    for (const w of stmt.whereClauses) collectFroms(w, add);
    const hidden = new Set(out.flatMap((f) => f.hiddenFroms));
    return out.filter((f) => !hidden.has(f) && f !== stmt.table);
  }

  visitUpdate(stmt: Update, kw: CompileKw): string {
    const table = stmt.table;
    const extra = this.dmlExtraFroms(stmt);
    const toplevel = this.stack.length === 0 && kw.visitingCte === undefined;
    return this.withDmlLevel(stmt, [table, ...extra], () => {
      const params = updateParams(stmt, this.options.columnKeys);
      const setKw: CompileKw = { ...kw, crud: true, crudNested: !toplevel };
      const set = params
        .map((p) => `${this.updateSetTarget(p.column, extra, kw)}=${this.process(p.value, setKw)}`)
        .join(", ");
      const returningCols = this.returningColumnsFor(stmt, []);
      const returning = returningCols.length > 0 ? this.returningClause(stmt, returningCols, kw) : "";
      let text = `UPDATE ${this.dmlPrefixes(stmt)}${this.updateTablesClause(stmt, extra, kw)}${this.dmlHint(stmt)} SET ${set}`;
      if (returning !== "" && this.returningPrecedesValues) text += ` ${this.outputClause(returning)}`;
      if (extra.length > 0) text += this.updateFromClause(stmt, extra, kw);
      if (stmt.whereClauses.length > 0)
        text += ` WHERE ${this.whereText(stmt.whereClauses, { ...kw, asFrom: false })}`;
      text += this.updateLimitClause(stmt, kw);
      if (returning !== "" && !this.returningPrecedesValues) text += ` ${returning}`;
      return text;
    });
  }

  /** The table(s) after UPDATE; MySQL lists the extra FROMs here. */
  protected updateTablesClause(stmt: Update, extra: readonly FromClause[], kw: CompileKw): string {
    void extra;
    return this.process(stmt.table, { ...kw, asFrom: true });
  }

  /** The left side of `col=value` in SET. */
  protected updateSetTarget(col: ColumnElement<any>, extra: readonly FromClause[], kw: CompileKw): string {
    void extra;
    return this.process(col, { ...kw, includeTable: false });
  }

  /** `FROM extra` of an UPDATE; dialects without UPDATE..FROM raise. */
  protected updateFromClause(stmt: Update, extra: readonly FromClause[], kw: CompileKw): string {
    void stmt;
    return ` FROM ${extra.map((f) => this.process(f, { ...kw, asFrom: true })).join(", ")}`;
  }

  /** A table hint on a DML statement (`WITH (ROWLOCK)`), for the dialect named in it. */
  protected dmlHint(stmt: UpdateBase): string {
    void stmt;
    return "";
  }

  /** Dialect extensions of UPDATE/DELETE (MySQL `LIMIT`); others refuse them. */
  protected updateLimitClause(stmt: UpdateBase, kw: CompileKw): string {
    return stmt.extensions.map((e) => ` ${this.process(e, kw)}`).join("");
  }

  visitDelete(stmt: Delete, kw: CompileKw): string {
    const table = stmt.table;
    const extra = this.dmlExtraFroms(stmt);
    return this.withDmlLevel(stmt, [table, ...extra], () => {
      const returningCols = this.returningColumnsFor(stmt, []);
      const returning = returningCols.length > 0 ? this.returningClause(stmt, returningCols, kw) : "";
      let text = `DELETE ${this.dmlPrefixes(stmt)}FROM ${this.deleteTableClause(stmt, kw)}${this.dmlHint(stmt)}`;
      if (returning !== "" && this.returningPrecedesValues) text += ` ${this.outputClause(returning)}`;
      if (extra.length > 0) text += this.deleteExtraFromClause(stmt, extra, kw);
      if (stmt.whereClauses.length > 0)
        text += ` WHERE ${this.whereText(stmt.whereClauses, { ...kw, asFrom: false })}`;
      text += this.updateLimitClause(stmt, kw);
      if (returning !== "" && !this.returningPrecedesValues) text += ` ${returning}`;
      return text;
    });
  }

  protected deleteTableClause(stmt: Delete, kw: CompileKw): string {
    return this.process(stmt.table, { ...kw, asFrom: true });
  }

  /** `USING extra` (PostgreSQL) or the dialect's multi-table DELETE form; the default refuses. */
  protected deleteExtraFromClause(stmt: Delete, extra: readonly FromClause[], kw: CompileKw): string {
    void stmt;
    void extra;
    void kw;
    throw new NotImplementedError("This backend does not support multiple-table criteria within DELETE");
  }

  // ==================================================================================
  // Final rendering of parameters
  // ==================================================================================

  /** The empty-set expression for an expanding parameter with no values. */
  emptySetExpr(bind: BindParameter, _kw: CompileKw): string {
    const width =
      bind.type.affinity === "tuple" ? (bind.type as unknown as { types: unknown[] }).types.length : 1;
    return this.emptySetOpExpr(width, "in");
  }

  /** `IN ()` has no SQL form: render an expression that is empty (for IN) or NULL-safe true (NOT IN). */
  emptySetOpExpr(width: number, op: "in" | "notIn"): string {
    const nulls = width > 1 ? `(${Array(width).fill("NULL").join(", ")})` : "NULL";
    return op === "notIn" ? `${nulls}) OR (1 = 1` : `${nulls}) AND (1 != 1`;
  }

  /** Renders the values of one expanding parameter (`(?, ?, ?)` content). */
  protected renderExpanding(
    bind: BindParameter,
    name: string,
    values: readonly unknown[],
    placeholder: (name: string, value: unknown) => string,
    notIn: boolean,
  ): string {
    if (values.length === 0) {
      const width =
        bind.type.affinity === "tuple" ? (bind.type as unknown as { types: unknown[] }).types.length : 1;
      return this.emptySetOpExpr(width, notIn ? "notIn" : "in");
    }
    const tuple = bind.type.affinity === "tuple" || Array.isArray(values[0]);
    if (tuple) {
      return this.renderTupleInValues(
        values.map(
          (row, i) =>
            `(${(row as unknown[]).map((v, j) => placeholder(`${name}_${i + 1}_${j + 1}`, v)).join(", ")})`,
        ),
      );
    }
    return values.map((v, i) => placeholder(`${name}_${i + 1}`, v)).join(", ");
  }

  /** The list of row values for a tuple IN; SQLite wraps them in VALUES. */
  protected renderTupleInValues(rows: string[]): string {
    return rows.join(", ");
  }

  /** Builds the `Compiled` object from the marked-up SQL. */
  protected makeCompiled(template: string): Compiled {
    const binds = this.binds;
    const values = new Map<string, unknown>();
    for (const [name, bind] of binds) {
      const override = this.options.params?.[name];
      const value =
        override !== undefined ? override : bind.callable !== undefined ? bind.callable() : bind.value;
      values.set(name, value === undefined ? null : value);
    }
    const render = (vals: ReadonlyMap<string, unknown>, expand: boolean) =>
      this.finalize(template, vals, expand);
    const expand = this.options.renderPostcompile ?? false;
    const first = render(values, expand);
    const paramsByName: Record<string, unknown> = {};
    if (expand && this.hasPostcompile) {
      // Rendered now, the parameters are the expanded ones (`myid_1_1`, ...), as SQLAlchemy's.
      first.names.forEach((n, i) => {
        paramsByName[n] = first.params[i];
      });
    } else for (const [k, v] of values) paramsByName[k] = v;
    return {
      sql: first.sql,
      params: first.params,
      positiontup: first.names,
      positionBinds: first.binds,
      paramsByName,
      binds,
      resultColumns: this.resultColumns,
      dialect: this.dialect,
      hasPostcompile: this.hasPostcompile,
      warnings: this.warnings,
      construct: this.hasPostcompile
        ? expandingRenderer(template, binds, this.literalBinds, (vals) => render(vals, true))
        : (vals) => {
            const r = render(vals, true);
            return { sql: r.sql, params: r.params, positiontup: r.names, positionBinds: r.binds };
          },
      insertmanyvalues: this.insertmanyvaluesRenderer(template, values),
      toString: () => first.sql,
    };
  }

  /**
   * For a single-row INSERT with positional placeholders: a function that
   * renders the statement with its VALUES tuple repeated for `rows` rows,
   * numbering the placeholders on (`($1, $2), ($3, $4)`). Undefined where
   * that cannot be done (named placeholders would repeat their names;
   * expanding parameters render per execution; literal binds have no
   * placeholders).
   */
  protected insertmanyvaluesRenderer(
    template: string,
    values: ReadonlyMap<string, unknown>,
  ): Compiled["insertmanyvalues"] {
    const tuple = this.insertSingleValues;
    const style = this.dialect.paramstyle;
    if (tuple === undefined || this.hasPostcompile || this.literalBinds) return undefined;
    if (style === "named" || style === "pyformat") return undefined;
    const marker = ` VALUES ${tuple}`;
    const at = template.indexOf(marker);
    if (at < 0 || template.indexOf(marker, at + 1) >= 0) return undefined;
    const head = template.slice(0, at + 8);
    const tail = template.slice(at + marker.length);
    return (rows: number) => {
      const r = this.finalize(
        `${head}${new Array<string>(rows).fill(tuple).join(", ")}${tail}`,
        values,
        false,
      );
      return { sql: r.sql, params: r.params, positiontup: r.names, positionBinds: r.binds };
    };
  }

  /**
   * Replaces bind markers with the paramstyle's placeholders, numbering
   * positional ones, and (with `expand`) renders expanding and
   * literal-execute parameters for the given values.
   */
  finalize(
    template: string,
    values: ReadonlyMap<string, unknown>,
    expand: boolean,
  ): { sql: string; params: unknown[]; names: string[]; binds: BindParameter[] } {
    const style = this.dialect.paramstyle;
    const params: unknown[] = [];
    const names: string[] = [];
    // The bind behind each placeholder (an expanded IN list has one bind for many), for bind processing.
    const binds: BindParameter[] = [];
    let current: BindParameter | undefined;
    let expandingPlaceholder: ((name: string, value: unknown) => string) | undefined;
    // Markers are `NUL [kind] name NUL` and SQL text never holds a NUL: split, odd pieces are markers.
    const pieces = template.split(BIND_MARK);
    let sql = pieces[0] as string;
    for (let i = 1; i < pieces.length; i += 2) {
      const marker = pieces[i] as string;
      const kind = marker.charCodeAt(0);
      const isList = kind === 91 || kind === 93; // `[` IN, `]` NOT IN
      const name = isList || kind === 123 ? marker.slice(1) : marker; // `{` literal execute
      const bind = this.binds.get(name) as BindParameter;
      const value = values.get(name);
      let rendered: string;
      if (isList) {
        if (!expand) rendered = `(__[POSTCOMPILE_${name}])`;
        else {
          const notIn = kind === 93;
          const list = (value ?? []) as unknown[];
          if (bind.literalExecute || this.literalBinds) {
            rendered =
              list.length === 0
                ? `(${this.emptySetOpExpr(1, notIn ? "notIn" : "in")})`
                : `(${list.map((v) => this.renderLiteralValue(v, bind.type)).join(", ")})`;
          } else {
            current = bind;
            expandingPlaceholder ??= (n, v) => {
              params.push(v);
              names.push(n);
              binds.push(current as BindParameter);
              return this.placeholder(style, n, params.length);
            };
            rendered = `(${this.renderExpanding(bind, name, list, expandingPlaceholder, notIn)})`;
          }
        }
      } else if (kind === 123) {
        rendered = expand ? this.renderLiteralValue(value, bind.type) : `__[POSTCOMPILE_${name}]`;
      } else {
        params.push(value);
        names.push(name);
        binds.push(bind);
        rendered = this.placeholder(style, name, params.length);
      }
      sql += rendered + (pieces[i + 1] as string);
    }
    return { sql, params, names, binds };
  }

  /** The placeholder of the `position`-th parameter (from 1), named `name`, in `style`. */
  private placeholder(style: Dialect["paramstyle"], name: string, position: number): string {
    switch (style) {
      case "qmark":
        return "?";
      case "format":
        return "%s";
      case "numeric":
        return `:${position}`;
      case "numericDollar":
        return `$${position}`;
      case "atP":
        return `@P${position}`;
      case "named":
        return `:${this.formatBindName(name)}`;
      case "pyformat":
        return `%(${name})s`;
    }
  }

  /** How a name is written after `:` in the named style (Oracle quotes reserved words). */
  protected formatBindName(name: string): string {
    return name;
  }
}

type Rendered = { sql: string; params: unknown[]; names: string[]; binds: BindParameter[] };
type Constructed = ReturnType<Compiled["construct"]>;

/** Where one placeholder's value comes from: a bind's value, or an element (and tuple member) of its list. */
interface ValueSource {
  readonly name: string;
  readonly i: number;
  readonly j: number;
}

/** One rendering of a statement for one shape of its IN lists: the SQL and where each parameter comes from. */
interface ShapeRendering {
  readonly sql: string;
  readonly positiontup: readonly string[];
  readonly positionBinds: readonly BindParameter[];
  readonly sources: readonly ValueSource[];
}

/** Renderings kept per compiled statement; IN lists of many different lengths fall back to rendering. */
const MAX_SHAPES = 32;

/**
 * `construct()` for a statement with expanding IN parameters. The SQL of such
 * a statement depends only on the lengths of its lists (not their values), so
 * the rendering is done once per shape, with placeholder objects standing in
 * for the values, and each later execution of that shape only reads its values
 * into place. Literal-execute values are part of the SQL: those statements
 * render every time. The template is read on the first call: a statement
 * compiled and never executed (`compile()` alone) does not pay for it.
 */
function expandingRenderer(
  template: string,
  binds: ReadonlyMap<string, BindParameter>,
  literalBinds: boolean,
  render: (vals: ReadonlyMap<string, unknown>) => Rendered,
): Compiled["construct"] {
  let construct: Compiled["construct"] | undefined;
  return (vals) => {
    construct ??= shapeRenderer(template, binds, literalBinds, render);
    return construct(vals);
  };
}

function shapeRenderer(
  template: string,
  binds: ReadonlyMap<string, BindParameter>,
  literalBinds: boolean,
  render: (vals: ReadonlyMap<string, unknown>) => Rendered,
): Compiled["construct"] {
  const full = (vals: ReadonlyMap<string, unknown>): Constructed => {
    const r = render(vals);
    return { sql: r.sql, params: r.params, positiontup: r.names, positionBinds: r.binds };
  };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL delimits bind markers, as in finalize().
  const markers = [...template.matchAll(/\u0000([[\]{]?)([^\u0000]*)\u0000/g)];
  const expanding = markers.filter((m) => m[1] === "[" || m[1] === "]").map((m) => m[2] as string);
  const literal =
    literalBinds || markers.some((m) => m[1] === "{" || binds.get(m[2] as string)?.literalExecute === true);
  if (literal) return full;
  const shapes = new Map<string, ShapeRendering>();
  return (vals) => {
    let key = "";
    for (const name of expanding) {
      const v = vals.get(name);
      if (v !== null && v !== undefined && !Array.isArray(v)) return full(vals);
      key += `${shapeOf(v)};`;
    }
    let shape = shapes.get(key);
    if (shape === undefined) {
      const rendered = renderShape(vals, new Set(expanding), render);
      if (rendered === undefined || shapes.size >= MAX_SHAPES) return full(vals);
      shape = rendered;
      shapes.set(key, shape);
    }
    const { sources } = shape;
    const params = new Array<unknown>(sources.length);
    for (let k = 0; k < sources.length; k++) {
      const src = sources[k] as ValueSource;
      let v = vals.get(src.name);
      if (src.i >= 0) v = (v as unknown[])[src.i];
      if (src.j >= 0) v = (v as unknown[])[src.j];
      params[k] = v;
    }
    return { sql: shape.sql, params, positiontup: shape.positiontup, positionBinds: shape.positionBinds };
  };
}

/** A list's shape: its length, and each row's width when its rows are tuples. */
function shapeOf(value: unknown): string {
  if (!Array.isArray(value)) return "-";
  if (value.length === 0 || !Array.isArray(value[0])) return String(value.length);
  return value.map((row) => (Array.isArray(row) ? row.length : "x")).join(",");
}

class Stand {
  constructor(readonly src: ValueSource) {}
}

/** Renders with stand-ins for the values and records where each parameter comes from. */
function renderShape(
  vals: ReadonlyMap<string, unknown>,
  expanding: ReadonlySet<string>,
  render: (vals: ReadonlyMap<string, unknown>) => Rendered,
): ShapeRendering | undefined {
  const stand = new Map<string, unknown>();
  for (const [name, v] of vals) {
    if (!expanding.has(name)) stand.set(name, new Stand({ name, i: -1, j: -1 }));
    else if (!Array.isArray(v)) stand.set(name, v);
    else
      stand.set(
        name,
        v.map((row: unknown, i) =>
          Array.isArray(row) ? row.map((_x, j) => new Stand({ name, i, j })) : new Stand({ name, i, j: -1 }),
        ),
      );
  }
  const r = render(stand);
  const sources: ValueSource[] = [];
  for (const p of r.params) {
    // A renderer that made up a value of its own cannot be replayed: render every time.
    if (!(p instanceof Stand)) return undefined;
    sources.push(p.src);
  }
  return { sql: r.sql, positiontup: r.names, positionBinds: r.binds, sources };
}

/** The IN operand is rendered inside its own parentheses by `finalize`, so the marker stands alone. */
function isStarColumn(el: ColumnElement<any>): boolean {
  return el instanceof ColumnClause && el.isLiteral && el.name === "*";
}

function isNamedByKey(el: ColumnElement<any>): boolean {
  return el instanceof CastClass || (el as { visitName?: string }).visitName === "typeCoerce";
}

function needsParensInCompound(s: Select): boolean {
  return s.orderByClauses.length > 0 || s.limitClause !== undefined || s.offsetClause !== undefined;
}

/** Characters that cannot stand in a bind name are replaced, as SQLAlchemy's `bindname_escape_characters`. */
const BIND_ESCAPES: Readonly<Record<string, string>> = {
  "%": "P",
  "(": "A",
  ")": "Z",
  ":": "C",
  ".": "_",
  "[": "_",
  "]": "_",
  " ": "_",
};
function escapeBindName(name: string): string {
  return name.replace(/[%():.[\] ]/g, (c) => BIND_ESCAPES[c] as string);
}

/** Anonymous bind bases by key base: the same few keys (column names) come back in every statement. */
const anonBindBases = new Map<string, string>();
const ANON_BIND_BASES_KEPT = 10_000;

/** The base of an anonymous bind's name: its key sanitized (`a.b(c)` gives `a_b_c`), as SQLAlchemy's. */
function anonBindBase(keyBase: string): string {
  let base = anonBindBases.get(keyBase);
  if (base === undefined) {
    const trimmed = keyBase.replace(/[%() $]+/g, "_").replace(/^_+|_+$/g, "");
    base = escapeBindName(trimmed === "" ? "param" : trimmed);
    if (anonBindBases.size >= ANON_BIND_BASES_KEPT) anonBindBases.clear();
    anonBindBases.set(keyBase, base);
  }
  return base;
}

/** The method names of operator hooks (`visitLikeBinary`), by operator name, made once per name and kind. */
const hookNames = {
  Binary: new Map<string, string>(),
  UnaryOperator: new Map<string, string>(),
  UnaryModifier: new Map<string, string>(),
  Func: new Map<string, string>(),
};
/** Names kept per kind before the table is reset (function names come from user code). */
const HOOK_NAMES_KEPT = 1000;
function hookName(name: string, kind: keyof typeof hookNames): string {
  const names = hookNames[kind];
  let method = names.get(name);
  if (method === undefined) {
    // A function's hook is named after its camel-cased name (`visitCurrentTimestampFunc`).
    method = `visit${capitalize(kind === "Func" ? camel(name) : name)}${kind}`;
    if (names.size >= HOOK_NAMES_KEPT) names.clear();
    names.set(name, method);
  }
  return method;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function camel(s: string): string {
  return s.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** `lower(x)`, as case-insensitive LIKE is emulated. */
function lowerOf(el: ColumnElement<any>): ColumnElement<any> {
  return new FunctionElement("lower", [el], { type: el.type });
}

function andOf(criteria: readonly ColumnElement<any>[]): ClauseElement {
  return BooleanClauseList.build(operators.and, criteria);
}

function cteRoot(cte: CTE): CTE {
  let c = cte;
  while (c.restates !== undefined) c = c.restates;
  return c;
}

function cteBody(cte: CTE): ClauseElement {
  return cte.statement;
}

// ------------------------------------------------------------------------------------
// compiles(): user-defined compilation of elements, SQLAlchemy's ext.compiler
// ------------------------------------------------------------------------------------

type CustomCompiler = (element: any, compiler: SQLCompiler, kw: CompileKw) => string;
const CUSTOM = Symbol.for("athanor.customCompilers");
/** How many `compiles()` registrations were made: while none, `process` skips the look-up. */
let customRegistrations = 0;

function customCompilerFor(el: ClauseElement, dialectName: string): CustomCompiler | undefined {
  if ((el as unknown as Record<symbol, unknown>)[CUSTOM] === undefined) return undefined;
  // The nearest class with a registration for this dialect or for all wins, as in SQLAlchemy:
  // a subclass's "all dialects" form overrides its parent's form for one dialect.
  let proto: object | null = Object.getPrototypeOf(el);
  while (proto !== null) {
    if (Object.hasOwn(proto, CUSTOM)) {
      const table = (proto as Record<symbol, Map<string, CustomCompiler>>)[CUSTOM] as Map<
        string,
        CustomCompiler
      >;
      const fn = table.get(dialectName) ?? table.get("*");
      if (fn !== undefined) return fn;
    }
    proto = Object.getPrototypeOf(proto);
  }
  return undefined;
}

/**
 * Registers how an element class compiles, for every dialect or one
 * (SQLAlchemy's `@compiles`). The function receives the element, the
 * compiler (use `compiler.process(child, kw)` for children) and the state.
 *
 * @example
 * ```ts
 * class Greatest extends FunctionElement { ... }
 * compiles(Greatest, (el, compiler, kw) => `GREATEST(${compiler.functionArgs(el, kw)})`);
 * compiles(Greatest, "sqlite", (el, compiler, kw) => `MAX(${compiler.functionArgs(el, kw)})`);
 * ```
 */
export function compiles<E extends ClauseElement>(
  elementClass: abstract new (...args: any[]) => E,
  dialectOrFn: string | ((element: E, compiler: SQLCompiler, kw: CompileKw) => string),
  fn?: (element: E, compiler: SQLCompiler, kw: CompileKw) => string,
): void {
  const dialect = typeof dialectOrFn === "string" ? dialectOrFn : "*";
  const impl = (typeof dialectOrFn === "string" ? fn : dialectOrFn) as CustomCompiler;
  const proto = elementClass.prototype as unknown as Record<symbol, Map<string, CustomCompiler>>;
  const own: Map<string, CustomCompiler> = Object.hasOwn(proto, CUSTOM)
    ? (proto[CUSTOM] as Map<string, CustomCompiler>)
    : new Map();
  own.set(dialect, impl);
  Object.defineProperty(proto, CUSTOM, { value: own, configurable: true, writable: true });
  customRegistrations++;
}
