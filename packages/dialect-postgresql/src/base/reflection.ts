/**
 * PostgreSQL's reflection: `pg_catalog` queries, each covering every
 * relation a multi-table call selects (SQLAlchemy's `get_multi_*`), so a
 * whole schema reflects in one query per kind of fact (plus one for enums and
 * domains when a column uses a named type).
 *
 * The default schema is the search path: without `schema`, relations are
 * those `pg_table_is_visible()` (outside `pg_catalog`), keyed with a `null`
 * schema; a foreign key's `referredSchema` is `null` when
 * `pg_get_constraintdef` does not qualify the referred table (it is on the
 * search path), as SQLAlchemy does without `postgresql_ignore_search_path`.
 */
import {
  BigIntegerType,
  type Connection,
  DialectReflector,
  IntegerType,
  type MultiReflectionOptions,
  type MultiResult,
  multiKey,
  NoSuchTableError,
  type ObjectKind,
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
import {
  type NamedTypes,
  namedTypeKey,
  pgIschemaNames,
  reflectPgType,
  splitFormatType,
} from "./ischema-names.js";

type Row = Record<string, unknown>;

const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** `relkind`s of each kind of relation. */
function relkinds(kind: ObjectKind | undefined): string {
  switch (kind ?? "table") {
    case "table":
      return "'r', 'p', 'f'";
    case "view":
      return "'v'";
    case "materializedView":
      return "'m'";
    default:
      return "'r', 'p', 'f', 'v', 'm'";
  }
}

/** An unquoted identifier from `pg_get_constraintdef` output. */
function unquote(name: string): string {
  const t = name.trim();
  return t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
}

/** Removes parentheses around the whole of an expression: `((a > 1))` → `a > 1`. */
export function stripOuterParens(sql: string): string {
  let s = sql.trim();
  for (;;) {
    if (!s.startsWith("(") || !s.endsWith(")")) return s;
    let depth = 0;
    let inString = false;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === "'") inString = !inString;
      if (inString) continue;
      if (c === "(") depth++;
      else if (c === ")") {
        depth--;
        if (depth === 0 && i < s.length - 1) return s;
      }
    }
    s = s.slice(1, -1).trim();
  }
}

const QTOKEN = '(?:"(?:[^"]|"")+"|[\\w$]+?)';
const FK_RE = new RegExp(
  "FOREIGN KEY \\((.*?)\\) " +
    `REFERENCES (?:(${QTOKEN})\\.)?(${QTOKEN})\\(((?:${QTOKEN}(?: *, *)?)+)\\)` +
    "[\\s]?(MATCH (FULL|PARTIAL|SIMPLE)+)?" +
    "[\\s]?(?:ON (UPDATE|DELETE) (CASCADE|RESTRICT|NO ACTION|SET (?:NULL|DEFAULT)(?:\\s\\(.+\\))?)+)?" +
    "[\\s]?(?:ON (UPDATE|DELETE) (CASCADE|RESTRICT|NO ACTION|SET (?:NULL|DEFAULT)(?:\\s\\(.+\\))?)+)?" +
    "[\\s]?(DEFERRABLE|NOT DEFERRABLE)?" +
    "[\\s]?(INITIALLY (DEFERRED|IMMEDIATE)+)?",
);

/** The parts of `pg_get_constraintdef()` of a FOREIGN KEY. */
export function parseForeignKeyDef(condef: string): {
  constrainedColumns: string[];
  referredSchema: string | null;
  referredTable: string;
  referredColumns: string[];
  options: NonNullable<ReflectedForeignKeyConstraint["options"]>;
} | null {
  const m = FK_RE.exec(condef);
  if (m === null) return null;
  const options: NonNullable<ReflectedForeignKeyConstraint["options"]> = {};
  const actions: [string | undefined, string | undefined][] = [
    [m[7], m[8]],
    [m[9], m[10]],
  ];
  for (const [which, action] of actions) {
    if (which === undefined || action === undefined || action === "NO ACTION") continue;
    if (which === "UPDATE") options.onupdate = action;
    else options.ondelete = action;
  }
  if (m[11] !== undefined) options.deferrable = m[11] === "DEFERRABLE";
  if (m[13] !== undefined) options.initially = m[13];
  if (m[6] !== undefined && m[6] !== "SIMPLE") options.match = m[6];
  return {
    constrainedColumns: str(m[1])
      .split(/\s*,\s*/)
      .map(unquote),
    referredSchema: m[2] !== undefined ? unquote(m[2]) : null,
    referredTable: unquote(str(m[3])),
    referredColumns: str(m[4])
      .split(/\s*,\s*/)
      .map(unquote),
    options,
  };
}

