/**
 * The ORM workloads on SQLite (better-sqlite3, one temporary file): Athanor's
 * `Session` (sync), MikroORM 6 (`@mikro-orm/better-sqlite`, on the same
 * better-sqlite3 build), TypeORM 1.x (`better-sqlite3` driver) and the raw
 * driver, each with its own connection to the same file.
 *
 * - insert: Athanor `session.addAll(objects)` + `commit()`; MikroORM
 *   `em.persist(objects)` + `flush()`; TypeORM `repository.save(objects,
 *   { chunk: 1000 })` (one transaction; without `chunk` the single statement
 *   has too many parameters for SQLite); raw: one prepared INSERT per row in a
 *   transaction, the new key read from `lastInsertRowid` into the object.
 * - load: `select(Item)` / `em.find(MItem, {})` / `repository.find()` / a
 *   prepared SELECT (`.all()`, rows as the driver gives them).
 * - eager: Athanor `select(Parent).options(selectinload(Parent.children))`
 *   and the lazy 1 + N variant; MikroORM
 *   `populate: ["children"]` (its default load strategy, joined); TypeORM
 *   `relations: { children: true }` (a LEFT JOIN); raw: the parents, then
 *   their children with one `IN (...)` query, grouped in a `Map`.
 * - update: load 2,000 objects, change `name`, commit (each tool in its own
 *   unit of work); raw: a prepared SELECT, then one prepared UPDATE per row in
 *   a transaction.
 *
 * Each run starts a new session / entity manager, as a request would.
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, registerDialect, select } from "@athanor/core";
import { dialectEntries } from "@athanor/dialect-sqlite";
import * as athanorOrm from "@athanor/orm";
import { Session } from "@athanor/orm";
import { MikroORM } from "@mikro-orm/better-sqlite";
import Database from "better-sqlite3";
import "reflect-metadata";
import { DataSource, LessThanOrEqual } from "typeorm";
import { expectEqual, type ToolRun, type Workload } from "../workloads/common.js";
import { Child, Item, NewItem, Parent } from "./athanor-models.js";
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

/** The SQLite ORM workloads, the notes to print, and a function that closes everything. */
export async function ormSqliteWorkloads(): Promise<{
  workloads: Workload[];
  notes: string[];
  close: () => Promise<void>;
}> {
  const file = join(tmpdir(), `athanor-orm-bench-${process.pid}.sqlite`);
  rmSync(file, { force: true });
  const notes: string[] = [];

  // --- the database --------------------------------------------------------------------
  const raw = new Database(file);
  for (const ddl of ormDdl("sqlite")) raw.exec(ddl);
  {
    const seed = seedRows("sqlite");
    const ins = (t: string, n: number) =>
      raw.prepare(`INSERT INTO ${t} VALUES (${Array.from({ length: n }, () => "?").join(", ")})`);
    const item = ins(TABLES.item, 6);
    const parent = ins(TABLES.parent, 2);
    const child = ins(TABLES.child, 3);
    raw.transaction(() => {
      for (const r of seed.items) item.run(...r);
      for (const r of seed.parents) parent.run(...r);
      for (const r of seed.children) child.run(...r);
    })();
  }
  const clearInserted = () => raw.exec(`DELETE FROM ${TABLES.insert}`);
  const countInserted = () =>
    (raw.prepare(`SELECT count(*) AS n FROM ${TABLES.insert}`).get() as { n: number }).n;
  const checkInsert = (v: unknown) => {
    const objs = v as { id?: number }[];
    expectEqual(countInserted(), OBJECTS, "rows inserted");
    expectEqual(typeof objs[0]?.id, "number", "key of the first new object");
    expectEqual(typeof objs[OBJECTS - 1]?.id, "number", "key of the last new object");
  };
  const checkLoad = (v: unknown) => expectEqual(v, OBJECTS, "objects loaded");
  const checkEager = (v: unknown) => expectEqual(v, PARENTS * CHILDREN_PER_PARENT, "children loaded");
  let round = 0;
  const nameOf = raw.prepare(`SELECT name FROM ${TABLES.item} WHERE id = ?`).pluck();
  const checkUpdate = () => {
    expectEqual(nameOf.get(1), modifiedName(1, round), "name of object 1 after the update");
    expectEqual(nameOf.get(MODIFIED), modifiedName(MODIFIED, round), `name of object ${MODIFIED}`);
    expectEqual(nameOf.get(MODIFIED + 1), `user ${MODIFIED + 1}`, "an object not modified");
  };

  // --- raw better-sqlite3 -----------------------------------------------------------------
  const rawInsert = raw.prepare(
    `INSERT INTO ${TABLES.insert} (name, email, age, score, created_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const rawInsertAll = raw.transaction(() => {
    const objs = itemValues.map((v) => ({ id: 0, ...v }));
    for (const o of objs) {
      const created = o.createdAt.toISOString().replace("T", " ").replace("Z", "");
      o.id = Number(rawInsert.run(o.name, o.email, o.age, o.score, created).lastInsertRowid);
    }
    return objs;
  });
  const ITEM_COLUMNS = "id, name, email, age, score, created_at";
  const rawLoad = raw.prepare(`SELECT ${ITEM_COLUMNS} FROM ${TABLES.item}`);
  const rawParents = raw.prepare(`SELECT id, name FROM ${TABLES.parent}`);
  const rawChildren = raw.prepare(
    `SELECT id, parent_id, name FROM ${TABLES.child} WHERE parent_id IN (${Array.from({ length: PARENTS }, () => "?").join(", ")})`,
  );
  const rawSome = raw.prepare(`SELECT ${ITEM_COLUMNS} FROM ${TABLES.item} WHERE id <= ?`);
  const rawUpdate = raw.prepare(`UPDATE ${TABLES.item} SET name = ? WHERE id = ?`);
  const rawUpdateAll = raw.transaction((list: { id: number; name: string }[]) => {
    for (const o of list) rawUpdate.run(o.name, o.id);
  });

  // --- Athanor ------------------------------------------------------------------------------
  for (const entry of dialectEntries) registerDialect(entry);
  const engine = createEngine(`sqlite+better-sqlite3:///${file}`);
  const session = <T>(fn: (s: Session) => T): T => {
    using s = new Session(engine);
    return fn(s);
  };

  // --- MikroORM -----------------------------------------------------------------------------
  const mikro = await MikroORM.init({
    dbName: file,
    entities: mikroEntities,
    discovery: { disableDynamicFileAccess: true },
    debug: false,
  });

  // --- TypeORM ------------------------------------------------------------------------------
  const t = typeormEntities("sqlite");
  const typeorm = new DataSource({
    type: "better-sqlite3",
    database: file,
    entities: [t.newItem, t.item, t.parent, t.child],
    synchronize: false,
    logging: false,
  });
  await typeorm.initialize();

  const insertTools = new Map<string, ToolRun>([
    ["raw", { before: clearInserted, run: () => rawInsertAll(), check: checkInsert }],
    [
      "athanor",
      {
        before: clearInserted,
        run: () =>
          session((s) => {
            const objs = itemValues.map((v) => new NewItem(v));
            s.addAll(objs);
            s.commit();
            // The keys are read after the commit, as an application would (expired: one SELECT each
            // would follow, so they are read from the identity before it is expired).
            return objs.map((o) => ({ id: athanorOrm.instanceState(o).identity?.[0] as number }));
          }),
        check: checkInsert,
      },
    ],
    [
      "mikro-orm",
      {
        before: clearInserted,
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
        before: clearInserted,
        run: async () => {
          const objs: TItemShape[] = itemValues.map((v) => ({ ...v }));
          await typeorm.getRepository(t.newItem).save(objs, { chunk: 1000 });
          return objs;
        },
        check: checkInsert,
      },
    ],
  ]);

  const loadTools = new Map<string, ToolRun>([
    ["raw", { run: () => rawLoad.all().length, check: checkLoad }],
    ["athanor", { run: () => session((s) => s.scalars(select(Item)).all().length), check: checkLoad }],
    ["mikro-orm", { run: async () => (await mikro.em.fork().find(MItem, {})).length, check: checkLoad }],
    ["typeorm", { run: async () => (await typeorm.getRepository(t.item).find()).length, check: checkLoad }],
  ]);

  const countChildren = (parents: readonly { children: { length: number } }[]) => {
    let n = 0;
    for (const p of parents) n += p.children.length;
    return n;
  };
  const rawEager = () => {
    const parents = rawParents.all() as { id: number; name: string; children: unknown[] }[];
    const byId = new Map<number, (typeof parents)[number]>();
    for (const p of parents) {
      p.children = [];
      byId.set(p.id, p);
    }
    for (const c of rawChildren.all(...byId.keys()) as { parent_id: number }[])
      byId.get(c.parent_id)?.children.push(c);
    return countChildren(parents);
  };
  const eagerTools = new Map<string, ToolRun>([["raw", { run: rawEager, check: checkEager }]]);
  eagerTools.set("athanor", {
    run: () =>
      session((s) =>
        countChildren(
          s.scalars(select(Parent).options(athanorOrm.selectinload(Parent.children))).all() as never,
        ),
      ),
    check: checkEager,
  });
  eagerTools.set("mikro-orm", {
    run: async () =>
      countChildren(
        (await mikro.em.fork().find(MParent, {}, { populate: ["children"] })).map((p) => ({
          children: p.children.getItems(),
        })),
      ),
    check: checkEager,
  });
  eagerTools.set("typeorm", {
    run: async () =>
      countChildren(await typeorm.getRepository(t.parent).find({ relations: { children: true } })),
    check: checkEager,
  });
  const lazyTools = new Map<string, ToolRun>([
    ["raw", { run: rawEager, check: checkEager }],
    [
      "athanor",
      { run: () => session((s) => countChildren(s.scalars(select(Parent)).all())), check: checkEager },
    ],
  ]);
  void Child;

  const updateTools = new Map<string, ToolRun>([
    [
      "raw",
      {
        run: () => {
          round++;
          const list = rawSome.all(MODIFIED) as { id: number; name: string }[];
          for (const o of list) o.name = modifiedName(o.id, round);
          rawUpdateAll(list);
          return list.length;
        },
        check: checkUpdate,
      },
    ],
    [
      "athanor",
      {
        run: () =>
          session((s) => {
            round++;
            const list = s.scalars(select(Item).where(Item.id.le(MODIFIED))).all();
            for (const o of list) o.name = modifiedName(o.id, round);
            s.commit();
            return list.length;
          }),
        check: checkUpdate,
      },
    ],
    [
      "mikro-orm",
      {
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
  ]);

  const database = "sqlite";
  return {
    workloads: [
      { name: ORM_WORKLOAD_NAMES.insert, database, tools: insertTools },
      { name: ORM_WORKLOAD_NAMES.load, database, tools: loadTools },
      { name: ORM_WORKLOAD_NAMES.eager, database, tools: eagerTools },
      { name: ORM_WORKLOAD_NAMES.eagerLazy, database, tools: lazyTools },
      { name: ORM_WORKLOAD_NAMES.update, database, tools: updateTools },
    ],
    notes,
    close: async () => {
      await mikro.close(true);
      await typeorm.destroy();
      engine.dispose();
      raw.close();
      rmSync(file, { force: true });
    },
  };
}
