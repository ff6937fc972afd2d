/** Types of the loader options and the column loading attributes. */
import { type ColumnElement, func, select } from "@athanor/core";
import {
  containsEager,
  defaultload,
  defer,
  joinedload,
  type LoaderCriteria,
  type LoaderOption,
  lazyload,
  loadOnly,
  noload,
  raiseload,
  selectinload,
  subqueryload,
  undefer,
  undeferGroup,
  withExpression,
  withLoaderCriteria,
} from "@athanor/orm";
import { describe, expectTypeOf, test } from "vitest";
import { Address, DUser, User } from "./loader-models.js";

describe("relationship loader options", () => {
  test("accept relationship attributes and chain", () => {
    expectTypeOf(joinedload(User.addresses)).toEqualTypeOf<LoaderOption>();
    expectTypeOf(joinedload(Address.user, { innerjoin: true })).toEqualTypeOf<LoaderOption>();
    expectTypeOf(selectinload(User.addresses).joinedload(Address.user)).toEqualTypeOf<LoaderOption>();
    expectTypeOf(subqueryload(User.orders)).toEqualTypeOf<LoaderOption>();
    expectTypeOf(raiseload("*")).toEqualTypeOf<LoaderOption>();
    expectTypeOf(raiseload(User.addresses, { sqlOnly: true })).toEqualTypeOf<LoaderOption>();
    expectTypeOf(lazyload("*")).toEqualTypeOf<LoaderOption>();
    expectTypeOf(noload(User.addresses)).toEqualTypeOf<LoaderOption>();
    expectTypeOf(defaultload(User.addresses).defer(Address.emailAddress)).toEqualTypeOf<LoaderOption>();
    expectTypeOf(containsEager(Address.user)).toEqualTypeOf<LoaderOption>();
    // Options go to Select.options() and keep the statement's row type.
    const stmt = select(User).options(selectinload(User.addresses));
    expectTypeOf(stmt).toEqualTypeOf(select(User));
  });

  test("refuse column attributes and other values", () => {
    // @ts-expect-error a column is not a relationship
    joinedload(User.name);
    // @ts-expect-error a column is not a relationship
    selectinload(Address.emailAddress);
    // @ts-expect-error only raiseload / lazyload / noload take the wildcard
    joinedload("*");
    // @ts-expect-error innerjoin is a boolean
    joinedload(User.addresses, { innerjoin: "yes" });
  });
});

describe("column loading options", () => {
  test("accept column attributes and columnProperty attributes", () => {
    expectTypeOf(defer(User.name)).toEqualTypeOf<LoaderOption>();
    expectTypeOf(defer(DUser.bio, { raiseload: true })).toEqualTypeOf<LoaderOption>();
    expectTypeOf(undefer(DUser.fullname)).toEqualTypeOf<LoaderOption>();
    expectTypeOf(loadOnly(User.name, User.id)).toEqualTypeOf<LoaderOption>();
    expectTypeOf(undeferGroup("photos")).toEqualTypeOf<LoaderOption>();
    expectTypeOf(withExpression(DUser.score, func.length(DUser.firstname))).toEqualTypeOf<LoaderOption>();
  });

  test("refuse relationships", () => {
    // @ts-expect-error a relationship is not a column
    defer(User.addresses);
    // @ts-expect-error a relationship is not a column
    loadOnly(User.name, User.addresses);
    // @ts-expect-error withExpression needs a queryExpression attribute
    withExpression(DUser.firstname, func.length(DUser.firstname));
  });

  test("deferred columns keep their type; expression attributes are typed", () => {
    const u = new DUser();
    expectTypeOf(u.bio).toEqualTypeOf<string | null>();
    expectTypeOf(u.photo2).toEqualTypeOf<string | null>();
    expectTypeOf(u.fullname).toEqualTypeOf<string>();
    expectTypeOf(u.addressCount).toEqualTypeOf<number>();
    expectTypeOf(u.score).toEqualTypeOf<number | null>();
    expectTypeOf(DUser.fullname).toEqualTypeOf<ColumnElement<string, "fullname">>();
  });
});

describe("withLoaderCriteria", () => {
  test("the criterion function receives the class; the option goes to options()", () => {
    const option = withLoaderCriteria(Address, (cls) => {
      expectTypeOf(cls).toEqualTypeOf<typeof Address>();
      return cls.id.gt(1);
    });
    expectTypeOf(option).toEqualTypeOf<LoaderCriteria>();
    select(User).options(option);
    // @ts-expect-error the criterion is a SQL expression
    withLoaderCriteria(Address, "id > 1");
  });
});
