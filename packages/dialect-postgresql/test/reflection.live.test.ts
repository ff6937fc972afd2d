/**
 * Live reflection tests against the PostgreSQL at ATHANOR_PG_URL (skipped
 * without it on a developer's machine, failing in CI): each fact, the round
 * trip of a rich MetaData across two schemas (createAll → reflect → compare,
 * with each difference PostgreSQL causes listed and explained), and a
 * 200-table schema reflected in a bounded number of statements. Every object
 * has a unique `rf_` name and is dropped afterwards: the database is shared.
 */
import { type AsyncConnection, type AsyncEngine, createAsyncEngine } from "@athanor/asyncio-compat";
import {
  BigInteger,
  CheckConstraint,
  Column,
  Computed,
  CreateIndex,
  CreateTable,
  DateTime,
  Double,
  Float,
  ForeignKeyConstraint,
  func,
  Identity,
  Index,
  Integer,
  inspect,
  LargeBinary,
  listen,
  MetaData,
  multiKey,
  Numeric,
  type Op,
  PrimaryKeyConstraint,
  SmallInteger,
  Boolean as SqlBoolean,
  Date as SqlDate,
  JSON as SqlJSON,
  String as SqlString,
  Table,
  Text,
  Time,
  text,
  UniqueConstraint,
  Uuid,
} from "@athanor/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARRAY,
  ENUM,
  INET,
  INTERVAL,
  JSONB,
  PGDialectPg,
  type PGReflector,
  TIMESTAMP,
} from "../src/index.js";
import { uniqueName } from "./helpers.js";
import { liveDatabase } from "./live.js";

const live = liveDatabase("ATHANOR_PG_URL", "scripts/db/pg-up.sh");
const dialect = new PGDialectPg();
const reflector = () => dialect.reflector() as PGReflector;

const OTHER = uniqueName("rf_other");
const MANY = uniqueName("rf_many");
const T = (name: string) => `rf_${name}_${process.pid}`;

