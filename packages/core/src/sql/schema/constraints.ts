/**
 * Table constraints and indexes: PRIMARY KEY, FOREIGN KEY (and the
 * column-level `ForeignKey` that references another table's column),
 * UNIQUE, CHECK, and `Index`.
 *
 * Columns may be named by key before the table exists; they are resolved
 * when the constraint is attached to its table.
 */
import { ArgumentError, NoReferencedColumnError, NoReferencedTableError } from "../../exc.js";
import { type ClauseElement, type Internals, isClauseElement } from "../elements/base.js";
import type { ColumnElement } from "../elements/column-element.js";
import { TextClause } from "../elements/text.js";
import type { Column } from "./column.js";
import type { Table } from "./table.js";

/** Dialect-specific options, written `<dialect><Option>` (`postgresqlWhere`, `mysqlLength`). */
export type DialectOptions = Record<string, unknown>;

function splitDialectOptions<T extends object>(
  options: T,
  known: readonly string[],
): { own: Partial<T>; dialect: DialectOptions } {
  const own: Record<string, unknown> = {};
  const dialect: DialectOptions = {};
  for (const [k, v] of Object.entries(options)) {
    if (known.includes(k)) own[k] = v;
    else dialect[k] = v;
  }
  return { own: own as Partial<T>, dialect };
}

/** Common options of constraints. */
export interface ConstraintOptions {
  name?: string;
  deferrable?: boolean;
  initially?: string;
  comment?: string;
  info?: Record<string, unknown>;
  [dialectOption: string]: unknown;
}

const CONSTRAINT_KEYS = ["name", "deferrable", "initially", "comment", "info"];

let constraintCounter = 0;

/** The base of table constraints. */
export abstract class Constraint {
  /** The constraint's name; set from the metadata's naming convention if not given. */
  name: string | undefined;
  /** Whether `name` was given explicitly (a conventional name is not). */
  readonly explicitName: boolean;
  readonly deferrable: boolean | undefined;
  readonly initially: string | undefined;
  readonly comment: string | undefined;
  readonly dialectOptions: DialectOptions;
  table: Table | undefined;
  /** The convention key: pk, fk, uq, ck, ix. */
  abstract readonly conventionKey: string;
  /** Created implicitly (a column's `unique: true`, a table's primary key). */
  implicit = false;
  /** The order constraints were created in; CREATE TABLE lists them in this order, as SQLAlchemy does. */
  readonly creationOrder = ++constraintCounter;

  constructor(options: ConstraintOptions = {}) {
    const { own, dialect } = splitDialectOptions(options, CONSTRAINT_KEYS);
    this.name = own.name;
    this.explicitName = own.name !== undefined;
    this.deferrable = own.deferrable;
    this.initially = own.initially;
    this.comment = own.comment;
    this.dialectOptions = dialect;
  }

  /** The constraint's columns, in order. */
  abstract get columns(): readonly Column[];

  /** Called by the table when attached. */
  attach(table: Table): void {
    this.table = table;
  }
}

/** Names of columns (keys) or the column objects themselves. */
type ColumnRef = string | Column;

/** A constraint over a list of the table's columns. */
export abstract class ColumnCollectionConstraint extends Constraint {
  protected pending: readonly ColumnRef[];
  protected resolved: Column[] | undefined;

  constructor(columns: readonly ColumnRef[], options: ConstraintOptions = {}) {
    super(options);
    this.pending = columns;
  }

  get columns(): readonly Column[] {
    if (this.resolved === undefined) {
      if (this.table === undefined) {
        if (this.pending.every((c) => typeof c !== "string")) return this.pending as Column[];
        return [];
      }
      this.resolved = this.pending.map((c) => resolveColumn(this.table as Table, c));
    }
    return this.resolved;
  }

  override attach(table: Table): void {
    super.attach(table);
    this.resolved = undefined;
  }
}

function resolveColumn(table: Table, ref: ColumnRef): Column {
  if (typeof ref !== "string") return ref;
  const col =
    (table.c as Record<string, Column | undefined>)[ref] ?? table.columns.find((c) => c.name === ref);
  if (col === undefined) {
    throw new ArgumentError(
      `Can't create constraint on table '${table.name}': no column named '${ref}' is present.`,
    );
  }
  return col as Column;
}

/** `PRIMARY KEY (a, b)`. */
export class PrimaryKeyConstraint extends ColumnCollectionConstraint {
  readonly conventionKey = "pk";
  constructor(...args: (ColumnRef | ConstraintOptions)[]) {
    const { cols, options } = splitArgs(args);
    super(cols, options);
  }
  /** Adds a column (a column with `primaryKey: true` joins the table's implicit primary key). */
  addColumn(col: Column): void {
    this.pending = [...this.pending, col];
    this.resolved = undefined;
  }
}

