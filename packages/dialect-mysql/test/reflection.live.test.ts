/**
 * Reflection against a live MariaDB / MySQL (ATHANOR_MYSQL_URL): each fact of
 * the reflector, the round trip of a rich MetaData (createAll → reflect →
 * compare, with the differences the database itself causes listed and
 * explained), and a 200-table schema reflected in a bounded number of
 * statements.
 */
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String, Boolean, Date are SQLAlchemy's type names */
import { type AsyncConnection, type AsyncEngine, createAsyncEngine } from "@athanor/asyncio-compat";
import {
  BigInteger,
  Boolean,
  CheckConstraint,
  Column,
  Computed,
  Date,
  DateTime,
  type DefaultDialect,
  Enum,
  Float,
  ForeignKey,
  ForeignKeyConstraint,
  Index,
  Integer,
  JSON as Json,
  LargeBinary,
  listen,
  MetaData,
  multiKey,
  Numeric,
  type Op,
  SmallInteger,
  String,
  Table,
  Text,
  Time,
  text,
  UniqueConstraint,
  Uuid,
} from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as mysql from "../src/index.js";
import { MySQL2Dialect, type MySQLReflector } from "../src/index.js";
import { liveDatabase } from "./live.js";

const live = liveDatabase("ATHANOR_MYSQL_URL", "scripts/db/mariadb-up.sh");
const sfx = `${process.pid}_${Math.random().toString(36).slice(2, 7)}`;
const n = (base: string) => `rf_${base}_${sfx}`;
const OTHER = n("other");
const MANY = n("many");

