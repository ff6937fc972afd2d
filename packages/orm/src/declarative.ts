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
import { CLAUSE_PROVIDER, MetaData, NotImplementedError, type TableOptions } from "@athanor/core";
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
  mapped<const P extends Props, const V extends keyof P & string = never>(
    tableName: string,
    props: P,
    options?: TableOptions & VersionIdOptions<NoInfer<P>, V>,
  ): MappedClass<WithVersionIdOptional<P, V>>;
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

  function mapped<const P extends Props>(
    tableName: string,
    props: P,
    tableOptions?: TableOptions,
  ): MappedClass<P> {
    const mapper = new Mapper(props, tableName, metadata, tableOptions);
    registry.mappers.push(mapper);
    mapper.registry = registry;
    const Mapped = class {
      constructor(init?: unknown) {
        initializeInstance(this, mapper, init);
      }
      static readonly __mapper__ = mapper;
      static [CLAUSE_PROVIDER]() {
        return mapper.table;
      }
    };
    instrumentPrototype(Mapped.prototype, mapper);
    instrumentClass(Mapped, mapper);
    return Mapped as unknown as MappedClass<P>;
  }

  function register<C extends AnyMappedClass>(cls: C, _context?: ClassDecoratorContext): C {
    const mapper = cls.__mapper__ as Mapper<any>;
    if (mapper.class_ === cls) return cls;
    if (mapper.class_ !== undefined)
      throw new NotImplementedError(
        `mapped class inheritance is not implemented yet: ${cls.name} extends the already registered ${mapper.className}`,
      );
    mapper.class_ = cls;
    mapper.classNameValue = typeof cls.name === "string" ? cls.name : "(anonymous)";
    instrumentClass(cls, mapper);
    return cls;
  }

  return { metadata, registry, mapped: mapped as DeclarativeBase["mapped"], register };
}