/** The largest value of each integer type, the default MAXVALUE of its identity sequence. */
const TYPE_MAX: Record<string, string> = {
  smallint: "32767",
  integer: "2147483647",
  bigint: "9223372036854775807",
};

/**
 * Reads PostgreSQL's catalog. Warnings (a type it does not know, a
 * constraint it cannot parse) go to `warnings` and to `process.emitWarning`
 * (or `console.warn` outside Node). Domains reflect as their base types.
 */
export class PGReflector extends DialectReflector {
  /** The warnings reflection gave, oldest first. */
  readonly warnings: string[] = [];

  /** Records a reflection warning. */
  warn(message: string): void {
    this.warnings.push(message);
    const proc = (globalThis as { process?: { emitWarning?: (m: string, t: string) => void } }).process;
    if (proc?.emitWarning !== undefined) proc.emitWarning(message, "AthanorReflectionWarning");
    else console.warn(message);
  }

  private *rows(conn: Connection, sql: string, params: Record<string, unknown> = {}): Op<Row[]> {
    const result = yield* conn.executeOp(text(sql).bindparams(params));
    return (yield* result.mappings().allOp()) as Row[];
  }

  /**
   * The FROM/WHERE that selects the relations of a call (`c` is pg_class,
   * `n` pg_namespace), and its parameters.
   */
  private relationFilter(
    o: MultiReflectionOptions,
    kinds = relkinds(o.kind),
  ): { sql: string; params: Record<string, unknown> } {
    const params: Record<string, unknown> = {};
    let sql = `pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN (${kinds})`;
    const scope = o.scope ?? "default";
    if (scope === "default") sql += " AND c.relpersistence <> 't'";
    else if (scope === "temporary") sql += " AND c.relpersistence = 't'";
    if (o.schema === undefined) {
      sql += " AND pg_catalog.pg_table_is_visible(c.oid) AND n.nspname <> 'pg_catalog'";
    } else {
      sql += " AND n.nspname = :schema";
      params.schema = o.schema;
    }
    if (o.filterNames !== undefined) {
      sql += " AND c.relname = ANY(CAST(:names AS text[]))";
      params.names = [...o.filterNames];
    }
    return { sql, params };
  }

  private key(o: MultiReflectionOptions, name: unknown): string {
    return multiKey(o.schema ?? null, str(name));
  }

  // --- names --------------------------------------------------------------------------

  override *getDefaultSchemaName(conn: Connection): Op<string | null> {
    const rows = yield* this.rows(conn, "SELECT current_schema() AS s");
    return strOrNull(rows[0]?.s);
  }

  override *getSchemaNames(conn: Connection): Op<string[]> {
    const rows = yield* this.rows(
      conn,
      "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname NOT LIKE 'pg_%' ORDER BY nspname",
    );
    return rows.map((r) => str(r.nspname));
  }

  private *names(conn: Connection, o: MultiReflectionOptions, kinds: string): Op<string[]> {
    const f = this.relationFilter(o, kinds);
    const rows = yield* this.rows(conn, `SELECT c.relname FROM ${f.sql} ORDER BY c.relname`, f.params);
    return rows.map((r) => str(r.relname));
  }

