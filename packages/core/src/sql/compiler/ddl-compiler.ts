/**
 * The DDL compiler: renders CREATE / DROP / ALTER constructs (`sql/ddl.ts`)
 * the way SQLAlchemy's generic `DDLCompiler` does, through one
 * `visit<Kind>` method per construct and named hooks a dialect overrides
 * (`getColumnSpecification`, `postCreateTable`, `postCreateIndex`, ...).
 *
 * SQL expressions inside DDL (server defaults, CHECK conditions, index
 * expressions, computed columns, views) are rendered by the dialect's
 * statement compiler (`sqlCompiler`) with bound values inline as literals,
 * as DDL takes no parameters.
 */
import { CompileError, isAthanorError, UnsupportedCompilationError } from "../../exc.js";
import { md5Hex } from "../ddl/md5.js";
import type {
  AddConstraint,
  CreateColumn,
  CreateIndex,
  CreateSchema,
  CreateSequence,
  CreateTable,
  CreateTableAs,
  CreateView,
  DDL,
  DropColumnComment,
  DropConstraint,
  DropConstraintComment,
  DropIndex,
  DropSchema,
  DropSequence,
  DropTable,
  DropTableComment,
  DropView,
  SetColumnComment,
  SetConstraintComment,
  SetTableComment,
  TableViaSelect,
} from "../ddl.js";
import { isIsolatedFromTable } from "../ddl.js";
import type { ClauseElement } from "../elements/base.js";
import { STRINGTYPE } from "../elements/column-element.js";
import { TextClause } from "../elements/text.js";
import type { ColumnImpl } from "../schema/column.js";
import type {
  CheckConstraint,
  Constraint,
  ForeignKeyConstraint,
  Index,
  PrimaryKeyConstraint,
  UniqueConstraint,
} from "../schema/constraints.js";
import type { Computed, Identity, Sequence } from "../schema/defaults.js";
import type { Table } from "../schema/table.js";
import type { FromClause } from "../selectable.js";
import type { Compiled } from "./compiled.js";
import { type CompileKw, SQLCompiler } from "./sql-compiler.js";
import type { TypeCompiler } from "./type-compiler.js";

/** The compile state of DDL (SQLAlchemy's `**kw` of the DDL visit methods). */
export interface DDLCompileKw extends CompileKw {
  /** Rendering the first primary key column of a CREATE TABLE (SQLite puts `PRIMARY KEY` inline). */
  firstPk?: boolean;
  /** Qualify an index name with its table's schema (DROP INDEX does; CREATE INDEX does not). */
  includeSchema?: boolean;
  /** Qualify the table of CREATE INDEX with its schema. Default `true`. */
  includeTableSchema?: boolean;
}

/** The SQL-phrase checks of SQLAlchemy's `validate_sql_phrase`. */
export const FK_ON_DELETE = /^(?:RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT)$/i;
export const FK_ON_UPDATE = /^(?:RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT)$/i;
export const FK_INITIALLY = /^(?:DEFERRED|IMMEDIATE)$/i;

/** Options of the identity of a sequence or an identity column, as `getIdentityOptions` reads them. */
export type IdentityOptionsLike = Pick<
  Sequence,
  "start" | "increment" | "minvalue" | "maxvalue" | "nominvalue" | "nomaxvalue" | "cache" | "cycle" | "order"
>;

const CONSTRAINT_VISIT: Readonly<Record<string, string>> = {
  pk: "primaryKeyConstraint",
  fk: "foreignKeyConstraint",
  uq: "uniqueConstraint",
  ck: "checkConstraint",
};

/**
 * Compiles DDL constructs for a dialect. A dialect subclasses it and
 * overrides visit methods or, better, the hooks below; each hook's TSDoc
 * states its default.
 *
 * Hooks return `""` for "nothing here"; a constraint visit that returns `""`
 * is left out of CREATE TABLE (SQLite does this for a primary key it
 * renders inline).
 *
 * @example
 * ```ts
 * class MyDdlCompiler extends DDLCompiler {
 *   // MySQL-style table options after the closing parenthesis
 *   override postCreateTable(table: Table): string {
 *     const engine = table.dialectOptions.mysqlEngine;
 *     return engine === undefined ? "" : `ENGINE=${engine}`;
 *   }
 * }
 * ```
 */
export class DDLCompiler extends SQLCompiler {
  private sqlCompilerInstance: SQLCompiler | undefined;

  /**
   * The dialect's statement compiler, which renders the SQL expressions
   * found in DDL (defaults, CHECK conditions, index expressions, views).
   */
  get sqlCompiler(): SQLCompiler {
    this.sqlCompilerInstance ??= new this.dialect.statementCompiler(this.dialect, this.statement, {
      literalBinds: true,
    });
    return this.sqlCompilerInstance;
  }

  /** The dialect's type compiler (DDL names of types). */
  get typeCompiler(): TypeCompiler {
    return this.dialect.typeCompiler;
  }

