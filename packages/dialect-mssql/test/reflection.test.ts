/**
 * The SQL Server reflector without a server: its catalog queries compiled by
 * the dialect (SQL text asserted), the type-name mapping (`max` lengths,
 * NVARCHAR byte lengths), and the records it builds from canned `sys.*` rows,
 * with the number of queries independent of the number of tables.
 */
import { type Connection, multiKey, type Op, runSync, text } from "@athanor/core";
import { describe, expect, it } from "vitest";
import { MSSQLDialect, MSSQLReflector, mssqlTypeFromCatalog } from "../src/index.js";

type Row = Record<string, unknown>;

class CannedReflector extends MSSQLReflector {
  readonly queries: { sql: string; binds: Record<string, unknown> }[] = [];
  constructor(
    dialect: MSSQLDialect,
    private readonly answer: (sql: string) => Row[],
  ) {
    super(dialect);
    this.onWarning = () => undefined;
  }
  protected override *rows(_conn: Connection, sql: string, binds: Record<string, unknown> = {}): Op<Row[]> {
    this.queries.push({ sql, binds });
    return this.answer(sql);
  }
}

const dialect = new MSSQLDialect();
const conn = {} as Connection;
const compiled = (q: { sql: string; binds: Record<string, unknown> } | undefined) =>
  text(q?.sql ?? "")
    .bindparams(q?.binds ?? {})
    .compile({ dialect }).sql;
const ddl = (t: Parameters<typeof dialect.typeCompiler.process>[0]) => dialect.typeCompiler.process(t);

function answer(sql: string): Row[] {
  if (sql.includes("FROM sys.columns c")) {
    return [
      {
        table_name: "users",
        column_name: "id",
        type_name: "int",
        base_type: "int",
        is_nullable: false,
        max_length: 4,
        num_precision: 10,
        num_scale: 0,
        is_identity: true,
        seed_value: 1,
        increment_value: 1,
        comment: "the key",
      },
      {
        table_name: "users",
        column_name: "name",
        type_name: "nvarchar",
        base_type: "nvarchar",
        is_nullable: true,
        max_length: 100,
        collation_name: "Latin1_General_CI_AS",
        default_value: "(N'anon')",
      },
      {
        table_name: "users",
        column_name: "bio",
        type_name: "nvarchar",
        base_type: "nvarchar",
        is_nullable: true,
        max_length: -1,
      },
      {
        table_name: "users",
        column_name: "login",
        type_name: "sysname",
        base_type: "nvarchar",
        is_nullable: false,
        max_length: 256,
      },
      {
        table_name: "users",
        column_name: "twice",
        type_name: "int",
        base_type: "int",
        is_nullable: true,
        computed_definition: "([id]*(2))",
        is_persisted: true,
      },
      {
        table_name: "users",
        column_name: "shape",
        type_name: "geography",
        base_type: null,
        is_nullable: true,
      },
      {
        table_name: "orders",
        column_name: "user_id",
        type_name: "int",
        base_type: "int",
        is_nullable: false,
      },
    ];
  }
  if (sql.includes("kc.type = 'PK'"))
    return [{ table_name: "users", name: "PK_users", column_name: "id", index_type: 1 }];
  if (sql.includes("kc.type = 'UQ'"))
    return [{ table_name: "users", name: "UQ_login", column_name: "login", index_type: 2 }];
  if (sql.includes("FROM sys.foreign_keys")) {
    return [
      {
        table_name: "orders",
        table_schema: "dbo",
        name: "FK_user",
        local_column: "user_id",
        remote_schema: "dbo",
        remote_table: "users",
        remote_column: "id",
        onupdate: "NO_ACTION",
        ondelete: "SET_NULL",
      },
      {
        table_name: "orders",
        table_schema: "dbo",
        name: "FK_acct",
        local_column: "user_id",
        remote_schema: "sales",
        remote_table: "accounts",
        remote_column: "id",
        onupdate: "CASCADE",
        ondelete: "NO_ACTION",
      },
    ];
  }
  if (sql.includes("FROM sys.check_constraints"))
    return [{ table_name: "users", name: "CK_id", definition: "([id]>(0))" }];
  if (sql.includes("FROM sys.indexes i")) {
    return [
      {
        table_name: "users",
        index_id: 2,
        index_name: "IX_name",
        is_unique: false,
        index_type: 2,
        filter_definition: "([name] IS NOT NULL)",
        column_name: "name",
        is_included_column: false,
        is_descending_key: true,
      },
      {
        table_name: "users",
        index_id: 2,
        index_name: "IX_name",
        is_unique: false,
        index_type: 2,
        filter_definition: "([name] IS NOT NULL)",
        column_name: "bio",
        is_included_column: true,
      },
      {
        table_name: "users",
        index_id: 3,
        index_name: "UQ_login",
        is_unique: true,
        index_type: 2,
        is_unique_constraint: true,
        column_name: "login",
      },
    ];
  }
  if (sql.includes("FROM sys.extended_properties")) return [{ table_name: "users", comment: "people" }];
  if (sql.includes("FROM sys.objects o")) return [{ name: "users" }, { name: "orders" }];
  return [];
}

