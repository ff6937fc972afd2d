/**
 * Custom join conditions, viewonly, backref and orderBy, after SQLAlchemy's
 * test/orm/test_relationships.py (custom joins, foreign()/remote()
 * annotations, viewonly, backref) and the association object pattern
 * (test_association.py style: two many-to-one relationships on a class with
 * a composite primary key). Expected SQL is SQLAlchemy 2.x's on SQLite.
 */
import { ArgumentError, type ColumnElement, Integer, String, select } from "@athanor/core";
import {
  declarativeBase,
  instanceState,
  mappedColumn,
  relationship,
  relationshipJoin,
  remote,
  Session,
} from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { Email, Order, OrderLine, Person, Product, Profile, setupWith } from "./relkinds-models.js";

let ctx: ReturnType<typeof setupWith>;
beforeEach(() => {
  ctx = setupWith();
});

describe("viewonly with a non-equality join condition", () => {
  function seed(s: Session) {
    const p = new Person({ id: 1, name: "ann" });
    p.emails.push(
      new Email({ id: 1, address: "ann@home.com" }),
      new Email({ id: 2, address: "ann@work.com" }),
      new Email({ id: 3, address: "a2@work.com" }),
    );
    s.add(p);
    s.commit();
    ctx.clear();
    return p;
  }

  test("loads with the whole condition, the parent's column bound, in orderBy order", () => {
    using s = new Session(ctx.engine);
    const p = seed(s);
    expect(p.workEmails.map((e) => e.id)).toEqual([2, 3]);
    expect(ctx.log.slice(-1)).toEqual([
      {
        sql: "SELECT emails.id, emails.person_id, emails.address FROM emails WHERE ? = emails.person_id AND emails.address LIKE ? ORDER BY emails.id",
        params: [1, "%@work.com"],
        executemany: false,
      },
    ]);
  });

  test("changes to a viewonly collection are not flushed and do not cascade", () => {
    using s = new Session(ctx.engine);
    const p = seed(s);
    p.workEmails.length;
    const e = new Email({ address: "x@work.com" });
    p.workEmails.push(e);
    expect(s.contains(e)).toBe(false);
    ctx.clear();
    s.flush();
    expect(ctx.statements()).toEqual([]);
    // The writable relationship over the same rows is unaffected.
    expect(p.emails).toHaveLength(3);
  });

  test("configuration: viewonly cascades nothing; a write cascade is refused", () => {
    Person.__mapper__.configure();
    const rel = Person.__mapper__.relationships.get("workEmails");
    expect(rel).toMatchObject({
      viewonly: true,
      direction: "ONETOMANY",
      localKeys: ["id"],
      remoteKeys: ["personId"],
    });
    expect(rel?.cascade).toMatchObject({ saveUpdate: false, delete: false, merge: false });
    expect(`${relationshipJoin(Person.workEmails).primaryjoin}`).toBe(
      "people.id = emails.person_id AND emails.address LIKE :address_1",
    );
    const B = declarativeBase();
    expect(() =>
      B.mapped("x", {
        id: mappedColumn(Integer, { primaryKey: true }),
        r: relationship(() => Email, { viewonly: true, cascade: "all" }),
      }),
    ).toThrow(/cannot be used with viewonly/);
  });
});

