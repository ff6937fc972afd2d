/**
 * DDL compilation against the default dialect, ported from SQLAlchemy's
 * test/sql/test_constraints.py (ConstraintCompilationTest,
 * ConstraintCompositionTest), test_defaults.py (DDLTest), test_computed.py,
 * test_identity_column.py, test_sequences.py, test_quote.py and
 * test_metadata.py; expected SQL as SQLAlchemy 2.1 renders it.
 */
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String and Boolean are SQLAlchemy's type names */
import { describe, expect, test } from "vitest";
import {
  BigInteger,
  Boolean,
  CheckConstraint,
  type ClauseElement,
  Column,
  CompileError,
  Computed,
  compiles,
  DateTime,
  DDLCompiler,
  DefaultDialect,
  type Dialect,
  Enum,
  ForeignKey,
  ForeignKeyConstraint,
  false_,
  func,
  Identity,
  Index,
  Integer,
  literal,
  literalColumn,
  MetaData,
  PrimaryKeyConstraint,
  Sequence,
  String,
  select,
  Table,
  text,
  UniqueConstraint,
  UnsupportedCompilationError,
} from "../src/index.js";
import {
  AddConstraint,
  CreateColumn,
  CreateIndex,
  CreateSchema,
  CreateSequence,
  CreateTable,
  CreateTableAs,
  CreateView,
  creatorDdlFor,
  DDL,
  DropColumnComment,
  DropConstraint,
  DropIndex,
  DropSchema,
  DropSequence,
  DropTable,
  DropTableComment,
  DropView,
  dropperDdlFor,
  SetColumnComment,
  SetConstraintComment,
  SetTableComment,
} from "../src/sql/ddl.js";

const dialect = new DefaultDialect();

/** A default dialect that has identity columns (SQLAlchemy's "default_enhanced"-like string dialect). */
class IdentityDialect extends DefaultDialect {
  override supportsIdentityColumns = true;
}

/** The exact SQL. */
function sql(el: ClauseElement, d: Dialect = dialect): string {
  return el.compile({ dialect: d }).sql;
}

/** As SQLAlchemy's `assert_compile`: compared with newlines and tabs removed. */
function assertCompile(el: ClauseElement, expected: string, d: Dialect = dialect): void {
  expect(sql(el, d).replace(/[\n\t]/g, "")).toBe(expected);
}

function fixture() {
  const m = new MetaData();
  const t = new Table("tbl", m, { a: new Column(Integer), b: new Column(Integer) });
  const t2 = new Table("t2", m, { a: new Column(Integer), b: new Column(Integer) });
  return { m, t, t2 };
}

describe("CREATE TABLE layout", () => {
  test("exact whitespace, as SQLAlchemy", () => {
    const m = new MetaData();
    const t = new Table("user_account", m, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(30)),
      fullname: new Column(String()),
    });
    expect(sql(new CreateTable(t))).toBe(
      "\nCREATE TABLE user_account (\n\tid INTEGER NOT NULL, \n\tname VARCHAR(30), \n\tfullname VARCHAR, \n\tPRIMARY KEY (id)\n)\n\n",
    );
    expect(new CreateTable(t).toString()).toBe(sql(new CreateTable(t)));
  });

  test("composite primary key and foreign key", () => {
    const m = new MetaData();
    new Table("order_line", m, {
      order_id: new Column(Integer, { primaryKey: true }),
      line_no: new Column(Integer, { primaryKey: true }),
      sku: new Column(String(20), { nullable: false }),
    });
    const item = new Table(
      "shipment_item",
      m,
      {
        shipment_id: new Column(Integer, { primaryKey: true }),
        order_id: new Column(Integer, { nullable: false }),
        line_no: new Column(Integer, { nullable: false }),
        shipped_qty: new Column(Integer),
      },
      {
        constraints: [
          new ForeignKeyConstraint(["order_id", "line_no"], ["order_line.order_id", "order_line.line_no"]),
        ],
      },
    );
    expect(sql(new CreateTable(item))).toBe(
      "\nCREATE TABLE shipment_item (\n\tshipment_id INTEGER NOT NULL, \n\torder_id INTEGER NOT NULL, \n\tline_no INTEGER NOT NULL, \n\tshipped_qty INTEGER, \n\tPRIMARY KEY (shipment_id), \n\tFOREIGN KEY(order_id, line_no) REFERENCES order_line (order_id, line_no)\n)\n\n",
    );
  });

  test("constraints follow the primary key in creation order", () => {
    const m = new MetaData();
    new Table("p", m, { id: new Column(Integer, { primaryKey: true }) });
    const t = new Table(
      "t",
      m,
      {
        id: new Column(Integer, { primaryKey: true }),
        x: new Column(Integer, { nullable: false, serverDefault: "5", check: "x > 5" }),
        y: new Column(String(30), { unique: true }),
        z: new Column(new ForeignKey("p.id", { ondelete: "CASCADE" })),
      },
      {
        constraints: [
          new UniqueConstraint("x", "y", { name: "uq" }),
          new CheckConstraint("x < y", { name: "ck" }),
        ],
      },
    );
    expect(sql(new CreateTable(t))).toBe(
      "\nCREATE TABLE t (\n\tid INTEGER NOT NULL, \n\tx INTEGER DEFAULT '5' NOT NULL CHECK (x > 5), \n\ty VARCHAR(30), \n\tz INTEGER, \n\tPRIMARY KEY (id), \n\tCONSTRAINT uq UNIQUE (x, y), \n\tCONSTRAINT ck CHECK (x < y), \n\tUNIQUE (y), \n\tFOREIGN KEY(z) REFERENCES p (id) ON DELETE CASCADE\n)\n\n",
    );
  });

  test("naming convention on every constraint (conformance ddl.constraint.07)", () => {
    const md = new MetaData({
      namingConvention: {
        ix: "ix_%(column_0_label)s",
        uq: "uq_%(table_name)s_%(column_0_name)s",
        ck: "ck_%(table_name)s_%(constraint_name)s",
        fk: "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        pk: "pk_%(table_name)s",
      },
    });
    new Table("team", md, { id: new Column(Integer, { primaryKey: true }) });
    const tbl = new Table(
      "player",
      md,
      {
        id: new Column(Integer, { primaryKey: true }),
        team_id: new Column(new ForeignKey("team.id")),
        email: new Column(String(80), { unique: true }),
        score: new Column(Integer),
      },
      { constraints: [new CheckConstraint("score >= 0", { name: "score_positive" })] },
    );
    expect(sql(new CreateTable(tbl))).toBe(
      "\nCREATE TABLE player (\n\tid INTEGER NOT NULL, \n\tteam_id INTEGER, \n\temail VARCHAR(80), \n\tscore INTEGER, \n\tCONSTRAINT pk_player PRIMARY KEY (id), \n\tCONSTRAINT ck_player_score_positive CHECK (score >= 0), \n\tCONSTRAINT fk_player_team_id_team FOREIGN KEY(team_id) REFERENCES team (id), \n\tCONSTRAINT uq_player_email UNIQUE (email)\n)\n\n",
    );
  });

  test("server_default forms (conformance ddl.table.08)", () => {
    const md = new MetaData();
    const tbl = new Table("t_defaults", md, {
      id: new Column(Integer, { primaryKey: true }),
      status: new Column(String(10), { serverDefault: "new" }),
      qty: new Column(Integer, { serverDefault: text("0") }),
      created: new Column(DateTime, { serverDefault: func.current_timestamp!() }),
      flag: new Column(Boolean, { serverDefault: false_() }),
    });
    assertCompile(
      new CreateTable(tbl),
      "CREATE TABLE t_defaults (id INTEGER NOT NULL, status VARCHAR(10) DEFAULT 'new', qty INTEGER DEFAULT 0, " +
        "created DATETIME DEFAULT CURRENT_TIMESTAMP, flag BOOLEAN DEFAULT false, PRIMARY KEY (id))",
    );
  });

  test("IF NOT EXISTS, prefixes, schema", () => {
    const m = new MetaData();
    const t = new Table("t_ine", m, { id: new Column(Integer, { primaryKey: true }) });
    assertCompile(
      new CreateTable(t, { ifNotExists: true }),
      "CREATE TABLE IF NOT EXISTS t_ine (id INTEGER NOT NULL, PRIMARY KEY (id))",
    );
    const tmp = new Table("tmp", m, { x: new Column(Integer) }, { prefixes: ["TEMPORARY"], schema: "s" });
    assertCompile(new CreateTable(tmp), "CREATE TEMPORARY TABLE s.tmp (x INTEGER)");
  });

  test("columns ordered by sortOrder, stable", () => {
    const m = new MetaData();
    const t = new Table("t", m, {
      a: new Column(Integer),
      b: new Column(Integer, { sortOrder: -1 }),
      c: new Column(Integer),
      d: new Column(Integer, { sortOrder: 10 }),
      e: new Column(Integer, { sortOrder: -1 }),
    });
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE t (b INTEGER, e INTEGER, a INTEGER, c INTEGER, d INTEGER)",
    );
  });

  test("system columns are left out", () => {
    const m = new MetaData();
    const t = new Table("t", m, {
      id: new Column(Integer, { primaryKey: true }),
      xmin: new Column(Integer, { system: true }),
    });
    assertCompile(new CreateTable(t), "CREATE TABLE t (id INTEGER NOT NULL, PRIMARY KEY (id))");
  });

  test("an explicit PrimaryKeyConstraint replaces the columns' primary key", () => {
    const m = new MetaData();
    const t = new Table(
      "t",
      m,
      { a: new Column(Integer), b: new Column(Integer) },
      { constraints: [new PrimaryKeyConstraint("a", { deferrable: true })] },
    );
    expect(sql(new CreateTable(t))).toBe(
      "\nCREATE TABLE t (\n\ta INTEGER NOT NULL, \n\tb INTEGER, \n\tPRIMARY KEY (a) DEFERRABLE\n)\n\n",
    );
    const t2 = new Table(
      "t2",
      m,
      { a: new Column(Integer), b: new Column(Integer) },
      { constraints: [new PrimaryKeyConstraint("b", "a", { name: "pk" })] },
    );
    assertCompile(
      new CreateTable(t2),
      "CREATE TABLE t2 (a INTEGER NOT NULL, b INTEGER NOT NULL, CONSTRAINT pk PRIMARY KEY (b, a))",
    );
  });

  test("an implicit primary key lists an explicit autoincrement column first", () => {
    const m = new MetaData();
    const t = new Table("t3", m, {
      a: new Column(Integer, { primaryKey: true }),
      b: new Column(Integer, { primaryKey: true, autoincrement: true }),
    });
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE t3 (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (b, a))",
    );
  });

  test("unique and index together make a unique index, no constraint", () => {
    const m = new MetaData();
    const t = new Table("t", m, {
      a: new Column(Integer, { primaryKey: true }),
      b: new Column(Integer, { unique: true, index: true }),
      c: new Column(Integer, { index: true }),
    });
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE t (a INTEGER NOT NULL, b INTEGER, c INTEGER, PRIMARY KEY (a))",
    );
    expect(t.indexes.map((ix) => sql(new CreateIndex(ix)))).toEqual([
      "CREATE UNIQUE INDEX ix_t_b ON t (b)",
      "CREATE INDEX ix_t_c ON t (c)",
    ]);
  });

  test("a column without a type cannot be created", () => {
    const m = new MetaData();
    const t = new Table("t", m, { x: new (Column as any)("x") });
    expect(() => sql(new CreateTable(t))).toThrow(CompileError);
    expect(() => sql(new CreateTable(t))).toThrow(
      /^\(in table 't', column 'x'\): Can't generate DDL for NullType/,
    );
  });
});

