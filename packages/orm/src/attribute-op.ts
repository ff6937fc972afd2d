/**
 * `loadAttributeOp`: reading one mapped attribute of an object as an
 * operation, so a runner decides how its load (an expired column, a lazy
 * relationship) is done. `@athanor/asyncio-compat`'s `awaitableAttrs` runs it
 * with the async runner.
 */
import { ArgumentError, type Op } from "@athanor/core";
import { getRelationship, getRelationshipOp } from "./attributes.js";
import { instanceState } from "./instance-state.js";
import { isCollectionObject } from "./write-only.js";

/**
 * Operation: the value of attribute `key` of a mapped object, loading it
 * first when it is an unloaded relationship, an expired column or a deferred
 * one (the same load the attribute read does, through the object's session).
 */
export function* loadAttributeOp(obj: object, key: string): Op<unknown> {
  const state = instanceState(obj);
  const mapper = state.mapper;
  const rel = mapper.relationships.get(key);
  // A write-only / dynamic attribute is its collection object: it loads nothing by itself.
  if (rel !== undefined && isCollectionObject(rel)) return getRelationship(state, rel);
  if (rel !== undefined) return yield* getRelationshipOp(state, rel);
  if (mapper.columns.has(key)) return yield* state.getOp(key);
  throw new ArgumentError(`'${key}' is not a mapped attribute of ${mapper.className}`);
}