describe("SQL Server reflection queries (compiled)", () => {
  it("renders the catalog queries with the dialect's placeholders and SCHEMA_NAME()", () => {
    const r = new CannedReflector(dialect, answer);
    runSync(r.getMultiColumns(conn, { filterNames: ["users", "orders"] }));
    expect(compiled(r.queries[0])).toMatch(
      /^SELECT o\.name AS name FROM sys\.objects o JOIN sys\.schemas s ON s\.schema_id = o\.schema_id WHERE s\.name = SCHEMA_NAME\(\) AND o\.type IN \('U'\) AND o\.name IN \((\S+), (\S+)\)$/,
    );
    const cols = compiled(r.queries[1]);
    expect(cols).toContain(
      "FROM sys.columns c JOIN sys.objects o ON o.object_id = c.object_id JOIN sys.schemas s ON s.schema_id = o.schema_id",
    );
    expect(cols).toContain(
      "LEFT OUTER JOIN sys.identity_columns ic ON ic.object_id = c.object_id AND ic.column_id = c.column_id",
    );
    expect(cols).toContain(
      "LEFT OUTER JOIN sys.extended_properties ep ON ep.class = 1 AND ep.name = 'MS_Description'",
    );
    expect(cols).toMatch(
      /WHERE s\.name = SCHEMA_NAME\(\) AND o\.type IN \('U', 'V'\) AND o\.name IN \(\S+, \S+\) ORDER BY o\.name, c\.column_id$/,
    );
  });

  it("every query of every fact compiles; a schema is a bind parameter", () => {
    const r = new CannedReflector(dialect, answer);
    const o = { schema: "sales", kind: "any" as const };
    runSync(r.getMultiColumns(conn, o));
    runSync(r.getMultiPkConstraint(conn, o));
    runSync(r.getMultiForeignKeys(conn, o));
    runSync(r.getMultiIndexes(conn, o));
    runSync(r.getMultiUniqueConstraints(conn, o));
    runSync(r.getMultiCheckConstraints(conn, o));
    runSync(r.getMultiTableComment(conn, o));
    runSync(r.getTableNames(conn, "sales"));
    runSync(r.getViewNames(conn));
    runSync(r.getSequenceNames(conn));
    runSync(r.getSchemaNames(conn));
    runSync(r.getDefaultSchemaName(conn));
    runSync(r.getTemporaryTableNames(conn));
    for (const q of r.queries) {
      expect(compiled(q)).not.toMatch(/\{names\}|\{owner\}/);
      if (q.sql.includes(":owner")) expect(q.binds.owner).toBe("sales");
    }
    expect(compiled(r.queries.find((q) => q.sql.includes("FROM sys.tables")))).toMatch(
      /WHERE s\.name = \S+ ORDER BY o\.name$/,
    );
  });
});

