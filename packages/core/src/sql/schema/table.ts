/**
 * `MetaData` and `Table`: the schema as objects.
 *
 * `new Table(name, metadata, { key: new Column(...) }, options)` registers
 * the table in the metadata, names its columns by key, gathers the implicit
 * constraints (primary key, column-level UNIQUE, foreign keys, CHECK, index)
 * and names them by the metadata's naming convention.
 */

import type { Connection } from "../../engine/connection.js";
import { runSync } from "../../engine/effects.js";
import {
  type AutoloadOptions,
  type ReflectOptions,
  reflect as reflectImpl,
  reflectTableOp,
} from "../../engine/reflection/reflect-table.js";
import {
  type AnyConnection,
  type AsyncRunner,
  type CreateDropOptions,
  createAll as createAllImpl,
  dropAll as dropAllImpl,
} from "../../engine/schema-ops.js";
import { ArgumentError, CircularDependencyError, InvalidRequestError } from "../../exc.js";
import type { CacheKeyGen, ClauseElement } from "../elements/base.js";
import { BindParameter, type ColumnClause, type ColumnElement } from "../elements/column-element.js";
import { TableClause } from "../selectable.js";
import type { Column, ColumnImpl } from "./column.js";
import {
  CheckConstraint,
  type Constraint,
  ForeignKeyConstraint,
  Index,
  PrimaryKeyConstraint,
  UniqueConstraint,
} from "./constraints.js";
import type { Sequence } from "./defaults.js";

/**
 * Name templates by constraint kind (`ix`, `uq`, `ck`, `fk`, `pk`), with
 * tokens `%(table_name)s`, `%(column_0_name)s`, `%(column_0_label)s`,
 * `%(column_0N_name)s`, `%(referred_table_name)s`, `%(constraint_name)s`, ...
 */
export type NamingConvention = Readonly<Record<string, string>>;

/** The default: indexes are named `ix_<table>_<column>`. */
export const DEFAULT_NAMING_CONVENTION: NamingConvention = { ix: "ix_%(column_0_label)s" };

/** Options of `MetaData`. */
export interface MetaDataOptions {
  /** A schema for tables that do not give one. */
  schema?: string;
  namingConvention?: NamingConvention;
  info?: Record<string, unknown>;
}

/** A collection of tables and sequences, and what they share (schema, naming convention). */
export class MetaData {
  readonly schema: string | undefined;
  readonly namingConvention: NamingConvention;
  readonly info: Record<string, unknown>;
  /** Tables by `schema.name` (or `name`). */
  readonly tables = new Map<string, Table>();
  /** Sequences by name. */
  readonly sequences = new Map<string, Sequence>();

  constructor(options: MetaDataOptions = {}) {
    this.schema = options.schema;
    this.namingConvention = options.namingConvention ?? DEFAULT_NAMING_CONVENTION;
    this.info = options.info ?? {};
  }

  /** @internal */
  addTable(table: Table): void {
    if (this.tables.has(table.fullname)) {
      throw new InvalidRequestError(
        `Table '${table.fullname}' is already defined for this MetaData instance; use a new MetaData or remove it first.`,
      );
    }
    this.tables.set(table.fullname, table);
  }

  /** Removes a table. */
  remove(table: Table): void {
    this.tables.delete(table.fullname);
  }

  /** Removes every table and sequence. */
  clear(): void {
    this.tables.clear();
    this.sequences.clear();
  }

  /**
   * Creates every table (and its indexes, and sequences) that does not exist
   * yet, in dependency order. With an `AsyncConnection`, returns a Promise.
   *
   * @example `metadata.createAll(conn)` / `await metadata.createAll(asyncConn)`
   */
  createAll(conn: Connection, options?: CreateDropOptions): void;
  createAll(conn: AsyncRunner, options?: CreateDropOptions): Promise<void>;
  createAll(conn: AnyConnection, options?: CreateDropOptions): void | Promise<void> {
    return createAllImpl(conn, this, options);
  }

