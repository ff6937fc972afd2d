/**
 * SQL Server compilation, a slice of SQLAlchemy's test/dialect/mssql/test_compiler.py
 * and test_types.py: TOP and OFFSET/FETCH, OUTPUT inserted/deleted, UPDATE..FROM
 * and DELETE..FROM..FROM, hints, TRY_CAST, T-SQL functions and operators, and
 * the DDL of types, IDENTITY columns, indexes and comments.
 */
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String, Boolean and JSON are SQL type names */
import {
  BigInteger,
  type BinaryExpression,
  Boolean,
  type ClauseElement,
  Column,
  CompileError,
  Computed,
  CreateIndex,
  CreateTable,
  CreateTableAs,
  CreateView,
  cast,
  collate,
  DateTime,
  DropIndex,
  delete_,
  extract,
  FunctionElement,
  func,
  Identity,
  Index,
  Integer,
  Interval,
  insert,
  LargeBinary,
  literal,
  MetaData,
  Numeric,
  not_,
  PrimaryKeyConstraint,
  Sequence,
  SetColumnComment,
  SetTableComment,
  Date as SqlDate,
  JSON as SqlJSON,
  String,
  select,
  Table,
  Text,
  Time,
  true_,
  tryCast,
  Unicode,
  UnicodeText,
  UniqueConstraint,
  Uuid,
  union,
  update,
} from "@athanor/core";
import { describe, expect, it } from "vitest";
import {
  BIT,
  DATETIME2,
  DATETIMEOFFSET,
  IMAGE,
  MONEY,
  MSSQLDialect,
  MSSQLDialectTedious,
  NTEXT,
  TINYINT,
  UNIQUEIDENTIFIER,
  VARBINARY,
} from "../src/index.js";

const dialect = new MSSQLDialect();

function norm(sql: string): string {
  return sql.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")").trim();
}

/** Compiles for SQL Server (postcompile rendered, as at execution) and checks SQL and parameters. */
function check(stmt: ClauseElement, sql: string, params?: readonly unknown[], d: MSSQLDialect = dialect) {
  const compiled = stmt.compile({ dialect: d, renderPostcompile: true });
  expect(norm(compiled.sql)).toBe(norm(sql));
  if (params !== undefined) expect(compiled.params).toEqual(params);
  return compiled;
}

function ddl(stmt: ClauseElement): string {
  return norm(stmt.compile({ dialect }).sql);
}

function typeDdl(t: Parameters<typeof dialect.typeCompiler.process>[0], d: MSSQLDialect = dialect): string {
  return d.typeCompiler.process(t);
}

function fixture() {
  const md = new MetaData();
  const t = new Table("mytable", md, {
    myid: new Column(Integer, { primaryKey: true }),
    name: new Column(String(30)),
    description: new Column(String(100)),
  });
  const t2 = new Table("othertable", md, {
    otherid: new Column(Integer, { primaryKey: true }),
    othername: new Column(String(30)),
  });
  return { md, t, t2 };
}

describe("MSSQLDialect", () => {
  it("is configured for SQL Server 2022 by default", () => {
    expect(dialect.name).toBe("mssql");
    expect(dialect.paramstyle).toBe("qmark");
    expect(dialect.supportsNativeBoolean).toBe(false);
    expect(dialect.deprecateLargeTypes).toBe(true);
    expect(dialect.supportsOffsetFetch).toBe(true);
  });

  it("follows the server version", () => {
    const old = new MSSQLDialect({ serverVersion: [9, 0] });
    expect(old.deprecateLargeTypes).toBe(false);
    expect(old.supportsMultivaluesInsert).toBe(false);
    expect(typeDdl(Text(), old)).toBe("TEXT");
    expect(typeDdl(LargeBinary(), old)).toBe("IMAGE");
    expect(typeDdl(SqlDate(), old)).toBe("DATETIME");
  });

  it("the tedious driver writes @P1, @P2, ...", () => {
    const d = new MSSQLDialectTedious();
    expect(d.driver).toBe("tedious");
    const { t } = fixture();
    const compiled = select(t.c.myid).where(t.c.myid.eq(5), t.c.name.eq("x")).compile({ dialect: d });
    expect(norm(compiled.sql)).toBe(
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = @P1 AND mytable.name = @P2",
    );
    expect(compiled.params).toEqual([5, "x"]);
  });
});