describe("SQL Server type names", () => {
  const cases: [Parameters<typeof mssqlTypeFromCatalog>[0], string][] = [
    [{ typeName: "int" }, "INTEGER"],
    [{ typeName: "bigint" }, "BIGINT"],
    [{ typeName: "smallint" }, "SMALLINT"],
    [{ typeName: "tinyint" }, "TINYINT"],
    [{ typeName: "bit" }, "BIT"],
    [{ typeName: "decimal", precision: 10, scale: 2 }, "DECIMAL(10, 2)"],
    [{ typeName: "numeric", precision: 18, scale: 0 }, "NUMERIC(18, 0)"],
    [{ typeName: "float", precision: 53 }, "FLOAT(53)"],
    [{ typeName: "real", precision: 24 }, "REAL"],
    [{ typeName: "money" }, "MONEY"],
    [
      { typeName: "varchar", maxLength: 30, collation: "Latin1_General_BIN" },
      "VARCHAR(30) COLLATE Latin1_General_BIN",
    ],
    [{ typeName: "varchar", maxLength: -1 }, "VARCHAR(max)"],
    [{ typeName: "nvarchar", maxLength: 60 }, "NVARCHAR(30)"],
    [{ typeName: "nvarchar", maxLength: -1 }, "NVARCHAR(max)"],
    [{ typeName: "nchar", maxLength: 4 }, "NCHAR(2)"],
    [{ typeName: "char", maxLength: 3 }, "CHAR(3)"],
    [{ typeName: "text", maxLength: 16 }, "TEXT"],
    [{ typeName: "ntext", maxLength: 16 }, "NTEXT"],
    [{ typeName: "xml", maxLength: -1 }, "XML"],
    [{ typeName: "date" }, "DATE"],
    [{ typeName: "datetime" }, "DATETIME"],
    [{ typeName: "datetime2", scale: 7 }, "DATETIME2"],
    [{ typeName: "datetime2", scale: 3 }, "DATETIME2(3)"],
    [{ typeName: "datetimeoffset", scale: 7 }, "DATETIMEOFFSET"],
    [{ typeName: "time", scale: 0 }, "TIME(0)"],
    [{ typeName: "smalldatetime" }, "SMALLDATETIME"],
    [{ typeName: "binary", maxLength: 16 }, "BINARY(16)"],
    [{ typeName: "varbinary", maxLength: -1 }, "VARBINARY(max)"],
    [{ typeName: "varbinary", maxLength: 100 }, "VARBINARY(100)"],
    [{ typeName: "image" }, "IMAGE"],
    [{ typeName: "uniqueidentifier" }, "UNIQUEIDENTIFIER"],
    [{ typeName: "sql_variant" }, "SQL_VARIANT"],
    [{ typeName: "sysname", baseType: "nvarchar", maxLength: 256 }, "NVARCHAR(128)"],
  ];
  it.each(cases)("%j → %s", (spec, expected) => {
    expect(ddl(mssqlTypeFromCatalog(spec) as never)).toBe(expected);
  });

  it("NVARCHAR(max) has no length", () => {
    expect(
      (mssqlTypeFromCatalog({ typeName: "nvarchar", maxLength: -1 }) as { length?: number }).length,
    ).toBeUndefined();
  });

  it("an unknown type is NullType, with a warning", () => {
    const warnings: string[] = [];
    expect(mssqlTypeFromCatalog({ typeName: "geography" }, (m) => warnings.push(m), "shape").visitName).toBe(
      "null",
    );
    expect(warnings).toEqual(["Did not recognize type 'geography' of column 'shape'"]);
  });
});

