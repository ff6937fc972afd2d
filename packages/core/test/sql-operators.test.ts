/**
 * Operators and their SQL, ported from SQLAlchemy's test/sql/test_operators.py and test_compiler.py:
 * comparisons, NULL and boolean handling, arithmetic, precedence and parentheses, IN (lists, empty,
 * tuples, subqueries, expanding), LIKE and its helpers, BETWEEN, CAST, CASE, COLLATE and custom operators.
 */
import { describe, it } from "vitest";
import {
  all_,
  and_,
  any_,
  between,
  bindparam,
  case_,
  cast,
  column,
  Float,
  false_,
  func,
  Integer,
  literal,
  literalColumn,
  Numeric,
  not_,
  null_,
  or_,
  Boolean as SqlBoolean,
  String as SqlString,
  select,
  table,
  true_,
  tuple_,
  typeCoerce,
} from "../src/index.js";
import { assertCompile } from "./assert-compile.js";

const table1 = table(
  "mytable",
  column("myid", Integer),
  column("name", SqlString),
  column("description", SqlString),
);
const table2 = table("myothertable", column("otherid", Integer), column("othername", SqlString));
const bt = table("bt", column("id", Integer), column("flag", SqlBoolean), column("name", SqlString));

describe("comparisons", () => {
  it("equals a value", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(5)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1",
      { checkParams: { myid_1: 5 } },
    );
  });

  it("not equals", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.ne(5)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid != :myid_1",
    );
  });

  it("less than / greater than", () => {
    assertCompile(
      select(table1.c.myid).where(and_(table1.c.myid.lt(5), table1.c.myid.gt(1))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid < :myid_1 AND mytable.myid > :myid_2",
    );
  });

  it("<= and >=", () => {
    assertCompile(
      select(table1.c.myid).where(and_(table1.c.myid.le(5), table1.c.myid.ge(1))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid <= :myid_1 AND mytable.myid >= :myid_2",
    );
  });

  it("compares two columns", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(table2.c.otherid)),
      "SELECT mytable.myid FROM mytable, myothertable WHERE mytable.myid = myothertable.otherid",
    );
  });

  it("literal on the left", () => {
    assertCompile(
      select(table1.c.myid).where(literal(5).eq(table1.c.myid)),
      "SELECT mytable.myid FROM mytable WHERE :param_1 = mytable.myid",
      { checkParams: { param_1: 5 } },
    );
  });

  it("bindparam on the right", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(bindparam("foo"))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :foo",
    );
  });

  it("is distinct from", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.isDistinctFrom(5)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IS DISTINCT FROM :myid_1",
    );
  });

  it("is not distinct from", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.isNotDistinctFrom(5)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IS NOT DISTINCT FROM :myid_1",
    );
  });

  it("negated equality is !=", () => {
    assertCompile(
      select(table1.c.myid).where(not_(table1.c.myid.eq(5))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid != :myid_1",
    );
  });

  it("negated < is >=", () => {
    assertCompile(
      select(table1.c.myid).where(not_(table1.c.myid.lt(5))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid >= :myid_1",
    );
  });

  it("negated > is <=", () => {
    assertCompile(
      select(table1.c.myid).where(not_(table1.c.myid.gt(5))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid <= :myid_1",
    );
  });

  it("the same value twice gets two parameters", () => {
    assertCompile(
      select(table1.c.myid).where(or_(table1.c.myid.eq(5), table1.c.myid.eq(5))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 OR mytable.myid = :myid_2",
      { checkParams: { myid_1: 5, myid_2: 5 } },
    );
  });

  it("string comparison names the param after the column", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.eq("jack")),
      "SELECT mytable.myid FROM mytable WHERE mytable.name = :name_1",
      { checkParams: { name_1: "jack" } },
    );
  });
});

describe("NULL", () => {
  it("== null is IS NULL", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(null)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IS NULL",
    );
  });

  it("!= null is IS NOT NULL", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.ne(null)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IS NOT NULL",
    );
  });

  it("is(null)", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.is(null)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IS NULL",
    );
  });

  it("isNot(null)", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.isNot(null)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IS NOT NULL",
    );
  });

  it("== null_()", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(null_())),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IS NULL",
    );
  });

  it("negated IS NULL", () => {
    assertCompile(
      select(table1.c.myid).where(not_(table1.c.myid.eq(null))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IS NOT NULL",
    );
  });

  it("is distinct from null", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.isDistinctFrom(null)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IS DISTINCT FROM NULL",
    );
  });

  it("selects NULL", () => {
    assertCompile(select(null_()), "SELECT NULL AS anon_1");
  });
});

