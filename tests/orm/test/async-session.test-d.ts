/** Types of the async ORM API: results as the sync session's, awaitable attributes typed per attribute. */
import type { AsyncResult } from "@athanor/asyncio-compat";
import {
  type AsyncOrmResult,
  type AsyncOrmScalarResult,
  type AsyncSession,
  asyncScopedSession,
  asyncSessionmaker,
  awaitableAttrs,
} from "@athanor/asyncio-compat/orm";
import { select } from "@athanor/core";
import type { OrmResult, OrmScalarResult } from "@athanor/orm";
import { expectTypeOf, test } from "vitest";
import { Address, User } from "./models.js";

declare const session: AsyncSession;
declare const user: User;

test("get, scalars, execute, scalar resolve to the sync session's types", async () => {
  expectTypeOf(session.get(User, 1)).toEqualTypeOf<Promise<User | null>>();
  expectTypeOf(await session.scalars(select(User))).toEqualTypeOf<OrmScalarResult<User>>();
  const rows = (await session.execute(select(User, Address))).all();
  expectTypeOf(rows[0]?.[0]).toEqualTypeOf<User | undefined>();
  expectTypeOf(rows[0]?.[1]).toEqualTypeOf<Address | undefined>();
  expectTypeOf(await session.execute(select(User))).toMatchTypeOf<OrmResult<readonly [User]>>();
  expectTypeOf(await session.scalar(select(User))).toEqualTypeOf<User | null>();
  expectTypeOf(session.flush()).toEqualTypeOf<Promise<void>>();
  expectTypeOf(session.delete).parameter(0).toEqualTypeOf<object>();
});

test("refresh(obj, names) takes the object's attribute names (any string for an untyped object)", () => {
  expectTypeOf(session.refresh(user, ["addresses", "name"])).toEqualTypeOf<Promise<void>>();
  // @ts-expect-error not an attribute of User
  void session.refresh(user, ["nope"]);
  const anything: object = user;
  expectTypeOf(session.refresh(anything, ["whatever"])).toEqualTypeOf<Promise<void>>();
  expectTypeOf(session.syncSession.refresh(user, ["fullname"])).toEqualTypeOf<void>();
  // @ts-expect-error not an attribute of User
  session.syncSession.refresh(user, ["nope"]);
});

test("stream and streamScalars: ORM rows as tuples, Core rows as rows", async () => {
  expectTypeOf(await session.stream(select(User))).toMatchTypeOf<AsyncOrmResult<readonly [User]>>();
  expectTypeOf(await session.streamScalars(select(User))).toEqualTypeOf<AsyncOrmScalarResult<User>>();
  const core = await session.stream(select(User.name));
  expectTypeOf(core).toMatchTypeOf<AsyncResult<{ readonly name: string }>>();
  expectTypeOf((await core.all())[0]?.name).toEqualTypeOf<string | undefined>();
  for await (const [u, email] of await session.stream(select(User, Address.emailAddress))) {
    expectTypeOf(u).toEqualTypeOf<User>();
    expectTypeOf(email).toEqualTypeOf<string>();
  }
});

test("awaitableAttrs: each attribute as a Promise of its type; methods are left out", () => {
  const attrs = awaitableAttrs(user);
  expectTypeOf(attrs.addresses).toEqualTypeOf<Promise<Address[]>>();
  expectTypeOf(attrs.name).toEqualTypeOf<Promise<string>>();
  expectTypeOf(attrs.fullname).toEqualTypeOf<Promise<string | null>>();
  expectTypeOf(awaitableAttrs(new Address({ emailAddress: "x", userId: 1 })).user).toEqualTypeOf<
    Promise<User | null>
  >();
  expectTypeOf(attrs).not.toHaveProperty("toString");
  expectTypeOf(attrs).not.toHaveProperty("nope");
});

test("asyncSessionmaker and asyncScopedSession make AsyncSessions", () => {
  const factory = asyncSessionmaker({ bind: session.bind });
  expectTypeOf(factory()).toEqualTypeOf<AsyncSession>();
  expectTypeOf(factory.begin(async () => 1)).toEqualTypeOf<Promise<number>>();
  const scoped = asyncScopedSession(factory);
  expectTypeOf(scoped()).toEqualTypeOf<AsyncSession>();
  expectTypeOf(scoped.remove()).toEqualTypeOf<Promise<void>>();
});