  override compile(): Compiled {
    const sql = this.process(this.statement, {});
    if (this.sqlCompilerInstance !== undefined) this.warnings.push(...this.sqlCompilerInstance.warnings);
    return this.makeCompiled(sql);
  }

  /** Renders an expression inside DDL: values inline; with `includeTable: false`, columns without their table. */
  renderExpression(el: ClauseElement, options: { includeTable?: boolean } = {}): string {
    const kw: CompileKw = { literalBinds: true };
    if (options.includeTable === false) kw.includeTable = false;
    return this.sqlCompiler.process(el, kw);
  }

  /** Renders a SELECT in full (its WITH clause included), values inline. */
  renderSelect(select: ClauseElement): string {
    const compiler = new this.dialect.statementCompiler(this.dialect, select, { literalBinds: true });
    const compiled = compiler.compile();
    this.warnings.push(...compiled.warnings);
    return compiled.sql;
  }

  // ==================================================================================
  // Names
  // ==================================================================================

  /** `schema.table`, quoted as needed; `useSchema: false` leaves the schema out. */
  formatTable(table: FromClause, options: { useSchema?: boolean } = {}): string {
    const t = table as unknown as {
      name: string;
      schema?: string;
      quoteName?: boolean;
      quoteSchemaName?: boolean;
    };
    const schema = options.useSchema === false ? undefined : t.schema;
    return this.preparer.formatTable(t.name, schema, t.quoteName, t.quoteSchemaName);
  }

  /** A column name, quoted as needed (or as its `quote` option forces); optionally table- and schema-qualified. */
  formatColumn(
    column: ColumnImpl<any, any>,
    options: { useTable?: boolean; useSchema?: boolean } = {},
  ): string {
    const name = this.preparer.quote(column.name, column.quoteName);
    if (options.useTable !== true || column.table === undefined) return name;
    return `${this.formatTable(column.table, { useSchema: options.useSchema ?? false })}.${name}`;
  }

  /** A schema name for CREATE / DROP SCHEMA. */
  formatSchema(name: string): string {
    return this.preparer.quote(name);
  }

  /** A sequence name, schema-qualified when it has a schema. */
  formatSequence(seq: Sequence, options: { useSchema?: boolean } = {}): string {
    const name = this.preparer.quote(seq.name);
    if (options.useSchema === false || seq.schema === undefined) return name;
    return `${this.preparer.quoteSchema(seq.schema)}.${name}`;
  }

  /**
   * A constraint's name, quoted; `undefined` if it has none. A generated
   * (naming convention) name longer than the dialect allows is shortened
   * with an MD5 suffix, as SQLAlchemy does; a given name that is too long
   * raises.
   */
  formatConstraint(constraint: Constraint | Index): string | undefined {
    const name = constraint.name;
    if (name === undefined || name === null) return undefined;
    const max =
      constraint.conventionKey === "ix"
        ? (this.dialect as { maxIndexNameLength?: number }).maxIndexNameLength
        : (this.dialect as { maxConstraintNameLength?: number }).maxConstraintNameLength;
    return this.truncateAndRenderName(
      name,
      max ?? this.dialect.maxIdentifierLength,
      !constraint.explicitName,
    );
  }

  /** An index's name, quoted (and shortened if generated and too long). */
  formatIndex(index: Index): string {
    const name = this.formatConstraint(index);
    if (name === undefined) throw new CompileError("the index has no name");
    return name;
  }

  /** Shortens a generated name to `max` (`name[:max-8]_<md5[-4:]>`) or checks a given one, then quotes it. */
  truncateAndRenderName(name: string, max: number, generated: boolean): string {
    if (generated) {
      if (name.length > max) name = `${name.slice(0, max - 8)}_${md5Hex(name).slice(-4)}`;
    } else if (name.length > this.dialect.maxIdentifierLength) {
      throw new CompileError(
        `Identifier '${name}' exceeds maximum length of ${this.dialect.maxIdentifierLength} characters`,
      );
    }
    return this.preparer.quote(name);
  }

  /** Checks a keyword phrase (`ON DELETE x`, `INITIALLY x`) against `pattern`, so no SQL can be injected. */
  validateSqlPhrase(phrase: string, pattern: RegExp): string {
    if (!pattern.test(phrase)) {
      throw new CompileError(`Unexpected SQL phrase: '${phrase}' (matching against '${pattern.source}')`);
    }
    return phrase;
  }

  // ==================================================================================
  // Literal DDL, schemas
  // ==================================================================================

  visitDdl(el: DDL, _kw: DDLCompileKw = {}): string {
    const context: Record<string, string> = {};
    const target = el.target;
    if (target !== undefined && typeof target !== "string") {
      context.table = this.preparer.quote(target.name, target.quoteName);
      context.schema =
        target.schema === undefined
          ? ""
          : target.quoteSchemaName === undefined
            ? this.preparer.quoteSchema(target.schema)
            : this.preparer.quote(target.schema, target.quoteSchemaName);
      context.fullname = this.formatTable(target);
    }
    Object.assign(context, el.context);
    const text = el.statement.replace(/%(?:\((\w+)\)s|%)/g, (m, key: string | undefined) => {
      if (key === undefined) return "%";
      const v = context[key];
      if (v === undefined) throw new CompileError(`DDL statement refers to '${m}', which has no value`);
      return v;
    });
    return this.dialect.doublePercents ? text.replace(/%/g, "%%") : text;
  }