describe("booleans", () => {
  it("and_ of two comparisons", () => {
    assertCompile(
      select(table1.c.myid).where(and_(table1.c.myid.eq(1), table1.c.name.eq("a"))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 AND mytable.name = :name_1",
    );
  });

  it("or_ of two comparisons", () => {
    assertCompile(
      select(table1.c.myid).where(or_(table1.c.myid.eq(1), table1.c.myid.eq(2))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 OR mytable.myid = :myid_2",
    );
  });

  it("OR inside AND is parenthesised", () => {
    assertCompile(
      select(table1.c.myid).where(
        and_(table1.c.myid.eq(1), or_(table1.c.name.eq("a"), table1.c.name.eq("b"))),
      ),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 AND (mytable.name = :name_1 OR mytable.name = :name_2)",
    );
  });

  it("AND inside OR is not parenthesised", () => {
    assertCompile(
      select(table1.c.myid).where(or_(table1.c.myid.eq(1), and_(table1.c.name.eq("a"), table1.c.myid.eq(2)))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 OR mytable.name = :name_1 AND mytable.myid = :myid_2",
    );
  });

  it("nested ANDs are flattened", () => {
    assertCompile(
      select(table1.c.myid).where(and_(and_(table1.c.myid.eq(1), table1.c.myid.eq(2)), table1.c.myid.eq(3))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 AND mytable.myid = :myid_2 AND mytable.myid = :myid_3",
    );
  });

  it("and_ of one clause is the clause", () => {
    assertCompile(
      select(table1.c.myid).where(and_(table1.c.myid.eq(1))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1",
    );
  });

  it("NOT of an AND", () => {
    assertCompile(
      select(table1.c.myid).where(not_(and_(table1.c.myid.eq(1), table1.c.name.eq("a")))),
      "SELECT mytable.myid FROM mytable WHERE NOT (mytable.myid = :myid_1 AND mytable.name = :name_1)",
    );
  });

  it("NOT of an OR", () => {
    assertCompile(
      select(table1.c.myid).where(not_(or_(table1.c.myid.eq(1), table1.c.name.eq("a")))),
      "SELECT mytable.myid FROM mytable WHERE NOT (mytable.myid = :myid_1 OR mytable.name = :name_1)",
    );
  });

  it("double negation", () => {
    assertCompile(
      select(table1.c.myid).where(not_(not_(table1.c.myid.eq(1)))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1",
    );
  });

  it("and_ with true() keeps the other clause", () => {
    assertCompile(
      select(table1.c.myid).where(and_(true_(), table1.c.myid.eq(1))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1",
    );
  });

  it("or_ with false() keeps the other clause", () => {
    assertCompile(
      select(table1.c.myid).where(or_(false_(), table1.c.myid.eq(1))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1",
    );
  });

  it("and_ with false() is false", () => {
    assertCompile(
      select(table1.c.myid).where(and_(false_(), table1.c.myid.eq(1))),
      "SELECT mytable.myid FROM mytable WHERE false",
    );
  });

  it("or_ with true() is true", () => {
    assertCompile(
      select(table1.c.myid).where(or_(true_(), table1.c.myid.eq(1))),
      "SELECT mytable.myid FROM mytable WHERE true",
    );
  });

  it("not_(true())", () => {
    assertCompile(select(table1.c.myid).where(not_(true_())), "SELECT mytable.myid FROM mytable WHERE false");
  });

  it("boolean column compared to true", () => {
    assertCompile(select(bt.c.id).where(bt.c.flag.eq(true)), "SELECT bt.id FROM bt WHERE bt.flag = true");
  });

  it("boolean column compared to false", () => {
    assertCompile(select(bt.c.id).where(bt.c.flag.eq(false)), "SELECT bt.id FROM bt WHERE bt.flag = false");
  });

  it("boolean column in and_", () => {
    assertCompile(
      select(bt.c.id).where(and_(bt.c.flag, bt.c.id.eq(5))),
      "SELECT bt.id FROM bt WHERE bt.flag AND bt.id = :id_1",
    );
  });

  it("negated boolean column in or_", () => {
    assertCompile(
      select(bt.c.id).where(or_(not_(bt.c.flag), bt.c.id.eq(5))),
      "SELECT bt.id FROM bt WHERE NOT bt.flag OR bt.id = :id_1",
    );
  });

  it("selects true() and false()", () => {
    assertCompile(select(true_(), false_()), "SELECT true AS anon_1, false AS anon_2");
  });

  it("selects a comparison", () => {
    assertCompile(select(table1.c.myid.eq(5)), "SELECT mytable.myid = :myid_1 AS anon_1 FROM mytable");
  });
});

describe("arithmetic and precedence", () => {
  it("addition with a value", () => {
    assertCompile(select(table1.c.myid.add(5)), "SELECT mytable.myid + :myid_1 AS anon_1 FROM mytable");
  });

  it("subtraction, multiplication, modulo", () => {
    assertCompile(
      select(table1.c.myid.sub(5), table1.c.myid.mul(5), table1.c.myid.mod(5)),
      "SELECT mytable.myid - :myid_1 AS anon_1, mytable.myid * :myid_2 AS anon_2, mytable.myid % :myid_3 AS anon_3 FROM mytable",
    );
  });

  it("true division of integers casts the divisor", () => {
    assertCompile(
      select(table1.c.myid.div(5)),
      "SELECT mytable.myid / CAST(:myid_1 AS NUMERIC) AS anon_1 FROM mytable",
    );
  });

  it("true division by a column", () => {
    assertCompile(
      select(table1.c.myid.div(table2.c.otherid)),
      "SELECT mytable.myid / CAST(myothertable.otherid AS NUMERIC) AS anon_1 FROM mytable, myothertable",
    );
  });

  it("floor division of integers", () => {
    assertCompile(select(table1.c.myid.floordiv(5)), "SELECT mytable.myid / :myid_1 AS anon_1 FROM mytable");
  });

  it("floor division of a float", () => {
    assertCompile(select(literalColumn("x", Float).floordiv(5)), "SELECT FLOOR(x / :x_1) AS anon_1");
  });

  it("unary minus", () => {
    assertCompile(select(table1.c.myid.neg()), "SELECT -mytable.myid FROM mytable");
  });

  it("unary minus of a sum is parenthesised", () => {
    assertCompile(
      select(table1.c.myid.add(5).neg()),
      "SELECT -(mytable.myid + :myid_1) AS anon_1 FROM mytable",
    );
  });

  it("a + b + c needs no parentheses", () => {
    assertCompile(
      select(table1.c.myid.add(5).add(6)),
      "SELECT mytable.myid + :myid_1 + :param_1 AS anon_1 FROM mytable",
    );
  });

  it("a - (b - c) keeps its parentheses", () => {
    assertCompile(
      select(table1.c.myid.sub(table2.c.otherid.sub(5))),
      "SELECT mytable.myid - (myothertable.otherid - :otherid_1) AS anon_1 FROM mytable, myothertable",
    );
  });

  it("(a + b) * c is parenthesised", () => {
    assertCompile(
      select(table1.c.myid.add(5).mul(6)),
      "SELECT (mytable.myid + :myid_1) * :param_1 AS anon_1 FROM mytable",
    );
  });

  it("a * b + c is not", () => {
    assertCompile(
      select(table1.c.myid.mul(5).add(6)),
      "SELECT mytable.myid * :myid_1 + :param_1 AS anon_1 FROM mytable",
    );
  });

  it("a / (b * c) is parenthesised", () => {
    assertCompile(
      select(table1.c.myid.div(table2.c.otherid.mul(5))),
      "SELECT mytable.myid / CAST((myothertable.otherid * :otherid_1) AS NUMERIC) AS anon_1 FROM mytable, myothertable",
    );
  });

  it("arithmetic inside a comparison", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.add(5).eq(table2.c.otherid.mul(2))),
      "SELECT mytable.myid FROM mytable, myothertable WHERE mytable.myid + :myid_1 = myothertable.otherid * :otherid_1",
    );
  });

  it("comparison of a comparison is parenthesised", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(5).eq(table2.c.otherid.eq(6))),
      "SELECT mytable.myid FROM mytable, myothertable WHERE (mytable.myid = :myid_1) = (myothertable.otherid = :otherid_1)",
    );
  });

  it("string + string is concatenation", () => {
    assertCompile(select(table1.c.name.add("x")), "SELECT mytable.name || :name_1 AS anon_1 FROM mytable");
  });

  it("concat()", () => {
    assertCompile(
      select(table1.c.name.concat(table1.c.description)),
      "SELECT mytable.name || mytable.description AS anon_1 FROM mytable",
    );
  });

  it("concat chain", () => {
    assertCompile(
      select(table1.c.name.concat("a").concat("b")),
      "SELECT mytable.name || :name_1 || :param_1 AS anon_1 FROM mytable",
    );
  });

  it("bitwise and / or / xor", () => {
    assertCompile(
      select(table1.c.myid.bitwiseAnd(5), table1.c.myid.bitwiseOr(5), table1.c.myid.bitwiseXor(5)),
      "SELECT mytable.myid & :myid_1 AS anon_1, mytable.myid | :myid_2 AS anon_2, mytable.myid ^ :myid_3 AS anon_3 FROM mytable",
    );
  });

  it("bitwise not and shifts", () => {
    assertCompile(
      select(table1.c.myid.bitwiseNot(), table1.c.myid.bitwiseLshift(2), table1.c.myid.bitwiseRshift(2)),
      "SELECT ~mytable.myid, mytable.myid << :myid_1 AS anon_1, mytable.myid >> :myid_2 AS anon_2 FROM mytable",
    );
  });

  it("literal + literal", () => {
    assertCompile(select(literal(5).add(literal(6))), "SELECT :param_1 + :param_2 AS anon_1", {
      checkParams: { param_1: 5, param_2: 6 },
    });
  });
});

describe("IN", () => {
  it("in a list is one expanding parameter", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in([1, 2, 3])),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (__[POSTCOMPILE_myid_1])",
      { checkParams: { myid_1: [1, 2, 3] } },
    );
  });

  it("in a list rendered with renderPostcompile", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in([1, 2, 3])),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (:myid_1_1, :myid_1_2, :myid_1_3)",
      { renderPostcompile: true, checkParams: { myid_1_1: 1, myid_1_2: 2, myid_1_3: 3 } },
    );
  });

  it("not in a list", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.notIn([1, 2, 3])),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid NOT IN (__[POSTCOMPILE_myid_1]))",
    );
  });

  it("not in with renderPostcompile", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.notIn([1, 2])),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid NOT IN (:myid_1_1, :myid_1_2))",
      { renderPostcompile: true },
    );
  });

  it("negated IN is NOT IN", () => {
    assertCompile(
      select(table1.c.myid).where(not_(table1.c.myid.in([1, 2]))),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid NOT IN (__[POSTCOMPILE_myid_1]))",
    );
  });

  it("in an empty list", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in([])),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (__[POSTCOMPILE_myid_1])",
      { checkParams: { myid_1: [] } },
    );
  });

  it("in an empty list, rendered", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in([])),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (NULL) AND (1 != 1)",
      { renderPostcompile: true },
    );
  });

  it("not in an empty list, rendered", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.notIn([])),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid NOT IN (NULL) OR (1 = 1))",
      { renderPostcompile: true },
    );
  });

  it("in and not in empty lists beside other operations, rendered", () => {
    // Each expanding list renders by its own operator, whatever operations surround it.
    assertCompile(
      select(table1.c.myid).where(
        and_(table1.c.myid.eq(1), table1.c.myid.notIn([]), table1.c.name.in([]), table1.c.myid.add(2).gt(3)),
      ),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = 1 AND (mytable.myid NOT IN (NULL) OR (1 = 1)) " +
        "AND mytable.name IN (NULL) AND (1 != 1) AND mytable.myid + 2 > 3",
      { renderPostcompile: true, literalBinds: true },
    );
  });

  it("in a list of expressions", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in([table2.c.otherid, literal(5)])),
      "SELECT mytable.myid FROM mytable, myothertable WHERE mytable.myid IN (myothertable.otherid, :param_1)",
    );
  });

  it("in a list mixing values and expressions", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in([1, table2.c.otherid])),
      "SELECT mytable.myid FROM mytable, myothertable WHERE mytable.myid IN (:myid_1, myothertable.otherid)",
    );
  });

  it("in a subquery", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in(select(table2.c.otherid))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (SELECT myothertable.otherid FROM myothertable)",
    );
  });

  it("not in a subquery", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.notIn(select(table2.c.otherid))),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid NOT IN (SELECT myothertable.otherid FROM myothertable))",
    );
  });

  it("in an expanding bindparam", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in(bindparam("ids", undefined, { expanding: true }))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (__[POSTCOMPILE_ids])",
    );
  });

  it("in a literal-bound list", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in([1, 2, 3])),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (1, 2, 3)",
      { literalBinds: true },
    );
  });

  it("in a string list, literal", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.in(["a", "b'c"])),
      "SELECT mytable.myid FROM mytable WHERE mytable.name IN ('a', 'b''c')",
      { literalBinds: true },
    );
  });

  it("tuple in a list of tuples", () => {
    assertCompile(
      select(table1.c.myid).where(
        tuple_(table1.c.myid, table1.c.name).in([
          [1, "a"],
          [2, "b"],
        ]),
      ),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid, mytable.name) IN (__[POSTCOMPILE_param_1])",
      {
        checkParams: {
          param_1: [
            [1, "a"],
            [2, "b"],
          ],
        },
      },
    );
  });

  it("tuple in a list of tuples, rendered", () => {
    assertCompile(
      select(table1.c.myid).where(
        tuple_(table1.c.myid, table1.c.name).in([
          [1, "a"],
          [2, "b"],
        ]),
      ),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid, mytable.name) IN ((:param_1_1_1, :param_1_1_2), (:param_1_2_1, :param_1_2_2))",
      { renderPostcompile: true },
    );
  });

  it("tuple in an empty list, rendered", () => {
    assertCompile(
      select(table1.c.myid).where(tuple_(table1.c.myid, table1.c.name).in([])),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid, mytable.name) IN ((NULL, NULL)) AND (1 != 1)",
      { renderPostcompile: true },
    );
  });

  it("tuple in a subquery", () => {
    assertCompile(
      select(table1.c.myid).where(
        tuple_(table1.c.myid, table1.c.name).in(select(table2.c.otherid, table2.c.othername)),
      ),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid, mytable.name) IN (SELECT myothertable.otherid, myothertable.othername FROM myothertable)",
    );
  });

  it("tuple equality", () => {
    assertCompile(
      select(table1.c.myid).where(tuple_(table1.c.myid, table1.c.name).eq(tuple_(1, "a"))),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid, mytable.name) = (:param_1, :param_2)",
    );
  });

  it("IN inside AND", () => {
    assertCompile(
      select(table1.c.myid).where(and_(table1.c.myid.in([1, 2]), table1.c.name.eq("a"))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (__[POSTCOMPILE_myid_1]) AND mytable.name = :name_1",
    );
  });
});

