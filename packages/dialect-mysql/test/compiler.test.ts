/**
 * Compile-only tests of the MySQL dialect and its MariaDB variant, ported
 * from SQLAlchemy's test/dialect/mysql/test_compiler.py (CompileTest,
 * SQLTest, InsertOnDuplicateTest, RegexpTest*, MatchExpressionTest,
 * CustomExtensionTest); expected SQL as SQLAlchemy 2.1 renders it.
 */
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String and Boolean are SQLAlchemy's type names */
import {
  Boolean,
  bindparam,
  type ClauseElement,
  Column,
  CompileError,
  cast,
  DateTime,
  delete_,
  extract,
  Float,
  FunctionElement,
  false_,
  Integer,
  insert,
  LargeBinary,
  literal,
  MetaData,
  Numeric,
  not_,
  Sequence,
  String,
  select,
  Table,
  Text,
  text,
  true_,
  Uuid,
  update,
} from "@athanor/core";
import { describe, expect, test } from "vitest";
import * as mysql from "../src/index.js";
import { MySQL2Dialect, MySQLDialect } from "../src/index.js";

/** `func.<name>(...)`, spelled so that it type-checks under noUncheckedIndexedAccess. */
function fn(name: string, ...args: unknown[]): FunctionElement<any> {
  return new FunctionElement(name, args);
}

const MYSQL = new MySQLDialect({ serverVersion: [8, 0, 36] });
const MARIADB = new MySQLDialect({ isMariaDB: true, serverVersion: [11, 4, 2] });

/** Whitespace runs become one space, and none is kept just inside parentheses (as the corpus' normalizeSql). */
function normalize(sql: string): string {
  return sql.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")").trim();
}

function sqlOf(stmt: ClauseElement, dialect: MySQLDialect = MYSQL) {
  const c = stmt.compile({ dialect, renderPostcompile: true });
  return { sql: normalize(c.sql), params: c.params, warnings: c.warnings };
}

function check(stmt: ClauseElement, sql: string, params?: unknown[], dialect: MySQLDialect = MYSQL) {
  const out = sqlOf(stmt, dialect);
  expect(out.sql).toBe(normalize(sql));
  if (params !== undefined) expect(out.params).toEqual(params);
  return out;
}

function fixture() {
  const md = new MetaData();
  const mytable = new Table("mytable", md, {
    myid: new Column(Integer),
    name: new Column(String(30)),
    description: new Column(String(50)),
  });
  const t2 = new Table("t2", md, {
    id: new Column(Integer, { primaryKey: true }),
    data: new Column(String(50)),
  });
  return { md, mytable, t2 };
}

describe("dialect", () => {
  test("names, paramstyles and version flags", () => {
    expect(MYSQL.name).toBe("mysql");
    expect(MYSQL.paramstyle).toBe("format");
    expect(MARIADB.name).toBe("mariadb");
    expect(MARIADB.isMariaDB).toBe(true);
    expect(MARIADB.insertReturning).toBe(true);
    expect(MARIADB.supportsSequences).toBe(true);
    expect(MYSQL.insertReturning).toBe(false);
    expect(new MySQLDialect({ serverVersion: [5, 7, 40] }).supportsForUpdateOf).toBe(false);
    expect(new MySQLDialect({ isMariaDB: true, serverVersion: [10, 2] }).supportsSequences).toBe(false);
    expect(new MySQLDialect({ paramstyle: "pyformat" }).paramstyle).toBe("pyformat");
    expect(new MySQL2Dialect({ isMariaDB: true }).name).toBe("mariadb");
    const driver = new MySQL2Dialect();
    expect(driver.driver).toBe("mysql2");
    expect(driver.paramstyle).toBe("qmark");
  });

  test("mysql2 placeholders", () => {
    const { mytable } = fixture();
    const c = select(mytable.c.myid).where(mytable.c.name.eq("x")).compile({ dialect: new MySQL2Dialect() });
    expect(c.sql).toBe("SELECT mytable.myid \nFROM mytable \nWHERE mytable.name = ?");
  });

  test("reserved words: MySQL vs MariaDB", () => {
    const md = new MetaData();
    const t = new Table("t", md, {
      window: new Column(Integer),
      body: new Column(Integer),
      offset: new Column(Integer),
      level: new Column(Integer),
    });
    check(select(t), "SELECT t.`window`, t.body, t.offset, t.level FROM t");
    check(select(t), "SELECT t.`window`, t.`body`, t.`offset`, t.level FROM t", [], MARIADB);
  });
});

