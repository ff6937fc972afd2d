/**
 * Column expressions: the values of SQL. `ColumnElement` carries the
 * operators (`eq`, `like`, `in`, `add`, ...) and the classes those operators
 * build live beside it, in this one module, so that the operator methods and
 * the classes they construct never meet in an import cycle.
 */
import { ArgumentError } from "../../exc.js";
import type { CompileKw, SQLCompiler } from "../compiler/sql-compiler.js";
import { customOp, needsGrouping, negationOf, type Operator, operators } from "../operators.js";
import {
  ARRAYType,
  BooleanType,
  FloatType,
  IntegerType,
  JSONType,
  NullType,
  NumericType,
  StringType,
  TupleType,
} from "../types/sqltypes.js";
import type { TypeEngine, TypeLike } from "../types/type-engine.js";
import { toType } from "../types/type-engine.js";
import {
  type CacheKeyGen,
  ClauseElement,
  countKeyPart,
  type Internals,
  internKeyPart,
  isClauseElement,
} from "./base.js";

export const NULLTYPE = new NullType();
export const BOOLEANTYPE = new BooleanType();
export const INTEGERTYPE = new IntegerType();
export const STRINGTYPE = new StringType();

/** Anything that can stand on the other side of an operator from a column of type `T`. */
export type Operand<T> = T | null | ColumnElement<any, any> | SelectLike;

/** A `Select` or other statement usable as a scalar or IN subquery (structurally, to avoid an import). */
export interface SelectLike {
  scalarSubquery(): ColumnElement<any>;
}

/** Options of `like` and friends. */
export interface LikeOptions {
  escape?: string;
}
/** Options of `startswith`, `endswith`, `contains` and their case-insensitive forms. */
export interface LikeHelperOptions {
  escape?: string;
  /** Escape `%`, `_` and the escape character in the value, with `/` unless `escape` is given. */
  autoescape?: boolean;
}

/**
 * An expression that has a SQL type and a TypeScript value type `T`; `K` is
 * its key in a row (a column's key or a label's name).
 */
export abstract class ColumnElement<T = unknown, K extends string = string> extends ClauseElement {
  /** The TypeScript type of this expression's values (type level only). */
  declare readonly __ts: T;
  /** The key under which a row exposes this expression (type level only). */
  declare readonly __key: K;
  abstract readonly type: TypeEngine<unknown>;

  /** The name this expression is known by in a `.c` collection or a row, if it has one. */
  get key(): string | undefined {
    return undefined;
  }

  /**
   * The base of the names of anonymous parameters compared with this
   * expression: a column's key (`myid_1`) or a function's name (`count_1`);
   * other expressions give `param_1`, as in SQLAlchemy.
   */
  get bindKeyBase(): string | undefined {
    return undefined;
  }

  /**
   * Whether the expression is a boolean by its form (a comparison, AND/OR,
   * NOT, EXISTS) rather than by its type (a boolean column): a boolean
   * column used as a criterion renders `col = 1` where booleans are not native.
   */
  get isImplicitlyBoolean(): boolean {
    return false;
  }

  /** Whether a `SELECT` of this expression needs an explicit label to be addressable. */
  get needsAnonLabel(): boolean {
    return true;
  }

  /** The base of anonymous label names for this expression (`count` gives `count_1`). */
  get anonLabelBase(): string {
    return "anon";
  }

  // --- comparison ------------------------------------------------------------------

  /** `=`; compared with `null` it renders `IS NULL`. */
  eq(other: Operand<T>): ColumnElement<boolean> {
    return this.compare(operators.eq, other);
  }
  /** `!=`; compared with `null` it renders `IS NOT NULL`. */
  ne(other: Operand<T>): ColumnElement<boolean> {
    return this.compare(operators.ne, other);
  }
  lt(other: Operand<T>): ColumnElement<boolean> {
    return this.compare(operators.lt, other);
  }
  le(other: Operand<T>): ColumnElement<boolean> {
    return this.compare(operators.le, other);
  }
  gt(other: Operand<T>): ColumnElement<boolean> {
    return this.compare(operators.gt, other);
  }
  ge(other: Operand<T>): ColumnElement<boolean> {
    return this.compare(operators.ge, other);
  }
  /** `IS`; usually `is(null)`. */
  is(other: Operand<T>): ColumnElement<boolean> {
    return this.compare(operators.is, other);
  }
  isNot(other: Operand<T>): ColumnElement<boolean> {
    return this.compare(operators.isNot, other);
  }
  isDistinctFrom(other: Operand<T>): ColumnElement<boolean> {
    return this.compare(operators.isDistinctFrom, other);
  }
  isNotDistinctFrom(other: Operand<T>): ColumnElement<boolean> {
    return this.compare(operators.isNotDistinctFrom, other);
  }

  /** `BETWEEN a AND b` (`SYMMETRIC` where asked). */
  between(
    lower: Operand<T>,
    upper: Operand<T>,
    options: { symmetric?: boolean } = {},
  ): ColumnElement<boolean> {
    const range = new ClauseList(
      [this.operand(operators.and, lower), this.operand(operators.and, upper)],
      operators.and,
      false,
    );
    return new BinaryExpression(this.selfGroup(operators.between), range, operators.between, BOOLEANTYPE, {
      symmetric: options.symmetric ?? false,
    });
  }

  /**
   * `IN`: a list of values (one expanding parameter, rendered as many
   * placeholders, or the dialect's empty-set form for `[]`), a list that
   * contains expressions, or a subquery.
   */
  in(other: readonly Operand<T>[] | SelectLike | ColumnElement<any>): ColumnElement<boolean> {
    return new BinaryExpression(
      this.selfGroup(operators.in),
      this.inOperand(other),
      operators.in,
      BOOLEANTYPE,
    );
  }
  notIn(other: readonly Operand<T>[] | SelectLike | ColumnElement<any>): ColumnElement<boolean> {
    return new BinaryExpression(
      this.selfGroup(operators.notIn),
      this.inOperand(other),
      operators.notIn,
      BOOLEANTYPE,
    );
  }

