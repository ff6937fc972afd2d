/**
 * Building schema objects from the catalog: `metadata.reflect(conn)`,
 * `reflectTable(conn, name, metadata)` and `new Table(name, metadata,
 * { autoload: conn })`. Reflected facts become `Column`s, constraints and
 * indexes; tables referred to by foreign keys are reflected too
 * (`resolveFks`, default true), so joins infer their ON clauses.
 */
import { ArgumentError } from "../../exc.js";
import type { ClauseElement } from "../../sql/elements/base.js";
import type { ColumnElement } from "../../sql/elements/column-element.js";
import { text } from "../../sql/elements/text.js";
import { Column, type ColumnImpl, type ColumnOptions } from "../../sql/schema/column.js";
import {
  CheckConstraint,
  ForeignKeyConstraint,
  Index,
  PrimaryKeyConstraint,
  UniqueConstraint,
} from "../../sql/schema/constraints.js";
import { Computed, Identity } from "../../sql/schema/defaults.js";
import { type MetaData, Table, type TableImpl } from "../../sql/schema/table.js";
import type { Connection } from "../connection.js";
import type { Op } from "../effects.js";
import { type AnyConnection, runOn } from "../schema-ops.js";
import {
  multiKey,
  type ReflectedCheckConstraint,
  type ReflectedColumn,
  type ReflectedForeignKeyConstraint,
  type ReflectedIndex,
  type ReflectedPrimaryKeyConstraint,
  type ReflectedTableComment,
  type ReflectedUniqueConstraint,
} from "./interfaces.js";
import { NoSuchTableError } from "./reflector.js";

/** Options of `metadata.reflect()`. */
export interface ReflectOptions {
  /** The schema to reflect; the default schema when absent. */
  schema?: string;
  /** Only these tables (names), or those a predicate accepts. */
  only?: readonly string[] | ((name: string, metadata: MetaData) => boolean);
  /** Reflect views too. Default `false`. */
  views?: boolean;
  /** Reflect tables referred to by foreign keys, even outside `only`. Default `true`. */
  resolveFks?: boolean;
}

/** Options of autoloading one table. */
export interface AutoloadOptions {
  /** The connection (or engine) to reflect with. */
  autoload: AnyConnection | { connect(): Connection };
  schema?: string;
  /** Columns to use instead of the reflected ones of the same key (SQLAlchemy's overriding). */
  columns?: Record<string, ReturnType<typeof makeColumn>>;
  /** Only these columns (SQLAlchemy's `include_columns`). */
  includeColumns?: readonly string[];
  /** Reflect tables referred to by foreign keys. Default `true`. */
  resolveFks?: boolean;
}

/** Everything reflected about one table. */
interface TableInfo {
  columns: ReflectedColumn[];
  pk: ReflectedPrimaryKeyConstraint | undefined;
  fks: ReflectedForeignKeyConstraint[];
  indexes: ReflectedIndex[];
  uniques: ReflectedUniqueConstraint[];
  checks: ReflectedCheckConstraint[];
  comment: ReflectedTableComment | undefined;
  /** Dialect table options (`mysqlEngine`, `sqliteWithRowid`, ...). */
  options: Record<string, unknown>;
}

function makeColumn(c: ReflectedColumn, pkCols: ReadonlySet<string>): ColumnImpl {
  const options: ColumnOptions = {
    nullable: c.nullable,
    primaryKey: pkCols.has(c.name),
  };
  if (c.default !== null && c.default !== undefined && c.computed === undefined && c.identity === undefined) {
    options.serverDefault = text(c.default);
  }
  if (c.autoincrement !== undefined) options.autoincrement = c.autoincrement;
  if (c.comment !== undefined && c.comment !== null) options.comment = c.comment;
  if (c.computed !== undefined) {
    options.computed = new Computed(
      c.computed.sqltext,
      c.computed.persisted === undefined ? {} : { persisted: c.computed.persisted },
    );
  }
  if (c.identity !== undefined) {
    const { always, ...rest } = c.identity;
    options.identity = new Identity({
      always,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && v !== undefined)),
    });
  }
  for (const [k, v] of Object.entries(c.dialectOptions ?? {})) options[k] = v;
  return new Column(c.name, c.type, options) as unknown as ColumnImpl;
}

