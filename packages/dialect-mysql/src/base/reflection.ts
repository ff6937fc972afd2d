/**
 * How the MySQL dialect reads its catalog: `information_schema` queries that
 * each cover a whole schema (database) at once — COLUMNS, STATISTICS (keys,
 * indexes, prefix lengths, FULLTEXT / SPATIAL), KEY_COLUMN_USAGE with
 * REFERENTIAL_CONSTRAINTS, CHECK_CONSTRAINTS and TABLES (comments, engine,
 * character set) — so a schema of any size reflects in a fixed number of
 * round trips. SQLAlchemy parses `SHOW CREATE TABLE` once per table instead;
 * the facts it reports are the same, with the differences noted below.
 *
 * MariaDB differs in a few ways the reflector absorbs: `COLUMN_DEFAULT` holds
 * SQL text (`'abc'`, `NULL`, `current_timestamp()`) where MySQL holds the bare
 * value; its JSON is a `LONGTEXT` with a column-level `CHECK (json_valid(col))`,
 * reflected as `JSON` (and the check is left out); sequences are tables of
 * type `SEQUENCE`.
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
import type { MySQLDialect } from "./dialect.js";
import { mysqlTypeFromCatalog } from "./ischema-names.js";

type Row = Record<string, unknown>;

/** A relation (table or view) of the schema being reflected, from `information_schema.TABLES`. */
interface Relation {
  kind: string;
  engine: string | null;
  collation: string | null;
  createOptions: string | null;
  comment: string | null;
}

const TABLE_TYPES = ["BASE TABLE", "SYSTEM VERSIONED"];
const VIEW_TYPES = ["VIEW", "SYSTEM VIEW"];

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** `(:p0, :p1, ...)` and its binds; `(NULL)` (matching nothing) for no values. */
export function inList(prefix: string, values: readonly string[]): [string, Record<string, string>] {
  if (values.length === 0) return ["(NULL)", {}];
  const binds: Record<string, string> = {};
  values.forEach((v, i) => {
    binds[`${prefix}${i}`] = v;
  });
  return [`(${values.map((_v, i) => `:${prefix}${i}`).join(", ")})`, binds];
}