describe("a join on columns without a foreign key: foreign() and backref", () => {
  test("one-to-one by name: lazy loads both ways, the flush copies the name", () => {
    using s = new Session(ctx.engine);
    const p = new Person({ id: 1, name: "ann" });
    p.profile = new Profile({ id: 10, bio: "hello" });
    s.add(p);
    s.flush();
    expect(ctx.log).toEqual([
      { sql: "INSERT INTO people (id, name) VALUES (?, ?)", params: [1, "ann"], executemany: false },
      {
        sql: "INSERT INTO profiles (id, person_name, bio) VALUES (?, ?, ?)",
        params: [10, "ann", "hello"],
        executemany: false,
      },
    ]);
    s.commit();
    s.expungeAll();
    ctx.clear();
    const p2 = s.get(Person, 1) as Person;
    expect(p2.profile?.bio).toBe("hello");
    const back = (p2.profile as unknown as { person: Person }).person;
    expect(back).toBe(p2);
    expect(ctx.statements()).toEqual([
      "SELECT people.id, people.name FROM people WHERE people.id = ?",
      "SELECT profiles.id, profiles.person_name, profiles.bio FROM profiles WHERE ? = profiles.person_name",
      // Not by primary key, so the identity map cannot answer (SQLAlchemy emits it too).
      "SELECT people.id, people.name FROM people WHERE people.name = ?",
    ]);
  });

  test("the backref is a many-to-one with the same join, loaded by the foreign column's value", () => {
    using s = new Session(ctx.engine);
    s.add(new Person({ id: 1, name: "ann", profile: new Profile({ id: 10 }) }));
    s.commit();
    s.expungeAll();
    ctx.clear();
    const prof = s.get(Profile, 10) as Profile;
    const person = (prof as unknown as { person: Person | null }).person;
    expect(person?.name).toBe("ann");
    expect(ctx.statements().slice(-1)).toEqual([
      "SELECT people.id, people.name FROM people WHERE people.name = ?",
    ]);
    Profile.__mapper__.configure();
    expect(Profile.__mapper__.relationships.get("person")).toMatchObject({
      direction: "MANYTOONE",
      localKeys: ["personName"],
      remoteKeys: ["name"],
    });
  });

  test("foreignKeys names the foreign side instead of foreign()", () => {
    const B = declarativeBase();
    @B.register
    class A extends B.mapped("a", {
      id: mappedColumn(Integer, { primaryKey: true }),
      code: mappedColumn(String(10)),
      bs: relationship(() => Bx, {
        uselist: true,
        primaryjoin: (): ColumnElement<boolean> => A.code.eq(Bx.aCode),
        foreignKeys: "aCode",
      }),
    }) {}
    @B.register
    class Bx extends B.mapped("b", {
      id: mappedColumn(Integer, { primaryKey: true }),
      aCode: mappedColumn(String(10), { name: "a_code" }),
    }) {}
    A.__mapper__.configure();
    expect(A.__mapper__.relationships.get("bs")).toMatchObject({
      direction: "ONETOMANY",
      localKeys: ["code"],
      remoteKeys: ["aCode"],
    });
    const local = setupWith(B);
    using s = new Session(local.engine);
    s.add(new A({ id: 1, code: "x", bs: [new Bx({ id: 1 }), new Bx({ id: 2 })] }));
    s.flush();
    expect(local.log.slice(-1)).toEqual([
      {
        sql: "INSERT INTO b (id, a_code) VALUES (?, ?)",
        params: [
          [1, "x"],
          [2, "x"],
        ],
        executemany: true,
      },
    ]);
  });

  test("without foreign keys, foreignKeys or foreign(), a writable custom join is refused", () => {
    const B = declarativeBase();
    @B.register
    class A extends B.mapped("a", {
      id: mappedColumn(Integer, { primaryKey: true }),
      code: mappedColumn(String(10)),
      bs: relationship(() => Bx, {
        uselist: true,
        primaryjoin: (): ColumnElement<boolean> => A.code.eq(Bx.aCode),
      }),
    }) {}
    @B.register
    class Bx extends B.mapped("b", {
      id: mappedColumn(Integer, { primaryKey: true }),
      aCode: mappedColumn(String(10)),
    }) {}
    expect(() => new A().bs).toThrow(ArgumentError);
    expect(() => new A().bs).toThrow(/could not find foreign key columns in primaryjoin/);
    void Bx;
  });

  test("self-referential custom join: remote() says which side is the target's", () => {
    const B = declarativeBase();
    @B.register
    class N extends B.mapped("n", {
      id: mappedColumn(Integer, { primaryKey: true }),
      parentId: mappedColumn(Integer, { foreignKey: "n.id", name: "parent_id" }),
      parent: relationship(() => N, {
        primaryjoin: (): ColumnElement<boolean> => remote(N.id).eq(N.parentId),
      }),
      kids: relationship(() => N, {
        uselist: true,
        primaryjoin: (): ColumnElement<boolean> => N.id.eq(remote(N.parentId)),
        orderBy: (): ColumnElement<any>[] => [N.id.desc()],
      }),
    }) {}
    const local = setupWith(B);
    using s = new Session(local.engine);
    const root = new N({ id: 1 });
    s.add(root);
    s.add(new N({ id: 2, parent: root }));
    s.add(new N({ id: 3, parent: root }));
    s.commit();
    s.expungeAll();
    local.clear();
    const r = s.get(N, 1) as N;
    expect(r.kids.map((k) => k.id)).toEqual([3, 2]);
    expect((r.kids[0] as N).parent).toBe(r);
    expect(local.statements()).toEqual([
      "SELECT n.id, n.parent_id FROM n WHERE n.id = ?",
      "SELECT n.id, n.parent_id FROM n WHERE ? = n.parent_id ORDER BY n.id DESC",
    ]);
  });
});