  visitCreateSchema(create: CreateSchema, _kw: DDLCompileKw = {}): string {
    return `CREATE SCHEMA ${create.ifNotExists ? "IF NOT EXISTS " : ""}${this.formatSchema(create.element)}`;
  }

  visitDropSchema(drop: DropSchema, _kw: DDLCompileKw = {}): string {
    let text = `DROP SCHEMA ${drop.ifExists ? "IF EXISTS " : ""}${this.formatSchema(drop.element)}`;
    if (drop.cascade) text += " CASCADE";
    return text;
  }

  // ==================================================================================
  // CREATE TABLE
  // ==================================================================================

  visitCreateTable(create: CreateTable, kw: DDLCompileKw = {}): string {
    const table = create.element;
    let text = "\nCREATE ";
    if (table.prefixes.length > 0) text += `${table.prefixes.join(" ")} `;
    text += "TABLE ";
    if (create.ifNotExists) text += "IF NOT EXISTS ";
    text += `${this.formatTable(table)} `;
    const suffix = this.createTableSuffix(table);
    if (suffix !== "") text += `${suffix} `;
    text += "(";

    let separator = "\n";
    let firstPk = false;
    for (const createColumn of create.columns) {
      const column = createColumn.element;
      const isPk = this.isPrimaryKeyColumn(column);
      let processed: string;
      try {
        processed = this.process(createColumn, { ...kw, firstPk: isPk && !firstPk } as DDLCompileKw);
      } catch (e) {
        if (isAthanorError(e, "CompileError")) {
          throw new CompileError(`(in table '${table.description}', column '${column.name}'): ${e.message}`, {
            cause: e,
          });
        }
        throw e;
      }
      if (processed !== "" && processed !== undefined && processed !== null) {
        text += `${separator}\t${processed}`;
        separator = ", \n";
      }
      if (isPk) firstPk = true;
    }

    const constraints = this.createTableConstraints(
      table,
      create.includeForeignKeyConstraints !== undefined
        ? { includeForeignKeyConstraints: create.includeForeignKeyConstraints }
        : {},
    );
    if (constraints !== "") text += `${separator}\t${constraints}`;
    text += `\n)${this.postCreateTable(table)}\n\n`;
    return text;
  }

  /** Whether `column` is part of its table's primary key. */
  isPrimaryKeyColumn(column: ColumnImpl<any, any>): boolean {
    if (column.primaryKey) return true;
    const table = column.table as Table | undefined;
    return table?.primaryKey?.columns.includes(column as never) ?? false;
  }

  /** One column of CREATE TABLE: its specification and its column-level constraints; `""` for a system column. */
  visitCreateColumn(create: CreateColumn, kw: DDLCompileKw = {}): string {
    const column = create.element;
    if ((column as { system?: boolean }).system === true) return "";
    let text = this.getColumnSpecification(column, kw);
    const consts = this.columnConstraints(column)
      .map((c) => this.processConstraint(c, kw))
      .filter((s) => s !== "")
      .join(" ");
    if (consts !== "") text += ` ${consts}`;
    return text;
  }

  /** The constraints rendered inline after a column's specification: its own CHECK, if any. */
  columnConstraints(column: ColumnImpl<any, any>): Constraint[] {
    const ck = column.check;
    return ck !== undefined && !isIsolatedFromTable(ck) ? [ck] : [];
  }

  /**
   * Hook: a column's definition in CREATE TABLE: `name TYPE [DEFAULT x]
   * [GENERATED ...] [NOT NULL]`. Dialects override it for SERIAL,
   * AUTO_INCREMENT, IDENTITY, inline comments and the like; `kw.firstPk`
   * says whether this is the first primary key column.
   */
  getColumnSpecification(column: ColumnImpl<any, any>, kw: DDLCompileKw = {}): string {
    let colspec = `${this.formatColumn(column)} ${this.typeCompiler.process(column.type)}`;
    const def = this.getColumnDefaultString(column);
    if (def !== undefined) colspec += ` DEFAULT ${def}`;
    if (column.computed !== undefined) colspec += ` ${this.visitComputedColumn(column.computed, kw)}`;
    const identity = column.identity !== undefined && this.dialect.supportsIdentityColumns;
    if (identity) colspec += ` ${this.visitIdentityColumn(column.identity as Identity, kw)}`;
    if (!column.nullable && !identity) colspec += " NOT NULL";
    return colspec;
  }

  /** Hook: the SQL after `DEFAULT` for a column's server default, or `undefined` for none. */
  getColumnDefaultString(column: ColumnImpl<any, any>): string | undefined {
    const def = column.serverDefault;
    return def === undefined ? undefined : this.renderDefaultString(def.arg);
  }

