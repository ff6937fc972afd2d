/**
 * The flush, after SQLAlchemy's test/orm/test_unitofwork.py (single-table
 * parts): statement shapes and counts, batching, foreign-key ordering,
 * generated values, stale rows.
 */
import { text } from "@athanor/core";
import { instanceState, Session, StaleDataError } from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { setup } from "./helpers.js";
import { Address, Node, User } from "./models.js";

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
});

describe("INSERT", () => {
  test("rows with their primary key set are batched in one executemany", () => {
    using s = new Session(ctx.engine);
    s.addAll([
      new User({ id: 1, name: "a" }),
      new User({ id: 2, name: "b", fullname: "B" }),
      new User({ id: 3, name: "c" }),
    ]);
    s.flush();
    expect(ctx.log).toEqual([
      {
        sql: "INSERT INTO user_account (id, name, fullname) VALUES (?, ?, ?)",
        params: [
          [1, "a", null],
          [2, "b", "B"],
          [3, "c", null],
        ],
        executemany: true,
      },
    ]);
  });

  test("generated primary keys and server defaults come back with RETURNING", () => {
    using s = new Session(ctx.engine);
    const n1 = new Node({});
    const n2 = new Node({ data: "given" });
    s.addAll([n1, n2]);
    s.flush();
    expect(ctx.statements()).toEqual([
      "INSERT INTO node (parent_id) VALUES (?) RETURNING id, data",
      "INSERT INTO node (parent_id, data) VALUES (?, ?) RETURNING id",
    ]);
    expect(n1.id).toBe(1);
    expect(n1.data).toBe("none");
    expect(n2.id).toBe(2);
    expect(n2.data).toBe("given");
    expect(instanceState(n1).modified).toBe(false);
    expect(ctx.log).toHaveLength(2);
  });

  test("parents are inserted before children, whatever the add order", () => {
    using s = new Session(ctx.engine);
    s.add(new Address({ emailAddress: "a@b", userId: 1 }));
    s.add(new User({ id: 1, name: "u" }));
    s.flush();
    expect(ctx.statements()).toEqual([
      "INSERT INTO user_account (id, name, fullname) VALUES (?, ?, ?)",
      "INSERT INTO address (email_address, user_id) VALUES (?, ?) RETURNING id",
    ]);
  });
});

describe("UPDATE", () => {
  test("only changed columns; rows changing the same columns are batched", () => {
    using s = new Session(ctx.engine);
    s.addAll([
      new User({ id: 1, name: "a" }),
      new User({ id: 2, name: "b" }),
      new User({ id: 3, name: "c" }),
    ]);
    s.commit();
    const [a, b, c] = [s.get(User, 1), s.get(User, 2), s.get(User, 3)] as User[];
    ctx.clear();
    (a as User).name = "a2";
    (b as User).name = "b2";
    (c as User).fullname = "C";
    s.flush();
    expect(ctx.log).toEqual([
      {
        sql: "UPDATE user_account SET name=? WHERE user_account.id = ?",
        params: [
          ["a2", 1],
          ["b2", 2],
        ],
        executemany: true,
      },
      {
        sql: "UPDATE user_account SET fullname=? WHERE user_account.id = ?",
        params: ["C", 3],
        executemany: false,
      },
    ]);
  });

  test("setting an expired attribute loads nothing and updates that column", () => {
    using s = new Session(ctx.engine);
    const u = new User({ id: 1, name: "a", fullname: "A" });
    s.add(u);
    s.commit();
    ctx.clear();
    u.name = "b";
    expect(instanceState(u).history("name")).toEqual({ added: ["b"], unchanged: [], deleted: [] });
    s.commit();
    expect(ctx.statements()).toEqual(["UPDATE user_account SET name=? WHERE user_account.id = ?"]);
    expect(u.fullname).toBe("A");
  });

  test("setting the loaded value again emits nothing", () => {
    using s = new Session(ctx.engine);
    s.add(new User({ id: 1, name: "a" }));
    s.flush();
    ctx.clear();
    const u = s.get(User, 1) as User;
    u.name = "a";
    s.flush();
    expect(ctx.statements()).toEqual([]);
    expect(s.dirty).toEqual([]);
  });

  test("changing the primary key updates the row and the identity map", () => {
    using s = new Session(ctx.engine);
    const u = new User({ id: 1, name: "a" });
    s.add(u);
    s.flush();
    ctx.clear();
    u.id = 10;
    s.flush();
    expect(ctx.statements()).toEqual(["UPDATE user_account SET id=? WHERE user_account.id = ?"]);
    expect(s.get(User, 10)).toBe(u);
  });

  test("a row gone from the database raises StaleDataError", () => {
    using s = new Session(ctx.engine);
    const u = new User({ id: 1, name: "a" });
    s.add(u);
    s.commit();
    s.connection().execute(text("DELETE FROM user_account"));
    u.name = "b";
    expect(() => s.flush()).toThrow(/expected to update 1 row\(s\); 0 were matched/);
    s.connection().execute(text("DELETE FROM user_account"));
    u.name = "c";
    expect(() => s.flush()).toThrow(StaleDataError);
  });
});

describe("DELETE", () => {
  test("batched per table, children before parents", () => {
    using s = new Session(ctx.engine);
    s.addAll([new User({ id: 1, name: "a" }), new User({ id: 2, name: "b" })]);
    s.addAll([
      new Address({ id: 1, emailAddress: "x", userId: 1 }),
      new Address({ id: 2, emailAddress: "y", userId: 2 }),
    ]);
    s.commit();
    const users = [s.get(User, 1), s.get(User, 2)] as User[];
    const addresses = [s.get(Address, 1), s.get(Address, 2)] as Address[];
    // Loaded now, so the delete cascade of User.addresses needs no SELECT (nor its autoflush).
    for (const u of users) expect(u.addresses).toHaveLength(1);
    ctx.clear();
    for (const u of users) s.delete(u);
    for (const a of addresses) s.delete(a);
    s.flush();
    expect(ctx.log).toEqual([
      { sql: "DELETE FROM address WHERE address.id = ?", params: [[1], [2]], executemany: true },
      { sql: "DELETE FROM user_account WHERE user_account.id = ?", params: [[1], [2]], executemany: true },
    ]);
    expect(users.map((u) => instanceState(u).status)).toEqual(["deleted", "deleted"]);
  });

  test("a flush with nothing to do emits nothing", () => {
    using s = new Session(ctx.engine);
    s.flush();
    s.commit();
    expect(ctx.statements()).toEqual([]);
  });
});
