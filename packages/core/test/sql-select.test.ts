/**
 * SELECT compilation, ported from SQLAlchemy's test/sql/test_compiler.py and test_selectable.py:
 * columns, FROM, WHERE, ORDER BY/GROUP BY/HAVING, LIMIT/OFFSET/FETCH, FOR UPDATE, DISTINCT, joins,
 * aliases, subqueries, correlation and label styles.
 */
import { describe, expect, it } from "vitest";
import {
  AmbiguousForeignKeysError,
  ArgumentError,
  and_,
  Column,
  type ColumnMap,
  CompileError,
  column,
  desc,
  distinct,
  exists,
  ForeignKeyConstraint,
  false_,
  func,
  Integer,
  LABEL_STYLE_NONE,
  LABEL_STYLE_TABLENAME_PLUS_COL,
  literal,
  literalColumn,
  MetaData,
  NoForeignKeysError,
  not_,
  or_,
  Boolean as SqlBoolean,
  String as SqlString,
  select,
  Table,
  table,
  text,
  true_,
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
const table3 = table("thirdtable", column("userid", Integer), column("otherstuff", SqlString));
const table4 = new Table(
  "remotetable",
  md,
  {
    rem_id: new Column(Integer, { primaryKey: true }),
    datatype_id: new Column(Integer),
    value: new Column(SqlString(20)),
  },
  { schema: "remote_owner" },
);
const users = new Table("users", md, {
  user_id: new Column(Integer, { primaryKey: true }),
  user_name: new Column(SqlString(40)),
  password: new Column(SqlString(10)),
});
const addresses = new Table("addresses", md, {
  address_id: new Column(Integer, { primaryKey: true }),
  user_id: new Column(Integer, { foreignKey: "users.user_id" }),
  street: new Column(SqlString(40)),
  city: new Column(SqlString(40)),
});
const keyed = new Table("keyed", md, {
  colx: new Column("x", Integer),
  coly: new Column("y", Integer),
  z: new Column(Integer),
});
const parent = new Table("parent", md, {
  id: new Column(Integer, { primaryKey: true }),
  data: new Column(SqlString(50)),
});
const child = new Table("child", md, {
  id: new Column(Integer, { primaryKey: true }),
  parent_id: new Column(Integer, { foreignKey: "parent.id" }),
  data: new Column(SqlString(50)),
});
const grandchild = new Table("grandchild", md, {
  id: new Column(Integer, { primaryKey: true }),
  child_id: new Column(Integer, { foreignKey: "child.id" }),
});
const twofk = new Table("twofk", md, {
  id: new Column(Integer, { primaryKey: true }),
  p1: new Column(Integer, { foreignKey: "parent.id" }),
  p2: new Column(Integer, { foreignKey: "parent.id" }),
});
const cp = new Table("cp", md, {
  a: new Column(Integer, { primaryKey: true }),
  b: new Column(Integer, { primaryKey: true }),
});
const cc = new Table(
  "cc",
  md,
  { id: new Column(Integer, { primaryKey: true }), ca: new Column(Integer), cb: new Column(Integer) },
  { constraints: [new ForeignKeyConstraint(["ca", "cb"], ["cp.a", "cp.b"])] },
);
const nofk = new Table("nofk", md, { id: new Column(Integer, { primaryKey: true }) });
const bt = table("bt", column("id", Integer), column("flag", SqlBoolean), column("name", SqlString));

describe("columns and FROM", () => {
  it("selects a whole table", () => {
    assertCompile(select(table1), "SELECT mytable.myid, mytable.name, mytable.description FROM mytable");
  });

  it("selects columns of two tables", () => {
    assertCompile(
      select(table1.c.myid, table2.c.othername),
      "SELECT mytable.myid, myothertable.othername FROM mytable, myothertable",
    );
  });

  it("selects from a schema-qualified table", () => {
    assertCompile(
      select(table4),
      "SELECT remote_owner.remotetable.rem_id, remote_owner.remotetable.datatype_id, remote_owner.remotetable.value FROM remote_owner.remotetable",
    );
  });

  it("uses column keys vs names", () => {
    assertCompile(
      select(keyed.c.colx, keyed.c.coly).where(keyed.c.colx.eq(5)),
      "SELECT keyed.x, keyed.y FROM keyed WHERE keyed.x = :colx_1",
      { checkParams: { colx_1: 5 } },
    );
  });

  it("selects a literal column without FROM", () => {
    assertCompile(select(literalColumn("1")), "SELECT 1");
  });

  it("selects a literal column with selectFrom", () => {
    assertCompile(select(literalColumn("*")).selectFrom(table1), "SELECT * FROM mytable");
  });

  it("labels duplicate column names", () => {
    assertCompile(
      select(
        table1.c.myid,
        table2.c.otherid,
        table1.c.myid.label("foo"),
        users.c.user_id,
        addresses.c.user_id,
      ),
      "SELECT mytable.myid, myothertable.otherid, mytable.myid AS foo, users.user_id, addresses.user_id AS user_id_1 FROM mytable, myothertable, users, addresses",
    );
  });

  it("labels an expression anonymously", () => {
    assertCompile(
      select(table1.c.myid.add(5), table1.c.myid.mul(2)),
      "SELECT mytable.myid + :myid_1 AS anon_1, mytable.myid * :myid_2 AS anon_2 FROM mytable",
    );
  });

  it("explicit label", () => {
    assertCompile(select(table1.c.myid.label("foo")), "SELECT mytable.myid AS foo FROM mytable");
  });

  it("quotes a label with upper-case letters", () => {
    assertCompile(
      select(table1.c.myid.label("SomeLabel")),
      'SELECT mytable.myid AS "SomeLabel" FROM mytable',
    );
  });

  it("quotes a reserved-word label", () => {
    assertCompile(select(table1.c.myid.label("select")), 'SELECT mytable.myid AS "select" FROM mytable');
  });

  it("quotes reserved and mixed-case identifiers", () => {
    assertCompile(
      select(table("select", column("from"), column("Mixed"))),
      'SELECT "select"."from", "select"."Mixed" FROM "select"',
    );
  });

  it("withOnlyColumns replaces the columns", () => {
    assertCompile(
      select(table1.c.myid, table1.c.name).withOnlyColumns(table1.c.name),
      "SELECT mytable.name FROM mytable",
    );
  });

  it("addColumns adds columns", () => {
    assertCompile(
      select(table1.c.myid).addColumns(table2.c.othername),
      "SELECT mytable.myid, myothertable.othername FROM mytable, myothertable",
    );
  });

  it("selectFrom with explicit froms keeps order", () => {
    assertCompile(
      select(table1.c.myid).selectFrom(table2).selectFrom(table1),
      "SELECT mytable.myid FROM myothertable, mytable",
    );
  });

  it("selects a bind parameter with a label", () => {
    assertCompile(select(literal(5).label("five")), "SELECT :param_1 AS five", {
      checkParams: { param_1: 5 },
    });
  });
});

describe("WHERE and HAVING", () => {
  it("where with multiple criteria joins with AND", () => {
    assertCompile(
      select(table1).where(table1.c.myid.eq(12), table1.c.name.eq("x")),
      "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = :myid_1 AND mytable.name = :name_1",
      { checkParams: { myid_1: 12, name_1: "x" } },
    );
  });

  it("chained where calls are ANDed", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(12)).where(table1.c.name.ne("x")),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 AND mytable.name != :name_1",
    );
  });

  it("where with an OR inside an AND", () => {
    assertCompile(
      select(table1.c.myid).where(or_(table1.c.myid.eq(12), table1.c.myid.eq(13)), table1.c.name.eq("n")),
      "SELECT mytable.myid FROM mytable WHERE (mytable.myid = :myid_1 OR mytable.myid = :myid_2) AND mytable.name = :name_1",
    );
  });

  it("where across two tables implies both FROMs", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(table2.c.otherid)),
      "SELECT mytable.myid FROM mytable, myothertable WHERE mytable.myid = myothertable.otherid",
    );
  });

  it("group by and having", () => {
    assertCompile(
      select(table1.c.name, func.count(table1.c.myid))
        .groupBy(table1.c.name)
        .having(func.count(table1.c.myid).gt(5)),
      "SELECT mytable.name, count(mytable.myid) AS count_1 FROM mytable GROUP BY mytable.name HAVING count(mytable.myid) > :count_2",
      { checkParams: { count_2: 5 } },
    );
  });

  it("group by a label name", () => {
    assertCompile(
      select(table1.c.name.label("n"), func.count()).groupBy("n"),
      "SELECT mytable.name AS n, count(*) AS count_1 FROM mytable GROUP BY n",
    );
  });

  it("where true()", () => {
    assertCompile(select(table1.c.myid).where(true_()), "SELECT mytable.myid FROM mytable WHERE true");
  });

  it("where false()", () => {
    assertCompile(select(table1.c.myid).where(false_()), "SELECT mytable.myid FROM mytable WHERE false");
  });

  it("where with a boolean column", () => {
    assertCompile(select(bt.c.id).where(bt.c.flag), "SELECT bt.id FROM bt WHERE bt.flag");
  });

  it("where NOT a boolean column", () => {
    assertCompile(select(bt.c.id).where(not_(bt.c.flag)), "SELECT bt.id FROM bt WHERE NOT bt.flag");
  });

  it("where text()", () => {
    assertCompile(
      select(table1.c.myid).where(text("myid > 5")),
      "SELECT mytable.myid FROM mytable WHERE myid > 5",
    );
  });
});