describe("type-bound CHECK constraints", () => {
  const boolDialect = new (class extends DefaultDialect {
    override supportsNativeBoolean = false;
  })();

  test("non-native Enum and Boolean with createConstraint, in column order", () => {
    const m = new MetaData();
    new Table("p", m, { id: new Column(Integer, { primaryKey: true }) });
    const t = new Table(
      "t",
      m,
      {
        z: new Column(Integer, { unique: true }),
        a: new Column(Enum(["x", "y"], { name: "e", createConstraint: true })),
        b: new Column(new ForeignKey("p.id")),
        c: new Column(Boolean(true)),
        d: new Column(Enum(["q"], { createConstraint: true })),
      },
      { constraints: [new UniqueConstraint("a")] },
    );
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE t (z INTEGER, a VARCHAR(1), b INTEGER, c BOOLEAN, d VARCHAR(1), UNIQUE (a), UNIQUE (z), " +
        "CONSTRAINT e CHECK (a IN ('x', 'y')), FOREIGN KEY(b) REFERENCES p (id), CHECK (d IN ('q')))",
    );
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE t (z INTEGER, a VARCHAR(1), b INTEGER, c BOOLEAN, d VARCHAR(1), UNIQUE (a), UNIQUE (z), " +
        "CONSTRAINT e CHECK (a IN ('x', 'y')), FOREIGN KEY(b) REFERENCES p (id), CHECK (c IN (0, 1)), " +
        "CHECK (d IN ('q')))",
      boolDialect,
    );
  });

  test("named by the convention through the type's name", () => {
    const m = new MetaData({ namingConvention: { ck: "ck_%(table_name)s_%(constraint_name)s" } });
    const t = new Table("t", m, {
      a: new Column(Enum(["x", "y"], { name: "e", createConstraint: true })),
      c: new Column(Boolean(true, "bb")),
      d: new Column(Enum(["q"], { createConstraint: true })),
    });
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE t (a VARCHAR(1), c BOOLEAN, d VARCHAR(1), CONSTRAINT ck_t_e CHECK (a IN ('x', 'y')), " +
        "CONSTRAINT ck_t_bb CHECK (c IN (0, 1)), CHECK (d IN ('q')))",
      boolDialect,
    );
  });

  test("not created for a native enum where the dialect has one", () => {
    const enumDialect = new (class extends DefaultDialect {
      override supportsNativeEnum = true;
    })();
    const m = new MetaData();
    const t = new Table("t", m, {
      a: new Column(Enum(["x"], { name: "e", createConstraint: true })),
      b: new Column(Enum(["x"], { name: "f", createConstraint: true, nativeEnum: false })),
    });
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE t (a VARCHAR(1), b VARCHAR(1), CONSTRAINT f CHECK (b IN ('x')))",
      enumDialect,
    );
  });
});

