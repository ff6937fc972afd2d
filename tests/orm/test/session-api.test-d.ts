/** Type-level tests of the Session API: merge, getOne, transactions, noAutoflush, helpers. */
import { createEngine } from "@athanor/core";
import {
  type IdentityKey,
  type MergeOptions,
  objectSession,
  Session,
  type SessionTransaction,
} from "@athanor/orm";
import { describe, expectTypeOf, test } from "vitest";
import { User } from "./models.js";

const session = new Session(createEngine("sqlite://"));

describe("Session API types", () => {
  test("merge returns the argument's type; options are typed", () => {
    expectTypeOf(session.merge(new User({ name: "x" }))).toEqualTypeOf<User>();
    expectTypeOf<MergeOptions>().toEqualTypeOf<{ load?: boolean }>();
    // @ts-expect-error load is a boolean
    session.merge(new User({ name: "x" }), { load: "no" });
  });

  test("getOne returns the instance (never null)", () => {
    expectTypeOf(session.getOne(User, 1)).toEqualTypeOf<User>();
    expectTypeOf(session.get(User, 1)).toEqualTypeOf<User | null>();
  });

  test("begin / beginNested: a handle, or the callback's result", () => {
    expectTypeOf(session.begin()).toEqualTypeOf<SessionTransaction>();
    expectTypeOf(session.beginNested((tx) => (tx.nested ? 1 : 2))).toEqualTypeOf<number>();
    expectTypeOf(session.begin(() => "done")).toEqualTypeOf<string>();
    expectTypeOf(session.getNestedTransaction()).toEqualTypeOf<SessionTransaction | undefined>();
  });

  test("noAutoflush returns the callback's result", () => {
    expectTypeOf(session.noAutoflush(() => [new User({ name: "x" })])).toEqualTypeOf<User[]>();
  });

  test("helpers", () => {
    expectTypeOf(objectSession(new User({ name: "x" }))).toEqualTypeOf<Session | null>();
    expectTypeOf(session.identityKey(User, 1)).toEqualTypeOf<IdentityKey>();
    expectTypeOf(session.info).toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf(session.isModified(new User({ name: "x" }))).toEqualTypeOf<boolean>();
  });
});