describe("ORDER BY, LIMIT, OFFSET, FETCH", () => {
  it("order by asc and desc", () => {
    assertCompile(
      select(table1.c.myid).orderBy(table1.c.myid.desc(), table1.c.name.asc()),
      "SELECT mytable.myid FROM mytable ORDER BY mytable.myid DESC, mytable.name ASC",
    );
  });

  it("order by nulls first / last", () => {
    assertCompile(
      select(table1.c.myid).orderBy(table1.c.myid.desc().nullsFirst(), table1.c.name.nullsLast()),
      "SELECT mytable.myid FROM mytable ORDER BY mytable.myid DESC NULLS FIRST, mytable.name NULLS LAST",
    );
  });

  it("order by a label of the select renders the label name", () => {
    assertCompile(
      select(table1.c.myid.label("foo")).orderBy("foo"),
      "SELECT mytable.myid AS foo FROM mytable ORDER BY foo",
    );
  });

  it("order by a label object renders its name", () => {
    const l = table1.c.myid.label("foo");
    assertCompile(select(l).orderBy(l), "SELECT mytable.myid AS foo FROM mytable ORDER BY foo");
  });

  it("order by desc('label')", () => {
    assertCompile(
      select(table1.c.myid.label("foo")).orderBy(desc("foo")),
      "SELECT mytable.myid AS foo FROM mytable ORDER BY foo DESC",
    );
  });

  it("order by a column name string", () => {
    assertCompile(
      select(table1.c.myid, table1.c.name).orderBy("name"),
      "SELECT mytable.myid, mytable.name FROM mytable ORDER BY mytable.name",
    );
  });

  it("orderBy(null) resets the ordering", () => {
    assertCompile(
      select(table1.c.myid).orderBy(table1.c.myid).orderBy(null),
      "SELECT mytable.myid FROM mytable",
    );
  });

  it("limit", () => {
    assertCompile(select(table1.c.myid).limit(10), "SELECT mytable.myid FROM mytable LIMIT :param_1", {
      checkParams: { param_1: 10 },
    });
  });

  it("offset", () => {
    assertCompile(
      select(table1.c.myid).offset(20),
      "SELECT mytable.myid FROM mytable LIMIT -1 OFFSET :param_1",
      { checkParams: { param_1: 20 } },
    );
  });

  it("limit and offset", () => {
    assertCompile(
      select(table1.c.myid).limit(10).offset(20),
      "SELECT mytable.myid FROM mytable LIMIT :param_1 OFFSET :param_2",
      { checkParams: { param_1: 10, param_2: 20 } },
    );
  });

  it("limit with literal binds", () => {
    assertCompile(
      select(table1.c.myid).limit(10).offset(20),
      "SELECT mytable.myid FROM mytable LIMIT 10 OFFSET 20",
      { literalBinds: true },
    );
  });

  it("fetch first", () => {
    assertCompile(
      select(table1.c.myid).fetch(5),
      "SELECT mytable.myid FROM mytable FETCH FIRST :param_1 ROWS ONLY",
      { checkParams: { param_1: 5 } },
    );
  });

  it("fetch with ties", () => {
    assertCompile(
      select(table1.c.myid).orderBy(table1.c.myid).fetch(5, { withTies: true }),
      "SELECT mytable.myid FROM mytable ORDER BY mytable.myid FETCH FIRST :param_1 ROWS WITH TIES",
    );
  });

  it("fetch percent", () => {
    assertCompile(
      select(table1.c.myid).fetch(10, { percent: true }),
      "SELECT mytable.myid FROM mytable FETCH FIRST :param_1 PERCENT ROWS ONLY",
    );
  });

  it("fetch with offset", () => {
    assertCompile(
      select(table1.c.myid).offset(3).fetch(5),
      "SELECT mytable.myid FROM mytable OFFSET :param_1 ROWS FETCH FIRST :param_2 ROWS ONLY",
    );
  });

  it("slice", () => {
    assertCompile(
      select(table1.c.myid).slice(2, 5),
      "SELECT mytable.myid FROM mytable LIMIT :param_1 OFFSET :param_2",
      { checkParams: { param_1: 3, param_2: 2 } },
    );
  });
});

