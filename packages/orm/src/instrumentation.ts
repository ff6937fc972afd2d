/**
 * Instrumentation: the accessors a mapped class gets. Instance accessors live
 * on the prototype and go through the object's `InstanceState`; class-level
 * attributes are SQL expressions (the table's columns).
 */
import { ArgumentError } from "@athanor/core";
import { getRelationship, setRelationship } from "./attributes.js";
import { expressionOf } from "./column-properties.js";
import { instrumentDescriptorClassAttrs, instrumentDescriptors } from "./descriptor-props.js";
import { stateOf } from "./instance-state.js";
import type { Mapper, RelationshipProperty } from "./mapper.js";
import { RelationshipAttribute } from "./relationship-attribute.js";

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
  for (const key of mapper.expressionProps.keys()) {
    Object.defineProperty(proto, key, {
      configurable: true,
      enumerable: true,
      get(this: object) {
        return stateOf(this, mapper).get(key) ?? null;
      },
      set() {
        throw new ArgumentError(`${mapper.className}.${key} is a SQL expression attribute and cannot be set`);
      },
    });
  }
  for (const [key, rel] of mapper.relationships) {
    Object.defineProperty(proto, key, {
      configurable: true,
      enumerable: false,
      get(this: object) {
        return getRelationship(stateOf(this, mapper), rel);
      },
      set(this: object, value: unknown) {
        setRelationship(stateOf(this, mapper), rel, value);
      },
    });
  }
  instrumentDescriptors(proto, mapper);
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
  for (const [key, e] of mapper.expressionProps)
    Object.defineProperty(cls, key, {
      configurable: true,
      enumerable: false,
      // A columnProperty is its labelled expression; a queryExpression a marker for withExpression().
      get: () =>
        e.prop.propertyKind === "columnProperty"
          ? expressionOf(e)
          : { queryExpression: true, queryExpressionKey: e },
    });
  for (const [key, rel] of mapper.relationships) {
    let attr: RelationshipAttribute | undefined;
    Object.defineProperty(cls, key, {
      configurable: true,
      enumerable: false,
      get() {
        attr ??= new RelationshipAttribute(mapper.className, key, rel as RelationshipProperty);
        return attr;
      },
    });
  }
  instrumentDescriptorClassAttrs(cls, mapper);
}

/** Applies the constructor argument of a mapped class: each key must be a mapped attribute. @internal */
export function initializeInstance(obj: object, mapper: Mapper<any>, init: unknown): void {
  const state = stateOf(obj, mapper);
  state.startNew();
  if (init === undefined || init === null) return;
  if (typeof init !== "object")
    throw new ArgumentError(`${mapper.className}: the constructor takes an object of attribute values`);
  const values = init as Record<string, unknown>;
  // for-in with an own-key check: Object.keys() would allocate an array per object constructed.
  for (const key in values) {
    if (!Object.hasOwn(values, key)) continue;
    const value = values[key];
    if (mapper.columns.has(key)) state.set(key, value);
    else if (mapper.relationships.has(key)) {
      if (value === undefined) continue;
      setRelationship(state, mapper.relationships.get(key) as RelationshipProperty, value);
    } else if (mapper.descriptors.has(key)) (obj as Record<string, unknown>)[key] = value;
    else throw new ArgumentError(`'${key}' is an invalid keyword argument for ${mapper.className}`);
  }
}

/** Read once: `process.env` is slow to read, and this check runs for every new object. */
const IS_PRODUCTION =
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV ===
  "production";

/**
 * Development check: a class field re-declaring a mapped attribute
 * (`name!: string` instead of `declare name: string`) hides the accessor.
 * @internal
 */
export function assertNoOwnMappedKeys(obj: object, mapper: Mapper<any>): void {
  if (IS_PRODUCTION) return;
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
