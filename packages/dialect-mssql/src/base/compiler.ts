/**
 * The SQL Server statement compiler: `TOP n`, `OFFSET .. FETCH` after
 * ORDER BY, `OUTPUT inserted.x` in place of RETURNING, `UPDATE .. FROM`,
 * `DELETE .. FROM .. FROM`, table hints, `+` for concatenation and T-SQL's
 * function names.
 */
import {
  type BinaryExpression,
  BindParameter,
  type Cast,
  type ClauseElement,
  type CollationClause,
  type ColumnClause,
  type ColumnElement,
  CompileError,
  type CompileKw,
  type Delete,
  type Extract,
  type False,
  type FromClause,
  type FunctionElement,
  type Hint,
  type JSONCast,
  type NumericType,
  type Over,
  type Select,
  type SelectBase,
  SQLCompiler,
  type True,
  type TypeEngine,
  type UnaryExpression,
  type Update,
  type UpdateBase,
} from "@athanor/core";
import type { MSSQLIdentifierPreparer } from "./preparer.js";

const EXTRACT_FIELDS: Readonly<Record<string, string>> = {
  doy: "dayofyear",
  dow: "weekday",
  milliseconds: "millisecond",
  microseconds: "microsecond",
};

interface SequenceLike {
  readonly name: string;
  readonly schema?: string | undefined;
}

function isBind(el: ClauseElement | undefined): el is BindParameter {
  return (el as { visitName?: string } | undefined)?.visitName === "bindParam";
}

/** Whether a LIMIT/FETCH count is a plain integer (which `TOP` can take inline). */
function isSimpleInt(el: ColumnElement<any> | undefined): boolean {
  return isBind(el) && (typeof el.value === "number" || typeof el.value === "bigint");
}

/**
 * A bound value as a literal-execute parameter, rendered inline when the
 * statement is executed (SQLAlchemy's `render_literal_execute()`).
 */
export function literalExecuteCopy(el: ColumnElement<any>): ColumnElement<any> {
  if (!isBind(el) || el.literalExecute || el.expanding) return el;
  return new BindParameter(el.bindKey, el.value, {
    type: el.type,
    unique: el.unique,
    keyBase: el.keyBase,
    literalExecute: true,
    callable: el.callable,
  });
}

/** Compiles statements for SQL Server. */
export class MSSQLCompiler extends SQLCompiler {
  /** The DML table whose columns render as `inserted.x` / `deleted.x` inside OUTPUT. */
  protected outputTarget: { readonly table: FromClause; readonly prefix: string } | undefined;
  /** Table hints of the SELECTs being compiled, innermost last. */
  protected readonly hintStack: (readonly Hint[])[] = [];

  // ---------------------------------------------------------------------------------
  // Literals, operators, functions
  // ---------------------------------------------------------------------------------

  override visitTrue(_el: True, _kw: CompileKw): string {
    return "1";
  }
  override visitFalse(_el: False, _kw: CompileKw): string {
    return "0";
  }

