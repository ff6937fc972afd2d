/**
 * `declarativeBase()`: the entry point of declarative mapping (SQLAlchemy's
 * `DeclarativeBase` with its `registry`). Classes are declared with a class
 * factory plus a registration decorator:
 *
 * ```ts
 * const Base = declarativeBase();
 *
 * @Base.register
 * class User extends Base.mapped("user_account", {
 *   id: mappedColumn(Integer, { primaryKey: true }),
 *   name: mappedColumn(String(30), { nullable: false }),
 * }) {}
 * ```
 */
import { ArgumentError, CLAUSE_PROVIDER, MetaData, type TableImpl, type TableOptions } from "@athanor/core";
import { entityColumns } from "./entity-columns.js";
import {
  type ImperativelyMapped,
  type ImperativeOptions,
  type ImperativeProps,
  mapImperatively,
} from "./imperative.js";
import {
  checkPolymorphicLoad,
  initialDiscriminator,
  type PolymorphicBaseOptions,
  refuseConcrete,
  type SubclassOptions,
  setPolymorphic,
} from "./inheritance.js";
import { stateOf } from "./instance-state.js";
import { initializeInstance, instrumentClass, instrumentPrototype } from "./instrumentation.js";
import { Mapper } from "./mapper.js";
import type { AnyMappedClass, MappedClass, Props } from "./mapping.types.js";
import type { VersionIdOptions, WithVersionIdOptional } from "./versioning.js";

/** The classes mapped through one base, and their configuration (SQLAlchemy's `registry`). */
export class Registry {
  /** Every mapper created by `Base.mapped`. */
  readonly mappers: Mapper<any>[] = [];
  constructor(readonly metadata: MetaData) {}

  /** Resolves relationships and checks `backPopulates` on every mapper (SQLAlchemy's `configure()`). */
  configure(): void {
    for (const m of this.mappers) m.configure();
  }

  /** Adds a mapper to the registry. @internal */
  add(mapper: Mapper<any>): void {
    this.mappers.push(mapper);
    mapper.registry = this;
  }

  /**
   * Maps an existing plain class to an existing Core `Table` (SQLAlchemy's
   * `registry.map_imperatively()`): every column of the table becomes an
   * attribute under its key, `properties` adds relationships, synonyms and
   * composites. See {@link mapImperatively} for what is typed.
   */
  mapImperatively<
    C extends abstract new (
      ...args: any
    ) => object,
    T extends TableImpl,
    const Pr extends ImperativeProps = {},
  >(cls: C, table: T, options: ImperativeOptions<Pr> = {}): ImperativelyMapped<C, T, Pr> {
    return mapImperatively(this, cls, table, options);
  }
}

/** Options of `Base.mapped(...)`: the table's options (SQLAlchemy's `__table_args__`) and the polymorphic ones. */
export interface MappedOptions<On extends string = string> extends TableOptions, PolymorphicBaseOptions {
  /** The attribute key of the discriminator column; the constructor sets it, so it is optional there. */
  polymorphicOn?: On;
}

/** A declarative base: a `MetaData`, a registry, and the class factory and decorator. */
export interface DeclarativeBase {
  /** The `MetaData` that holds every mapped table: `Base.metadata.createAll(conn)`. */
  readonly metadata: MetaData;
  readonly registry: Registry;
  /**
   * A class to extend, mapped to a new table `tableName` in `Base.metadata`
   * with the given attributes. The subclass must be registered with
   * {@link DeclarativeBase.register}.
   */
  mapped<const P extends Props, const On extends string = never, const V extends keyof P & string = never>(
    tableName: string,
    props: P,
    options?: MappedOptions<On> & VersionIdOptions<NoInfer<P>, V>,
  ): MappedClass<WithVersionIdOptional<P, V>, On>;
  /**
   * Registers a subclass of `Base.mapped(...)`: a standard class decorator
   * (`@Base.register`), or a call (`static { Base.register(this) }`).
   * Registration installs the class-level SQL attributes (`User.name`), which
   * would otherwise be hidden by every class's own `name` and `length`.
   */
  register<C extends AnyMappedClass>(cls: C, context?: ClassDecoratorContext): C;
}

/** Options of {@link declarativeBase}. */
export interface DeclarativeBaseOptions {
  /** The `MetaData` to use; a new one by default. */
  metadata?: MetaData;
}

