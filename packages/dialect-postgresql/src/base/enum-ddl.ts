/**
 * `createAll` / `dropAll` of tables with native ENUM columns: PostgreSQL
 * needs `CREATE TYPE name AS ENUM (...)` before the table and lets the type
 * be dropped only once no table uses it.
 */
import {
  ARRAYType,
  type Connection,
  EnumType,
  type Op,
  type Table,
  TypeDecorator,
  type TypeEngine,
  text,
} from "@athanor/core";
import { CreateEnumType, DropEnumType } from "../ddl.js";

/** The native, named enum types used by a table's columns (through decorators and arrays too). */
export function namedEnumsOf(table: Table): EnumType[] {
  const found = new Map<string, EnumType>();
  const visit = (type: TypeEngine<unknown>): void => {
    if (type instanceof TypeDecorator) visit(type.impl);
    else if (type instanceof ARRAYType) visit(type.itemType);
    else if (type instanceof EnumType && type.nativeEnum && type.name !== undefined) {
      found.set(`${type.schema ?? ""}.${type.name}`, type);
    }
  };
  for (const column of table.columns) visit(column.type as TypeEngine<unknown>);
  return [...found.values()];
}

/** Whether a type of that name exists (in `schema`, or on the search path). */
export function* hasTypeOp(conn: Connection, name: string, schema: string | undefined): Op<boolean> {
  const sql =
    "SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace " +
    (schema === undefined
      ? "WHERE t.typname = :name AND pg_catalog.pg_type_is_visible(t.oid)"
      : "WHERE t.typname = :name AND n.nspname = :schema");
  const result = yield* conn.executeOp(
    text(sql).bindparams(schema === undefined ? { name } : { name, schema }),
  );
  return (yield* result.firstOp()) !== null;
}

/**
 * CREATE TYPE for each enum of the table that does not exist yet. The check
 * is made even without `checkfirst`: several tables may share one type.
 */
export function* createEnumsOp(conn: Connection, table: Table): Op<void> {
  for (const type of namedEnumsOf(table)) {
    if (yield* hasTypeOp(conn, type.name as string, type.schema)) continue;
    yield* conn.executeOp(new CreateEnumType(type));
  }
}

/**
 * DROP TYPE for each enum of a dropped table that no other table of its
 * MetaData still uses in the database.
 */
export function* dropEnumsOp(conn: Connection, table: Table): Op<void> {
  const enums = namedEnumsOf(table);
  if (enums.length === 0) return;
  const others = [...(table.metadata?.tables.values() ?? [])].filter((t) => t !== table) as Table[];
  for (const type of enums) {
    const key = `${type.schema ?? ""}.${type.name}`;
    let inUse = false;
    for (const other of others) {
      if (!namedEnumsOf(other).some((e) => `${e.schema ?? ""}.${e.name}` === key)) continue;
      if (yield* conn.dialect.hasTable(conn, other.name, other.schema)) {
        inUse = true;
        break;
      }
    }
    if (!inUse) yield* conn.executeOp(new DropEnumType(type, { ifExists: true }));
  }
}