  private inOperand(other: readonly unknown[] | SelectLike | ColumnElement<any>): ClauseElement {
    if (Array.isArray(other)) {
      if (other.some((v) => isClauseElement(v))) {
        return new Grouping(
          new ClauseList(
            other.map((v) => this.operand(operators.comma, v)),
            operators.comma,
          ),
        );
      }
      const isTuple = this instanceof Tuple;
      return new BindParameter(undefined, other, {
        type: this.type,
        expanding: true,
        unique: true,
        keyBase: isTuple ? "param" : this.bindKeyBase,
      });
    }
    if (isSelectLike(other)) return new Grouping(other as unknown as ClauseElement);
    return (other as ColumnElement).selfGroup(operators.in);
  }

  // --- LIKE and friends ------------------------------------------------------------

  like(this: ColumnElement<string | null, any>, pattern: Operand<string>, options: LikeOptions = {}) {
    return this.likeOp(operators.like, pattern, options.escape);
  }
  notLike(this: ColumnElement<string | null, any>, pattern: Operand<string>, options: LikeOptions = {}) {
    return this.likeOp(operators.notLike, pattern, options.escape);
  }
  ilike(this: ColumnElement<string | null, any>, pattern: Operand<string>, options: LikeOptions = {}) {
    return this.likeOp(operators.ilike, pattern, options.escape);
  }
  notIlike(this: ColumnElement<string | null, any>, pattern: Operand<string>, options: LikeOptions = {}) {
    return this.likeOp(operators.notIlike, pattern, options.escape);
  }
  startswith(this: ColumnElement<string | null, any>, v: Operand<string>, o: LikeHelperOptions = {}) {
    return this.likeHelper(operators.startswith, v, o);
  }
  istartswith(this: ColumnElement<string | null, any>, v: Operand<string>, o: LikeHelperOptions = {}) {
    return this.likeHelper(operators.istartswith, v, o);
  }
  endswith(this: ColumnElement<string | null, any>, v: Operand<string>, o: LikeHelperOptions = {}) {
    return this.likeHelper(operators.endswith, v, o);
  }
  iendswith(this: ColumnElement<string | null, any>, v: Operand<string>, o: LikeHelperOptions = {}) {
    return this.likeHelper(operators.iendswith, v, o);
  }
  /**
   * `LIKE '%' || value || '%'`; for types with containment operators
   * (PostgreSQL ARRAY, JSONB) it is containment, `@>`.
   */
  contains(
    this: ColumnElement<any, any>,
    v: Operand<any>,
    o: LikeHelperOptions = {},
  ): ColumnElement<boolean> {
    if (this.type.containmentOperators) return this.containment("@>", v, this.type);
    return this.likeHelper(operators.contains, v, o);
  }

  /** `<@`: contained by (PostgreSQL ARRAY, JSONB, ranges). */
  containedBy(other: Operand<any>): ColumnElement<boolean> {
    return this.containment("<@", other, this.type);
  }
  /** `&&`: the arrays share an element (PostgreSQL ARRAY). */
  overlap(other: Operand<any>): ColumnElement<boolean> {
    return this.containment("&&", other, this.type);
  }
  /** `?`: the JSONB object has the key (PostgreSQL). */
  hasKey(key: Operand<string>): ColumnElement<boolean> {
    return this.containment("?", key, STRINGTYPE);
  }
  /** `?&`: the JSONB object has all the keys (PostgreSQL). */
  hasAll(keys: Operand<any>): ColumnElement<boolean> {
    return this.containment("?&", keys, new ARRAYType(STRINGTYPE));
  }
  /** `?|`: the JSONB object has any of the keys (PostgreSQL). */
  hasAny(keys: Operand<any>): ColumnElement<boolean> {
    return this.containment("?|", keys, new ARRAYType(STRINGTYPE));
  }

  /** A PostgreSQL containment-style operator, rendered as written on every dialect (as SQLAlchemy does). */
  private containment(
    opstring: string,
    other: unknown,
    otherType: TypeEngine<unknown>,
  ): ColumnElement<boolean> {
    const op = customOp(opstring, { precedence: 5, isComparison: true });
    const right = isClauseElement(other)
      ? (other as ColumnElement).selfGroup(op)
      : new BindParameter(undefined, other, { type: otherType, unique: true, keyBase: "param" });
    return new BinaryExpression(this.selfGroup(op), right, op, BOOLEANTYPE);
  }
  icontains(this: ColumnElement<string | null, any>, v: Operand<string>, o: LikeHelperOptions = {}) {
    return this.likeHelper(operators.icontains, v, o);
  }

  private likeOp(op: Operator, pattern: unknown, esc: string | undefined): ColumnElement<boolean> {
    return new BinaryExpression(this.selfGroup(op), this.operand(op, pattern), op, BOOLEANTYPE, {
      escape: esc,
    });
  }

  private likeHelper(op: Operator, value: unknown, o: LikeHelperOptions): ColumnElement<boolean> {
    let esc = o.escape;
    if (o.autoescape) {
      if (typeof value !== "string") throw new ArgumentError("autoescape needs a string value");
      esc ??= "/";
      let v = value;
      if (esc !== "%" && esc !== "_") v = v.split(esc).join(esc + esc);
      value = v.replace(/%/g, `${esc}%`).replace(/_/g, `${esc}_`);
    }
    return this.likeOp(op, value, esc);
  }

  /** `MATCH` (full-text search; rendered per dialect). */
  match(other: Operand<string>): ColumnElement<boolean> {
    return new BinaryExpression(this, this.operand(operators.match, other), operators.match, BOOLEANTYPE);
  }

  /** A regular-expression match, rendered per dialect (`~`, `REGEXP`, `REGEXP_LIKE`). */
  regexpMatch(pattern: Operand<string>, flags?: string): ColumnElement<boolean> {
    return new BinaryExpression(
      this,
      this.operand(operators.regexpMatch, pattern),
      operators.regexpMatch,
      BOOLEANTYPE,
      {
        flags,
      },
    );
  }
  /** A regular-expression replacement, rendered per dialect. */
  regexpReplace(
    pattern: Operand<string>,
    replacement: Operand<string>,
    flags?: string,
  ): ColumnElement<string> {
    const args = new ClauseList(
      [this.operand(operators.comma, pattern), this.operand(operators.comma, replacement)],
      operators.comma,
    );
    return new BinaryExpression(this, args, operators.regexpReplace, this.type, { flags });
  }

