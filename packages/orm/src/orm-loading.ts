/**
 * Running a compiled ORM select (`orm-compile.ts`): reading its rows into
 * objects through the identity map, populating eagerly joined
 * relationships from the same rows, then running the selectin / subquery
 * post-loads for the objects read. Written as Ops, so the async session
 * runs the same code.
 *
 * Eager loads fill only attributes that are not loaded yet, without history
 * (the objects are not modified); `populateExisting` overwrites them.
 */
import {
  ArgumentError,
  type ColumnElement,
  type Connection,
  type FromClause,
  InvalidRequestError,
  LABEL_STYLE_TABLENAME_PLUS_COL,
  type Op,
  type Result,
  runSync,
  type Select,
  select,
  tuple_,
  type ValueArrayResult,
} from "@athanor/core";
import { makeCollection } from "./attributes.js";
import { entityReader, identityKeyOfRow, newObjectFromRow } from "./entity-reader.js";
import { type InstanceState, identityKey, stateOf, valuesToken } from "./instance-state.js";
import { instanceFromValues, type LoadContext } from "./loading.js";
import type { Mapper, RelationshipProperty } from "./mapper.js";
import {
  type CompileContext,
  type CompiledOrmSelect,
  compileOrmSelect,
  type EntityPlan,
  type PostPlan,
} from "./orm-compile.js";
import { OrmResult } from "./orm-result.js";
import { polymorphicSelectinOp, wantsPolymorphicSelectin } from "./polymorphic-selectin.js";
import { columnVia, conjunction } from "./relationship-join.js";
import { secondarySelectinStatement, secondarySubqueryJoin } from "./secondary-eager.js";

/** Parents per IN batch of the selectin loader (SQLAlchemy's default). */
export const SELECTIN_BATCH_SIZE = 500;

/** What one execution of an ORM select shares with its post-loads. @internal */
export interface OrmRun {
  readonly ctx: LoadContext;
  readonly conn: Connection;
  readonly params: unknown;
  readonly populateExisting: boolean;
}

const arrayPush = Array.prototype.push;

/** The row's values at `positions` (a parent's join values). */
function valuesAt(raw: readonly unknown[], positions: readonly number[]): unknown[] {
  if (positions.length === 1) return [raw[positions[0] as number]];
  const out = new Array<unknown>(positions.length);
  for (let i = 0; i < positions.length; i++) out[i] = raw[positions[i] as number];
  return out;
}

function hasNull(values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === null || values[i] === undefined) return true;
  return false;
}

/** {@link valuesToken} of a row's values at `positions`, without building the list for one position. */
function tokenAt(raw: readonly unknown[], positions: readonly number[]): string | number {
  if (positions.length === 1) {
    const v = raw[positions[0] as number];
    if (typeof v === "number" || typeof v === "string") return v;
  }
  return valuesToken(positions.map((p) => raw[p]));
}

/** An entity's values of a row, by attribute key. */
function valuesOfPlan(plan: EntityPlan, raw: readonly unknown[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const c of plan.cols) values[c.key] = raw[c.pos];
  return values;
}

/** Sets a relationship as loaded (no history), unless it is loaded already and not overwritten. */
function setLoaded(run: OrmRun, state: InstanceState, rel: RelationshipProperty, value: unknown): void {
  if (rel.key in state.dict && !run.populateExisting) return;
  state.dict[rel.key] = rel.uselist ? makeCollection(state, rel, value as object[]) : value;
  state.dropCollectionHistory(rel.key);
}

/** The rows of one fetch: objects are built row by row, post-loads run at the end. */
class Batch {
  /** Joined collections being filled in this batch (`undefined`: left as loaded). */
  private readonly filling = new Map<InstanceState, Map<string, Set<object> | undefined>>();
  /** Objects whose relationships populateExisting has unloaded in this batch. */
  private readonly reset = new Set<InstanceState>();
  /** Per post-load: the parents to load, with their join values. */
  private readonly queue = new Map<PostPlan, Map<InstanceState, unknown[]>>();
  /** Joined subclasses with `polymorphicLoad: "selectin"`: their objects whose own columns load next. */
  private polymorphic: Map<Mapper<any>, InstanceState[]> | undefined;

  constructor(private readonly run: OrmRun) {}

