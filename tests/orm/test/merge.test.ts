/**
 * `session.merge()`, after SQLAlchemy's test/orm/test_merge.py (MergeTest):
 * transient, detached and persistent sources, the merge cascade over
 * collections and many-to-one references, `load: false`, statement counts.
 */
import { Integer, InvalidRequestError, String, select } from "@athanor/core";
import {
  declarativeBase,
  instanceState,
  mappedColumn,
  relationship,
  Session,
  StaleDataError,
} from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { setup } from "./helpers.js";
import { Address, Child, Parent, User } from "./models.js";

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
});

const userSelect =
  "SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.id = ?";

function persistUser(init: ConstructorParameters<typeof User>[0]): void {
  using s = new Session(ctx.engine);
  s.add(new User(init));
  s.commit();
  ctx.clear();
}

function userRows(): unknown[][] {
  using s = new Session(ctx.engine);
  return s
    .scalars(select(User).orderBy(User.id))
    .all()
    .map((u) => [u.id, u.name, u.addresses.map((a) => [a.id, a.emailAddress]).sort()]);
}

describe("merge(): transient objects", () => {
  test("test_transient_to_pending: one SELECT by primary key, then a new pending copy", () => {
    using s = new Session(ctx.engine);
    const u = new User({ id: 7, name: "fred" });
    const u2 = s.merge(u);
    expect(ctx.statements()).toEqual([userSelect]);
    expect(u2).not.toBe(u);
    expect(instanceState(u2).status).toBe("pending");
    expect(instanceState(u).status).toBe("transient");
    expect([u2.id, u2.name]).toEqual([7, "fred"]);
    s.commit();
    expect(userRows()).toEqual([[7, "fred", []]]);
  });

  test("test_transient_to_pending_no_pk: no SQL at all", () => {
    using s = new Session(ctx.engine);
    const u2 = s.merge(new User({ name: "fred" }));
    expect(ctx.log).toHaveLength(0);
    expect(s.new).toEqual([u2]);
  });

  test("test_transient_to_persistent: the row's object gets the transient one's values", () => {
    persistUser({ id: 7, name: "fred" });
    using s = new Session(ctx.engine);
    const given = new User({ id: 7, name: "fred jones" });
    const u2 = s.merge(given);
    expect(u2).not.toBe(given);
    expect(instanceState(u2).status).toBe("persistent");
    expect(s.dirty).toEqual([u2]);
    expect(ctx.statements()).toEqual([userSelect]);
    s.commit();
    expect(userRows()).toEqual([[7, "fred jones", []]]);
  });

  test("test_transient_to_persistent_collection: the collection is replaced (orphans deleted)", () => {
    persistUser({
      id: 7,
      name: "fred",
      addresses: [
        new Address({ id: 1, emailAddress: "fred1" }),
        new Address({ id: 2, emailAddress: "fred2" }),
      ],
    });
    using s = new Session(ctx.engine);
    const u = s.merge(
      new User({
        id: 7,
        name: "fred",
        addresses: [
          new Address({ id: 3, emailAddress: "fred3" }),
          new Address({ id: 4, emailAddress: "fred4" }),
        ],
      }),
    );
    // The user, its current collection, and each new address by primary key.
    expect(ctx.log).toHaveLength(4);
    expect(u.addresses.map((a) => a.emailAddress)).toEqual(["fred3", "fred4"]);
    s.commit();
    expect(userRows()).toEqual([
      [
        7,
        "fred",
        [
          [3, "fred3"],
          [4, "fred4"],
        ],
      ],
    ]);
  });

  test("test_unsaved_cascade: a transient graph becomes a pending graph", () => {
    using s = new Session(ctx.engine);
    const u = new User({
      name: "fred",
      addresses: [
        new Address({ emailAddress: "foo@bar.com" }),
        new Address({ emailAddress: "hoho@bar.com" }),
      ],
    });
    const u2 = s.merge(u);
    expect(ctx.log).toHaveLength(0);
    expect(u2).not.toBe(u);
    expect(u2.addresses).toHaveLength(2);
    for (const a of u2.addresses) {
      expect(a.user).toBe(u2);
      expect(instanceState(a).status).toBe("pending");
      expect(u.addresses.includes(a)).toBe(false);
    }
    s.commit();
    expect(userRows()).toEqual([
      [
        1,
        "fred",
        [
          [1, "foo@bar.com"],
          [2, "hoho@bar.com"],
        ],
      ],
    ]);
  });
});

