/**
 * Test helpers for driving the adapter without the engine: the async runner,
 * and compile → bind-process → execute → result-process.
 */
import {
  type Compiled,
  type Dialect,
  type DriverConnection,
  type DriverResult,
  type Op,
  perform,
} from "@athanor/core";

/** The async runner (asyncio-compat's), as these tests drive operations with it. */
export { runAsync } from "@athanor/asyncio-compat";

/** The parameters of a compiled statement, through their types' bind processors. */
export function boundParams(compiled: Compiled, dialect: Dialect): unknown[] {
  return compiled.params.map((value, i) => {
    const name = compiled.positiontup[i] as string;
    const type = compiled.binds.get(name)?.type;
    const proc = type?.dialectImpl(dialect).bindProcessor(dialect);
    return proc !== undefined && value !== null && value !== undefined ? proc(value) : value;
  });
}

/** Rows as objects keyed by result column, through the result processors. */
export function processRows(
  compiled: Compiled,
  dialect: Dialect,
  result: DriverResult,
): Record<string, unknown>[] {
  const procs = compiled.resultColumns.map((c) => c.type.dialectImpl(dialect).resultProcessor(dialect));
  return result.rows.map((row) => {
    const out: Record<string, unknown> = {};
    compiled.resultColumns.forEach((c, i) => {
      const v = row[i];
      const p = procs[i];
      out[c.key] = p !== undefined && v !== null ? p(v) : v;
    });
    return out;
  });
}

/** Compiles a statement for `dialect`, runs it with processed parameters and returns processed rows. */
export function* execStmt(
  conn: DriverConnection,
  dialect: Dialect,
  stmt: { compile(options: { dialect: Dialect }): Compiled },
): Op<{ result: DriverResult; rows: Record<string, unknown>[] }> {
  const compiled = stmt.compile({ dialect });
  const returnsRows = compiled.resultColumns.length > 0;
  const result = yield* perform(conn.execute(compiled.sql, boundParams(compiled, dialect), { returnsRows }));
  return { result, rows: processRows(compiled, dialect, result) };
}

/** Runs plain SQL. */
export function* sql(conn: DriverConnection, text: string, params: unknown[] = []): Op<DriverResult> {
  return yield* perform(
    conn.execute(text, params, { returnsRows: /^\s*(select|pragma|with|show|values)/i.test(text) }),
  );
}

/** A name unique to this test run (shared databases). */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
