/**
 * Relationships, after SQLAlchemy's test/orm/test_unitofwork.py (one-to-many
 * and many-to-one writes, foreign key nulling), test_cascade.py (delete,
 * delete-orphan) and test_relationships.py (backPopulates, adjacency list).
 * The expected SQL is what SQLAlchemy 2.x emits for the same steps on SQLite.
 */
import {
  ArgumentError,
  CircularDependencyError,
  ForeignKey,
  Integer,
  InvalidRequestError,
  not_,
  select,
} from "@athanor/core";
import {
  DetachedInstanceError,
  declarativeBase,
  instanceState,
  mappedColumn,
  relationship,
  Session,
} from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { setup } from "./helpers.js";
import { Address, Child, Node, Parent, User } from "./models.js";

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
});

const UPDATE_CHILD = "UPDATE child SET parent_id=? WHERE child.id = ?";
const SELECT_CHILDREN = "SELECT child.id, child.name, child.parent_id FROM child WHERE ? = child.parent_id";

describe("configuration", () => {
  test("direction, keys and reverse are resolved from the foreign keys", () => {
    User.__mapper__.configure();
    const addresses = User.__mapper__.relationships.get("addresses");
    const user = Address.__mapper__.relationships.get("user");
    expect(addresses).toMatchObject({
      direction: "ONETOMANY",
      uselist: true,
      localKeys: ["id"],
      remoteKeys: ["userId"],
    });
    expect(user).toMatchObject({
      direction: "MANYTOONE",
      uselist: false,
      localKeys: ["userId"],
      remoteKeys: ["id"],
    });
    expect(addresses?.reverse).toBe(user);
    expect(addresses?.cascade).toMatchObject({ delete: true, deleteOrphan: true, saveUpdate: true });
    expect(user?.cascade).toMatchObject({ delete: false, saveUpdate: true, merge: true });
    expect(Node.__mapper__.relationships.get("parent")?.direction).toBe("MANYTOONE");
    expect(Node.__mapper__.relationships.get("children")?.direction).toBe("ONETOMANY");
  });

  function twoTables(bProps: Record<string, unknown>, aRel: Record<string, unknown> = {}) {
    const B = declarativeBase();
    @B.register
    class A extends B.mapped("a", {
      id: mappedColumn(Integer, { primaryKey: true }),
      bs: relationship(() => Bb, { uselist: true, ...aRel }),
    }) {}
    @B.register
    class Bb extends B.mapped("b", {
      id: mappedColumn(Integer, { primaryKey: true }),
      ...(bProps as {}),
    }) {}
    return () => new A().bs;
  }

  test("errors: no foreign key, several paths, bad backPopulates, unbuilt options", () => {
    expect(twoTables({})).toThrow(/no foreign keys linking 'a' and 'b'/);
    const fk = (extra = {}) => mappedColumn(Integer, { foreignKey: "a.id", ...extra });
    expect(twoTables({ a1: fk(), a2: fk() })).toThrow(/several foreign key paths.*foreignKeys/);
    expect(twoTables({ a1: fk(), a2: fk() }, { foreignKeys: "a2" })).not.toThrow();
    expect(twoTables({ a1: fk() }, { backPopulates: "nope" })).toThrow(
      /backPopulates 'nope' is not a relationship of Bb/,
    );
    expect(twoTables({ a1: fk() }, { lazy: "bogus" as never })).toThrow(
      /unknown loader strategy lazy="bogus"/,
    );
    expect(twoTables({ a1: fk() }, { primaryjoin: "x" as never })).toThrow(
      /primaryjoin must be a SQL expression or a function returning one/,
    );
    expect(() => twoTables({ a1: fk() }, { cascade: "save-update, bogus" })).toThrow(ArgumentError);
  });
});

