/**
 * Common table expressions and set operations, ported from SQLAlchemy's test/sql/test_cte.py and
 * test_compiler.py (compound selects): named and anonymous CTEs, recursive CTEs, CTEs referring to CTEs,
 * nesting CTEs, data-modifying CTEs, UNION / INTERSECT / EXCEPT and their parentheses.
 */
import { describe, expect, it } from "vitest";
import {
  column,
  delete_,
  except_,
  exceptAll,
  func,
  Integer,
  insert,
  intersect,
  intersectAll,
  literal,
  String as SqlString,
  select,
  table,
  union,
  unionAll,
  update,
} from "../src/index.js";
import { assertCompile } from "./assert-compile.js";

const table1 = table(
  "mytable",
  column("myid", Integer),
  column("name", SqlString),
  column("description", SqlString),
);
const table2 = table("myothertable", column("otherid", Integer), column("othername", SqlString));
const table3 = table("thirdtable", column("userid", Integer), column("otherstuff", SqlString));

describe("CTEs", () => {
  it("a named CTE", () => {
    const c = select(table1.c.myid).where(table1.c.myid.gt(5)).cte("c");
    assertCompile(
      select(c.c.myid),
      "WITH c AS (SELECT mytable.myid AS myid FROM mytable WHERE mytable.myid > :myid_1) SELECT c.myid FROM c",
      { checkParams: { myid_1: 5 } },
    );
  });

  it("an anonymous CTE", () => {
    const c = select(table1.c.myid).cte();
    assertCompile(
      select(c.c.myid),
      "WITH anon_1 AS (SELECT mytable.myid AS myid FROM mytable) SELECT anon_1.myid FROM anon_1",
    );
  });

  it("a CTE used twice is defined once", () => {
    const c = select(table1.c.myid).cte("c");
    const a = c.alias("a");
    assertCompile(
      select(c.c.myid, a.c.myid).where(c.c.myid.eq(a.c.myid)),
      "WITH c AS (SELECT mytable.myid AS myid FROM mytable) SELECT c.myid, a.myid AS myid_1 FROM c, c AS a WHERE c.myid = a.myid",
    );
  });

  it("a CTE referring to another CTE", () => {
    const c1 = select(table1.c.myid, table1.c.name).cte("c1");
    const c2 = select(c1.c.myid).where(c1.c.name.eq("x")).cte("c2");
    assertCompile(
      select(c2.c.myid),
      "WITH c1 AS (SELECT mytable.myid AS myid, mytable.name AS name FROM mytable), c2 AS (SELECT c1.myid AS myid FROM c1 WHERE c1.name = :name_1) SELECT c2.myid FROM c2",
    );
  });

  it("two CTEs joined", () => {
    const c1 = select(table1.c.myid).cte("c1");
    const c2 = select(table2.c.otherid).cte("c2");
    assertCompile(
      select(c1.c.myid, c2.c.otherid).selectFrom(c1.join(c2, c1.c.myid.eq(c2.c.otherid))),
      "WITH c1 AS (SELECT mytable.myid AS myid FROM mytable), c2 AS (SELECT myothertable.otherid AS otherid FROM myothertable) SELECT c1.myid, c2.otherid FROM c1 JOIN c2 ON c1.myid = c2.otherid",
    );
  });

  it("a CTE in a WHERE subquery goes to the top-level WITH", () => {
    const c = select(table2.c.otherid).cte("c");
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in(select(c.c.otherid))),
      "WITH c AS (SELECT myothertable.otherid AS otherid FROM myothertable) SELECT mytable.myid FROM mytable WHERE mytable.myid IN (SELECT c.otherid FROM c)",
    );
  });

  it("a CTE of a labelled expression", () => {
    const c = select(table1.c.myid.mul(2).label("double")).cte("c");
    assertCompile(
      select(c.c.double),
      "WITH c AS (SELECT mytable.myid * :myid_1 AS double FROM mytable) SELECT c.double FROM c",
    );
  });

  it("addCte attaches an unreferenced CTE", () => {
    const c = select(table2.c.otherid).cte("c");
    assertCompile(
      select(table1.c.myid).addCte(c),
      "WITH c AS (SELECT myothertable.otherid AS otherid FROM myothertable) SELECT mytable.myid FROM mytable",
    );
  });

  it("a CTE of a UNION", () => {
    const c = union(select(table1.c.myid), select(table2.c.otherid)).cte("u");
    assertCompile(
      select(c.c.myid),
      "WITH u AS (SELECT mytable.myid AS myid FROM mytable UNION SELECT myothertable.otherid AS otherid FROM myothertable) SELECT u.myid FROM u",
    );
  });

  it("a CTE with a prefix (MATERIALIZED)", () => {
    const c = select(table1.c.myid).cte("c").prefixWith("MATERIALIZED");
    assertCompile(
      select(c.c.myid),
      "WITH c AS MATERIALIZED (SELECT mytable.myid AS myid FROM mytable) SELECT c.myid FROM c",
    );
  });

  it("a CTE with a quoted name", () => {
    const c = select(table1.c.myid).cte("MyCte");
    assertCompile(
      select(c.c.myid),
      'WITH "MyCte" AS (SELECT mytable.myid AS myid FROM mytable) SELECT "MyCte".myid FROM "MyCte"',
    );
  });

  it("a CTE in a scalar subquery", () => {
    const c = select(table2.c.otherid).cte("c");
    assertCompile(
      select(table1.c.myid, select(func.count(c.c.otherid)).scalarSubquery().label("n")),
      "WITH c AS (SELECT myothertable.otherid AS otherid FROM myothertable) SELECT mytable.myid, (SELECT count(c.otherid) AS count_1 FROM c) AS n FROM mytable",
    );
  });

  it("two different CTEs with the same name raise", () => {
    const a = select(table1.c.myid).cte("c");
    const b = select(table2.c.otherid).cte("c");
    expect(() => String(select(a.c.myid, b.c.otherid))).toThrow(
      /Multiple, unrelated CTEs found with the same name: 'c'/,
    );
  });
});

