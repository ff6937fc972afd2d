/**
 * The engine workloads on PostgreSQL (pg), with the async API, on the
 * database of `ATHANOR_PG_URL`. Every tool has one connection of its own:
 *
 * - raw: a `pg.Client`; parameterized queries (`client.query(sql, values)`),
 *   rows as objects. pg has no executemany, so the insert is multi-row
 *   `INSERT .. VALUES ($1, ..), (..)` statements of 1,000 rows between
 *   BEGIN and COMMIT. pg's own parsers convert timestamps to `Date`.
 * - athanor: `createAsyncEngine`: `conn.execute(insert(t), rows)`
 *   (executemany, which Core sends as multi-row INSERT pages of 1,000:
 *   "insertmanyvalues") inside `conn.begin()`; `select(t)` `.all()`;
 *   `select(t).where(t.c.id.eq(i))` `.one()`. Converts `created_at` Date ↔
 *   text itself (the adapter keeps pg from parsing timestamps, in the local
 *   time zone); "athanor (no conversion)" declares `created_at` as text.
 * - kysely: `PostgresDialect` over a `pg.Pool` of one connection; the insert
 *   is `insertInto().values(page)` in pages of 1,000 inside a transaction;
 *   the PK loop runs on one pinned connection (`db.connection()`). Converts
 *   nothing itself (pg's parsers do, as for raw).
 * - drizzle: `drizzle-orm/node-postgres` over one `pg.Client`; pages of
 *   1,000 inside `db.transaction()`. Converts timestamps itself (as Athanor).
 */
import { createAsyncEngine } from "@athanor/asyncio-compat";
import { insert, registerDialect, select } from "@athanor/core";
import { dialectEntries } from "@athanor/dialect-postgresql";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { integer, numeric, pgTable, timestamp, varchar } from "drizzle-orm/pg-core";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { typedTables, untypedTables } from "./athanor-tables.js";
import {
  createTableSql,
  expectEqual,
  INSERT_TABLE,
  lookupIds,
  PAGE,
  ROWS,
  rows,
  SELECT_TABLE,
  type ToolRun,
  textRows,
  WORKLOAD_NAMES,
  type Workload,
} from "./common.js";

const COLUMNS = "id, name, email, age, score, created_at";

interface KyselyTable {
  id: number;
  name: string;
  email: string;
  age: number;
  score: string;
  created_at: Date;
}
interface KyselyDB {
  bench_insert: KyselyTable;
  bench_select: KyselyTable;
}

function drizzleTable(name: string) {
  return pgTable(name, {
    id: integer("id").primaryKey(),
    name: varchar("name", { length: 50 }).notNull(),
    email: varchar("email", { length: 100 }).notNull(),
    age: integer("age").notNull(),
    score: numeric("score", { precision: 10, scale: 2 }).notNull(),
    created_at: timestamp("created_at").notNull(),
  });
}

