/**
 * `metadata.createAll(conn)` / `dropAll(conn)` and `table.create(conn)` /
 * `drop(conn)`: DDL for a schema in foreign-key dependency order, skipping
 * what exists (or does not) with `checkfirst`.
 *
 * Written once as Ops; a sync `Connection` runs them at once, an
 * `AsyncConnection` (structurally: it has `syncConnection` and `run`)
 * returns a Promise.
 */
import {
  AddConstraint,
  CreateIndex,
  CreateSequence,
  CreateTable,
  DropSequence,
  DropTable,
  SetColumnComment,
  SetTableComment,
} from "../sql/ddl.js";
import type { ColumnImpl } from "../sql/schema/column.js";
import type { ForeignKeyConstraint } from "../sql/schema/constraints.js";
import type { Sequence } from "../sql/schema/defaults.js";
import { type MetaData, sortTables, type Table } from "../sql/schema/table.js";
import type { Connection } from "./connection.js";
import { type Op, runSync } from "./effects.js";

/** Options of `createAll` / `dropAll`. */
export interface CreateDropOptions {
  /** Only these tables (still in dependency order). Default: every table of the metadata. */
  tables?: readonly Table<any, any>[];
  /** Skip tables that exist (create) or do not (drop). Default `true`. */
  checkfirst?: boolean;
}

/** A sync connection, or an async one that runs Ops and returns Promises. */
export type AnyConnection = Connection | AsyncRunner;

/** What `@athanor/asyncio-compat`'s `AsyncConnection` offers core (structurally, so core never imports it). */
export interface AsyncRunner {
  readonly syncConnection: Connection;
  run<R>(op: Op<R>): Promise<R>;
}

/** Runs an Op on either kind of connection: a value for a sync one, a Promise for an async one. */
export function runOn<R>(conn: AnyConnection, op: (c: Connection) => Op<R>): R | Promise<R> {
  if ("syncConnection" in conn) return conn.run(op(conn.syncConnection));
  return runSync(op(conn));
}

function* execDdl(conn: Connection, element: import("../sql/elements/base.js").ClauseElement): Op<void> {
  yield* conn.executeOp(element);
}

/** CREATE TABLE (with its indexes) for every table not yet there, in dependency order; sequences first. */
export function* createAllOp(
  conn: Connection,
  metadata: MetaData,
  options: CreateDropOptions = {},
): Op<void> {
  const dialect = conn.dialect;
  const checkfirst = options.checkfirst ?? true;
  const tables = sortTables((options.tables ?? [...metadata.tables.values()]) as Table[]);
  if (dialect.supportsSequences) {
    for (const seq of sequencesOf(metadata, tables)) {
      if (checkfirst && (yield* dialect.hasSequence(conn, seq.name, seq.schema))) continue;
      yield* execDdl(conn, new CreateSequence(seq));
    }
  }
  const created: Table[] = [];
  for (const table of tables) {
    if (checkfirst && (yield* dialect.hasTable(conn, table.name, table.schema))) continue;
    yield* dialect.beforeCreateTable(conn, table, checkfirst);
    yield* execDdl(conn, new CreateTable(table));
    for (const index of table.indexes) yield* execDdl(conn, new CreateIndex(index));
    // Where comments are not part of CREATE TABLE (PostgreSQL, Oracle, SQL Server), they follow it.
    if (dialect.supportsComments && !dialect.inlineComments) {
      if (table.comment !== undefined) yield* execDdl(conn, new SetTableComment(table));
      for (const col of table.columns as unknown as ColumnImpl<any, any>[]) {
        if (col.comment !== undefined) yield* execDdl(conn, new SetColumnComment(col));
      }
    }
    created.push(table);
  }
  // Foreign keys marked useAlter (cycles) are added once every table exists.
  if (dialect.supportsAlter) {
    for (const table of created) {
      for (const fk of table.foreignKeyConstraints) {
        if ((fk as ForeignKeyConstraint).useAlter) yield* execDdl(conn, new AddConstraint(fk));
      }
    }
  }
}

/** DROP TABLE for every table that exists, in reverse dependency order; sequences last. */
export function* dropAllOp(conn: Connection, metadata: MetaData, options: CreateDropOptions = {}): Op<void> {
  const dialect = conn.dialect;
  const checkfirst = options.checkfirst ?? true;
  const tables = sortTables((options.tables ?? [...metadata.tables.values()]) as Table[]).reverse();
  for (const table of tables) {
    if (checkfirst && !(yield* dialect.hasTable(conn, table.name, table.schema))) continue;
    yield* execDdl(conn, new DropTable(table));
    yield* dialect.afterDropTable(conn, table, checkfirst);
  }
  if (dialect.supportsSequences) {
    for (const seq of sequencesOf(metadata, tables)) {
      if (checkfirst && !(yield* dialect.hasSequence(conn, seq.name, seq.schema))) continue;
      yield* execDdl(conn, new DropSequence(seq));
    }
  }
}

/** The sequences of the metadata and of the tables' columns, once each. */
function sequencesOf(metadata: MetaData, tables: readonly Table[]): Sequence[] {
  const out = new Set<Sequence>(metadata.sequences.values());
  for (const t of tables) {
    for (const col of t.columns as unknown as { sequence?: Sequence }[])
      if (col.sequence !== undefined) out.add(col.sequence);
  }
  return [...out];
}

/** Sync or async, as the connection: `createAll(conn, metadata)`. */
export function createAll(
  conn: AnyConnection,
  metadata: MetaData,
  options?: CreateDropOptions,
): void | Promise<void> {
  return runOn(conn, (c) => createAllOp(c, metadata, options));
}

/** Sync or async, as the connection: `dropAll(conn, metadata)`. */
export function dropAll(
  conn: AnyConnection,
  metadata: MetaData,
  options?: CreateDropOptions,
): void | Promise<void> {
  return runOn(conn, (c) => dropAllOp(c, metadata, options));
}
