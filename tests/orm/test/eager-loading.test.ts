/**
 * Relationship loading techniques, after SQLAlchemy's
 * test/orm/test_eager_relations.py (joinedload), test_selectin_relations.py,
 * test_subquery_relations.py and the loader options of test_default_strategies
 * (raiseload, noload, lazyload, defaultload, wildcards). The expected SQL is
 * what SQLAlchemy 2.x emits on SQLite for the same statements.
 */
import { ArgumentError, InvalidRequestError, NotImplementedError, select } from "@athanor/core";
import {
  defaultload,
  instanceState,
  joinedload,
  lazyload,
  noload,
  raiseload,
  Session,
  selectinload,
  subqueryload,
} from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import {
  configuredFixture,
  type LoaderFixture,
  standardFixture,
  usersWithEmails,
} from "./loader-fixtures.js";
import { Address, CAddress, CUser, Order, User } from "./loader-models.js";

const USERS = "SELECT users.id, users.name FROM users";
const ADDRESS_COLS = "addresses.id, addresses.user_id, addresses.email_address";
const EXPECTED_GRAPH: [string, string[]][] = [
  ["jack", ["jack@bean.com"]],
  ["ed", ["ed@wood.com", "ed@bettyboop.com", "ed@lala.com"]],
  ["fred", ["fred@fred.com"]],
  ["chuck", []],
];

const EXPECTED_GRAPH_SORTED = EXPECTED_GRAPH.map(([n, e]): [string, string[]] => [n, [...e].sort()]);

let f: LoaderFixture;
beforeEach(() => {
  f = standardFixture();
});

