/**
 * How the Oracle dialect reads its data dictionary, as SQLAlchemy's Oracle
 * dialect does: the `ALL_*` views (ALL_TABLES, ALL_VIEWS, ALL_MVIEWS,
 * ALL_TAB_COLS with ALL_COL_COMMENTS and ALL_TAB_IDENTITY_COLS,
 * ALL_CONSTRAINTS with ALL_CONS_COLUMNS, ALL_INDEXES with ALL_IND_COLUMNS and
 * ALL_IND_EXPRESSIONS, ALL_TAB_COMMENTS / ALL_MVIEW_COMMENTS, ALL_SEQUENCES,
 * ALL_USERS), each query covering a whole schema (owner), so a schema of any
 * size reflects in a fixed number of round trips (names asked for go in
 * batches of 500, under Oracle's limit of 1000 in an IN list).
 *
 * Names are normalized (`requiresNameNormalize`): Oracle's upper-case names
 * come back lower case, and quoted / mixed-case names as they are; names
 * given to the reflector are denormalized the other way.
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
  type ReflectedIdentity,
  type ReflectedIndex,
  type ReflectedPrimaryKeyConstraint,
  type ReflectedTableComment,
  type ReflectedUniqueConstraint,
  text,
} from "@athanor/core";
import type { OracleDialect } from "./dialect.js";
import { oracleTypeFromCatalog } from "./ischema-names.js";

type Row = Record<string, unknown>;

/** Names per query in an `IN` list (Oracle allows 1000). */
const BATCH = 500;
const CURRENT_SCHEMA = "SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')";

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined || v === "" ? null : Number(v));
/** A row's value by its lower-case name (drivers may return upper-case keys). */
const col = (r: Row, name: string): unknown => r[name] ?? r[name.toUpperCase()];

/** `(:p0, :p1, ...)` and its binds; `(NULL)` (matching nothing) for no values. */
function inList(prefix: string, values: readonly string[]): [string, Record<string, string>] {
  if (values.length === 0) return ["(NULL)", {}];
  const binds: Record<string, string> = {};
  values.forEach((v, i) => {
    binds[`${prefix}${i}`] = v;
  });
  return [`(${values.map((_v, i) => `:${prefix}${i}`).join(", ")})`, binds];
}

/**
 * The Oracle reflector (`dialect.reflector()`): every fact in its multi-table
 * form — columns (types from `ischema-names.ts`, defaults, comments, virtual
 * columns as computed, identity columns with their options), primary keys,
 * foreign keys (`ON DELETE`; Oracle has no `ON UPDATE`), unique and check
 * constraints (the `IS NOT NULL` checks of NOT NULL columns left out), indexes
 * (function-based ones with their expressions, DESC parts, `oracleBitmap`,
 * `oracleCompress`), table, view and materialized view comments, and table
 * options (`oracleCompress`, `oracleTablespace`).
 *
 * Types it does not know become `NullType`; the message goes to
 * {@link OracleReflector.onWarning} (`console.warn` by default) and is kept
 * in {@link OracleReflector.warnings}.
 */
export class OracleReflector extends DialectReflector {
  /** Warnings of this reflector (unknown types), newest last. */
  readonly warnings: string[] = [];
  /** Where warnings go besides {@link warnings}. Default `console.warn`. */
  onWarning: (message: string) => void = (m) => console.warn(`athanor (oracle reflection): ${m}`);

  protected warn(message: string): void {
    this.warnings.push(message);
    this.onWarning(message);
  }

  private get oracle(): OracleDialect {
    return this.dialect as unknown as OracleDialect;
  }

  /** Oracle's upper-case name → `lower`, quoted names kept. */
  protected normalize(name: string): string {
    return this.oracle.normalizeName(name);
  }
  protected denormalize(name: string): string {
    return this.oracle.denormalizeName(name);
  }

  /** Runs `sql` with binds; the rows as plain objects. Every query of the reflector goes through here. */
  protected *rows(conn: Connection, sql: string, binds: Record<string, unknown> = {}): Op<Row[]> {
    const result = yield* conn.executeOp(text(sql).bindparams(binds));
    return (yield* result.mappings().allOp()) as Row[];
  }