describe("backPopulates in memory", () => {
  test("setting the many-to-one appends to the collection, and back", () => {
    const u1 = new User({ name: "u1" });
    const u2 = new User({ name: "u2" });
    const a = new Address({ emailAddress: "a" });
    a.user = u1;
    expect(u1.addresses).toEqual([a]);
    a.user = u2;
    expect(u1.addresses).toEqual([]);
    expect(u2.addresses).toEqual([a]);
    u1.addresses.push(a);
    expect(a.user).toBe(u1);
    expect(u2.addresses).toEqual([]);
    u1.addresses.pop();
    expect(a.user).toBeNull();
    u2.addresses = [a];
    expect(a.user).toBe(u2);
    u2.addresses = [];
    expect(a.user).toBeNull();
    expect(instanceState(u2).history("addresses")).toEqual({ added: [], unchanged: [], deleted: [] });
  });

  test("collections are arrays; history records appends and removals", () => {
    const u = new User({ name: "u" });
    const [a, b] = [new Address({ emailAddress: "a" }), new Address({ emailAddress: "b" })];
    u.addresses.unshift(a, b);
    expect(Array.isArray(u.addresses)).toBe(true);
    expect(u.addresses.map((x) => x.emailAddress)).toEqual(["a", "b"]);
    expect(instanceState(u).history("addresses")).toEqual({ added: [a, b], unchanged: [], deleted: [] });
    expect(() => u.addresses.push(new User({ name: "x" }) as never)).toThrow(/expected a Address instance/);
    expect(() => {
      u.addresses = 5 as never;
    }).toThrow(ArgumentError);
  });
});

