import {
  type BinaryExpression,
  type Cast,
  type ClauseElement,
  type ClauseList,
  type ColumnClause,
  type ColumnElement,
  CompileError,
  type CompileKw,
  DefaultBindParameter,
  type Delete,
  type FromClause,
  type FunctionElement,
  type Insert,
  type Join,
  type JSONCast,
  type NextValue,
  type NumericType,
  type Select,
  type SelectBase,
  SQLCompiler,
  STRINGTYPE,
  type StringType,
  type TableClause,
  type TypeEngine,
  type UnaryExpression,
  type Update,
  type UpdateBase,
} from "@athanor/core";
import type { DMLLimitClause, OnDuplicateClause } from "../dml.js";
import type { Match } from "../expression.js";
import type { MySQLDialect } from "./dialect.js";
import { CHARType, isMySQLNumeric, isMySQLString } from "./types.js";

const MATCH_MODES = ["IN BOOLEAN MODE", "IN NATURAL LANGUAGE MODE", "WITH QUERY EXPANSION"] as const;
const VALID_MATCH_FLAGS = new Set(["000", "100", "010", "001", "011"]);

/** MySQL's largest row count: the LIMIT of an OFFSET without a LIMIT. */
const MAX_ROWS = "18446744073709551615";

/** The rendering of `inserted` columns while an ON DUPLICATE KEY UPDATE clause is compiled. */
interface InsertedContext {
  readonly table: TableClause;
  /** `new` (the MySQL 8.0.20 row alias), or undefined for `VALUES(col)`. */
  readonly alias: string | undefined;
}

/**
 * Compiles statements for MySQL and MariaDB: `LIMIT offset, count`,
 * `concat()`, `REGEXP`, `MATCH ... AGAINST`, `JSON_EXTRACT`, MySQL's CAST
 * targets, `FOR SHARE` / `LOCK IN SHARE MODE`, multi-table UPDATE and
 * DELETE, `ON DUPLICATE KEY UPDATE` and `UPDATE/DELETE ... LIMIT`.
 */
export class MySQLCompiler extends SQLCompiler {
  private inserted: InsertedContext | undefined;

  private get mysql(): MySQLDialect {
    return this.dialect as MySQLDialect;
  }

  // --- literals and booleans ----------------------------------------------------------

  // MySQL has no boolean type but knows the `true` / `false` keywords (as 1 / 0).
  override visitTrue(): string {
    return "true";
  }
  override visitFalse(): string {
    return "false";
  }
  protected override trueCriterion(): string {
    return "true = 1";
  }
  protected override falseCriterion(): string {
    return "false = 1";
  }

  /** A JSON element read as a boolean is already a condition (a CASE giving true/false), not a column to compare with 1. */
  override visitIsTrueUnaryOperator(u: UnaryExpression, kw: CompileKw): string {
    if (u.element.visitName === "jsonCast") return this.process(u.element, kw);
    return super.visitIsTrueUnaryOperator(u, kw);
  }

  override renderLiteralValue(value: unknown, type?: TypeEngine<unknown>): string {
    if (typeof value === "boolean") return value ? "true" : "false";
    return super.renderLiteralValue(value, type);
  }

  /** A SELECT without FROM but with WHERE needs `FROM DUAL`. */
  protected override defaultFrom(): string {
    const top = this.stack[this.stack.length - 1]?.selectable as Partial<Select> | undefined;
    return (top?.whereClauses?.length ?? 0) > 0 ? " FROM DUAL" : "";
  }

  // --- functions --------------------------------------------------------------------