describe("merge(): detached objects", () => {
  test("test_detached_to_persistent_collection: changes made while detached are applied", () => {
    let u: User;
    let a: Address;
    {
      using s = new Session(ctx.engine, { expireOnCommit: false });
      a = new Address({ id: 1, emailAddress: "fred1" });
      u = new User({ id: 7, name: "fred", addresses: [a, new Address({ id: 2, emailAddress: "fred2" })] });
      s.add(u);
      s.commit();
    }
    ctx.clear();
    u.name = "fred jones";
    u.addresses.push(new Address({ id: 3, emailAddress: "fred3" }));
    u.addresses.splice(u.addresses.indexOf(a), 1);
    using s = new Session(ctx.engine);
    const merged = s.merge(u);
    expect(merged).not.toBe(u);
    expect(merged.name).toBe("fred jones");
    s.commit();
    expect(userRows()).toEqual([
      [
        7,
        "fred jones",
        [
          [2, "fred2"],
          [3, "fred3"],
        ],
      ],
    ]);
  });

  test("an object already in the session is returned as is", () => {
    persistUser({ id: 7, name: "fred" });
    using s = new Session(ctx.engine);
    const u = s.get(User, 7) as User;
    ctx.clear();
    expect(s.merge(u)).toBe(u);
    const pending = new User({ name: "p" });
    s.add(pending);
    expect(s.merge(pending)).toBe(pending);
    // Only the autoflush that merge() starts with.
    expect(ctx.statements()).toEqual([
      "INSERT INTO user_account (name, fullname) VALUES (?, ?) RETURNING id",
    ]);
  });

  test("the identity map's object receives the values, without a SELECT", () => {
    persistUser({ id: 7, name: "fred" });
    using s = new Session(ctx.engine);
    const u = s.get(User, 7) as User;
    ctx.clear();
    const merged = s.merge(new User({ id: 7, name: "ed" }));
    expect(merged).toBe(u);
    expect(u.name).toBe("ed");
    expect(ctx.log).toHaveLength(0);
  });

  test("test_many_to_one_cascade: the referenced object is merged too", () => {
    persistUser({ id: 7, name: "fred", addresses: [new Address({ id: 1, emailAddress: "a1" })] });
    using s = new Session(ctx.engine);
    const a = s.merge(new Address({ id: 1, emailAddress: "a1b", user: new User({ id: 7, name: "fred2" }) }));
    expect(a.user?.name).toBe("fred2");
    s.commit();
    expect(userRows()).toEqual([[7, "fred2", [[1, "a1b"]]]]);
  });

  test("test_value_to_none: a reference merged as null is cleared", () => {
    persistUser({ id: 7, name: "fred", addresses: [new Address({ id: 1, emailAddress: "a1" })] });
    using s = new Session(ctx.engine);
    const a = s.get(Address, 1) as Address;
    expect(a.user?.id).toBe(7);
    const merged = s.merge(new Address({ id: 1, emailAddress: "a1", user: null }));
    expect(merged).toBe(a);
    expect(a.user).toBeNull();
    expect(instanceState(a).history("user").deleted.length).toBe(1);
  });

  test("the default cascade includes merge: children are merged with their parent", () => {
    {
      using s = new Session(ctx.engine);
      s.add(new Parent({ id: 1, name: "p", children: [new Child({ id: 1, name: "c" })] }));
      s.commit();
    }
    using s = new Session(ctx.engine);
    const p = s.merge(new Parent({ id: 1, name: "p", children: [new Child({ id: 1, name: "c2" })] }));
    expect(p.children.map((c) => c.name)).toEqual(["c2"]);
  });

  test("test_cascades_dont_autoflush: loads made by the merge do not flush", () => {
    persistUser({ id: 7, name: "fred", addresses: [new Address({ id: 1, emailAddress: "a1" })] });
    using s = new Session(ctx.engine);
    s.merge(
      new User({
        id: 7,
        name: "x",
        addresses: [new Address({ id: 1, emailAddress: "a1" }), new Address({ id: 2, emailAddress: "a2" })],
      }),
    );
    expect(ctx.statements().filter((q) => !q.startsWith("SELECT"))).toEqual([]);
  });
});

