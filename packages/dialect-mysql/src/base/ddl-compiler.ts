import {
  type ClauseElement,
  type ColumnImpl,
  CompileError,
  DDLCompiler,
  type ForeignKeyConstraint,
  type Index,
  type PrimaryKeyConstraint,
  STRINGTYPE,
  type Table,
} from "@athanor/core";
import type { MySQLDialect } from "./dialect.js";

type DDLKw = NonNullable<Parameters<DDLCompiler["visitCreateColumn"]>[1]>;
type CreateIndexEl = Parameters<DDLCompiler["visitCreateIndex"]>[0];
type DropIndexEl = Parameters<DDLCompiler["visitDropIndex"]>[0];
type DropConstraintEl = Parameters<DDLCompiler["visitDropConstraint"]>[0];
type TableCommentEl = Parameters<DDLCompiler["visitSetTableComment"]>[0];
type ColumnCommentEl = Parameters<DDLCompiler["visitSetColumnComment"]>[0];
type DropTableCommentEl = Parameters<DDLCompiler["visitDropTableComment"]>[0];
type DropColumnCommentEl = Parameters<DDLCompiler["visitDropColumnComment"]>[0];

/** Table options written as string literals (`COMMENT='...'`). */
const STRING_OPTIONS = new Set(["COMMENT", "DATA_DIRECTORY", "INDEX_DIRECTORY", "PASSWORD", "CONNECTION"]);
/** Table options whose name is written with spaces (`DEFAULT CHARSET=x`). */
const SPACED_OPTIONS = new Set([
  "DATA_DIRECTORY",
  "INDEX_DIRECTORY",
  "DEFAULT_CHARACTER_SET",
  "CHARACTER_SET",
  "DEFAULT_CHARSET",
  "DEFAULT_COLLATE",
]);
/** Table options joined to their value by a space rather than `=`. */
const SPACE_JOINED = new Set(["TABLESPACE", "DEFAULT CHARACTER SET", "CHARACTER SET", "COLLATE"]);
const PARTITION_OPTIONS = new Set(["PARTITION_BY", "PARTITIONS", "SUBPARTITIONS", "SUBPARTITION_BY"]);
/** Options that must follow others (`COLLATE` after the character set; partition clauses in order). */
const OPTION_ORDER: readonly (readonly [string, string])[] = [
  ["DEFAULT_CHARSET", "COLLATE"],
  ["DEFAULT_CHARACTER_SET", "COLLATE"],
  ["CHARSET", "COLLATE"],
  ["CHARACTER_SET", "COLLATE"],
  ["PARTITION_BY", "PARTITIONS"],
  ["PARTITION_BY", "SUBPARTITION_BY"],
  ["PARTITION_BY", "SUBPARTITIONS"],
  ["PARTITIONS", "SUBPARTITIONS"],
  ["PARTITIONS", "SUBPARTITION_BY"],
  ["SUBPARTITION_BY", "SUBPARTITIONS"],
];

/**
 * Renders MySQL DDL: `AUTO_INCREMENT`, inline column `COMMENT`s, table
 * options from `mysql*` dialect options (`mysqlEngine: "InnoDB"` →
 * `ENGINE=InnoDB`; `mariadb*` ones for the MariaDB variant), index prefix
 * lengths, `FULLTEXT` / `SPATIAL` indexes, `DROP INDEX ... ON table` and
 * MySQL's ways of dropping constraints and setting comments.
 */
export class MySQLDDLCompiler extends DDLCompiler {
  private get mysql(): MySQLDialect {
    return this.dialect as MySQLDialect;
  }

  /**
   * The dialect options of a table or index for this dialect, by upper-case
   * name: `mysqlKeyBlockSize` (or `mysql_key_block_size`) → `KEY_BLOCK_SIZE`.
   * The MariaDB variant reads only `mariadb*` options, as SQLAlchemy does.
   */
  protected dialectOptionsOf(options: Readonly<Record<string, unknown>>): Map<string, unknown> {
    const prefix = this.dialect.name;
    const out = new Map<string, unknown>();
    for (const [key, value] of Object.entries(options)) {
      if (value === undefined || !key.startsWith(prefix)) continue;
      let rest = key.slice(prefix.length);
      if (rest.startsWith("_")) rest = rest.slice(1);
      else if (!/^[A-Z]/.test(rest)) continue;
      const name = rest
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .replace(/-/g, "_")
        .toUpperCase();
      if (name !== "") out.set(name, value);
    }
    return out;
  }

