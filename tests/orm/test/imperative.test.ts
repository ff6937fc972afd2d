/**
 * Imperative mapping, after SQLAlchemy's test/orm/test_mapper.py
 * (map_imperatively: plain classes on existing tables, relationships through
 * `properties`, a class mapped twice).
 */
import { ArgumentError, Column, ForeignKey, Integer, MetaData, String, select, Table } from "@athanor/core";
import { instanceState, Registry, relationship, Session, synonym } from "@athanor/orm";
import { expect, test } from "vitest";
import { engineFor } from "./mapping-helpers.js";

const registry = new Registry(new MetaData());

const users = new Table("users", registry.metadata, {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(String(30), { nullable: false }),
});
const addresses = new Table("addresses", registry.metadata, {
  id: new Column(Integer, { primaryKey: true }),
  userId: new Column("user_id", Integer, { foreignKey: new ForeignKey("users.id") }),
  email: new Column(String(50)),
});

class User {
  declare id: number;
  declare name: string;
  declare addresses: Address[];
  declare userName: string;
  constructor(name: string) {
    this.name = name;
  }
  shout(): string {
    return this.name.toUpperCase();
  }
}

class Address {
  declare id: number;
  declare email: string | null;
  declare user: User | null;
  constructor(email: string) {
    this.email = email;
  }
}

const MappedUser = registry.mapImperatively(User, users, {
  properties: {
    addresses: relationship(() => Address, { uselist: true, backPopulates: "user" }),
    userName: synonym("name"),
  },
});
registry.mapImperatively(Address, addresses, {
  properties: { user: relationship(() => User, { backPopulates: "addresses" }) },
});

test("a plain class on an existing table: constructor, flush, load, relationships", () => {
  const db = engineFor(registry.metadata);
  using s = new Session(db.engine);
  const u = new User("jack");
  u.addresses.push(new Address("jack@bean.com"));
  expect(u.addresses[0]?.user).toBe(u);
  s.add(u);
  s.commit();
  expect(db.sql()).toEqual([
    "INSERT INTO users (name) VALUES (?) RETURNING id",
    "INSERT INTO addresses (user_id, email) VALUES (?, ?) RETURNING id",
  ]);
  db.clear();
  const loaded = s.scalars(select(MappedUser).where(MappedUser.name.eq("jack"))).one();
  expect(loaded).toBe(u);
  expect(loaded.shout()).toBe("JACK");
  expect(loaded.userName).toBe("jack");
  expect(loaded.addresses.map((a) => a.email)).toEqual(["jack@bean.com"]);
  expect(db.sql()).toEqual([
    "SELECT users.id, users.name FROM users WHERE users.name = ?",
    "SELECT addresses.id, addresses.user_id, addresses.email FROM addresses WHERE ? = addresses.user_id",
  ]);
  expect(instanceState(loaded).mapper.className).toBe("User");
});

test("class-level attributes are the table's columns and the relationships", () => {
  expect(MappedUser.id).toBe(users.c.id);
  expect(
    select(MappedUser).join(MappedUser.addresses).where(addresses.c.email.like("%@x")).toString(),
  ).toContain("FROM users JOIN addresses ON users.id = addresses.user_id");
});

test("mapping a class twice, or a property over a column, is refused", () => {
  expect(() => registry.mapImperatively(User, users)).toThrow(/already has a primary mapper/);
  class Other {}
  const t = new Table("other", new MetaData(), { id: new Column(Integer, { primaryKey: true }) });
  expect(() => registry.mapImperatively(Other, t, { properties: { id: relationship(() => User) } })).toThrow(
    ArgumentError,
  );
});