  // --- arithmetic and strings ------------------------------------------------------

  /** `+`, or string concatenation where this is a string expression (as in SQLAlchemy). */
  add(other: Operand<T>): ColumnElement<T, string> {
    if (this.type.concatenable) return this.concat(other as Operand<string>) as ColumnElement<T>;
    return this.arith(operators.add, other);
  }
  sub(other: Operand<T>): ColumnElement<T, string> {
    return this.arith(operators.sub, other);
  }
  mul(other: Operand<T>): ColumnElement<T, string> {
    return this.arith(operators.mul, other);
  }
  /** True division: integer operands are divided as numerics, as Python's `/` is. */
  div(other: Operand<T>): ColumnElement<T, string> {
    return this.arith(operators.truediv, other);
  }
  /** Floor division, as Python's `//`. */
  floordiv(other: Operand<T>): ColumnElement<T, string> {
    return this.arith(operators.floordiv, other);
  }
  mod(other: Operand<T>): ColumnElement<T, string> {
    return this.arith(operators.mod, other);
  }
  /** Unary minus. */
  neg(): ColumnElement<T, string> {
    return new UnaryExpression(this.selfGroup(operators.neg), { operator: operators.neg, type: this.type });
  }
  bitwiseAnd(other: Operand<T>): ColumnElement<T, string> {
    return this.arith(operators.bitwiseAnd, other);
  }
  bitwiseOr(other: Operand<T>): ColumnElement<T, string> {
    return this.arith(operators.bitwiseOr, other);
  }
  bitwiseXor(other: Operand<T>): ColumnElement<T, string> {
    return this.arith(operators.bitwiseXor, other);
  }
  bitwiseLshift(other: Operand<T>): ColumnElement<T, string> {
    return this.arith(operators.bitwiseLshift, other);
  }
  bitwiseRshift(other: Operand<T>): ColumnElement<T, string> {
    return this.arith(operators.bitwiseRshift, other);
  }
  bitwiseNot(): ColumnElement<T, string> {
    return new UnaryExpression(this.selfGroup(operators.bitwiseNot), {
      operator: operators.bitwiseNot,
      type: this.type,
    });
  }
  /** String concatenation (`||`, or `concat()` where the database wants it). */
  concat(other: Operand<string>): ColumnElement<T, string> {
    return new BinaryExpression(
      this.selfGroup(operators.concat),
      this.operand(operators.concat, other),
      operators.concat,
      this.type.affinity === "null" ? STRINGTYPE : this.type,
    ) as ColumnElement<any>;
  }

  private arith(op: Operator, other: unknown): ColumnElement<any> {
    const right = this.operand(op, other) as ColumnElement;
    return new BinaryExpression(this.selfGroup(op), right, op, arithmeticType(op, this.type, right.type));
  }

  /**
   * A custom operator: `col.op("@>")(other)`. Comparison operators (`isComparison`)
   * yield booleans; `precedence` decides parentheses.
   */
  op(
    opstring: string,
    options: { precedence?: number; isComparison?: boolean; returnType?: TypeLike } = {},
  ): (other: unknown) => ColumnElement<any> {
    const operator = customOp(opstring, options);
    const type =
      options.returnType !== undefined
        ? toType(options.returnType)
        : options.isComparison
          ? BOOLEANTYPE
          : this.type;
    return (other) =>
      new BinaryExpression(this.selfGroup(operator), this.operand(operator, other), operator, type);
  }

  /** A custom boolean operator, as `op(..., { isComparison: true })`. */
  boolOp(
    opstring: string,
    options: { precedence?: number } = {},
  ): (other: unknown) => ColumnElement<boolean> {
    return this.op(opstring, { ...options, isComparison: true }) as (
      other: unknown,
    ) => ColumnElement<boolean>;
  }

  // --- modifiers -------------------------------------------------------------------

  /** `expr AS name` in a columns clause; the row key becomes `name`. */
  label<const N extends string>(name: N): ColumnElement<T, N> {
    return new Label(name, this) as ColumnElement<T, N>;
  }
  desc(): ColumnElement<T, K> {
    return new UnaryExpression(this, {
      modifier: operators.desc,
      type: this.type,
    }) as unknown as ColumnElement<T, K>;
  }
  asc(): ColumnElement<T, K> {
    return new UnaryExpression(this, {
      modifier: operators.asc,
      type: this.type,
    }) as unknown as ColumnElement<T, K>;
  }
  nullsFirst(): ColumnElement<T, K> {
    return new UnaryExpression(this, {
      modifier: operators.nullsFirst,
      type: this.type,
    }) as unknown as ColumnElement<T, K>;
  }
  nullsLast(): ColumnElement<T, K> {
    return new UnaryExpression(this, {
      modifier: operators.nullsLast,
      type: this.type,
    }) as unknown as ColumnElement<T, K>;
  }
  /** `DISTINCT expr`, as inside an aggregate: `func.count(col.distinct())`. */
  distinct(): ColumnElement<T, K> {
    return new UnaryExpression(this, {
      operator: operators.distinct,
      type: this.type,
    }) as unknown as ColumnElement<T, K>;
  }
  /** `CAST(expr AS type)`. */
  cast<U>(type: TypeLike<U>): ColumnElement<U, K> {
    return new Cast(this, type) as unknown as ColumnElement<U, K>;
  }
  /** `expr COLLATE name`. */
  collate(collation: string): ColumnElement<T, K> {
    return new BinaryExpression(
      this,
      new CollationClause(collation),
      operators.collate,
      this.type,
    ) as unknown as ColumnElement<T, K>;
  }
  /** `expr = ANY (...)` helpers for ARRAY columns: `col.any_()` gives `ANY (col)`. */
  any_(): ColumnElement<any> {
    return new CollectionAggregate(this, operators.anyOp);
  }
  all_(): ColumnElement<any> {
    return new CollectionAggregate(this, operators.allOp);
  }

  // --- JSON and ARRAY --------------------------------------------------------------

