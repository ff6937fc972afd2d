/**
 * The Oracle reflector without a server: its dictionary queries compiled by
 * the dialect (SQL text asserted), the type-name mapping, and the records it
 * builds from canned dictionary rows (name normalization, identity and
 * virtual columns, foreign keys across schemas, function-based indexes, the
 * NOT NULL checks left out), with the number of queries independent of the
 * number of tables.
 */
import { type Connection, multiKey, type Op, runSync, text } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { OracleDialect, OracleReflector, oracleTypeFromCatalog, parseIdentityOptions } from "../src/index.js";

type Row = Record<string, unknown>;

/** A reflector whose queries are recorded and answered from canned rows. */
class CannedReflector extends OracleReflector {
  readonly queries: { sql: string; binds: Record<string, unknown> }[] = [];
  constructor(
    dialect: OracleDialect,
    private readonly answer: (sql: string, binds: Record<string, unknown>) => Row[],
  ) {
    super(dialect);
    this.onWarning = () => undefined;
  }
  protected override *rows(_conn: Connection, sql: string, binds: Record<string, unknown> = {}): Op<Row[]> {
    this.queries.push({ sql, binds });
    return this.answer(sql, binds);
  }
}

const dialect = new OracleDialect();
const conn = {} as Connection;
const compiled = (q: { sql: string; binds: Record<string, unknown> }) =>
  text(q.sql).bindparams(q.binds).compile({ dialect }).sql;
const ddl = (t: Parameters<typeof dialect.typeCompiler.process>[0]) => dialect.typeCompiler.process(t);

const RELATIONS: Row[] = [{ name: "USERS" }, { name: "ORDERS" }, { name: "MixedCase" }];