describe("DISTINCT, FOR UPDATE, prefixes", () => {
  it("distinct", () => {
    assertCompile(select(table1.c.myid).distinct(), "SELECT DISTINCT mytable.myid FROM mytable");
  });

  it("count of distinct", () => {
    assertCompile(
      select(func.count(table1.c.myid.distinct())),
      "SELECT count(DISTINCT mytable.myid) AS count_1 FROM mytable",
    );
  });

  it("distinct() function form", () => {
    assertCompile(select(distinct(table1.c.myid)), "SELECT DISTINCT mytable.myid FROM mytable");
  });

  it("for update", () => {
    assertCompile(select(table1.c.myid).withForUpdate(), "SELECT mytable.myid FROM mytable FOR UPDATE");
  });

  it("for update nowait", () => {
    assertCompile(
      select(table1.c.myid).withForUpdate({ nowait: true }),
      "SELECT mytable.myid FROM mytable FOR UPDATE",
    );
  });

  it("for share (read)", () => {
    assertCompile(
      select(table1.c.myid).withForUpdate({ read: true }),
      "SELECT mytable.myid FROM mytable FOR UPDATE",
    );
  });

  it("for update skip locked", () => {
    assertCompile(
      select(table1.c.myid).withForUpdate({ skipLocked: true }),
      "SELECT mytable.myid FROM mytable FOR UPDATE",
    );
  });

  it("for update of a column", () => {
    assertCompile(
      select(table1.c.myid).withForUpdate({ of: table1.c.myid }),
      "SELECT mytable.myid FROM mytable FOR UPDATE",
    );
  });

  it("prefix with", () => {
    assertCompile(
      select(table1.c.myid).prefixWith("SQL_NO_CACHE"),
      "SELECT SQL_NO_CACHE mytable.myid FROM mytable",
    );
  });

  it("prefix for another dialect is skipped", () => {
    assertCompile(
      select(table1.c.myid).prefixWith("SQL_NO_CACHE", { dialect: "mysql" }),
      "SELECT mytable.myid FROM mytable",
    );
  });

  it("suffix with", () => {
    assertCompile(
      select(table1.c.myid).suffixWith("FOR READ ONLY"),
      "SELECT mytable.myid FROM mytable FOR READ ONLY",
    );
  });
});

