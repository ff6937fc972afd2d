/**
 * Instrumentation: the accessors a mapped class gets. Instance accessors live
 * on the prototype and go through the object's `InstanceState`; class-level
 * attributes are SQL expressions (the table's columns).
 */
import { ArgumentError, NotImplementedError } from "@athanor/core";
import { stateOf } from "./instance-state.js";
import type { Mapper } from "./mapper.js";
import { RelationshipAttribute } from "./relationship-attribute.js";

function relationshipNotImplemented(mapper: Mapper<any>, key: string, what: string): NotImplementedError {
  return new NotImplementedError(
    `${what} relationship ${mapper.className}.${key} is not implemented yet (relationship loading and cascades are not built)`,
  );
}

/** Defines the per-instance accessors of `mapper`'s attributes on `proto`. @internal */
export function instrumentPrototype(proto: object, mapper: Mapper<any>): void {
  for (const key of mapper.columns.keys()) {
    Object.defineProperty(proto, key, {
      configurable: true,
      enumerable: true,
      get(this: object) {
        return stateOf(this, mapper).get(key);
      },
      set(this: object, value: unknown) {
        stateOf(this, mapper).set(key, value);
      },
    });
  }
  for (const key of mapper.relationships.keys()) {
    Object.defineProperty(proto, key, {
      configurable: true,
      enumerable: false,
      get(this: object) {
        throw relationshipNotImplemented(mapper, key, "loading");
      },
      set(this: object, _value: unknown) {
        throw relationshipNotImplemented(mapper, key, "assigning to");
      },
    });
  }
}

/** Defines the class-level attributes (`User.name`) on `cls`, hiding its own `name`/`length`. @internal */
export function instrumentClass(cls: object, mapper: Mapper<any>): void {
  for (const [key, column] of mapper.columns)
    Object.defineProperty(cls, key, {
      configurable: true,
      enumerable: false,
      value: column,
      writable: false,
    });
  for (const key of mapper.relationships.keys()) {
    let attr: RelationshipAttribute | undefined;
    Object.defineProperty(cls, key, {
      configurable: true,
      enumerable: false,
      get() {
        attr ??= new RelationshipAttribute(mapper.className, key);
        return attr;
      },
    });
  }
}

/** Applies the constructor argument of a mapped class: each key must be a mapped attribute. @internal */
export function initializeInstance(obj: object, mapper: Mapper<any>, init: unknown): void {
  const state = stateOf(obj, mapper);
  if (init === undefined || init === null) return;
  if (typeof init !== "object")
    throw new ArgumentError(`${mapper.className}: the constructor takes an object of attribute values`);
  for (const [key, value] of Object.entries(init)) {
    if (mapper.columns.has(key)) state.set(key, value);
    else if (mapper.relationships.has(key)) {
      if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
      throw relationshipNotImplemented(mapper, key, "assigning to");
    } else throw new ArgumentError(`'${key}' is an invalid keyword argument for ${mapper.className}`);
  }
}

function isProduction(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.NODE_ENV === "production";
}

/**
 * Development check: a class field re-declaring a mapped attribute
 * (`name!: string` instead of `declare name: string`) hides the accessor.
 * @internal
 */
export function assertNoOwnMappedKeys(obj: object, mapper: Mapper<any>): void {
  if (isProduction()) return;
  for (const key of mapper.columns.keys())
    if (Object.hasOwn(obj, key))
      throw new ArgumentError(
        `${mapper.className}.${key} is re-declared as a class field, which hides the mapped attribute; write 'declare ${key}: ...' instead`,
      );
  for (const key of mapper.relationships.keys())
    if (Object.hasOwn(obj, key))
      throw new ArgumentError(
        `${mapper.className}.${key} is re-declared as a class field, which hides the mapped attribute; write 'declare ${key}: ...' instead`,
      );
}
