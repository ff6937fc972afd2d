/**
 * Oracle compilation, a slice of SQLAlchemy's test/dialect/oracle/test_compiler.py
 * and test_types.py: FROM DUAL, aliases without AS, OFFSET/FETCH with inline
 * counts, RETURNING INTO, bind name quoting, FOR UPDATE, operators, JSON,
 * sequences, and the DDL of types, identity columns and indexes.
 */
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String, Boolean and JSON are SQL type names */
import {
  ARRAY,
  BigInteger,
  type BinaryExpression,
  Boolean,
  bindparam,
  type ClauseElement,
  Column,
  CompileError,
  Computed,
  CreateIndex,
  CreateSequence,
  CreateTable,
  cast,
  column,
  DateTime,
  Double,
  DropTableComment,
  delete_,
  Float,
  ForeignKey,
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
  NotImplementedError,
  Numeric,
  not_,
  Sequence,
  SetColumnComment,
  DateTime as SqlDateTime,
  JSON as SqlJSON,
  String,
  select,
  Table,
  Text,
  table,
  true_,
  tryCast,
  tuple_,
  Unicode,
  UnicodeText,
  Uuid,
  update,
} from "@athanor/core";
import { describe, expect, it } from "vitest";
import {
  BINARY_DOUBLE,
  DATE,
  FLOAT,
  INTERVAL,
  NCLOB,
  NUMBER,
  NVARCHAR2,
  OracleDialect,
  OracleDialectOracledb,
  RAW,
  ROWID,
  TIMESTAMP,
  VARCHAR2,
} from "../src/index.js";

const dialect = new OracleDialect();

function norm(sql: string): string {
  return sql.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")").trim();
}

/** Compiles for Oracle (postcompile rendered, as at execution) and checks SQL and parameters. */
function check(
  stmt: ClauseElement,
  sql: string,
  params?: readonly unknown[],
  d: OracleDialect = dialect,
): { sql: string; params: unknown[]; warnings: readonly string[] } {
  const compiled = stmt.compile({ dialect: d, renderPostcompile: true });
  expect(norm(compiled.sql)).toBe(norm(sql));
  if (params !== undefined) expect(compiled.params).toEqual(params);
  return compiled;
}

function ddl(stmt: ClauseElement): string {
  return norm(stmt.compile({ dialect }).sql);
}