describe("ConstraintCompilationTest", () => {
  test("create index plain, if not exists", () => {
    const t = new Table("t", new MetaData(), { x: new Column(Integer) });
    const i = new Index("xyz", t.c.x);
    assertCompile(new CreateIndex(i), "CREATE INDEX xyz ON t (x)");
    assertCompile(new CreateIndex(i, { ifNotExists: true }), "CREATE INDEX IF NOT EXISTS xyz ON t (x)");
  });

  test("drop index unattached, if exists", () => {
    expect(sql(new DropIndex(new Index("xyz")))).toBe("\nDROP INDEX xyz");
    assertCompile(new DropIndex(new Index("xyz"), { ifExists: true }), "DROP INDEX IF EXISTS xyz");
  });

  test("index on a schema table", () => {
    const t = new Table("t", new MetaData(), { x: new Column(Integer) }, { schema: "foo" });
    const i = new Index("xyz", t.c.x);
    assertCompile(new CreateIndex(i), "CREATE INDEX xyz ON foo.t (x)");
    assertCompile(new DropIndex(i), "DROP INDEX foo.xyz");
  });

  test("too long index name", () => {
    class Short extends DefaultDialect {
      override maxIdentifierLength = 22;
    }
    class ShortIndex extends DefaultDialect {
      override maxIdentifierLength = 256;
      readonly maxIndexNameLength = 22;
    }
    for (const d of [new Short(), new ShortIndex()]) {
      for (const [tname, cname, exp] of [
        ["sometable", "this_name_is_too_long", "ix_sometable_t_09aa"],
        ["sometable", "this_name_alsois_long", "ix_sometable_t_3cf1"],
      ] as const) {
        const t1 = new Table(tname, new MetaData(), { [cname]: new Column(Integer, { index: true }) });
        const ix1 = t1.indexes[0] as Index;
        assertCompile(new CreateIndex(ix1), `CREATE INDEX ${exp} ON ${tname} (${cname})`, d);
      }
    }
    const t1 = new Table("t", new MetaData(), { c: new Column(Integer) });
    expect(() =>
      sql(new CreateIndex(new Index("this_other_name_is_too_long_for_what_were_doing", t1.c.c)), new Short()),
    ).toThrow(
      "Identifier 'this_other_name_is_too_long_for_what_were_doing' exceeds maximum length of 22 characters",
    );
  });

  test("generated constraint names are shortened with an md5 suffix", () => {
    class Short extends DefaultDialect {
      override maxIdentifierLength = 22;
    }
    const m = new MetaData({ namingConvention: { uq: "uq_%(table_name)s_%(column_0_name)s" } });
    const t = new Table("sometable", m, {
      b: new Column(Integer, { unique: true }),
      this_name_is_too_long_also: new Column(Integer, { unique: true }),
    });
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE sometable (b INTEGER, this_name_is_too_long_also INTEGER, CONSTRAINT uq_sometable_b UNIQUE (b), " +
        "CONSTRAINT uq_sometable_t_7282 UNIQUE (this_name_is_too_long_also))",
      new Short(),
    );
  });

  test("functional index with string columns", () => {
    const x = new Table("x", new MetaData(), {
      q: new Column(String(50)),
      p: new Column(Integer),
      z: new Column(Integer),
    });
    const cases: [Index, string][] = [
      [new Index("y", func.lower!(x.c.q), "p", x.c.z), "CREATE INDEX y ON x (lower(q), p, z)"],
      [new Index("y", "p", func.lower!(x.c.q), "z"), "CREATE INDEX y ON x (p, lower(q), z)"],
      [new Index("y", "p", "z", func.lower!(x.c.q)), "CREATE INDEX y ON x (p, z, lower(q))"],
      [new Index("y", func.foo!("foob"), x.c.p, "z"), "CREATE INDEX y ON x (foo('foob'), p, z)"],
      [new Index("y", x.c.p, func.foo!("foob"), "z"), "CREATE INDEX y ON x (p, foo('foob'), z)"],
      [new Index("y", func.foo!("foob"), "p", "z"), "CREATE INDEX y ON x (foo('foob'), p, z)"],
    ];
    for (const [idx, expected] of cases) {
      x.appendIndex(idx);
      assertCompile(new CreateIndex(idx), expected);
    }
  });

  test("index against text, separate and inline", () => {
    const idx = new Index("y", text("some_function(q)") as never);
    const t = new Table("x", new MetaData(), { q: new Column(String(50)) });
    t.appendIndex(idx);
    assertCompile(new CreateIndex(idx), "CREATE INDEX y ON x (some_function(q))");
    const idx2 = new Index("y", text("some_function(q)") as never);
    new Table("x", new MetaData(), { q: new Column(String(50)) }, { constraints: [idx2] });
    assertCompile(new CreateIndex(idx2), "CREATE INDEX y ON x (some_function(q))");
  });

  test("index declared inline", () => {
    const t1 = new Table(
      "t1",
      new MetaData(),
      { x: new Column(Integer), y: new Column(Integer) },
      { constraints: [new Index("foo", "x", "y")] },
    );
    assertCompile(new CreateIndex(t1.indexes[0] as Index), "CREATE INDEX foo ON t1 (x, y)");
  });

  test("index with an expression, unique, named by convention", () => {
    const { t } = fixture();
    assertCompile(new CreateIndex(new Index("name", t.c.a.add(5))), "CREATE INDEX name ON tbl (a + 5)");
    assertCompile(
      new CreateIndex(new Index("ux", t.c.a, t.c.b, { unique: true })),
      "CREATE UNIQUE INDEX ux ON tbl (a, b)",
    );
    const md = new MetaData({ namingConvention: { ix: "ix_%(table_name)s_%(column_0_name)s" } });
    const tbl = new Table("t_conv", md, { code: new Column(String(10)) });
    assertCompile(
      new CreateIndex(new Index(null, tbl.c.code)),
      "CREATE INDEX ix_t_conv_code ON t_conv (code)",
    );
  });

  test("index errors", () => {
    expect(() => sql(new CreateIndex(new Index("foo", "x")))).toThrow(
      "Index 'foo' is not associated with any table.",
    );
    const t = new Table("t", new MetaData({ namingConvention: {} }), {
      x: new Column(Integer, { index: true }),
    });
    expect(() => sql(new CreateIndex(t.indexes[0] as Index))).toThrow(
      "CREATE INDEX requires that the index have a name",
    );
  });

  const deferrableCases: [string, (kw: { deferrable?: boolean; initially?: string }) => any][] = [
    ["pk", (kw) => new PrimaryKeyConstraint("a", kw)],
    ["table fk", (kw) => new ForeignKeyConstraint(["b"], ["tbl.a"], kw)],
    ["unique", (kw) => new UniqueConstraint("b", kw)],
    ["table check", (kw) => new CheckConstraint("a < b", kw)],
  ];
  for (const [name, factory] of deferrableCases) {
    test(`deferrable ${name}`, () => {
      const make = (kw: { deferrable?: boolean; initially?: string }) =>
        sql(
          new CreateTable(
            new Table(
              "tbl",
              new MetaData(),
              { a: new Column(Integer), b: new Column(Integer) },
              {
                constraints: [factory(kw)],
              },
            ),
          ),
        );
      let s = make({ deferrable: true });
      expect(s).toContain("DEFERRABLE");
      expect(s).not.toContain("NOT DEFERRABLE");
      expect(make({ deferrable: false })).toContain("NOT DEFERRABLE");
      s = make({ deferrable: true, initially: "IMMEDIATE" });
      expect(s).not.toContain("NOT DEFERRABLE");
      expect(s).toContain("INITIALLY IMMEDIATE");
      s = make({ deferrable: true, initially: "DEFERRED" });
      expect(s).not.toContain("NOT DEFERRABLE");
      expect(s).toContain("INITIALLY DEFERRED");
    });
  }

  test("column-level CHECK with a name", () => {
    const t = new Table("tbl", new MetaData(), {
      a: new Column(Integer, { check: new CheckConstraint("a > 5", { name: "ck_a_greater_five" }) }),
    });
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE tbl (a INTEGER CONSTRAINT ck_a_greater_five CHECK (a > 5))",
    );
  });

  test("deferrable column fk", () => {
    const t = new Table("tbl", new MetaData(), {
      a: new Column(Integer),
      b: new Column(Integer, {
        foreignKey: new ForeignKey("tbl.a", { deferrable: true, initially: "DEFERRED" }),
      }),
    });
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE tbl (a INTEGER, b INTEGER, FOREIGN KEY(b) REFERENCES tbl (a) DEFERRABLE INITIALLY DEFERRED)",
    );
  });

  test("fk match clause, inline and with ALTER", () => {
    const t = new Table("tbl", new MetaData(), {
      a: new Column(Integer),
      b: new Column(Integer, { foreignKey: new ForeignKey("tbl.a", { match: "SIMPLE" }) }),
    });
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE tbl (a INTEGER, b INTEGER, FOREIGN KEY(b) REFERENCES tbl (a) MATCH SIMPLE)",
    );
    assertCompile(
      new AddConstraint(t.foreignKeyConstraints[0] as ForeignKeyConstraint, { isolateFromTable: false }),
      "ALTER TABLE tbl ADD FOREIGN KEY(b) REFERENCES tbl (a) MATCH SIMPLE",
    );
  });

  test("create table omitting foreign keys", () => {
    const fkcs = [
      new ForeignKeyConstraint(["a"], ["remote.id"], { name: "foo" }),
      new ForeignKeyConstraint(["b"], ["remote.id"], { name: "bar" }),
      new ForeignKeyConstraint(["c"], ["remote.id"], { name: "bat" }),
    ];
    const m = new MetaData();
    const t = new Table(
      "t",
      m,
      { a: new Column(Integer), b: new Column(Integer), c: new Column(Integer) },
      { constraints: fkcs },
    );
    new Table("remote", m, { id: new Column(Integer, { primaryKey: true }) });
    assertCompile(
      new CreateTable(t, { includeForeignKeyConstraints: [] }),
      "CREATE TABLE t (a INTEGER, b INTEGER, c INTEGER)",
    );
    assertCompile(
      new CreateTable(t, { includeForeignKeyConstraints: fkcs.slice(0, 2) }),
      "CREATE TABLE t (a INTEGER, b INTEGER, c INTEGER, CONSTRAINT foo FOREIGN KEY(a) REFERENCES remote (id), " +
        "CONSTRAINT bar FOREIGN KEY(b) REFERENCES remote (id))",
    );
  });

  test("multiple foreign keys", () => {
    const m = new MetaData();
    new Table("foo", m, {
      id: new Column(Integer, { primaryKey: true }),
      bar: new Column(Integer, { primaryKey: true }),
    });
    const tb = new Table("some_table", m, {
      id: new Column(Integer, { primaryKey: true }),
      foo_id: new Column(Integer, { foreignKey: "foo.id" }),
      foo_bar: new Column(Integer, { foreignKey: "foo.bar" }),
    });
    assertCompile(
      new CreateTable(tb),
      "CREATE TABLE some_table (id INTEGER NOT NULL, foo_id INTEGER, foo_bar INTEGER, PRIMARY KEY (id), " +
        "FOREIGN KEY(foo_id) REFERENCES foo (id), FOREIGN KEY(foo_bar) REFERENCES foo (bar))",
    );
  });

  test("empty primary key and unique constraints are ignored", () => {
    const tbl = new Table(
      "test",
      new MetaData(),
      { x: new Column(Integer, { autoincrement: false }), y: new Column(Integer, { autoincrement: false }) },
      { constraints: [new PrimaryKeyConstraint()] },
    );
    assertCompile(new CreateTable(tbl), "CREATE TABLE test (x INTEGER, y INTEGER)");
    const tbl2 = new Table(
      "test",
      new MetaData(),
      { x: new Column(Integer), y: new Column(Integer) },
      { constraints: [new UniqueConstraint()] },
    );
    assertCompile(new CreateTable(tbl2), "CREATE TABLE test (x INTEGER, y INTEGER)");
  });

  test("deferrable column check", () => {
    const t = new Table("tbl", new MetaData(), {
      a: new Column(Integer),
      b: new Column(Integer, {
        check: new CheckConstraint("a < b", { deferrable: true, initially: "DEFERRED" }),
      }),
    });
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE tbl (a INTEGER, b INTEGER CHECK (a < b) DEFERRABLE INITIALLY DEFERRED)",
    );
  });

  test("useAlter foreign keys are left to ALTER TABLE", () => {
    const m = new MetaData();
    new Table("t", m, { a: new Column(Integer) });
    const t2 = new Table("t2", m, {
      a: new Column(Integer, { foreignKey: new ForeignKey("t.a", { useAlter: true, name: "fk_ta" }) }),
      b: new Column(Integer, { foreignKey: new ForeignKey("t.a", { name: "fk_tb" }) }),
    });
    assertCompile(
      new CreateTable(t2),
      "CREATE TABLE t2 (a INTEGER, b INTEGER, CONSTRAINT fk_tb FOREIGN KEY(b) REFERENCES t (a))",
    );
    // Without ALTER (SQLite) they stay inline.
    const noAlter = new (class extends DefaultDialect {
      override supportsAlter = false;
    })();
    assertCompile(
      new CreateTable(t2),
      "CREATE TABLE t2 (a INTEGER, b INTEGER, CONSTRAINT fk_ta FOREIGN KEY(a) REFERENCES t (a), " +
        "CONSTRAINT fk_tb FOREIGN KEY(b) REFERENCES t (a))",
      noAlter,
    );
    const fk = t2.foreignKeyConstraints.find((c) => c.name === "fk_ta") as ForeignKeyConstraint;
    assertCompile(
      new AddConstraint(fk),
      "ALTER TABLE t2 ADD CONSTRAINT fk_ta FOREIGN KEY(a) REFERENCES t (a)",
    );
    assertCompile(new DropConstraint(fk), "ALTER TABLE t2 DROP CONSTRAINT fk_ta");
  });

  test("CHECK rendered inline until an AddConstraint takes it over", () => {
    const { t } = fixture();
    const ck = new CheckConstraint("a < b", {
      name: "my_test_constraint",
      deferrable: true,
      initially: "DEFERRED",
    });
    t.appendConstraint(ck);
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE tbl (a INTEGER, b INTEGER, CONSTRAINT my_test_constraint CHECK (a < b) DEFERRABLE INITIALLY DEFERRED)",
    );
    assertCompile(
      new AddConstraint(ck, { isolateFromTable: false }),
      "ALTER TABLE tbl ADD CONSTRAINT my_test_constraint CHECK (a < b) DEFERRABLE INITIALLY DEFERRED",
    );
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE tbl (a INTEGER, b INTEGER, CONSTRAINT my_test_constraint CHECK (a < b) DEFERRABLE INITIALLY DEFERRED)",
    );
    new AddConstraint(ck);
    assertCompile(new CreateTable(t), "CREATE TABLE tbl (a INTEGER, b INTEGER)");
  });

  test("DROP CONSTRAINT, CASCADE, IF EXISTS", () => {
    const { t } = fixture();
    const ck = new CheckConstraint("a < b", {
      name: "my_test_constraint",
      deferrable: true,
      initially: "DEFERRED",
    });
    t.appendConstraint(ck);
    assertCompile(new DropConstraint(ck), "ALTER TABLE tbl DROP CONSTRAINT my_test_constraint");
    assertCompile(
      new DropConstraint(ck, { cascade: true }),
      "ALTER TABLE tbl DROP CONSTRAINT my_test_constraint CASCADE",
    );
    const a1 = new CheckConstraint("a = 1", { name: "a1" });
    t.appendConstraint(a1);
    assertCompile(new DropConstraint(a1, { ifExists: true }), "ALTER TABLE tbl DROP CONSTRAINT IF EXISTS a1");
    const unnamed = new UniqueConstraint("a");
    t.appendConstraint(unnamed);
    expect(() => sql(new DropConstraint(unnamed))).toThrow("Can't emit DROP CONSTRAINT for constraint");
  });

  test("ADD foreign key, unique, primary key, check", () => {
    const { t, t2 } = fixture();
    const fk1 = new ForeignKeyConstraint(["b"], ["t2.a"]);
    t.appendConstraint(fk1);
    assertCompile(
      new AddConstraint(fk1, { isolateFromTable: false }),
      "ALTER TABLE tbl ADD FOREIGN KEY(b) REFERENCES t2 (a)",
    );
    const fk2 = new ForeignKeyConstraint([t.c.a as any], [t2.c.b as any]);
    t.appendConstraint(fk2);
    assertCompile(
      new AddConstraint(fk2, { isolateFromTable: false }),
      "ALTER TABLE tbl ADD FOREIGN KEY(a) REFERENCES t2 (b)",
    );
    const uq1 = new UniqueConstraint("a", "b", { name: "uq_cst" });
    t2.appendConstraint(uq1);
    assertCompile(
      new AddConstraint(uq1, { isolateFromTable: false }),
      "ALTER TABLE t2 ADD CONSTRAINT uq_cst UNIQUE (a, b)",
    );
    // Not attached: the table is found through the columns.
    const uq2 = new UniqueConstraint(t2.c.a as any, t2.c.b as any, { name: "uq_cs2" });
    assertCompile(
      new AddConstraint(uq2, { isolateFromTable: false }),
      "ALTER TABLE t2 ADD CONSTRAINT uq_cs2 UNIQUE (a, b)",
    );
    const pk = new PrimaryKeyConstraint(t.c.a as any);
    assertCompile(new AddConstraint(pk, { isolateFromTable: false }), "ALTER TABLE tbl ADD PRIMARY KEY (a)");
    const ck = new CheckConstraint(t.c.a.gt(5));
    t.appendConstraint(ck);
    assertCompile(new AddConstraint(ck, { isolateFromTable: false }), "ALTER TABLE tbl ADD CHECK (a > 5)");
  });

  test("CreateColumn with an inline CHECK expression", () => {
    const t = new Table("t", new MetaData(), {
      a: new Column(Integer, { check: new CheckConstraint(literalColumn("a").gt(5)) }),
    });
    assertCompile(new CreateColumn(t.c.a), "a INTEGER CHECK (a > 5)");
  });

  test("ON DELETE / INITIALLY are checked as SQL phrases", () => {
    const m = new MetaData();
    new Table("p", m, { id: new Column(Integer, { primaryKey: true }) }, { schema: "s" });
    const c = new Table("c", m, {
      pid: new Column(Integer, {
        foreignKey: new ForeignKey("s.p.id", { name: "fk_x", deferrable: false, initially: "IMMEDIATE" }),
      }),
    });
    assertCompile(
      new CreateTable(c),
      "CREATE TABLE c (pid INTEGER, CONSTRAINT fk_x FOREIGN KEY(pid) REFERENCES s.p (id) NOT DEFERRABLE INITIALLY IMMEDIATE)",
    );
    const c2 = new Table("c2", m, {
      pid: new Column(Integer, {
        foreignKey: new ForeignKey("s.p.id", { ondelete: "CASCADE; DROP TABLE x" }),
      }),
    });
    expect(() => sql(new CreateTable(c2))).toThrow(
      "Unexpected SQL phrase: 'CASCADE; DROP TABLE x' (matching against '^(?:RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT)$')",
    );
  });
});

