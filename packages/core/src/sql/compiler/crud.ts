/**
 * Which columns an INSERT or UPDATE renders, and with what: given values,
 * client-side defaults (as parameters computed at execution, or SQL
 * expressions inline), sequences, and which columns come back by RETURNING.
 */

import type { Insert, Update } from "../dml.js";
import { isClauseElement } from "../elements/base.js";
import { BindParameter, type ColumnElement } from "../elements/column-element.js";
import type { ColumnImpl } from "../schema/column.js";
import type { TableImpl } from "../schema/table.js";
import type { TableClause } from "../selectable.js";

/** One column of a CRUD statement and the expression that gives its value. */
export interface CrudParam {
  readonly column: ColumnElement<any>;
  readonly value: ColumnElement<any>;
}

/** A bound parameter standing for a column's client-side default, computed at execution. */
export class DefaultBindParameter extends BindParameter {
  constructor(
    key: string,
    readonly column: ColumnImpl,
    readonly forUpdate: boolean,
  ) {
    super(key, undefined, { type: column.type, unique: false });
  }
}

function columnsOf(table: TableClause): readonly ColumnImpl[] {
  return table.columns as unknown as ColumnImpl[];
}

/** Stands for "a parameter named by the column key, value given at execution" (`columnKeys`). */
export const PARAM_BY_KEY: unique symbol = Symbol("athanor.paramByKey");

/** The value expression for a given value: expressions as they are, values as a parameter named by the key. */
export function valueExpression(column: ColumnElement<any>, value: unknown, key: string): ColumnElement<any> {
  if (value === PARAM_BY_KEY) return new BindParameter(key, undefined, { type: column.type, unique: false });
  if (isClauseElement(value)) {
    const el = value as ColumnElement<any>;
    if (el instanceof BindParameter) return el;
    if (typeof (el as { scalarSubquery?: unknown }).scalarSubquery === "function" && el.isSelectable) {
      return (el as unknown as { scalarSubquery(): ColumnElement<any> }).scalarSubquery();
    }
    return el.selfGroup(CRUD_GROUPING);
  }
  return new BindParameter(key, value, { type: column.type, unique: false });
}

/** Expressions in VALUES / SET are grouped as SQLAlchemy groups them: any binary operation gets parentheses. */
const CRUD_GROUPING = { name: "crud", sql: "", precedence: 100 } as const;

/** The columns and values of an INSERT's single row (or of each row of a multi-row VALUES). */
export function insertParams(
  stmt: Insert,
  row: ReadonlyMap<string, unknown> | undefined,
  options: { supportsSequences: boolean; rowIndex?: number },
): CrudParam[] {
  const table = stmt.table as unknown as TableImpl;
  const out: CrudParam[] = [];
  // Rows of a multi-row VALUES name their parameters `x_m0`, `x_m1`, ... as SQLAlchemy does.
  const suffix = options.rowIndex !== undefined ? `_m${options.rowIndex}` : "";
  const autoinc = (table as { autoincrementColumn?: ColumnImpl }).autoincrementColumn;
  for (const col of columnsOf(table)) {
    const given = row === undefined ? undefined : lookup(row, col);
    if (given !== undefined) {
      out.push({ column: col, value: valueExpression(col, given.value, col.key + suffix) });
      continue;
    }
    if (row === undefined) {
      // No values at all: every column becomes a parameter named by its key.
      out.push({
        column: col,
        value: new BindParameter(col.key, undefined, { type: col.type, unique: false }),
      });
      continue;
    }
    const seq = col.sequence;
    if (seq !== undefined && options.supportsSequences && !(seq.optional && col === autoinc)) {
      out.push({ column: col, value: seq.nextValue() });
      continue;
    }
    const def = col.default;
    if (def !== undefined && !def.forUpdate) {
      if (def.isClauseElement)
        out.push({ column: col, value: (def.arg as ColumnElement<any>).selfGroup(CRUD_GROUPING) });
      else {
        // The first row's default keeps the plain key (`:x`, then `:x_m1`, ...), as SQLAlchemy names it.
        const name = options.rowIndex !== undefined && options.rowIndex > 0 ? col.key + suffix : col.key;
        out.push({ column: col, value: new DefaultBindParameter(name, col, false) });
      }
    }
  }
  return out;
}

function lookup(row: ReadonlyMap<string, unknown>, col: ColumnImpl): { value: unknown } | undefined {
  if (row.has(col.key)) return { value: row.get(col.key) };
  if (row.has(col.name)) return { value: row.get(col.name) };
  return undefined;
}

/** The SET columns of an UPDATE: given values, then `onupdate` defaults of the other columns. */
export function updateParams(stmt: Update, columnKeys?: readonly string[]): CrudParam[] {
  const table = stmt.table;
  const out: CrudParam[] = [];
  if (stmt.orderedSet !== undefined) {
    for (const [k, v] of stmt.orderedSet) {
      const col =
        typeof k === "string"
          ? (table.c as Record<string, ColumnElement<any>>)[k]
          : (k as ColumnElement<any>);
      if (col === undefined) continue;
      out.push({ column: col, value: valueExpression(col, v, col.key ?? "param") });
    }
    return out;
  }
  if (columnKeys !== undefined && columnKeys.length > 0) {
    // The execution's parameters name more columns to SET (keys naming no column are for the WHERE).
    const given = stmt.setValues;
    const named = columnKeys.filter(
      (k) => (k in table.c || table.columns.some((c) => c.name === k)) && given?.has(k) !== true,
    );
    if (named.length > 0)
      stmt = stmt.values(new Map(named.map((k) => [k, PARAM_BY_KEY as unknown])) as never);
  }
  if (stmt.setValues === undefined) {
    // No values at all: every column becomes a parameter named by its key, as for INSERT.
    return columnsOf(table).map((col) => ({
      column: col,
      value: new BindParameter(col.key, undefined, { type: col.type, unique: false }),
    }));
  }
  const values = stmt.setValues;
  for (const col of columnsOf(table)) {
    const given = lookup(values, col);
    if (given !== undefined) {
      out.push({ column: col, value: valueExpression(col, given.value, col.key) });
      continue;
    }
    const onupdate = col.onupdate;
    if (onupdate !== undefined) {
      if (onupdate.isClauseElement)
        out.push({ column: col, value: (onupdate.arg as ColumnElement<any>).selfGroup(CRUD_GROUPING) });
      else out.push({ column: col, value: new DefaultBindParameter(col.key, col, true) });
    }
  }
  return out;
}
