/**
 * Imperative mapping (SQLAlchemy's `registry.map_imperatively()`): an
 * existing plain class mapped to an existing Core `Table`.
 *
 * Typing is looser than declarative mapping: the class keeps its own
 * instance type (declare the mapped fields with `declare name: string`, since
 * a class field would hide the mapped accessor), and the class-level column
 * attributes are typed from the table's `c` on the returned value.
 */
import { ArgumentError, CLAUSE_PROVIDER, type FromClause, type TableImpl } from "@athanor/core";
import type { Composite, Synonym } from "./descriptor-props.js";
import { entityColumns } from "./entity-columns.js";
import { setPolymorphic } from "./inheritance.js";
import { instrumentClass, instrumentPrototype } from "./instrumentation.js";
import { Mapper } from "./mapper.js";
import type { AnyMappedClass } from "./mapping.types.js";
import type { Relationship } from "./relationship.js";
import type { RelationshipAttribute } from "./relationship-attribute.js";

/** The attributes `properties` may add. */
export type ImperativeProps = Readonly<Record<string, Relationship<any, boolean> | Synonym | Composite>>;

/**
 * What `mapImperatively` returns: the class itself, with its table's columns
 * as class-level attributes (typed from `table.c`) and the relationships of
 * `properties`.
 */
export type ImperativelyMapped<C, T, Pr extends ImperativeProps> = C & {
  readonly __mapper__: Mapper<any>;
  [CLAUSE_PROVIDER](): FromClause;
} & {
  readonly [K in keyof TableColumnsOf<T>]: TableColumnsOf<T>[K];
} & {
  readonly [K in keyof Pr]: Pr[K] extends Relationship<any, any>
    ? RelationshipAttribute<K & string>
    : unknown;
};

type TableColumnsOf<T> = T extends { readonly c: infer C } ? C : never;

/** Options of `registry.mapImperatively(cls, table, options)`. */
export interface ImperativeOptions<Pr extends ImperativeProps = ImperativeProps> {
  /** Attributes beyond the table's columns: relationships, synonyms, composites. */
  properties?: Pr;
  /** The discriminator column's key, for a polymorphic base. */
  polymorphicOn?: string;
  /** This class's discriminator value. */
  polymorphicIdentity?: string | number;
}

/** What mapping needs of the registry. */
interface RegistryLike {
  readonly metadata: import("@athanor/core").MetaData;
  add(mapper: Mapper<any>): void;
}

/** Maps `cls` to `table`; see {@link ImperativeOptions}. @internal */
export function mapImperatively<
  C extends abstract new (
    ...args: any
  ) => object,
  T extends TableImpl,
  Pr extends ImperativeProps,
>(registry: RegistryLike, cls: C, table: T, options: ImperativeOptions<Pr>): ImperativelyMapped<C, T, Pr> {
  if (typeof cls !== "function")
    throw new ArgumentError("mapImperatively(): the first argument must be a class");
  if (Object.hasOwn(cls, "__mapper__"))
    throw new ArgumentError(`Class '${cls.name}' already has a primary mapper defined`);
  for (const key of Object.keys(options.properties ?? {}))
    if (table.c[key] !== undefined)
      throw new ArgumentError(`property '${key}' of ${cls.name} is already a column of '${table.name}'`);
  const mapper = new Mapper((options.properties ?? {}) as ImperativeProps, table, registry.metadata, {});
  setPolymorphic(mapper, options);
  registry.add(mapper);
  mapper.classNameValue = cls.name;
  Object.defineProperty(cls, "__mapper__", { value: mapper, configurable: true });
  Object.defineProperty(cls, CLAUSE_PROVIDER, { value: () => mapper.selectable, configurable: true });
  Object.defineProperty(cls, "__selectColumns__", {
    value: () => entityColumns(mapper).columns,
    configurable: true,
  });
  instrumentPrototype(cls.prototype, mapper);
  mapper.class_ = cls as unknown as AnyMappedClass;
  instrumentClass(cls, mapper);
  return cls as unknown as ImperativelyMapped<C, T, Pr>;
}