  /** Renders a server default: a string as a quoted string literal, an expression as SQL with values inline. */
  renderDefaultString(arg: string | ClauseElement): string {
    if (typeof arg === "string") return this.sqlCompiler.renderLiteralValue(arg, STRINGTYPE);
    return this.renderExpression(arg);
  }

  /** Hook: text between the table name and `(` in CREATE TABLE. Default `""`. */
  createTableSuffix(_table: Table): string {
    return "";
  }

  /** Hook: text after the closing `)` of CREATE TABLE (MySQL `ENGINE=InnoDB`, Oracle `TABLESPACE ...`). Default `""`. */
  postCreateTable(_table: Table): string {
    return "";
  }

  /**
   * The table-level constraints of CREATE TABLE, joined by `, \n\t`: the
   * primary key first, then the others in the order they were created,
   * leaving out column-level CHECKs (rendered with their column), those an
   * `AddConstraint` took over, `useAlter` foreign keys (where the database
   * has ALTER), and foreign keys not in `includeForeignKeyConstraints`.
   */
  createTableConstraints(
    table: Table,
    options: { includeForeignKeyConstraints?: readonly ForeignKeyConstraint[] } = {},
  ): string {
    const constraints: Constraint[] = [];
    if (table.primaryKey.columns.length > 0) constraints.push(table.primaryKey);
    const include = options.includeForeignKeyConstraints;
    const sorted = table.constraints
      .map((c, i) => [c, i] as const)
      .sort(([a, i], [b, j]) => (creationOrder(a) ?? 0) - (creationOrder(b) ?? 0) || i - j)
      .map(([c]) => c);
    for (const c of sorted) {
      if (c === table.primaryKey) continue;
      if (include !== undefined && c.conventionKey === "fk" && !include.includes(c as ForeignKeyConstraint))
        continue;
      constraints.push(c);
    }
    return constraints
      .filter((c) => this.shouldRenderConstraint(c))
      .filter((c) => !(this.dialect.supportsAlter && (c as { useAlter?: boolean }).useAlter === true))
      .map((c) => this.processConstraint(c))
      .filter((s) => s !== "")
      .join(", \n\t");
  }

  /**
   * Hook: whether a constraint of the table goes into its CREATE TABLE.
   * Default: not if an `AddConstraint` took it over, not a column-level
   * CHECK (rendered with its column), and a CHECK made by a type (non-native
   * Enum or Boolean) only where `shouldCreateTypeBoundConstraint` says so.
   */
  shouldRenderConstraint(constraint: Constraint): boolean {
    if (isIsolatedFromTable(constraint)) return false;
    if (constraint.conventionKey === "ck") {
      const ck = constraint as CheckConstraint;
      if (ck.column !== undefined) return false;
      if (ck.typeBoundColumn !== undefined) return this.shouldCreateTypeBoundConstraint(ck);
    }
    return true;
  }

  /**
   * Hook: whether the CHECK a type adds (`Enum(..., { createConstraint: true })`,
   * `Boolean(true)`) is created for this dialect: for an Enum where it is not
   * a native enum, for a Boolean where booleans are not native.
   */
  shouldCreateTypeBoundConstraint(ck: CheckConstraint): boolean {
    const column = ck.typeBoundColumn as unknown as ColumnImpl<any, any> | undefined;
    if (column === undefined) return true;
    const impl = column.type.dialectImpl(this.dialect) as unknown as {
      affinity: string;
      createConstraint?: boolean;
      nativeEnum?: boolean;
    };
    if (impl.createConstraint !== true) return false;
    if (impl.affinity === "enum") return !(impl.nativeEnum === true && this.dialect.supportsNativeEnum);
    if (impl.affinity === "boolean") return !this.dialect.supportsNativeBoolean;
    return false;
  }

  /**
   * Renders a constraint by its kind: a constraint class with a `visitName`
   * goes to `visit<VisitName>` (dialect-specific constraints such as
   * PostgreSQL's EXCLUDE); the built-in ones go to
   * `visitPrimaryKeyConstraint`, `visitForeignKeyConstraint`,
   * `visitUniqueConstraint`, `visitCheckConstraint` or
   * `visitColumnCheckConstraint`.
   */
  processConstraint(constraint: Constraint, kw: DDLCompileKw = {}): string {
    let visitName =
      (constraint as { visitName?: string }).visitName ?? CONSTRAINT_VISIT[constraint.conventionKey];
    if (visitName === "checkConstraint" && (constraint as CheckConstraint).column !== undefined) {
      visitName = "columnCheckConstraint";
    }
    const fn =
      visitName === undefined
        ? undefined
        : (this as unknown as Record<string, unknown>)[
            `visit${visitName.charAt(0).toUpperCase()}${visitName.slice(1)}`
          ];
    if (typeof fn !== "function") {
      throw new UnsupportedCompilationError(
        `Compiler ${this.constructor.name} can't render constraint of type ${constraint.constructor.name}`,
      );
    }
    return ((fn as (c: Constraint, kw: DDLCompileKw) => string).call(this, constraint, kw) ?? "") as string;
  }