  /**
   * `sql` with `{names}` replaced by ` AND <column> IN (...)` for `names`, in
   * batches of 500; without names, once with no filter.
   */
  protected *batched(
    conn: Connection,
    sql: string,
    column: string,
    names: readonly string[] | undefined,
    binds: Record<string, unknown>,
  ): Op<Row[]> {
    if (names === undefined) return yield* this.rows(conn, sql.replace("{names}", ""), binds);
    const out: Row[] = [];
    for (let i = 0; i < Math.max(names.length, 1); i += BATCH) {
      const [list, nameBinds] = inList("n", names.slice(i, i + BATCH));
      out.push(
        ...(yield* this.rows(conn, sql.replace("{names}", ` AND ${column} IN ${list}`), {
          ...binds,
          ...nameBinds,
        })),
      );
    }
    return out;
  }

  /** The owner condition: `<col> = :owner` (denormalized) or the session's current schema. */
  protected owner(column: string, schema: string | undefined): [string, Record<string, unknown>] {
    return schema === undefined
      ? [`${column} = ${CURRENT_SCHEMA}`, {}]
      : [`${column} = :owner`, { owner: this.denormalize(schema) }];
  }

  private *names(conn: Connection, sql: string, schema: string | undefined): Op<string[]> {
    const [owner, binds] = this.owner("owner", schema);
    const rows = yield* this.rows(conn, sql.replace(/\{owner\}/g, owner), binds);
    return rows.map((r) => this.normalize(String(col(r, "name"))));
  }

  // --- names -------------------------------------------------------------------------

  override *getDefaultSchemaName(conn: Connection): Op<string | null> {
    const rows = yield* this.rows(conn, `SELECT ${CURRENT_SCHEMA} AS name FROM DUAL`);
    const name = str(col(rows[0] ?? {}, "name"));
    return name === null ? null : this.normalize(name);
  }

  override *getSchemaNames(conn: Connection): Op<string[]> {
    const rows = yield* this.rows(conn, "SELECT username AS name FROM all_users ORDER BY username");
    return rows.map((r) => this.normalize(String(col(r, "name"))));
  }