describe.skipIf(live.skip)("MySQL / MariaDB reflection (live)", () => {
  let engine: AsyncEngine;
  let conn: AsyncConnection;
  let dialect: MySQL2Dialect;
  const dropLater: string[] = [];
  const exec = async (sql: string) => {
    await conn.execute(text(sql));
  };
  const reflector = () => dialect.reflector() as MySQLReflector;
  const run = <T>(op: Op<T>) => conn.run(op);
  const sc = () => conn.syncConnection;

  beforeAll(async () => {
    dialect = new MySQL2Dialect();
    engine = createAsyncEngine(live.url(), { dialect });
    conn = engine.connect();
    await exec(`CREATE DATABASE ${OTHER}`);
    await exec(`CREATE DATABASE ${MANY}`);
    reflector().onWarning = () => undefined;
  });
  afterAll(async () => {
    if (conn === undefined) return;
    // Views first, then tables children before parents (the order they were listed in, reversed).
    for (const t of dropLater.reverse()) await exec(t).catch(() => undefined);
    await exec(`DROP DATABASE IF EXISTS ${OTHER}`).catch(() => undefined);
    await exec(`DROP DATABASE IF EXISTS ${MANY}`).catch(() => undefined);
    await conn.close();
    await engine.dispose();
  });

  // --- each fact ----------------------------------------------------------------------

  describe("facts", () => {
    const P = n("p");
    const T = n("t");
    const V = n("v");
    const X = `${OTHER}.${n("x")}`;
    beforeAll(async () => {
      dropLater.push(`DROP TABLE IF EXISTS ${P}`, `DROP TABLE IF EXISTS ${T}`, `DROP VIEW IF EXISTS ${V}`);
      await exec(`CREATE TABLE ${X} (id INT PRIMARY KEY)`);
      await exec(
        `CREATE TABLE ${P} (a INT NOT NULL, b VARCHAR(20) NOT NULL, PRIMARY KEY (a, b)) COMMENT 'parent'`,
      );
      await exec(`CREATE TABLE ${T} (
        id INT AUTO_INCREMENT PRIMARY KEY,
        s VARCHAR(30) CHARACTER SET latin1 COLLATE latin1_bin DEFAULT 'x''y' COMMENT 'col c',
        n NUMERIC(10,2) UNSIGNED ZEROFILL DEFAULT 1.5,
        e ENUM('a','b''c') DEFAULT 'a',
        st SET('r','w'),
        j JSON,
        ts TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        b BOOL DEFAULT 0,
        g INT AS (pa * 2) VIRTUAL,
        gs INT AS (pa + 1) PERSISTENT,
        txt TEXT, pa INT, pb VARCHAR(20), xid INT,
        pt POINT,
        CONSTRAINT ${n("ck")} CHECK (pa > 0),
        UNIQUE KEY ${n("uq")} (s, e),
        KEY ${n("ix")} (txt(10), id DESC),
        FULLTEXT KEY ${n("ft")} (txt),
        CONSTRAINT ${n("fk")} FOREIGN KEY (pa, pb) REFERENCES ${P} (a, b) ON DELETE CASCADE,
        CONSTRAINT ${n("fkx")} FOREIGN KEY (xid) REFERENCES ${X} (id) ON UPDATE SET NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT 'tbl c'`);
      await exec(`CREATE VIEW ${V} AS SELECT id, s FROM ${T}`);
    });

    it("names: default schema, schemas, tables, views, sequences, view definition", async () => {
      const r = reflector();
      const db = await run(r.getDefaultSchemaName(sc()));
      expect(db).toBe(new URL(live.url()).pathname.slice(1));
      expect(await run(r.getSchemaNames(sc()))).toEqual(expect.arrayContaining([OTHER, db]));
      const tables = await run(r.getTableNames(sc()));
      expect(tables).toEqual(expect.arrayContaining([P, T]));
      expect(tables).not.toContain(V);
      expect([...tables].sort()).toEqual(tables);
      expect(await run(r.getViewNames(sc()))).toContain(V);
      expect(await run(r.getTableNames(sc(), OTHER))).toEqual([n("x")]);
      expect(await run(r.getViewDefinition(sc(), V))).toMatch(/^select .*`id`.*`s`.* from /i);
      if (dialect.supportsSequences) {
        await exec(`CREATE SEQUENCE ${OTHER}.${n("seq")} START WITH 5`);
        expect(await run(r.getSequenceNames(sc(), OTHER))).toEqual([n("seq")]);
        expect(await run(r.hasSequence(sc(), n("seq"), OTHER))).toBe(true);
      }
    });

    it("columns: types with arguments, charset, defaults, autoincrement, comments, computed", async () => {
      const cols = await run(reflector().getColumns(sc(), T));
      const by = Object.fromEntries(cols.map((c) => [c.name, c]));
      const ddl = (name: string) => dialect.typeCompiler.process(by[name]?.type as never);
      expect(cols.map((c) => c.name)).toEqual([
        "id",
        "s",
        "n",
        "e",
        "st",
        "j",
        "ts",
        "b",
        "g",
        "gs",
        "txt",
        "pa",
        "pb",
        "xid",
        "pt",
      ]);
      expect(by.id).toMatchObject({ nullable: false, autoincrement: true, default: null });
      expect(ddl("id")).toBe("INTEGER(11)");
      expect(by.s).toMatchObject({ nullable: true, default: "'x''y'", comment: "col c" });
      expect(ddl("s")).toBe("VARCHAR(30) CHARACTER SET latin1 COLLATE latin1_bin");
      expect(ddl("n")).toBe("DECIMAL(10, 2) UNSIGNED ZEROFILL");
      expect(by.n?.type).toBeInstanceOf(mysql.DECIMALType);
      expect(by.e?.type).toBeInstanceOf(mysql.ENUMType);
      expect((by.e?.type as mysql.ENUMType | undefined)?.enums).toEqual(["a", "b'c"]);
      expect(by.e?.default).toBe("'a'");
      expect((by.st?.type as mysql.SETType | undefined)?.values).toEqual(["r", "w"]);
      expect(ddl("ts")).toBe("TIMESTAMP(3)");
      expect(by.ts?.default).toBe("current_timestamp(3) ON UPDATE current_timestamp(3)");
      expect(ddl("b")).toBe("TINYINT(1)");
      expect(by.b?.default).toBe("0");
      expect(by.g?.computed).toEqual({ sqltext: "`pa` * 2", persisted: false });
      expect(by.gs?.computed).toEqual({ sqltext: "`pa` + 1", persisted: true });
      expect(by.txt?.autoincrement).toBeUndefined();
      expect(by.pa?.autoincrement).toBe(false);
      // POINT is not mapped: NullType, with a warning.
      expect(by.pt?.type.visitName).toBe("null");
      expect(reflector().warnings.some((w) => w.includes("'point'") && w.includes("'pt'"))).toBe(true);
      if (dialect.isMariaDB) {
        // MariaDB's JSON is LONGTEXT COLLATE utf8mb4_bin CHECK (json_valid(`j`)): reflected as JSON.
        expect(ddl("j")).toBe("JSON");
      }
    });

    it("primary key, foreign keys across schemas, unique constraints, checks, indexes", async () => {
      const r = reflector();
      expect(await run(r.getPkConstraint(sc(), P))).toEqual({ name: null, constrainedColumns: ["a", "b"] });
      expect(await run(r.getForeignKeys(sc(), T))).toEqual([
        {
          name: n("fk"),
          constrainedColumns: ["pa", "pb"],
          referredSchema: null,
          referredTable: P,
          referredColumns: ["a", "b"],
          options: { ondelete: "CASCADE" },
        },
        {
          name: n("fkx"),
          constrainedColumns: ["xid"],
          referredSchema: OTHER,
          referredTable: n("x"),
          referredColumns: ["id"],
          options: { onupdate: "SET NULL" },
        },
      ]);
      // Asked with the schema named, the same schema is named back.
      const db = (await run(r.getDefaultSchemaName(sc()))) ?? "";
      const fks = await run(r.getForeignKeys(sc(), T, db));
      expect(fks.map((f) => f.referredSchema)).toEqual([db, OTHER]);
      expect(await run(r.getUniqueConstraints(sc(), T))).toEqual([
        { name: n("uq"), columnNames: ["s", "e"], duplicatesIndex: n("uq") },
      ]);
      expect(await run(r.getCheckConstraints(sc(), T))).toEqual([{ name: n("ck"), sqltext: "`pa` > 0" }]);
      const prefix = `${dialect.name}Prefix`;
      const length = `${dialect.name}Length`;
      expect(await run(r.getIndexes(sc(), T))).toEqual([
        { name: n("fk"), columnNames: ["pa", "pb"], unique: false },
        { name: n("fkx"), columnNames: ["xid"], unique: false },
        { name: n("ft"), columnNames: ["txt"], unique: false, dialectOptions: { [prefix]: "FULLTEXT" } },
        {
          name: n("ix"),
          columnNames: ["txt", "id"],
          unique: false,
          columnSorting: { id: ["desc"] },
          dialectOptions: { [length]: { txt: 10 } },
        },
        { name: n("uq"), columnNames: ["s", "e"], unique: true },
      ]);
    });

    it("table comments and options; views", async () => {
      const r = reflector();
      expect(await run(r.getTableComment(sc(), T))).toEqual({ text: "tbl c" });
      expect(await run(r.getTableComment(sc(), V))).toEqual({ text: null });
      const opts = await run(r.getTableOptions(sc(), T));
      expect(opts).toMatchObject({
        [`${dialect.name}Engine`]: "InnoDB",
        [`${dialect.name}DefaultCharset`]: "utf8mb4",
      });
      const viewCols = await run(r.getColumns(sc(), V));
      expect(viewCols.map((c) => c.name)).toEqual(["id", "s"]);
      const multi = await run(r.getMultiColumns(sc(), { kind: "view", filterNames: [V, T] }));
      expect([...multi.keys()]).toEqual([multiKey(null, V)]);
      await expect(run(r.getColumns(sc(), n("nope")))).rejects.toThrow(/nope/);
    });
  });

  // --- the round trip --------------------------------------------------------------------

  it("round trip: createAll, reflect into a fresh MetaData, compare", async () => {
    const md = new MetaData();
    const PARENT = n("rt_parent");
    const ALL = n("rt_all");
    const REF = n("rt_ref");
    const ref = new Table(REF, md, { id: new Column(Integer, { primaryKey: true }) }, { schema: OTHER });
    new Table(
      PARENT,
      md,
      {
        a: new Column(Integer, { primaryKey: true, autoincrement: false }),
        b: new Column(String(20), { primaryKey: true }),
      },
      { comment: "the parent", mysqlEngine: "InnoDB" },
    );
    const all = new Table(
      ALL,
      md,
      {
        id: new Column(Integer, { primaryKey: true }),
        big: new Column(BigInteger, { nullable: false }),
        small: new Column(SmallInteger),
        num: new Column(Numeric(10, 2), { serverDefault: "1.50" }),
        flt: new Column(Float),
        str: new Column(String(40), { serverDefault: "it's", comment: "a string" }),
        txt: new Column(Text),
        flag: new Column(Boolean, { serverDefault: text("1") }),
        day: new Column(Date),
        at: new Column(DateTime),
        tm: new Column(Time),
        bin: new Column(LargeBinary),
        js: new Column(Json),
        uid: new Column(Uuid),
        en: new Column(Enum(["one", "two"])),
        u8: new Column(mysql.TINYINT({ unsigned: true })),
        mi: new Column(mysql.MEDIUMINT({ zerofill: true })),
        dec: new Column(mysql.DECIMAL(8, 3, { unsigned: true })),
        dbl: new Column(mysql.DOUBLE()),
        vc: new Column(mysql.VARCHAR(30, { charset: "latin1", collation: "latin1_bin" })),
        ch: new Column(mysql.CHAR(3)),
        tt: new Column(mysql.TINYTEXT()),
        mt: new Column(mysql.MEDIUMTEXT()),
        lt: new Column(mysql.LONGTEXT()),
        tb: new Column(mysql.TINYBLOB()),
        mb: new Column(mysql.MEDIUMBLOB()),
        lb: new Column(mysql.LONGBLOB()),
        menum: new Column(mysql.ENUM(["x", "y'z"])),
        mset: new Column(mysql.SET(["r", "w"])),
        yr: new Column(mysql.YEAR()),
        bits: new Column(mysql.BIT(8)),
        dt6: new Column(mysql.DATETIME({ fsp: 6 })),
        ts3: new Column(mysql.TIMESTAMP({ fsp: 3 }), {
          nullable: false,
          serverDefault: text("CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)"),
        }),
        t2: new Column(mysql.TIME({ fsp: 2 })),
        ip6: new Column(mysql.INET6()),
        pa: new Column(Integer),
        pb: new Column(String(20)),
        rid: new Column(Integer, {
          foreignKey: new ForeignKey(`${OTHER}.${REF}.id`, { ondelete: "SET NULL" }),
        }),
        twice: new Column(Integer, { computed: new Computed("small * 2", { persisted: true }) }),
      },
      {
        comment: "everything",
        constraints: [
          new ForeignKeyConstraint(["pa", "pb"], [`${PARENT}.a`, `${PARENT}.b`], {
            name: n("fk_parent"),
            ondelete: "CASCADE",
            onupdate: "CASCADE",
          }),
          new UniqueConstraint("str", "en", { name: n("uq_str_en") }),
          new CheckConstraint("big > 0", { name: n("ck_big") }),
        ],
      },
    );
    new Index(n("ix_txt"), all.c.txt, all.c.day, { [`${dialect.name}Length`]: { txt: 12 } });
    new Index(n("ix_ft"), all.c.lt, { [`${dialect.name}Prefix`]: "FULLTEXT" });
    new Index(n("ix_u8"), all.c.u8, { unique: true });
    dropLater.push(`DROP TABLE IF EXISTS ${PARENT}`, `DROP TABLE IF EXISTS ${ALL}`);
    void ref;
    await md.createAll(conn);

    const md2 = new MetaData();
    await md2.reflect(conn, { only: [ALL, PARENT] });
    // The referred table in the other schema came along (resolveFks).
    expect(md2.tables.has(`${OTHER}.${REF}`)).toBe(true);

    const tc = dialect.typeCompiler;
    const typeOf = (c: { type: unknown }) => tc.process(c.type as never);
    const rAll = md2.tables.get(ALL) as Table;
    const cols = (t: Table) => Object.values(t.c) as unknown as Column[];
    const origCols = new Map(cols(all).map((c) => [c.name, c]));

    // What the database does not keep, column by column: [expected reflected type, reason].
    const typeDifferences: Record<string, [string, string]> = {
      id: ["INTEGER(11)", "MySQL reports a display width for every integer (int(11))"],
      big: ["BIGINT(20)", "display width"],
      small: ["SMALLINT(6)", "display width"],
      u8: ["TINYINT(3) UNSIGNED", "display width"],
      mi: ["MEDIUMINT(8) UNSIGNED ZEROFILL", "display width; ZEROFILL implies UNSIGNED"],
      pa: ["INTEGER(11)", "display width"],
      rid: ["INTEGER(11)", "display width"],
      twice: ["INTEGER(11)", "display width"],
      flag: [
        "TINYINT(1)",
        "MySQL has no BOOLEAN: BOOL is TINYINT(1), reflected as such (as SQLAlchemy does)",
      ],
      num: ["DECIMAL(10, 2)", "NUMERIC is stored as DECIMAL"],
      flt: ["FLOAT", "same"],
      bin: ["BLOB", "LargeBinary is created as BLOB"],
      en: ["ENUM('one','two')", "the generic Enum is created as a native ENUM"],
      uid:
        dialect.isMariaDB && dialect.supportsNativeUuid
          ? ["UUID", "native UUID (MariaDB 10.7+)"]
          : ["CHAR(32)", "Uuid is CHAR(32) without a native UUID"],
      yr: ["YEAR(4)", "YEAR is reported with its width 4"],
      str: ["VARCHAR(40)", "same"],
      pb: ["VARCHAR(20)", "same"],
    };
    const problems: string[] = [];
    for (const rc of cols(rAll)) {
      const oc = origCols.get(rc.name);
      if (oc === undefined) {
        problems.push(`extra column ${rc.name}`);
        continue;
      }
      const want = typeDifferences[rc.name]?.[0] ?? typeOf(oc);
      if (typeOf(rc) !== want) problems.push(`${rc.name}: type ${typeOf(rc)}, expected ${want}`);
      if (rc.nullable !== oc.nullable) problems.push(`${rc.name}: nullable ${rc.nullable}`);
      if ((rc.comment ?? null) !== (oc.comment ?? null)) problems.push(`${rc.name}: comment ${rc.comment}`);
      if ((rc.computed === undefined) !== (oc.computed === undefined)) problems.push(`${rc.name}: computed`);
    }
    expect(cols(rAll).map((c) => c.name)).toEqual([...origCols.keys()]);
    expect(problems).toEqual([]);

    // Server defaults come back as SQL text, in the server's spelling.
    const defaults = Object.fromEntries(
      cols(rAll)
        .filter((c) => c.serverDefault !== undefined)
        .map((c) => [
          c.name,
          (c.serverDefault?.arg as { compile(o: object): { sql: string } } | undefined)?.compile({ dialect })
            .sql,
        ]),
    );
    expect(defaults).toEqual({
      num: "1.50",
      str: "'it''s'",
      flag: "1",
      ts3: "current_timestamp(3) ON UPDATE current_timestamp(3)",
    });
    expect(rAll.comment).toBe("everything");
    expect((rAll.primaryKey.columns as readonly Column[]).map((c) => c.name)).toEqual(["id"]);
    const fks = rAll.foreignKeyConstraints
      .map(
        (fk) =>
          `${fk.name}:${fk.elements.map((e) => e.targetFullname).join(",")}:${fk.ondelete}:${fk.onupdate}`,
      )
      .sort();
    expect(fks).toEqual([
      `${n("fk_parent")}:${PARENT}.a,${PARENT}.b:CASCADE:CASCADE`,
      // The FK declared on the column got a server-generated name.
      expect.stringMatching(new RegExp(`^${ALL}_ibfk_\\d+:${OTHER}\\.${REF}\\.id:SET NULL:undefined$`)),
    ]);
    const uniques = rAll.constraints
      .filter((c) => c.conventionKey === "uq")
      .map((c) => `${c.name}:${(c as UniqueConstraint).columns.map((x) => x.name)}`);
    // A UNIQUE INDEX and a UNIQUE constraint are the same thing to MySQL: both come back as unique keys.
    expect(uniques.sort()).toEqual([`${n("ix_u8")}:u8`, `${n("uq_str_en")}:str,en`]);
    const checks = rAll.constraints.filter((c) => c.conventionKey === "ck").map((c) => c.name);
    expect(checks).toEqual([n("ck_big")]);
    const indexes = rAll.indexes
      .map((i) => `${i.name}:${i.columns.map((c) => c.name)}:${JSON.stringify(i.dialectOptions)}`)
      .sort();
    expect(indexes).toEqual([
      // InnoDB creates an index for each foreign key that has none (named after the constraint, or the column).
      `${n("fk_parent")}:pa,pb:{}`,
      `${n("ix_ft")}:lt:${JSON.stringify({ [`${dialect.name}Prefix`]: "FULLTEXT" })}`,
      `${n("ix_txt")}:txt,day:${JSON.stringify({ [`${dialect.name}Length`]: { txt: 12 } })}`,
      "rid:rid:{}",
    ]);
  });

  // --- 200 tables ------------------------------------------------------------------------

  it("reflects a 200-table schema with the multi-table methods in a bounded number of statements", async () => {
    const count = 200;
    for (let i = 0; i < count; i++) {
      const fk = i === 0 ? "" : `, p INT, CONSTRAINT fk_${i} FOREIGN KEY (p) REFERENCES t_${i - 1} (id)`;
      await exec(
        `CREATE TABLE ${MANY}.t_${i} (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, UNIQUE KEY uq_${i} (name)${fk}) COMMENT 'table ${i}'`,
      );
    }
    const statements: string[] = [];
    listen(engine.syncEngine, "beforeCursorExecute", (_c, sql) => {
      statements.push(sql);
      return undefined;
    });
    const r = reflector();
    const o = { schema: MANY };
    const columns = await run(r.getMultiColumns(sc(), o));
    const pks = await run(r.getMultiPkConstraint(sc(), o));
    const fks = await run(r.getMultiForeignKeys(sc(), o));
    const indexes = await run(r.getMultiIndexes(sc(), o));
    const uniques = await run(r.getMultiUniqueConstraints(sc(), o));
    const checks = await run(r.getMultiCheckConstraints(sc(), o));
    const comments = await run(r.getMultiTableComment(sc(), o));
    const options = await run(r.getMultiTableOptions(sc(), o));
    expect(columns.size).toBe(count);
    expect(columns.get(multiKey(MANY, "t_7"))?.map((c) => c.name)).toEqual(["id", "name", "p"]);
    expect(pks.get(multiKey(MANY, "t_7"))?.constrainedColumns).toEqual(["id"]);
    expect(fks.get(multiKey(MANY, "t_7"))?.[0]).toMatchObject({ referredSchema: MANY, referredTable: "t_6" });
    expect(indexes.size).toBe(count);
    expect(uniques.get(multiKey(MANY, "t_7"))?.[0]?.name).toBe("uq_7");
    expect(checks.size).toBe(count);
    expect(comments.get(multiKey(MANY, "t_199"))).toEqual({ text: "table 199" });
    expect(options.size).toBe(count);
    console.log(`MySQL reflection: ${count} tables, 8 facts, ${statements.length} statements`);
    // Two statements per fact at most (the relations, then the fact), three for columns on MariaDB (JSON checks).
    expect(statements.length).toBeLessThanOrEqual(17);

    // The same through metadata.reflect.
    statements.length = 0;
    const md = new MetaData();
    await md.reflect(conn, { schema: MANY });
    expect(md.tables.size).toBe(count);
    console.log(`MySQL metadata.reflect of ${count} tables: ${statements.length} statements`);
    expect(statements.length).toBeLessThanOrEqual(20);
  });
});

void (null as unknown as DefaultDialect);
