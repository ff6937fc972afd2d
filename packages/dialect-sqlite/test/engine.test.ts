/**
 * Engine-level tests on SQLite (always live: a temporary file), through the sync API and the
 * async one: engine.begin(), savepoints, isolation levels, URLs and passwords, echo and
 * hideParameters, the compiled cache, executemany, streaming, `using` / `await using`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAsyncEngine } from "@athanor/asyncio-compat";
import {
  bindparam,
  Column,
  createEngine,
  DateTime,
  DBAPIError,
  delete_,
  type Engine,
  Integer,
  IntegrityError,
  insert,
  type Logger,
  MetaData,
  makeUrl,
  String as SqlString,
  select,
  Table,
  text,
} from "@athanor/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SQLiteDialectBetterSqlite3 } from "../src/index.js";

function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string, ...a: unknown[]) => {
    lines.push([m, ...a.map(String)].join(" "));
  };
  return { lines, debug: push, info: push, warn: push, error: push };
}

describe("SQLite engine (sync API, a temporary file)", () => {
  const dir = mkdtempSync(join(tmpdir(), "athanor-engine-"));
  const url = `sqlite:///${join(dir, "engine.db")}`;
  const metadata = new MetaData();
  const items = new Table("cs_engine_items", metadata, {
    id: new Column(Integer, { primaryKey: true, autoincrement: false }),
    data: new Column(SqlString(50)),
  });
  let engine: Engine;
  const committed = () => {
    using conn = engine.connect();
    return conn.execute(select(items.c.id).orderBy(items.c.id)).scalars().all();
  };

  beforeAll(() => {
    engine = createEngine(url, { dialect: new SQLiteDialectBetterSqlite3() });
    engine.begin((conn) => metadata.createAll(conn));
  });
  afterAll(() => {
    engine.begin((conn) => metadata.dropAll(conn));
    engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    engine.begin((conn) => conn.execute(delete_(items)));
  });

  it("a savepoint rolled back inside a committed transaction", () => {
    engine.begin((conn) => {
      conn.execute(insert(items).values({ id: 1, data: "outer" }));
      conn.beginNested((sp) => {
        conn.execute(insert(items).values({ id: 2, data: "released" }));
        void sp;
      });
      const sp = conn.beginNested();
      conn.execute(insert(items).values({ id: 3, data: "rolled back" }));
      sp.rollback();
    });
    expect(committed()).toEqual([1, 2]);
  });

  it("a failing statement inside engine.begin() leaves no row behind", () => {
    expect(() =>
      engine.begin((conn) => {
        conn.execute(insert(items).values({ id: 1, data: "first" }));
        conn.execute(insert(items).values({ id: 1, data: "duplicate" }));
      }),
    ).toThrow(IntegrityError);
    expect(committed()).toEqual([]);
  });

  it("a parameter made without a value must be given one (SQLAlchemy's 'A value is required')", () => {
    using conn = engine.connect();
    conn.execute(insert(items).values({ id: 1, data: "x" }));
    const byId = select(items.c.data).where(items.c.id.eq(bindparam("x")));
    expect(() => conn.execute(byId)).toThrow(/A value is required for bind parameter 'x'/);
    expect(conn.execute(byId, { x: 1 }).scalars().all()).toEqual(["x"]);
    // Given as null, it is NULL.
    expect(conn.execute(byId, { x: null }).scalars().all()).toEqual([]);
    // A later row of an executemany that lacks a column of the first row.
    expect(() => conn.execute(insert(items), [{ id: 2, data: "a" }, { id: 3 } as never])).toThrow(
      /A value is required for bind parameter 'data'/,
    );
  });

  it("an insert() given an empty parameter set inserts DEFAULT VALUES", () => {
    const logger = captureLogger();
    const local = createEngine(url, { dialect: new SQLiteDialectBetterSqlite3(), echo: true, logger });
    const t = new Table("cs_engine_defaults", new MetaData(), {
      id: new Column(Integer, { primaryKey: true }),
      note: new Column(SqlString(10), { serverDefault: "n" }),
    });
    local.begin((conn) => {
      t.create(conn);
      conn.execute(insert(t), {});
      expect(
        conn
          .execute(select(t.c.id, t.c.note))
          .all()
          .map((r) => [...r]),
      ).toEqual([[1, "n"]]);
      t.drop(conn);
    });
    expect(logger.lines.some((l) => l.includes("INSERT INTO cs_engine_defaults DEFAULT VALUES"))).toBe(true);
    local.dispose();
  });

  it("executemany", () => {
    const r = engine.begin((conn) =>
      conn.execute(
        insert(items),
        Array.from({ length: 100 }, (_, i) => ({ id: i + 1, data: `m${i}` })),
      ),
    );
    expect(r.rowcount).toBe(100);
    expect(committed()).toHaveLength(100);
  });

  it("executemany completes each set on its own: defaults per row, undefined as NULL, values converted", () => {
    let calls = 0;
    const md = new MetaData();
    const rows = new Table("cs_engine_many", md, {
      id: new Column(Integer, { primaryKey: true, autoincrement: false }),
      data: new Column(SqlString(50)),
      n: new Column(Integer, { default: 7 }),
      seq: new Column(Integer, { default: () => ++calls }),
      at: new Column(DateTime()),
    });
    engine.begin((conn) => md.createAll(conn));
    try {
      const at = new Date(Date.UTC(2024, 1, 29, 12, 30, 5, 250));
      const r = engine.begin((conn) =>
        conn.execute(insert(rows), [
          { id: 1, data: "a", at },
          { id: 2, data: undefined, at: null },
          { id: 3, data: "c", n: 9, at },
        ]),
      );
      expect(r.rowcount).toBe(3);
      {
        using conn = engine.connect();
        const got = conn.execute(select(rows).orderBy(rows.c.id)).all();
        expect(got.map((row) => [row.id, row.data, row.n, row.seq, row.at])).toEqual([
          [1, "a", 7, 1, at],
          [2, null, 7, 2, null],
          [3, "c", 9, 3, at],
        ]);
        const stored = conn.execute(text("SELECT at FROM cs_engine_many WHERE id = 1")).scalar();
        expect(stored).toBe("2024-02-29 12:30:05.250000");
      }
    } finally {
      engine.begin((conn) => md.dropAll(conn));
    }
  });

  it("isolation levels, AUTOCOMMIT included", () => {
    for (const level of ["SERIALIZABLE", "READ UNCOMMITTED"]) {
      using conn = engine.connect();
      conn.executionOptions({ isolationLevel: level });
      expect(conn.getIsolationLevel()).toBe(level);
    }
    {
      using conn = engine.connect();
      conn.executionOptions({ isolationLevel: "AUTOCOMMIT" });
      expect(conn.getIsolationLevel()).toBe("AUTOCOMMIT");
      conn.execute(insert(items).values({ id: 1, data: "autocommit" }));
      conn.rollback();
    }
    expect(committed()).toEqual([1]);
    using conn = engine.connect();
    expect(conn.getIsolationLevel()).toBe(engine.defaultIsolationLevel);
  });

  it("`using` closes the connection and rolls back what is open", () => {
    {
      using conn = engine.connect();
      using tx = conn.begin();
      void tx;
      conn.execute(insert(items).values({ id: 1, data: "rolled back" }));
    }
    expect(committed()).toEqual([]);
  });

  it("echo logs SQL and parameters through a custom logger; hideParameters hides them", () => {
    const logger = captureLogger();
    const e = createEngine(url, { dialect: new SQLiteDialectBetterSqlite3(), echo: true, logger });
    {
      using conn = e.connect();
      conn.execute(select(items.c.id).where(items.c.data.eq("visible-param")));
    }
    e.dispose();
    expect(logger.lines.some((l) => l.includes("SELECT") && l.includes("cs_engine_items"))).toBe(true);
    expect(logger.lines.some((l) => l.includes("visible-param"))).toBe(true);

    const hidden = captureLogger();
    const h = createEngine(url, {
      dialect: new SQLiteDialectBetterSqlite3(),
      echo: true,
      logger: hidden,
      hideParameters: true,
    });
    {
      using conn = h.connect();
      conn.execute(select(items.c.id).where(items.c.data.eq("secret-param")));
      let err: any;
      try {
        conn.execute(text("SELECT nosuchcolumn FROM cs_engine_items WHERE 1 = :p"), { p: "secret-param" });
      } catch (caught) {
        err = caught;
      }
      expect(err).toBeInstanceOf(DBAPIError);
      expect(String(err)).not.toContain("secret-param");
      expect(err.params).toBeUndefined();
    }
    h.dispose();
    expect(hidden.lines.some((l) => l.includes("secret-param"))).toBe(false);
  });

  it("the compiled cache counts hits and misses", () => {
    const e = createEngine(url, { dialect: new SQLiteDialectBetterSqlite3() });
    using conn = e.connect();
    const q = (id: number) => select(items.c.data).where(items.c.id.eq(id));
    conn.execute(q(1));
    conn.execute(q(2));
    conn.execute(q(3));
    expect(e.compiledCache.misses).toBe(1);
    expect(e.compiledCache.hits).toBe(2);
    conn.close();
    e.dispose();
  });

  it("streaming with yieldPer, sync iteration", () => {
    engine.begin((conn) =>
      conn.execute(
        insert(items),
        Array.from({ length: 300 }, (_, i) => ({ id: i + 1, data: `s${i}` })),
      ),
    );
    using conn = engine.connect();
    const result = conn.execute(select(items.c.id).orderBy(items.c.id), undefined, { yieldPer: 40 });
    const sizes = [...result.partitions()].map((p) => p.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(300);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(40);
  });

  it("URLs: a percent-escaped password is decoded, and never shown", () => {
    const u = makeUrl("postgresql+pg://scott:p%40ss%3Aw%2Frd%25@localhost:5432/test");
    expect(u.password).toBe("p@ss:w/rd%");
    for (const shown of [String(u), u.renderAsString(), JSON.stringify({ u })]) {
      expect(shown).not.toContain("p@ss");
      expect(shown).not.toContain("p%40ss");
      expect(shown).toContain("***");
    }
    expect(u.renderAsString({ hidePassword: false })).toContain("p%40ss%3Aw%2Frd%25");
    const file = makeUrl(url);
    expect(file.database).toBe(join(dir, "engine.db"));
    expect(String(engine)).toBe(`Engine(${url})`);
  });

  it("the async API over the sync driver: await using", async () => {
    const e = createAsyncEngine(url, { dialect: new SQLiteDialectBetterSqlite3() });
    try {
      {
        await using conn = e.connect();
        await conn.execute(insert(items).values({ id: 7, data: "async" }));
        await conn.commit();
      }
      {
        await using conn = e.connect();
        await using tx = await conn.begin();
        void tx;
        await conn.execute(insert(items).values({ id: 8, data: "rolled back" }));
      }
      expect(committed()).toEqual([7]);
    } finally {
      await e.dispose();
    }
  });
});
