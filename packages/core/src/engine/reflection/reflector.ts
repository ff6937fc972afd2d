/**
 * The reflection half of the dialect SPI: how a dialect reads its catalog.
 * A dialect provides a subclass of `DialectReflector` (`dialect.reflector()`)
 * that implements, for each kind of fact, either the per-table method
 * (`getColumns`) or the multi-table one (`getMultiColumns`) — the other is
 * derived. Implementing the multi-table form reflects a whole schema in a
 * few queries.
 *
 * Every method is an Op run on a `Connection`: the same code serves the sync
 * and the async API.
 */
import { InvalidRequestError, NotImplementedError } from "../../exc.js";
import type { Connection } from "../connection.js";
import type { Dialect } from "../dialect.js";
import type { Op } from "../effects.js";
import {
  type MultiReflectionOptions,
  type MultiResult,
  multiKey,
  type ReflectedCheckConstraint,
  type ReflectedColumn,
  type ReflectedForeignKeyConstraint,
  type ReflectedIndex,
  type ReflectedPrimaryKeyConstraint,
  type ReflectedTableComment,
  type ReflectedUniqueConstraint,
} from "./interfaces.js";

type PerTable<T> = (conn: Connection, tableName: string, schema?: string) => Op<T>;
type Multi<T> = (conn: Connection, options: MultiReflectionOptions) => Op<MultiResult<T>>;

/** The facts reflected per table, with their per-table and multi-table method names. */
const FACTS = {
  columns: ["getColumns", "getMultiColumns"],
  pkConstraint: ["getPkConstraint", "getMultiPkConstraint"],
  foreignKeys: ["getForeignKeys", "getMultiForeignKeys"],
  indexes: ["getIndexes", "getMultiIndexes"],
  uniqueConstraints: ["getUniqueConstraints", "getMultiUniqueConstraints"],
  checkConstraints: ["getCheckConstraints", "getMultiCheckConstraints"],
  tableComment: ["getTableComment", "getMultiTableComment"],
  tableOptions: ["getTableOptions", "getMultiTableOptions"],
} as const;

/**
 * Reads a database's catalog. Subclass it in a dialect package and return an
 * instance from the dialect's `reflector()`.
 *
 * @example
 * ```ts
 * class MyReflector extends DialectReflector {
 *   override *getTableNames(conn: Connection, schema?: string): Op<string[]> {
 *     const r = yield* conn.executeOp(text("SELECT name FROM catalog.tables"));
 *     return (yield* r.scalars().allOp()) as string[];
 *   }
 *   override *getMultiColumns(conn: Connection, o: MultiReflectionOptions) { ... }
 * }
 * ```
 */
export abstract class DialectReflector {
  constructor(readonly dialect: Dialect) {}

  // --- names --------------------------------------------------------------------------

  /** The schema unqualified names refer to (`public`, the database name, `dbo`, the user). */
  abstract getDefaultSchemaName(conn: Connection): Op<string | null>;
  /** The schemas of the database. */
  abstract getSchemaNames(conn: Connection): Op<string[]>;
  /** The tables of a schema (not views), sorted by name. */
  abstract getTableNames(conn: Connection, schema?: string): Op<string[]>;
  /** The views of a schema. */
  abstract getViewNames(conn: Connection, schema?: string): Op<string[]>;

  /** Materialized views (PostgreSQL, Oracle). Default: none. */
  *getMaterializedViewNames(conn: Connection, schema?: string): Op<string[]> {
    void conn;
    void schema;
    return [];
  }
  /** Sequences. Default: none. */
  *getSequenceNames(conn: Connection, schema?: string): Op<string[]> {
    void conn;
    void schema;
    return [];
  }
  /** Temporary tables of this session. Default: none. */
  *getTemporaryTableNames(conn: Connection): Op<string[]> {
    void conn;
    return [];
  }
  /** The SQL that defines a view. */
  *getViewDefinition(conn: Connection, viewName: string, schema?: string): Op<string> {
    void conn;
    void schema;
    throw new NotImplementedError(
      `the ${this.dialect.name} dialect cannot reflect the definition of view ${viewName}`,
    );
  }

  // --- existence ----------------------------------------------------------------------

  /** Whether a table or view exists. */
  *hasTable(conn: Connection, tableName: string, schema?: string): Op<boolean> {
    return yield* this.dialect.hasTable(conn, tableName, schema);
  }
  /** Whether an index exists on a table. */
  *hasIndex(conn: Connection, tableName: string, indexName: string, schema?: string): Op<boolean> {
    const indexes = yield* this.getIndexes(conn, tableName, schema);
    return indexes.some((i) => i.name === indexName);
  }
  /** Whether a sequence exists. */
  *hasSequence(conn: Connection, sequenceName: string, schema?: string): Op<boolean> {
    return (yield* this.getSequenceNames(conn, schema)).includes(sequenceName);
  }
  /** Whether a schema exists. */
  *hasSchema(conn: Connection, schema: string): Op<boolean> {
    return (yield* this.getSchemaNames(conn)).includes(schema);
  }

  // --- per-table facts (derived from the multi-table methods unless overridden) ----------

