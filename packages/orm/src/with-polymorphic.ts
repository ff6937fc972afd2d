/**
 * `withPolymorphic(Staff, [Developer, Boss])`: an entity that loads a base
 * class together with the columns of the given subclasses in one SELECT
 * (SQLAlchemy's `with_polymorphic()`), so each row's subclass object is
 * complete without a SELECT per object on first access. Joined-table
 * subclasses are LEFT OUTER JOINed; single-table subclass columns come from
 * the same table.
 */
import {
  ArgumentError,
  CLAUSE_PROVIDER,
  type ColumnElement,
  type FromClause,
  Join,
  NotImplementedError,
} from "@athanor/core";
import { entityColumns } from "./entity-columns.js";
import type { Mapper } from "./mapper.js";
import type { AnyMappedClass } from "./mapping.types.js";

/**
 * An entity over `base` and `subclasses`, typed as `base`: `select(wp)`
 * yields base-class typed objects that are instances of their subclasses,
 * with the subclasses' attributes loaded.
 *
 * @example
 * ```ts
 * const wp = withPolymorphic(Staff, [Developer, Boss]);
 * session.scalars(select(wp).where(Developer.language.eq("go"))).all();
 * ```
 */
export function withPolymorphic<C extends AnyMappedClass>(base: C, subclasses: readonly AnyMappedClass[]): C {
  const mapper = base.__mapper__ as Mapper<any>;
  mapper.assertRegistered();
  let from: FromClause = mapper.selectable;
  const columns: ColumnElement<any>[] = [...entityColumns(mapper).columns];
  const keys: string[] = [...entityColumns(mapper).keys];
  const joined = new Set<unknown>(mapper.persistTables.map((t) => t.table));
  const ordered = [...subclasses].map((c) => c.__mapper__ as Mapper<any>);
  for (const sub of ordered) {
    if (!sub.isa(mapper) || sub === mapper)
      throw new ArgumentError(`withPolymorphic(): ${sub.className} is not a subclass of ${mapper.className}`);
    // The subclass's own tables in order, each joined to its parent's by primary key.
    for (const t of sub.persistTables) {
      if (joined.has(t.table)) continue;
      const parentCols = sub.primaryKeyAttrs.map((k) => sub.columns.get(k) as ColumnElement<any>);
      const on = sub.primaryKeyAttrs.map((k, i) =>
        (parentCols[i] as ColumnElement<any>).eq(t.columns.get(k) as never),
      );
      if (on.length !== 1)
        throw new NotImplementedError("withPolymorphic() over a composite primary key is not implemented");
      from = new Join(from, t.table as unknown as FromClause, on[0], true);
      joined.add(t.table);
    }
    const all = entityColumns(sub);
    all.keys.forEach((k, i) => {
      const col = all.columns[i] as ColumnElement<any>;
      // Each attribute once; a joined table's own primary key repeats the base's.
      if (keys.includes(k)) return;
      keys.push(k);
      columns.push(col);
    });
  }
  const entity = class WithPolymorphic {
    constructor() {
      throw new ArgumentError(`withPolymorphic(${mapper.className}) cannot be constructed`);
    }
  } as unknown as Record<PropertyKey, unknown>;
  const define = (key: PropertyKey, value: unknown) =>
    Object.defineProperty(entity, key, { value, configurable: true, enumerable: false });
  define("__mapper__", mapper);
  define(CLAUSE_PROVIDER, () => from);
  define("__selectColumns__", () => columns);
  define("__entityKeys__", () => keys);
  for (const [key, col] of mapper.columns) define(key, col);
  return entity as unknown as C;
}
