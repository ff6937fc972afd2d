/**
 * The compiled cache: statements that differ only in their bound values
 * share one compiled form per dialect (SQLAlchemy's compiled cache).
 *
 * A hit costs one walk of the statement building its cache key into a reused
 * generator (none when the same statement object runs again), a map lookup by
 * the key's hash and a comparison of its parts; the parameters of the new
 * statement are then read, by position in the cache key, from its own bound
 * parameters.
 */
import type { Dialect } from "../../engine/dialect.js";
import { CacheKeyGen, type ClauseElement } from "../elements/base.js";
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
  /** The dialect-and-options prefix, and the statement's key: its hash and its parts. */
  readonly prefix: string;
  readonly hash: number;
  readonly parts: readonly string[];
}

/**
 * What the cache notes on a statement executed more than once: its entry and its binds in key
 * order, so running the same statement object again builds no key. A statement executed for the
 * first time is noted with itself (no allocation); the note is made on its second execution.
 */
interface StatementNote {
  readonly of: ClauseElement;
  readonly cache: CompiledCache;
  readonly entry: CacheEntry;
  readonly binds: readonly ClauseElement[];
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

/** The options of a plain execution, shared: a hit should allocate nothing it does not return. */
const NO_OPTIONS: Omit<CompileOptions, "dialect"> = Object.freeze({});

/** Whether `parts[0, count)` are the entry's parts. */
function sameParts(entry: CacheEntry, parts: readonly string[], count: number): boolean {
  const own = entry.parts;
  if (own.length !== count) return false;
  for (let i = 0; i < count; i++) if (own[i] !== parts[i]) return false;
  return true;
}

/**
 * The execution of a statement just compiled (a cache miss, or no cache):
 * its own values, with expanding IN lists and literal-execute values
 * rendered for them. @internal
 */
export function freshExecution(compiled: Compiled): CompiledExecution {
  if (compiled.hasPostcompile) {
    const r = compiled.construct(new Map(Object.entries(compiled.paramsByName)));
    return { compiled, ...r, cacheHit: false };
  }
  return {
    compiled,
    sql: compiled.sql,
    params: compiled.params,
    positiontup: compiled.positiontup,
    positionBinds: compiled.positionBinds,
    cacheHit: false,
  };
}

/**
 * An LRU of compiled statements keyed by dialect and structural cache key,
 * with hit and miss counters.
 *
 * A statement's key is built into one reused `CacheKeyGen`, which hashes its parts as they
 * are added; the entry is found by that hash and confirmed by comparing the parts with the
 * entry's own. A hit on a statement built anew thus allocates no key, only its parameters.
 */
export class CompiledCache {
  /** Every entry, oldest first (the LRU order). */
  private readonly entries = new Set<CacheEntry>();
  /** The entries by dialect-and-options prefix, then by hash (entries whose keys collide share a list). */
  private readonly index = new Map<string, Map<number, CacheEntry[]>>();
  /** Each dialect's number in the cache's keys, as the string the keys start with. */
  private readonly dialectIds = new WeakMap<Dialect, string>();
  private nextDialectId = 1;
  /** Entries put at the recent end of the LRU order so far (new or refreshed). */
  private inserts = 0;
  /** The key generator reused by every look-up; `busy` while its binds are still being read. */
  private readonly gen = new CacheKeyGen();
  private busy = false;
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
    options: Omit<CompileOptions, "dialect"> = NO_OPTIONS,
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
    const note = stmt.cacheNote as StatementNote | ClauseElement | undefined;
    if (
      note !== undefined &&
      note !== stmt &&
      (note as StatementNote).of === stmt &&
      (note as StatementNote).cache === this &&
      (note as StatementNote).entry.prefix === prefix &&
      this.entries.has((note as StatementNote).entry)
    ) {
      // The same statement object again: its entry and binds are known.
      const { entry, binds } = note as StatementNote;
      return this.hit(entry, binds);
    }
    // A look-up made while another one reads its parameters (a bind's callable executing a
    // statement) gets its own generator.
    const gen = this.busy ? new CacheKeyGen() : this.gen;
    gen.reset();
    stmt.cacheKeyInto(gen);
    const hash = gen.hash;
    const count = gen.partCount;
    let byHash = this.index.get(prefix);
    if (byHash === undefined) {
      byHash = new Map();
      this.index.set(prefix, byHash);
    }
    const bucket = byHash.get(hash);
    if (bucket !== undefined) {
      for (let i = 0; i < bucket.length; i++) {
        const entry = bucket[i] as CacheEntry;
        if (!sameParts(entry, gen.parts, count)) continue;
        this.noteStatement(stmt, entry, gen);
        if (gen !== this.gen) return this.hit(entry, gen.binds);
        this.busy = true;
        try {
          return this.hit(entry, gen.binds);
        } finally {
          this.busy = false;
        }
      }
    }
    this.misses++;
    const { parts, binds } = gen.snapshot();
    const compiled = stmt.compile({ ...options, dialect });
    const entry = makeEntry(compiled, binds, ++this.inserts, { prefix, hash, parts });
    this.entries.add(entry);
    const list = byHash.get(hash);
    if (list === undefined) byHash.set(hash, [entry]);
    else list.push(entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.values().next().value as CacheEntry;
      this.entries.delete(oldest);
      const oldBucket = this.index.get(oldest.prefix)?.get(oldest.hash);
      if (oldBucket !== undefined) {
        const at = oldBucket.indexOf(oldest);
        if (at >= 0) oldBucket.splice(at, 1);
        if (oldBucket.length === 0) this.index.get(oldest.prefix)?.delete(oldest.hash);
      }
    }
    return freshExecution(compiled);
  }

  /**
   * Notes that `stmt` hit `entry`: with itself on its first execution, with its entry and
   * binds (copied out of the generator) on its second.
   */
  private noteStatement(stmt: ClauseElement, entry: CacheEntry, gen: CacheKeyGen): void {
    try {
      if (stmt.cacheNote === stmt) {
        const note: StatementNote = {
          of: stmt,
          cache: this,
          entry,
          binds: gen.binds.slice(0, gen.bindCount),
        };
        stmt.cacheNote = note;
      } else stmt.cacheNote = stmt;
    } catch {
      // A frozen statement keeps no note: its key is built at each execution.
    }
  }

  /** The SQL and parameters of a hit on `entry`, reading the values of `binds` (in key order). */
  private hit(entry: CacheEntry, binds: readonly ClauseElement[]): CompiledExecution {
    this.hits++;
    // Refresh its place in the LRU order, once it is in the older half: an entry is evicted
    // only after `capacity` newer insertions, so one hit in every `capacity / 2` keeps it,
    // and a hot statement does not pay a Set delete and add on every execution.
    if (this.inserts - entry.stamp >= this.capacity >> 1) {
      entry.stamp = ++this.inserts;
      this.entries.delete(entry);
      this.entries.add(entry);
    }
    const compiled = entry.compiled;
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
  place: { prefix: string; hash: number; parts: readonly string[] },
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