describe("recursive CTEs", () => {
  it("recursive CTE with UNION ALL", () => {
    const parts = table("parts", column("part"), column("sub_part"), column("quantity"));
    const base = select(parts.c.sub_part, parts.c.part, parts.c.quantity)
      .where(parts.c.part.eq("our part"))
      .cte(undefined, { recursive: true });
    const ia = base.alias();
    const pa = parts.alias();
    const included = base.unionAll(
      select(pa.c.sub_part, pa.c.part, pa.c.quantity).where(pa.c.part.eq(ia.c.sub_part)),
    );
    assertCompile(
      select(included.c.sub_part, func.sum(included.c.quantity).label("total_quantity")).groupBy(
        included.c.sub_part,
      ),
      "WITH RECURSIVE anon_1(sub_part, part, quantity) AS (SELECT parts.sub_part AS sub_part, parts.part AS part, parts.quantity AS quantity FROM parts WHERE parts.part = :part_1 UNION ALL SELECT parts_1.sub_part AS sub_part, parts_1.part AS part, parts_1.quantity AS quantity FROM parts AS parts_1, anon_1 AS anon_2 WHERE parts_1.part = anon_2.sub_part) SELECT anon_1.sub_part, sum(anon_1.quantity) AS total_quantity FROM anon_1 GROUP BY anon_1.sub_part",
    );
  });

  it("named recursive CTE with UNION", () => {
    const base = select(literal(1).label("n")).cte("t", { recursive: true });
    const c = base.union(select(base.c.n.add(1)).where(base.c.n.lt(10)));
    assertCompile(
      select(c.c.n),
      "WITH RECURSIVE t(n) AS (SELECT :param_1 AS n UNION SELECT t.n + :n_1 AS anon_1 FROM t WHERE t.n < :n_2) SELECT t.n FROM t",
      { checkParams: { param_1: 1, n_1: 1, n_2: 10 } },
    );
  });
});