describe("SQL Server reflection records (canned sys.* rows)", () => {
  const r = new CannedReflector(dialect, answer);
  const o = {};
  const k = (name: string) => multiKey(null, name);

  it("columns: types, defaults, identity, computed, comments", () => {
    const users = runSync(r.getMultiColumns(conn, o)).get(k("users")) ?? [];
    expect(users.map((c) => c.name)).toEqual(["id", "name", "bio", "login", "twice", "shape"]);
    expect(users[0]).toMatchObject({
      nullable: false,
      autoincrement: true,
      identity: { always: false, start: 1, increment: 1 },
      comment: "the key",
    });
    expect(users[1]).toMatchObject({ default: "(N'anon')", autoincrement: false });
    expect(ddl(users[1]?.type as never)).toBe("NVARCHAR(50) COLLATE Latin1_General_CI_AS");
    expect(ddl(users[2]?.type as never)).toBe("NVARCHAR(max)");
    expect(users[4]?.computed).toEqual({ sqltext: "([id]*(2))", persisted: true });
    expect(users[5]?.type.visitName).toBe("null");
  });

  it("keys, checks, indexes and comments", () => {
    expect(runSync(r.getMultiPkConstraint(conn, o)).get(k("users"))).toEqual({
      name: "PK_users",
      constrainedColumns: ["id"],
      dialectOptions: { mssqlClustered: true },
    });
    expect(runSync(r.getMultiPkConstraint(conn, o)).get(k("orders"))).toEqual({
      name: null,
      constrainedColumns: [],
    });
    expect(runSync(r.getMultiForeignKeys(conn, o)).get(k("orders"))).toEqual([
      {
        name: "FK_user",
        constrainedColumns: ["user_id"],
        referredSchema: null,
        referredTable: "users",
        referredColumns: ["id"],
        options: { ondelete: "SET NULL" },
      },
      {
        name: "FK_acct",
        constrainedColumns: ["user_id"],
        referredSchema: "sales",
        referredTable: "accounts",
        referredColumns: ["id"],
        options: { onupdate: "CASCADE" },
      },
    ]);
    expect(runSync(r.getMultiUniqueConstraints(conn, o)).get(k("users"))).toEqual([
      { name: "UQ_login", columnNames: ["login"], duplicatesIndex: "UQ_login" },
    ]);
    expect(runSync(r.getMultiCheckConstraints(conn, o)).get(k("users"))).toEqual([
      { name: "CK_id", sqltext: "([id]>(0))" },
    ]);
    expect(runSync(r.getMultiIndexes(conn, o)).get(k("users"))).toEqual([
      {
        name: "IX_name",
        columnNames: ["name"],
        unique: false,
        includeColumns: ["bio"],
        columnSorting: { name: ["desc"] },
        dialectOptions: { mssqlClustered: false, mssqlWhere: "([name] IS NOT NULL)", mssqlInclude: ["bio"] },
      },
      {
        name: "UQ_login",
        columnNames: ["login"],
        unique: true,
        duplicatesConstraint: "UQ_login",
        dialectOptions: { mssqlClustered: false },
      },
    ]);
    expect(runSync(r.getMultiTableComment(conn, o)).get(k("users"))).toEqual({ text: "people" });
  });

  it("the number of queries does not grow with the number of tables", () => {
    const many = Array.from({ length: 200 }, (_v, i) => ({ name: `t${i}` }));
    const counting = new CannedReflector(dialect, (sql) =>
      sql.includes("o.type IN") && sql.startsWith("SELECT o.name AS name") ? many : [],
    );
    const facts: Op<Map<string, unknown>>[] = [
      counting.getMultiColumns(conn, {}),
      counting.getMultiPkConstraint(conn, {}),
      counting.getMultiForeignKeys(conn, {}),
      counting.getMultiIndexes(conn, {}),
      counting.getMultiUniqueConstraints(conn, {}),
      counting.getMultiCheckConstraints(conn, {}),
      counting.getMultiTableComment(conn, {}),
    ];
    for (const f of facts) expect(runSync(f).size).toBe(200);
    expect(counting.queries).toHaveLength(14);
  });
});
