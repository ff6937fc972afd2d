/**
 * `Mapper`: links a mapped class to its Core `Table` (SQLAlchemy's `Mapper`).
 * It builds the table from the class's `mappedColumn()`s in the base's
 * `MetaData`, and records the class's relationships.
 */
import {
  ArgumentError,
  Column,
  type ColumnElement,
  type FromClause,
  InvalidRequestError,
  type MetaData,
  Table,
  type TableImpl,
  type TableOptions,
} from "@athanor/core";
import { type ExpressionProp, isExpressionProp } from "./column-properties.js";
import { type DescriptorProp, isDescriptorProp } from "./descriptor-props.js";
import { UnmappedInstanceError } from "./errors.js";
import { type InheritanceSetup, subclassColumns } from "./inheritance.js";
import type { RelationshipStrategy } from "./loader-options.js";
import { MappedColumn } from "./mapped-column.js";
import type { AnyMappedClass, Props } from "./mapping.types.js";
import { Relationship, type RelationshipOptions } from "./relationship.js";
import {
  addBackrefs,
  checkRelationship,
  configureExtras,
  newRelationshipFields,
} from "./relationship-config.js";
import { configureCustomJoin, foreignKeyJoin } from "./relationship-join.js";
import { type MapperVersioning, resolveVersioning } from "./versioning.js";

/**
 * The direction of a relationship: from the foreign key between the two
 * tables, or MANYTOMANY through an association table (`secondary`).
 */
export type RelationshipDirection = "MANYTOONE" | "ONETOMANY" | "MANYTOMANY";

/** The cascade rules of a relationship (SQLAlchemy's `cascade=`). */
export interface CascadeRules {
  readonly saveUpdate: boolean;
  readonly merge: boolean;
  readonly expunge: boolean;
  readonly delete: boolean;
  readonly deleteOrphan: boolean;
  readonly refreshExpire: boolean;
}

/** A relationship as configured on a mapper. */
export interface RelationshipProperty {
  readonly key: string;
  readonly options: RelationshipOptions;
  /** The mapper the relationship is declared on. */
  readonly parent: Mapper<any>;
  /** The target's mapper, once mappers are configured. */
  target: Mapper<any> | undefined;
  readonly thunk: () => unknown;
  /** Once configured: MANYTOONE when the parent's table holds the foreign key. */
  direction: RelationshipDirection;
  /** Whether the attribute is a collection. */
  uselist: boolean;
  /**
   * Column attribute keys joined pairwise: `localKeys[i]` (on the parent)
   * equals `remoteKeys[i]` (on the target). For MANYTOONE the local keys are
   * the foreign key; for ONETOMANY the remote keys are.
   */
  localKeys: string[];
  remoteKeys: string[];
  /** The `backPopulates` relationship on the target, once configured. */
  reverse: RelationshipProperty | undefined;
  cascade: CascadeRules;
  /** The loader strategy (`lazy` option; see `RelationshipStrategy`), or a write-only / dynamic collection. */
  lazy: RelationshipStrategy | "write_only" | "dynamic";
  /** Many-to-many: the association table. */
  secondary: TableImpl | undefined;
  /** The join condition, parent to target (with `secondary`: parent to the association table). */
  primaryjoin: ColumnElement<boolean> | undefined;
  /** With `secondary`: the association table to the target. */
  secondaryjoin: ColumnElement<boolean> | undefined;
  /** Many-to-many: association columns filled from the parent's and from the target's attributes. */
  secondarySync: {
    parent: [key: string, column: ColumnElement<any>][];
    target: [key: string, column: ColumnElement<any>][];
  };
  /** Self-referential: the columns of the shared table that stand for the target's side. */
  remoteColumns: Set<unknown>;
  /** Whether the join came from `secondary` or a custom `primaryjoin` (loaded through its lazy clause). */
  customJoin: boolean;
  /** Loaded, never written (`viewonly: true`). */
  viewonly: boolean;
  /** The foreign key is written by a second UPDATE (`postUpdate: true`). */
  postUpdate: boolean;
  /** The ORDER BY of lazy loads. */
  orderBy: ColumnElement<any>[];
}