describe("nesting CTEs", () => {
  it("a nesting CTE renders inside the subquery that uses it", () => {
    const c = select(table2.c.otherid).cte("c", { nesting: true });
    const sq = select(c.c.otherid).subquery("sq");
    assertCompile(
      select(sq.c.otherid),
      "SELECT sq.otherid FROM (WITH c AS (SELECT myothertable.otherid AS otherid FROM myothertable) SELECT c.otherid AS otherid FROM c) AS sq",
    );
  });

  it("a non-nesting CTE used in a subquery goes to the top", () => {
    const c = select(table2.c.otherid).cte("c");
    const sq = select(c.c.otherid).subquery("sq");
    assertCompile(
      select(sq.c.otherid),
      "WITH c AS (SELECT myothertable.otherid AS otherid FROM myothertable) SELECT sq.otherid FROM (SELECT c.otherid AS otherid FROM c) AS sq",
    );
  });
});

describe("data-modifying CTEs", () => {
  it("a SELECT CTE used by an INSERT ... FROM SELECT", () => {
    const c = select(table2.c.otherid, table2.c.othername).cte("c");
    assertCompile(
      insert(table1).fromSelect(["myid", "name"], select(c.c.otherid, c.c.othername)),
      "WITH c AS (SELECT myothertable.otherid AS otherid, myothertable.othername AS othername FROM myothertable) INSERT INTO mytable (myid, name) SELECT c.otherid, c.othername FROM c",
    );
  });

  it("a CTE used in an UPDATE's WHERE", () => {
    const c = select(table2.c.otherid).cte("c");
    assertCompile(
      update(table1)
        .where(table1.c.myid.in(select(c.c.otherid)))
        .values({ name: "z" }),
      "WITH c AS (SELECT myothertable.otherid AS otherid FROM myothertable) UPDATE mytable SET name=:name WHERE mytable.myid IN (SELECT c.otherid FROM c)",
    );
  });

  it("a CTE used in a DELETE's WHERE", () => {
    const c = select(table2.c.otherid).cte("c");
    assertCompile(
      delete_(table1).where(table1.c.myid.in(select(c.c.otherid))),
      "WITH c AS (SELECT myothertable.otherid AS otherid FROM myothertable) DELETE FROM mytable WHERE mytable.myid IN (SELECT c.otherid FROM c)",
    );
  });
});