describe("joinedload", () => {
  test("one-to-many: one statement with LEFT OUTER JOIN to an anonymous alias (test_basic)", () => {
    const s = f.session();
    const users = s
      .execute(select(User).options(joinedload(User.addresses)).orderBy(User.id))
      .unique()
      .scalars()
      .all();
    expect(usersWithEmails(users, true)).toEqual(EXPECTED_GRAPH_SORTED);
    expect(f.sql()).toEqual([
      "SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.user_id, addresses_1.email_address FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id ORDER BY users.id",
    ]);
    // Loaded without history: nothing is dirty.
    expect(s.dirty).toEqual([]);
    expect(instanceState(users[1] as User).modified).toBe(false);
  });

  test("a collection requires unique() on the result, as in SQLAlchemy 2.0", () => {
    const s = f.session();
    expect(() =>
      s
        .execute(select(User).options(joinedload(User.addresses)))
        .scalars()
        .all(),
    ).toThrow(
      "The unique() method must be invoked on this Result, as it contains results that include joined eager loads against collections",
    );
    expect(() => s.scalars(select(User).options(joinedload(User.addresses))).all()).toThrow(
      InvalidRequestError,
    );
    // scalars().unique() is as good as unique().scalars().
    const users = s
      .scalars(select(User).options(joinedload(User.addresses)).orderBy(User.id))
      .unique()
      .all();
    expect(users.map((u) => u.name)).toEqual(["jack", "ed", "fred", "chuck"]);
  });

  test("many-to-one needs no unique(); the alias is the target's table (test_many_to_one)", () => {
    const s = f.session();
    const addresses = s.scalars(select(Address).options(joinedload(Address.user)).orderBy(Address.id)).all();
    expect(addresses.map((a) => a.user?.name)).toEqual(["jack", "ed", "ed", "ed", "fred"]);
    expect(f.sql()).toEqual([
      `SELECT ${ADDRESS_COLS}, users_1.id AS id_1, users_1.name FROM addresses LEFT OUTER JOIN users AS users_1 ON users_1.id = addresses.user_id ORDER BY addresses.id`,
    ]);
  });

  test("innerjoin: true renders an INNER JOIN (test_inner_join)", () => {
    const s = f.session();
    s.scalars(select(Address).options(joinedload(Address.user, { innerjoin: true }))).all();
    expect(f.sql()[0]).toContain("FROM addresses JOIN users AS users_1 ON users_1.id = addresses.user_id");
  });

  test("chained joinedloads nest their joins, each with its own alias (test_double)", () => {
    const s = f.session();
    const users = s
      .execute(
        select(User)
          .options(joinedload(User.addresses).joinedload(Address.dingalings), joinedload(User.orders))
          .orderBy(User.id),
      )
      .unique()
      .scalars()
      .all();
    expect(f.sql()).toEqual([
      'SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.user_id, addresses_1.email_address, dingalings_1.id AS id_2, dingalings_1.address_id, dingalings_1.data, orders_1.id AS id_3, orders_1.user_id AS "userId_1", orders_1.address_id AS "addressId_1", orders_1.description, orders_1.isopen FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id LEFT OUTER JOIN dingalings AS dingalings_1 ON addresses_1.id = dingalings_1.address_id LEFT OUTER JOIN orders AS orders_1 ON users.id = orders_1.user_id ORDER BY users.id',
    ]);
    f.clear();
    const ed = users[1] as User;
    expect(ed.addresses.flatMap((a) => a.dingalings.map((d) => d.data))).toEqual(["ding 1/2"]);
    expect((users[0] as User).orders.map((o) => o.description)).toEqual(["order 1", "order 3", "order 5"]);
    expect(f.sql()).toEqual([]);
  });

  test("an explicit join and the eager join are separate (test_join_and_eager)", () => {
    const s = f.session();
    const users = s
      .execute(
        select(User)
          .join(User.addresses)
          .where(Address.emailAddress.eq("ed@wood.com"))
          .options(joinedload(User.addresses)),
      )
      .unique()
      .scalars()
      .all();
    // The filter limits the users, not the eagerly loaded collection.
    expect(usersWithEmails(users, true)).toEqual([
      ["ed", ["ed@bettyboop.com", "ed@lala.com", "ed@wood.com"]],
    ]);
    expect(f.sql()[0]).toContain(
      "FROM users JOIN addresses ON users.id = addresses.user_id LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id",
    );
  });

  test("existing objects keep loaded collections and unflushed changes (test_useget, populate)", () => {
    const s = new Session(f.engine, { autoflush: false });
    const ed = s.get(User, 8) as User;
    ed.name = "edward";
    const loaded = ed.addresses;
    loaded.pop();
    f.clear();
    s.execute(select(User).options(joinedload(User.addresses)))
      .unique()
      .scalars()
      .all();
    expect(ed.name).toBe("edward");
    expect(ed.addresses).toBe(loaded);
    expect(ed.addresses.length).toBe(2);
    expect(s.dirty.includes(ed)).toBe(true);
  });

  test("an unloaded collection of an object already in the identity map is filled", () => {
    const s = f.session();
    const jack = s.get(User, 7) as User;
    s.execute(select(User).options(joinedload(User.addresses)))
      .unique()
      .all();
    f.clear();
    expect(jack.addresses.map((a) => a.emailAddress)).toEqual(["jack@bean.com"]);
    expect(f.sql()).toEqual([]);
    expect(instanceState(jack).modified).toBe(false);
  });

  test("LIMIT with a joined collection wraps the statement in a subquery (test_limit)", () => {
    const s = f.session();
    const users = s
      .execute(select(User).options(joinedload(User.addresses)).orderBy(User.id.desc()).limit(2).offset(1))
      .unique()
      .scalars()
      .all();
    expect(usersWithEmails(users, true)).toEqual([EXPECTED_GRAPH_SORTED[2], EXPECTED_GRAPH_SORTED[1]]);
    expect(f.sql()).toEqual([
      "SELECT anon_1.id, anon_1.name, addresses_1.id AS id_1, addresses_1.user_id, addresses_1.email_address FROM (SELECT users.id AS id, users.name AS name FROM users ORDER BY users.id DESC LIMIT ? OFFSET ?) AS anon_1 LEFT OUTER JOIN addresses AS addresses_1 ON anon_1.id = addresses_1.user_id ORDER BY anon_1.id DESC",
    ]);
    expect(f.params()[0]).toEqual([2, 1]);
    // A many-to-one does not multiply rows: no subquery.
    f.clear();
    expect(s.scalars(select(Address).options(joinedload(Address.user)).limit(2)).all()).toHaveLength(2);
    expect(f.sql()[0]).toMatch(
      /^SELECT addresses.id, .* FROM addresses LEFT OUTER JOIN users AS users_1 .* LIMIT \? OFFSET \?$/,
    );
    // An ORDER BY that is not a selected column cannot be carried out of the subquery.
    expect(() =>
      s.execute(select(User).options(joinedload(User.addresses)).orderBy(User.name.concat("x")).limit(1)),
    ).toThrow(NotImplementedError);
  });

  test("yieldPer with a joined collection raises as SQLAlchemy", () => {
    const s = f.session();
    expect(() =>
      s.execute(select(User).options(joinedload(User.addresses)).executionOptions({ yieldPer: 1 })),
    ).toThrow(/Can't use yieldPer with eager loaders that require uniquing or row buffering/);
  });
});

describe("selectinload", () => {
  test("one-to-many: two statements, the second with the parents' keys IN (...) (test_basic)", () => {
    const s = f.session();
    const users = s.scalars(select(User).options(selectinload(User.addresses)).orderBy(User.id)).all();
    expect(usersWithEmails(users)).toEqual(EXPECTED_GRAPH);
    expect(f.sql()).toEqual([
      `${USERS} ORDER BY users.id`,
      `SELECT ${ADDRESS_COLS} FROM addresses WHERE addresses.user_id IN (?, ?, ?, ?)`,
    ]);
    expect(f.params()[1]).toEqual([7, 8, 9, 10]);
    expect(s.dirty).toEqual([]);
  });

  test("many-to-one selects by primary key, skipping objects in the identity map", () => {
    const s = f.session();
    s.get(User, 7);
    f.clear();
    const addresses = s
      .scalars(select(Address).options(selectinload(Address.user)).orderBy(Address.id))
      .all();
    expect(addresses.map((a) => a.user?.name)).toEqual(["jack", "ed", "ed", "ed", "fred"]);
    expect(f.sql()).toEqual([
      `SELECT ${ADDRESS_COLS} FROM addresses ORDER BY addresses.id`,
      "SELECT users.id, users.name FROM users WHERE users.id IN (?, ?)",
    ]);
    expect(f.params()[1]).toEqual([8, 9]);
    // Every user in the identity map: no second statement.
    f.clear();
    s.close();
    const s2 = f.session();
    s2.scalars(select(User)).all();
    f.clear();
    s2.scalars(select(Address).options(selectinload(Address.user))).all();
    expect(f.sql()).toHaveLength(1);
  });

  test("parents are batched 500 per IN list", () => {
    const s = f.session();
    for (let i = 0; i < 1100; i++) s.add(new User({ id: 1000 + i, name: `u${i}` }));
    s.commit();
    f.clear();
    const users = s.scalars(select(User).options(selectinload(User.addresses))).all();
    expect(users).toHaveLength(1104);
    const ins = f.params().slice(1) as unknown[][];
    expect(ins.map((p) => p.length)).toEqual([500, 500, 104]);
    expect(f.sql()).toHaveLength(4);
  });

  test("selectinload chained with joinedload: the second statement joins (test_chained)", () => {
    const s = f.session();
    const users = s.scalars(
      select(User).options(selectinload(User.addresses).joinedload(Address.dingalings)).orderBy(User.id),
    );
    const ed = users.all()[1] as User;
    expect(f.sql()).toEqual([
      `${USERS} ORDER BY users.id`,
      `SELECT ${ADDRESS_COLS}, dingalings_1.id AS id_1, dingalings_1.address_id, dingalings_1.data FROM addresses LEFT OUTER JOIN dingalings AS dingalings_1 ON addresses.id = dingalings_1.address_id WHERE addresses.user_id IN (?, ?, ?, ?)`,
    ]);
    f.clear();
    expect(ed.addresses[0]?.dingalings.map((d) => d.data)).toEqual(["ding 1/2"]);
    expect(f.sql()).toEqual([]);
  });

  test("selectin below selectin: one statement per level (test_nested)", () => {
    const s = f.session();
    s.scalars(select(User).options(selectinload(User.addresses).selectinload(Address.dingalings))).all();
    expect(f.sql()).toEqual([
      USERS,
      `SELECT ${ADDRESS_COLS} FROM addresses WHERE addresses.user_id IN (?, ?, ?, ?)`,
      "SELECT dingalings.id, dingalings.address_id, dingalings.data FROM dingalings WHERE dingalings.address_id IN (?, ?, ?, ?, ?)",
    ]);
  });

  test("joinedload chained with selectinload: the selectin runs for the joined objects", () => {
    const s = f.session();
    const addresses = s.scalars(
      select(Address).options(joinedload(Address.user).selectinload(User.orders)).orderBy(Address.id),
    );
    const all = addresses.all();
    expect(f.sql()).toHaveLength(2);
    expect(f.sql()[1]).toBe(
      "SELECT orders.id, orders.user_id, orders.address_id, orders.description, orders.isopen FROM orders WHERE orders.user_id IN (?, ?, ?)",
    );
    f.clear();
    expect(all[0]?.user?.orders.map((o) => o.id)).toEqual([1, 3, 5]);
    expect(f.sql()).toEqual([]);
  });

  test("no parents, no second statement; a parent without children gets an empty collection", () => {
    const s = f.session();
    expect(s.scalars(select(User).where(User.id.eq(99)).options(selectinload(User.addresses))).all()).toEqual(
      [],
    );
    expect(f.sql()).toHaveLength(1);
    f.clear();
    const chuck = s.scalars(select(User).where(User.id.eq(10)).options(selectinload(User.addresses))).one();
    expect(chuck.addresses).toEqual([]);
    expect(f.sql()).toHaveLength(2);
  });
});

describe("subqueryload", () => {
  test("the parent statement becomes a subquery joined to the target (test_basic)", () => {
    const s = f.session();
    const users = s.scalars(
      select(User).where(User.name.ne("z")).options(subqueryload(User.addresses)).orderBy(User.id),
    );
    expect(usersWithEmails(users.all())).toEqual(EXPECTED_GRAPH);
    expect(f.sql()).toEqual([
      `${USERS} WHERE users.name != ? ORDER BY users.id`,
      "SELECT addresses.id AS addresses_id, addresses.user_id AS addresses_user_id, addresses.email_address AS addresses_email_address, anon_1.users_id AS anon_1_users_id FROM (SELECT users.id AS users_id FROM users WHERE users.name != ?) AS anon_1 JOIN addresses ON anon_1.users_id = addresses.user_id",
    ]);
    expect(f.params()[1]).toEqual(["z"]);
  });

  test("with LIMIT the subquery keeps ORDER BY and LIMIT (test_limit)", () => {
    const s = f.session();
    const users = s
      .scalars(select(User).options(subqueryload(User.addresses)).orderBy(User.id).limit(2))
      .all();
    expect(usersWithEmails(users)).toEqual(EXPECTED_GRAPH.slice(0, 2));
    expect(f.sql()[1]).toContain(
      "FROM (SELECT users.id AS users_id FROM users ORDER BY users.id LIMIT ? OFFSET ?) AS anon_1",
    );
  });

  test("many-to-one", () => {
    const s = f.session();
    const addresses = s
      .scalars(select(Address).options(subqueryload(Address.user)).orderBy(Address.id))
      .all();
    expect(addresses.map((a) => a.user?.name)).toEqual(["jack", "ed", "ed", "ed", "fred"]);
    expect(f.sql()).toHaveLength(2);
    expect(() =>
      s.execute(select(User).options(subqueryload(User.addresses)).executionOptions({ yieldPer: 2 })),
    ).toThrow(InvalidRequestError);
  });
});

describe("lazy strategies as options", () => {
  test("raiseload: access raises; selectinload still loads (test_raiseload)", () => {
    const s = f.session();
    const u = s.scalars(select(User).where(User.id.eq(7)).options(raiseload(User.addresses))).one();
    expect(() => u.addresses).toThrow("'User.addresses' is not available due to lazy='raise'");
    // The option applies to objects loaded by that query only.
    s.close();
    const s2 = f.session();
    const u2 = s2.get(User, 7) as User;
    expect(u2.addresses).toHaveLength(1);
  });

  test("raiseload sqlOnly: a many-to-one from the identity map is fine, SQL raises", () => {
    const s = f.session();
    s.get(User, 7);
    const addresses = s
      .scalars(
        select(Address)
          .options(raiseload(Address.user, { sqlOnly: true }))
          .orderBy(Address.id),
      )
      .all();
    f.clear();
    expect(addresses[0]?.user?.name).toBe("jack");
    expect(f.sql()).toEqual([]);
    expect(() => addresses[1]?.user).toThrow("'Address.user' is not available due to lazy='raise_on_sql'");
  });

  test('raiseload("*") with an explicit selectinload (test_wildcard)', () => {
    const s = f.session();
    const u = s
      .scalars(select(User).where(User.id.eq(7)).options(selectinload(User.addresses), raiseload("*")))
      .one();
    expect(u.addresses).toHaveLength(1);
    expect(() => u.orders).toThrow(/User.orders' is not available due to lazy='raise'/);
    // The wildcard applies at its level only: addresses' relationships load lazily.
    expect(u.addresses[0]?.user).toBe(u);
  });

  test("noload: empty without SQL; lazyload overrides a configured eager strategy", () => {
    const s = f.session();
    const u = s.scalars(select(User).where(User.id.eq(7)).options(noload(User.addresses))).one();
    f.clear();
    expect(u.addresses).toEqual([]);
    expect(f.sql()).toEqual([]);
    expect(s.dirty).toEqual([]);

    const c = configuredFixture();
    const cs = c.session();
    const users = cs.scalars(select(CUser).options(lazyload(CUser.addresses)).orderBy(CUser.id)).all();
    expect(c.sql()).toHaveLength(1);
    expect(users[1]?.addresses.map((a) => a.emailAddress)).toEqual(["ed@wood.com", "ed@bettyboop.com"]);
    expect(c.sql()).toHaveLength(2);
  });

  test('lazyload("*") turns off every configured eager load', () => {
    const c = configuredFixture();
    const cs = c.session();
    cs.scalars(select(CUser).options(lazyload("*"))).all();
    expect(c.sql()).toEqual(["SELECT c_users.id, c_users.name FROM c_users"]);
  });

  test('a wildcard below a path: selectinload(...).raiseload("*")', () => {
    const s = f.session();
    const jack = s
      .scalars(select(User).where(User.id.eq(7)).options(selectinload(User.addresses).raiseload("*")))
      .one();
    const a = jack.addresses[0] as Address;
    expect(() => a.dingalings).toThrow(/Address.dingalings' is not available due to lazy='raise'/);
    expect(() => a.user).toThrow(/Address.user' is not available due to lazy='raise'/);
    // The root entity's other relationships are not affected.
    expect(jack.orders).toHaveLength(3);
  });

  test("defaultload reaches options further down the path", () => {
    const s = f.session();
    const users = s.scalars(
      select(User)
        .options(selectinload(User.addresses), defaultload(User.addresses).raiseload(Address.dingalings))
        .orderBy(User.id),
    );
    const jack = users.all()[0] as User;
    expect(f.sql()).toHaveLength(2);
    expect(() => jack.addresses[0]?.dingalings).toThrow(/Address.dingalings' is not available/);
  });

  test("options reach lazy loads below their path (defaultload(...).joinedload)", () => {
    const s = f.session();
    const ed = s
      .scalars(
        select(User).where(User.id.eq(8)).options(defaultload(User.addresses).joinedload(Address.dingalings)),
      )
      .one();
    expect(f.sql()).toHaveLength(1);
    f.clear();
    expect(ed.addresses.flatMap((a) => a.dingalings.map((d) => d.data))).toEqual(["ding 1/2"]);
    expect(f.sql()).toEqual([
      `SELECT ${ADDRESS_COLS}, dingalings_1.id AS id_1, dingalings_1.address_id, dingalings_1.data FROM addresses LEFT OUTER JOIN dingalings AS dingalings_1 ON addresses.id = dingalings_1.address_id WHERE ? = addresses.user_id`,
    ]);
  });

  test("several entities: each starts its own path", () => {
    const s = f.session();
    const rows = s
      .execute(
        select(User, Address)
          .join(User.addresses)
          .where(User.id.eq(8))
          .options(selectinload(User.orders), joinedload(Address.dingalings), joinedload(Address.user))
          .orderBy(Address.id),
      )
      .unique()
      .all();
    expect(rows.map(([u, a]) => [u.name, a.emailAddress, a.dingalings.length, a.user === u])).toEqual([
      ["ed", "ed@wood.com", 1, true],
      ["ed", "ed@bettyboop.com", 0, true],
      ["ed", "ed@lala.com", 0, true],
    ]);
    expect(f.sql()).toHaveLength(2);
    expect(f.sql()[0]).toContain(
      "FROM users JOIN addresses ON users.id = addresses.user_id LEFT OUTER JOIN users AS users_1 ON users_1.id = addresses.user_id LEFT OUTER JOIN dingalings AS dingalings_1 ON addresses.id = dingalings_1.address_id",
    );
  });

  test("option paths must start at a selected entity and follow from step to step", () => {
    const s = f.session();
    expect(() => s.execute(select(User).options(selectinload(Address.user)))).toThrow(
      /Mapped class Address does not apply to any of the root entities/,
    );
    expect(() =>
      s.execute(select(User).options(selectinload(User.addresses).joinedload(Order.user))),
    ).toThrow(ArgumentError);
    expect(() => joinedload(User.name as never)).toThrow(/expects a relationship attribute/);
    expect(() => selectinload(User.addresses).defer(Address.emailAddress).joinedload(Address.user)).toThrow(
      ArgumentError,
    );
  });
});

describe("configured strategies (relationship lazy=)", () => {
  test('lazy: "selectin" loads with the parent; the reverse lazy: "joined" stops at the cycle', () => {
    const c = configuredFixture();
    const s = c.session();
    const users = s.scalars(select(CUser).orderBy(CUser.id)).all();
    expect(c.sql()).toEqual([
      "SELECT c_users.id, c_users.name FROM c_users ORDER BY c_users.id",
      "SELECT c_addresses.id, c_addresses.user_id, c_addresses.email_address FROM c_addresses WHERE c_addresses.user_id IN (?, ?, ?)",
    ]);
    c.clear();
    expect(users.map((u) => u.addresses.length)).toEqual([1, 2, 0]);
    // CAddress.user comes from the identity map.
    expect(users[1]?.addresses[0]?.user).toBe(users[1]);
    expect(c.sql()).toEqual([]);
  });

  test('lazy: "joined" from the other side, and get() applies configured loaders', () => {
    const c = configuredFixture();
    const s = c.session();
    const a = s.get(CAddress, 2) as CAddress;
    // CUser.addresses (selectin) would lead back to CAddress, the query's entity: it stays lazy.
    expect(c.sql()).toEqual([
      "SELECT c_addresses.id, c_addresses.user_id, c_addresses.email_address, c_users_1.id AS id_1, c_users_1.name FROM c_addresses LEFT OUTER JOIN c_users AS c_users_1 ON c_users_1.id = c_addresses.user_id WHERE c_addresses.id = ?",
    ]);
    c.clear();
    expect(a.user?.name).toBe("ed");
    expect(c.sql()).toEqual([]);
    // Its lazy load continues the loader path: CAddress.user would lead back to CUser, so it is not joined.
    expect(a.user?.addresses.map((x) => x.id)).toEqual([2, 3]);
    expect(c.sql()).toEqual([
      "SELECT c_addresses.id, c_addresses.user_id, c_addresses.email_address FROM c_addresses WHERE ? = c_addresses.user_id",
    ]);
  });
});
