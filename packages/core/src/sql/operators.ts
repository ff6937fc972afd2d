/**
 * Operators known to the expression language.
 *
 * An operator is a plain frozen record: the compiler renders `sql` between
 * the operands unless it has a `visit<Name>Binary` hook for `name`, and
 * `precedence` decides where parentheses go (a lower number binds looser),
 * mirroring the precedence SQLAlchemy uses so that our SQL groups the same way.
 */
export interface Operator {
  /** A stable identifier, also the suffix of the compiler hook (`visitLikeBinary`). */
  readonly name: string;
  /** The SQL text placed between (or before) the operands. */
  readonly sql: string;
  readonly precedence: number;
  /** `a + b + c` and `a AND b AND c` need no parentheses among themselves. */
  readonly associative?: boolean;
  /** A comparison yields a boolean. */
  readonly comparison?: boolean;
  /** The operator that `not_()` turns this one into, by name. */
  readonly negate?: string;
}

const SMALLEST = -100;
const LARGEST = 100;

function op(
  name: string,
  sql: string,
  precedence: number,
  extra: Partial<Omit<Operator, "name" | "sql" | "precedence">> = {},
): Operator {
  return Object.freeze({ name, sql, precedence, ...extra });
}

/** Every built-in operator, by name. */
export const operators = {
  getitem: op("getitem", "", 15, { associative: true }),
  jsonGetitem: op("jsonGetitem", "->", 15, { associative: true }),
  jsonPathGetitem: op("jsonPathGetitem", "#>", 15, { associative: true }),
  anyOp: op("anyOp", "ANY", 15),
  allOp: op("allOp", "ALL", 15),
  pow: op("pow", "^", 15),
  mul: op("mul", "*", 8, { associative: true }),
  truediv: op("truediv", "/", 8),
  floordiv: op("floordiv", "/", 8),
  mod: op("mod", "%", 8),
  neg: op("neg", "-", 8),
  bitwiseNot: op("bitwiseNot", "~", 8),
  add: op("add", "+", 7, { associative: true }),
  sub: op("sub", "-", 7),
  bitwiseXor: op("bitwiseXor", "^", 7, { associative: true }),
  bitwiseOr: op("bitwiseOr", "|", 7, { associative: true }),
  bitwiseAnd: op("bitwiseAnd", "&", 7, { associative: true }),
  bitwiseLshift: op("bitwiseLshift", "<<", 7),
  bitwiseRshift: op("bitwiseRshift", ">>", 7),
  filter: op("filter", "FILTER", 6),
  concat: op("concat", "||", 5, { associative: true }),
  match: op("match", "MATCH", 5, { comparison: true, negate: "notMatch" }),
  notMatch: op("notMatch", "NOT MATCH", 5, { comparison: true, negate: "match" }),
  regexpMatch: op("regexpMatch", "~", 5, { comparison: true, negate: "notRegexpMatch" }),
  notRegexpMatch: op("notRegexpMatch", "!~", 5, { comparison: true, negate: "regexpMatch" }),
  regexpReplace: op("regexpReplace", "REGEXP_REPLACE", 5),
  like: op("like", "LIKE", 5, { comparison: true, negate: "notLike" }),
  notLike: op("notLike", "NOT LIKE", 5, { comparison: true, negate: "like" }),
  ilike: op("ilike", "ILIKE", 5, { comparison: true, negate: "notIlike" }),
  notIlike: op("notIlike", "NOT ILIKE", 5, { comparison: true, negate: "ilike" }),
  in: op("in", "IN", 5, { comparison: true, negate: "notIn" }),
  notIn: op("notIn", "NOT IN", 5, { comparison: true, negate: "in" }),
  is: op("is", "IS", 5, { comparison: true, negate: "isNot" }),
  isNot: op("isNot", "IS NOT", 5, { comparison: true, negate: "is" }),
  eq: op("eq", "=", 5, { comparison: true, negate: "ne" }),
  ne: op("ne", "!=", 5, { comparison: true, negate: "eq" }),
  isDistinctFrom: op("isDistinctFrom", "IS DISTINCT FROM", 5, {
    comparison: true,
    negate: "isNotDistinctFrom",
  }),
  isNotDistinctFrom: op("isNotDistinctFrom", "IS NOT DISTINCT FROM", 5, {
    comparison: true,
    negate: "isDistinctFrom",
  }),
  gt: op("gt", ">", 5, { comparison: true, negate: "le" }),
  lt: op("lt", "<", 5, { comparison: true, negate: "ge" }),
  ge: op("ge", ">=", 5, { comparison: true, negate: "lt" }),
  le: op("le", "<=", 5, { comparison: true, negate: "gt" }),
  between: op("between", "BETWEEN", 5, { comparison: true, negate: "notBetween" }),
  notBetween: op("notBetween", "NOT BETWEEN", 5, { comparison: true, negate: "between" }),
  distinct: op("distinct", "DISTINCT", 5),
  inv: op("inv", "NOT", 5),
  isTrue: op("isTrue", "IS TRUE", 5),
  isFalse: op("isFalse", "IS FALSE", 5),
  collate: op("collate", "COLLATE", 4),
  and: op("and", "AND", 3, { associative: true }),
  desc: op("desc", "DESC", 3),
  asc: op("asc", "ASC", 3),
  nullsFirst: op("nullsFirst", "NULLS FIRST", 3),
  nullsLast: op("nullsLast", "NULLS LAST", 3),
  or: op("or", "OR", 2, { associative: true }),
  exists: op("exists", "EXISTS", 0),
  comma: op("comma", ",", -1, { associative: true }),
  // The LIKE helpers have no precedence of their own, so they are parenthesised
  // wherever they appear inside another expression, as SQLAlchemy renders them.
  startswith: op("startswith", "LIKE", SMALLEST, { comparison: true, negate: "notStartswith" }),
  notStartswith: op("notStartswith", "NOT LIKE", SMALLEST, { comparison: true, negate: "startswith" }),
  istartswith: op("istartswith", "LIKE", SMALLEST, { comparison: true, negate: "notIstartswith" }),
  notIstartswith: op("notIstartswith", "NOT LIKE", SMALLEST, { comparison: true, negate: "istartswith" }),
  endswith: op("endswith", "LIKE", SMALLEST, { comparison: true, negate: "notEndswith" }),
  notEndswith: op("notEndswith", "NOT LIKE", SMALLEST, { comparison: true, negate: "endswith" }),
  iendswith: op("iendswith", "LIKE", SMALLEST, { comparison: true, negate: "notIendswith" }),
  notIendswith: op("notIendswith", "NOT LIKE", SMALLEST, { comparison: true, negate: "iendswith" }),
  contains: op("contains", "LIKE", SMALLEST, { comparison: true, negate: "notContains" }),
  notContains: op("notContains", "NOT LIKE", SMALLEST, { comparison: true, negate: "contains" }),
  icontains: op("icontains", "LIKE", SMALLEST, { comparison: true, negate: "notIcontains" }),
  notIcontains: op("notIcontains", "NOT LIKE", SMALLEST, { comparison: true, negate: "icontains" }),
  as: op("as", "AS", -1),
  asBool: op("asBool", "", -10),
} as const;

export type OperatorName = keyof typeof operators;

/** A user-defined operator, as `col.op("@>")`: binds tighter than anything unless told. */
export function customOp(
  sql: string,
  options: { precedence?: number; isComparison?: boolean } = {},
): Operator {
  return Object.freeze({
    name: "custom",
    sql,
    precedence: options.precedence ?? 0,
    ...(options.isComparison ? { comparison: true } : {}),
  });
}

/**
 * Whether an expression built with `operator` needs parentheses when it
 * appears as an operand of `against`.
 */
export function needsGrouping(operator: Operator | undefined, against: Operator | undefined): boolean {
  if (operator !== undefined && operator === against && operator.associative) return false;
  const mine = operator?.precedence ?? SMALLEST;
  const theirs = against?.precedence ?? LARGEST;
  return mine <= theirs;
}

/** The negation of a comparison operator, if it has one. */
export function negationOf(operator: Operator): Operator | undefined {
  return operator.negate === undefined ? undefined : operators[operator.negate as OperatorName];
}