  // ==================================================================================
  // Constraints
  // ==================================================================================

  visitPrimaryKeyConstraint(constraint: PrimaryKeyConstraint, kw: DDLCompileKw = {}): string {
    if (constraint.columns.length === 0) return "";
    return (
      this.defineConstraintPreamble(constraint, kw) +
      this.definePrimaryKeyBody(constraint, kw) +
      this.defineConstraintDeferrability(constraint)
    );
  }

  visitForeignKeyConstraint(constraint: ForeignKeyConstraint, kw: DDLCompileKw = {}): string {
    return (
      this.defineConstraintPreamble(constraint, kw) +
      this.defineForeignKeyBody(constraint, kw) +
      this.defineConstraintMatch(constraint) +
      this.defineConstraintCascades(constraint) +
      this.defineConstraintDeferrability(constraint)
    );
  }

  visitUniqueConstraint(constraint: UniqueConstraint, kw: DDLCompileKw = {}): string {
    if (constraint.columns.length === 0) return "";
    return (
      this.defineConstraintPreamble(constraint, kw) +
      this.defineUniqueBody(constraint, kw) +
      this.defineConstraintDeferrability(constraint)
    );
  }

  /** A table-level CHECK. */
  visitCheckConstraint(constraint: CheckConstraint, kw: DDLCompileKw = {}): string {
    return (
      this.defineConstraintPreamble(constraint, kw) +
      this.defineCheckBody(constraint, kw) +
      this.defineConstraintDeferrability(constraint)
    );
  }

  /** A CHECK declared on a column, rendered after the column's specification. */
  visitColumnCheckConstraint(constraint: CheckConstraint, kw: DDLCompileKw = {}): string {
    return (
      this.defineConstraintPreamble(constraint, kw) +
      this.defineCheckBody(constraint, kw) +
      this.defineConstraintDeferrability(constraint)
    );
  }

  /** Hook: `CONSTRAINT name ` when the constraint has a name, else `""`. */
  defineConstraintPreamble(constraint: Constraint, _kw: DDLCompileKw = {}): string {
    const name = this.formatConstraint(constraint);
    return name === undefined ? "" : `CONSTRAINT ${name} `;
  }

  /** Hook: `PRIMARY KEY (a, b)`; an implicit key lists its autoincrement column first. */
  definePrimaryKeyBody(constraint: PrimaryKeyConstraint, _kw: DDLCompileKw = {}): string {
    let cols = constraint.columns as unknown as readonly ColumnImpl<any, any>[];
    const table = constraint.table;
    if (constraint.implicit && table !== undefined) {
      const autoinc = table.autoincrementColumn;
      if (autoinc !== undefined && cols.includes(autoinc))
        cols = [autoinc, ...cols.filter((c) => c !== autoinc)];
    }
    return `PRIMARY KEY (${cols.map((c) => this.preparer.quote(c.name, c.quoteName)).join(", ")})`;
  }

  /** Hook: `FOREIGN KEY(a) REFERENCES remote (x)`. */
  defineForeignKeyBody(constraint: ForeignKeyConstraint, _kw: DDLCompileKw = {}): string {
    const elements = constraint.elements;
    const first = elements[0];
    if (first === undefined) throw new CompileError("a foreign key constraint has no columns");
    const remote = first.column.table as unknown as Table;
    const local = elements.map((fk) => {
      const parent = fk.parent as unknown as ColumnImpl<any, any>;
      return this.preparer.quote(parent.name, parent.quoteName);
    });
    const referred = elements.map((fk) => {
      const col = fk.column as unknown as ColumnImpl<any, any>;
      return this.preparer.quote(col.name, col.quoteName);
    });
    return `FOREIGN KEY(${local.join(", ")}) REFERENCES ${this.defineConstraintRemoteTable(constraint, remote)} (${referred.join(", ")})`;
  }

  /** Hook: the referenced table of a foreign key, schema-qualified as needed. */
  defineConstraintRemoteTable(_constraint: ForeignKeyConstraint, table: Table): string {
    return this.formatTable(table);
  }

  /** Hook: `UNIQUE (a, b)`, with `defineUniqueConstraintDistinct` after `UNIQUE `. */
  defineUniqueBody(constraint: UniqueConstraint, kw: DDLCompileKw = {}): string {
    const cols = (constraint.columns as unknown as readonly ColumnImpl<any, any>[]).map((c) =>
      this.preparer.quote(c.name, c.quoteName),
    );
    return `UNIQUE ${this.defineUniqueConstraintDistinct(constraint, kw)}(${cols.join(", ")})`;
  }

  /** Hook: words before a UNIQUE constraint's columns (PostgreSQL `NULLS NOT DISTINCT `). Default `""`. */
  defineUniqueConstraintDistinct(_constraint: UniqueConstraint, _kw: DDLCompileKw = {}): string {
    return "";
  }