describe("ConstraintCompositionTest", () => {
  test("check bodies", () => {
    const { t } = fixture();
    const ck = new CheckConstraint("a > 5");
    t.appendConstraint(ck);
    assertCompile(new AddConstraint(ck), "ALTER TABLE tbl ADD CHECK (a > 5)");
    const named = new CheckConstraint("a > 5", { name: "ck_test" });
    t.appendConstraint(named);
    assertCompile(new AddConstraint(named), "ALTER TABLE tbl ADD CONSTRAINT ck_test CHECK (a > 5)");
    const t2 = new Table("tbl", new MetaData(), {
      a: new Column(Integer, { check: new CheckConstraint("a > 5", { name: "ck_a" }) }),
    });
    assertCompile(new CreateTable(t2), "CREATE TABLE tbl (a INTEGER CONSTRAINT ck_a CHECK (a > 5))");
  });

  test("foreign key bodies", () => {
    const m = new MetaData();
    new Table("t1", m, {
      id: new Column(Integer, { primaryKey: true }),
      id2: new Column(Integer, { primaryKey: true }),
    });
    const t2 = new Table("t2", m, { a: new Column(Integer), b: new Column(Integer) });
    const c = new ForeignKeyConstraint(["a", "b"], ["t1.id", "t1.id2"]);
    t2.appendConstraint(c);
    assertCompile(new AddConstraint(c), "ALTER TABLE t2 ADD FOREIGN KEY(a, b) REFERENCES t1 (id, id2)");
  });

  test("foreign key composition", () => {
    const m = new MetaData();
    new Table("t1", m, { a: new Column(Integer, { primaryKey: true }) });
    const t2 = new Table("t2", m, { b: new Column(Integer) });
    const c = new ForeignKeyConstraint(["b"], ["t1.a"], {
      name: "fk_test",
      ondelete: "CASCADE",
      onupdate: "SET NULL",
      match: "FULL",
      deferrable: true,
      initially: "IMMEDIATE",
    });
    t2.appendConstraint(c);
    assertCompile(
      new AddConstraint(c),
      "ALTER TABLE t2 ADD CONSTRAINT fk_test FOREIGN KEY(b) REFERENCES t1 (a) MATCH FULL ON DELETE CASCADE " +
        "ON UPDATE SET NULL DEFERRABLE INITIALLY IMMEDIATE",
    );
  });

  test("unique composition", () => {
    const { t } = fixture();
    const one = new UniqueConstraint("a", { name: "uq_a" });
    t.appendConstraint(one);
    assertCompile(new AddConstraint(one), "ALTER TABLE tbl ADD CONSTRAINT uq_a UNIQUE (a)");
    const c = new UniqueConstraint("a", "b", { name: "uq_test", deferrable: true, initially: "DEFERRED" });
    t.appendConstraint(c);
    assertCompile(
      new AddConstraint(c),
      "ALTER TABLE tbl ADD CONSTRAINT uq_test UNIQUE (a, b) DEFERRABLE INITIALLY DEFERRED",
    );
  });
});

