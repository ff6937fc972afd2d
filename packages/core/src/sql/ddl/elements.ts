/**
 * CREATE / DROP of schemas, tables, indexes and sequences, ALTER TABLE
 * ADD / DROP CONSTRAINT, and comments.
 */
import type { CompileKw, SQLCompiler } from "../compiler/sql-compiler.js";
import type { ColumnImpl } from "../schema/column.js";
import type { Constraint, ForeignKeyConstraint, Index } from "../schema/constraints.js";
import type { Sequence } from "../schema/defaults.js";
import type { Table } from "../schema/table.js";
import { asDdlCompiler, BaseDDLElement, ExecutableDDLElement } from "./base.js";

// ------------------------------------------------------------------------------------
// Schemas
// ------------------------------------------------------------------------------------

/** `CREATE SCHEMA [IF NOT EXISTS] name`. */
export class CreateSchema extends ExecutableDDLElement {
  readonly visitName = "createSchema";
  readonly ifNotExists: boolean;
  constructor(
    /** The schema name. */
    readonly element: string,
    options: { ifNotExists?: boolean } = {},
  ) {
    super();
    this.ifNotExists = options.ifNotExists ?? false;
  }
  get target(): string {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitCreateSchema(this, kw);
  }
}

/** `DROP SCHEMA [IF EXISTS] name [CASCADE]`. */
export class DropSchema extends ExecutableDDLElement {
  readonly visitName = "dropSchema";
  readonly ifExists: boolean;
  readonly cascade: boolean;
  constructor(
    /** The schema name. */
    readonly element: string,
    options: { ifExists?: boolean; cascade?: boolean } = {},
  ) {
    super();
    this.ifExists = options.ifExists ?? false;
    this.cascade = options.cascade ?? false;
  }
  get target(): string {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitDropSchema(this, kw);
  }
}

// ------------------------------------------------------------------------------------
// Tables and columns
// ------------------------------------------------------------------------------------

/**
 * One column as rendered in CREATE TABLE. Register a custom compilation of
 * it with `compiles(CreateColumn, ...)` to change how columns render; a
 * function that returns `""` leaves the column out.
 *
 * @example
 * ```ts
 * compiles(CreateColumn, "postgresql", (el, compiler, kw) =>
 *   el.element.name === "xmin" ? "" : (compiler as DDLCompiler).visitCreateColumn(el, kw));
 * ```
 */
export class CreateColumn extends BaseDDLElement {
  readonly visitName = "createColumn";
  constructor(readonly element: ColumnImpl<any, any>) {
    super();
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitCreateColumn(this, kw);
  }
}

/** Options of `CreateTable`. */
export interface CreateTableOptions {
  /** `CREATE TABLE IF NOT EXISTS`. */
  ifNotExists?: boolean;
  /**
   * The foreign key constraints to render inline; the others are left out
   * (to be added with ALTER TABLE). Default: every one not marked `useAlter`.
   */
  includeForeignKeyConstraints?: readonly ForeignKeyConstraint[];
}

/** `CREATE TABLE`: the columns (in `sortOrder`), then the primary key and the other constraints. */
export class CreateTable extends ExecutableDDLElement {
  readonly visitName = "createTable";
  readonly ifNotExists: boolean;
  readonly includeForeignKeyConstraints: readonly ForeignKeyConstraint[] | undefined;

  constructor(
    readonly element: Table,
    options: CreateTableOptions = {},
  ) {
    super();
    this.ifNotExists = options.ifNotExists ?? false;
    this.includeForeignKeyConstraints = options.includeForeignKeyConstraints;
  }

  get target(): Table {
    return this.element;
  }

  /** One `CreateColumn` per column, ordered by `sortOrder` (stable; unset counts as 0). */
  get columns(): CreateColumn[] {
    const cols = [...(this.element.columns as unknown as ColumnImpl<any, any>[])];
    cols.sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0));
    return cols.map((c) => new CreateColumn(c));
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitCreateTable(this, kw);
  }
}

/** `DROP TABLE [IF EXISTS] name`. */
export class DropTable extends ExecutableDDLElement {
  readonly visitName = "dropTable";
  readonly ifExists: boolean;
  constructor(
    readonly element: Table,
    options: { ifExists?: boolean } = {},
  ) {
    super();
    this.ifExists = options.ifExists ?? false;
  }
  get target(): Table {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitDropTable(this, kw);
  }
}

// ------------------------------------------------------------------------------------
// Indexes
// ------------------------------------------------------------------------------------

/** `CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (expressions)`. */
export class CreateIndex extends ExecutableDDLElement {
  readonly visitName = "createIndex";
  readonly ifNotExists: boolean;
  constructor(
    readonly element: Index,
    options: { ifNotExists?: boolean } = {},
  ) {
    super();
    this.ifNotExists = options.ifNotExists ?? false;
  }
  get target(): Index {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitCreateIndex(this, kw);
  }
}

/** `DROP INDEX [IF EXISTS] [schema.]name`. */
export class DropIndex extends ExecutableDDLElement {
  readonly visitName = "dropIndex";
  readonly ifExists: boolean;
  constructor(
    readonly element: Index,
    options: { ifExists?: boolean } = {},
  ) {
    super();
    this.ifExists = options.ifExists ?? false;
  }
  get target(): Index {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitDropIndex(this, kw);
  }
}

