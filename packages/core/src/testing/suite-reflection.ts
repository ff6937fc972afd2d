/**
 * Reflection (SQLAlchemy's `test_reflection.py`): what `inspect(conn)`
 * reads back of tables the suite created — names, columns, keys, indexes,
 * constraints, comments — and `metadata.reflect()` / autoload building
 * Tables that run statements. Gated on `reflection` and finer requirements.
 */
import { expect } from "vitest";
import { listen, removeListener } from "../engine/events.js";
import type { ReflectedColumn } from "../engine/reflection/interfaces.js";
import { NoSuchTableError } from "../engine/reflection/reflector.js";
import { CreateSchema, DropSchema } from "../sql/ddl/elements.js";
import { insert } from "../sql/dml.js";
import { text } from "../sql/elements/text.js";
import { Column } from "../sql/schema/column.js";
import {
  CheckConstraint,
  ForeignKey,
  ForeignKeyConstraint,
  Index,
  PrimaryKeyConstraint,
  UniqueConstraint,
} from "../sql/schema/constraints.js";
import { MetaData, Table } from "../sql/schema/table.js";
import { select } from "../sql/select.js";
import { Integer, Numeric, String as SqlString } from "../sql/types/factories.js";
import { ADDRESS_ROWS, errorOf, USER_ROWS, usersAddresses } from "./fixtures.js";
import type { SuiteConnection } from "./harness.js";
import type { SuiteApi } from "./suite-runner.js";

/** A reflected table (untyped). */
type AnyTable = Table<any, any>;

/** A column of a reflected table, by name. */
const col = (t: AnyTable, name: string) => t.c[name] as Column<any, any, any>;