describe("SELECT", () => {
  it("renders a plain LIMIT as TOP n, inline", () => {
    const { t } = fixture();
    check(
      select(t.c.myid).orderBy(t.c.myid).limit(10),
      "SELECT TOP 10 mytable.myid FROM mytable ORDER BY mytable.myid",
      [],
    );
    check(select(t.c.myid).distinct().limit(5), "SELECT DISTINCT TOP 5 mytable.myid FROM mytable", []);
  });

  it("renders FETCH WITH TIES / PERCENT as TOP", () => {
    const { t } = fixture();
    check(
      select(t.c.myid).orderBy(t.c.myid).fetch(3, { withTies: true }),
      "SELECT TOP 3 WITH TIES mytable.myid FROM mytable ORDER BY mytable.myid",
    );
    check(
      select(t.c.myid).orderBy(t.c.myid).fetch(10, { percent: true }),
      "SELECT TOP 10 PERCENT mytable.myid FROM mytable ORDER BY mytable.myid",
    );
  });

  it("renders OFFSET with OFFSET .. ROWS FETCH FIRST .. ROWS ONLY, bound", () => {
    const { t } = fixture();
    check(
      select(t.c.myid).orderBy(t.c.myid).limit(10).offset(20),
      "SELECT mytable.myid FROM mytable ORDER BY mytable.myid OFFSET ? ROWS FETCH FIRST ? ROWS ONLY",
      [20, 10],
    );
    check(
      select(t.c.myid).orderBy(t.c.myid).offset(5),
      "SELECT mytable.myid FROM mytable ORDER BY mytable.myid OFFSET ? ROWS",
      [5],
    );
    check(
      select(t.c.myid).orderBy(t.c.myid).fetch(5),
      "SELECT mytable.myid FROM mytable ORDER BY mytable.myid OFFSET 0 ROWS FETCH FIRST ? ROWS ONLY",
      [5],
    );
  });

  it("requires ORDER BY for OFFSET", () => {
    const { t } = fixture();
    expect(() => select(t.c.myid).offset(5).compile({ dialect })).toThrow("order_by");
    expect(() =>
      select(t.c.myid).orderBy(t.c.myid).offset(5).fetch(3, { withTies: true }).compile({ dialect }),
    ).toThrow("TOP");
  });

  it("keeps the LIMIT of a UNION as OFFSET 0 ROWS FETCH", () => {
    const { t, t2 } = fixture();
    check(
      union(select(t.c.myid), select(t2.c.otherid) as never)
        .orderBy("myid")
        .limit(10),
      "SELECT mytable.myid FROM mytable UNION SELECT othertable.otherid FROM othertable ORDER BY myid OFFSET 0 ROWS FETCH FIRST ? ROWS ONLY",
      [10],
    );
  });

  it("drops ORDER BY in a derived table without TOP or OFFSET", () => {
    const { t } = fixture();
    const sq = select(t.c.myid).orderBy(t.c.myid).subquery("sq");
    check(select(sq.c.myid), "SELECT sq.myid FROM (SELECT mytable.myid AS myid FROM mytable) AS sq");
    const top = select(t.c.myid).orderBy(t.c.myid).limit(1).subquery("sq");
    check(
      select(top.c.myid),
      "SELECT sq.myid FROM (SELECT TOP 1 mytable.myid AS myid FROM mytable ORDER BY mytable.myid) AS sq",
    );
  });

  it("renders no FOR UPDATE (locks are table hints)", () => {
    const { t } = fixture();
    check(select(t.c.myid).withForUpdate(), "SELECT mytable.myid FROM mytable");
  });

  it("renders table hints, statement hints and suffixes", () => {
    const { t } = fixture();
    check(
      select(t.c.myid).withHint(t, "WITH (NOLOCK)", { dialectName: "mssql" }),
      "SELECT mytable.myid FROM mytable WITH (NOLOCK)",
    );
    check(
      select(t.c.myid).withHint(t, "INDEX(ix)", { dialectName: "oracle" }),
      "SELECT mytable.myid FROM mytable",
    );
    check(
      select(t.c.myid).withStatementHint("OPTION (MAXDOP 1)", { dialectName: "mssql" }),
      "SELECT mytable.myid FROM mytable OPTION (MAXDOP 1)",
    );
    check(
      select(t.c.name).suffixWith("FOR XML AUTO", { dialect: "mssql" }),
      "SELECT mytable.name FROM mytable FOR XML AUTO",
    );
  });

  it("quotes with brackets", () => {
    const md = new MetaData();
    const tbl = new Table("order", md, {
      select: new Column(Integer),
      "br]acket": new Column(Integer),
      Value: new Column(Integer),
    });
    check(select(tbl), "SELECT [order].[select], [order].[br]]acket], [order].[Value] FROM [order]");
  });

  it("writes WITH without RECURSIVE", () => {
    const { t } = fixture();
    let c = select(t.c.myid).where(t.c.myid.eq(1)).cte("tree", { recursive: true });
    c = c.unionAll(select(t.c.myid).where(t.c.myid.eq(c.c.myid)));
    expect(norm(select(c.c.myid).compile({ dialect }).sql).startsWith("WITH tree(myid) AS (")).toBe(true);
  });
});

