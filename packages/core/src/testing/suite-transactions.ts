/**
 * Transactions (SQLAlchemy's `test_dialect.py` isolation-level and
 * autocommit tests, and the engine's transaction model): commit as you go,
 * begin blocks, rollback, savepoints, isolation levels and AUTOCOMMIT.
 */
import { expect } from "vitest";
import { IntegrityError, InvalidRequestError } from "../exc.js";
import { insert } from "../sql/dml.js";
import { func } from "../sql/elements/functions.js";
import { Column } from "../sql/schema/column.js";
import { MetaData, Table } from "../sql/schema/table.js";
import { select } from "../sql/select.js";
import { Integer, String as SqlString } from "../sql/types/factories.js";
import { errorOf } from "./fixtures.js";
import type { SuiteConnection } from "./harness.js";
import type { SuiteApi } from "./suite-runner.js";

export function transactionsSuite({ h, req, test }: SuiteApi): void {
  const txTable = () =>
    new Table(h.name("tx"), new MetaData(), {
      id: new Column(Integer, { primaryKey: true, autoincrement: false }),
      data: new Column(SqlString(20)),
    });
  type T = ReturnType<typeof txTable>;
  /** The ids in the table, read on a new connection (what is committed). */
  const committedIds = async (t: T): Promise<number[]> => {
    const other = h.connect();
    try {
      return (await (await other.execute(select(t.c.id).orderBy(t.c.id))).scalars().all()).map(Number);
    } finally {
      await other.close();
    }
  };
  const count = async (conn: SuiteConnection, t: T) =>
    Number(await conn.scalar(select(func.count()).selectFrom(t)));

  test("commit as you go", [], async () => {
    const t = txTable();
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t).values({ id: 1, data: "a" }));
      expect(conn.inTransaction()).toBe(true);
      await conn.commit();
      expect(conn.inTransaction()).toBe(false);
      await conn.execute(insert(t).values({ id: 2, data: "b" }));
      await conn.rollback();
      await conn.execute(insert(t).values({ id: 3, data: "c" }));
      await conn.commit();
      await conn.close();
      expect(await committedIds(t)).toEqual([1, 3]);
    });
  });

  test("closing a connection rolls back what is open", [], async () => {
    const t = txTable();
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t).values({ id: 1, data: "a" }));
      await conn.close();
      expect(await committedIds(t)).toEqual([]);
    });
  });

  test("begin(): committed at the end of the block", [], async () => {
    const t = txTable();
    await h.withTables(t.metadata, async (conn) => {
      await conn.close();
      await h.begin(async (c) => {
        await c.execute(insert(t), [
          { id: 1, data: "a" },
          { id: 2, data: "b" },
        ]);
      });
      expect(await committedIds(t)).toEqual([1, 2]);
    });
  });

  test("a failing statement inside begin() leaves no row behind", [], async () => {
    const t = txTable();
    await h.withTables(t.metadata, async (conn) => {
      await conn.close();
      const err = await errorOf(
        h.begin(async (c) => {
          await c.execute(insert(t).values({ id: 1, data: "a" }));
          await c.execute(insert(t).values({ id: 1, data: "duplicate" }));
        }),
      );
      expect(err).toBeInstanceOf(IntegrityError);
      expect(await committedIds(t)).toEqual([]);
    });
  });

  test("explicit begin() refuses a second begin()", [], async () => {
    const conn = h.connect();
    try {
      const tx = await conn.begin();
      expect(await errorOf(conn.begin())).toBeInstanceOf(InvalidRequestError);
      await tx.rollback();
      expect(tx.isActive).toBe(false);
    } finally {
      await conn.close();
    }
  });

  test("a savepoint rolled back inside a committed transaction", ["savepoints"], async () => {
    const t = txTable();
    await h.withTables(t.metadata, async (conn) => {
      const tx = await conn.begin();
      await conn.execute(insert(t).values({ id: 1, data: "outer" }));
      const sp = await conn.beginNested();
      await conn.execute(insert(t).values({ id: 2, data: "inner" }));
      expect(await count(conn, t)).toBe(2);
      await sp.rollback();
      expect(await count(conn, t)).toBe(1);
      const sp2 = await conn.beginNested();
      await conn.execute(insert(t).values({ id: 3, data: "kept" }));
      await sp2.commit();
      await tx.commit();
      await conn.close();
      expect(await committedIds(t)).toEqual([1, 3]);
    });
  });

  test("a failed statement in a savepoint can be rolled back to it", ["savepoints"], async () => {
    const t = txTable();
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t).values({ id: 1, data: "a" }));
      const sp = await conn.beginNested();
      expect(await errorOf(conn.execute(insert(t).values({ id: 1, data: "dup" })))).toBeInstanceOf(
        IntegrityError,
      );
      await sp.rollback();
      await conn.execute(insert(t).values({ id: 2, data: "b" }));
      await conn.commit();
      await conn.close();
      expect(await committedIds(t)).toEqual([1, 2]);
    });
  });

  test("isolation levels: each accepted level is set and reported", ["isolationLevelSwitch"], async () => {
    for (const level of req.isolationLevels) {
      if (level === "AUTOCOMMIT") continue;
      const conn = h.connect().executionOptions({ isolationLevel: level });
      try {
        expect(await conn.getIsolationLevel()).toBe(level);
      } finally {
        await conn.close();
      }
    }
    const conn = h.connect();
    try {
      expect(() => conn.executionOptions({ isolationLevel: "NO SUCH LEVEL" })).toThrow(InvalidRequestError);
      // a returned connection is reset to the engine's default level
      expect(await conn.getIsolationLevel()).toBe(h.engine.defaultIsolationLevel);
    } finally {
      await conn.close();
    }
  });

  test("AUTOCOMMIT: each statement is committed at once", ["autocommit"], async () => {
    const t = txTable();
    await h.withTables(t.metadata, async (conn) => {
      conn.executionOptions({ isolationLevel: "AUTOCOMMIT" });
      expect(await conn.getIsolationLevel()).toBe("AUTOCOMMIT");
      await conn.execute(insert(t).values({ id: 1, data: "auto" }));
      await conn.rollback();
      expect(await committedIds(t)).toEqual([1]);
      await conn.close();
      const again = h.connect();
      try {
        await again.execute(insert(t).values({ id: 2, data: "tx" }));
        await again.rollback();
      } finally {
        await again.close();
      }
      expect(await committedIds(t)).toEqual([1]);
    });
  });

  test("two connections are separate sessions", ["independentConnections"], async () => {
    const t = txTable();
    await h.withTables(t.metadata, async (conn) => {
      await conn.execute(insert(t).values({ id: 1, data: "uncommitted" }));
      expect(await committedIds(t)).toEqual([]);
      await conn.commit();
      expect(await committedIds(t)).toEqual([1]);
    });
  });
}
