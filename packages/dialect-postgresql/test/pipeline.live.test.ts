/**
 * Live tests of pipelined executemany (pg-pipeline.ts) against the PostgreSQL
 * at ATHANOR_PG_URL: through the adapter (rowcounts, RETURNING order, errors
 * in the middle and at the end of a batch, a value pg cannot bind, the
 * one-at-a-time path outside a transaction) and through the engine (the
 * error wrapped as IntegrityError, the rollback, the connection reused).
 * Tables have unique names and are dropped afterwards: the database is shared.
 */
import { createAsyncEngine } from "@athanor/asyncio-compat";
import {
  bindparam,
  Column,
  type DriverConnection,
  Integer,
  IntegrityError,
  insert,
  MetaData,
  makeUrl,
  type Op,
  perform,
  String as SqlString,
  select,
  Table,
  update,
} from "@athanor/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PGDialectPg, type PgConnection } from "../src/index.js";
import { runAsync, sql, uniqueName } from "./helpers.js";
import { liveDatabase } from "./live.js";

const live = liveDatabase("ATHANOR_PG_URL", "scripts/db/pg-up.sh");
const dialect = new PGDialectPg();
const adapter = dialect.driverAdapter();
const ROWS = 300;

async function connect(driverOptions: Record<string, unknown> = {}): Promise<PgConnection> {
  return (await runAsync(
    (function* (): Op<DriverConnection> {
      const conn = yield* perform(
        adapter.connect(dialect.createConnectArgs(makeUrl(live.url()), driverOptions)),
      );
      yield* dialect.onConnect(conn);
      return conn;
    })(),
  )) as PgConnection;
}

