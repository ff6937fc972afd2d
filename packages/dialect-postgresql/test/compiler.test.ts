/**
 * Compile-only tests of the PostgreSQL dialect, ported in part from
 * SQLAlchemy's test/dialect/postgresql/test_compiler.py. No database is involved.
 */
import {
  BigInteger,
  type BinaryExpression,
  Column,
  Computed,
  CreateIndex,
  CreateSequence,
  CreateTable,
  column,
  insert as coreInsert,
  DateTime,
  Double,
  DropIndex,
  delete_,
  Enum,
  FunctionElement,
  Identity,
  Index,
  Integer,
  Interval,
  LargeBinary,
  MetaData,
  not_,
  Sequence,
  SmallInteger,
  JSON as SqlJSON,
  String as SqlString,
  select,
  Table,
  Text,
  Time,
  table,
  tuple_,
  typeCoerce,
  UniqueConstraint,
  Uuid,
  update,
} from "@athanor/core";
import { describe, expect, it } from "vitest";
import {
  ARRAY,
  aggregateOrderBy,
  array,
  arrayAgg,
  BIT,
  CreateEnumType,
  DropEnumType,
  distinctOn,
  ENUM,
  INTERVAL,
  insert,
  JSONB,
  PGDialect,
  PGDialectPg,
  TIMESTAMP,
  TSVECTOR,
  UUID,
} from "../src/index.js";

type Compilable = { compile(o: object): { sql: string; params: unknown[]; warnings: readonly string[] } };

const dialect = new PGDialect();
const compile = (stmt: Compilable, d: PGDialect = dialect) => {
  const c = stmt.compile({ dialect: d, renderPostcompile: true });
  return { sql: c.sql.replace(/\s+/g, " ").trim(), params: c.params };
};
const sqlOf = (stmt: Compilable, d: PGDialect = dialect) => compile(stmt, d).sql;

const mytable = table(
  "mytable",
  column("myid", Integer),
  column("name", SqlString),
  column("description", SqlString),
);

function users() {
  const md = new MetaData();
  return new Table("users", md, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(SqlString(50)),
    login_email: new Column(SqlString(50)),
  });
}

describe("PGDialect", () => {
  it("has PostgreSQL's name, paramstyle and flags", () => {
    expect(dialect.name).toBe("postgresql");
    expect(dialect.paramstyle).toBe("pyformat");
    expect(dialect.implicitReturning).toBe(true);
    expect(dialect.supportsNativeEnum).toBe(true);
    expect(dialect.supportsSequences).toBe(true);
  });

  it("gates features on the server version", () => {
    const old = new PGDialect({ serverVersion: [9, 6] });
    expect(old.supportsIdentityColumns).toBe(false);
    expect(old.supportsJsonbSubscripting).toBe(false);
    const v16 = new PGDialect({ serverVersion: [16, 4] });
    expect(v16.supportsIdentityColumns).toBe(true);
    expect(v16.supportsJsonbSubscripting).toBe(true);
    expect(v16.supportsVirtualGeneratedColumns).toBe(false);
  });

  it("has a pg driver class with $n parameters", () => {
    const d = new PGDialectPg();
    expect(d.driver).toBe("pg");
    expect(
      compile(select(mytable.c.myid).where(mytable.c.myid.eq(5)).where(mytable.c.name.eq("x")), d),
    ).toEqual({
      sql: "SELECT mytable.myid FROM mytable WHERE mytable.myid = $1 AND mytable.name = $2",
      params: [5, "x"],
    });
  });
});

