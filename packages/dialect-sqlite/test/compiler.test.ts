/**
 * Compile-only tests of the SQLite dialect, ported in part from SQLAlchemy's
 * test/dialect/sqlite/test_compiler.py. No database is involved.
 */
import {
  AddConstraint,
  ARRAY,
  and_,
  BigInteger,
  type BinaryExpression,
  type BindProcessor,
  CheckConstraint,
  Column,
  CreateIndex,
  CreateTable,
  column,
  insert as coreInsert,
  DateTime,
  delete_,
  extract,
  ForeignKeyConstraint,
  FunctionElement,
  false_,
  func,
  Index,
  Integer,
  Interval,
  LargeBinary,
  literal,
  MetaData,
  not_,
  PrimaryKeyConstraint,
  type ResultProcessor,
  Boolean as SqlBoolean,
  JSON as SqlJSON,
  String as SqlString,
  select,
  Table,
  TIMESTAMP,
  table,
  true_,
  tuple_,
  UniqueConstraint,
  Uuid,
  update,
} from "@athanor/core";
import { describe, expect, it } from "vitest";
import {
  DATETIME,
  formatJsonPath,
  insert,
  SQLiteDATETIME,
  SQLiteDialect,
  SQLiteDialectBetterSqlite3,
} from "../src/index.js";

const dialect = new SQLiteDialect();
const compile = (
  stmt: { compile(o: object): { sql: string; params: unknown[] } },
  renderPostcompile = true,
) => {
  const c = stmt.compile({ dialect, renderPostcompile });
  return { sql: c.sql.replace(/\s+/g, " ").trim(), params: c.params };
};
const sqlOf = (stmt: { compile(o: object): { sql: string; params: unknown[] } }) => compile(stmt).sql;

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
    lets_index_this: new Column(SqlString(50)),
  });
}

describe("SQLiteDialect", () => {
  it("has SQLite's name, paramstyle and flags", () => {
    expect(dialect.name).toBe("sqlite");
    expect(dialect.paramstyle).toBe("qmark");
    expect(dialect.supportsNativeBoolean).toBe(false);
    expect(dialect.insertReturning).toBe(true);
    expect(dialect.supportsAlter).toBe(false);
  });

  it("turns RETURNING off before SQLite 3.35", () => {
    const old = new SQLiteDialect({ serverVersion: [3, 34, 1] });
    expect(old.insertReturning).toBe(false);
    expect(old.updateReturning).toBe(false);
    expect(new SQLiteDialect({ serverVersion: [3, 45, 1] }).deleteReturning).toBe(true);
  });

  it("has a better-sqlite3 driver class with qmark parameters", () => {
    const d = new SQLiteDialectBetterSqlite3();
    expect(d.driver).toBe("better-sqlite3");
    expect(d.paramstyle).toBe("qmark");
    expect(d.name).toBe("sqlite");
  });
});