  /**
   * Reads tables from the database into this metadata: every table of a
   * schema, or `only` some, and the tables they refer to. With an async
   * connection, returns a Promise.
   */
  reflect(conn: Connection | { connect(): Connection }, options?: ReflectOptions): void;
  reflect(conn: AsyncRunner, options?: ReflectOptions): Promise<void>;
  reflect(conn: AnyConnection | { connect(): Connection }, options?: ReflectOptions): void | Promise<void> {
    if ("connect" in conn && !("executeOp" in conn) && !("syncConnection" in conn)) {
      const c = conn.connect();
      try {
        return reflectImpl(c, this, options);
      } finally {
        c.close();
      }
    }
    return reflectImpl(conn as AnyConnection, this, options);
  }

  /** Drops every table (and sequences) that exists, in reverse dependency order. */
  dropAll(conn: Connection, options?: CreateDropOptions): void;
  dropAll(conn: AsyncRunner, options?: CreateDropOptions): Promise<void>;
  dropAll(conn: AnyConnection, options?: CreateDropOptions): void | Promise<void> {
    return dropAllImpl(conn, this, options);
  }

  /**
   * The tables in foreign-key dependency order: each after the tables it
   * references. A cycle raises `CircularDependencyError` unless the keys
   * forming it are marked `useAlter`, which are then left out of the order.
   */
  get sortedTables(): Table[] {
    return sortTables([...this.tables.values()]);
  }
}

/** Sorts tables so that referenced tables come first (stable, by insertion order otherwise). */
export function sortTables(tables: readonly Table[], options: { skipUseAlter?: boolean } = {}): Table[] {
  const set = new Set(tables);
  const deps = new Map<Table, Set<Table>>();
  for (const t of tables) {
    const d = new Set<Table>();
    for (const fkc of t.foreignKeyConstraints) {
      if (options.skipUseAlter !== false && fkc.useAlter) continue;
      let ref: Table;
      try {
        ref = fkc.referredTable;
      } catch {
        continue;
      }
      if (ref !== t && set.has(ref)) d.add(ref);
    }
    deps.set(t, d);
  }
  const out: Table[] = [];
  const state = new Map<Table, 1 | 2>();
  const visit = (t: Table, path: Table[]) => {
    const s = state.get(t);
    if (s === 2) return;
    if (s === 1) {
      const cycle = path.slice(path.indexOf(t)).map((x) => x.fullname);
      throw new CircularDependencyError(
        `Can't sort tables for DDL: a cycle of foreign keys among ${cycle.join(", ")}; mark one of them useAlter: true.`,
        cycle,
      );
    }
    state.set(t, 1);
    for (const d of deps.get(t) ?? []) visit(d, [...path, t]);
    state.set(t, 2);
    out.push(t);
  };
  for (const t of tables) visit(t, []);
  return out;
}

/** Options of `Table`. */
export interface TableOptions {
  schema?: string;
  comment?: string;
  /** Constraints and indexes declared at table level. */
  constraints?: readonly (Constraint | Index)[];
  /** Words between CREATE and TABLE (`TEMPORARY`). */
  prefixes?: readonly string[];
  /** Allow redefining a table already in the metadata, replacing it. */
  extendExisting?: boolean;
  /** Return... not supported: a second definition always raises unless `extendExisting`. */
  info?: Record<string, unknown>;
  /** Force quoting of the table name on (`true`) or off (`false`). */
  quote?: boolean;
  /** Force quoting of the schema name. */
  quoteSchema?: boolean;
  /** Let the table use RETURNING to fetch generated keys. Default `true`. */
  implicitReturning?: boolean;
  /** Dialect-specific options (`mysqlEngine`, `sqliteAutoincrement`, `postgresqlPartitionBy`, ...). */
  [dialectOption: string]: unknown;
}

/** The columns of a table as `table.c`, typed from its definition. */
export type TableColumns<Cols> = {
  readonly [K in keyof Cols & string]: Cols[K] extends Column<infer T, infer O, any>
    ? Column<T, O, K>
    : never;
};

/** A table of a `MetaData`, typed by its name and columns. */
export interface Table<Name extends string = string, Cols = Record<string, Column<any, any>>>
  extends TableImpl {
  readonly name: Name;
  readonly c: TableColumns<Cols>;
  /** The column definitions as given (type level). */
  readonly __columns: Cols;
}