describe("operators", () => {
  it("renders ILIKE natively, doubling % in pyformat", () => {
    expect(sqlOf(select(mytable.c.myid).where(mytable.c.name.ilike("%x%")))).toBe(
      "SELECT mytable.myid FROM mytable WHERE mytable.name ILIKE %(name_1)s",
    );
    expect(sqlOf(select(mytable.c.myid).where(mytable.c.name.notIlike("x", { escape: "/" })))).toBe(
      "SELECT mytable.myid FROM mytable WHERE mytable.name NOT ILIKE %(name_1)s ESCAPE '/'",
    );
    expect(sqlOf(select(mytable.c.myid).where(mytable.c.name.istartswith("x")))).toBe(
      "SELECT mytable.myid FROM mytable WHERE (mytable.name ILIKE %(name_1)s || '%%')",
    );
  });

  it("doubles % of modulo", () => {
    expect(sqlOf(select(mytable.c.myid.mod(2)))).toBe(
      "SELECT mytable.myid %% %(myid_1)s AS anon_1 FROM mytable",
    );
  });

  it("renders regular expressions with ~ and flags", () => {
    expect(sqlOf(mytable.c.myid.regexpMatch("pattern"))).toBe("mytable.myid ~ %(myid_1)s");
    expect(sqlOf(mytable.c.myid.regexpMatch("pattern", "i"))).toBe("mytable.myid ~* %(myid_1)s");
    expect(sqlOf(mytable.c.myid.regexpMatch("pattern", "x"))).toBe(
      "mytable.myid ~ CONCAT('(?', 'x', ')', %(myid_1)s)",
    );
    expect(sqlOf(not_(mytable.c.myid.regexpMatch("pattern")))).toBe("mytable.myid !~ %(myid_1)s");
    expect(sqlOf(not_(mytable.c.myid.regexpMatch("pattern", "i")))).toBe("mytable.myid !~* %(myid_1)s");
  });

  it("renders REGEXP_REPLACE", () => {
    expect(compile(mytable.c.myid.regexpReplace("pattern", "replacement"))).toEqual({
      sql: "REGEXP_REPLACE(mytable.myid, %(myid_1)s, %(myid_2)s)",
      params: ["pattern", "replacement"],
    });
    expect(sqlOf(mytable.c.myid.regexpReplace("pattern", "replacement", "ig"))).toBe(
      "REGEXP_REPLACE(mytable.myid, %(myid_1)s, %(myid_2)s, 'ig')",
    );
  });

  it("renders match as @@ plainto_tsquery", () => {
    expect(sqlOf(mytable.c.name.match("somstr"))).toBe("mytable.name @@ plainto_tsquery(%(name_1)s)");
  });

  it("renders XOR as #", () => {
    const t = table("t", column("x", Integer), column("y", Integer));
    expect(sqlOf(select(t.c.x.bitwiseXor(t.c.y)))).toBe("SELECT t.x # t.y AS anon_1 FROM t");
  });

  it("casts an integer divisor for true division", () => {
    const t = table("t", column("x", Integer), column("y", Integer));
    expect(sqlOf(select(t.c.x.div(t.c.y).label("r")))).toBe("SELECT t.x / CAST(t.y AS NUMERIC) AS r FROM t");
  });

  it("renders IS DISTINCT FROM", () => {
    expect(sqlOf(mytable.c.myid.isDistinctFrom(mytable.c.name))).toBe(
      "mytable.myid IS DISTINCT FROM mytable.name",
    );
  });

  it("renders tuple IN and empty IN", () => {
    expect(
      compile(select(mytable.c.myid).where(tuple_(mytable.c.myid, mytable.c.name).in([[1, "a"]]))),
    ).toEqual({
      sql: "SELECT mytable.myid FROM mytable WHERE (mytable.myid, mytable.name) IN ((%(param_1_1_1)s, %(param_1_1_2)s))",
      params: [1, "a"],
    });
    expect(sqlOf(select(mytable.c.myid).where(mytable.c.myid.in([])))).toBe(
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (NULL) AND (1 != 1)",
    );
  });
});