  override *getTableNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.names(conn, `${tablesQuery("N")} ORDER BY table_name`, schema);
  }

  override *getTemporaryTableNames(conn: Connection): Op<string[]> {
    return yield* this.names(conn, `${tablesQuery("Y")} ORDER BY table_name`, undefined);
  }

  override *getViewNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.names(
      conn,
      "SELECT view_name AS name FROM all_views WHERE {owner} ORDER BY view_name",
      schema,
    );
  }

  override *getMaterializedViewNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.names(
      conn,
      "SELECT mview_name AS name FROM all_mviews WHERE {owner} ORDER BY mview_name",
      schema,
    );
  }

  override *getSequenceNames(conn: Connection, schema?: string): Op<string[]> {
    const [owner, binds] = this.owner("sequence_owner", schema);
    const rows = yield* this.rows(
      conn,
      `SELECT sequence_name AS name FROM all_sequences WHERE ${owner} ORDER BY sequence_name`,
      binds,
    );
    return rows.map((r) => this.normalize(String(col(r, "name"))));
  }

  /** The view's (or materialized view's) query text. */
  override *getViewDefinition(conn: Connection, viewName: string, schema?: string): Op<string> {
    const [owner, binds] = this.owner("owner", schema);
    const rows = yield* this.rows(
      conn,
      `SELECT text AS def FROM all_views WHERE view_name = :name AND ${owner} ` +
        `UNION ALL SELECT query AS def FROM all_mviews WHERE mview_name = :name AND ${owner}`,
      { ...binds, name: this.denormalize(viewName) },
    );
    const def = col(rows[0] ?? {}, "def");
    if (def === undefined || def === null) {
      throw new NoSuchTableError(schema === undefined ? viewName : `${schema}.${viewName}`);
    }
    return String(def);
  }

  // --- the relations a multi call covers --------------------------------------------------

  /** The denormalized names of the relations of `o`'s kind, scope and names. */
  protected *relations(conn: Connection, o: MultiReflectionOptions): Op<string[]> {
    const kind = o.kind ?? "table";
    const scope = o.scope ?? "default";
    const parts: string[] = [];
    if (kind === "table" || kind === "any") {
      parts.push(scope === "any" ? tablesQuery(null) : tablesQuery(scope === "temporary" ? "Y" : "N"));
    }
    if (scope !== "temporary") {
      if (kind === "view" || kind === "any")
        parts.push("SELECT view_name AS name FROM all_views WHERE {owner}");
      if (kind === "materializedView" || kind === "any") {
        parts.push("SELECT mview_name AS name FROM all_mviews WHERE {owner}");
      }
    }
    if (parts.length === 0) return [];
    const [owner, binds] = this.owner("owner", o.schema);
    const sql = `SELECT name FROM (${parts.join(" UNION ALL ")}) objs WHERE 1 = 1{names}`.replace(
      /\{owner\}/g,
      owner,
    );
    const names = o.filterNames?.map((n) => this.denormalize(n));
    const rows = yield* this.batched(conn, sql, "name", names, binds);
    return rows.map((r) => String(col(r, "name")));
  }

  /** A result map with `init()` for every relation, and a lookup by Oracle's (denormalized) table name. */
  private collect<T>(
    o: MultiReflectionOptions,
    rels: readonly string[],
    init: () => T,
  ): { out: MultiResult<T>; get: (table: unknown) => T | undefined } {
    const out: MultiResult<T> = new Map();
    const byOracleName = new Map<string, T>();
    for (const name of rels) {
      const value = init();
      byOracleName.set(name, value);
      out.set(multiKey(o.schema ?? null, this.normalize(name)), value);
    }
    return { out, get: (table) => byOracleName.get(String(table)) };
  }

  /** Runs a per-owner fact query, restricted to the relations (`{names}` on `column`). */
  private *factRows(
    conn: Connection,
    o: MultiReflectionOptions,
    rels: readonly string[],
    sql: string,
    ownerColumn: string,
    nameColumn: string,
  ): Op<Row[]> {
    const [owner, binds] = this.owner(ownerColumn, o.schema);
    const names = o.filterNames === undefined ? undefined : rels;
    return yield* this.batched(conn, sql.replace("{owner}", owner), nameColumn, names, binds);
  }

  // --- columns -----------------------------------------------------------------------

  override *getMultiColumns(conn: Connection, o: MultiReflectionOptions): Op<MultiResult<ReflectedColumn[]>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedColumn[]>(o, rels, () => []);
    if (rels.length === 0) return out;
    const rows = yield* this.factRows(
      conn,
      o,
      rels,
      columnsQuery(this.oracle.serverVersionAtLeast(12)),
      "c.owner",
      "c.table_name",
    );
    for (const r of rows) get(col(r, "table_name"))?.push(this.column(r));
    return out;
  }

  /** One `ALL_TAB_COLS` row as a reflected column. */
  protected column(r: Row): ReflectedColumn {
    const name = this.normalize(String(col(r, "column_name")));
    const type = oracleTypeFromCatalog(
      {
        dataType: String(col(r, "data_type")),
        charLength: num(col(r, "char_length")),
        dataLength: num(col(r, "data_length")),
        dataPrecision: num(col(r, "data_precision")),
        dataScale: num(col(r, "data_scale")),
      },
      (m) => this.warn(m),
      name,
    );
    let def = str(col(r, "data_default"));
    const out: ReflectedColumn = { name, type, nullable: col(r, "nullable") === "Y", default: null };
    if (col(r, "virtual_column") === "YES") {
      out.computed = { sqltext: (def ?? "").trim() };
      def = null;
    }
    const identity = str(col(r, "identity_options"));
    if (identity !== null) {
      out.identity = parseIdentityOptions(identity, col(r, "default_on_null") === "YES");
      out.autoincrement = true;
      def = null;
    }
    // Oracle keeps the default's text as typed, trailing blanks and newlines included.
    out.default = def === null ? null : def.trim();
    out.comment = str(col(r, "comments"));
    return out;
  }

  // --- constraints -------------------------------------------------------------------

  private *constraintRows(
    conn: Connection,
    o: MultiReflectionOptions,
    rels: readonly string[],
    types: string,
  ): Op<Row[]> {
    return yield* this.factRows(conn, o, rels, constraintsQuery(types), "ac.owner", "ac.table_name");
  }

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
    for (const r of yield* this.constraintRows(conn, o, rels, "'P'")) {
      const pk = get(col(r, "table_name"));
      if (pk === undefined) continue;
      pk.name = this.normalize(String(col(r, "constraint_name")));
      pk.constrainedColumns.push(this.normalize(String(col(r, "local_column"))));
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
    for (const r of yield* this.constraintRows(conn, o, rels, "'R'")) {
      const fks = get(col(r, "table_name"));
      const remoteTable = str(col(r, "remote_table"));
      if (fks === undefined) continue;
      if (remoteTable === null) {
        this.warn(
          `Got 'None' querying 'table_name' from all_cons_columns - does the user have proper rights to the table? (${String(col(r, "constraint_name"))})`,
        );
        continue;
      }
      const key = `${String(col(r, "table_name"))}\u0000${String(col(r, "constraint_name"))}`;
      let fk = found.get(key);
      if (fk === undefined) {
        const remoteOwner = String(col(r, "remote_owner"));
        const owner = String(col(r, "owner"));
        const deleteRule = str(col(r, "delete_rule"));
        fk = {
          name: this.normalize(String(col(r, "constraint_name"))),
          constrainedColumns: [],
          // SQLAlchemy's rule: the referred schema is named when a schema was asked for or it differs.
          referredSchema:
            o.schema !== undefined || remoteOwner !== owner ? this.normalize(remoteOwner) : null,
          referredTable: this.normalize(remoteTable),
          referredColumns: [],
          options: deleteRule !== null && deleteRule !== "NO ACTION" ? { ondelete: deleteRule } : {},
        };
        const deferrable = str(col(r, "deferrable"));
        if (deferrable === "DEFERRABLE") {
          fk.options = {
            ...fk.options,
            deferrable: true,
            initially: String(col(r, "deferred") ?? "IMMEDIATE"),
          };
        }
        found.set(key, fk);
        fks.push(fk);
      }
      fk.constrainedColumns.push(this.normalize(String(col(r, "local_column"))));
      fk.referredColumns.push(this.normalize(String(col(r, "remote_column"))));
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
    for (const r of yield* this.constraintRows(conn, o, rels, "'U'")) {
      const uniques = get(col(r, "table_name"));
      if (uniques === undefined) continue;
      const rawName = String(col(r, "constraint_name"));
      const key = `${String(col(r, "table_name"))}\u0000${rawName}`;
      let uc = found.get(key);
      if (uc === undefined) {
        const name = this.normalize(rawName);
        // The constraint's index has its name (Oracle makes one unless an existing index serves).
        uc = { name, columnNames: [], duplicatesIndex: str(col(r, "index_name")) === rawName ? name : null };
        found.set(key, uc);
        uniques.push(uc);
      }
      uc.columnNames.push(this.normalize(String(col(r, "local_column"))));
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
    const seen = new Set<string>();
    for (const r of yield* this.constraintRows(conn, o, rels, "'C'")) {
      const checks = get(col(r, "table_name"));
      const sqltext = str(col(r, "search_condition"));
      const key = `${String(col(r, "table_name"))}\u0000${String(col(r, "constraint_name"))}`;
      // A check on several columns has a row per column; NOT NULL columns have a check each (SQLAlchemy leaves them out).
      if (checks === undefined || sqltext === null || seen.has(key) || NOT_NULL_CHECK.test(sqltext)) continue;
      seen.add(key);
      checks.push({ name: this.normalize(String(col(r, "constraint_name"))), sqltext });
    }
    return out;
  }

  // --- indexes -----------------------------------------------------------------------

  override *getMultiIndexes(conn: Connection, o: MultiReflectionOptions): Op<MultiResult<ReflectedIndex[]>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedIndex[]>(o, rels, () => []);
    if (rels.length === 0) return out;
    const found = new Map<string, ReflectedIndex>();
    for (const r of yield* this.factRows(conn, o, rels, INDEXES_QUERY, "i.table_owner", "i.table_name")) {
      const indexes = get(col(r, "table_name"));
      if (indexes === undefined) continue;
      const key = `${String(col(r, "table_name"))}\u0000${String(col(r, "index_name"))}`;
      let index = found.get(key);
      if (index === undefined) {
        index = {
          name: this.normalize(String(col(r, "index_name"))),
          columnNames: [],
          unique: col(r, "uniqueness") === "UNIQUE",
        };
        const options: Record<string, unknown> = {};
        if (/BITMAP/.test(String(col(r, "index_type")))) options.oracleBitmap = true;
        if (col(r, "compression") === "ENABLED")
          options.oracleCompress = num(col(r, "prefix_length")) ?? true;
        if (Object.keys(options).length > 0) index.dialectOptions = options;
        found.set(key, index);
        indexes.push(index);
      }
      const expr = str(col(r, "column_expression"));
      if (expr !== null) {
        // A function-based part (DESC parts are too: Oracle indexes "COL" DESC as an expression).
        index.expressions ??= index.columnNames.map((c) => c ?? "");
        const quoted = /^"([^"]+)"$/.exec(expr);
        index.columnNames.push(null);
        index.expressions.push(expr);
        if (String(col(r, "descend")).toUpperCase() === "DESC") {
          index.columnSorting = {
            ...index.columnSorting,
            [quoted !== null ? this.normalize(quoted[1] ?? "") : expr]: ["desc"],
          };
        }
      } else {
        const name = this.normalize(String(col(r, "column_name")));
        index.columnNames.push(name);
        index.expressions?.push(name);
      }
    }
    return out;
  }

  // --- comments and options --------------------------------------------------------------

  override *getMultiTableComment(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedTableComment>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedTableComment>(o, rels, () => ({ text: null }));
    if (rels.length === 0) return out;
    const [owner, binds] = this.owner("owner", o.schema);
    const sql =
      "SELECT table_name, comments FROM (SELECT table_name, comments FROM all_tab_comments WHERE {owner} " +
      "UNION ALL SELECT mview_name AS table_name, comments FROM all_mview_comments WHERE {owner}) cm WHERE 1 = 1{names}";
    const names = o.filterNames === undefined ? undefined : rels;
    for (const r of yield* this.batched(conn, sql.replace(/\{owner\}/g, owner), "table_name", names, binds)) {
      const c = get(col(r, "table_name"));
      if (c !== undefined && c.text === null) c.text = str(col(r, "comments"));
    }
    return out;
  }

  override *getMultiTableOptions(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<Record<string, unknown>>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<Record<string, unknown>>(o, rels, () => ({}));
    if (rels.length === 0) return out;
    const sql =
      "SELECT table_name, compression, compress_for, tablespace_name FROM all_tables WHERE {owner}{names}";
    for (const r of yield* this.factRows(conn, o, rels, sql, "owner", "table_name")) {
      const options = get(col(r, "table_name"));
      if (options === undefined) continue;
      if (col(r, "compression") === "ENABLED") options.oracleCompress = str(col(r, "compress_for")) ?? true;
      const tablespace = str(col(r, "tablespace_name"));
      if (tablespace !== null) options.oracleTablespace = this.normalize(tablespace);
    }
    return out;
  }
}

