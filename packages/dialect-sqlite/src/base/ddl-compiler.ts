import {
  type AddConstraint,
  type CheckConstraint,
  type ClauseElement,
  type ColumnImpl,
  CompileError,
  type CompileKw,
  type CreateIndex,
  type CreateView,
  DDLCompiler,
  type ForeignKeyConstraint,
  type PrimaryKeyConstraint,
  type Table,
  type UniqueConstraint,
} from "@athanor/core";

/** `ON CONFLICT` resolutions SQLite accepts on constraints. */
const ON_CONFLICT = /^(?:ROLLBACK|ABORT|FAIL|IGNORE|REPLACE)$/i;

/** Whether a column becomes `INTEGER PRIMARY KEY AUTOINCREMENT` (table option `sqliteAutoincrement`). */
function isAutoincrementPk(column: ColumnImpl<any, any>): boolean {
  const table = column.table as Table | undefined;
  return (
    column.primaryKey &&
    table !== undefined &&
    table.dialectOptions.sqliteAutoincrement === true &&
    table.primaryKey.columns.length === 1 &&
    column.type.affinity === "integer" &&
    column.foreignKeys.length === 0
  );
}

/**
 * Renders DDL for SQLite: `INTEGER PRIMARY KEY AUTOINCREMENT` with the
 * `sqliteAutoincrement` table option, `ON CONFLICT` clauses of constraints
 * (`sqliteOnConflict`, and on columns `sqliteOnConflictNotNull` /
 * `sqliteOnConflictPrimaryKey` / `sqliteOnConflictUnique`), partial indexes
 * (`sqliteWhere`), `WITHOUT ROWID` / `STRICT` tables (`sqliteWithRowid: false`,
 * `sqliteStrict`).
 */
