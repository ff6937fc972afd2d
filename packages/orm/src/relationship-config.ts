/**
 * Relationship options beyond the join itself, applied when mappers are
 * configured: `viewonly`, `orderBy`, `postUpdate`, the loader kinds that
 * return a collection object (`write_only`, `dynamic`), the consistency
 * checks, and `backref` (the reverse relationship declared from one side).
 */
import { ArgumentError, type ColumnElement, NotImplementedError } from "@athanor/core";
import { instrumentClass, instrumentPrototype } from "./instrumentation.js";
import type { Mapper, RelationshipProperty } from "./mapper.js";
import { parseCascade } from "./mapper.js";
import type { RelationshipOptions } from "./relationship.js";

type Fresh = Omit<RelationshipProperty, "key" | "options" | "parent" | "target" | "thunk">;

/** The fields of a relationship before its mapper is configured. @internal */
export function newRelationshipFields(options: RelationshipOptions, key: string): Fresh {
  const lazy = options.lazy;
  const viewonly = options.viewonly === true;
  if (viewonly && options.cascade !== undefined) {
    const c = parseCascade(options.cascade, `relationship ${key}`);
    if (c.saveUpdate || c.delete || c.deleteOrphan)
      throw new ArgumentError(
        `relationship ${key}: cascade '${options.cascade}' cannot be used with viewonly: true (a read-only relationship writes nothing)`,
      );
  }
  return {
    direction: "MANYTOONE",
    uselist:
      options.uselist ?? (options.secondary !== undefined || lazy === "write_only" || lazy === "dynamic"),
    localKeys: [],
    remoteKeys: [],
    reverse: undefined,
    // A read-only relationship cascades nothing unless told to (SQLAlchemy's viewonly default).
    cascade: parseCascade(viewonly ? (options.cascade ?? "none") : options.cascade, `relationship ${key}`),
    lazy: "select",
    secondary: undefined,
    primaryjoin: undefined,
    secondaryjoin: undefined,
    secondarySync: { parent: [], target: [] },
    remoteColumns: new Set(),
    customJoin: false,
    viewonly,
    postUpdate: options.postUpdate === true,
    orderBy: [],
  };
}

/** `orderBy` resolved (it may be a thunk naming classes declared later). @internal */
export function configureExtras(_parent: Mapper<any>, rel: RelationshipProperty, where: string): void {
  const ob = rel.options.orderBy as unknown;
  if (ob === undefined) return;
  const v =
    typeof ob === "function" && !("compilerDispatch" in (ob as object)) ? (ob as () => unknown)() : ob;
  const list = (Array.isArray(v) ? v : [v]) as unknown[];
  for (const e of list)
    if (e === null || typeof e !== "object" || !("compilerDispatch" in e))
      throw new ArgumentError(`${where}: orderBy must be columns or SQL expressions`);
  rel.orderBy = list as ColumnElement<any>[];
}

/** Checks the combination of options once the direction is known. @internal */
export function checkRelationship(rel: RelationshipProperty, where: string): void {
  if (rel.cascade.deleteOrphan && rel.direction !== "ONETOMANY")
    throw new NotImplementedError(
      `${where}: delete-orphan cascade on a ${rel.direction === "MANYTOONE" ? "many-to-one" : "many-to-many"} is not implemented yet`,
    );
  if (rel.direction === "MANYTOONE" && rel.uselist && rel.options.uselist === true)
    throw new ArgumentError(`${where}: a many-to-one relationship cannot be a collection (uselist: true)`);
  if (rel.direction === "MANYTOONE" && rel.uselist)
    throw new ArgumentError(`${where}: a many-to-one relationship cannot be lazy="${rel.lazy}"`);
  if ((rel.lazy === "write_only" || rel.lazy === "dynamic") && !rel.uselist)
    throw new ArgumentError(`${where}: lazy="${rel.lazy}" needs a collection (uselist cannot be false)`);
  if (rel.postUpdate && rel.direction === "MANYTOMANY")
    throw new ArgumentError(`${where}: postUpdate does not apply to a many-to-many relationship`);
}

/**
 * Creates the reverse relationships declared with `backref` on `mapper`'s
 * relationships, resolves them with `resolve`, and links both sides as
 * `backPopulates` pairs. @internal
 */
export function addBackrefs(
  mapper: Mapper<any>,
  resolve: (target: Mapper<any>, rel: RelationshipProperty) => void,
): void {
  for (const rel of [...mapper.relationships.values()]) {
    const spec = rel.options.backref;
    if (spec === undefined) continue;
    const where = `relationship ${mapper.className}.${rel.key}`;
    if (rel.options.backPopulates !== undefined)
      throw new ArgumentError(`${where}: backref and backPopulates cannot be used together`);
    const [name, extra] = typeof spec === "string" ? [spec, {}] : [spec[0], spec[1] ?? {}];
    const target = rel.target as Mapper<any>;
    if (target.relationships.has(name) || target.columns.has(name))
      throw new ArgumentError(
        `${where}: backref '${name}' conflicts with the existing attribute ${target.className}.${name}`,
      );
    const options: RelationshipOptions = { ...reverseJoinOptions(rel), ...extra, backPopulates: rel.key };
    const reverse: RelationshipProperty = {
      key: name,
      options,
      parent: target,
      target: undefined,
      thunk: () => mapper.mappedClass,
      ...newRelationshipFields(
        { ...options, uselist: options.uselist ?? rel.direction !== "ONETOMANY" },
        name,
      ),
    };
    target.relationships.set(name, reverse);
    resolve(target, reverse);
    (rel.options as { backPopulates?: string }).backPopulates = name;
    const cls = target.mappedClass;
    instrumentPrototype(cls.prototype as object, target);
    instrumentClass(cls, target);
  }
}

/** The join options of the reverse of `rel` (the same join, seen from the other side). */
function reverseJoinOptions(rel: RelationshipProperty): RelationshipOptions {
  if (rel.secondary !== undefined)
    return {
      secondary: rel.secondary,
      primaryjoin: rel.secondaryjoin as ColumnElement<boolean>,
      secondaryjoin: rel.primaryjoin as ColumnElement<boolean>,
      viewonly: rel.viewonly,
    };
  const out: { -readonly [K in keyof RelationshipOptions]: RelationshipOptions[K] } = {
    viewonly: rel.viewonly,
  };
  if (rel.customJoin) {
    out.primaryjoin = rel.primaryjoin as ColumnElement<boolean>;
    const fkSide = rel.direction === "MANYTOONE" ? rel.localKeys : rel.remoteKeys;
    const fkMapper = rel.direction === "MANYTOONE" ? rel.parent : (rel.target as Mapper<any>);
    out.foreignKeys = fkSide.map((k) => fkMapper.columns.get(k) as ColumnElement<any>);
  } else if (rel.options.foreignKeys !== undefined) out.foreignKeys = rel.options.foreignKeys;
  // Self-referential: the reverse of a one-to-many is a many-to-one whose remote side is our local side.
  if (rel.target === rel.parent && rel.direction === "ONETOMANY")
    out.remoteSide = rel.customJoin
      ? rel.localKeys.map((k) => rel.parent.columns.get(k) as ColumnElement<any>)
      : rel.localKeys;
  return out;
}
