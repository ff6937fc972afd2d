import {
  type BinaryExpression,
  BindParameter,
  type Cast,
  type ClauseElement,
  type ColumnElement,
  CompileError,
  type CompileKw,
  type Delete,
  type Extract,
  FloatType,
  type FunctionElement,
  type Insert,
  Integer,
  isClauseElement,
  type JSONCast,
  NotImplementedError,
  type Select,
  type SelectBase,
  SQLCompiler,
  type TypeEngine,
  type UnaryExpression,
} from "@athanor/core";

/** The shape shared by the ON CONFLICT clauses of `sqlite.insert()` and `postgresql.insert()`. */
interface OnConflictLike extends ClauseElement {
  readonly table: { readonly c: Record<string, ColumnElement<any>>; readonly columns: readonly unknown[] };
  readonly constraintTarget?: string | undefined;
  readonly inferredTargetElements: readonly (string | ColumnElement<any>)[] | undefined;
  readonly inferredTargetWhereclause: ColumnElement<any> | undefined;
  readonly updateValuesToSet?: readonly (readonly [string | ColumnElement<any>, unknown])[];
  readonly updateWhereclause?: ColumnElement<any> | undefined;
}

const EXTRACT_MAP: Readonly<Record<string, string>> = {
  month: "%m",
  day: "%d",
  year: "%Y",
  second: "%S",
  hour: "%H",
  doy: "%j",
  minute: "%M",
  epoch: "%s",
  dow: "%w",
  week: "%W",
};

function intBind(value: number): BindParameter {
  return new BindParameter(undefined, value, { type: Integer(), unique: true });
}

/** Compiles SQL for SQLite. */
export class SQLiteCompiler extends SQLCompiler {
  // ---- operators -------------------------------------------------------------------

  /** Division is true division when either side is a float, so the divisor gets `+ 0.0`. */
  override visitTruedivBinary(b: BinaryExpression, kw: CompileKw): string {
    return `${this.process(b.left, kw)} / (${this.process(b.right, kw)} + 0.0)`;
  }

  /** SQLite's `IS NOT` is null-safe, the same as `IS DISTINCT FROM`. */
  override visitIsDistinctFromBinary(b: BinaryExpression, kw: CompileKw): string {
    return `${this.process(b.left, kw)} IS NOT ${this.process(b.right, kw)}`;
  }
  override visitIsNotDistinctFromBinary(b: BinaryExpression, kw: CompileKw): string {
    return `${this.process(b.left, kw)} IS ${this.process(b.right, kw)}`;
  }

