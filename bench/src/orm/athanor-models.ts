/** The benchmark's Athanor ORM models (the same four tables as every other tool). */
import { DateTime, Integer, Numeric, String as StringType } from "@athanor/core";
import { declarativeBase, mappedColumn, relationship } from "@athanor/orm";
import { TABLES } from "./common.js";

export const Base = declarativeBase();

const itemProps = () => ({
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(StringType(50), { nullable: false }),
  email: mappedColumn(StringType(100), { nullable: false }),
  age: mappedColumn(Integer, { nullable: false }),
  score: mappedColumn(Numeric(10, 2), { nullable: false }),
  createdAt: mappedColumn(DateTime(), { nullable: false, name: "created_at" }),
});

/** The insert workload's objects. */
export class NewItem extends Base.mapped(TABLES.insert, itemProps()) {
  static {
    Base.register(NewItem);
  }
}

/** The objects the load and update workloads read. */
export class Item extends Base.mapped(TABLES.item, itemProps()) {
  static {
    Base.register(Item);
  }
}

export class Parent extends Base.mapped(TABLES.parent, {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(StringType(50), { nullable: false }),
  children: relationship(() => Child, { uselist: true, backPopulates: "parent" }),
}) {
  static {
    Base.register(Parent);
  }
}

export class Child extends Base.mapped(TABLES.child, {
  id: mappedColumn(Integer, { primaryKey: true }),
  parentId: mappedColumn(Integer, { nullable: false, foreignKey: `${TABLES.parent}.id`, name: "parent_id" }),
  name: mappedColumn(StringType(50), { nullable: false }),
  parent: relationship(() => Parent, { backPopulates: "children" }),
}) {
  static {
    Base.register(Child);
  }
}