describe("JSON and JSONB", () => {
  const t = table("t", column("data", SqlJSON()), column("doc", JSONB()));
  const el = (col: "data" | "doc", key: string | string[]) => t.c[col].index(key) as BinaryExpression;

  it("indexes JSON with -> and #>", () => {
    expect(compile(select(t.c.data.index("a")))).toEqual({
      sql: "SELECT t.data -> %(data_1)s AS anon_1 FROM t",
      params: ["a"],
    });
    expect(compile(select(t.c.data.index(["a", "b"])))).toEqual({
      sql: "SELECT t.data #> %(data_1)s AS anon_1 FROM t",
      params: [["a", "b"]],
    });
  });

  it("subscripts JSONB on PostgreSQL 14+, arrows before", () => {
    expect(sqlOf(select(t.c.doc.index("a")))).toBe("SELECT t.doc[%(doc_1)s] AS anon_1 FROM t");
    expect(sqlOf(select(t.c.doc.index("a")), new PGDialect({ serverVersion: [13] }))).toBe(
      "SELECT t.doc -> %(doc_1)s AS anon_1 FROM t",
    );
  });

  it("reads elements as text with ->> and #>>", () => {
    expect(sqlOf(select(el("data", "a").asString()))).toBe(
      "SELECT CAST(t.data ->> %(data_1)s AS VARCHAR) AS anon_1 FROM t",
    );
    expect(sqlOf(select(el("data", ["a", "b"]).asInteger()))).toBe(
      "SELECT CAST(t.data #>> %(data_1)s AS INTEGER) AS anon_1 FROM t",
    );
    expect(sqlOf(select(el("doc", "a").astext))).toBe("SELECT t.doc ->> %(doc_1)s AS anon_1 FROM t");
    expect(sqlOf(select(el("doc", ["a", "b"]).astext))).toBe("SELECT t.doc #>> %(doc_1)s AS anon_1 FROM t");
  });

  it("groups a nested index", () => {
    const nested = t.c.data.index("a").index("b") as BinaryExpression;
    expect(sqlOf(select(nested.asString()))).toBe(
      "SELECT CAST((t.data -> %(data_1)s) ->> %(param_1)s AS VARCHAR) AS anon_1 FROM t",
    );
  });

  it("renders the JSONB operators", () => {
    expect(compile(t.c.doc.hasKey("k"))).toEqual({ sql: "t.doc ? %(param_1)s", params: ["k"] });
    expect(sqlOf(t.c.doc.hasAll(["a", "b"]))).toBe("t.doc ?& %(param_1)s::VARCHAR[]");
    expect(sqlOf(t.c.doc.hasAny(["a", "b"]))).toBe("t.doc ?| %(param_1)s::VARCHAR[]");
    expect(sqlOf(t.c.doc.contains({ a: 1 }))).toBe("t.doc @> %(param_1)s::JSONB");
    expect(sqlOf(t.c.doc.containedBy({ a: 1 }))).toBe("t.doc <@ %(param_1)s::JSONB");
  });

  it("casts JSON parameters", () => {
    expect(compile(select(typeCoerce({ a: 1 }, SqlJSON).index("a") as never))).toEqual({
      sql: "SELECT %(param_1)s::JSON -> %(param_2)s AS anon_1",
      params: [{ a: 1 }, "a"],
    });
  });
});

describe("ARRAY", () => {
  const t = table("t", column("tags", ARRAY(SqlString(20))), column("scores", ARRAY(Integer)));

  it("indexes and slices", () => {
    expect(compile(select(t.c.tags.index(1)))).toEqual({
      sql: "SELECT t.tags[%(tags_1)s] AS anon_1 FROM t",
      params: [1],
    });
    expect(compile(select(t.c.scores.slice(2, 4)))).toEqual({
      sql: "SELECT t.scores[%(scores_1)s:%(scores_2)s] AS anon_1 FROM t",
      params: [2, 4],
    });
  });

  it("renders containment and overlap with a cast parameter", () => {
    expect(compile(t.c.tags.contains(["a", "b"]))).toEqual({
      sql: "t.tags @> %(param_1)s::VARCHAR[]",
      params: [["a", "b"]],
    });
    expect(sqlOf(t.c.scores.containedBy([1, 2]))).toBe("t.scores <@ %(param_1)s::INTEGER[]");
    expect(sqlOf(t.c.scores.overlap([1, 2]))).toBe("t.scores && %(param_1)s::INTEGER[]");
  });

  it("renders ANY and ALL", () => {
    expect(sqlOf(select(mytable.c.myid).where(mytable.c.myid.eq(t.c.scores.any_())))).toBe(
      "SELECT mytable.myid FROM mytable, t WHERE mytable.myid = ANY (t.scores)",
    );
  });

  it("renders ARRAY literals", () => {
    expect(compile(select(array([1, 2, 3]).label("arr")))).toEqual({
      sql: "SELECT ARRAY[%(param_1)s, %(param_2)s, %(param_3)s] AS arr",
      params: [1, 2, 3],
    });
    expect(sqlOf(select(array([], { type: Integer() }).label("arr")))).toBe(
      "SELECT ARRAY[]::INTEGER[] AS arr",
    );
  });

  it("renders array_agg with ORDER BY", () => {
    expect(sqlOf(select(arrayAgg(aggregateOrderBy(mytable.c.name, mytable.c.myid.desc()))))).toBe(
      "SELECT array_agg(mytable.name ORDER BY mytable.myid DESC) AS array_agg_1 FROM mytable",
    );
  });
});