/** Builds a `Table` typed by its column definitions. */
export interface TableConstructor {
  /**
   * A table whose columns and constraints are read from the database
   * (SQLAlchemy's `autoload_with`), with a sync connection or engine. Use
   * `reflectTable()` / `metadata.reflect()` with an async connection.
   */
  new <const Name extends string>(
    name: Name,
    metadata: MetaData,
    autoload: AutoloadOptions,
  ): Table<Name, Record<string, Column<unknown, boolean>>>;
  new <const Name extends string, Cols extends Record<string, Column<any, any>>>(
    name: Name,
    metadata: MetaData,
    columns: Cols,
    options?: TableOptions,
  ): Table<Name, Cols>;
  readonly prototype: TableImpl;
}

/** The runtime class behind `Table`. */
export class TableImpl extends TableClause<any> {
  override readonly visitName: string = "table";
  readonly metadata: MetaData;
  comment: string | undefined;
  readonly primaryKey: PrimaryKeyConstraint;
  readonly constraints: Constraint[] = [];
  readonly indexes: Index[] = [];
  readonly prefixes: readonly string[];
  readonly info: Record<string, unknown>;
  readonly dialectOptions: Record<string, unknown>;
  override readonly implicitReturning: boolean;

  constructor(
    name: string,
    metadata: MetaData,
    columnsOrAutoload: Record<string, Column<any, any>> | AutoloadOptions,
    options: TableOptions = {},
  ) {
    if (!(metadata instanceof MetaData))
      throw new ArgumentError("Table() needs a MetaData as its second argument");
    // `new Table(name, md, { autoload: conn, ... })`: the columns come from the database.
    const autoload = isAutoload(columnsOrAutoload) ? columnsOrAutoload : undefined;
    const columns = autoload === undefined ? (columnsOrAutoload as Record<string, Column<any, any>>) : {};
    if (autoload?.schema !== undefined) options = { ...options, schema: autoload.schema };
    const {
      schema,
      comment,
      constraints,
      prefixes,
      extendExisting,
      info,
      implicitReturning,
      quote,
      quoteSchema,
      ...dialectOptions
    } = options;
    super(name, [], schema ?? metadata.schema);
    this.metadata = metadata;
    this.comment = comment;
    this.prefixes = prefixes ?? [];
    this.info = info ?? {};
    this.dialectOptions = dialectOptions;
    this.implicitReturning = implicitReturning ?? true;
    this.quoteName = quote;
    this.quoteSchemaName = quoteSchema;
    this.primaryKey = new PrimaryKeyConstraint();
    this.primaryKey.implicit = true;
    if (extendExisting && metadata.tables.has(this.fullname))
      metadata.remove(metadata.tables.get(this.fullname) as Table);

    for (const [key, col] of Object.entries(columns)) {
      (col as unknown as ColumnImpl).bindToTable(key);
      this.appendColumn(col as unknown as ColumnImpl);
    }
    this.attachConstraint(this.primaryKey);
    for (const c of constraints ?? []) {
      if (c instanceof Index) this.appendIndex(c);
      else this.appendConstraint(c);
    }
    metadata.addTable(this as unknown as Table);
    if (autoload !== undefined) this.autoloadFrom(autoload);
  }

  /** Reads this table's columns and constraints from the database (the `{ autoload: conn }` form). */
  private autoloadFrom(options: AutoloadOptions): void {
    const bind = options.autoload as unknown as Record<string, unknown>;
    if ("syncConnection" in bind || "syncEngine" in bind) {
      this.metadata.remove(this as unknown as Table);
      throw new ArgumentError(
        "Table autoload runs while the table is constructed, so it needs a sync connection or engine; " +
          "with an async one use `await reflectTable(conn, name, metadata)` or `await metadata.reflect(conn, { only: [name] })`",
      );
    }
    const { autoload, columns, ...rest } = options;
    const run = (conn: Connection) =>
      runSync(
        reflectTableOp(conn, this.name, this.metadata, {
          ...rest,
          ...(columns !== undefined ? { columns } : {}),
          into: this,
        }),
      );
    try {
      if ("executeOp" in bind) run(autoload as Connection);
      else {
        const conn = (autoload as { connect(): Connection }).connect();
        try {
          run(conn);
        } finally {
          conn.close();
        }
      }
    } catch (err) {
      this.metadata.remove(this as unknown as Table);
      throw err;
    }
  }

