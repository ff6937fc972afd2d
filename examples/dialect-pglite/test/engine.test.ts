/**
 * End to end through the async API (`createAsyncEngine` from
 * `@athanor/asyncio-compat`): registration by URL, createAll, INSERT ..
 * RETURNING, SELECT, every generic type round-tripping with the pg
 * driver's conventions, PostgreSQL's own constructs, a persistent data
 * directory, and the errors Core wraps.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAsyncEngine } from "@athanor/asyncio-compat";
import {
  ARRAY,
  ArgumentError,
  AsyncOnlyError,
  BigInteger,
  Column,
  CreateTable,
  createEngine,
  DateTime,
  DIALECT_SPI_VERSION,
  Enum,
  Float,
  ForeignKey,
  func,
  Integer,
  IntegrityError,
  Interval,
  insert,
  LargeBinary,
  MetaData,
  Numeric,
  ProgrammingError,
  registerDialect,
  registeredDialects,
  Boolean as SqlBoolean,
  Date as SqlDate,
  JSON as SqlJSON,
  String as SqlString,
  select,
  Table,
  Text,
  Time,
  text,
  Uuid,
  update,
} from "@athanor/core";
import { insert as pgInsert } from "@athanor/dialect-postgresql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialectEntries, PGliteDialect, register } from "../src/index.js";

describe("registration", () => {
  it("registers pglite with core, so URLs can name it", () => {
    expect(registeredDialects()).not.toContain("pglite+pglite");
    register();
    register(); // again: harmless
    expect(registeredDialects()).toContain("pglite+pglite");
    const engine = createEngine("pglite://");
    expect(engine.dialect).toBeInstanceOf(PGliteDialect);
    expect(engine.dialect.name).toBe("pglite");
    expect(createEngine("pglite+pglite:///some/dir").dialect.driver).toBe("pglite");
  });

  it("refuses an entry built for another SPI version", () => {
    const entry = dialectEntries[0];
    if (entry === undefined) throw new Error("an entry expected");
    expect(() => registerDialect({ ...entry, name: "pglite2", spiVersion: DIALECT_SPI_VERSION + 1 })).toThrow(
      ArgumentError,
    );
  });

  it("raises AsyncOnlyError on the sync API, pointing to createAsyncEngine", () => {
    const engine = createEngine("pglite://", { dialect: new PGliteDialect() });
    const conn = engine.connect();
    expect(() => conn.execute(select(func.now()))).toThrow(AsyncOnlyError);
    expect(() => conn.execute(select(func.now()))).toThrow(/createAsyncEngine/);
  });
});

describe("compiling", () => {
  it("renders PostgreSQL's SQL with $n placeholders, without loading PGlite", () => {
    const t = new Table("t", new MetaData(), { id: new Column(Integer, { primaryKey: true }) });
    const c = select(t.c.id).where(t.c.id.eq(5)).limit(2).compile({ dialect: new PGliteDialect() });
    expect(c.sql.replace(/\s+/g, " ")).toBe("SELECT t.id FROM t WHERE t.id = $1 LIMIT $2");
  });

  it("takes variants by its own name: a 'postgresql' variant does not apply to pglite", () => {
    const type = SqlString(10).withVariant(Text(), "postgresql");
    const t = new Table("v", new MetaData(), {
      a: new Column(type),
      b: new Column(SqlString(10).withVariant(Text(), "postgresql", "pglite")),
    });
    const ddl = String(new CreateTable(t).compile({ dialect: new PGliteDialect() }).sql);
    expect(ddl).toMatch(/a VARCHAR\(10\)/);
    expect(ddl).toMatch(/b TEXT/);
  });
});

describe("createAsyncEngine('pglite://')", () => {
  const engine = createAsyncEngine("pglite://", { dialect: new PGliteDialect() });
  const md = new MetaData();
  const users = new Table("users", md, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(SqlString(30), { nullable: false, unique: true }),
    fullname: new Column(Text),
  });
  const addresses = new Table("addresses", md, {
    id: new Column(Integer, { primaryKey: true }),
    user_id: new Column(new ForeignKey("users.id"), { nullable: false }),
    email: new Column(SqlString(100), { nullable: false }),
  });

  beforeAll(async () => {
    await engine.begin((conn) => md.createAll(conn));
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it("inserts with RETURNING and selects with a join", async () => {
    await engine.begin(async (conn) => {
      const r = await conn.execute(
        insert(users).returning(users.c.id, users.c.name),
        [
          { name: "spongebob", fullname: "Spongebob Squarepants" },
          { name: "sandy", fullname: "Sandy Cheeks" },
        ].map((u, i) => ({ id: i + 1, ...u })),
      );
      expect((await r.all()).map((row) => row._t)).toEqual([
        [1, "spongebob"],
        [2, "sandy"],
      ]);
      const a = await conn.execute(insert(addresses).values({ id: 1, user_id: 2, email: "sandy@sqla.org" }));
      expect(a.insertedPrimaryKey).toEqual([1]);
    });
    await using conn = engine.connect();
    const rows = await (
      await conn.execute(
        select(users.c.name, addresses.c.email)
          .join(addresses, users.c.id.eq(addresses.c.user_id))
          .orderBy(users.c.name),
      )
    ).all();
    expect(rows.map((r) => ({ name: r.name, email: r.email }))).toEqual([
      { name: "sandy", email: "sandy@sqla.org" },
    ]);
    expect(await conn.scalar(select(func.count()).selectFrom(users))).toBe(2);
  });

  it("generates primary keys with RETURNING (implicit returning)", async () => {
    const t = new Table("auto_ids", new MetaData(), {
      id: new Column(Integer, { primaryKey: true }),
      data: new Column(SqlString(10)),
    });
    await using conn = engine.connect();
    await t.create(conn);
    const r = await conn.execute(insert(t).values({ data: "x" }));
    const r2 = await conn.execute(insert(t).values({ data: "y" }));
    expect(r.insertedPrimaryKey).toEqual([1]);
    expect(r2.insertedPrimaryKey).toEqual([2]);
    await conn.rollback();
  });

  it("uses PostgreSQL's own constructs from @athanor/dialect-postgresql (ON CONFLICT)", async () => {
    await using conn = engine.connect();
    const stmt = pgInsert(users).values({ id: 1, name: "spongebob", fullname: "S. S." });
    await conn.execute(
      stmt.onConflictDoUpdate({ indexElements: [users.c.id], set: { fullname: stmt.excluded.fullname } }),
    );
    expect(await conn.scalar(select(users.c.fullname).where(users.c.id.eq(1)))).toBe("S. S.");
    await conn.rollback();
  });

  it("wraps errors in Core's DBAPIError family, with the statement", async () => {
    await using conn = engine.connect();
    const err = await conn.execute(insert(users).values({ id: 1, name: "dup" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect(String((err as IntegrityError).message)).toMatch(/duplicate key value/);
    await conn.rollback();
    await expect(conn.execute(text("SELECT * FROM nowhere"))).rejects.toBeInstanceOf(ProgrammingError);
    await conn.rollback();
  });

  it("commits, rolls back and uses savepoints through Core's transactions", async () => {
    await using conn = engine.connect();
    await conn.begin(async () => {
      await conn.execute(insert(users).values({ id: 10, name: "kept" }));
      const sp = await conn.beginNested();
      await conn.execute(insert(users).values({ id: 11, name: "dropped" }));
      await sp.rollback();
    });
    const names = await (await conn.execute(select(users.c.name).where(users.c.id.ge(10)))).scalars().all();
    expect(names).toEqual(["kept"]);
    await conn.execute(update(users).values({ name: "renamed" }).where(users.c.id.eq(10)));
    await conn.rollback();
    expect(await conn.scalar(select(users.c.name).where(users.c.id.eq(10)))).toBe("kept");
  });

  it("streams rows with a cursor (yieldPer)", async () => {
    const nums = new Table("nums", new MetaData(), { n: new Column(Integer, { primaryKey: true }) });
    await using conn = engine.connect();
    await nums.create(conn);
    await conn.execute(
      insert(nums),
      Array.from({ length: 25 }, (_, i) => ({ n: i + 1 })),
    );
    const result = await conn.stream(select(nums.c.n).orderBy(nums.c.n), undefined, { yieldPer: 10 });
    const sizes: number[] = [];
    for await (const part of result.partitions()) sizes.push(part.length);
    expect(sizes).toEqual([10, 10, 5]);
    await conn.rollback();
  });
});

describe("value round trips (the pg driver's conventions)", () => {
  const engine = createAsyncEngine("pglite://", { dialect: new PGliteDialect() });
  const types = new Table("types", new MetaData(), {
    id: new Column(Integer, { primaryKey: true }),
    dt: new Column(DateTime),
    dtz: new Column(DateTime({ timezone: true })),
    d: new Column(SqlDate),
    t: new Column(Time),
    b: new Column(SqlBoolean),
    num: new Column(Numeric(20, 4)),
    num_f: new Column(Numeric(10, 2, { asDecimal: false })),
    big: new Column(BigInteger),
    f: new Column(Float),
    j: new Column(SqlJSON()),
    u: new Column(Uuid()),
    u32: new Column(Uuid({ nativeUuid: false })),
    bin: new Column(LargeBinary),
    e: new Column(Enum(["draft", "published"], { nativeEnum: false })),
    iv: new Column(Interval()),
    ints: new Column(ARRAY(Integer)),
    bigs: new Column(ARRAY(BigInteger)),
    nums: new Column(ARRAY(Numeric(10, 3))),
    dts: new Column(ARRAY(DateTime)),
  });
  beforeAll(async () => {
    await engine.begin((conn) => types.create(conn));
  });
  afterAll(async () => {
    await engine.dispose();
  });

  const dt = new Date(Date.UTC(2024, 1, 29, 13, 14, 15, 123));
  const value = {
    dt,
    dtz: dt,
    d: "2024-02-29",
    t: "13:14:15.123",
    b: true,
    num: "1234567890123456.1234",
    num_f: "19.99",
    big: 2n ** 62n + 7n,
    f: 1.5,
    j: { a: [1, "two", null], b: { c: true } },
    u: "0b9c3bc2-3f4e-4a8c-9d6e-2f1a5b7c8d9e",
    u32: "1b9c3bc2-3f4e-4a8c-9d6e-2f1a5b7c8d9e",
    bin: new Uint8Array([0, 1, 2, 254, 255]),
    e: "published" as const,
    iv: 90061001,
    ints: [1, 2, 3],
    bigs: [2n ** 60n, -1n],
    nums: ["1.500", "0.001"],
    dts: [dt, new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999))],
  };

  it("round-trips every generic type through a real table", async () => {
    await using conn = engine.connect();
    await conn.execute(insert(types).values({ id: 1, ...value }));
    const row = await (await conn.execute(select(types).where(types.c.id.eq(1)))).one();
    expect(row.dt).toEqual(dt);
    expect(row.dtz).toEqual(dt);
    expect(row.d).toBe(value.d);
    expect(row.t).toBe(value.t);
    expect(row.b).toBe(true);
    expect(row.num).toBe(value.num);
    expect(row.num_f).toBe(19.99);
    expect(row.big).toBe(value.big);
    expect(row.f).toBe(1.5);
    expect(row.j).toEqual(value.j);
    expect(row.u).toBe(value.u);
    expect(row.u32).toBe(value.u32);
    expect(row.bin).toEqual(value.bin);
    expect(row.e).toBe("published");
    expect(row.iv).toBe(value.iv);
    expect(row.ints).toEqual([1, 2, 3]);
    expect(row.bigs).toEqual(value.bigs);
    expect(row.nums).toEqual(value.nums);
    expect(row.dts).toEqual(value.dts);
    await conn.rollback();
  });

  it("keeps naive DateTime as UTC whatever the session's time zone", async () => {
    await using conn = engine.connect();
    await conn.execute(text("SET TIME ZONE 'America/New_York'"));
    await conn.execute(insert(types).values({ id: 2, dt, dtz: dt }));
    const row = await (await conn.execute(select(types.c.dt, types.c.dtz).where(types.c.id.eq(2)))).one();
    expect(row.dt).toEqual(dt);
    expect(row.dtz).toEqual(dt);
    expect(await conn.scalar(text(`SELECT dt::text FROM types WHERE id = 2`))).toBe(
      "2024-02-29 13:14:15.123",
    );
    await conn.rollback();
    await conn.execute(text("SET TIME ZONE 'UTC'"));
  });

  it("returns untyped int8 and numeric (text() without columns) as text, as pg does", async () => {
    await using conn = engine.connect();
    expect((await (await conn.execute(text("SELECT 2::int8 AS n, 1.5::numeric AS x"))).one())._t).toEqual([
      "2",
      "1.5",
    ]);
  });
});

describe("a persistent data directory", () => {
  const dir = mkdtempSync(join(tmpdir(), "athanor-pglite-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps committed data across engines", async () => {
    const t = new Table("notes", new MetaData(), {
      id: new Column(Integer, { primaryKey: true }),
      body: new Column(Text),
    });
    const url = `pglite:///${join(dir, "db")}`;
    const first = createAsyncEngine(url, { dialect: new PGliteDialect() });
    await first.begin(async (conn) => {
      await t.create(conn);
      await conn.execute(insert(t), [
        { id: 1, body: "kept" },
        { id: 2, body: "also kept" },
      ]);
    });
    await first.dispose();

    const second = createAsyncEngine(url, { dialect: new PGliteDialect() });
    await using conn = second.connect();
    expect(await (await conn.execute(select(t.c.body).orderBy(t.c.id))).scalars().all()).toEqual([
      "kept",
      "also kept",
    ]);
    await conn.close();
    await second.dispose();
  });
});
