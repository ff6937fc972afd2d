/**
 * The benchmark's TypeORM 1.x entities, defined with `EntitySchema` (no
 * decorators). Entities are plain objects of these shapes.
 */
import { EntitySchema } from "typeorm";
import { TABLES } from "./common.js";

export interface TItemShape {
  id?: number;
  name: string;
  email: string;
  age: number;
  score: string;
  createdAt: Date;
}
export interface TParentShape {
  id: number;
  name: string;
  children: TChildShape[];
}
export interface TChildShape {
  id: number;
  name: string;
  parent?: TParentShape;
}

function itemSchema(name: string, tableName: string, database: "sqlite" | "postgresql") {
  return new EntitySchema<TItemShape>({
    name,
    tableName,
    columns: {
      id: { type: Number, primary: true, generated: "increment" },
      name: { type: "varchar", length: 50 },
      email: { type: "varchar", length: 100 },
      age: { type: "integer" },
      score: { type: "decimal", precision: 10, scale: 2 },
      createdAt: { type: database === "sqlite" ? "datetime" : "timestamp", name: "created_at" },
    },
  });
}

export function typeormEntities(database: "sqlite" | "postgresql") {
  const newItem = itemSchema("TNewItem", TABLES.insert, database);
  const item = itemSchema("TItem", TABLES.item, database);
  const parent = new EntitySchema<TParentShape>({
    name: "TParent",
    tableName: TABLES.parent,
    columns: {
      id: { type: Number, primary: true, generated: "increment" },
      name: { type: "varchar", length: 50 },
    },
    relations: { children: { type: "one-to-many", target: "TChild", inverseSide: "parent" } },
  });
  const child = new EntitySchema<TChildShape>({
    name: "TChild",
    tableName: TABLES.child,
    columns: {
      id: { type: Number, primary: true, generated: "increment" },
      name: { type: "varchar", length: 50 },
    },
    relations: {
      parent: {
        type: "many-to-one",
        target: "TParent",
        inverseSide: "children",
        joinColumn: { name: "parent_id" },
      },
    },
  });
  return { newItem, item, parent, child };
}
