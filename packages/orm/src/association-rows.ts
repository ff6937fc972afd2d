/**
 * Many-to-many rows (SQLAlchemy's `ManyToManyDP`): the flush turns changes
 * of collections with an association table (`secondary`) into INSERTs and
 * DELETEs of its rows, each batched into one executemany per table. They
 * run after the parents' INSERTs (which may generate the keys they copy)
 * and before the parents' DELETEs.
 */
import {
  and_,
  bindparam,
  type ColumnElement,
  type Connection,
  delete_,
  insert,
  type Op,
  type TableImpl,
} from "@athanor/core";
import { StaleDataError } from "./errors.js";
import { type InstanceState, stateOf } from "./instance-state.js";
import type { RelationshipProperty } from "./mapper.js";

/** One association row: for each of its columns, the object and attribute its value comes from. */
export interface AssociationRow {
  readonly table: TableImpl;
  readonly values: readonly {
    readonly column: ColumnElement<any>;
    readonly state: InstanceState;
    readonly key: string;
  }[];
}

/** The association rows one flush writes. @internal */
export interface AssociationPlan {
  readonly inserts: AssociationRow[];
  readonly deletes: AssociationRow[];
}

/** What planning needs from the session. @internal */
export interface AssociationPlanContext {
  /** Whether the object is pending or persistent in the flushing session. */
  isLive(state: InstanceState): boolean;
  /** Whether the object is marked for deletion in this flush. */
  isDeleted(state: InstanceState): boolean;
  /** The loaded (loading it if needed) collection of a relationship. */
  load(state: InstanceState, rel: RelationshipProperty): object[];
}

const ids = new WeakMap<InstanceState, number>();
let nextId = 0;
function idOf(s: InstanceState): number {
  let id = ids.get(s);
  if (id === undefined) {
    id = ++nextId;
    ids.set(s, id);
  }
  return id;
}

function rowOf(rel: RelationshipProperty, parent: InstanceState, child: InstanceState): AssociationRow {
  return {
    table: rel.secondary as TableImpl,
    values: [
      ...rel.secondarySync.parent.map(([key, column]) => ({ column, state: parent, key })),
      ...rel.secondarySync.target.map(([key, column]) => ({ column, state: child, key })),
    ],
  };
}

/** The same row seen from either side of a `backPopulates` pair has the same token. */
function tokenOf(row: AssociationRow): string {
  const parts = row.values.map(
    (v) => `${String((v.column as unknown as { name: string }).name)}=${idOf(v.state)}`,
  );
  return `${String(row.table.name)}:${parts.sort().join(",")}`;
}

export function isManyToMany(rel: RelationshipProperty): boolean {
  return rel.direction === "MANYTOMANY" && !rel.viewonly;
}

/**
 * The association rows to insert (items added to a collection) and delete
 * (items removed, and every row of a deleted parent) for this flush. @internal
 */
export function planAssociationRows(
  changed: readonly InstanceState[],
  deleted: readonly InstanceState[],
  ctx: AssociationPlanContext,
): AssociationPlan {
  const inserts = new Map<string, AssociationRow>();
  const deletes = new Map<string, AssociationRow>();
  const add = (into: Map<string, AssociationRow>, row: AssociationRow) => {
    const t = tokenOf(row);
    if (!into.has(t)) into.set(t, row);
  };
  for (const s of changed) {
    if (ctx.isDeleted(s)) continue;
    for (const rel of s.mapper.relationships.values()) {
      if (!isManyToMany(rel)) continue;
      const h = s.collections.get(rel.key);
      if (h === undefined) continue;
      for (const o of h.added) {
        const os = stateOf(o);
        // An item that is not in the session (no save-update cascade) or is being deleted links nothing.
        if (!ctx.isLive(os) || ctx.isDeleted(os)) continue;
        add(inserts, rowOf(rel, s, os));
      }
      for (const o of h.removed) {
        const os = stateOf(o);
        // Rows exist only between two persistent objects.
        if (s.key === undefined || os.key === undefined) continue;
        add(deletes, rowOf(rel, s, os));
      }
    }
  }
  for (const s of deleted)
    for (const rel of s.mapper.relationships.values()) {
      if (!isManyToMany(rel)) continue;
      // With passiveDeletes the database removes the rows (ON DELETE CASCADE): nothing is loaded.
      if (rel.options.passiveDeletes === true && (!(rel.key in s.dict) || rel.lazy === "write_only"))
        continue;
      const items = new Set<object>(ctx.load(s, rel));
      for (const o of s.collections.get(rel.key)?.removed ?? []) items.add(o);
      for (const o of items) {
        const os = stateOf(o);
        if (os.key !== undefined) add(deletes, rowOf(rel, s, os));
      }
    }
  for (const t of deletes.keys()) inserts.delete(t);
  return { inserts: [...inserts.values()], deletes: [...deletes.values()] };
}

/** Whether the plan writes anything. @internal */
export function hasAssociationRows(plan: AssociationPlan | undefined): boolean {
  return plan !== undefined && (plan.inserts.length > 0 || plan.deletes.length > 0);
}

function byTable(rows: readonly AssociationRow[]): Map<TableImpl, AssociationRow[]> {
  const out = new Map<TableImpl, AssociationRow[]>();
  for (const r of rows) out.set(r.table, [...(out.get(r.table) ?? []), r]);
  return out;
}

function colKey(col: ColumnElement<any>): string {
  return String((col as unknown as { key: string }).key);
}

/**
 * Operation: the association rows' DELETEs, then their INSERTs, one
 * executemany per table; `valueAt` reads an attribute's value as of now in
 * the flush (a key generated by an INSERT of this flush included). @internal
 */
export function* emitAssociationRowsOp(
  conn: Connection,
  plan: AssociationPlan,
  valueAt: (state: InstanceState, key: string) => unknown,
): Op<void> {
  for (const [table, rows] of byTable(plan.deletes)) {
    const cols = (rows[0] as AssociationRow).values.map((v) => v.column);
    const stmt = delete_(table).where(and_(...cols.map((c) => c.eq(bindparam(`w_${colKey(c)}`) as never))));
    const params = rows.map((r) => {
      const p: Record<string, unknown> = {};
      for (const v of r.values) p[`w_${colKey(v.column)}`] = valueAt(v.state, v.key);
      return p;
    });
    const result = yield* conn.executeOp(stmt, (params.length === 1 ? params[0] : params) as never);
    if (result.rowcount >= 0 && result.rowcount !== rows.length)
      throw new StaleDataError(
        `DELETE statement on table '${table.name}' expected to delete ${rows.length} row(s); Only ${result.rowcount} were matched.`,
      );
  }
  for (const [table, rows] of byTable(plan.inserts)) {
    const params = rows.map((r) => {
      const p: Record<string, unknown> = {};
      for (const v of r.values) p[colKey(v.column)] = valueAt(v.state, v.key);
      return p;
    });
    yield* conn.executeOp(insert(table), (params.length === 1 ? params[0] : params) as never);
  }
}