describe("operators and functions", () => {
  it("concatenates with +", () => {
    const { t } = fixture();
    check(select(t.c.name.concat("x")), "SELECT mytable.name + ? AS anon_1 FROM mytable", ["x"]);
    check(
      select(t.c.myid).where(t.c.name.startswith("a")),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name LIKE ? + '%')",
    );
  });

  it("compares booleans with 1, true() as 1 = 1", () => {
    const md = new MetaData();
    const tbl = new Table("t", md, { id: new Column(Integer), flag: new Column(Boolean) });
    check(select(tbl.c.id).where(tbl.c.flag), "SELECT t.id FROM t WHERE t.flag = 1");
    check(select(tbl.c.id).where(not_(tbl.c.flag)), "SELECT t.id FROM t WHERE t.flag = 0");
    check(select(tbl.c.id).where(true_()), "SELECT t.id FROM t WHERE 1 = 1");
  });

  it("moves a bound value to the right of =", () => {
    const { t } = fixture();
    check(
      select(t.c.myid).where(cast(5, Integer).eq(t.c.myid)),
      "SELECT mytable.myid FROM mytable WHERE CAST(? AS INTEGER) = mytable.myid",
    );
  });

  it("emulates IS DISTINCT FROM with INTERSECT", () => {
    const { t } = fixture();
    check(
      select(t.c.myid).where(t.c.myid.isDistinctFrom(t.c.name)),
      "SELECT mytable.myid FROM mytable WHERE NOT EXISTS (SELECT mytable.myid INTERSECT SELECT mytable.name)",
    );
    check(
      select(t.c.myid).where(t.c.myid.isNotDistinctFrom(t.c.name)),
      "SELECT mytable.myid FROM mytable WHERE EXISTS (SELECT mytable.myid INTERSECT SELECT mytable.name)",
    );
  });

  it("renders T-SQL function names", () => {
    const { t } = fixture();
    check(select(func.char_length(t.c.name)), "SELECT LEN(mytable.name) AS char_length_1 FROM mytable");
    check(select(func.now()), "SELECT CURRENT_TIMESTAMP AS now_1");
    check(select(func.current_date()), "SELECT GETDATE() AS current_date_1");
    check(select(extract("year", t.c.name)), "SELECT DATEPART(year, mytable.name) AS anon_1 FROM mytable");
    check(
      select(new FunctionElement("aggregate_strings", [t.c.name, ","])),
      "SELECT string_agg(mytable.name, ',') AS aggregate_strings_1 FROM mytable",
    );
    check(
      select(t.c.myid).where(t.c.name.match("x")),
      "SELECT mytable.myid FROM mytable WHERE CONTAINS (mytable.name, ?)",
    );
  });

  it("writes collations bare", () => {
    const { t } = fixture();
    check(
      select(collate(t.c.name, "Latin1_General_CI_AS")),
      "SELECT mytable.name COLLATE Latin1_General_CI_AS AS anon_1 FROM mytable",
    );
  });

  it("writes Unicode literals as N'...'", () => {
    const compiled = select(literal("it's", Unicode()), literal("x", String())).compile({
      dialect,
      literalBinds: true,
    });
    expect(norm(compiled.sql)).toBe("SELECT N'it''s' AS anon_1, 'x' AS anon_2");
  });

  it("renders TRY_CAST", () => {
    const { t } = fixture();
    check(
      select(tryCast(t.c.name, Integer)),
      "SELECT TRY_CAST (mytable.name AS INTEGER) AS name FROM mytable",
    );
  });

  it("refuses regular expressions", () => {
    const { t } = fixture();
    expect(() => select(t.c.myid).where(t.c.name.regexpMatch("x")).compile({ dialect })).toThrow(
      CompileError,
    );
  });

  it("renders CAST to the (max) types", () => {
    const { t } = fixture();
    check(select(cast(t.c.myid, String)), "SELECT CAST(mytable.myid AS VARCHAR(max)) AS myid FROM mytable");
    check(select(cast(t.c.myid, Boolean)), "SELECT CAST(mytable.myid AS BIT) AS myid FROM mytable");
    check(select(cast(t.c.myid, SqlJSON)), "SELECT CAST(mytable.myid AS NVARCHAR(max)) AS myid FROM mytable");
  });

  it("renders window frames inline", () => {
    const { t } = fixture();
    check(
      select(func.sum(t.c.myid).over({ orderBy: t.c.myid, rows: [-2, 2] })),
      "SELECT sum(mytable.myid) OVER (ORDER BY mytable.myid ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS anon_1 FROM mytable",
      [],
    );
  });
});

