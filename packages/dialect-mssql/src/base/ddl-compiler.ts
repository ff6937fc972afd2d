/**
 * SQL Server DDL: `NULL` spelled out for nullable columns, `IDENTITY[(start,
 * increment)]`, computed columns `AS (expr) [PERSISTED]`, clustered keys,
 * filtered indexes with `INCLUDE`, `DROP INDEX name ON table`,
 * `SELECT .. INTO` for CREATE TABLE AS, and comments as extended properties.
 *
 * Dialect options are given on the schema objects in camelCase:
 * `mssqlClustered`, `mssqlColumnstore`, `mssqlInclude`, `mssqlWhere` on an
 * `Index`; `mssqlClustered` on a primary key or unique constraint.
 */
import {
  type ClauseElement,
  type ColumnImpl,
  CompileError,
  type Computed,
  DDLCompiler,
  type Identity,
  type Index,
  NVARCHAR,
  type PrimaryKeyConstraint,
  type Table,
  TextClause,
  type UniqueConstraint,
} from "@athanor/core";
import type { MSSQLDialect } from "./dialect.js";

type CreateIndexArg = Parameters<DDLCompiler["visitCreateIndex"]>[0];
type DropIndexArg = Parameters<DDLCompiler["visitDropIndex"]>[0];
type CreateViewArg = Parameters<DDLCompiler["visitCreateView"]>[0];
type CreateTableAsArg = Parameters<DDLCompiler["visitCreateTableAs"]>[0];
type TableCommentArg = Parameters<DDLCompiler["visitSetTableComment"]>[0];
type ColumnCommentArg = Parameters<DDLCompiler["visitSetColumnComment"]>[0];
type DropTableCommentArg = Parameters<DDLCompiler["visitDropTableComment"]>[0];
type DropColumnCommentArg = Parameters<DDLCompiler["visitDropColumnComment"]>[0];
type SequenceArg = Parameters<DDLCompiler["visitCreateSequence"]>[0]["element"];

/** Renders CREATE/DROP statements for SQL Server. */
export class MSSQLDDLCompiler extends DDLCompiler {
  /**
   * `name TYPE {NOT NULL | NULL} [IDENTITY | DEFAULT x]`, or `name AS (expr)`
   * for a computed column. SQL Server's nullability default depends on
   * session settings, so it is always written.
   */
  override getColumnSpecification(column: ColumnImpl<any, any>): string {
    let colspec = this.formatColumn(column);
    colspec +=
      column.computed !== undefined
        ? ` ${this.visitComputedColumn(column.computed)}`
        : ` ${this.typeCompiler.process(column.type)}`;
    const sequence = column.sequence;
    if (
      !column.nullable ||
      column.primaryKey ||
      sequence !== undefined ||
      column.autoincrement === true ||
      column.identity !== undefined
    ) {
      colspec += " NOT NULL";
    } else if (column.computed === undefined) {
      colspec += " NULL";
    }
    const table = column.table as Table | undefined;
    if (table === undefined)
      throw new CompileError("mssql requires Table-bound columns in order to generate DDL");
    if (column.identity !== undefined) {
      colspec += this.visitIdentityColumn(column.identity);
    } else if (
      (column === table.autoincrementColumn || column.autoincrement === true) &&
      (sequence === undefined || sequence.optional)
    ) {
      colspec += " IDENTITY";
    } else {
      const def = this.getColumnDefaultString(column);
      if (def !== undefined) colspec += ` DEFAULT ${def}`;
    }
    return colspec;
  }

  /** ` IDENTITY` or ` IDENTITY(start,increment)` (with a leading space, as it follows the nullability). */
  override visitIdentityColumn(identity: Identity): string {
    if (identity.start === undefined && identity.increment === undefined) return " IDENTITY";
    return ` IDENTITY(${identity.start ?? 1},${identity.increment ?? 1})`;
  }

  /** `AS (expr) [PERSISTED]`. */
  override visitComputedColumn(computed: Computed): string {
    const sqltext =
      typeof computed.sqltext === "string" ? new TextClause(computed.sqltext) : computed.sqltext;
    let text = `AS (${this.renderExpression(sqltext, { includeTable: false })})`;
    if (computed.persisted === true) text += " PERSISTED";
    return text;
  }

  /** `PRIMARY KEY [CLUSTERED | NONCLUSTERED] (cols)`. */
  override definePrimaryKeyBody(constraint: PrimaryKeyConstraint): string {
    return super
      .definePrimaryKeyBody(constraint)
      .replace(/^PRIMARY KEY /, `PRIMARY KEY ${clustered(constraint)}`);
  }

  /** `UNIQUE [CLUSTERED | NONCLUSTERED] (cols)`. */
  override defineUniqueBody(constraint: UniqueConstraint): string {
    return super.defineUniqueBody(constraint).replace(/^UNIQUE /, `UNIQUE ${clustered(constraint)}`);
  }

  // ----------------------------------------------------------------------------------
  // Indexes
  // ----------------------------------------------------------------------------------

  /** The index name is never schema-qualified (the table is). */
  override visitCreateIndex(create: CreateIndexArg, kw = {}): string {
    // SQL Server has no CREATE INDEX IF NOT EXISTS; silently dropping it would change the meaning.
    if (create.ifNotExists) throw new CompileError("SQL Server does not support CREATE INDEX IF NOT EXISTS");
    return super.visitCreateIndex(create, { ...kw, includeSchema: false });
  }

