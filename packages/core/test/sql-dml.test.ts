/**
 * INSERT, UPDATE and DELETE, ported from SQLAlchemy's test/sql/test_insert.py, test_update.py and
 * test_delete.py: values, multi-row VALUES, INSERT FROM SELECT, client-side defaults and onupdate,
 * SET ordering, correlated and multi-table UPDATE, RETURNING, and errors.
 */
import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  bindparam,
  Column,
  column,
  DateTime,
  delete_,
  exists,
  func,
  Integer,
  insert,
  literal,
  MetaData,
  null_,
  or_,
  String as SqlString,
  select,
  Table,
  table,
  union,
  update,
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
const keyed = new Table("keyed", md, {
  colx: new Column("x", Integer),
  coly: new Column("y", Integer),
  z: new Column(Integer),
});
const dflt = new Table("dflt", md, {
  id: new Column(Integer, { primaryKey: true }),
  x: new Column(Integer, { default: 10 }),
  y: new Column(Integer, { onupdate: 5 }),
  z: new Column(DateTime, { default: func.now(), onupdate: func.now() }),
  data: new Column(SqlString(30)),
});

describe("INSERT", () => {
  it("insert with no values lists every column", () => {
    assertCompile(
      insert(table1),
      "INSERT INTO mytable (myid, name, description) VALUES (:myid, :name, :description)",
    );
  });

  it("insert values", () => {
    assertCompile(
      insert(table1).values({ myid: 3, name: "jack" }),
      "INSERT INTO mytable (myid, name) VALUES (:myid, :name)",
      { checkParams: { myid: 3, name: "jack" } },
    );
  });

  it("insert values keep table column order", () => {
    assertCompile(
      insert(table1).values({ name: "jack", myid: 3 }),
      "INSERT INTO mytable (myid, name) VALUES (:myid, :name)",
    );
  });

  it("insert with a positional row", () => {
    assertCompile(
      insert(table1).values([3, "jack", "desc"]),
      "INSERT INTO mytable (myid, name, description) VALUES (:myid, :name, :description)",
      { checkParams: { myid: 3, name: "jack", description: "desc" } },
    );
  });

  it("insert a SQL expression", () => {
    assertCompile(
      insert(table1).values({ myid: func.foo!(5), name: table1.c.name.add("x") }),
      "INSERT INTO mytable (myid, name) VALUES (foo(:foo_1), (mytable.name || :name_1))",
    );
  });

  it("insert a bindparam", () => {
    assertCompile(insert(table1).values({ myid: bindparam("x") }), "INSERT INTO mytable (myid) VALUES (:x)");
  });

  it("insert a scalar subquery", () => {
    assertCompile(
      insert(table1).values({ myid: select(func.max(table2.c.otherid)).scalarSubquery() }),
      "INSERT INTO mytable (myid) VALUES ((SELECT max(myothertable.otherid) AS max_1 FROM myothertable))",
    );
  });

  it("insert a select value coerces to a scalar subquery", () => {
    assertCompile(
      insert(table1).values({ myid: select(func.max(table2.c.otherid)) }),
      "INSERT INTO mytable (myid) VALUES ((SELECT max(myothertable.otherid) AS max_1 FROM myothertable))",
    );
  });

  it("insert into a schema table", () => {
    assertCompile(
      insert(table4).values({ rem_id: 1, value: "x" }),
      "INSERT INTO remote_owner.remotetable (rem_id, value) VALUES (:rem_id, :value)",
    );
  });

  it("insert with column keys renders names", () => {
    assertCompile(
      insert(keyed).values({ colx: 1, coly: 2 }),
      "INSERT INTO keyed (x, y) VALUES (:colx, :coly)",
      { checkParams: { colx: 1, coly: 2 } },
    );
  });

  it("insert with a null value", () => {
    assertCompile(
      insert(table1).values({ myid: 5, name: null }),
      "INSERT INTO mytable (myid, name) VALUES (:myid, :name)",
      { checkParams: { myid: 5, name: null } },
    );
  });

  it("successive values() calls merge", () => {
    assertCompile(
      insert(table1).values({ myid: 5 }).values({ name: "x" }),
      "INSERT INTO mytable (myid, name) VALUES (:myid, :name)",
    );
  });

  it("insert with a prefix", () => {
    assertCompile(
      insert(table1).values({ myid: 5 }).prefixWith("OR IGNORE"),
      "INSERT OR IGNORE INTO mytable (myid) VALUES (:myid)",
    );
  });

  it("insert with literal binds", () => {
    assertCompile(
      insert(table1).values({ myid: 5, name: "o'x" }),
      "INSERT INTO mytable (myid, name) VALUES (5, 'o''x')",
      { literalBinds: true },
    );
  });

  it("insert a table with a primary key and no values", () => {
    assertCompile(
      insert(users),
      "INSERT INTO users (user_id, user_name, password) VALUES (:user_id, :user_name, :password)",
    );
  });
});