/** `UNIQUE (a, b)`. */
export class UniqueConstraint extends ColumnCollectionConstraint {
  readonly conventionKey = "uq";
  constructor(...args: (ColumnRef | ConstraintOptions)[]) {
    const { cols, options } = splitArgs(args);
    super(cols, options);
  }
}

function splitArgs(args: readonly (ColumnRef | ConstraintOptions)[]): {
  cols: ColumnRef[];
  options: ConstraintOptions;
} {
  const cols: ColumnRef[] = [];
  let options: ConstraintOptions = {};
  for (const a of args) {
    if (typeof a === "string" || isClauseElement(a)) cols.push(a as ColumnRef);
    else options = a as ConstraintOptions;
  }
  return { cols, options };
}

/** `CHECK (sqltext)`. */
export class CheckConstraint extends Constraint {
  readonly conventionKey = "ck";
  readonly sqltext: ClauseElement;
  /** The column this constraint was declared on, if any. */
  column: Column | undefined;
  /**
   * For the CHECK a type adds to its column's table (a non-native `Enum` or
   * a `Boolean` with `createConstraint`), that column; the DDL compiler
   * creates it only where the dialect lacks the native type.
   */
  typeBoundColumn: Column | undefined;
  constructor(sqltext: string | ClauseElement, options: ConstraintOptions = {}) {
    super(options);
    this.sqltext = typeof sqltext === "string" ? new TextClause(sqltext) : sqltext;
  }
  get columns(): readonly Column[] {
    const col = this.column ?? this.typeBoundColumn;
    return col !== undefined ? [col] : [];
  }
}

/** Options of a foreign key. */
export interface ForeignKeyOptions extends ConstraintOptions {
  ondelete?: string;
  onupdate?: string;
  match?: string;
  /** Create the constraint with ALTER TABLE after the tables (for cycles). */
  useAlter?: boolean;
  /** Do not render the constraint in DDL. */
  link_to_name?: boolean;
}

/** A reference from a column to another table's column, `ForeignKey("user_account.id")`. */
export class ForeignKey {
  /** `"table.column"` or `"schema.table.column"`, or the column itself. */
  readonly target: string | Column;
  readonly options: ForeignKeyOptions;
  /** The column that holds the reference. */
  parent: Column | undefined;
  /** The constraint this key belongs to (created for a column-level key). */
  constraint: ForeignKeyConstraint | undefined;
  private resolvedColumn: Column | undefined;

  constructor(target: string | Column, options: ForeignKeyOptions = {}) {
    this.target = target;
    this.options = options;
  }

  /** `schema.table.column` of the target. */
  get targetFullname(): string {
    if (typeof this.target === "string") return this.target;
    const t = this.target.table as unknown as Table | undefined;
    return t === undefined ? this.target.name : `${t.fullname}.${this.target.name}`;
  }

  /** The referenced column, resolved through the parent table's metadata. */
  get column(): Column {
    if (this.resolvedColumn !== undefined) return this.resolvedColumn;
    if (typeof this.target !== "string") {
      this.resolvedColumn = this.target;
      return this.target;
    }
    const parts = this.target.split(".");
    if (parts.length < 2)
      throw new ArgumentError(`invalid foreign key target '${this.target}': use "table.column"`);
    const colName = parts[parts.length - 1] as string;
    const tableName = parts[parts.length - 2] as string;
    const schema = parts.length > 2 ? parts.slice(0, -2).join(".") : undefined;
    const parentTable = this.parent?.table as Table | undefined;
    const md = parentTable?.metadata;
    if (md === undefined) {
      throw new NoReferencedTableError(
        `foreign key '${this.target}' is not attached to a table in a MetaData`,
      );
    }
    const table =
      md.tables.get(
        schema !== undefined
          ? `${schema}.${tableName}`
          : md.schema !== undefined && parentTable?.schema === md.schema
            ? `${md.schema}.${tableName}`
            : tableName,
      ) ?? md.tables.get(tableName);
    if (table === undefined) {
      throw new NoReferencedTableError(
        `Foreign key associated with column '${this.parent?.table?.description}.${this.parent?.name}' could not find table '${schema !== undefined ? `${schema}.` : ""}${tableName}' with which to generate a foreign key to target column '${colName}'`,
      );
    }
    const col =
      (table.c as Record<string, Column | undefined>)[colName] ??
      table.columns.find((c) => c.name === colName);
    if (col === undefined) {
      throw new NoReferencedColumnError(
        `Could not initialize target column for ForeignKey '${this.target}' on table '${parentTable?.name}': table '${table.name}' has no column named '${colName}'`,
      );
    }
    this.resolvedColumn = col as unknown as Column;
    return col as unknown as Column;
  }

