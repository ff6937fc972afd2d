/**
 * Bound parameters and literal rendering, ported from SQLAlchemy's test/sql/test_compiler.py
 * (BindParameterTest, literal binds) and test_external_traversal.py: anonymous naming, explicit
 * bindparam names, collisions, expanding and literal-execute parameters, `params` at compile time,
 * positional paramstyles, and literal rendering and quoting of values.
 */
import { describe, expect, it } from "vitest";
import {
  and_,
  bindparam,
  Column,
  CompileError,
  column,
  DefaultDialect,
  func,
  Integer,
  literal,
  MetaData,
  or_,
  String as SqlString,
  select,
  Table,
  table,
  tuple_,
  values,
} from "../src/index.js";
import { assertCompile } from "./assert-compile.js";

const md = new MetaData();
const table1 = table(
  "mytable",
  column("myid", Integer),
  column("name", SqlString),
  column("description", SqlString),
);
const table2 = table("myothertable", column("otherid", Integer), column("othername", SqlString));
const keyed = new Table("keyed", md, {
  colx: new Column("x", Integer),
  coly: new Column("y", Integer),
  z: new Column(Integer),
});

describe("naming", () => {
  it("anonymous parameters are named after their column", () => {
    assertCompile(
      select(table1.c.myid).where(and_(table1.c.myid.eq(5), table1.c.name.eq("a"), table1.c.myid.eq(6))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 AND mytable.name = :name_1 AND mytable.myid = :myid_2",
      { checkParams: { myid_1: 5, name_1: "a", myid_2: 6 } },
    );
  });

  it("parameters compared with a keyed column use the key", () => {
    assertCompile(
      select(keyed.c.colx).where(keyed.c.colx.eq(5)),
      "SELECT keyed.x FROM keyed WHERE keyed.x = :colx_1",
      { checkParams: { colx_1: 5 } },
    );
  });

  it("parameters of an alias column use the column key", () => {
    assertCompile(
      select(table1.alias("a").c.myid).where(table1.alias("a").c.myid.eq(5)),
      "SELECT a.myid FROM mytable AS a, mytable AS a WHERE a.myid = :myid_1",
      { checkParams: { myid_1: 5 } },
    );
  });

  it("literal() is param_1", () => {
    assertCompile(select(literal(5)), "SELECT :param_1 AS anon_1", { checkParams: { param_1: 5 } });
  });

  it("explicit bindparam keeps its name", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(bindparam("id", 7))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :id",
      { checkParams: { id: 7 } },
    );
  });

  it("the same bindparam used twice renders one name", () => {
    const b = bindparam("id", 7);
    assertCompile(
      select(table1.c.myid).where(or_(table1.c.myid.eq(b), table1.c.name.eq(b))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :id OR mytable.name = :id",
      { checkParams: { id: 7 } },
    );
  });

  it("two bindparams with one name and no values are one parameter", () => {
    assertCompile(
      select(table1.c.myid).where(or_(table1.c.myid.eq(bindparam("x")), table1.c.name.eq(bindparam("x")))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :x OR mytable.name = :x",
      { checkParams: { x: null } },
    );
  });

  it("an explicit bindparam named like an anonymous one raises, as in SQLAlchemy", () => {
    const stmt = select(table1.c.myid).where(
      and_(table1.c.myid.eq(bindparam("myid_1", 3)), table1.c.myid.eq(5)),
    );
    expect(() => String(stmt)).toThrow(
      /Bind parameter 'myid_1' conflicts with unique bind parameter of the same name/,
    );
  });

  it("a bind name with special characters is escaped", () => {
    assertCompile(
      select(table("t", column("a.b(c)")).c["a.b(c)"]!.eq(5)),
      'SELECT t."a.b(c)" = :a_b_c_1 AS anon_1 FROM t',
      { checkParams: { a_b_c_1: 5 } },
    );
  });

  it("a space in a bind name becomes an underscore", () => {
    assertCompile(
      select(table("t", column("My Col")).c["My Col"]!.eq(5)),
      'SELECT t."My Col" = :My_Col_1 AS anon_1 FROM t',
      { checkParams: { My_Col_1: 5 } },
    );
  });

  it("params override values at compile time", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(bindparam("id", 7))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :id",
    );
  });

  it("params given to compile() override bound values", () => {
    const c = select(table1.c.myid)
      .where(table1.c.myid.eq(bindparam("id", 7)))
      .compile({ params: { id: 9 } });
    expect(c.paramsByName).toEqual({ id: 9 });
  });

  it("two different values under one explicit name raise", () => {
    const stmt = select(table1.c.myid).where(
      or_(table1.c.myid.eq(bindparam("x", 1)), table1.c.name.eq(bindparam("x", 2))),
    );
    expect(() => String(stmt)).toThrow(CompileError);
    expect(() => String(stmt)).toThrow(
      /Bind parameter 'x' conflicts with unique bind parameter of the same name/,
    );
  });

  it("construct() renders the statement again for new values", () => {
    const c = select(table1.c.myid)
      .where(table1.c.myid.in(bindparam("ids", [1], { expanding: true })))
      .compile();
    const again = c.construct(new Map([["ids", [4, 5, 6]]]));
    expect(again.sql.replace(/\s+/g, " ")).toBe(
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (:ids_1, :ids_2, :ids_3)",
    );
    expect(again.params).toEqual([4, 5, 6]);
  });

  it("positiontup lists parameter names in order", () => {
    const c = select(table1.c.myid)
      .where(and_(table1.c.name.eq("a"), table1.c.myid.eq(5)))
      .compile();
    expect(c.positiontup).toEqual(["name_1", "myid_1"]);
    expect(c.params).toEqual(["a", 5]);
  });
});

