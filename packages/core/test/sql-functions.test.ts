/**
 * SQL functions, ported from SQLAlchemy's test/sql/test_functions.py: generic and ANSI functions,
 * packaged names, count(*), aggregates with FILTER and WITHIN GROUP, window functions and frames,
 * EXTRACT, grouping sets, and function result types.
 */
import { describe, it } from "vitest";
import { column, extract, func, Integer, String as SqlString, select, table } from "../src/index.js";
import { assertCompile } from "./assert-compile.js";

const table1 = table(
  "mytable",
  column("myid", Integer),
  column("name", SqlString),
  column("description", SqlString),
);

describe("generic functions", () => {
  it("count(*)", () => {
    assertCompile(select(func.count()).selectFrom(table1), "SELECT count(*) AS count_1 FROM mytable");
  });

  it("count of a column", () => {
    assertCompile(select(func.count(table1.c.myid)), "SELECT count(mytable.myid) AS count_1 FROM mytable");
  });

  it("two counts get count_1 and count_2", () => {
    assertCompile(
      select(func.count(table1.c.myid), func.count(table1.c.name)),
      "SELECT count(mytable.myid) AS count_1, count(mytable.name) AS count_2 FROM mytable",
    );
  });

  it("labelled count", () => {
    assertCompile(
      select(func.count(table1.c.myid).label("n")),
      "SELECT count(mytable.myid) AS n FROM mytable",
    );
  });

  it("max/min/sum/avg", () => {
    assertCompile(
      select(
        func.max(table1.c.myid),
        func.min(table1.c.myid),
        func.sum(table1.c.myid),
        func.avg(table1.c.myid),
      ),
      "SELECT max(mytable.myid) AS max_1, min(mytable.myid) AS min_1, sum(mytable.myid) AS sum_1, avg(mytable.myid) AS avg_1 FROM mytable",
    );
  });

  it("an unknown function renders as called", () => {
    assertCompile(
      select(func.my_func!(table1.c.myid, 5)),
      "SELECT my_func(mytable.myid, :my_func_2) AS my_func_1 FROM mytable",
      { checkParams: { my_func_2: 5 } },
    );
  });

  it("function names keep their case", () => {
    assertCompile(select(func.MyFunc!(1)), 'SELECT MyFunc(:MyFunc_2) AS "MyFunc_1"');
  });

  it("a function with no arguments", () => {
    assertCompile(select(func.random!()), "SELECT random() AS random_1");
  });

  it("now()", () => {
    assertCompile(select(func.now()), "SELECT now() AS now_1");
  });

  it("ANSI functions without parentheses", () => {
    assertCompile(
      select(func.current_timestamp(), func.current_date(), func.current_user!(), func.localtimestamp!()),
      "SELECT CURRENT_TIMESTAMP AS current_timestamp_1, CURRENT_DATE AS current_date_1, CURRENT_USER AS current_user_1, LOCALTIMESTAMP AS localtimestamp_1",
    );
  });

  it("coalesce", () => {
    assertCompile(
      select(func.coalesce(table1.c.name, "none")),
      "SELECT coalesce(mytable.name, :coalesce_2) AS coalesce_1 FROM mytable",
      { checkParams: { coalesce_2: "none" } },
    );
  });

  it("nested functions", () => {
    assertCompile(
      select(func.lower!(func.trim!(table1.c.name))),
      "SELECT lower(trim(mytable.name)) AS lower_1 FROM mytable",
    );
  });

  it("a function in WHERE", () => {
    assertCompile(
      select(table1.c.myid).where(func.lower!(table1.c.name).eq("x")),
      "SELECT mytable.myid FROM mytable WHERE lower(mytable.name) = :lower_1",
      { checkParams: { lower_1: "x" } },
    );
  });

  it("a function of an expression", () => {
    assertCompile(
      select(func.abs!(table1.c.myid.sub(5))),
      "SELECT abs(mytable.myid - :myid_1) AS abs_1 FROM mytable",
    );
  });

  it("packaged function names", () => {
    assertCompile(
      select((func as any).mypackage.myfunc(table1.c.myid)),
      "SELECT mypackage.myfunc(mytable.myid) AS myfunc_1 FROM mytable",
    );
  });

  it("deeply packaged names", () => {
    assertCompile(select((func as any).a.b.c(1)), "SELECT a.b.c(:c_2) AS c_1", { checkParams: { c_2: 1 } });
  });

  it("char_length", () => {
    assertCompile(
      select(func.char_length(table1.c.name)),
      "SELECT char_length(mytable.name) AS char_length_1 FROM mytable",
    );
  });

  it("a function with a string argument names the parameter after it", () => {
    assertCompile(
      select(func.concat!(table1.c.name, "x")),
      "SELECT concat(mytable.name, :concat_2) AS concat_1 FROM mytable",
      { checkParams: { concat_2: "x" } },
    );
  });

  it("a function selected from a table by select_from", () => {
    assertCompile(
      select(func.count(table1.c.myid)).selectFrom(table1).where(table1.c.myid.gt(3)),
      "SELECT count(mytable.myid) AS count_1 FROM mytable WHERE mytable.myid > :myid_1",
    );
  });

  it("group by rollup", () => {
    assertCompile(
      select(table1.c.name, func.count()).groupBy(func.rollup!(table1.c.name, table1.c.description)),
      "SELECT mytable.name, count(*) AS count_1 FROM mytable GROUP BY ROLLUP(mytable.name, mytable.description)",
    );
  });

  it("group by cube", () => {
    assertCompile(
      select(table1.c.name, func.count()).groupBy(func.cube!(table1.c.name)),
      "SELECT mytable.name, count(*) AS count_1 FROM mytable GROUP BY CUBE(mytable.name)",
    );
  });

  it("group by grouping sets", () => {
    assertCompile(
      select(table1.c.name, func.count()).groupBy(func.grouping_sets!(table1.c.name, table1.c.description)),
      "SELECT mytable.name, count(*) AS count_1 FROM mytable GROUP BY GROUPING SETS(mytable.name, mytable.description)",
    );
  });

  it("extract", () => {
    assertCompile(
      select(extract("year", table1.c.myid)),
      "SELECT EXTRACT(year FROM mytable.myid) AS anon_1 FROM mytable",
    );
  });

  it("a table-valued function", () => {
    assertCompile(
      select(func.generate_series!(1, 5).tableValued("value")),
      "SELECT anon_1.value FROM generate_series(:generate_series_1, :generate_series_2) AS anon_1",
      { checkParams: { generate_series_1: 1, generate_series_2: 5 } },
    );
  });

  it("a named table-valued function of a column", () => {
    assertCompile(
      select(func.json_each!(table1.c.name).tableValued("key", "value", { name: "j" })),
      "SELECT j.key, j.value FROM json_each(mytable.name) AS j",
    );
  });

  it("a column-valued function", () => {
    assertCompile(
      select(func.generate_series!(1, 5).columnValued("x")),
      "SELECT x FROM generate_series(:generate_series_1, :generate_series_2) AS x",
    );
  });
});

