/**
 * Engine-level live tests against the MariaDB (or MySQL) at ATHANOR_MYSQL_URL (skipped without it on a
 * developer's machine, failing in CI): what the engine, the pool and the async API promise
 * beyond one dialect's capabilities — concurrency on a small pool, checkout timeouts, a
 * connection killed by the server, passwords kept out of sight, echo and hideParameters,
 * the compiled cache, streaming, `await using`, and the sync API refusing an async driver.
 */
import { type AsyncConnection, createAsyncEngine } from "@athanor/asyncio-compat";
import {
  AsyncOnlyError,
  Column,
  createEngine,
  DBAPIError,
  delete_,
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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MySQL2Dialect } from "../src/index.js";
import { liveDatabase } from "./live.js";

const live = liveDatabase("ATHANOR_MYSQL_URL", "scripts/db/mariadb-up.sh");
const tag = `${process.pid % 10000}_${Date.now() % 100000}`;

function engine(options: Parameters<typeof createAsyncEngine>[1] = {}) {
  return createAsyncEngine(live.url(), { dialect: new MySQL2Dialect(), ...options });
}

/** A logger that keeps every line. */
function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string, ...a: unknown[]) => {
    lines.push([m, ...a.map(String)].join(" "));
  };
  return { lines, debug: push, info: push, warn: push, error: push };
}