describe("LIKE and its helpers", () => {
  it("like", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.like("%a%")),
      "SELECT mytable.myid FROM mytable WHERE mytable.name LIKE :name_1",
    );
  });

  it("like with escape", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.like("a/%%", { escape: "/" })),
      "SELECT mytable.myid FROM mytable WHERE mytable.name LIKE :name_1 ESCAPE '/'",
    );
  });

  it("not like", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.notLike("%a%")),
      "SELECT mytable.myid FROM mytable WHERE mytable.name NOT LIKE :name_1",
    );
  });

  it("negated like is NOT LIKE", () => {
    assertCompile(
      select(table1.c.myid).where(not_(table1.c.name.like("%a%"))),
      "SELECT mytable.myid FROM mytable WHERE mytable.name NOT LIKE :name_1",
    );
  });

  it("ilike is lower() LIKE lower()", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.ilike("%a%")),
      "SELECT mytable.myid FROM mytable WHERE lower(mytable.name) LIKE lower(:name_1)",
    );
  });

  it("not ilike", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.notIlike("%a%")),
      "SELECT mytable.myid FROM mytable WHERE lower(mytable.name) NOT LIKE lower(:name_1)",
    );
  });

  it("startswith", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.startswith("a")),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name LIKE :name_1 || '%')",
      { checkParams: { name_1: "a" } },
    );
  });

  it("endswith", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.endswith("a")),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name LIKE '%' || :name_1)",
    );
  });

  it("contains", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.contains("a")),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name LIKE '%' || :name_1 || '%')",
    );
  });

  it("istartswith", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.istartswith("a")),
      "SELECT mytable.myid FROM mytable WHERE (lower(mytable.name) LIKE lower(:name_1) || '%')",
    );
  });

  it("iendswith", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.iendswith("a")),
      "SELECT mytable.myid FROM mytable WHERE (lower(mytable.name) LIKE '%' || lower(:name_1))",
    );
  });

  it("icontains", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.icontains("a")),
      "SELECT mytable.myid FROM mytable WHERE (lower(mytable.name) LIKE '%' || lower(:name_1) || '%')",
    );
  });

  it("negated startswith", () => {
    assertCompile(
      select(table1.c.myid).where(not_(table1.c.name.startswith("a"))),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name NOT LIKE :name_1 || '%')",
    );
  });

  it("negated contains", () => {
    assertCompile(
      select(table1.c.myid).where(not_(table1.c.name.contains("a"))),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name NOT LIKE '%' || :name_1 || '%')",
    );
  });

  it("startswith a column", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.startswith(table2.c.othername)),
      "SELECT mytable.myid FROM mytable, myothertable WHERE (mytable.name LIKE myothertable.othername || '%')",
    );
  });

  it("startswith with autoescape", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.startswith("ab%c_d/e", { autoescape: true })),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name LIKE :name_1 || '%' ESCAPE '/')",
      { checkParams: { name_1: "ab/%c/_d//e" } },
    );
  });

  it("contains with autoescape", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.contains("a%b", { autoescape: true })),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name LIKE '%' || :name_1 || '%' ESCAPE '/')",
      { checkParams: { name_1: "a/%b" } },
    );
  });

  it("endswith with escape", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.endswith("a^%", { escape: "^" })),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name LIKE '%' || :name_1 ESCAPE '^')",
      { checkParams: { name_1: "a^%" } },
    );
  });

  it("startswith with autoescape and an escape char", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.startswith("a^%b_c", { autoescape: true, escape: "^" })),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name LIKE :name_1 || '%' ESCAPE '^')",
      { checkParams: { name_1: "a^^^%b^_c" } },
    );
  });

  it("startswith inside and_ is parenthesised where needed", () => {
    assertCompile(
      select(table1.c.myid).where(and_(table1.c.name.startswith("a"), table1.c.myid.eq(1))),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name LIKE :name_1 || '%') AND mytable.myid = :myid_1",
    );
  });

  it("contains with literal binds", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.contains("a")),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name LIKE '%' || 'a' || '%')",
      { literalBinds: true },
    );
  });
});