  /**
   * Indexes a JSON or ARRAY expression (Python's `col[key]`): a string or
   * number is one step; an array of them is a JSON path.
   */
  index(key: string | number | readonly (string | number)[] | ColumnElement<any>): ColumnElement<any> {
    const affinity = this.type.affinity;
    if (affinity === "json") {
      const path = Array.isArray(key);
      const op = path ? operators.jsonPathGetitem : operators.jsonGetitem;
      const keyType = path
        ? new JSONPathType()
        : typeof key === "number"
          ? INTEGERTYPE
          : isClauseElement(key)
            ? (key as ColumnElement).type
            : STRINGTYPE;
      const right = isClauseElement(key)
        ? (key as ColumnElement)
        : new BindParameter(undefined, key, { type: keyType, unique: true, keyBase: this.key });
      return new BinaryExpression(this, right, op, this.type);
    }
    if (affinity === "array") {
      const arr = this.type as ARRAYType;
      const right = this.operand(operators.getitem, key, INTEGERTYPE);
      return new BinaryExpression(this, right, operators.getitem, arr.itemType);
    }
    throw new ArgumentError(`index() needs a JSON or ARRAY expression, not ${this.type.visitName}`);
  }

  /** An ARRAY slice, Python's `col[a:b]`. */
  slice(start: number | null, stop: number | null): ColumnElement<T> {
    if (this.type.affinity !== "array") throw new ArgumentError("slice() needs an ARRAY expression");
    const s = new Slice(
      start === null ? undefined : this.operand(operators.getitem, start, INTEGERTYPE),
      stop === null ? undefined : this.operand(operators.getitem, stop, INTEGERTYPE),
    );
    return new BinaryExpression(this, s, operators.getitem, this.type) as ColumnElement<T>;
  }

  // --- plumbing --------------------------------------------------------------------

  /** The expression that stands for this one as an operand of `against`. */
  override selfGroup(_against?: Operator): ColumnElement<T, K> {
    return this;
  }

  /** Builds `this <op> other`, coercing `other` and turning `= null` into `IS NULL`. */
  protected compare(op: Operator, other: unknown): ColumnElement<boolean> {
    if (other === null || other === undefined || other instanceof Null) {
      if (op === operators.eq || op === operators.is) {
        return new BinaryExpression(this.selfGroup(operators.is), new Null(), operators.is, BOOLEANTYPE);
      }
      if (op === operators.ne || op === operators.isNot) {
        return new BinaryExpression(
          this.selfGroup(operators.isNot),
          new Null(),
          operators.isNot,
          BOOLEANTYPE,
        );
      }
      if (op === operators.isDistinctFrom || op === operators.isNotDistinctFrom) {
        return new BinaryExpression(this.selfGroup(op), new Null(), op, BOOLEANTYPE);
      }
      throw new ArgumentError(`only =, !=, IS and IS NOT may compare with NULL, not ${op.sql}`);
    }
    if (
      (other === true || other === false) &&
      (op === operators.eq || op === operators.ne || op === operators.is || op === operators.isNot)
    ) {
      return new BinaryExpression(this.selfGroup(op), other ? new True() : new False(), op, BOOLEANTYPE);
    }
    return new BinaryExpression(this.selfGroup(op), this.operand(op, other), op, BOOLEANTYPE);
  }

  /** Coerces the other side of an operator: values become bound parameters typed like this expression. */
  operand(op: Operator, other: unknown, type?: TypeEngine<unknown>): ColumnElement<any> {
    if (isClauseElement(other)) {
      if (isSelectLike(other)) return (other as SelectLike).scalarSubquery().selfGroup(op);
      return (other as ColumnElement).selfGroup(op);
    }
    if (other === null || other === undefined) return new Null();
    return new BindParameter(undefined, other, {
      type: type ?? this.type.coerceCompared(op.name, other),
      unique: true,
      keyBase: this.bindKeyBase,
    });
  }
}

function isSelectLike(x: unknown): x is SelectLike {
  return isClauseElement(x) && x.isSelectable && typeof (x as any).scalarSubquery === "function";
}

function arithmeticType(
  op: Operator,
  left: TypeEngine<unknown>,
  right: TypeEngine<unknown>,
): TypeEngine<unknown> {
  if (left.affinity === "null") return right;
  if (op === operators.truediv && left.affinity === "integer" && right.affinity === "integer") {
    return new NumericType();
  }
  if (left.affinity === "integer" && (right.affinity === "numeric" || right.affinity === "float"))
    return right;
  return left;
}

/** The type of a JSON path argument (`col.index(["a", "b"])`). */
export class JSONPathType extends JSONType {
  override readonly visitName: string = "jsonPath";
}

// ====================================================================================
// Concrete expressions
// ====================================================================================

export interface BindParameterOptions {
  type?: TypeLike | undefined;
  /** Render a fresh name for each occurrence (anonymous binds are unique). */
  unique?: boolean | undefined;
  /** @internal Made by `values()`: anonymous when its statement is nested (a DML CTE). */
  crudValue?: boolean | undefined;
  /** A list value rendered as one placeholder per item (`IN`). */
  expanding?: boolean | undefined;
  /** Render the value inline at execution time instead of as a placeholder. */
  literalExecute?: boolean | undefined;
  /** @internal The base of an anonymous bind's name, e.g. the column key. */
  keyBase?: string | undefined;
  /** A function computing the value at execution time. */
  callable?: (() => unknown) | undefined;
  /** Whether a value is required when none is given. */
  required?: boolean | undefined;
}

function inferType(value: unknown): TypeEngine<unknown> {
  switch (typeof value) {
    case "string":
      return STRINGTYPE;
    case "number":
      return Number.isInteger(value)
        ? INTEGERTYPE
        : new NumericType(undefined, undefined, { asDecimal: false });
    case "boolean":
      return BOOLEANTYPE;
    case "bigint":
      return INTEGERTYPE;
    default:
      return NULLTYPE;
  }
}

/**
 * A bound parameter: a placeholder in the SQL and a value passed beside it.
 * Anonymous parameters (`key` undefined) get names like `name_1` when compiled.
 */