describe("joins", () => {
  it("join with explicit ON", () => {
    assertCompile(
      select(table1.c.myid).selectFrom(table1.join(table2, table1.c.myid.eq(table2.c.otherid))),
      "SELECT mytable.myid FROM mytable JOIN myothertable ON mytable.myid = myothertable.otherid",
    );
  });

  it("outer join", () => {
    assertCompile(
      select(table1.c.myid).selectFrom(table1.outerjoin(table2, table1.c.myid.eq(table2.c.otherid))),
      "SELECT mytable.myid FROM mytable LEFT OUTER JOIN myothertable ON mytable.myid = myothertable.otherid",
    );
  });

  it("join isouter option", () => {
    assertCompile(
      select(table1.c.myid).selectFrom(
        table1.join(table2, table1.c.myid.eq(table2.c.otherid), { isouter: true }),
      ),
      "SELECT mytable.myid FROM mytable LEFT OUTER JOIN myothertable ON mytable.myid = myothertable.otherid",
    );
  });

  it("full outer join", () => {
    assertCompile(
      select(table1.c.myid).selectFrom(
        table1.join(table2, table1.c.myid.eq(table2.c.otherid), { full: true }),
      ),
      "SELECT mytable.myid FROM mytable FULL OUTER JOIN myothertable ON mytable.myid = myothertable.otherid",
    );
  });

  it("join ON inferred from a foreign key", () => {
    assertCompile(
      select(users.c.user_name, addresses.c.street).selectFrom(users.join(addresses)),
      "SELECT users.user_name, addresses.street FROM users JOIN addresses ON users.user_id = addresses.user_id",
    );
  });

  it("join ON inferred in the reverse direction", () => {
    assertCompile(
      select(addresses.c.street).selectFrom(addresses.join(users)),
      "SELECT addresses.street FROM addresses JOIN users ON users.user_id = addresses.user_id",
    );
  });

  it("Select.join infers the left side and ON", () => {
    assertCompile(
      select(users.c.user_name).join(addresses),
      "SELECT users.user_name FROM users JOIN addresses ON users.user_id = addresses.user_id",
    );
  });

  it("Select.join with explicit ON", () => {
    assertCompile(
      select(table1.c.myid).join(table2, table1.c.myid.eq(table2.c.otherid)),
      "SELECT mytable.myid FROM mytable JOIN myothertable ON mytable.myid = myothertable.otherid",
    );
  });

  it("Select.outerjoin", () => {
    assertCompile(
      select(users.c.user_name).outerjoin(addresses),
      "SELECT users.user_name FROM users LEFT OUTER JOIN addresses ON users.user_id = addresses.user_id",
    );
  });

  it("a join to a join of aliases whose columns are selected: the left side is the FROM outside the target", () => {
    const m = new MetaData();
    const t1 = new Table("t1", m, {
      id: new Column(Integer, { primaryKey: true }),
      ref: new Column(Integer),
    });
    const t2 = new Table("t2", m, { id: new Column(Integer, { primaryKey: true }), x: new Column(Integer) });
    const t3 = new Table("t3", m, {
      id: new Column(Integer, { primaryKey: true, foreignKey: "t2.id" }),
      y: new Column(Integer),
    });
    const a2 = t2.alias();
    const a3 = t3.alias();
    const j = a2.join(a3, a2.c.id.eq(a3.c.id));
    assertCompile(
      select(t1.c.id, a2.c.x, a3.c.y).outerjoin(j, a2.c.id.eq(t1.c.ref)),
      "SELECT t1.id, t2_1.x, t3_1.y FROM t1 LEFT OUTER JOIN (t2 AS t2_1 JOIN t3 AS t3_1 ON t2_1.id = t3_1.id) ON t2_1.id = t1.ref",
    );
  });

  it("chain of joins infers each ON", () => {
    assertCompile(
      select(parent.c.data).join(child).join(grandchild),
      "SELECT parent.data FROM parent JOIN child ON parent.id = child.parent_id JOIN grandchild ON child.id = grandchild.child_id",
    );
  });

  it("a generative copy keeps every field of the statement", () => {
    // Select copies its fields one by one: a field added to the class must be added to the copy too.
    const s = select(table1.c.myid);
    const fields = s as unknown as Record<string, unknown>;
    const sentinels = new Map<string, unknown>();
    for (const k of Object.keys(fields)) {
      if (k === "visitName") continue;
      const v = { field: k };
      fields[k] = v;
      sentinels.set(k, v);
    }
    const copy = s.setLabelStyle(fields.labelStyle as never) as unknown as Record<string, unknown>;
    expect(copy).not.toBe(s);
    expect(Object.keys(copy).sort()).toEqual(Object.keys(fields).sort());
    for (const [k, v] of sentinels) expect(copy[k], k).toBe(v);
  });

  it("an inferred ON clause keeps the join's kind and is re-inferred after a foreign key is added", () => {
    assertCompile(
      select(parent.c.data).outerjoin(child, undefined, { full: true }),
      "SELECT parent.data FROM parent FULL OUTER JOIN child ON parent.id = child.parent_id",
    );
    assertCompile(
      select(parent.c.data).join(child),
      "SELECT parent.data FROM parent JOIN child ON parent.id = child.parent_id",
    );
    const md2 = new MetaData();
    const a = new Table("a", md2, { id: new Column(Integer, { primaryKey: true }) });
    const b = new Table("b", md2, { id: new Column(Integer, { primaryKey: true }) });
    expect(() => select(a.c.id).join(b).compile()).toThrow(NoForeignKeysError);
    b.addColumn("a_id", new Column(Integer, { foreignKey: "a.id" }));
    assertCompile(select(a.c.id).join(b), "SELECT a.id FROM a JOIN b ON a.id = b.a_id");
  });

  it("three-way join object", () => {
    assertCompile(
      select(parent.c.id).selectFrom(parent.join(child).join(grandchild)),
      "SELECT parent.id FROM parent JOIN child ON parent.id = child.parent_id JOIN grandchild ON child.id = grandchild.child_id",
    );
  });

  it("joinFrom with explicit left", () => {
    assertCompile(
      select(parent.c.id, grandchild.c.id).joinFrom(parent, child).joinFrom(child, grandchild),
      "SELECT parent.id, grandchild.id AS id_1 FROM parent JOIN child ON parent.id = child.parent_id JOIN grandchild ON child.id = grandchild.child_id",
    );
  });

  it("join on a composite foreign key", () => {
    assertCompile(
      select(cc.c.id).selectFrom(cp.join(cc)),
      "SELECT cc.id FROM cp JOIN cc ON cp.a = cc.ca AND cp.b = cc.cb",
    );
  });

  it("join to an alias infers ON through the alias", () => {
    const a = addresses.alias("a");
    assertCompile(
      select(users.c.user_name, a.c.street).selectFrom(users.join(a)),
      "SELECT users.user_name, a.street FROM users JOIN addresses AS a ON users.user_id = a.user_id",
    );
  });

  it("join to a subquery infers ON through it", () => {
    const sq = select(addresses).subquery("sq");
    assertCompile(
      select(users.c.user_name).selectFrom(users.join(sq)),
      "SELECT users.user_name FROM users JOIN (SELECT addresses.address_id AS address_id, addresses.user_id AS user_id, addresses.street AS street, addresses.city AS city FROM addresses) AS sq ON users.user_id = sq.user_id",
    );
  });

  it("join with an ambiguous foreign key given an explicit ON", () => {
    assertCompile(
      select(twofk.c.id).selectFrom(parent.join(twofk, parent.c.id.eq(twofk.c.p2))),
      "SELECT twofk.id FROM parent JOIN twofk ON parent.id = twofk.p2",
    );
  });

  it("columns of a join used in where", () => {
    assertCompile(
      select(users.c.user_id).selectFrom(users.join(addresses)).where(addresses.c.city.eq("x")),
      "SELECT users.user_id FROM users JOIN addresses ON users.user_id = addresses.user_id WHERE addresses.city = :city_1",
    );
  });

  it("self join with aliases", () => {
    const a = table1.alias("a");
    const b = table1.alias("b");
    assertCompile(
      select(a.c.myid, b.c.myid).selectFrom(a.join(b, a.c.myid.eq(b.c.myid))),
      "SELECT a.myid, b.myid AS myid_1 FROM mytable AS a JOIN mytable AS b ON a.myid = b.myid",
    );
  });

  it("join ON with AND of conditions", () => {
    assertCompile(
      select(table1.c.myid).selectFrom(
        table1.join(table2, and_(table1.c.myid.eq(table2.c.otherid), table2.c.othername.eq("x"))),
      ),
      "SELECT mytable.myid FROM mytable JOIN myothertable ON mytable.myid = myothertable.otherid AND myothertable.othername = :othername_1",
    );
  });

  it("a join with no foreign key raises NoForeignKeysError", () => {
    expect(() => parent.join(nofk)).toThrow(NoForeignKeysError);
  });

  it("a join with two foreign keys raises AmbiguousForeignKeysError", () => {
    expect(() => parent.join(twofk)).toThrow(AmbiguousForeignKeysError);
    expect(() => parent.join(twofk)).toThrow(/more than one foreign key/);
  });
});