/** A check that only says a column is NOT NULL (`"COL" IS NOT NULL`). */
const NOT_NULL_CHECK = /^"?[^"]+"? IS NOT NULL$/;

/** The tables of `{owner}`: not index-organized overflow tables, not materialized views' tables; temporary or not. */
function tablesQuery(temporary: "Y" | "N" | null): string {
  const duration =
    temporary === null ? "" : temporary === "Y" ? " AND duration IS NOT NULL" : " AND duration IS NULL";
  return (
    "SELECT table_name AS name FROM all_tables WHERE {owner} AND iot_name IS NULL" +
    `${duration} AND table_name NOT IN (SELECT mview_name FROM all_mviews WHERE {owner})`
  );
}

/** ALL_TAB_COLS with comments and (Oracle 12+) identity options. */
function columnsQuery(identity: boolean): string {
  const idCols = identity
    ? "c.default_on_null AS default_on_null, CASE WHEN id.table_name IS NULL THEN NULL " +
      "ELSE id.generation_type || ',' || id.identity_options END AS identity_options"
    : "NULL AS default_on_null, NULL AS identity_options";
  const idJoin = identity
    ? " LEFT OUTER JOIN all_tab_identity_cols id ON id.owner = c.owner AND id.table_name = c.table_name " +
      "AND id.column_name = c.column_name"
    : "";
  return (
    "SELECT c.table_name AS table_name, c.column_name AS column_name, c.data_type AS data_type, " +
    "c.char_length AS char_length, c.data_length AS data_length, c.data_precision AS data_precision, " +
    "c.data_scale AS data_scale, c.nullable AS nullable, c.data_default AS data_default, " +
    `cc.comments AS comments, c.virtual_column AS virtual_column, ${idCols} ` +
    "FROM all_tab_cols c LEFT OUTER JOIN all_col_comments cc ON cc.owner = c.owner " +
    `AND cc.table_name = c.table_name AND cc.column_name = c.column_name${idJoin} ` +
    "WHERE {owner} AND c.hidden_column = 'NO'{names} ORDER BY c.table_name, c.column_id"
  );
}