  /** @internal Adds reflected columns and constraints to this (autoloaded) table. */
  populateReflected(
    columns: Record<string, Column<any, any>>,
    options: { comment?: string; constraints?: readonly (Constraint | Index)[] },
  ): void {
    for (const [key, col] of Object.entries(columns)) this.addColumn(key, col);
    if (options.comment !== undefined) this.comment = options.comment;
    for (const c of options.constraints ?? []) {
      if (c instanceof Index) this.appendIndex(c);
      else this.appendConstraint(c);
    }
  }

  override appendColumn(colClause: ColumnClause<any, any>): void {
    const col = colClause as ColumnImpl<any, any>;
    super.appendColumn(col);
    if (col.primaryKey) this.primaryKey.addColumn(col as unknown as Column);
    if (col.foreignKeys.length > 0) {
      for (const fk of col.foreignKeys) {
        if (fk.constraint !== undefined) continue;
        const fkc = new ForeignKeyConstraint([col as unknown as Column], [fk.target], fk.options);
        fkc.implicit = true;
        // Keep the column's own ForeignKey object as the constraint's element.
        fkc.elements.splice(0, 1, fk);
        fk.constraint = fkc;
        this.appendConstraint(fkc);
      }
    }
    // `unique: true` with `index: true` makes a unique index only, no UNIQUE constraint.
    if (col.unique === true && col.isIndexed !== true) {
      const uq = new UniqueConstraint(col as unknown as Column);
      uq.implicit = true;
      this.appendConstraint(uq);
    }
    if (col.check !== undefined) this.appendConstraint(col.check);
    const typeCheck = typeBoundCheck(col);
    if (typeCheck !== undefined) this.appendConstraint(typeCheck);
    if (col.isIndexed === true) {
      const ix = new Index(undefined, { unique: col.unique === true });
      (ix as { expressions: readonly unknown[] }).expressions = [col];
      ix.implicit = true;
      this.appendIndex(ix);
    }
  }

  /** Adds a constraint (named by the naming convention if it has no name). */
  appendConstraint(c: Constraint): void {
    this.attachConstraint(c);
  }

  private attachConstraint(c: Constraint): void {
    c.attach(this as unknown as Table);
    if (c instanceof PrimaryKeyConstraint && c !== this.primaryKey) this.replacePrimaryKey(c);
    if (c !== this.primaryKey) this.constraints.push(c);
    const template = this.metadata.namingConvention[c.conventionKey];
    // An unnamed type-made CHECK stays unnamed under a convention that needs a name (as in SQLAlchemy).
    const unnamedTypeCheck =
      c.name === undefined &&
      (c as CheckConstraint).typeBoundColumn !== undefined &&
      conventionUsesName(template);
    if (!unnamedTypeCheck && (!c.explicitName || conventionUsesName(template))) {
      const conventional = conventionalName(c, this as unknown as Table);
      if (conventional !== undefined) c.name = conventional;
    }
  }

  /**
   * An explicit `PrimaryKeyConstraint` replaces the one gathered from the
   * columns' `primaryKey: true`; its columns become primary key columns,
   * NOT NULL unless `nullable` was given.
   */
  private replacePrimaryKey(pk: PrimaryKeyConstraint): void {
    (this as { primaryKey: PrimaryKeyConstraint }).primaryKey = pk;
    for (const col of pk.columns as unknown as ColumnImpl[]) {
      (col as { primaryKey: boolean }).primaryKey = true;
      if (!col.explicitNullable) col.nullable = false;
    }
  }

