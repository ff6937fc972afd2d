/**
 * The set behind `result.unique()`: rows (or scalars, or the keys a
 * strategy returns) seen so far, compared by value as SQLAlchemy compares
 * hashed tuples.
 *
 * JavaScript has no value hashing, so a row's values are walked as a path in
 * a trie of `Map`s. Each value is compared as follows:
 * - primitives by value (`1` and `"1"` differ; `NaN` equals `NaN`);
 * - `Date` by its time;
 * - byte arrays (`Uint8Array`, `Buffer`) by their bytes;
 * - plain objects and arrays (JSON values) by their JSON text;
 * - any other object (an ORM entity, a class instance) by identity.
 */

/** A function giving the value a row is made unique by (SQLAlchemy's unique `strategy`). */
export type UniqueStrategy<T> = (item: T) => unknown;

interface Node {
  /** Children by primitive value or object identity. */
  byValue?: Map<unknown, Node>;
  /** Children by a structural text (dates, bytes, JSON values), kept apart so they never equal a string. */
  byText?: Map<string, Node>;
  /** A key ends here. */
  end?: boolean;
}

function structuralText(v: object): string | undefined {
  if (v instanceof Date) return `d${v.getTime()}`;
  if (ArrayBuffer.isView(v)) {
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    let s = "b";
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i] as number);
    return s;
  }
  const proto = Object.getPrototypeOf(v);
  if (Array.isArray(v) || proto === Object.prototype || proto === null) {
    try {
      return `j${JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x))}`;
    } catch {
      return undefined; // a cycle: compare by identity
    }
  }
  return undefined;
}

function child(node: Node, value: unknown): Node {
  if (typeof value === "object" && value !== null) {
    const text = structuralText(value);
    if (text !== undefined) {
      node.byText ??= new Map();
      let next = node.byText.get(text);
      if (next === undefined) {
        next = {};
        node.byText.set(text, next);
      }
      return next;
    }
  }
  node.byValue ??= new Map();
  let next = node.byValue.get(value);
  if (next === undefined) {
    next = {};
    node.byValue.set(value, next);
  }
  return next;
}

/**
 * The rows seen by a unique filter, and the strategy (if any) that maps an
 * item to the value it is unique by. Shared by the views derived from one
 * unique result, as in SQLAlchemy.
 */
export class UniqueFilter<T = unknown> {
  private readonly root: Node = {};
  private readonly scalarRoot: Node = {};

  constructor(readonly strategy: UniqueStrategy<T> | undefined) {}

  /**
   * Records `key` and returns whether it was new. An array is a tuple
   * (compared element-wise) when `tuple` is true; otherwise `key` is one
   * value.
   */
  add(key: unknown, tuple: boolean): boolean {
    let node: Node;
    if (tuple && Array.isArray(key)) {
      node = this.root;
      for (const v of key) node = child(node, v);
    } else node = child(this.scalarRoot, key);
    if (node.end === true) return false;
    node.end = true;
    return true;
  }
}