  row(compiled: CompiledOrmSelect, raw: readonly unknown[]): unknown[] {
    const { items } = compiled;
    // Sized up front: an empty array literal grows to 17 slots on its first push.
    const out = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as CompiledOrmSelect["items"][number];
      if (item.kind === "entity") out[i] = this.entity(item.entity, raw);
      else out[i] = item.width === 1 ? raw[item.pos] : raw.slice(item.pos, item.pos + item.width);
    }
    return out;
  }

  private entity(plan: EntityPlan, raw: readonly unknown[]): object | null {
    const { mapper } = plan;
    plan.reader ??= entityReader(mapper, plan.cols, plan.deferred);
    const reader = plan.reader;
    let obj: object;
    let existed: boolean;
    if (reader.pkPos !== undefined) {
      const key = identityKeyOfRow(mapper, reader, raw);
      if (key === undefined) return null;
      const { identityMap, owner } = this.run.ctx;
      existed = identityMap.get(key) !== undefined;
      obj =
        !existed && reader.direct
          ? newObjectFromRow(identityMap, owner, mapper, reader, raw, key)
          : (instanceFromValues(
              this.run.ctx,
              mapper,
              valuesOfPlan(plan, raw),
              this.run.populateExisting,
              key,
            ) as object);
    } else {
      // The row lacks a primary key column: the general path finds (or misses) the key.
      const values = valuesOfPlan(plan, raw);
      const pk = mapper.primaryKeyFrom(values);
      if (pk === undefined) return null;
      const key = identityKey(mapper, pk);
      existed = this.run.ctx.identityMap.get(key) !== undefined;
      obj = instanceFromValues(this.run.ctx, mapper, values, this.run.populateExisting, key) as object;
    }
    const state = stateOf(obj);
    const fresh = !existed || this.run.populateExisting;
    if (existed && this.run.populateExisting && !this.reset.has(state)) {
      // populateExisting: relationships are unloaded too (eager loaders of this query refill them).
      this.reset.add(state);
      for (const k of mapper.relationships.keys()) {
        delete state.dict[k];
        state.dropCollectionHistory(k);
      }
    }
    if (fresh) {
      if (wantsPolymorphicSelectin(state, mapper)) {
        this.polymorphic ??= new Map();
        const list = this.polymorphic.get(state.mapper);
        if (list === undefined) this.polymorphic.set(state.mapper, [state]);
        else list.push(state);
      }
      if (plan.deferred.length > 0) {
        state.deferred ??= new Set();
        for (const k of plan.deferred)
          if (!(k in state.dict)) {
            state.deferred.add(k);
            // Left out on purpose: deferred, not expired (an expired column loads with the others).
            state.unexpire(k);
          }
      }
      // Shared by every object of the plan: it is only read.
      state.loaderOverrides = plan.overrides as Map<string, string> | undefined;
      state.loadPath = plan.loadPath;
      if (plan.overrides !== undefined)
        for (const [k, s] of plan.overrides) {
          const rel = mapper.relationships.get(k);
          if (s === "noload" && rel !== undefined) setLoaded(this.run, state, rel, rel.uselist ? [] : null);
        }
    }
    for (const j of plan.joined) this.joined(state, j.rel, this.entity(j.entity, raw));
    for (const p of plan.post) {
      let parents = this.queue.get(p);
      if (parents === undefined) {
        parents = new Map();
        this.queue.set(p, parents);
      }
      if (!parents.has(state) && (!(p.rel.key in state.dict) || this.run.populateExisting))
        parents.set(state, valuesAt(raw, p.localPos));
    }
    return obj;
  }

  private joined(state: InstanceState, rel: RelationshipProperty, child: object | null): void {
    let byRel = this.filling.get(state);
    if (byRel === undefined) {
      byRel = new Map();
      this.filling.set(state, byRel);
    }
    if (!byRel.has(rel.key)) {
      // First row of this parent: start the collection (or set the reference) unless already loaded.
      if (rel.key in state.dict && !this.run.populateExisting) byRel.set(rel.key, undefined);
      else {
        setLoaded(this.run, state, rel, rel.uselist ? [] : child);
        byRel.set(rel.key, new Set());
      }
    }
    const seen = byRel.get(rel.key);
    if (seen === undefined || child === null || !rel.uselist || seen.has(child)) return;
    seen.add(child);
    arrayPush.call(state.dict[rel.key] as object[], child);
  }

  /** Operation: runs the post-loads queued by the rows of this batch. */
  *finishOp(compiled: CompiledOrmSelect): Op<void> {
    if (this.polymorphic !== undefined) yield* polymorphicSelectinOp(this.run.conn, this.polymorphic);
    for (const [plan, parents] of this.queue) {
      if (parents.size === 0) continue;
      if (plan.strategy === "selectin") yield* selectinLoadOp(this.run, compiled, plan, parents);
      else yield* subqueryLoadOp(this.run, compiled, plan, parents);
    }
  }
}