function fkTarget(fk: ReflectedForeignKeyConstraint, col: string): string {
  return fk.referredSchema !== null
    ? `${fk.referredSchema}.${fk.referredTable}.${col}`
    : `${fk.referredTable}.${col}`;
}

/** Builds a `Table` in `metadata` from reflected facts. */
function buildTable(
  metadata: MetaData,
  name: string,
  schema: string | undefined,
  info: TableInfo,
  overrides: AutoloadOptions["columns"] = {},
  includeColumns?: readonly string[],
  into?: TableImpl,
): Table {
  const pkCols = new Set(info.pk?.constrainedColumns ?? []);
  const columns: Record<string, unknown> = {};
  for (const c of info.columns) {
    if (includeColumns !== undefined && !includeColumns.includes(c.name)) continue;
    columns[c.name] = overrides[c.name] ?? makeColumn(c, pkCols);
  }
  for (const [k, col] of Object.entries(overrides)) if (!(k in columns)) columns[k] = col;
  const constraints: (
    | PrimaryKeyConstraint
    | ForeignKeyConstraint
    | UniqueConstraint
    | CheckConstraint
    | Index
  )[] = [];
  const present = (cols: readonly (string | null)[]) => cols.every((c) => c === null || c in columns);
  // An unnamed primary key without options is said by the columns' primaryKey flags alone.
  const pkOptions = info.pk?.dialectOptions ?? {};
  if (
    info.pk !== undefined &&
    info.pk.constrainedColumns.length > 0 &&
    (info.pk.name !== null || Object.keys(pkOptions).length > 0)
  ) {
    if (present(info.pk.constrainedColumns))
      constraints.push(
        new PrimaryKeyConstraint(...info.pk.constrainedColumns, {
          ...(info.pk.name !== null ? { name: info.pk.name } : {}),
          ...pkOptions,
        }),
      );
  }
  for (const fk of info.fks) {
    if (!present(fk.constrainedColumns)) continue;
    const opts: Record<string, unknown> = { ...(fk.options ?? {}) };
    if (fk.name !== null) opts.name = fk.name;
    constraints.push(
      new ForeignKeyConstraint(
        fk.constrainedColumns,
        fk.referredColumns.map((c) => fkTarget(fk, c)),
        opts,
      ),
    );
  }
  const constraintNames = new Set<string>();
  for (const u of info.uniques) {
    if (!present(u.columnNames)) continue;
    if (u.name !== null) constraintNames.add(u.name);
    constraints.push(
      new UniqueConstraint(...u.columnNames, {
        ...(u.name !== null ? { name: u.name } : {}),
        ...(u.dialectOptions ?? {}),
      }),
    );
  }
  for (const ck of info.checks) {
    constraints.push(
      new CheckConstraint(ck.sqltext, {
        ...(ck.name !== null ? { name: ck.name } : {}),
        ...(ck.dialectOptions ?? {}),
      }),
    );
  }
  const sortedIndexes: ReflectedIndex[] = [];
  for (const ix of info.indexes) {
    // An index backing a unique constraint is the constraint's, not a separate index.
    if (ix.duplicatesConstraint !== undefined && ix.duplicatesConstraint !== null) continue;
    if (ix.name !== null && constraintNames.has(ix.name)) continue;
    if (!present(ix.columnNames)) continue;
    // DESC / NULLS FIRST|LAST apply to the table's columns, so those indexes are made once it exists.
    if (ix.columnSorting !== undefined && Object.keys(ix.columnSorting).length > 0) {
      sortedIndexes.push(ix);
      continue;
    }
    const elements: (string | ClauseElement)[] = ix.columnNames.map((c, i) =>
      c !== null ? c : text(ix.expressions?.[i] ?? ""),
    );
    constraints.push(
      new Index(ix.name ?? undefined, ...(elements as never[]), {
        unique: ix.unique,
        ...(ix.dialectOptions ?? {}),
      }),
    );
  }
  const comment = info.comment?.text;
  const options = {
    ...info.options,
    ...(schema !== undefined ? { schema } : {}),
    ...(comment !== null && comment !== undefined ? { comment } : {}),
    constraints,
  };
  let table: Table;
  if (into !== undefined) {
    into.populateReflected(columns as never, options);
    table = into as unknown as Table;
  } else table = new Table(name, metadata, columns as never, options);
  for (const ix of sortedIndexes) sortedIndex(table, ix);
  return table;
}

