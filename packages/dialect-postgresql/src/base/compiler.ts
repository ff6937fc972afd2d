import {
  type BinaryExpression,
  BindParameter,
  type ClauseElement,
  type ColumnElement,
  CompileError,
  type CompileKw,
  type Delete,
  FloatType,
  type FromClause,
  type FunctionElement,
  type Insert,
  isClauseElement,
  type JSONCast,
  type NextValue,
  type Select,
  type SelectBase,
  SQLCompiler,
  StringType,
  type TypeEngine,
  type Update,
} from "@athanor/core";
import { isJsonb } from "./types.js";

/** The shape of the ON CONFLICT clauses of `postgresql.insert()` (and `sqlite.insert()`). */
interface OnConflictLike extends ClauseElement {
  readonly table: { readonly columns: readonly unknown[]; readonly name: string };
  readonly constraintTarget?: string | undefined;
  readonly inferredTargetElements: readonly (string | ColumnElement<any>)[] | undefined;
  readonly inferredTargetWhereclause: ColumnElement<any> | undefined;
  readonly updateValuesToSet?: readonly (readonly [string | ColumnElement<any>, unknown])[];
  readonly updateWhereclause?: ColumnElement<any> | undefined;
}

/** An `ARRAY[...]` literal (`postgresql.array([...])`). */
interface ArrayLiteralLike extends ClauseElement {
  readonly clauses: readonly ColumnElement<any>[];
  readonly type: TypeEngine<unknown> & { readonly itemType: TypeEngine<unknown> };
}

/** `expr ORDER BY ...` inside an aggregate (`postgresql.aggregateOrderBy`). */
interface AggregateOrderByLike extends ClauseElement {
  readonly target: ColumnElement<any>;
  readonly orderBy: readonly ColumnElement<any>[];
}

const isBinary = (el: ClauseElement): boolean => el.visitName === "binary";

/** Compiles SQL for PostgreSQL. */
export class PGCompiler extends SQLCompiler {
  protected override get hasNativeIlike(): boolean {
    return true;
  }

  // ---- bound parameters ------------------------------------------------------------

  /**
   * Adds `::TYPE` after the placeholder of JSON, ARRAY and UUID values, as
   * the dialect's driver needs to be told their type (`%(data)s::JSON`).
   */
  override visitBindParam(bind: BindParameter, kw: CompileKw): string {
    const text = super.visitBindParam(bind, kw);
    if (kw.literalBinds || this.literalBinds || bind.expanding || bind.literalExecute) return text;
    if (!(this.dialect as { renderBindCasts?: boolean }).renderBindCasts) return text;
    const cast = this.bindCastType(bind.type);
    return cast === undefined ? text : `${text}::${cast}`;
  }

  /** The type named in a bind cast, or `undefined` for none. */
  protected bindCastType(type: TypeEngine<unknown>): string | undefined {
    const impl = type.dialectImpl(this.dialect);
    const a = impl.affinity;
    if (a === "json" && impl.visitName !== "jsonPath") return this.dialect.typeCompiler.process(type);
    if (a === "uuid" && (impl as { nativeUuid?: boolean }).nativeUuid !== false)
      return this.dialect.typeCompiler.process(type);
    if (a === "array") {
      const item = (impl as unknown as { itemType: TypeEngine<unknown> }).itemType;
      // A VARCHAR cast never needs its length.
      const inner = item.affinity === "string" && item.visitName !== "CITEXT" ? "VARCHAR" : undefined;
      const dims = (impl as { dimensions?: number }).dimensions ?? 1;
      const rendered = this.dialect.typeCompiler.process(type);
      return inner === undefined ? rendered : `${inner}${"[]".repeat(dims)}`;
    }
    return undefined;
  }

  // ---- operators -------------------------------------------------------------------

  override visitIlikeBinary(b: BinaryExpression, kw: CompileKw): string {
    return `${this.process(b.left, kw)} ILIKE ${this.process(b.right, kw)}${this.escapeClause(b)}`;
  }
  override visitNotIlikeBinary(b: BinaryExpression, kw: CompileKw): string {
    return `${this.process(b.left, kw)} NOT ILIKE ${this.process(b.right, kw)}${this.escapeClause(b)}`;
  }