  /** One option of an index or primary key (`length`, `prefix`, `using`, `with_parser`). */
  protected indexOption(
    el: { readonly dialectOptions: Readonly<Record<string, unknown>> },
    name: string,
    fallback = false,
  ): unknown {
    const own = this.dialectOptionsOf(el.dialectOptions).get(name);
    if (own !== undefined || !fallback || !this.mysql.isMariaDB) return own;
    // MariaDB still honours the mysql* form of a few index options, as SQLAlchemy does (deprecated there).
    const mysqlKey = `mysql${name
      .toLowerCase()
      .replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())
      .replace(/^./, (c) => c.toUpperCase())}`;
    const value = el.dialectOptions[mysqlKey] ?? el.dialectOptions[`mysql_${name.toLowerCase()}`];
    if (value !== undefined)
      this.warnings.push(
        `The mysql_${name.toLowerCase()} option is deprecated for the mariadb dialect; use mariadb_${name.toLowerCase()}`,
      );
    return value;
  }

  // --- columns ------------------------------------------------------------------------

  /**
   * `name TYPE [GENERATED ...] [NOT NULL | NULL] [COMMENT '...']
   * [AUTO_INCREMENT | DEFAULT x [ON UPDATE y]]`.
   */
  override getColumnSpecification(column: ColumnImpl<any, any>, kw: DDLKw = {}): string {
    return this.columnSpecification(column, kw, true);
  }

  private columnSpecification(column: ColumnImpl<any, any>, kw: DDLKw, withComment: boolean): string {
    const parts = [this.formatColumn(column), this.typeCompiler.process(column.type)];
    if (column.computed !== undefined) parts.push(this.visitComputedColumn(column.computed, kw));
    // MariaDB makes a generated column nullable unless told otherwise.
    const forceNullable = this.mysql.isMariaDB && column.computed !== undefined && !column.explicitNullable;
    const isTimestamp = column.type.dialectImpl(this.dialect).visitName === "TIMESTAMP";
    if (!column.nullable && !forceNullable) parts.push("NOT NULL");
    // A TIMESTAMP is NOT NULL unless declared NULL (explicit_defaults_for_timestamp off).
    else if (column.nullable && isTimestamp) parts.push("NULL");
    if (withComment && column.comment !== undefined)
      parts.push(`COMMENT ${this.sqlCompiler.renderLiteralValue(column.comment, STRINGTYPE)}`);
    const table = column.table as Table | undefined;
    const seq = column.sequence as { optional?: boolean } | undefined;
    if (
      table !== undefined &&
      column === table.autoincrementColumn &&
      column.serverDefault === undefined &&
      !(this.dialect.supportsSequences && seq !== undefined && seq.optional !== true)
    ) {
      parts.push("AUTO_INCREMENT");
    } else {
      const def = this.getColumnDefaultString(column);
      if (def !== undefined) parts.push(`DEFAULT ${this.wrapDefault(def)}`);
      const onupdate = column.serverOnupdate;
      if (onupdate !== undefined && !/ON +UPDATE/i.test(def ?? ""))
        parts.push(`ON UPDATE ${this.renderDefaultString(onupdate.arg as string | ClauseElement)}`);
    }
    return parts.join(" ");
  }