describe("aliases and anonymous names", () => {
  it("named alias of a table", () => {
    assertCompile(select(table1.alias("t1")), "SELECT t1.myid, t1.name, t1.description FROM mytable AS t1");
  });

  it("anonymous alias of a table is named after it", () => {
    assertCompile(
      select(table1.alias()),
      "SELECT mytable_1.myid, mytable_1.name, mytable_1.description FROM mytable AS mytable_1",
    );
  });

  it("two anonymous aliases get distinct names", () => {
    const a = table1.alias();
    const b = table1.alias();
    assertCompile(
      select(a.c.myid, b.c.myid).where(a.c.myid.eq(b.c.myid)),
      "SELECT mytable_1.myid, mytable_2.myid AS myid_1 FROM mytable AS mytable_1, mytable AS mytable_2 WHERE mytable_1.myid = mytable_2.myid",
    );
  });

  it("alias of a schema table", () => {
    assertCompile(
      select(table4.alias("r")),
      "SELECT r.rem_id, r.datatype_id, r.value FROM remote_owner.remotetable AS r",
    );
  });

  it("alias with a quoted name", () => {
    assertCompile(
      select(table1.alias("SomeAlias").c.myid),
      'SELECT "SomeAlias".myid FROM mytable AS "SomeAlias"',
    );
  });

  it("anonymous subquery", () => {
    assertCompile(
      select(select(table1.c.myid).subquery()),
      "SELECT anon_1.myid FROM (SELECT mytable.myid AS myid FROM mytable) AS anon_1",
    );
  });

  it("two anonymous subqueries are anon_1 and anon_2", () => {
    const a = select(table1.c.myid).subquery();
    const b = select(table2.c.otherid).subquery();
    assertCompile(
      select(a.c.myid, b.c.otherid),
      "SELECT anon_1.myid, anon_2.otherid FROM (SELECT mytable.myid AS myid FROM mytable) AS anon_1, (SELECT myothertable.otherid AS otherid FROM myothertable) AS anon_2",
    );
  });
});

describe("subqueries", () => {
  it("named subquery in FROM", () => {
    const sq = select(table1).where(table1.c.myid.eq(5)).subquery("sq");
    assertCompile(
      select(sq.c.myid).where(sq.c.name.eq("x")),
      "SELECT sq.myid FROM (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description FROM mytable WHERE mytable.myid = :myid_1) AS sq WHERE sq.name = :name_1",
      { checkParams: { myid_1: 5, name_1: "x" } },
    );
  });

  it("subquery of a labelled expression", () => {
    const sq = select(table1.c.myid.add(1).label("total")).subquery();
    assertCompile(
      select(sq.c.total),
      "SELECT anon_1.total FROM (SELECT mytable.myid + :myid_1 AS total FROM mytable) AS anon_1",
    );
  });

  it("nested subqueries", () => {
    const s1 = select(table1.c.myid).subquery("s1");
    const s2 = select(s1.c.myid).subquery("s2");
    assertCompile(
      select(s2.c.myid),
      "SELECT s2.myid FROM (SELECT s1.myid AS myid FROM (SELECT mytable.myid AS myid FROM mytable) AS s1) AS s2",
    );
  });

  it("subquery joined to a table", () => {
    const sq = select(table2).subquery("sq");
    assertCompile(
      select(table1.c.name, sq.c.othername).selectFrom(table1.join(sq, table1.c.myid.eq(sq.c.otherid))),
      "SELECT mytable.name, sq.othername FROM mytable JOIN (SELECT myothertable.otherid AS otherid, myothertable.othername AS othername FROM myothertable) AS sq ON mytable.myid = sq.otherid",
    );
  });

  it("IN a subquery", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.in(select(table2.c.otherid))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (SELECT myothertable.otherid FROM myothertable)",
    );
  });

  it("subquery with a limit", () => {
    const sq = select(table1.c.myid).limit(5).subquery();
    assertCompile(
      select(sq.c.myid),
      "SELECT anon_1.myid FROM (SELECT mytable.myid AS myid FROM mytable LIMIT :param_1) AS anon_1",
      { checkParams: { param_1: 5 } },
    );
  });

  it("alias() of a select is a subquery", () => {
    assertCompile(
      select(select(table1.c.myid).alias("foo")),
      "SELECT foo.myid FROM (SELECT mytable.myid AS myid FROM mytable) AS foo",
    );
  });
});