function answer(sql: string): Row[] {
  if (sql.includes("FROM all_tab_cols")) {
    return [
      {
        table_name: "USERS",
        column_name: "ID",
        data_type: "NUMBER",
        data_precision: null,
        data_scale: 0,
        nullable: "N",
        data_default: null,
        comments: "the key",
        virtual_column: "NO",
        identity_options:
          "BY DEFAULT,START WITH: 1, INCREMENT BY: 1, MAX_VALUE: 9999999999, MIN_VALUE: 1, CYCLE_FLAG: N, CACHE_SIZE: 20, ORDER_FLAG: N",
        default_on_null: "NO",
      },
      {
        table_name: "USERS",
        column_name: "NAME",
        data_type: "VARCHAR2",
        char_length: 50,
        data_length: 200,
        nullable: "Y",
        data_default: "'anon' \n",
        comments: null,
        virtual_column: "NO",
      },
      {
        table_name: "USERS",
        column_name: "UPPER_NAME",
        data_type: "VARCHAR2",
        char_length: 50,
        nullable: "Y",
        data_default: 'UPPER("NAME")',
        virtual_column: "YES",
      },
      {
        table_name: "USERS",
        column_name: "big",
        data_type: "NUMBER",
        data_precision: 19,
        data_scale: 0,
        nullable: "Y",
        data_default: null,
        virtual_column: "NO",
      },
      {
        table_name: "ORDERS",
        column_name: "USER_ID",
        data_type: "NUMBER",
        data_precision: 10,
        data_scale: 0,
        nullable: "N",
        virtual_column: "NO",
      },
      {
        table_name: "ORDERS",
        column_name: "AT",
        data_type: "TIMESTAMP(6) WITH TIME ZONE",
        nullable: "Y",
        virtual_column: "NO",
      },
      {
        table_name: "ORDERS",
        column_name: "GEOM",
        data_type: "SDO_GEOMETRY",
        nullable: "Y",
        virtual_column: "NO",
      },
      { table_name: "NOT_ASKED", column_name: "X", data_type: "NUMBER", nullable: "Y", virtual_column: "NO" },
    ];
  }
  if (sql.includes("FROM all_constraints ac")) {
    const all: Row[] = [
      {
        owner: "SCOTT",
        table_name: "USERS",
        constraint_type: "P",
        constraint_name: "SYS_C001",
        local_column: "ID",
      },
      {
        owner: "SCOTT",
        table_name: "ORDERS",
        constraint_type: "R",
        constraint_name: "FK_USER",
        local_column: "USER_ID",
        remote_table: "USERS",
        remote_column: "ID",
        remote_owner: "SCOTT",
        delete_rule: "CASCADE",
        deferrable: "NOT DEFERRABLE",
      },
      {
        owner: "SCOTT",
        table_name: "ORDERS",
        constraint_type: "R",
        constraint_name: "FK_OTHER",
        local_column: "USER_ID",
        remote_table: "ACCOUNTS",
        remote_column: "ID",
        remote_owner: "HR",
        delete_rule: "NO ACTION",
      },
      {
        owner: "SCOTT",
        table_name: "USERS",
        constraint_type: "U",
        constraint_name: "UQ_NAME",
        local_column: "NAME",
        index_name: "UQ_NAME",
      },
      {
        owner: "SCOTT",
        table_name: "USERS",
        constraint_type: "C",
        constraint_name: "SYS_C002",
        local_column: "ID",
        search_condition: '"ID" IS NOT NULL',
      },
      {
        owner: "SCOTT",
        table_name: "USERS",
        constraint_type: "C",
        constraint_name: "CK_NAME",
        local_column: "NAME",
        search_condition: "LENGTH(name) > 1",
      },
    ];
    const types = /constraint_type IN \(([^)]*)\)/.exec(sql)?.[1] ?? "";
    return all.filter((r) => types.includes(`'${String(r.constraint_type)}'`));
  }
  if (sql.includes("FROM all_ind_columns")) {
    return [
      {
        table_name: "USERS",
        index_name: "IX_UPPER",
        column_name: "SYS_NC00005$",
        index_type: "FUNCTION-BASED NORMAL",
        uniqueness: "NONUNIQUE",
        compression: "DISABLED",
        descend: "ASC",
        column_expression: 'UPPER("NAME")',
      },
      {
        table_name: "USERS",
        index_name: "IX_UPPER",
        column_name: "ID",
        index_type: "FUNCTION-BASED NORMAL",
        uniqueness: "NONUNIQUE",
        compression: "DISABLED",
        descend: "ASC",
        column_expression: null,
      },
      {
        table_name: "USERS",
        index_name: "IX_DESC",
        column_name: "SYS_NC00006$",
        index_type: "FUNCTION-BASED NORMAL",
        uniqueness: "NONUNIQUE",
        compression: "DISABLED",
        descend: "DESC",
        column_expression: '"NAME"',
      },
      {
        table_name: "ORDERS",
        index_name: "IX_BM",
        column_name: "USER_ID",
        index_type: "BITMAP",
        uniqueness: "NONUNIQUE",
        compression: "ENABLED",
        prefix_length: 1,
        descend: "ASC",
        column_expression: null,
      },
    ];
  }
  if (sql.includes("all_tab_comments")) return [{ table_name: "USERS", comments: "people" }];
  if (sql.includes("compress_for")) {
    return [
      { table_name: "ORDERS", compression: "ENABLED", compress_for: "BASIC", tablespace_name: "USERS" },
    ];
  }
  if (sql.includes("SELECT name FROM (")) return RELATIONS;
  return [];
}

