/**
 * How the SQL Server dialect reads its catalog: the `sys.*` views (as
 * SQLAlchemy's `mssql` dialect does for columns and indexes) — sys.objects
 * and sys.schemas for the relations, sys.columns with sys.types,
 * sys.default_constraints, sys.computed_columns, sys.identity_columns and
 * sys.extended_properties (MS_Description comments); sys.key_constraints with
 * sys.index_columns for primary keys and unique constraints; sys.foreign_keys
 * with sys.foreign_key_columns; sys.check_constraints; sys.indexes; and
 * sys.sequences, sys.views and sys.sql_modules for the names and view
 * definitions. Each query covers a whole schema, so a schema of any size
 * reflects in a fixed number of round trips.
 */
import {
  type Connection,
  DialectReflector,
  type MultiReflectionOptions,
  type MultiResult,
  multiKey,
  NoSuchTableError,
  type Op,
  type ReflectedCheckConstraint,
  type ReflectedColumn,
  type ReflectedForeignKeyConstraint,
  type ReflectedIndex,
  type ReflectedPrimaryKeyConstraint,
  type ReflectedTableComment,
  type ReflectedUniqueConstraint,
  text,
} from "@athanor/core";
import { mssqlTypeFromCatalog } from "./ischema-names.js";

type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined || v === "" ? null : Number(v));
const bool = (v: unknown): boolean => v === true || v === 1 || v === "1";

/** `(:p0, :p1, ...)` and its binds; `(NULL)` (matching nothing) for no values. */
function inList(prefix: string, values: readonly string[]): [string, Record<string, string>] {
  if (values.length === 0) return ["(NULL)", {}];
  const binds: Record<string, string> = {};
  values.forEach((v, i) => {
    binds[`${prefix}${i}`] = v;
  });
  return [`(${values.map((_v, i) => `:${prefix}${i}`).join(", ")})`, binds];
}

/** The referential action of `sys.foreign_keys` (`SET_NULL`) as SQL (`SET NULL`); `NO ACTION` is left out. */
const action = (v: unknown): string | undefined => {
  const s = str(v)?.replace(/_/g, " ");
  return s === undefined || s === "NO ACTION" ? undefined : s;
};

/**
 * The SQL Server reflector (`dialect.reflector()`): every fact in its
 * multi-table form — columns (types from `ischema-names.ts`, `max` lengths
 * as none, collations, defaults as the catalog's text (`((0))`), IDENTITY
 * with its seed and increment, computed columns with PERSISTED, comments),
 * primary keys (named, with `mssqlClustered`), foreign keys with their
 * actions, unique constraints, check constraints, indexes (INCLUDE columns,
 * DESC parts, filtered indexes as `mssqlWhere`, `mssqlClustered`,
 * `mssqlColumnstore`) and table comments. SQLAlchemy reflects neither unique
 * nor check constraints on SQL Server; this reflector does.
 *
 * Types it does not know become `NullType`; the message goes to
 * {@link MSSQLReflector.onWarning} (`console.warn` by default) and is kept
 * in {@link MSSQLReflector.warnings}.
 */
export class MSSQLReflector extends DialectReflector {
  /** Warnings of this reflector (unknown types), newest last. */
  readonly warnings: string[] = [];
  /** Where warnings go besides {@link warnings}. Default `console.warn`. */
  onWarning: (message: string) => void = (m) => console.warn(`athanor (mssql reflection): ${m}`);

  protected warn(message: string): void {
    this.warnings.push(message);
    this.onWarning(message);
  }

  /** Runs `sql` with binds; the rows as plain objects. Every query of the reflector goes through here. */
  protected *rows(conn: Connection, sql: string, binds: Record<string, unknown> = {}): Op<Row[]> {
    const result = yield* conn.executeOp(text(sql).bindparams(binds));
    return (yield* result.mappings().allOp()) as Row[];
  }

  /** The schema condition: `<col> = :owner` or the login's default schema (`SCHEMA_NAME()`). */
  protected owner(column: string, schema: string | undefined): [string, Record<string, unknown>] {
    return schema === undefined
      ? [`${column} = SCHEMA_NAME()`, {}]
      : [`${column} = :owner`, { owner: schema }];
  }