describe("server defaults (test_defaults DDLTest)", () => {
  const cases: [string, unknown, string][] = [
    ["string", "5", "DEFAULT '5'"],
    ["string with quotes", "5'6", "DEFAULT '5''6'"],
    ["text", text("5 + 8"), "DEFAULT 5 + 8"],
    ["text with quotes", text("5 ' 8"), "DEFAULT 5 ' 8"],
    ["literal with quotes", literal("5 ' 8"), "DEFAULT '5 '' 8'"],
    ["text with a bound value", text("q + :x1").bindparams({ x1: 7 }), "DEFAULT q + 7"],
    ["expression", literalColumn("a").add(literalColumn("b") as any), "DEFAULT a + b"],
    ["literal binds", literal("a").concat(literal("b")), "DEFAULT 'a' || 'b'"],
    ["function", func.lower!("ABC"), "DEFAULT lower('ABC')"],
    ["number literal", literal(5), "DEFAULT 5"],
  ];
  for (const [name, serverDefault, expected] of cases) {
    test(name, () => {
      const t = new Table("t", new MetaData(), {
        x: new Column(Integer, { serverDefault: serverDefault as any }),
      });
      assertCompile(new CreateTable(t), `CREATE TABLE t (x INTEGER ${expected})`);
    });
  }
});

describe("computed columns (test_computed)", () => {
  const cases: [string, { persisted?: boolean }, string][] = [
    ["no persisted", {}, ""],
    ["persisted true", { persisted: true }, " STORED"],
    ["persisted false", { persisted: false }, " VIRTUAL"],
  ];
  for (const [name, options, suffix] of cases) {
    test(name, () => {
      const t = new Table("t", new MetaData(), {
        x: new Column(Integer),
        y: new Column(Integer, { computed: new Computed("x + 2", options) }),
      });
      assertCompile(
        new CreateTable(t),
        `CREATE TABLE t (x INTEGER, y INTEGER GENERATED ALWAYS AS (x + 2)${suffix})`,
      );
    });
  }

  test("other options", () => {
    const t = new Table("t", new MetaData(), {
      y: new Column(Integer, { computed: new Computed("x + 2"), nullable: false, unique: true }),
    });
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE t (y INTEGER GENERATED ALWAYS AS (x + 2) NOT NULL, UNIQUE (y))",
    );
  });

  test("an expression, rendered without its table", () => {
    const m = new MetaData();
    const t = new Table("t", m, {
      x: new Column(Integer),
      z: new Column(Integer, {
        computed: new Computed(literalColumn("x").add(5) as any, { persisted: false }),
      }),
    });
    const t2 = new Table("t2", m, { x: new Column(Integer) });
    t2.addColumn("w", new Column(Integer, { computed: new Computed(t2.c.x.mul(2)) }));
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE t (x INTEGER, z INTEGER GENERATED ALWAYS AS (x + 5) VIRTUAL)",
    );
    assertCompile(new CreateTable(t2), "CREATE TABLE t2 (x INTEGER, w INTEGER GENERATED ALWAYS AS (x * 2))");
  });
});