  /** `~` (and `~*` for the `i` flag; other flags are prefixed as `(?flags)`). */
  override visitRegexpMatchBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.regexpMatch("~", b, kw);
  }
  override visitNotRegexpMatchBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.regexpMatch("!~", b, kw);
  }
  private regexpMatch(op: string, b: BinaryExpression, kw: CompileKw): string {
    const flags = b.modifiers.flags;
    if (flags === undefined) return this.genericBinary(b, ` ${op} `, kw);
    if (flags === "i") return this.genericBinary(b, ` ${op}* `, kw);
    return `${this.process(b.left, kw)} ${op} CONCAT('(?', ${this.renderLiteralValue(flags, new StringType())}, ')', ${this.process(b.right, kw)})`;
  }
  override visitRegexpReplaceBinary(b: BinaryExpression, kw: CompileKw): string {
    const flags = b.modifiers.flags;
    const args = `${this.process(b.left, kw)}, ${this.process(b.right, kw)}`;
    return flags === undefined
      ? `REGEXP_REPLACE(${args})`
      : `REGEXP_REPLACE(${args}, ${this.renderLiteralValue(flags, new StringType())})`;
  }

  /** Full-text match: `col @@ plainto_tsquery(x)`. */
  visitMatchBinary(b: BinaryExpression, kw: CompileKw): string {
    const regconfig = (b.modifiers as { postgresqlRegconfig?: string }).postgresqlRegconfig;
    const left = this.process(b.left, kw);
    const right = this.process(b.right, kw);
    if (regconfig !== undefined)
      return `${left} @@ plainto_tsquery(${this.renderLiteralValue(regconfig, new StringType())}, ${right})`;
    return `${left} @@ plainto_tsquery(${right})`;
  }

  /** PostgreSQL's XOR is `#`. */
  visitBitwiseXorBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.genericBinary(b, " # ", kw);
  }

  override visitGetitemBinary(b: BinaryExpression, kw: CompileKw): string {
    return `${this.process(b.left, kw)}[${this.process(b.right, kw)}]`;
  }

  override visitJsonGetitemBinary(b: BinaryExpression, kw: CompileKw): string {
    const left = b.left as ColumnElement<any>;
    if (
      isJsonb(left.type) &&
      (this.dialect as { supportsJsonbSubscripting?: boolean }).supportsJsonbSubscripting
    ) {
      const lv = left.visitName;
      const grouped = lv === "function" || lv === "cast" || isBinary(left);
      const l = this.process(left, kw);
      return `${grouped ? `(${l})` : l}[${this.process(b.right, kw)}]`;
    }
    return this.jsonArrow(b, " -> ", kw);
  }
  override visitJsonPathGetitemBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.jsonArrow(b, " #> ", kw);
  }

  /** `left <op> right`, parenthesising an operand that is itself an operation. */
  protected jsonArrow(b: BinaryExpression, op: string, kw: CompileKw): string {
    const side = (el: ClauseElement) => {
      const s = this.process(el, kw);
      return isBinary(el) ? `(${s})` : s;
    };
    return `${side(b.left)}${op}${side(b.right)}`;
  }

  /** A JSON element read as a scalar: `CAST(doc ->> key AS type)`. */
  override visitJsonCast(el: JSONCast, kw: CompileKw): string {
    const b = el.element;
    if (el.as === "json") return this.process(b, kw);
    const path = b.operator.name === "jsonPathGetitem";
    const inner = this.jsonArrow(b, path ? " #>> " : " ->> ", kw);
    const type: TypeEngine<unknown> = el.as === "float" ? new FloatType() : el.type;
    return `CAST(${inner} AS ${this.dialect.typeCompiler.process(type)})`;
  }

  // ---- elements of this package ----------------------------------------------------

  /** `ARRAY[a, b]`; an empty typed array is `ARRAY[]::type[]`. */
  visitArray(el: ArrayLiteralLike, kw: CompileKw): string {
    if (el.clauses.length === 0 && el.type.itemType.affinity !== "null")
      return `ARRAY[]::${this.dialect.typeCompiler.process(el.type)}`;
    return `ARRAY[${el.clauses.map((c) => this.process(c, kw)).join(", ")}]`;
  }

  /** `expr ORDER BY a, b` inside an aggregate call. */
  visitAggregateOrderBy(el: AggregateOrderByLike, kw: CompileKw): string {
    return `${this.process(el.target, kw)} ORDER BY ${el.orderBy.map((c) => this.process(c, kw)).join(", ")}`;
  }

  /** `nextval('schema.seq')`. */
  visitNextValue(el: NextValue, _kw: CompileKw): string {
    const seq = el.sequence;
    const name = this.preparer.formatTable(seq.name, seq.schema);
    return `nextval('${name.replace(/'/g, "''")}')`;
  }

  // ---- functions -------------------------------------------------------------------

  visitAggregateStringsFunc(fn: FunctionElement, kw: CompileKw): string {
    const args = fn.args.map((a, i) =>
      this.process(a, i === fn.args.length - 1 ? { ...kw, literalBinds: true } : kw),
    );
    return `string_agg(${args.join(", ")})`;
  }
  visitPowFunc(fn: FunctionElement, kw: CompileKw): string {
    return `power(${this.functionArgs(fn, kw)})`;
  }
  visitSubstringFunc(fn: FunctionElement, kw: CompileKw): string {
    const [s, start, length] = fn.args.map((a) => this.process(a, kw));
    return length === undefined
      ? `SUBSTRING(${s} FROM ${start})`
      : `SUBSTRING(${s} FROM ${start} FOR ${length})`;
  }

  // ---- SELECT ----------------------------------------------------------------------

  override getSelectPrecolumns(select: Select, kw: CompileKw): string {
    if (select.distinctOn.length > 0) {
      const cols = select.distinctOn.map((c) => this.process(c, { ...kw, withinColumnsClause: false }));
      return `DISTINCT ON (${cols.join(", ")}) `;
    }
    return select.distinctFlag ? "DISTINCT " : "";
  }

  /** `LIMIT n OFFSET m`; `LIMIT ALL` stands for no limit. With FETCH, `OFFSET .. ROWS FETCH ..`. */
  override limitClause(select: SelectBase, kw: CompileKw): string {
    if (select.fetchClause !== undefined) return this.fetchClause(select, kw);
    let text = "";
    if (select.limitClause !== undefined) text += ` \n LIMIT ${this.process(select.limitClause, kw)}`;
    if (select.offsetClause !== undefined) {
      if (select.limitClause === undefined) text += "\n LIMIT ALL";
      text += ` OFFSET ${this.process(select.offsetClause, kw)}`;
    }
    return text;
  }

  /** PostgreSQL needs parentheses around a non-literal OFFSET/FETCH count. */
  override fetchClause(select: SelectBase, kw: CompileKw): string {
    let text = "";
    if (select.offsetClause !== undefined)
      text += `\n OFFSET (${this.process(select.offsetClause, kw)}) ROWS`;
    const o = select.fetchOptions ?? {};
    const fetch = select.fetchClause as ClauseElement;
    text += `\n FETCH FIRST (${this.process(fetch, kw)})${o.percent ? " PERCENT" : ""} ROWS ${o.withTies ? "WITH TIES" : "ONLY"}`;
    return text;
  }

  /** `FOR UPDATE` / `FOR NO KEY UPDATE` / `FOR SHARE` / `FOR KEY SHARE`, `OF tables`, `NOWAIT`, `SKIP LOCKED`. */
  override forUpdateClause(select: SelectBase, kw: CompileKw): string {
    const fu = select.forUpdate;
    if (fu === undefined) return "";
    let text = fu.read
      ? fu.keyShare
        ? " FOR KEY SHARE"
        : " FOR SHARE"
      : fu.keyShare
        ? " FOR NO KEY UPDATE"
        : " FOR UPDATE";
    if (fu.of !== undefined) {
      const ofs = (Array.isArray(fu.of) ? fu.of : [fu.of]) as ClauseElement[];
      const tables: ClauseElement[] = [];
      for (const o of ofs) {
        const t = (o as { table?: ClauseElement }).table ?? o;
        if (!tables.includes(t)) tables.push(t);
      }
      text += ` OF ${tables.map((t) => this.ofTarget(t, kw)).join(", ")}`;
    }
    if (fu.nowait) text += " NOWAIT";
    if (fu.skipLocked) text += " SKIP LOCKED";
    return text;
  }

  /** A table in `FOR UPDATE OF`: its name (or alias), never schema-qualified. */
  protected ofTarget(t: ClauseElement, kw: CompileKw): string {
    const named = t as { name?: unknown; visitName: string };
    if (named.visitName === "table" && typeof named.name === "string") return this.preparer.quote(named.name);
    return this.process(t, { ...kw, asFrom: false });
  }

  /** PostgreSQL's one table hint is `ONLY`; any other hint meant for it is an error. */
  protected override selectHints(select: Select): string {
    for (const h of select.hints) {
      if (h.dialectName !== "*" && h.dialectName !== this.dialect.name) continue;
      if (h.text.toUpperCase() !== "ONLY") throw new CompileError(`Unrecognized hint: '${h.text}'`);
    }
    return "";
  }

  // ---- INSERT / UPDATE / DELETE ----------------------------------------------------

  protected override insertPostValues(stmt: Insert, kw: CompileKw): string {
    const clause = (stmt as { postValuesClause?: ClauseElement }).postValuesClause;
    if (clause === undefined || !isClauseElement(clause)) return "";
    return ` ${this.process(clause, kw)}`;
  }

  /** `DELETE FROM t USING other WHERE ...`. */
  protected override deleteExtraFromClause(
    stmt: Delete,
    extra: readonly FromClause[],
    kw: CompileKw,
  ): string {
    void stmt;
    return ` USING ${extra.map((f) => this.process(f, { ...kw, asFrom: true })).join(", ")}`;
  }

  protected override updateFromClause(stmt: Update, extra: readonly FromClause[], kw: CompileKw): string {
    void stmt;
    return ` FROM ${extra.map((f) => this.process(f, { ...kw, asFrom: true })).join(", ")}`;
  }

  // ---- ON CONFLICT ------------------------------------------------------------------

  visitOnConflictDoNothing(clause: OnConflictLike, kw: CompileKw): string {
    const target = this.onConflictTarget(clause, kw);
    return target !== "" ? `ON CONFLICT ${target} DO NOTHING` : "ON CONFLICT DO NOTHING";
  }

  visitOnConflictDoUpdate(clause: OnConflictLike, kw: CompileKw): string {
    const target = this.onConflictTarget(clause, kw);
    const pending = new Map<unknown, unknown>(clause.updateValuesToSet ?? []);
    const ops: string[] = [];
    for (const col of clause.table.columns as ColumnElement<any>[]) {
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
      const name = (col as unknown as { name: string }).name;
      ops.push(`${this.preparer.quote(name)} = ${this.process(expr.selfGroup(), kw)}`);
    }
    for (const [k, v] of pending) {
      const key = typeof k === "string" ? this.preparer.quote(k) : this.process(k as ClauseElement, kw);
      const expr = isClauseElement(v) ? v : new BindParameter(undefined, v, { unique: true });
      ops.push(`${key} = ${this.process(expr, kw)}`);
      this.warnings.push(
        `Additional column names not matching any column keys in table '${clause.table.name}': '${typeof k === "string" ? k : "?"}'`,
      );
    }
    let action = ops.join(", ");
    if (clause.updateWhereclause !== undefined)
      action += ` WHERE ${this.process(clause.updateWhereclause, { ...kw, includeTable: true })}`;
    return `ON CONFLICT ${target} DO UPDATE SET ${action}`;
  }

  protected onConflictTarget(clause: OnConflictLike, kw: CompileKw): string {
    if (clause.constraintTarget !== undefined)
      return `ON CONSTRAINT ${this.preparer.quote(this.preparer.truncateName(clause.constraintTarget))}`;
    const elements = clause.inferredTargetElements;
    if (elements === undefined) return "";
    let text = `(${elements
      .map((c) =>
        typeof c === "string" ? this.preparer.quote(c) : this.process(c, { ...kw, includeTable: false }),
      )
      .join(", ")})`;
    if (clause.inferredTargetWhereclause !== undefined)
      text += ` WHERE ${this.process(clause.inferredTargetWhereclause, { ...kw, includeTable: false })}`;
    return text;
  }
}