/** ALL_CONSTRAINTS of the given types with their local and remote columns. */
function constraintsQuery(types: string): string {
  return (
    "SELECT ac.owner AS owner, ac.table_name AS table_name, ac.constraint_type AS constraint_type, " +
    "ac.constraint_name AS constraint_name, loc.column_name AS local_column, rem.table_name AS remote_table, " +
    "rem.column_name AS remote_column, rem.owner AS remote_owner, ac.search_condition AS search_condition, " +
    "ac.delete_rule AS delete_rule, ac.deferrable AS deferrable, ac.deferred AS deferred, ac.index_name AS index_name " +
    "FROM all_constraints ac JOIN all_cons_columns loc ON loc.owner = ac.owner " +
    "AND loc.constraint_name = ac.constraint_name " +
    "LEFT OUTER JOIN all_cons_columns rem ON rem.owner = ac.r_owner AND rem.constraint_name = ac.r_constraint_name " +
    "AND (rem.position IS NULL OR rem.position = loc.position) " +
    `WHERE {owner} AND ac.constraint_type IN (${types}){names} ORDER BY ac.constraint_name, loc.position`
  );
}

/** ALL_INDEXES with their columns and expressions, less the indexes of primary keys. */
const INDEXES_QUERY =
  "SELECT ic.table_name AS table_name, ic.index_name AS index_name, ic.column_name AS column_name, " +
  "i.index_type AS index_type, i.uniqueness AS uniqueness, i.compression AS compression, " +
  "i.prefix_length AS prefix_length, ic.descend AS descend, ie.column_expression AS column_expression " +
  "FROM all_ind_columns ic JOIN all_indexes i ON i.owner = ic.index_owner AND i.index_name = ic.index_name " +
  "LEFT OUTER JOIN all_ind_expressions ie ON ie.index_owner = ic.index_owner AND ie.index_name = ic.index_name " +
  "AND ie.column_position = ic.column_position " +
  "WHERE {owner}{names} AND NOT EXISTS (SELECT 1 FROM all_constraints pk WHERE pk.owner = i.table_owner " +
  "AND pk.table_name = i.table_name AND pk.constraint_type = 'P' AND pk.index_name = i.index_name) " +
  "ORDER BY ic.index_name, ic.column_position";