describe("JSON", () => {
  const md = new MetaData();
  const doc = new Table("doc", md, {
    id: new Column(Integer, { primaryKey: true }),
    data: new Column(SqlJSON),
  });

  it("indexes with JSON_QUERY and reads scalars with JSON_VALUE", () => {
    check(select(doc.c.data.index("a")), "SELECT JSON_QUERY(doc.data, ?) AS anon_1 FROM doc", ["a"]);
    check(
      select((doc.c.data.index("a") as BinaryExpression).asInteger()),
      "SELECT CASE JSON_VALUE(doc.data, ?) WHEN NULL THEN NULL ELSE CAST(JSON_VALUE(doc.data, ?) AS INTEGER) END AS anon_1 FROM doc",
      ["a", "a"],
    );
    check(
      select(doc.c.id).where((doc.c.data.index("a") as BinaryExpression).asBoolean()),
      "SELECT doc.id FROM doc WHERE CASE JSON_VALUE(doc.data, ?) WHEN NULL THEN NULL WHEN 'true' THEN 1 WHEN 'false' THEN 0 ELSE CAST(JSON_VALUE(doc.data, ?) AS BIT) END",
    );
  });
});

describe("INSERT, UPDATE, DELETE", () => {
  it("outputs an autoincrement primary key with OUTPUT inserted", () => {
    const { t } = fixture();
    check(insert(t).values({ name: "x" }), "INSERT INTO mytable (name) OUTPUT inserted.myid VALUES (?)", [
      "x",
    ]);
  });

  it("renders RETURNING as OUTPUT before VALUES / WHERE", () => {
    const { t } = fixture();
    check(
      insert(t)
        .values({ name: "x" })
        .returning(t.c.myid, new FunctionElement("upper", [t.c.name]).label("u")),
      "INSERT INTO mytable (name) OUTPUT inserted.myid, upper(inserted.name) AS u VALUES (?)",
    );
    check(
      update(t).values({ name: "y" }).where(t.c.myid.eq(1)).returning(t.c.name),
      "UPDATE mytable SET name=? OUTPUT inserted.name WHERE mytable.myid = ?",
      ["y", 1],
    );
    check(
      delete_(t).where(t.c.myid.eq(1)).returning(t.c.myid),
      "DELETE FROM mytable OUTPUT deleted.myid WHERE mytable.myid = ?",
      [1],
    );
  });

  it("uses NEXT VALUE FOR a sequence", () => {
    const md = new MetaData();
    const tbl = new Table("ticket", md, {
      id: new Column(Integer, { primaryKey: true, sequence: new Sequence("ticket_id_seq") }),
      title: new Column(String(50)),
    });
    check(
      insert(tbl).values({ title: "bug" }),
      "INSERT INTO ticket (id, title) OUTPUT inserted.id VALUES (NEXT VALUE FOR ticket_id_seq, ?)",
    );
  });

  it("renders UPDATE .. FROM listing the target table again", () => {
    const { t, t2 } = fixture();
    check(
      update(t).where(t.c.myid.eq(t2.c.otherid)).values({ name: t2.c.othername }),
      "UPDATE mytable SET name=othertable.othername FROM mytable, othertable WHERE mytable.myid = othertable.otherid",
    );
  });

  it("renders DELETE .. FROM .. FROM", () => {
    const { t, t2 } = fixture();
    check(
      delete_(t).where(t.c.myid.eq(t2.c.otherid)),
      "DELETE FROM mytable FROM mytable, othertable WHERE mytable.myid = othertable.otherid",
    );
  });

  it("renders a table hint on UPDATE", () => {
    const { t } = fixture();
    check(
      update(t)
        .withHint("WITH (ROWLOCK)", { dialectName: "mssql" })
        .values({ name: "z" })
        .where(t.c.myid.eq(2)),
      "UPDATE mytable WITH (ROWLOCK) SET name=? WHERE mytable.myid = ?",
    );
  });

  it("renders DEFAULT VALUES with OUTPUT", () => {
    const md = new MetaData();
    const tbl = new Table("counter", md, { id: new Column(Integer, { primaryKey: true }) });
    check(insert(tbl).values({}), "INSERT INTO counter OUTPUT inserted.id DEFAULT VALUES");
  });
});