describe("BETWEEN", () => {
  it("between", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.between(1, 5)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid BETWEEN :myid_1 AND :myid_2",
      { checkParams: { myid_1: 1, myid_2: 5 } },
    );
  });

  it("between symmetric", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.between(1, 5, { symmetric: true })),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid BETWEEN SYMMETRIC :myid_1 AND :myid_2",
    );
  });

  it("not between", () => {
    assertCompile(
      select(table1.c.myid).where(not_(table1.c.myid.between(1, 5))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid NOT BETWEEN :myid_1 AND :myid_2",
    );
  });

  it("between() function", () => {
    assertCompile(
      select(table1.c.myid).where(between(table1.c.myid, 1, 5)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid BETWEEN :myid_1 AND :myid_2",
    );
  });

  it("between columns", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.between(table2.c.otherid, table2.c.otherid.add(5))),
      "SELECT mytable.myid FROM mytable, myothertable WHERE mytable.myid BETWEEN myothertable.otherid AND myothertable.otherid + :otherid_1",
    );
  });
});

describe("CAST, type_coerce, COLLATE", () => {
  it("cast to a type", () => {
    assertCompile(
      select(cast(table1.c.myid, SqlString)),
      "SELECT CAST(mytable.myid AS VARCHAR) AS myid FROM mytable",
    );
  });

  it("cast with a length", () => {
    assertCompile(
      select(cast(table1.c.name, SqlString(20))),
      "SELECT CAST(mytable.name AS VARCHAR(20)) AS name FROM mytable",
    );
  });

  it("cast to numeric with precision", () => {
    assertCompile(
      select(cast(table1.c.myid, Numeric(10, 2))),
      "SELECT CAST(mytable.myid AS NUMERIC(10, 2)) AS myid FROM mytable",
    );
  });

  it("cast of a value", () => {
    assertCompile(select(cast(5, SqlString)), "SELECT CAST(:param_1 AS VARCHAR) AS anon_1", {
      checkParams: { param_1: 5 },
    });
  });

  it("column.cast()", () => {
    assertCompile(
      select(table1.c.myid.cast(SqlString)),
      "SELECT CAST(mytable.myid AS VARCHAR) AS myid FROM mytable",
    );
  });

  it("cast labelled", () => {
    assertCompile(
      select(cast(table1.c.myid, SqlString).label("s")),
      "SELECT CAST(mytable.myid AS VARCHAR) AS s FROM mytable",
    );
  });

  it("cast of an expression", () => {
    assertCompile(
      select(cast(table1.c.myid.add(5), SqlString)),
      "SELECT CAST(mytable.myid + :myid_1 AS VARCHAR) AS anon_1 FROM mytable",
    );
  });

  it("cast in a comparison names its parameter param_1", () => {
    assertCompile(
      select(table1.c.myid).where(cast(table1.c.name, Integer).eq(5)),
      "SELECT mytable.myid FROM mytable WHERE CAST(mytable.name AS INTEGER) = :param_1",
      { checkParams: { param_1: 5 } },
    );
  });

  it("a label compared names its parameter param_1", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.label("foo").eq(5)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :param_1",
      { checkParams: { param_1: 5 } },
    );
  });

  it("a function compared names its parameter after the function", () => {
    assertCompile(
      select(table1.c.myid).where((func as any).foo.bar(table1.c.myid).eq(5)),
      "SELECT mytable.myid FROM mytable WHERE foo.bar(mytable.myid) = :bar_1",
      { checkParams: { bar_1: 5 } },
    );
  });

  it("type_coerce renders the expression", () => {
    assertCompile(select(typeCoerce(table1.c.name, Integer)), "SELECT mytable.name AS name FROM mytable");
  });

  it("type_coerce of an expression", () => {
    assertCompile(
      select(typeCoerce(table1.c.myid.add(5), SqlString)),
      "SELECT mytable.myid + :myid_1 AS anon_1 FROM mytable",
    );
  });

  it("collate", () => {
    assertCompile(
      select(table1.c.name.collate("utf8_bin")),
      "SELECT mytable.name COLLATE utf8_bin AS anon_1 FROM mytable",
    );
  });

  it("collate with a quoted name", () => {
    assertCompile(
      select(table1.c.name.collate("en_US")),
      'SELECT mytable.name COLLATE "en_US" AS anon_1 FROM mytable',
    );
  });

  it("collate in a comparison", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.collate("utf8_bin").eq("x")),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name COLLATE utf8_bin) = :param_1",
    );
  });

  it("order by collate", () => {
    assertCompile(
      select(table1.c.myid).orderBy(table1.c.name.collate("utf8_bin")),
      "SELECT mytable.myid FROM mytable ORDER BY mytable.name COLLATE utf8_bin",
    );
  });
});