describe("SELECT", () => {
  test("LIMIT and OFFSET", () => {
    const { mytable } = fixture();
    check(select(mytable.c.myid).limit(10), "SELECT mytable.myid FROM mytable LIMIT %s", [10]);
    check(
      select(mytable.c.myid).limit(10).offset(20),
      "SELECT mytable.myid FROM mytable LIMIT %s, %s",
      [20, 10],
    );
    check(
      select(mytable.c.myid).offset(5),
      "SELECT mytable.myid FROM mytable LIMIT %s, 18446744073709551615",
      [5],
    );
  });

  test("FROM DUAL only when there is a WHERE", () => {
    check(select(literal(1)), "SELECT %s AS anon_1", [1]);
    check(
      select(literal(1)).where(literal(1).eq(1)),
      "SELECT %s AS anon_1 FROM DUAL WHERE %s = %s",
      [1, 1, 1],
    );
  });

  test("INNER JOIN", () => {
    const { mytable, t2 } = fixture();
    check(
      select(mytable.c.myid).join(t2, mytable.c.myid.eq(t2.c.id)),
      "SELECT mytable.myid FROM mytable INNER JOIN t2 ON mytable.myid = t2.id",
    );
  });

  test("where(true()) and boolean columns", () => {
    const md = new MetaData();
    const t = new Table("t", md, { id: new Column(Integer), flag: new Column(Boolean) });
    check(select(t.c.id).where(true_()), "SELECT t.id FROM t WHERE true = 1");
    check(select(t.c.id).where(false_()), "SELECT t.id FROM t WHERE false = 1");
    check(select(t.c.id).where(t.c.flag), "SELECT t.id FROM t WHERE t.flag = 1");
    check(select(t.c.id).where(t.c.flag.eq(false)), "SELECT t.id FROM t WHERE t.flag = false");
  });

  test("FOR UPDATE variants", () => {
    const { mytable } = fixture();
    const base = "SELECT mytable.myid FROM mytable";
    check(select(mytable.c.myid).withForUpdate(), `${base} FOR UPDATE`);
    check(select(mytable.c.myid).withForUpdate({ read: true }), `${base} FOR SHARE`);
    check(
      select(mytable.c.myid).withForUpdate({ of: mytable, nowait: true }),
      `${base} FOR UPDATE OF mytable NOWAIT`,
    );
    check(select(mytable.c.myid).withForUpdate({ skipLocked: true }), `${base} FOR UPDATE SKIP LOCKED`);
    check(select(mytable.c.myid).withForUpdate({ keyShare: true }), `${base} FOR UPDATE`);
    // MariaDB (and MySQL 5.7): LOCK IN SHARE MODE, no OF.
    check(
      select(mytable.c.myid).withForUpdate({ read: true, of: mytable }),
      `${base} LOCK IN SHARE MODE`,
      [],
      MARIADB,
    );
    check(
      select(mytable.c.myid).withForUpdate({ read: true }),
      `${base} LOCK IN SHARE MODE`,
      [],
      new MySQLDialect({ serverVersion: [5, 7, 1] }),
    );
  });

  test("index hints, statement hints and prefixes", () => {
    const { mytable } = fixture();
    check(
      select(mytable.c.myid).withHint(mytable, "USE INDEX (ix_name)"),
      "SELECT mytable.myid FROM mytable USE INDEX (ix_name)",
    );
    check(
      select(mytable.c.myid).withHint(mytable, "WITH (NOLOCK)", { dialectName: "mssql" }),
      "SELECT mytable.myid FROM mytable",
    );
    check(
      select(mytable.c.myid).withStatementHint("MAX_EXECUTION_TIME(1000)", { dialectName: "mysql" }),
      "SELECT mytable.myid FROM mytable MAX_EXECUTION_TIME(1000)",
    );
    check(select(mytable.c.myid).prefixWith("SQL_NO_CACHE"), "SELECT SQL_NO_CACHE mytable.myid FROM mytable");
    check(
      select(mytable.c.myid).prefixWith("HIGH_PRIORITY", { dialect: "mysql" }),
      "SELECT HIGH_PRIORITY mytable.myid FROM mytable",
    );
  });

  test("functions", () => {
    const { mytable } = fixture();
    check(
      select(fn("random"), fn("sysdate"), fn("utc_timestamp")),
      "SELECT rand() AS random_1, SYSDATE() AS sysdate_1, utc_timestamp() AS utc_timestamp_1",
    );
    check(
      select(fn("aggregate_strings", mytable.c.name, ",")),
      "SELECT group_concat(mytable.name SEPARATOR ',') AS aggregate_strings_1 FROM mytable",
    );
    check(
      select(mytable.c.myid, fn("count")).groupBy(fn("rollup", mytable.c.myid, mytable.c.name)),
      "SELECT mytable.myid, count(*) AS count_1 FROM mytable GROUP BY mytable.myid, mytable.name WITH ROLLUP",
    );
    check(
      select(extract("milliseconds", mytable.c.myid)),
      "SELECT EXTRACT(millisecond FROM mytable.myid) AS anon_1 FROM mytable",
    );
  });
});

describe("operators", () => {
  test("concatenation is concat(), flattened", () => {
    const { mytable } = fixture();
    check(
      select(mytable.c.name.add(mytable.c.description).add("x")),
      "SELECT concat(mytable.name, mytable.description, %s) AS anon_1 FROM mytable",
      ["x"],
    );
    check(
      select(mytable.c.myid).where(mytable.c.name.startswith("a")),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name LIKE concat(%s, '%%'))",
      ["a"],
    );
  });

  test("IS [NOT] DISTINCT FROM is <=>", () => {
    const { mytable } = fixture();
    check(
      select(mytable.c.myid).where(mytable.c.name.isNotDistinctFrom(mytable.c.description)),
      "SELECT mytable.myid FROM mytable WHERE mytable.name <=> mytable.description",
    );
    check(
      select(mytable.c.myid).where(mytable.c.name.isDistinctFrom(mytable.c.description)),
      "SELECT mytable.myid FROM mytable WHERE NOT (mytable.name <=> mytable.description)",
    );
  });

  test("percent signs are doubled", () => {
    const { mytable } = fixture();
    check(select(mytable.c.myid.mod(3)), "SELECT mytable.myid %% %s AS anon_1 FROM mytable", [3]);
    check(
      text("SELECT 'a%' FROM t WHERE x = :x").bindparams({ x: 1 }),
      "SELECT 'a%%' FROM t WHERE x = %s",
      [1],
    );
  });

  test("concatenation with literal binds", () => {
    const c = literal("x", String)
      .concat(literal("y", String))
      .compile({ dialect: MYSQL, literalBinds: true });
    expect(c.sql).toBe("concat('x', 'y')");
  });

  test("backslashes are escaped in literals", () => {
    const c = select(literal("a\\b"), literal("50%")).compile({ dialect: MYSQL, literalBinds: true });
    expect(c.sql).toBe("SELECT 'a\\\\b' AS anon_1, '50%%' AS anon_2");
  });

  test("boolean literals are true / false", () => {
    const md = new MetaData();
    const t = new Table("t", md, { flag: new Column(Boolean) });
    check(
      select(t.c.flag).where(t.c.flag.eq(bindparam("b", true, { literalExecute: true }))),
      "SELECT t.flag FROM t WHERE t.flag = true",
    );
  });
});

