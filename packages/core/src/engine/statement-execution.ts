/**
 * Executing one statement on a connection: compile (through the compiled
 * cache), build the driver's parameters, run it (one set, executemany, or
 * multi-row INSERT .. RETURNING pages), and make the `Result`.
 */
import { ArgumentError } from "../exc.js";
import type { Compiled, ResultColumn } from "../sql/compiler/compiled.js";
import { type CompiledExecution, freshExecution } from "../sql/compiler/compiled-cache.js";
import { Insert, Update, type UpdateBase } from "../sql/dml.js";
import { type ClauseElement, isClauseElement } from "../sql/elements/base.js";
import { BindParameter } from "../sql/elements/column-element.js";
import type { ColumnImpl } from "../sql/schema/column.js";
import type { TableImpl } from "../sql/schema/table.js";
import type { Connection, ExecutionOptions } from "./connection.js";
import type { Dialect } from "./dialect.js";
import type { DriverConnection, DriverResult } from "./driver.js";
import { type Effect, type Op, perform } from "./effects.js";
import {
  driverParamSets,
  driverParams,
  type ExecuteParams,
  isMany,
  planFor,
  type Rendering,
  writeDriverParams,
} from "./execution.js";
import { createResult, type Result } from "./result-factory.js";
import { withSequenceValuesOp } from "./sequence-preexecute.js";

export type { ExecuteParams } from "./execution.js";