async function errorOf(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

describe.skipIf(live.skip)("MySQL/MariaDB engine (live, async API)", () => {
  const metadata = new MetaData();
  const items = new Table(`cs_engine_items_${tag}`, metadata, {
    id: new Column(Integer, { primaryKey: true, autoincrement: false }),
    data: new Column(SqlString(50)),
  });
  const setup = () => engine();
  let shared: ReturnType<typeof engine>;

  beforeAll(async () => {
    shared = setup();
    await shared.begin((conn) => metadata.createAll(conn));
  });
  afterAll(async () => {
    await shared.begin((conn) => metadata.dropAll(conn));
    await shared.dispose();
  });
  const clear = () => shared.begin(async (conn) => void (await conn.execute(delete_(items))));
  const committed = async () => {
    await using conn = shared.connect();
    return (await (await conn.execute(select(items.c.id).orderBy(items.c.id))).scalars().all()).map(Number);
  };

  it("a savepoint rolled back inside a committed transaction", async () => {
    await clear();
    await using conn = shared.connect();
    await conn.begin(async () => {
      await conn.execute(insert(items).values({ id: 1, data: "outer" }));
      const sp = await conn.beginNested();
      await conn.execute(insert(items).values({ id: 2, data: "inner" }));
      await sp.rollback();
      await conn.execute(insert(items).values({ id: 3, data: "after" }));
    });
    expect(await committed()).toEqual([1, 3]);
  });

  it("a failing statement inside engine.begin() leaves no row behind", async () => {
    await clear();
    const err = await errorOf(
      shared.begin(async (conn) => {
        await conn.execute(insert(items).values({ id: 10, data: "first" }));
        await conn.execute(insert(items).values({ id: 10, data: "duplicate" }));
      }),
    );
    expect(err).toBeInstanceOf(IntegrityError);
    expect(await committed()).toEqual([]);
  });

  it("executemany", async () => {
    await clear();
    await shared.begin(async (conn) => {
      const r = await conn.execute(
        insert(items),
        Array.from({ length: 50 }, (_, i) => ({ id: i + 100, data: `m${i}` })),
      );
      expect(r.rowcount).toBe(50);
    });
    expect((await committed()).length).toBe(50);
  });

  it("200 concurrent tasks on a pool of 5 + 5 overflow all finish", async () => {
    const e = engine({ poolSize: 5, maxOverflow: 5, poolTimeout: 30 });
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          await using conn = e.connect();
          const r = await conn.execute(text("SELECT CAST(:i AS SIGNED) AS i, SLEEP(0.005) AS s"), { i });
          return Number((await r.one()).i);
        }),
      );
      expect(results).toEqual(Array.from({ length: 200 }, (_, i) => i));
      console.log(`200 concurrent tasks finished; pool: ${e.pool.status()}`);
    } finally {
      await e.dispose();
    }
  });

  it("a checkout timeout raises the pool's TimeoutError", async () => {
    const e = engine({ poolSize: 1, maxOverflow: 0, poolTimeout: 0.2 });
    const held = e.connect();
    try {
      await held.execute(text("SELECT 1"));
      const started = Date.now();
      const err = await errorOf(
        (async () => {
          await using other = e.connect();
          await other.execute(text("SELECT 2"));
        })(),
      );
      expect(err.code).toBe("TimeoutError");
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      console.log(`checkout timeout: ${err.name}: ${err.message}`);
    } finally {
      await held.close();
      await e.dispose();
    }
  });

  const backendPid = async (conn: AsyncConnection) =>
    Number(await conn.scalar(text("SELECT CONNECTION_ID()")));

  it("a connection killed by the server is invalidated; poolPrePing replaces it on checkout", async () => {
    const e = engine({ poolSize: 2, poolPrePing: true });
    try {
      const victim = e.connect();
      const pid = await backendPid(victim);
      await victim.commit();
      {
        await using killer = shared.connect();
        await killer.execute(text(`KILL ${pid}`));
      }
      const err = await errorOf(victim.execute(text("SELECT 1")));
      expect(err).toBeInstanceOf(DBAPIError);
      expect(err.connectionInvalidated).toBe(true);
      console.log(
        `killed connection: ${err.constructor.name} connectionInvalidated=${err.connectionInvalidated}`,
      );
      expect(victim.invalidated).toBe(true);
      await victim.rollback();
      // the same Connection reconnects after the rollback
      expect(Number(await victim.scalar(text("SELECT 1")))).toBe(1);
      await victim.close();

      // A pooled connection killed while checked in: the pre-ping sees it and replaces it.
      const c1 = e.connect();
      const pid1 = await backendPid(c1);
      await c1.close();
      {
        await using killer = shared.connect();
        await killer.execute(text(`KILL ${pid1}`));
      }
      await new Promise((r) => setTimeout(r, 100));
      await using c2 = e.connect();
      const pid2 = await backendPid(c2);
      expect(pid2).not.toBe(pid1);
    } finally {
      await e.dispose();
    }
  });

  it("isolation levels, AUTOCOMMIT included", async () => {
    await clear();
    for (const level of ["SERIALIZABLE", "REPEATABLE READ", "READ COMMITTED", "READ UNCOMMITTED"]) {
      await using conn = shared.connect();
      conn.executionOptions({ isolationLevel: level });
      expect(await conn.getIsolationLevel()).toBe(level);
      const server = String(await conn.scalar(text("SELECT @@tx_isolation")));
      expect(server.replace("-", " ")).toBe(level);
    }
    {
      await using conn = shared.connect();
      conn.executionOptions({ isolationLevel: "AUTOCOMMIT" });
      await conn.execute(insert(items).values({ id: 1, data: "autocommit" }));
      await conn.rollback();
    }
    expect(await committed()).toEqual([1]);
    const e = engine({ isolationLevel: "REPEATABLE READ" });
    try {
      await using conn = e.connect();
      expect(await conn.getIsolationLevel()).toBe("REPEATABLE READ");
    } finally {
      await e.dispose();
    }
  });

  it("a percent-escaped password is decoded, and never shown", async () => {
    const u = new URL(live.url());
    const real = decodeURIComponent(u.password);
    // Every character escaped: the URL parser must decode it to connect.
    const escaped = [...real].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("");
    const url = live.url().replace(`:${u.password}@`, `:${escaped}@`);
    expect(makeUrl(url).password).toBe(real);
    const logger = captureLogger();
    const e = engine({ echo: true, echoPool: true, logger });
    const e2 = createAsyncEngine(url, { dialect: new MySQL2Dialect(), echo: true, logger });
    try {
      await using conn = e2.connect();
      expect(Number(await conn.scalar(text("SELECT 1")))).toBe(1);
      for (const shown of [
        String(e2),
        String(e2.url),
        e2.url.renderAsString(),
        JSON.stringify({ u: e2.url }),
      ]) {
        expect(shown).not.toContain(escaped);
        expect(shown).not.toContain(`:${real}@`);
        expect(shown).toContain("***");
      }
      console.log(`engine shown as: ${String(e2)}`);
    } finally {
      await e.dispose();
      await e2.dispose();
    }
    // A wrong password: the error and the logs do not show it either.
    const secret = "s3cr%40t:p%2Fw";
    const bad = createAsyncEngine(live.url().replace(`:${u.password}@`, `:${secret}@`), {
      dialect: new MySQL2Dialect(),
      echo: true,
      logger,
    });
    try {
      const err = await errorOf(bad.connect().execute(text("SELECT 1")));
      expect(err).toBeInstanceOf(DBAPIError);
      const text_ = `${String(err)} ${err.stack ?? ""} ${String(bad)}`;
      for (const s of ["s3cr@t:p/w", secret]) expect(text_).not.toContain(s);
      console.log(`wrong password error: ${String(err.message).split("\n")[0]}`);
    } finally {
      await bad.dispose();
    }
    for (const line of logger.lines) {
      expect(line).not.toContain(`:${real}@`);
      expect(line).not.toContain("s3cr@t");
    }
  });

  it("echo logs SQL and parameters through a custom logger; hideParameters hides them", async () => {
    const logger = captureLogger();
    const e = engine({ echo: true, logger });
    try {
      await using conn = e.connect();
      await conn.execute(select(items.c.id).where(items.c.data.eq("visible-param")));
    } finally {
      await e.dispose();
    }
    expect(logger.lines.some((l) => l.includes("SELECT") && l.includes(items.name))).toBe(true);
    expect(logger.lines.some((l) => l.includes("visible-param"))).toBe(true);
    expect(logger.lines.some((l) => l.includes("BEGIN (implicit)"))).toBe(true);

    const hidden = captureLogger();
    const h = engine({ echo: true, logger: hidden, hideParameters: true });
    try {
      await using conn = h.connect();
      await conn.execute(select(items.c.id).where(items.c.data.eq("secret-param")));
      const err = await errorOf(
        conn.execute(text("SELECT nosuchcolumn FROM DUAL WHERE 1 = :p"), { p: "secret-param" }),
      );
      expect(String(err)).not.toContain("secret-param");
      expect(err.params).toBeUndefined();
      expect(String(err)).toContain("hidden");
    } finally {
      await h.dispose();
    }
    expect(hidden.lines.some((l) => l.includes("secret-param"))).toBe(false);
    expect(hidden.lines.some((l) => l.includes("hideParameters"))).toBe(true);
  });

  it("the compiled cache counts hits and misses", async () => {
    const e = engine();
    try {
      const cache = e.syncEngine.compiledCache;
      await using conn = e.connect();
      const q = (id: number) => select(items.c.data).where(items.c.id.eq(id));
      const misses0 = cache.misses;
      const hits0 = cache.hits;
      await conn.execute(q(1));
      expect(cache.misses).toBe(misses0 + 1);
      await conn.execute(q(2));
      await conn.execute(q(3));
      expect(cache.hits).toBe(hits0 + 2);
      expect(cache.misses).toBe(misses0 + 1);
      console.log(`compiled cache: hits=${cache.hits} misses=${cache.misses}`);
    } finally {
      await e.dispose();
    }
  });

  it("conn.stream() with for await reads through a server-side cursor", async () => {
    await clear();
    await shared.begin(async (conn) => {
      await conn.execute(
        insert(items),
        Array.from({ length: 500 }, (_, i) => ({ id: i + 1, data: `s${i}` })),
      );
    });
    await using conn = shared.connect();
    const result = await conn.stream(select(items.c.id, items.c.data).orderBy(items.c.id), undefined, {
      yieldPer: 50,
    });
    let n = 0;
    for await (const row of result) {
      n += 1;
      expect(Number(row.id)).toBe(n);
    }
    expect(n).toBe(500);
    // a stream closed early releases its cursor; the connection goes on
    const early = await conn.stream(select(items.c.id).orderBy(items.c.id));
    for await (const row of early) {
      if (Number(row.id) === 3) break;
    }
    expect(Number(await conn.scalar(text("SELECT 41 + 1")))).toBe(42);
  });

  it("await using closes connections and rolls back transactions", async () => {
    await clear();
    const e = engine({ poolSize: 1, maxOverflow: 0, poolTimeout: 2 });
    try {
      {
        await using conn = e.connect();
        await using tx = await conn.begin();
        void tx;
        await conn.execute(insert(items).values({ id: 1, data: "rolled back" }));
      }
      // the single pooled connection was returned: this checkout does not time out
      await using conn = e.connect();
      expect(await (await conn.execute(select(items.c.id))).all()).toEqual([]);
    } finally {
      await e.dispose();
    }
  });

  it("the sync API with the async-only mysql2 driver raises AsyncOnlyError naming createAsyncEngine", () => {
    const e = createEngine(live.url(), { dialect: new MySQL2Dialect() });
    const conn = e.connect();
    let err: unknown;
    try {
      conn.execute(text("SELECT 1"));
    } catch (caught) {
      err = caught;
    }
    expect(err).toBeInstanceOf(AsyncOnlyError);
    expect(String((err as Error).message)).toContain("createAsyncEngine");
    console.log(`sync API on mysql2: ${(err as Error).message}`);
  });
});
