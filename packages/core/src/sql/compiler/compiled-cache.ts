/**
 * The compiled cache: statements that differ only in their bound values
 * share one compiled form per dialect (SQLAlchemy's compiled cache).
 *
 * A hit costs the statement's cache key (memoized on the statement, so free
 * when the same statement object runs again) plus a map lookup; the parameters
 * of the new statement are then read, by position in the cache key, from
 * its own bound parameters.
 */
import type { Dialect } from "../../engine/dialect.js";
import type { ClauseElement } from "../elements/base.js";
import type { BindParameter } from "../elements/column-element.js";
import type { Compiled, CompileOptions } from "./compiled.js";

/** A compiled statement and how to read the parameters of an equal statement from its cache key. */
interface CacheEntry {
  readonly compiled: Compiled;
  /** For each positional parameter: its index among the cache key's binds, or -1 for a fixed value. */
  readonly slots: readonly number[];
  /** The fixed values (parameters that are not part of the statement, e.g. defaults), by position. */
  readonly fixed: readonly unknown[];
  /** For statements with expanding or literal-execute parameters: each bind name's index among the key's binds. */
  readonly nameSlots: ReadonlyMap<string, number>;
  /** The same, as a list; and the compiled statement's binds that are not among the key's. */
  readonly slotList: readonly (readonly [string, number])[];
  readonly ownBinds: readonly (readonly [string, BindParameter])[];
  /** The cache's insertion count when the entry was last put at the recent end of the LRU order. */
  stamp: number;
  /** Its key in the LRU order (the prefix and the statement's key), and its place in the index. */
  readonly fullKey: string;
  readonly prefix: string;
  readonly key: string;
}

/** SQL and parameter values ready for the driver. */
export interface CompiledExecution {
  readonly compiled: Compiled;
  readonly sql: string;
  readonly params: unknown[];
  /** The parameter names in placeholder order (after expanding IN lists). */
  readonly positiontup: readonly string[];
  /** The bound parameter behind each placeholder. */
  readonly positionBinds: readonly BindParameter[];
  /** Whether the compiled form came from the cache. */
  readonly cacheHit: boolean;
}

function bindValue(b: ClauseElement | undefined): unknown {
  if (b === undefined) return null;
  const bind = b as BindParameter;
  const v = bind.callable !== undefined ? bind.callable() : bind.value;
  return v === undefined ? null : v;
}

/**
 * An LRU of compiled statements keyed by dialect and structural cache key,
 * with hit and miss counters.
 */
export class CompiledCache {
  /** Every entry, oldest first (the LRU order). */
  private readonly entries = new Map<string, CacheEntry>();
  /**
   * The entries by dialect-and-options prefix, then by the statement's own
   * key: a statement's key is memoized on it, and looking it up as is (not
   * joined to the prefix) reuses the string's hash.
   */
  private readonly index = new Map<string, Map<string, CacheEntry>>();
  /** Each dialect's number in the cache's keys, as the string the keys start with. */
  private readonly dialectIds = new WeakMap<Dialect, string>();
  private nextDialectId = 1;
  /** Entries put at the recent end of the LRU order so far (new or refreshed). */
  private inserts = 0;
  hits = 0;
  misses = 0;

  constructor(
    /** How many compiled statements to keep. Default 500. */
    readonly capacity = 500,
  ) {}

  /** The number of compiled statements held. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every entry (counters are kept). */
  clear(): void {
    this.entries.clear();
    this.index.clear();
  }

