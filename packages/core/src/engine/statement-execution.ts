/**
 * Executing one statement on a connection: compile (through the compiled
 * cache), build the driver's parameters, run it (one set, executemany, or
 * multi-row INSERT .. RETURNING pages), and make the `Result`.
 */
import { ArgumentError, InvalidRequestError } from "../exc.js";
import type { Compiled, ResultColumn } from "../sql/compiler/compiled.js";
import type { CompiledExecution } from "../sql/compiler/compiled-cache.js";
import { Insert, Update, type UpdateBase } from "../sql/dml.js";
import type { ClauseElement } from "../sql/elements/base.js";
import type { ColumnImpl } from "../sql/schema/column.js";
import type { TableImpl } from "../sql/schema/table.js";
import type { Connection, ExecutionOptions } from "./connection.js";
import type { DriverConnection, DriverResult } from "./driver.js";
import { type Op, perform } from "./effects.js";
import { driverParams, type ExecuteParams, isMany, type Rendering } from "./execution.js";
import { createResult, type Result } from "./result-factory.js";

export type { ExecuteParams } from "./execution.js";

/** The compiled form and this statement's own values, through the engine's compiled cache. */
function render(
  conn: Connection,
  statement: ClauseElement,
  columnKeys: readonly string[] | undefined,
  opts: ExecutionOptions,
): CompiledExecution {
  const engine = conn.engine;
  const options = columnKeys === undefined ? {} : { columnKeys };
  if (opts.compiledCache === null || engine.dialect.supportsStatementCache === false) {
    const compiled = statement.compile({ ...options, dialect: engine.dialect });
    if (compiled.hasPostcompile) {
      return {
        compiled,
        ...compiled.construct(new Map(Object.entries(compiled.paramsByName))),
        cacheHit: false,
      };
    }
    return {
      compiled,
      sql: compiled.sql,
      params: compiled.params,
      positiontup: compiled.positiontup,
      positionBinds: compiled.positionBinds,
      cacheHit: false,
    };
  }
  return engine.compiledCache.execution(statement, engine.dialect, options);
}

/** An INSERT or UPDATE without values takes its columns from the execution's parameters. */
function columnKeysFor(
  statement: ClauseElement,
  first: Readonly<Record<string, unknown>> | undefined,
): string[] | undefined {
  if (first === undefined) return undefined;
  // Parameters naming columns the statement has no value for add those columns (SQLAlchemy's column_keys).
  if (statement instanceof Insert && !statement.isMultiValues && statement.selectStatement === undefined) {
    return Object.keys(first);
  }
  if (statement instanceof Update && statement.orderedSet === undefined) return Object.keys(first);
  return undefined;
}

/** A rendering for parameters that change an expanding IN list: rendered anew for those values. */
function renderingFor(
  exec: CompiledExecution,
  given: Readonly<Record<string, unknown>> | undefined,
): Rendering {
  if (given === undefined || !exec.compiled.hasPostcompile) return exec;
  const expanding = [...exec.compiled.binds].some(
    ([name, b]) => (b.expanding || b.literalExecute) && name in given,
  );
  if (!expanding) return exec;
  const values = new Map<string, unknown>();
  for (const [name, bind] of exec.compiled.binds) values.set(name, name in given ? given[name] : bind.value);
  return exec.compiled.construct(values);
}