describe("set operations", () => {
  it("UNION", () => {
    assertCompile(
      union(select(table1.c.myid), select(table2.c.otherid)),
      "SELECT mytable.myid FROM mytable UNION SELECT myothertable.otherid FROM myothertable",
    );
  });

  it("UNION ALL", () => {
    assertCompile(
      unionAll(select(table1.c.myid), select(table2.c.otherid)),
      "SELECT mytable.myid FROM mytable UNION ALL SELECT myothertable.otherid FROM myothertable",
    );
  });

  it("INTERSECT", () => {
    assertCompile(
      intersect(select(table1.c.myid), select(table2.c.otherid)),
      "SELECT mytable.myid FROM mytable INTERSECT SELECT myothertable.otherid FROM myothertable",
    );
  });

  it("INTERSECT ALL", () => {
    assertCompile(
      intersectAll(select(table1.c.myid), select(table2.c.otherid)),
      "SELECT mytable.myid FROM mytable INTERSECT ALL SELECT myothertable.otherid FROM myothertable",
    );
  });

  it("EXCEPT", () => {
    assertCompile(
      except_(select(table1.c.myid), select(table2.c.otherid)),
      "SELECT mytable.myid FROM mytable EXCEPT SELECT myothertable.otherid FROM myothertable",
    );
  });

  it("EXCEPT ALL", () => {
    assertCompile(
      exceptAll(select(table1.c.myid), select(table2.c.otherid)),
      "SELECT mytable.myid FROM mytable EXCEPT ALL SELECT myothertable.otherid FROM myothertable",
    );
  });

  it("three-way UNION", () => {
    assertCompile(
      union(select(table1.c.myid), select(table2.c.otherid), select(table3.c.userid)),
      "SELECT mytable.myid FROM mytable UNION SELECT myothertable.otherid FROM myothertable UNION SELECT thirdtable.userid FROM thirdtable",
    );
  });

  it("method form select.union()", () => {
    assertCompile(
      select(table1.c.myid).union(select(table2.c.otherid)),
      "SELECT mytable.myid FROM mytable UNION SELECT myothertable.otherid FROM myothertable",
    );
  });

  it("UNION with ORDER BY and LIMIT", () => {
    assertCompile(
      union(select(table1.c.myid), select(table2.c.otherid)).orderBy("myid").limit(5),
      "SELECT mytable.myid FROM mytable UNION SELECT myothertable.otherid FROM myothertable ORDER BY myid LIMIT :param_1",
    );
  });

  it("members with ORDER BY/LIMIT are parenthesised", () => {
    assertCompile(
      union(select(table1.c.myid).limit(1), select(table2.c.otherid).orderBy(table2.c.otherid)),
      "(SELECT mytable.myid FROM mytable LIMIT :param_1) UNION (SELECT myothertable.otherid FROM myothertable ORDER BY myothertable.otherid)",
    );
  });

  it("a UNION nested in a UNION is parenthesised", () => {
    assertCompile(
      union(union(select(table1.c.myid), select(table2.c.otherid)), select(table3.c.userid)),
      "(SELECT mytable.myid FROM mytable UNION SELECT myothertable.otherid FROM myothertable) UNION SELECT thirdtable.userid FROM thirdtable",
    );
  });

  it("UNION of INTERSECT", () => {
    assertCompile(
      union(select(table1.c.myid), intersect(select(table2.c.otherid), select(table3.c.userid))),
      "SELECT mytable.myid FROM mytable UNION (SELECT myothertable.otherid FROM myothertable INTERSECT SELECT thirdtable.userid FROM thirdtable)",
    );
  });

  it("members with WHERE", () => {
    assertCompile(
      union(
        select(table1.c.myid).where(table1.c.myid.eq(1)),
        select(table2.c.otherid).where(table2.c.otherid.eq(2)),
      ),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 UNION SELECT myothertable.otherid FROM myothertable WHERE myothertable.otherid = :otherid_1",
      { checkParams: { myid_1: 1, otherid_1: 2 } },
    );
  });

  it("a UNION as a subquery", () => {
    const u = union(
      select(table1.c.myid, table1.c.name),
      select(table2.c.otherid, table2.c.othername),
    ).subquery("u");
    assertCompile(
      select(u.c.myid).where(u.c.name.eq("x")),
      "SELECT u.myid FROM (SELECT mytable.myid AS myid, mytable.name AS name FROM mytable UNION SELECT myothertable.otherid AS otherid, myothertable.othername AS othername FROM myothertable) AS u WHERE u.name = :name_1",
    );
  });

  it("a UNION in IN", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in(union(select(table2.c.otherid), select(table3.c.userid)))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (SELECT myothertable.otherid FROM myothertable UNION SELECT thirdtable.userid FROM thirdtable)",
    );
  });

  it("a UNION as a scalar subquery", () => {
    assertCompile(
      select(union(select(table2.c.otherid), select(table3.c.userid)).scalarSubquery()),
      "SELECT (SELECT myothertable.otherid FROM myothertable UNION SELECT thirdtable.userid FROM thirdtable) AS anon_1",
    );
  });

  it("UNION of selects with labels", () => {
    assertCompile(
      union(select(table1.c.myid.label("id")), select(table2.c.otherid.label("id"))),
      "SELECT mytable.myid AS id FROM mytable UNION SELECT myothertable.otherid AS id FROM myothertable",
    );
  });
});