describe("types", () => {
  it("renders the generic types as SQL Server spells them", () => {
    expect(typeDdl(String())).toBe("VARCHAR(max)");
    expect(typeDdl(String(30))).toBe("VARCHAR(30)");
    expect(typeDdl(String(30, { collation: "Latin1_General_CI_AS" }))).toBe(
      "VARCHAR(30) COLLATE Latin1_General_CI_AS",
    );
    expect(typeDdl(Unicode(20))).toBe("NVARCHAR(20)");
    expect(typeDdl(Text())).toBe("VARCHAR(max)");
    expect(typeDdl(UnicodeText())).toBe("NVARCHAR(max)");
    expect(typeDdl(LargeBinary())).toBe("VARBINARY(max)");
    expect(typeDdl(LargeBinary(1024))).toBe("VARBINARY(1024)");
    expect(typeDdl(Boolean())).toBe("BIT");
    expect(typeDdl(DateTime())).toBe("DATETIME");
    expect(typeDdl(DateTime({ timezone: true }))).toBe("DATETIMEOFFSET");
    expect(typeDdl(SqlDate())).toBe("DATE");
    expect(typeDdl(Time())).toBe("TIME");
    expect(typeDdl(Interval())).toBe("DATETIME");
    expect(typeDdl(SqlJSON())).toBe("NVARCHAR(max)");
    expect(typeDdl(Uuid())).toBe("UNIQUEIDENTIFIER");
    expect(typeDdl(Uuid({ nativeUuid: false }))).toBe("CHAR(32)");
    expect(typeDdl(BigInteger())).toBe("BIGINT");
    expect(typeDdl(Numeric(10, 2))).toBe("NUMERIC(10, 2)");
  });

  it("renders SQL Server's own types", () => {
    expect(typeDdl(BIT())).toBe("BIT");
    expect(typeDdl(TINYINT())).toBe("TINYINT");
    expect(typeDdl(DATETIME2())).toBe("DATETIME2");
    expect(typeDdl(DATETIME2(3))).toBe("DATETIME2(3)");
    expect(typeDdl(DATETIMEOFFSET(7))).toBe("DATETIMEOFFSET(7)");
    expect(typeDdl(UNIQUEIDENTIFIER())).toBe("UNIQUEIDENTIFIER");
    expect(typeDdl(MONEY())).toBe("MONEY");
    expect(typeDdl(NTEXT())).toBe("NTEXT");
    expect(typeDdl(IMAGE())).toBe("IMAGE");
    expect(typeDdl(VARBINARY())).toBe("VARBINARY(max)");
    expect(typeDdl(VARBINARY(undefined, { filestream: true }))).toBe("VARBINARY(max) FILESTREAM");
  });
});

