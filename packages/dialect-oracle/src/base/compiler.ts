/**
 * The Oracle statement compiler: `FROM DUAL`, aliases without `AS`,
 * `OFFSET n ROWS FETCH FIRST m ROWS ONLY` with the counts inline,
 * `RETURNING ... INTO :ret_0`, `/*+ hints *\/`, and Oracle's spelling of
 * operators and functions.
 */
import {
  type BinaryExpression,
  BindParameter,
  type Cast,
  type ClauseElement,
  type ColumnClause,
  type ColumnElement,
  CompileError,
  type CompileKw,
  type Delete,
  type False,
  type FromClause,
  type FunctionElement,
  type Insert,
  type JSONCast,
  NotImplementedError,
  type NumericType,
  type Select,
  type SelectBase,
  SQLCompiler,
  STRINGTYPE,
  type TableValuedAlias,
  type True,
  type UnaryExpression,
  type Update,
  type UpdateBase,
} from "@athanor/core";
import type { OracleIdentifierPreparer } from "./preparer.js";
import { VARCHAR2Type } from "./types.js";

/** Functions Oracle writes without parentheses when called with no arguments. */
const NO_ARG_FNS = new Set(["CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "SYSDATE", "UID", "USER"]);

interface SequenceLike {
  readonly name: string;
  readonly schema?: string | undefined;
}

/**
 * A bound value as a literal-execute parameter, rendered inline when the
 * statement is executed (SQLAlchemy's `render_literal_execute()`). With
 * `intsOnly`, only plain integer values are converted (LIMIT/OFFSET counts).
 */
export function literalExecuteCopy(el: ColumnElement<any>, intsOnly = true): ColumnElement<any> {
  if ((el as { visitName?: string }).visitName !== "bindParam") return el;
  const bind = el as BindParameter;
  if (bind.literalExecute || bind.expanding) return bind;
  if (intsOnly && typeof bind.value !== "number" && typeof bind.value !== "bigint") return bind;
  return new BindParameter(bind.bindKey, bind.value, {
    type: bind.type,
    unique: bind.unique,
    keyBase: bind.keyBase,
    literalExecute: true,
    callable: bind.callable,
  });
}

/** Compiles statements for Oracle Database. */
export class OracleCompiler extends SQLCompiler {
  /** Output parameters created for `RETURNING ... INTO`, in order. */
  protected returningOutParams = 0;

  // ---------------------------------------------------------------------------------
  // Names, FROM, aliases
  // ---------------------------------------------------------------------------------

  /** Oracle refuses `AS` between a FROM item and its alias. */
  protected override aliasKeyword(): string {
    return " ";
  }

  /** A SELECT without FROM reads the one-row table DUAL. */
  protected override defaultFrom(): string {
    return " FROM DUAL";
  }

  /** A column-valued function's column is its `COLUMN_VALUE` pseudo-column. */
  override visitColumn(col: ColumnClause, kw: CompileKw): string {
    const text = super.visitColumn(col, kw);
    const table = col.table as { scalar?: boolean } | undefined;
    return table?.scalar === true && kw.includeTable !== false ? `${text}.COLUMN_VALUE` : text;
  }

  /** Reserved words and names with illegal characters are written `:"name"`. */
  protected override formatBindName(name: string): string {
    const preparer = this.preparer as OracleIdentifierPreparer;
    return preparer.bindNameRequiresQuotes(name) ? `"${name}"` : name;
  }

  // ---------------------------------------------------------------------------------
  // Literals and operators
  // ---------------------------------------------------------------------------------

  /** `true()` renders `1`, as SQLAlchemy does even on 23ai where BOOLEAN is native. */
  override visitTrue(_el: True, _kw: CompileKw): string {
    return "1";
  }
  override visitFalse(_el: False, _kw: CompileKw): string {
    return "0";
  }
  protected override trueCriterion(): string {
    return "1";
  }
  protected override falseCriterion(): string {
    return "0";
  }

  override visitModBinary(b: BinaryExpression, kw: CompileKw): string {
    return `mod(${this.process(b.left, kw)}, ${this.process(b.right, kw)})`;
  }

  visitMatchBinary(b: BinaryExpression, kw: CompileKw): string {
    return `CONTAINS (${this.process(b.left, kw)}, ${this.process(b.right, kw)})`;
  }

  // Oracle has no IS DISTINCT FROM; DECODE treats two NULLs as equal.
  override visitIsDistinctFromBinary(b: BinaryExpression, kw: CompileKw): string {
    return `DECODE(${this.process(b.left, kw)}, ${this.process(b.right, kw)}, 0, 1) = 1`;
  }
  override visitIsNotDistinctFromBinary(b: BinaryExpression, kw: CompileKw): string {
    return `DECODE(${this.process(b.left, kw)}, ${this.process(b.right, kw)}, 0, 1) = 0`;
  }

  override visitRegexpMatchBinary(b: BinaryExpression, kw: CompileKw): string {
    const flags = b.modifiers.flags;
    const args = [this.process(b.left, kw), this.process(b.right, kw)];
    if (flags !== undefined) args.push(this.renderLiteralValue(flags, STRINGTYPE));
    return `REGEXP_LIKE(${args.join(", ")})`;
  }
  override visitNotRegexpMatchBinary(b: BinaryExpression, kw: CompileKw): string {
    return `NOT ${this.visitRegexpMatchBinary(b, kw)}`;
  }
  override visitRegexpReplaceBinary(b: BinaryExpression, kw: CompileKw): string {
    const flags = b.modifiers.flags;
    const args = [this.process(b.left, kw), this.process(b.right, kw)];
    if (flags !== undefined) args.push(this.renderLiteralValue(flags, STRINGTYPE));
    return `REGEXP_REPLACE(${args.join(", ")})`;
  }

  visitBitwiseXorBinary(b: BinaryExpression, kw: CompileKw): string {
    return `BITXOR(${this.process(b.left, kw)}, ${this.process(b.right, kw)})`;
  }
  visitBitwiseOrBinary(b: BinaryExpression, kw: CompileKw): string {
    return `BITOR(${this.process(b.left, kw)}, ${this.process(b.right, kw)})`;
  }
  visitBitwiseAndBinary(b: BinaryExpression, kw: CompileKw): string {
    return `BITAND(${this.process(b.left, kw)}, ${this.process(b.right, kw)})`;
  }
  // Oracle has no shift or complement operators.
  visitBitwiseLshiftBinary(_b: BinaryExpression, _kw: CompileKw): string {
    throw new CompileError("Cannot compile bitwise_lshift in oracle");
  }
  visitBitwiseRshiftBinary(_b: BinaryExpression, _kw: CompileKw): string {
    throw new CompileError("Cannot compile bitwise_rshift in oracle");
  }
  visitBitwiseNotUnaryOperator(_u: UnaryExpression, _kw: CompileKw): string {
    throw new CompileError("Cannot compile bitwise_not in oracle");
  }

  /** CAST to a string type needs a length on Oracle: `VARCHAR2(4000 CHAR)` when none is given. */
  override visitCast(cast: Cast, kw: CompileKw): string {
    let type = cast.type;
    const impl = type.dialectImpl(this.dialect);
    if (impl.affinity === "string" && !isTextLike(impl.visitName)) {
      const s = impl as { length?: number; collation?: string };
      type = new VARCHAR2Type(
        s.length ?? 4000,
        s.collation !== undefined ? { collation: s.collation } : {},
      ) as typeof type;
    }
    return `CAST(${this.process(cast.clause, kw)} AS ${this.dialect.typeCompiler.process(type)})`;
  }

  // ---------------------------------------------------------------------------------
  // JSON: JSON_QUERY / JSON_VALUE with the path rendered as a literal
  // ---------------------------------------------------------------------------------

  override visitJsonGetitemBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.jsonExtract(b, b.type, kw);
  }
  override visitJsonPathGetitemBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.jsonExtract(b, b.type, kw);
  }
  override visitJsonCast(el: JSONCast, kw: CompileKw): string {
    return this.jsonExtract(el.element, el.type, kw, el.as);
  }

  /** `JSON_QUERY(doc, path)`, or `JSON_VALUE(doc, path RETURNING type)` for a scalar read as `as`. */
  protected jsonExtract(
    b: BinaryExpression,
    type: ColumnElement<any>["type"],
    kw: CompileKw,
    as: string = type.affinity,
  ): string {
    const left = this.process(b.left, kw);
    const right = this.jsonPathLiteral(b.right, kw);
    switch (as) {
      case "boolean":
        // JSON_VALUE ... RETURNING does not map true/false to 1/0.
        return (
          `CASE JSON_VALUE(${left}, ${right}) WHEN 'true' THEN 1 WHEN 'false' THEN 0 ` +
          `ELSE CAST(JSON_VALUE(${left}, ${right}) AS NUMBER(1)) END`
        );
      case "integer":
        return `JSON_VALUE(${left}, ${right} RETURNING INTEGER ERROR ON ERROR)`;
      case "float":
        return `JSON_VALUE(${left}, ${right} RETURNING FLOAT ERROR ON ERROR)`;
      case "numeric": {
        const n = type as NumericType;
        return `JSON_VALUE(${left}, ${right} RETURNING NUMBER(${n.precision}, ${n.scale}) ERROR ON ERROR)`;
      }
      case "string":
        return `JSON_VALUE(${left}, ${right} RETURNING VARCHAR2(4000) ERROR ON ERROR)`;
      default:
        return `JSON_QUERY(${left}, ${right})`;
    }
  }

  /** The JSON path as an Oracle path literal: `'$."key"'`, `'$[0]'`, `'$."a"."b"'`. */
  protected jsonPathLiteral(right: ClauseElement, kw: CompileKw): string {
    if ((right as { visitName?: string }).visitName !== "bindParam") return this.process(right, kw);
    const bind = right as BindParameter;
    const value = bind.callable !== undefined ? bind.callable() : bind.value;
    const steps = Array.isArray(value) ? (value as unknown[]) : [value];
    const path = `$${steps.map((s) => (typeof s === "number" ? `[${s}]` : `."${String(s)}"`)).join("")}`;
    return this.renderLiteralValue(path, STRINGTYPE);
  }

  // ---------------------------------------------------------------------------------
  // Functions
  // ---------------------------------------------------------------------------------

  override visitFunction(fn: FunctionElement, kw: CompileKw): string {
    let text: string;
    if (fn.args.length === 0 && fn.packageNames.length === 0 && NO_ARG_FNS.has(fn.name.toUpperCase()))
      text = fn.isAnsi ? fn.name.toUpperCase() : fn.name;
    else text = super.visitFunction(fn, kw);
    // A function in FROM is a collection: Oracle needs TABLE (...).
    if (kw.asFrom === true && fn.name.toLowerCase() !== "table") text = `TABLE (${text})`;
    return text;
  }
  visitNowFunc(_fn: FunctionElement, _kw: CompileKw): string {
    return "CURRENT_TIMESTAMP";
  }
  visitCharLengthFunc(fn: FunctionElement, kw: CompileKw): string {
    return `LENGTH(${this.functionArgs(fn, kw)})`;
  }
  visitPowFunc(fn: FunctionElement, kw: CompileKw): string {
    return `POWER(${this.functionArgs(fn, kw)})`;
  }
  visitAggregateStringsFunc(fn: FunctionElement, kw: CompileKw): string {
    const [expr, sep] = fn.args;
    if (expr === undefined || sep === undefined)
      throw new CompileError("aggregate_strings takes two arguments");
    return `LISTAGG(${this.process(expr, kw)}, ${this.process(literalExecuteCopy(sep, false), kw)})`;
  }

  /** `seq.nextval`. */
  visitNextValue(el: { sequence: SequenceLike }, _kw: CompileKw): string {
    return `${this.preparer.formatTable(el.sequence.name, el.sequence.schema)}.nextval`;
  }

  // ---------------------------------------------------------------------------------
  // SELECT: hints, row limits, FOR UPDATE
  // ---------------------------------------------------------------------------------

  /** Table hints become optimizer hints after SELECT: `/*+ INDEX(t ix) *\/`. */
  protected override selectHints(select: Select): string {
    const hints = select.hints.filter((h) => h.dialectName === "*" || h.dialectName === this.dialect.name);
    if (hints.length === 0) return "";
    const texts = hints.map((h) => {
      const name = h.selectable !== undefined ? this.fromName(h.selectable) : "";
      return `/*+ ${h.text.replace(/%\(name\)s/g, name)} */`;
    });
    return `${texts.join(" ")} `;
  }

  protected override selectSuffixes(select: Select): string {
    return statementHints(select, this.dialect.name) + super.selectSuffixes(select);
  }

  /** Oracle writes no RECURSIVE after WITH. */
  protected override renderCtes(level?: { readonly ctes: Map<any, string>; recursive: boolean }): string {
    return super.renderCtes(level).replace(/^WITH RECURSIVE /, "WITH ");
  }

  /** A table-valued function in FROM is a collection: `TABLE (fn(...))`. */
  protected override tableValuedBody(tv: TableValuedAlias, kw: CompileKw): string {
    return `TABLE (${super.tableValuedBody(tv, kw)})`;
  }

  /** `OFFSET n ROWS FETCH FIRST m ROWS ONLY`, with plain integer counts rendered inline. */
  override limitClause(select: SelectBase, kw: CompileKw): string {
    const fetch = select.fetchClause ?? select.limitClause;
    const options = select.fetchClause !== undefined ? (select.fetchOptions ?? {}) : {};
    let text = "";
    if (select.offsetClause !== undefined)
      text += ` \n OFFSET ${this.process(literalExecuteCopy(select.offsetClause), kw)} ROWS`;
    if (fetch !== undefined) {
      text +=
        ` \n FETCH FIRST ${this.process(literalExecuteCopy(fetch), kw)}` +
        `${options.percent ? " PERCENT" : ""} ROWS ${options.withTies ? "WITH TIES" : "ONLY"}`;
    }
    return text;
  }

  /** `FOR UPDATE [OF ...] [NOWAIT | SKIP LOCKED]`; Oracle has no shared variant, and none in subqueries. */
  override forUpdateClause(select: SelectBase, kw: CompileKw): string {
    const fu = select.forUpdate;
    if (fu === undefined || this.stack.length > 1) return "";
    let text = " FOR UPDATE";
    if (fu.of !== undefined) {
      const ofs = Array.isArray(fu.of) ? fu.of : [fu.of];
      text += ` OF ${ofs.map((o: ClauseElement) => this.process(o, { ...kw, asFrom: false })).join(", ")}`;
    }
    if (fu.nowait) text += " NOWAIT";
    if (fu.skipLocked) text += " SKIP LOCKED";
    return text;
  }

  // ---------------------------------------------------------------------------------
  // INSERT, UPDATE, DELETE
  // ---------------------------------------------------------------------------------

  /** `RETURNING a, b INTO :ret_0, :ret_1`: the values come back in out-parameters. */
  override returningClause(stmt: UpdateBase, cols: readonly ColumnElement<any>[], kw: CompileKw): string {
    const inner: CompileKw = { ...kw, withinColumnsClause: false };
    const rendered: string[] = [];
    const outs: string[] = [];
    for (const c of cols) {
      const el =
        (c as { visitName?: string }).visitName === "label"
          ? (c as unknown as { element: ClauseElement }).element
          : c;
      rendered.push(this.process(el, inner));
      const out = new BindParameter(`ret_${this.returningOutParams++}`, null, {
        type: c.type,
        unique: false,
      });
      outs.push(this.process(out, inner));
    }
    if (this.stack.length <= 1) this.resultColumns = cols.map((c) => this.resultColumn(c, c.key ?? ""));
    void stmt;
    return `RETURNING ${rendered.join(", ")} INTO ${outs.join(", ")}`;
  }

  /**
   * A CTE used by `INSERT ... SELECT` goes after the column list
   * (`INSERT INTO t (a) WITH c AS (...) SELECT ...`), not before INSERT.
   */
  protected override insertFromSelect(stmt: Insert, kw: CompileKw): { names: string[]; text: string } {
    const result = super.insertFromSelect(stmt, kw);
    if (this.topCtes.ctes.size === 0 || this.stack.length > 1) return result;
    const withClause = this.renderCtes();
    this.topCtes.ctes.clear();
    return { names: result.names, text: withClause + result.text };
  }

  /** Oracle has no `DEFAULT VALUES`: fill the primary key column with `DEFAULT` instead. */
  protected override emptyInsertValues(stmt: Insert): string {
    const table = stmt.table as unknown as {
      primaryKey?: { columns: readonly { name: string }[] };
      columns: readonly { name: string }[];
    };
    const col = table.primaryKey?.columns[0] ?? table.columns[0];
    if (col === undefined) return super.emptyInsertValues(stmt);
    return ` (${this.preparer.quote(col.name)}) VALUES (DEFAULT)`;
  }

  // Oracle's UPDATE and DELETE name one table; criteria on others need a subquery.
  protected override updateFromClause(_stmt: Update, _extra: readonly FromClause[], _kw: CompileKw): string {
    throw new NotImplementedError("This backend does not support multiple-table criteria within UPDATE");
  }
  protected override deleteExtraFromClause(
    _stmt: Delete,
    _extra: readonly FromClause[],
    _kw: CompileKw,
  ): string {
    throw new NotImplementedError("This backend does not support multiple-table criteria within DELETE");
  }
}

/** Whether a string type's DDL name is a large-object type that CAST keeps as is. */
function isTextLike(visitName: string): boolean {
  return ["text", "unicodeText", "CLOB", "NCLOB", "TEXT", "LONG"].includes(visitName);
}

/** The statement hints of a SELECT for `dialectName`, as ` hint1 hint2`. */
export function statementHints(select: Select, dialectName: string): string {
  const hints = select.statementHints.filter((h) => h.dialectName === "*" || h.dialectName === dialectName);
  return hints.length === 0 ? "" : ` ${hints.map((h) => h.text).join(" ")}`;
}