describe("multi-row VALUES", () => {
  it("multiple rows", () => {
    assertCompile(
      insert(table1).values([
        { myid: 1, name: "a" },
        { myid: 2, name: "b" },
      ]),
      "INSERT INTO mytable (myid, name) VALUES (:myid_m0, :name_m0), (:myid_m1, :name_m1)",
      { checkParams: { myid_m0: 1, name_m0: "a", myid_m1: 2, name_m1: "b" } },
    );
  });

  it("three rows", () => {
    assertCompile(
      insert(table2).values([
        { otherid: 1, othername: "a" },
        { otherid: 2, othername: "b" },
        { otherid: 3, othername: "c" },
      ]),
      "INSERT INTO myothertable (otherid, othername) VALUES (:otherid_m0, :othername_m0), (:otherid_m1, :othername_m1), (:otherid_m2, :othername_m2)",
    );
  });

  it("rows with an expression", () => {
    assertCompile(
      insert(table1).values([
        { myid: 1, name: func.lower!("A") },
        { myid: 2, name: "b" },
      ]),
      "INSERT INTO mytable (myid, name) VALUES (:myid_m0, lower(:lower_1)), (:myid_m1, :name_m1)",
    );
  });

  it("rows with client-side defaults", () => {
    assertCompile(
      insert(dflt).values([
        { id: 1, data: "a" },
        { id: 2, data: "b" },
      ]),
      "INSERT INTO dflt (id, x, z, data) VALUES (:id_m0, :x, now(), :data_m0), (:id_m1, :x_m1, now(), :data_m1)",
    );
  });
});

describe("INSERT FROM SELECT", () => {
  it("insert from select", () => {
    assertCompile(
      insert(table1).fromSelect(["myid", "name"], select(table2.c.otherid, table2.c.othername)),
      "INSERT INTO mytable (myid, name) SELECT myothertable.otherid, myothertable.othername FROM myothertable",
    );
  });

  it("insert from select with column objects", () => {
    assertCompile(
      insert(table1).fromSelect(
        [table1.c.myid, table1.c.name],
        select(table2.c.otherid, table2.c.othername).where(table2.c.otherid.gt(5)),
      ),
      "INSERT INTO mytable (myid, name) SELECT myothertable.otherid, myothertable.othername FROM myothertable WHERE myothertable.otherid > :otherid_1",
    );
  });

  it("insert from select adds client-side defaults", () => {
    assertCompile(
      insert(dflt).fromSelect(["id", "data"], select(table2.c.otherid, table2.c.othername)),
      "INSERT INTO dflt (id, data, x, z) SELECT myothertable.otherid, myothertable.othername, :x AS anon_1, now() AS now_1 FROM myothertable",
    );
  });

  it("insert from select without defaults", () => {
    assertCompile(
      insert(dflt).fromSelect(["id", "data"], select(table2.c.otherid, table2.c.othername), {
        includeDefaults: false,
      }),
      "INSERT INTO dflt (id, data) SELECT myothertable.otherid, myothertable.othername FROM myothertable",
    );
  });

  it("insert from a UNION", () => {
    assertCompile(
      insert(table1).fromSelect(["myid"], union(select(table2.c.otherid), select(table3.c.userid))),
      "INSERT INTO mytable (myid) SELECT myothertable.otherid FROM myothertable UNION SELECT thirdtable.userid FROM thirdtable",
    );
  });
});

describe("client-side defaults", () => {
  it("scalar and SQL defaults on insert", () => {
    assertCompile(insert(dflt).values({ id: 1 }), "INSERT INTO dflt (id, x, z) VALUES (:id, :x, now())", {
      checkParams: { id: 1, x: null },
    });
  });

  it("an explicit value overrides the default", () => {
    assertCompile(
      insert(dflt).values({ id: 1, x: 5, z: func.other!() }),
      "INSERT INTO dflt (id, x, z) VALUES (:id, :x, other())",
    );
  });

  it("onupdate defaults on update", () => {
    assertCompile(update(dflt).values({ data: "d" }), "UPDATE dflt SET y=:y, z=now(), data=:data", {
      checkParams: { y: null, data: "d" },
    });
  });

  it("an explicit value overrides onupdate", () => {
    assertCompile(update(dflt).values({ data: "d", y: 7 }), "UPDATE dflt SET y=:y, z=now(), data=:data");
  });
});

