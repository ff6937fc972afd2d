/**
 * The engine workloads on SQLite (better-sqlite3, one temporary file), with
 * the sync API where a tool has one:
 *
 * - raw: better-sqlite3 prepared statements; the insert is one prepared
 *   INSERT run per row inside `db.transaction()`; rows come back as objects.
 * - athanor: Core's sync API: `conn.execute(insert(t), rows)` (executemany)
 *   inside `engine.begin()`; `select(t)` `.all()`; `select(t).where(t.c.id.eq(i))` `.one()`.
 *   Converts values: `created_at` Date ↔ text, `score` number → exact decimal
 *   text, integers checked for bigint. "athanor (no conversion)" declares the
 *   same columns with types that convert nothing, to show that cost.
 * - kysely: `SqliteDialect` over better-sqlite3 (Kysely's API is async over
 *   the sync driver); the insert is multi-row `insertInto().values(page)` in
 *   pages of 1,000 inside `db.transaction()`. Converts nothing.
 * - drizzle: `drizzle-orm/better-sqlite3`, sync (`.run()`, `.all()`, `.get()`);
 *   multi-row inserts in pages of 1,000 inside `db.transaction()`. Converts
 *   `score` number → string; `created_at` is declared `text`.
 *
 * Every tool has its own connection to the same file, in the default
 * journal mode; the tables are the same for all.
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, insert, registerDialect, select } from "@athanor/core";
import { dialectEntries } from "@athanor/dialect-sqlite";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { integer, numeric, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { Kysely, SqliteDialect } from "kysely";
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
  score: number | string;
  created_at: string;
}
interface KyselyDB {
  bench_insert: KyselyTable;
  bench_select: KyselyTable;
}

function drizzleTable(name: string) {
  return sqliteTable(name, {
    id: integer("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    age: integer("age").notNull(),
    score: numeric("score").notNull(),
    created_at: text("created_at").notNull(),
  });
}

function pages<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The SQLite workloads, and a function that closes every connection and removes the file. */
export function sqliteWorkloads(): { workloads: Workload[]; close: () => Promise<void> } {
  const file = join(tmpdir(), `athanor-bench-${process.pid}.sqlite`);
  rmSync(file, { force: true });

  // --- the database: two tables, one filled for the select workloads --------------------
  const raw = new Database(file);
  raw.exec(createTableSql(INSERT_TABLE));
  raw.exec(createTableSql(SELECT_TABLE));
  {
    const ins = raw.prepare(`INSERT INTO ${SELECT_TABLE} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`);
    raw.transaction(() => {
      for (const r of textRows) ins.run(r.id, r.name, r.email, r.age, r.score, r.created_at);
    })();
  }
  const clearRaw = () => raw.exec(`DELETE FROM ${INSERT_TABLE}`);
  const countInserted = () =>
    (raw.prepare(`SELECT count(*) AS n FROM ${INSERT_TABLE}`).get() as { n: number }).n;
  const checkInserted = () => expectEqual(countInserted(), ROWS, "rows inserted");
  const checkAll = (v: unknown) => expectEqual(v, ROWS, "rows selected");
  const checkLookups = (v: unknown) => expectEqual(v, lookupIds.length, "rows found");

  // --- raw better-sqlite3 ------------------------------------------------------------------
  const rawInsert = raw.prepare(`INSERT INTO ${INSERT_TABLE} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`);
  const rawInsertAll = raw.transaction((list: typeof textRows) => {
    for (const r of list) rawInsert.run(r.id, r.name, r.email, r.age, r.score, r.created_at);
  });
  const rawSelectAll = raw.prepare(`SELECT ${COLUMNS} FROM ${SELECT_TABLE}`);
  const rawSelectOne = raw.prepare(`SELECT ${COLUMNS} FROM ${SELECT_TABLE} WHERE id = ?`);

  // --- Athanor -----------------------------------------------------------------------------
  // Registered from this module graph: left to itself, createEngine loads the dialect package with
  // require(), which (in an ES module program) can bring a second copy of core whose type classes
  // the dialect's type adaptation does not recognise.
  for (const entry of dialectEntries) registerDialect(entry);
  const engine = createEngine(`sqlite+better-sqlite3:///${file}`);
  const typed = typedTables();
  const untyped = untypedTables("sqlite");
  const untypedRows = textRows.map((r) => ({ ...r, score: Number(r.score) }));
  // Each run uses a connection of its own, as application code does (`using conn = engine.connect()`):
  // an open read transaction would otherwise hold SQLite's lock against the other tools' writes.
  const withConn = <T>(fn: (c: ReturnType<typeof engine.connect>) => T): T => {
    using c = engine.connect();
    return fn(c);
  };

  // --- Kysely ------------------------------------------------------------------------------
  const kysely = new Kysely<KyselyDB>({ dialect: new SqliteDialect({ database: new Database(file) }) });

  // --- Drizzle -----------------------------------------------------------------------------
  const drizzleDb = drizzle({ client: new Database(file) });
  const dInsert = drizzleTable(INSERT_TABLE);
  const dSelect = drizzleTable(SELECT_TABLE);

  const insertTools = new Map<string, ToolRun>([
    ["raw", { before: clearRaw, run: () => rawInsertAll(textRows), check: checkInserted }],
    [
      "athanor",
      {
        before: clearRaw,
        run: () => engine.begin((c) => c.execute(insert(typed.insert), rows).rowcount),
        check: checkInserted,
      },
    ],
    [
      "athanor (no conversion)",
      {
        before: clearRaw,
        run: () => engine.begin((c) => c.execute(insert(untyped.insert), untypedRows).rowcount),
        check: checkInserted,
      },
    ],
    [
      "kysely",
      {
        before: clearRaw,
        run: () =>
          kysely.transaction().execute(async (trx) => {
            for (const page of pages(textRows, PAGE))
              await trx.insertInto("bench_insert").values(page).execute();
          }),
        check: checkInserted,
      },
    ],
    [
      "drizzle",
      {
        before: clearRaw,
        run: () =>
          drizzleDb.transaction((tx) => {
            for (const page of pages(textRows, PAGE)) tx.insert(dInsert).values(page).run();
          }),
        check: checkInserted,
      },
    ],
  ]);

  const selectAllTools = new Map<string, ToolRun>([
    ["raw", { run: () => rawSelectAll.all().length, check: checkAll }],
    [
      "athanor",
      { run: () => withConn((c) => c.execute(select(typed.select)).all().length), check: checkAll },
    ],
    [
      "athanor (no conversion)",
      { run: () => withConn((c) => c.execute(select(untyped.select)).all().length), check: checkAll },
    ],
    [
      "kysely",
      {
        run: async () => (await kysely.selectFrom("bench_select").selectAll().execute()).length,
        check: checkAll,
      },
    ],
    ["drizzle", { run: () => drizzleDb.select().from(dSelect).all().length, check: checkAll }],
  ]);

  const pkTools = new Map<string, ToolRun>([
    [
      "raw",
      {
        run: () => {
          let n = 0;
          for (const id of lookupIds) if ((rawSelectOne.get(id) as { id: number }).id === id) n++;
          return n;
        },
        check: checkLookups,
      },
    ],
    ...(
      [
        ["athanor", typed.select],
        ["athanor (no conversion)", untyped.select],
      ] as const
    ).map(
      ([name, t]) =>
        [
          name,
          {
            run: () =>
              withConn((c) => {
                let n = 0;
                for (const id of lookupIds)
                  if (c.execute(select(t).where(t.c.id.eq(id))).one().id === id) n++;
                return n;
              }),
            check: checkLookups,
          },
        ] as [string, ToolRun],
    ),
    [
      "kysely",
      {
        run: async () => {
          let n = 0;
          for (const id of lookupIds) {
            const row = await kysely
              .selectFrom("bench_select")
              .selectAll()
              .where("id", "=", id)
              .executeTakeFirstOrThrow();
            if (row.id === id) n++;
          }
          return n;
        },
        check: checkLookups,
      },
    ],
    [
      "drizzle",
      {
        run: () => {
          let n = 0;
          for (const id of lookupIds) {
            const row = drizzleDb.select().from(dSelect).where(eq(dSelect.id, id)).get();
            if (row?.id === id) n++;
          }
          return n;
        },
        check: checkLookups,
      },
    ],
  ]);

  const database = "sqlite";
  return {
    workloads: [
      { name: WORKLOAD_NAMES.insert, database, tools: insertTools },
      { name: WORKLOAD_NAMES.selectAll, database, tools: selectAllTools },
      { name: WORKLOAD_NAMES.pk, database, tools: pkTools },
    ],
    close: async () => {
      engine.dispose();
      await kysely.destroy();
      drizzleDb.$client.close();
      raw.close();
      rmSync(file, { force: true });
    },
  };
}