describe("SELECT", () => {
  it("renders DISTINCT ON", () => {
    expect(sqlOf(select(mytable.c.myid, mytable.c.name).ext(distinctOn(mytable.c.myid)))).toBe(
      "SELECT DISTINCT ON (mytable.myid) mytable.myid, mytable.name FROM mytable",
    );
    expect(sqlOf(select(mytable.c.myid).ext(distinctOn(mytable.c.myid, mytable.c.name)))).toBe(
      "SELECT DISTINCT ON (mytable.myid, mytable.name) mytable.myid FROM mytable",
    );
  });

  it("renders LIMIT, LIMIT ALL and FETCH", () => {
    expect(compile(select(mytable.c.myid).limit(5).offset(10))).toEqual({
      sql: "SELECT mytable.myid FROM mytable LIMIT %(param_1)s OFFSET %(param_2)s",
      params: [5, 10],
    });
    expect(sqlOf(select(mytable.c.myid).offset(10))).toBe(
      "SELECT mytable.myid FROM mytable LIMIT ALL OFFSET %(param_1)s",
    );
    expect(sqlOf(select(mytable.c.myid).offset(10).fetch(5, { withTies: true }))).toBe(
      "SELECT mytable.myid FROM mytable OFFSET (%(param_1)s) ROWS FETCH FIRST (%(param_2)s) ROWS WITH TIES",
    );
  });

  it("renders the FOR UPDATE variants", () => {
    const t = table("t", column("x", Integer));
    const base = select(t.c.x);
    expect(sqlOf(base.withForUpdate())).toBe("SELECT t.x FROM t FOR UPDATE");
    expect(sqlOf(base.withForUpdate({ nowait: true }))).toBe("SELECT t.x FROM t FOR UPDATE NOWAIT");
    expect(sqlOf(base.withForUpdate({ read: true }))).toBe("SELECT t.x FROM t FOR SHARE");
    expect(sqlOf(base.withForUpdate({ read: true, keyShare: true }))).toBe("SELECT t.x FROM t FOR KEY SHARE");
    expect(sqlOf(base.withForUpdate({ keyShare: true }))).toBe("SELECT t.x FROM t FOR NO KEY UPDATE");
    expect(sqlOf(base.withForUpdate({ skipLocked: true, of: t }))).toBe(
      "SELECT t.x FROM t FOR UPDATE OF t SKIP LOCKED",
    );
    expect(sqlOf(base.withForUpdate({ of: [t.c.x], read: true, nowait: true }))).toBe(
      "SELECT t.x FROM t FOR SHARE OF t NOWAIT",
    );
    const a = t.alias("a");
    expect(sqlOf(select(a.c.x).withForUpdate({ of: a }))).toBe("SELECT a.x FROM t AS a FOR UPDATE OF a");
  });

  it("refuses a hint other than ONLY", () => {
    expect(() => sqlOf(select(mytable.c.myid).withHint(mytable, "WITH (NOLOCK)"))).toThrow(
      /Unrecognized hint/,
    );
    expect(sqlOf(select(mytable.c.myid).withHint(mytable, "WITH (NOLOCK)", { dialectName: "mssql" }))).toBe(
      "SELECT mytable.myid FROM mytable",
    );
  });

  it("renders nextval() of a sequence", () => {
    expect(sqlOf(new Sequence("my_seq").nextValue())).toBe("nextval('my_seq')");
    expect(sqlOf(new Sequence("My Seq", { schema: "s" }).nextValue())).toBe(`nextval('s."My Seq"')`);
  });

  it("renders string_agg, power and SUBSTRING", () => {
    expect(sqlOf(select(new FunctionElement("aggregate_strings", [mytable.c.name, ","])))).toBe(
      "SELECT string_agg(mytable.name, ',') AS aggregate_strings_1 FROM mytable",
    );
    expect(sqlOf(select(new FunctionElement("pow", [mytable.c.myid, 2])))).toBe(
      "SELECT power(mytable.myid, %(pow_2)s) AS pow_1 FROM mytable",
    );
    expect(sqlOf(select(new FunctionElement("substring", [mytable.c.name, 1, 2])))).toBe(
      "SELECT SUBSTRING(mytable.name FROM %(substring_2)s FOR %(substring_3)s) AS substring_1 FROM mytable",
    );
  });

  it("casts a UUID parameter", () => {
    const t = table("t", column("id", Uuid()));
    expect(sqlOf(select(t.c.id).where(t.c.id.eq("00000000-0000-0000-0000-000000000000")))).toBe(
      "SELECT t.id FROM t WHERE t.id = %(id_1)s::UUID",
    );
  });
});

