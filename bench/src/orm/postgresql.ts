/**
 * The ORM workloads on PostgreSQL (pg), on the database of `ATHANOR_PG_URL`:
 * Athanor's `AsyncSession` (from `@athanor/asyncio-compat/orm`), MikroORM 6 (`@mikro-orm/postgresql`)
 * and TypeORM 1.x (`postgres` driver) over pg, and the raw driver (one
 * `pg.Client`). The same logical work as on SQLite (see `./sqlite.ts`); the
 * differences:
 *
 * - raw insert: multi-row `INSERT .. VALUES (..), (..) RETURNING id` pages of
 *   1,000 rows between BEGIN and COMMIT (pg has no executemany), the keys
 *   copied to the objects in order;
 * - raw eager: the children with `WHERE parent_id = ANY($1)`;
 * - raw update: one parameterized UPDATE per row between BEGIN and COMMIT.
 *
 * Checks that need the database run before the next run (`ToolRun.check` is sync).
 */
import { createAsyncEngine } from "@athanor/asyncio-compat";
import { AsyncSession } from "@athanor/asyncio-compat/orm";
import { registerDialect, select } from "@athanor/core";
import { dialectEntries } from "@athanor/dialect-postgresql";
import { instanceState, selectinload } from "@athanor/orm";
import { MikroORM } from "@mikro-orm/postgresql";
import pg from "pg";
import "reflect-metadata";
import { DataSource, LessThanOrEqual } from "typeorm";
import { expectEqual, type ToolRun, type Workload } from "../workloads/common.js";
import { Item, NewItem, Parent } from "./athanor-models.js";
import {
  CHILDREN_PER_PARENT,
  itemValues,
  MODIFIED,
  modifiedName,
  OBJECTS,
  ORM_WORKLOAD_NAMES,
  ormDdl,
  PARENTS,
  seedRows,
  TABLES,
} from "./common.js";
import { MItem, MNewItem, MParent, mikroEntities } from "./mikro-models.js";
import { type TItemShape, typeormEntities } from "./typeorm-models.js";