function pages<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** `INSERT INTO t (...) VALUES ($1, .., $6), ($7, ..)` for `n` rows. */
function multiRowInsert(table: string, n: number): string {
  const tuples: string[] = [];
  for (let r = 0; r < n; r++) {
    const b = r * 6;
    tuples.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`);
  }
  return `INSERT INTO ${table} (${COLUMNS}) VALUES ${tuples.join(", ")}`;
}

/** The athanor URL for a `postgres://` / `postgresql://` URL. */
function athanorUrl(url: string): string {
  return url.replace(/^postgres(?:ql)?(?:\+\w+)?:\/\//, "postgresql+pg://");
}

/** The PostgreSQL workloads for the database at `url`, and a function that drops the tables and disconnects. */
export async function postgresqlWorkloads(
  url: string,
): Promise<{ workloads: Workload[]; close: () => Promise<void> }> {
  // --- the database: two tables, one filled for the select workloads --------------------
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  for (const t of [INSERT_TABLE, SELECT_TABLE]) {
    await raw.query(`DROP TABLE IF EXISTS ${t}`);
    await raw.query(createTableSql(t));
  }
  const pageSql = multiRowInsert(INSERT_TABLE, PAGE);
  const flat = (
    list: readonly {
      id: number;
      name: string;
      email: string;
      age: number;
      score: string;
      created_at: unknown;
    }[],
  ) => list.flatMap((r) => [r.id, r.name, r.email, r.age, r.score, r.created_at]);
  {
    const fill = multiRowInsert(SELECT_TABLE, PAGE);
    await raw.query("BEGIN");
    for (const page of pages(rows, PAGE)) await raw.query(fill, flat(page));
    await raw.query("COMMIT");
    await raw.query(`VACUUM ANALYZE ${SELECT_TABLE}`);
  }
  const clearRaw = () => raw.query(`TRUNCATE ${INSERT_TABLE}`);
  const checkInserted = async () => {
    const r = await raw.query(`SELECT count(*)::int AS n FROM ${INSERT_TABLE}`);
    expectEqual(r.rows[0].n, ROWS, "rows inserted");
  };
  const checkAll = (v: unknown) => expectEqual(v, ROWS, "rows selected");
  const checkLookups = (v: unknown) => expectEqual(v, lookupIds.length, "rows found");
  const selectAllSql = `SELECT ${COLUMNS} FROM ${SELECT_TABLE}`;
  const selectOneSql = `SELECT ${COLUMNS} FROM ${SELECT_TABLE} WHERE id = $1`;

  // --- Athanor -----------------------------------------------------------------------------
  // Registered from this module graph: left to itself, createEngine loads the dialect package with
  // require(), which (in an ES module program) can bring a second copy of core whose type classes
  // the dialect's type adaptation does not recognise (no value conversion at all).
  for (const entry of dialectEntries) registerDialect(entry);
  const engine = createAsyncEngine(athanorUrl(url));
  const typed = typedTables();
  const untyped = untypedTables("postgresql");

  // --- Kysely ------------------------------------------------------------------------------
  const kysely = new Kysely<KyselyDB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  });

  // --- Drizzle -----------------------------------------------------------------------------
  const drizzleClient = new pg.Client({ connectionString: url });
  await drizzleClient.connect();
  const drizzleDb = drizzle({ client: drizzleClient });
  const dInsert = drizzleTable(INSERT_TABLE);
  const dSelect = drizzleTable(SELECT_TABLE);

  // checkInserted is async: ToolRun.check must be sync, so the count is checked in `before` of the next run
  // and once at the end; a wrong count throws there.
  let pendingCheck = false;
  const beforeInsert = async () => {
    if (pendingCheck) await checkInserted();
    pendingCheck = true;
    await clearRaw();
  };

  const insertTools = new Map<string, ToolRun>([
    [
      "raw",
      {
        before: beforeInsert,
        run: async () => {
          // The values are laid out from the row objects inside the timed run, as the other tools do.
          await raw.query("BEGIN");
          for (const page of pages(rows, PAGE)) await raw.query(pageSql, flat(page));
          await raw.query("COMMIT");
        },
      },
    ],
    [
      "athanor",
      {
        before: beforeInsert,
        run: () => engine.begin(async (c) => (await c.execute(insert(typed.insert), rows)).rowcount),
      },
    ],
    [
      "athanor (no conversion)",
      {
        before: beforeInsert,
        run: () => engine.begin(async (c) => (await c.execute(insert(untyped.insert), textRows)).rowcount),
      },
    ],
    [
      "kysely",
      {
        before: beforeInsert,
        run: () =>
          kysely.transaction().execute(async (trx) => {
            for (const page of pages(rows, PAGE)) await trx.insertInto("bench_insert").values(page).execute();
          }),
      },
    ],
    [
      "drizzle",
      {
        before: beforeInsert,
        run: () =>
          drizzleDb.transaction(async (tx) => {
            for (const page of pages(rows, PAGE)) await tx.insert(dInsert).values(page);
          }),
      },
    ],
  ]);

  const athanorAll = async (t: typeof typed.select | typeof untyped.select) => {
    const c = engine.connect();
    try {
      return (await (await c.execute(select(t))).all()).length;
    } finally {
      await c.close();
    }
  };
  const selectAllTools = new Map<string, ToolRun>([
    ["raw", { run: async () => (await raw.query(selectAllSql)).rows.length, check: checkAll }],
    ["athanor", { run: () => athanorAll(typed.select), check: checkAll }],
    ["athanor (no conversion)", { run: () => athanorAll(untyped.select), check: checkAll }],
    [
      "kysely",
      {
        run: async () => (await kysely.selectFrom("bench_select").selectAll().execute()).length,
        check: checkAll,
      },
    ],
    ["drizzle", { run: async () => (await drizzleDb.select().from(dSelect)).length, check: checkAll }],
  ]);

  const athanorPk = async (t: typeof typed.select | typeof untyped.select) => {
    const c = engine.connect();
    try {
      let n = 0;
      for (const id of lookupIds)
        if ((await (await c.execute(select(t).where(t.c.id.eq(id)))).one()).id === id) n++;
      return n;
    } finally {
      await c.close();
    }
  };
  const pkTools = new Map<string, ToolRun>([
    [
      "raw",
      {
        run: async () => {
          let n = 0;
          for (const id of lookupIds) if ((await raw.query(selectOneSql, [id])).rows[0].id === id) n++;
          return n;
        },
        check: checkLookups,
      },
    ],
    ["athanor", { run: () => athanorPk(typed.select), check: checkLookups }],
    ["athanor (no conversion)", { run: () => athanorPk(untyped.select), check: checkLookups }],
    [
      "kysely",
      {
        run: () =>
          kysely.connection().execute(async (db) => {
            let n = 0;
            for (const id of lookupIds) {
              const row = await db
                .selectFrom("bench_select")
                .selectAll()
                .where("id", "=", id)
                .executeTakeFirstOrThrow();
              if (row.id === id) n++;
            }
            return n;
          }),
        check: checkLookups,
      },
    ],
    [
      "drizzle",
      {
        run: async () => {
          let n = 0;
          for (const id of lookupIds) {
            const [row] = await drizzleDb.select().from(dSelect).where(eq(dSelect.id, id));
            if (row?.id === id) n++;
          }
          return n;
        },
        check: checkLookups,
      },
    ],
  ]);

  const database = "postgresql";
  return {
    workloads: [
      { name: WORKLOAD_NAMES.insert, database, tools: insertTools },
      { name: WORKLOAD_NAMES.selectAll, database, tools: selectAllTools },
      { name: WORKLOAD_NAMES.pk, database, tools: pkTools },
    ],
    close: async () => {
      if (pendingCheck) await checkInserted();
      await engine.dispose();
      await kysely.destroy();
      await drizzleClient.end();
      for (const t of [INSERT_TABLE, SELECT_TABLE]) await raw.query(`DROP TABLE IF EXISTS ${t}`);
      await raw.end();
    },
  };
}