  /** `random()` is `rand()`. */
  visitRandomFunc(fn: FunctionElement, kw: CompileKw): string {
    return `rand(${this.functionArgs(fn, kw)})`;
  }
  /** `rollup(a, b)` in GROUP BY is `a, b WITH ROLLUP`. */
  override visitRollupFunc(fn: FunctionElement, kw: CompileKw): string {
    return `${this.functionArgs(fn, kw)} WITH ROLLUP`;
  }
  /** `aggregate_strings(expr, sep)` is `group_concat(expr SEPARATOR 'sep')`. */
  visitAggregateStringsFunc(fn: FunctionElement, kw: CompileKw): string {
    const [expr, sep] = fn.args;
    if (expr === undefined || sep === undefined)
      throw new CompileError("aggregate_strings() takes two arguments");
    return `group_concat(${this.process(expr, kw)} SEPARATOR ${this.process(sep, { ...kw, literalBinds: true })})`;
  }
  /** `sysdate()` is `SYSDATE()`. */
  visitSysdateFunc(): string {
    return "SYSDATE()";
  }
  protected override extractField(field: string): string {
    return field === "milliseconds" ? "millisecond" : field;
  }

  // --- operators --------------------------------------------------------------------

  /** String concatenation is `concat(a, b, ...)`; a chain of `+` becomes one call. */
  override visitConcatBinary(b: BinaryExpression, kw: CompileKw): string {
    const parts: ClauseElement[] = [];
    const collect = (el: ClauseElement) => {
      const bin = el as BinaryExpression;
      if (el.visitName === "binary" && bin.operator.name === "concat") {
        collect(bin.left);
        collect(bin.right);
      } else parts.push(el);
    };
    collect(b.left);
    collect(b.right);
    return `concat(${parts.map((p) => this.process(p, kw)).join(", ")})`;
  }

  override visitIsDistinctFromBinary(b: BinaryExpression, kw: CompileKw): string {
    return `NOT (${this.process(b.left, kw)} <=> ${this.process(b.right, kw)})`;
  }
  override visitIsNotDistinctFromBinary(b: BinaryExpression, kw: CompileKw): string {
    return `${this.process(b.left, kw)} <=> ${this.process(b.right, kw)}`;
  }

