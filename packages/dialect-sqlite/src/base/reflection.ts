/**
 * SQLite's reflection: `sqlite_master` for names and SQL, and the PRAGMAs as
 * table-valued functions (`pragma_table_xinfo(name, schema)`,
 * `pragma_foreign_key_list`, `pragma_index_list`, `pragma_index_xinfo`), so
 * one query covers every table of a schema. What the PRAGMAs do not tell
 * (constraint names, CHECK constraints, collations, generated-column and
 * index expressions, partial-index predicates) is read from the stored
 * `CREATE` statements. A schema is an attached database (`main` is the
 * default; `temp` holds temporary tables).
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
  StringType,
  type TypeEngine,
  text,
} from "@athanor/core";
import { resolveTypeAffinity } from "./ischema-names.js";
import { type ParsedTable, parseCreateIndex, parseCreateTable } from "./reflection-parse.js";

/** One relation (table or view) selected by a multi-table call. */
interface Relation {
  /** The database it lives in (`main`, `temp`, an attached name). */
  db: string;
  name: string;
  type: string;
  sql: string | null;
  /** Its key in the results. */
  key: string;
}

type Row = Record<string, unknown>;

const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));

/**
 * Reads SQLite's catalog. Warnings (a type that could not take its declared
 * arguments, a FOREIGN KEY in the SQL that the PRAGMA does not know) go to
 * `warnings` and to `process.emitWarning` (or `console.warn` outside Node).
 */
export class SQLiteReflector extends DialectReflector {
  /** The warnings reflection gave, oldest first. */
  readonly warnings: string[] = [];

  /** Records a reflection warning. */
  warn(message: string): void {
    this.warnings.push(message);
    const proc = (globalThis as { process?: { emitWarning?: (m: string, t: string) => void } }).process;
    if (proc?.emitWarning !== undefined) proc.emitWarning(message, "AthanorReflectionWarning");
    else console.warn(message);
  }

  private q(name: string): string {
    return this.dialect.preparer.quoteIdentifier(name);
  }

  private *rows(conn: Connection, sql: string, params: Record<string, unknown> = {}): Op<Row[]> {
    const result = yield* conn.executeOp(text(sql).bindparams(params));
    return (yield* result.mappings().allOp()) as Row[];
  }

  // --- names --------------------------------------------------------------------------

  override *getDefaultSchemaName(conn: Connection): Op<string | null> {
    void conn;
    return "main";
  }

  override *getSchemaNames(conn: Connection): Op<string[]> {
    const rows = yield* this.rows(conn, "SELECT name FROM pragma_database_list ORDER BY seq");
    return rows.map((r) => str(r.name)).filter((n) => n !== "temp");
  }

  private *namesOfType(conn: Connection, master: string, type: string): Op<string[]> {
    const rows = yield* this.rows(
      conn,
      `SELECT name FROM ${master} WHERE type = :type AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY name`,
      { type },
    );
    return rows.map((r) => str(r.name));
  }

  private master(schema: string | undefined): string {
    return schema === undefined ? "main.sqlite_master" : `${this.q(schema)}.sqlite_master`;
  }