/** Parses a cascade string (`"all, delete-orphan"`); the default is `"save-update, merge"`. */
export function parseCascade(spec: string | undefined, where: string): CascadeRules {
  const parts = (spec ?? "save-update, merge")
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const on = new Set<string>();
  for (const p of parts) {
    if (p === "all")
      for (const x of ["save-update", "merge", "refresh-expire", "expunge", "delete"]) on.add(x);
    else if (["save-update", "merge", "refresh-expire", "expunge", "delete", "delete-orphan"].includes(p))
      on.add(p);
    else if (p !== "none") throw new ArgumentError(`${where}: invalid cascade option '${p}'`);
  }
  return {
    saveUpdate: on.has("save-update"),
    merge: on.has("merge"),
    expunge: on.has("expunge"),
    delete: on.has("delete"),
    deleteOrphan: on.has("delete-orphan"),
    refreshExpire: on.has("refresh-expire"),
  };
}

interface FkPair {
  readonly fkCol: unknown;
  readonly refCol: unknown;
  readonly constraint: unknown;
}

/** The foreign keys of `from`'s columns that reference a column of `to`. */
function fkPairs(from: Mapper<any>, to: Mapper<any>): FkPair[] {
  const out: FkPair[] = [];
  // With joined inheritance a class spans several tables; the parent/child link is not a relationship.
  const toTables = new Set<unknown>(to.persistTables.map((t) => t.table));
  const own = new Set<unknown>(from.persistTables.map((t) => t.table));
  for (const t of from.persistTables)
    for (const col of t.table.columns as unknown as {
      foreignKeys?: { column: { table: unknown }; constraint: unknown }[];
    }[]) {
      for (const fk of col.foreignKeys ?? []) {
        const inheritanceLink =
          own.has(fk.column.table) &&
          fk.column.table !== t.table &&
          (col as { primaryKey?: boolean }).primaryKey;
        if (toTables.has(fk.column.table) && !inheritanceLink)
          out.push({ fkCol: col, refCol: fk.column, constraint: fk.constraint ?? fk });
      }
    }
  return out;
}

function asList(v: string | readonly string[] | undefined): string[] | undefined {
  return v === undefined ? undefined : typeof v === "string" ? [v] : [...v];
}

/** Keys a mapped attribute cannot have (they would break the class itself). */
const RESERVED = new Set(["prototype", "constructor", "__proto__", "__mapper__"]);

/** The mapping of one class to one table. */
export class Mapper<P extends Props = Props> {
  /** The mapped class, once registered (`@Base.register`). */
  class_: AnyMappedClass | undefined;
  /** The Core table. */
  readonly table: TableImpl;
  /** Column attributes: attribute key → table column. */
  readonly columns = new Map<string, ColumnElement<any>>();
  /** Relationship attributes by key. */
  readonly relationships = new Map<string, RelationshipProperty>();
  /** The attribute keys of the primary key columns, in table order. */
  readonly primaryKeyAttrs: string[] = [];
  /** Column attributes the mapping defers (`deferred: true`), with their group. @internal */
  readonly deferredColumns = new Map<string, { group: string | undefined; raiseload: boolean }>();
  /** SQL expression attributes (`columnProperty()`, `queryExpression()`) by key. @internal */
  readonly expressionProps = new Map<string, ExpressionProp>();
  private configured = false;
  private configuring = false;
  /** Optimistic versioning (`versionIdCol`), when configured. */
  readonly versioning: MapperVersioning | undefined;
  /** The registry whose mappers are configured together. @internal */
  registry: { readonly mappers: readonly Mapper<any>[] } | undefined;
  /** Synonyms and composites by key: attributes computed from column attributes. */
  readonly descriptors = new Map<string, DescriptorProp>();
  /** The mapper this one inherits from (`Employee.mappedSubclass(...)`). */
  readonly inherits: Mapper<any> | undefined;
  /** What the class selects from: its table, or for joined inheritance the join of its tables. */
  selectable: FromClause;
  /**
   * The tables a row of this class is written to, base table first, each with
   * the attribute keys of its columns (one table unless joined inheritance).
   */
  readonly persistTables: { readonly table: TableImpl; readonly columns: Map<string, ColumnElement<any>> }[] =
    [];
  /** Inheritance: the discriminator and this class's identity, shared with the hierarchy. @internal */
  polymorphic: InheritanceSetup | undefined;
  /** `"selectin"`: a base-class query loads this joined subclass's own columns with one IN query per batch. */
  polymorphicLoad: "selectin" | undefined;

