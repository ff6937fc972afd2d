/** Types of the Session API under `AsyncSession`: transactions, merge, getOne, noAutoflush. */
import type { AsyncSession, AsyncSessionTransaction } from "@athanor/asyncio-compat/orm";
import type { IdentityKey } from "@athanor/orm";
import { expectTypeOf, test } from "vitest";
import { User } from "./models.js";

declare const session: AsyncSession;

test("begin / beginNested: a handle, or the callback's result", () => {
  expectTypeOf(session.begin()).toEqualTypeOf<Promise<AsyncSessionTransaction>>();
  expectTypeOf(session.begin(async () => "x")).toEqualTypeOf<Promise<string>>();
  expectTypeOf(session.beginNested()).toEqualTypeOf<Promise<AsyncSessionTransaction>>();
  expectTypeOf(session.beginNested(async (tx) => tx.isActive)).toEqualTypeOf<Promise<boolean>>();
  expectTypeOf<AsyncSessionTransaction["commit"]>().returns.toEqualTypeOf<Promise<void>>();
  expectTypeOf(session.getTransaction()).toEqualTypeOf<AsyncSessionTransaction | undefined>();
  expectTypeOf(session.getNestedTransaction()).toEqualTypeOf<AsyncSessionTransaction | undefined>();
});

test("merge, getOne, identityKey, noAutoflush", () => {
  const user = new User({ name: "x" });
  expectTypeOf(session.merge(user)).toEqualTypeOf<Promise<User>>();
  expectTypeOf(session.merge(user, { load: false })).toEqualTypeOf<Promise<User>>();
  expectTypeOf(session.getOne(User, 1)).toEqualTypeOf<Promise<User>>();
  expectTypeOf(session.identityKey(user)).toEqualTypeOf<IdentityKey>();
  expectTypeOf(session.noAutoflush(async () => 1)).toEqualTypeOf<Promise<number>>();
  expectTypeOf(session.isModified(user)).toEqualTypeOf<boolean>();
});