  /** Runs `sql` with `{owner}` on `ownerColumn` and `{names}` as ` AND <nameColumn> IN (...)` for `names`. */
  protected *query(
    conn: Connection,
    sql: string,
    schema: string | undefined,
    ownerColumn: string,
    nameColumn: string,
    names: readonly string[] | undefined,
  ): Op<Row[]> {
    const [owner, binds] = this.owner(ownerColumn, schema);
    let filter = "";
    let nameBinds: Record<string, string> = {};
    if (names !== undefined) {
      const [list, b] = inList("n", names);
      filter = ` AND ${nameColumn} IN ${list}`;
      nameBinds = b;
    }
    return yield* this.rows(conn, sql.replace("{owner}", owner).replace("{names}", filter), {
      ...binds,
      ...nameBinds,
    });
  }

  // --- names -------------------------------------------------------------------------

  override *getDefaultSchemaName(conn: Connection): Op<string | null> {
    const rows = yield* this.rows(conn, "SELECT SCHEMA_NAME() AS name");
    return str(rows[0]?.name);
  }

  override *getSchemaNames(conn: Connection): Op<string[]> {
    const rows = yield* this.rows(conn, "SELECT name FROM sys.schemas ORDER BY name");
    return rows.map((r) => String(r.name));
  }

  private *objectNames(conn: Connection, from: string, schema: string | undefined): Op<string[]> {
    const rows = yield* this.query(
      conn,
      `SELECT o.name AS name FROM ${from} o JOIN sys.schemas s ON s.schema_id = o.schema_id WHERE {owner} ORDER BY o.name`,
      schema,
      "s.name",
      "o.name",
      undefined,
    );
    return rows.map((r) => String(r.name));
  }

