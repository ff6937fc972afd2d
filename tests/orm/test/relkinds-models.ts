/**
 * Models for the relationship kinds beyond a plain foreign key: many-to-many
 * through an association table (SQLAlchemy's Item / Keyword fixtures of
 * test_unitofwork.py and test_relationships.py), a self-referential
 * many-to-many, the association object pattern, custom join conditions,
 * post-update cycles and write-only / dynamic collections.
 */
import { and_, Column, type ColumnElement, ForeignKey, Integer, String, Table } from "@athanor/core";
import { type DeclarativeBase, declarativeBase, foreign, mappedColumn, relationship } from "@athanor/orm";
import { setup } from "./helpers.js";

export const Base = declarativeBase();

type SqlBool = ColumnElement<boolean>;

export const itemKeywords = new Table("item_keywords", Base.metadata, {
  item_id: new Column(new ForeignKey("items.id"), { primaryKey: true }),
  keyword_id: new Column(new ForeignKey("keywords.id"), { primaryKey: true }),
});

@Base.register
export class Item extends Base.mapped("items", {
  id: mappedColumn(Integer, { primaryKey: true }),
  description: mappedColumn(String(30)),
  keywords: relationship(() => Keyword, {
    secondary: itemKeywords,
    backPopulates: "items",
    orderBy: () => Keyword.id,
  }),
}) {}

@Base.register
export class Keyword extends Base.mapped("keywords", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30)),
  items: relationship(() => Item, { secondary: () => itemKeywords, backPopulates: "keywords" }),
}) {}

export const nodeToNode = new Table("node_to_node", Base.metadata, {
  left_node_id: new Column(new ForeignKey("gnode.id"), { primaryKey: true }),
  right_node_id: new Column(new ForeignKey("gnode.id"), { primaryKey: true }),
});

/** A graph node: a self-referential many-to-many (SQLAlchemy's docs, "Self-Referential Many-to-Many"). */
@Base.register
export class GNode extends Base.mapped("gnode", {
  id: mappedColumn(Integer, { primaryKey: true }),
  label: mappedColumn(String(30)),
  rightNodes: relationship(() => GNode, {
    secondary: nodeToNode,
    // A condition that names its own class needs the return type spelled out (TypeScript
    // cannot infer a class's type from an expression that reads that class).
    primaryjoin: (): SqlBool => GNode.id.eq(nodeToNode.c.left_node_id),
    secondaryjoin: (): SqlBool => GNode.id.eq(nodeToNode.c.right_node_id),
    backref: "leftNodes",
  }),
}) {}

/** The association object pattern: Order -- OrderLine(qty) -- Product, composite primary key. */
@Base.register
export class Order extends Base.mapped("orders", {
  id: mappedColumn(Integer, { primaryKey: true }),
  customer: mappedColumn(String(30)),
  lines: relationship(() => OrderLine, {
    uselist: true,
    backPopulates: "order",
    cascade: "all, delete-orphan",
  }),
}) {}

@Base.register
export class OrderLine extends Base.mapped("order_lines", {
  orderId: mappedColumn(Integer, { foreignKey: "orders.id", primaryKey: true, name: "order_id" }),
  productId: mappedColumn(Integer, { foreignKey: "products.id", primaryKey: true, name: "product_id" }),
  qty: mappedColumn(Integer),
  order: relationship(() => Order, { backPopulates: "lines" }),
  product: relationship(() => Product, { backPopulates: "lines" }),
}) {}

@Base.register
export class Product extends Base.mapped("products", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30)),
  lines: relationship(() => OrderLine, { uselist: true, backPopulates: "product" }),
}) {}

/** Custom join conditions: a filtered, read-only collection and a join without a foreign key. */
@Base.register
export class Person extends Base.mapped("people", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30)),
  emails: relationship(() => Email, { uselist: true, backPopulates: "person" }),
  workEmails: relationship(() => Email, {
    uselist: true,
    viewonly: true,
    primaryjoin: (): SqlBool => and_(Person.id.eq(Email.personId), Email.address.like("%@work.com")),
    orderBy: () => Email.id,
  }),
  /** Joined on a column that has no foreign key: `foreign()` says which side holds the reference. */
  profile: relationship(() => Profile, {
    primaryjoin: (): SqlBool => Person.name.eq(foreign(Profile.personName)),
    backref: ["person", {}],
  }),
}) {}

@Base.register
export class Email extends Base.mapped("emails", {
  id: mappedColumn(Integer, { primaryKey: true }),
  personId: mappedColumn(Integer, { foreignKey: "people.id", name: "person_id" }),
  address: mappedColumn(String(50)),
  person: relationship(() => Person, { backPopulates: "emails" }),
}) {}

@Base.register
export class Profile extends Base.mapped("profiles", {
  id: mappedColumn(Integer, { primaryKey: true }),
  personName: mappedColumn(String(30), { name: "person_name" }),
  bio: mappedColumn(String(50)),
}) {}

/** A blog with write-only and dynamic collections (test_dynamic.py's User / Address). */
@Base.register
export class Blog extends Base.mapped("blogs", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30)),
  posts: relationship(() => Post, { lazy: "write_only", backPopulates: "blog" }),
  postQuery: relationship(() => Post, { lazy: "dynamic", viewonly: true, orderBy: () => Post.id }),
  tags: relationship(() => Tag, { lazy: "write_only", secondary: () => blogTags }),
}) {}

@Base.register
export class Post extends Base.mapped("posts", {
  id: mappedColumn(Integer, { primaryKey: true }),
  blogId: mappedColumn(Integer, { foreignKey: "blogs.id", name: "blog_id" }),
  title: mappedColumn(String(50)),
  blog: relationship(() => Blog, { backPopulates: "posts" }),
}) {}

@Base.register
export class Tag extends Base.mapped("tags", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30)),
}) {}

export const blogTags = new Table("blog_tags", Base.metadata, {
  blog_id: new Column(new ForeignKey("blogs.id"), { primaryKey: true }),
  tag_id: new Column(new ForeignKey("tags.id"), { primaryKey: true }),
});

/** An in-memory SQLite database with `base`'s tables (these models' by default), and the SQL log. */
export function setupWith(base: DeclarativeBase = Base): ReturnType<typeof setup> {
  return setup(base);
}
