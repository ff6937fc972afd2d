/**
 * text(), literal columns and textual SELECTs, ported from SQLAlchemy's test/sql/test_text.py:
 * bound parameters in text, escaped colons and casts, bindparams(), text().columns() as a subquery
 * or CTE, and text inside SELECT clauses.
 */
import { describe, expect, it } from "vitest";
import {
  and_,
  bindparam,
  type ColumnElement,
  column,
  Integer,
  literalColumn,
  or_,
  String as SqlString,
  select,
  table,
  text,
} from "../src/index.js";
import { assertCompile } from "./assert-compile.js";

const table1 = table(
  "mytable",
  column("myid", Integer),
  column("name", SqlString),
  column("description", SqlString),
);

// text() is not (yet) typed as a criterion or an ORDER BY / GROUP BY element, though it compiles as one.
const textExpr = (sql: string): ColumnElement<any> => text(sql) as unknown as ColumnElement<any>;

describe("text()", () => {
  it("plain text", () => {
    assertCompile(text("select * from foo"), "select * from foo");
  });

  it("text with bound parameters", () => {
    assertCompile(
      text("select * from foo where lala=:bar and hoho=:whee").bindparams({ bar: 4, whee: 7 }),
      "select * from foo where lala=:bar and hoho=:whee",
      { checkParams: { bar: 4, whee: 7 } },
    );
  });

  it("a parameter used twice is one parameter", () => {
    assertCompile(text("select :x, :x").bindparams({ x: 1 }), "select :x, :x", { checkParams: { x: 1 } });
  });

  it("PostgreSQL casts are not parameters", () => {
    assertCompile(text("select 1::int, :x").bindparams({ x: 1 }), "select 1::int, :x", {
      checkParams: { x: 1 },
    });
  });

  it("an escaped colon is a literal colon", () => {
    assertCompile(text("select x\\:y from foo"), "select x:y from foo");
  });

  it("a colon inside a word is not a parameter", () => {
    assertCompile(text("select 'a:b', t.x from t"), "select 'a:b', t.x from t");
  });

  it("text parameters without values are null", () => {
    assertCompile(text("select :a"), "select :a", { checkParams: { a: null } });
  });

  it("bindparams() with a typed bindparam", () => {
    assertCompile(text("select :x").bindparams(bindparam("x", 5, { type: Integer })), "select :x", {
      checkParams: { x: 5 },
    });
  });

  it("text with literal binds", () => {
    assertCompile(
      text("select * from foo where a=:a and b=:b").bindparams({ a: 5, b: "it's" }),
      "select * from foo where a=5 and b='it''s'",
      { literalBinds: true },
    );
  });
});

describe("text in SELECT", () => {
  it("text in WHERE", () => {
    assertCompile(
      select(table1.c.myid).where(text("name = :n").bindparams({ n: "x" })),
      "SELECT mytable.myid FROM mytable WHERE name = :n",
      { checkParams: { n: "x" } },
    );
  });

  it("text ANDed with an expression", () => {
    assertCompile(
      select(table1.c.myid).where(and_(textExpr("a = 1"), table1.c.myid.eq(5))),
      "SELECT mytable.myid FROM mytable WHERE a = 1 AND mytable.myid = :myid_1",
    );
  });

  it("text ORed with an expression", () => {
    assertCompile(
      select(table1.c.myid).where(or_(textExpr("a = 1"), textExpr("b = 2"))),
      "SELECT mytable.myid FROM mytable WHERE a = 1 OR b = 2",
    );
  });

  it("text in ORDER BY", () => {
    assertCompile(
      select(table1.c.myid).orderBy(textExpr("myid DESC")),
      "SELECT mytable.myid FROM mytable ORDER BY myid DESC",
    );
  });

  it("text in GROUP BY and HAVING", () => {
    assertCompile(
      select(table1.c.name).groupBy(textExpr("name")).having(textExpr("count(*) > 1")),
      "SELECT mytable.name FROM mytable GROUP BY name HAVING count(*) > 1",
    );
  });

  it("selectFrom a text string", () => {
    assertCompile(select(literalColumn("a"), literalColumn("b")).selectFrom("foo"), "SELECT a, b FROM foo");
  });

  it("literal columns", () => {
    assertCompile(
      select(literalColumn("count(*)").label("n")).selectFrom(table1),
      "SELECT count(*) AS n FROM mytable",
    );
  });

  it("a literal column in an expression", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.gt(literalColumn("5"))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid > 5",
    );
  });

  it("a literal column of a string is not quoted", () => {
    assertCompile(select(literalColumn("'foo'")), "SELECT 'foo'");
  });

  it("a literal column with a type compares with a typed parameter", () => {
    assertCompile(select(literalColumn("x", Integer).add(5)), "SELECT x + :x_1 AS anon_1");
  });

  it("a free-standing column", () => {
    assertCompile(select(column("a"), column("b")).selectFrom(table("t")), "SELECT a, b FROM t");
  });
});

describe("text().columns()", () => {
  it("text().columns() as a subquery", () => {
    const t = text("select a, b from foo")
      .columns(column("a", Integer), column("b", SqlString))
      .subquery("t");
    assertCompile(
      select(t.c.a!).where(t.c.b!.eq("x")),
      "SELECT t.a FROM (select a, b from foo) AS t WHERE t.b = :b_1",
    );
  });

  it("text().columns() as a CTE", () => {
    const t = text("select a from foo").columns(column("a", Integer)).cte("t");
    assertCompile(select(t.c.a!), "WITH t AS (select a from foo) SELECT t.a FROM t");
  });

  it("text().columns() compiles to its text", () => {
    assertCompile(text("select a, b from foo").columns(column("a"), column("b")), "select a, b from foo");
  });

  it("text().columns() with parameters, in IN", () => {
    assertCompile(
      select(table1.c.myid).where(
        table1.c.myid.in(
          text("select id from foo where x = :x").bindparams({ x: 5 }).columns(column("id", Integer)),
        ),
      ),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (select id from foo where x = :x)",
    );
  });

  it("text().columns() joined to a table", () => {
    const t = text("select id, v from foo")
      .columns(column("id", Integer), column("v", SqlString))
      .subquery("t");
    assertCompile(
      select(table1.c.name, t.c.v!).selectFrom(table1.join(t, table1.c.myid.eq(t.c.id!))),
      "SELECT mytable.name, t.v FROM mytable JOIN (select id, v from foo) AS t ON mytable.myid = t.id",
    );
  });

  it("text().columns() declares result columns", () => {
    const c = text("select a, b from foo").columns(column("a", Integer), column("b", SqlString)).compile();
    expect(c.resultColumns.map((r) => r.key)).toEqual(["a", "b"]);
    expect(c.resultColumns[0]?.type.affinity).toBe("integer");
  });
});
