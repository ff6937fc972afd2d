/**
 * The Unified Tutorial's "Loader Strategies" section
 * (doc/build/tutorial/orm_related_objects.rst): selectinload, joinedload with
 * innerjoin, containsEager with an explicit join (and with an alias), and
 * raiseload / lazy "raise_on_sql" in the mapping.
 */
import { Integer, String, select } from "@athanor/core";
import {
  containsEager,
  declarativeBase,
  joinedload,
  mappedColumn,
  relationship,
  Session,
  selectinload,
} from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { fixture, type LoaderFixture, standardFixture } from "./loader-fixtures.js";
import { Address, User } from "./loader-models.js";

let f: LoaderFixture;
beforeEach(() => {
  f = standardFixture();
});

describe("Loader Strategies (tutorial)", () => {
  test("selectinload: the users, then their addresses IN (...)", () => {
    const s = f.session();
    const out: string[] = [];
    for (const user of s.scalars(select(User).options(selectinload(User.addresses)).orderBy(User.id)))
      out.push(`${user.name}  (${user.addresses.map((a) => a.emailAddress).join(", ")})`);
    expect(out[1]).toBe("ed  (ed@wood.com, ed@bettyboop.com, ed@lala.com)");
    expect(f.sql()).toEqual([
      "SELECT users.id, users.name FROM users ORDER BY users.id",
      "SELECT addresses.id, addresses.user_id, addresses.email_address FROM addresses WHERE addresses.user_id IN (?, ?, ?, ?)",
    ]);
  });

  test("joinedload(Address.user, { innerjoin: true })", () => {
    const s = f.session();
    const out = s
      .scalars(
        select(Address)
          .options(joinedload(Address.user, { innerjoin: true }))
          .orderBy(Address.id),
      )
      .all()
      .map((a) => `${a.emailAddress} ${a.user?.name}`);
    expect(out[0]).toBe("jack@bean.com jack");
    expect(f.sql()).toEqual([
      "SELECT addresses.id, addresses.user_id, addresses.email_address, users_1.id AS id_1, users_1.name FROM addresses JOIN users AS users_1 ON users_1.id = addresses.user_id ORDER BY addresses.id",
    ]);
  });

  test("containsEager: the explicit join populates the relationship", () => {
    const s = f.session();
    const addresses = s
      .scalars(
        select(Address)
          .join(Address.user)
          .where(User.name.eq("ed"))
          .options(containsEager(Address.user))
          .orderBy(Address.id),
      )
      .all();
    expect(f.sql()).toEqual([
      "SELECT users.id, users.name, addresses.id AS id_1, addresses.user_id, addresses.email_address FROM addresses JOIN users ON users.id = addresses.user_id WHERE users.name = ? ORDER BY addresses.id",
    ]);
    f.clear();
    expect(addresses.map((a) => a.user?.name)).toEqual(["ed", "ed", "ed"]);
    expect(f.sql()).toEqual([]);
  });

  test("containsEager of a collection filtered by the join (populating a subset), with unique()", () => {
    const s = f.session();
    const users = s
      .execute(
        select(User)
          .join(User.addresses)
          .where(Address.emailAddress.like("ed@%a%"))
          .options(containsEager(User.addresses))
          .orderBy(User.id, Address.id),
      )
      .unique()
      .scalars()
      .all();
    expect(users.map((u) => [u.name, u.addresses.map((a) => a.emailAddress)])).toEqual([
      ["ed", ["ed@wood.com", "ed@bettyboop.com", "ed@lala.com"].filter((e) => e.includes("a"))],
    ]);
    expect(f.sql()).toHaveLength(1);
    expect(() =>
      s.execute(select(User).join(User.addresses).options(containsEager(User.addresses))).all(),
    ).toThrow(/unique\(\) method must be invoked/);
  });

  test("containsEager with an alias of the target", () => {
    const s = f.session();
    const a1 = Address.__mapper__.table.alias();
    const addresses = s
      .scalars(
        select(User)
          .join(a1, User.id.eq(a1.c.userId))
          .where(a1.c.emailAddress.eq("jack@bean.com"))
          .options(containsEager(User.addresses, { alias: a1 })),
      )
      .unique()
      .all();
    expect(addresses.map((u) => [u.name, u.addresses.map((a) => a.id)])).toEqual([["jack", [1]]]);
    expect(f.sql()[0]).toBe(
      "SELECT addresses_1.id, addresses_1.user_id, addresses_1.email_address, users.id AS id_1, users.name FROM users JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id WHERE addresses_1.email_address = ?",
    );
  });

  test('raiseload in the mapping: lazy "raise_on_sql"', () => {
    const B = declarativeBase();
    @B.register
    class RUser extends B.mapped("r_user", {
      id: mappedColumn(Integer, { primaryKey: true }),
      name: mappedColumn(String(30)),
      addresses: relationship(() => RAddress, { uselist: true, backPopulates: "user", lazy: "raise_on_sql" }),
    }) {}
    @B.register
    class RAddress extends B.mapped("r_address", {
      id: mappedColumn(Integer, { primaryKey: true }),
      userId: mappedColumn(Integer, { foreignKey: "r_user.id" }),
      user: relationship(() => RUser, { backPopulates: "addresses", lazy: "raise_on_sql" }),
    }) {}
    const r = fixture(B.metadata);
    const s = new Session(r.engine);
    s.add(new RUser({ id: 1, name: "x", addresses: [new RAddress({ id: 1 })] }));
    s.commit();
    s.close();
    const s2 = new Session(r.engine);
    const u = s2.scalars(select(RUser)).one();
    expect(() => u.addresses).toThrow("'RUser.addresses' is not available due to lazy='raise_on_sql'");
    const u2 = s2.scalars(select(RUser).options(selectinload(RUser.addresses))).one();
    expect(u2.addresses).toHaveLength(1);
    // The many-to-one finds its target in the identity map: no SQL, no error.
    expect(u2.addresses[0]?.user).toBe(u2);
  });
});