describe("INSERT / UPDATE / DELETE", () => {
  it("returns the autoincrement primary key of a single-row INSERT", () => {
    const u = users();
    expect(compile(coreInsert(u).values({ name: "x" }))).toEqual({
      sql: "INSERT INTO users (name) VALUES (%(name)s) RETURNING users.id",
      params: ["x"],
    });
    expect(sqlOf(coreInsert(u).values({ id: 1, name: "x" }))).toBe(
      "INSERT INTO users (id, name) VALUES (%(id)s, %(name)s)",
    );
    expect(compile(coreInsert(u).values([{ name: "a" }, { name: "b" }]))).toMatchObject({
      params: ["a", "b"],
    });
  });

  it("renders UPDATE .. FROM and DELETE .. USING", () => {
    const u = users();
    const other = table("other", column("id", Integer), column("name", SqlString));
    expect(sqlOf(update(u).values({ name: other.c.name }).where(u.c.id.eq(other.c.id)))).toBe(
      "UPDATE users SET name=other.name FROM other WHERE users.id = other.id",
    );
    expect(sqlOf(delete_(u).where(u.c.id.eq(other.c.id)))).toBe(
      "DELETE FROM users USING other WHERE users.id = other.id",
    );
  });

  it("renders RETURNING with table-qualified columns", () => {
    const u = users();
    expect(sqlOf(update(u).values({ name: "n" }).returning(u.c.id, u.c.name))).toBe(
      "UPDATE users SET name=%(name)s RETURNING users.id, users.name",
    );
  });
});

describe("ON CONFLICT", () => {
  it("renders DO NOTHING", () => {
    const u = users();
    expect(sqlOf(insert(u).values({ id: 1, name: "x" }).onConflictDoNothing())).toBe(
      "INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON CONFLICT DO NOTHING",
    );
    expect(
      sqlOf(
        insert(u)
          .values({ id: 1, name: "x" })
          .onConflictDoNothing({ indexElements: ["id"] }),
      ),
    ).toBe("INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON CONFLICT (id) DO NOTHING");
  });

  it("renders DO UPDATE on a named constraint", () => {
    const u = users();
    const stmt = insert(u).values({ id: 1, name: "x" });
    expect(
      compile(
        stmt.onConflictDoUpdate({
          constraint: "uq_name",
          set: { name: stmt.excluded.name, login_email: "e" },
        }),
      ),
    ).toEqual({
      sql:
        "INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON CONFLICT ON CONSTRAINT uq_name " +
        "DO UPDATE SET name = excluded.name, login_email = %(param_1)s",
      params: [1, "x", "e"],
    });
  });

  it("takes an unnamed constraint as its columns, a named one by name", () => {
    const u = users();
    const stmt = insert(u).values({ id: 1, name: "x" });
    expect(sqlOf(stmt.onConflictDoUpdate({ constraint: u.primaryKey, set: { name: "y" } }))).toBe(
      "INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON CONFLICT (id) DO UPDATE SET name = %(param_1)s",
    );
    const uq = new UniqueConstraint("name", { name: "uq_users_name" });
    u.appendConstraint(uq);
    expect(sqlOf(stmt.onConflictDoNothing({ constraint: uq }))).toBe(
      "INSERT INTO users (id, name) VALUES (%(id)s, %(name)s) ON CONFLICT ON CONSTRAINT uq_users_name DO NOTHING",
    );
  });

  it("renders a partial index target and a WHERE", () => {
    const u = users();
    const stmt = insert(u).values({ name: "x" });
    expect(
      sqlOf(
        stmt.onConflictDoUpdate({
          indexElements: [u.c.name],
          indexWhere: u.c.name.gt("m"),
          set: { login_email: stmt.excluded.login_email },
          where: u.c.login_email.ne(stmt.excluded.login_email),
        }),
      ),
    ).toBe(
      "INSERT INTO users (name) VALUES (%(name)s) ON CONFLICT (name) WHERE name > %(name_1)s " +
        "DO UPDATE SET login_email = excluded.login_email WHERE users.login_email != excluded.login_email RETURNING users.id",
    );
  });

  it("refuses both a constraint and index elements", () => {
    const u = users();
    expect(() => insert(u).onConflictDoNothing({ constraint: "c", indexElements: ["id"] })).toThrow(
      /mutually exclusive/,
    );
  });
});