  /** Adds an index (named by the naming convention if it has no name). */
  appendIndex(ix: Index): void {
    if (this.indexes.includes(ix)) return;
    ix.attach(this as unknown as Table);
    this.indexes.push(ix);
    if (ix.name === undefined || conventionUsesName(this.metadata.namingConvention.ix)) {
      const conventional = conventionalName(ix, this as unknown as Table);
      if (conventional !== undefined) ix.name = conventional;
    }
  }

  /** The table's foreign key constraints. */
  get foreignKeyConstraints(): ForeignKeyConstraint[] {
    return this.constraints.filter((c): c is ForeignKeyConstraint => c instanceof ForeignKeyConstraint);
  }

  /** Every `ForeignKey` of the table's columns. */
  get foreignKeys() {
    return this.foreignKeyConstraints.flatMap((c) => c.elements);
  }

  /**
   * The column whose values the database generates on INSERT (SQLAlchemy's
   * `_autoincrement_column`): the single integer primary key column, unless
   * `autoincrement: false`, or one marked `autoincrement: true`.
   */
  get autoincrementColumn(): ColumnImpl | undefined {
    const pk = this.primaryKey.columns as unknown as ColumnImpl[];
    const explicit = pk.find((c) => c.autoincrement === true);
    if (explicit !== undefined) return explicit;
    if (pk.length !== 1) return undefined;
    const col = pk[0] as ColumnImpl;
    if (col.autoincrement === false || !col.isIntegerType) return undefined;
    if (col.foreignKeys.length > 0 && col.autoincrement !== "ignore_fk") return undefined;
    if (col.default !== undefined && col.sequence === undefined) return undefined;
    if (col.serverDefault !== undefined && col.identity === undefined) return undefined;
    return col;
  }

  /** CREATE TABLE for this table (and its indexes); `checkfirst` skips it if it exists. Default `false`. */
  create(conn: Connection, options?: { checkfirst?: boolean }): void;
  create(conn: AsyncRunner, options?: { checkfirst?: boolean }): Promise<void>;
  create(conn: AnyConnection, options: { checkfirst?: boolean } = {}): void | Promise<void> {
    return createAllImpl(conn, this.metadata, {
      tables: [this as unknown as Table],
      checkfirst: options.checkfirst ?? false,
    });
  }

  /** DROP TABLE for this table; `checkfirst` skips it if it does not exist. Default `false`. */
  drop(conn: Connection, options?: { checkfirst?: boolean }): void;
  drop(conn: AsyncRunner, options?: { checkfirst?: boolean }): Promise<void>;
  drop(conn: AnyConnection, options: { checkfirst?: boolean } = {}): void | Promise<void> {
    return dropAllImpl(conn, this.metadata, {
      tables: [this as unknown as Table],
      checkfirst: options.checkfirst ?? false,
    });
  }

  /** Adds a column after construction (`table.appendColumn(new Column(...))`). */
  addColumn(key: string, col: Column<any, any>): void {
    (col as unknown as ColumnImpl).bindToTable(key);
    this.appendColumn(col as unknown as ColumnImpl);
  }

  private identityKey: string | undefined;

  /**
   * A schema table is identified by the object itself: two tables of the
   * same name in two `MetaData`s may have different columns and types.
   */
  override fromCacheKeyInto(gen: CacheKeyGen): void {
    gen.add(this.constantFromKey());
  }

  override constantFromKey(): string {
    this.identityKey ??= `table#${++tableIdentityCounter}:${this.fullname}`;
    return this.identityKey;
  }

  /** A `schema.name` description. */
  override get description(): string {
    return this.name;
  }

  /** The primary key columns. */
  get primaryKeyColumns(): readonly ColumnElement<any>[] {
    return this.primaryKey.columns as unknown as ColumnElement<any>[];
  }

  /** Sugar for `new CreateTable(this)`-like SQL text is in the DDL module. */
  get sqlTextHint(): ClauseElement | undefined {
    return undefined;
  }
}

let tableIdentityCounter = 0;

/** Whether a Table's third argument is autoload options rather than columns. */
function isAutoload(x: unknown): x is AutoloadOptions {
  const a = (x as { autoload?: unknown }).autoload;
  return typeof a === "object" && a !== null && ("executeOp" in a || "connect" in a || "syncConnection" in a);
}

