/**
 * `aliased()` and `withParent()`, after SQLAlchemy's test/orm/test_froms.py
 * and test_query.py (aliased entities selected next to their class, joined
 * by an ON clause or through a relationship, self-referential joins) and
 * test_query.py's ParentTest (with_parent).
 */
import { InvalidRequestError, NotImplementedError, select } from "@athanor/core";
import { aliased, Session, withParent } from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { setup } from "./helpers.js";
import { Engineer, Person } from "./inheritance-models.js";
import { Address, Node, User } from "./models.js";

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
  using s = new Session(ctx.engine);
  const jack = new User({ name: "jack" });
  jack.addresses.push(new Address({ emailAddress: "jack@bean.com" }));
  const ed = new User({ name: "ed" });
  ed.addresses.push(
    new Address({ emailAddress: "ed@wood.com" }),
    new Address({ emailAddress: "ed@bettyboop.com" }),
  );
  const root = new Node({ data: "root" });
  root.children.push(new Node({ data: "child1" }), new Node({ data: "child2" }));
  s.addAll([jack, ed, new User({ name: "fred" }), root]);
  s.commit();
  ctx.clear();
});

describe("aliased()", () => {
  test("class attributes are the alias's columns; select(aliased) loads the class", () => {
    const a = aliased(User, { name: "u2" });
    using s = new Session(ctx.engine);
    const users = s.scalars(select(a).where(a.name.eq("ed"))).all();
    expect(users).toHaveLength(1);
    expect(users[0]).toBeInstanceOf(User);
    expect(users[0]?.name).toBe("ed");
    expect(ctx.statements()).toEqual([
      "SELECT u2.id, u2.name, u2.fullname FROM user_account AS u2 WHERE u2.name = ?",
    ]);
  });

  test("select(User, alias): objects of both from one identity map (test_froms select_from aliased)", () => {
    const a = aliased(User, { name: "u2" });
    using s = new Session(ctx.engine);
    const rows = s.execute(select(User, a).where(User.id.lt(a.id)).orderBy(User.id, a.id)).all();
    expect(rows.map(([u, v]) => [u.name, v.name])).toEqual([
      ["jack", "ed"],
      ["jack", "fred"],
      ["ed", "fred"],
    ]);
    // The same row through the class and through the alias is the same object.
    expect(rows[1]?.[1]).toBe(rows[2]?.[1]);
    expect(rows[0]?.[1]).toBe(rows[2]?.[0]);
    expect(ctx.statements().at(-1)).toBe(
      "SELECT user_account.id, user_account.name, user_account.fullname, u2.id AS id_1, u2.name AS name_1, u2.fullname AS fullname_1 FROM user_account, user_account AS u2 WHERE user_account.id < u2.id ORDER BY user_account.id, u2.id",
    );
  });

  test("join(alias, onclause) and join(User.addresses.of(alias))", () => {
    const a1 = aliased(Address);
    const a2 = aliased(Address);
    using s = new Session(ctx.engine);
    const stmt = select(User)
      .join(User.addresses.of(a1))
      .join(User.addresses.of(a2))
      .where(a1.emailAddress.eq("ed@wood.com"), a2.emailAddress.eq("ed@bettyboop.com"));
    expect(
      s
        .scalars(stmt)
        .all()
        .map((u) => u.name),
    ).toEqual(["ed"]);
    expect(ctx.statements().at(-1)).toBe(
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account JOIN address AS address_1 ON user_account.id = address_1.user_id JOIN address AS address_2 ON user_account.id = address_2.user_id WHERE address_1.email_address = ? AND address_2.email_address = ?",
    );
    const viaOn = select(User, a1.emailAddress).join(a1, User.id.eq(a1.userId)).orderBy(a1.emailAddress);
    expect(
      s
        .execute(viaOn)
        .all()
        .map(([u, e]) => `${u.name}:${e}`),
    ).toEqual(["ed:ed@bettyboop.com", "ed:ed@wood.com", "jack:jack@bean.com"]);
  });

  test("self-referential: a node and its parent through an alias (test_froms aliased self-ref join)", () => {
    const parent = aliased(Node, { name: "parent" });
    using s = new Session(ctx.engine);
    const rows = s
      .execute(select(Node, parent).join(Node.parent.of(parent)).orderBy(Node.id))
      .all()
      .map(([n, p]) => [n.data, p.data]);
    expect(rows).toEqual([
      ["child1", "root"],
      ["child2", "root"],
    ]);
    expect(ctx.statements().at(-1)).toBe(
      `SELECT node.id, node.parent_id, node.data, parent.id AS id_1, parent.parent_id AS "parentId_1", parent.data AS data_1 FROM node JOIN node AS parent ON parent.id = node.parent_id ORDER BY node.id`,
    );
  });

  test("a relationship of the alias joins from the alias", () => {
    const u = aliased(User, { name: "u" });
    using s = new Session(ctx.engine);
    const rows = s.execute(select(u.name, Address.emailAddress).join(u.addresses).orderBy(Address.id)).all();
    expect(rows.map((r) => `${r.name}:${r.emailAddress}`)).toEqual([
      "jack:jack@bean.com",
      "ed:ed@wood.com",
      "ed:ed@bettyboop.com",
    ]);
    expect(ctx.statements().at(-1)).toBe(
      "SELECT u.name, address.email_address FROM user_account AS u JOIN address ON u.id = address.user_id ORDER BY address.id",
    );
  });

  test("any() through an alias's relationship correlates to the alias", () => {
    const u = aliased(User, { name: "u" });
    using s = new Session(ctx.engine);
    const names = s.scalars(select(u.name).where(u.addresses.any(Address.emailAddress.like("%wood%")))).all();
    expect(names).toEqual(["ed"]);
    expect(ctx.statements().at(-1)).toBe(
      "SELECT u.name FROM user_account AS u WHERE EXISTS (SELECT 1 FROM address WHERE u.id = address.user_id AND address.email_address LIKE ?)",
    );
    expect(() => u.addresses.eq(null)).toThrow(NotImplementedError);
  });

  test("an alias cannot be constructed; inheriting classes and aliases of aliases are refused", () => {
    const a = aliased(User);
    expect(() => new a({ name: "x" })).toThrow(InvalidRequestError);
    expect(() => aliased(a)).toThrow(NotImplementedError);
    expect(() => aliased(Engineer)).toThrow(/aliased\(\) of the inheriting class Engineer/);
    expect(aliased(Person).name).toBeDefined();
  });
});

