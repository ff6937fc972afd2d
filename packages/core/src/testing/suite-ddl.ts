/**
 * DDL against the database (SQLAlchemy's `test_ddl.py`): createAll /
 * dropAll with and without checkfirst, table.create / drop, indexes, and
 * constraints the database enforces (violations raise IntegrityError).
 */
import { expect } from "vitest";
import { DBAPIError, IntegrityError } from "../exc.js";
import { insert } from "../sql/dml.js";
import { Column } from "../sql/schema/column.js";
import { CheckConstraint, ForeignKey, Index, UniqueConstraint } from "../sql/schema/constraints.js";
import { Computed } from "../sql/schema/defaults.js";
import { MetaData, Table } from "../sql/schema/table.js";
import { select } from "../sql/select.js";
import { Integer, String as SqlString } from "../sql/types/factories.js";
import { errorOf, usersAddresses } from "./fixtures.js";
import type { SuiteConnection } from "./harness.js";
import type { SuiteApi } from "./suite-runner.js";

export function ddlSuite({ h, test }: SuiteApi): void {
  /** Whether a table can be selected from (a failed statement is rolled back). */
  const exists = async (conn: SuiteConnection, t: Table<any, any>): Promise<boolean> => {
    try {
      await conn.execute(select(...(t.columns as never[])).limit(1));
      await conn.rollback();
      return true;
    } catch (err) {
      expect(err).toBeInstanceOf(DBAPIError);
      await conn.rollback();
      return false;
    }
  };

  test("createAll and dropAll, with checkfirst", [], async () => {
    const { users, addresses, metadata } = usersAddresses(h);
    const conn = h.connect();
    try {
      await conn.createAll(metadata);
      await conn.createAll(metadata); // checkfirst (the default) skips existing tables
      await conn.commit();
      expect(await exists(conn, users)).toBe(true);
      expect(await exists(conn, addresses)).toBe(true);
      expect(await errorOf(conn.createAll(metadata, { checkfirst: false }))).toBeInstanceOf(DBAPIError);
      await conn.rollback();
      await conn.dropAll(metadata);
      await conn.dropAll(metadata);
      await conn.commit();
      expect(await exists(conn, users)).toBe(false);
      expect(await exists(conn, addresses)).toBe(false);
    } finally {
      await conn.dropAll(metadata).catch(() => undefined);
      await conn.close();
    }
  });

  test("table.create and table.drop", [], async () => {
    const t = new Table(h.name("single"), new MetaData(), {
      id: new Column(Integer, { primaryKey: true }),
    });
    const conn = h.connect();
    try {
      await conn.createTable(t);
      await conn.commit();
      expect(await exists(conn, t)).toBe(true);
      await conn.createTable(t, { checkfirst: true });
      await conn.dropTable(t);
      await conn.commit();
      expect(await exists(conn, t)).toBe(false);
      await conn.dropTable(t, { checkfirst: true });
    } finally {
      await conn.dropTable(t, { checkfirst: true }).catch(() => undefined);
      await conn.close();
    }
  });

  test("a unique index is enforced", [], async () => {
    const md = new MetaData();
    const name = h.name("idx");
    const t = new Table(name, md, {
      id: new Column(Integer, { primaryKey: true, autoincrement: false }),
      code: new Column(SqlString(20)),
      other: new Column(Integer, { index: true }),
    });
    new Index(`ix_${name}_code`, t.c.code, { unique: true });
    await h.withTables(md, async (conn) => {
      await conn.execute(insert(t).values({ id: 1, code: "a", other: 1 }));
      await conn.execute(insert(t).values({ id: 2, code: "b", other: 1 }));
      const err = await errorOf(conn.execute(insert(t).values({ id: 3, code: "a", other: 2 })));
      expect(err).toBeInstanceOf(IntegrityError);
    });
  });

  test("primary key and unique constraints raise IntegrityError", [], async () => {
    const t = new Table(
      h.name("uq"),
      new MetaData(),
      {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        a: new Column(Integer),
        b: new Column(Integer),
        name: new Column(SqlString(20), { unique: true }),
      },
      { constraints: [new UniqueConstraint("a", "b")] },
    );
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t).values({ id: 1, a: 1, b: 1, name: "x" }));
      await conn.commit();
      expect(await errorOf(conn.execute(insert(t).values({ id: 1, a: 2, b: 2, name: "y" })))).toBeInstanceOf(
        IntegrityError,
      );
      await conn.rollback();
      expect(await errorOf(conn.execute(insert(t).values({ id: 2, a: 1, b: 1, name: "y" })))).toBeInstanceOf(
        IntegrityError,
      );
      await conn.rollback();
      expect(await errorOf(conn.execute(insert(t).values({ id: 3, a: 3, b: 3, name: "x" })))).toBeInstanceOf(
        IntegrityError,
      );
      await conn.rollback();
    });
  });

  test("NOT NULL raises IntegrityError", [], async () => {
    const t = new Table(h.name("nn"), new MetaData(), {
      id: new Column(Integer, { primaryKey: true, autoincrement: false }),
      name: new Column(SqlString(20), { nullable: false }),
    });
    await h.withTables(t.metadata, async (conn) => {
      const err = await errorOf(conn.execute(insert(t).values({ id: 1, name: null as never })));
      expect(err).toBeInstanceOf(IntegrityError);
    });
  });

  test("a CHECK constraint is enforced", ["checkConstraints"], async () => {
    const t = new Table(
      h.name("ck"),
      new MetaData(),
      {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        qty: new Column(Integer),
      },
      { constraints: [new CheckConstraint("qty > 0", { name: h.name("ck_qty") })] },
    );
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t).values({ id: 1, qty: 1 }));
      expect(await errorOf(conn.execute(insert(t).values({ id: 2, qty: -1 })))).toBeInstanceOf(
        IntegrityError,
      );
    });
  });

  test("a foreign key is enforced", ["foreignKeysEnforced"], async () => {
    const { users, addresses, metadata } = usersAddresses(h);
    await h.withTables(metadata, async (conn) => {
      await conn.execute(insert(users).values({ id: 1, name: "u" }));
      await conn.execute(insert(addresses).values({ id: 1, user_id: 1, email: "e" }));
      const err = await errorOf(conn.execute(insert(addresses).values({ id: 2, user_id: 99, email: "e" })));
      expect(err).toBeInstanceOf(IntegrityError);
    });
  });

  test("a self-referential foreign key", ["selfReferentialForeignKeys"], async () => {
    const md = new MetaData();
    const name = h.name("tree");
    const t = new Table(name, md, {
      id: new Column(Integer, { primaryKey: true, autoincrement: false }),
      parent_id: new Column(Integer, { foreignKey: new ForeignKey(`${name}.id`) }),
    });
    await h.withTables(md, async (conn) => {
      await conn.execute(insert(t), [
        { id: 1, parent_id: null },
        { id: 2, parent_id: 1 },
        { id: 3, parent_id: 2 },
      ]);
      const child = t.alias("child");
      const rows = await (
        await conn.execute(
          select(t.c.id, child.c.id.label("child_id"))
            .selectFrom(t.join(child, child.c.parent_id.eq(t.c.id)))
            .orderBy(t.c.id),
        )
      ).all();
      expect(rows.map((r) => r._t)).toEqual([
        [1, 2],
        [2, 3],
      ]);
    });
  });

  test("a computed column", ["computedColumns"], async () => {
    const t = new Table(h.name("computed"), new MetaData(), {
      id: new Column(Integer, { primaryKey: true, autoincrement: false }),
      a: new Column(Integer),
      doubled: new Column(Integer, { computed: new Computed("a * 2", { persisted: true }) }),
    });
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t).values({ id: 1, a: 21 }));
      expect(await conn.scalar(select(t.c.doubled))).toBe(42);
    });
  });

  test("a temporary table", ["temporaryTables"], async () => {
    const t = new Table(
      h.name("temp"),
      new MetaData(),
      { id: new Column(Integer, { primaryKey: true, autoincrement: false }) },
      { prefixes: ["TEMPORARY"] },
    );
    const conn = h.connect();
    try {
      await conn.createTable(t, { checkfirst: false });
      await conn.execute(insert(t), [{ id: 1 }, { id: 2 }]);
      expect((await (await conn.execute(select(t.c.id).orderBy(t.c.id))).scalars().all()).length).toBe(2);
      await conn.dropTable(t, { checkfirst: false });
      await conn.commit();
    } finally {
      await conn.close();
    }
  });

  test("DDL rolled back with its transaction", ["transactionalDdl"], async () => {
    const t = new Table(h.name("txddl"), new MetaData(), {
      id: new Column(Integer, { primaryKey: true }),
    });
    const conn = h.connect();
    try {
      await conn.createTable(t);
      await conn.rollback();
      expect(await exists(conn, t)).toBe(false);
    } finally {
      await conn.dropTable(t, { checkfirst: true }).catch(() => undefined);
      await conn.commit().catch(() => undefined);
      await conn.close();
    }
  });
}