describe("positional paramstyles", () => {
  it("qmark renders ? in order", () => {
    const stmt = select(table1.c.myid).where(and_(table1.c.name.eq("a"), table1.c.myid.eq(5)));
    assertCompile(stmt, "SELECT mytable.myid FROM mytable WHERE mytable.name = ? AND mytable.myid = ?", {
      dialect: new DefaultDialect({ paramstyle: "qmark" }),
      checkPositional: ["a", 5],
    });
  });

  it("numeric renders :1, :2", () => {
    const stmt = select(table1.c.myid).where(and_(table1.c.name.eq("a"), table1.c.myid.eq(5)));
    assertCompile(stmt, "SELECT mytable.myid FROM mytable WHERE mytable.name = :1 AND mytable.myid = :2", {
      dialect: new DefaultDialect({ paramstyle: "numeric" }),
    });
  });

  it("format renders %s and doubles a literal %", () => {
    const stmt = select(table1.c.myid.mod(5)).where(table1.c.name.like("a%"));
    assertCompile(stmt, "SELECT mytable.myid %% %s AS anon_1 FROM mytable WHERE mytable.name LIKE %s", {
      dialect: new DefaultDialect({ paramstyle: "format" }),
      checkPositional: [5, "a%"],
    });
  });

  it("pyformat renders %(name)s", () => {
    const stmt = select(table1.c.myid).where(table1.c.myid.eq(5));
    assertCompile(stmt, "SELECT mytable.myid FROM mytable WHERE mytable.myid = %(myid_1)s", {
      dialect: new DefaultDialect({ paramstyle: "pyformat" }),
    });
  });

  it("a repeated named parameter is repeated positionally", () => {
    const b = bindparam("x", 3);
    const stmt = select(table1.c.myid).where(or_(table1.c.myid.eq(b), table1.c.myid.gt(b)));
    assertCompile(stmt, "SELECT mytable.myid FROM mytable WHERE mytable.myid = ? OR mytable.myid > ?", {
      dialect: new DefaultDialect({ paramstyle: "qmark" }),
      checkPositional: [3, 3],
    });
  });

  it("expanding IN with qmark renders one ? per value", () => {
    const stmt = select(table1.c.myid).where(table1.c.myid.in([1, 2, 3]));
    assertCompile(stmt, "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (?, ?, ?)", {
      dialect: new DefaultDialect({ paramstyle: "qmark" }),
      renderPostcompile: true,
      checkPositional: [1, 2, 3],
    });
  });
});

describe("expanding and literal-execute parameters", () => {
  it("expanding bindparam", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in(bindparam("ids", [1, 2], { expanding: true }))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (__[POSTCOMPILE_ids])",
      { checkParams: { ids: [1, 2] } },
    );
  });

  it("expanding bindparam rendered", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in(bindparam("ids", [1, 2], { expanding: true }))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (:ids_1, :ids_2)",
      { renderPostcompile: true, checkParams: { ids_1: 1, ids_2: 2 } },
    );
  });

  it("literal-execute bindparam", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(bindparam("x", 5, { literalExecute: true }))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = __[POSTCOMPILE_x]",
    );
  });

  it("literal-execute bindparam rendered", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(bindparam("x", 5, { literalExecute: true }))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = 5",
      { renderPostcompile: true },
    );
  });

  it("literal(…, literalExecute) rendered", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.eq(literal("a", undefined, { literalExecute: true }))),
      "SELECT mytable.myid FROM mytable WHERE mytable.name = 'a'",
      { renderPostcompile: true },
    );
  });

  it("two IN lists", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in([1, 2]), table1.c.name.in(["a", "b"])),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (:myid_1_1, :myid_1_2) AND mytable.name IN (:name_1_1, :name_1_2)",
      { renderPostcompile: true, checkParams: { myid_1_1: 1, myid_1_2: 2, name_1_1: "a", name_1_2: "b" } },
    );
  });
});

