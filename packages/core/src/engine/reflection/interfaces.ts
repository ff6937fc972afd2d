/**
 * What reflection returns: plain records describing what the database
 * holds, SQLAlchemy's `Reflected*` dictionaries in camelCase. Dialects build
 * them from their catalogs; the `Inspector` caches them; `Table` autoload
 * turns them into schema objects.
 */
import type { TypeEngine } from "../../sql/types/type-engine.js";

/** `GENERATED ... AS IDENTITY` options of a column. */
export interface ReflectedIdentity {
  always: boolean;
  onNull?: boolean;
  start?: number;
  increment?: number;
  minvalue?: number;
  maxvalue?: number;
  nominvalue?: boolean;
  nomaxvalue?: boolean;
  cycle?: boolean;
  cache?: number | null;
  order?: boolean;
}

/** A computed (generated) column's expression. */
export interface ReflectedComputed {
  sqltext: string;
  /** STORED (`true`) or VIRTUAL (`false`); absent when the database does not say. */
  persisted?: boolean;
}

/** One column of a table or view. */
export interface ReflectedColumn {
  name: string;
  /** One of Athanor's type objects, from the database's type name (`NullType` when unknown, with a warning). */
  type: TypeEngine<unknown>;
  nullable: boolean;
  /** The server default as SQL text, or `null`. */
  default: string | null;
  /** Whether the database generates values (SERIAL, AUTO_INCREMENT, IDENTITY, SQLite's rowid alias). */
  autoincrement?: boolean;
  comment?: string | null;
  computed?: ReflectedComputed;
  identity?: ReflectedIdentity;
  /** Dialect-specific facts (`mysqlCharset`, `mssqlIdentityStart`, ...). */
  dialectOptions?: Record<string, unknown>;
}

/** A named constraint. */
export interface ReflectedConstraint {
  name: string | null;
  comment?: string | null;
}

export interface ReflectedPrimaryKeyConstraint extends ReflectedConstraint {
  constrainedColumns: string[];
  dialectOptions?: Record<string, unknown>;
}

export interface ReflectedForeignKeyConstraint extends ReflectedConstraint {
  constrainedColumns: string[];
  /** The referred table's schema; `null` for the default schema. */
  referredSchema: string | null;
  referredTable: string;
  referredColumns: string[];
  /** `onupdate`, `ondelete`, `deferrable`, `initially`, `match`. */
  options?: {
    onupdate?: string;
    ondelete?: string;
    deferrable?: boolean;
    initially?: string;
    match?: string;
  };
}

export interface ReflectedUniqueConstraint extends ReflectedConstraint {
  columnNames: string[];
  /** The name of an index that backs this constraint (MySQL reports both). */
  duplicatesIndex?: string | null;
  dialectOptions?: Record<string, unknown>;
}

export interface ReflectedCheckConstraint extends ReflectedConstraint {
  sqltext: string;
  dialectOptions?: Record<string, unknown>;
}

export interface ReflectedIndex {
  name: string | null;
  /** Column names; `null` where the element is an expression (see `expressions`). */
  columnNames: (string | null)[];
  /** Every element as SQL text, expressions included, when any element is an expression. */
  expressions?: string[];
  unique: boolean;
  /** The name of a constraint this index backs. */
  duplicatesConstraint?: string | null;
  /** INCLUDE columns (PostgreSQL, SQL Server). */
  includeColumns?: string[];
  /** Sort options per element: `{ name: ["desc", "nulls_last"] }`. */
  columnSorting?: Record<string, string[]>;
  /** Partial index predicates and access methods: `postgresqlWhere`, `postgresqlUsing`, `sqliteWhere`, `mysqlLength`... */
  dialectOptions?: Record<string, unknown>;
}

export interface ReflectedTableComment {
  text: string | null;
}

/** What kinds of relations a multi-table reflection covers. */
export type ObjectKind = "table" | "view" | "materializedView" | "any";

/** Whether temporary objects are included. */
export type ObjectScope = "default" | "temporary" | "any";

/** Options of the `getMulti*` methods. */
export interface MultiReflectionOptions {
  /** The schema; the default schema when absent. */
  schema?: string | undefined;
  /** Only these relations. */
  filterNames?: readonly string[] | undefined;
  kind?: ObjectKind;
  scope?: ObjectScope;
}

/** Results of a `getMulti*` call, keyed by `[schema, name]` as `"schema.name"` / `".name"` (see `multiKey`). */
export type MultiResult<T> = Map<string, T>;

/** The key of a relation in `getMulti*` results: `schema` is `null` for the default schema. */
export function multiKey(schema: string | null | undefined, name: string): string {
  return `${schema ?? ""}\u0000${name}`;
}

/** The parts of a `multiKey`. */
export function splitMultiKey(key: string): { schema: string | null; name: string } {
  const i = key.indexOf("\u0000");
  const schema = key.slice(0, i);
  return { schema: schema === "" ? null : schema, name: key.slice(i + 1) };
}