describe("one-to-many and many-to-one writes (test_unitofwork)", () => {
  test("pending children get the parent's generated key; adding the child cascades to the parent", () => {
    using s = new Session(ctx.engine);
    const p = new Parent({ name: "p" });
    const c1 = new Child({ name: "c1", parent: p });
    const c2 = new Child({ name: "c2", parent: p });
    s.add(c1);
    s.add(c2);
    expect(s.new).toEqual([c1, p, c2]);
    s.flush();
    expect(ctx.log).toEqual([
      { sql: "INSERT INTO parent (name) VALUES (?) RETURNING id", params: ["p"], executemany: false },
      {
        sql: "INSERT INTO child (name, parent_id) VALUES (?, ?) RETURNING id",
        params: ["c1", 1],
        executemany: true,
      },
      {
        sql: "INSERT INTO child (name, parent_id) VALUES (?, ?) RETURNING id",
        params: ["c2", 1],
        executemany: true,
      },
    ]);
    expect(c1.parentId).toBe(1);
    expect(instanceState(c1).modified).toBe(false);
    expect(instanceState(p).modified).toBe(false);
  });

  test("rows with known keys are still batched", () => {
    using s = new Session(ctx.engine);
    s.add(new Parent({ id: 7, children: [new Child({ id: 1 }), new Child({ id: 2 })] }));
    s.flush();
    expect(ctx.log).toEqual([
      { sql: "INSERT INTO parent (id, name) VALUES (?, ?)", params: [7, null], executemany: false },
      {
        sql: "INSERT INTO child (id, name, parent_id) VALUES (?, ?, ?)",
        params: [
          [1, null, 7],
          [2, null, 7],
        ],
        executemany: true,
      },
    ]);
  });

  test("removing, un-setting, re-assigning and replacing update the foreign key", () => {
    using s = new Session(ctx.engine);
    const p = new Parent({});
    const c1 = new Child({ parent: p });
    const c2 = new Child({ parent: p });
    s.addAll([c1, c2]);
    s.flush();
    ctx.clear();
    p.children.splice(p.children.indexOf(c1), 1);
    s.flush();
    expect(ctx.log).toEqual([{ sql: UPDATE_CHILD, params: [null, 1], executemany: false }]);
    ctx.clear();
    c2.parent = null;
    s.flush();
    expect(ctx.log).toEqual([{ sql: UPDATE_CHILD, params: [null, 2], executemany: false }]);
    ctx.clear();
    p.children = [c1, c2];
    s.flush();
    expect(ctx.log).toEqual([
      {
        sql: UPDATE_CHILD,
        params: [
          [1, 1],
          [1, 2],
        ],
        executemany: true,
      },
    ]);
    ctx.clear();
    p.children = [c2];
    s.flush();
    expect(ctx.log).toEqual([{ sql: UPDATE_CHILD, params: [null, 1], executemany: false }]);
    expect(c1.parentId).toBeNull();
    expect(c2.parentId).toBe(1);
  });

  test("moving a persistent child to a new parent: INSERT the parent, then UPDATE the child", () => {
    using s = new Session(ctx.engine);
    s.add(new Parent({ children: [new Child({})] }));
    s.commit();
    ctx.clear();
    const c = s.get(Child, 1) as Child;
    const p2 = new Parent({ name: "p2" });
    c.parent = p2;
    expect(s.new).toEqual([p2]);
    s.flush();
    expect(ctx.statements()).toEqual([
      "SELECT child.id, child.name, child.parent_id FROM child WHERE child.id = ?",
      "INSERT INTO parent (name) VALUES (?) RETURNING id",
      UPDATE_CHILD,
    ]);
    expect(ctx.log[2]?.params).toEqual([2, 1]);
  });

  test("appending to an expired parent's collection lazy-loads it, then INSERTs the child", () => {
    using s = new Session(ctx.engine);
    const p = new Parent({ children: [new Child({})] });
    s.add(p);
    s.commit();
    ctx.clear();
    p.children.push(new Child({ name: "new" }));
    s.flush();
    // SQLAlchemy first refreshes p (SELECT parent.id ...); its identity key is enough here.
    expect(ctx.statements()).toEqual([
      SELECT_CHILDREN,
      "INSERT INTO child (name, parent_id) VALUES (?, ?) RETURNING id",
    ]);
    expect(ctx.log[1]?.params).toEqual(["new", 1]);
    expect(p.children.map((c) => c.name)).toEqual([null, "new"]);
  });

  test("deleting a parent without delete cascade sets its children's foreign key to NULL", () => {
    using s = new Session(ctx.engine);
    const p = new Parent({ children: [new Child({}), new Child({})] });
    s.add(p);
    s.commit();
    ctx.clear();
    s.delete(p);
    s.flush();
    // (SQLAlchemy first refreshes the expired parent: SELECT parent.id ...; the identity key suffices here)
    expect(ctx.log).toEqual([
      { sql: SELECT_CHILDREN, params: [1], executemany: false },
      {
        sql: UPDATE_CHILD,
        params: [
          [null, 1],
          [null, 2],
        ],
        executemany: true,
      },
      { sql: "DELETE FROM parent WHERE parent.id = ?", params: [1], executemany: false },
    ]);
  });

  test("passiveDeletes leaves unloaded children to the database", () => {
    const B = declarativeBase();
    @B.register
    class P extends B.mapped("p", {
      id: mappedColumn(Integer, { primaryKey: true }),
      cs: relationship(() => C, { uselist: true, passiveDeletes: true }),
    }) {}
    @B.register
    class C extends B.mapped("c", {
      id: mappedColumn(Integer, { primaryKey: true }),
      pId: mappedColumn(Integer, {
        foreignKey: new ForeignKey("p.id", { ondelete: "CASCADE" }),
        name: "p_id",
      }),
    }) {}
    ctx.engine.begin((conn) => B.metadata.createAll(conn));
    using s = new Session(ctx.engine);
    s.add(new P({ id: 1, cs: [new C({ id: 1 })] }));
    s.commit();
    ctx.clear();
    s.delete(s.get(P, 1) as P);
    s.flush();
    expect(ctx.statements()).toEqual(["SELECT p.id FROM p WHERE p.id = ?", "DELETE FROM p WHERE p.id = ?"]);
  });
});