  override *getTableNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.objectNames(conn, "sys.tables", schema);
  }

  override *getViewNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.objectNames(conn, "sys.views", schema);
  }

  override *getSequenceNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.objectNames(conn, "sys.sequences", schema);
  }

  /** Temporary tables (`#name`), from tempdb, as SQLAlchemy lists them (the server's `___..0001A` suffix removed). */
  override *getTemporaryTableNames(conn: Connection): Op<string[]> {
    const rows = yield* this.rows(
      conn,
      "SELECT name FROM tempdb.sys.tables WHERE name LIKE '#%' ORDER BY name",
    );
    return rows.map((r) => String(r.name).replace(/_{3,}[0-9A-F]+$/, ""));
  }

  /** The `CREATE VIEW` text of `sys.sql_modules`. */
  override *getViewDefinition(conn: Connection, viewName: string, schema?: string): Op<string> {
    const rows = yield* this.query(
      conn,
      "SELECT m.definition AS def FROM sys.sql_modules m JOIN sys.views o ON o.object_id = m.object_id " +
        "JOIN sys.schemas s ON s.schema_id = o.schema_id WHERE {owner}{names}",
      schema,
      "s.name",
      "o.name",
      [viewName],
    );
    const def = rows[0]?.def;
    if (def === undefined || def === null) {
      throw new NoSuchTableError(schema === undefined ? viewName : `${schema}.${viewName}`);
    }
    return String(def);
  }

  // --- the relations a multi call covers --------------------------------------------------

  /** The tables (`U`) and / or views (`V`) of `o`'s kind and names. */
  protected *relations(conn: Connection, o: MultiReflectionOptions): Op<string[]> {
    const kind = o.kind ?? "table";
    // Temporary tables live in tempdb; a multi call covers the schema's own relations.
    if (o.scope === "temporary") return [];
    const types = kind === "table" ? "'U'" : kind === "view" ? "'V'" : kind === "any" ? "'U', 'V'" : null;
    if (types === null) return [];
    const rows = yield* this.query(
      conn,
      "SELECT o.name AS name FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id " +
        `WHERE {owner} AND o.type IN (${types}){names}`,
      o.schema,
      "s.name",
      "o.name",
      o.filterNames,
    );
    return rows.map((r) => String(r.name));
  }

  private collect<T>(
    o: MultiReflectionOptions,
    rels: readonly string[],
    init: () => T,
  ): { out: MultiResult<T>; get: (table: unknown) => T | undefined } {
    const out: MultiResult<T> = new Map();
    for (const name of rels) out.set(multiKey(o.schema ?? null, name), init());
    return { out, get: (table) => out.get(multiKey(o.schema ?? null, String(table))) };
  }

  private *facts(
    conn: Connection,
    o: MultiReflectionOptions,
    rels: readonly string[],
    sql: string,
  ): Op<Row[]> {
    return yield* this.query(
      conn,
      sql,
      o.schema,
      "s.name",
      "o.name",
      o.filterNames === undefined ? undefined : rels,
    );
  }

  // --- columns -----------------------------------------------------------------------

  override *getMultiColumns(conn: Connection, o: MultiReflectionOptions): Op<MultiResult<ReflectedColumn[]>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedColumn[]>(o, rels, () => []);
    if (rels.length === 0) return out;
    for (const r of yield* this.facts(conn, o, rels, COLUMNS_QUERY)) get(r.table_name)?.push(this.column(r));
    return out;
  }

  /** One `sys.columns` row (with its joins) as a reflected column. */
  protected column(r: Row): ReflectedColumn {
    const name = String(r.column_name);
    const type = mssqlTypeFromCatalog(
      {
        typeName: String(r.type_name),
        baseType: str(r.base_type),
        maxLength: num(r.max_length),
        precision: num(r.num_precision),
        scale: num(r.num_scale),
        collation: str(r.collation_name),
      },
      (m) => this.warn(m),
      name,
    );
    const out: ReflectedColumn = {
      name,
      type,
      nullable: bool(r.is_nullable),
      default: str(r.default_value),
      autoincrement: r.is_identity !== null && r.is_identity !== undefined,
      comment: str(r.comment),
    };
    const definition = str(r.computed_definition);
    if (definition !== null) out.computed = { sqltext: definition, persisted: bool(r.is_persisted) };
    if (out.autoincrement) {
      const start = num(r.seed_value);
      const increment = num(r.increment_value);
      out.identity = {
        always: false,
        ...(start !== null ? { start } : {}),
        ...(increment !== null ? { increment } : {}),
      };
    }
    return out;
  }

  // --- keys --------------------------------------------------------------------------

  override *getMultiPkConstraint(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedPrimaryKeyConstraint>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedPrimaryKeyConstraint>(o, rels, () => ({
      name: null,
      constrainedColumns: [],
    }));
    if (rels.length === 0) return out;
    for (const r of yield* this.facts(conn, o, rels, keyConstraintsQuery("PK"))) {
      const pk = get(r.table_name);
      if (pk === undefined) continue;
      pk.name = String(r.name);
      pk.dialectOptions = { mssqlClustered: num(r.index_type) === 1 };
      pk.constrainedColumns.push(String(r.column_name));
    }
    return out;
  }

  override *getMultiUniqueConstraints(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedUniqueConstraint[]>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedUniqueConstraint[]>(o, rels, () => []);
    if (rels.length === 0) return out;
    const found = new Map<string, ReflectedUniqueConstraint>();
    for (const r of yield* this.facts(conn, o, rels, keyConstraintsQuery("UQ"))) {
      const uniques = get(r.table_name);
      if (uniques === undefined) continue;
      const key = `${String(r.table_name)}\u0000${String(r.name)}`;
      let uc = found.get(key);
      if (uc === undefined) {
        // The constraint's index has its name.
        uc = { name: String(r.name), columnNames: [], duplicatesIndex: String(r.name) };
        if (num(r.index_type) === 1) uc.dialectOptions = { mssqlClustered: true };
        found.set(key, uc);
        uniques.push(uc);
      }
      uc.columnNames.push(String(r.column_name));
    }
    return out;
  }

  override *getMultiForeignKeys(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedForeignKeyConstraint[]>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedForeignKeyConstraint[]>(o, rels, () => []);
    if (rels.length === 0) return out;
    const found = new Map<string, ReflectedForeignKeyConstraint>();
    for (const r of yield* this.facts(conn, o, rels, FOREIGN_KEYS_QUERY)) {
      const fks = get(r.table_name);
      if (fks === undefined) continue;
      const key = `${String(r.table_name)}\u0000${String(r.name)}`;
      let fk = found.get(key);
      if (fk === undefined) {
        const options: NonNullable<ReflectedForeignKeyConstraint["options"]> = {};
        const onupdate = action(r.onupdate);
        const ondelete = action(r.ondelete);
        if (onupdate !== undefined) options.onupdate = onupdate;
        if (ondelete !== undefined) options.ondelete = ondelete;
        const rschema = String(r.remote_schema);
        fk = {
          name: String(r.name),
          constrainedColumns: [],
          // SQLAlchemy's rule: the referred schema is named when a schema was asked for or it differs.
          referredSchema: o.schema !== undefined || rschema !== String(r.table_schema) ? rschema : null,
          referredTable: String(r.remote_table),
          referredColumns: [],
          options,
        };
        found.set(key, fk);
        fks.push(fk);
      }
      fk.constrainedColumns.push(String(r.local_column));
      fk.referredColumns.push(String(r.remote_column));
    }
    return out;
  }

  override *getMultiCheckConstraints(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedCheckConstraint[]>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedCheckConstraint[]>(o, rels, () => []);
    if (rels.length === 0) return out;
    for (const r of yield* this.facts(conn, o, rels, CHECKS_QUERY)) {
      get(r.table_name)?.push({ name: String(r.name), sqltext: String(r.definition) });
    }
    return out;
  }

  // --- indexes -----------------------------------------------------------------------

  override *getMultiIndexes(conn: Connection, o: MultiReflectionOptions): Op<MultiResult<ReflectedIndex[]>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedIndex[]>(o, rels, () => []);
    if (rels.length === 0) return out;
    const found = new Map<string, ReflectedIndex>();
    for (const r of yield* this.facts(conn, o, rels, INDEXES_QUERY)) {
      const indexes = get(r.table_name);
      if (indexes === undefined) continue;
      const key = `${String(r.table_name)}\u0000${String(r.index_id)}`;
      let index = found.get(key);
      const type = num(r.index_type);
      if (index === undefined) {
        const options: Record<string, unknown> = {};
        if (type === 1 || type === 2) options.mssqlClustered = type === 1;
        if (type === 5 || type === 6) {
          options.mssqlClustered = type === 5;
          options.mssqlColumnstore = true;
        }
        const where = str(r.filter_definition);
        if (where !== null) options.mssqlWhere = where;
        index = {
          name: str(r.index_name),
          columnNames: [],
          unique: bool(r.is_unique),
          dialectOptions: options,
        };
        if (bool(r.is_unique_constraint)) index.duplicatesConstraint = str(r.index_name);
        found.set(key, index);
        indexes.push(index);
      }
      const column = String(r.column_name);
      // A clustered columnstore index covers the whole table: it lists no columns.
      if (type === 5) continue;
      if (bool(r.is_included_column) && type !== 6) {
        index.includeColumns = [...(index.includeColumns ?? []), column];
        index.dialectOptions = { ...index.dialectOptions, mssqlInclude: index.includeColumns };
      } else {
        index.columnNames.push(column);
        if (bool(r.is_descending_key)) index.columnSorting = { ...index.columnSorting, [column]: ["desc"] };
      }
    }
    return out;
  }

  // --- comments ------------------------------------------------------------------------

  override *getMultiTableComment(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedTableComment>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedTableComment>(o, rels, () => ({ text: null }));
    if (rels.length === 0) return out;
    for (const r of yield* this.facts(conn, o, rels, COMMENTS_QUERY)) {
      const c = get(r.table_name);
      if (c !== undefined) c.text = str(r.comment);
    }
    return out;
  }
}