/** The athanor URL for a `postgres://` / `postgresql://` URL. */
function athanorUrl(url: string): string {
  return url.replace(/^postgres(?:ql)?(?:\+\w+)?:\/\//, "postgresql+pg://");
}

function pages<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** `INSERT INTO t (cols) VALUES ($1, ..), (..)` for `n` rows of `width` values. */
function multiRow(head: string, n: number, width: number): string {
  const tuples: string[] = [];
  for (let r = 0; r < n; r++)
    tuples.push(`(${Array.from({ length: width }, (_, j) => `$${r * width + j + 1}`).join(", ")})`);
  return `${head} VALUES ${tuples.join(", ")}`;
}

/** The PostgreSQL ORM workloads for the database at `url`, notes, and a function that drops the tables. */
export async function ormPostgresqlWorkloads(url: string): Promise<{
  workloads: Workload[];
  notes: string[];
  close: () => Promise<void>;
}> {
  const notes: string[] = [];
  const drop = `DROP TABLE IF EXISTS ${TABLES.child}, ${TABLES.parent}, ${TABLES.item}, ${TABLES.insert}`;

  // --- the database --------------------------------------------------------------------
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  await raw.query(drop);
  for (const ddl of ormDdl("postgresql")) await raw.query(ddl);
  {
    const seed = seedRows("postgresql");
    await raw.query("BEGIN");
    for (const [table, width, list] of [
      [TABLES.item, 6, seed.items],
      [TABLES.parent, 2, seed.parents],
      [TABLES.child, 3, seed.children],
    ] as const)
      for (const page of pages(list as unknown[][], 1000))
        await raw.query(multiRow(`INSERT INTO ${table}`, page.length, width), page.flat());
    // The seeded keys were given explicitly: the sequences go on after them.
    for (const table of [TABLES.item, TABLES.parent, TABLES.child])
      await raw.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`,
      );
    await raw.query("COMMIT");
    for (const table of [TABLES.item, TABLES.parent, TABLES.child])
      await raw.query(`VACUUM ANALYZE ${table}`);
  }

  let pendingInsert = false;
  const beforeInsert = async () => {
    if (pendingInsert) {
      const r = await raw.query(`SELECT count(*)::int AS n FROM ${TABLES.insert}`);
      expectEqual(r.rows[0].n, OBJECTS, "rows inserted");
    }
    pendingInsert = true;
    await raw.query(`TRUNCATE ${TABLES.insert}`);
  };
  const checkInsert = (v: unknown) => {
    const objs = v as { id?: number }[];
    expectEqual(objs.length, OBJECTS, "new objects");
    expectEqual(typeof objs[0]?.id, "number", "key of the first new object");
    expectEqual(typeof objs[OBJECTS - 1]?.id, "number", "key of the last new object");
  };
  const checkLoad = (v: unknown) => expectEqual(v, OBJECTS, "objects loaded");
  const checkEager = (v: unknown) => expectEqual(v, PARENTS * CHILDREN_PER_PARENT, "children loaded");
  let round = 0;
  let pendingUpdate = false;
  const beforeUpdate = async () => {
    if (pendingUpdate) {
      const r = await raw.query(`SELECT id, name FROM ${TABLES.item} WHERE id IN (1, $1, $2) ORDER BY id`, [
        MODIFIED,
        MODIFIED + 1,
      ]);
      expectEqual(r.rows[0].name, modifiedName(1, round), "name of object 1 after the update");
      expectEqual(r.rows[1].name, modifiedName(MODIFIED, round), `name of object ${MODIFIED}`);
      expectEqual(r.rows[2].name, `user ${MODIFIED + 1}`, "an object not modified");
    }
    pendingUpdate = true;
  };
  const checkUpdate = (v: unknown) => expectEqual(v, MODIFIED, "objects modified");

  // --- raw pg -------------------------------------------------------------------------------
  const ITEM_COLUMNS = "id, name, email, age, score, created_at";
  const insertPage = multiRow(`INSERT INTO ${TABLES.insert} (name, email, age, score, created_at)`, 1000, 5);

  // --- Athanor ------------------------------------------------------------------------------
  for (const entry of dialectEntries) registerDialect(entry);
  const engine = createAsyncEngine(athanorUrl(url));
  const session = async <T>(fn: (s: AsyncSession) => Promise<T>): Promise<T> => {
    const s = new AsyncSession(engine);
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  };

  // --- MikroORM -----------------------------------------------------------------------------
  const mikro = await MikroORM.init({
    clientUrl: url,
    entities: mikroEntities,
    discovery: { disableDynamicFileAccess: true },
    debug: false,
  });

  // --- TypeORM ------------------------------------------------------------------------------
  const t = typeormEntities("postgresql");
  const typeorm = new DataSource({
    type: "postgres",
    url,
    entities: [t.newItem, t.item, t.parent, t.child],
    synchronize: false,
    logging: false,
  });
  await typeorm.initialize();

  /** The tools of a workload, Athanor's run after raw. */
  const withAthanor = (tools: [string, ToolRun][], athanor: ToolRun) =>
    new Map([tools[0] as [string, ToolRun], ["athanor", athanor], ...tools.slice(1)]);

  const insertTools = withAthanor(
    [
      [
        "raw",
        {
          before: beforeInsert,
          run: async () => {
            const objs = itemValues.map((v) => ({ id: 0, ...v }));
            await raw.query("BEGIN");
            for (const page of pages(objs, 1000)) {
              const params = page.flatMap((o) => [o.name, o.email, o.age, o.score, o.createdAt]);
              const sql =
                page.length === 1000
                  ? insertPage
                  : multiRow(
                      `INSERT INTO ${TABLES.insert} (name, email, age, score, created_at)`,
                      page.length,
                      5,
                    );
              const r = await raw.query(`${sql} RETURNING id`, params);
              page.forEach((o, i) => {
                o.id = r.rows[i].id;
              });
            }
            await raw.query("COMMIT");
            return objs;
          },
          check: checkInsert,
        },
      ],
      [
        "mikro-orm",
        {
          before: beforeInsert,
          run: async () => {
            const em = mikro.em.fork();
            const objs = itemValues.map((v) => Object.assign(new MNewItem(), v));
            em.persist(objs);
            await em.flush();
            return objs;
          },
          check: checkInsert,
        },
      ],
      [
        "typeorm",
        {
          before: beforeInsert,
          run: async () => {
            const objs: TItemShape[] = itemValues.map((v) => ({ ...v }));
            await typeorm.getRepository(t.newItem).save(objs, { chunk: 1000 });
            return objs;
          },
          check: checkInsert,
        },
      ],
    ],
    {
      before: beforeInsert,
      run: () =>
        session(async (s) => {
          const objs = itemValues.map((v) => new NewItem(v));
          s.addAll(objs);
          await s.commit();
          return objs.map((o) => ({ id: instanceState(o).identity?.[0] as number }));
        }),
      check: checkInsert,
    },
  );

  const loadTools = withAthanor(
    [
      [
        "raw",
        {
          run: async () => (await raw.query(`SELECT ${ITEM_COLUMNS} FROM ${TABLES.item}`)).rows.length,
          check: checkLoad,
        },
      ],
      ["mikro-orm", { run: async () => (await mikro.em.fork().find(MItem, {})).length, check: checkLoad }],
      ["typeorm", { run: async () => (await typeorm.getRepository(t.item).find()).length, check: checkLoad }],
    ],
    { run: () => session(async (s) => (await s.scalars(select(Item))).all().length), check: checkLoad },
  );

  const countChildren = (parents: readonly { children: { length: number } }[]) => {
    let n = 0;
    for (const p of parents) n += p.children.length;
    return n;
  };
  const rawEager = async () => {
    const parents = (await raw.query(`SELECT id, name FROM ${TABLES.parent}`)).rows as {
      id: number;
      children: unknown[];
    }[];
    const byId = new Map<number, (typeof parents)[number]>();
    for (const p of parents) {
      p.children = [];
      byId.set(p.id, p);
    }
    const children = await raw.query(
      `SELECT id, parent_id, name FROM ${TABLES.child} WHERE parent_id = ANY($1)`,
      [[...byId.keys()]],
    );
    for (const c of children.rows as { parent_id: number }[]) byId.get(c.parent_id)?.children.push(c);
    return countChildren(parents);
  };
  const eagerTools = withAthanor(
    [
      ["raw", { run: rawEager, check: checkEager }],
      [
        "mikro-orm",
        {
          run: async () =>
            countChildren(
              (await mikro.em.fork().find(MParent, {}, { populate: ["children"] })).map((p) => ({
                children: p.children.getItems(),
              })),
            ),
          check: checkEager,
        },
      ],
      [
        "typeorm",
        {
          run: async () =>
            countChildren(await typeorm.getRepository(t.parent).find({ relations: { children: true } })),
          check: checkEager,
        },
      ],
    ],
    {
      run: () =>
        session(async (s) =>
          countChildren(
            (await s.scalars(select(Parent).options(selectinload(Parent.children)))).all() as never,
          ),
        ),
      check: checkEager,
    },
  );

  const updateTools = withAthanor(
    [
      [
        "raw",
        {
          before: beforeUpdate,
          run: async () => {
            round++;
            const list = (
              await raw.query(`SELECT ${ITEM_COLUMNS} FROM ${TABLES.item} WHERE id <= $1`, [MODIFIED])
            ).rows as { id: number; name: string }[];
            for (const o of list) o.name = modifiedName(o.id, round);
            await raw.query("BEGIN");
            for (const o of list)
              await raw.query(`UPDATE ${TABLES.item} SET name = $1 WHERE id = $2`, [o.name, o.id]);
            await raw.query("COMMIT");
            return list.length;
          },
          check: checkUpdate,
        },
      ],
      [
        "mikro-orm",
        {
          before: beforeUpdate,
          run: async () => {
            round++;
            const em = mikro.em.fork();
            const list = await em.find(MItem, { id: { $lte: MODIFIED } });
            for (const o of list) o.name = modifiedName(o.id, round);
            await em.flush();
            return list.length;
          },
          check: checkUpdate,
        },
      ],
      [
        "typeorm",
        {
          before: beforeUpdate,
          run: async () => {
            round++;
            const repo = typeorm.getRepository(t.item);
            const list = await repo.find({ where: { id: LessThanOrEqual(MODIFIED) } });
            for (const o of list) o.name = modifiedName(o.id as number, round);
            await repo.save(list);
            return list.length;
          },
          check: checkUpdate,
        },
      ],
    ],
    {
      before: beforeUpdate,
      run: () =>
        session(async (s) => {
          round++;
          const list = (await s.scalars(select(Item).where(Item.id.le(MODIFIED)))).all() as Item[];
          for (const o of list) o.name = modifiedName(o.id, round);
          await s.commit();
          return list.length;
        }),
      check: checkUpdate,
    },
  );

  const database = "postgresql";
  const workloads: Workload[] = [
    { name: ORM_WORKLOAD_NAMES.insert, database, tools: insertTools },
    { name: ORM_WORKLOAD_NAMES.load, database, tools: loadTools },
    { name: ORM_WORKLOAD_NAMES.eager, database, tools: eagerTools },
    { name: ORM_WORKLOAD_NAMES.update, database, tools: updateTools },
  ];
  if (AsyncSession !== undefined) {
    // The lazy 1 + N variant needs lazy loading, which an async session cannot do on attribute
    // access (SQLAlchemy's asyncio raises there too); `awaitableAttrs` would be its async form.
    notes.push(`${ORM_WORKLOAD_NAMES.eagerLazy} [postgresql]: not run (lazy loading is sync-only)`);
  }
  return {
    workloads,
    notes,
    close: async () => {
      if (pendingInsert) await beforeInsert();
      if (pendingUpdate) await beforeUpdate();
      await mikro.close(true);
      await typeorm.destroy();
      await engine.dispose();
      await raw.query(drop);
      await raw.end();
    },
  };
}