describe("regular expressions", () => {
  const { mytable } = fixture();
  test("without flags", () => {
    check(
      select(mytable.c.myid).where(mytable.c.name.regexpMatch("pat")),
      "SELECT mytable.myid FROM mytable WHERE mytable.name REGEXP %s",
      ["pat"],
    );
    check(
      select(mytable.c.myid).where(not_(mytable.c.name.regexpMatch("pat"))),
      "SELECT mytable.myid FROM mytable WHERE mytable.name NOT REGEXP %s",
    );
    check(
      select(mytable.c.name.regexpReplace("pat", "rep")),
      "SELECT REGEXP_REPLACE(mytable.name, %s, %s) AS anon_1 FROM mytable",
      ["pat", "rep"],
    );
    check(
      select(mytable.c.myid).where(mytable.c.name.regexpMatch(mytable.c.description)),
      "SELECT mytable.myid FROM mytable WHERE mytable.name REGEXP mytable.description",
      [],
      MARIADB,
    );
  });

  test("MySQL flags: REGEXP_LIKE / REGEXP_REPLACE arguments", () => {
    check(
      select(mytable.c.myid).where(mytable.c.name.regexpMatch("pat", "ig")),
      "SELECT mytable.myid FROM mytable WHERE REGEXP_LIKE(mytable.name, %s, 'ig')",
      ["pat"],
    );
    check(
      select(mytable.c.myid).where(not_(mytable.c.name.regexpMatch("pat", "ig"))),
      "SELECT mytable.myid FROM mytable WHERE NOT REGEXP_LIKE(mytable.name, %s, 'ig')",
    );
    check(
      select(mytable.c.name.regexpReplace("pat", "rep", "ig")),
      "SELECT REGEXP_REPLACE(mytable.name, %s, %s, 'ig') AS anon_1 FROM mytable",
      ["pat", "rep"],
    );
    check(
      select(mytable.c.myid).where(mytable.c.name.regexpMatch("pat", "i'g")),
      "SELECT mytable.myid FROM mytable WHERE REGEXP_LIKE(mytable.name, %s, 'i''g')",
    );
  });

  test("MariaDB flags: inline (?flags) pattern", () => {
    check(
      select(mytable.c.myid).where(mytable.c.name.regexpMatch("pat", "ig")),
      "SELECT mytable.myid FROM mytable WHERE mytable.name REGEXP CONCAT('(?', 'ig', ')', %s)",
      ["pat"],
      MARIADB,
    );
    check(
      select(mytable.c.myid).where(not_(mytable.c.name.regexpMatch("pat", "ig"))),
      "SELECT mytable.myid FROM mytable WHERE mytable.name NOT REGEXP CONCAT('(?', 'ig', ')', %s)",
      ["pat"],
      MARIADB,
    );
    check(
      select(mytable.c.name.regexpReplace("pat", "rep", "ig")),
      "SELECT REGEXP_REPLACE(mytable.name, CONCAT('(?', 'ig', ')', %s), %s) AS anon_1 FROM mytable",
      ["pat", "rep"],
      MARIADB,
    );
  });
});