describe("aggregate modifiers", () => {
  it("FILTER", () => {
    assertCompile(
      select(func.count(table1.c.myid).filter(table1.c.name.eq("x"))),
      "SELECT count(mytable.myid) FILTER (WHERE mytable.name = :name_1) AS anon_1 FROM mytable",
    );
  });

  it("FILTER with two criteria", () => {
    assertCompile(
      select(func.count(1).filter(table1.c.name.eq("x"), table1.c.myid.gt(5))),
      "SELECT count(:count_1) FILTER (WHERE mytable.name = :name_1 AND mytable.myid > :myid_1) AS anon_1 FROM mytable",
    );
  });

  it("WITHIN GROUP", () => {
    assertCompile(
      select(func.percentile_cont!(0.5).withinGroup(table1.c.myid)),
      "SELECT percentile_cont(:percentile_cont_2) WITHIN GROUP (ORDER BY mytable.myid) AS percentile_cont_1 FROM mytable",
    );
  });

  it("WITHIN GROUP descending", () => {
    assertCompile(
      select(func.percentile_cont!(0.5).withinGroup(table1.c.myid.desc())),
      "SELECT percentile_cont(:percentile_cont_2) WITHIN GROUP (ORDER BY mytable.myid DESC) AS percentile_cont_1 FROM mytable",
    );
  });

  it("mode() WITHIN GROUP", () => {
    assertCompile(
      select(func.mode!().withinGroup(table1.c.name)),
      "SELECT mode() WITHIN GROUP (ORDER BY mytable.name) AS mode_1 FROM mytable",
    );
  });
});

