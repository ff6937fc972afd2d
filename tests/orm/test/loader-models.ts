/**
 * Models for the loader tests: SQLAlchemy's test fixtures (users, addresses,
 * orders, items, keywords... reduced to what this slice maps), each in its own
 * declarative base so their loader configuration does not leak into the
 * Quick Start models.
 */
import { type ColumnElement, func, Integer, String, select, Text } from "@athanor/core";
import {
  columnProperty,
  declarativeBase,
  deferred,
  mappedColumn,
  queryExpression,
  relationship,
} from "@athanor/orm";

export const LBase = declarativeBase();

@LBase.register
export class User extends LBase.mapped("users", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30), { nullable: false }),
  addresses: relationship(() => Address, { uselist: true, backPopulates: "user" }),
  orders: relationship(() => Order, { uselist: true, backPopulates: "user" }),
}) {}

@LBase.register
export class Address extends LBase.mapped("addresses", {
  id: mappedColumn(Integer, { primaryKey: true }),
  userId: mappedColumn(Integer, { foreignKey: "users.id", name: "user_id" }),
  emailAddress: mappedColumn(String(50), { nullable: false, name: "email_address" }),
  user: relationship(() => User, { backPopulates: "addresses" }),
  dingalings: relationship(() => Dingaling, { uselist: true, backPopulates: "address" }),
}) {}

@LBase.register
export class Dingaling extends LBase.mapped("dingalings", {
  id: mappedColumn(Integer, { primaryKey: true }),
  addressId: mappedColumn(Integer, { foreignKey: "addresses.id", name: "address_id" }),
  data: mappedColumn(String(30)),
  address: relationship(() => Address, { backPopulates: "dingalings" }),
}) {}

@LBase.register
export class Order extends LBase.mapped("orders", {
  id: mappedColumn(Integer, { primaryKey: true }),
  userId: mappedColumn(Integer, { foreignKey: "users.id", name: "user_id" }),
  addressId: mappedColumn(Integer, { name: "address_id" }),
  description: mappedColumn(String(30)),
  isopen: mappedColumn(Integer),
  user: relationship(() => User, { backPopulates: "orders" }),
}) {}

/** Self-referential, eager by configuration, two levels deep. */
@LBase.register
export class Node extends LBase.mapped("nodes", {
  id: mappedColumn(Integer, { primaryKey: true }),
  parentId: mappedColumn(Integer, { foreignKey: "nodes.id", name: "parent_id" }),
  data: mappedColumn(String(30)),
  children: relationship(() => Node, { uselist: true, lazy: "joined", joinDepth: 2 }),
}) {}

/** Configured loader strategies (the `lazy` option). */
export const CBase = declarativeBase();

@CBase.register
export class CUser extends CBase.mapped("c_users", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30), { nullable: false }),
  addresses: relationship(() => CAddress, { uselist: true, lazy: "selectin", backPopulates: "user" }),
}) {}

@CBase.register
export class CAddress extends CBase.mapped("c_addresses", {
  id: mappedColumn(Integer, { primaryKey: true }),
  userId: mappedColumn(Integer, { foreignKey: "c_users.id", name: "user_id" }),
  emailAddress: mappedColumn(String(50), { name: "email_address" }),
  user: relationship(() => CUser, { lazy: "joined", backPopulates: "addresses" }),
}) {}

/** Deferred columns and SQL expression attributes (test_deferred.py's orders, a Quick Start user). */
export const DBase = declarativeBase();

@DBase.register
export class DUser extends DBase.mapped("d_users", {
  id: mappedColumn(Integer, { primaryKey: true }),
  firstname: mappedColumn(String(30)),
  lastname: mappedColumn(String(30)),
  bio: mappedColumn(Text, { deferred: true }),
  photo1: mappedColumn(Text, { deferredGroup: "photos" }),
  photo2: deferred(mappedColumn(Text), { group: "photos" }),
  secret: mappedColumn(String(30), { deferred: true, deferredRaiseload: true }),
  fullname: columnProperty<string>(
    (): ColumnElement<any> => DUser.firstname.concat(" ").concat(DUser.lastname),
  ),
  addressCount: columnProperty<number>(
    (): ColumnElement<any> =>
      select(func.count(DAddress.id)).where(DAddress.userId.eq(DUser.id)).scalarSubquery(),
  ),
  score: queryExpression<number>(),
  addresses: relationship(() => DAddress, { uselist: true }),
}) {}

@DBase.register
export class DAddress extends DBase.mapped("d_addresses", {
  id: mappedColumn(Integer, { primaryKey: true }),
  userId: mappedColumn(Integer, { foreignKey: "d_users.id", name: "user_id" }),
  email: mappedColumn(String(50)),
}) {}
