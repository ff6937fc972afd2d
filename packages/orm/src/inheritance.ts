/**
 * Mapped class inheritance (SQLAlchemy's "Mapping Class Inheritance
 * Hierarchies"): single-table (a subclass adds columns to its parent's table)
 * and joined-table (a subclass has its own table whose primary key references
 * the parent's). A discriminator column (`polymorphicOn`) records each row's
 * class, so loading a base class builds the right subclass.
 *
 * Concrete-table inheritance is not built.
 */
import {
  ArgumentError,
  and_,
  Column,
  type ColumnElement,
  type FromClause,
  InvalidRequestError,
  Join,
  type MetaData,
  NotImplementedError,
  type Select,
  select,
  Table,
  type TableImpl,
  type TableOptions,
} from "@athanor/core";
import { entityColumns } from "./entity-columns.js";
import type { Mapper } from "./mapper.js";

/** The polymorphic setup of a mapper: shared discriminator and identity map of the hierarchy. */
export interface InheritanceSetup {
  /** The attribute key of the discriminator column, when the hierarchy has one. */
  readonly on: string | undefined;
  /** This class's discriminator value. */
  readonly identity: unknown;
  /** Discriminator value → mapper, for the whole hierarchy (one shared map). */
  readonly map: Map<unknown, Mapper<any>>;
}

/** Options of a class that is the base of a polymorphic hierarchy (given to `Base.mapped`). */
export interface PolymorphicBaseOptions {
  /** The attribute key of the discriminator column (SQLAlchemy's `polymorphic_on`). */
  polymorphicOn?: string;
  /** The discriminator value of the base class itself. */
  polymorphicIdentity?: string | number;
}

/** Options of `Parent.mappedSubclass(props, options)`. */
export interface SubclassOptions {
  /** This subclass's discriminator value (SQLAlchemy's `polymorphic_identity`). */
  polymorphicIdentity?: string | number;
  /**
   * A table of its own (joined-table inheritance); left out, the subclass's
   * columns are added to the parent's table (single-table inheritance).
   */
  tableName?: string;
  /** Options of the subclass's own table (joined-table inheritance only). */
  table?: TableOptions;
  /** Concrete-table inheritance: not implemented (raises). */
  concrete?: boolean;
  /**
   * How a query of a base class loads this joined subclass's own columns
   * (SQLAlchemy's `polymorphic_load`): `"selectin"` loads them for all the
   * rows of the batch with one `IN` query per subclass; left out, they load
   * on first access, object by object (or with `withPolymorphic()`).
   */
  polymorphicLoad?: "selectin";
}

/**
 * The columns and table of a subclass mapper: the parent's attributes first,
 * then its own, either added to the parent's table (single-table) or in a new
 * table joined to the parent's by primary key (joined-table). @internal
 */