  *getColumns(conn: Connection, tableName: string, schema?: string): Op<ReflectedColumn[]> {
    return yield* this.oneFromMulti("columns", conn, tableName, schema);
  }
  *getPkConstraint(conn: Connection, tableName: string, schema?: string): Op<ReflectedPrimaryKeyConstraint> {
    return yield* this.oneFromMulti("pkConstraint", conn, tableName, schema);
  }
  *getForeignKeys(conn: Connection, tableName: string, schema?: string): Op<ReflectedForeignKeyConstraint[]> {
    return yield* this.oneFromMulti("foreignKeys", conn, tableName, schema);
  }
  *getIndexes(conn: Connection, tableName: string, schema?: string): Op<ReflectedIndex[]> {
    return yield* this.oneFromMulti("indexes", conn, tableName, schema);
  }
  *getUniqueConstraints(
    conn: Connection,
    tableName: string,
    schema?: string,
  ): Op<ReflectedUniqueConstraint[]> {
    return yield* this.oneFromMulti("uniqueConstraints", conn, tableName, schema);
  }
  *getCheckConstraints(conn: Connection, tableName: string, schema?: string): Op<ReflectedCheckConstraint[]> {
    return yield* this.oneFromMulti("checkConstraints", conn, tableName, schema);
  }
  *getTableComment(conn: Connection, tableName: string, schema?: string): Op<ReflectedTableComment> {
    return yield* this.oneFromMulti("tableComment", conn, tableName, schema);
  }
  /** Table options (`mysqlEngine`, ...). Default: none. */
  *getTableOptions(conn: Connection, tableName: string, schema?: string): Op<Record<string, unknown>> {
    if (!this.overrides("getMultiTableOptions")) {
      void conn;
      void tableName;
      void schema;
      return {};
    }
    return yield* this.oneFromMulti("tableOptions", conn, tableName, schema);
  }

  // --- multi-table facts (derived from the per-table methods unless overridden) ----------

  *getMultiColumns(conn: Connection, o: MultiReflectionOptions): Op<MultiResult<ReflectedColumn[]>> {
    return yield* this.multiFromOne("columns", conn, o);
  }
  *getMultiPkConstraint(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedPrimaryKeyConstraint>> {
    return yield* this.multiFromOne("pkConstraint", conn, o);
  }
  *getMultiForeignKeys(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedForeignKeyConstraint[]>> {
    return yield* this.multiFromOne("foreignKeys", conn, o);
  }
  *getMultiIndexes(conn: Connection, o: MultiReflectionOptions): Op<MultiResult<ReflectedIndex[]>> {
    return yield* this.multiFromOne("indexes", conn, o);
  }
  *getMultiUniqueConstraints(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedUniqueConstraint[]>> {
    return yield* this.multiFromOne("uniqueConstraints", conn, o);
  }
  *getMultiCheckConstraints(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<ReflectedCheckConstraint[]>> {
    return yield* this.multiFromOne("checkConstraints", conn, o);
  }
  *getMultiTableComment(conn: Connection, o: MultiReflectionOptions): Op<MultiResult<ReflectedTableComment>> {
    return yield* this.multiFromOne("tableComment", conn, o);
  }
  *getMultiTableOptions(
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<Record<string, unknown>>> {
    return yield* this.multiFromOne("tableOptions", conn, o);
  }

  // --- derivations ----------------------------------------------------------------------

  /** Whether a subclass implements `method` (so the other form can be derived from it). */
  protected overrides(method: string): boolean {
    const own = (this as unknown as Record<string, unknown>)[method];
    return own !== (DialectReflector.prototype as unknown as Record<string, unknown>)[method];
  }

  /** The relations a multi-table call covers: `filterNames`, or every table/view of the kind. */
  *relationNames(conn: Connection, o: MultiReflectionOptions): Op<string[]> {
    if (o.filterNames !== undefined) return [...o.filterNames];
    const kind = o.kind ?? "table";
    const names: string[] = [];
    if (kind === "table" || kind === "any") names.push(...(yield* this.getTableNames(conn, o.schema)));
    if (kind === "view" || kind === "any") names.push(...(yield* this.getViewNames(conn, o.schema)));
    if (kind === "materializedView" || kind === "any") {
      names.push(...(yield* this.getMaterializedViewNames(conn, o.schema)));
    }
    return names;
  }

  private *oneFromMulti<T>(
    fact: keyof typeof FACTS,
    conn: Connection,
    tableName: string,
    schema?: string,
  ): Op<T> {
    const [one, multi] = FACTS[fact];
    if (!this.overrides(multi)) {
      throw new NotImplementedError(
        `the ${this.dialect.name} dialect implements neither ${one} nor ${multi}`,
      );
    }
    const fn = (this as unknown as Record<string, Multi<T>>)[multi] as Multi<T>;
    const result = yield* fn.call(this, conn, {
      schema,
      filterNames: [tableName],
      kind: "any",
      scope: "any",
    });
    const value = result.get(multiKey(schema ?? null, tableName));
    if (value === undefined) {
      throw new NoSuchTableError(`${schema !== undefined ? `${schema}.` : ""}${tableName}`);
    }
    return value;
  }

  private *multiFromOne<T>(
    fact: keyof typeof FACTS,
    conn: Connection,
    o: MultiReflectionOptions,
  ): Op<MultiResult<T>> {
    const [one, multi] = FACTS[fact];
    if (!this.overrides(one)) {
      throw new NotImplementedError(
        `the ${this.dialect.name} dialect implements neither ${one} nor ${multi}`,
      );
    }
    const fn = (this as unknown as Record<string, PerTable<T>>)[one] as PerTable<T>;
    const out: MultiResult<T> = new Map();
    for (const name of yield* this.relationNames(conn, o)) {
      out.set(multiKey(o.schema ?? null, name), yield* fn.call(this, conn, name, o.schema));
    }
    return out;
  }
}

/** A table asked for does not exist. */
export class NoSuchTableError extends InvalidRequestError {}