describe("cascades (test_cascade)", () => {
  test("delete cascades to loaded and unloaded children, children first", () => {
    using s = new Session(ctx.engine);
    const u = new User({
      name: "u",
      addresses: [new Address({ emailAddress: "a" }), new Address({ emailAddress: "b" })],
    });
    s.add(u);
    s.commit();
    ctx.clear();
    s.delete(u);
    expect(s.deleted).toHaveLength(3);
    s.flush();
    expect(ctx.log).toEqual([
      {
        sql: "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id",
        params: [1],
        executemany: false,
      },
      {
        sql: "DELETE FROM address WHERE address.id = ?",
        params: [[1], [2]],
        executemany: true,
      },
      { sql: "DELETE FROM user_account WHERE user_account.id = ?", params: [1], executemany: false },
    ]);
  });

  test("delete-orphan: a removed pending child is never inserted; a moved child is not deleted", () => {
    using s = new Session(ctx.engine);
    const [u1, u2] = [new User({ name: "u1" }), new User({ name: "u2" })];
    const [a, b] = [new Address({ emailAddress: "a" }), new Address({ emailAddress: "b" })];
    u1.addresses.push(a, b);
    s.addAll([u1, u2]);
    expect(s.contains(b)).toBe(true);
    u1.addresses.pop();
    expect(s.contains(b)).toBe(false);
    s.flush();
    expect(ctx.statements().filter((q) => q.startsWith("INSERT INTO address"))).toHaveLength(1);
    ctx.clear();
    u2.addresses.push(u1.addresses[0] as Address);
    s.flush();
    expect(ctx.statements()).toEqual([
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id",
      "UPDATE address SET user_id=? WHERE address.id = ?",
    ]);
    expect(ctx.log[1]?.params).toEqual([2, 1]);
    expect(u1.addresses).toEqual([]);
  });

  test("save-update on assignment to a persistent object; expunge cascades", () => {
    using s = new Session(ctx.engine);
    const u = new User({ name: "u" });
    s.add(u);
    s.flush();
    const a = new Address({ emailAddress: "a" });
    u.addresses.push(a);
    expect(s.contains(a)).toBe(true);
    s.expunge(u);
    expect(s.contains(a)).toBe(false);
  });
});