  /** `UNIQUE `, `CLUSTERED ` / `NONCLUSTERED `, `COLUMNSTORE `. */
  override createIndexPrefix(index: Index, create: CreateIndexArg): string {
    let text = super.createIndexPrefix(index, create) + clustered(index);
    if (index.dialectOptions.mssqlColumnstore === true) text += "COLUMNSTORE ";
    return text;
  }

  override createIndexModifiers(_create: CreateIndexArg): string {
    return "";
  }

  /** ` INCLUDE (cols)` and ` WHERE condition` of a filtered index. */
  override postCreateIndex(index: Index, _create: CreateIndexArg): string {
    let text = "";
    const include = index.dialectOptions.mssqlInclude as readonly (string | { name: string })[] | undefined;
    if (include !== undefined && include.length > 0) {
      const table = index.table as Table;
      const names = include.map((c) => {
        if (typeof c !== "string") return c.name;
        const col = (table.c as Record<string, { name: string } | undefined>)[c];
        return col?.name ?? c;
      });
      text += ` INCLUDE (${names.map((n) => this.preparer.quote(n)).join(", ")})`;
    }
    const where = index.dialectOptions.mssqlWhere as ClauseElement | string | undefined;
    if (where !== undefined) {
      const clause = typeof where === "string" ? new TextClause(where) : where;
      text += ` WHERE ${this.renderExpression(clause, { includeTable: false })}`;
    }
    return text;
  }

  /** `DROP INDEX [IF EXISTS] name ON table`: T-SQL names the index within its table. */
  override visitDropIndex(drop: DropIndexArg): string {
    const index = drop.element;
    const table = this.verifyIndexTable(index);
    return `\nDROP INDEX ${drop.ifExists ? "IF EXISTS " : ""}${this.formatIndex(index)} ON ${this.formatTable(table)}`;
  }

  // ----------------------------------------------------------------------------------
  // Views, CREATE TABLE AS, sequences
  // ----------------------------------------------------------------------------------

  /** `CREATE OR ALTER VIEW` stands for CREATE OR REPLACE. */
  override visitCreateView(create: CreateViewArg, kw = {}): string {
    return super.visitCreateView(create, kw).replace(/^CREATE OR REPLACE /, "CREATE OR ALTER ");
  }

  /** SQL Server has no CREATE TABLE AS: `SELECT cols INTO new_table FROM ...`. */
  override visitCreateTableAs(create: CreateTableAsArg): string {
    const select = this.renderSelect(create.selectable);
    const at = select.search(/\sFROM\s/i);
    if (at < 0) throw new CompileError("Could not find FROM keyword in selectable for CREATE TABLE AS");
    return `${select.slice(0, at)} INTO ${this.formatTable(create.table)}${select.slice(at)}`;
  }

  /** ` AS type` after the sequence name, from its `dataType`. */
  override sequenceAsType(seq: SequenceArg): string {
    return seq.dataType !== undefined ? ` AS ${this.typeCompiler.process(seq.dataType)}` : "";
  }

  // ----------------------------------------------------------------------------------
  // Comments: extended properties named MS_Description
  // ----------------------------------------------------------------------------------

  protected schemaOf(table: Table): string {
    return this.preparer.quoteSchema(table.schema ?? (this.dialect as unknown as MSSQLDialect).schemaName);
  }

  protected nvarcharLiteral(text: string | undefined): string {
    return `N${this.sqlCompiler.renderLiteralValue(text ?? null, NVARCHAR())}`;
  }

  override visitSetTableComment(el: TableCommentArg): string {
    const t = el.element;
    return (
      `execute sp_addextendedproperty 'MS_Description', ${this.nvarcharLiteral(t.comment)}, ` +
      `'schema', ${this.schemaOf(t)}, 'table', ${this.formatTable(t, { useSchema: false })}`
    );
  }

  override visitDropTableComment(el: DropTableCommentArg): string {
    const t = el.element;
    return (
      "execute sp_dropextendedproperty 'MS_Description', " +
      `'schema', ${this.schemaOf(t)}, 'table', ${this.formatTable(t, { useSchema: false })}`
    );
  }

  override visitSetColumnComment(el: ColumnCommentArg): string {
    const c = el.element;
    const t = c.table as Table;
    return (
      `execute sp_addextendedproperty 'MS_Description', ${this.nvarcharLiteral(c.comment)}, ` +
      `'schema', ${this.schemaOf(t)}, 'table', ${this.formatTable(t, { useSchema: false })}, ` +
      `'column', ${this.formatColumn(c)}`
    );
  }

  override visitDropColumnComment(el: DropColumnCommentArg): string {
    const c = el.element;
    const t = c.table as Table;
    return (
      "execute sp_dropextendedproperty 'MS_Description', " +
      `'schema', ${this.schemaOf(t)}, 'table', ${this.formatTable(t, { useSchema: false })}, ` +
      `'column', ${this.formatColumn(c)}`
    );
  }
}

/** `CLUSTERED ` / `NONCLUSTERED ` from the `mssqlClustered` option, or `""`. */
function clustered(obj: { readonly dialectOptions: Readonly<Record<string, unknown>> }): string {
  const c = obj.dialectOptions.mssqlClustered;
  if (c === undefined || c === null) return "";
  return c ? "CLUSTERED " : "NONCLUSTERED ";
}