  override visitRegexpMatchBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.regexpMatch(b, false, kw);
  }
  override visitNotRegexpMatchBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.regexpMatch(b, true, kw);
  }
  private regexpMatch(b: BinaryExpression, not: boolean, kw: CompileKw): string {
    const flags = b.modifiers.flags;
    const op = not ? " NOT REGEXP " : " REGEXP ";
    if (flags === undefined) return this.genericBinary(b, op, kw);
    // MariaDB has no REGEXP_LIKE; its PCRE patterns take the flags inline, `(?i)`.
    if (this.mysql.isMariaDB)
      return `${this.process(b.left, kw)}${op}${this.mariadbFlaggedPattern(flags, b.right, kw)}`;
    const like = `REGEXP_LIKE(${this.process(b.left, kw)}, ${this.process(b.right, kw)}, ${this.renderLiteralValue(flags, STRINGTYPE)})`;
    return not ? `NOT ${like}` : like;
  }
  override visitRegexpReplaceBinary(b: BinaryExpression, kw: CompileKw): string {
    const flags = b.modifiers.flags;
    if (flags === undefined)
      return `REGEXP_REPLACE(${this.process(b.left, kw)}, ${this.process(b.right, kw)})`;
    if (this.mysql.isMariaDB) {
      const [pattern, replacement] = (b.right as ClauseList).clauses as ClauseElement[];
      return `REGEXP_REPLACE(${this.process(b.left, kw)}, ${this.mariadbFlaggedPattern(flags, pattern as ClauseElement, kw)}, ${this.process(replacement as ClauseElement, kw)})`;
    }
    return `REGEXP_REPLACE(${this.process(b.left, kw)}, ${this.process(b.right, kw)}, ${this.renderLiteralValue(flags, STRINGTYPE)})`;
  }
  private mariadbFlaggedPattern(flags: string, pattern: ClauseElement, kw: CompileKw): string {
    return `CONCAT('(?', ${this.renderLiteralValue(flags, STRINGTYPE)}, ')', ${this.process(pattern, kw)})`;
  }

  /** The generic `match()` operator: `MATCH (col) AGAINST (x IN BOOLEAN MODE)`. */
  visitMatchBinary(b: BinaryExpression, kw: CompileKw): string {
    return `MATCH (${this.process(b.left, kw)}) AGAINST (${this.process(b.right, kw)} IN BOOLEAN MODE)`;
  }

  /** `mysql.match(cols, { against, ... })`. */
  visitMysqlMatch(m: Match, kw: CompileKw): string {
    const flags = [m.inBooleanModeFlag, m.inNaturalLanguageModeFlag, m.withQueryExpansionFlag];
    if (!VALID_MATCH_FLAGS.has(flags.map((f) => (f ? "1" : "0")).join(""))) {
      throw new CompileError(
        `Invalid MySQL match flags: in_boolean_mode=${flags[0]}, in_natural_language_mode=${flags[1]}, with_query_expansion=${flags[2]}`,
      );
    }
    const cols = m.columns.map((c) => this.process(c, kw)).join(", ");
    const against = [this.process(m.against, kw), ...MATCH_MODES.filter((_, i) => flags[i])].join(" ");
    return `MATCH (${cols}) AGAINST (${against})`;
  }

  // --- JSON ---------------------------------------------------------------------------

  override visitJsonGetitemBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.jsonExtract(b, kw);
  }
  override visitJsonPathGetitemBinary(b: BinaryExpression, kw: CompileKw): string {
    return this.jsonExtract(b, kw);
  }
  private jsonExtract(b: BinaryExpression, kw: CompileKw): string {
    return `JSON_EXTRACT(${this.process(b.left, kw)}, ${this.process(b.right, kw)})`;
  }

  /** A JSON element as a scalar; a JSON `null` must be turned into SQL NULL explicitly. */
  override visitJsonCast(el: JSONCast, kw: CompileKw): string {
    if (el.as === "json") return this.jsonExtract(el.element, kw);
    const extract = () => this.jsonExtract(el.element, kw);
    const head = `CASE ${extract()} WHEN 'null' THEN NULL`;
    let tail: string;
    switch (el.as) {
      case "integer":
        tail = `ELSE CAST(${extract()} AS SIGNED INTEGER)`;
        break;
      case "numeric":
      case "float": {
        const t = el.type as NumericType;
        // DECIMAL, as MySQL has no NUMERIC cast; adding 0.0 makes a float (no FLOAT cast before 8.0.17).
        tail =
          t.precision !== undefined && t.scale !== undefined
            ? `ELSE CAST(${extract()} AS DECIMAL(${t.precision}, ${t.scale}))`
            : `ELSE ${extract()}+0.0000000000000000000000`;
        break;
      }
      case "boolean":
        tail = "WHEN true THEN true ELSE false";
        break;
      case "string":
        tail = `ELSE JSON_UNQUOTE(${extract()})`;
        break;
      default:
        tail = `ELSE ${extract()}`;
    }
    return `${head} ${tail} END`;
  }

  // --- CAST ---------------------------------------------------------------------------

  /** MySQL casts to a few types only; a CAST to any other type is skipped with a warning. */
  override visitCast(cast: Cast, kw: CompileKw): string {
    const target = this.castTarget(cast.type);
    if (target === undefined) {
      this.warnings.push(
        `Datatype ${this.dialect.typeCompiler.process(cast.type)} does not support CAST on MySQL/MariaDb; the CAST will be skipped.`,
      );
      return this.process((cast.clause as ColumnElement<any>).selfGroup(), kw);
    }
    return `CAST(${this.process(cast.clause, kw)} AS ${target})`;
  }

  /** The CAST target MySQL accepts for `type`, or undefined where there is none. */
  protected castTarget(type: TypeEngine<unknown>): string | undefined {
    const impl = type.dialectImpl(this.dialect);
    const tc = this.dialect.typeCompiler;
    const name = impl.visitName;
    switch (impl.affinity) {
      case "integer":
        return isMySQLNumeric(impl) && impl.unsigned ? "UNSIGNED INTEGER" : "SIGNED INTEGER";
      case "datetime":
        return name === "TIMESTAMP" ? "DATETIME" : tc.process(impl);
      case "date":
      case "time":
        return tc.process(impl);
      case "interval":
        // Interval is stored as DATETIME here.
        return "DATETIME";
      case "string": {
        if (name === "SET") return undefined;
        const s = impl as StringType;
        const char = isMySQLString(impl)
          ? new CHARType(s.length, {
              ...(impl.charset === undefined ? {} : { charset: impl.charset }),
              ...(impl.collation === undefined ? {} : { collation: impl.collation }),
              ascii: impl.ascii,
              unicode: impl.unicode,
              binary: impl.binary,
            })
          : new CHARType(s.length);
        return tc.process(char);
      }
      case "binary":
        return "BINARY";
      case "json":
        return "JSON";
      case "numeric":
        return name === "DECIMAL" ? tc.process(impl) : tc.process(impl).replace("NUMERIC", "DECIMAL");
      case "float":
        return this.mysql.supportFloatCast ? tc.process(impl) : undefined;
      default:
        return undefined;
    }
  }

  // --- FROM, hints, LIMIT, FOR UPDATE -------------------------------------------------

  /** MySQL spells an inner join `INNER JOIN`. */
  override visitJoin(j: Join, kw: CompileKw): string {
    const kind = j.full ? " FULL OUTER JOIN " : j.isouter ? " LEFT OUTER JOIN " : " INNER JOIN ";
    const fromKw = { ...kw, asFrom: true };
    return `${this.process(j.left, fromKw)}${kind}${this.process(j.right, fromKw)} ON ${this.processWhere(j.onclause, { ...kw, asFrom: false })}`;
  }

  private hintsFor(
    hints: readonly { selectable: FromClause | undefined; text: string; dialectName: string }[],
    from: FromClause,
  ): string {
    return hints
      .filter((h) => h.selectable === from && (h.dialectName === "*" || h.dialectName === this.dialect.name))
      .map((h) => ` ${h.text.replace(/%\(name\)s/g, this.fromName(from))}`)
      .join("");
  }

  /** Index hints (`USE INDEX (ix)`) given with `withHint()` follow the table. */
  protected override tableHint(t: FromClause): string {
    const top = this.stack[this.stack.length - 1]?.selectable as Partial<Select> | undefined;
    // DML statements render their hint after the table list (dmlHint).
    if (top?.visitName !== "select" || top.hints === undefined) return "";
    return this.hintsFor(top.hints, t);
  }

  protected override dmlHint(stmt: UpdateBase): string {
    return this.hintsFor(stmt.hints, stmt.table);
  }

  /** Statement hints, then suffixes. */
  protected override selectSuffixes(select: Select): string {
    const hints = select.statementHints.filter(
      (h) => h.dialectName === "*" || h.dialectName === this.dialect.name,
    );
    const text = hints.length > 0 ? ` ${hints.map((h) => h.text).join(" ")}` : "";
    return text + super.selectSuffixes(select);
  }

  /** `LIMIT count`, `LIMIT offset, count`; FETCH FIRST is rendered as written. */
  override limitClause(select: SelectBase, kw: CompileKw): string {
    if (select.fetchClause !== undefined) {
      let text = "";
      if (select.offsetClause !== undefined)
        text += ` \n OFFSET ${this.process(select.offsetClause, kw)} ROWS`;
      const o = select.fetchOptions ?? {};
      text += ` \n FETCH FIRST ${this.process(select.fetchClause, kw)}${o.percent ? " PERCENT" : ""} ROWS ${o.withTies ? "WITH TIES" : "ONLY"}`;
      return text;
    }
    const { limitClause: limit, offsetClause: offset } = select;
    if (offset !== undefined) {
      // An OFFSET needs a LIMIT in MySQL: the largest row count stands for none.
      const count = limit === undefined ? MAX_ROWS : this.process(limit, kw);
      return ` \n LIMIT ${this.process(offset, kw)}, ${count}`;
    }
    return limit === undefined ? "" : ` \n LIMIT ${this.process(limit, kw)}`;
  }

  /** `FOR UPDATE`, `FOR SHARE` (MySQL 8) or `LOCK IN SHARE MODE`; `OF` on MySQL 8 only. */
  override forUpdateClause(select: SelectBase, kw: CompileKw): string {
    const fu = select.forUpdate;
    if (fu === undefined) return "";
    let text = fu.read ? (this.mysql.useMysqlForShare ? " FOR SHARE" : " LOCK IN SHARE MODE") : " FOR UPDATE";
    if (fu.of !== undefined && this.mysql.supportsForUpdateOf) {
      const tables: FromClause[] = [];
      for (const el of Array.isArray(fu.of) ? fu.of : [fu.of]) {
        const from = (el as { isSelectable?: boolean }).isSelectable
          ? (el as FromClause)
          : ((el as ColumnClause).table as FromClause | undefined);
        if (from !== undefined && !tables.includes(from)) tables.push(from);
      }
      const names = tables.map((t) =>
        t.visitName === "table" ? this.preparer.quote((t as TableClause).name) : this.fromName(t),
      );
      if (names.length > 0) text += ` OF ${names.join(", ")}`;
    }
    if (fu.nowait) text += " NOWAIT";
    if (fu.skipLocked) text += " SKIP LOCKED";
    void kw;
    return text;
  }

  // --- INSERT -------------------------------------------------------------------------

  /** In `INSERT ... SELECT` the WITH clause follows the column list, as MySQL wants it. */
  protected override insertFromSelect(stmt: Insert, kw: CompileKw): { names: string[]; text: string } {
    const out = super.insertFromSelect(stmt, kw);
    if (this.stack.length === 1 && this.topCtes.ctes.size > 0) {
      const withClause = this.renderCtes();
      this.topCtes.ctes.clear();
      this.topCtes.recursive = false;
      return { names: out.names, text: withClause + out.text };
    }
    return out;
  }

  protected override insertPostValues(stmt: Insert, kw: CompileKw): string {
    const clause = (stmt as { onDuplicate?: OnDuplicateClause }).onDuplicate;
    return clause === undefined ? "" : ` ${this.process(clause, kw)}`;
  }

  /** `[AS new] ON DUPLICATE KEY UPDATE col = value, ...` of the INSERT being compiled. */
  visitOnDuplicateKeyUpdate(clause: OnDuplicateClause, kw: CompileKw): string {
    const stmt = this.stack[this.stack.length - 1]?.selectable as Insert | undefined;
    if (stmt === undefined || stmt.visitName !== "insert")
      throw new CompileError("ON DUPLICATE KEY UPDATE belongs to an INSERT");
    const table = stmt.table;
    const useAlias = stmt.selectStatement === undefined && this.mysql.requiresAliasForOnDuplicateKey;
    const alias = useAlias ? (table.name.toLowerCase() === "new" ? "new_1" : "new") : undefined;
    const columns = table.columns as ColumnClause<any>[];
    const byKey = new Map(clause.keys.map((k, i) => [k, clause.values[i] as ColumnElement<any>]));
    const order = clause.ordered
      ? clause.keys.map((k) => columns.find((c) => c.key === k)).filter((c) => c !== undefined)
      : columns.filter((c) => byKey.has(c.key));
    const unknown = clause.keys.filter((k) => !columns.some((c) => c.key === k));
    if (unknown.length > 0) {
      this.warnings.push(
        `Additional column names not matching any column keys in table '${table.name}': ${unknown.map((k) => `'${k}'`).join(", ")}`,
      );
    }
    const saved = this.inserted;
    this.inserted = { table: clause.inserted, alias };
    try {
      const sets = order.map((col) => {
        const value = (byKey.get(col.key) as ColumnElement<any>).selfGroup();
        return `${this.preparer.quote(col.name)} = ${this.process(value, { ...kw, crud: false })}`;
      });
      const head = alias === undefined ? "" : `AS ${alias} `;
      return `${head}ON DUPLICATE KEY UPDATE ${sets.join(", ")}`;
    } finally {
      this.inserted = saved;
    }
  }

  override visitColumn(col: ColumnClause, kw: CompileKw): string {
    const ctx = this.inserted;
    if (ctx !== undefined && col.table === ctx.table) {
      const name = this.preparer.quote(col.name);
      return ctx.alias === undefined ? `VALUES(${name})` : `${ctx.alias}.${name}`;
    }
    return super.visitColumn(col, kw);
  }

  /**
   * `nextval(seq)` (MariaDB). A sequence-generated primary key of an INSERT
   * is fetched before the statement instead (there is no RETURNING to read
   * it back), so it becomes a parameter.
   */
  visitNextValue(el: NextValue, kw: CompileKw): string {
    if (kw.crud) {
      const stmt = this.stack[this.stack.length - 1]?.selectable as Insert | undefined;
      if (stmt?.visitName === "insert") {
        const col = (stmt.table.columns as unknown as PkColumn[]).find(
          (c) => c.primaryKey && c.sequence === el.sequence,
        );
        if (col !== undefined)
          return this.process(new DefaultBindParameter(col.key, col as never, false), kw);
      }
    }
    return `nextval(${this.preparer.formatTable(el.sequence.name, el.sequence.schema)})`;
  }

  /**
   * RETURNING: explicit columns as given; `returnDefaults()` only where the
   * statement has RETURNING (MariaDB INSERT), fetching the primary key and
   * the server-generated columns.
   */
  protected override returningColumnsFor(
    stmt: UpdateBase,
    implied: readonly ColumnElement<any>[],
  ): readonly ColumnElement<any>[] {
    if (stmt.returningColumns !== undefined) return stmt.returningColumns;
    const wanted = stmt.returnDefaultsColumns;
    if (wanted === undefined) return implied;
    if (stmt.visitName !== "insert" || !this.dialect.insertReturning) return [];
    const insert = stmt as Insert;
    const given = insert.valuesList?.[0];
    const isGiven = (c: PkColumn) => given?.has(c.key) === true || given?.has(c.name) === true;
    const cols = insert.table.columns as unknown as PkColumn[];
    const out: ColumnElement<any>[] = cols.filter((c) => c.primaryKey && !isGiven(c)) as never[];
    const extra =
      wanted.length > 0 ? wanted : (cols.filter((c) => c.hasServerDefault && !isGiven(c)) as never[]);
    for (const c of extra) if (!out.includes(c)) out.push(c);
    return out;
  }

  // --- UPDATE and DELETE ----------------------------------------------------------------

  /** `UPDATE t1, t2 SET ...`: the other tables are listed after UPDATE. */
  protected override updateTablesClause(stmt: Update, extra: readonly FromClause[], kw: CompileKw): string {
    return [stmt.table, ...extra].map((t) => this.process(t, { ...kw, asFrom: true })).join(", ");
  }
  protected override updateFromClause(): string {
    return "";
  }
  /** With several tables the SET targets name their table. */
  protected override updateSetTarget(
    col: ColumnElement<any>,
    extra: readonly FromClause[],
    kw: CompileKw,
  ): string {
    if (extra.length === 0) return super.updateSetTarget(col, extra, kw);
    const { includeTable: _, ...rest } = kw;
    return this.process(col, rest);
  }

  /** With a USING list, an aliased target is named by its alias (the alias is defined in USING). */
  protected override deleteTableClause(stmt: Delete, kw: CompileKw): string {
    if (stmt.table.visitName !== "table" && this.dmlExtraFroms(stmt).length > 0)
      return this.fromName(stmt.table);
    return super.deleteTableClause(stmt, kw);
  }

  /** `DELETE FROM t1 USING t1, t2 WHERE ...`. */
  protected override deleteExtraFromClause(
    stmt: Delete,
    extra: readonly FromClause[],
    kw: CompileKw,
  ): string {
    const covered = extra.some((f) => f.fromObjects.includes(stmt.table));
    const froms = covered ? extra : [stmt.table, ...extra];
    return ` USING ${froms.map((f) => this.process(f, { ...kw, asFrom: true })).join(", ")}`;
  }

  /** `LIMIT n` of an UPDATE or DELETE (`mysql.limit(n)`). */
  visitMysqlDmlLimit(el: DMLLimitClause): string {
    return `LIMIT ${el.limit}`;
  }
}

/** The column fields read here (a schema `Column`, seen structurally). */
interface PkColumn {
  readonly key: string;
  readonly name: string;
  readonly primaryKey: boolean;
  readonly hasServerDefault: boolean;
  readonly sequence: unknown;
}