describe("identity columns (test_identity_column)", () => {
  const enhanced = new IdentityDialect();
  const cases: [ConstructorParameters<typeof Identity>[0], string][] = [
    [{ always: true }, "ALWAYS AS IDENTITY"],
    [{ always: false, start: 5 }, "BY DEFAULT AS IDENTITY (START WITH 5)"],
    [{ always: true, increment: 2 }, "ALWAYS AS IDENTITY (INCREMENT BY 2)"],
    [{ increment: 2, start: 5 }, "BY DEFAULT AS IDENTITY (INCREMENT BY 2 START WITH 5)"],
    [
      { always: true, increment: 2, start: 0, minvalue: 0 },
      "ALWAYS AS IDENTITY (INCREMENT BY 2 START WITH 0 MINVALUE 0)",
    ],
    [
      { always: false, increment: 2, start: 1, maxvalue: 5 },
      "BY DEFAULT AS IDENTITY (INCREMENT BY 2 START WITH 1 MAXVALUE 5)",
    ],
    [
      { always: true, increment: 2, start: 1, nomaxvalue: true },
      "ALWAYS AS IDENTITY (INCREMENT BY 2 START WITH 1 NO MAXVALUE)",
    ],
    [
      { always: false, increment: 2, start: 0, nominvalue: true },
      "BY DEFAULT AS IDENTITY (INCREMENT BY 2 START WITH 0 NO MINVALUE)",
    ],
    [
      { always: true, start: 1, maxvalue: 10, cycle: true },
      "ALWAYS AS IDENTITY (START WITH 1 MAXVALUE 10 CYCLE)",
    ],
    [{ always: false, cache: 1000, cycle: false }, "BY DEFAULT AS IDENTITY (CACHE 1000 NO CYCLE)"],
    [{ cycle: true }, "BY DEFAULT AS IDENTITY (CYCLE)"],
  ];
  for (const [options, expected] of cases) {
    test(expected, () => {
      const t = new Table("foo_table", new MetaData(), {
        foo: new Column(Integer, { identity: new Identity(options) }),
      });
      assertCompile(
        new CreateTable(t),
        `CREATE TABLE foo_table (foo INTEGER GENERATED ${expected})`,
        enhanced,
      );
    });
  }

  test("other options", () => {
    const t = new Table("foo_table", new MetaData(), {
      foo: new Column(Integer, {
        identity: new Identity({ always: true, start: 3 }),
        nullable: false,
        unique: true,
      }),
    });
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE foo_table (foo INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 3), UNIQUE (foo))",
      enhanced,
    );
  });

  test("autoincrement true", () => {
    const t = new Table("foo_table", new MetaData(), {
      foo: new Column(Integer, {
        identity: new Identity({ always: true, start: 3 }),
        primaryKey: true,
        autoincrement: true,
      }),
    });
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE foo_table (foo INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 3), PRIMARY KEY (foo))",
      enhanced,
    );
  });

  test("nullable", () => {
    const t = new Table("t", new MetaData(), {
      a: new Column(Integer, { identity: new Identity(), nullable: false }),
      b: new Column(Integer, { identity: new Identity(), nullable: true }),
      c: new Column(Integer, { identity: new Identity() }),
    });
    expect([t.c.a.nullable, t.c.b.nullable, t.c.c.nullable]).toEqual([false, true, false]);
    assertCompile(
      new CreateTable(t),
      "CREATE TABLE t (a INTEGER GENERATED BY DEFAULT AS IDENTITY, b INTEGER GENERATED BY DEFAULT AS IDENTITY, " +
        "c INTEGER GENERATED BY DEFAULT AS IDENTITY)",
      enhanced,
    );
  });

  test("ignored where the dialect has no identity columns", () => {
    const t = new Table("foo_table", new MetaData(), {
      foo: new Column(Integer, { identity: new Identity({ always: true, start: 3 }) }),
    });
    assertCompile(new CreateTable(t), "CREATE TABLE foo_table (foo INTEGER NOT NULL)");
    const t2 = new Table("t_ident", new MetaData(), {
      id: new Column(Integer, { primaryKey: true, identity: new Identity() }),
      v: new Column(String(10)),
    });
    assertCompile(
      new CreateTable(t2),
      "CREATE TABLE t_ident (id INTEGER NOT NULL, v VARCHAR(10), PRIMARY KEY (id))",
    );
  });
});

describe("sequences (test_sequences)", () => {
  test("a sequence given a metadata joins it and takes its schema", () => {
    const md = new MetaData({ schema: "app" });
    const seq = new Sequence("order_seq", { metadata: md });
    expect(seq.schema).toBe("app");
    expect([...md.sequences.values()]).toEqual([seq]);
    expect(new Sequence("other_seq").schema).toBeUndefined();
  });

  const cases: [Sequence, string][] = [
    [new Sequence("foo_seq"), ""],
    [new Sequence("foo_seq", { start: 5 }), "START WITH 5"],
    [new Sequence("foo_seq", { increment: 2 }), "INCREMENT BY 2"],
    [new Sequence("foo_seq", { increment: 2, start: 5 }), "INCREMENT BY 2 START WITH 5"],
    [
      new Sequence("foo_seq", { increment: 2, start: 0, minvalue: 0 }),
      "INCREMENT BY 2 START WITH 0 MINVALUE 0",
    ],
    [
      new Sequence("foo_seq", { increment: 2, start: 1, maxvalue: 5 }),
      "INCREMENT BY 2 START WITH 1 MAXVALUE 5",
    ],
    [
      new Sequence("foo_seq", { increment: 2, start: 1, nomaxvalue: true }),
      "INCREMENT BY 2 START WITH 1 NO MAXVALUE",
    ],
    [
      new Sequence("foo_seq", { increment: 2, start: 0, nominvalue: true }),
      "INCREMENT BY 2 START WITH 0 NO MINVALUE",
    ],
    [new Sequence("foo_seq", { start: 1, maxvalue: 10, cycle: true }), "START WITH 1 MAXVALUE 10 CYCLE"],
    [new Sequence("foo_seq", { cache: 1000 }), "CACHE 1000"],
    [new Sequence("foo_seq", { minvalue: -42 }), "MINVALUE -42"],
    [new Sequence("foo_seq", { maxvalue: -99, increment: -2 }), "INCREMENT BY -2 MAXVALUE -99"],
    [
      new Sequence("foo_seq", { minvalue: 42, maxvalue: 99, increment: 2 }),
      "INCREMENT BY 2 MINVALUE 42 MAXVALUE 99",
    ],
    [new Sequence("foo_seq", { cycle: false, order: true }), "NO CYCLE"],
  ];
  for (const [seq, options] of cases) {
    test(`CREATE SEQUENCE foo_seq ${options}`.trim(), () => {
      assertCompile(new CreateSequence(seq), `CREATE SEQUENCE foo_seq ${options}`.trim());
    });
  }

  test("IF NOT EXISTS, DROP, schema", () => {
    assertCompile(
      new CreateSequence(new Sequence("foo_seq"), { ifNotExists: true }),
      "CREATE SEQUENCE IF NOT EXISTS foo_seq",
    );
    assertCompile(new DropSequence(new Sequence("foo_seq")), "DROP SEQUENCE foo_seq");
    assertCompile(
      new DropSequence(new Sequence("foo_seq"), { ifExists: true }),
      "DROP SEQUENCE IF EXISTS foo_seq",
    );
    assertCompile(
      new CreateSequence(new Sequence("audit_seq", { schema: "billing" }), { ifNotExists: true }),
      "CREATE SEQUENCE IF NOT EXISTS billing.audit_seq",
    );
    assertCompile(
      new CreateSequence(
        new Sequence("inv_seq", {
          start: 1000,
          increment: 5,
          minvalue: 1000,
          maxvalue: 999999,
          cycle: true,
          cache: 20,
        }),
      ),
      "CREATE SEQUENCE inv_seq INCREMENT BY 5 START WITH 1000 MINVALUE 1000 MAXVALUE 999999 CACHE 20 CYCLE",
    );
    assertCompile(new DropSequence(new Sequence("Seq", { schema: "Sch" })), 'DROP SEQUENCE "Sch"."Seq"');
  });

  test("a sequence default renders nothing in CREATE TABLE", () => {
    const t = new Table("t", new MetaData(), {
      id: new Column(Integer, { primaryKey: true, sequence: new Sequence("t_id_seq") }),
    });
    assertCompile(new CreateTable(t), "CREATE TABLE t (id INTEGER NOT NULL, PRIMARY KEY (id))");
  });
});

