/**
 * The Quick Start models (SQLAlchemy's doc/build/orm/quickstart.rst), an
 * adjacency list (test_relationships.py), and a parent / child pair without
 * delete cascade (test_unitofwork.py's foreign key nulling).
 */
import { Integer, String } from "@athanor/core";
import { declarativeBase, mappedColumn, relationship } from "@athanor/orm";

export const Base = declarativeBase();

@Base.register
export class User extends Base.mapped("user_account", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30), { nullable: false }),
  fullname: mappedColumn(String()),
  addresses: relationship(() => Address, {
    uselist: true,
    backPopulates: "user",
    cascade: "all, delete-orphan",
  }),
}) {
  override toString(): string {
    return `User(id=${this.id}, name=${this.name}, fullname=${this.fullname})`;
  }
}

export class Address extends Base.mapped("address", {
  id: mappedColumn(Integer, { primaryKey: true }),
  emailAddress: mappedColumn(String(), { nullable: false, name: "email_address" }),
  userId: mappedColumn(Integer, { nullable: false, foreignKey: "user_account.id", name: "user_id" }),
  user: relationship(() => User, { backPopulates: "addresses" }),
}) {
  static {
    Base.register(Address);
  }
}

@Base.register
export class Node extends Base.mapped("node", {
  id: mappedColumn(Integer, { primaryKey: true }),
  parentId: mappedColumn(Integer, { foreignKey: "node.id", name: "parent_id" }),
  data: mappedColumn(String(50), { serverDefault: "none" }),
  parent: relationship(() => Node, { backPopulates: "children", remoteSide: "id" }),
  children: relationship(() => Node, { uselist: true, backPopulates: "parent" }),
}) {}

@Base.register
export class Parent extends Base.mapped("parent", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30)),
  children: relationship(() => Child, { uselist: true, backPopulates: "parent" }),
}) {}

@Base.register
export class Child extends Base.mapped("child", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30)),
  parentId: mappedColumn(Integer, { foreignKey: "parent.id", name: "parent_id" }),
  parent: relationship(() => Parent, { backPopulates: "children" }),
}) {}