describe("merge(obj, { load: false })", () => {
  test("test_transient_no_load", () => {
    using s = new Session(ctx.engine);
    expect(() => s.merge(new User({ name: "x" }), { load: false })).toThrow(
      /load: false does not support transient/,
    );
  });

  test("test_no_load_with_backrefs: relationships in both directions, no SQL, nothing dirty", () => {
    let u: User;
    {
      using s = new Session(ctx.engine, { expireOnCommit: false });
      u = new User({
        id: 7,
        name: "fred",
        addresses: [new Address({ emailAddress: "ad1" }), new Address({ emailAddress: "ad2" })],
      });
      s.add(u);
      s.commit();
    }
    ctx.clear();
    using s2 = new Session(ctx.engine);
    const u2 = s2.merge(u, { load: false });
    expect(ctx.log).toHaveLength(0);
    expect(u2).not.toBe(u);
    expect(instanceState(u2).status).toBe("persistent");
    expect(u2.addresses[1]?.user).toBe(u2);
    expect(u2.addresses.map((a) => a.emailAddress)).toEqual(["ad1", "ad2"]);
    expect(s2.dirty).toEqual([]);
    expect(s2.new).toEqual([]);
    s2.flush();
    expect(ctx.log).toHaveLength(0);
  });

  test("test_no_load_disallows_dirty", () => {
    let u: User;
    {
      using s = new Session(ctx.engine, { expireOnCommit: false });
      u = new User({ id: 7, name: "fred" });
      s.add(u);
      s.commit();
    }
    u.name = "ed";
    using s2 = new Session(ctx.engine);
    expect(() => s2.merge(u, { load: false })).toThrow(InvalidRequestError);
    expect(() => s2.merge(u, { load: false })).toThrow(/does not support objects with unflushed changes/);
  });

  test("attributes the source did not have load on access", () => {
    persistUser({ id: 7, name: "fred", fullname: "Fred F" });
    let u: User;
    {
      using s = new Session(ctx.engine);
      u = s.get(User, 7) as User;
      s.expire(u, ["fullname"]);
      s.expunge(u);
    }
    using s2 = new Session(ctx.engine);
    ctx.clear();
    const u2 = s2.merge(u, { load: false });
    expect(ctx.log).toHaveLength(0);
    expect(u2.fullname).toBe("Fred F");
    expect(ctx.statements()).toEqual([
      "SELECT user_account.id, user_account.fullname FROM user_account WHERE user_account.id = ?",
    ]);
  });
});

const Local = declarativeBase();

/** A one-to-many without the merge cascade, and a versioned class. */
@Local.register
class Folder extends Local.mapped("merge_folder", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(20)),
  files: relationship(() => FileRow, { uselist: true, cascade: "save-update" }),
}) {}

@Local.register
class FileRow extends Local.mapped("merge_file", {
  id: mappedColumn(Integer, { primaryKey: true }),
  folderId: mappedColumn(Integer, { foreignKey: "merge_folder.id" }),
  name: mappedColumn(String(20)),
}) {}

@Local.register
class Doc extends Local.mapped(
  "merge_doc",
  {
    id: mappedColumn(Integer, { primaryKey: true }),
    version: mappedColumn(Integer, { nullable: false }),
    body: mappedColumn(String(20)),
  },
  { versionIdCol: "version" },
) {}

describe("merge(): cascade and versions", () => {
  beforeEach(() => {
    ctx.engine.begin((conn) => Local.metadata.createAll(conn));
    ctx.clear();
  });

  test("test_no_relationship_cascade: without 'merge' the relationship is not copied", () => {
    using s = new Session(ctx.engine);
    s.add(new Folder({ id: 1, name: "f" }));
    s.commit();
    const merged = s.merge(new Folder({ id: 1, name: "g", files: [new FileRow({ id: 1, name: "x" })] }));
    expect(merged.name).toBe("g");
    expect(merged.files).toEqual([]);
    expect(s.new).toEqual([]);
  });

  function savedDoc(s: Session): Doc {
    const d = new Doc({ id: 1, body: "a" });
    s.add(d);
    s.commit();
    d.body = "b";
    s.commit();
    return d;
  }

  test("test_merge_no_version / test_merge_correct_version", () => {
    using s = new Session(ctx.engine);
    const d = savedDoc(s);
    expect(d.version).toBe(2);
    const m1 = s.merge(new Doc({ id: 1, body: "c" }));
    expect(m1).toBe(d);
    s.commit();
    expect(d.version).toBe(3);
    s.merge(new Doc({ id: 1, body: "d", version: 3 }));
    s.commit();
    expect([d.body, d.version]).toEqual(["d", 4]);
  });

  test("test_merge_incorrect_version / _not_in_session", () => {
    using s = new Session(ctx.engine);
    savedDoc(s);
    expect(() => s.merge(new Doc({ id: 1, body: "c", version: 1 }))).toThrow(
      /Version id '1' on merged state <Doc> does not match existing version '2'/,
    );
    s.close();
    expect(() => s.merge(new Doc({ id: 1, body: "c", version: 1 }))).toThrow(StaleDataError);
  });
});