describe.skipIf(live.skip)("PostgreSQL reflection (live)", () => {
  let engine: AsyncEngine;
  let conn: AsyncConnection;
  const run = <R>(fn: (c: AsyncConnection["syncConnection"]) => Op<R>) => conn.run(fn(conn.syncConnection));
  const exec = async (...sqls: string[]) => {
    for (const sql of sqls) await conn.execute(text(sql));
    await conn.commit();
  };

  beforeAll(async () => {
    engine = createAsyncEngine(live.url(), { dialect });
    conn = engine.connect();
    await exec(
      `CREATE SCHEMA ${OTHER}`,
      `CREATE TYPE ${T("mood")} AS ENUM ('sad', 'ok', 'happy')`,
      `CREATE TYPE ${OTHER}.${T("color")} AS ENUM ('red', 'green')`,
      `CREATE DOMAIN ${T("posint")} AS integer CHECK (VALUE > 0)`,
      `CREATE TABLE ${T("a")} (
        id integer GENERATED ALWAYS AS IDENTITY (START WITH 5 INCREMENT BY 2) PRIMARY KEY,
        code varchar(10) NOT NULL CONSTRAINT ${T("uq_code")} UNIQUE,
        name varchar(30) COLLATE "C" DEFAULT 'x',
        price numeric(10, 2),
        doubled numeric GENERATED ALWAYS AS (price * 2) STORED,
        mood ${T("mood")},
        color ${OTHER}.${T("color")},
        tags text[],
        grid integer[][],
        ts timestamp(3) with time zone DEFAULT now(),
        t time without time zone,
        iv interval day to second(2),
        bits bit varying(8),
        pos ${T("posint")},
        s serial,
        j jsonb,
        CONSTRAINT ${T("ck_price")} CHECK (price > 0)
      )`,
      // NOT VALID is ignored in CREATE TABLE: add one with ALTER TABLE.
      `ALTER TABLE ${T("a")} ADD CONSTRAINT ${T("ck_code")} CHECK (code <> '') NOT VALID`,
      `COMMENT ON TABLE ${T("a")} IS 'the a table'`,
      `COMMENT ON COLUMN ${T("a")}.code IS 'a code'`,
      `CREATE INDEX ${T("ix_expr")} ON ${T("a")} (lower(name) DESC NULLS LAST, id) INCLUDE (price) WHERE price > 3`,
      `CREATE INDEX ${T("ix_gin")} ON ${T("a")} USING gin (j jsonb_path_ops)`,
      `CREATE UNIQUE INDEX ${T("ix_nulls")} ON ${T("a")} (code NULLS FIRST, name DESC) WITH (fillfactor = 70)`,
      `CREATE TABLE ${OTHER}.${T("b")} (
        a_id integer NOT NULL, seq integer NOT NULL,
        CONSTRAINT ${T("pk_b")} PRIMARY KEY (a_id, seq),
        CONSTRAINT ${T("fk_b_a")} FOREIGN KEY (a_id) REFERENCES ${T("a")} (id)
          ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED
      )`,
      `CREATE TABLE ${T("c")} (id integer PRIMARY KEY, b_a integer, b_seq integer,
        CONSTRAINT ${T("fk_c_b")} FOREIGN KEY (b_a, b_seq) REFERENCES ${OTHER}.${T("b")} (a_id, seq) MATCH FULL)`,
      `CREATE VIEW ${T("v")} AS SELECT id, code FROM ${T("a")}`,
      `CREATE MATERIALIZED VIEW ${T("mv")} AS SELECT id FROM ${T("a")}`,
      `CREATE SEQUENCE ${OTHER}.${T("seq")}`,
    );
  });

  afterAll(async () => {
    await conn.rollback();
    await exec(
      `DROP MATERIALIZED VIEW IF EXISTS ${T("mv")}`,
      `DROP VIEW IF EXISTS ${T("v")}`,
      `DROP TABLE IF EXISTS ${T("c")}, ${OTHER}.${T("b")}, ${T("a")}, ${T("rt_parent")} CASCADE`,
      `DROP SCHEMA IF EXISTS ${OTHER} CASCADE`,
      `DROP SCHEMA IF EXISTS ${MANY} CASCADE`,
      `DROP TYPE IF EXISTS ${T("mood")}, ${T("rt_mood")}`,
      `DROP DOMAIN IF EXISTS ${T("posint")}`,
    );
    await conn.close();
    await engine.dispose();
  });

  it("names: schemas, tables, views, materialized views, sequences, view definitions", async () => {
    const r = reflector();
    expect(await run((c) => r.getDefaultSchemaName(c))).toBe("public");
    expect(await run((c) => r.getSchemaNames(c))).toContain(OTHER);
    const tables = await run((c) => r.getTableNames(c));
    expect(tables).toEqual(expect.arrayContaining([T("a"), T("c")]));
    expect(tables).not.toContain(T("v"));
    expect(await run((c) => r.getTableNames(c, OTHER))).toEqual([T("b")]);
    expect(await run((c) => r.getViewNames(c))).toContain(T("v"));
    expect(await run((c) => r.getMaterializedViewNames(c))).toContain(T("mv"));
    expect(await run((c) => r.getSequenceNames(c, OTHER))).toEqual([T("seq")]);
    expect(await run((c) => r.hasSequence(c, T("seq"), OTHER))).toBe(true);
    expect(await run((c) => r.getViewDefinition(c, T("v")))).toMatch(/SELECT .*id,.*code.*FROM/s);
    expect(await run((c) => r.hasTable(c, T("b"), OTHER))).toBe(true);
    expect(await run((c) => r.hasTable(c, T("b")))).toBe(false);
  });

  it("columns: types with arguments, enums (visible and not), arrays, domains, identity, serial, computed, comments", async () => {
    const cols = await run((c) => reflector().getColumns(c, T("a")));
    const by = Object.fromEntries(cols.map((c) => [c.name, c]));
    const ddlOf = (n: string) => dialect.typeCompiler.process((by[n] as unknown as { type: never }).type);
    expect(ddlOf("id")).toBe("INTEGER");
    expect(by.id?.identity).toEqual({ always: true, start: 5, increment: 2, cycle: false, cache: 1 });
    expect(by.id?.autoincrement).toBe(true);
    expect(ddlOf("code")).toBe("VARCHAR(10)");
    expect(by.code).toMatchObject({ nullable: false, comment: "a code" });
    expect(ddlOf("name")).toBe('VARCHAR(30) COLLATE "C"');
    expect(by.name?.default).toBe("'x'::character varying");
    expect(ddlOf("price")).toBe("NUMERIC(10, 2)");
    expect(by.doubled?.computed).toEqual({ sqltext: "(price * (2)::numeric)", persisted: true });
    expect(by.doubled?.default).toBeNull();
    expect(by.mood?.type).toMatchObject({
      enums: ["sad", "ok", "happy"],
      name: T("mood"),
      schema: undefined,
    });
    expect(by.color?.type).toMatchObject({ enums: ["red", "green"], name: T("color"), schema: OTHER });
    expect(ddlOf("tags")).toBe("TEXT[]");
    expect(ddlOf("grid")).toBe("INTEGER[]"); // PostgreSQL keeps no array dimensions
    expect(ddlOf("ts")).toBe("TIMESTAMP(3) WITH TIME ZONE");
    expect(by.ts?.default).toBe("now()");
    expect(ddlOf("t")).toBe("TIME WITHOUT TIME ZONE");
    expect(ddlOf("iv")).toBe("INTERVAL DAY TO SECOND (2)");
    expect(ddlOf("bits")).toBe("BIT VARYING(8)");
    expect(ddlOf("pos")).toBe("INTEGER"); // a domain reflects as its base type
    expect(ddlOf("s")).toBe("INTEGER");
    expect(by.s).toMatchObject({ autoincrement: true, nullable: false });
    expect(by.s?.default).toMatch(/^nextval\('rf_a_\d+_s_seq'::regclass\)$/);
    expect(ddlOf("j")).toBe("JSONB");
    expect(reflector().warnings).toEqual([]);
  });

  it("primary keys, unique constraints and comments", async () => {
    const r = reflector();
    expect(await run((c) => r.getPkConstraint(c, T("b"), OTHER))).toEqual({
      name: T("pk_b"),
      constrainedColumns: ["a_id", "seq"],
      comment: null,
    });
    expect(await run((c) => r.getUniqueConstraints(c, T("a")))).toEqual([
      { name: T("uq_code"), columnNames: ["code"], comment: null },
    ]);
    expect(await run((c) => r.getTableComment(c, T("a")))).toEqual({ text: "the a table" });
    expect(await run((c) => r.getTableComment(c, T("c")))).toEqual({ text: null });
  });

  it("foreign keys: options, MATCH, and referredSchema null for the search path", async () => {
    const r = reflector();
    // From another schema to a table on the search path: pg_get_constraintdef does not qualify it.
    expect(await run((c) => r.getForeignKeys(c, T("b"), OTHER))).toEqual([
      {
        name: T("fk_b_a"),
        constrainedColumns: ["a_id"],
        referredSchema: null,
        referredTable: T("a"),
        referredColumns: ["id"],
        options: { ondelete: "CASCADE", onupdate: "SET NULL", deferrable: true, initially: "DEFERRED" },
        comment: null,
      },
    ]);
    expect(await run((c) => r.getForeignKeys(c, T("c")))).toEqual([
      {
        name: T("fk_c_b"),
        constrainedColumns: ["b_a", "b_seq"],
        referredSchema: OTHER,
        referredTable: T("b"),
        referredColumns: ["a_id", "seq"],
        options: { match: "FULL" },
        comment: null,
      },
    ]);
  });

  it("indexes: expressions, INCLUDE, sort order, partial, USING, operator classes, WITH", async () => {
    const ixs = await run((c) => reflector().getIndexes(c, T("a")));
    const by = Object.fromEntries(ixs.map((i) => [i.name, i]));
    const expr = by[T("ix_expr")];
    expect(expr).toMatchObject({
      columnNames: [null, "id"],
      expressions: ["lower(name::text)", "id"],
      unique: false,
      includeColumns: ["price"],
      columnSorting: { "lower(name::text)": ["desc", "nulls_last"] },
    });
    expect((expr?.dialectOptions?.postgresqlWhere as { text: string } | undefined)?.text).toBe(
      "(price > (3)::numeric)",
    );
    expect(expr?.dialectOptions?.postgresqlInclude).toEqual(["price"]);
    expect(by[T("ix_gin")]?.dialectOptions).toEqual({
      postgresqlUsing: "gin",
      postgresqlOps: { j: "jsonb_path_ops" },
    });
    expect(by[T("ix_nulls")]).toMatchObject({
      unique: true,
      columnNames: ["code", "name"],
      columnSorting: { code: ["nulls_first"], name: ["desc"] },
      dialectOptions: { postgresqlWith: { fillfactor: "70" } },
    });
    // The index behind the UNIQUE constraint says so.
    expect(by[T("uq_code")]?.duplicatesConstraint).toBe(T("uq_code"));
  });

  it("check constraints: text without the outer parentheses, NOT VALID", async () => {
    expect(await run((c) => reflector().getCheckConstraints(c, T("a")))).toEqual([
      {
        name: T("ck_code"),
        sqltext: "code::text <> ''::text",
        comment: null,
        dialectOptions: { postgresqlNotValid: true },
      },
      { name: T("ck_price"), sqltext: "price > 0::numeric", comment: null },
    ]);
  });

  it("views and materialized views reflect columns; keys use null for the default schema", async () => {
    const r = reflector();
    const views = await run((c) => r.getMultiColumns(c, { kind: "view", filterNames: [T("v")] }));
    expect([...views.keys()]).toEqual([multiKey(null, T("v"))]);
    expect(views.get(multiKey(null, T("v")))?.map((c) => c.name)).toEqual(["id", "code"]);
    const mv = await run((c) => r.getMultiColumns(c, { kind: "materializedView", filterNames: [T("mv")] }));
    expect(mv.get(multiKey(null, T("mv")))?.map((c) => c.name)).toEqual(["id"]);
    const explicit = await run((c) => r.getMultiPkConstraint(c, { schema: "public", filterNames: [T("a")] }));
    expect([...explicit.keys()]).toEqual([multiKey("public", T("a"))]);
  });

  it("the Inspector and Table autoload use these", async () => {
    const insp = inspect(conn as never);
    expect(await (insp.getTableNames(OTHER) as unknown as Promise<string[]>)).toEqual([T("b")]);
    const md = new MetaData();
    await md.reflect(conn as never, { only: [T("c")] });
    expect(md.tables.has(`${OTHER}.${T("b")}`)).toBe(true);
    // b refers to a (on the search path, so referredSchema null); core's resolveFks looks
    // for it in b's schema instead of the default one (reported to core).
  });

  describe("round trip", () => {
    const md = new MetaData();
    const parent = new Table(
      T("rt_parent"),
      md,
      {
        id: new Column(Integer, { primaryKey: true, identity: new Identity({ always: true, start: 10 }) }),
        code: new Column(SqlString(10), { nullable: false, comment: "the code" }),
        name: new Column(SqlString(50, { collation: "C" }), { serverDefault: "anon" }),
        price: new Column(Numeric(10, 2)),
        ratio: new Column(Float),
        dbl: new Column(Double),
        flag: new Column(SqlBoolean, { nullable: false, serverDefault: text("true") }),
        data: new Column(SqlJSON()),
        jdata: new Column(JSONB),
        blob: new Column(LargeBinary),
        uid: new Column(Uuid()),
        created: new Column(DateTime({ timezone: true }), { serverDefault: func.now() }),
        ts: new Column(TIMESTAMP({ precision: 3 })),
        day: new Column(SqlDate),
        at: new Column(Time),
        big: new Column(BigInteger),
        small: new Column(SmallInteger),
        body: new Column(Text),
        mood: new Column(ENUM(["low", "high"], { name: T("rt_mood") })),
        tags: new Column(ARRAY(Integer, { dimensions: 2 })),
        iv: new Column(INTERVAL({ fields: "DAY TO SECOND", precision: 2 })),
        ip: new Column(INET),
        total: new Column(Numeric(12, 2), { computed: new Computed("price * 2", { persisted: true }) }),
      },
      {
        comment: "round trip parent",
        constraints: [
          new UniqueConstraint("code", { name: T("rt_uq_code") }),
          new CheckConstraint("price >= 0", { name: T("rt_ck_price") }),
        ],
      },
    );
    new Index(T("rt_ix_lower"), func.lower(parent.c.name));
    new Index(T("rt_ix_partial"), parent.c.price, { unique: true, postgresqlWhere: text("price > 10") });
    new Index(T("rt_ix_gin"), parent.c.jdata, { postgresqlUsing: "gin" });
    new Index(T("rt_ix_include"), parent.c.code, { postgresqlInclude: ["price"] });
    new Table(
      T("rt_child"),
      md,
      {
        parentId: new Column("parent_id", Integer, { nullable: false }),
        seq: new Column(Integer, { nullable: false }),
        note: new Column(SqlString(20)),
      },
      {
        schema: OTHER,
        constraints: [
          new PrimaryKeyConstraint("parent_id", "seq", { name: T("rt_pk_child") }),
          new ForeignKeyConstraint(["parent_id"], [`${T("rt_parent")}.id`], {
            name: T("rt_fk_child"),
            ondelete: "CASCADE",
            onupdate: "CASCADE",
            deferrable: true,
            initially: "DEFERRED",
          }),
        ],
      },
    );

    /**
     * What PostgreSQL does not keep as written. It stores expressions parsed
     * and prints them back (`pg_get_expr`, `pg_get_constraintdef`,
     * `pg_get_indexdef`) with casts and parentheses of its own; FLOAT is
     * DOUBLE PRECISION; arrays have no declared dimensions; an identity's
     * sequence has every option set. Original DDL line → reflected line.
     */
    const EXPECTED_DIFFERENCES: { from: string; to: string; why: string }[] = [
      {
        from: "PRIMARY KEY (id)",
        to: `CONSTRAINT ${T("rt_parent")}_pkey PRIMARY KEY (id)`,
        why: "PostgreSQL names every constraint: an unnamed PRIMARY KEY is <table>_pkey",
      },
      {
        from: `CONSTRAINT ${T("rt_ck_price")} CHECK (price >= 0)`,
        to: `CONSTRAINT ${T("rt_ck_price")} CHECK (price >= 0::numeric)`,
        why: "the CHECK expression is stored parsed and printed with PostgreSQL's casts",
      },
      {
        from: "id INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 10)",
        to: "id INTEGER GENERATED ALWAYS AS IDENTITY (INCREMENT BY 1 START WITH 10 CACHE 1 NO CYCLE)",
        why: "the identity's sequence has every option set, so the defaults come back explicit",
      },
      {
        from: "name VARCHAR(50) COLLATE \"C\" DEFAULT 'anon'",
        to: "name VARCHAR(50) COLLATE \"C\" DEFAULT 'anon'::character varying",
        why: "a default is stored parsed: a string literal comes back with its cast",
      },
      {
        from: "ratio FLOAT",
        to: "ratio DOUBLE PRECISION",
        why: "FLOAT without a precision is DOUBLE PRECISION; the catalog has only the latter",
      },
      {
        from: "tags INTEGER[][]",
        to: "tags INTEGER[]",
        why: "PostgreSQL does not keep the number of dimensions of an array column",
      },
      {
        from: "total NUMERIC(12, 2) GENERATED ALWAYS AS (price * 2) STORED",
        to: "total NUMERIC(12, 2) GENERATED ALWAYS AS ((price * (2)::numeric)) STORED",
        why: "the generation expression is stored parsed and printed with PostgreSQL's casts",
      },
      {
        from: `CREATE INDEX ${T("rt_ix_lower")} ON ${T("rt_parent")} (lower(name))`,
        to: `CREATE INDEX ${T("rt_ix_lower")} ON ${T("rt_parent")} (lower(name::text))`,
        why: "an index expression is stored parsed (pg_get_indexdef adds the cast)",
      },
      {
        from: `CREATE UNIQUE INDEX ${T("rt_ix_partial")} ON ${T("rt_parent")} (price) WHERE price > 10`,
        to: `CREATE UNIQUE INDEX ${T("rt_ix_partial")} ON ${T("rt_parent")} (price) WHERE (price > (10)::numeric)`,
        why: "the partial index predicate is stored parsed (pg_get_expr adds the cast)",
      },
    ];

    beforeAll(async () => {
      await md.createAll(conn as never);
      await conn.commit();
      // createAll does not emit COMMENT ON yet (core's schema-ops): add the comments by hand.
      await exec(
        `COMMENT ON TABLE ${T("rt_parent")} IS 'round trip parent'`,
        `COMMENT ON COLUMN ${T("rt_parent")}.code IS 'the code'`,
      );
    });

    function ddl(table: Table): string[] {
      const sql = new CreateTable(table).compile({ dialect }).sql;
      const lines = sql
        .split("\n")
        .map((l) => l.trim().replace(/,$/, ""))
        .filter((l) => l !== "" && l !== ")" && !l.startsWith("CREATE TABLE"));
      const indexes = table.indexes.map((ix) => new CreateIndex(ix).compile({ dialect }).sql);
      return [...lines, ...indexes].sort();
    }

    it("every table reflects back to the same DDL and comments, except where PostgreSQL rewrites what it keeps", async () => {
      const fresh = new MetaData();
      await fresh.reflect(conn as never, { only: [T("rt_parent")] });
      await fresh.reflect(conn as never, { schema: OTHER, only: [T("rt_child")] });
      const seen: { from: string; to: string }[] = [];
      for (const original of md.tables.values()) {
        const full = original.schema !== undefined ? `${original.schema}.${original.name}` : original.name;
        const reflected = fresh.tables.get(full) as Table;
        expect(reflected, full).toBeDefined();
        const want = ddl(original);
        const got = ddl(reflected);
        const missing = want.filter((l) => !got.includes(l));
        const extra = got.filter((l) => !want.includes(l));
        for (const from of missing) {
          const to = EXPECTED_DIFFERENCES.find((d) => d.from === from)?.to;
          expect(extra, `unexpected difference in ${full}: ${from}`).toContain(to);
          seen.push({ from, to: to as string });
        }
        expect(extra.length, `${full}: ${extra.join(" | ")}`).toBe(missing.length);
        expect(reflected.comment).toBe(original.comment);
        for (const col of Object.values(original.c as Record<string, { name: string; comment?: string }>)) {
          const back = (reflected.c as Record<string, { comment?: string }>)[col.name];
          expect(back?.comment, `${full}.${col.name}`).toBe(col.comment);
        }
      }
      // Every expected difference happened (the list is exact, not a blanket excuse).
      expect(seen.map((s) => s.from).sort()).toEqual(EXPECTED_DIFFERENCES.map((d) => d.from).sort());
    });
  });

  describe("200 tables", () => {
    const N = 200;
    beforeAll(async () => {
      const stmts = [`CREATE SCHEMA ${MANY}`];
      for (let i = 0; i < N; i++) {
        const fk = i > 0 ? `, prev_id integer REFERENCES ${MANY}.t${i - 1} (id)` : "";
        stmts.push(
          `CREATE TABLE ${MANY}.t${i} (id integer PRIMARY KEY, name varchar(20) UNIQUE, ok boolean CHECK (ok)${fk})`,
          `CREATE INDEX ix_t${i} ON ${MANY}.t${i} (lower(name))`,
        );
      }
      await conn.execute(text(stmts.join(";\n")));
      await conn.commit();
    }, 60_000);

    it("getMulti* reflect every fact of a 200-table schema in one statement each", async () => {
      const statements: string[] = [];
      listen(engine.syncEngine, "beforeCursorExecute", (_c: unknown, sql: string) => {
        statements.push(sql);
        return undefined;
      });
      const r = reflector();
      const o = { schema: MANY };
      const cols = await run((c) => r.getMultiColumns(c, o));
      const pks = await run((c) => r.getMultiPkConstraint(c, o));
      const fks = await run((c) => r.getMultiForeignKeys(c, o));
      const ixs = await run((c) => r.getMultiIndexes(c, o));
      const uqs = await run((c) => r.getMultiUniqueConstraints(c, o));
      const cks = await run((c) => r.getMultiCheckConstraints(c, o));
      const cms = await run((c) => r.getMultiTableComment(c, o));
      expect(cols.size).toBe(N);
      expect(pks.get(multiKey(MANY, "t7"))?.constrainedColumns).toEqual(["id"]);
      expect(fks.get(multiKey(MANY, "t7"))?.[0]).toMatchObject({ referredSchema: MANY, referredTable: "t6" });
      expect(ixs.get(multiKey(MANY, "t7"))?.find((i) => i.name === "ix_t7")?.expressions).toEqual([
        "lower(name::text)",
      ]);
      expect(uqs.get(multiKey(MANY, "t7"))).toHaveLength(1);
      expect(cks.get(multiKey(MANY, "t7"))).toHaveLength(1);
      expect(cms.size).toBe(N);
      expect(statements.length).toBe(7);
      const before = statements.length;
      const fresh = new MetaData();
      await fresh.reflect(conn as never, { schema: MANY });
      expect(fresh.tables.size).toBe(N);
      // The table names, then one statement per fact.
      expect(statements.length - before).toBeLessThanOrEqual(10);
    }, 60_000);
  });
});