/** The compiled form and this statement's own values, through the engine's compiled cache. */
function render(
  conn: Connection,
  statement: ClauseElement,
  columnKeys: readonly string[] | undefined,
  opts: ExecutionOptions,
  forExecutemany: boolean,
): CompiledExecution {
  const engine = conn.engine;
  const options: { columnKeys?: readonly string[]; forExecutemany?: boolean } =
    columnKeys === undefined ? {} : { columnKeys };
  if (forExecutemany) options.forExecutemany = true;
  if (opts.compiledCache === null || engine.dialect.supportsStatementCache === false) {
    return freshExecution(statement.compile({ ...options, dialect: engine.dialect }));
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

function isEmptySet(params: Readonly<Record<string, unknown>>): boolean {
  for (const _ in params) return false;
  return true;
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
  let first = many ? params[0] : params;
  // An insert() given neither values nor parameters (or an empty set of them) inserts a row of
  // defaults (DEFAULT VALUES), as SQLAlchemy's does, not NULL into every column.
  if (
    (first === undefined || isEmptySet(first)) &&
    statement instanceof Insert &&
    statement.valuesList === undefined &&
    statement.selectStatement === undefined
  )
    statement = statement.values({} as never);
  const exec = render(conn, statement, columnKeysFor(statement, first), opts, many);
  const compiled = exec.compiled;
  const resultColumns = compiled.resultColumns;
  const returnsRows =
    resultColumns.length > 0 ||
    statement.visitName === "textClause" ||
    statement.visitName === "textualSelect";

  // (the checks autobeginOp and driverConnectionOp make first, without their generators when they have nothing to do)
  if (!conn.inTransaction() && !conn.autocommit) yield* conn.autobeginOp();
  const driver = conn.readyDriverConnection() ?? (yield* conn.driverConnectionOp());
  // Sequence values the dialect wants fetched first become ordinary parameters.
  const manySets: readonly Readonly<Record<string, unknown>>[] = !many
    ? []
    : statement instanceof Insert
      ? yield* withSequenceValuesOp(conn, exec, params)
      : params;
  if (!many && statement instanceof Insert) [first] = yield* withSequenceValuesOp(conn, exec, [first]);

  let driverResult: DriverResult;
  let sentParams: unknown;
  if (many) {
    const returning = resultColumns.length > 0;
    const pages =
      statement instanceof Insert && (returning || dialect.useInsertmanyvaluesWoReturning)
        ? valuesPages(exec, dialect, opts)
        : undefined;
    if (statement instanceof Insert && (returning || pages !== undefined)) {
      // insertmanyvalues: the rows as multi-row INSERT pages; with RETURNING and no pages,
      // one statement per row (the RETURNING rows of every set must come back).
      driverResult = yield* insertManyValuesOp(conn, driver, exec, pages, manySets, returning);
      sentParams = manySets;
    } else {
      // Without expanding IN lists every set has the same rendering: its plan is looked up once.
      const sets = exec.compiled.hasPostcompile
        ? manySets.map((p) => driverParams(renderingFor(exec, p), dialect, p))
        : driverParamSets(exec, dialect, manySets);
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
    // The effect yielded here directly, and a failure handed to wrapErrorsOp only when there is one:
    // the same as `yield* engine.wrapErrorsOp(conn, perform(effect), sql, p)` without its two
    // generators on every statement.
    const effect = driver.execute(sql, p as unknown[], { returnsRows, paramNames: r.positiontup });
    try {
      driverResult = (yield effect as Effect<unknown>) as DriverResult;
    } catch (err) {
      driverResult = yield* engine.wrapErrorsOp(conn, failedOp<DriverResult>(err), sql, p);
    }
    if (dispatch.has("afterCursorExecute"))
      dispatch.fire("afterCursorExecute", conn, sql, p, { executemany: false });
    sentParams = p;
  }
  void sentParams;
  if (driverResult.columns !== undefined && engine.options.echo === "debug") {
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

/** An operation that fails with `err` (for wrapErrorsOp, after a driver call failed). */
function* failedOp<T>(err: unknown): Op<T> {
  throw err;
}

/** How the parameter sets of an executemany INSERT are sent as multi-row pages ("insertmanyvalues"). */
interface ValuesPages {
  /** Rows per page: the page size, fewer where the dialect's parameter limit needs. */
  readonly rowsPerPage: number;
  /** The statement for a page of `rows` rows: the single-row statement's VALUES tuple repeated. */
  page(rows: number): Rendering;
}

/** Rendered pages by size, per compiled statement: a cached INSERT renders each page size once. */
const pageRenderings = new WeakMap<Compiled, Map<number, Rendering>>();
/** Page sizes kept per statement (the full size and a few last-page sizes). */
const PAGE_RENDERINGS_KEPT = 8;

/**
 * The pages of an executemany INSERT, or `undefined` where the dialect does
 * not use insertmanyvalues or the statement cannot be paged: it has no
 * single VALUES tuple with positional placeholders, or has placeholders
 * outside the tuple (in a CTE, ON CONFLICT, ...), whose values are per
 * statement rather than per row.
 */
function valuesPages(
  exec: CompiledExecution,
  dialect: Dialect,
  opts: ExecutionOptions,
): ValuesPages | undefined {
  const render = exec.compiled.insertmanyvalues;
  if (!dialect.useInsertmanyvalues || !dialect.supportsMultivaluesInsert || render === undefined)
    return undefined;
  const perRow = exec.positiontup.length;
  const pageSize = (opts.insertmanyvaluesPageSize as number | undefined) ?? dialect.insertmanyvaluesPageSize;
  const fit = perRow > 0 ? Math.floor(dialect.insertmanyvaluesMaxParameters / perRow) : pageSize;
  const rowsPerPage = Math.max(1, Math.min(pageSize, fit));
  let cache = pageRenderings.get(exec.compiled);
  if (cache === undefined) {
    cache = new Map();
    pageRenderings.set(exec.compiled, cache);
  }
  const renderings = cache;
  const page = (rows: number): Rendering => {
    let r = renderings.get(rows);
    if (r === undefined) {
      r = render(rows);
      if (renderings.size >= PAGE_RENDERINGS_KEPT)
        renderings.delete(renderings.keys().next().value as number);
      renderings.set(rows, r);
    }
    return r;
  };
  if (page(2).positiontup.length !== 2 * perRow) return undefined;
  return { rowsPerPage, page };
}

/**
 * An executemany INSERT as multi-row `INSERT .. VALUES (..), (..)` pages
 * (SQLAlchemy's "insertmanyvalues"): each row's parameters are built as for
 * the single-row statement and laid end to end. Without `pages`, one
 * statement per row (INSERT .. RETURNING where the rows cannot be paged).
 */
function* insertManyValuesOp(
  conn: Connection,
  driver: DriverConnection,
  exec: CompiledExecution,
  pages: ValuesPages | undefined,
  sets: readonly Readonly<Record<string, unknown>>[],
  returnsRows: boolean,
): Op<DriverResult> {
  const engine = conn.engine;
  const dialect = engine.dialect;
  const dispatch = conn.dispatch;
  if (
    (pages === undefined || pages.rowsPerPage === 1) &&
    returnsRows &&
    !exec.compiled.hasPostcompile &&
    !engine.options.echo &&
    !dispatch.has("beforeCursorExecute") &&
    !dispatch.has("afterCursorExecute")
  ) {
    // One statement per row, nothing watching each one: the driver's executemany runs them all,
    // and returns every set's rows in order.
    const paramSets = driverParamSets(exec, dialect, sets);
    return yield* engine.wrapErrorsOp(
      conn,
      perform(driver.executeMany(exec.sql, paramSets, { returnsRows, paramNames: exec.positiontup })),
      exec.sql,
      paramSets,
    );
  }
  const rows: (readonly unknown[])[] = [];
  let columns: DriverResult["columns"];
  let rowcount = 0;
  let lastrowid: DriverResult["lastrowid"];
  const step = pages?.rowsPerPage ?? 1;
  const perRow = exec.positiontup.length;
  for (let start = 0; start < sets.length; start += step) {
    const end = Math.min(sets.length, start + step);
    let page: Rendering;
    let p: unknown[];
    if (end - start === 1 || pages === undefined) {
      const set = sets[start] as Readonly<Record<string, unknown>>;
      page = renderingFor(exec, set);
      p = driverParams(page, dialect, set);
    } else {
      page = pages.page(end - start);
      p = new Array<unknown>(perRow * (end - start));
      const plan = planFor(exec.positionBinds, dialect);
      for (let i = start; i < end; i++) writeDriverParams(exec, plan, sets[i], p, (i - start) * perRow);
    }
    let sql = page.sql;
    let sent: unknown = p;
    engine.logStatement(sql, p, exec.cacheHit ? "cached" : "generated");
    if (dispatch.has("beforeCursorExecute")) {
      const r = dispatch.fire("beforeCursorExecute", conn, sql, p, { executemany: true }) as
        | readonly [string, unknown]
        | undefined;
      if (r !== undefined) [sql, sent] = r;
    }
    const r = yield* engine.wrapErrorsOp(
      conn,
      perform(driver.execute(sql, sent as unknown[], { returnsRows, paramNames: page.positiontup })),
      sql,
      sent,
    );
    if (dispatch.has("afterCursorExecute"))
      dispatch.fire("afterCursorExecute", conn, sql, sent, { executemany: true });
    if (returnsRows) {
      columns ??= r.columns;
      for (const row of r.rows) rows.push(row);
    }
    rowcount += r.rowcount >= 0 ? r.rowcount : end - start;
    if (r.lastrowid !== undefined) lastrowid = r.lastrowid;
  }
  return { columns: returnsRows ? columns : undefined, rows, rowcount, lastrowid };
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
    if (values?.has(col.key)) {
      // The statement's own values are bound parameters (or SQL expressions, known only after).
      const v = values.get(col.key);
      if (v instanceof BindParameter) return v.value;
      if (!isClauseElement(v)) return v;
    }
    if (col === auto && driverResult.lastrowid !== undefined) return driverResult.lastrowid;
    return null;
  });
}