/**
 * A table of a `MetaData`.
 *
 * @example
 * ```ts
 * const user = new Table("user_account", metadata, {
 *   id: new Column(Integer, { primaryKey: true }),
 *   name: new Column(String(30), { nullable: false }),
 *   fullname: new Column(String()),
 * });
 * user.c.name;  // Column<string, false, "name">
 * ```
 */
export const Table = TableImpl as unknown as TableConstructor;

/**
 * The CHECK a non-native `Enum`, or a `Boolean`, with `createConstraint`
 * adds to its column's table (`col IN ('a', 'b')`, `col IN (0, 1)`), named
 * after the type; the DDL compiler creates it only where the dialect lacks
 * the native type.
 */
function typeBoundCheck(col: ColumnImpl<any, any>): CheckConstraint | undefined {
  const type = col.type as unknown as {
    affinity: string;
    createConstraint?: boolean;
    enums?: readonly string[];
    name?: string;
  };
  if (type.createConstraint !== true) return undefined;
  let values: readonly unknown[];
  if (type.affinity === "enum") values = type.enums ?? [];
  else if (type.affinity === "boolean") values = [0, 1];
  else return undefined;
  const literals = values.map((v) => new BindParameter(undefined, v, { unique: true }));
  const ck = new CheckConstraint(
    col.in(literals as never),
    type.name !== undefined ? { name: type.name } : {},
  );
  ck.typeBoundColumn = col as unknown as Column;
  ck.implicit = true;
  return ck;
}

// --- naming conventions ---------------------------------------------------------------

function conventionUsesName(template: string | undefined): boolean {
  return template?.includes("%(constraint_name)s") === true;
}

function conventionalName(c: Constraint | Index, table: Table): string | undefined {
  const template = table.metadata.namingConvention[c.conventionKey];
  if (template === undefined) return undefined;
  if (c.explicitName && !conventionUsesName(template)) return undefined;
  const isFk = c instanceof ForeignKeyConstraint;
  const cols = (): readonly { name: string; key: string; label: string }[] => {
    if (isFk) {
      return (c as ForeignKeyConstraint).elements.map((fk) => {
        const p = fk.parent as unknown as ColumnImpl;
        return { name: p.name, key: p.key, label: `${table.name}_${p.name}` };
      });
    }
    const list =
      c instanceof Index
        ? (c.resolvedExpressions as unknown as ColumnImpl[])
        : (c.columns as unknown as ColumnImpl[]);
    return list.map((col) => ({
      name: col.name ?? "",
      key: col.key ?? "",
      label: col.table !== undefined ? `${(col.table as TableClause).name}_${col.name}` : (col.name ?? ""),
    }));
  };
  let missing = false;
  const name = template.replace(/%\((\w+)\)s/g, (_m, token: string) => {
    if (token === "table_name") return table.name;
    if (token === "constraint_name") {
      if (c.name === undefined) {
        throw new InvalidRequestError(
          "Naming convention including %(constraint_name)s token requires that constraint is explicitly named.",
        );
      }
      return c.name;
    }
    if (token === "referred_table_name" && isFk) {
      const target = ((c as ForeignKeyConstraint).elements[0]?.targetFullname ?? "").split(".");
      return target[target.length - 2] ?? "";
    }
    const m = /^(referred_)?column_(\d+)(_?N)?_(name|key|label)$/.exec(token);
    if (m !== null) {
      const referred = m[1] !== undefined;
      const attr = m[4] as "name" | "key" | "label";
      let list = cols();
      if (referred && isFk) {
        list = (c as ForeignKeyConstraint).elements.map((fk) => {
          const col = fk.column as unknown as ColumnImpl;
          return { name: col.name, key: col.key, label: col.name };
        });
      }
      if (m[3] !== undefined) return list.map((x) => x[attr]).join(m[3].startsWith("_") ? "_" : "");
      const item = list[Number(m[2])];
      return item === undefined ? "" : item[attr];
    }
    missing = true;
    return "";
  });
  if (missing) throw new ArgumentError(`unknown token in naming convention '${template}'`);
  return name;
}