describe("SELECT", () => {
  it("renders EXTRACT with STRFTIME", () => {
    const t = table("t", column("col1"));
    const mapping: Record<string, string> = {
      month: "%m",
      day: "%d",
      year: "%Y",
      second: "%S",
      hour: "%H",
      doy: "%j",
      minute: "%M",
      epoch: "%s",
      dow: "%w",
      week: "%W",
    };
    for (const [field, subst] of Object.entries(mapping)) {
      expect(sqlOf(select(extract(field, t.c.col1)))).toBe(
        `SELECT CAST(STRFTIME('${subst}', t.col1) AS INTEGER) AS anon_1 FROM t`,
      );
    }
  });

  it("refuses an unknown EXTRACT field", () => {
    const t = table("t", column("col1"));
    expect(() => sqlOf(select(extract("century", t.c.col1)))).toThrow(/not a valid extract argument/);
  });

  it("renders true and false as 1 and 0", () => {
    expect(sqlOf(select(mytable.c.myid).where(true_()))).toBe("SELECT mytable.myid FROM mytable WHERE 1 = 1");
    expect(sqlOf(select(mytable.c.myid).where(false_()))).toBe(
      "SELECT mytable.myid FROM mytable WHERE 0 = 1",
    );
  });

  it("compares a boolean column with 1", () => {
    const t = table("t", column("flag", SqlBoolean), column("x", Integer));
    expect(compile(select(t.c.x).where(t.c.flag.eq(false)))).toEqual({
      sql: "SELECT t.x FROM t WHERE t.flag = 0",
      params: [],
    });
  });

  it("renders IS DISTINCT FROM as IS NOT", () => {
    expect(sqlOf(select(mytable.c.myid).where(mytable.c.myid.isDistinctFrom(mytable.c.name)))).toBe(
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IS NOT mytable.name",
    );
    expect(sqlOf(select(mytable.c.myid).where(mytable.c.myid.isNotDistinctFrom(mytable.c.name)))).toBe(
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IS mytable.name",
    );
  });

  it("renders now() and localtimestamp()", () => {
    expect(sqlOf(select(func.now()))).toBe("SELECT CURRENT_TIMESTAMP AS now_1");
    expect(sqlOf(select(new FunctionElement("localtimestamp", [])))).toBe(
      "SELECT DATETIME(CURRENT_TIMESTAMP, 'localtime') AS localtimestamp_1",
    );
  });

  it("renders char_length() as length()", () => {
    expect(sqlOf(select(func.char_length(mytable.c.name)))).toBe(
      "SELECT length(mytable.name) AS char_length_1 FROM mytable",
    );
  });

  it("always renders LIMIT and OFFSET together", () => {
    expect(compile(select(mytable.c.myid).limit(10))).toEqual({
      sql: "SELECT mytable.myid FROM mytable LIMIT ? OFFSET ?",
      params: [10, 0],
    });
    expect(compile(select(mytable.c.myid).offset(5))).toEqual({
      sql: "SELECT mytable.myid FROM mytable LIMIT ? OFFSET ?",
      params: [-1, 5],
    });
    expect(compile(select(mytable.c.myid).limit(3).offset(6))).toEqual({
      sql: "SELECT mytable.myid FROM mytable LIMIT ? OFFSET ?",
      params: [3, 6],
    });
  });

  it("renders OFFSET .. ROWS FETCH FIRST without LIMIT", () => {
    expect(compile(select(mytable.c.myid).offset(2).fetch(4))).toEqual({
      sql: "SELECT mytable.myid FROM mytable OFFSET ? ROWS FETCH FIRST ? ROWS ONLY",
      params: [2, 4],
    });
  });

  it("has no FOR UPDATE", () => {
    expect(sqlOf(select(mytable.c.myid).withForUpdate({ nowait: true }))).toBe(
      "SELECT mytable.myid FROM mytable",
    );
  });

  it("refuses DISTINCT ON", () => {
    expect(() => sqlOf(select(mytable.c.myid).distinct(mytable.c.name))).toThrow(/DISTINCT ON/);
  });

  it("divides with a float divisor", () => {
    const t = table("t", column("x", Integer), column("y", Integer));
    expect(sqlOf(select(t.c.x.div(t.c.y).label("r")))).toBe("SELECT t.x / (t.y + 0.0) AS r FROM t");
  });

  it("renders XOR as (a | b) - (a & b)", () => {
    const t = table("t", column("x", Integer), column("y", Integer));
    expect(sqlOf(select(t.c.x.bitwiseXor(t.c.y)))).toBe("SELECT (t.x | t.y - t.x & t.y) AS anon_1 FROM t");
  });

  it("renders group_concat for aggregate_strings", () => {
    expect(sqlOf(select(new FunctionElement("aggregate_strings", [mytable.c.name, ","])))).toBe(
      "SELECT group_concat(mytable.name, ',') AS aggregate_strings_1 FROM mytable",
    );
  });
});

describe("IN", () => {
  it("renders a tuple IN as VALUES", () => {
    expect(
      compile(
        select(mytable.c.myid).where(
          tuple_(column("q"), column("p")).in([
            [1, 2],
            [3, 4],
          ]),
        ),
      ),
    ).toEqual({
      sql: "SELECT mytable.myid FROM mytable WHERE (q, p) IN (VALUES (?, ?), (?, ?))",
      params: [1, 2, 3, 4],
    });
  });

  it("renders an empty IN as an empty subquery", () => {
    expect(sqlOf(select(mytable.c.myid).where(mytable.c.myid.in([])))).toBe(
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)",
    );
    expect(sqlOf(select(mytable.c.myid).where(mytable.c.myid.notIn([])))).toBe(
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid NOT IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1))",
    );
  });

  it("renders an empty tuple IN with one 1 per element", () => {
    expect(sqlOf(select(mytable.c.myid).where(tuple_(mytable.c.myid, mytable.c.name).in([])))).toBe(
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid, mytable.name) IN (SELECT 1, 1 FROM (SELECT 1, 1) WHERE 1!=1)",
    );
  });
});