  /** Tables (ordinary and partitioned; not foreign tables), sorted. */
  override *getTableNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.names(conn, { schema, scope: "default" }, "'r', 'p'");
  }
  /** Foreign tables. */
  *getForeignTableNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.names(conn, { schema, scope: "any" }, "'f'");
  }
  override *getViewNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.names(conn, { schema, scope: "default" }, "'v'");
  }
  override *getMaterializedViewNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.names(conn, { schema, scope: "default" }, "'m'");
  }
  override *getSequenceNames(conn: Connection, schema?: string): Op<string[]> {
    return yield* this.names(conn, { schema, scope: "any" }, "'S'");
  }
  override *getTemporaryTableNames(conn: Connection): Op<string[]> {
    return yield* this.names(conn, { scope: "temporary" }, "'r', 'p'");
  }
  /** Temporary views of this session. */
  *getTemporaryViewNames(conn: Connection): Op<string[]> {
    return yield* this.names(conn, { scope: "temporary" }, "'v'");
  }

  override *getViewDefinition(conn: Connection, viewName: string, schema?: string): Op<string> {
    const f = this.relationFilter({ schema, scope: "any", filterNames: [viewName] }, "'v', 'm'");
    const rows = yield* this.rows(
      conn,
      `SELECT pg_catalog.pg_get_viewdef(c.oid) AS def FROM ${f.sql}`,
      f.params,
    );
    const def = rows[0]?.def;
    if (def === undefined || def === null) {
      throw new NoSuchTableError(schema !== undefined ? `${schema}.${viewName}` : viewName);
    }
    return String(def);
  }

  override *hasTable(conn: Connection, tableName: string, schema?: string): Op<boolean> {
    return (
      (yield* this.names(conn, { schema, scope: "any", filterNames: [tableName] }, relkinds("any"))).length >
      0
    );
  }

  override *hasSequence(conn: Connection, sequenceName: string, schema?: string): Op<boolean> {
    return (yield* this.names(conn, { schema, scope: "any", filterNames: [sequenceName] }, "'S'")).length > 0;
  }

  override *hasSchema(conn: Connection, schema: string): Op<boolean> {
    const rows = yield* this.rows(conn, "SELECT 1 AS one FROM pg_catalog.pg_namespace WHERE nspname = :s", {
      s: schema,
    });
    return rows.length > 0;
  }

  // --- named types -------------------------------------------------------------------------

  /** Enums and domains, keyed as `format_type` names them (`mood` when visible, `schema.mood`). */
  *loadNamedTypes(conn: Connection): Op<NamedTypes> {
    const rows = yield* this.rows(
      conn,
      `SELECT t.typname AS name, n.nspname AS schema, pg_catalog.pg_type_is_visible(t.oid) AS visible, t.typtype,
        CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e
          WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END AS labels,
        CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END AS basetype
      FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typtype IN ('e', 'd') AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
    );
    const enums = new Map<string, NamedTypes["enums"] extends ReadonlyMap<string, infer E> ? E : never>();
    const domains = new Map<string, NamedTypes["domains"] extends ReadonlyMap<string, infer D> ? D : never>();
    for (const r of rows) {
      const name = str(r.name);
      const schema = str(r.schema);
      const visible = r.visible === true;
      const keys = [namedTypeKey([schema, name]), ...(visible ? [name] : [])];
      for (const k of keys) {
        if (r.typtype === "e")
          enums.set(k, { name, schema, visible, labels: (r.labels as string[] | null) ?? [] });
        else domains.set(k, { name, schema, visible, type: str(r.basetype) });
      }
    }
    return { enums, domains };
  }

  // --- columns ----------------------------------------------------------------------------

  override *getMultiColumns(conn: Connection, o: MultiReflectionOptions): Op<MultiResult<ReflectedColumn[]>> {
    const f = this.relationFilter(o);
    const generated = this.dialect.serverVersionAtLeast(12) ? "a.attgenerated::text" : "NULL::text";
    const identity = this.dialect.serverVersionAtLeast(10)
      ? `CASE WHEN a.attidentity <> '' THEN (SELECT pg_catalog.json_build_object(
            'always', a.attidentity = 'a', 'start', s.seqstart::text, 'increment', s.seqincrement::text,
            'minvalue', s.seqmin::text, 'maxvalue', s.seqmax::text, 'cache', s.seqcache::text, 'cycle', s.seqcycle)
          FROM pg_catalog.pg_sequence s
          WHERE s.seqrelid = pg_catalog.pg_get_serial_sequence(a.attrelid::regclass::text, a.attname)::regclass::oid) END`
      : "NULL::json";
    const rows = yield* this.rows(
      conn,
      `SELECT c.relname AS table_name, a.attname AS name,
        pg_catalog.format_type(a.atttypid, a.atttypmod) AS format_type,
        CASE WHEN a.atthasdef THEN (SELECT pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) FROM pg_catalog.pg_attrdef ad
          WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum) END AS "default",
        a.attnotnull AS not_null, d.description AS comment, ${generated} AS generated,
        ${identity} AS identity_options,
        CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname::text END AS collation
      FROM ${f.sql.replace(
        " WHERE ",
        ` LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
        LEFT JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid AND d.objsubid = a.attnum
          AND d.classoid = 'pg_catalog.pg_class'::regclass
        WHERE `,
      )}
      ORDER BY c.relname, a.attnum`,
      f.params,
    );
    // Named types (enums, domains) are loaded only when a column uses one.
    let named: NamedTypes = { enums: new Map(), domains: new Map() };
    const needsNamed = rows.some((r) => {
      if (r.format_type === null || r.format_type === undefined) return false;
      const { base } = splitFormatType(str(r.format_type));
      return !pgIschemaNames.has(base.toLowerCase()) && !base.startsWith("interval");
    });
    if (needsNamed) named = yield* this.loadNamedTypes(conn);

    const out: MultiResult<ReflectedColumn[]> = new Map();
    for (const r of rows) {
      const key = this.key(o, r.table_name);
      let list = out.get(key);
      if (list === undefined) {
        list = [];
        out.set(key, list);
      }
      if (r.name === null) continue; // a table without columns
      const name = str(r.name);
      const formatType = strOrNull(r.format_type);
      const type = reflectPgType(
        formatType,
        named,
        strOrNull(r.collation) ?? undefined,
        `column '${name}'`,
        (m) => this.warn(m),
      );
      let dflt = strOrNull(r.default);
      const col: ReflectedColumn = { name, type, nullable: r.not_null !== true, default: null };
      const gen = str(r.generated);
      if (gen !== "" && gen !== "\u0000") {
        col.computed = { sqltext: dflt ?? "", persisted: gen === "s" };
        dflt = null;
      }
      let autoincrement = false;
      if (dflt !== null) {
        const m = /(nextval\(')([^']+)('.*$)/.exec(dflt);
        if (m !== null) {
          if (type instanceof IntegerType || type instanceof BigIntegerType) autoincrement = true;
          // A sequence of the reflected schema is qualified, as SQLAlchemy does.
          if (!str(m[2]).includes(".") && o.schema !== undefined) {
            dflt = `${m[1]}"${o.schema}".${m[2]}${m[3]}`;
          }
        }
      }
      col.default = dflt;
      const ident = r.identity_options as Record<string, unknown> | null;
      if (ident !== null && ident !== undefined) {
        col.identity = this.identity(ident, formatType ?? "");
        autoincrement = true;
      }
      col.autoincrement = autoincrement;
      col.comment = strOrNull(r.comment);
      list.push(col);
    }
    return out;
  }

  /** Identity options; MINVALUE / MAXVALUE only where they are not the defaults (JavaScript numbers cannot hold 2^63 - 1). */
  private identity(j: Record<string, unknown>, formatType: string): ReflectedIdentity {
    const increment = Number(j.increment);
    const out: ReflectedIdentity = {
      always: j.always === true,
      start: Number(j.start),
      increment,
      cycle: j.cycle === true,
      cache: Number(j.cache),
    };
    const typeMax = TYPE_MAX[formatType] ?? TYPE_MAX.bigint;
    const min = str(j.minvalue);
    const max = str(j.maxvalue);
    const defaultMin = increment > 0 ? "1" : `-${typeMax}`;
    const defaultMax = increment > 0 ? typeMax : "-1";
    if (min !== defaultMin && !(increment < 0 && min === `-${BigInt(typeMax as string) + 1n}`)) {
      out.minvalue = Number(min);
    }
    if (max !== defaultMax) out.maxvalue = Number(max);
    return out;
  }

  // --- primary keys and unique constraints --------------------------------------------------

  private *constraints(conn: Connection, o: MultiReflectionOptions, contype: "p" | "u"): Op<Row[]> {
    const f = this.relationFilter(o);
    const nnd = this.dialect.serverVersionAtLeast(15) ? "i.indnullsnotdistinct" : "false";
    const nkey = this.dialect.serverVersionAtLeast(11) ? "i.indnkeyatts" : "i.indnatts";
    return yield* this.rows(
      conn,
      `SELECT c.relname AS table_name, con.conname,
        ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS cols,
        ${nkey} AS nkey, ${nnd} AS nulls_not_distinct, d.description
      FROM ${f.sql.replace(
        " WHERE ",
        ` LEFT JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid AND con.contype = '${contype}'
        LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = con.conindid
        LEFT JOIN pg_catalog.pg_description d ON d.objoid = con.oid AND d.classoid = 'pg_catalog.pg_constraint'::regclass
        WHERE `,
      )}
      ORDER BY c.relname, con.conname`,
      f.params,
    );
  }

  override *getMultiPkConstraint(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedPrimaryKeyConstraint>> {
    const out: MultiResult<ReflectedPrimaryKeyConstraint> = new Map();
    for (const r of yield* this.constraints(conn, o, "p")) {
      const key = this.key(o, r.table_name);
      if (r.conname === null) {
        out.set(key, { name: null, constrainedColumns: [] });
        continue;
      }
      const all = (r.cols as string[]) ?? [];
      const nkey = Number(r.nkey);
      const pk: ReflectedPrimaryKeyConstraint = {
        name: str(r.conname),
        constrainedColumns: all.slice(0, nkey),
        comment: strOrNull(r.description),
      };
      if (all.length > nkey) pk.dialectOptions = { postgresqlInclude: all.slice(nkey) };
      out.set(key, pk);
    }
    return out;
  }

  override *getMultiUniqueConstraints(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedUniqueConstraint[]>> {
    const out: MultiResult<ReflectedUniqueConstraint[]> = new Map();
    for (const r of yield* this.constraints(conn, o, "u")) {
      const key = this.key(o, r.table_name);
      let list = out.get(key);
      if (list === undefined) {
        list = [];
        out.set(key, list);
      }
      if (r.conname === null) continue;
      const all = (r.cols as string[]) ?? [];
      const nkey = Number(r.nkey);
      const uc: ReflectedUniqueConstraint = {
        name: str(r.conname),
        columnNames: all.slice(0, nkey),
        comment: strOrNull(r.description),
      };
      const opts: Record<string, unknown> = {};
      if (all.length > nkey) opts.postgresqlInclude = all.slice(nkey);
      if (r.nulls_not_distinct === true) opts.postgresqlNullsNotDistinct = true;
      if (Object.keys(opts).length > 0) uc.dialectOptions = opts;
      list.push(uc);
    }
    return out;
  }

  // --- foreign keys -----------------------------------------------------------------------

  override *getMultiForeignKeys(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedForeignKeyConstraint[]>> {
    const f = this.relationFilter(o);
    const rows = yield* this.rows(
      conn,
      `SELECT c.relname AS table_name, con.conname,
        CASE WHEN con.oid IS NOT NULL THEN pg_catalog.pg_get_constraintdef(con.oid, true) END AS condef,
        nr.nspname AS conschema, d.description
      FROM ${f.sql.replace(
        " WHERE ",
        ` LEFT JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid AND con.contype = 'f'
        LEFT JOIN pg_catalog.pg_class cr ON cr.oid = con.confrelid
        LEFT JOIN pg_catalog.pg_namespace nr ON nr.oid = cr.relnamespace
        LEFT JOIN pg_catalog.pg_description d ON d.objoid = con.oid AND d.classoid = 'pg_catalog.pg_constraint'::regclass
        WHERE `,
      )}
      ORDER BY c.relname, con.conname`,
      f.params,
    );
    const out: MultiResult<ReflectedForeignKeyConstraint[]> = new Map();
    for (const r of rows) {
      const key = this.key(o, r.table_name);
      let list = out.get(key);
      if (list === undefined) {
        list = [];
        out.set(key, list);
      }
      if (r.conname === null) continue;
      const parsed = parseForeignKeyDef(str(r.condef));
      if (parsed === null) {
        this.warn(`Could not parse FOREIGN KEY definition: ${str(r.condef)}`);
        continue;
      }
      let referredSchema = parsed.referredSchema;
      if (referredSchema === null && o.schema !== undefined && o.schema === str(r.conschema)) {
        referredSchema = o.schema;
      }
      list.push({
        name: str(r.conname),
        constrainedColumns: parsed.constrainedColumns,
        referredSchema,
        referredTable: parsed.referredTable,
        referredColumns: parsed.referredColumns,
        options: parsed.options,
        comment: strOrNull(r.description),
      });
    }
    return out;
  }

  // --- indexes ----------------------------------------------------------------------------

  override *getMultiIndexes(conn: Connection, o: MultiReflectionOptions): Op<MultiResult<ReflectedIndex[]>> {
    const f = this.relationFilter(o);
    const nnd = this.dialect.serverVersionAtLeast(15) ? "i.indnullsnotdistinct" : "false";
    const nkey = this.dialect.serverVersionAtLeast(11) ? "i.indnkeyatts" : "i.indnatts";
    const rows = yield* this.rows(
      conn,
      `SELECT c.relname AS table_name, ic.relname AS index_name, i.indisunique, ${nkey} AS nkey,
        ${nnd} AS nulls_not_distinct, i.indoption::int2[] AS indoption, ic.reloptions, am.amname,
        CASE WHEN i.indpred IS NOT NULL THEN pg_catalog.pg_get_expr(i.indpred, i.indrelid) END AS predicate,
        EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = i.indexrelid
          AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) AS has_constraint,
        ARRAY(SELECT CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true)
            ELSE a.attname::text END
          FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
          LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
          ORDER BY k.ord) AS elements,
        ARRAY(SELECT k.attnum = 0 FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) ORDER BY k.ord)
          AS is_expr,
        ARRAY(SELECT CASE WHEN oc.opcdefault THEN '' ELSE oc.opcname::text END
          FROM unnest(i.indclass::oid[]) WITH ORDINALITY AS k(opc, ord)
          JOIN pg_catalog.pg_opclass oc ON oc.oid = k.opc ORDER BY k.ord) AS opclasses
      FROM ${f.sql.replace(
        " WHERE ",
        ` LEFT JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND NOT i.indisprimary
        LEFT JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
        LEFT JOIN pg_catalog.pg_am am ON am.oid = ic.relam
        WHERE `,
      )}
      ORDER BY c.relname, ic.relname`,
      f.params,
    );
    const out: MultiResult<ReflectedIndex[]> = new Map();
    for (const r of rows) {
      const key = this.key(o, r.table_name);
      let list = out.get(key);
      if (list === undefined) {
        list = [];
        out.set(key, list);
      }
      if (r.index_name === null) continue;
      const all = (r.elements as string[]) ?? [];
      const allExpr = (r.is_expr as boolean[]) ?? [];
      const n = Number(r.nkey);
      const elements = all.slice(0, n);
      const isExpr = allExpr.slice(0, n);
      const index: ReflectedIndex = {
        name: str(r.index_name),
        columnNames: elements.map((e, i) => (isExpr[i] ? null : e)),
        unique: r.indisunique === true,
      };
      if (isExpr.some((x) => x)) index.expressions = elements;
      const include = all.slice(n);
      if (include.length > 0) index.includeColumns = include;
      const sorting: Record<string, string[]> = {};
      ((r.indoption as number[] | null) ?? []).slice(0, n).forEach((flags, i) => {
        const s: string[] = [];
        if (flags & 1) {
          s.push("desc");
          if (!(flags & 2)) s.push("nulls_last");
        } else if (flags & 2) {
          s.push("nulls_first");
        }
        if (s.length > 0) sorting[elements[i] as string] = s;
      });
      if (Object.keys(sorting).length > 0) index.columnSorting = sorting;
      if (r.has_constraint === true) index.duplicatesConstraint = index.name;
      const opts: Record<string, unknown> = {};
      const ops: Record<string, string> = {};
      ((r.opclasses as string[] | null) ?? []).slice(0, n).forEach((opc, i) => {
        if (opc !== "") ops[elements[i] as string] = opc;
      });
      if (Object.keys(ops).length > 0) opts.postgresqlOps = ops;
      const reloptions = r.reloptions as string[] | null;
      if (reloptions !== null && reloptions !== undefined && reloptions.length > 0) {
        opts.postgresqlWith = Object.fromEntries(reloptions.map((x) => x.split("=", 2) as [string, string]));
      }
      if (r.amname !== "btree") opts.postgresqlUsing = str(r.amname);
      if (r.predicate !== null && r.predicate !== undefined) opts.postgresqlWhere = text(str(r.predicate));
      if (include.length > 0) opts.postgresqlInclude = include;
      if (r.nulls_not_distinct === true) opts.postgresqlNullsNotDistinct = true;
      if (Object.keys(opts).length > 0) index.dialectOptions = opts;
      list.push(index);
    }
    return out;
  }

  // --- check constraints, comments, options ------------------------------------------------

  override *getMultiCheckConstraints(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedCheckConstraint[]>> {
    const f = this.relationFilter(o);
    const rows = yield* this.rows(
      conn,
      `SELECT c.relname AS table_name, con.conname,
        CASE WHEN con.oid IS NOT NULL THEN pg_catalog.pg_get_constraintdef(con.oid, true) END AS src,
        d.description
      FROM ${f.sql.replace(
        " WHERE ",
        ` LEFT JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid AND con.contype = 'c'
        LEFT JOIN pg_catalog.pg_description d ON d.objoid = con.oid AND d.classoid = 'pg_catalog.pg_constraint'::regclass
        WHERE `,
      )}
      ORDER BY c.relname, con.conname`,
      f.params,
    );
    const out: MultiResult<ReflectedCheckConstraint[]> = new Map();
    for (const r of rows) {
      const key = this.key(o, r.table_name);
      let list = out.get(key);
      if (list === undefined) {
        list = [];
        out.set(key, list);
      }
      if (r.conname === null) continue;
      const src = str(r.src);
      const m = /^CHECK *\(([\s\S]+)\)( NO INHERIT)?( NOT VALID)?$/.exec(src);
      if (m === null) this.warn(`Could not parse CHECK constraint text: ${src}`);
      const ck: ReflectedCheckConstraint = {
        name: str(r.conname),
        sqltext: m === null ? "" : stripOuterParens(str(m[1])),
        comment: strOrNull(r.description),
      };
      const opts: Record<string, unknown> = {};
      if (m?.[3] !== undefined) opts.postgresqlNotValid = true;
      if (m?.[2] !== undefined) opts.postgresqlNoInherit = true;
      if (Object.keys(opts).length > 0) ck.dialectOptions = opts;
      list.push(ck);
    }
    return out;
  }

  override *getMultiTableComment(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedTableComment>> {
    const f = this.relationFilter(o);
    const rows = yield* this.rows(
      conn,
      `SELECT c.relname AS table_name, d.description
      FROM ${f.sql.replace(
        " WHERE ",
        ` LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.objsubid = 0
          AND d.classoid = 'pg_catalog.pg_class'::regclass
        WHERE `,
      )}`,
      f.params,
    );
    return new Map(rows.map((r) => [this.key(o, r.table_name), { text: strOrNull(r.description) }]));
  }

  /** `postgresqlUsing` (a non-default access method), `postgresqlInherits`, `postgresqlWith`, `postgresqlTablespace`. */
  override *getMultiTableOptions(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<Record<string, unknown>>> {
    const f = this.relationFilter(o);
    const rows = yield* this.rows(
      conn,
      `SELECT c.relname AS table_name, c.reloptions,
        CASE WHEN am.amname IS NOT NULL AND am.amname <> current_setting('default_table_access_method')
          THEN am.amname END AS access_method, ts.spcname AS tablespace,
        ARRAY(SELECT p.relname::text FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_class p ON p.oid = h.inhparent
          WHERE h.inhrelid = c.oid ORDER BY h.inhseqno) AS inherits
      FROM ${f.sql.replace(
        " WHERE ",
        ` LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
        LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace
        WHERE `,
      )}`,
      f.params,
    );
    const out: MultiResult<Record<string, unknown>> = new Map();
    for (const r of rows) {
      const opts: Record<string, unknown> = {};
      if (r.access_method !== null && r.access_method !== undefined)
        opts.postgresqlUsing = str(r.access_method);
      const inherits = (r.inherits as string[] | null) ?? [];
      if (inherits.length > 0) opts.postgresqlInherits = inherits;
      const reloptions = r.reloptions as string[] | null;
      if (reloptions !== null && reloptions !== undefined && reloptions.length > 0) {
        opts.postgresqlWith = Object.fromEntries(reloptions.map((x) => x.split("=", 2) as [string, string]));
      }
      if (r.tablespace !== null && r.tablespace !== undefined) opts.postgresqlTablespace = str(r.tablespace);
      out.set(this.key(o, r.table_name), opts);
    }
    return out;
  }
}