describe("MATCH ... AGAINST", () => {
  const { mytable } = fixture();
  test("generic match() is IN BOOLEAN MODE", () => {
    check(
      select(mytable.c.myid).where(mytable.c.name.match("x")),
      "SELECT mytable.myid FROM mytable WHERE MATCH (mytable.name) AGAINST (%s IN BOOLEAN MODE)",
      ["x"],
    );
  });

  test("mysql.match() with modifiers", () => {
    check(
      select(mytable.c.myid).where(mysql.match(mytable.c.name, { against: "x" })),
      "SELECT mytable.myid FROM mytable WHERE MATCH (mytable.name) AGAINST (%s)",
      ["x"],
    );
    check(
      select(
        mysql
          .match(mytable.c.name, mytable.c.description, { against: "x" })
          .inNaturalLanguageMode()
          .withQueryExpansion(),
      ),
      "SELECT MATCH (mytable.name, mytable.description) AGAINST (%s IN NATURAL LANGUAGE MODE WITH QUERY EXPANSION) AS anon_1 FROM mytable",
    );
    check(
      select(mytable.c.myid).where(
        mysql.match(mytable.c.name, { against: mytable.c.description, inBooleanMode: true }),
      ),
      "SELECT mytable.myid FROM mytable WHERE MATCH (mytable.name) AGAINST (mytable.description IN BOOLEAN MODE)",
    );
  });

  test("invalid combinations and other dialects raise", () => {
    const m = mysql.match(mytable.c.name, { against: "x", inBooleanMode: true, withQueryExpansion: true });
    expect(() => sqlOf(select(m))).toThrow(/Invalid MySQL match flags/);
    expect(() => select(mysql.match(mytable.c.name, { against: "x" })).compile()).toThrow(/can't render/);
  });
});

describe("JSON", () => {
  const md = new MetaData();
  const doc = new Table("doc", md, { id: new Column(Integer), data: new Column(mysql.JSON) });
  test("index, path and typed reads", () => {
    check(select(doc.c.data.index("a")), "SELECT JSON_EXTRACT(doc.data, %s) AS anon_1 FROM doc", ["a"]);
    check(
      select((doc.c.data.index("a") as any).asInteger()),
      "SELECT CASE JSON_EXTRACT(doc.data, %s) WHEN 'null' THEN NULL ELSE CAST(JSON_EXTRACT(doc.data, %s) AS SIGNED INTEGER) END AS anon_1 FROM doc",
      ["a", "a"],
    );
    check(
      select((doc.c.data.index(["a", "b"]) as any).asString()),
      "SELECT CASE JSON_EXTRACT(doc.data, %s) WHEN 'null' THEN NULL ELSE JSON_UNQUOTE(JSON_EXTRACT(doc.data, %s)) END AS anon_1 FROM doc",
    );
    check(
      select((doc.c.data.index("a") as any).asNumeric(10, 2)),
      "SELECT CASE JSON_EXTRACT(doc.data, %s) WHEN 'null' THEN NULL ELSE CAST(JSON_EXTRACT(doc.data, %s) AS DECIMAL(10, 2)) END AS anon_1 FROM doc",
    );
    check(
      select(doc.c.id).where((doc.c.data.index("a") as any).asBoolean()),
      "SELECT doc.id FROM doc WHERE CASE JSON_EXTRACT(doc.data, %s) WHEN 'null' THEN NULL WHEN true THEN true ELSE false END",
    );
  });
});

describe("CAST", () => {
  const { mytable } = fixture();
  test("the types MySQL casts to", () => {
    const cases: [unknown, string][] = [
      [mysql.INTEGER({ unsigned: true }), "UNSIGNED INTEGER"],
      [mysql.VARCHAR(10, { charset: "utf8" }), "CHAR(10) CHARACTER SET utf8"],
      [mysql.TIMESTAMP(), "DATETIME"],
      [Numeric(), "DECIMAL"],
      [Numeric(10, 2), "DECIMAL(10, 2)"],
      [mysql.DECIMAL(10, 2), "DECIMAL(10, 2)"],
      [String(), "CHAR"],
      [String(20, { collation: "utf8mb4_bin" }), "CHAR(20)"],
      [Text(), "CHAR"],
      [LargeBinary(), "BINARY"],
      [DateTime(), "DATETIME"],
      [mysql.DATETIME({ fsp: 6 }), "DATETIME(6)"],
      [Integer(), "SIGNED INTEGER"],
      [mysql.JSON(), "JSON"],
    ];
    for (const [type, target] of cases) {
      check(
        select(cast(mytable.c.myid, type as never).label("c")),
        `SELECT CAST(mytable.myid AS ${target}) AS c FROM mytable`,
      );
    }
  });

  test("FLOAT casts from MySQL 8.0.17 / MariaDB 10.4.5", () => {
    check(select(cast(mytable.c.myid, Float)), "SELECT CAST(mytable.myid AS FLOAT) AS myid FROM mytable");
    const old = sqlOf(select(cast(mytable.c.myid, Float)), new MySQLDialect({ serverVersion: [5, 7, 20] }));
    expect(old.sql).toBe("SELECT mytable.myid AS myid FROM mytable");
    expect(old.warnings).toEqual([
      "Datatype FLOAT does not support CAST on MySQL/MariaDb; the CAST will be skipped.",
    ]);
    check(
      select(cast(mytable.c.myid, Float)),
      "SELECT CAST(mytable.myid AS FLOAT) AS myid FROM mytable",
      [],
      MARIADB,
    );
  });

  test("unsupported casts are skipped with a warning", () => {
    const out = sqlOf(
      select(
        cast(mytable.c.myid, Boolean).label("a"),
        cast(mytable.c.myid, mysql.SET(["a", "b"])).label("b"),
      ),
    );
    expect(out.sql).toBe("SELECT mytable.myid AS a, mytable.myid AS b FROM mytable");
    expect(out.warnings).toEqual([
      "Datatype BOOL does not support CAST on MySQL/MariaDb; the CAST will be skipped.",
      "Datatype SET('a','b') does not support CAST on MySQL/MariaDb; the CAST will be skipped.",
    ]);
    expect(sqlOf(select(cast(mytable.c.myid, Uuid)), MARIADB).warnings).toEqual([
      "Datatype UUID does not support CAST on MySQL/MariaDb; the CAST will be skipped.",
    ]);
    expect(sqlOf(select(cast(mytable.c.myid, Uuid))).warnings).toEqual([
      "Datatype CHAR(32) does not support CAST on MySQL/MariaDb; the CAST will be skipped.",
    ]);
  });

  test("a skipped cast keeps the grouping of its expression", () => {
    check(
      select(cast(mytable.c.myid.add(1), Boolean).label("b")),
      "SELECT (mytable.myid + %s) AS b FROM mytable",
    );
  });
});

describe("INSERT", () => {
  test("prefixes, empty rows, RETURNING", () => {
    const { mytable } = fixture();
    check(
      insert(mytable).prefixWith("IGNORE").values({ myid: 1 }),
      "INSERT IGNORE INTO mytable (myid) VALUES (%s)",
      [1],
    );
    const md = new MetaData();
    const counter = new Table("counter", md, { id: new Column(Integer, { primaryKey: true }) });
    check(insert(counter).values({}), "INSERT INTO counter () VALUES ()");
  });

  test("returnDefaults() uses RETURNING on MariaDB only", () => {
    const md = new MetaData();
    const t = new Table("t", md, {
      id: new Column(Integer, { primaryKey: true }),
      x: new Column(String(10)),
      d: new Column(DateTime, { serverDefault: fn("now") }),
    });
    check(insert(t).values({ x: "a" }).returnDefaults(), "INSERT INTO t (x) VALUES (%s)");
    check(
      insert(t).values({ x: "a" }).returnDefaults(),
      "INSERT INTO t (x) VALUES (%s) RETURNING t.id, t.d",
      ["a"],
      MARIADB,
    );
    check(
      insert(t).values({ id: 5, x: "a" }).returnDefaults(),
      "INSERT INTO t (id, x) VALUES (%s, %s) RETURNING t.d",
      [5, "a"],
      MARIADB,
    );
    check(insert(t).values({ x: "a" }), "INSERT INTO t (x) VALUES (%s)", ["a"], MARIADB);
    check(
      delete_(t).where(t.c.id.eq(1)).returning(t.c.id),
      "DELETE FROM t WHERE t.id = %s RETURNING t.id",
      [1],
      MARIADB,
    );
  });

  test("a sequence primary key is pre-executed on MariaDB, ignored on MySQL", () => {
    const md = new MetaData();
    const t = new Table("ticket", md, {
      id: new Column(Integer, { sequence: new Sequence("ticket_id_seq"), primaryKey: true }),
      title: new Column(String(50)),
    });
    check(insert(t).values({ title: "bug" }), "INSERT INTO ticket (title) VALUES (%s)", ["bug"]);
    check(
      insert(t).values({ title: "bug" }),
      "INSERT INTO ticket (id, title) VALUES (%s, %s)",
      [null, "bug"],
      MARIADB,
    );
  });

  test("INSERT ... SELECT puts the WITH clause after the column list", () => {
    const { mytable, t2 } = fixture();
    const c = select(t2.c.id).where(t2.c.id.gt(1)).cte("c");
    check(
      insert(mytable).fromSelect(["myid"], select(c.c.id)),
      "INSERT INTO mytable (myid) WITH c AS (SELECT t2.id AS id FROM t2 WHERE t2.id > %s) SELECT c.id FROM c",
      [1],
    );
  });
});

describe("ON DUPLICATE KEY UPDATE", () => {
  const md = new MetaData();
  const foos = new Table("foos", md, {
    id: new Column(Integer, { primaryKey: true }),
    bar: new Column(String(10)),
    baz: new Column(String(10)),
    updated_once: new Column(Boolean, { default: false }),
  });

  test("from values: MySQL 8.0.20+ row alias, older MySQL and MariaDB VALUES()", () => {
    const stmt = mysql.insert(foos).values([
      { id: 1, bar: "ab" },
      { id: 2, bar: "b" },
    ]);
    const upsert = stmt.onDuplicateKeyUpdate({ bar: stmt.inserted.bar, baz: stmt.inserted.baz });
    check(
      upsert,
      "INSERT INTO foos (id, bar, updated_once) VALUES (%s, %s, %s), (%s, %s, %s) AS new ON DUPLICATE KEY UPDATE bar = new.bar, baz = new.baz",
      [1, "ab", null, 2, "b", null],
    );
    check(
      upsert,
      "INSERT INTO foos (id, bar, updated_once) VALUES (%s, %s, %s), (%s, %s, %s) ON DUPLICATE KEY UPDATE bar = VALUES(bar), baz = VALUES(baz)",
      [1, "ab", null, 2, "b", null],
      new MySQLDialect({ serverVersion: [8, 0, 19] }),
    );
    check(
      upsert,
      "INSERT INTO foos (id, bar, updated_once) VALUES (%s, %s, %s), (%s, %s, %s) ON DUPLICATE KEY UPDATE bar = VALUES(bar), baz = VALUES(baz)",
      undefined,
      MARIADB,
    );
  });

  test("from select: no alias", () => {
    const stmt = mysql
      .insert(foos)
      .fromSelect(["id", "bar"], select(foos.c.id, foos.c.bar), { includeDefaults: false });
    check(
      stmt.onDuplicateKeyUpdate({ bar: stmt.inserted.bar }),
      "INSERT INTO foos (id, bar) SELECT foos.id, foos.bar FROM foos ON DUPLICATE KEY UPDATE bar = VALUES(bar)",
    );
  });

  test("literal values and SQL expressions", () => {
    const stmt = mysql.insert(foos).values({ id: 1, bar: "b" });
    check(
      stmt.onDuplicateKeyUpdate({ bar: "x", baz: foos.c.baz.concat(stmt.inserted.bar), updated_once: true }),
      "INSERT INTO foos (id, bar, updated_once) VALUES (%s, %s, %s) AS new ON DUPLICATE KEY UPDATE bar = %s, baz = (concat(foos.baz, new.bar)), updated_once = %s",
      [1, "b", null, "x", true],
    );
  });

  test("ordered pairs keep their order", () => {
    const stmt = mysql.insert(foos).values({ id: 1, bar: "b" });
    check(
      stmt.onDuplicateKeyUpdate([
        ["baz", "z"],
        [foos.c.bar, stmt.inserted.bar],
      ]),
      "INSERT INTO foos (id, bar, updated_once) VALUES (%s, %s, %s) AS new ON DUPLICATE KEY UPDATE baz = %s, bar = new.bar",
    );
  });

  test("a table named new gets the alias new_1", () => {
    const md2 = new MetaData();
    const t = new Table("new", md2, { id: new Column(Integer), v: new Column(Integer) });
    const stmt = mysql.insert(t).values({ id: 1, v: 2 });
    check(
      stmt.onDuplicateKeyUpdate({ v: stmt.inserted.v }),
      "INSERT INTO new (id, v) VALUES (%s, %s) AS new_1 ON DUPLICATE KEY UPDATE v = new_1.v",
    );
  });

  test("unknown keys warn; calling twice raises; other dialects refuse", () => {
    const stmt = mysql.insert(foos).values({ id: 1 });
    const out = sqlOf(stmt.onDuplicateKeyUpdate({ bar: "x", nope: 1 }));
    expect(out.warnings[0]).toMatch(
      /Additional column names not matching any column keys in table 'foos': 'nope'/,
    );
    const once = stmt.onDuplicateKeyUpdate({ bar: "x" });
    expect(() => once.onDuplicateKeyUpdate({ bar: "y" })).toThrow(/already has an ON DUPLICATE KEY clause/);
    expect(() => once.compile()).toThrow(/can't render/);
    expect(mysql.insert(foos).values({ id: 1 }).compile().sql).toBe(
      "INSERT INTO foos (id, updated_once) VALUES (:id, :updated_once)",
    );
  });

  test("the cache key includes the clause", () => {
    const a = mysql.insert(foos).values({ id: 1 });
    const k1 = a.onDuplicateKeyUpdate({ bar: "x" }).cacheKey().key;
    const k2 = a.onDuplicateKeyUpdate({ baz: "x" }).cacheKey().key;
    const k3 = a.onDuplicateKeyUpdate({ bar: "y" }).cacheKey().key;
    expect(k1).not.toBe(k2);
    expect(k1).toBe(k3);
  });
});

describe("UPDATE and DELETE", () => {
  test("multi-table UPDATE", () => {
    const { mytable, t2 } = fixture();
    check(
      update(mytable).values({ name: t2.c.data }).where(mytable.c.myid.eq(t2.c.id)),
      "UPDATE mytable, t2 SET mytable.name=t2.data WHERE mytable.myid = t2.id",
    );
  });

  test("multi-table DELETE", () => {
    const { mytable, t2 } = fixture();
    check(
      delete_(mytable).where(mytable.c.myid.eq(t2.c.id)),
      "DELETE FROM mytable USING mytable, t2 WHERE mytable.myid = t2.id",
    );
    const a = t2.alias("a");
    check(
      delete_(mytable).where(mytable.c.myid.eq(a.c.id)),
      "DELETE FROM mytable USING mytable, t2 AS a WHERE mytable.myid = a.id",
    );
  });

  test("DELETE of an alias with USING names the alias", () => {
    const { t2 } = fixture();
    const a1 = new Table("t1", new MetaData(), { c1: new Column(Integer) }).alias("a1");
    check(
      delete_(a1 as never).where((a1.c as any).c1.eq(t2.c.id)),
      "DELETE FROM a1 USING t1 AS a1, t2 WHERE a1.c1 = t2.id",
    );
    check(delete_(a1 as never), "DELETE FROM t1 AS a1");
  });

  test("UPDATE / DELETE ... LIMIT", () => {
    const { mytable } = fixture();
    check(update(mytable).values({ name: "x" }).ext(mysql.limit(5)), "UPDATE mytable SET name=%s LIMIT 5", [
      "x",
    ]);
    check(
      update(mytable).values({ name: "x" }).where(mytable.c.myid.eq(3)).ext(mysql.limit(5)),
      "UPDATE mytable SET name=%s WHERE mytable.myid = %s LIMIT 5",
    );
    check(delete_(mytable).ext(mysql.limit(5)), "DELETE FROM mytable LIMIT 5");
    check(
      delete_(mytable).where(mytable.c.myid.eq(3)).ext(mysql.limit(5)),
      "DELETE FROM mytable WHERE mytable.myid = %s LIMIT 5",
    );
    expect(() => mysql.limit(1.5)).toThrow();
    expect(() => delete_(mytable).ext(mysql.limit(5)).compile()).toThrow(/can't render/);
    expect(update(mytable).ext(mysql.limit(5)).cacheKey().key).not.toBe(
      update(mytable).ext(mysql.limit(6)).cacheKey().key,
    );
  });

  test("DML hints", () => {
    const { mytable } = fixture();
    check(
      update(mytable).withHint("USE INDEX (ix)").values({ name: "x" }),
      "UPDATE mytable USE INDEX (ix) SET name=%s",
    );
  });
});

describe("DDL", () => {
  test("CREATE TABLE with AUTO_INCREMENT, comments, defaults and table options", async () => {
    const { CreateTable } = await import("@athanor/core");
    const md = new MetaData();
    const t = new Table(
      "t",
      md,
      {
        id: new Column(Integer, { primaryKey: true, comment: "the key" }),
        u: new Column(mysql.TIMESTAMP, { serverDefault: text("CURRENT_TIMESTAMP") }),
        v: new Column(DateTime, {
          serverDefault: fn("current_timestamp"),
          serverOnupdate: fn("current_timestamp"),
        }),
        x: new Column(Integer, { serverDefault: fn("abs", -5) }),
      },
      {
        comment: "hi",
        mysqlEngine: "InnoDB",
        mysqlCharset: "utf8mb4",
        mysqlCollate: "utf8mb4_bin",
        mysqlKeyBlockSize: "1024",
        mariadbEngine: "Aria",
      },
    );
    check(
      new CreateTable(t),
      `CREATE TABLE t (
        id INTEGER NOT NULL COMMENT 'the key' AUTO_INCREMENT,
        u TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,
        v DATETIME DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
        x INTEGER DEFAULT (abs(-5)),
        PRIMARY KEY (id)
      )ENGINE=InnoDB CHARSET=utf8mb4 KEY_BLOCK_SIZE=1024 COMMENT='hi' COLLATE utf8mb4_bin`,
    );
    // MariaDB reads only mariadb* options.
    expect(sqlOf(new CreateTable(t), MARIADB).sql).toMatch(/\)ENGINE=Aria COMMENT='hi'$/);
  });

  test("partition options", async () => {
    const { CreateTable } = await import("@athanor/core");
    const md = new MetaData();
    const t = new Table(
      "p",
      md,
      { id: new Column(Integer, { primaryKey: true, autoincrement: false }) },
      { mysqlPartitions: "2", mysqlPartitionBy: "HASH(id)", mysqlEngine: "InnoDB" },
    );
    check(
      new CreateTable(t),
      "CREATE TABLE p ( id INTEGER NOT NULL, PRIMARY KEY (id) )ENGINE=InnoDB PARTITION BY HASH(id) PARTITIONS 2",
    );
  });

  test("VARCHAR requires a length", async () => {
    const { CreateTable } = await import("@athanor/core");
    const md = new MetaData();
    const t = new Table("t", md, { s: new Column(String) });
    expect(() => sqlOf(new CreateTable(t))).toThrow(
      "(in table 't', column 's'): VARCHAR requires a length on dialect mysql",
    );
    expect(() => sqlOf(new CreateTable(t), MARIADB)).toThrow(/on dialect mariadb/);
  });

  test("indexes: prefix, length, using, parser; DROP INDEX ... ON", async () => {
    const { CreateIndex, DropIndex, Index } = await import("@athanor/core");
    const md = new MetaData();
    const t = new Table("tbl", md, { data: new Column(String(255)), other: new Column(String(255)) });
    check(
      new CreateIndex(
        new Index("ix", t.c.data, { mysqlLength: 10, mysqlPrefix: "FULLTEXT", mysqlWithParser: "ngram" }),
      ),
      "CREATE FULLTEXT INDEX ix ON tbl (data(10)) WITH PARSER ngram",
    );
    check(
      new CreateIndex(
        new Index("ix2", t.c.data, t.c.other, { mysqlLength: { data: 5 }, mysqlUsing: "btree" }),
      ),
      "CREATE INDEX ix2 ON tbl (data(5), other) USING btree",
    );
    check(
      new CreateIndex(new Index("ix3", t.c.data, { mysqlLength: 10, mariadbPrefix: "FULLTEXT" })),
      "CREATE FULLTEXT INDEX ix3 ON tbl (data)",
      [],
      MARIADB,
    );
    check(
      new CreateIndex(new Index("ix4", fn("lower", t.c.data))),
      "CREATE INDEX ix4 ON tbl ((lower(data)))",
    );
    check(new DropIndex(new Index("ix5", t.c.data)), "DROP INDEX ix5 ON tbl");
  });

  test("dropping constraints", async () => {
    const { CheckConstraint, DropConstraint, ForeignKeyConstraint, UniqueConstraint } = await import(
      "@athanor/core"
    );
    const md = new MetaData();
    new Table("a", md, { id: new Column(Integer, { primaryKey: true }) });
    const t = new Table("b", md, {
      id: new Column(Integer, { primaryKey: true }),
      a_id: new Column(Integer),
    });
    const fk = new ForeignKeyConstraint(["a_id"], ["a.id"], { name: "fk_a" });
    const uq = new UniqueConstraint(t.c.a_id, { name: "uq_a" });
    const ck = new CheckConstraint("a_id > 0", { name: "ck_a" });
    for (const c of [fk, uq, ck]) t.appendConstraint(c);
    check(new DropConstraint(fk), "ALTER TABLE b DROP FOREIGN KEY fk_a");
    check(new DropConstraint(uq), "ALTER TABLE b DROP INDEX uq_a");
    check(new DropConstraint(ck), "ALTER TABLE b DROP CHECK ck_a");
    check(new DropConstraint(ck), "ALTER TABLE b DROP CONSTRAINT ck_a", [], MARIADB);
    check(new DropConstraint(t.primaryKey), "ALTER TABLE b DROP PRIMARY KEY");
  });

  test("comments", async () => {
    const { SetTableComment, SetColumnComment, DropTableComment } = await import("@athanor/core");
    const md = new MetaData();
    const t = new Table("t", md, { id: new Column(Integer, { comment: "it's" }) }, { comment: "c" });
    check(new SetTableComment(t), "ALTER TABLE t COMMENT 'c'");
    check(new DropTableComment(t), "ALTER TABLE t COMMENT ''");
    check(new SetColumnComment(t.c.id), "ALTER TABLE t CHANGE id id INTEGER COMMENT 'it''s'");
  });

  test("server defaults: expressions parenthesized from MySQL 8.0.13 / MariaDB 10.2.1", async () => {
    const { CreateTable, JSON: Json } = await import("@athanor/core");
    const md = new MetaData();
    const tbl = new Table("testtbl", md, {
      time: new Column(DateTime, { serverDefault: fn("current_timestamp") }),
      name: new Column(String(255), { serverDefault: "some str" }),
      description: new Column(String(255), { serverDefault: fn("lower", "hi") }),
      data: new Column(Json, { serverDefault: fn("json_object") }),
      updated1: new Column(DateTime, { serverDefault: text("now() on update now()") }),
      updated3: new Column(DateTime, { serverDefault: text("now() ON UPDATE now()") }),
      updated4: new Column(DateTime, { serverDefault: text("now(3)") }),
      updated6: new Column(DateTime, { serverDefault: text("notnow(1)") }),
      updated7: new Column(DateTime, { serverDefault: text("CURRENT_TIMESTAMP(3)") }),
    });
    const withBrackets =
      "CREATE TABLE testtbl (time DATETIME DEFAULT CURRENT_TIMESTAMP, name VARCHAR(255) DEFAULT 'some str', " +
      "description VARCHAR(255) DEFAULT (lower('hi')), data JSON DEFAULT (json_object()), " +
      "updated1 DATETIME DEFAULT now() on update now(), updated3 DATETIME DEFAULT now() ON UPDATE now(), " +
      "updated4 DATETIME DEFAULT now(3), updated6 DATETIME DEFAULT (notnow(1)), " +
      "updated7 DATETIME DEFAULT CURRENT_TIMESTAMP(3))";
    check(new CreateTable(tbl), withBrackets);
    check(
      new CreateTable(tbl),
      withBrackets,
      [],
      new MySQLDialect({ isMariaDB: true, serverVersion: [10, 2, 1] }),
    );
    check(
      new CreateTable(tbl),
      withBrackets
        .replace("(lower('hi'))", "lower('hi')")
        .replace("(json_object())", "json_object()")
        .replace("(notnow(1))", "notnow(1)"),
      [],
      new MySQLDialect({ serverVersion: [8, 0, 12] }),
    );
  });

  test("AUTO_INCREMENT column first in a composite primary key", async () => {
    const { CreateTable } = await import("@athanor/core");
    const t = new Table(
      "sometable",
      new MetaData(),
      {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        order: new Column(Integer, { primaryKey: true, autoincrement: true }),
      },
      { mysqlEngine: "InnoDB" },
    );
    check(
      new CreateTable(t),
      "CREATE TABLE sometable (id INTEGER NOT NULL, `order` INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (`order`, id))ENGINE=InnoDB",
    );
  });

  test("table options keep their order; COLLATE follows the charset; partitions last", async () => {
    const { CreateTable } = await import("@athanor/core");
    const create = (options: Record<string, unknown>) =>
      new CreateTable(
        new Table("testtable", new MetaData(), { id: new Column(Integer, { primaryKey: true }) }, options),
      );
    const head = "CREATE TABLE testtable (id INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (id))";
    check(
      create({ mysqlEngine: "InnoDB", mysqlCollate: "utf8_icelandic_ci", mysqlCharset: "utf8" }),
      `${head}ENGINE=InnoDB CHARSET=utf8 COLLATE utf8_icelandic_ci`,
    );
    check(
      create({
        mysqlKeyBlockSize: "1024",
        mysqlRowFormat: "DYNAMIC",
        mysqlCharset: "utf8",
        mysqlEngine: "InnoDB",
      }),
      `${head}KEY_BLOCK_SIZE=1024 ROW_FORMAT=DYNAMIC CHARSET=utf8 ENGINE=InnoDB`,
    );
    check(
      create({
        mysql_stats_sample_pages: "2",
        mysqlPartitions: "2",
        mysqlPartitionBy: "KEY(id)",
        mysqlSubpartitionBy: "HASH(some_expr)",
        mysqlSubpartitions: "2",
      }),
      `${head}STATS_SAMPLE_PAGES=2 PARTITION BY KEY(id) PARTITIONS 2 SUBPARTITION BY HASH(some_expr) SUBPARTITIONS 2`,
    );
    check(
      create({ mysqlDefaultCharset: "utf8", mysqlDataDirectory: "/tmp" }),
      `${head}DEFAULT CHARSET=utf8 DATA DIRECTORY='/tmp'`,
    );
  });

  test("computed columns", async () => {
    const { CreateTable, Computed } = await import("@athanor/core");
    const cases: [Record<string, unknown>, string][] = [
      [{}, ""],
      [{ persisted: true }, " STORED"],
      [{ persisted: false }, " VIRTUAL"],
    ];
    for (const [options, suffix] of cases) {
      const t = new Table("t", new MetaData(), {
        x: new Column(Integer),
        y: new Column(Integer, { computed: new Computed("x + 2", options) }),
      });
      check(new CreateTable(t), `CREATE TABLE t (x INTEGER, y INTEGER GENERATED ALWAYS AS (x + 2)${suffix})`);
    }
  });

  test("sequences: NOCYCLE", async () => {
    const { CreateSequence } = await import("@athanor/core");
    check(new CreateSequence(new Sequence("foo_seq")), "CREATE SEQUENCE foo_seq", [], MARIADB);
    check(
      new CreateSequence(new Sequence("foo_seq", { cycle: true })),
      "CREATE SEQUENCE foo_seq CYCLE",
      [],
      MARIADB,
    );
    check(
      new CreateSequence(
        new Sequence("foo_seq", {
          start: 1,
          increment: 2,
          nominvalue: true,
          nomaxvalue: true,
          cycle: false,
          cache: 100,
        }),
      ),
      "CREATE SEQUENCE foo_seq INCREMENT BY 2 START WITH 1 NO MINVALUE NO MAXVALUE CACHE 100 NOCYCLE",
      [],
      MARIADB,
    );
  });

  test("functional index parts get their own parentheses", async () => {
    const { CreateIndex, Index } = await import("@athanor/core");
    const tbl = new Table("testtbl", new MetaData(), { x: new Column(Integer), y: new Column(Integer) });
    check(new CreateIndex(new Index("bar", tbl.c.x.gt(5))), "CREATE INDEX bar ON testtbl ((x > 5))");
    check(
      new CreateIndex(new Index("test_idx2", tbl.c.x, tbl.c.x.add(tbl.c.y), tbl.c.y.sub(tbl.c.x))),
      "CREATE INDEX test_idx2 ON testtbl (x, (x + y), (y - x))",
    );
    check(
      new CreateIndex(new Index("test_idx3", tbl.c.x.desc())),
      "CREATE INDEX test_idx3 ON testtbl (x DESC)",
    );
    check(new CreateIndex(new Index("test_idx4", tbl.c.x.neg())), "CREATE INDEX test_idx4 ON testtbl ((-x))");
  });

  test("MATCH on a foreign key raises", async () => {
    const { CreateTable, ForeignKeyConstraint } = await import("@athanor/core");
    const md = new MetaData();
    new Table("a", md, { id: new Column(Integer, { primaryKey: true }) });
    const t = new Table("b", md, {
      a_id: new Column(Integer),
    });
    t.appendConstraint(new ForeignKeyConstraint(["a_id"], ["a.id"], { match: "FULL" }));
    expect(() => sqlOf(new CreateTable(t))).toThrow(/MySQL ignores the 'MATCH' keyword/);
  });
});

describe("types", () => {
  const tc = MYSQL.typeCompiler;
  const cases: [unknown, string][] = [
    [mysql.TINYINT({ unsigned: true }), "TINYINT UNSIGNED"],
    [mysql.TINYINT(1), "TINYINT(1)"],
    [mysql.SMALLINT(4, { unsigned: true, zerofill: true }), "SMALLINT(4) UNSIGNED ZEROFILL"],
    [mysql.MEDIUMINT(), "MEDIUMINT"],
    [mysql.INTEGER(11), "INTEGER(11)"],
    [mysql.BIGINT({ unsigned: true }), "BIGINT UNSIGNED"],
    [mysql.NUMERIC(10, 2, { unsigned: true }), "NUMERIC(10, 2) UNSIGNED"],
    [mysql.DECIMAL(12), "DECIMAL(12)"],
    [mysql.DOUBLE(10, 2), "DOUBLE(10, 2)"],
    [mysql.DOUBLE(), "DOUBLE"],
    [mysql.REAL(), "REAL"],
    [mysql.FLOAT(10, 2, { zerofill: true }), "FLOAT(10, 2) ZEROFILL"],
    [mysql.FLOAT(10), "FLOAT(10)"],
    [mysql.BIT(), "BIT"],
    [mysql.BIT(8), "BIT(8)"],
    [mysql.YEAR(), "YEAR"],
    [mysql.YEAR(4), "YEAR(4)"],
    [mysql.DATETIME({ fsp: 6 }), "DATETIME(6)"],
    [mysql.TIME({ fsp: 3 }), "TIME(3)"],
    [mysql.TIMESTAMP(), "TIMESTAMP"],
    [
      mysql.VARCHAR(20, { charset: "utf8mb4", collation: "utf8mb4_bin" }),
      "VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
    ],
    [mysql.VARCHAR(20, { ascii: true, binary: true }), "VARCHAR(20) ASCII BINARY"],
    [mysql.VARCHAR(20, { unicode: true }), "VARCHAR(20) UNICODE"],
    [mysql.CHAR(1, { national: true }), "NATIONAL CHAR(1)"],
    [mysql.NVARCHAR(30), "NATIONAL VARCHAR(30)"],
    [mysql.NCHAR(), "NATIONAL CHAR"],
    [mysql.TEXT(1000), "TEXT(1000)"],
    [mysql.TINYTEXT(), "TINYTEXT"],
    [mysql.MEDIUMTEXT({ charset: "utf8" }), "MEDIUMTEXT CHARACTER SET utf8"],
    [mysql.LONGTEXT(), "LONGTEXT"],
    [mysql.TINYBLOB(), "TINYBLOB"],
    [mysql.MEDIUMBLOB(), "MEDIUMBLOB"],
    [mysql.LONGBLOB(), "LONGBLOB"],
    [mysql.ENUM(["a", "b'c", "50%"]), "ENUM('a','b''c','50%%')"],
    [mysql.SET(["x", "y"], { charset: "latin1" }), "SET('x','y') CHARACTER SET latin1"],
    [mysql.JSON(), "JSON"],
    [mysql.BOOLEAN(), "BOOL"],
    [Boolean(), "BOOL"],
    [String(50, { collation: "utf8mb4_bin" }), "VARCHAR(50) COLLATE utf8mb4_bin"],
    [Text(), "TEXT"],
    [LargeBinary(1024), "BLOB(1024)"],
    [mysql.UUID(), "UUID"],
    [Uuid(), "CHAR(32)"],
    [mysql.INET4(), "INET4"],
  ];
  test.each(cases)("%s", (type, expected) => {
    expect(tc.process(type as never)).toBe(expected);
  });

  test("generic Enum is native ENUM unless nativeEnum: false", async () => {
    const { Enum } = await import("@athanor/core");
    expect(tc.process(Enum(["S", "M"]))).toBe("ENUM('S','M')");
    expect(tc.process(Enum(["S", "M"], { nativeEnum: false }))).toBe("VARCHAR(1)");
  });

  test("Uuid is native on MariaDB 10.7+", () => {
    expect(MARIADB.typeCompiler.process(Uuid())).toBe("UUID");
    expect(new MySQLDialect({ isMariaDB: true, serverVersion: [10, 6] }).typeCompiler.process(Uuid())).toBe(
      "CHAR(32)",
    );
  });

  test("VARCHAR without length and ARRAY raise", async () => {
    const { ARRAY } = await import("@athanor/core");
    expect(() => tc.process(mysql.VARCHAR())).toThrow(CompileError);
    expect(() => tc.process(ARRAY(Integer))).toThrow(/no ARRAY type/);
  });
});