describe("CASE", () => {
  it("searched CASE", () => {
    assertCompile(
      select(case_([table1.c.myid.eq(1), "one"], [table1.c.myid.eq(2), "two"])),
      "SELECT CASE WHEN (mytable.myid = :myid_1) THEN :param_1 WHEN (mytable.myid = :myid_2) THEN :param_2 END AS anon_1 FROM mytable",
      { checkParams: { myid_1: 1, param_1: "one", myid_2: 2, param_2: "two" } },
    );
  });

  it("CASE with ELSE", () => {
    assertCompile(
      select(case_([table1.c.myid.eq(1), "one"], { else: "other" })),
      "SELECT CASE WHEN (mytable.myid = :myid_1) THEN :param_1 ELSE :param_2 END AS anon_1 FROM mytable",
    );
  });

  it("simple CASE with a value and a mapping", () => {
    assertCompile(
      select(case_({ 1: "one", 2: "two" }, { value: table1.c.myid })),
      "SELECT CASE mytable.myid WHEN :param_1 THEN :param_2 WHEN :param_3 THEN :param_4 END AS anon_1 FROM mytable",
    );
  });

  it("simple CASE with a value and pairs", () => {
    assertCompile(
      select(case_([1, "one"], [2, "two"], { value: table1.c.myid })),
      "SELECT CASE mytable.myid WHEN :param_1 THEN :param_2 WHEN :param_3 THEN :param_4 END AS anon_1 FROM mytable",
      { checkParams: { param_1: 1, param_2: "one", param_3: 2, param_4: "two" } },
    );
  });

  it("CASE with column results", () => {
    assertCompile(
      select(case_([table1.c.myid.gt(5), table1.c.name], { else: table1.c.description })),
      "SELECT CASE WHEN (mytable.myid > :myid_1) THEN mytable.name ELSE mytable.description END AS anon_1 FROM mytable",
    );
  });

  it("CASE with literal_column results", () => {
    assertCompile(
      select(case_([table1.c.myid.eq(1), literalColumn("'x'")], { else: literalColumn("'y'") })),
      "SELECT CASE WHEN (mytable.myid = :myid_1) THEN 'x' ELSE 'y' END AS anon_1 FROM mytable",
    );
  });

  it("CASE with an AND condition", () => {
    assertCompile(
      select(case_([and_(table1.c.myid.gt(1), table1.c.myid.lt(5)), "mid"])),
      "SELECT CASE WHEN (mytable.myid > :myid_1 AND mytable.myid < :myid_2) THEN :param_1 END AS anon_1 FROM mytable",
    );
  });

  it("CASE labelled", () => {
    assertCompile(
      select(case_([table1.c.myid.eq(1), "one"]).label("c")),
      "SELECT CASE WHEN (mytable.myid = :myid_1) THEN :param_1 END AS c FROM mytable",
    );
  });

  it("CASE with literal binds", () => {
    assertCompile(
      select(case_([table1.c.myid.eq(1), "one"], { else: "other" })),
      "SELECT CASE WHEN (mytable.myid = 1) THEN 'one' ELSE 'other' END AS anon_1 FROM mytable",
      { literalBinds: true },
    );
  });

  it("CASE in a comparison", () => {
    assertCompile(
      select(table1.c.myid).where(case_([table1.c.myid.eq(1), "one"], { else: "x" }).eq("one")),
      "SELECT mytable.myid FROM mytable WHERE CASE WHEN (mytable.myid = :myid_1) THEN :param_1 ELSE :param_2 END = :param_3",
    );
  });
});