  /** Hook: `CHECK (condition)`, the condition with its columns unqualified and values inline. */
  defineCheckBody(constraint: CheckConstraint, _kw: DDLCompileKw = {}): string {
    return `CHECK (${this.renderExpression(constraint.sqltext, { includeTable: false })})`;
  }

  /** Hook: ` ON DELETE x` and ` ON UPDATE y` of a foreign key. */
  defineConstraintCascades(constraint: ForeignKeyConstraint): string {
    let text = "";
    if (constraint.ondelete !== undefined) text += this.defineConstraintOndeleteCascade(constraint);
    if (constraint.onupdate !== undefined) text += this.defineConstraintOnupdateCascade(constraint);
    return text;
  }

  /** Hook: ` ON DELETE x` (checked against `FK_ON_DELETE`). */
  defineConstraintOndeleteCascade(constraint: ForeignKeyConstraint): string {
    return ` ON DELETE ${this.validateSqlPhrase(constraint.ondelete as string, FK_ON_DELETE)}`;
  }

  /** Hook: ` ON UPDATE x` (checked against `FK_ON_UPDATE`). */
  defineConstraintOnupdateCascade(constraint: ForeignKeyConstraint): string {
    return ` ON UPDATE ${this.validateSqlPhrase(constraint.onupdate as string, FK_ON_UPDATE)}`;
  }

  /** Hook: ` [NOT] DEFERRABLE` and ` INITIALLY x`. */
  defineConstraintDeferrability(constraint: Constraint): string {
    let text = "";
    if (constraint.deferrable !== undefined)
      text += constraint.deferrable ? " DEFERRABLE" : " NOT DEFERRABLE";
    if (constraint.initially !== undefined) {
      text += ` INITIALLY ${this.validateSqlPhrase(constraint.initially, FK_INITIALLY)}`;
    }
    return text;
  }

  /** Hook: ` MATCH x` of a foreign key. */
  defineConstraintMatch(constraint: ForeignKeyConstraint): string {
    return constraint.match !== undefined ? ` MATCH ${constraint.match}` : "";
  }

  // ==================================================================================
  // Generated columns
  // ==================================================================================

  /** `GENERATED ALWAYS AS (expr) [STORED | VIRTUAL]`. */
  visitComputedColumn(computed: Computed, _kw: DDLCompileKw = {}): string {
    const sqltext =
      typeof computed.sqltext === "string" ? new TextClause(computed.sqltext) : computed.sqltext;
    let text = `GENERATED ALWAYS AS (${this.renderExpression(sqltext, { includeTable: false })})`;
    if (computed.persisted === true) text += " STORED";
    else if (computed.persisted === false) text += " VIRTUAL";
    return text;
  }

  /** `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [(options)]`, where the dialect has identity columns. */
  visitIdentityColumn(identity: Identity, _kw: DDLCompileKw = {}): string {
    let text = `GENERATED ${identity.always ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`;
    const options = this.getIdentityOptions(identity);
    if (options !== "") text += ` (${options})`;
    return text;
  }

  /**
   * Hook: the options of a sequence or identity: `INCREMENT BY n START WITH
   * n MINVALUE n MAXVALUE n NO MINVALUE NO MAXVALUE CACHE n [NO] CYCLE`, in
   * that order. `order` is not generic SQL (Oracle renders it).
   */
  getIdentityOptions(options: IdentityOptionsLike): string {
    const text: string[] = [];
    if (options.increment !== undefined) text.push(`INCREMENT BY ${integer(options.increment)}`);
    if (options.start !== undefined) text.push(`START WITH ${integer(options.start)}`);
    if (options.minvalue !== undefined) text.push(`MINVALUE ${integer(options.minvalue)}`);
    if (options.maxvalue !== undefined) text.push(`MAXVALUE ${integer(options.maxvalue)}`);
    if (options.nominvalue) text.push("NO MINVALUE");
    if (options.nomaxvalue) text.push("NO MAXVALUE");
    if (options.cache !== undefined) text.push(`CACHE ${integer(options.cache)}`);
    if (options.cycle !== undefined) text.push(options.cycle ? "CYCLE" : "NO CYCLE");
    return text.join(" ");
  }

  // ==================================================================================
  // DROP TABLE, views, CREATE TABLE AS
  // ==================================================================================

  visitDropTable(drop: DropTable, _kw: DDLCompileKw = {}): string {
    return `\nDROP TABLE ${drop.ifExists ? "IF EXISTS " : ""}${this.formatTable(drop.element)}`;
  }

  visitCreateView(create: CreateView, kw: DDLCompileKw = {}): string {
    return this.generateTableSelect(create, "view", kw);
  }

  visitCreateTableAs(create: CreateTableAs, kw: DDLCompileKw = {}): string {
    return this.generateTableSelect(create, "createTableAs", kw);
  }

