import type { Compiled, CompileOptions } from "../compiler/compiled.js";
import type { CompileKw, SQLCompiler } from "../compiler/sql-compiler.js";
import type { Operator } from "../operators.js";
import type { TypeEngine } from "../types/type-engine.js";

const ELEMENT_BRAND = Symbol.for("athanor.ClauseElement");

/**
 * How a child of an element takes part in its identity (SQLAlchemy's
 * `_traverse_internals`): the cache key, copying and comparison all read the
 * same declaration.
 *
 * - `element` / `elements`: one child element / a list of them;
 * - `value`: a plain value (string, number, boolean, JSON-able) that changes the SQL;
 * - `type`: a `TypeEngine`;
 * - `anon`: an object whose identity (not its content) names something in the SQL;
 * - `elementMap`: a `Map` or plain object of child elements;
 * - `elementPairs`: a list of `[element, element]` pairs;
 * - `ignore`: not part of the identity.
 */
export type InternalKind =
  | "operator"
  | "element"
  | "elements"
  | "value"
  | "type"
  | "anon"
  | "elementMap"
  | "elementPairs"
  | "ignore";

/** The declared children of an element class. */
export type Internals = readonly (readonly [string, InternalKind])[];

/**
 * Builds a structural cache key: SQL-relevant structure in `parts`, bound values out of it in `binds`.
 *
 * Parts and binds are written by count (`partCount`, `bindCount`) rather than pushed, so the
 * compiled cache can reuse one generator and its arrays for every statement it looks up: a hit
 * then allocates no key. Only the first `partCount` parts and `bindCount` binds are this key's.
 */
export class CacheKeyGen {
  readonly parts: string[] = [];
  readonly binds: ClauseElement[] = [];
  partCount = 0;
  bindCount = 0;
  /** A hash of the parts so far (their lengths and some of their characters), to find a candidate entry. */
  hash = 0;
  /** Made on first use: most keys (a statement on schema tables) have no anonymous part. */
  private anon: Map<object, number> | undefined;

  /** Starts a new key, reusing the arrays. */
  reset(): void {
    this.partCount = 0;
    this.bindCount = 0;
    this.hash = 0;
    this.anon = undefined;
  }

  /** This key's parts and binds, copied out of the reused arrays. */
  snapshot(): { parts: string[]; binds: ClauseElement[] } {
    return { parts: this.parts.slice(0, this.partCount), binds: this.binds.slice(0, this.bindCount) };
  }

  /** A stable small number for an object's identity within this key. */
  anonId(obj: object): number {
    this.anon ??= new Map();
    const anon = this.anon;
    let id = anon.get(obj);
    if (id === undefined) {
      id = anon.size + 1;
      anon.set(obj, id);
    }
    return id;
  }

  add(part: string): void {
    this.parts[this.partCount++] = part;
    // Most parts are interned tokens (`\u0001` and a counter) or short names: the length and the
    // last characters tell them apart. Equal keys hash equally; unequal ones are told apart
    // by comparing their parts, so a collision costs a comparison, never a wrong entry.
    const n = part.length;
    let h = Math.imul(this.hash ^ n, 0x01000193);
    if (n > 0) h = Math.imul(h ^ part.charCodeAt(n - 1), 0x01000193);
    if (n > 1) h = Math.imul(h ^ part.charCodeAt(n - 2), 0x01000193);
    if (n > 2) h = Math.imul(h ^ part.charCodeAt(0), 0x01000193);
    this.hash = h;
  }

  /** Appends a bound parameter: its value is read from it, by this position, on a cache hit. */
  bind(b: ClauseElement): void {
    this.binds[this.bindCount++] = b;
  }

  /** The position of `b` among this key's binds so far, or -1. */
  bindIndex(b: ClauseElement): number {
    const binds = this.binds;
    for (let i = 0; i < this.bindCount; i++) if (binds[i] === b) return i;
    return -1;
  }

