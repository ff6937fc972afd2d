/**
 * `withLoaderCriteria()`, after SQLAlchemy's test/orm/test_relationship_criteria.py
 * (LoaderCriteriaTest): the criterion filters the rows of the selected class, its
 * joined eager loads (ON clause), its selectin loads and the lazy loads of the objects
 * loaded. The SQL is what SQLAlchemy 2.x emits for the same mapping on SQLite.
 */
import { ArgumentError, select } from "@athanor/core";
import { joinedload, Session, selectinload, withLoaderCriteria } from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { setup } from "./helpers.js";
import { Address, User } from "./models.js";

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
  using s = new Session(ctx.engine);
  s.addAll([
    new User({
      name: "u1",
      addresses: [new Address({ emailAddress: "a@x" }), new Address({ emailAddress: "b@spam" })],
    }),
    new User({ name: "u2", addresses: [new Address({ emailAddress: "c@spam" })] }),
  ]);
  s.commit();
  ctx.clear();
});

const noSpam = () => withLoaderCriteria(Address, Address.emailAddress.notLike("%spam"));
const ADDRESS = "address.id, address.email_address, address.user_id";
const graph = (users: User[]) => users.map((u) => [u.name, u.addresses.map((a) => a.emailAddress)]);
const FILTERED = [
  ["u1", ["a@x"]],
  ["u2", []],
];

describe("withLoaderCriteria", () => {
  test("the selected class's rows", () => {
    using s = new Session(ctx.engine);
    const emails = s
      .scalars(select(Address).options(noSpam()))
      .all()
      .map((a) => a.emailAddress);
    expect(emails).toEqual(["a@x"]);
    expect(ctx.statements()).toEqual([
      `SELECT ${ADDRESS} FROM address WHERE address.email_address NOT LIKE ?`,
    ]);
  });

  test("selectinload: the IN query", () => {
    using s = new Session(ctx.engine);
    const users = s
      .scalars(select(User).options(selectinload(User.addresses), noSpam()).orderBy(User.id))
      .all();
    expect(graph(users)).toEqual(FILTERED);
    expect(ctx.statements()[1]).toBe(
      `SELECT ${ADDRESS} FROM address WHERE address.user_id IN (?, ?) AND address.email_address NOT LIKE ?`,
    );
  });

  test("joinedload: the ON clause of the eager join, over its alias", () => {
    using s = new Session(ctx.engine);
    const users = s
      .scalars(select(User).options(joinedload(User.addresses), noSpam()).orderBy(User.id))
      .unique()
      .all();
    expect(graph(users)).toEqual(FILTERED);
    expect(ctx.statements()).toEqual([
      "SELECT user_account.id, user_account.name, user_account.fullname, address_1.id AS id_1, address_1.email_address, address_1.user_id FROM user_account LEFT OUTER JOIN address AS address_1 ON user_account.id = address_1.user_id AND address_1.email_address NOT LIKE ? ORDER BY user_account.id",
    ]);
  });

  test("lazy loads of the objects loaded carry it on; propagateToLoaders: false does not", () => {
    using s = new Session(ctx.engine);
    const users = s.scalars(select(User).options(noSpam()).orderBy(User.id)).all();
    expect(graph(users)).toEqual(FILTERED);
    expect(ctx.statements()[1]).toBe(
      `SELECT ${ADDRESS} FROM address WHERE ? = address.user_id AND address.email_address NOT LIKE ?`,
    );
    s.expungeAll();
    ctx.clear();
    const local = withLoaderCriteria(Address, Address.emailAddress.notLike("%spam"), {
      propagateToLoaders: false,
    });
    const again = s.scalars(select(User).options(local).orderBy(User.id)).all();
    expect(graph(again)).toEqual([
      ["u1", ["a@x", "b@spam"]],
      ["u2", ["c@spam"]],
    ]);
  });

  test("a function of the class gives the criterion; a class that is not mapped is refused", () => {
    using s = new Session(ctx.engine);
    const option = withLoaderCriteria(Address, (cls) => cls.emailAddress.like("%spam"));
    expect(
      s
        .scalars(select(Address).options(option).orderBy(Address.id))
        .all()
        .map((a) => a.emailAddress),
    ).toEqual(["b@spam", "c@spam"]);
    expect(() => withLoaderCriteria(class {} as never, Address.id.eq(1))).toThrow(ArgumentError);
  });
});