export class BindParameter<T = unknown> extends ColumnElement<T> {
  readonly visitName = "bindParam";
  readonly type: TypeEngine<unknown>;
  readonly unique: boolean;
  readonly expanding: boolean;
  readonly literalExecute: boolean;
  readonly keyBase: string;
  readonly callable: (() => unknown) | undefined;
  readonly required: boolean;
  /** A value given to `insert().values()` / `update().values()`: named by its column at the top level only. */
  readonly crudValue: boolean;

  constructor(
    /** The parameter's name; `undefined` for an anonymous one. */
    readonly bindKey: string | undefined,
    /** The value, `undefined` if it is to be supplied at execution. */
    readonly value: unknown,
    options: BindParameterOptions = {},
  ) {
    super();
    this.type = options.type !== undefined ? toType(options.type) : inferType(value);
    this.unique = options.unique ?? bindKey === undefined;
    this.expanding = options.expanding ?? false;
    this.literalExecute = options.literalExecute ?? false;
    this.keyBase = options.keyBase ?? bindKey ?? "param";
    this.callable = options.callable;
    this.required = options.required ?? (value === undefined && options.callable === undefined);
    this.crudValue = options.crudValue ?? false;
  }

  override get key(): string | undefined {
    return this.bindKey;
  }
  override get anonLabelBase(): string {
    return "anon";
  }

  /** The parameter this one was copied from by `asLiteralExecute()` (so cached statements find its value). */
  sourceBind: BindParameter | undefined;

  /**
   * A copy rendered inline at execution time (SQLAlchemy's `render_literal_execute`),
   * for dialects that cannot bind a value somewhere (Oracle's FETCH count, SQL Server's TOP).
   * The copy remembers its source, so a cached compiled form reads the new statement's value.
   */
  asLiteralExecute(): BindParameter<T> {
    const copy = this.generate();
    (copy as { literalExecute: boolean }).literalExecute = true;
    copy.sourceBind = this.sourceBind ?? this;
    return copy;
  }

  /** A copy with another value. */
  withValue(value: unknown): BindParameter<T> {
    const copy = this.generate();
    (copy as { value: unknown }).value = value;
    (copy as { required: boolean }).required = false;
    return copy;
  }

  private keyPart: string | undefined;

  override cacheKeyInto(gen: CacheKeyGen): void {
    // Anonymous parameters are told apart by position; their name's base still shapes named SQL.
    const seen = gen.bindIndex(this);
    if (seen >= 0) {
      // The same parameter again renders the same placeholder name: say which one.
      gen.add(`bind-again:${seen}`);
      return;
    }
    this.keyPart ??= bindKeyPart(this);
    gen.add(this.keyPart);
    gen.bind(this);
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitBindParam(this, kw);
  }
}

/** Extra, operator-specific settings of a binary expression (the escape of LIKE, ...). */
export interface BinaryModifiers {
  escape?: string | undefined;
  symmetric?: boolean;
  flags?: string | undefined;
}

/** `left <operator> right`. */
export class BinaryExpression<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [
    ["left", "element"],
    ["right", "element"],
    ["operator", "operator"],
    ["type", "type"],
    ["modifiers", "value"],
  ];
  readonly visitName = "binary";

  constructor(
    readonly left: ClauseElement,
    readonly right: ClauseElement,
    readonly operator: Operator,
    readonly type: TypeEngine<unknown>,
    readonly modifiers: BinaryModifiers = {},
  ) {
    super();
  }

  override get key(): string | undefined {
    return undefined;
  }

  override get isImplicitlyBoolean(): boolean {
    return (
      this.operator.comparison === true || this.operator === operators.and || this.operator === operators.or
    );
  }

  override selfGroup(against?: Operator): ColumnElement<T> {
    return needsGrouping(this.operator, against) ? (new Grouping(this) as ColumnElement<T>) : this;
  }

  override cacheKeyInto(gen: CacheKeyGen): void {
    // Written out rather than derived from `internals`: this is the hottest node of a cache key.
    const op = this.operator;
    const m = this.modifiers;
    if (m.escape === undefined && m.symmetric === undefined && m.flags === undefined)
      gen.add(binaryKeyPart(op, this.type));
    else {
      gen.add(op.name === "custom" ? `binary:${op.sql}` : `binary:${op.name}`);
      gen.add(this.type.cacheKey());
      gen.add(`${m.escape ?? ""}|${m.symmetric ?? ""}|${m.flags ?? ""}`);
    }
    this.left.cacheKeyInto(gen);
    this.right.cacheKeyInto(gen);
  }

  /** A copy with new operands (used by compilers that rewrite an operation). */
  withOperands(
    left: ClauseElement,
    right: ClauseElement,
    operator: Operator = this.operator,
  ): BinaryExpression<T> {
    return new BinaryExpression(left, right, operator, this.type, this.modifiers);
  }

  /** The negated form: `a = b` becomes `a != b`; others get `NOT (...)`. */
  negate(): ColumnElement<boolean> {
    const neg = negationOf(this.operator);
    if (neg !== undefined) return new BinaryExpression(this.left, this.right, neg, this.type, this.modifiers);
    return new UnaryExpression(this.selfGroup(operators.inv), { operator: operators.inv, type: BOOLEANTYPE });
  }

  // JSON element conversions, `col.index("k").asString()` and friends.
  asString(): ColumnElement<string | null> {
    return this.jsonAs(STRINGTYPE, "string");
  }
  asInteger(): ColumnElement<number | null> {
    return this.jsonAs(INTEGERTYPE, "integer");
  }
  asFloat(): ColumnElement<number | null> {
    return this.jsonAs(new FloatType(), "float");
  }
  asNumeric(precision: number, scale: number): ColumnElement<string | null> {
    return this.jsonAs(new NumericType(precision, scale), "numeric");
  }
  asBoolean(): ColumnElement<boolean | null> {
    return this.jsonAs(BOOLEANTYPE, "boolean");
  }
  asJson(): ColumnElement<unknown> {
    return this.jsonAs(this.type, "json");
  }

  /** The JSON element as text: `->>` / `#>>` (PostgreSQL's `astext`). */
  get astext(): ColumnElement<string | null> {
    const path = this.operator === operators.jsonPathGetitem;
    if (!path && this.operator !== operators.jsonGetitem) {
      throw new ArgumentError("astext applies to JSON index expressions only");
    }
    const op = customOp(path ? "#>>" : "->>", { precedence: 15 });
    return new BinaryExpression(this.left, this.right, op, STRINGTYPE) as ColumnElement<string | null>;
  }

  private jsonAs(type: TypeEngine<unknown>, as: string): ColumnElement<any> {
    if (this.operator !== operators.jsonGetitem && this.operator !== operators.jsonPathGetitem) {
      throw new ArgumentError("asString() and friends apply to JSON index expressions only");
    }
    return new JSONCast(this, type, as);
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitBinary(this, kw);
  }
}