describe("scalar subqueries and EXISTS", () => {
  it("scalar subquery in the columns clause", () => {
    assertCompile(
      select(
        table1.c.myid,
        select(func.count(table2.c.otherid)).where(table2.c.otherid.eq(table1.c.myid)).scalarSubquery(),
      ),
      "SELECT mytable.myid, (SELECT count(myothertable.otherid) AS count_1 FROM myothertable WHERE myothertable.otherid = mytable.myid) AS anon_1 FROM mytable",
    );
  });

  it("labelled scalar subquery", () => {
    assertCompile(
      select(
        table1.c.myid,
        select(func.count(table2.c.otherid))
          .where(table2.c.otherid.eq(table1.c.myid))
          .scalarSubquery()
          .label("cnt"),
      ),
      "SELECT mytable.myid, (SELECT count(myothertable.otherid) AS count_1 FROM myothertable WHERE myothertable.otherid = mytable.myid) AS cnt FROM mytable",
    );
  });

  it("select.label() is a labelled scalar subquery", () => {
    assertCompile(
      select(select(table2.c.otherid).limit(1).label("x")),
      "SELECT (SELECT myothertable.otherid FROM myothertable LIMIT :param_1) AS x",
    );
  });

  it("scalar subquery compared in WHERE", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(select(func.max(table2.c.otherid)).scalarSubquery())),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = (SELECT max(myothertable.otherid) AS max_1 FROM myothertable)",
    );
  });

  it("a select compared directly coerces to a scalar subquery", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(select(func.max(table2.c.otherid)))),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = (SELECT max(myothertable.otherid) AS max_1 FROM myothertable)",
    );
  });

  it("EXISTS in WHERE, correlated", () => {
    assertCompile(
      select(table1.c.myid).where(exists().where(table2.c.otherid.eq(table1.c.myid))),
      "SELECT mytable.myid FROM mytable WHERE EXISTS (SELECT * FROM myothertable WHERE myothertable.otherid = mytable.myid)",
    );
  });

  it("NOT EXISTS", () => {
    assertCompile(
      select(table1.c.myid).where(not_(exists().where(table2.c.otherid.eq(table1.c.myid)))),
      "SELECT mytable.myid FROM mytable WHERE NOT (EXISTS (SELECT * FROM myothertable WHERE myothertable.otherid = mytable.myid))",
    );
  });

  it("exists(select)", () => {
    assertCompile(
      select(table1.c.myid).where(exists(select(table2.c.otherid).where(table2.c.otherid.eq(table1.c.myid)))),
      "SELECT mytable.myid FROM mytable WHERE EXISTS (SELECT myothertable.otherid FROM myothertable WHERE myothertable.otherid = mytable.myid)",
    );
  });

  it("select.exists()", () => {
    assertCompile(
      select(table1.c.myid).where(
        select(table2.c.otherid).where(table2.c.otherid.eq(table1.c.myid)).exists(),
      ),
      "SELECT mytable.myid FROM mytable WHERE EXISTS (SELECT myothertable.otherid FROM myothertable WHERE myothertable.otherid = mytable.myid)",
    );
  });

  it("SELECT EXISTS", () => {
    assertCompile(
      exists().where(table1.c.myid.eq(5)).select(),
      "SELECT EXISTS (SELECT * FROM mytable WHERE mytable.myid = :myid_1) AS anon_1",
    );
  });

  it("exists with columns", () => {
    assertCompile(
      select(exists(table1.c.myid).where(table1.c.myid.eq(5))),
      "SELECT EXISTS (SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1) AS anon_1",
    );
  });

  it("EXISTS ORed with another criterion", () => {
    assertCompile(
      select(table1.c.myid).where(
        or_(exists().where(table2.c.otherid.eq(table1.c.myid)), table1.c.myid.eq(5)),
      ),
      "SELECT mytable.myid FROM mytable WHERE (EXISTS (SELECT * FROM myothertable WHERE myothertable.otherid = mytable.myid)) OR mytable.myid = :myid_1",
    );
  });
});

