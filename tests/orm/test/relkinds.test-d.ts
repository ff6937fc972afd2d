/**
 * Type-level tests of the relationship kinds: many-to-many collections,
 * write-only and dynamic attributes, custom join conditions, backref and
 * relationshipJoin().
 */
import { type ColumnElement, createEngine, type FromClause, type Select } from "@athanor/core";
import {
  type AppenderQuery,
  foreign,
  type RelationshipJoin,
  relationshipJoin,
  remote,
  Session,
  type WriteOnlyCollection,
} from "@athanor/orm";
import { describe, expectTypeOf, test } from "vitest";
import {
  Blog,
  Email,
  GNode,
  Item,
  Keyword,
  OrderLine,
  Person,
  Post,
  Profile,
  Tag,
} from "./relkinds-models.js";

const session = new Session(createEngine("sqlite://"));

describe("attribute types", () => {
  test("secondary makes a collection without uselist", () => {
    expectTypeOf(new Item().keywords).toEqualTypeOf<Keyword[]>();
    expectTypeOf(new Keyword().items).toEqualTypeOf<Item[]>();
    expectTypeOf(new GNode().rightNodes).toEqualTypeOf<GNode[]>();
  });

  test("custom joins keep the declared shape; viewonly collections are arrays", () => {
    expectTypeOf(new Person().workEmails).toEqualTypeOf<Email[]>();
    expectTypeOf(new Person().profile).toEqualTypeOf<Profile | null>();
    expectTypeOf(new OrderLine({ orderId: 1, productId: 2 }).qty).toEqualTypeOf<number | null>();
  });

  test("a backref is not on the target's type (declare both sides with backPopulates to type it)", () => {
    expectTypeOf(new GNode()).not.toHaveProperty("leftNodes");
    expectTypeOf(new Profile()).not.toHaveProperty("person");
  });

  test("write-only and dynamic attributes are collection objects; the constructor takes arrays", () => {
    const b = new Blog({ posts: [new Post()], tags: [new Tag()] });
    expectTypeOf(b.posts).toEqualTypeOf<WriteOnlyCollection<Post>>();
    expectTypeOf(b.tags).toEqualTypeOf<WriteOnlyCollection<Tag>>();
    expectTypeOf(b.postQuery).toEqualTypeOf<AppenderQuery<Post>>();
    expectTypeOf(b.posts.select()).toEqualTypeOf<Select<[Post]>>();
    expectTypeOf(session.scalars(b.posts.select()).all()).toEqualTypeOf<Post[]>();
    expectTypeOf(b.postQuery.filter(Post.id.eq(1)).all()).toEqualTypeOf<Post[]>();
    expectTypeOf(b.postQuery.count()).toEqualTypeOf<number>();
    expectTypeOf(b.postQuery.first()).toEqualTypeOf<Post | null>();
    expectTypeOf(b.posts.add).parameter(0).toEqualTypeOf<Post>();
    // @ts-expect-error a Tag is not a Post
    b.posts.add(new Tag());
  });
});

describe("join conditions", () => {
  test("foreign() / remote() keep the column's type", () => {
    expectTypeOf(foreign(Email.personId)).toEqualTypeOf(Email.personId);
    expectTypeOf(remote(Person.id)).toEqualTypeOf(Person.id);
  });

  test("relationshipJoin() takes a class-level relationship and optional aliases", () => {
    const j = relationshipJoin(Item.keywords);
    expectTypeOf(j).toEqualTypeOf<RelationshipJoin>();
    expectTypeOf(j.primaryjoin).toEqualTypeOf<ColumnElement<boolean>>();
    expectTypeOf(j.secondary).toEqualTypeOf<FromClause | undefined>();
    expectTypeOf(relationshipJoin).parameter(1).toEqualTypeOf<FromClause | undefined>();
  });
});
