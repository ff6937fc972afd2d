/**
 * Models of the backend suite, on tables prefixed `ormx_` (the PostgreSQL
 * and MariaDB databases are shared): the Quick Start pair with a server
 * default, an adjacency list, and a parent / child pair without delete cascade.
 */
import { Integer, String } from "@athanor/core";
import { declarativeBase, mappedColumn, relationship } from "@athanor/orm";

export const XBase = declarativeBase();

@XBase.register
export class XUser extends XBase.mapped("ormx_user", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30), { nullable: false }),
  fullname: mappedColumn(String(60)),
  status: mappedColumn(String(20), { serverDefault: "active" }),
  addresses: relationship(() => XAddress, {
    uselist: true,
    backPopulates: "user",
    cascade: "all, delete-orphan",
  }),
}) {}

@XBase.register
export class XAddress extends XBase.mapped("ormx_address", {
  id: mappedColumn(Integer, { primaryKey: true }),
  emailAddress: mappedColumn(String(60), { nullable: false, name: "email_address" }),
  userId: mappedColumn(Integer, { nullable: false, foreignKey: "ormx_user.id", name: "user_id" }),
  user: relationship(() => XUser, { backPopulates: "addresses" }),
}) {}

@XBase.register
export class XNode extends XBase.mapped("ormx_node", {
  id: mappedColumn(Integer, { primaryKey: true }),
  parentId: mappedColumn(Integer, { foreignKey: "ormx_node.id", name: "parent_id" }),
  data: mappedColumn(String(30)),
  parent: relationship(() => XNode, { backPopulates: "children", remoteSide: "id" }),
  children: relationship(() => XNode, { uselist: true, backPopulates: "parent", cascade: "all" }),
}) {}

@XBase.register
export class XParent extends XBase.mapped("ormx_parent", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30)),
  children: relationship(() => XChild, { uselist: true, backPopulates: "parent" }),
}) {}

@XBase.register
export class XChild extends XBase.mapped("ormx_child", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30)),
  parentId: mappedColumn(Integer, { foreignKey: "ormx_parent.id", name: "parent_id" }),
  parent: relationship(() => XParent, { backPopulates: "children" }),
}) {}