describe("correlation", () => {
  it("auto-correlates a WHERE subquery", () => {
    assertCompile(
      select(table1.c.myid).where(
        table1.c.myid.eq(
          select(table2.c.otherid).where(table2.c.othername.eq(table1.c.name)).scalarSubquery(),
        ),
      ),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = (SELECT myothertable.otherid FROM myothertable WHERE myothertable.othername = mytable.name)",
    );
  });

  it("does not correlate a subquery with a single FROM", () => {
    assertCompile(
      select(table1.c.myid).where(table1.c.myid.eq(select(table1.c.myid).scalarSubquery())),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = (SELECT mytable.myid FROM mytable)",
    );
  });

  it("explicit correlate", () => {
    assertCompile(
      select(table1.c.myid, table2.c.otherid).where(
        table1.c.myid.eq(
          select(table2.c.otherid)
            .where(table2.c.othername.eq(table1.c.name))
            .correlate(table1)
            .scalarSubquery(),
        ),
      ),
      "SELECT mytable.myid, myothertable.otherid FROM mytable, myothertable WHERE mytable.myid = (SELECT myothertable.otherid FROM myothertable WHERE myothertable.othername = mytable.name)",
    );
  });

  it("correlate(null) turns correlation off", () => {
    assertCompile(
      select(table1.c.myid).where(
        table1.c.myid.eq(
          select(table2.c.otherid)
            .where(table2.c.othername.eq(table1.c.name))
            .correlate(null)
            .scalarSubquery(),
        ),
      ),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = (SELECT myothertable.otherid FROM myothertable, mytable WHERE myothertable.othername = mytable.name)",
    );
  });

  it("correlateExcept", () => {
    assertCompile(
      select(table1.c.myid, table2.c.otherid).where(
        table1.c.myid.eq(
          select(table2.c.otherid)
            .where(table2.c.othername.eq(table1.c.name))
            .correlateExcept(table2)
            .scalarSubquery(),
        ),
      ),
      "SELECT mytable.myid, myothertable.otherid FROM mytable, myothertable WHERE mytable.myid = (SELECT myothertable.otherid FROM myothertable WHERE myothertable.othername = mytable.name)",
    );
  });

  it("correlates in the columns clause", () => {
    assertCompile(
      select(
        table1.c.myid,
        select(table2.c.otherid).where(table2.c.otherid.eq(table1.c.myid)).scalarSubquery().label("o"),
      ),
      "SELECT mytable.myid, (SELECT myothertable.otherid FROM myothertable WHERE myothertable.otherid = mytable.myid) AS o FROM mytable",
    );
  });

  it("a FROM subquery does not correlate", () => {
    const sq = select(table2.c.otherid).where(table2.c.otherid.eq(table1.c.myid)).subquery("sq");
    assertCompile(
      select(table1.c.myid, sq.c.otherid),
      "SELECT mytable.myid, sq.otherid FROM mytable, (SELECT myothertable.otherid AS otherid FROM myothertable, mytable WHERE myothertable.otherid = mytable.myid) AS sq",
    );
  });

  it("LATERAL subquery correlates to the same level", () => {
    const lt = select(table2.c.otherid).where(table2.c.otherid.eq(table1.c.myid)).lateral("lt");
    assertCompile(
      select(table1.c.myid, lt.c.otherid).selectFrom(table1.join(lt, true_())),
      "SELECT mytable.myid, lt.otherid FROM mytable JOIN LATERAL (SELECT myothertable.otherid AS otherid FROM myothertable WHERE myothertable.otherid = mytable.myid) AS lt ON true",
    );
  });

  it("correlates through two levels", () => {
    assertCompile(
      select(table1.c.myid).where(
        exists()
          .where(table2.c.otherid.eq(table1.c.myid))
          .where(
            exists().where(table3.c.userid.eq(table2.c.otherid)).where(table3.c.userid.eq(table1.c.myid)),
          ),
      ),
      "SELECT mytable.myid FROM mytable WHERE EXISTS (SELECT * FROM myothertable WHERE myothertable.otherid = mytable.myid AND (EXISTS (SELECT * FROM thirdtable, mytable WHERE thirdtable.userid = myothertable.otherid AND thirdtable.userid = mytable.myid)))",
    );
  });

  it("a subquery correlated away entirely raises", () => {
    const inner = select(table1.c.myid).where(table1.c.myid.eq(table2.c.otherid)).scalarSubquery();
    expect(() => String(select(table1.c.myid, table2.c.otherid).where(table1.c.myid.eq(inner)))).toThrow(
      /returned no FROM clauses due to auto-correlation/,
    );
  });
});

describe("label styles", () => {
  it("tablename plus col", () => {
    assertCompile(
      select(table1.c.myid, table2.c.otherid).setLabelStyle(LABEL_STYLE_TABLENAME_PLUS_COL),
      "SELECT mytable.myid AS mytable_myid, myothertable.otherid AS myothertable_otherid FROM mytable, myothertable",
    );
  });

  it("tablename plus col on an anonymous subquery: labelled with its compiled name", () => {
    const sub = select(table1.c.myid).subquery();
    const stmt = select(sub.c.myid).setLabelStyle(LABEL_STYLE_TABLENAME_PLUS_COL);
    assertCompile(
      stmt,
      "SELECT anon_1.myid AS anon_1_myid FROM (SELECT mytable.myid AS myid FROM mytable) AS anon_1",
    );
    expect(stmt.compile().resultColumns.map((c) => c.name)).toEqual(["anon_1_myid"]);
    // A hand-made label of the same uncompiled name is another statement for the cache.
    const plain = select(sub.c.myid.label("anon_myid")).setLabelStyle(LABEL_STYLE_TABLENAME_PLUS_COL);
    expect(plain.compile().sql).toContain("AS anon_myid");
    expect(plain.cacheKey().key).not.toBe(stmt.cacheKey().key);
  });

  it("tablename plus col on a schema table", () => {
    assertCompile(
      select(table4.c.rem_id).setLabelStyle(LABEL_STYLE_TABLENAME_PLUS_COL),
      "SELECT remote_owner.remotetable.rem_id AS remote_owner_remotetable_rem_id FROM remote_owner.remotetable",
    );
  });

  it("tablename plus col on an alias", () => {
    assertCompile(
      select(table1.alias("t").c.myid).setLabelStyle(LABEL_STYLE_TABLENAME_PLUS_COL),
      "SELECT t.myid AS t_myid FROM mytable AS t",
    );
  });

  it("tablename plus col keeps explicit labels", () => {
    assertCompile(
      select(table1.c.myid.label("foo"), table1.c.name).setLabelStyle(LABEL_STYLE_TABLENAME_PLUS_COL),
      "SELECT mytable.myid AS foo, mytable.name AS mytable_name FROM mytable",
    );
  });

  it("subquery of a tablename-plus-col select exposes the labels", () => {
    const sq = select(table1.c.myid).setLabelStyle(LABEL_STYLE_TABLENAME_PLUS_COL).subquery();
    assertCompile(
      select((sq.c as ColumnMap).mytable_myid!),
      "SELECT anon_1.mytable_myid FROM (SELECT mytable.myid AS mytable_myid FROM mytable) AS anon_1",
    );
  });

  it("label style none does not disambiguate", () => {
    assertCompile(
      select(users.c.user_id, addresses.c.user_id).setLabelStyle(LABEL_STYLE_NONE),
      "SELECT users.user_id, addresses.user_id FROM users, addresses",
    );
  });
});