async function errorOf(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

/** pg's pipeline flag at each query the client is given (pg's `query` wrapped). */
function recordPipelineFlag(conn: PgConnection): boolean[] {
  const client = conn.client as unknown as { pipeline: boolean; query: (...a: unknown[]) => unknown };
  const seen: boolean[] = [];
  const query = client.query;
  client.query = function (this: unknown, ...args: unknown[]) {
    seen.push(client.pipeline);
    return query.apply(this, args);
  };
  return seen;
}

/** The statement texts pg sends a Parse for (pg's protocol connection's `parse` wrapped). */
function recordParses(conn: PgConnection): string[] {
  const connection = (conn.client as unknown as { connection: { parse: (m: { text: string }) => void } })
    .connection;
  const parsed: string[] = [];
  const parse = connection.parse;
  connection.parse = function (this: unknown, msg: { text: string }) {
    parsed.push(msg.text);
    return parse.call(this, msg);
  };
  return parsed;
}

const pipelineFlag = (conn: PgConnection) => (conn.client as unknown as { pipeline: boolean }).pipeline;
/** Lets pg read whatever the server still has to say (a ReadyForQuery after an error). */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe.skipIf(live.skip)("pg pipelined executemany (live PostgreSQL)", () => {
  const table = uniqueName("pg_pipe");
  let conn: PgConnection;
  const run = <T>(op: Op<T>) => runAsync(op);
  const many = (text: string, sets: unknown[][], returnsRows = false) =>
    run(perform(conn.executeMany(text, sets, { returnsRows })));
  const names = async () =>
    (await run(sql(conn, `SELECT name FROM ${table} ORDER BY id`))).rows.map((r) => r[0]);
  const ids = Array.from({ length: ROWS }, (_, i) => i + 1);

  beforeAll(async () => {
    conn = await connect();
    await run(sql(conn, `CREATE TABLE ${table} (id integer PRIMARY KEY, name varchar(40) UNIQUE)`));
  });
  afterAll(async () => {
    if (conn === undefined) return;
    await run(perform(conn.rollback()));
    await run(sql(conn, `DROP TABLE ${table}`));
    await run(perform(conn.close()));
  });
  beforeEach(async () => {
    // A failed test may leave its transaction open: each test starts outside one.
    await run(perform(conn.rollback()));
    await run(sql(conn, `DELETE FROM ${table}`));
    await run(sql(conn, `INSERT INTO ${table} SELECT g, 'n' || g FROM generate_series(1, ${ROWS}) g`));
  });

  it("sends every set of a batch in a transaction pipelined, sums rowcounts and changes every row", async () => {
    await run(perform(conn.begin()));
    const seen = recordPipelineFlag(conn);
    const r = await many(
      `UPDATE ${table} SET name = $1 WHERE id = $2`,
      ids.map((id) => [`u${id}`, id]),
    );
    expect(r.rowcount).toBe(ROWS);
    expect(seen).toEqual(ids.map(() => true));
    expect(pipelineFlag(conn)).toBe(false);
    // An UPDATE matching several rows per set, and sets matching none, count as the server says.
    const d = await many(`DELETE FROM ${table} WHERE id > $1 AND id <= $2`, [
      [0, 10],
      [1000, 2000],
      [10, 15],
    ]);
    expect(d.rowcount).toBe(15);
    await run(perform(conn.commit()));
    expect(await names()).toEqual(ids.filter((id) => id > 15).map((id) => `u${id}`));
  });

  it("returns RETURNING rows in the order of the sets", async () => {
    await run(perform(conn.begin()));
    const order = [7, 3, 250, 1, 99, 42];
    const r = await many(
      `UPDATE ${table} SET name = name || '!' WHERE id = $1 RETURNING id, name`,
      order.map((id) => [id]),
      true,
    );
    expect(r.rows).toEqual(order.map((id) => [id, `n${id}!`]));
    expect(r.columns?.map((c) => c.name)).toEqual(["id", "name"]);
    expect(r.rowcount).toBe(order.length);
    await run(perform(conn.rollback()));
  });

  it("raises the first real error of a batch, not the aborted transaction's, and the connection recovers", async () => {
    await run(perform(conn.begin()));
    // The 101st set takes the name of a row not renamed yet: a unique violation; every later set then fails
    // with "current transaction is aborted" (25P02), which must not be what is raised.
    const sets = ids.map((id) => [id === 101 ? `n${ROWS}` : `u${id}`, id]);
    const err = await errorOf(many(`UPDATE ${table} SET name = $1 WHERE id = $2`, sets));
    expect(err.code).toBe("23505");
    expect(dialect.classifyError(err)).toBe("IntegrityError");
    expect(conn.inTransaction).toBe(true);
    await run(perform(conn.rollback()));
    expect(conn.inTransaction).toBe(false);
    expect(pipelineFlag(conn)).toBe(false);
    expect(await names()).toEqual(ids.map((id) => `n${id}`));
    // The connection pipelines the next batch as usual.
    await run(perform(conn.begin()));
    const r = await many(`UPDATE ${table} SET name = $1 WHERE id = $2`, [
      ["x1", 1],
      ["x2", 2],
    ]);
    expect(r.rowcount).toBe(2);
    await run(perform(conn.commit()));
    expect((await names()).slice(0, 3)).toEqual(["x1", "x2", "n3"]);
  });

  it("recovers from an error in the last set of a batch", async () => {
    await run(perform(conn.begin()));
    const err = await errorOf(
      many(`UPDATE ${table} SET name = $1 WHERE id = $2`, [
        ["a", 1],
        ["b", 2],
        ["n10", 3],
      ]),
    );
    expect(err.code).toBe("23505");
    expect(pipelineFlag(conn)).toBe(false);
    await run(perform(conn.rollback()));
    expect((await run(sql(conn, "SELECT 1 AS one"))).rows).toEqual([[1]]);
    expect((await names()).slice(0, 3)).toEqual(["n1", "n2", "n3"]);
  });

  it("raises a value pg cannot bind, sends no set after it, and the connection recovers", async () => {
    await run(perform(conn.begin()));
    const unbindable = {
      toPostgres() {
        throw new Error("cannot bind this value");
      },
    };
    const err = await errorOf(
      many(`UPDATE ${table} SET name = $1 WHERE id = $2`, [
        ["a", 1],
        [unbindable, 2],
        ["c", 3],
      ]),
    );
    expect(err.message).toBe("cannot bind this value");
    await settle();
    expect(pipelineFlag(conn)).toBe(false);
    // The server saw no error, so the transaction can commit: with the sets before the failed one
    // applied and those after it never sent, as when the sets run one at a time.
    await run(perform(conn.commit()));
    expect((await names()).slice(0, 3)).toEqual(["a", "n2", "n3"]);
    expect((await run(sql(conn, "SELECT 2 AS two"))).rows).toEqual([[2]]);
    // pg closed the batch's prepared statement with the failed set: the next batch prepares another.
    await run(perform(conn.begin()));
    const again = await many(`UPDATE ${table} SET name = $1 WHERE id = $2`, [
      ["b", 2],
      ["c", 3],
    ]);
    expect(again.rowcount).toBe(2);
    await run(perform(conn.commit()));
    expect((await names()).slice(0, 3)).toEqual(["a", "b", "c"]);
  });

  it("prepares a batch's statement once per connection, and anew after DEALLOCATE or an error", async () => {
    // A statement no other test sends on this connection.
    const text = `UPDATE ${table} SET name = $1 WHERE id = $2 AND true`;
    const parses = recordParses(conn);
    const batch = (tag: string) =>
      many(
        text,
        ids.slice(0, 20).map((id) => [`${tag}${id}`, id]),
      );
    await run(perform(conn.begin()));
    expect((await batch("a")).rowcount).toBe(20);
    expect((await batch("b")).rowcount).toBe(20);
    expect(parses.filter((t) => t === text)).toHaveLength(1);
    // DEALLOCATE ALL drops the session's prepared statements: the next batch prepares its own again.
    await run(sql(conn, "DEALLOCATE ALL"));
    expect((await batch("c")).rowcount).toBe(20);
    expect(parses.filter((t) => t === text)).toHaveLength(2);
    await run(perform(conn.commit()));
    expect((await names()).slice(0, 2)).toEqual(["c1", "c2"]);
    // After a failed batch the statement is prepared again under a new name.
    await run(perform(conn.begin()));
    const err = await errorOf(
      many(text, [
        ["d1", 1],
        [`n${ROWS}`, 2],
      ]),
    );
    expect(err.code).toBe("23505");
    await run(perform(conn.rollback()));
    await run(perform(conn.begin()));
    expect((await batch("e")).rowcount).toBe(20);
    await run(perform(conn.commit()));
    expect(parses.filter((t) => t === text)).toHaveLength(3);
    expect((await names()).slice(0, 2)).toEqual(["e1", "e2"]);
  });

  it("sends batches unprepared with preparedBatches: false", async () => {
    const other = await connect({ preparedBatches: false });
    try {
      const text = `UPDATE ${table} SET name = $1 WHERE id = $2`;
      await runAsync(perform(other.begin()));
      const parses = recordParses(other);
      const seen = recordPipelineFlag(other);
      const r = await runAsync(
        perform(
          other.executeMany(
            text,
            [
              ["p1", 1],
              ["p2", 2],
              ["p3", 3],
            ],
            { returnsRows: false },
          ),
        ),
      );
      expect(r.rowcount).toBe(3);
      expect(seen).toEqual([true, true, true]);
      expect(parses.filter((t) => t === text)).toHaveLength(3);
      await runAsync(perform(other.rollback()));
    } finally {
      await runAsync(perform(other.close()));
    }
  });

  it("outside a transaction runs the sets one at a time and stops at the first error", async () => {
    expect(conn.inTransaction).toBe(false);
    const seen = recordPipelineFlag(conn);
    const err = await errorOf(
      many(`UPDATE ${table} SET name = $1 WHERE id = $2`, [
        ["a", 1],
        ["n5", 2],
        ["c", 3],
      ]),
    );
    expect(err.code).toBe("23505");
    expect(seen).toEqual([false, false]);
    // Each statement committed on its own: the first set's change stays, the third never ran.
    expect((await names()).slice(0, 3)).toEqual(["a", "n2", "n3"]);
  });
});

describe.skipIf(live.skip)("pg pipelined executemany through the engine (live PostgreSQL)", () => {
  const md = new MetaData();
  const items = new Table(uniqueName("pg_pipe_eng"), md, {
    id: new Column(Integer, { primaryKey: true, autoincrement: false }),
    name: new Column(SqlString(40), { unique: true }),
  });
  const engine = createAsyncEngine(live.url(), { dialect: new PGDialectPg(), poolSize: 1 });
  const rename = update(items)
    .where(items.c.id.eq(bindparam("b_id")))
    .values({ name: bindparam("b_name") });

  beforeAll(async () => {
    await engine.begin((c) => md.createAll(c));
  });
  afterAll(async () => {
    await engine.begin((c) => md.dropAll(c));
    await engine.dispose();
  });

  it("wraps the batch's unique violation as IntegrityError; the transaction rolls back and the connection is reused", async () => {
    await engine.begin(async (c) => {
      await c.execute(
        insert(items),
        Array.from({ length: 50 }, (_, i) => ({ id: i + 1, name: `n${i + 1}` })),
      );
    });
    {
      await using c = engine.connect();
      const tx = await c.begin();
      const sets = Array.from({ length: 50 }, (_, i) => ({
        b_id: i + 1,
        b_name: i === 24 ? "n50" : `u${i + 1}`,
      }));
      const err = await errorOf(c.execute(rename, sets));
      expect(err).toBeInstanceOf(IntegrityError);
      expect(err.orig.code).toBe("23505");
      await tx.rollback();
      const ok = await c.execute(
        rename,
        Array.from({ length: 50 }, (_, i) => ({ b_id: i + 1, b_name: `v${i + 1}` })),
      );
      expect(ok.rowcount).toBe(50);
      await c.commit();
    }
    await using c = engine.connect();
    const names = await (await c.execute(select(items.c.name).orderBy(items.c.id))).scalars().all();
    expect(names).toEqual(Array.from({ length: 50 }, (_, i) => `v${i + 1}`));
  });
});