  override *getTableNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.namesOfType(conn, this.master(schema), "table");
  }

  override *getViewNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.namesOfType(conn, this.master(schema), "view");
  }

  override *getTemporaryTableNames(conn: Connection): Op<string[]> {
    return yield* this.namesOfType(conn, "temp.sqlite_master", "table");
  }

  /** The temporary views of this connection. */
  *getTemporaryViewNames(conn: Connection): Op<string[]> {
    return yield* this.namesOfType(conn, "temp.sqlite_master", "view");
  }

  override *getViewDefinition(conn: Connection, viewName: string, schema?: string): Op<string> {
    const sources =
      schema === undefined ? ["main.sqlite_master", "temp.sqlite_master"] : [this.master(schema)];
    const union = sources.map((m) => `SELECT name, type, sql FROM ${m}`).join(" UNION ALL ");
    const rows = yield* this.rows(conn, `SELECT sql FROM (${union}) WHERE name = :name AND type = 'view'`, {
      name: viewName,
    });
    const sql = rows[0]?.sql;
    if (sql === undefined || sql === null) {
      throw new NoSuchTableError(schema !== undefined ? `${schema}.${viewName}` : viewName);
    }
    return String(sql);
  }

  override *hasTable(conn: Connection, tableName: string, schema?: string): Op<boolean> {
    if (schema !== undefined && !(yield* this.getSchemaNames(conn)).includes(schema)) return false;
    return yield* this.dialect.hasTable(conn, tableName, schema);
  }

  // --- the relations a multi-table call covers ----------------------------------------------

  /** The databases searched: the given schema, or `main` (and `temp` unless the scope excludes it). */
  private databases(o: MultiReflectionOptions): string[] {
    if (o.schema !== undefined) return [o.schema];
    const scope = o.scope ?? "default";
    if (scope === "temporary") return ["temp"];
    if (scope === "any") return ["main", "temp"];
    return ["main"];
  }

  /** The relations of a multi-table call, with their SQL, in one query. */
  private *relations(conn: Connection, o: MultiReflectionOptions): Op<Relation[]> {
    const kind = o.kind ?? "table";
    const types =
      kind === "table" ? ["table"] : kind === "view" ? ["view"] : kind === "any" ? ["table", "view"] : [];
    if (types.length === 0) return [];
    const typeList = types.map((t) => `'${t}'`).join(", ");
    const filter = o.filterNames !== undefined ? " AND name IN (SELECT value FROM json_each(:names))" : "";
    const sql = this.databases(o)
      .map(
        (db) =>
          `SELECT '${db.replace(/'/g, "''")}' AS db, name, type, sql FROM ${this.q(db)}.sqlite_master ` +
          `WHERE type IN (${typeList}) AND name NOT LIKE 'sqlite~_%' ESCAPE '~'${filter}`,
      )
      .join(" UNION ALL ");
    const params = o.filterNames !== undefined ? { names: globalThis.JSON.stringify(o.filterNames) } : {};
    const rows = yield* this.rows(conn, `${sql} ORDER BY name`, params);
    const seen = new Set<string>();
    const out: Relation[] = [];
    for (const r of rows) {
      const key = multiKey(o.schema ?? null, str(r.name));
      // A temporary table hides a main one of the same name, as in SQLite's own lookup.
      if (seen.has(key) && r.db !== "temp") continue;
      if (seen.has(key)) {
        const at = out.findIndex((x) => x.key === key);
        out.splice(at, 1);
      }
      seen.add(key);
      out.push({
        db: str(r.db),
        name: str(r.name),
        type: str(r.type),
        sql: r.sql === null ? null : str(r.sql),
        key,
      });
    }
    return out;
  }

  /**
   * Rows of a PRAGMA function joined to each relation: `pragma(relation name, db)`.
   * One query per database searched.
   */
  private *pragmaRows(
    conn: Connection,
    relations: readonly Relation[],
    select: string,
    from: string,
  ): Op<Row[]> {
    const byDb = new Map<string, Relation[]>();
    for (const r of relations) byDb.set(r.db, [...(byDb.get(r.db) ?? []), r]);
    const out: Row[] = [];
    for (const [db, rels] of byDb) {
      const sql = `SELECT m.value AS tbl, ${select} FROM json_each(:names) AS m ${from}`
        .replace(/:dbmaster\b/g, `${this.q(db)}.sqlite_master`)
        .replace(/:db\b/g, `'${db.replace(/'/g, "''")}'`);
      const rows = yield* this.rows(conn, sql, { names: globalThis.JSON.stringify(rels.map((r) => r.name)) });
      for (const r of rows) out.push({ ...r, db });
    }
    return out;
  }

  private parsedCache = new WeakMap<Relation, ParsedTable>();
  private parsed(rel: Relation): ParsedTable {
    let p = this.parsedCache.get(rel);
    if (p === undefined) {
      p = parseCreateTable(rel.type === "table" ? rel.sql : null);
      this.parsedCache.set(rel, p);
    }
    return p;
  }

  private static groupBy(rows: readonly Row[]): Map<string, Row[]> {
    const m = new Map<string, Row[]>();
    for (const r of rows) {
      const k = `${str(r.db)}\u0000${str(r.tbl)}`;
      const list = m.get(k);
      if (list === undefined) m.set(k, [r]);
      else list.push(r);
    }
    return m;
  }

  // --- columns ----------------------------------------------------------------------------

  override *getMultiColumns(conn: Connection, o: MultiReflectionOptions): Op<MultiResult<ReflectedColumn[]>> {
    const relations = yield* this.relations(conn, o);
    const rows = yield* this.pragmaRows(
      conn,
      relations,
      'p.cid, p.name, p.type, p."notnull" AS isnotnull, p.dflt_value, p.pk, p.hidden',
      "JOIN pragma_table_xinfo(m.value, :db) AS p ORDER BY m.key, p.cid",
    );
    const byTable = SQLiteReflector.groupBy(rows);
    const out: MultiResult<ReflectedColumn[]> = new Map();
    for (const rel of relations) {
      const parsed = this.parsed(rel);
      const cols = byTable.get(`${rel.db}\u0000${rel.name}`) ?? [];
      const pkCount = cols.filter((c) => Number(c.pk) > 0).length;
      const list: ReflectedColumn[] = [];
      for (const c of cols) {
        const hidden = Number(c.hidden);
        if (hidden === 1) continue; // a hidden column of a virtual table
        const name = str(c.name);
        let declared = str(c.type);
        if (hidden === 2 || hidden === 3)
          declared = declared.replace(/\bGENERATED\b|\bALWAYS\b/gi, "").trim();
        const info = parsed.columns.get(name);
        let type = resolveTypeAffinity(declared, (m) => this.warn(`${m} (column '${name}')`));
        if (info?.collation !== undefined && type instanceof StringType)
          type = withCollation(type, info.collation);
        const col: ReflectedColumn = {
          name,
          type,
          nullable: Number(c.isnotnull) === 0,
          default: c.dflt_value === null || c.dflt_value === undefined ? null : str(c.dflt_value),
        };
        // An INTEGER PRIMARY KEY alone is the rowid: SQLite assigns its values.
        if (
          pkCount === 1 &&
          Number(c.pk) === 1 &&
          declared.toUpperCase() === "INTEGER" &&
          !parsed.withoutRowid
        ) {
          col.autoincrement = true;
        }
        if (hidden === 2 || hidden === 3) {
          col.computed = { sqltext: info?.generated?.sqltext ?? "", persisted: hidden === 3 };
        }
        list.push(col);
      }
      out.set(rel.key, list);
    }
    return out;
  }

  // --- primary keys -----------------------------------------------------------------------

  override *getMultiPkConstraint(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedPrimaryKeyConstraint>> {
    const relations = yield* this.relations(conn, o);
    const rows = yield* this.pragmaRows(
      conn,
      relations,
      "p.name, p.pk",
      "JOIN pragma_table_info(m.value, :db) AS p WHERE p.pk > 0 ORDER BY m.key, p.pk",
    );
    const byTable = SQLiteReflector.groupBy(rows);
    const out: MultiResult<ReflectedPrimaryKeyConstraint> = new Map();
    for (const rel of relations) {
      const cols = (byTable.get(`${rel.db}\u0000${rel.name}`) ?? []).map((r) => str(r.name));
      out.set(rel.key, {
        name: cols.length > 0 ? this.parsed(rel).primaryKeyName : null,
        constrainedColumns: cols,
      });
    }
    return out;
  }

  // --- foreign keys -----------------------------------------------------------------------

  override *getMultiForeignKeys(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedForeignKeyConstraint[]>> {
    const relations = yield* this.relations(conn, o);
    const rows = yield* this.pragmaRows(
      conn,
      relations,
      'f.id, f.seq, f."table" AS rtable, f."from" AS lcol, f."to" AS rcol, f.on_update, f.on_delete',
      "JOIN pragma_foreign_key_list(m.value, :db) AS f ORDER BY m.key, f.id, f.seq",
    );
    // Referred columns left out of the DDL are the referred table's primary key.
    const missing = new Map<string, Set<string>>();
    for (const r of rows) {
      if (r.rcol === null || r.rcol === undefined) {
        missing.set(str(r.db), (missing.get(str(r.db)) ?? new Set()).add(str(r.rtable)));
      }
    }
    const referredPks = new Map<string, string[]>();
    for (const [db, tables] of missing) {
      const pkRows = yield* this.rows(
        conn,
        `SELECT m.value AS tbl, p.name FROM json_each(:names) AS m JOIN pragma_table_info(m.value, '${db.replace(/'/g, "''")}') AS p WHERE p.pk > 0 ORDER BY m.value, p.pk`,
        { names: globalThis.JSON.stringify([...tables]) },
      );
      for (const r of pkRows) {
        const k = `${db}\u0000${str(r.tbl)}`;
        referredPks.set(k, [...(referredPks.get(k) ?? []), str(r.name)]);
      }
    }
    const byTable = SQLiteReflector.groupBy(rows);
    const out: MultiResult<ReflectedForeignKeyConstraint[]> = new Map();
    for (const rel of relations) {
      const fks = new Map<number, ReflectedForeignKeyConstraint & { options: Record<string, unknown> }>();
      for (const r of byTable.get(`${rel.db}\u0000${rel.name}`) ?? []) {
        const id = Number(r.id);
        let fk = fks.get(id);
        if (fk === undefined) {
          const options: Record<string, string> = {};
          const ondelete = str(r.on_delete).toUpperCase();
          const onupdate = str(r.on_update).toUpperCase();
          if (ondelete !== "" && ondelete !== "NO ACTION") options.ondelete = ondelete;
          if (onupdate !== "" && onupdate !== "NO ACTION") options.onupdate = onupdate;
          fk = {
            name: null,
            constrainedColumns: [],
            referredSchema: o.schema ?? null,
            referredTable: str(r.rtable),
            referredColumns: [],
            options,
          };
          fks.set(id, fk);
        }
        fk.constrainedColumns.push(str(r.lcol));
        if (r.rcol !== null && r.rcol !== undefined) fk.referredColumns.push(str(r.rcol));
      }
      for (const fk of fks.values()) {
        if (fk.referredColumns.length === 0) {
          fk.referredColumns = [...(referredPks.get(`${rel.db}\u0000${fk.referredTable}`) ?? [])];
        }
      }
      // Names and DEFERRABLE / INITIALLY come from the SQL, matched by signature.
      const sig = (cols: readonly string[], table: string, refs: readonly string[]) =>
        `${cols.join(",")}\u0000${table.toLowerCase()}\u0000${refs.join(",")}`;
      const unmatched = new Map(
        [...fks.values()].map((fk) => [sig(fk.constrainedColumns, fk.referredTable, fk.referredColumns), fk]),
      );
      const ordered: ReflectedForeignKeyConstraint[] = [];
      for (const p of this.parsed(rel).foreignKeys) {
        const refs = p.referredColumns.length > 0 ? p.referredColumns : undefined;
        let key = refs !== undefined ? sig(p.constrainedColumns, p.referredTable, refs) : undefined;
        if (key === undefined || !unmatched.has(key)) {
          key = [...unmatched.keys()].find((k) =>
            k.startsWith(`${p.constrainedColumns.join(",")}\u0000${p.referredTable.toLowerCase()}\u0000`),
          );
        }
        const fk = key !== undefined ? unmatched.get(key) : undefined;
        if (fk === undefined || key === undefined) {
          this.warn(
            `SQL-parsed foreign key constraint (${p.constrainedColumns.join(", ")}) -> ${p.referredTable} could not be located in PRAGMA foreign_keys for table ${rel.name}`,
          );
          continue;
        }
        unmatched.delete(key);
        fk.name = p.name;
        if (p.deferrable !== undefined) fk.options.deferrable = p.deferrable;
        if (p.initially !== undefined) fk.options.initially = p.initially;
        ordered.push(fk);
      }
      ordered.push(...unmatched.values());
      out.set(rel.key, ordered);
    }
    return out;
  }

  // --- indexes and unique constraints -------------------------------------------------------

  /** Every index of the relations (auto indexes included), with its columns and SQL. */
  private *indexRows(conn: Connection, relations: readonly Relation[]): Op<Map<string, Row[]>> {
    const rows = yield* this.pragmaRows(
      conn,
      relations,
      'il.seq AS iseq, il.name AS iname, il."unique" AS isunique, il.origin, il.partial, ' +
        'ix.seqno, ix.cid, ix.name AS cname, ix."desc" AS isdesc, ' +
        "(SELECT s.sql FROM :dbmaster AS s WHERE s.type = 'index' AND s.name = il.name) AS isql",
      "JOIN pragma_index_list(m.value, :db) AS il JOIN pragma_index_xinfo(il.name, :db) AS ix " +
        "WHERE ix.key = 1 ORDER BY m.key, il.name, ix.seqno",
    );
    return SQLiteReflector.groupBy(rows);
  }

  override *getMultiIndexes(conn: Connection, o: MultiReflectionOptions): Op<MultiResult<ReflectedIndex[]>> {
    const relations = yield* this.relations(conn, o);
    const byTable = yield* this.indexRows(conn, relations);
    const out: MultiResult<ReflectedIndex[]> = new Map();
    for (const rel of relations) {
      const byIndex = new Map<string, Row[]>();
      for (const r of byTable.get(`${rel.db}\u0000${rel.name}`) ?? []) {
        const name = str(r.iname);
        if (name.startsWith("sqlite_autoindex")) continue;
        byIndex.set(name, [...(byIndex.get(name) ?? []), r]);
      }
      const list: ReflectedIndex[] = [];
      for (const [name, cols] of [...byIndex].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const first = cols[0] as Row;
        const parsed = parseCreateIndex(first.isql === null ? null : str(first.isql));
        const columnNames: (string | null)[] = [];
        const elements: string[] = [];
        const sorting: Record<string, string[]> = {};
        cols.forEach((c, i) => {
          const isExpr = Number(c.cid) === -2;
          const element = isExpr ? (parsed.elements[i] ?? "") : str(c.cname);
          columnNames.push(isExpr ? null : str(c.cname));
          elements.push(element);
          if (Number(c.isdesc) === 1) sorting[element] = ["desc"];
        });
        const index: ReflectedIndex = { name, columnNames, unique: Number(first.isunique) === 1 };
        if (columnNames.includes(null)) index.expressions = elements;
        if (Object.keys(sorting).length > 0) index.columnSorting = sorting;
        if (Number(first.partial) === 1) {
          if (parsed.where === null) this.warn(`Failed to look up filter predicate of partial index ${name}`);
          else index.dialectOptions = { sqliteWhere: text(parsed.where) };
        }
        list.push(index);
      }
      out.set(rel.key, list);
    }
    return out;
  }

  override *getMultiUniqueConstraints(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedUniqueConstraint[]>> {
    const relations = yield* this.relations(conn, o);
    const out: MultiResult<ReflectedUniqueConstraint[]> = new Map();
    for (const rel of relations) {
      out.set(
        rel.key,
        this.parsed(rel).uniques.map((u) => ({ name: u.name, columnNames: [...u.columnNames] })),
      );
    }
    return out;
  }

  override *getMultiCheckConstraints(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedCheckConstraint[]>> {
    const relations = yield* this.relations(conn, o);
    const out: MultiResult<ReflectedCheckConstraint[]> = new Map();
    for (const rel of relations) {
      const checks = this.parsed(rel).checks.map((c) => ({ name: c.name, sqltext: c.sqltext }));
      // Named first, by name; unnamed last (as SQLAlchemy).
      checks.sort((a, b) => (a.name ?? "\uffff").localeCompare(b.name ?? "\uffff"));
      out.set(rel.key, checks);
    }
    return out;
  }

  /** SQLite keeps no comments: every table's comment is `null`. */
  override *getMultiTableComment(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedTableComment>> {
    const relations = yield* this.relations(conn, o);
    return new Map(relations.map((r) => [r.key, { text: null }]));
  }

  /** `sqliteAutoincrement`, `sqliteWithRowid: false` and `sqliteStrict`, read from the SQL (only when set). */
  override *getMultiTableOptions(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<Record<string, unknown>>> {
    const relations = yield* this.relations(conn, o);
    const out: MultiResult<Record<string, unknown>> = new Map();
    for (const rel of relations) {
      const p = this.parsed(rel);
      const opts: Record<string, unknown> = {};
      if (p.autoincrement) opts.sqliteAutoincrement = true;
      if (p.withoutRowid) opts.sqliteWithRowid = false;
      if (p.strict) opts.sqliteStrict = true;
      out.set(rel.key, opts);
    }
    return out;
  }
}

/** The same string type with a collation. */
function withCollation(type: StringType, collation: string): TypeEngine<unknown> {
  const Ctor = type.constructor as new (length?: number, options?: { collation?: string }) => StringType;
  return new Ctor(type.length, { collation });
}