export function subclassColumns(
  mapper: Mapper<any>,
  parent: Mapper<any>,
  tableName: string | TableImpl,
  metadata: MetaData,
  tableOptions: TableOptions,
  own: Record<string, unknown>,
): { table: TableImpl; selectable: FromClause } {
  for (const [k, c] of parent.columns) mapper.columns.set(k, c);
  for (const [k, r] of parent.relationships) mapper.relationships.set(k, r);
  for (const [k, d] of parent.descriptors) if (!mapper.descriptors.has(k)) mapper.descriptors.set(k, d);
  // The loading setup of inherited attributes: deferred columns, columnProperty / queryExpression.
  for (const [k, d] of parent.deferredColumns) mapper.deferredColumns.set(k, d);
  for (const [k, e] of parent.expressionProps) mapper.expressionProps.set(k, e);
  mapper.primaryKeyAttrs.push(...parent.primaryKeyAttrs);
  for (const key of Object.keys(own))
    if (parent.columns.has(key) && !parent.primaryKeyAttrs.includes(key))
      throw new ArgumentError(`subclass attribute '${key}' is already a column of ${parent.className}`);

  if (typeof tableName !== "string") {
    // Single-table: the subclass's columns go into the parent's table.
    const table = parent.table;
    for (const [key, col] of Object.entries(own)) {
      if ((col as { primaryKey?: boolean }).primaryKey === true)
        throw new ArgumentError(`single-table subclass column '${key}' cannot be part of the primary key`);
      (table as unknown as { addColumn(k: string, c: unknown): void }).addColumn(key, col);
      mapper.columns.set(key, table.c[key] as ColumnElement<any>);
    }
    mapper.persistTables.push(...parent.persistTables.slice(0, -1), { table, columns: mapper.columns });
    return { table, selectable: parent.selectable };
  }

  // Joined-table: the subclass table's primary key references the parent's.
  const parentTable = parent.table;
  const cols: Record<string, unknown> = {};
  for (const key of parent.primaryKeyAttrs) {
    const pcol = parent.columns.get(key) as unknown as { name: string; type: unknown };
    const target = `${parentTable.fullname}.${pcol.name}`;
    cols[key] = own[key] ?? new Column(pcol.type as never, { primaryKey: true, foreignKey: target });
  }
  for (const [key, col] of Object.entries(own)) if (!(key in cols)) cols[key] = col;
  const table = new Table(tableName, metadata, cols as never, tableOptions) as unknown as TableImpl;
  const local = new Map<string, ColumnElement<any>>();
  for (const key of Object.keys(cols)) local.set(key, table.c[key] as ColumnElement<any>);
  for (const [key, col] of local) if (!parent.primaryKeyAttrs.includes(key)) mapper.columns.set(key, col);
  mapper.persistTables.push(...parent.persistTables, { table, columns: local });
  const on = parent.primaryKeyAttrs.map((k) =>
    (parent.columns.get(k) as ColumnElement<any>).eq(local.get(k) as never),
  );
  const onclause = (on.length === 1 ? on[0] : and_(...on)) as never;
  return { table, selectable: new Join(parent.selectable, table as unknown as FromClause, onclause) };
}

/**
 * Records a mapper's place in its polymorphic hierarchy: the base declares
 * the discriminator, each class its identity. @internal
 */
export function setPolymorphic(
  mapper: Mapper<any>,
  options: { polymorphicOn?: string | undefined; polymorphicIdentity?: unknown },
): void {
  const parent = mapper.inherits;
  const where = `mapping of table '${mapper.table.name}'`;
  if (parent !== undefined && options.polymorphicOn !== undefined)
    throw new ArgumentError(`${where}: polymorphicOn belongs on the base class of the hierarchy`);
  const on = parent?.polymorphic?.on ?? options.polymorphicOn;
  if (on !== undefined && !mapper.columns.has(on))
    throw new ArgumentError(`${where}: polymorphicOn '${on}' is not a column attribute`);
  const map = parent?.polymorphic?.map ?? new Map<unknown, Mapper<any>>();
  const identity = options.polymorphicIdentity;
  if (identity !== undefined) {
    const taken = map.get(identity);
    if (taken !== undefined)
      throw new ArgumentError(
        `${where}: polymorphicIdentity ${JSON.stringify(identity)} is already used by ${taken.className}`,
      );
    map.set(identity, mapper);
  } else if (parent !== undefined && on !== undefined)
    throw new ArgumentError(
      `${where}: a subclass in a hierarchy with polymorphicOn needs a polymorphicIdentity`,
    );
  if (on !== undefined || identity !== undefined) mapper.polymorphic = { on, identity, map };
}

/**
 * Checks a subclass's `polymorphicLoad` before anything is mapped (a refused
 * option must not leave columns added to the parent's table). @internal
 */