  /** Whether this key refers to a column of `table`. */
  references(table: Table): boolean {
    try {
      return (this.column.table as unknown) === table;
    } catch {
      return false;
    }
  }
}

/** `FOREIGN KEY (a, b) REFERENCES t (x, y)`. */
export class ForeignKeyConstraint extends Constraint {
  readonly conventionKey = "fk";
  readonly elements: ForeignKey[];
  readonly ondelete: string | undefined;
  readonly onupdate: string | undefined;
  readonly match: string | undefined;
  readonly useAlter: boolean;
  private readonly localRefs: readonly ColumnRef[];

  constructor(
    columns: readonly ColumnRef[],
    refcolumns: readonly (string | Column)[],
    options: ForeignKeyOptions = {},
  ) {
    const { ondelete, onupdate, match, useAlter, link_to_name, ...rest } = options;
    void link_to_name;
    super(rest);
    if (columns.length !== refcolumns.length) {
      throw new ArgumentError(
        "ForeignKeyConstraint number of constrained columns must match the number of referenced columns.",
      );
    }
    this.ondelete = ondelete;
    this.onupdate = onupdate;
    this.match = match;
    this.useAlter = useAlter ?? false;
    this.localRefs = columns;
    this.elements = refcolumns.map((r) => {
      const fk = new ForeignKey(r, options);
      fk.constraint = this;
      return fk;
    });
  }

  get columns(): readonly Column[] {
    return this.elements.map((fk) => fk.parent).filter((c): c is Column => c !== undefined);
  }

  /** The referenced table. */
  get referredTable(): Table {
    return (this.elements[0] as ForeignKey).column.table as unknown as Table;
  }

  override attach(table: Table): void {
    super.attach(table);
    this.localRefs.forEach((ref, i) => {
      const col = resolveColumn(table, ref);
      const fk = this.elements[i] as ForeignKey;
      fk.parent = col;
      if (!col.foreignKeys.includes(fk)) col.foreignKeys.push(fk);
    });
  }
}

/** Options of `Index`. */
export interface IndexOptions {
  unique?: boolean;
  quote?: boolean;
  info?: Record<string, unknown>;
  [dialectOption: string]: unknown;
}

/** `CREATE [UNIQUE] INDEX name ON table (exprs)`. */
export class Index {
  readonly conventionKey = "ix";
  name: string | undefined;
  readonly explicitName: boolean;
  readonly unique: boolean;
  readonly dialectOptions: DialectOptions;
  readonly expressions: readonly (ColumnElement<any> | string)[];
  table: Table | undefined;
  implicit = false;

  constructor(name: string | null | undefined, ...args: (ColumnElement<any> | string | IndexOptions)[]) {
    const exprs: (ColumnElement<any> | string)[] = [];
    let options: IndexOptions = {};
    for (const a of args) {
      if (typeof a === "string" || isClauseElement(a)) exprs.push(a as ColumnElement<any> | string);
      else options = a as IndexOptions;
    }
    const { own, dialect } = splitDialectOptions(options, ["unique", "quote", "info"]);
    this.name = name ?? undefined;
    this.explicitName = this.name !== undefined;
    this.unique = own.unique ?? false;
    this.dialectOptions = dialect;
    this.expressions = exprs;
    // An index on a table's columns (or on expressions of them) attaches itself to that table.
    for (const e of exprs) {
      const t = typeof e !== "string" ? tableOfExpression(e) : undefined;
      if (t !== undefined) {
        t.appendIndex(this);
        break;
      }
    }
  }

  /** The indexed expressions, with column names resolved against the table. */
  get resolvedExpressions(): readonly ColumnElement<any>[] {
    return this.expressions.map((e) =>
      typeof e === "string" ? (resolveColumn(this.table as Table, e) as unknown as ColumnElement<any>) : e,
    );
  }

  /** The plain columns among the expressions. */
  get columns(): readonly Column[] {
    return this.resolvedExpressions.filter(
      (e) => (e as { table?: unknown }).table === this.table,
    ) as unknown as Column[];
  }

  attach(table: Table): void {
    this.table = table;
  }
}

/** The first `Table` whose column appears in `el`, found through the elements' declared children. */
function tableOfExpression(el: unknown): Table | undefined {
  if (!isClauseElement(el)) return undefined;
  const t = (el as { table?: unknown }).table;
  if (t !== undefined && typeof (t as { appendIndex?: unknown }).appendIndex === "function")
    return t as Table;
  for (const [attr, kind] of (el.constructor as { internals?: Internals }).internals ?? []) {
    const v = (el as unknown as Record<string, unknown>)[attr];
    const children = kind === "element" ? [v] : kind === "elements" && Array.isArray(v) ? v : [];
    for (const child of children) {
      const found = tableOfExpression(child);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