  /** An expression default is parenthesized where the server allows expressions (MySQL 8.0.13, MariaDB 10.2.1). */
  private wrapDefault(def: string): string {
    if (
      this.mysql.supportDefaultFunction &&
      !/^\s*['"(]/.test(def) &&
      !/ON +UPDATE/i.test(def) &&
      !/^(?:\bnow\(\d+\)|\bcurrent_timestamp\(\d+\))/i.test(def) &&
      /\W/.test(def)
    )
      return `(${def})`;
    return def;
  }

  // --- table options ------------------------------------------------------------------

  /** `ENGINE=InnoDB CHARSET=utf8mb4 COMMENT='...' COLLATE utf8mb4_bin PARTITION BY ...`. */
  override postCreateTable(table: Table): string {
    const opts = this.dialectOptionsOf(table.dialectOptions);
    if (table.comment !== undefined) opts.set("COMMENT", table.comment);
    const names = [...opts.keys()];
    const plain = layeredOrder(names.filter((n) => !PARTITION_OPTIONS.has(n)));
    const partition = layeredOrder(names.filter((n) => PARTITION_OPTIONS.has(n)));
    const out: string[] = [];
    for (const name of plain) {
      const arg = this.optionValue(name, opts.get(name));
      const opt = SPACED_OPTIONS.has(name) ? name.replace(/_/g, " ") : name;
      out.push(`${opt}${SPACE_JOINED.has(opt) ? " " : "="}${arg}`);
    }
    for (const name of partition)
      out.push(`${name.replace(/_/g, " ")} ${this.optionValue(name, opts.get(name))}`);
    return out.join(" ");
  }

  private optionValue(name: string, value: unknown): string {
    return STRING_OPTIONS.has(name)
      ? this.sqlCompiler.renderLiteralValue(String(value), STRINGTYPE)
      : String(value);
  }

  // --- indexes ------------------------------------------------------------------------

  /** `[UNIQUE ][FULLTEXT |SPATIAL ]` from `unique` and the `mysqlPrefix` option. */
  override createIndexPrefix(index: Index, create: CreateIndexEl): string {
    const prefix = this.indexOption(index, "PREFIX");
    return super.createIndexPrefix(index, create) + (prefix === undefined ? "" : `${String(prefix)} `);
  }

  /** An indexed expression with its prefix length (`mysqlLength`: a number, or lengths by column name). */
  override indexExpression(index: Index, expr: ClauseElement, kw: DDLKw = {}): string {
    let text = super.indexExpression(index, expr, kw);
    // A functional key part needs its own parentheses.
    const vn = expr.visitName;
    const modifier = (expr as { modifier?: { name: string } }).modifier?.name;
    if (vn === "binary" || vn === "function" || (vn === "unary" && modifier !== "desc" && modifier !== "asc"))
      text = `(${text})`;
    const length = this.indexOption(index, "LENGTH");
    if (length === undefined || length === null) return text;
    if (typeof length === "number") return `${text}(${Math.trunc(length)})`;
    const byName = length as Record<string, number>;
    const name = (expr as { name?: string }).name;
    const n = (name !== undefined ? byName[name] : undefined) ?? byName[text];
    return n === undefined ? text : `${text}(${Math.trunc(n)})`;
  }

  /** ` WITH PARSER p` and ` USING BTREE|HASH`. */
  override postCreateIndex(index: Index, create: CreateIndexEl): string {
    let text = super.postCreateIndex(index, create);
    const parser = this.indexOption(index, "WITH_PARSER", true);
    if (parser !== undefined) text += ` WITH PARSER ${String(parser)}`;
    const using = this.indexOption(index, "USING", true);
    if (using !== undefined) text += ` USING ${this.preparer.quote(String(using))}`;
    return text;
  }

  /** `DROP INDEX [IF EXISTS] name ON table`. */
  override visitDropIndex(drop: DropIndexEl): string {
    const index = drop.element;
    const table = this.verifyIndexTable(index);
    return `\nDROP INDEX ${this.dropIndexModifiers(drop)}${this.preparedIndexName(index, false)} ON ${this.formatTable(table)}`;
  }

  // --- constraints --------------------------------------------------------------------

  /** `PRIMARY KEY (..) [USING x]`. */
  override visitPrimaryKeyConstraint(constraint: PrimaryKeyConstraint, kw: DDLKw = {}): string {
    const text = super.visitPrimaryKeyConstraint(constraint, kw);
    const using = this.indexOption(constraint, "USING", true);
    return text !== "" && using !== undefined ? `${text} USING ${this.preparer.quote(String(using))}` : text;
  }

  /** MySQL parses `MATCH` but then ignores the ON DELETE / ON UPDATE actions, so it is refused. */
  override defineConstraintMatch(constraint: ForeignKeyConstraint): string {
    if (constraint.match !== undefined)
      throw new CompileError(
        "MySQL ignores the 'MATCH' keyword while at the same time causes ON UPDATE/ON DELETE clauses to be ignored.",
      );
    return "";
  }

  /** `ALTER TABLE t DROP FOREIGN KEY fk | PRIMARY KEY | INDEX uq | CHECK ck` (MariaDB: `CONSTRAINT ck`). */
  override visitDropConstraint(drop: DropConstraintEl): string {
    const constraint = drop.element;
    const table = this.formatTable(this.constraintTable(constraint));
    const name = () => {
      const n = this.formatConstraint(constraint);
      if (n === undefined)
        throw new CompileError(
          `Can't emit DROP CONSTRAINT for constraint ${constraint.constructor.name}; it has no name`,
        );
      return n;
    };
    switch (constraint.conventionKey) {
      case "fk":
        return `ALTER TABLE ${table} DROP FOREIGN KEY ${name()}`;
      case "pk":
        return `ALTER TABLE ${table} DROP PRIMARY KEY`;
      case "uq":
        return `ALTER TABLE ${table} DROP INDEX ${name()}`;
      case "ck":
        return `ALTER TABLE ${table} DROP ${this.mysql.isMariaDB ? "CONSTRAINT" : "CHECK"} ${name()}`;
      default:
        return `ALTER TABLE ${table} DROP ${name()}`;
    }
  }

  /** `NOCYCLE`, as MariaDB (the MySQL family's only server with sequences) spells `NO CYCLE`. */
  override getIdentityOptions(options: Parameters<DDLCompiler["getIdentityOptions"]>[0]): string {
    return super.getIdentityOptions(options).replace("NO CYCLE", "NOCYCLE");
  }

  // --- comments -----------------------------------------------------------------------

  /** `ALTER TABLE t COMMENT '...'`. */
  override visitSetTableComment(el: TableCommentEl): string {
    return `ALTER TABLE ${this.formatTable(el.element)} COMMENT ${this.commentLiteral(el.element.comment)}`;
  }
  /** `ALTER TABLE t COMMENT ''`. */
  override visitDropTableComment(el: DropTableCommentEl): string {
    return `ALTER TABLE ${this.formatTable(el.element)} COMMENT ''`;
  }
  /** A column comment is part of the column's definition: `ALTER TABLE t CHANGE c c <definition>`. */
  override visitSetColumnComment(el: ColumnCommentEl): string {
    const column = el.element;
    return `ALTER TABLE ${this.formatTable(column.table as Table)} CHANGE ${this.formatColumn(column)} ${this.getColumnSpecification(column)}`;
  }
  /** The column's definition again, without its comment. */
  override visitDropColumnComment(el: DropColumnCommentEl): string {
    const column = el.element;
    return `ALTER TABLE ${this.formatTable(column.table as Table)} CHANGE ${this.formatColumn(column)} ${this.columnSpecification(column, {}, false)}`;
  }
}

/**
 * Orders option names so that each follows those it depends on
 * (`OPTION_ORDER`), keeping the given order otherwise: the options with no
 * pending dependency first, then the next layer, as SQLAlchemy's sort does.
 */
function layeredOrder(names: readonly string[]): string[] {
  const out: string[] = [];
  let todo = [...names];
  while (todo.length > 0) {
    const pending = new Set(todo);
    const layer = todo.filter(
      (n) => !OPTION_ORDER.some(([before, after]) => after === n && pending.has(before)),
    );
    if (layer.length === 0) throw new CompileError("circular table option ordering");
    out.push(...layer);
    todo = todo.filter((n) => !layer.includes(n));
  }
  return out;
}