describe("RETURNING", () => {
  it("insert returning a column", () => {
    assertCompile(
      insert(table1).values({ myid: 5 }).returning(table1.c.myid),
      "INSERT INTO mytable (myid) VALUES (:myid) RETURNING mytable.myid",
    );
  });

  it("insert returning the table", () => {
    assertCompile(
      insert(table1).values({ myid: 5 }).returning(table1),
      "INSERT INTO mytable (myid) VALUES (:myid) RETURNING mytable.myid, mytable.name, mytable.description",
    );
  });

  it("insert returning an expression", () => {
    assertCompile(
      insert(table1).values({ myid: 5 }).returning(table1.c.myid.add(5), func.lower!(table1.c.name)),
      "INSERT INTO mytable (myid) VALUES (:myid) RETURNING mytable.myid + :myid_1 AS anon_1, lower(mytable.name) AS lower_1",
    );
  });

  it("insert returning a label", () => {
    assertCompile(
      insert(table1).values({ myid: 5 }).returning(table1.c.myid.label("x")),
      "INSERT INTO mytable (myid) VALUES (:myid) RETURNING mytable.myid AS x",
    );
  });

  it("update returning", () => {
    assertCompile(
      update(table1).values({ name: "x" }).where(table1.c.myid.eq(5)).returning(table1.c.myid, table1.c.name),
      "UPDATE mytable SET name=:name WHERE mytable.myid = :myid_1 RETURNING mytable.myid, mytable.name",
    );
  });

  it("delete returning", () => {
    assertCompile(
      delete_(table1).where(table1.c.myid.eq(5)).returning(table1.c.name),
      "DELETE FROM mytable WHERE mytable.myid = :myid_1 RETURNING mytable.name",
    );
  });

  it("multi-row insert returning", () => {
    assertCompile(
      insert(table1)
        .values([{ myid: 1 }, { myid: 2 }])
        .returning(table1.c.myid),
      "INSERT INTO mytable (myid) VALUES (:myid_m0), (:myid_m1) RETURNING mytable.myid",
    );
  });
});