describe("Oracle reflection queries (compiled)", () => {
  it("renders the dictionary queries with named parameters and the current schema", () => {
    const r = new CannedReflector(dialect, answer);
    runSync(r.getMultiColumns(conn, { filterNames: ["users", "MixedCase"] }));
    const [rels, cols] = r.queries;
    expect(compiled(rels as never)).toBe(
      "SELECT name FROM (SELECT table_name AS name FROM all_tables WHERE owner = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') " +
        "AND iot_name IS NULL AND duration IS NULL AND table_name NOT IN (SELECT mview_name FROM all_mviews " +
        "WHERE owner = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA'))) objs WHERE 1 = 1 AND name IN (:n0, :n1)",
    );
    // Names are denormalized: users → USERS; MixedCase stays as quoted.
    expect(rels?.binds).toEqual({ n0: "USERS", n1: "MixedCase" });
    const colsSql = compiled(cols as never);
    expect(colsSql).toContain(
      "FROM all_tab_cols c LEFT OUTER JOIN all_col_comments cc ON cc.owner = c.owner",
    );
    expect(colsSql).toContain("LEFT OUTER JOIN all_tab_identity_cols id ON id.owner = c.owner");
    expect(colsSql).toContain("id.generation_type || ',' || id.identity_options END AS identity_options");
    expect(colsSql).toContain(
      "WHERE c.owner = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND c.hidden_column = 'NO' AND c.table_name IN (:n0, :n1, :n2) " +
        "ORDER BY c.table_name, c.column_id",
    );
  });

  it("names the owner with a bind parameter when a schema is given, and batches names by 500", () => {
    const r = new CannedReflector(dialect, () => []);
    const names = Array.from({ length: 1200 }, (_v, i) => `t${i}`);
    runSync(r.getMultiPkConstraint(conn, { schema: "scott", filterNames: names }));
    expect(r.queries).toHaveLength(3);
    expect(r.queries[0]?.binds.owner).toBe("SCOTT");
    expect(compiled(r.queries[0] as never)).toContain("WHERE owner = :owner AND iot_name IS NULL");
    expect(Object.keys(r.queries[2]?.binds ?? {}).filter((k) => k.startsWith("n"))).toHaveLength(200);
  });

  it("every query of every fact compiles for Oracle, older servers without identity columns included", () => {
    for (const version of [[11, 2], [19]]) {
      const d = new OracleDialect();
      d.setServerVersion(version);
      const r = new CannedReflector(d, answer);
      const o = { schema: "scott", kind: "any" as const };
      runSync(r.getMultiColumns(conn, o));
      runSync(r.getMultiPkConstraint(conn, o));
      runSync(r.getMultiForeignKeys(conn, o));
      runSync(r.getMultiIndexes(conn, o));
      runSync(r.getMultiUniqueConstraints(conn, o));
      runSync(r.getMultiCheckConstraints(conn, o));
      runSync(r.getMultiTableComment(conn, o));
      runSync(r.getMultiTableOptions(conn, o));
      runSync(r.getTableNames(conn));
      runSync(r.getViewNames(conn, "scott"));
      runSync(r.getMaterializedViewNames(conn));
      runSync(r.getSequenceNames(conn));
      runSync(r.getSchemaNames(conn));
      runSync(r.getDefaultSchemaName(conn));
      for (const q of r.queries) {
        const sql = text(q.sql).bindparams(q.binds).compile({ dialect: d }).sql;
        expect(sql).not.toMatch(/\{names\}|\{owner\}/);
      }
      const cols = r.queries.find((q) => q.sql.includes("all_tab_cols"));
      expect(cols?.sql.includes("all_tab_identity_cols")).toBe(version[0] !== 11);
    }
  });
});