/** A JSON element read as a scalar type: `data ->> 'k'`, `JSON_EXTRACT(...)`, `CAST(JSON_VALUE(...))`. */
export class JSONCast<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [
    ["element", "element"],
    ["type", "type"],
    ["as", "value"],
  ];
  readonly visitName = "jsonCast";
  constructor(
    readonly element: BinaryExpression,
    readonly type: TypeEngine<unknown>,
    readonly as: string,
  ) {
    super();
  }
  /** `asBoolean()` is a criterion by itself (no `= 1` where booleans are not native), as in SQLAlchemy. */
  override get isImplicitlyBoolean(): boolean {
    return this.as === "boolean";
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitJsonCast(this, kw);
  }
}

/** `<operator> element` or `element <modifier>`: NOT, unary minus, DESC, NULLS FIRST, DISTINCT, EXISTS. */
export class UnaryExpression<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [
    ["element", "element"],
    ["operator", "operator"],
    ["modifier", "operator"],
    ["type", "type"],
  ];
  readonly visitName = "unary";
  readonly operator: Operator | undefined;
  readonly modifier: Operator | undefined;
  readonly type: TypeEngine<unknown>;

  constructor(
    readonly element: ClauseElement,
    options: { operator?: Operator; modifier?: Operator; type?: TypeEngine<unknown> },
  ) {
    super();
    this.operator = options.operator;
    this.modifier = options.modifier;
    this.type = options.type ?? NULLTYPE;
  }

  override get key(): string | undefined {
    return (this.element as ColumnElement).key;
  }

  override get isImplicitlyBoolean(): boolean {
    return (
      this.operator === operators.inv ||
      this.operator === operators.isTrue ||
      this.operator === operators.isFalse
    );
  }

  /** A unary expression is selected as it is, without an anonymous label (`SELECT ~t.x`, `SELECT DISTINCT t.x`). */
  override get needsAnonLabel(): boolean {
    return false;
  }

  override selfGroup(against?: Operator): ColumnElement<T> {
    // A boolean column read as true/false (`col = 1`, `NOT col`) stands on its own.
    if (this.operator === operators.isTrue || this.operator === operators.isFalse) return this;
    const op = this.operator ?? this.modifier;
    return op !== undefined && needsGrouping(op, against) ? (new Grouping(this) as ColumnElement<T>) : this;
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitUnary(this, kw);
  }
}

/** `ANY (expr)` / `ALL (expr)`. */
export class CollectionAggregate<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [
    ["element", "element"],
    ["operator", "operator"],
  ];
  readonly visitName = "collectionAggregate";
  readonly type: TypeEngine<unknown>;
  constructor(
    readonly element: ColumnElement<any>,
    readonly operator: Operator,
  ) {
    super();
    this.type = element.type instanceof ARRAYType ? element.type.itemType : element.type;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitCollectionAggregate(this, kw);
  }
}

/** A list of clauses joined by an operator (a comma by default). */
export class ClauseList<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [
    ["clauses", "elements"],
    ["operator", "operator"],
  ];
  readonly visitName: string = "clauseList";
  readonly type: TypeEngine<unknown> = NULLTYPE;

  constructor(
    readonly clauses: readonly ClauseElement[],
    readonly operator: Operator = operators.comma,
    readonly groupContents = true,
  ) {
    super();
  }

  override selfGroup(against?: Operator): ColumnElement<T> {
    return this.clauses.length > 0 && needsGrouping(this.operator, against)
      ? (new Grouping(this) as ColumnElement<T>)
      : this;
  }

  override cacheKeyInto(gen: CacheKeyGen): void {
    // Three constant parts rather than one made anew on each key.
    gen.add(this.visitName);
    gen.add(this.operator.name);
    gen.add(countKeyPart(this.clauses.length));
    for (const c of this.clauses) c.cacheKeyInto(gen);
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitClauseList(this, kw);
  }
}

/** `a AND b AND ...` / `a OR b OR ...`; nested lists of the same operator are flattened. */
export class BooleanClauseList extends ClauseList<boolean> {
  override readonly visitName = "booleanClauseList";
  override readonly type: TypeEngine<unknown> = BOOLEANTYPE;

  override get isImplicitlyBoolean(): boolean {
    return true;
  }

  /** Builds an AND/OR of `clauses`, dropping empty ones and unwrapping a single one. */
  static build(operator: Operator, clauses: readonly unknown[]): ColumnElement<boolean> {
    const flat: ClauseElement[] = [];
    // As SQLAlchemy: TRUE drops out of an AND (FALSE out of an OR) unless nothing else is
    // left, and FALSE in an AND (TRUE in an OR) decides the whole clause.
    const isAnd = operator === operators.and;
    const isOr = operator === operators.or;
    let continueOn: ColumnElement<boolean> | undefined;
    for (const c of clauses) {
      if (c === undefined || c === null) continue;
      const el = coerceBoolean(c);
      if ((isAnd && el instanceof True) || (isOr && el instanceof False)) {
        continueOn = el;
        continue;
      }
      if ((isAnd && el instanceof False) || (isOr && el instanceof True)) return el;
      if (el instanceof BooleanClauseList && el.operator === operator) flat.push(...el.clauses);
      else if (!(el instanceof BooleanClauseList && el.clauses.length === 0)) flat.push(el);
    }
    if (flat.length === 0 && continueOn !== undefined) return continueOn;
    if (flat.length === 1) return (flat[0] as ColumnElement<boolean>).selfGroup(operators.asBool);
    return new BooleanClauseList(
      flat.map((c) => c.selfGroup(operator)),
      operator,
    );
  }