describe("regular expressions", () => {
  it("renders REGEXP", () => {
    expect(compile(mytable.c.myid.regexpMatch("pattern"))).toEqual({
      sql: "mytable.myid REGEXP ?",
      params: ["pattern"],
    });
    expect(compile(mytable.c.myid.regexpMatch(mytable.c.name))).toEqual({
      sql: "mytable.myid REGEXP mytable.name",
      params: [],
    });
    expect(compile(literal("string").regexpMatch(mytable.c.name))).toEqual({
      sql: "? REGEXP mytable.name",
      params: ["string"],
    });
  });

  it("leaves flags out", () => {
    expect(sqlOf(mytable.c.myid.regexpMatch("pattern", "ig"))).toBe("mytable.myid REGEXP ?");
  });

  it("renders NOT REGEXP", () => {
    expect(sqlOf(not_(mytable.c.myid.regexpMatch("pattern")))).toBe("mytable.myid NOT REGEXP ?");
    expect(sqlOf(not_(mytable.c.myid.regexpMatch(mytable.c.name)))).toBe(
      "mytable.myid NOT REGEXP mytable.name",
    );
  });

  it("refuses REGEXP_REPLACE", () => {
    expect(() => sqlOf(mytable.c.myid.regexpReplace("pattern", "rep"))).toThrow(
      /does not support regular expression replacements/,
    );
  });
});

describe("JSON", () => {
  const t = table("t", column("data", SqlJSON()));
  const el = (key: string | string[]) => t.c.data.index(key) as BinaryExpression;

  it("indexes with JSON_EXTRACT, quoted back to JSON", () => {
    expect(compile(select(t.c.data.index("a")))).toEqual({
      sql: "SELECT JSON_QUOTE(JSON_EXTRACT(t.data, ?)) AS anon_1 FROM t",
      params: ["a"],
    });
  });

  it("casts an element read as a scalar", () => {
    expect(sqlOf(select(el("a").asString()))).toBe(
      "SELECT CAST(JSON_EXTRACT(t.data, ?) AS VARCHAR) AS anon_1 FROM t",
    );
    expect(sqlOf(select(el("a").asInteger()))).toBe(
      "SELECT CAST(JSON_EXTRACT(t.data, ?) AS INTEGER) AS anon_1 FROM t",
    );
    expect(sqlOf(select(el(["a", "b"]).asFloat()))).toBe(
      "SELECT CAST(JSON_EXTRACT(t.data, ?) AS FLOAT) AS anon_1 FROM t",
    );
  });

  it("uses a boolean element as a condition as it stands", () => {
    expect(sqlOf(select(t.c.data).where(el("ok").asBoolean()))).toBe(
      "SELECT t.data FROM t WHERE CAST(JSON_EXTRACT(t.data, ?) AS BOOLEAN)",
    );
  });

  it("formats JSON paths as SQLite paths", () => {
    expect(formatJsonPath(["a", 0, "b"])).toBe('$."a"[0]."b"');
  });
});

describe("INSERT / UPDATE / DELETE", () => {
  it("renders RETURNING with bare column names", () => {
    const u = users();
    expect(sqlOf(coreInsert(u).values({ name: "x" }).returning(u.c.id, u.c.name))).toBe(
      "INSERT INTO users (name) VALUES (?) RETURNING id, name",
    );
    expect(sqlOf(update(u).values({ name: "y" }).where(u.c.id.eq(1)).returning(u.c.id))).toBe(
      "UPDATE users SET name=? WHERE users.id = ? RETURNING id",
    );
  });

  it("renders no implicit RETURNING", () => {
    const u = users();
    expect(sqlOf(coreInsert(u).values({ name: "x" }))).toBe("INSERT INTO users (name) VALUES (?)");
  });

  it("renders UPDATE .. FROM", () => {
    const u = users();
    const other = table("other", column("id", Integer), column("name", SqlString));
    expect(sqlOf(update(u).values({ name: other.c.name }).where(u.c.id.eq(other.c.id)))).toBe(
      "UPDATE users SET name=other.name FROM other WHERE users.id = other.id",
    );
  });

  it("refuses a DELETE with criteria on another table", () => {
    const u = users();
    const other = table("other", column("id", Integer));
    expect(() => sqlOf(delete_(u).where(u.c.id.eq(other.c.id)))).toThrow(
      /multiple-table criteria within DELETE/,
    );
  });
});

