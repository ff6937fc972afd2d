/** The identity map: one object per mapper and primary key within a session. */
import { InvalidRequestError } from "@athanor/core";
import { type IdentityKey, type InstanceState, identityText, modifications } from "./instance-state.js";
import type { Mapper } from "./mapper.js";

/** Persistent objects of one session, by identity key. */
export class IdentityMap {
  private readonly byMapper = new Map<Mapper<any>, Map<string | number, InstanceState>>();

  /** The state with this identity, if present. */
  get(key: IdentityKey): InstanceState | undefined {
    return this.byMapper.get(key.mapper)?.get(key.token);
  }

  /** Adds a state under its key; another object with the same identity is an error. */
  add(state: InstanceState): void {
    // An object joining the map may bring changes made elsewhere (a detached object added back).
    modifications.count++;
    const key = state.key;
    if (key === undefined) throw new InvalidRequestError("only persistent objects go in the identity map");
    let m = this.byMapper.get(key.mapper);
    if (m === undefined) {
      m = new Map();
      this.byMapper.set(key.mapper, m);
    }
    const existing = m.get(key.token);
    if (existing !== undefined && existing !== state)
      throw new InvalidRequestError(
        `Can't attach instance; another instance with key (${key.mapper.className}, ${identityText(key)}) is already present in this session`,
      );
    m.set(key.token, state);
  }

  /** Adds a state whose key the caller has just looked up and not found (loading). @internal */
  addNew(state: InstanceState): void {
    const key = state.key as IdentityKey;
    let m = this.byMapper.get(key.mapper);
    if (m === undefined) {
      m = new Map();
      this.byMapper.set(key.mapper, m);
    }
    m.set(key.token, state);
  }

  /** Removes a state (no-op when absent). */
  remove(state: InstanceState): void {
    const key = state.key;
    if (key === undefined) return;
    const m = this.byMapper.get(key.mapper);
    if (m?.get(key.token) === state) m.delete(key.token);
  }

  /** Whether the state is in the map. */
  has(state: InstanceState): boolean {
    return state.key !== undefined && this.get(state.key) === state;
  }

  /** Every state, in insertion order per mapper (an array: a generator costs an object per state). */
  states(): InstanceState[] {
    const out: InstanceState[] = [];
    for (const m of this.byMapper.values()) for (const s of m.values()) out.push(s);
    return out;
  }

  /** Calls `fn` with every state (without a generator: a close of a large session visits them all). */
  forEachState(fn: (state: InstanceState) => void): void {
    for (const m of this.byMapper.values()) m.forEach(fn);
  }

  /** Whether any state has changes to flush (a plain loop: it runs before every query, on autoflush). */
  anyModified(): boolean {
    for (const m of this.byMapper.values()) for (const s of m.values()) if (s.modified) return true;
    return false;
  }

  /** Empties the map. */
  clear(): void {
    this.byMapper.clear();
  }
}
