/**
 * `withParent(obj, User.addresses)`: the criterion selecting the objects a
 * relationship of `obj` holds, SQLAlchemy's `with_parent()`.
 */
import { and_, type ColumnElement, InvalidRequestError, literal } from "@athanor/core";
import { type AliasedRelationship, entityFrom } from "./aliased.js";
import { instanceState } from "./instance-state.js";
import type { Mapper } from "./mapper.js";
import type { AnyMappedClass } from "./mapping.types.js";
import type { RelationshipAttribute } from "./relationship-attribute.js";

/** The value of a column attribute of `obj`, from its identity key or its loaded / set value. */
function attributeValue(obj: object, mapper: Mapper<any>, key: string): unknown {
  const s = instanceState(obj);
  if (!s.mapper.isa(mapper))
    throw new InvalidRequestError(`withParent(): expected a ${mapper.className} instance`);
  const i = mapper.primaryKeyAttrs.indexOf(key);
  if (i >= 0 && s.key !== undefined) return s.key.pk[i];
  const v = s.get(key);
  if (v === undefined)
    throw new InvalidRequestError(
      `withParent(): ${mapper.className}.${key} has no value yet (flush the object first)`,
    );
  return v;
}

/**
 * The WHERE criterion for "the targets of `relationship` on `instance`":
 * `select(Address).where(withParent(user, User.addresses))` renders
 * `WHERE ? = address.user_id` with the user's key. `from` names an alias of
 * the target to compare instead of its table.
 *
 * @example
 * ```ts
 * session.scalars(select(Address).where(withParent(u, User.addresses))).all();
 * const a = aliased(Address);
 * session.scalars(select(a).where(withParent(u, User.addresses, a))).all();
 * ```
 */
export function withParent(
  instance: object,
  relationship: RelationshipAttribute | AliasedRelationship,
  from?: AnyMappedClass,
): ColumnElement<boolean> {
  const rel = relationship.property;
  if (rel === undefined)
    throw new InvalidRequestError("withParent(): the second argument must be a relationship");
  rel.parent.configure();
  const target = rel.target as Mapper<any>;
  const targetFrom = from === undefined ? undefined : entityFrom(from).from;
  const parts = rel.localKeys.map((lk, i) => {
    const col = target.columns.get(rel.remoteKeys[i] as string) as ColumnElement<any>;
    const remote = (targetFrom?.correspondingColumn(col) ?? col) as ColumnElement<any>;
    return literal(attributeValue(instance, rel.parent, lk)).eq(remote as never);
  });
  return (parts.length === 1 ? parts[0] : and_(...parts)) as ColumnElement<boolean>;
}