describe("UPDATE", () => {
  it("update with no values lists every column", () => {
    assertCompile(update(table1), "UPDATE mytable SET myid=:myid, name=:name, description=:description");
  });

  it("update values with where", () => {
    assertCompile(
      update(table1).where(table1.c.myid.eq(7)).values({ name: "fred" }),
      "UPDATE mytable SET name=:name WHERE mytable.myid = :myid_1",
      { checkParams: { name: "fred", myid_1: 7 } },
    );
  });

  it("SET follows table column order", () => {
    assertCompile(
      update(table1).values({ description: "d", name: "n", myid: 1 }),
      "UPDATE mytable SET myid=:myid, name=:name, description=:description",
    );
  });

  it("ordered values keep the given order", () => {
    assertCompile(
      update(table1).orderedValues(["description", "d"], ["name", "n"]),
      "UPDATE mytable SET description=:description, name=:name",
    );
  });

  it("ordered values with column objects", () => {
    assertCompile(
      update(table1).orderedValues([table1.c.name, "n"], [table1.c.myid, 5]),
      "UPDATE mytable SET name=:name, myid=:myid",
    );
  });

  it("update SET to an expression", () => {
    assertCompile(
      update(table1).values({ myid: table1.c.myid.add(1) }),
      "UPDATE mytable SET myid=(mytable.myid + :myid_1)",
    );
  });

  it("update SET to a function", () => {
    assertCompile(
      update(table1).values({ name: func.upper!(table1.c.name) }),
      "UPDATE mytable SET name=upper(mytable.name)",
    );
  });

  it("update with a bindparam in WHERE and SET", () => {
    assertCompile(
      update(table1)
        .where(table1.c.myid.eq(bindparam("id")))
        .values({ name: bindparam("nm") }),
      "UPDATE mytable SET name=:nm WHERE mytable.myid = :id",
    );
  });

  it("update with column keys", () => {
    assertCompile(
      update(keyed).values({ colx: 1 }).where(keyed.c.coly.eq(2)),
      "UPDATE keyed SET x=:colx WHERE keyed.y = :coly_1",
      { checkParams: { colx: 1, coly_1: 2 } },
    );
  });

  it("correlated update from a scalar subquery", () => {
    assertCompile(
      update(table1).values({
        name: select(table2.c.othername).where(table2.c.otherid.eq(table1.c.myid)).scalarSubquery(),
      }),
      "UPDATE mytable SET name=(SELECT myothertable.othername FROM myothertable WHERE myothertable.otherid = mytable.myid)",
    );
  });

  it("update with a subquery in WHERE", () => {
    assertCompile(
      update(table1)
        .where(table1.c.myid.in(select(table2.c.otherid)))
        .values({ name: "x" }),
      "UPDATE mytable SET name=:name WHERE mytable.myid IN (SELECT myothertable.otherid FROM myothertable)",
    );
  });

  it("update with EXISTS correlated in WHERE", () => {
    assertCompile(
      update(table1)
        .where(exists().where(table2.c.otherid.eq(table1.c.myid)))
        .values({ name: "x" }),
      "UPDATE mytable SET name=:name WHERE EXISTS (SELECT * FROM myothertable WHERE myothertable.otherid = mytable.myid)",
    );
  });

  it("update FROM another table", () => {
    assertCompile(
      update(table1).where(table1.c.myid.eq(table2.c.otherid)).values({ name: table2.c.othername }),
      "UPDATE mytable SET name=myothertable.othername FROM myothertable WHERE mytable.myid = myothertable.otherid",
    );
  });

  it("update FROM two tables", () => {
    assertCompile(
      update(table1)
        .where(table1.c.myid.eq(table2.c.otherid))
        .where(table3.c.userid.eq(table1.c.myid))
        .values({ name: "x" }),
      "UPDATE mytable SET name=:name FROM myothertable, thirdtable WHERE mytable.myid = myothertable.otherid AND thirdtable.userid = mytable.myid",
    );
  });

  it("update a schema table", () => {
    assertCompile(
      update(table4).values({ value: "x" }).where(table4.c.rem_id.eq(1)),
      "UPDATE remote_owner.remotetable SET value=:value WHERE remote_owner.remotetable.rem_id = :rem_id_1",
    );
  });

  it("update with literal binds", () => {
    assertCompile(
      update(table1).where(table1.c.myid.eq(7)).values({ name: "fred" }),
      "UPDATE mytable SET name='fred' WHERE mytable.myid = 7",
      { literalBinds: true },
    );
  });

  it("update with where(and_ / or_)", () => {
    assertCompile(
      update(table1)
        .where(or_(table1.c.myid.eq(1), table1.c.myid.eq(2)))
        .values({ name: "x" }),
      "UPDATE mytable SET name=:name WHERE mytable.myid = :myid_1 OR mytable.myid = :myid_2",
    );
  });

  it("update with a prefix", () => {
    assertCompile(
      update(table1).values({ name: "x" }).prefixWith("LOW_PRIORITY"),
      "UPDATE LOW_PRIORITY mytable SET name=:name",
    );
  });
});

describe("DELETE", () => {
  it("delete all rows", () => {
    assertCompile(delete_(table1), "DELETE FROM mytable");
  });

  it("delete with where", () => {
    assertCompile(
      delete_(table1).where(table1.c.myid.eq(7)),
      "DELETE FROM mytable WHERE mytable.myid = :myid_1",
      { checkParams: { myid_1: 7 } },
    );
  });

  it("delete with two where calls", () => {
    assertCompile(
      delete_(table1).where(table1.c.myid.eq(7)).where(table1.c.name.eq("x")),
      "DELETE FROM mytable WHERE mytable.myid = :myid_1 AND mytable.name = :name_1",
    );
  });

  it("delete with a subquery", () => {
    assertCompile(
      delete_(table1).where(table1.c.myid.in(select(table2.c.otherid).where(table2.c.othername.eq("x")))),
      "DELETE FROM mytable WHERE mytable.myid IN (SELECT myothertable.otherid FROM myothertable WHERE myothertable.othername = :othername_1)",
    );
  });

  it("delete with a correlated EXISTS", () => {
    assertCompile(
      delete_(table1).where(exists().where(table2.c.otherid.eq(table1.c.myid))),
      "DELETE FROM mytable WHERE EXISTS (SELECT * FROM myothertable WHERE myothertable.otherid = mytable.myid)",
    );
  });

  it("delete from a schema table", () => {
    assertCompile(
      delete_(table4).where(table4.c.rem_id.eq(1)),
      "DELETE FROM remote_owner.remotetable WHERE remote_owner.remotetable.rem_id = :rem_id_1",
    );
  });

  it("delete with a prefix", () => {
    assertCompile(delete_(table1).prefixWith("LOW_PRIORITY"), "DELETE LOW_PRIORITY FROM mytable");
  });

  it("delete with literal binds", () => {
    assertCompile(
      delete_(table1).where(table1.c.name.eq("o'x")),
      "DELETE FROM mytable WHERE mytable.name = 'o''x'",
      { literalBinds: true },
    );
  });
});