describe("custom operators", () => {
  it("op() with a value", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.op("&&")(5)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid && :myid_1",
    );
  });

  it("op() binds tighter than + by default", () => {
    assertCompile(
      select(table1.c.myid.op("^^")(5).add(1)),
      "SELECT (mytable.myid ^^ :myid_1) + :param_1 AS anon_1 FROM mytable",
    );
  });

  it("op() of a sum parenthesises it", () => {
    assertCompile(
      select(table1.c.myid.add(1).op("^^")(5)),
      "SELECT mytable.myid + :myid_1 ^^ :param_1 AS anon_1 FROM mytable",
    );
  });

  it("op() with is_comparison", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.op("~~", { isComparison: true })(5)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid ~~ :myid_1",
    );
  });

  it("bool_op", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.boolOp("@@")(5)),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid @@ :myid_1",
    );
  });

  it("op() with a precedence", () => {
    assertCompile(
      select(table1.c.myid.op("#", { precedence: 5 })(table1.c.myid.add(1))),
      "SELECT mytable.myid # mytable.myid + :myid_1 AS anon_1 FROM mytable",
    );
  });

  it("op() in an and_", () => {
    assertCompile(
      select(table1.c.myid).where(and_(table1.c.myid.op("@>")(5), table1.c.myid.eq(1))),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid @> :myid_1) AND mytable.myid = :myid_2",
    );
  });
});