export class SQLiteDDLCompiler extends DDLCompiler {
  override getColumnSpecification(column: ColumnImpl<any, any>, kw: CompileKw = {}): string {
    let colspec = `${this.formatColumn(column)} ${this.typeCompiler.process(column.type)}`;
    const def = this.getColumnDefaultString(column);
    if (def !== undefined) {
      // An expression default must be parenthesised; a literal or a parenthesised one need not be.
      colspec += !/^\s*['"(]/.test(def) && /\W/.test(def) ? ` DEFAULT (${def})` : ` DEFAULT ${def}`;
    }
    if (!column.nullable) {
      colspec += " NOT NULL";
      colspec += this.onConflict(column.dialectOptions.sqliteOnConflictNotNull);
    }
    if (column.primaryKey) {
      const table = column.table as Table | undefined;
      if (column.autoincrement === true && (table?.primaryKey.columns.length ?? 1) !== 1)
        throw new CompileError("SQLite does not support autoincrement for composite primary keys");
      if (isAutoincrementPk(column)) {
        colspec += ` PRIMARY KEY${this.onConflict(column.dialectOptions.sqliteOnConflictPrimaryKey)} AUTOINCREMENT`;
      }
    }
    if (column.computed !== undefined) colspec += ` ${this.visitComputedColumn(column.computed, kw)}`;
    return colspec;
  }

  private onConflict(clause: unknown): string {
    if (clause === undefined || clause === null) return "";
    return ` ON CONFLICT ${this.validateSqlPhrase(String(clause), ON_CONFLICT)}`;
  }

  /** The primary key of an AUTOINCREMENT column is rendered inline with the column. */
  override visitPrimaryKeyConstraint(constraint: PrimaryKeyConstraint, kw: CompileKw = {}): string {
    const cols = constraint.columns as unknown as readonly ColumnImpl<any, any>[];
    const only = cols.length === 1 ? cols[0] : undefined;
    if (only !== undefined && isAutoincrementPk(only)) return "";
    let text = super.visitPrimaryKeyConstraint(constraint, kw);
    if (text === "") return text;
    const clause =
      constraint.dialectOptions.sqliteOnConflict ?? only?.dialectOptions.sqliteOnConflictPrimaryKey;
    text += this.onConflict(clause);
    return text;
  }

  override visitUniqueConstraint(constraint: UniqueConstraint, kw: CompileKw = {}): string {
    let text = super.visitUniqueConstraint(constraint, kw);
    if (text === "") return text;
    const cols = constraint.columns as unknown as readonly ColumnImpl<any, any>[];
    const clause =
      constraint.dialectOptions.sqliteOnConflict ??
      (cols.length === 1 ? cols[0]?.dialectOptions.sqliteOnConflictUnique : undefined);
    text += this.onConflict(clause);
    return text;
  }

  override visitCheckConstraint(constraint: CheckConstraint, kw: CompileKw = {}): string {
    return (
      super.visitCheckConstraint(constraint, kw) + this.onConflict(constraint.dialectOptions.sqliteOnConflict)
    );
  }

  override visitColumnCheckConstraint(constraint: CheckConstraint, kw: CompileKw = {}): string {
    if (constraint.dialectOptions.sqliteOnConflict !== undefined)
      throw new CompileError("SQLite does not support on conflict clause for column check constraint");
    return super.visitColumnCheckConstraint(constraint, kw);
  }

  /** A foreign key to a table in another schema (an attached database) cannot be declared; it is left out. */
  override visitForeignKeyConstraint(constraint: ForeignKeyConstraint, kw: CompileKw = {}): string {
    const first = constraint.elements[0];
    const local = (first?.parent as unknown as ColumnImpl<any, any> | undefined)?.table as Table | undefined;
    const remote = first?.column.table as unknown as Table | undefined;
    if (local !== undefined && remote !== undefined && local.schema !== remote.schema) return "";
    return super.visitForeignKeyConstraint(constraint, kw);
  }

  /** The referenced table is named without its schema (it must be in the same database). */
  override defineConstraintRemoteTable(_constraint: ForeignKeyConstraint, table: Table): string {
    return this.formatTable(table, { useSchema: false });
  }

  /** SQLite's ALTER TABLE cannot add a foreign key; the table must be created with it. */
  override visitAddConstraint(add: AddConstraint, kw: CompileKw = {}): string {
    if (add.element.conventionKey === "fk")
      throw new CompileError(
        "SQLite cannot add a FOREIGN KEY constraint to an existing table (ALTER TABLE has no ADD CONSTRAINT)",
      );
    return super.visitAddConstraint(add, kw);
  }

  /** `CREATE INDEX schema.name ON table (...) [WHERE ...]`: the schema goes on the index name. */
  override visitCreateIndex(create: CreateIndex, kw: CompileKw = {}): string {
    const index = create.element;
    const table = this.verifyIndexTable(index);
    if (index.name === undefined || index.name === null)
      throw new CompileError("CREATE INDEX requires that the index have a name");
    let text = `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${create.ifNotExists ? "IF NOT EXISTS " : ""}`;
    const exprs = index.resolvedExpressions.map((e) => this.indexExpression(index, e, kw));
    text += `${this.preparedIndexName(index, true)} ON ${this.formatTable(table, { useSchema: false })} (${exprs.join(", ")})`;
    const where = index.dialectOptions.sqliteWhere as ClauseElement | undefined;
    if (where !== undefined) text += ` WHERE ${this.renderExpression(where, { includeTable: false })}`;
    return text;
  }

  /** `WITHOUT ROWID` and `STRICT` after the column list. */
  override postCreateTable(table: Table): string {
    const opts: string[] = [];
    if (table.dialectOptions.sqliteWithRowid === false) opts.push("WITHOUT ROWID");
    if (table.dialectOptions.sqliteStrict === true) opts.push("STRICT");
    return opts.length > 0 ? `\n ${opts.join(",\n ")}` : "";
  }

  /** `CREATE VIEW IF NOT EXISTS` with the `sqliteIfNotExists` option. */
  override visitCreateView(create: CreateView, kw: CompileKw = {}): string {
    const ifNotExists = (create as { dialectOptions?: Record<string, unknown> }).dialectOptions
      ?.sqliteIfNotExists;
    return this.generateTableSelect(create, "view", ifNotExists === true ? { ...kw, ifNotExists: true } : kw);
  }
}