describe("quoting (test_quote)", () => {
  test("lower case names are not quoted; forced quoting", () => {
    const t1 = new Table("t1", new MetaData(), { col1: new Column(Integer) }, { schema: "foo" });
    assertCompile(new CreateTable(t1), "CREATE TABLE foo.t1 (col1 INTEGER)");
    const t2 = new Table(
      "t1",
      new MetaData(),
      { col1: new Column(Integer, { quote: true }) },
      { schema: "foo", quote: true, quoteSchema: true },
    );
    assertCompile(new CreateTable(t2), 'CREATE TABLE "foo"."t1" ("col1" INTEGER)');
  });

  test("upper and mixed case names are quoted unless told not to", () => {
    const t1 = new Table("TABLE1", new MetaData(), { COL1: new Column(Integer) }, { schema: "FOO" });
    assertCompile(new CreateTable(t1), 'CREATE TABLE "FOO"."TABLE1" ("COL1" INTEGER)');
    const t2 = new Table(
      "TABLE1",
      new MetaData(),
      { COL1: new Column(Integer, { quote: false }) },
      { schema: "FOO", quote: false, quoteSchema: false },
    );
    assertCompile(new CreateTable(t2), "CREATE TABLE FOO.TABLE1 (COL1 INTEGER)");
    const t3 = new Table("Table1", new MetaData(), { Col1: new Column(Integer) }, { schema: "Foo" });
    assertCompile(new CreateTable(t3), 'CREATE TABLE "Foo"."Table1" ("Col1" INTEGER)');
  });

  test("numeric and illegal initial characters", () => {
    const t1 = new Table(
      "35table",
      new MetaData(),
      { "25column": new Column(Integer) },
      { schema: "45schema" },
    );
    assertCompile(new CreateTable(t1), 'CREATE TABLE "45schema"."35table" ("25column" INTEGER)');
    const t2 = new Table(
      "35table",
      new MetaData(),
      { "25column": new Column(Integer, { quote: false }) },
      { schema: "45schema", quote: false, quoteSchema: false },
    );
    assertCompile(new CreateTable(t2), "CREATE TABLE 45schema.35table (25column INTEGER)");
    const t3 = new Table("$table", new MetaData(), { $column: new Column(Integer) }, { schema: "$schema" });
    assertCompile(new CreateTable(t3), 'CREATE TABLE "$schema"."$table" ("$column" INTEGER)');
  });

  test("quote flag reaches CHECK constraints and indexes", () => {
    const t = new Table("t", new MetaData(), { x: new Column(Integer, { quote: true }) });
    const ck = new CheckConstraint(t.c.x.gt(5));
    t.appendConstraint(ck);
    assertCompile(new CreateTable(t), 'CREATE TABLE t ("x" INTEGER, CHECK ("x" > 5))');
    assertCompile(new CreateIndex(new Index("foo", t.c.x)), 'CREATE INDEX foo ON t ("x")');
  });

  test("quoted names and constraints (conformance quoting.ddl.01)", () => {
    const tbl = new Table(
      "Order Items",
      new MetaData(),
      { Id: new Column(Integer, { primaryKey: true }), order: new Column(Integer, { nullable: false }) },
      { constraints: [new UniqueConstraint("order", { name: "UQ Order" })] },
    );
    expect(sql(new CreateTable(tbl))).toBe(
      '\nCREATE TABLE "Order Items" (\n\t"Id" INTEGER NOT NULL, \n\t"order" INTEGER NOT NULL, \n\tPRIMARY KEY ("Id"), \n\tCONSTRAINT "UQ Order" UNIQUE ("order")\n)\n\n',
    );
  });
});

describe("schemas, tables, comments (test_metadata)", () => {
  test("CREATE / DROP SCHEMA", () => {
    assertCompile(new CreateSchema("sa_schema"), "CREATE SCHEMA sa_schema");
    assertCompile(
      new CreateSchema("sa_schema", { ifNotExists: true }),
      "CREATE SCHEMA IF NOT EXISTS sa_schema",
    );
    assertCompile(new DropSchema("sa_schema"), "DROP SCHEMA sa_schema");
    assertCompile(new DropSchema("sa_schema", { ifExists: true }), "DROP SCHEMA IF EXISTS sa_schema");
    assertCompile(new DropSchema("sa_schema", { cascade: true }), "DROP SCHEMA sa_schema CASCADE");
    assertCompile(new CreateSchema("Foo Bar"), 'CREATE SCHEMA "Foo Bar"');
  });

  test("stringified elements", () => {
    expect(new CreateTable(new Table("t", new MetaData(), { q: new Column(Integer) })).toString()).toBe(
      "\nCREATE TABLE t (\n\tq INTEGER\n)\n\n",
    );
    expect(new DropTable(new Table("t", new MetaData(), { q: new Column(Integer) })).toString()).toBe(
      "\nDROP TABLE t",
    );
    const t = new Table("t", new MetaData(), { x: new Column(Integer) });
    const ix = new Index("foo", "x");
    t.appendIndex(ix);
    expect(new CreateIndex(ix).toString()).toBe("CREATE INDEX foo ON t (x)");
    expect(new DropIndex(ix).toString()).toBe("\nDROP INDEX foo");
    expect(new CreateSequence(new Sequence("my_seq")).toString()).toBe("CREATE SEQUENCE my_seq");
    expect(new DropSequence(new Sequence("my_seq")).toString()).toBe("DROP SEQUENCE my_seq");
  });

  test("DROP TABLE IF EXISTS on a schema table", () => {
    const invoice = new Table("invoice", new MetaData(), { id: new Column(Integer) }, { schema: "billing" });
    expect(sql(new DropTable(invoice, { ifExists: true }))).toBe("\nDROP TABLE IF EXISTS billing.invoice");
  });

  test("comments", () => {
    const m = new MetaData();
    const t = new Table(
      "t7",
      m,
      { x: new Column(Integer, { comment: "a 'c'" }) },
      { schema: "s", comment: "Users of the app" },
    );
    assertCompile(new SetTableComment(t), "COMMENT ON TABLE s.t7 IS 'Users of the app'");
    assertCompile(new DropTableComment(t), "COMMENT ON TABLE s.t7 IS NULL");
    assertCompile(new SetColumnComment(t.c.x), "COMMENT ON COLUMN s.t7.x IS 'a ''c'''");
    assertCompile(new DropColumnComment(t.c.x), "COMMENT ON COLUMN s.t7.x IS NULL");
    expect(() => sql(new SetConstraintComment(t.primaryKey))).toThrow(UnsupportedCompilationError);
    // Comments are not rendered inline by the generic dialect.
    assertCompile(new CreateTable(t), "CREATE TABLE s.t7 (x INTEGER)");
  });

  test("custom compilation of CreateColumn", () => {
    // Columns whose info says "special" render differently on the default dialect.
    compiles(CreateColumn, "default", (el: CreateColumn, compiler, kw) => {
      const ddl = compiler as DDLCompiler;
      if (el.element.info.special !== true) return ddl.visitCreateColumn(el, kw);
      const column = el.element;
      let text = `${column.name} SPECIAL DIRECTIVE ${ddl.typeCompiler.process(column.type)}`;
      if (!column.nullable) text += " NOT NULL";
      return text;
    });
    try {
      const t = new Table("mytable", new MetaData(), {
        x: new Column(Integer, { info: { special: true }, primaryKey: true }),
        y: new Column(String(50)),
        z: new Column(String(20), { info: { special: true } }),
      });
      assertCompile(
        new CreateTable(t),
        "CREATE TABLE mytable (x SPECIAL DIRECTIVE INTEGER NOT NULL, y VARCHAR(50), " +
          "z SPECIAL DIRECTIVE VARCHAR(20), PRIMARY KEY (x))",
      );
      // A column compiled to "" is left out.
      compiles(CreateColumn, "default", (el: CreateColumn, compiler, kw) =>
        el.element.name === "y" ? "" : (compiler as DDLCompiler).visitCreateColumn(el, kw),
      );
      assertCompile(
        new CreateTable(t),
        "CREATE TABLE mytable (x INTEGER NOT NULL, z VARCHAR(20), PRIMARY KEY (x))",
      );
    } finally {
      compiles(CreateColumn, "default", (el: CreateColumn, compiler, kw) =>
        (compiler as DDLCompiler).visitCreateColumn(el, kw),
      );
    }
  });

  test("literal DDL with substitutions", () => {
    const t = new Table("t7", new MetaData(), { x: new Column(Integer) }, { schema: "s" });
    assertCompile(new DDL("CREATE TRIGGER foo"), "CREATE TRIGGER foo");
    assertCompile(
      new DDL("ALTER TABLE %(fullname)s x %(table)s %(schema)s").against(t),
      "ALTER TABLE s.t7 x t7 s",
    );
    assertCompile(new DDL("SELECT 100%% FROM %(what)s", { what: "dual" }), "SELECT 100% FROM dual");
    const pyformat = new DefaultDialect({ paramstyle: "pyformat" });
    assertCompile(new DDL("SELECT 100%% FROM dual"), "SELECT 100%% FROM dual", pyformat);
    expect(() => sql(new DDL("x %(nope)s"))).toThrow(CompileError);
  });
});