/** An executing ORM select whose rows are read in fetches. @internal */
export class OrmCursor {
  constructor(
    private readonly run: OrmRun,
    readonly compiled: CompiledOrmSelect,
    private readonly result: Result<any>,
    /** The `yieldPer` batch size, when the rows are read in batches. */
    readonly yieldPer?: number,
  ) {
    this.values = result.valueArrays();
  }

  /** The rows as value arrays (no Core `Row` objects: the objects are built from positions). */
  private readonly values: ValueArrayResult;

  /** Operation: up to `n` more rows (all when `n` is undefined) as tuples, their post-loads done. */
  *fetchOp(n?: number): Op<unknown[][]> {
    const rows = n === undefined ? yield* this.values.allOp() : yield* this.values.fetchmanyOp(n);
    const batch = new Batch(this.run);
    const out = new Array<unknown[]>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = batch.row(this.compiled, rows[i] as unknown[]);
    yield* batch.finishOp(this.compiled);
    return out;
  }

  /** Operation: closes the result (and its server-side cursor, if any). */
  *closeOp(): Op<void> {
    yield* this.result.closeOp();
  }

  /** Whether the result is closed. */
  get closed(): boolean {
    return this.result.closed;
  }

  /** Operation: the remaining rows, and their raw values (read by the post-loads). */
  *fetchAllWithRawOp(): Op<{ tuples: unknown[][]; raws: unknown[][] }> {
    const raws = yield* this.values.allOp();
    const batch = new Batch(this.run);
    const tuples = raws.map((r) => batch.row(this.compiled, r));
    yield* batch.finishOp(this.compiled);
    return { tuples, raws };
  }
}

const YIELD_PER_WITH_BUFFERING =
  "Can't use yieldPer with eager loaders that require uniquing or row buffering, e.g. joinedload() against collections or subqueryload(). Consider the selectinload() strategy for better flexibility in loading objects.";

/**
 * Operation: compiles and executes an ORM-enabled select, reading the
 * execution options `populateExisting` and `yieldPer` from the statement.
 * @internal
 */
export function* openOrmSelectOp(
  ctx: LoadContext,
  conn: Connection,
  stmt: Select<any>,
  params?: unknown,
  compileContext?: CompileContext,
  /** Read the rows with a server-side cursor where the driver has one, as they are consumed. */
  stream = false,
): Op<OrmCursor> {
  const compiled = compileOrmSelect(stmt, compileContext);
  const eo = stmt.statementExecutionOptions;
  const yieldPer = eo.yieldPer as number | undefined;
  if (yieldPer !== undefined && (!Number.isInteger(yieldPer) || yieldPer <= 0))
    throw new ArgumentError(`yieldPer takes a positive integer, got ${String(yieldPer)}`);
  if ((yieldPer !== undefined || stream) && (compiled.requireUnique || compiled.hasSubqueryLoad))
    throw new InvalidRequestError(YIELD_PER_WITH_BUFFERING);
  const run: OrmRun = { ctx, conn, params, populateExisting: eo.populateExisting === true };
  const execOptions =
    yieldPer === undefined && !stream
      ? undefined
      : { ...(yieldPer === undefined ? {} : { yieldPer }), ...(stream ? { streamResults: true } : {}) };
  const result = yield* conn.executeOp(compiled.statement, params as never, execOptions);
  return new OrmCursor(run, compiled, result as Result<any>, yieldPer);
}

/**
 * The sync result of an executed ORM select: buffered, or read in `yieldPer`
 * batches as it is consumed. A sync entry point (used by `Session`).
 * @internal
 */