function typeDdl(t: Parameters<typeof dialect.typeCompiler.process>[0]): string {
  return dialect.typeCompiler.process(t);
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

describe("OracleDialect", () => {
  it("is configured for Oracle 23ai by default", () => {
    expect(dialect.name).toBe("oracle");
    expect(dialect.paramstyle).toBe("named");
    expect(dialect.maxIdentifierLength).toBe(128);
    expect(dialect.requiresNameNormalize).toBe(true);
    expect(dialect.supportsNativeBoolean).toBe(true);
    expect(dialect.supportsMultivaluesInsert).toBe(false);
  });

  it("follows the server version", () => {
    const old = new OracleDialect({ serverVersion: [19, 3] });
    expect(old.supportsNativeBoolean).toBe(false);
    expect(old.supportsOracleJson).toBe(false);
    expect(old.typeCompiler.process(Boolean())).toBe("SMALLINT");
    expect(old.typeCompiler.process(SqlJSON())).toBe("BLOB");
    expect(new OracleDialect({ serverVersion: [12, 1] }).maxIdentifierLength).toBe(30);
  });

  it("normalizes names: upper case is Oracle's case-insensitive spelling", () => {
    expect(dialect.normalizeName("MYTABLE")).toBe("mytable");
    expect(dialect.normalizeName("MyTable")).toBe("MyTable");
    expect(dialect.denormalizeName("mytable")).toBe("MYTABLE");
    expect(dialect.denormalizeName("MyTable")).toBe("MyTable");
  });

  it("the oracledb driver uses :name parameters", () => {
    const d = new OracleDialectOracledb();
    expect(d.driver).toBe("oracledb");
    expect(d.paramstyle).toBe("named");
  });
});

describe("SELECT", () => {
  it("reads from DUAL when there is no FROM", () => {
    expect(norm(select(literal(1)).compile({ dialect }).sql)).toMatch(/^SELECT :\w+ AS anon_1 FROM DUAL$/);
    check(select(func.now()), "SELECT CURRENT_TIMESTAMP AS now_1 FROM DUAL");
  });

  it("writes aliases without AS", () => {
    const { t } = fixture();
    const a = t.alias("t1");
    check(
      select(a.c.myid).where(a.c.myid.eq(5)),
      "SELECT t1.myid FROM mytable t1 WHERE t1.myid = :myid_1",
      [5],
    );
    const sq = select(t.c.myid).subquery("sq");
    check(select(sq.c.myid), "SELECT sq.myid FROM (SELECT mytable.myid AS myid FROM mytable) sq");
  });

  it("renders LIMIT as FETCH FIRST with the count inline", () => {
    const { t } = fixture();
    check(
      select(t.c.myid).orderBy(t.c.myid).limit(10),
      "SELECT mytable.myid FROM mytable ORDER BY mytable.myid FETCH FIRST 10 ROWS ONLY",
      [],
    );
    check(
      select(t.c.myid).orderBy(t.c.myid).limit(10).offset(20),
      "SELECT mytable.myid FROM mytable ORDER BY mytable.myid OFFSET 20 ROWS FETCH FIRST 10 ROWS ONLY",
      [],
    );
    check(select(t.c.myid).offset(5), "SELECT mytable.myid FROM mytable OFFSET 5 ROWS", []);
  });

  it("keeps the counts as post-compile parameters until execution", () => {
    const { t } = fixture();
    const compiled = select(t.c.myid).limit(10).compile({ dialect });
    expect(norm(compiled.sql)).toBe(
      "SELECT mytable.myid FROM mytable FETCH FIRST __[POSTCOMPILE_param_1] ROWS ONLY",
    );
    expect(compiled.hasPostcompile).toBe(true);
  });

  it("renders FETCH with ties and percent", () => {
    const { t } = fixture();
    check(
      select(t.c.myid).orderBy(t.c.myid).fetch(3, { withTies: true }),
      "SELECT mytable.myid FROM mytable ORDER BY mytable.myid FETCH FIRST 3 ROWS WITH TIES",
    );
    check(
      select(t.c.myid).orderBy(t.c.myid).fetch(10, { percent: true }),
      "SELECT mytable.myid FROM mytable ORDER BY mytable.myid FETCH FIRST 10 PERCENT ROWS ONLY",
    );
  });

  it("renders FOR UPDATE variants (no shared lock on Oracle)", () => {
    const { t } = fixture();
    const base = select(t.c.myid).where(t.c.myid.eq(7));
    const where = "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1";
    check(base.withForUpdate(), `${where} FOR UPDATE`);
    check(base.withForUpdate({ nowait: true }), `${where} FOR UPDATE NOWAIT`);
    check(base.withForUpdate({ skipLocked: true }), `${where} FOR UPDATE SKIP LOCKED`);
    check(base.withForUpdate({ read: true }), `${where} FOR UPDATE`);
    check(base.withForUpdate({ of: t.c.myid }), `${where} FOR UPDATE OF mytable.myid`);
  });

  it("leaves FOR UPDATE out of a subquery", () => {
    const { t } = fixture();
    const sq = select(t.c.myid).withForUpdate().subquery("s");
    check(select(sq.c.myid), "SELECT s.myid FROM (SELECT mytable.myid AS myid FROM mytable) s");
  });

  it("orders by the labelled expression, not the label", () => {
    const { t } = fixture();
    const lbl = t.c.myid.mul(2).label("dx");
    check(
      select(lbl).orderBy(lbl),
      "SELECT mytable.myid * :myid_1 AS dx FROM mytable ORDER BY mytable.myid * :myid_1",
    );
  });

  it("renders optimizer hints after SELECT", () => {
    const { t } = fixture();
    check(
      select(t.c.myid).withHint(t, "INDEX(%(name)s ix_myid)", { dialectName: "oracle" }),
      "SELECT /*+ INDEX(mytable ix_myid) */ mytable.myid FROM mytable",
    );
    check(
      select(t.c.myid).withHint(t, "WITH (NOLOCK)", { dialectName: "mssql" }),
      "SELECT mytable.myid FROM mytable",
    );
  });

  it("writes WITH without RECURSIVE", () => {
    const { t } = fixture();
    let c = select(t.c.myid).where(t.c.myid.eq(1)).cte("tree", { recursive: true });
    c = c.unionAll(select(t.c.myid).where(t.c.myid.eq(c.c.myid)));
    const sql = norm(select(c.c.myid).compile({ dialect }).sql);
    expect(sql.startsWith("WITH tree(myid) AS (SELECT mytable.myid AS myid FROM mytable")).toBe(true);
  });
});

describe("literals and operators", () => {
  it("renders true() as 1, even on 23ai", () => {
    const { t } = fixture();
    check(select(t.c.myid).where(true_()), "SELECT mytable.myid FROM mytable WHERE 1");
    check(
      select(t.c.myid).where(t.c.myid.eq(bindparam("x", true, { literalExecute: true }))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = 1",
    );
  });

  it("quotes bind names that are reserved words", () => {
    const { t } = fixture();
    const compiled = select(t.c.myid)
      .where(t.c.myid.eq(bindparam("uid")), t.c.name.eq(bindparam("size")))
      .compile({ dialect });
    expect(norm(compiled.sql)).toBe(
      'SELECT mytable.myid FROM mytable WHERE mytable.myid = :"uid" AND mytable.name = :"size"',
    );
  });

  it("renders modulo, concatenation, floor division and true division", () => {
    const { t } = fixture();
    check(select(t.c.myid.mod(3)), "SELECT mod(mytable.myid, :myid_1) AS anon_1 FROM mytable");
    check(select(t.c.name.concat("x")), "SELECT mytable.name || :name_1 AS anon_1 FROM mytable");
    check(
      select(t.c.myid.floordiv(t.c.myid)),
      "SELECT FLOOR(mytable.myid / mytable.myid) AS anon_1 FROM mytable",
    );
    check(select(t.c.myid.div(t.c.myid)), "SELECT mytable.myid / mytable.myid AS anon_1 FROM mytable");
  });

  it("emulates IS DISTINCT FROM with DECODE", () => {
    const { t } = fixture();
    check(
      select(t.c.myid).where(t.c.myid.isDistinctFrom(t.c.name)),
      "SELECT mytable.myid FROM mytable WHERE DECODE(mytable.myid, mytable.name, 0, 1) = 1",
    );
    check(
      select(t.c.myid).where(t.c.myid.isNotDistinctFrom(t.c.name)),
      "SELECT mytable.myid FROM mytable WHERE DECODE(mytable.myid, mytable.name, 0, 1) = 0",
    );
  });

  it("renders regular expressions with REGEXP_LIKE / REGEXP_REPLACE", () => {
    const { t } = fixture();
    check(
      select(t.c.myid).where(t.c.name.regexpMatch("^s")),
      "SELECT mytable.myid FROM mytable WHERE REGEXP_LIKE(mytable.name, :name_1)",
    );
    check(
      select(t.c.myid).where(t.c.name.regexpMatch("^s", "i")),
      "SELECT mytable.myid FROM mytable WHERE REGEXP_LIKE(mytable.name, :name_1, 'i')",
    );
    check(
      select(t.c.myid).where(not_(t.c.name.regexpMatch("^s"))),
      "SELECT mytable.myid FROM mytable WHERE NOT REGEXP_LIKE(mytable.name, :name_1)",
    );
    check(
      select(t.c.name.regexpReplace("a", "b")),
      "SELECT REGEXP_REPLACE(mytable.name, :name_1, :name_2) AS anon_1 FROM mytable",
    );
  });

  it("refuses bit shifts and complement, renders BITAND", () => {
    const { t } = fixture();
    check(select(t.c.myid.bitwiseAnd(3)), "SELECT BITAND(mytable.myid, :myid_1) AS anon_1 FROM mytable");
    expect(() => select(t.c.myid.bitwiseLshift(2)).compile({ dialect })).toThrow(CompileError);
    expect(() => select(t.c.myid.bitwiseNot()).compile({ dialect })).toThrow(
      "Cannot compile bitwise_not in oracle",
    );
  });

  it("renders match() as CONTAINS and char_length as LENGTH", () => {
    const { t } = fixture();
    check(
      select(t.c.myid).where(t.c.name.match("x")),
      "SELECT mytable.myid FROM mytable WHERE CONTAINS (mytable.name, :name_1)",
    );
    check(select(func.char_length(t.c.name)), "SELECT LENGTH(mytable.name) AS char_length_1 FROM mytable");
  });

  it("renders CAST to a string type with a length", () => {
    const { t } = fixture();
    check(
      select(cast(t.c.myid, String)),
      "SELECT CAST(mytable.myid AS VARCHAR2(4000 CHAR)) AS myid FROM mytable",
    );
    check(
      select(cast(t.c.myid, String(10))),
      "SELECT CAST(mytable.myid AS VARCHAR2(10 CHAR)) AS myid FROM mytable",
    );
    check(select(cast(t.c.name, Text)), "SELECT CAST(mytable.name AS CLOB) AS name FROM mytable");
    check(select(cast(t.c.name, SqlDateTime)), "SELECT CAST(mytable.name AS DATE) AS name FROM mytable");
  });

  it("refuses TRY_CAST and multi-table UPDATE / DELETE", () => {
    const { t, t2 } = fixture();
    expect(() => select(tryCast(t.c.name, Integer)).compile({ dialect })).toThrow();
    expect(() =>
      update(t).where(t.c.myid.eq(t2.c.otherid)).values({ name: "x" }).compile({ dialect }),
    ).toThrow(NotImplementedError);
    expect(() => delete_(t).where(t.c.myid.eq(t2.c.otherid)).compile({ dialect })).toThrow(
      NotImplementedError,
    );
  });

  it("renders tuple IN without VALUES and LISTAGG for aggregate_strings", () => {
    const { t } = fixture();
    check(
      select(t.c.myid).where(
        tuple_(t.c.myid, t.c.name).in([
          [1, "a"],
          [2, "b"],
        ]),
      ),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid, mytable.name) IN ((:param_1_1_1, :param_1_1_2), (:param_1_2_1, :param_1_2_2))",
      [1, "a", 2, "b"],
    );
    check(
      select(new FunctionElement("aggregate_strings", [t.c.name, ", "])),
      "SELECT LISTAGG(mytable.name, ', ') AS aggregate_strings_1 FROM mytable",
    );
  });
});

describe("JSON", () => {
  const md = new MetaData();
  const doc = new Table("doc", md, {
    id: new Column(Integer, { primaryKey: true }),
    data: new Column(SqlJSON),
  });

  it("indexes with JSON_QUERY and a literal path", () => {
    check(select(doc.c.data.index("a")), `SELECT JSON_QUERY(doc.data, '$."a"') AS anon_1 FROM doc`, []);
    check(
      select(doc.c.data.index(["a", 1])),
      `SELECT JSON_QUERY(doc.data, '$."a"[1]') AS anon_1 FROM doc`,
      [],
    );
  });

  it("reads scalars with JSON_VALUE ... RETURNING", () => {
    check(
      select((doc.c.data.index("a") as BinaryExpression).asString()),
      `SELECT JSON_VALUE(doc.data, '$."a"' RETURNING VARCHAR2(4000) ERROR ON ERROR) AS anon_1 FROM doc`,
    );
    check(
      select((doc.c.data.index("a") as BinaryExpression).asInteger()),
      `SELECT JSON_VALUE(doc.data, '$."a"' RETURNING INTEGER ERROR ON ERROR) AS anon_1 FROM doc`,
    );
    check(
      select((doc.c.data.index("a") as BinaryExpression).asFloat()),
      `SELECT JSON_VALUE(doc.data, '$."a"' RETURNING FLOAT ERROR ON ERROR) AS anon_1 FROM doc`,
    );
    check(
      select(doc.c.id).where((doc.c.data.index("a") as BinaryExpression).asBoolean()),
      `SELECT doc.id FROM doc WHERE CASE JSON_VALUE(doc.data, '$."a"') WHEN 'true' THEN 1 WHEN 'false' THEN 0 ELSE CAST(JSON_VALUE(doc.data, '$."a"') AS NUMBER(1)) END`,
    );
  });
});

describe("INSERT, UPDATE, DELETE", () => {
  it("returns an autoincrement primary key through RETURNING ... INTO", () => {
    const { t } = fixture();
    check(
      insert(t).values({ name: "x" }),
      "INSERT INTO mytable (name) VALUES (:name) RETURNING mytable.myid INTO :ret_0",
      ["x", null],
    );
  });

  it("renders explicit RETURNING with one out-parameter per column", () => {
    const { t } = fixture();
    check(
      update(t)
        .values({ name: "y" })
        .where(t.c.myid.eq(1))
        .returning(t.c.myid, new FunctionElement("upper", [t.c.name]).label("u")),
      "UPDATE mytable SET name=:name WHERE mytable.myid = :myid_1 RETURNING mytable.myid, upper(mytable.name) INTO :ret_0, :ret_1",
      ["y", 1, null, null],
    );
    check(
      delete_(t).where(t.c.myid.eq(1)).returning(t.c.name),
      "DELETE FROM mytable WHERE mytable.myid = :myid_1 RETURNING mytable.name INTO :ret_0",
      [1, null],
    );
  });

  it("fetches the next value of a sequence with seq.nextval", () => {
    const md = new MetaData();
    const tbl = new Table("ticket", md, {
      id: new Column(Integer, { primaryKey: true, sequence: new Sequence("ticket_id_seq") }),
      title: new Column(String(50)),
    });
    check(
      insert(tbl).values({ title: "bug" }),
      "INSERT INTO ticket (id, title) VALUES (ticket_id_seq.nextval, :title) RETURNING ticket.id INTO :ret_0",
    );
  });

  it("refuses multi-row VALUES", () => {
    const { t } = fixture();
    expect(() =>
      insert(t)
        .values([{ name: "a" }, { name: "b" }])
        .compile({ dialect }),
    ).toThrow(CompileError);
  });

  it("puts the WITH clause of INSERT ... SELECT after the column list", () => {
    const { t, t2 } = fixture();
    const c = select(t.c.myid, t.c.name).where(t.c.myid.gt(1)).cte("c");
    check(
      insert(t2).fromSelect(["otherid", "othername"], select(c.c.myid, c.c.name)),
      "INSERT INTO othertable (otherid, othername) WITH c AS (SELECT mytable.myid AS myid, mytable.name AS name FROM mytable WHERE mytable.myid > :myid_1) SELECT c.myid, c.name FROM c",
      [1],
    );
  });

  it("fills the primary key with DEFAULT for an INSERT without values", () => {
    const md = new MetaData();
    const tbl = new Table("counter", md, { id: new Column(Integer, { primaryKey: true }) });
    check(
      insert(tbl).values({}),
      "INSERT INTO counter (id) VALUES (DEFAULT) RETURNING counter.id INTO :ret_0",
    );
  });
});

describe("types", () => {
  it("renders the generic types as Oracle spells them", () => {
    expect(typeDdl(String(30))).toBe("VARCHAR2(30 CHAR)");
    expect(typeDdl(String())).toBe("VARCHAR2");
    expect(typeDdl(Unicode(20))).toBe("VARCHAR2(20 CHAR)");
    expect(typeDdl(Text())).toBe("CLOB");
    expect(typeDdl(UnicodeText())).toBe("CLOB");
    expect(typeDdl(LargeBinary())).toBe("BLOB");
    expect(typeDdl(BigInteger())).toBe("NUMBER(19)");
    expect(typeDdl(DateTime())).toBe("DATE");
    expect(typeDdl(Double())).toBe("DOUBLE PRECISION");
    expect(typeDdl(Float())).toBe("FLOAT");
    expect(typeDdl(Numeric(10, 2))).toBe("NUMERIC(10, 2)");
    expect(typeDdl(Interval())).toBe("INTERVAL DAY TO SECOND");
    expect(typeDdl(Boolean())).toBe("BOOLEAN");
    expect(typeDdl(SqlJSON())).toBe("JSON");
    expect(typeDdl(Uuid())).toBe("CHAR(32)");
  });

  it("renders Oracle's own types", () => {
    expect(typeDdl(NUMBER())).toBe("NUMBER");
    expect(typeDdl(NUMBER(10, 2))).toBe("NUMBER(10, 2)");
    expect(typeDdl(VARCHAR2(50))).toBe("VARCHAR2(50 CHAR)");
    expect(typeDdl(NVARCHAR2(50))).toBe("NVARCHAR2(50)");
    expect(typeDdl(NCLOB())).toBe("NCLOB");
    expect(typeDdl(RAW(16))).toBe("RAW(16)");
    expect(typeDdl(ROWID())).toBe("ROWID");
    expect(typeDdl(BINARY_DOUBLE())).toBe("BINARY_DOUBLE");
    expect(typeDdl(DATE())).toBe("DATE");
    expect(typeDdl(TIMESTAMP())).toBe("TIMESTAMP");
    expect(typeDdl(TIMESTAMP({ timezone: true }))).toBe("TIMESTAMP WITH TIME ZONE");
    expect(typeDdl(TIMESTAMP({ localTimezone: true }))).toBe("TIMESTAMP WITH LOCAL TIME ZONE");
    expect(typeDdl(INTERVAL({ dayPrecision: 2, secondPrecision: 6 }))).toBe("INTERVAL DAY(2) TO SECOND(6)");
    expect(typeDdl(FLOAT({ binaryPrecision: 126 }))).toBe("FLOAT(126)");
  });

  it("refuses a decimal precision for FLOAT", () => {
    expect(() => typeDdl(Float(10))).toThrow("binary precision");
  });

  it("uses NVARCHAR2 / NCLOB for Unicode when asked", () => {
    const d = new OracleDialect({ useNcharForUnicode: true });
    expect(d.typeCompiler.process(Unicode(20))).toBe("NVARCHAR2(20)");
    expect(d.typeCompiler.process(UnicodeText())).toBe("NCLOB");
  });
});

describe("DDL", () => {
  it("renders identity columns with Oracle's option spelling", () => {
    const md = new MetaData();
    const tbl = new Table("t", md, {
      id: new Column(Integer, {
        primaryKey: true,
        identity: new Identity({ always: true, start: 1, increment: 2, nominvalue: true, cycle: false }),
      }),
    });
    expect(ddl(new CreateTable(tbl))).toBe(
      "CREATE TABLE t (id INTEGER GENERATED ALWAYS AS IDENTITY (INCREMENT BY 2 START WITH 1 NOMINVALUE NOCYCLE), PRIMARY KEY (id))",
    );
  });

  it("drops ON UPDATE of a foreign key with a warning", () => {
    const md = new MetaData();
    new Table("parent", md, { id: new Column(Integer, { primaryKey: true }) });
    const child = new Table("child", md, {
      id: new Column(Integer, { primaryKey: true }),
      pid: new Column(new ForeignKey("parent.id", { ondelete: "CASCADE", onupdate: "CASCADE" })),
    });
    const compiled = new CreateTable(child).compile({ dialect });
    expect(norm(compiled.sql)).toBe(
      "CREATE TABLE child (id INTEGER NOT NULL, pid INTEGER, PRIMARY KEY (id), FOREIGN KEY(pid) REFERENCES parent (id) ON DELETE CASCADE)",
    );
    expect(compiled.warnings.join(" ")).toContain("UPDATE CASCADE");
  });

  it("renders virtual computed columns and refuses stored ones", () => {
    const md = new MetaData();
    const tbl = new Table("t", md, {
      x: new Column(Integer),
      y: new Column(Integer, { computed: new Computed("x + 2") }),
    });
    expect(ddl(new CreateTable(tbl))).toBe(
      "CREATE TABLE t (x INTEGER, y INTEGER GENERATED ALWAYS AS (x + 2))",
    );
    const md2 = new MetaData();
    const stored = new Table("t", md2, {
      x: new Column(Integer),
      y: new Column(Integer, { computed: new Computed("x + 2", { persisted: true }) }),
    });
    expect(() => ddl(new CreateTable(stored))).toThrow("stored");
  });

  it("qualifies the index name with the schema and renders BITMAP / COMPRESS", () => {
    const md = new MetaData();
    const tbl = new Table(
      "inv",
      md,
      { id: new Column(Integer), c: new Column(Integer) },
      { schema: "billing" },
    );
    expect(ddl(new CreateIndex(new Index("ix_c", tbl.c.c)))).toBe(
      "CREATE INDEX billing.ix_c ON billing.inv (c)",
    );
    expect(ddl(new CreateIndex(new Index("ix_b", tbl.c.c, { oracleBitmap: true, oracleCompress: 1 })))).toBe(
      "CREATE BITMAP INDEX billing.ix_b ON billing.inv (c) COMPRESS 1",
    );
  });

  it("renders table options after the column list", () => {
    const md = new MetaData();
    const tbl = new Table(
      "tmp",
      md,
      { id: new Column(Integer) },
      { oracleOnCommit: "preserve_rows", oracleTablespace: "users" },
    );
    expect(ddl(new CreateTable(tbl))).toBe(
      "CREATE TABLE tmp (id INTEGER) ON COMMIT PRESERVE ROWS TABLESPACE users",
    );
  });

  it("renders comments with COMMENT ON", () => {
    const md = new MetaData();
    const tbl = new Table("t", md, { id: new Column(Integer, { comment: "the id" }) }, { comment: "c" });
    expect(ddl(new SetColumnComment(tbl.c.id))).toBe("COMMENT ON COLUMN t.id IS 'the id'");
    expect(ddl(new DropTableComment(tbl))).toBe("COMMENT ON TABLE t IS ''");
  });

  it("renders sequences", () => {
    expect(ddl(new CreateSequence(new Sequence("s", { start: 5, nomaxvalue: true, cycle: false })))).toBe(
      "CREATE SEQUENCE s START WITH 5 NOMAXVALUE NOCYCLE",
    );
  });

  it("refuses ARRAY", () => {
    expect(() => typeDdl(ARRAY(Integer()))).toThrow(CompileError);
  });
});

describe("quoting", () => {
  it("quotes Oracle's reserved words and names starting with _ or a digit", () => {
    const tbl = table("user", column("level"), column("_x"), column("size"), column("key"));
    check(select(tbl), 'SELECT "user"."level", "user"."_x", "user"."size", "user".key FROM "user"');
  });
});