describe("loading", () => {
  test("lazy loads once; pending objects load nothing; detached access raises", () => {
    using s = new Session(ctx.engine);
    const a = new Address({ emailAddress: "a", userId: 1 });
    expect(a.user).toBeNull();
    s.add(new User({ id: 1, name: "u" }));
    s.add(a);
    s.commit();
    ctx.clear();
    const u = a.user as User;
    expect(u.name).toBe("u");
    expect(ctx.statements()).toEqual([
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE address.id = ?",
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.id = ?",
    ]);
    ctx.clear();
    expect(u.addresses).toEqual([a]);
    expect(u.addresses).toEqual([a]);
    expect(ctx.statements()).toEqual([
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id",
    ]);
    s.commit();
    s.close();
    expect(() => u.addresses).toThrow(DetachedInstanceError);
  });

  test('lazy "raise" and "noload"', () => {
    const B = declarativeBase();
    @B.register
    class P extends B.mapped("p", {
      id: mappedColumn(Integer, { primaryKey: true }),
      raising: relationship(() => C, { uselist: true, lazy: "raise" }),
      none: relationship(() => C, { uselist: true, lazy: "noload" }),
    }) {}
    @B.register
    class C extends B.mapped("c", {
      id: mappedColumn(Integer, { primaryKey: true }),
      pId: mappedColumn(Integer, { foreignKey: "p.id", name: "p_id" }),
    }) {}
    ctx.engine.begin((conn) => B.metadata.createAll(conn));
    using s = new Session(ctx.engine);
    s.add(new P({ id: 1 }));
    s.add(new C({ id: 1, pId: 1 }));
    s.commit();
    const p = s.get(P, 1) as P;
    ctx.clear();
    expect(() => p.raising).toThrow(InvalidRequestError);
    expect(() => p.raising).toThrow(/'P.raising' is not available due to lazy='raise'/);
    expect(p.none).toEqual([]);
    expect(ctx.statements()).toEqual([]);
  });

  test("one-to-one (uselist false on the one-to-many side)", () => {
    const B = declarativeBase();
    @B.register
    class Person extends B.mapped("person", {
      id: mappedColumn(Integer, { primaryKey: true }),
      passport: relationship(() => Passport, { backPopulates: "person" }),
    }) {}
    @B.register
    class Passport extends B.mapped("passport", {
      id: mappedColumn(Integer, { primaryKey: true }),
      personId: mappedColumn(Integer, { foreignKey: "person.id", name: "person_id" }),
      person: relationship(() => Person, { backPopulates: "passport" }),
    }) {}
    ctx.engine.begin((conn) => B.metadata.createAll(conn));
    using s = new Session(ctx.engine);
    const pp = new Passport({});
    const person = new Person({ passport: pp });
    expect(pp.person).toBe(person);
    s.add(person);
    s.commit();
    ctx.clear();
    expect(person.passport).toBe(pp);
    expect(ctx.statements()).toEqual([
      "SELECT passport.id, passport.person_id FROM passport WHERE ? = passport.person_id",
    ]);
    const pp2 = new Passport({});
    person.passport = pp2;
    expect(pp.person).toBeNull();
    ctx.clear();
    s.flush();
    // As SQLAlchemy: the old passport's UPDATE, then the new one's INSERT.
    expect(ctx.statements()).toEqual([
      "UPDATE passport SET person_id=? WHERE passport.id = ?",
      "INSERT INTO passport (person_id) VALUES (?) RETURNING id",
    ]);
    expect(ctx.log[0]?.params).toEqual([null, 1]);
    expect(pp2.personId).toBe(1);
  });
});

describe("adjacency list (test_relationships)", () => {
  test("a tree is inserted parents first and deleted children first", () => {
    using s = new Session(ctx.engine);
    const root = new Node({
      data: "root",
      children: [new Node({ data: "c1", children: [new Node({ data: "gc" })] }), new Node({ data: "c2" })],
    });
    s.add(root);
    s.commit();
    // As SQLAlchemy: level by level (root, its children, then the grandchild).
    expect(ctx.log).toEqual([
      {
        sql: "INSERT INTO node (parent_id, data) VALUES (?, ?) RETURNING id",
        params: [null, "root"],
        executemany: false,
      },
      {
        sql: "INSERT INTO node (parent_id, data) VALUES (?, ?) RETURNING id",
        params: [1, "c1"],
        executemany: true,
      },
      {
        sql: "INSERT INTO node (parent_id, data) VALUES (?, ?) RETURNING id",
        params: [1, "c2"],
        executemany: true,
      },
      {
        sql: "INSERT INTO node (parent_id, data) VALUES (?, ?) RETURNING id",
        params: [2, "gc"],
        executemany: false,
      },
    ]);
    ctx.clear();
    const gc = s.get(Node, 4) as Node;
    expect(gc.parent?.parent).toBe(root);
    expect(root.children.map((n) => n.data)).toEqual(["c1", "c2"]);
    // Delete the whole tree (Node.children has no delete cascade: delete each).
    for (const n of [root, ...root.children, gc]) s.delete(n);
    ctx.clear();
    s.flush();
    expect(ctx.log.filter((l) => l.sql.startsWith("DELETE"))).toEqual([
      { sql: "DELETE FROM node WHERE node.id = ?", params: [[3], [4]], executemany: true },
      { sql: "DELETE FROM node WHERE node.id = ?", params: [2], executemany: false },
      { sql: "DELETE FROM node WHERE node.id = ?", params: [1], executemany: false },
    ]);
  });

  test("a new child under a persistent parent, and re-parenting", () => {
    using s = new Session(ctx.engine);
    const root = new Node({ data: "root" });
    s.add(root);
    s.flush();
    ctx.clear();
    const child = new Node({ data: "c", parent: root });
    // (assigning on the transient child does not add it: SQLAlchemy 2.0 has no backref cascade)
    expect(s.contains(child)).toBe(false);
    s.add(child);
    s.flush();
    expect(ctx.log).toEqual([
      {
        sql: "INSERT INTO node (parent_id, data) VALUES (?, ?) RETURNING id",
        params: [1, "c"],
        executemany: false,
      },
    ]);
    expect(root.children).toEqual([child]);
    ctx.clear();
    const root2 = new Node({ data: "root2" });
    root2.children.push(child);
    s.add(root2);
    expect(root.children).toEqual([]);
    s.flush();
    expect(ctx.log).toEqual([
      {
        sql: "INSERT INTO node (parent_id, data) VALUES (?, ?) RETURNING id",
        params: [null, "root2"],
        executemany: false,
      },
      { sql: "UPDATE node SET parent_id=? WHERE node.id = ?", params: [3, 2], executemany: false },
    ]);
  });
});