export function checkPolymorphicLoad(parent: Mapper<any>, options: SubclassOptions | undefined): void {
  const load = options?.polymorphicLoad;
  if (load === undefined) return;
  const where = `subclass of ${parent.className}`;
  if (load !== "selectin")
    throw new NotImplementedError(
      `${where}: polymorphicLoad "${String(load)}" is not implemented; use "selectin"`,
    );
  if (options?.tableName === undefined)
    throw new ArgumentError(
      `${where}: polymorphicLoad "selectin" is for a joined-table subclass (give it a tableName)`,
    );
  if (parent.primaryKeyAttrs.length !== 1)
    throw new NotImplementedError(
      `${where}: polymorphicLoad "selectin" over a composite primary key is not implemented`,
    );
}

/** Raises for concrete-table inheritance, which is not built. @internal */
export function refuseConcrete(options: SubclassOptions | undefined): void {
  if (options?.concrete === true)
    throw new NotImplementedError(
      "concrete table inheritance is not implemented; use single-table or joined-table",
    );
}

/** Sets the discriminator of a new object to its class's identity (as SQLAlchemy does on `__init__`). @internal */
export function initialDiscriminator(mapper: Mapper<any>): [string, unknown] | undefined {
  const p = mapper.polymorphic;
  if (p?.on === undefined || p.identity === undefined) return undefined;
  return [p.on, p.identity];
}

/** The mapper of a loaded row: the subclass its discriminator names. @internal */
export function polymorphicMapperFor(mapper: Mapper<any>, values: Record<string, unknown>): Mapper<any> {
  const p = mapper.polymorphic;
  if (p?.on === undefined || !(p.on in values)) return mapper;
  const value = values[p.on];
  if (value === null || value === undefined) return mapper;
  const sub = p.map.get(value);
  if (sub === undefined)
    throw new InvalidRequestError(
      `No such polymorphic_identity ${JSON.stringify(value)} is defined for ${mapper.className}`,
    );
  if (!sub.isa(mapper))
    throw new InvalidRequestError(
      `row with polymorphic identity ${JSON.stringify(value)} is a ${sub.className}, not a ${mapper.className}`,
    );
  return sub;
}

/** `mapper` and every mapper of its hierarchy that inherits from it. */
function selfAndDescendants(mapper: Mapper<any>): Mapper<any>[] {
  const p = mapper.polymorphic;
  if (p === undefined) return [mapper];
  return [...new Set([mapper, ...[...p.map.values()].filter((m) => m.isa(mapper))])];
}

/**
 * For a single-table subclass: `discriminator IN (its identities)`, which
 * every SELECT of the class adds (SQLAlchemy's single-table criterion). @internal
 */
export function singleTableCriterion(mapper: Mapper<any>): ColumnElement<boolean> | undefined {
  const parent = mapper.inherits;
  const p = mapper.polymorphic;
  if (parent === undefined || mapper.table !== parent.table || p?.on === undefined) return undefined;
  const ids = selfAndDescendants(mapper)
    .map((m) => m.polymorphic?.identity)
    .filter((v) => v !== undefined);
  return (mapper.columns.get(p.on) as ColumnElement<any>).in(ids as never) as ColumnElement<boolean>;
}

/**
 * The table to write each of `mapper`'s tables' columns to: the attribute
 * keys of `table`'s columns for this mapper. @internal
 */
export function columnsForTable(mapper: Mapper<any>, table: TableImpl): Map<string, ColumnElement<any>> {
  for (const t of mapper.persistTables) if (t.table === table) return t.columns;
  throw new InvalidRequestError(`${mapper.className} has no columns in table '${table.name}'`);
}

/** Attributes a row did not load (a subclass's own columns, loaded from a base class SELECT): expired. @internal */
export function unloadedColumnKeys(mapper: Mapper<any>, values: Record<string, unknown>): string[] {
  return [...mapper.columns.keys()].filter((k) => !(k in values));
}

