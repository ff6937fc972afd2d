/**
 * `Mapper`: links a mapped class to its Core `Table` (SQLAlchemy's `Mapper`).
 * It builds the table from the class's `mappedColumn()`s in the base's
 * `MetaData`, and records the class's relationships.
 */
import {
  ArgumentError,
  Column,
  type ColumnElement,
  InvalidRequestError,
  type MetaData,
  Table,
  type TableImpl,
  type TableOptions,
} from "@athanor/core";
import { UnmappedInstanceError } from "./errors.js";
import { MappedColumn } from "./mapped-column.js";
import type { AnyMappedClass, Props } from "./mapping.types.js";
import { Relationship, type RelationshipOptions } from "./relationship.js";

/** A relationship as configured on a mapper. */
export interface RelationshipProperty {
  readonly key: string;
  readonly options: RelationshipOptions;
  /** The target's mapper, once mappers are configured. */
  target: Mapper<any> | undefined;
  readonly thunk: () => unknown;
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
  private configured = false;

  constructor(
    readonly props: P,
    tableName: string,
    metadata: MetaData,
    tableOptions: TableOptions = {},
  ) {
    const cols: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(props)) {
      if (RESERVED.has(key)) throw new ArgumentError(`'${key}' cannot be the name of a mapped attribute`);
      if (prop instanceof MappedColumn) cols[key] = new Column(prop.type, prop.options);
      else if (prop instanceof Relationship)
        this.relationships.set(key, { key, options: prop.options, target: undefined, thunk: prop.target });
      else throw new ArgumentError(`attribute '${key}' must be a mappedColumn() or a relationship()`);
    }
    this.table = new Table(tableName, metadata, cols as never, tableOptions) as unknown as TableImpl;
    const c = this.table.c;
    for (const key of Object.keys(cols)) this.columns.set(key, c[key] as ColumnElement<any>);
    for (const col of this.table.primaryKey.columns)
      for (const [key, mc] of this.columns) if (mc === col) this.primaryKeyAttrs.push(key);
    if (this.primaryKeyAttrs.length === 0)
      throw new ArgumentError(
        `Mapper for table '${tableName}' could not assemble any primary key columns; declare one with primaryKey: true`,
      );
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
   * Resolves relationship targets and checks `backPopulates` (SQLAlchemy's
   * `configure_mappers()`); runs once, on first use by a session.
   */
  configure(): void {
    if (this.configured) return;
    for (const rel of this.relationships.values()) {
      const target = rel.thunk() as { __mapper__?: Mapper<any> } | undefined;
      const targetMapper = target?.__mapper__;
      if (targetMapper === undefined)
        throw new InvalidRequestError(
          `relationship ${this.className}.${rel.key}: its target is not a mapped class`,
        );
      rel.target = targetMapper;
      const back = rel.options.backPopulates;
      if (back !== undefined && !targetMapper.relationships.has(back))
        throw new InvalidRequestError(
          `relationship ${this.className}.${rel.key}: backPopulates '${back}' is not a relationship of ${targetMapper.className}`,
        );
    }
    this.configured = true;
  }

  /** The primary key values of `dict`, in table order; `undefined` when one is missing. */
  primaryKeyFrom(dict: Record<string, unknown>): unknown[] | undefined {
    const pk = this.primaryKeyAttrs.map((k) => dict[k]);
    return pk.some((v) => v === undefined || v === null) ? undefined : pk;
  }
}