describe("literal binds", () => {
  it("integers and strings", () => {
    assertCompile(
      select(table1.c.myid).where(and_(table1.c.myid.eq(5), table1.c.name.eq("x"))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = 5 AND mytable.name = 'x'",
      { literalBinds: true },
    );
  });

  it("a quote in a string is doubled", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.eq("o'reilly")),
      "SELECT mytable.myid FROM mytable WHERE mytable.name = 'o''reilly'",
      { literalBinds: true },
    );
  });

  it("a backslash is not escaped", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.eq("a\\b")),
      "SELECT mytable.myid FROM mytable WHERE mytable.name = 'a\\b'",
      { literalBinds: true },
    );
  });

  it("a percent sign stays single with the named paramstyle", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.like("a%")),
      "SELECT mytable.myid FROM mytable WHERE mytable.name LIKE 'a%'",
      { literalBinds: true },
    );
  });

  it("a float", () => {
    assertCompile(select(literal(5.5)), "SELECT 5.5 AS anon_1", { literalBinds: true });
  });

  it("a boolean", () => {
    assertCompile(select(literal(true)), "SELECT true AS anon_1", { literalBinds: true });
  });

  it("null", () => {
    assertCompile(select(literal(null)), "SELECT NULL AS anon_1", { literalBinds: true });
  });

  it("a string literal", () => {
    assertCompile(select(literal("x")), "SELECT 'x' AS anon_1", { literalBinds: true });
  });

  it("LIMIT and OFFSET", () => {
    assertCompile(
      select(table1.c.myid).limit(5).offset(10),
      "SELECT mytable.myid FROM mytable LIMIT 5 OFFSET 10",
      { literalBinds: true },
    );
  });

  it("a bindparam with a value", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(bindparam("x", 9))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = 9",
      { literalBinds: true },
    );
  });

  it("startswith with autoescape", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.startswith("a_b", { autoescape: true })),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name LIKE 'a/_b' || '%' ESCAPE '/')",
      { literalBinds: true },
    );
  });

  it("functions with arguments", () => {
    assertCompile(
      select(func.coalesce(table1.c.name, "n/a")),
      "SELECT coalesce(mytable.name, 'n/a') AS coalesce_1 FROM mytable",
      { literalBinds: true },
    );
  });

  it("in a subquery", () => {
    assertCompile(
      select(table1.c.myid).where(
        table1.c.myid.in(select(table2.c.otherid).where(table2.c.othername.eq("x"))),
      ),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (SELECT myothertable.otherid FROM myothertable WHERE myothertable.othername = 'x')",
      { literalBinds: true },
    );
  });

  it("a tuple IN", () => {
    assertCompile(
      select(table1.c.myid).where(
        tuple_(table1.c.myid, table1.c.name).in([
          [1, "a"],
          [2, "b"],
        ]),
      ),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid, mytable.name) IN ((1, 'a'), (2, 'b'))",
      { literalBinds: true },
    );
  });

  it("an empty IN", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in([])),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (NULL) AND (1 != 1)",
      { literalBinds: true },
    );
  });

  it("an empty NOT IN", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.notIn([])),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid NOT IN (NULL) OR (1 = 1))",
      { literalBinds: true },
    );
  });

  it("VALUES with literal binds", () => {
    assertCompile(
      select(
        values(column("a", Integer), column("b", SqlString), { name: "v", literalBinds: true }).data([
          [1, "x"],
          [2, "y"],
        ]),
      ),
      "SELECT v.a, v.b FROM (VALUES (1, 'x'), (2, 'y')) AS v (a, b)",
    );
  });

  it("VALUES with parameters", () => {
    assertCompile(
      select(
        values(column("a", Integer), column("b", SqlString), { name: "v" }).data([
          [1, "x"],
          [2, "y"],
        ]),
      ),
      "SELECT v.a, v.b FROM (VALUES (:param_1, :param_2), (:param_3, :param_4)) AS v (a, b)",
      { checkParams: { param_1: 1, param_2: "x", param_3: 2, param_4: "y" } },
    );
  });
});