  /**
   * Compiles `stmt` for `dialect`, or reuses the compiled form of an equal
   * statement, and returns SQL and parameters for this statement's values.
   */
  execution(
    stmt: ClauseElement,
    dialect: Dialect,
    options: Omit<CompileOptions, "dialect"> = {},
  ): CompiledExecution {
    let id = this.dialectIds.get(dialect);
    if (id === undefined) {
      id = String(this.nextDialectId++);
      this.dialectIds.set(dialect, id);
    }
    const prefix =
      options.literalBinds || options.forExecutemany || options.columnKeys !== undefined
        ? `${id}|${options.literalBinds ? "L" : ""}${options.forExecutemany ? "M" : ""}|${options.columnKeys?.join(",") ?? ""}|`
        : id;
    const { key, binds } = stmt.cacheKey();
    let byKey = this.index.get(prefix);
    if (byKey === undefined) {
      byKey = new Map();
      this.index.set(prefix, byKey);
    }
    let entry = byKey.get(key);
    let hit = true;
    if (entry === undefined) {
      hit = false;
      this.misses++;
      const fullKey = `${prefix} ${key}`;
      entry = makeEntry(stmt.compile({ ...options, dialect }), binds, ++this.inserts, {
        fullKey,
        prefix,
        key,
      });
      this.entries.set(fullKey, entry);
      byKey.set(key, entry);
      if (this.entries.size > this.capacity) {
        const oldest = this.entries.values().next().value as CacheEntry;
        this.entries.delete(oldest.fullKey);
        this.index.get(oldest.prefix)?.delete(oldest.key);
      }
    } else {
      this.hits++;
      // Refresh its place in the LRU order, once it is in the older half: an entry is evicted
      // only after `capacity` newer insertions, so one hit in every `capacity / 2` keeps it,
      // and a hot statement does not pay a Map delete and set on every execution.
      if (this.inserts - entry.stamp >= this.capacity >> 1) {
        entry.stamp = ++this.inserts;
        this.entries.delete(entry.fullKey);
        this.entries.set(entry.fullKey, entry);
      }
    }
    const compiled = entry.compiled;
    if (!hit && compiled.hasPostcompile) {
      // Expanding IN lists and literal-execute values are rendered for this statement's values.
      const r = compiled.construct(new Map(Object.entries(compiled.paramsByName)));
      return { compiled, ...r, cacheHit: false };
    }
    if (!hit) {
      return {
        compiled,
        sql: compiled.sql,
        params: compiled.params,
        positiontup: compiled.positiontup,
        positionBinds: compiled.positionBinds,
        cacheHit: false,
      };
    }
    if (!compiled.hasPostcompile) {
      const { slots, fixed } = entry;
      const params = new Array<unknown>(slots.length);
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i] as number;
        params[i] = slot < 0 ? fixed[i] : bindValue(binds[slot]);
      }
      return {
        compiled,
        sql: compiled.sql,
        params,
        positiontup: compiled.positiontup,
        positionBinds: compiled.positionBinds,
        cacheHit: true,
      };
    }
    const values = new Map<string, unknown>();
    for (const [name, slot] of entry.slotList) values.set(name, bindValue(binds[slot]));
    for (const [name, bind] of entry.ownBinds) values.set(name, bindValue(bind));
    const r = compiled.construct(values);
    return {
      compiled,
      sql: r.sql,
      params: r.params,
      positiontup: r.positiontup,
      positionBinds: r.positionBinds,
      cacheHit: true,
    };
  }
}

function makeEntry(
  compiled: Compiled,
  keyBinds: readonly ClauseElement[],
  stamp: number,
  place: { fullKey: string; prefix: string; key: string },
): CacheEntry {
  const index = new Map<ClauseElement, number>();
  keyBinds.forEach((b, i) => {
    if (!index.has(b)) index.set(b, i);
  });
  const nameSlots = new Map<string, number>();
  for (const [name, bind] of compiled.binds) {
    const i = index.get(bind) ?? (bind.sourceBind !== undefined ? index.get(bind.sourceBind) : undefined);
    if (i !== undefined) nameSlots.set(name, i);
  }
  const slots = compiled.positiontup.map((name) => nameSlots.get(name) ?? -1);
  const fixed = compiled.positiontup.map((name, i) =>
    slots[i] === -1 ? compiled.paramsByName[name] : undefined,
  );
  const slotList = [...nameSlots];
  const ownBinds = [...compiled.binds].filter(([name]) => !nameSlots.has(name));
  return { compiled, slots, fixed, nameSlots, slotList, ownBinds, stamp, ...place };
}