describe("errors", () => {
  it("where() with a string points at text()", () => {
    expect(() => select(table1.c.myid).where("myid = 5" as never)).toThrow(ArgumentError);
    expect(() => select(table1.c.myid).where("myid = 5" as never)).toThrow(/text\(\)/);
  });

  it("select() with a string points at text()", () => {
    expect(() => select("myid" as never)).toThrow(ArgumentError);
    expect(() => select("myid" as never)).toThrow(/text\(\)/);
  });

  it("limit() with a non-integer raises", () => {
    expect(() => select(table1.c.myid).limit(1.5)).toThrow(ArgumentError);
  });

  it("selecting a tuple raises a CompileError", () => {
    expect(() => String(select(tuple_(table1.c.myid, table1.c.name)))).toThrow(CompileError);
  });

  it("orderBy of an unknown label name raises a CompileError", () => {
    expect(() => String(select(table1.c.myid).orderBy("nosuchlabel"))).toThrow(CompileError);
  });
});

describe("VALUES", () => {
  it("VALUES joined to a table", () => {
    const v = values(column("a", Integer), column("b", SqlString), { name: "v" }).data([
      [1, "x"],
      [2, "y"],
    ]);
    assertCompile(
      select(table1.c.myid, v.c.b!).selectFrom(table1.join(v, table1.c.myid.eq(v.c.a!))),
      "SELECT mytable.myid, v.b FROM mytable JOIN (VALUES (:param_1, :param_2), (:param_3, :param_4)) AS v (a, b) ON mytable.myid = v.a",
      { checkParams: { param_1: 1, param_2: "x", param_3: 2, param_4: "y" } },
    );
  });

  it("IN a scalar VALUES list", () => {
    assertCompile(
      select(table1.c.myid).where(
        table1.c.myid.in(
          values(column("a", Integer))
            .data([[1], [2]])
            .scalarValues(),
        ),
      ),
      "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (VALUES (:param_1), (:param_2))",
      { checkParams: { param_1: 1, param_2: 2 } },
    );
  });

  it("VALUES with an expression in a row", () => {
    const v = values(column("a", Integer), { name: "v" }).data([[1], [func.foo!()]]);
    assertCompile(select(v.c.a!), "SELECT v.a FROM (VALUES (:param_1), (foo())) AS v (a)");
  });
});

describe("quoting", () => {
  it("a mixed-case schema is quoted", () => {
    assertCompile(
      select(table("t", column("x"), { schema: "Sch" } as never)),
      'SELECT "Sch".t.x FROM "Sch".t',
    );
  });

  it("names starting with a digit are quoted", () => {
    assertCompile(select(table("123t", column("1col"))), 'SELECT "123t"."1col" FROM "123t"');
  });

  it("names with a quote character", () => {
    assertCompile(select(table('t"x', column('c"y'))), 'SELECT "t""x"."c""y" FROM "t""x"');
  });

  it("a label with a space", () => {
    assertCompile(select(table1.c.myid.label("my label")), 'SELECT mytable.myid AS "my label" FROM mytable');
  });

  it("an alias name that is a reserved word", () => {
    assertCompile(select(table1.alias("order").c.myid), 'SELECT "order".myid FROM mytable AS "order"');
  });
});

describe("generative behaviour", () => {
  it("each generative method returns a new statement and leaves the original alone", () => {
    const s1 = select(table1.c.myid);
    const s2 = s1.where(table1.c.myid.eq(5));
    const s3 = s2.orderBy(table1.c.myid).limit(3);
    expect(s2).not.toBe(s1);
    assertCompile(s1, "SELECT mytable.myid FROM mytable");
    assertCompile(s2, "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1");
    assertCompile(
      s3,
      "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 ORDER BY mytable.myid LIMIT :param_1",
    );
  });

  it("a statement compiles the same twice", () => {
    const stmt = select(table1.alias().c.myid).where(table1.c.name.in(["a", "b"]));
    expect(stmt.compile().sql).toBe(stmt.compile().sql);
  });

  it("String(stmt) is the default dialect's SQL", () => {
    const stmt = select(table1.c.myid).where(table1.c.myid.eq(5));
    expect(String(stmt)).toBe(stmt.compile().sql);
    expect(String(stmt)).toBe("SELECT mytable.myid \nFROM mytable \nWHERE mytable.myid = :myid_1");
  });

  it("resultColumns name each selected column with its key and type", () => {
    const c = select(table1.c.myid, table1.c.name.label("n"), func.count())
      .groupBy(table1.c.myid, table1.c.name)
      .compile();
    expect(c.resultColumns.map((r) => [r.key, r.name])).toEqual([
      ["myid", "myid"],
      ["n", "n"],
      ["count", "count_1"],
    ]);
    expect(c.resultColumns[0]?.type.affinity).toBe("integer");
  });

  it("a subquery's .c exposes the selected keys", () => {
    const sq = select(table1.c.myid, table1.c.name.label("n")).subquery("sq");
    expect(Object.keys(sq.c)).toEqual(["myid", "n"]);
  });
});

describe("known gaps", () => {
  // A subquery's duplicate column names are told apart (user_id, user_id_1), so `.c` keeps both
  it("subquery of a join with duplicate names", () => {
    const sq = select(users.c.user_id, addresses.c.user_id).selectFrom(users.join(addresses)).subquery("j");
    assertCompile(
      select(sq),
      "SELECT j.user_id, j.user_id_1 FROM (SELECT users.user_id AS user_id, addresses.user_id AS user_id_1 FROM users JOIN addresses ON users.user_id = addresses.user_id) AS j",
    );
  });

  // A dotted schema is one name (SQL Server alone splits it into database and owner).
  it("a dotted schema name", () => {
    assertCompile(
      select(table("t", column("x"), { schema: "db.owner" } as never)),
      'SELECT "db.owner".t.x FROM "db.owner".t',
    );
  });
});