describe("DDL", () => {
  it("spells out NULL and renders IDENTITY for the autoincrement key", () => {
    const md = new MetaData();
    const tbl = new Table("t", md, {
      id: new Column(Integer, { primaryKey: true }),
      v: new Column(String(10), { serverDefault: "x" }),
      n: new Column(Integer, { nullable: false }),
    });
    expect(ddl(new CreateTable(tbl))).toBe(
      "CREATE TABLE t (id INTEGER NOT NULL IDENTITY, v VARCHAR(10) NULL DEFAULT 'x', n INTEGER NOT NULL, PRIMARY KEY (id))",
    );
  });

  it("renders Identity options as IDENTITY(start,increment)", () => {
    const md = new MetaData();
    const tbl = new Table("t", md, {
      id: new Column(BigInteger, { primaryKey: true, identity: new Identity({ start: 100, increment: 10 }) }),
    });
    expect(ddl(new CreateTable(tbl))).toBe(
      "CREATE TABLE t (id BIGINT NOT NULL IDENTITY(100,10), PRIMARY KEY (id))",
    );
  });

  it("renders computed columns as AS (expr) [PERSISTED]", () => {
    const md = new MetaData();
    const tbl = new Table("t", md, {
      x: new Column(Integer),
      y: new Column(Integer, { computed: new Computed("x + 2", { persisted: true }) }),
    });
    expect(ddl(new CreateTable(tbl))).toBe("CREATE TABLE t (x INTEGER NULL, y AS (x + 2) PERSISTED)");
  });

  it("renders clustered keys", () => {
    const md = new MetaData();
    const tbl = new Table(
      "t",
      md,
      { id: new Column(Integer), code: new Column(String(10)) },
      {
        constraints: [
          new PrimaryKeyConstraint("id", { mssqlClustered: false }),
          new UniqueConstraint("code", { name: "uq_code", mssqlClustered: true }),
        ],
      },
    );
    expect(ddl(new CreateTable(tbl))).toBe(
      "CREATE TABLE t (id INTEGER NOT NULL IDENTITY, code VARCHAR(10) NULL, PRIMARY KEY NONCLUSTERED (id), CONSTRAINT uq_code UNIQUE CLUSTERED (code))",
    );
  });

  it("renders filtered indexes with INCLUDE and CLUSTERED", () => {
    const md = new MetaData();
    const tbl = new Table("emp", md, {
      id: new Column(Integer, { primaryKey: true }),
      mgr: new Column(Integer),
      name: new Column(String(30)),
    });
    expect(
      ddl(
        new CreateIndex(
          new Index("ix_mgr", tbl.c.mgr, { mssqlWhere: tbl.c.mgr.ne(null), mssqlInclude: ["name"] }),
        ),
      ),
    ).toBe("CREATE INDEX ix_mgr ON emp (mgr) INCLUDE (name) WHERE mgr IS NOT NULL");
    expect(ddl(new CreateIndex(new Index("ix_c", tbl.c.name, { unique: true, mssqlClustered: true })))).toBe(
      "CREATE UNIQUE CLUSTERED INDEX ix_c ON emp (name)",
    );
    expect(() => ddl(new CreateIndex(new Index("ix_n", tbl.c.name), { ifNotExists: true }))).toThrow(
      CompileError,
    );
  });

  it("drops an index ON its table", () => {
    const md = new MetaData();
    const tbl = new Table("inv", md, { amount: new Column(Integer) }, { schema: "billing" });
    expect(ddl(new DropIndex(new Index("ix_amount", tbl.c.amount), { ifExists: true }))).toBe(
      "DROP INDEX IF EXISTS ix_amount ON billing.inv",
    );
    expect(ddl(new CreateIndex(new Index("ix_a2", tbl.c.amount)))).toBe(
      "CREATE INDEX ix_a2 ON billing.inv (amount)",
    );
  });

  it("renders CREATE TABLE AS as SELECT .. INTO and CREATE OR ALTER VIEW", () => {
    const { t } = fixture();
    expect(ddl(new CreateTableAs(select(t.c.myid).where(t.c.name.eq("x")), "copy"))).toBe(
      "SELECT mytable.myid INTO copy FROM mytable WHERE mytable.name = 'x'",
    );
    expect(ddl(new CreateView(select(t.c.myid), "v", { orReplace: true }))).toBe(
      "CREATE OR ALTER VIEW v AS SELECT mytable.myid FROM mytable",
    );
  });

  it("stores comments as MS_Description extended properties", () => {
    const md = new MetaData();
    const tbl = new Table(
      "t_cc",
      md,
      { id: new Column(Integer, { comment: "the user's id" }) },
      { comment: "Users" },
    );
    expect(ddl(new SetTableComment(tbl))).toBe(
      "execute sp_addextendedproperty 'MS_Description', N'Users', 'schema', dbo, 'table', t_cc",
    );
    expect(ddl(new SetColumnComment(tbl.c.id))).toBe(
      "execute sp_addextendedproperty 'MS_Description', N'the user''s id', 'schema', dbo, 'table', t_cc, 'column', id",
    );
  });
});

describe("a schema that names a database (test_compiler schema_many_tokens)", () => {
  const t = (schema: string) => new Table("t", new MetaData(), { x: new Column(Integer) }, { schema });
  it("db.owner: each part quoted on its own", () => {
    check(select(t("db.owner").c.x), "SELECT db.owner.t.x FROM db.owner.t");
    check(select(t("Foo.dbo").c.x), "SELECT [Foo].dbo.t.x FROM [Foo].dbo.t");
  });
  it("a bracketed part is one name, dots included", () => {
    check(select(t("[my.db].owner").c.x), "SELECT [my.db].owner.t.x FROM [my.db].owner.t");
  });
});