  element(el: ClauseElement | undefined | null): void {
    if (el === undefined || el === null) this.add("~");
    else el.cacheKeyInto(this);
  }

  elements(list: readonly ClauseElement[] | undefined): void {
    if (list === undefined) {
      this.add("~");
      return;
    }
    this.add("[");
    for (const el of list) el.cacheKeyInto(this);
    this.add("]");
  }

  value(v: unknown): void {
    switch (typeof v) {
      case "undefined":
        this.add("~");
        return;
      case "string":
        this.add(`'${v}'`);
        return;
      case "number":
      case "boolean":
        this.add(String(v));
        return;
      default:
        this.add(v === null ? "null" : JSON.stringify(v));
    }
  }
}

/** Count parts (`"3"`) made once: clause counts are part of most keys. */
const COUNT_PARTS = Array.from({ length: 64 }, (_, i) => String(i));

/** A count as a key part, without making a string for the usual small counts. */
export function countKeyPart(n: number): string {
  return n < COUNT_PARTS.length ? (COUNT_PARTS[n] as string) : String(n);
}

/** Interned key parts, and the short token of each (see `internKeyPart`). */
const internedParts = new Map<string, string>();
/** Tokens handed out so far: a token is never given to a second part, even after a reset. */
let internedCount = 0;
/** Parts kept before the table is reset (tables made on the fly should not grow it forever). */
const INTERNED_KEPT = 10_000;

/**
 * A short token standing for a constant part of cache keys (a table column's
 * part, with its table's identity), so that keys are shorter to join, hash and
 * compare. Equal parts get the same token; a token stands for one part only.
 */
export function internKeyPart(part: string): string {
  let token = internedParts.get(part);
  if (token === undefined) {
    if (internedParts.size >= INTERNED_KEPT) internedParts.clear();
    token = `\u0001${++internedCount}`;
    internedParts.set(part, token);
  }
  return token;
}

/** An element's own cache key, kept on it with the element it was built for. */
interface KeyMemo extends CacheKey {
  /** Copies made by generative methods copy the fields, this one included: it is theirs only if it names them. */
  readonly of: ClauseElement;
}

/** A structural cache key and the bound parameters found while building it, in order. */
export interface CacheKey {
  readonly key: string;
  readonly binds: readonly ClauseElement[];
}

/**
 * The base of every SQL construct: expressions, selectables, statements and DDL.
 *
 * Elements are immutable; generative methods return copies. Each concrete
 * class declares `visitName` (the compiler method it dispatches to is
 * `visit<VisitName>`) and its `internals`.
 */
export abstract class ClauseElement {
  /** The children that make up this element's identity. */
  static internals: Internals = [];
  /** @internal The brand, on the prototype: instances stay plain data, cheap to copy. */
  declare readonly [ELEMENT_BRAND]: true;
  /** The cache key once built (set on the statements that are executed; no field for the others). */
  declare private keyMemo: KeyMemo | undefined;
  /**
   * @internal The compiled cache's note on this statement (see `CompiledCache`), set when it is
   * executed. Copies made by generative methods copy it, so the cache checks it names this element.
   */
  declare cacheNote: object | undefined;

  /** Names the compiler method that renders this element, e.g. `"select"` → `visitSelect`. */
  abstract readonly visitName: string;

  /** Renders this element with `compiler`; the one place a compiler meets an element. */
  abstract compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string;

  /** Whether this element is a `Select`-like statement or a `FromClause` (overridden). */
  get isSelectable(): boolean {
    return false;
  }

  /** Wraps this element in parentheses where it is an operand of `against` and needs them. */
  selfGroup(_against?: Operator): ClauseElement {
    return this;
  }