// ------------------------------------------------------------------------------------
// Constraints
// ------------------------------------------------------------------------------------

const isolated = new WeakSet<Constraint>();

/**
 * Whether `constraint` was taken out of its table's CREATE TABLE by an
 * `AddConstraint` (it is created by that ALTER TABLE instead).
 */
export function isIsolatedFromTable(constraint: Constraint): boolean {
  return isolated.has(constraint);
}

/** Options of `AddConstraint`. */
export interface AddConstraintOptions {
  /**
   * Leave the constraint out of its table's CREATE TABLE from now on, since
   * this ALTER TABLE creates it. Default `true`.
   */
  isolateFromTable?: boolean;
  /**
   * Add the constraint without checking existing rows (PostgreSQL
   * `NOT VALID`); rendered by dialects that have it, ignored by the others.
   */
  isNotValid?: boolean;
}

/** `ALTER TABLE table ADD <constraint>`. */
export class AddConstraint extends ExecutableDDLElement {
  readonly visitName = "addConstraint";
  readonly isNotValid: boolean;
  constructor(
    readonly element: Constraint,
    options: AddConstraintOptions = {},
  ) {
    super();
    this.isNotValid = options.isNotValid ?? false;
    if (options.isolateFromTable ?? true) isolated.add(element);
  }
  get target(): Constraint {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitAddConstraint(this, kw);
  }
}

/** `ALTER TABLE table DROP CONSTRAINT [IF EXISTS] name [CASCADE]`. */
export class DropConstraint extends ExecutableDDLElement {
  readonly visitName = "dropConstraint";
  readonly ifExists: boolean;
  readonly cascade: boolean;
  constructor(
    readonly element: Constraint,
    options: { ifExists?: boolean; cascade?: boolean } = {},
  ) {
    super();
    this.ifExists = options.ifExists ?? false;
    this.cascade = options.cascade ?? false;
  }
  get target(): Constraint {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitDropConstraint(this, kw);
  }
}

// ------------------------------------------------------------------------------------
// Sequences
// ------------------------------------------------------------------------------------

/** `CREATE SEQUENCE [IF NOT EXISTS] name [options]`. */
export class CreateSequence extends ExecutableDDLElement {
  readonly visitName = "createSequence";
  readonly ifNotExists: boolean;
  constructor(
    readonly element: Sequence,
    options: { ifNotExists?: boolean } = {},
  ) {
    super();
    this.ifNotExists = options.ifNotExists ?? false;
  }
  get target(): Sequence {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitCreateSequence(this, kw);
  }
}

/** `DROP SEQUENCE [IF EXISTS] name`. */
export class DropSequence extends ExecutableDDLElement {
  readonly visitName = "dropSequence";
  readonly ifExists: boolean;
  constructor(
    readonly element: Sequence,
    options: { ifExists?: boolean } = {},
  ) {
    super();
    this.ifExists = options.ifExists ?? false;
  }
  get target(): Sequence {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitDropSequence(this, kw);
  }
}

// ------------------------------------------------------------------------------------
// Comments
// ------------------------------------------------------------------------------------

/** `COMMENT ON TABLE table IS '<table.comment>'`. */
export class SetTableComment extends ExecutableDDLElement {
  readonly visitName = "setTableComment";
  constructor(readonly element: Table) {
    super();
  }
  get target(): Table {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitSetTableComment(this, kw);
  }
}

/** `COMMENT ON TABLE table IS NULL` (the form varies a lot across databases). */
export class DropTableComment extends ExecutableDDLElement {
  readonly visitName = "dropTableComment";
  constructor(readonly element: Table) {
    super();
  }
  get target(): Table {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitDropTableComment(this, kw);
  }
}

/** `COMMENT ON COLUMN table.column IS '<column.comment>'`. */
export class SetColumnComment extends ExecutableDDLElement {
  readonly visitName = "setColumnComment";
  constructor(readonly element: ColumnImpl<any, any>) {
    super();
  }
  get target(): ColumnImpl<any, any> {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitSetColumnComment(this, kw);
  }
}

/** `COMMENT ON COLUMN table.column IS NULL`. */
export class DropColumnComment extends ExecutableDDLElement {
  readonly visitName = "dropColumnComment";
  constructor(readonly element: ColumnImpl<any, any>) {
    super();
  }
  get target(): ColumnImpl<any, any> {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitDropColumnComment(this, kw);
  }
}

/** `COMMENT ON CONSTRAINT ... IS '<constraint.comment>'`; no generic form (dialects that have one render it). */
export class SetConstraintComment extends ExecutableDDLElement {
  readonly visitName = "setConstraintComment";
  constructor(readonly element: Constraint) {
    super();
  }
  get target(): Constraint {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitSetConstraintComment(this, kw);
  }
}

/** Removes a constraint's comment; no generic form (dialects that have one render it). */
export class DropConstraintComment extends ExecutableDDLElement {
  readonly visitName = "dropConstraintComment";
  constructor(readonly element: Constraint) {
    super();
  }
  get target(): Constraint {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitDropConstraintComment(this, kw);
  }
}