  override selfGroup(against?: Operator): ColumnElement<boolean> {
    return this.clauses.length > 1 && needsGrouping(this.operator, against) ? new Grouping(this) : this;
  }

  override compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitBooleanClauseList(this, kw);
  }
}

/** Coerces a WHERE-style argument: SQL text is not accepted implicitly, booleans become TRUE/FALSE. */
/** What WHERE, HAVING and ON accept: a boolean expression, SQL text, or a plain boolean. */
export type Criterion = ColumnElement<any> | import("./text.js").TextClause | boolean;

export function coerceBoolean(c: unknown): ColumnElement<boolean> {
  if (c === true) return new True();
  if (c === false) return new False();
  if (!isClauseElement(c)) {
    throw new ArgumentError(
      `a SQL expression was expected, got ${typeof c === "string" ? `the string ${JSON.stringify(c)} (use text() for SQL text)` : typeof c}`,
    );
  }
  const el = c as ColumnElement<boolean>;
  if (el.type?.affinity === "boolean" && !el.isImplicitlyBoolean) {
    return new UnaryExpression(el, {
      operator: operators.isTrue,
      type: BOOLEANTYPE,
    }) as ColumnElement<boolean>;
  }
  return el;
}

/** Parentheses around an expression. */
export class Grouping<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [["element", "element"]];
  readonly visitName = "grouping";
  constructor(readonly element: ClauseElement) {
    super();
  }
  get type(): TypeEngine<unknown> {
    return (this.element as ColumnElement).type ?? NULLTYPE;
  }
  override get key(): string | undefined {
    return (this.element as ColumnElement).key;
  }
  override get needsAnonLabel(): boolean {
    return (this.element as ColumnElement).needsAnonLabel ?? true;
  }
  override get isImplicitlyBoolean(): boolean {
    return (this.element as ColumnElement).isImplicitlyBoolean ?? true;
  }
  override get anonLabelBase(): string {
    return (this.element as ColumnElement).anonLabelBase ?? "anon";
  }
  override cacheKeyInto(gen: CacheKeyGen): void {
    gen.add("(");
    this.element.cacheKeyInto(gen);
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitGrouping(this, kw);
  }
}

/** `element AS name`. */
export class Label<T = unknown, K extends string = string> extends ColumnElement<T, K> {
  static override internals: Internals = [
    ["name", "value"],
    ["element", "element"],
  ];
  readonly visitName = "label";
  readonly element: ColumnElement<any>;
  constructor(
    readonly name: string,
    element: ColumnElement<any>,
    type?: TypeEngine<unknown>,
  ) {
    super();
    this.element = element.selfGroup(operators.as);
    if (type !== undefined) this.typeOverride = type;
  }
  private typeOverride: TypeEngine<unknown> | undefined;
  get type(): TypeEngine<unknown> {
    return this.typeOverride ?? this.element.type;
  }
  override get key(): string {
    return this.name;
  }
  override get needsAnonLabel(): boolean {
    return false;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitLabel(this, kw);
  }
}

/** `NULL`. */
export class Null extends ColumnElement<null> {
  readonly visitName = "null";
  readonly type: TypeEngine<unknown> = NULLTYPE;
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitNull(this, kw);
  }
}

/** `TRUE` (or `1` / `1 = 1` where the database has no boolean literal). */
export class True extends ColumnElement<boolean> {
  readonly visitName = "true";
  readonly type: TypeEngine<unknown> = BOOLEANTYPE;
  override get isImplicitlyBoolean(): boolean {
    return true;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitTrue(this, kw);
  }
}

/** `FALSE` (or `0` / `1 != 1`). */
export class False extends ColumnElement<boolean> {
  readonly visitName = "false";
  readonly type: TypeEngine<unknown> = BOOLEANTYPE;
  override get isImplicitlyBoolean(): boolean {
    return true;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitFalse(this, kw);
  }
}

/** `CAST(expr AS type)`. */
export class Cast<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [
    ["clause", "element"],
    ["type", "type"],
  ];
  readonly visitName = "cast";
  readonly type: TypeEngine<unknown>;
  readonly clause: ColumnElement<any>;
  constructor(expr: unknown, type: TypeLike) {
    super();
    this.type = toType(type);
    this.clause = isClauseElement(expr)
      ? (expr as ColumnElement)
      : new BindParameter(undefined, expr, { type: this.type, unique: true });
  }
  override get key(): string | undefined {
    return this.clause.key;
  }
  override get anonLabelBase(): string {
    return this.clause.key ?? "anon";
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitCast(this, kw);
  }
}

/** An expression treated as another type in Python-side processing only; renders no CAST. */
export class TypeCoerce<T = unknown> extends ColumnElement<T> {
  static override internals: Internals = [
    ["clause", "element"],
    ["type", "type"],
  ];
  readonly visitName = "typeCoerce";
  readonly type: TypeEngine<unknown>;
  readonly clause: ColumnElement<any>;
  constructor(expr: unknown, type: TypeLike) {
    super();
    this.type = toType(type);
    this.clause = isClauseElement(expr)
      ? (expr as ColumnElement)
      : new BindParameter(undefined, expr, { type: this.type, unique: true });
  }
  override get key(): string | undefined {
    return this.clause.key;
  }
  /** Labelled in a SELECT, by its key where it has one (`mytable.name AS name`), as SQLAlchemy does. */
  override get needsAnonLabel(): boolean {
    return true;
  }
  override selfGroup(against?: Operator): ColumnElement<T> {
    const g = this.clause.selfGroup(against);
    return g === this.clause ? this : (new TypeCoerce(g, this.type) as ColumnElement<T>);
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitTypeCoerce(this, kw);
  }
}