/**
 * The SELECT behind `get()` and attribute loads by primary key: from the one
 * table that holds every wanted column when there is one (a joined subclass's
 * own attributes come from its table alone), else from the class's join. A
 * single-table subclass adds its discriminator criterion. @internal
 */
export function byPrimaryKeySelect(
  mapper: Mapper<any>,
  wanted: ReadonlySet<string>,
  pk: readonly unknown[],
): { stmt: Select<any>; ordered: string[] } {
  return byKeySelect(mapper, wanted, (cols) => cols.map((c, i) => c.eq(pk[i] as never)));
}

/**
 * {@link byPrimaryKeySelect} for many rows at once: `pk IN (...)` (a
 * one-column primary key). @internal
 */
export function byPrimaryKeysSelect(
  mapper: Mapper<any>,
  wanted: ReadonlySet<string>,
  pks: readonly unknown[],
): { stmt: Select<any>; ordered: string[] } {
  return byKeySelect(mapper, wanted, (cols) => [(cols[0] as ColumnElement<any>).in(pks as never)]);
}

function byKeySelect(
  mapper: Mapper<any>,
  wanted: ReadonlySet<string>,
  criteria: (pkCols: ColumnElement<any>[]) => ColumnElement<any>[],
): { stmt: Select<any>; ordered: string[] } {
  const pkAttrs = mapper.primaryKeyAttrs;
  const nonPk = [...wanted].filter((k) => !pkAttrs.includes(k));
  const source = mapper.persistTables.find((t) => nonPk.every((k) => t.columns.has(k)));
  const ordered: string[] = [];
  const cols: ColumnElement<any>[] = [];
  let where: ColumnElement<any>[];
  let stmt: Select<any>;
  if (source !== undefined) {
    const keyOf = new Map<unknown, string>();
    for (const [k, c] of source.columns) keyOf.set(c, k);
    for (const col of source.table.columns) {
      const k = keyOf.get(col);
      if (k === undefined || !wanted.has(k)) continue;
      ordered.push(k);
      cols.push(col as ColumnElement<any>);
    }
    where = criteria(pkAttrs.map((k) => source.columns.get(k) as ColumnElement<any>));
    stmt = select(...cols);
  } else {
    const all = entityColumns(mapper);
    all.keys.forEach((k, i) => {
      if (!wanted.has(k) || ordered.includes(k)) return;
      ordered.push(k);
      cols.push(all.columns[i] as ColumnElement<any>);
    });
    where = criteria(pkAttrs.map((k) => mapper.columns.get(k) as ColumnElement<any>));
    stmt = select(...cols).selectFrom(mapper.selectable);
  }
  const sti = singleTableCriterion(mapper);
  if (sti !== undefined) where.push(sti);
  return { stmt: stmt.where(...(where as ColumnElement<boolean>[])), ordered };
}

/**
 * An ORM select with each selected single-table subclass's discriminator
 * criterion added (`WHERE employee.type IN (...)`). @internal
 */
export function withSingleTableCriteria<S extends Select<any>>(stmt: S): S {
  let out = stmt;
  const seen = new Set<Mapper<any>>();
  for (const arg of stmt.rawArgs) {
    const m = (arg as { __mapper__?: Mapper<any> } | null)?.__mapper__;
    if (m === undefined || seen.has(m)) continue;
    seen.add(m);
    const crit = singleTableCriterion(m);
    if (crit !== undefined) out = out.where(crit);
  }
  return out;
}

/**
 * `values` without the keys `mapper` does not map (other subclasses' columns
 * of a polymorphic row). `columnProperty()` / `queryExpression()` values are
 * the mapper's too. @internal
 */
export function ownColumnValues(
  mapper: Mapper<any>,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const own = (k: string) => mapper.columns.has(k) || mapper.expressionProps.has(k);
  let foreign = false;
  for (const k in values)
    if (!own(k)) {
      foreign = true;
      break;
    }
  if (!foreign) return values;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (own(k)) out[k] = v;
  return out;
}