describe("ON CONFLICT", () => {
  it("renders DO NOTHING with and without a target", () => {
    const u = users();
    expect(compile(insert(u).values({ id: 1, name: "x" }).onConflictDoNothing())).toEqual({
      sql: "INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
      params: [1, "x"],
    });
    expect(
      sqlOf(
        insert(u)
          .values({ id: 1, name: "x" })
          .onConflictDoNothing({ indexElements: ["id"] }),
      ),
    ).toBe("INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING");
  });

  it("renders DO UPDATE with excluded, literal values and WHERE", () => {
    const u = users();
    const stmt = insert(u).values({ id: 1, name: "x" });
    expect(
      compile(
        stmt.onConflictDoUpdate({
          indexElements: [u.c.id],
          set: { name: stmt.excluded.name, login_email: "e" },
          where: u.c.name.ne("admin"),
        }),
      ),
    ).toEqual({
      sql:
        "INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, " +
        "login_email = ? WHERE users.name != ?",
      params: [1, "x", "e", "admin"],
    });
  });

  it("renders a partial-index target with values inline", () => {
    const u = users();
    const stmt = insert(u).values({ id: 1, name: "x" });
    expect(
      sqlOf(
        stmt.onConflictDoUpdate({
          indexElements: [u.c.name],
          indexWhere: u.c.name.gt("m"),
          set: { login_email: stmt.excluded.login_email },
        }),
      ),
    ).toBe(
      "INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (name) WHERE name > 'm' DO UPDATE SET login_email = excluded.login_email",
    );
  });

  it("allows one ON CONFLICT clause only", () => {
    const u = users();
    expect(() => insert(u).values({ id: 1 }).onConflictDoNothing().onConflictDoNothing()).toThrow(
      /already has an ON CONFLICT clause/,
    );
  });
});

describe("types", () => {
  const ddlOf = (tbl: Table<any>) =>
    new CreateTable(tbl).compile({ dialect }).sql.replace(/\s+/g, " ").trim();

  it("renders the generic types", () => {
    const md = new MetaData();
    const tbl = new Table("t", md, {
      a: new Column(DateTime),
      b: new Column(TIMESTAMP),
      c: new Column(LargeBinary),
      d: new Column(SqlBoolean),
      e: new Column(Uuid),
      f: new Column(Interval),
      g: new Column(SqlJSON),
      h: new Column(BigInteger),
    });
    expect(ddlOf(tbl)).toBe(
      "CREATE TABLE t ( a DATETIME, b TIMESTAMP, c BLOB, d BOOLEAN, e CHAR(32), f DATETIME, g JSON, h BIGINT )",
    );
  });

  it("stores datetimes as ISO strings", () => {
    const t = new SQLiteDATETIME();
    const bp = t.bindProcessor(dialect) as BindProcessor;
    expect(bp(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)))).toBe("2024-01-02 03:04:05.006000");
    const bp2 = DATETIME({ truncateMicroseconds: true }).bindProcessor(dialect) as BindProcessor;
    expect(bp2(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe("2024-01-02 03:04:05");
    const rp = t.resultProcessor(dialect) as ResultProcessor;
    expect((rp("2024-01-02 03:04:05.006000") as Date).toISOString()).toBe("2024-01-02T03:04:05.006Z");
  });

  it("refuses ARRAY", () => {
    expect(() => dialect.typeCompiler.process(ARRAY(Integer))).toThrow(/ARRAY/);
  });
});