/**
 * Creates a declarative base with its own `MetaData` and registry.
 *
 * @example
 * ```ts
 * export const Base = declarativeBase();
 * Base.metadata.createAll(conn);
 * ```
 */
export function declarativeBase(options: DeclarativeBaseOptions = {}): DeclarativeBase {
  const metadata = options.metadata ?? new MetaData();
  const registry = new Registry(metadata);

  function mapped<const P extends Props, const On extends string = never>(
    tableName: string,
    props: P,
    options: MappedOptions<On> = {},
  ): MappedClass<P, On> {
    const { polymorphicOn, polymorphicIdentity, ...tableOptions } = options;
    const mapper = new Mapper(props, tableName, metadata, tableOptions);
    setPolymorphic(mapper, { polymorphicOn, polymorphicIdentity });
    registry.add(mapper);
    const Mapped = class {
      constructor(init?: unknown) {
        constructInstance(this, new.target, mapper, init);
      }
      static readonly __mapper__: Mapper<any> = mapper;
      // `this` is the class selected or extended, a subclass's own mapper included.
      static [CLAUSE_PROVIDER](this: { __mapper__: Mapper<any> }) {
        // biome-ignore lint/complexity/noThisInStatic: the subclass's mapper, not this one's
        return this.__mapper__.selectable;
      }
      /** The columns `select(ThisClass)` loads. @internal */
      static __selectColumns__(this: { __mapper__: Mapper<any> }) {
        // biome-ignore lint/complexity/noThisInStatic: the subclass's mapper, not this one's
        return entityColumns(this.__mapper__).columns;
      }
      static mappedSubclass(this: AnyMappedClass, subProps: Props, subOptions?: SubclassOptions) {
        // biome-ignore lint/complexity/noThisInStatic: the registered class being extended
        return mappedSubclass(this, subProps, subOptions);
      }
    };
    instrumentPrototype(Mapped.prototype, mapper);
    instrumentClass(Mapped, mapper);
    return Mapped as unknown as MappedClass<P, On>;
  }

  function mappedSubclass(parentCls: AnyMappedClass, props: Props, options?: SubclassOptions): unknown {
    refuseConcrete(options);
    const parent = parentCls.__mapper__ as Mapper<any>;
    if (parent.class_ !== parentCls)
      throw new ArgumentError(
        `register ${parent.className} (@Base.register) before mapping subclasses of it with mappedSubclass()`,
      );
    checkPolymorphicLoad(parent, options);
    const mapper = new Mapper(
      props,
      options?.tableName ?? parent.table,
      metadata,
      options?.table ?? {},
      parent,
    );
    setPolymorphic(mapper, { polymorphicIdentity: options?.polymorphicIdentity });
    mapper.polymorphicLoad = options?.polymorphicLoad;
    registry.add(mapper);
    const Sub = class extends (parentCls as unknown as new (...args: any[]) => object) {
      static readonly __mapper__: Mapper<any> = mapper;
    };
    instrumentPrototype(Sub.prototype, mapper);
    instrumentClass(Sub, mapper);
    return Sub;
  }

  function register<C extends AnyMappedClass>(cls: C, _context?: ClassDecoratorContext): C {
    const mapper = cls.__mapper__ as Mapper<any>;
    if (mapper.class_ === cls) return cls;
    if (mapper.class_ !== undefined)
      throw new ArgumentError(
        `${cls.name} extends the already registered ${mapper.className}; map a subclass with ${mapper.className}.mappedSubclass(...)`,
      );
    mapper.class_ = cls;
    mapper.classNameValue = typeof cls.name === "string" ? cls.name : "(anonymous)";
    instrumentClass(cls, mapper);
    return cls;
  }

  return { metadata, registry, mapped: mapped as DeclarativeBase["mapped"], register };
}

/**
 * The body of every mapped class's constructor: the mapper is the one of the
 * class being constructed (a subclass's), the discriminator is set to the
 * class's identity, then the constructor argument is applied.
 */
function constructInstance(obj: object, newTarget: unknown, fallback: Mapper<any>, init: unknown): void {
  const mapper = (newTarget as { __mapper__?: Mapper<any> } | undefined)?.__mapper__ ?? fallback;
  const discriminator = initialDiscriminator(mapper);
  if (discriminator !== undefined) {
    const state = stateOf(obj, mapper);
    state.startNew();
    state.set(discriminator[0], discriminator[1]);
  }
  initializeInstance(obj, mapper, init);
}