describe("withParent() (test_query.py ParentTest)", () => {
  test("one-to-many: the parent's key compared with the foreign key", () => {
    using s = new Session(ctx.engine);
    const ed = s.scalars(select(User).where(User.name.eq("ed"))).one();
    ctx.clear();
    const emails = s
      .scalars(select(Address).where(withParent(ed, User.addresses)).orderBy(Address.id))
      .all()
      .map((a) => a.emailAddress);
    expect(emails).toEqual(["ed@wood.com", "ed@bettyboop.com"]);
    expect(ctx.statements()).toEqual([
      "SELECT address.id, address.email_address, address.user_id FROM address WHERE ? = address.user_id ORDER BY address.id",
    ]);
    expect(ctx.log[0]?.params).toEqual([2]);
  });

  test("many-to-one: the child's foreign key compared with the parent's key", () => {
    using s = new Session(ctx.engine);
    const addr = s.scalars(select(Address).where(Address.emailAddress.eq("jack@bean.com"))).one();
    ctx.clear();
    expect(s.scalars(select(User).where(withParent(addr, Address.user))).one().name).toBe("jack");
    expect(ctx.statements()).toEqual([
      "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE ? = user_account.id",
    ]);
  });

  test("against an alias of the target, and a self-referential collection", () => {
    using s = new Session(ctx.engine);
    const ed = s.scalars(select(User).where(User.name.eq("ed"))).one();
    const a = aliased(Address, { name: "a" });
    expect(s.scalars(select(a).where(withParent(ed, User.addresses, a))).all()).toHaveLength(2);
    expect(ctx.statements().at(-1)).toBe(
      "SELECT a.id, a.email_address, a.user_id FROM address AS a WHERE ? = a.user_id",
    );
    const root = s.scalars(select(Node).where(Node.data.eq("root"))).one();
    const kids = s.scalars(select(Node).where(withParent(root, Node.children))).all();
    expect(kids.map((n) => n.data)).toEqual(["child1", "child2"]);
  });

  test("a pending parent without a key raises", () => {
    expect(() => withParent(new User({ name: "new" }), User.addresses)).toThrow(/has no value yet/);
  });
});