describe("backref", () => {
  const B = declarativeBase();
  @B.register
  class Owner extends B.mapped("owner", {
    id: mappedColumn(Integer, { primaryKey: true }),
    name: mappedColumn(String(20)),
  }) {}
  @B.register
  class Pet extends B.mapped("pet", {
    id: mappedColumn(Integer, { primaryKey: true }),
    ownerId: mappedColumn(Integer, { foreignKey: "owner.id", name: "owner_id" }),
    name: mappedColumn(String(20)),
    owner: relationship(() => Owner, {
      backref: ["pets", { orderBy: () => Pet.name, cascade: "all, delete-orphan" }],
    }),
  }) {}
  const petsOf = (o: Owner) => (o as unknown as { pets: Pet[] }).pets;

  test("declares the reverse collection, kept in sync in memory and flushed", () => {
    const local = setupWith(B);
    using s = new Session(local.engine);
    const o = new Owner({ id: 1, name: "o" });
    const p = new Pet({ id: 1, name: "rex", owner: o });
    expect(petsOf(o)).toHaveLength(1);
    expect(petsOf(o)[0] === p).toBe(true);
    petsOf(o).push(new Pet({ id: 2, name: "ace" }));
    expect((petsOf(o)[1] as Pet).owner === o).toBe(true);
    s.add(o);
    s.commit();
    s.expungeAll();
    local.clear();
    const o2 = s.get(Owner, 1) as Owner;
    expect(petsOf(o2).map((x) => x.name)).toEqual(["ace", "rex"]);
    expect(local.statements().slice(-1)).toEqual([
      "SELECT pet.id, pet.owner_id, pet.name FROM pet WHERE ? = pet.owner_id ORDER BY pet.name",
    ]);
    // The backref's own options apply: delete-orphan.
    petsOf(o2).pop();
    local.clear();
    s.flush();
    expect(local.statements()).toEqual(["DELETE FROM pet WHERE pet.id = ?"]);
    expect(Owner.__mapper__.relationships.get("pets")?.reverse).toBe(
      Pet.__mapper__.relationships.get("owner"),
    );
  });

  test("a backref that names an existing attribute is refused", () => {
    const B2 = declarativeBase();
    @B2.register
    class O extends B2.mapped("o", {
      id: mappedColumn(Integer, { primaryKey: true }),
      name: mappedColumn(String(20)),
    }) {}
    @B2.register
    class P extends B2.mapped("p", {
      id: mappedColumn(Integer, { primaryKey: true }),
      oId: mappedColumn(Integer, { foreignKey: "o.id" }),
      o: relationship(() => O, { backref: "name" }),
    }) {}
    expect(() => new P().o).toThrow(/backref 'name' conflicts with the existing attribute O.name/);
  });
});