describe("Oracle type names", () => {
  const cases: [Parameters<typeof oracleTypeFromCatalog>[0], string][] = [
    [{ dataType: "NUMBER", dataPrecision: null, dataScale: 0 }, "INTEGER"],
    [{ dataType: "NUMBER", dataPrecision: 19, dataScale: 0 }, "NUMBER(19, 0)"],
    [{ dataType: "NUMBER", dataPrecision: 10, dataScale: 2 }, "NUMBER(10, 2)"],
    [{ dataType: "NUMBER", dataPrecision: null, dataScale: null }, "NUMBER"],
    [{ dataType: "FLOAT", dataPrecision: 126 }, "DOUBLE PRECISION"],
    [{ dataType: "FLOAT", dataPrecision: 63 }, "REAL"],
    [{ dataType: "FLOAT", dataPrecision: 20 }, "FLOAT(20)"],
    [{ dataType: "VARCHAR2", charLength: 30, dataLength: 120 }, "VARCHAR2(30 CHAR)"],
    [{ dataType: "NVARCHAR2", charLength: 30 }, "NVARCHAR2(30)"],
    [{ dataType: "CHAR", charLength: 3 }, "CHAR(3)"],
    [{ dataType: "NCHAR", charLength: 3 }, "NCHAR(3)"],
    [{ dataType: "RAW", dataLength: 16 }, "RAW(16)"],
    [{ dataType: "DATE" }, "DATE"],
    [{ dataType: "TIMESTAMP(6)" }, "TIMESTAMP"],
    [{ dataType: "TIMESTAMP(6) WITH TIME ZONE" }, "TIMESTAMP WITH TIME ZONE"],
    [{ dataType: "TIMESTAMP(6) WITH LOCAL TIME ZONE" }, "TIMESTAMP WITH LOCAL TIME ZONE"],
    [{ dataType: "INTERVAL DAY(2) TO SECOND(6)" }, "INTERVAL DAY(2) TO SECOND(6)"],
    [{ dataType: "CLOB" }, "CLOB"],
    [{ dataType: "NCLOB" }, "NCLOB"],
    [{ dataType: "BLOB" }, "BLOB"],
    [{ dataType: "BFILE" }, "BFILE"],
    [{ dataType: "LONG" }, "LONG"],
    [{ dataType: "BINARY_DOUBLE" }, "BINARY_DOUBLE"],
    [{ dataType: "BINARY_FLOAT" }, "BINARY_FLOAT"],
    [{ dataType: "ROWID" }, "ROWID"],
    [{ dataType: "JSON" }, "JSON"],
  ];
  it.each(cases)("%j → %s", (spec, expected) => {
    expect(ddl(oracleTypeFromCatalog(spec) as never)).toBe(expected);
  });

  it("an unknown type is NullType, with a warning", () => {
    const warnings: string[] = [];
    const t = oracleTypeFromCatalog(
      { dataType: "INTERVAL YEAR(2) TO MONTH" },
      (m) => warnings.push(m),
      "span",
    );
    expect(t.visitName).toBe("null");
    expect(warnings).toEqual(["Did not recognize type 'INTERVAL YEAR(2) TO MONTH' of column 'span'"]);
  });

  it("identity options", () => {
    expect(
      parseIdentityOptions(
        "ALWAYS,START WITH: 5, INCREMENT BY: 2, MAX_VALUE: 100, MIN_VALUE: 1, CYCLE_FLAG: Y, CACHE_SIZE: 20, ORDER_FLAG: N",
        true,
      ),
    ).toEqual({
      always: true,
      onNull: true,
      start: 5,
      increment: 2,
      maxvalue: 100,
      minvalue: 1,
      cycle: true,
      cache: 20,
      order: false,
    });
  });
});