/** @internal Executes one statement on `conn`. */
export function* executeStatementOp(
  conn: Connection,
  statement: ClauseElement,
  params: ExecuteParams | undefined,
  opts: ExecutionOptions,
): Op<Result<any>> {
  const engine = conn.engine;
  const dialect = engine.dialect;
  const dispatch = conn.dispatch;
  if (dispatch.has("beforeExecute")) dispatch.fire("beforeExecute", conn, statement, params, opts);
  const many = isMany(params);
  if (many && params.length === 0) throw new ArgumentError("executemany with no parameter sets");
  const first = many ? params[0] : params;
  const exec = render(conn, statement, columnKeysFor(statement, first), opts);
  const compiled = exec.compiled;
  const resultColumns = compiled.resultColumns;
  const returnsRows =
    resultColumns.length > 0 ||
    statement.visitName === "textClause" ||
    statement.visitName === "textualSelect";

  yield* conn.autobeginOp();
  const driver = yield* conn.driverConnectionOp();

  let driverResult: DriverResult;
  let sentParams: unknown;
  if (many) {
    const pageSize =
      (opts.insertmanyvaluesPageSize as number | undefined) ?? dialect.insertmanyvaluesPageSize;
    if (statement instanceof Insert && resultColumns.length > 0) {
      // INSERT .. RETURNING of many rows: one multi-row statement per page where the
      // database can, else one statement per row (RETURNING rows must all come back).
      driverResult = yield* insertManyReturningOp(conn, driver, statement, params, opts, pageSize);
      sentParams = params;
    } else {
      const sets = params.map((p) => driverParams(renderingFor(exec, p), dialect, p));
      const sql = exec.sql;
      engine.logStatement(sql, sets, exec.cacheHit ? "cached" : "generated");
      let runSql = sql;
      let runSets: unknown = sets;
      if (dispatch.has("beforeCursorExecute")) {
        const r = dispatch.fire("beforeCursorExecute", conn, sql, sets, { executemany: true }) as
          | readonly [string, unknown]
          | undefined;
        if (r !== undefined) [runSql, runSets] = r;
      }
      driverResult = yield* engine.wrapErrorsOp(
        conn,
        perform(
          driver.executeMany(runSql, runSets as unknown[][], {
            returnsRows: false,
            paramNames: exec.positiontup,
          }),
        ),
        runSql,
        runSets,
      );
      if (dispatch.has("afterCursorExecute"))
        dispatch.fire("afterCursorExecute", conn, runSql, runSets, { executemany: true });
      sentParams = runSets;
    }
  } else {
    const r = renderingFor(exec, first);
    let sql = r.sql;
    let p: unknown = driverParams(r, dialect, first);
    engine.logStatement(sql, p, exec.cacheHit ? "cached" : "generated");
    if (dispatch.has("beforeCursorExecute")) {
      const replaced = dispatch.fire("beforeCursorExecute", conn, sql, p, { executemany: false }) as
        | readonly [string, unknown]
        | undefined;
      if (replaced !== undefined) [sql, p] = replaced;
    }
    const stream =
      (opts.streamResults === true || opts.yieldPer !== undefined) &&
      returnsRows &&
      driver.stream !== undefined;
    if (stream) {
      const cursor = yield* engine.wrapErrorsOp(
        conn,
        perform(
          (driver.stream as NonNullable<DriverConnection["stream"]>)(sql, p as unknown[], {
            returnsRows,
            paramNames: r.positiontup,
          }),
        ),
        sql,
        p,
      );
      const result = createResult({ engine, compiled, resultColumns, cursor, yieldPer: opts.yieldPer });
      if (dispatch.has("afterExecute")) dispatch.fire("afterExecute", conn, statement, params, opts, result);
      return result;
    }
    driverResult = yield* engine.wrapErrorsOp(
      conn,
      perform(driver.execute(sql, p as unknown[], { returnsRows, paramNames: r.positiontup })),
      sql,
      p,
    );
    if (dispatch.has("afterCursorExecute"))
      dispatch.fire("afterCursorExecute", conn, sql, p, { executemany: false });
    sentParams = p;
  }
  void sentParams;
  if (driverResult.columns !== undefined) {
    engine.logRows(
      driverResult.columns.map((c) => c.name),
      driverResult.rows,
    );
  }
  const result = createResult({ engine, compiled, resultColumns, driverResult, yieldPer: opts.yieldPer });
  if (statement instanceof Insert && !many)
    setInsertedPrimaryKey(result, statement, compiled, driverResult, first);
  if (dispatch.has("afterExecute")) dispatch.fire("afterExecute", conn, statement, params, opts, result);
  return result;
}

/** Multi-row INSERT .. RETURNING in pages (insertmanyvalues), or row by row where unsupported. */
function* insertManyReturningOp(
  conn: Connection,
  driver: DriverConnection,
  statement: Insert,
  sets: readonly Readonly<Record<string, unknown>>[],
  opts: ExecutionOptions,
  pageSize: number,
): Op<DriverResult> {
  const engine = conn.engine;
  const dialect = engine.dialect;
  const rows: (readonly unknown[])[] = [];
  let columns: DriverResult["columns"];
  let rowcount = 0;
  const useValues =
    dialect.useInsertmanyvalues && dialect.supportsMultivaluesInsert && statement.valuesList === undefined;
  const step = useValues ? Math.max(1, pageSize) : 1;
  for (let start = 0; start < sets.length; start += step) {
    const page = sets.slice(start, start + step);
    // Each page is an INSERT with its rows as values, compiled (and cached) per page size.
    const keys = Object.keys(page[0] as object);
    const pageStmt =
      page.length === 1
        ? statement
        : (statement.values(page.map((s) => keysOnly(s, keys)) as never) as Insert);
    const exec = render(conn, pageStmt, page.length === 1 ? keys : undefined, opts);
    const p = driverParams(exec, dialect, page.length === 1 ? page[0] : undefined);
    engine.logStatement(exec.sql, p, exec.cacheHit ? "cached" : "generated");
    const r = yield* engine.wrapErrorsOp(
      conn,
      perform(driver.execute(exec.sql, p, { returnsRows: true, paramNames: exec.positiontup })),
      exec.sql,
      p,
    );
    columns ??= r.columns;
    rows.push(...r.rows);
    rowcount += r.rowcount >= 0 ? r.rowcount : page.length;
  }
  return { columns, rows, rowcount };
}

function keysOnly(set: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (!(k in set)) {
      throw new InvalidRequestError(
        `parameter sets of one executemany must have the same keys; '${k}' is missing`,
      );
    }
    out[k] = set[k];
  }
  return out;
}

/** The primary key of the row a single-row INSERT made: from RETURNING, the driver's last-row id, or the values. */
function setInsertedPrimaryKey(
  result: Result<any>,
  statement: UpdateBase,
  compiled: Compiled,
  driverResult: DriverResult,
  given: Readonly<Record<string, unknown>> | undefined,
): void {
  const table = statement.table as unknown as TableImpl;
  const pk = (table.primaryKey?.columns ?? []) as unknown as ColumnImpl[];
  if (pk.length === 0) return;
  const values = (statement as Insert).valuesList?.[0];
  const returned = new Map<string, unknown>();
  const firstRow = driverResult.rows[0];
  if (firstRow !== undefined) {
    compiled.resultColumns.forEach((c: ResultColumn, i) => {
      returned.set(c.key, firstRow[i]);
    });
  }
  const auto = table.autoincrementColumn;
  result.insertedPrimaryKey = pk.map((col) => {
    if (returned.has(col.key)) return returned.get(col.key);
    if (given !== undefined && col.key in given) return given[col.key];
    if (values?.has(col.key)) return values.get(col.key);
    if (col === auto && driverResult.lastrowid !== undefined) return driverResult.lastrowid;
    return null;
  });
}