/** `(a, b, ...)`, a row value. */
export class Tuple extends ColumnElement<unknown[]> {
  static override internals: Internals = [["clauses", "elements"]];
  readonly visitName = "tuple";
  readonly clauses: readonly ColumnElement<any>[];
  readonly type: TypeEngine<unknown>;
  constructor(clauses: readonly unknown[], types?: readonly TypeLike[]) {
    super();
    this.clauses = clauses.map((c, i) =>
      isClauseElement(c)
        ? (c as ColumnElement)
        : new BindParameter(undefined, c, { type: types?.[i], unique: true, keyBase: "param" }),
    );
    this.type = new TupleType(this.clauses.map((c) => c.type));
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitTuple(this, kw);
  }
}

/** `[start:stop]` of an ARRAY. */
export class Slice extends ColumnElement<unknown> {
  static override internals: Internals = [
    ["start", "element"],
    ["stop", "element"],
  ];
  readonly visitName = "slice";
  readonly type: TypeEngine<unknown> = NULLTYPE;
  constructor(
    readonly start: ColumnElement<any> | undefined,
    readonly stop: ColumnElement<any> | undefined,
  ) {
    super();
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitSlice(this, kw);
  }
}

/** The collation name after `COLLATE`. */
export class CollationClause extends ColumnElement<unknown> {
  static override internals: Internals = [["collation", "value"]];
  readonly visitName = "collation";
  readonly type: TypeEngine<unknown> = NULLTYPE;
  constructor(readonly collation: string) {
    super();
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitCollation(this, kw);
  }
}

/**
 * A column by name: of a table (`Column` extends it), of a lightweight
 * `table()`, or free-standing (`column("x")`); with `isLiteral` its name is
 * SQL text rendered as is (`literalColumn("count(*)")`).
 */
export class ColumnClause<T = unknown, K extends string = string> extends ColumnElement<T, K> {
  readonly visitName: string = "column";
  /** The type given at construction; subclasses may derive the type otherwise (a foreign key's target). */
  protected declaredType: TypeEngine<unknown>;
  /** The table or other FROM this column belongs to; set when the column is attached. */
  table: import("../selectable.js").FromClause | undefined;
  /** The key in `.c` collections, defaulting to the name. */
  protected keyOverride: string | undefined;

  constructor(
    readonly name: string,
    type?: TypeLike,
    readonly isLiteral = false,
    table?: import("../selectable.js").FromClause,
  ) {
    super();
    this.declaredType = type === undefined ? NULLTYPE : toType(type);
    this.table = table;
  }

  get type(): TypeEngine<unknown> {
    return this.declaredType;
  }

  override get key(): string {
    return this.keyOverride ?? this.name;
  }
  override get needsAnonLabel(): boolean {
    return false;
  }
  override get anonLabelBase(): string {
    return this.name;
  }
  override get bindKeyBase(): string | undefined {
    return this.key;
  }

  private memoKey: string | undefined;
  private memoTable: unknown;
  /** The column's part and its table's, as one interned token, when the table's part is constant. */
  private memoFull: string | undefined;

  override cacheKeyInto(gen: CacheKeyGen): void {
    // A table column's own part of the key never changes once attached, so it is built once.
    const table = this.table;
    if (this.memoKey === undefined || this.memoTable !== table) {
      this.memoKey = `col:${this.isLiteral ? "lit:" : ""}${this.name}:${this.type.cacheKey()}`;
      this.memoTable = table;
      const tableKey = table?.constantFromKey();
      this.memoFull = tableKey === undefined ? undefined : internKeyPart(`${this.memoKey} ${tableKey}`);
    }
    if (this.memoFull !== undefined) {
      gen.add(this.memoFull);
      return;
    }
    gen.add(this.memoKey);
    if (table !== undefined) table.fromCacheKeyInto(gen);
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitColumn(this, kw);
  }
}

/** A reference by name to a label of the enclosing SELECT: `desc("num_addresses")`. */
export class TextLabelRef extends ColumnElement<unknown> {
  static override internals: Internals = [["name", "value"]];
  readonly visitName = "textLabelRef";
  readonly type: TypeEngine<unknown> = NULLTYPE;
  constructor(readonly name: string) {
    super();
  }
  override get key(): string {
    return this.name;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitTextLabelRef(this, kw);
  }
}

// Statements are rebuilt on every call, so the key parts of their fresh binds and operations are
// looked up per (type, name) and (operator, type) rather than concatenated anew: the same short
// interned token each time makes keys shorter to build, join and hash.
const bindParts = new WeakMap<TypeEngine<unknown>, Map<string, string>>();
const binaryParts = new WeakMap<Operator, WeakMap<TypeEngine<unknown>, string>>();

/** The parts of plain anonymous parameters (`col.eq(5)`), by type and key base: no name to build first. */
const anonBindParts = new WeakMap<TypeEngine<unknown>, Map<string, string>>();

/**
 * The cache key part of a bound parameter: its name (or anonymous base), flags and type.
 * The flags are fixed-width and the name is quoted, so no name can pass for another
 * parameter's name and flags (`bindparam("~x")` is not the anonymous `x`).
 */
function bindKeyPart(b: BindParameter): string {
  const plain = b.unique && !b.expanding && !b.literalExecute;
  const name = b.unique ? b.keyBase : (b.bindKey as string);
  const lookup = plain ? name : bindFlags(b) + name;
  const parts = plain ? anonBindParts : bindParts;
  let byName = parts.get(b.type);
  if (byName === undefined) {
    byName = new Map();
    parts.set(b.type, byName);
  }
  let part = byName.get(lookup);
  if (part === undefined) {
    part = internKeyPart(`bind:${bindFlags(b)}${JSON.stringify(name)}:${b.type.cacheKey()}`);
    byName.set(lookup, part);
  }
  return part;
}

function bindFlags(b: BindParameter): string {
  return `${b.unique ? "~" : "="}${b.expanding ? "x" : "-"}${b.literalExecute ? "l" : "-"}`;
}

/** The cache key part of a binary operation without modifiers: its operator and type. */
function binaryKeyPart(op: Operator, type: TypeEngine<unknown>): string {
  let byType = binaryParts.get(op);
  if (byType === undefined) {
    byType = new WeakMap();
    binaryParts.set(op, byType);
  }
  let part = byType.get(type);
  if (part === undefined) {
    part = internKeyPart(`binary:${op.name === "custom" ? op.sql : op.name} ${type.cacheKey()} -`);
    byType.set(type, part);
  }
  return part;
}