describe("Oracle reflection records (canned dictionary rows)", () => {
  const r = new CannedReflector(dialect, answer);
  const o = { kind: "table" as const };
  const k = (name: string) => multiKey(null, name);

  it("columns: normalized names, types, defaults, comments, identity, virtual columns", () => {
    const cols = runSync(r.getMultiColumns(conn, o));
    expect([...cols.keys()]).toEqual([k("users"), k("orders"), k("MixedCase")]);
    const users = cols.get(k("users")) ?? [];
    expect(users.map((c) => c.name)).toEqual(["id", "name", "upper_name", "big"]);
    expect(users[0]).toMatchObject({
      nullable: false,
      default: null,
      comment: "the key",
      autoincrement: true,
      identity: {
        always: false,
        onNull: false,
        start: 1,
        increment: 1,
        maxvalue: 9999999999,
        minvalue: 1,
        cycle: false,
        cache: 20,
        order: false,
      },
    });
    expect(ddl(users[0]?.type as never)).toBe("INTEGER");
    expect(users[1]).toMatchObject({ name: "name", nullable: true, default: "'anon'" });
    expect(users[2]).toMatchObject({ computed: { sqltext: 'UPPER("NAME")' }, default: null });
    expect(ddl(users[3]?.type as never)).toBe("NUMBER(19, 0)");
    const orders = cols.get(k("orders")) ?? [];
    expect(orders[2]?.type.visitName).toBe("null");
    expect(r.warnings).toContain("Did not recognize type 'SDO_GEOMETRY' of column 'geom'");
    expect(cols.get(k("MixedCase"))).toEqual([]);
  });

  it("keys: primary key, foreign keys with the referred schema only when it differs", () => {
    expect(runSync(r.getMultiPkConstraint(conn, o)).get(k("users"))).toEqual({
      name: "sys_c001",
      constrainedColumns: ["id"],
    });
    const fks = runSync(r.getMultiForeignKeys(conn, o)).get(k("orders"));
    expect(fks).toEqual([
      {
        name: "fk_user",
        constrainedColumns: ["user_id"],
        referredSchema: null,
        referredTable: "users",
        referredColumns: ["id"],
        options: { ondelete: "CASCADE" },
      },
      {
        name: "fk_other",
        constrainedColumns: ["user_id"],
        referredSchema: "hr",
        referredTable: "accounts",
        referredColumns: ["id"],
        options: {},
      },
    ]);
    const named = runSync(r.getMultiForeignKeys(conn, { schema: "scott" })).get(multiKey("scott", "orders"));
    expect(named?.[0]?.referredSchema).toBe("scott");
  });

  it("unique constraints, checks without the NOT NULL ones, indexes with expressions", () => {
    expect(runSync(r.getMultiUniqueConstraints(conn, o)).get(k("users"))).toEqual([
      { name: "uq_name", columnNames: ["name"], duplicatesIndex: "uq_name" },
    ]);
    expect(runSync(r.getMultiCheckConstraints(conn, o)).get(k("users"))).toEqual([
      { name: "ck_name", sqltext: "LENGTH(name) > 1" },
    ]);
    const idx = runSync(r.getMultiIndexes(conn, o));
    expect(idx.get(k("users"))).toEqual([
      { name: "ix_upper", columnNames: [null, "id"], expressions: ['UPPER("NAME")', "id"], unique: false },
      {
        name: "ix_desc",
        columnNames: [null],
        expressions: ['"NAME"'],
        unique: false,
        columnSorting: { name: ["desc"] },
      },
    ]);
    expect(idx.get(k("orders"))).toEqual([
      {
        name: "ix_bm",
        columnNames: ["user_id"],
        unique: false,
        dialectOptions: { oracleBitmap: true, oracleCompress: 1 },
      },
    ]);
  });

  it("comments and table options", () => {
    const c = runSync(r.getMultiTableComment(conn, o));
    expect(c.get(k("users"))).toEqual({ text: "people" });
    expect(c.get(k("orders"))).toEqual({ text: null });
    expect(runSync(r.getMultiTableOptions(conn, o)).get(k("orders"))).toEqual({
      oracleCompress: "BASIC",
      oracleTablespace: "users",
    });
  });

  it("a per-table call is the multi call with one name", () => {
    expect(runSync(r.getPkConstraint(conn, "users"))).toEqual({
      name: "sys_c001",
      constrainedColumns: ["id"],
    });
  });

  it("the number of queries does not grow with the number of tables", () => {
    const many = Array.from({ length: 200 }, (_v, i) => ({ name: `T${i}` }));
    const counting = new CannedReflector(dialect, (sql) => (sql.includes("SELECT name FROM (") ? many : []));
    const facts: Op<Map<string, unknown>>[] = [
      counting.getMultiColumns(conn, {}),
      counting.getMultiPkConstraint(conn, {}),
      counting.getMultiForeignKeys(conn, {}),
      counting.getMultiIndexes(conn, {}),
      counting.getMultiUniqueConstraints(conn, {}),
      counting.getMultiCheckConstraints(conn, {}),
      counting.getMultiTableComment(conn, {}),
      counting.getMultiTableOptions(conn, {}),
    ];
    for (const f of facts) expect(runSync(f).size).toBe(200);
    expect(counting.queries).toHaveLength(16);
  });
});