describe("class-level operators", () => {
  function seed(s: Session) {
    s.addAll([
      new User({ name: "sandy", addresses: [new Address({ emailAddress: "sandy@x" })] }),
      new User({ name: "patrick" }),
    ]);
    s.commit();
    ctx.clear();
  }

  test("join along a relationship, any(), has()", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const joined = s
      .scalars(select(User).join(User.addresses).where(Address.emailAddress.eq("sandy@x")))
      .all();
    expect(joined.map((u) => u.name)).toEqual(["sandy"]);
    expect(
      s
        .scalars(select(User).where(User.addresses.any()))
        .all()
        .map((u) => u.name),
    ).toEqual(["sandy"]);
    expect(s.scalars(select(Address).where(Address.user.has(User.name.eq("patrick")))).all()).toEqual([]);
    expect(ctx.statements()).toEqual([
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account JOIN address ON user_account.id = address.user_id WHERE address.email_address = ?",
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE EXISTS (SELECT 1 FROM address WHERE user_account.id = address.user_id)",
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE EXISTS (SELECT 1 FROM user_account WHERE user_account.id = address.user_id AND user_account.name = ?)",
    ]);
  });

  test("eq() and contains() compare with an object's key", () => {
    using s = new Session(ctx.engine);
    seed(s);
    const sandy = s.get(User, 1) as User;
    const a = s.get(Address, 1) as Address;
    ctx.clear();
    expect(s.scalars(select(Address).where(Address.user.eq(sandy))).all()).toEqual([a]);
    expect(s.scalars(select(Address).where(Address.user.eq(null))).all()).toEqual([]);
    expect(s.scalars(select(User).where(User.addresses.contains(a))).all()).toEqual([sandy]);
    expect(ctx.statements()).toEqual([
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id",
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE address.user_id IS NULL",
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.id = ?",
    ]);
    expect(() => User.addresses.eq(a)).toThrow(/use contains\(\)/);
    expect(() => Address.user.any()).toThrow(/Use has\(\)/);
  });

  test("self-referential any() / has(): the target is an alias, the criteria read from it (test_query's self-referential EXISTS)", () => {
    using s = new Session(ctx.engine);
    const root = new Node({ data: "root", children: [new Node({ data: "c1" }), new Node({ data: "c2" })] });
    s.add(root);
    s.commit();
    ctx.clear();
    const withC1 = s.scalars(select(Node).where(Node.children.any(Node.data.eq("c1")))).all();
    const underRoot = s
      .scalars(
        select(Node)
          .where(Node.parent.has(Node.data.eq("root")))
          .orderBy(Node.id),
      )
      .all()
      .map((n) => n.data);
    const leaves = s
      .scalars(select(Node).where(not_(Node.children.any())).orderBy(Node.id))
      .all()
      .map((n) => n.data);
    expect(withC1).toEqual([root]);
    expect(underRoot).toEqual(["c1", "c2"]);
    expect(leaves).toEqual(["c1", "c2"]);
    // SQLAlchemy 2.x's SQL for the same criteria.
    expect(ctx.statements()).toEqual([
      "SELECT node.id, node.parent_id, node.data FROM node WHERE EXISTS (SELECT 1 FROM node AS node_1 WHERE node.id = node_1.parent_id AND node_1.data = ?)",
      "SELECT node.id, node.parent_id, node.data FROM node WHERE EXISTS (SELECT 1 FROM node AS node_1 WHERE node_1.id = node.parent_id AND node_1.data = ?) ORDER BY node.id",
      "SELECT node.id, node.parent_id, node.data FROM node WHERE NOT (EXISTS (SELECT 1 FROM node AS node_1 WHERE node.id = node_1.parent_id)) ORDER BY node.id",
    ]);
  });

  test("self-referential eq() / contains() read the foreign key; a join without an alias raises as in SQLAlchemy", () => {
    using s = new Session(ctx.engine);
    const c1 = new Node({ data: "c1" });
    const root = new Node({ data: "root", children: [c1] });
    s.add(root);
    s.commit();
    ctx.clear();
    expect(s.scalars(select(Node).where(Node.parent.eq(root))).all()).toEqual([c1]);
    expect(s.scalars(select(Node).where(Node.parent.eq(null))).all()).toEqual([root]);
    expect(s.scalars(select(Node).where(Node.children.contains(c1))).all()).toEqual([root]);
    expect(ctx.statements()).toEqual([
      "SELECT node.id, node.parent_id, node.data FROM node WHERE ? = node.parent_id",
      "SELECT node.id, node.parent_id, node.data FROM node WHERE node.parent_id IS NULL",
      "SELECT node.id, node.parent_id, node.data FROM node WHERE node.id = ?",
    ]);
    expect(() => select(Node).join(Node.children)).toThrow(InvalidRequestError);
    expect(() => select(Node).join(Node.children)).toThrow(/they are the same entity/);
  });
});

