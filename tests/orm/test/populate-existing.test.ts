/**
 * The `populateExisting` and `yieldPer` execution options, after SQLAlchemy's
 * test/orm/test_query.py (PopulateExistingTest, YieldTest) and
 * test_selectin_relations.py's yield_per cases.
 */
import { InvalidRequestError, select } from "@athanor/core";
import { instanceState, joinedload, Session, selectinload } from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { type LoaderFixture, standardFixture } from "./loader-fixtures.js";
import { Address, Order, User } from "./loader-models.js";

let f: LoaderFixture;
beforeEach(() => {
  f = standardFixture();
});

describe("populateExisting", () => {
  test("overwrites loaded attributes and unloads relationships (test_populate_existing)", () => {
    const s = new Session(f.engine, { autoflush: false });
    const users = s.scalars(select(User).orderBy(User.id)).all();
    const u = users[0] as User;
    u.name = "foo";
    const a = new Address({ emailAddress: "ed" });
    u.addresses.push(a);
    expect(u.addresses.includes(a)).toBe(true);
    expect(s.dirty.includes(u)).toBe(true);

    // Without the option an unflushed change survives a new load.
    s.scalars(select(User)).all();
    expect(u.name).toBe("foo");

    s.scalars(select(User).executionOptions({ populateExisting: true })).all();
    expect(s.dirty.includes(u)).toBe(false);
    expect(instanceState(u).modified).toBe(false);
    expect(u.name).toBe("jack");
    expect(u.addresses.includes(a)).toBe(false);

    // A lazy relationship reloads its collection, but not the objects already in the identity map.
    (u.addresses[0] as Address).emailAddress = "lala";
    s.scalars(select(User).executionOptions({ populateExisting: true })).all();
    expect(u.addresses[0]?.emailAddress).toBe("lala");

    // An eager loader refreshes the related objects too.
    s.execute(
      select(User)
        .options(joinedload(User.addresses), joinedload(User.orders))
        .executionOptions({ populateExisting: true }),
    )
      .unique()
      .all();
    expect(u.addresses[0]?.emailAddress).toBe("jack@bean.com");
    expect(u.orders.map((o) => o.id).sort()).toEqual([1, 3, 5]);
  });

  test("with selectinload the related objects are refreshed as well", () => {
    const s = new Session(f.engine, { autoflush: false });
    const u = s.scalars(select(User).where(User.id.eq(8)).options(selectinload(User.addresses))).one();
    (u.addresses[0] as Address).emailAddress = "changed";
    s.scalars(
      select(User)
        .where(User.id.eq(8))
        .options(selectinload(User.addresses))
        .executionOptions({ populateExisting: true }),
    ).all();
    expect(u.addresses.map((a) => a.emailAddress).sort()).toEqual([
      "ed@bettyboop.com",
      "ed@lala.com",
      "ed@wood.com",
    ]);
    expect(s.dirty.length).toBe(0);
  });
});

describe("yieldPer", () => {
  test("partitions() reads the rows in batches (test_basic)", () => {
    const s = f.session();
    const result = s.execute(select(User).orderBy(User.id).executionOptions({ yieldPer: 3 })).scalars();
    const parts = [...result.partitions()];
    expect(parts.map((p) => p.map((u) => u.name))).toEqual([["jack", "ed", "fred"], ["chuck"]]);
    expect(f.sql()).toEqual(["SELECT users.id, users.name FROM users ORDER BY users.id"]);
  });

  test("selectinload runs once per batch", () => {
    const s = f.session();
    const result = s.execute(
      select(User).orderBy(User.id).options(selectinload(User.addresses)).executionOptions({ yieldPer: 2 }),
    );
    const names: string[][] = [];
    for (const part of result.scalars().partitions())
      names.push(part.map((u) => `${u.name}:${u.addresses.length}`));
    expect(names).toEqual([
      ["jack:1", "ed:3"],
      ["fred:1", "chuck:0"],
    ]);
    expect(f.sql()).toHaveLength(3);
    expect(f.params().slice(1)).toEqual([
      [7, 8],
      [9, 10],
    ]);
  });

  test("iteration and fetchmany; partitions() without a size needs yieldPer", () => {
    const s = f.session();
    const names: string[] = [];
    for (const u of s.scalars(select(User).orderBy(User.id).executionOptions({ yieldPer: 1 })))
      names.push(u.name);
    expect(names).toEqual(["jack", "ed", "fred", "chuck"]);
    const r = s.scalars(select(Order).orderBy(Order.id).executionOptions({ yieldPer: 2 }));
    expect(r.fetchmany().map((o) => o.id)).toEqual([1, 2]);
    expect(r.fetchmany(10).map((o) => o.id)).toEqual([3, 4, 5]);
    expect(() => [...s.scalars(select(User)).partitions()]).toThrow(InvalidRequestError);
    expect(() => s.execute(select(User).executionOptions({ yieldPer: 0 }))).toThrow(/positive integer/);
  });
});