describe("types", () => {
  const ddlOf = (el: Compilable) => el.compile({ dialect }).sql.replace(/\s+/g, " ").trim();

  it("renders the generic types the PostgreSQL way", () => {
    const md = new MetaData();
    const t = new Table("t", md, {
      a: new Column(DateTime({ timezone: true })),
      b: new Column(Time),
      c: new Column(LargeBinary),
      d: new Column(Double),
      e: new Column(Interval),
      f: new Column(Uuid),
      g: new Column(Text),
    });
    expect(ddlOf(new CreateTable(t))).toBe(
      "CREATE TABLE t ( a TIMESTAMP WITH TIME ZONE, b TIME WITHOUT TIME ZONE, c BYTEA, d DOUBLE PRECISION, e INTERVAL, f UUID, g TEXT )",
    );
  });

  it("renders PostgreSQL types", () => {
    const md = new MetaData();
    const t = new Table("t", md, {
      a: new Column(ARRAY(Integer, { dimensions: 2 })),
      b: new Column(ARRAY(SqlString(30, { collation: "C" }))),
      c: new Column(JSONB),
      d: new Column(TSVECTOR),
      e: new Column(INTERVAL({ fields: "DAY TO SECOND", precision: 3 })),
      f: new Column(TIMESTAMP({ precision: 6 })),
      g: new Column(BIT(8)),
      h: new Column(UUID),
    });
    expect(ddlOf(new CreateTable(t))).toBe(
      'CREATE TABLE t ( a INTEGER[][], b VARCHAR(30)[] COLLATE "C", c JSONB, d TSVECTOR, e INTERVAL DAY TO SECOND (3), ' +
        "f TIMESTAMP(6) WITHOUT TIME ZONE, g BIT(8), h UUID )",
    );
  });

  it("renders a native enum by name, a non-native one as VARCHAR", () => {
    const md = new MetaData();
    const t = new Table("t", md, {
      a: new Column(Enum(["x", "yy"], { name: "myenum" })),
      b: new Column(Enum(["x", "yy"], { name: "other", nativeEnum: false })),
      c: new Column(ENUM(["a"], { name: "e3", schema: "s" })),
    });
    expect(ddlOf(new CreateTable(t))).toBe("CREATE TABLE t ( a myenum, b VARCHAR(2), c s.e3 )");
  });

  it("creates and drops enum types", () => {
    const e = ENUM(["happy", "it's ok"], { name: "mood" });
    expect(ddlOf(new CreateEnumType(e))).toBe("CREATE TYPE mood AS ENUM ('happy', 'it''s ok')");
    expect(ddlOf(new DropEnumType(e, { ifExists: true }))).toBe("DROP TYPE IF EXISTS mood");
  });
});