/** An index with sorted columns (`DESC`, `NULLS LAST`), on the built table's columns. */
function sortedIndex(table: Table, ix: ReflectedIndex): Index {
  const byName = new Map(
    (table.columns as unknown as ColumnElement<any>[]).map((c) => [
      (c as unknown as { name: string }).name,
      c,
    ]),
  );
  const elements = ix.columnNames.map((c, i) => {
    if (c === null) return text(ix.expressions?.[i] ?? "") as unknown as ColumnElement<any>;
    let el = byName.get(c) as ColumnElement<any>;
    for (const modifier of ix.columnSorting?.[c] ?? []) {
      if (modifier === "desc") el = el.desc();
      else if (modifier === "asc") el = el.asc();
      else if (modifier === "nulls_first") el = el.nullsFirst();
      else if (modifier === "nulls_last") el = el.nullsLast();
    }
    return el;
  });
  return new Index(ix.name ?? undefined, ...elements, { unique: ix.unique, ...(ix.dialectOptions ?? {}) });
}

/** Reflects the named tables with the multi-table methods (a few queries for any number of tables). */
function* reflectInfos(
  conn: Connection,
  names: readonly string[],
  schema: string | undefined,
  kind: "table" | "any",
): Op<Map<string, TableInfo>> {
  const r = conn.dialect.reflector();
  const o = { schema, filterNames: names, kind, scope: "any" as const };
  const columns = yield* r.getMultiColumns(conn, o);
  const pks = yield* r.getMultiPkConstraint(conn, o);
  const fks = yield* r.getMultiForeignKeys(conn, o);
  const indexes = yield* r.getMultiIndexes(conn, o);
  const uniques = yield* optional(r.getMultiUniqueConstraints(conn, o));
  const checks = yield* optional(r.getMultiCheckConstraints(conn, o));
  const comments = conn.dialect.supportsComments
    ? yield* optional(r.getMultiTableComment(conn, o))
    : new Map();
  const tableOptions = yield* optional(r.getMultiTableOptions(conn, o));
  const out = new Map<string, TableInfo>();
  for (const name of names) {
    const k = multiKey(schema ?? null, name);
    const cols = columns.get(k);
    if (cols === undefined) continue;
    out.set(name, {
      columns: cols,
      pk: pks.get(k),
      fks: fks.get(k) ?? [],
      indexes: indexes.get(k) ?? [],
      uniques: (uniques.get(k) as ReflectedUniqueConstraint[] | undefined) ?? [],
      checks: (checks.get(k) as ReflectedCheckConstraint[] | undefined) ?? [],
      comment: comments.get(k) as ReflectedTableComment | undefined,
      options: tableOptions.get(k) ?? {},
    });
  }
  return out;
}

/** A fact a dialect may not support: an empty result instead of an error. */
function* optional<T>(op: Op<Map<string, T>>): Op<Map<string, T>> {
  try {
    return yield* op;
  } catch (err) {
    if ((err as { code?: string }).code === "NotImplementedError") return new Map();
    throw err;
  }
}