  visitDropView(drop: DropView, _kw: DDLCompileKw = {}): string {
    return `\nDROP ${drop.materialized ? "MATERIALIZED VIEW " : "VIEW "}${drop.ifExists ? "IF EXISTS " : ""}${this.formatTable(drop.element)}`;
  }

  /**
   * `CREATE [OR REPLACE] [TEMPORARY] {VIEW | MATERIALIZED VIEW | TABLE}
   * [IF NOT EXISTS] name [suffixes] AS <select>`.
   */
  generateTableSelect(
    element: TableViaSelect,
    kind: "view" | "createTableAs",
    kw: DDLCompileKw & { ifNotExists?: boolean } = {},
  ): string {
    const selectSql = this.renderSelect(element.selectable);
    const orReplace = (element as { orReplace?: boolean }).orReplace === true;
    const materialized = (element as { materialized?: boolean }).materialized === true;
    const ifNotExists = kw.ifNotExists ?? element.ifNotExists;
    const parts: string[] = ["CREATE"];
    if (orReplace) parts.push("OR REPLACE");
    if (element.temporary) parts.push("TEMPORARY");
    parts.push(kind === "createTableAs" ? "TABLE" : materialized ? "MATERIALIZED VIEW" : "VIEW");
    if (ifNotExists) parts.push("IF NOT EXISTS");
    parts.push(this.formatTable(element.table));
    const suffixes = this.createTableSelectSuffixes(element, kind, kw);
    if (suffixes !== "") parts.push(suffixes);
    parts.push("AS", selectSql);
    return parts.join(" ");
  }

  /** Hook: text between the name and `AS` of CREATE VIEW / CREATE TABLE AS. Default `""`. */
  createTableSelectSuffixes(
    _element: TableViaSelect,
    _kind: "view" | "createTableAs",
    _kw: DDLCompileKw = {},
  ): string {
    return "";
  }

  // ==================================================================================
  // Indexes
  // ==================================================================================

  /** Raises unless the index belongs to a table. */
  verifyIndexTable(index: Index): Table {
    if (index.table === undefined) {
      throw new CompileError(`Index '${index.name}' is not associated with any table.`);
    }
    return index.table;
  }

  visitCreateIndex(create: CreateIndex, kw: DDLCompileKw = {}): string {
    const index = create.element;
    const table = this.verifyIndexTable(index);
    let text = `CREATE ${this.createIndexPrefix(index, create)}`;
    if (index.name === undefined || index.name === null) {
      throw new CompileError("CREATE INDEX requires that the index have a name");
    }
    text += `INDEX ${this.createIndexModifiers(create)}`;
    const exprs = index.resolvedExpressions.map((e) => this.indexExpression(index, e, kw));
    text += `${this.preparedIndexName(index, kw.includeSchema ?? false)} ON ${this.formatTable(table, { useSchema: kw.includeTableSchema ?? true })} ${this.indexMethod(index)}(${exprs.join(", ")})`;
    text += this.postCreateIndex(index, create);
    return text;
  }

  /** Hook: words between `CREATE` and `INDEX`: `UNIQUE ` for a unique index (MySQL adds `FULLTEXT `, SQL Server `CLUSTERED `). */
  createIndexPrefix(index: Index, _create: CreateIndex): string {
    return index.unique ? "UNIQUE " : "";
  }

  /** Hook: words between `INDEX` and the name: `IF NOT EXISTS ` (PostgreSQL puts `CONCURRENTLY ` first). */
  createIndexModifiers(create: CreateIndex): string {
    return create.ifNotExists ? "IF NOT EXISTS " : "";
  }

  /** Hook: text between the table and the `(` of the expressions (PostgreSQL `USING gin `). Default `""`. */
  indexMethod(_index: Index): string {
    return "";
  }

  /** Hook: one indexed expression, columns unqualified (MySQL adds a prefix length, PostgreSQL an operator class). */
  indexExpression(_index: Index, expr: ClauseElement, _kw: DDLCompileKw = {}): string {
    return this.renderExpression(expr, { includeTable: false });
  }

  /** Hook: text after the expressions of CREATE INDEX (`INCLUDE (...)`, `WITH (...)`, `WHERE ...`). Default `""`. */
  postCreateIndex(_index: Index, _create: CreateIndex): string {
    return "";
  }

  visitDropIndex(drop: DropIndex, _kw: DDLCompileKw = {}): string {
    const index = drop.element;
    if (index.name === undefined || index.name === null) {
      throw new CompileError("DROP INDEX requires that the index have a name");
    }
    return `\nDROP INDEX ${this.dropIndexModifiers(drop)}${this.preparedIndexName(index, true)}${this.postDropIndex(drop)}`;
  }

  /** Hook: words between `DROP INDEX` and the name: `IF EXISTS `. */
  dropIndexModifiers(drop: DropIndex): string {
    return drop.ifExists ? "IF EXISTS " : "";
  }

  /** Hook: text after the index name of DROP INDEX (MySQL ` ON table`). Default `""`. */
  postDropIndex(_drop: DropIndex): string {
    return "";
  }