/** The owning relation (`o`) and its schema (`s`) of a catalog row whose object id is `id`. */
const joinObjects = (id: string) =>
  `JOIN sys.objects o ON o.object_id = ${id} JOIN sys.schemas s ON s.schema_id = o.schema_id`;

const COLUMNS_QUERY =
  "SELECT o.name AS table_name, c.name AS column_name, t.name AS type_name, bt.name AS base_type, " +
  "c.is_nullable AS is_nullable, c.max_length AS max_length, c.precision AS num_precision, c.scale AS num_scale, " +
  "dc.definition AS default_value, c.collation_name AS collation_name, cc.definition AS computed_definition, " +
  "cc.is_persisted AS is_persisted, ic.is_identity AS is_identity, " +
  "CAST(ic.seed_value AS DECIMAL(38, 0)) AS seed_value, CAST(ic.increment_value AS DECIMAL(38, 0)) AS increment_value, " +
  "CAST(ep.value AS NVARCHAR(4000)) AS comment " +
  `FROM sys.columns c ${joinObjects("c.object_id")} ` +
  "JOIN sys.types t ON t.user_type_id = c.user_type_id " +
  "LEFT OUTER JOIN sys.types bt ON bt.user_type_id = t.system_type_id AND bt.user_type_id = bt.system_type_id " +
  "LEFT OUTER JOIN sys.default_constraints dc ON dc.object_id = c.default_object_id " +
  "AND dc.parent_column_id = c.column_id " +
  "LEFT OUTER JOIN sys.computed_columns cc ON cc.object_id = c.object_id AND cc.column_id = c.column_id " +
  "LEFT OUTER JOIN sys.identity_columns ic ON ic.object_id = c.object_id AND ic.column_id = c.column_id " +
  "LEFT OUTER JOIN sys.extended_properties ep ON ep.class = 1 AND ep.name = 'MS_Description' " +
  "AND ep.major_id = c.object_id AND ep.minor_id = c.column_id " +
  "WHERE {owner} AND o.type IN ('U', 'V'){names} ORDER BY o.name, c.column_id";

