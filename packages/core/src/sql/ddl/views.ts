/**
 * Tables made from a SELECT: `CreateView`, `CreateTableAs`, `DropView`, and
 * the statements `createAll` / `dropAll` use for a table.
 */
import { ArgumentError } from "../../exc.js";
import type { CompileKw, SQLCompiler } from "../compiler/sql-compiler.js";
import { Column } from "../schema/column.js";
import { MetaData, Table } from "../schema/table.js";
import type { SelectBase } from "../select.js";
import { asDdlCompiler, ExecutableDDLElement } from "./base.js";
import { CreateTable, DropTable } from "./elements.js";

// ------------------------------------------------------------------------------------
// Tables from a SELECT: views and CREATE TABLE AS
// ------------------------------------------------------------------------------------

/** Options shared by `CreateView` and `CreateTableAs`. */
export interface TableViaSelectOptions {
  /** The `MetaData` the new `Table` (`.table`) joins; a new one if not given. */
  metadata?: MetaData;
  schema?: string;
  /** `CREATE TEMPORARY ...`. */
  temporary?: boolean;
  /** Dialect-specific options (`sqliteIfNotExists`, ...), read by dialect compilers. */
  [dialectOption: string]: unknown;
}

/** Options of `CreateTableAs`. */
export interface CreateTableAsOptions extends TableViaSelectOptions {
  /** `CREATE TABLE IF NOT EXISTS ... AS`. */
  ifNotExists?: boolean;
}

/** Options of `CreateView`. */
export interface CreateViewOptions extends TableViaSelectOptions {
  /** `CREATE OR REPLACE VIEW` (PostgreSQL, MySQL, MariaDB, Oracle). */
  orReplace?: boolean;
  /** `CREATE MATERIALIZED VIEW`, where the database has them. */
  materialized?: boolean;
}

const creators = new WeakMap<object, ExecutableDDLElement>();
const droppers = new WeakMap<object, ExecutableDDLElement>();

/**
 * The statement that creates `table`: `CreateTable`, or the `CreateView` /
 * `CreateTableAs` that defined it. Used by `createAll`.
 */
export function creatorDdlFor(table: Table): ExecutableDDLElement {
  return creators.get(table) ?? new CreateTable(table);
}

/** The statement that drops `table`: `DropTable`, or `DropView` for a view. Used by `dropAll`. */
export function dropperDdlFor(table: Table, options: { ifExists?: boolean } = {}): ExecutableDDLElement {
  const d = droppers.get(table);
  if (d instanceof DropView) {
    return options.ifExists ? new DropView(table, { ifExists: true, materialized: d.materialized }) : d;
  }
  return new DropTable(table, options);
}

const TABLE_VIA_SELECT_KEYS = ["metadata", "schema", "temporary", "ifNotExists", "orReplace", "materialized"];

/** The common part of `CreateView` and `CreateTableAs`: a `Table` made from a SELECT's columns. */
export abstract class TableViaSelect extends ExecutableDDLElement {
  /** The table (or view) this statement creates, with the SELECT's columns; usable in queries. */
  readonly table: Table;
  readonly temporary: boolean;
  readonly ifNotExists: boolean;
  readonly schema: string | undefined;
  readonly metadata: MetaData;
  /** Dialect-specific options, by camelCase key. */
  readonly dialectOptions: Readonly<Record<string, unknown>>;

  constructor(
    /** The SELECT whose rows (and columns) make the table. */
    readonly selectable: SelectBase,
    /** The new table's name. */
    readonly tableName: string,
    options: CreateTableAsOptions & CreateViewOptions,
  ) {
    super();
    if (selectable === null || typeof selectable !== "object" || !("selectedColumns" in selectable)) {
      throw new ArgumentError(`${new.target.name} expects a SELECT statement`);
    }
    this.schema = options.schema;
    this.temporary = options.temporary ?? false;
    this.ifNotExists = options.ifNotExists ?? false;
    this.metadata = options.metadata ?? new MetaData();
    const dialectOptions: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(options))
      if (!TABLE_VIA_SELECT_KEYS.includes(k)) dialectOptions[k] = v;
    this.dialectOptions = dialectOptions;
    const columns: Record<string, Column<any, any>> = {};
    const counters = new Map<string, number>();
    // An unnamed expression is named as the SELECT labels it (`anon_1`); a repeated name gets `_1`, `_2`, ...
    const uniqueName = (base: string, always: boolean): string => {
      let n = counters.get(base) ?? 0;
      let name = always ? `${base}_${++n}` : base;
      while (name in columns) name = `${base}_${++n}`;
      counters.set(base, n);
      return name;
    };
    for (const sc of selectable.selectedColumns) {
      const name =
        sc.key !== undefined ? uniqueName(sc.key, false) : uniqueName(sc.element.anonLabelBase, true);
      columns[name] = new Column(name, sc.element.type) as Column<any, any>;
    }
    this.table = new Table(
      tableName,
      this.metadata,
      columns,
      this.schema !== undefined ? { schema: this.schema } : {},
    );
    creators.set(this.table, this);
  }

  get element(): Table {
    return this.table;
  }
  get target(): Table {
    return this.table;
  }
}

/**
 * `CREATE TABLE name AS SELECT ...`: a new table holding the SELECT's rows.
 * `.table` is the new `Table`, ready to query.
 *
 * @example
 * ```ts
 * const cas = new CreateTableAs(select(users.c.id).where(users.c.active), "active_users");
 * select(cas.table);
 * ```
 */
export class CreateTableAs extends TableViaSelect {
  readonly visitName = "createTableAs";
  constructor(selectable: SelectBase, tableName: string, options: CreateTableAsOptions = {}) {
    super(selectable, tableName, options);
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitCreateTableAs(this, kw);
  }
}

/**
 * `CREATE [OR REPLACE] [TEMPORARY] [MATERIALIZED] VIEW name AS SELECT ...`.
 * `.table` is a `Table` standing for the view; `dropAll` drops it with
 * `DROP VIEW`.
 */
export class CreateView extends TableViaSelect {
  readonly visitName = "createView";
  readonly orReplace: boolean;
  readonly materialized: boolean;
  constructor(selectable: SelectBase, viewName: string, options: CreateViewOptions = {}) {
    const { ifNotExists: _ignored, ...rest } = options as CreateViewOptions & { ifNotExists?: unknown };
    super(selectable, viewName, rest);
    this.orReplace = options.orReplace ?? false;
    this.materialized = options.materialized ?? false;
    droppers.set(this.table, new DropView(this.table, { materialized: this.materialized }));
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitCreateView(this, kw);
  }
}

/** `DROP [MATERIALIZED] VIEW [IF EXISTS] name`. */
export class DropView extends ExecutableDDLElement {
  readonly visitName = "dropView";
  readonly ifExists: boolean;
  readonly materialized: boolean;
  constructor(
    readonly element: Table,
    options: { ifExists?: boolean; materialized?: boolean } = {},
  ) {
    super();
    this.ifExists = options.ifExists ?? false;
    this.materialized = options.materialized ?? false;
  }
  get target(): Table {
    return this.element;
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return asDdlCompiler(compiler).visitDropView(this, kw);
  }
}