  /** The index name, prefixed by its table's schema when `includeSchema`. */
  preparedIndexName(index: Index, includeSchema: boolean): string {
    const name = this.formatIndex(index);
    const table = index.table;
    if (!includeSchema || table?.schema === undefined) return name;
    const force = table.quoteSchemaName;
    const schema =
      force === undefined
        ? this.preparer.quoteSchema(table.schema)
        : this.preparer.quote(table.schema, force);
    return `${schema}.${name}`;
  }

  // ==================================================================================
  // ALTER TABLE ADD / DROP CONSTRAINT
  // ==================================================================================

  /** The table a constraint belongs to (or, if not attached, the table of its columns). */
  constraintTable(constraint: Constraint): Table {
    const table = constraint.table ?? (constraint.columns[0]?.table as Table | undefined);
    if (table === undefined) {
      throw new CompileError(
        `Can't emit ALTER TABLE for constraint '${constraint.name ?? ""}'; it is not attached to a table`,
      );
    }
    return table;
  }

  visitAddConstraint(add: AddConstraint, kw: DDLCompileKw = {}): string {
    const constraint = add.element;
    return `ALTER TABLE ${this.formatTable(this.constraintTable(constraint))} ADD ${this.processConstraint(constraint, kw)}`;
  }

  visitDropConstraint(drop: DropConstraint, _kw: DDLCompileKw = {}): string {
    const constraint = drop.element;
    const name = this.formatConstraint(constraint);
    if (name === undefined) {
      throw new CompileError(
        `Can't emit DROP CONSTRAINT for constraint ${constraint.constructor.name}; it has no name`,
      );
    }
    return `ALTER TABLE ${this.formatTable(this.constraintTable(constraint))} DROP CONSTRAINT ${drop.ifExists ? "IF EXISTS " : ""}${name}${drop.cascade ? " CASCADE" : ""}`;
  }

  // ==================================================================================
  // Sequences
  // ==================================================================================

  visitCreateSequence(create: CreateSequence, _kw: DDLCompileKw = {}): string {
    const seq = create.element;
    let text = `CREATE SEQUENCE ${create.ifNotExists ? "IF NOT EXISTS " : ""}${this.formatSequence(seq)}`;
    text += this.sequenceAsType(seq);
    const options = this.getIdentityOptions(seq);
    if (options !== "") text += ` ${options}`;
    return text;
  }

  /** Hook: text right after the sequence name (PostgreSQL and SQL Server ` AS BIGINT` from `dataType`). Default `""`. */
  sequenceAsType(_seq: Sequence): string {
    return "";
  }

  visitDropSequence(drop: DropSequence, _kw: DDLCompileKw = {}): string {
    return `DROP SEQUENCE ${drop.ifExists ? "IF EXISTS " : ""}${this.formatSequence(drop.element)}`;
  }

  // ==================================================================================
  // Comments
  // ==================================================================================

  /** A comment as a string literal. */
  commentLiteral(comment: string | undefined): string {
    return this.sqlCompiler.renderLiteralValue(comment ?? null, STRINGTYPE);
  }

  visitSetTableComment(el: SetTableComment, _kw: DDLCompileKw = {}): string {
    return `COMMENT ON TABLE ${this.formatTable(el.element)} IS ${this.commentLiteral(el.element.comment)}`;
  }

  visitDropTableComment(el: DropTableComment, _kw: DDLCompileKw = {}): string {
    return `COMMENT ON TABLE ${this.formatTable(el.element)} IS NULL`;
  }

  visitSetColumnComment(el: SetColumnComment, _kw: DDLCompileKw = {}): string {
    return `COMMENT ON COLUMN ${this.formatColumn(el.element, { useTable: true, useSchema: true })} IS ${this.commentLiteral(el.element.comment)}`;
  }

  visitDropColumnComment(el: DropColumnComment, _kw: DDLCompileKw = {}): string {
    // SQLAlchemy leaves the schema out here, naming the wrong table; we keep it.
    return `COMMENT ON COLUMN ${this.formatColumn(el.element, { useTable: true, useSchema: true })} IS NULL`;
  }

  visitSetConstraintComment(el: SetConstraintComment, _kw: DDLCompileKw = {}): string {
    throw new UnsupportedCompilationError(
      `Compiler ${this.constructor.name} can't render element of type ${el.constructor.name}`,
    );
  }

  visitDropConstraintComment(el: DropConstraintComment, _kw: DDLCompileKw = {}): string {
    throw new UnsupportedCompilationError(
      `Compiler ${this.constructor.name} can't render element of type ${el.constructor.name}`,
    );
  }
}

/** The order a constraint was created in, when the schema records it. */
function creationOrder(c: Constraint): number | undefined {
  return (c as { creationOrder?: number }).creationOrder;
}

/** An option value as an integer literal (`%d`). */
function integer(n: number | bigint): string {
  return typeof n === "bigint" ? n.toString() : String(Math.trunc(n));
}
