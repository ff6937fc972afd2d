/**
 * The benchmark's MikroORM 6 entities, defined with `EntitySchema` (no
 * decorators, so no legacy-decorator transpilation under tsx).
 */
import { type Collection, EntitySchema } from "@mikro-orm/core";
import { TABLES } from "./common.js";

export class MNewItem {
  declare id: number;
  declare name: string;
  declare email: string;
  declare age: number;
  declare score: string;
  declare createdAt: Date;
}
export class MItem extends MNewItem {}
export class MParent {
  declare id: number;
  declare name: string;
  declare children: Collection<MChild>;
}
export class MChild {
  declare id: number;
  declare name: string;
  declare parent: MParent;
}

const itemProperties = {
  id: { type: "number", primary: true, autoincrement: true },
  name: { type: "string", length: 50 },
  email: { type: "string", length: 100 },
  age: { type: "number" },
  score: { type: "decimal", precision: 10, scale: 2 },
  createdAt: { type: "datetime", fieldName: "created_at" },
} as const;

export const mikroEntities = [
  new EntitySchema<MNewItem>({ class: MNewItem, tableName: TABLES.insert, properties: itemProperties }),
  new EntitySchema<MItem>({ class: MItem, tableName: TABLES.item, properties: itemProperties }),
  new EntitySchema<MParent>({
    class: MParent,
    tableName: TABLES.parent,
    properties: {
      id: { type: "number", primary: true, autoincrement: true },
      name: { type: "string", length: 50 },
      children: { kind: "1:m", entity: () => MChild, mappedBy: "parent" },
    },
  }),
  new EntitySchema<MChild>({
    class: MChild,
    tableName: TABLES.child,
    properties: {
      id: { type: "number", primary: true, autoincrement: true },
      name: { type: "string", length: 50 },
      parent: { kind: "m:1", entity: () => MParent, fieldName: "parent_id" },
    },
  }),
];