/**
 * `ALWAYS,START WITH: 1, INCREMENT BY: 1, MAX_VALUE: 9999, MIN_VALUE: 1,
 * CYCLE_FLAG: N, CACHE_SIZE: 20, ORDER_FLAG: N, ...` (generation type and
 * ALL_TAB_IDENTITY_COLS.IDENTITY_OPTIONS) as identity options.
 */
export function parseIdentityOptions(options: string, defaultOnNull: boolean): ReflectedIdentity {
  const parts = options.split(",").map((p) => p.trim());
  const identity: ReflectedIdentity = { always: parts[0] === "ALWAYS", onNull: defaultOnNull };
  for (const part of parts.slice(1)) {
    const [option = "", raw = ""] = part.split(":").map((s) => s.trim());
    const value = Number(raw);
    if (option.includes("START WITH")) identity.start = value;
    else if (option.includes("INCREMENT BY")) identity.increment = value;
    else if (option.includes("MAX_VALUE")) identity.maxvalue = value;
    else if (option.includes("MIN_VALUE")) identity.minvalue = value;
    else if (option.includes("CYCLE_FLAG")) identity.cycle = raw === "Y";
    else if (option.includes("CACHE_SIZE")) identity.cache = value;
    else if (option.includes("ORDER_FLAG")) identity.order = raw === "Y";
  }
  return identity;
}