/** Reflects tables into `metadata`: every table of a schema, or `only` some, and what they refer to. */
export function* reflectOp(conn: Connection, metadata: MetaData, options: ReflectOptions = {}): Op<void> {
  const r = conn.dialect.reflector();
  const schema = options.schema;
  let names = yield* r.getTableNames(conn, schema);
  if (options.views) names = [...names, ...(yield* r.getViewNames(conn, schema))];
  const only = options.only;
  if (Array.isArray(only)) {
    const missing = only.filter((n) => !names.includes(n));
    if (missing.length > 0) {
      throw new ArgumentError(
        `Could not reflect: requested table(s) not available in the database${schema !== undefined ? ` (schema '${schema}')` : ""}: (${missing.join(", ")})`,
      );
    }
    names = [...only];
  } else if (typeof only === "function") {
    names = names.filter((n) => only(n, metadata));
  }
  const fullname = (n: string, s: string | undefined) => (s !== undefined ? `${s}.${n}` : n);
  names = names.filter((n) => !metadata.tables.has(fullname(n, schema)));
  yield* reflectNamesOp(
    conn,
    metadata,
    names,
    schema,
    options.resolveFks ?? true,
    options.views ? "any" : "table",
  );
}

function* reflectNamesOp(
  conn: Connection,
  metadata: MetaData,
  names: readonly string[],
  schema: string | undefined,
  resolveFks: boolean,
  kind: "table" | "any",
): Op<void> {
  if (names.length === 0) return;
  const infos = yield* reflectInfos(conn, names, schema, kind);
  // Referred tables first, so foreign keys resolve (and cycles do not matter: keys resolve lazily).
  const pending = new Map<string | undefined, Set<string>>();
  if (resolveFks) {
    for (const info of infos.values()) {
      for (const fk of info.fks) {
        // null is the default schema (SQLAlchemy's BLANK_SCHEMA), not the referring table's.
        const s = fk.referredSchema ?? undefined;
        const full = s !== undefined ? `${s}.${fk.referredTable}` : fk.referredTable;
        if (metadata.tables.has(full) || (s === schema && infos.has(fk.referredTable))) continue;
        const set = pending.get(s) ?? new Set();
        set.add(fk.referredTable);
        pending.set(s, set);
      }
    }
  }
  for (const [name, info] of infos) {
    const full = schema !== undefined ? `${schema}.${name}` : name;
    if (!metadata.tables.has(full)) buildTable(metadata, name, schema, info);
  }
  for (const [s, set] of pending) {
    const todo = [...set].filter((n) => !metadata.tables.has(s !== undefined ? `${s}.${n}` : n));
    yield* reflectNamesOp(conn, metadata, todo, s, resolveFks, "table");
  }
}

/** Reflects one table into `metadata` (and, with `resolveFks`, the tables it refers to). */
export function* reflectTableOp(
  conn: Connection,
  name: string,
  metadata: MetaData,
  options: Omit<AutoloadOptions, "autoload"> & { into?: TableImpl } = {},
): Op<Table> {
  const schema = options.schema;
  const infos = yield* reflectInfos(conn, [name], schema, "any");
  const info = infos.get(name);
  if (info === undefined) {
    throw new NoSuchTableError(schema !== undefined ? `${schema}.${name}` : name);
  }
  const table = buildTable(
    metadata,
    name,
    schema,
    info,
    options.columns,
    options.includeColumns,
    options.into,
  );
  if (options.resolveFks ?? true) {
    for (const fk of info.fks) {
      // null is the default schema (SQLAlchemy's BLANK_SCHEMA), not the referring table's.
      const s = fk.referredSchema ?? undefined;
      const full = s !== undefined ? `${s}.${fk.referredTable}` : fk.referredTable;
      if (!metadata.tables.has(full)) {
        yield* reflectNamesOp(conn, metadata, [fk.referredTable], s, true, "table");
      }
    }
  }
  return table;
}

/** `metadata.reflect(conn)`: sync or async as the connection. */
export function reflect(
  conn: AnyConnection,
  metadata: MetaData,
  options?: ReflectOptions,
): void | Promise<void> {
  return runOn(conn, (c) => reflectOp(c, metadata, options));
}

/** One table, reflected: a `Table` (sync) or a Promise of one (async connection). */
export function reflectTable(
  conn: AnyConnection,
  name: string,
  metadata: MetaData,
  options?: Omit<AutoloadOptions, "autoload">,
): Table | Promise<Table> {
  return runOn(conn, (c) => reflectTableOp(c, name, metadata, options));
}