  /** `REGEXP` calls a user function the application registers (better-sqlite3: `db.function("regexp", ...)`). */
  override visitRegexpMatchBinary(b: BinaryExpression, kw: CompileKw): string {
    // Flags have no place in SQLite's REGEXP; as in SQLAlchemy they are left out.
    return this.genericBinary(b, " REGEXP ", kw);
  }
  override visitNotRegexpMatchBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.genericBinary(b, " NOT REGEXP ", kw);
  }

  /** SQLite has no XOR: `a XOR b` is `(a | b) - (a & b)`. */
  visitBitwiseXorBinary(b: BinaryExpression, kw: CompileKw): string {
    const l = this.process(b.left, kw);
    const r = this.process(b.right, kw);
    return `(${l} | ${r} - ${l} & ${r})`;
  }

  override visitJsonGetitemBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.jsonExtract(b, kw, true);
  }
  override visitJsonPathGetitemBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.jsonExtract(b, kw, true);
  }

  /** `JSON_EXTRACT(doc, path)`, quoted back to JSON text where the result is JSON. */
  protected jsonExtract(b: BinaryExpression, kw: CompileKw, asJson: boolean): string {
    const expr = `JSON_EXTRACT(${this.process(b.left, kw)}, ${this.process(b.right, kw)})`;
    return asJson ? `JSON_QUOTE(${expr})` : expr;
  }

  override visitJsonCast(el: JSONCast, kw: CompileKw): string {
    if (el.as === "json") return this.process(el.element, kw);
    const inner = this.jsonExtract(el.element, kw, false);
    const type: TypeEngine<unknown> = el.as === "float" ? new FloatType() : el.type;
    return `CAST(${inner} AS ${this.dialect.typeCompiler.process(type)})`;
  }

  /** A JSON element read as a boolean is a condition as it stands (no `= 1`), as SQLAlchemy renders it. */
  override visitIsTrueUnaryOperator(u: UnaryExpression, kw: CompileKw): string {
    if (u.element.visitName === "jsonCast") return this.process(u.element, kw);
    return super.visitIsTrueUnaryOperator(u, kw);
  }

  // ---- functions -------------------------------------------------------------------

  visitNowFunc(_fn: FunctionElement, _kw: CompileKw): string {
    return "CURRENT_TIMESTAMP";
  }
  visitLocaltimestampFunc(_fn: FunctionElement, _kw: CompileKw): string {
    return "DATETIME(CURRENT_TIMESTAMP, 'localtime')";
  }
  visitCharLengthFunc(fn: FunctionElement, kw: CompileKw): string {
    return `length(${this.functionArgs(fn, kw)})`;
  }
  visitAggregateStringsFunc(fn: FunctionElement, kw: CompileKw): string {
    const args = fn.args.map((a, i) =>
      this.process(a, i === fn.args.length - 1 ? { ...kw, literalBinds: true } : kw),
    );
    return `group_concat(${args.join(", ")})`;
  }

  override visitExtract(ex: Extract, kw: CompileKw): string {
    const fmt = EXTRACT_MAP[ex.field];
    if (fmt === undefined) throw new CompileError(`${ex.field} is not a valid extract argument.`);
    return `CAST(STRFTIME('${fmt}', ${this.process(ex.expr, kw)}) AS INTEGER)`;
  }

  override visitCast(cast: Cast, kw: CompileKw): string {
    if (!(this.dialect as { supportsCast?: boolean }).supportsCast) return this.process(cast.clause, kw);
    return super.visitCast(cast, kw);
  }

  // ---- SELECT ----------------------------------------------------------------------

  /** `WHERE false()` is `0 = 1` (SQLite has no boolean literals). */
  protected override falseCriterion(): string {
    return "0 = 1";
  }

  /** SQLite has no `DISTINCT ON`; a plain DISTINCT would return other rows, so it is refused. */
  override getSelectPrecolumns(select: Select, kw: CompileKw): string {
    if (select.distinctOn.length > 0)
      throw new CompileError("DISTINCT ON is not supported by SQLite (it is a PostgreSQL construct)");
    return super.getSelectPrecolumns(select, kw);
  }

  /** SQLite always renders `LIMIT ? OFFSET ?`: `LIMIT -1` stands for no limit, `OFFSET 0` for none. */
  override limitClause(select: SelectBase, kw: CompileKw): string {
    if (select.fetchClause !== undefined) return this.fetchClause(select, kw);
    let text = "";
    if (select.limitClause !== undefined) text += `\n LIMIT ${this.process(select.limitClause, kw)}`;
    if (select.offsetClause !== undefined) {
      if (select.limitClause === undefined) text += `\n LIMIT ${this.process(intBind(-1), kw)}`;
      text += ` OFFSET ${this.process(select.offsetClause, kw)}`;
    } else if (select.limitClause !== undefined) {
      text += ` OFFSET ${this.process(intBind(0), kw)}`;
    }
    return text;
  }

  /** `OFFSET n ROWS FETCH FIRST m ROWS ONLY` (with a FETCH, LIMIT/OFFSET is not used). */
  override fetchClause(select: SelectBase, kw: CompileKw): string {
    let text = "";
    if (select.offsetClause !== undefined) text += `\n OFFSET ${this.process(select.offsetClause, kw)} ROWS`;
    const o = select.fetchOptions ?? {};
    const fetch = select.fetchClause as ClauseElement;
    text += `\n FETCH FIRST ${this.process(fetch, kw)}${o.percent ? " PERCENT" : ""} ROWS ${o.withTies ? "WITH TIES" : "ONLY"}`;
    return text;
  }

  /** SQLite locks the whole database; it has no `FOR UPDATE`. */
  override forUpdateClause(_select: SelectBase, _kw: CompileKw): string {
    return "";
  }

  /** `IN ()` has no SQL form: an empty subquery stands in for the empty list. */
  override emptySetOpExpr(width: number, _op: "in" | "notIn"): string {
    const ones = Array(width).fill("1").join(", ");
    return `SELECT ${ones} FROM (SELECT ${ones}) WHERE 1!=1`;
  }

  /** SQLite accepts row values in IN only from a VALUES list. */
  protected override renderTupleInValues(rows: string[]): string {
    return `VALUES ${rows.join(", ")}`;
  }

  // ---- INSERT / UPDATE / DELETE ----------------------------------------------------

  /** RETURNING names bare columns in SQLite. */
  protected override get returningColumnsIncludeTable(): boolean {
    return false;
  }

  protected override insertPostValues(stmt: Insert, kw: CompileKw): string {
    const clause = (stmt as { postValuesClause?: ClauseElement }).postValuesClause;
    if (clause === undefined || !isClauseElement(clause)) return "";
    return ` ${this.process(clause, kw)}`;
  }

  /** SQLite's DELETE names one table; criteria on other tables go in subqueries. */
  protected override deleteExtraFromClause(
    _stmt: Delete,
    _extra: readonly unknown[],
    _kw: CompileKw,
  ): string {
    throw new NotImplementedError("This backend does not support multiple-table criteria within DELETE");
  }

  // ---- ON CONFLICT ------------------------------------------------------------------

  visitSqliteOnConflictDoNothing(clause: OnConflictLike, kw: CompileKw): string {
    return this.visitOnConflictDoNothing(clause, kw);
  }
  visitSqliteOnConflictDoUpdate(clause: OnConflictLike, kw: CompileKw): string {
    return this.visitOnConflictDoUpdate(clause, kw);
  }

  /** Also renders `postgresql.insert()`'s clause, which SQLite's syntax shares. */
  visitOnConflictDoNothing(clause: OnConflictLike, kw: CompileKw): string {
    const target = this.onConflictTarget(clause, kw);
    return target !== "" ? `ON CONFLICT ${target} DO NOTHING` : "ON CONFLICT DO NOTHING";
  }

  visitOnConflictDoUpdate(clause: OnConflictLike, kw: CompileKw): string {
    const target = this.onConflictTarget(clause, kw);
    const pending = new Map<unknown, unknown>(clause.updateValuesToSet ?? []);
    const ops: string[] = [];
    const columns = clause.table.columns as unknown as ColumnElement<any>[];
    for (const col of columns) {
      let value: unknown;
      if (col.key !== undefined && pending.has(col.key)) {
        value = pending.get(col.key);
        pending.delete(col.key);
      } else if (pending.has(col)) {
        value = pending.get(col);
        pending.delete(col);
      } else continue;
      const expr = isClauseElement(value)
        ? (value as ColumnElement<any>)
        : new BindParameter(undefined, value, { type: col.type, unique: true });
      ops.push(
        `${this.preparer.quote((col as unknown as { name: string }).name)} = ${this.process(expr.selfGroup(), kw)}`,
      );
    }
    for (const [k, v] of pending) {
      const key = typeof k === "string" ? this.preparer.quote(k) : this.process(k as ClauseElement, kw);
      const expr = isClauseElement(v) ? v : new BindParameter(undefined, v, { unique: true });
      ops.push(`${key} = ${this.process(expr, kw)}`);
      this.warnings.push(
        `Additional column names not matching any column keys in table '${(clause.table as unknown as { name: string }).name}': '${String(typeof k === "string" ? k : "")}'`,
      );
    }
    let action = ops.join(", ");
    if (clause.updateWhereclause !== undefined)
      action += ` WHERE ${this.process(clause.updateWhereclause, { ...kw, includeTable: true })}`;
    return `ON CONFLICT ${target} DO UPDATE SET ${action}`;
  }

  protected onConflictTarget(clause: OnConflictLike, kw: CompileKw): string {
    if (clause.constraintTarget !== undefined) {
      throw new CompileError("SQLite has no ON CONFLICT ON CONSTRAINT; name the conflict columns instead");
    }
    const elements = clause.inferredTargetElements;
    if (elements === undefined) return "";
    let text = `(${elements
      .map((c) =>
        typeof c === "string" ? this.preparer.quote(c) : this.process(c, { ...kw, includeTable: false }),
      )
      .join(", ")})`;
    if (clause.inferredTargetWhereclause !== undefined) {
      text += ` WHERE ${this.process(clause.inferredTargetWhereclause, { ...kw, includeTable: false, literalBinds: true })}`;
    }
    return text;
  }
}
