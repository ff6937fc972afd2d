/**
 * The ORM's behaviour on every backend, through both APIs: SQLite with the
 * sync `Session` and with `AsyncSession`; PostgreSQL and MariaDB with
 * `AsyncSession` when `ATHANOR_PG_URL` / `ATHANOR_MYSQL_URL` are set (their
 * drivers are async-only). Behaviour and statement counts are asserted, not
 * SQL text. Scenarios follow SQLAlchemy's ORM Quick Start and
 * test/orm/test_unitofwork.py, test_cascade.py, test_transaction.py.
 */
import type { AsyncSession } from "@athanor/asyncio-compat/orm";
import { select } from "@athanor/core";
import { FlushError, instanceState, StaleDataError, selectinload } from "@athanor/orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { backends, Harness, type SessionLike } from "./harness.js";
import { XAddress, XChild, XNode, XParent, XUser } from "./models.js";

function driverAwaits(name: string): boolean {
  return !name.startsWith("sqlite");
}

describe.each(backends())("ORM on $name", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = new Harness(backend, backend.makeEngine());
    await h.createTables();
  });
  afterAll(async () => {
    await h.dropTables();
    await h.dispose();
  });
  beforeEach(async () => {
    await h.clearRows();
  });

  /** spongebob (2 addresses), sandy (1), patrick (none), committed; returns their ids. */
  async function seed(): Promise<{ spongebob: number; sandy: number; patrick: number }> {
    const s = h.session();
    const spongebob = new XUser({
      name: "spongebob",
      fullname: "Spongebob Squarepants",
      addresses: [
        new XAddress({ emailAddress: "spongebob@sqlalchemy.org" }),
        new XAddress({ emailAddress: "spongebob@aol.com" }),
      ],
    });
    const sandy = new XUser({
      name: "sandy",
      fullname: "Sandy Cheeks",
      addresses: [new XAddress({ emailAddress: "sandy@sqlalchemy.org" })],
    });
    const patrick = new XUser({ name: "patrick", fullname: "Patrick Star" });
    s.addAll([spongebob, sandy, patrick]);
    await s.commit();
    const ids = {
      spongebob: (await s.load(spongebob, "id")) as number,
      sandy: (await s.load(sandy, "id")) as number,
      patrick: (await s.load(patrick, "id")) as number,
    };
    await s.close();
    h.clear();
    return ids;
  }

  describe("Quick Start", () => {
    test("persist, select, navigate, change, delete", async () => {
      const ids = await seed();
      const s = h.session();
      const users = (
        await s.scalars(
          select(XUser)
            .where(XUser.name.in(["spongebob", "sandy"]))
            .orderBy(XUser.id),
        )
      ).all();
      expect(users.map((u) => u.name)).toEqual(["spongebob", "sandy"]);
      expect(users[0]?.id).toBe(ids.spongebob);

      const rows = (
        await s.execute(
          select(XAddress)
            .join(XAddress.user)
            .where(XUser.name.eq("sandy"))
            .where(XAddress.emailAddress.eq("sandy@sqlalchemy.org")),
        )
      ).all();
      const sandyAddress = rows[0]?.[0] as XAddress;
      expect(sandyAddress.emailAddress).toBe("sandy@sqlalchemy.org");
      // The many-to-one comes from the identity map: sandy is loaded.
      h.clear();
      expect(await s.load(sandyAddress, "user")).toBe(users[1]);
      expect(h.statements()).toEqual([]);

      // Change: autoflush before the next query writes the UPDATE.
      sandyAddress.emailAddress = "sandy_cheeks@sqlalchemy.org";
      expect(s.state.dirty).toEqual([sandyAddress]);
      const found = await s.scalar(
        select(XAddress).where(XAddress.emailAddress.eq("sandy_cheeks@sqlalchemy.org")),
      );
      expect(found).toBe(sandyAddress);

      // One-to-many lazy load: one SELECT.
      const patrick = (await s.get(XUser, ids.patrick)) as XUser;
      h.clear();
      (await s.load(patrick, "addresses")).push(new XAddress({ emailAddress: "patrickstar@sqlalchemy.org" }));
      expect(h.statements()).toHaveLength(1);

      // delete-orphan: removing from the collection deletes the row.
      const spongebob = users[0] as XUser;
      const sbAddresses = await s.load(spongebob, "addresses");
      expect(sbAddresses).toHaveLength(2);
      sbAddresses.splice(0, 1);
      await s.flush();
      expect(await s.load(spongebob, "addresses")).toHaveLength(1);

      // Deleting a user cascades to its addresses.
      await s.delete(patrick);
      await s.commit();
      expect(await h.count(XUser)).toBe(2);
      expect(await h.count(XAddress)).toBe(2);
      await s.close();
    });
  });

  describe("identity map", () => {
    test("one object per primary key; get() from the map needs no SQL", async () => {
      const ids = await seed();
      const s = h.session();
      const a = await s.get(XUser, ids.sandy);
      const b = (await s.scalars(select(XUser).where(XUser.id.eq(ids.sandy)))).one();
      expect(b).toBe(a);
      h.clear();
      expect(await s.get(XUser, ids.sandy)).toBe(a);
      expect(h.statements()).toEqual([]);
      const other = h.session();
      expect(await other.get(XUser, ids.sandy)).not.toBe(a);
      await other.close();
      await s.close();
    });

    test("a loaded object keeps its unflushed changes when its row is selected again", async () => {
      const ids = await seed();
      const s = h.session({ autoflush: false });
      const u = (await s.get(XUser, ids.sandy)) as XUser;
      u.fullname = "changed";
      const again = (await s.scalars(select(XUser).where(XUser.id.eq(ids.sandy)))).one();
      expect(again.fullname).toBe("changed");
      await s.close();
    });
  });

  describe("autoflush", () => {
    test("a query flushes pending objects first; autoflush: false does not", async () => {
      const s = h.session();
      s.add(new XUser({ name: "pending" }));
      expect(await s.scalar(select(XUser.name).where(XUser.name.eq("pending")))).toBe("pending");
      expect(s.state.new).toEqual([]);
      await s.rollback();
      const n = h.session({ autoflush: false });
      n.add(new XUser({ name: "pending" }));
      expect(await n.scalar(select(XUser.name).where(XUser.name.eq("pending")))).toBeNull();
      expect(n.state.new).toHaveLength(1);
      await n.close();
      await s.close();
      expect(await h.count(XUser)).toBe(0);
    });
  });

  describe("commit, rollback, expire", () => {
    test("commit expires; the next read loads with one SELECT", async () => {
      const s = h.session();
      const u = new XUser({ name: "u" });
      s.add(u);
      await s.commit();
      expect(instanceState(u).expiredAttributes.size).toBeGreaterThan(0);
      h.clear();
      expect(await s.load(u, "name")).toBe("u");
      expect(h.statements()).toHaveLength(1);
      expect(u.fullname).toBeNull();
      expect(h.statements()).toHaveLength(1);
      await s.close();
    });

    test("flushed rows are invisible to other connections until commit", async () => {
      const s = h.session();
      s.add(new XUser({ name: "u1" }));
      await s.flush();
      expect(s.state.inTransaction()).toBe(true);
      expect(await s.scalar(select(XUser.name))).toBe("u1");
      expect(await h.count(XUser)).toBe(0);
      await s.commit();
      expect(s.state.inTransaction()).toBe(false);
      expect(await h.count(XUser)).toBe(1);
      await s.close();
    });

    test("rollback: pending objects become transient, changes are discarded", async () => {
      const ids = await seed();
      const s = h.session();
      const sandy = (await s.get(XUser, ids.sandy)) as XUser;
      sandy.name = "fake";
      const fake = new XUser({ name: "fakeuser" });
      s.add(fake);
      await s.flush();
      expect(await s.scalar(select(XUser.name).where(XUser.id.eq(ids.sandy)))).toBe("fake");
      await s.rollback();
      expect(instanceState(fake).status).toBe("transient");
      expect(await s.load(sandy, "name")).toBe("sandy");
      expect(await h.count(XUser)).toBe(3);
      await s.close();
    });

    test("expire(obj, names) and refresh() reload from the database", async () => {
      const ids = await seed();
      const s = h.session();
      const u = (await s.get(XUser, ids.patrick)) as XUser;
      u.fullname = "unsaved";
      s.expire(u, ["fullname"]);
      expect(await s.load(u, "fullname")).toBe("Patrick Star");
      u.name = "unsaved";
      await s.refresh(u);
      expect(u.name).toBe("patrick");
      expect(s.state.dirty).toEqual([]);
      await s.close();
    });
  });

  describe("unit of work", () => {
    test("INSERT parents before children, keys and server defaults fetched back", async () => {
      const s = h.session();
      const u = new XUser({ name: "u1", addresses: [new XAddress({ emailAddress: "a@x" })] });
      const a2 = new XAddress({ emailAddress: "b@x", user: u });
      s.add(a2);
      await s.flush();
      const inserts = h.statements().filter((q) => q.startsWith("INSERT"));
      // PostgreSQL sends the two addresses (fetching only their keys) as one INSERT .. RETURNING page.
      expect(inserts).toHaveLength(h.dialect.name === "postgresql" ? 2 : 3);
      expect(inserts[0]).toContain("ormx_user");
      // Generated keys: RETURNING where the dialect has it, else the driver's last row id.
      expect(inserts.every((q) => q.includes("RETURNING") === h.dialect.insertReturning)).toBe(true);
      expect(typeof u.id).toBe("number");
      expect(a2.userId).toBe(u.id);
      h.clear();
      // The server default: fetched with RETURNING where the dialect has it, else loaded on access.
      expect(await s.load(u, "status")).toBe("active");
      expect(h.statements()).toHaveLength(h.dialect.insertReturning ? 0 : 1);
      await s.commit();
      expect(await h.count(XAddress)).toBe(2);
      await s.close();
    });

    test("UPDATE only changed columns, batched; DELETE children before parents", async () => {
      const ids = await seed();
      const s = h.session();
      const users = (await s.scalars(select(XUser).orderBy(XUser.id))).all();
      for (const u of users) u.fullname = `${u.name}!`;
      h.clear();
      await s.flush();
      const updates = h.statements().filter((q) => q.startsWith("UPDATE"));
      expect(updates.length).toBeGreaterThanOrEqual(1);
      expect(updates.every((q) => !q.includes("name =") || q.includes("fullname"))).toBe(true);
      expect(await s.scalar(select(XUser.fullname).where(XUser.id.eq(ids.sandy)))).toBe("sandy!");

      const sandy = (await s.get(XUser, ids.sandy)) as XUser;
      await s.delete(sandy);
      h.clear();
      await s.flush();
      const deletes = h.statements().filter((q) => q.startsWith("DELETE"));
      expect(deletes.map((q) => (q.includes("ormx_address") ? "address" : "user"))).toEqual([
        "address",
        "user",
      ]);
      await s.commit();
      expect(await h.count(XUser)).toBe(2);
      expect(await h.count(XAddress)).toBe(2);
      await s.close();
    });

    test("rows with their keys given and nothing to fetch are one executemany INSERT", async () => {
      const s = h.session();
      s.addAll([1, 2, 3].map((i) => new XParent({ id: 800000 + i, name: `p${i}` })));
      await s.flush();
      expect(h.statements().filter((q) => q.startsWith("INSERT"))).toHaveLength(1);
      await s.commit();
      expect(await h.count(XParent)).toBe(3);
      await s.close();
    });

    test("new rows that fetch only their generated key: INSERT .. RETURNING pages on PostgreSQL, one by one elsewhere", async () => {
      const s = h.session({ expireOnCommit: false });
      const parents = Array.from({ length: 1_200 }, (_, i) => new XParent({ name: `batch${i}` }));
      s.addAll(parents);
      h.clear();
      await s.flush();
      const inserts = h.statements().filter((q) => q.startsWith("INSERT"));
      // As SQLAlchemy's ORM "insertmanyvalues": batched where the sequence numbers the rows in order.
      if (h.dialect.name === "postgresql") expect(inserts.length).toBeLessThanOrEqual(3);
      else expect(inserts).toHaveLength(1_200);
      await s.commit();
      // Each object got the key of its own row.
      const rows = (
        await s.execute(select(XParent.id, XParent.name).where(XParent.name.like("batch%")))
      ).all();
      const nameOf = new Map(rows.map((r) => [r.id, r.name]));
      expect(nameOf.size).toBe(1_200);
      for (const p of parents) expect(nameOf.get(p.id)).toBe(p.name);
      await s.close();
    });

    test("a many-to-one not in the identity map loads with one SELECT by primary key", async () => {
      const ids = await seed();
      const s = h.session();
      const address = (
        await s.scalars(select(XAddress).where(XAddress.emailAddress.eq("sandy@sqlalchemy.org")))
      ).one();
      h.clear();
      const sandy = await s.load(address, "user");
      expect(sandy?.id).toBe(ids.sandy);
      expect(h.statements()).toHaveLength(1);
      expect(await s.get(XUser, ids.sandy)).toBe(sandy);
      await s.close();
    });

    test("self-referential: a tree inserts root first and deletes leaves first", async () => {
      const s = h.session();
      const root = new XNode({ data: "root" });
      const child = new XNode({ data: "child", parent: root });
      new XNode({ data: "grandchild", parent: child });
      s.add(root);
      await s.commit();
      expect(await h.count(XNode)).toBe(3);
      await s.close();

      const t = h.session();
      const r = (await t.scalars(select(XNode).where(XNode.data.eq("root")))).one();
      const kids = await t.load(r, "children");
      expect(kids.map((k) => k.data)).toEqual(["child"]);
      expect((await t.load(kids[0] as XNode, "children")).map((k) => k.data)).toEqual(["grandchild"]);
      await t.delete(r);
      await t.commit();
      expect(await h.count(XNode)).toBe(0);
      await t.close();
    });

    test("a parent without delete cascade: deleting it sets its children's foreign key to NULL", async () => {
      const s = h.session();
      const p = new XParent({
        name: "p",
        children: [new XChild({ name: "c1" }), new XChild({ name: "c2" })],
      });
      s.add(p);
      await s.commit();
      await s.delete(p);
      await s.commit();
      expect(await h.count(XParent)).toBe(0);
      expect(await h.count(XChild)).toBe(2);
      const left = (await s.scalars(select(XChild.parentId))).all();
      expect(left).toEqual([null, null]);
      await s.close();
    });

    test("moving a child between parents updates its foreign key", async () => {
      const s = h.session();
      const p1 = new XParent({ name: "p1", children: [new XChild({ name: "c" })] });
      const p2 = new XParent({ name: "p2" });
      s.addAll([p1, p2]);
      await s.commit();
      const c = (await s.load(p1, "children"))[0] as XChild;
      (await s.load(p2, "children")).push(c);
      await s.commit();
      expect(await s.load(c, "parentId")).toBe(await s.load(p2, "id"));
      expect(await s.load(p1, "children")).toEqual([]);
      await s.close();
    });
  });

  // Streaming is the async API's (the sync Session buffers ORM results).
  if (backend.async)
    describe("AsyncSession.stream", () => {
      test("objects are made as rows are read, through the identity map", async () => {
        const ids = await seed();
        const s = h.session() as SessionLike & { session: AsyncSession };
        const sandy = await s.get(XUser, ids.sandy);
        const result = await s.session.streamScalars(select(XUser).orderBy(XUser.id));
        const parts: string[][] = [];
        for await (const part of result.yieldPer(2).partitions(2)) parts.push(part.map((u) => u.name));
        expect(parts).toEqual([["spongebob", "sandy"], ["patrick"]]);
        const rows = await s.session.stream(
          select(XUser, XAddress.emailAddress).join(XUser.addresses).where(XUser.id.eq(ids.sandy)),
        );
        const seen: unknown[] = [];
        for await (const [u, email] of rows) seen.push(u, email);
        expect(seen).toEqual([sandy, "sandy@sqlalchemy.org"]);
        await s.close();
      });
    });

  // Only a driver that really awaits lets a second call start while the first waits (SQLite's is sync).
  if (backend.async && driverAwaits(backend.name))
    describe("AsyncSession used concurrently", () => {
      test("a second call while the first provisions the connection is refused; nothing leaks", async () => {
        const ids = await seed();
        const s = h.session();
        const results = await Promise.allSettled([s.get(XUser, ids.sandy), s.get(XUser, ids.patrick)]);
        expect(results[0]?.status).toBe("fulfilled");
        expect(results[1]?.status).toBe("rejected");
        expect(String((results[1] as PromiseRejectedResult).reason)).toContain(
          "This session is provisioning a new connection; concurrent operations are not permitted",
        );
        // The session is fine afterwards, and its one connection goes back to the pool.
        expect(((await s.get(XUser, ids.patrick)) as XUser).name).toBe("patrick");
        await s.close();
        expect((h.syncEngine.pool as unknown as { checkedout(): number }).checkedout()).toBe(0);
      });
    });

  describe("failures", () => {
    test("a failed flush rolls back: no row written, the session stays usable", async () => {
      const s = h.session();
      s.add(new XUser({ name: "ok" }));
      await s.flush();
      const dup1 = new XUser({ id: 900001, name: "dup1" });
      const dup2 = new XUser({ id: 900001, name: "dup2" });
      s.addAll([dup1, dup2]);
      await expect(s.flush()).rejects.toBeInstanceOf(FlushError);
      expect(s.state.inTransaction()).toBe(false);
      expect(await h.count(XUser)).toBe(0);
      // The earlier flush of the same transaction was rolled back too: "ok" is pending again.
      expect(s.state.new).toHaveLength(3);
      s.expunge(dup2);
      await s.commit();
      expect(await h.count(XUser)).toBe(2);
      await s.close();
    });

    test("StaleDataError when the row was deleted by someone else", async () => {
      const ids = await seed();
      const s = h.session({ expireOnCommit: false });
      const patrick = (await s.get(XUser, ids.patrick)) as XUser;
      await s.commit();
      const other = h.session();
      await other.delete((await other.get(XUser, ids.patrick)) as XUser);
      await other.commit();
      await other.close();

      patrick.fullname = "too late";
      const err = await s.flush().then(
        () => undefined,
        (e: unknown) => e,
      );
      // As SQLAlchemy: StaleDataError itself, for optimistic-concurrency code to catch.
      expect(err).toBeInstanceOf(StaleDataError);
      expect(String((err as Error).message)).toMatch(/expected to update 1 row\(s\); 0 were matched/);
      // The session is usable again: the object is still there, its row is not.
      await s.rollback();
      expect(await s.get(XUser, ids.sandy)).not.toBeNull();
      await s.close();
    });

    test("StaleDataError when deleting a row someone else deleted", async () => {
      const ids = await seed();
      const s = h.session({ expireOnCommit: false });
      const patrick = (await s.get(XUser, ids.patrick)) as XUser;
      await s.load(patrick, "addresses");
      await s.commit();
      const other = h.session();
      await other.delete((await other.get(XUser, ids.patrick)) as XUser);
      await other.commit();
      await other.close();

      await s.delete(patrick);
      const err = await s.flush().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StaleDataError);
      expect(String((err as Error).message)).toMatch(/expected to delete 1 row\(s\); 0 were matched/);
      await s.close();
    });
  });

  // The Session API that the async session drives with the async runner (savepoints, merge, eager loading).
  if (backend.async)
    describe("AsyncSession: savepoints, merge, selectinload", () => {
      const asyncOf = (s: SessionLike) => (s as SessionLike & { session: AsyncSession }).session;

      test("rolling a savepoint back undoes its rows; the outer transaction commits", async () => {
        const s = asyncOf(h.session());
        s.add(new XUser({ name: "outer" }));
        const sp = await s.beginNested();
        const inner = new XUser({ name: "inner" });
        s.add(inner);
        await s.flush();
        expect(await h.count(XUser)).toBe(0); // not committed: other connections see nothing
        await sp.rollback();
        expect(s.contains(inner)).toBe(false);
        await s.commit();
        expect((await s.scalars(select(XUser.name))).all()).toEqual(["outer"]);
        await s.close();
      });

      test("merge() of a detached object loads the row and applies its changes", async () => {
        const ids = await seed();
        const s = asyncOf(h.session());
        const merged = await s.merge(new XUser({ id: ids.sandy, name: "sandy2" }));
        expect(h.statements()).toHaveLength(1); // the SELECT by primary key
        expect(merged.fullname).toBe("Sandy Cheeks");
        expect(s.isModified(merged)).toBe(true);
        await s.commit();
        const again = await s.getOne(XUser, ids.sandy);
        expect(again.name).toBe("sandy2");
        await s.close();
      });

      test("selectinload: collections are loaded by the query; reading them needs no I/O", async () => {
        await seed();
        const s = asyncOf(h.session());
        const users = (
          await s.scalars(select(XUser).options(selectinload(XUser.addresses)).orderBy(XUser.id))
        ).all();
        expect(h.statements()).toHaveLength(2);
        expect(users.map((u) => u.addresses.length)).toEqual([2, 1, 0]);
        expect(h.statements()).toHaveLength(2);
        await s.close();
      });
    });
});