describe("orderBy", () => {
  test("a one-to-many's lazy load orders by it", () => {
    const B = declarativeBase();
    @B.register
    class L extends B.mapped("l", {
      id: mappedColumn(Integer, { primaryKey: true }),
      entries: relationship(() => E, { uselist: true, orderBy: () => [E.pos.desc(), E.id] }),
    }) {}
    @B.register
    class E extends B.mapped("e", {
      id: mappedColumn(Integer, { primaryKey: true }),
      lId: mappedColumn(Integer, { foreignKey: "l.id", name: "l_id" }),
      pos: mappedColumn(Integer),
    }) {}
    const local = setupWith(B);
    using s = new Session(local.engine);
    s.add(
      new L({
        id: 1,
        entries: [new E({ id: 1, pos: 1 }), new E({ id: 2, pos: 3 }), new E({ id: 3, pos: 2 })],
      }),
    );
    s.commit();
    s.expungeAll();
    const l = s.get(L, 1) as L;
    local.clear();
    expect(l.entries.map((e) => e.id)).toEqual([2, 3, 1]);
    expect(local.statements()).toEqual([
      "SELECT e.id, e.l_id, e.pos FROM e WHERE ? = e.l_id ORDER BY e.pos DESC, e.id",
    ]);
  });
});

describe("association object pattern", () => {
  function seed(s: Session) {
    const o = new Order({ id: 1, customer: "c" });
    const widget = new Product({ id: 1, name: "widget" });
    const gadget = new Product({ id: 2, name: "gadget" });
    o.lines.push(new OrderLine({ product: widget, qty: 2 }), new OrderLine({ product: gadget, qty: 5 }));
    s.add(o);
    s.flush();
    return o;
  }

  test("the association rows take both foreign keys from their many-to-ones, in one executemany", () => {
    using s = new Session(ctx.engine);
    seed(s);
    expect(ctx.log).toEqual([
      { sql: "INSERT INTO orders (id, customer) VALUES (?, ?)", params: [1, "c"], executemany: false },
      {
        sql: "INSERT INTO products (id, name) VALUES (?, ?)",
        params: [
          [1, "widget"],
          [2, "gadget"],
        ],
        executemany: true,
      },
      {
        sql: "INSERT INTO order_lines (order_id, product_id, qty) VALUES (?, ?, ?)",
        params: [
          [1, 1, 2],
          [1, 2, 5],
        ],
        executemany: true,
      },
    ]);
    const line = s.get(OrderLine, [1, 2]) as OrderLine;
    expect(instanceState(line).identity).toEqual([1, 2]);
  });

  test("load through the association objects, change the extra column, drop a line", () => {
    using s = new Session(ctx.engine);
    seed(s);
    s.commit();
    s.expungeAll();
    ctx.clear();
    const o = s.get(Order, 1) as Order;
    expect(o.lines.map((l) => `${l.product?.name}x${l.qty}`).sort()).toEqual(["gadgetx5", "widgetx2"]);
    const gadgetLine = o.lines.find((l) => l.productId === 2) as OrderLine;
    (o.lines.find((l) => l.productId === 1) as OrderLine).qty = 3;
    o.lines.splice(o.lines.indexOf(gadgetLine), 1);
    ctx.clear();
    s.flush();
    expect(ctx.log).toEqual([
      {
        sql: "UPDATE order_lines SET qty=? WHERE order_lines.order_id = ? AND order_lines.product_id = ?",
        params: [3, 1, 1],
        executemany: false,
      },
      {
        sql: "DELETE FROM order_lines WHERE order_lines.order_id = ? AND order_lines.product_id = ?",
        params: [1, 2],
        executemany: false,
      },
    ]);
    const rows = s.scalars(
      select(Product).join(Product.lines).join(OrderLine.order).where(Order.customer.eq("c")),
    );
    expect(rows.all().map((p) => p.name)).toEqual(["widget"]);
  });
});