/** Primary keys (`PK`) or unique constraints (`UQ`) with their columns in key order. */
function keyConstraintsQuery(type: "PK" | "UQ"): string {
  return (
    "SELECT o.name AS table_name, kc.name AS name, c.name AS column_name, i.type AS index_type " +
    `FROM sys.key_constraints kc ${joinObjects("kc.parent_object_id")} ` +
    "JOIN sys.indexes i ON i.object_id = kc.parent_object_id AND i.index_id = kc.unique_index_id " +
    "JOIN sys.index_columns ixc ON ixc.object_id = i.object_id AND ixc.index_id = i.index_id " +
    "JOIN sys.columns c ON c.object_id = ixc.object_id AND c.column_id = ixc.column_id " +
    `WHERE {owner} AND kc.type = '${type}'{names} ORDER BY o.name, kc.name, ixc.key_ordinal`
  );
}

const FOREIGN_KEYS_QUERY =
  "SELECT o.name AS table_name, s.name AS table_schema, fk.name AS name, pc.name AS local_column, " +
  "rs.name AS remote_schema, ro.name AS remote_table, rc.name AS remote_column, " +
  "fk.update_referential_action_desc AS onupdate, fk.delete_referential_action_desc AS ondelete " +
  `FROM sys.foreign_keys fk ${joinObjects("fk.parent_object_id")} ` +
  "JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id " +
  "JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id " +
  "JOIN sys.objects ro ON ro.object_id = fkc.referenced_object_id " +
  "JOIN sys.schemas rs ON rs.schema_id = ro.schema_id " +
  "JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id " +
  "WHERE {owner}{names} ORDER BY o.name, fk.name, fkc.constraint_column_id";

const CHECKS_QUERY =
  "SELECT o.name AS table_name, ck.name AS name, ck.definition AS definition " +
  `FROM sys.check_constraints ck ${joinObjects("ck.parent_object_id")} ` +
  "WHERE {owner}{names} ORDER BY o.name, ck.name";

const INDEXES_QUERY =
  "SELECT o.name AS table_name, i.index_id AS index_id, i.name AS index_name, i.is_unique AS is_unique, " +
  "i.type AS index_type, i.filter_definition AS filter_definition, i.is_unique_constraint AS is_unique_constraint, " +
  "c.name AS column_name, ixc.is_included_column AS is_included_column, ixc.is_descending_key AS is_descending_key " +
  `FROM sys.indexes i ${joinObjects("i.object_id")} ` +
  "JOIN sys.index_columns ixc ON ixc.object_id = i.object_id AND ixc.index_id = i.index_id " +
  "JOIN sys.columns c ON c.object_id = ixc.object_id AND c.column_id = ixc.column_id " +
  "WHERE {owner} AND i.is_primary_key = 0 AND i.type <> 0 AND i.is_hypothetical = 0{names} " +
  "ORDER BY o.name, i.name, ixc.is_included_column, ixc.key_ordinal, ixc.index_column_id";

const COMMENTS_QUERY =
  "SELECT o.name AS table_name, CAST(ep.value AS NVARCHAR(4000)) AS comment " +
  `FROM sys.extended_properties ep ${joinObjects("ep.major_id")} ` +
  "WHERE {owner} AND ep.class = 1 AND ep.minor_id = 0 AND ep.name = 'MS_Description'{names}";