export function reflectionSuite({ h, test }: SuiteApi): void {
  /**
   * A parent with a composite primary key, defaults and comments; a child
   * with a composite foreign key to it, a named unique and CHECK constraint,
   * and two indexes.
   */
  const parentChild = () => {
    const md = new MetaData();
    const parent = new Table(
      h.name("rparent"),
      md,
      {
        a: new Column(Integer, { autoincrement: false }),
        b: new Column(Integer, { autoincrement: false }),
        label: new Column(SqlString(30), { nullable: false, serverDefault: "none", comment: "the label" }),
        price: new Column(Numeric(10, 2)),
        qty: new Column(Integer, { serverDefault: text("5") }),
      },
      { constraints: [new PrimaryKeyConstraint("a", "b")], comment: "the parent" },
    );
    const [uq, ck, ix, uix] = [h.name("uq_code"), h.name("ck_qty"), h.name("ix_other"), h.name("ux_oq")];
    const child = new Table(
      h.name("rchild"),
      md,
      {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        pa: new Column(Integer),
        pb: new Column(Integer),
        code: new Column(SqlString(20)),
        other: new Column(Integer),
        qty: new Column(Integer),
      },
      {
        constraints: [
          new ForeignKeyConstraint(["pa", "pb"], [`${parent.name}.a`, `${parent.name}.b`], {
            ondelete: "CASCADE",
          }),
          new UniqueConstraint("code", { name: uq }),
          new CheckConstraint("qty > 0", { name: ck }),
        ],
      },
    );
    new Index(ix, child.c.other);
    new Index(uix, child.c.other, child.c.qty, { unique: true });
    return { md, parent, child, uq, ck, ix, uix };
  };

  /** Runs `fn` on the parent/child tables, rolling back what reflection began. */
  const withParentChild = (
    fn: (conn: SuiteConnection, f: ReturnType<typeof parentChild>) => Promise<void>,
  ) => {
    const f = parentChild();
    return h.withTables(f.md, async (conn) => {
      await fn(conn, f);
      await conn.rollback();
    });
  };

  test("table names", ["reflection"], async () => {
    await withParentChild(async (conn, { parent, child }) => {
      const insp = conn.inspector();
      expect(await insp.getTableNames()).toEqual(expect.arrayContaining([parent.name, child.name]));
      expect(await insp.hasTable(parent.name)).toBe(true);
      expect(await insp.hasTable(h.name("nosuch"))).toBe(false);
    });
  });

  test("a view is listed apart from tables, and reflects", ["reflection", "views"], async () => {
    const { users, metadata } = usersAddresses(h);
    const view = h.name("rview");
    await h.withTables(metadata, async (conn) => {
      await h.exec(text(`CREATE VIEW ${view} AS SELECT id, name FROM ${users.name}`));
      try {
        const insp = conn.inspector();
        expect(await insp.getViewNames()).toContain(view);
        expect(await insp.getTableNames()).not.toContain(view);
        expect((await insp.getColumns(view)).map((c) => c.name)).toEqual(["id", "name"]);
        const md = new MetaData();
        await conn.reflect(md, { only: [view], views: true });
        await conn.execute(insert(users).values(USER_ROWS[0] as never));
        const v = md.tables.get(view) as AnyTable;
        expect(await (await conn.execute(select(col(v, "name")))).scalars().all()).toEqual(["jack"]);
      } finally {
        await conn.rollback();
        await h.exec(text(`DROP VIEW ${view}`));
      }
    });
  });

  test("columns: names, nullability, type affinity, string length, defaults", ["reflection"], async () => {
    await withParentChild(async (conn, { parent }) => {
      const cols = await conn.inspector().getColumns(parent.name);
      expect(cols.map((c) => c.name)).toEqual(["a", "b", "label", "price", "qty"]);
      const [a, , label, price, qty] = cols as [ReflectedColumn, ReflectedColumn, ...ReflectedColumn[]];
      expect([a.nullable, label?.nullable, price?.nullable]).toEqual([false, false, true]);
      const affinities = [a, label, price, qty].map((c) => c?.type.affinity);
      expect(affinities).toEqual(["integer", "string", "numeric", "integer"]);
      expect(label?.type).toMatchObject({ length: 30 });
      expect(price?.type).toMatchObject({ precision: 10, scale: 2 });
      expect(label?.default).toMatch(/none/);
      expect(qty?.default).toMatch(/5/);
      expect(price?.default ?? null).toBeNull();
    });
  });

  test("primary keys and foreign keys, composite", ["reflection"], async () => {
    await withParentChild(async (conn, { parent, child }) => {
      const insp = conn.inspector();
      expect((await insp.getPkConstraint(parent.name)).constrainedColumns).toEqual(["a", "b"]);
      expect((await insp.getPkConstraint(child.name)).constrainedColumns).toEqual(["id"]);
      const fks = await insp.getForeignKeys(child.name);
      expect(fks).toHaveLength(1);
      expect(fks[0]).toMatchObject({
        constrainedColumns: ["pa", "pb"],
        referredSchema: null,
        referredTable: parent.name,
        referredColumns: ["a", "b"],
      });
      expect(await insp.getForeignKeys(parent.name)).toEqual([]);
    });
  });

  test("a foreign key's ON DELETE", ["reflection", "reflectsForeignKeyOptions"], async () => {
    await withParentChild(async (conn, { child }) => {
      const [fk] = await conn.inspector().getForeignKeys(child.name);
      expect(fk?.options?.ondelete?.toUpperCase()).toBe("CASCADE");
    });
  });

  test("indexes, unique and not, and unique constraints", ["reflection"], async () => {
    await withParentChild(async (conn, { child, ix, uix, uq }) => {
      const indexes = await conn.inspector().getIndexes(child.name);
      expect(indexes.find((i) => i.name === ix)).toMatchObject({ columnNames: ["other"], unique: false });
      expect(indexes.find((i) => i.name === uix)).toMatchObject({
        columnNames: ["other", "qty"],
        unique: true,
      });
      const uniques = await conn.inspector().getUniqueConstraints(child.name);
      expect(uniques.find((u) => u.name === uq)?.columnNames).toEqual(["code"]);
    });
  });

  test("check constraints", ["reflection", "reflectsCheckConstraints"], async () => {
    await withParentChild(async (conn, { child, ck }) => {
      const checks = await conn.inspector().getCheckConstraints(child.name);
      expect(checks.find((c) => c.name === ck)?.sqltext).toMatch(/qty\W*\s*>\s*\(?0/);
    });
  });

  test("table and column comments", ["reflection", "reflectsComments"], async () => {
    await withParentChild(async (conn, { parent }) => {
      const insp = conn.inspector();
      expect((await insp.getTableComment(parent.name)).text).toBe("the parent");
      const cols = await insp.getColumns(parent.name);
      expect(cols.map((c) => c.comment ?? null)).toEqual([null, null, "the label", null, null]);
      const md = new MetaData();
      await conn.reflect(md, { only: [parent.name] });
      expect((md.tables.get(parent.name) as AnyTable).comment).toBe("the parent");
    });
  });

  test("a table in another schema, referring to the default one", ["reflection", "schemas"], async () => {
    const schema = h.name("rschema");
    const { users, metadata } = usersAddresses(h);
    const t = new Table(
      h.name("rin"),
      metadata,
      {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        user_id: new Column(Integer, { foreignKey: new ForeignKey(`${users.name}.id`) }),
      },
      { schema },
    );
    await h.exec(new CreateSchema(schema));
    try {
      await h.withTables(metadata, async (conn) => {
        const insp = conn.inspector();
        expect(await insp.getTableNames(schema)).toEqual([t.name]);
        expect(await insp.getTableNames()).not.toContain(t.name);
        const [fk] = await insp.getForeignKeys(t.name, schema);
        expect(fk).toMatchObject({
          referredSchema: null,
          referredTable: users.name,
          referredColumns: ["id"],
        });
        const md = new MetaData();
        await conn.reflect(md, { schema });
        await conn.rollback();
        const rt = md.tables.get(`${schema}.${t.name}`) as AnyTable;
        const ru = md.tables.get(users.name) as AnyTable; // the foreign key's target, in the default schema
        expect(ru).toBeDefined();
        await conn.execute(insert(ru).values({ id: 1, name: "jack" }));
        await conn.execute(insert(rt).values({ id: 7, user_id: 1 }));
        const row = await (
          await conn.execute(select(col(ru, "name"), col(rt, "id")).selectFrom(rt.join(ru)))
        ).one();
        expect(row._t).toEqual(["jack", 7]);
        await conn.rollback();
      });
    } finally {
      await h.exec(new DropSchema(schema, { cascade: true }));
    }
  });

  /** users/addresses reflected by `load`, then rows inserted and read back with the join the foreign key infers. */
  const reflectedRoundTrip = (
    name: string,
    load: (c: SuiteConnection, md: MetaData, t: string) => Promise<unknown>,
  ) =>
    test(name, ["reflection"], async () => {
      const { users, addresses, metadata } = usersAddresses(h);
      await h.withTables(metadata, async (conn) => {
        const md = new MetaData();
        await load(conn, md, addresses.name);
        await conn.rollback();
        const u = md.tables.get(users.name) as AnyTable; // the foreign key's target comes too
        const a = md.tables.get(addresses.name) as AnyTable;
        expect(Object.keys(a.c)).toEqual(["id", "user_id", "email"]);
        expect(a.primaryKey.columns.map((c: { name: string }) => c.name)).toEqual(["id"]);
        expect(col(a, "user_id").foreignKeys).toHaveLength(1);
        await conn.execute(insert(u), USER_ROWS);
        await conn.execute(insert(a), ADDRESS_ROWS);
        const stmt = select(col(u, "name"), col(a, "email")).selectFrom(u.join(a)).orderBy(col(a, "id"));
        expect((await (await conn.execute(stmt)).all()).map((r) => r._t)).toEqual(
          ADDRESS_ROWS.map((r) => [USER_ROWS.find((x) => x.id === r.user_id)?.name, r.email]),
        );
        await conn.rollback();
      });
    });

  reflectedRoundTrip("metadata.reflect builds Tables that insert and select", (conn, md, t) =>
    conn.reflect(md, { only: [t] }),
  );
  reflectedRoundTrip("autoload of one table resolves its foreign key's target", (conn, md, t) =>
    conn.autoload(t, md),
  );

  test("a missing table raises NoSuchTableError", ["reflection"], async () => {
    const conn = h.connect();
    try {
      const missing = h.name("missing");
      expect(await errorOf(conn.autoload(missing, new MetaData()))).toBeInstanceOf(NoSuchTableError);
      await conn.rollback();
      expect(
        await errorOf(Promise.resolve().then(() => conn.inspector().getColumns(missing))),
      ).toBeInstanceOf(NoSuchTableError);
      await conn.rollback();
    } finally {
      await conn.close();
    }
  });

  test("many tables are reflected in a bounded number of statements", ["reflection"], async () => {
    const md = new MetaData();
    const names = Array.from({ length: 12 }, () => h.name("rmany"));
    names.forEach((name, i) => {
      const fk = i > 0 ? { index: true, foreignKey: new ForeignKey(`${names[i - 1]}.id`) } : {};
      new Table(name, md, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        name: new Column(SqlString(20), { unique: true }),
        prev_id: new Column(Integer, fk),
      });
    });
    await h.withTables(md, async (conn) => {
      let statements = 0;
      const count = () => {
        statements += 1;
        return undefined;
      };
      listen(h.engine, "beforeCursorExecute", count);
      try {
        await conn.reflect(new MetaData(), { only: names.slice(0, 1) });
        const one = statements;
        statements = 0;
        const fresh = new MetaData();
        await conn.reflect(fresh, { only: names });
        await conn.rollback();
        expect(fresh.tables.size).toBe(names.length);
        // No more than for one table: a few statements per fact, not some per table.
        expect(statements).toBeLessThanOrEqual(one);
        expect(statements).toBeLessThan(names.length * 2);
      } finally {
        removeListener(h.engine, "beforeCursorExecute", count);
      }
    });
  });
}