describe("errors", () => {
  it("insert values with an unknown column raise", () => {
    expect(() => insert(table1).values({ nosuchcol: 5 } as never)).toThrow(
      /Unconsumed column names: nosuchcol/,
    );
  });

  it("update values with an unknown column raise", () => {
    expect(() => update(table1).values({ nosuchcol: 5 } as never)).toThrow(
      /Unconsumed column names: nosuchcol/,
    );
  });

  it("a DELETE with another table in WHERE is refused by the default dialect", () => {
    expect(() => String(delete_(table1).where(table1.c.myid.eq(table2.c.otherid)))).toThrow(
      /does not support multiple-table criteria within DELETE/,
    );
  });

  it("update().where() with a string points at text()", () => {
    expect(() => update(table1).where("myid = 5" as never)).toThrow(ArgumentError);
  });

  it("insert() of something that is not a table raises", () => {
    expect(() => insert("mytable" as never)).toThrow(ArgumentError);
  });
});

describe("more INSERT / UPDATE / DELETE (test_insert, test_update)", () => {
  it("update SET from a subquery of another table, correlated, with WHERE", () => {
    assertCompile(
      update(table1)
        .values({
          name: select(table2.c.othername).where(table2.c.otherid.eq(table1.c.myid)).scalarSubquery(),
        })
        .where(table1.c.name.eq("jack")),
      "UPDATE mytable SET name=(SELECT myothertable.othername FROM myothertable WHERE myothertable.otherid = mytable.myid) WHERE mytable.name = :name_1",
      { checkParams: { name_1: "jack" } },
    );
  });

  it("update where EXISTS of another table", () => {
    assertCompile(
      update(table1)
        .where(exists(select(table2.c.otherid).where(table2.c.otherid.eq(table1.c.myid))))
        .values({ name: "x" }),
      "UPDATE mytable SET name=:name WHERE EXISTS (SELECT myothertable.otherid FROM myothertable WHERE myothertable.otherid = mytable.myid)",
    );
  });

  it("insert of a labelled expression value", () => {
    assertCompile(
      insert(table1).values({ myid: literal(5).add(1) }),
      "INSERT INTO mytable (myid) VALUES ((:param_1 + :param_2))",
      { checkParams: { param_1: 5, param_2: 1 } },
    );
  });

  it("insert from select with a WHERE on the source", () => {
    assertCompile(
      insert(table2).fromSelect(
        ["otherid", "othername"],
        select(table1.c.myid, table1.c.name).where(table1.c.name.eq("x")),
      ),
      "INSERT INTO myothertable (otherid, othername) SELECT mytable.myid, mytable.name FROM mytable WHERE mytable.name = :name_1",
      { checkParams: { name_1: "x" } },
    );
  });

  it("insert a null via null_()", () => {
    assertCompile(
      insert(table1).values({ myid: 5, name: null_() }),
      "INSERT INTO mytable (myid, name) VALUES (:myid, NULL)",
    );
  });

  it("update SET a column to another column", () => {
    assertCompile(
      update(table1).values({ name: table1.c.description }),
      "UPDATE mytable SET name=mytable.description",
    );
  });

  it("update SET a column to null", () => {
    assertCompile(update(table1).values({ name: null }), "UPDATE mytable SET name=:name", {
      checkParams: { name: null },
    });
  });

  it("delete where IN a list", () => {
    assertCompile(
      delete_(table1).where(table1.c.myid.in([1, 2, 3])),
      "DELETE FROM mytable WHERE mytable.myid IN (:myid_1_1, :myid_1_2, :myid_1_3)",
      { renderPostcompile: true },
    );
  });

  it("update returning an expression", () => {
    assertCompile(
      update(table1)
        .values({ myid: table1.c.myid.add(1) })
        .returning(table1.c.myid.mul(2).label("doubled")),
      "UPDATE mytable SET myid=(mytable.myid + :myid_1) RETURNING mytable.myid * :myid_2 AS doubled",
    );
  });

  it("update of a keyed table SET by key, WHERE by another key", () => {
    assertCompile(
      update(keyed)
        .values({ coly: keyed.c.colx.add(1) })
        .where(keyed.c.z.eq(3)),
      "UPDATE keyed SET y=(keyed.x + :colx_1) WHERE keyed.z = :z_1",
    );
  });
});