/** `lower_snake` → `lowerSnake`, for dialect option names. */
const camel = (s: string): string =>
  s.toLowerCase().replace(/[_ ]([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * The MySQL / MariaDB reflector (`dialect.reflector()`): every fact in its
 * multi-table form.
 *
 * - Columns: types with arguments, `UNSIGNED` / `ZEROFILL`, the character set
 *   and collation where they differ from the table's, defaults as SQL text
 *   (with ` ON UPDATE expr` appended, as SQLAlchemy does), `AUTO_INCREMENT`,
 *   comments, generated columns (VIRTUAL / STORED).
 * - Primary keys (unnamed: MySQL calls every one `PRIMARY`), foreign keys
 *   with `ON UPDATE` / `ON DELETE` (RESTRICT and NO ACTION, the default, are
 *   not reported), unique keys (as both unique indexes and unique
 *   constraints, as SQLAlchemy), indexes with prefix lengths (`mysqlLength`),
 *   `FULLTEXT` / `SPATIAL` (`mysqlPrefix`), descending parts and MySQL 8's
 *   functional parts, check constraints, table comments and options
 *   (`mysqlEngine`, `mysqlDefaultCharset`, `mysqlCollate`, `CREATE_OPTIONS`).
 *   Dialect option names start with the dialect's name (`mariadb*` for the
 *   MariaDB variant), as the DDL compiler reads them.
 *
 * Types the reflector does not know (spatial types) become `NullType` and
 * the message goes to {@link MySQLReflector.onWarning} (`console.warn` by
 * default); every message is also kept in {@link MySQLReflector.warnings}.
 */
export class MySQLReflector extends DialectReflector {
  /** Warnings of this reflector (unknown types), newest last. */
  readonly warnings: string[] = [];
  /** Where warnings go besides {@link warnings}. Default `console.warn`. */
  onWarning: (message: string) => void = (m) =>
    console.warn(`athanor (${this.dialect.name} reflection): ${m}`);

  protected warn(message: string): void {
    this.warnings.push(message);
    this.onWarning(message);
  }

  private get mysql(): MySQLDialect {
    return this.dialect as unknown as MySQLDialect;
  }

  /** The prefix of dialect options: the dialect's name (`mysql`, or `mariadb`). */
  protected optionName(name: string): string {
    return `${this.dialect.name}${name}`;
  }

  /** Runs `sql` with binds; the rows as plain objects. */
  protected *rows(conn: Connection, sql: string, binds: Record<string, unknown> = {}): Op<Row[]> {
    const result = yield* conn.executeOp(text(sql).bindparams(binds));
    return (yield* result.mappings().allOp()) as Row[];
  }

  /** `<col> = DATABASE()` or `<col> = :schema`. */
  protected schemaWhere(column: string, schema: string | undefined): [string, Record<string, unknown>] {
    return schema === undefined ? [`${column} = DATABASE()`, {}] : [`${column} = :schema`, { schema }];
  }

  // --- names -------------------------------------------------------------------------

  override *getDefaultSchemaName(conn: Connection): Op<string | null> {
    const r = yield* conn.executeOp(text("SELECT DATABASE()"));
    return str(yield* r.scalars().firstOp());
  }

  override *getSchemaNames(conn: Connection): Op<string[]> {
    const r = yield* conn.executeOp(text("SHOW SCHEMAS"));
    return ((yield* r.scalars().allOp()) as unknown[]).map(String);
  }

  private *namesOfTypes(
    conn: Connection,
    types: readonly string[],
    schema: string | undefined,
  ): Op<string[]> {
    const [where, binds] = this.schemaWhere("table_schema", schema);
    const [inTypes, typeBinds] = inList("t", types);
    const rows = yield* this.rows(
      conn,
      `SELECT table_name AS name FROM information_schema.tables WHERE ${where} AND table_type IN ${inTypes} ORDER BY table_name`,
      { ...binds, ...typeBinds },
    );
    return rows.map((r) => String(r.name));
  }

  override *getTableNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.namesOfTypes(conn, TABLE_TYPES, schema);
  }

  override *getViewNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.namesOfTypes(conn, VIEW_TYPES, schema);
  }

  /** MariaDB's sequences (tables of type SEQUENCE); MySQL has none. */
  override *getSequenceNames(conn: Connection, schema?: string): Op<string[]> {
    if (!this.mysql.supportsSequences) return [];
    return yield* this.namesOfTypes(conn, ["SEQUENCE"], schema);
  }

  /**
   * The view's `SELECT`, from `information_schema.VIEWS` (names qualified by
   * the server). SQLAlchemy returns the whole `CREATE VIEW` of `SHOW CREATE
   * TABLE`; the SELECT is what the other dialects return.
   */
  override *getViewDefinition(conn: Connection, viewName: string, schema?: string): Op<string> {
    const [where, binds] = this.schemaWhere("table_schema", schema);
    const rows = yield* this.rows(
      conn,
      `SELECT view_definition AS def FROM information_schema.views WHERE ${where} AND table_name = :name`,
      { ...binds, name: viewName },
    );
    const def = rows[0]?.def;
    if (def === undefined)
      throw new NoSuchTableError(schema === undefined ? viewName : `${schema}.${viewName}`);
    return String(def);
  }

  // --- the relations a multi call covers --------------------------------------------------

  /** The tables / views of `o`'s kind and names, with what `information_schema.TABLES` says of them. */
  protected *relations(conn: Connection, o: MultiReflectionOptions): Op<Map<string, Relation>> {
    const out = new Map<string, Relation>();
    // Temporary tables are not in information_schema (MariaDB before 11.2, MySQL).
    if (o.scope === "temporary") return out;
    const kind = o.kind ?? "table";
    const types =
      kind === "table"
        ? TABLE_TYPES
        : kind === "view"
          ? VIEW_TYPES
          : kind === "any"
            ? [...TABLE_TYPES, ...VIEW_TYPES]
            : [];
    if (types.length === 0) return out;
    const [where, binds] = this.schemaWhere("table_schema", o.schema);
    const [inTypes, typeBinds] = inList("t", types);
    let sql =
      "SELECT table_name AS name, table_type AS kind, engine AS engine, table_collation AS coll, " +
      "create_options AS opts, table_comment AS comment FROM information_schema.tables " +
      `WHERE ${where} AND table_type IN ${inTypes}`;
    let nameBinds: Record<string, string> = {};
    if (o.filterNames !== undefined) {
      const [inNames, b] = inList("n", o.filterNames);
      sql += ` AND table_name IN ${inNames}`;
      nameBinds = b;
    }
    for (const r of yield* this.rows(conn, sql, { ...binds, ...typeBinds, ...nameBinds })) {
      out.set(String(r.name), {
        kind: String(r.kind),
        engine: str(r.engine),
        collation: str(r.coll),
        createOptions: str(r.opts),
        comment: str(r.comment),
      });
    }
    return out;
  }

  /** ` AND <col> IN (...)` for `filterNames`, with its binds. */
  protected nameFilter(column: string, o: MultiReflectionOptions): [string, Record<string, string>] {
    if (o.filterNames === undefined) return ["", {}];
    const [inNames, binds] = inList("n", o.filterNames);
    return [` AND ${column} IN ${inNames}`, binds];
  }

  /** A result map with `init()` for every relation, then filled by `fill`. */
  private collect<T>(
    o: MultiReflectionOptions,
    rels: Map<string, Relation>,
    init: () => T,
  ): { out: MultiResult<T>; get: (table: string) => T | undefined } {
    const out: MultiResult<T> = new Map();
    for (const name of rels.keys()) out.set(multiKey(o.schema ?? null, name), init());
    return { out, get: (table) => out.get(multiKey(o.schema ?? null, table)) };
  }

  /** MariaDB's JSON columns: a column-level `CHECK (json_valid(`col`))` named after the column. */
  private *mariadbJsonColumns(conn: Connection, o: MultiReflectionOptions): Op<Set<string>> {
    const out = new Set<string>();
    if (!this.mysql.isMariaDB || !this.mysql.serverVersionAtLeast(10, 2)) return out;
    const [where, binds] = this.schemaWhere("constraint_schema", o.schema);
    const [names, nameBinds] = this.nameFilter("table_name", o);
    const rows = yield* this.rows(
      conn,
      "SELECT table_name AS tname, constraint_name AS name, check_clause AS clause " +
        `FROM information_schema.check_constraints WHERE ${where}${names} AND check_clause LIKE 'json_valid(%'`,
      { ...binds, ...nameBinds },
    );
    for (const r of rows) {
      if (isJsonValidCheck(String(r.name), String(r.clause))) out.add(`${String(r.tname)}.${String(r.name)}`);
    }
    return out;
  }

  // --- columns -----------------------------------------------------------------------

  override *getMultiColumns(conn: Connection, o: MultiReflectionOptions): Op<MultiResult<ReflectedColumn[]>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedColumn[]>(o, rels, () => []);
    if (rels.size === 0) return out;
    const json = yield* this.mariadbJsonColumns(conn, o);
    const [where, binds] = this.schemaWhere("table_schema", o.schema);
    const [names, nameBinds] = this.nameFilter("table_name", o);
    const rows = yield* this.rows(
      conn,
      "SELECT table_name AS tname, column_name AS name, column_default AS def, is_nullable AS nullable, " +
        "column_type AS ctype, character_set_name AS charset, collation_name AS coll, extra AS extra, " +
        "column_comment AS comment, generation_expression AS gen " +
        `FROM information_schema.columns WHERE ${where}${names} ORDER BY table_name, ordinal_position`,
      { ...binds, ...nameBinds },
    );
    for (const r of rows) {
      const table = String(r.tname);
      const cols = get(table);
      const rel = rels.get(table);
      if (cols === undefined || rel === undefined) continue;
      cols.push(this.column(r, rel, json.has(`${table}.${String(r.name)}`)));
    }
    return out;
  }

  /** One `information_schema.COLUMNS` row as a reflected column. */
  protected column(r: Row, rel: Relation, isJson: boolean): ReflectedColumn {
    const name = String(r.name);
    const extra = String(r.extra ?? "");
    const coll = str(r.coll);
    // Like SHOW CREATE TABLE: the character set and collation only where they differ from the table's.
    const charset =
      coll !== null && rel.collation !== null && coll !== rel.collation
        ? { charset: str(r.charset) ?? undefined, collation: coll }
        : {};
    const type = isJson
      ? mysqlTypeFromCatalog("json")
      : mysqlTypeFromCatalog(String(r.ctype), charset, (m) => this.warn(m), name);
    const col: ReflectedColumn = {
      name,
      type,
      nullable: r.nullable === "YES",
      default: null,
    };
    const generated = /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.exec(extra);
    const gen = str(r.gen);
    if (generated !== null && gen !== null && gen !== "") {
      col.computed = { sqltext: gen, persisted: (generated[1] ?? "").toUpperCase() !== "VIRTUAL" };
    } else {
      col.default = this.defaultText(str(r.def), extra);
    }
    if (/\bauto_increment\b/i.test(extra)) col.autoincrement = true;
    else if (type.affinity === "integer") col.autoincrement = false;
    const comment = str(r.comment);
    col.comment = comment === null || comment === "" ? null : comment;
    return col;
  }

  /**
   * The default as SQL text: MariaDB's `COLUMN_DEFAULT` already is (`'a'`,
   * `0`, `current_timestamp()`, `NULL`); MySQL's holds the bare value, quoted
   * here unless `EXTRA` says it is an expression (`DEFAULT_GENERATED`).
   * `ON UPDATE expr` from `EXTRA` is appended, as SQLAlchemy's default does.
   */
  protected defaultText(raw: string | null, extra: string): string | null {
    let def: string | null = raw;
    if (def !== null && !this.mysql.isMariaDB) {
      if (/\bDEFAULT_GENERATED\b/i.test(extra)) {
        if (!/^(current_timestamp|now|localtime|localtimestamp)\b/i.test(def)) def = `(${def})`;
      } else {
        def = `'${def.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
      }
    }
    if (def !== null && def.toUpperCase() === "NULL") def = null;
    const onUpdate = /\bon update (.+)$/i.exec(extra);
    if (def !== null && onUpdate !== null) def = `${def} ON UPDATE ${(onUpdate[1] ?? "").trim()}`;
    return def;
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
    if (rels.size === 0) return out;
    const [where, binds] = this.schemaWhere("table_schema", o.schema);
    const [names, nameBinds] = this.nameFilter("table_name", o);
    const rows = yield* this.rows(
      conn,
      "SELECT table_name AS tname, column_name AS col FROM information_schema.statistics " +
        `WHERE ${where}${names} AND index_name = 'PRIMARY' ORDER BY table_name, seq_in_index`,
      { ...binds, ...nameBinds },
    );
    // MySQL names every primary key PRIMARY: reported unnamed, as SQLAlchemy does.
    for (const r of rows) get(String(r.tname))?.constrainedColumns.push(String(r.col));
    return out;
  }

  override *getMultiForeignKeys(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedForeignKeyConstraint[]>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedForeignKeyConstraint[]>(o, rels, () => []);
    if (rels.size === 0) return out;
    const [where, binds] = this.schemaWhere("k.table_schema", o.schema);
    const [names, nameBinds] = this.nameFilter("k.table_name", o);
    const rows = yield* this.rows(
      conn,
      "SELECT k.table_name AS tname, k.constraint_name AS name, k.column_name AS col, k.table_schema AS sch, " +
        "k.referenced_table_schema AS rschema, k.referenced_table_name AS rtable, k.referenced_column_name AS rcol, " +
        "r.update_rule AS onupdate, r.delete_rule AS ondelete " +
        "FROM information_schema.key_column_usage k JOIN information_schema.referential_constraints r " +
        "ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name " +
        "AND r.table_name = k.table_name " +
        `WHERE ${where}${names} AND k.referenced_table_name IS NOT NULL ` +
        "ORDER BY k.table_name, k.constraint_name, k.ordinal_position",
      { ...binds, ...nameBinds },
    );
    const found = new Map<string, ReflectedForeignKeyConstraint>();
    for (const r of rows) {
      const table = String(r.tname);
      const fks = get(table);
      if (fks === undefined) continue;
      const key = `${table}\u0000${String(r.name)}`;
      let fk = found.get(key);
      if (fk === undefined) {
        const rschema = String(r.rschema);
        const options: NonNullable<ReflectedForeignKeyConstraint["options"]> = {};
        // RESTRICT is the default and NO ACTION its synonym: SHOW CREATE TABLE shows neither.
        for (const [opt, rule] of [
          ["onupdate", str(r.onupdate)],
          ["ondelete", str(r.ondelete)],
        ] as const) {
          if (rule !== null && rule !== "RESTRICT" && rule !== "NO ACTION") options[opt] = rule;
        }
        fk = {
          name: String(r.name),
          constrainedColumns: [],
          // The table's own schema is null when no schema was asked for (SQLAlchemy's rule).
          referredSchema: rschema === String(r.sch) ? (o.schema ?? null) : rschema,
          referredTable: String(r.rtable),
          referredColumns: [],
          options,
        };
        found.set(key, fk);
        fks.push(fk);
      }
      fk.constrainedColumns.push(String(r.col));
      fk.referredColumns.push(String(r.rcol));
    }
    for (const fks of out.values()) fks.sort((a, b) => byName(a.name, b.name));
    return out;
  }

  /** The rows of `information_schema.STATISTICS` for non-primary keys, `unique` only or all. */
  private *statistics(conn: Connection, o: MultiReflectionOptions, uniqueOnly: boolean): Op<Row[]> {
    const [where, binds] = this.schemaWhere("table_schema", o.schema);
    const [names, nameBinds] = this.nameFilter("table_name", o);
    // MySQL 8.0.13 has functional key parts (EXPRESSION); MariaDB has none.
    const expr = !this.mysql.isMariaDB && this.mysql.serverVersionAtLeast(8, 0, 13) ? "expression" : "NULL";
    return yield* this.rows(
      conn,
      "SELECT table_name AS tname, index_name AS name, non_unique AS non_unique, column_name AS col, " +
        `sub_part AS sub_part, collation AS coll, index_type AS itype, ${expr} AS expr ` +
        `FROM information_schema.statistics WHERE ${where}${names} AND index_name <> 'PRIMARY'` +
        `${uniqueOnly ? " AND non_unique = 0" : ""} ORDER BY table_name, index_name, seq_in_index`,
      { ...binds, ...nameBinds },
    );
  }

  override *getMultiIndexes(conn: Connection, o: MultiReflectionOptions): Op<MultiResult<ReflectedIndex[]>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedIndex[]>(o, rels, () => []);
    if (rels.size === 0) return out;
    const found = new Map<
      string,
      { index: ReflectedIndex; exprs: string[]; lengths: Record<string, number> }
    >();
    for (const r of yield* this.statistics(conn, o, false)) {
      const table = String(r.tname);
      const indexes = get(table);
      if (indexes === undefined) continue;
      const key = `${table}\u0000${String(r.name)}`;
      let entry = found.get(key);
      if (entry === undefined) {
        const index: ReflectedIndex = {
          name: String(r.name),
          columnNames: [],
          unique: Number(r.non_unique) === 0,
        };
        const itype = String(r.itype ?? "").toUpperCase();
        if (itype === "FULLTEXT" || itype === "SPATIAL") {
          index.dialectOptions = { [this.optionName("Prefix")]: itype };
        }
        entry = { index, exprs: [], lengths: {} };
        found.set(key, entry);
        indexes.push(index);
      }
      const col = str(r.col);
      const expr = str(r.expr);
      entry.index.columnNames.push(col);
      entry.exprs.push(col ?? `(${expr ?? ""})`);
      if (col === null && entry.index.expressions === undefined) entry.index.expressions = entry.exprs;
      if (r.sub_part !== null && r.sub_part !== undefined && col !== null)
        entry.lengths[col] = Number(r.sub_part);
      if (str(r.coll) === "D") {
        const sorting = entry.index.columnSorting ?? {};
        sorting[col ?? expr ?? ""] = ["desc"];
        entry.index.columnSorting = sorting;
      }
    }
    for (const { index, lengths } of found.values()) {
      if (Object.keys(lengths).length > 0) {
        index.dialectOptions = { ...index.dialectOptions, [this.optionName("Length")]: lengths };
      }
    }
    for (const indexes of out.values()) indexes.sort((a, b) => byName(a.name, b.name));
    return out;
  }

  override *getMultiUniqueConstraints(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedUniqueConstraint[]>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedUniqueConstraint[]>(o, rels, () => []);
    if (rels.size === 0) return out;
    const found = new Map<string, ReflectedUniqueConstraint>();
    for (const r of yield* this.statistics(conn, o, true)) {
      const table = String(r.tname);
      const uniques = get(table);
      if (uniques === undefined) continue;
      const key = `${table}\u0000${String(r.name)}`;
      let uc = found.get(key);
      if (uc === undefined) {
        // A unique key is an index too: the constraint names the index it duplicates, as SQLAlchemy's does.
        uc = { name: String(r.name), columnNames: [], duplicatesIndex: String(r.name) };
        found.set(key, uc);
        uniques.push(uc);
      }
      const col = str(r.col);
      if (col !== null) uc.columnNames.push(col);
    }
    return out;
  }

  override *getMultiCheckConstraints(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedCheckConstraint[]>> {
    const rels = yield* this.relations(conn, o);
    const { out, get } = this.collect<ReflectedCheckConstraint[]>(o, rels, () => []);
    const supported = this.mysql.isMariaDB
      ? this.mysql.serverVersionAtLeast(10, 2, 1)
      : this.mysql.serverVersionAtLeast(8, 0, 16);
    if (rels.size === 0 || !supported) return out;
    let rows: Row[];
    if (this.mysql.isMariaDB) {
      const [where, binds] = this.schemaWhere("constraint_schema", o.schema);
      const [names, nameBinds] = this.nameFilter("table_name", o);
      rows = yield* this.rows(
        conn,
        "SELECT table_name AS tname, constraint_name AS name, check_clause AS clause " +
          `FROM information_schema.check_constraints WHERE ${where}${names} ORDER BY table_name, constraint_name`,
        { ...binds, ...nameBinds },
      );
    } else {
      // MySQL's CHECK_CONSTRAINTS has no table name: TABLE_CONSTRAINTS has it (names are unique per schema).
      const [where, binds] = this.schemaWhere("tc.table_schema", o.schema);
      const [names, nameBinds] = this.nameFilter("tc.table_name", o);
      rows = yield* this.rows(
        conn,
        "SELECT tc.table_name AS tname, cc.constraint_name AS name, cc.check_clause AS clause " +
          "FROM information_schema.table_constraints tc JOIN information_schema.check_constraints cc " +
          "ON cc.constraint_schema = tc.constraint_schema AND cc.constraint_name = tc.constraint_name " +
          `WHERE ${where}${names} AND tc.constraint_type = 'CHECK' ORDER BY tc.table_name, cc.constraint_name`,
        { ...binds, ...nameBinds },
      );
    }
    for (const r of rows) {
      const name = String(r.name);
      const clause = String(r.clause);
      // MariaDB's JSON columns carry this check; the column is reflected as JSON instead.
      if (this.mysql.isMariaDB && isJsonValidCheck(name, clause)) continue;
      get(String(r.tname))?.push({ name, sqltext: clause });
    }
    for (const checks of out.values()) checks.sort((a, b) => byName(a.name, b.name));
    return out;
  }

  // --- comments and options --------------------------------------------------------------

  override *getMultiTableComment(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedTableComment>> {
    const rels = yield* this.relations(conn, o);
    const out: MultiResult<ReflectedTableComment> = new Map();
    for (const [name, rel] of rels) {
      // A view's TABLE_COMMENT is the word VIEW.
      const comment = TABLE_TYPES.includes(rel.kind) && rel.comment !== "" ? rel.comment : null;
      out.set(multiKey(o.schema ?? null, name), { text: comment });
    }
    return out;
  }

  /**
   * `mysqlEngine`, `mysqlDefaultCharset`, `mysqlCollate` and the options of
   * `CREATE_OPTIONS` (`row_format=COMPRESSED` → `mysqlRowFormat`), named
   * for the dialect (`mariadb*` on the MariaDB variant). `AUTO_INCREMENT` is
   * left out, as SQLAlchemy does.
   */
  override *getMultiTableOptions(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<Record<string, unknown>>> {
    const rels = yield* this.relations(conn, o);
    const out: MultiResult<Record<string, unknown>> = new Map();
    for (const [name, rel] of rels) {
      const options: Record<string, unknown> = {};
      if (TABLE_TYPES.includes(rel.kind)) {
        if (rel.engine !== null) options[this.optionName("Engine")] = rel.engine;
        if (rel.collation !== null) {
          // A collation's name starts with its character set's (`utf8mb4_general_ci`).
          options[this.optionName("DefaultCharset")] = rel.collation.split("_")[0];
          options[this.optionName("Collate")] = rel.collation;
        }
        for (const part of (rel.createOptions ?? "").split(/\s+/)) {
          const m = /^([a-z_]+)=(.*)$/i.exec(part);
          if (m === null || /^(auto_increment|data_directory|index_directory)$/i.test(m[1] ?? "")) continue;
          const key = camel(m[1] ?? "");
          options[this.optionName(key.charAt(0).toUpperCase() + key.slice(1))] = (m[2] ?? "").replace(
            /^'|'$/g,
            "",
          );
        }
      }
      out.set(multiKey(o.schema ?? null, name), options);
    }
    return out;
  }
}

/** Orders by name (code points, unnamed last), as SQLAlchemy sorts its results. */
function byName(a: string | null, b: string | null): number {
  const x = a ?? "\uffff";
  const y = b ?? "\uffff";
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether a check is the `json_valid(`col`)` MariaDB adds to a JSON column named `name`. */
function isJsonValidCheck(name: string, clause: string): boolean {
  return clause.replace(/\s+/g, "") === `json_valid(\`${name.replace(/`/g, "``")}\`)`;
}