describe("DDL", () => {
  const ddlOf = (el: Compilable, d: PGDialect = dialect) =>
    el.compile({ dialect: d }).sql.replace(/\s+/g, " ").trim();

  it("renders SERIAL, BIGSERIAL and SMALLSERIAL primary keys", () => {
    const md = new MetaData();
    const a = new Table("a", md, { id: new Column(Integer, { primaryKey: true }) });
    const b = new Table("b", md, { id: new Column(BigInteger, { primaryKey: true }) });
    const c = new Table("c", md, { id: new Column(SmallInteger, { primaryKey: true }) });
    expect(ddlOf(new CreateTable(a))).toBe("CREATE TABLE a ( id SERIAL NOT NULL, PRIMARY KEY (id) )");
    expect(ddlOf(new CreateTable(b))).toBe("CREATE TABLE b ( id BIGSERIAL NOT NULL, PRIMARY KEY (id) )");
    expect(ddlOf(new CreateTable(c))).toBe("CREATE TABLE c ( id SMALLSERIAL NOT NULL, PRIMARY KEY (id) )");
  });

  it("renders identity columns", () => {
    const md = new MetaData();
    const t = new Table("t", md, {
      id: new Column(Integer, { primaryKey: true, identity: new Identity({ always: true, start: 10 }) }),
    });
    expect(ddlOf(new CreateTable(t))).toBe(
      "CREATE TABLE t ( id INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 10), PRIMARY KEY (id) )",
    );
  });

  it("renders a computed column as STORED before PostgreSQL 18", () => {
    const md = new MetaData();
    const t = new Table("t", md, {
      a: new Column(Integer),
      b: new Column(Integer, { computed: new Computed("a * 2") }),
    });
    const c = new CreateTable(t).compile({ dialect: new PGDialect({ serverVersion: [16, 4] }) });
    expect(c.sql.replace(/\s+/g, " ").trim()).toBe(
      "CREATE TABLE t ( a INTEGER, b INTEGER GENERATED ALWAYS AS (a * 2) STORED )",
    );
    expect(c.warnings.length).toBe(1);
    const v = new Table("v", new MetaData(), {
      a: new Column(Integer),
      b: new Column(Integer, { computed: new Computed("a * 2", { persisted: false }) }),
    });
    expect(() => ddlOf(new CreateTable(v), new PGDialect({ serverVersion: [16, 4] }))).toThrow(/virtual/);
  });

  it("renders indexes with CONCURRENTLY, USING, INCLUDE, WITH, TABLESPACE and WHERE", () => {
    const md = new MetaData();
    const t = new Table("t", md, {
      a: new Column(Integer),
      b: new Column(SqlString(10)),
      c: new Column(Integer),
    });
    const idx = new Index("ix_a", t.c.a, {
      postgresqlConcurrently: true,
      postgresqlUsing: "gin",
      postgresqlInclude: ["b"],
      postgresqlWith: { fillfactor: 50 },
      postgresqlTablespace: "sometablespace",
      postgresqlWhere: t.c.c.gt(10),
    });
    expect(ddlOf(new CreateIndex(idx))).toBe(
      "CREATE INDEX CONCURRENTLY ix_a ON t USING gin (a) INCLUDE (b) WITH (fillfactor = 50) TABLESPACE sometablespace WHERE c > 10",
    );
    expect(ddlOf(new DropIndex(idx))).toBe("DROP INDEX CONCURRENTLY ix_a");
  });

  it("renders operator classes and NULLS NOT DISTINCT", () => {
    const md = new MetaData();
    const t = new Table("t", md, { a: new Column(SqlString(10)) });
    const idx = new Index("ix_a", t.c.a, {
      unique: true,
      postgresqlOps: { a: "text_pattern_ops" },
      postgresqlNullsNotDistinct: true,
    });
    expect(ddlOf(new CreateIndex(idx))).toBe(
      "CREATE UNIQUE INDEX ix_a ON t (a text_pattern_ops) NULLS NOT DISTINCT",
    );
  });

  it("renders table options", () => {
    const md = new MetaData();
    const t = new Table(
      "t",
      md,
      { a: new Column(Integer) },
      { postgresqlPartitionBy: "RANGE (a)", postgresqlWith: { fillfactor: 70 }, postgresqlTablespace: "ts" },
    );
    expect(ddlOf(new CreateTable(t))).toBe(
      "CREATE TABLE t ( a INTEGER ) PARTITION BY RANGE (a) WITH (fillfactor = 70) TABLESPACE ts",
    );
  });

  it("renders CREATE SEQUENCE AS type", () => {
    expect(ddlOf(new CreateSequence(new Sequence("s", { start: 5, dataType: BigInteger() })))).toBe(
      "CREATE SEQUENCE s AS BIGINT START WITH 5",
    );
  });
});