export function ormResultOf(cursor: OrmCursor): OrmResult<any> {
  const requireUnique = cursor.compiled.requireUnique;
  const { yieldPer } = cursor;
  if (yieldPer === undefined) return new OrmResult(runSync(cursor.fetchOp()) as never, { requireUnique });
  return new OrmResult((n) => runSync(cursor.fetchOp(n ?? yieldPer)) as never, { requireUnique, yieldPer });
}

/** Operation: executes a compiled ORM select. @internal */
export function* openOrmCursorOp(run: OrmRun, compiled: CompiledOrmSelect, params?: unknown): Op<OrmCursor> {
  const result = yield* run.conn.executeOp(compiled.statement, params as never);
  return new OrmCursor(run, compiled, result as Result<any>);
}

function inCriterion(
  cols: readonly ColumnElement<any>[],
  keys: readonly unknown[][],
): ColumnElement<boolean> {
  if (cols.length === 1)
    return (cols[0] as ColumnElement<any>).in(keys.map((k) => k[0]) as never) as ColumnElement<boolean>;
  return tuple_(...cols).in(keys.map((k) => tuple_(...k)) as never) as unknown as ColumnElement<boolean>;
}

/** Whether a many-to-one's remote keys are the target's whole primary key (its objects can come from the identity map). */
function remoteIsPrimaryKey(rel: RelationshipProperty): boolean {
  const pk = (rel.target as Mapper<any>).primaryKeyAttrs;
  return (
    rel.direction === "MANYTOONE" &&
    pk.length === rel.remoteKeys.length &&
    pk.every((k) => rel.remoteKeys.includes(k))
  );
}

/**
 * Operation: the selectin loader. One SELECT of the targets per 500 parents,
 * `WHERE <remote column> IN (<parents' values>)`; a many-to-one skips the
 * targets already in the identity map.
 */
function* selectinLoadOp(
  run: OrmRun,
  parentCompiled: CompiledOrmSelect,
  plan: PostPlan,
  parents: Map<InstanceState, unknown[]>,
): Op<void> {
  const { rel } = plan;
  const target = rel.target as Mapper<any>;
  const waiting = new Map<string | number, { values: unknown[]; states: InstanceState[] }>();
  const byPk = rel.secondary === undefined && remoteIsPrimaryKey(rel);
  for (const [state, values] of parents) {
    if (hasNull(values)) {
      setLoaded(run, state, rel, rel.uselist ? [] : null);
      continue;
    }
    if (byPk && !run.populateExisting) {
      const pk = target.primaryKeyAttrs.map((k) => values[rel.remoteKeys.indexOf(k)]);
      const existing = run.ctx.identityMap.get(identityKey(target, pk));
      if (existing !== undefined) {
        setLoaded(run, state, rel, existing.obj);
        continue;
      }
    }
    const token = valuesToken(values);
    const w = waiting.get(token);
    if (w === undefined) waiting.set(token, { values, states: [state] });
    else w.states.push(state);
  }
  const keys = [...waiting.values()].map((w) => w.values);
  const found = new Map<string | number, object[]>();
  for (let i = 0; i < keys.length; i += SELECTIN_BATCH_SIZE) {
    const query = selectinQuery(parentCompiled, plan, keys.slice(i, i + SELECTIN_BATCH_SIZE));
    const cursor = yield* openOrmCursorOp(run, query.compiled);
    const { tuples, raws } = yield* cursor.fetchAllWithRawOp();
    for (let r = 0; r < raws.length; r++) {
      const token = tokenAt(raws[r] as unknown[], query.keyPos);
      const item = (tuples[r] as unknown[])[query.itemAt] as object;
      const list = found.get(token);
      if (list === undefined) found.set(token, [item]);
      else list.push(item);
    }
  }
  for (const [token, w] of waiting) {
    const items = found.get(token) ?? [];
    for (const s of w.states) setLoaded(run, s, rel, rel.uselist ? items : (items[0] ?? null));
  }
}

/**
 * One selectin query for a batch of parents' key values: the compiled
 * select, where each row's parent key sits, and which row item is the
 * target. Through a foreign key the target's own columns name the parent;
 * through an association table its columns lead each row.
 */