describe("more precedence and grouping (test_operators)", () => {
  it("IS true", () => {
    assertCompile(select(bt.c.id).where(bt.c.flag.is(true)), "SELECT bt.id FROM bt WHERE bt.flag IS true");
  });

  it("IS NOT false", () => {
    assertCompile(
      select(bt.c.id).where(bt.c.flag.isNot(false)),
      "SELECT bt.id FROM bt WHERE bt.flag IS NOT false",
    );
  });

  it("a concatenation compared with LIKE", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.name.concat(table1.c.description).like("%x%")),
      "SELECT mytable.myid FROM mytable WHERE (mytable.name || mytable.description) LIKE :param_1",
    );
  });

  it("LIKE of a function", () => {
    assertCompile(
      select(table1.c.myid).where(func.lower!(table1.c.name).like("a%")),
      "SELECT mytable.myid FROM mytable WHERE lower(mytable.name) LIKE :lower_1",
    );
  });

  it("negation of a LIKE inside AND", () => {
    assertCompile(
      select(table1.c.myid).where(and_(not_(table1.c.name.like("a%")), table1.c.myid.eq(1))),
      "SELECT mytable.myid FROM mytable WHERE mytable.name NOT LIKE :name_1 AND mytable.myid = :myid_1",
    );
  });

  it("NOT of an IN inside OR", () => {
    assertCompile(
      select(table1.c.myid).where(or_(not_(table1.c.myid.in([1, 2])), table1.c.myid.eq(5))),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid NOT IN (__[POSTCOMPILE_myid_1])) OR mytable.myid = :myid_2",
    );
  });

  it("NOT of a BETWEEN inside AND", () => {
    assertCompile(
      select(table1.c.myid).where(and_(not_(table1.c.myid.between(1, 2)), table1.c.myid.ne(5))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid NOT BETWEEN :myid_1 AND :myid_2 AND mytable.myid != :myid_3",
    );
  });

  it("= ANY", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(any_(table2.c.otherid))),
      "SELECT mytable.myid FROM mytable, myothertable WHERE mytable.myid = ANY (myothertable.otherid)",
    );
  });

  it("= ALL of a subquery", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(all_(select(table2.c.otherid).scalarSubquery()))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = ALL (SELECT myothertable.otherid FROM myothertable)",
    );
  });

  it("unary minus of a literal column", () => {
    assertCompile(select(literalColumn("x", Integer).neg()), "SELECT -x");
  });

  it("DISTINCT inside count with an expression", () => {
    assertCompile(
      select(func.count(table1.c.myid.add(1).distinct())),
      "SELECT count(DISTINCT mytable.myid + :myid_1) AS count_1 FROM mytable",
    );
  });

  it("a cast compared inside arithmetic", () => {
    assertCompile(
      select(cast(table1.c.name, Integer).add(5)),
      "SELECT CAST(mytable.name AS INTEGER) + :param_1 AS anon_1 FROM mytable",
    );
  });

  it("concat of a literal and a column", () => {
    assertCompile(
      select(literal("x").add(table1.c.name)),
      "SELECT :param_1 || mytable.name AS anon_1 FROM mytable",
    );
  });

  it("mod binds like multiplication", () => {
    assertCompile(
      select(table1.c.myid.mul(2).mod(3)),
      "SELECT (mytable.myid * :myid_1) % :param_1 AS anon_1 FROM mytable",
    );
  });

  it("a - b + c", () => {
    assertCompile(
      select(table1.c.myid.sub(2).add(3)),
      "SELECT (mytable.myid - :myid_1) + :param_1 AS anon_1 FROM mytable",
    );
  });

  it("a + (b + c) needs no parentheses", () => {
    assertCompile(
      select(table1.c.myid.add(table2.c.otherid.add(3))),
      "SELECT mytable.myid + myothertable.otherid + :otherid_1 AS anon_1 FROM mytable, myothertable",
    );
  });

  it("a * (b / c)", () => {
    assertCompile(
      select(table1.c.myid.mul(table2.c.otherid.div(3))),
      "SELECT mytable.myid * (myothertable.otherid / CAST(:otherid_1 AS NUMERIC)) AS anon_1 FROM mytable, myothertable",
    );
  });

  it("comparison against a negated column", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(table2.c.otherid.neg())),
      "SELECT mytable.myid FROM mytable, myothertable WHERE mytable.myid = -myothertable.otherid",
    );
  });

  it("a boolean expression compared with a boolean", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(5).eq(true)),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid = :myid_1) = true",
    );
  });
});