describe("window functions", () => {
  it("over()", () => {
    assertCompile(select(func.row_number!().over()), "SELECT row_number() OVER () AS anon_1");
  });

  it("over order by", () => {
    assertCompile(
      select(func.row_number!().over({ orderBy: table1.c.myid })),
      "SELECT row_number() OVER (ORDER BY mytable.myid) AS anon_1 FROM mytable",
    );
  });

  it("over partition by", () => {
    assertCompile(
      select(func.rank!().over({ partitionBy: table1.c.name })),
      "SELECT rank() OVER (PARTITION BY mytable.name) AS anon_1 FROM mytable",
    );
  });

  it("over partition by and order by lists", () => {
    assertCompile(
      select(
        func.rank!().over({
          partitionBy: [table1.c.name, table1.c.description],
          orderBy: [table1.c.myid.desc(), table1.c.name],
        }),
      ),
      "SELECT rank() OVER (PARTITION BY mytable.name, mytable.description ORDER BY mytable.myid DESC, mytable.name) AS anon_1 FROM mytable",
    );
  });

  it("labelled window function", () => {
    assertCompile(
      select(table1.c.myid, func.row_number!().over({ orderBy: table1.c.myid }).label("rn")),
      "SELECT mytable.myid, row_number() OVER (ORDER BY mytable.myid) AS rn FROM mytable",
    );
  });

  it("rows unbounded preceding to current row", () => {
    assertCompile(
      select(func.sum(table1.c.myid).over({ orderBy: table1.c.myid, rows: [null, 0] })),
      "SELECT sum(mytable.myid) OVER (ORDER BY mytable.myid ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS anon_1 FROM mytable",
    );
  });

  it("rows between n preceding and m following", () => {
    assertCompile(
      select(func.sum(table1.c.myid).over({ orderBy: table1.c.myid, rows: [-2, 3] })),
      "SELECT sum(mytable.myid) OVER (ORDER BY mytable.myid ROWS BETWEEN :param_1 PRECEDING AND :param_2 FOLLOWING) AS anon_1 FROM mytable",
      { checkParams: { param_1: 2, param_2: 3 } },
    );
  });

  it("range unbounded both ways", () => {
    assertCompile(
      select(func.sum(table1.c.myid).over({ orderBy: table1.c.myid, range: [null, null] })),
      "SELECT sum(mytable.myid) OVER (ORDER BY mytable.myid RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS anon_1 FROM mytable",
    );
  });

  it("range current row to unbounded following", () => {
    assertCompile(
      select(func.sum(table1.c.myid).over({ range: [0, null] })),
      "SELECT sum(mytable.myid) OVER (RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS anon_1 FROM mytable",
    );
  });

  it("groups frame", () => {
    assertCompile(
      select(func.sum(table1.c.myid).over({ orderBy: table1.c.myid, groups: [-1, 1] })),
      "SELECT sum(mytable.myid) OVER (ORDER BY mytable.myid GROUPS BETWEEN :param_1 PRECEDING AND :param_2 FOLLOWING) AS anon_1 FROM mytable",
    );
  });

  it("rows with literal binds", () => {
    assertCompile(
      select(func.sum(table1.c.myid).over({ orderBy: table1.c.myid, rows: [-2, 3] })),
      "SELECT sum(mytable.myid) OVER (ORDER BY mytable.myid ROWS BETWEEN 2 PRECEDING AND 3 FOLLOWING) AS anon_1 FROM mytable",
      { literalBinds: true },
    );
  });

  it("lag with arguments", () => {
    assertCompile(
      select(func.lag!(table1.c.myid, 1).over({ orderBy: table1.c.myid })),
      "SELECT lag(mytable.myid, :lag_1) OVER (ORDER BY mytable.myid) AS anon_1 FROM mytable",
    );
  });

  it("FILTER then OVER", () => {
    assertCompile(
      select(func.count(1).filter(table1.c.myid.gt(5)).over({ partitionBy: table1.c.name })),
      "SELECT count(:count_1) FILTER (WHERE mytable.myid > :myid_1) OVER (PARTITION BY mytable.name) AS anon_1 FROM mytable",
    );
  });

  it("window function in a subquery filtered outside", () => {
    const sq = select(
      table1.c.myid,
      func.row_number!().over({ orderBy: table1.c.myid }).label("rn"),
    ).subquery();
    assertCompile(
      select(sq.c.myid).where(sq.c.rn.eq(1)),
      "SELECT anon_1.myid FROM (SELECT mytable.myid AS myid, row_number() OVER (ORDER BY mytable.myid) AS rn FROM mytable) AS anon_1 WHERE anon_1.rn = :rn_1",
    );
  });
});