describe("DDL", () => {
  const ddlOf = (el: { compile(o: object): { sql: string } }) =>
    el.compile({ dialect }).sql.replace(/\s+/g, " ").trim();

  it("renders AUTOINCREMENT inline with sqliteAutoincrement", () => {
    const md = new MetaData();
    const t = new Table(
      "t",
      md,
      { id: new Column(Integer, { primaryKey: true }), v: new Column(SqlString(10)) },
      { sqliteAutoincrement: true },
    );
    expect(ddlOf(new CreateTable(t))).toBe(
      "CREATE TABLE t ( id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, v VARCHAR(10) )",
    );
  });

  it("refuses autoincrement on a composite primary key", () => {
    const md = new MetaData();
    const t = new Table("t", md, {
      x: new Column(Integer, { primaryKey: true, autoincrement: true }),
      y: new Column(Integer, { primaryKey: true }),
    });
    expect(() => ddlOf(new CreateTable(t))).toThrow(/composite primary keys/);
  });

  it("renders WITHOUT ROWID and STRICT", () => {
    const md = new MetaData();
    const t = new Table(
      "atable",
      md,
      { id: new Column(Integer) },
      { sqliteWithRowid: false, sqliteStrict: true },
    );
    expect(ddlOf(new CreateTable(t))).toBe("CREATE TABLE atable ( id INTEGER ) WITHOUT ROWID, STRICT");
  });

  it("renders ON CONFLICT of constraints and columns", () => {
    const md = new MetaData();
    const t = new Table(
      "n",
      md,
      {
        id: new Column(Integer, { nullable: false, sqliteOnConflictNotNull: "FAIL" }),
        x: new Column(Integer),
      },
      undefined,
    );
    t.appendConstraint(new UniqueConstraint("x", { sqliteOnConflict: "IGNORE" }));
    t.appendConstraint(new PrimaryKeyConstraint("id", { sqliteOnConflict: "ROLLBACK" }));
    expect(ddlOf(new CreateTable(t))).toBe(
      "CREATE TABLE n ( id INTEGER NOT NULL ON CONFLICT FAIL, x INTEGER, PRIMARY KEY (id) ON CONFLICT ROLLBACK, UNIQUE (x) ON CONFLICT IGNORE )",
    );
  });

  it("renders a CHECK with ON CONFLICT", () => {
    const md = new MetaData();
    const t = new Table("n", md, { x: new Column(Integer) });
    t.appendConstraint(new CheckConstraint("x > 1", { sqliteOnConflict: "FAIL" }));
    expect(ddlOf(new CreateTable(t))).toBe("CREATE TABLE n ( x INTEGER, CHECK (x > 1) ON CONFLICT FAIL )");
  });

  it("renders a partial index, values inline", () => {
    const md = new MetaData();
    const tbl = new Table("testtbl", md, { data: new Column(Integer) });
    const idx = new Index("test_idx1", tbl.c.data, {
      sqliteWhere: and_(tbl.c.data.gt(5), tbl.c.data.lt(10)),
    });
    const tbl2 = new Table("testtbl2", md, { data: new Column(SqlString(10)) });
    expect(ddlOf(new CreateIndex(idx))).toBe(
      "CREATE INDEX test_idx1 ON testtbl (data) WHERE data > 5 AND data < 10",
    );
    const idx2 = new Index("test_idx2", tbl2.c.data, {
      sqliteWhere: and_(tbl2.c.data.gt("a"), tbl2.c.data.lt("b's")),
    });
    expect(ddlOf(new CreateIndex(idx2))).toBe(
      "CREATE INDEX test_idx2 ON testtbl2 (data) WHERE data > 'a' AND data < 'b''s'",
    );
  });

  it("puts the schema on the index name, not the table", () => {
    const md = new MetaData();
    const tbl = new Table("t", md, { a: new Column(Integer) }, { schema: "s" });
    expect(ddlOf(new CreateIndex(new Index("ix_a", tbl.c.a)))).toBe("CREATE INDEX s.ix_a ON t (a)");
  });

  it("names the remote table of a foreign key without its schema, and leaves out a cross-schema one", () => {
    const md = new MetaData();
    const a = new Table("a", md, { id: new Column(Integer, { primaryKey: true }) }, { schema: "s" });
    const b = new Table(
      "b",
      md,
      { id: new Column(Integer, { primaryKey: true }), a_id: new Column(Integer) },
      { schema: "s" },
    );
    b.appendConstraint(new ForeignKeyConstraint(["a_id"], [a.c.id]));
    expect(ddlOf(new CreateTable(b))).toBe(
      "CREATE TABLE s.b ( id INTEGER NOT NULL, a_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(a_id) REFERENCES a (id) )",
    );
    const c = new Table("c", md, {
      id: new Column(Integer, { primaryKey: true }),
      a_id: new Column(Integer),
    });
    c.appendConstraint(new ForeignKeyConstraint(["a_id"], [a.c.id]));
    expect(ddlOf(new CreateTable(c))).toBe(
      "CREATE TABLE c ( id INTEGER NOT NULL, a_id INTEGER, PRIMARY KEY (id) )",
    );
  });

  it("parenthesises an expression server default", () => {
    const md = new MetaData();
    const t = new Table("t", md, {
      a: new Column(Integer, { serverDefault: new FunctionElement("abs", [-5]) }),
      b: new Column(SqlString(10), { serverDefault: "x" }),
    });
    expect(ddlOf(new CreateTable(t))).toBe(
      "CREATE TABLE t ( a INTEGER DEFAULT (abs(-5)), b VARCHAR(10) DEFAULT 'x' )",
    );
  });

  it("refuses to add a foreign key with ALTER TABLE", () => {
    const md = new MetaData();
    const a = new Table("a", md, { id: new Column(Integer, { primaryKey: true }) });
    const b = new Table("b", md, { a_id: new Column(Integer) });
    const fk = new ForeignKeyConstraint(["a_id"], [a.c.id], { name: "fk_b_a" });
    b.appendConstraint(fk);
    expect(() => ddlOf(new AddConstraint(fk))).toThrow(/FOREIGN KEY/);
  });
});