describe("session lifecycle with relationships", () => {
  test("rollback makes cascaded pending objects transient again; a new flush inserts them", () => {
    using s = new Session(ctx.engine);
    const u = new User({ name: "u", addresses: [new Address({ emailAddress: "a" })] });
    s.add(u);
    s.flush();
    s.rollback();
    expect(instanceState(u).status).toBe("transient");
    expect(instanceState(u.addresses[0] as Address).status).toBe("transient");
    ctx.clear();
    s.add(u);
    s.commit();
    // (the keys fetched by the rolled-back flush stay on the objects, as in SQLAlchemy)
    expect(ctx.log).toEqual([
      {
        sql: "INSERT INTO user_account (id, name, fullname) VALUES (?, ?, ?)",
        params: [1, "u", null],
        executemany: false,
      },
      {
        sql: "INSERT INTO address (id, email_address, user_id) VALUES (?, ?, ?)",
        params: [1, "a", 1],
        executemany: false,
      },
    ]);
  });

  test("expire and refresh unload relationships; a cycle of new rows raises CircularDependencyError", () => {
    using s = new Session(ctx.engine);
    const u = new User({ name: "u", addresses: [new Address({ emailAddress: "a" })] });
    s.add(u);
    s.flush();
    s.expire(u, ["addresses"]);
    ctx.clear();
    expect(u.addresses).toHaveLength(1);
    expect(ctx.statements()).toHaveLength(1);
    const n1 = new Node({});
    const n2 = new Node({ parent: n1 });
    n1.parent = n2;
    s.add(n1);
    expect(() => s.flush()).toThrow(CircularDependencyError);
  });
});