  override visitConcatBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.genericBinary(b, " + ", kw);
  }

  /** A bound value compared with `=` goes to the right: SQL Server infers its type from the left. */
  override visitEqBinary(b: BinaryExpression, kw: CompileKw): string {
    if (isBind(b.left) && !isBind(b.right))
      return this.genericBinary(b.withOperands(b.right, b.left), " = ", kw);
    return super.visitEqBinary(b, kw);
  }

  visitMatchBinary(b: BinaryExpression, kw: CompileKw): string {
    return `CONTAINS (${this.process(b.left, kw)}, ${this.process(b.right, kw)})`;
  }

  // SQL Server has no IS DISTINCT FROM (before 2022's spelling); INTERSECT compares NULLs as equal.
  override visitIsDistinctFromBinary(b: BinaryExpression, kw: CompileKw): string {
    return `NOT EXISTS (SELECT ${this.process(b.left, kw)} INTERSECT SELECT ${this.process(b.right, kw)})`;
  }
  override visitIsNotDistinctFromBinary(b: BinaryExpression, kw: CompileKw): string {
    return `EXISTS (SELECT ${this.process(b.left, kw)} INTERSECT SELECT ${this.process(b.right, kw)})`;
  }

  /** A JSON value read as a boolean is already a condition, as SQLAlchemy renders it (no `= 1`). */
  override visitIsTrueUnaryOperator(u: UnaryExpression, kw: CompileKw): string {
    if (u.element.visitName === "jsonCast") return this.process(u.element, kw);
    return super.visitIsTrueUnaryOperator(u, kw);
  }

  /** Intervals have no literal form here (they are emulated as DATETIME). */
  override renderLiteralValue(value: unknown, type?: TypeEngine<unknown>): string {
    if (type !== undefined && type.affinity === "interval" && value !== null && value !== undefined) {
      throw new CompileError(`Could not render literal value "${String(value)}" with datatype DATETIME`);
    }
    return super.renderLiteralValue(value, type);
  }

  /** Window frame offsets are rendered inline: SQL Server refuses parameters there. */
  override visitOver(over: Over, kw: CompileKw): string {
    const parts: string[] = [];
    if (over.partitionBy !== undefined && over.partitionBy.length > 0)
      parts.push(`PARTITION BY ${over.partitionBy.map((c) => this.process(c, kw)).join(", ")}`);
    if (over.orderBy !== undefined && over.orderBy.length > 0)
      parts.push(`ORDER BY ${over.orderBy.map((c) => this.process(c, kw)).join(", ")}`);
    const frame = over.rows ?? over.range ?? over.groups;
    if (frame !== undefined) {
      const kind = over.rows !== undefined ? "ROWS" : over.range !== undefined ? "RANGE" : "GROUPS";
      const bound = (b: { readonly value?: ClauseElement | undefined; readonly type: string }): string =>
        b.value === undefined
          ? b.type
          : `${this.process(literalExecuteCopy(b.value as ColumnElement<any>), kw)} ${b.type}`;
      parts.push(`${kind} BETWEEN ${bound(frame.start)} AND ${bound(frame.end)}`);
    }
    return `${this.process(over.element, { ...kw, withinColumnsClause: false })} OVER (${parts.join(" ")})`;
  }

  /** T-SQL writes no RECURSIVE after WITH. */
  protected override renderCtes(level?: { readonly ctes: Map<any, string>; recursive: boolean }): string {
    return super.renderCtes(level).replace(/^WITH RECURSIVE /, "WITH ");
  }

  /** Collation names are written bare on SQL Server. */
  override visitCollation(el: CollationClause, _kw: CompileKw): string {
    return (this.preparer as MSSQLIdentifierPreparer).formatCollation(el.collation);
  }

  /** `TRY_CAST (x AS type)`: NULL instead of an error when the conversion fails. */
  visitTryCast(cast: Cast, kw: CompileKw): string {
    return `TRY_CAST (${this.process(cast.clause, kw)} AS ${this.dialect.typeCompiler.process(cast.type)})`;
  }

  override visitExtract(ex: Extract, kw: CompileKw): string {
    const field = EXTRACT_FIELDS[ex.field] ?? ex.field;
    return `DATEPART(${field}, ${this.process(ex.expr, kw)})`;
  }

  visitNowFunc(_fn: FunctionElement, _kw: CompileKw): string {
    return "CURRENT_TIMESTAMP";
  }
  visitCurrentDateFunc(_fn: FunctionElement, _kw: CompileKw): string {
    return "GETDATE()";
  }
  visitLengthFunc(fn: FunctionElement, kw: CompileKw): string {
    return `LEN(${this.functionArgs(fn, kw)})`;
  }
  visitCharLengthFunc(fn: FunctionElement, kw: CompileKw): string {
    return `LEN(${this.functionArgs(fn, kw)})`;
  }
  visitPowFunc(fn: FunctionElement, kw: CompileKw): string {
    return `POWER(${this.functionArgs(fn, kw)})`;
  }
  visitAggregateStringsFunc(fn: FunctionElement, kw: CompileKw): string {
    const [expr, sep] = fn.args;
    if (expr === undefined || sep === undefined)
      throw new CompileError("aggregate_strings takes two arguments");
    return `string_agg(${this.process(expr, kw)}, ${this.process(literalExecuteCopy(sep), kw)})`;
  }

  /** `NEXT VALUE FOR seq`. */
  visitNextValue(el: { sequence: SequenceLike }, _kw: CompileKw): string {
    return `NEXT VALUE FOR ${this.preparer.formatTable(el.sequence.name, el.sequence.schema)}`;
  }

  // ---------------------------------------------------------------------------------
  // JSON: JSON_QUERY for documents, JSON_VALUE (in a NULL-safe CASE) for scalars
  // ---------------------------------------------------------------------------------

  override visitJsonGetitemBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.jsonExtract(b, "json", b.type, kw);
  }
  override visitJsonPathGetitemBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.jsonExtract(b, "json", b.type, kw);
  }
  override visitJsonCast(el: JSONCast, kw: CompileKw): string {
    return this.jsonExtract(el.element, el.as, el.type, kw);
  }

  protected jsonExtract(
    b: BinaryExpression,
    as: string,
    type: ColumnElement<any>["type"],
    kw: CompileKw,
  ): string {
    const args = () => `${this.process(b.left, kw)}, ${this.process(b.right, kw)}`;
    if (as === "json") return `JSON_QUERY(${args()})`;
    const head = `CASE JSON_VALUE(${args()}) WHEN NULL THEN NULL`;
    let tail: string;
    switch (as) {
      case "integer":
        tail = `ELSE CAST(JSON_VALUE(${args()}) AS INTEGER)`;
        break;
      case "float":
        tail = `ELSE CAST(JSON_VALUE(${args()}) AS FLOAT)`;
        break;
      case "numeric": {
        const n = type as NumericType;
        tail = `ELSE CAST(JSON_VALUE(${args()}) AS NUMERIC(${n.precision}, ${n.scale}))`;
        break;
      }
      case "boolean":
        tail = `WHEN 'true' THEN 1 WHEN 'false' THEN 0 ELSE CAST(JSON_VALUE(${args()}) AS BIT)`;
        break;
      case "string":
        tail = `ELSE JSON_VALUE(${args()})`;
        break;
      default:
        tail = `ELSE JSON_QUERY(${args()})`;
    }
    return `${head} ${tail} END`;
  }

  // ---------------------------------------------------------------------------------
  // SELECT: TOP, OFFSET/FETCH, hints
  // ---------------------------------------------------------------------------------

  override visitSelect(select: Select, kw: CompileKw): string {
    this.hintStack.push(select.hints);
    try {
      return super.visitSelect(select, kw);
    } finally {
      this.hintStack.pop();
    }
  }

  /** `WITH (NOLOCK)` after a table of the current SELECT that has a hint for SQL Server. */
  protected override tableHint(t: FromClause): string {
    const hints = this.hintStack[this.hintStack.length - 1] ?? [];
    return this.hintsFor(hints, t);
  }

  protected hintsFor(hints: readonly Hint[], t: FromClause): string {
    const mine = hints.filter(
      (h) => h.selectable === t && (h.dialectName === "*" || h.dialectName === this.dialect.name),
    );
    return mine.map((h) => ` ${h.text.replace(/%\(name\)s/g, this.fromName(t))}`).join("");
  }

  protected override selectSuffixes(select: Select): string {
    const hints = select.statementHints.filter(
      (h) => h.dialectName === "*" || h.dialectName === this.dialect.name,
    );
    const text = hints.length === 0 ? "" : ` ${hints.map((h) => h.text).join(" ")}`;
    return text + super.selectSuffixes(select);
  }

  /** Whether the row limit is written `TOP n`: a plain LIMIT, or FETCH with PERCENT / WITH TIES. */
  protected useTop(select: SelectBase): boolean {
    if (select.offsetClause !== undefined) return false;
    if (select.limitClause !== undefined) return isSimpleInt(select.limitClause);
    if (select.fetchClause !== undefined) {
      const o = select.fetchOptions ?? {};
      return isSimpleInt(select.fetchClause) && (o.percent === true || o.withTies === true);
    }
    return false;
  }

  protected hasRowLimit(select: SelectBase): boolean {
    return (
      select.limitClause !== undefined ||
      select.offsetClause !== undefined ||
      select.fetchClause !== undefined
    );
  }

  /** `DISTINCT` and `TOP n [PERCENT] [WITH TIES]`, the count inline (drivers refuse a bound TOP). */
  override getSelectPrecolumns(select: Select, kw: CompileKw): string {
    let text = super.getSelectPrecolumns(select, kw);
    if (this.hasRowLimit(select) && this.useTop(select)) {
      const count = (select.fetchClause ?? select.limitClause) as ColumnElement<any>;
      text += `TOP ${this.process(literalExecuteCopy(count), kw)} `;
      if (select.fetchClause !== undefined) {
        if (select.fetchOptions?.percent) text += "PERCENT ";
        if (select.fetchOptions?.withTies) text += "WITH TIES ";
      }
    }
    return text;
  }

  /**
   * `OFFSET n ROWS [FETCH FIRST m ROWS ONLY]` after ORDER BY, where TOP cannot
   * be used; a compound SELECT always takes this form.
   */
  override limitClause(select: SelectBase, kw: CompileKw): string {
    if (!this.hasRowLimit(select)) return "";
    if (select.visitName === "select" && this.useTop(select)) return "";
    // OFFSET and FETCH are options of ORDER BY on SQL Server.
    if (select.orderByClauses.length === 0) {
      throw new CompileError("MSSQL requires an order_by when using an OFFSET or a non-simple LIMIT clause");
    }
    const o = select.fetchOptions ?? {};
    if (select.fetchClause !== undefined && (o.percent || o.withTies)) {
      throw new CompileError(
        "MSSQL needs TOP to use PERCENT and/or WITH TIES. Only simple fetch without offset can be used.",
      );
    }
    let text =
      select.offsetClause !== undefined
        ? ` \n OFFSET ${this.process(select.offsetClause, kw)} ROWS`
        : " \n OFFSET 0 ROWS";
    const fetch = select.fetchClause ?? select.limitClause;
    if (fetch !== undefined) text += ` \n FETCH FIRST ${this.process(fetch, kw)} ROWS ONLY`;
    return text;
  }

  /** SQL Server refuses ORDER BY in a derived table unless it has TOP or OFFSET, so it is left out there. */
  protected override orderByClause(select: SelectBase, kw: CompileKw): string {
    if (this.stack.length > 1 && !this.hasRowLimit(select)) return "";
    return super.orderByClause(select, kw);
  }

  /** SQL Server has FOR UPDATE only on cursors; row locks are table hints (`WITH (UPDLOCK)`). */
  override forUpdateClause(_select: SelectBase, _kw: CompileKw): string {
    return "";
  }

  // ---------------------------------------------------------------------------------
  // INSERT, UPDATE, DELETE
  // ---------------------------------------------------------------------------------

  protected override get returningPrecedesValues(): boolean {
    return true;
  }

  override visitColumn(col: ColumnClause, kw: CompileKw): string {
    const target = this.outputTarget;
    if (target !== undefined && col.table === target.table && !col.isLiteral)
      return `${target.prefix}.${this.preparer.quote(col.name)}`;
    return super.visitColumn(col, kw);
  }

  /** `OUTPUT inserted.a, deleted.b`: columns of the target table come from the pseudo-tables. */
  override returningClause(stmt: UpdateBase, cols: readonly ColumnElement<any>[], kw: CompileKw): string {
    const prefix = stmt.visitName === "delete" ? "deleted" : "inserted";
    const saved = this.outputTarget;
    this.outputTarget = { table: stmt.table, prefix };
    try {
      return super.returningClause(stmt, cols, kw).replace(/^RETURNING /, "OUTPUT ");
    } finally {
      this.outputTarget = saved;
    }
  }

  /** A table hint for SQL Server after the DML table: `UPDATE t WITH (ROWLOCK) SET ...`. */
  protected override dmlHint(stmt: UpdateBase): string {
    return this.hintsFor(stmt.hints, stmt.table);
  }

  /** `UPDATE t SET .. FROM t, other`: the target is listed again so aliases of it work. */
  protected override updateFromClause(stmt: Update, extra: readonly FromClause[], kw: CompileKw): string {
    return ` FROM ${[stmt.table, ...extra].map((f) => this.process(f, { ...kw, asFrom: true })).join(", ")}`;
  }

  /** `DELETE FROM t FROM t, other`: T-SQL's second FROM lists the joined tables. */
  protected override deleteExtraFromClause(
    stmt: Delete,
    extra: readonly FromClause[],
    kw: CompileKw,
  ): string {
    return ` FROM ${[stmt.table, ...extra].map((f) => this.process(f, { ...kw, asFrom: true })).join(", ")}`;
  }
}