describe("more CTEs (test_cte)", () => {
  it("a CTE referenced in both members of a UNION", () => {
    const c = select(table1.c.myid).cte("c");
    assertCompile(
      union(select(c.c.myid).where(c.c.myid.gt(1)), select(c.c.myid).where(c.c.myid.lt(0))),
      "WITH c AS (SELECT mytable.myid AS myid FROM mytable) SELECT c.myid FROM c WHERE c.myid > :myid_1 UNION SELECT c.myid FROM c WHERE c.myid < :myid_2",
    );
  });

  it("a CTE inside a FROM subquery goes to the top-level WITH", () => {
    const c = select(table1.c.myid).cte("c");
    const sq = select(c.c.myid).where(c.c.myid.gt(5)).subquery("sq");
    assertCompile(
      select(sq.c.myid, table2.c.otherid).where(sq.c.myid.eq(table2.c.otherid)),
      "WITH c AS (SELECT mytable.myid AS myid FROM mytable) SELECT sq.myid, myothertable.otherid FROM (SELECT c.myid AS myid FROM c WHERE c.myid > :myid_1) AS sq, myothertable WHERE sq.myid = myothertable.otherid",
    );
  });

  it("recursive CTE referring to itself by alias, with a join", () => {
    const nodes = table("nodes", column("id", Integer), column("parent_id", Integer));
    const base = select(nodes.c.id).where(nodes.c.id.eq(1)).cte("tree", { recursive: true });
    const t = base.alias("t");
    const tree = base.unionAll(select(nodes.c.id).selectFrom(nodes.join(t, nodes.c.parent_id.eq(t.c.id))));
    assertCompile(
      select(tree.c.id),
      "WITH RECURSIVE tree(id) AS (SELECT nodes.id AS id FROM nodes WHERE nodes.id = :id_1 UNION ALL SELECT nodes.id AS id FROM nodes JOIN tree AS t ON nodes.parent_id = t.id) SELECT tree.id FROM tree",
      { checkParams: { id_1: 1 } },
    );
  });

  it("a CTE joined to a table with an explicit ON", () => {
    const c = select(table2.c.otherid, table2.c.othername).cte("c");
    assertCompile(
      select(table1.c.name, c.c.othername).selectFrom(table1.join(c, table1.c.myid.eq(c.c.otherid))),
      "WITH c AS (SELECT myothertable.otherid AS otherid, myothertable.othername AS othername FROM myothertable) SELECT mytable.name, c.othername FROM mytable JOIN c ON mytable.myid = c.otherid",
    );
  });

  it("an anonymous CTE and an anonymous subquery are numbered together", () => {
    const c = select(table1.c.myid).cte();
    const sq = select(table2.c.otherid).subquery();
    assertCompile(
      select(c.c.myid, sq.c.otherid),
      "WITH anon_1 AS (SELECT mytable.myid AS myid FROM mytable) SELECT anon_1.myid, anon_2.otherid FROM anon_1, (SELECT myothertable.otherid AS otherid FROM myothertable) AS anon_2",
    );
  });
});

describe("DML in a CTE", () => {
  // Values of a DML statement inside a CTE are anonymous parameters (:param_1, ...), so two such CTEs cannot collide
  it("INSERT ... RETURNING as a CTE", () => {
    const c = insert(table1).values({ myid: 5, name: "x" }).returning(table1.c.myid).cte("ins");
    assertCompile(
      select(c.c.myid!),
      "WITH ins AS (INSERT INTO mytable (myid, name) VALUES (:param_1, :param_2) RETURNING mytable.myid) SELECT ins.myid FROM ins",
    );
  });

  // As above, for UPDATE: SET name=:param_1 inside a CTE
  it("UPDATE ... RETURNING as a CTE", () => {
    const c = update(table1)
      .where(table1.c.myid.eq(5))
      .values({ name: "y" })
      .returning(table1.c.myid, table1.c.name)
      .cte("upd");
    assertCompile(
      select(c.c.name!),
      "WITH upd AS (UPDATE mytable SET name=:param_1 WHERE mytable.myid = :myid_1 RETURNING mytable.myid, mytable.name) SELECT upd.name FROM upd",
    );
  });
});