describe("views and CREATE TABLE AS", () => {
  function users() {
    const m = new MetaData();
    return new Table("user_account", m, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(30)),
      fullname: new Column(String()),
    });
  }

  test("CREATE VIEW (conformance ddl.view.01)", () => {
    const u = users();
    const view = new CreateView(select(u).where(u.c.name.like("%spongebob%")), "spongebob_view", {
      metadata: new MetaData(),
    });
    expect(sql(view)).toBe(
      "CREATE VIEW spongebob_view AS SELECT user_account.id, user_account.name, user_account.fullname \nFROM user_account \nWHERE user_account.name LIKE '%spongebob%'",
    );
    expect(view.table.columns.map((c) => c.name)).toEqual(["id", "name", "fullname"]);
    expect(sql(view, new DefaultDialect({ paramstyle: "pyformat" }))).toContain("LIKE '%%spongebob%%'");
    expect(creatorDdlFor(view.table)).toBe(view);
    expect(sql(dropperDdlFor(view.table))).toBe("\nDROP VIEW spongebob_view");
  });

  test("view options", () => {
    const u = users();
    assertCompile(
      new CreateView(select(u.c.id), "v", { orReplace: true, temporary: true, schema: "s" }),
      "CREATE OR REPLACE TEMPORARY VIEW s.v AS SELECT user_account.id FROM user_account",
    );
    const mv = new CreateView(select(u.c.id), "mv", { materialized: true });
    assertCompile(mv, "CREATE MATERIALIZED VIEW mv AS SELECT user_account.id FROM user_account");
    assertCompile(dropperDdlFor(mv.table, { ifExists: true }), "DROP MATERIALIZED VIEW IF EXISTS mv");
    assertCompile(new DropView(mv.table), "DROP VIEW mv");
  });

  test("CREATE TABLE AS (conformance ddl.view.02)", () => {
    const u = users();
    const cas = new CreateTableAs(
      select(u.c.id, u.c.name).where(u.c.name.eq("squidward")),
      "squidward_users",
    );
    expect(sql(cas)).toBe(
      "CREATE TABLE squidward_users AS SELECT user_account.id, user_account.name \nFROM user_account \nWHERE user_account.name = 'squidward'",
    );
    expect(cas.table.name).toBe("squidward_users");
    expect(sql(new CreateTable(cas.table))).toBe(
      "\nCREATE TABLE squidward_users (\n\tid INTEGER, \n\tname VARCHAR(30)\n)\n\n",
    );
    assertCompile(
      new CreateTableAs(select(u.c.id), "t", { temporary: true, ifNotExists: true }),
      "CREATE TEMPORARY TABLE IF NOT EXISTS t AS SELECT user_account.id FROM user_account",
    );
    expect(creatorDdlFor(cas.table)).toBe(cas);
    expect(sql(dropperDdlFor(cas.table))).toBe("\nDROP TABLE squidward_users");
  });

  test("unnamed expressions get anonymous column names", () => {
    const u = users();
    const cas = new CreateTableAs(
      select(u.c.id, func.count(u.c.id), func.max(u.c.id), u.c.id.add(5), func.max(u.c.name)),
      "agg",
    );
    expect(cas.table.columns.map((c) => c.name)).toEqual(["id", "count", "max", "anon_1", "max_1"]);
  });
});

describe("hooks a dialect overrides", () => {
  test("table options, column specification and index parts", () => {
    class MyDdlCompiler extends DDLCompiler {
      override postCreateTable(table: Table): string {
        const engine = table.dialectOptions.myEngine;
        return engine === undefined ? "" : `ENGINE=${engine}`;
      }
      override getColumnSpecification(column: any, kw: any): string {
        let spec = super.getColumnSpecification(column, kw);
        if (column === column.table.autoincrementColumn) spec += " AUTO_INCREMENT";
        return spec;
      }
      override indexMethod(index: Index): string {
        const using = index.dialectOptions.myUsing;
        return using === undefined ? "" : `USING ${using} `;
      }
      override postCreateIndex(index: Index): string {
        const where = index.dialectOptions.myWhere as ClauseElement | undefined;
        return where === undefined ? "" : ` WHERE ${this.renderExpression(where, { includeTable: false })}`;
      }
      override sequenceAsType(seq: Sequence): string {
        return seq.dataType === undefined ? "" : ` AS ${this.typeCompiler.process(seq.dataType)}`;
      }
    }
    class MyDialect extends DefaultDialect {
      override name = "mydb";
      override ddlCompiler = MyDdlCompiler;
    }
    const d = new MyDialect();
    const t = new Table(
      "t",
      new MetaData(),
      { id: new Column(Integer, { primaryKey: true }), v: new Column(String(10)) },
      { myEngine: "InnoDB" },
    );
    expect(sql(new CreateTable(t), d)).toBe(
      "\nCREATE TABLE t (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\tv VARCHAR(10), \n\tPRIMARY KEY (id)\n)ENGINE=InnoDB\n\n",
    );
    assertCompile(
      new CreateIndex(new Index("ix", t.c.v, { myUsing: "gin", myWhere: t.c.v.ne(null) })),
      "CREATE INDEX ix ON t USING gin (v) WHERE v IS NOT NULL",
      d,
    );
    assertCompile(new CreateIndex(new Index("ix2", t.c.v, { myUsing: "gin" })), "CREATE INDEX ix2 ON t (v)");
    assertCompile(
      new CreateSequence(new Sequence("s", { dataType: BigInteger(), start: 1 })),
      "CREATE SEQUENCE s AS BIGINT START WITH 1",
      d,
    );
  });

  test("a constraint visit returning '' leaves it out", () => {
    class InlinePkCompiler extends DDLCompiler {
      override visitPrimaryKeyConstraint(): string {
        return "";
      }
    }
    class D extends DefaultDialect {
      override ddlCompiler = InlinePkCompiler;
    }
    const t = new Table("t", new MetaData(), {
      id: new Column(Integer, { primaryKey: true }),
      v: new Column(Integer, { unique: true }),
    });
    assertCompile(new CreateTable(t), "CREATE TABLE t (id INTEGER NOT NULL, v INTEGER, UNIQUE (v))", new D());
  });

  test("a dialect-specific constraint class renders through its visitName", () => {
    class ExcludeConstraint extends UniqueConstraint {
      readonly visitName = "excludeConstraint";
    }
    class D extends DefaultDialect {
      override ddlCompiler = class extends DDLCompiler {
        visitExcludeConstraint(c: ExcludeConstraint): string {
          return `EXCLUDE (${c.columns.map((col) => `${col.name} WITH =`).join(", ")})`;
        }
      };
    }
    const t = new Table(
      "t",
      new MetaData(),
      { a: new Column(Integer) },
      { constraints: [new ExcludeConstraint("a")] },
    );
    assertCompile(new CreateTable(t), "CREATE TABLE t (a INTEGER, EXCLUDE (a WITH =))", new D());
    expect(() => sql(new CreateTable(t))).toThrow(UnsupportedCompilationError);
  });
});

describe("DDL elements", () => {
  test("route to the DDL compiler and are never cached alike", () => {
    const t = new Table("t", new MetaData(), { x: new Column(Integer) });
    const a = new CreateTable(t);
    const b = new CreateTable(t);
    expect(a.isDdl).toBe(true);
    expect(a.cacheKey().key).not.toBe(b.cacheKey().key);
    const compiled = a.compile({ dialect });
    expect(compiled.params).toEqual([]);
    expect(compiled.dialect).toBe(dialect);
  });

  test("a server default with a bound value compiles to a literal, with no parameters", () => {
    const t = new Table("t", new MetaData(), {
      x: new Column(String(10), { serverDefault: literal("it's") }),
    });
    const compiled = new CreateTable(t).compile({ dialect: new DefaultDialect({ paramstyle: "qmark" }) });
    expect(compiled.sql).toContain("DEFAULT 'it''s'");
    expect(compiled.params).toEqual([]);
  });
});