  constructor(
    readonly props: P,
    /** A new table's name, or an existing table (imperative mapping, single-table inheritance). */
    tableName: string | TableImpl,
    metadata: MetaData,
    options: TableOptions = {},
    /** The mapper of the class this one extends. */
    inherits?: Mapper<any>,
  ) {
    this.inherits = inherits;
    // Mapper options travel with the table options; the table gets the rest.
    const { versionIdCol, versionIdGenerator, ...tableOptions } = options;
    const cols: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(props)) {
      if (RESERVED.has(key)) throw new ArgumentError(`'${key}' cannot be the name of a mapped attribute`);
      if (prop instanceof MappedColumn) {
        const { deferred, deferredGroup, deferredRaiseload, ...colOptions } = prop.options;
        cols[key] = new Column(prop.type, colOptions);
        if (deferred === true || deferredGroup !== undefined)
          this.deferredColumns.set(key, { group: deferredGroup, raiseload: deferredRaiseload === true });
      } else if (isExpressionProp(prop)) this.expressionProps.set(key, { key, prop });
      else if (isDescriptorProp(prop)) this.descriptors.set(key, prop);
      else if (prop instanceof Relationship)
        this.relationships.set(key, {
          key,
          options: prop.options,
          parent: this,
          target: undefined,
          thunk: prop.target,
          ...newRelationshipFields(prop.options, key),
        });
      else
        throw new ArgumentError(
          `attribute '${key}' must be a mappedColumn(), relationship(), columnProperty(), queryExpression(), synonym() or composite()`,
        );
    }
    if (inherits !== undefined) {
      const sub = subclassColumns(this, inherits, tableName, metadata, tableOptions, cols);
      this.table = sub.table;
      this.selectable = sub.selectable;
      // A subclass shares its base's version counter (one per row of the hierarchy).
      if (versionIdCol !== undefined)
        throw new ArgumentError(`versionIdCol is set on the base class of a hierarchy, not on a subclass`);
      this.versioning = inherits.versioning;
      return;
    }
    if (typeof tableName === "string") {
      this.table = new Table(tableName, metadata, cols as never, tableOptions) as unknown as TableImpl;
      for (const key of Object.keys(cols)) this.columns.set(key, this.table.c[key] as ColumnElement<any>);
    } else {
      // An existing table (imperative mapping): every column is an attribute, under its key.
      if (Object.keys(cols).length > 0)
        throw new ArgumentError(
          `mapping the existing table '${tableName.name}': its columns are the column attributes; mappedColumn() is not accepted`,
        );
      this.table = tableName;
      for (const col of tableName.columns) this.columns.set(col.key as string, col as ColumnElement<any>);
    }
    this.selectable = this.table;
    this.persistTables.push({ table: this.table, columns: this.columns });
    for (const col of this.table.primaryKey.columns)
      for (const [key, mc] of this.columns) if (mc === col) this.primaryKeyAttrs.push(key);
    if (this.primaryKeyAttrs.length === 0)
      throw new ArgumentError(
        `Mapper for table '${this.table.name}' could not assemble any primary key columns; declare one with primaryKey: true`,
      );
    this.versioning = resolveVersioning(`Mapper for table '${this.table.name}'`, this.columns, {
      versionIdCol,
      versionIdGenerator,
    });
  }

  /** The root of this mapper's inheritance hierarchy (itself when it inherits nothing). */
  get baseMapper(): Mapper<any> {
    let m: Mapper<any> = this;
    while (m.inherits !== undefined) m = m.inherits;
    return m;
  }

  /** Whether this mapper is `other` or inherits from it. */
  isa(other: Mapper<any>): boolean {
    for (let m: Mapper<any> | undefined = this; m !== undefined; m = m.inherits) if (m === other) return true;
    return false;
  }

  /** The class name, recorded at registration (before `User.name` becomes a column). @internal */
  classNameValue: string | undefined;

  /** The registered class's name. */
  get className(): string {
    return this.classNameValue ?? `<unregistered class of table ${this.table.name}>`;
  }

  /** The column attribute keys, in declaration order. */
  get columnKeys(): string[] {
    return [...this.columns.keys()];
  }

  /** The registered class; raises if `@Base.register` was forgotten. */
  get mappedClass(): AnyMappedClass {
    this.assertRegistered();
    return this.class_ as AnyMappedClass;
  }

  /** Raises `UnmappedInstanceError` if the class was never registered. */
  assertRegistered(): void {
    if (this.class_ === undefined)
      throw new UnmappedInstanceError(
        `the class mapped to table '${this.table.name}' was never registered; decorate it with @Base.register`,
      );
  }

  /**
   * Resolves relationship targets, directions and `backPopulates` (SQLAlchemy's
   * `configure_mappers()`), for every mapper of the registry; runs once, on
   * first use of a relationship or a session.
   */
  configure(): void {
    if (this.configured || this.configuring) return;
    const all = this.registry?.mappers ?? [this];
    for (const m of all) m.configuring = true;
    try {
      for (const m of all) if (!m.configured) m.resolveRelationships();
      for (const m of all) if (!m.configured) addBackrefs(m, (t, rel) => t.resolveRelationship(rel));
      for (const m of all) if (!m.configured) m.resolveBackPopulates();
      for (const m of all) m.configured = true;
    } finally {
      for (const m of all) m.configuring = false;
    }
  }

  /** Whether `configure()` has run. */
  get isConfigured(): boolean {
    return this.configured;
  }

  /** The attribute key of a table column. @internal */
  keyOfColumn(col: unknown): string {
    for (const [k, c] of this.columns) if (c === col) return k;
    for (const t of this.persistTables) for (const [k, c] of t.columns) if (c === col) return k;
    throw new InvalidRequestError(`column is not mapped by ${this.className}`);
  }

  private resolveRelationships(): void {
    for (const rel of this.relationships.values()) {
      if (rel.parent !== this) continue; // inherited: resolved by the mapper that declares it
      this.resolveRelationship(rel);
    }
  }

  /** Resolves one relationship's target, direction and join. @internal */
  resolveRelationship(rel: RelationshipProperty): void {
    {
      const where = `relationship ${this.className}.${rel.key}`;
      const target = rel.thunk() as { __mapper__?: Mapper<any> } | undefined;
      const targetMapper = target?.__mapper__;
      if (targetMapper === undefined)
        throw new InvalidRequestError(`${where}: its target is not a mapped class`);
      rel.target = targetMapper;
      const o = rel.options;
      const lazy = o.lazy ?? "select";
      if (
        ![
          "select",
          "joined",
          "selectin",
          "subquery",
          "raise",
          "raise_on_sql",
          "noload",
          "write_only",
          "dynamic",
        ].includes(lazy)
      )
        throw new ArgumentError(`${where}: unknown loader strategy lazy="${lazy}"`);
      rel.lazy = lazy;
      configureExtras(this, rel, where);
      if (o.secondary !== undefined || o.primaryjoin !== undefined) {
        configureCustomJoin(this, rel, where);
        checkRelationship(rel, where);
        return;
      }
      const fkFilter = asList(o.foreignKeys as string | readonly string[] | undefined);
      const keep = (m: Mapper<any>) => (p: FkPair) =>
        fkFilter === undefined || fkFilter.includes(m.keyOfColumn(p.fkCol));
      let direction: RelationshipDirection;
      let pairs: FkPair[];
      if (targetMapper === this) {
        pairs = fkPairs(this, this).filter(keep(this));
        const remote = asList(o.remoteSide as string | readonly string[] | undefined);
        const fkKeys = pairs.map((p) => this.keyOfColumn(p.fkCol));
        direction =
          remote !== undefined && !remote.some((k) => fkKeys.includes(k)) ? "MANYTOONE" : "ONETOMANY";
        if (remote !== undefined)
          for (const k of remote)
            if (!this.columns.has(k))
              throw new ArgumentError(`${where}: remoteSide '${k}' is not a column attribute`);
      } else {
        const out = fkPairs(this, targetMapper).filter(keep(this));
        const inn = fkPairs(targetMapper, this).filter(keep(targetMapper));
        if (out.length > 0 && inn.length > 0)
          throw new ArgumentError(
            `${where}: foreign keys go both ways between '${this.table.name}' and '${targetMapper.table.name}'; name the foreign key column(s) with foreignKeys`,
          );
        direction = out.length > 0 ? "MANYTOONE" : "ONETOMANY";
        pairs = out.length > 0 ? out : inn;
      }
      if (pairs.length === 0)
        throw new ArgumentError(
          `${where}: could not determine the join condition; there are no foreign keys linking '${this.table.name}' and '${targetMapper.table.name}'`,
        );
      if (new Set(pairs.map((p) => p.constraint)).size > 1)
        throw new ArgumentError(
          `${where}: there are several foreign key paths between '${this.table.name}' and '${targetMapper.table.name}'; name the foreign key column(s) with foreignKeys`,
        );
      rel.direction = direction;
      if (direction === "MANYTOONE") {
        rel.localKeys = pairs.map((p) => this.keyOfColumn(p.fkCol));
        rel.remoteKeys = pairs.map((p) => targetMapper.keyOfColumn(p.refCol));
      } else {
        rel.localKeys = pairs.map((p) => this.keyOfColumn(p.refCol));
        rel.remoteKeys = pairs.map((p) => targetMapper.keyOfColumn(p.fkCol));
      }
      rel.primaryjoin = foreignKeyJoin(this, rel);
      rel.remoteColumns = new Set(rel.remoteKeys.map((k) => targetMapper.columns.get(k)));
      checkRelationship(rel, where);
    }
  }

  private resolveBackPopulates(): void {
    for (const rel of this.relationships.values()) {
      if (rel.parent !== this) continue;
      const back = rel.options.backPopulates;
      if (back === undefined) continue;
      const targetMapper = rel.target as Mapper<any>;
      const other = targetMapper.relationships.get(back);
      const where = `relationship ${this.className}.${rel.key}`;
      if (other === undefined)
        throw new InvalidRequestError(
          `${where}: backPopulates '${back}' is not a relationship of ${targetMapper.className}`,
        );
      if (other.target !== this || other.options.backPopulates !== rel.key)
        throw new InvalidRequestError(
          `${where}: backPopulates '${back}' must be a relationship of ${targetMapper.className} back to ${this.className} with backPopulates '${rel.key}'`,
        );
      if (other.direction === rel.direction && rel.direction !== "MANYTOMANY")
        throw new ArgumentError(
          `${where} and ${targetMapper.className}.${back} are both ${rel.direction}; set remoteSide on the many-to-one side`,
        );
      // A read-only side is never kept in sync in memory (SQLAlchemy's sync_backref=False).
      if (!rel.viewonly && !other.viewonly) rel.reverse = other;
    }
  }

  /** The primary key values of `dict`, in table order; `undefined` when one is missing. */
  primaryKeyFrom(dict: Record<string, unknown>): unknown[] | undefined {
    const pk = this.primaryKeyAttrs.map((k) => dict[k]);
    return pk.some((v) => v === undefined || v === null) ? undefined : pk;
  }
}