function selectinQuery(
  parentCompiled: CompiledOrmSelect,
  plan: PostPlan,
  keys: readonly unknown[][],
): { compiled: CompiledOrmSelect; keyPos: number[]; itemAt: number } {
  const { rel } = plan;
  const ctx = {
    options: parentCompiled.options,
    criteria: parentCompiled.criteria,
    rootMapper: plan.rootMapper,
    rootPath: plan.path,
  };
  if (rel.secondary !== undefined) {
    const n = rel.localKeys.length;
    const compiled = compileOrmSelect(secondarySelectinStatement(rel, keys), ctx);
    const keyPos = compiled.items.slice(0, n).map((item) => (item as { pos: number }).pos);
    return { compiled, keyPos, itemAt: n };
  }
  const target = rel.target as Mapper<any>;
  const remoteCols = rel.remoteKeys.map((k) => columnVia(target, k));
  let stmt = select(target.mappedClass).where(inCriterion(remoteCols, keys));
  // The collection's order within each parent, as its lazy load has it.
  if (rel.orderBy.length > 0) stmt = stmt.orderBy(...(rel.orderBy as never[]));
  const compiled = compileOrmSelect(stmt as Select<any>, { ...ctx, requiredKeys: rel.remoteKeys });
  const entity = (compiled.items[0] as { entity: EntityPlan }).entity;
  const keyPos = rel.remoteKeys.map((k) => (entity.cols.find((c) => c.key === k) as { pos: number }).pos);
  return { compiled, keyPos, itemAt: 0 };
}

/**
 * Operation: the subquery loader. The parent statement, reduced to the
 * parent's join columns, becomes a subquery the targets are joined to:
 * `SELECT address.*, anon_1.user_account_id FROM (SELECT user_account.id
 * AS user_account_id FROM user_account WHERE ...) AS anon_1 JOIN address ON
 * anon_1.user_account_id = address.user_id`.
 */
function* subqueryLoadOp(
  run: OrmRun,
  parentCompiled: CompiledOrmSelect,
  plan: PostPlan,
  parents: Map<InstanceState, unknown[]>,
): Op<void> {
  const { rel } = plan;
  const target = rel.target as Mapper<any>;
  if (!plan.rootEntity)
    throw new InvalidRequestError(
      `subqueryload of ${rel.parent.className}.${rel.key} below a joined eager load is not supported; use selectinload()`,
    );
  let inner = parentCompiled.source.withOnlyColumns(
    ...(rel.localKeys.map((k) => columnVia(rel.parent, k)) as never[]),
  ) as unknown as Select<any>;
  const src = parentCompiled.source;
  if (src.limitClause === undefined && src.offsetClause === undefined && src.fetchClause === undefined)
    inner = inner.orderBy(null);
  const sub = inner.setLabelStyle(LABEL_STYLE_TABLENAME_PLUS_COL).subquery() as unknown as FromClause;
  const joined =
    rel.secondary !== undefined
      ? secondarySubqueryJoin(rel, sub)
      : (sub.join(
          target.selectable as unknown as FromClause,
          conjunction(
            rel.remoteKeys.map((k, i) =>
              (sub.columns[i] as unknown as ColumnElement<any>).eq(columnVia(target, k) as never),
            ),
          ),
        ) as unknown as FromClause);
  // Labelled table_column, as SQLAlchemy renders the subquery load.
  let stmt = select(target.mappedClass, ...(sub.columns as never[]))
    .selectFrom(joined)
    .setLabelStyle(LABEL_STYLE_TABLENAME_PLUS_COL);
  if (rel.orderBy.length > 0) stmt = stmt.orderBy(...(rel.orderBy as never[]));
  const compiled = compileOrmSelect(stmt as unknown as Select<any>, {
    options: parentCompiled.options,
    criteria: parentCompiled.criteria,
    rootMapper: plan.rootMapper,
    rootPath: plan.path,
  });
  const keyPos = (compiled.items.slice(1) as { pos: number }[]).map((it) => it.pos);
  const cursor = yield* openOrmCursorOp(run, compiled, run.params);
  const { tuples, raws } = yield* cursor.fetchAllWithRawOp();
  const found = new Map<string | number, object[]>();
  raws.forEach((raw, r) => {
    const token = tokenAt(raw, keyPos);
    const list = found.get(token) ?? [];
    const obj = tuples[r]?.[0] as object;
    if (!list.includes(obj)) list.push(obj);
    found.set(token, list);
  });
  for (const [state, values] of parents) {
    const items = hasNull(values) ? [] : (found.get(valuesToken(values)) ?? []);
    setLoaded(run, state, rel, rel.uselist ? items : (items[0] ?? null));
  }
}