  /** Appends this element's structural identity to `gen` (from the declared internals). */
  cacheKeyInto(gen: CacheKeyGen): void {
    const ctor = this.constructor as typeof ClauseElement;
    gen.add(this.visitName);
    for (const [attr, kind] of ctor.internals) {
      const v = (this as Record<string, unknown>)[attr];
      switch (kind) {
        case "element":
          gen.element(v as ClauseElement | undefined);
          break;
        case "elements":
          gen.elements(v as ClauseElement[] | undefined);
          break;
        case "value":
          gen.value(v);
          break;
        case "operator": {
          const op = v as { name: string; sql: string } | undefined;
          gen.add(op === undefined ? "~" : op.name === "custom" ? `op:${op.sql}` : op.name);
          break;
        }
        case "type":
          gen.add(v === undefined ? "~" : (v as TypeEngine).cacheKey());
          break;
        case "anon":
          gen.add(v === undefined || v === null ? "~" : `#${gen.anonId(v as object)}`);
          break;
        case "elementMap": {
          if (v === undefined) {
            gen.add("~");
            break;
          }
          const entries = v instanceof Map ? [...v] : Object.entries(v as object);
          gen.add("{");
          for (const [k, child] of entries) {
            gen.add(typeof k === "string" ? k : `#${gen.anonId(k as object)}`);
            gen.element(child as ClauseElement);
          }
          gen.add("}");
          break;
        }
        case "elementPairs":
          gen.add("{");
          for (const [a, b] of (v as [ClauseElement, ClauseElement][] | undefined) ?? []) {
            gen.element(a);
            gen.element(b);
          }
          gen.add("}");
          break;
        case "ignore":
          break;
      }
    }
  }

  /**
   * The structural cache key: equal for two elements that compile to the
   * same SQL whatever their bound values, so a statement built anew on each
   * call compiles once per dialect.
   */
  cacheKey(
    /** @internal A first part (the compiled cache's dialect and options), joined with the rest. */ prefix?: string,
  ): CacheKey {
    if (prefix === undefined) {
      // Elements are immutable, so a statement executed again (built once, run many times)
      // reuses its key, as SQLAlchemy memoizes `_generate_cache_key()`.
      // Kept on the element rather than in a WeakMap: most statements are built for one execution,
      // and a WeakMap entry per statement is a cost to set and to collect.
      let memo = this.keyMemo;
      if (memo === undefined || memo.of !== this) {
        const gen = new CacheKeyGen();
        this.cacheKeyInto(gen);
        memo = { key: gen.parts.join(" "), binds: gen.binds, of: this };
        try {
          this.keyMemo = memo;
        } catch {
          // A frozen element keeps no memo: its key is built at each call.
        }
      }
      return memo;
    }
    const gen = new CacheKeyGen();
    gen.add(prefix);
    this.cacheKeyInto(gen);
    return { key: gen.parts.join(" "), binds: gen.binds };
  }

  /** Compiles this element for a dialect (the default string dialect if none is given). */
  compile(options: CompileOptions = {}): Compiled {
    return compileHook.compile(this, options);
  }

  /** The SQL of this element for the default string dialect, with bound parameter markers. */
  toString(): string {
    return this.compile().sql;
  }

  /** A shallow copy, for generative methods to change. */
  protected generate(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as Record<string, unknown>;
    const self = this as unknown as Record<string, unknown>;
    // A for-in over own data properties keeps the copy in V8's fast (hidden class) mode.
    for (const k in self) if (Object.hasOwn(self, k)) copy[k] = self[k];
    return copy as this;
  }
}

(ClauseElement.prototype as unknown as Record<symbol, boolean>)[ELEMENT_BRAND] = true;

/** Whether `x` is an Athanor SQL element (from any copy of core). */
export function isClauseElement(x: unknown): x is ClauseElement {
  if (typeof x !== "object" || x === null) return false;
  // `instanceof` first: this copy's elements (nearly all of them) skip the slower look-up of the brand.
  return x instanceof ClauseElement || ELEMENT_BRAND in x;
}

/** @internal Set by the compiler module, so elements can compile without importing it. */
export const compileHook: { compile: (el: ClauseElement, options: CompileOptions) => Compiled } = {
  compile: () => {
    throw new Error("the compiler module was not loaded");
  },
};
