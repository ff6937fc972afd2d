/**
 * Value conversion at the driver boundary, shared by driver adapters: a
 * colspecs entry that gives a type bind and result processors without
 * changing how it renders, and the UTC date/time and UUID text forms most
 * drivers need. Exported as the `driverProcessing` namespace.
 */
import { BigIntegerType } from "../sql/types/sqltypes.js";
import type { TypeEngine } from "../sql/types/type-engine.js";
import type { Dialect } from "./dialect.js";

/** A processor for one value. */
export type Processor = (value: unknown) => unknown;
/** Makes a processor for a type (or `undefined` when its values need none). */
export type ProcessorFactory = (type: TypeEngine<unknown>, dialect: Dialect) => Processor | undefined;
/** A colspecs entry: generic type → the dialect's implementation. */
export type Adapt = (type: TypeEngine<unknown>) => TypeEngine<unknown>;

/**
 * A colspecs entry that copies the type (same class, same DDL, same cache
 * key) with the given bind and result processors; the type's own processors
 * stay where none is given. Copies are memoised per type.
 */
export function processing(bind: ProcessorFactory | undefined, result: ProcessorFactory | undefined): Adapt {
  const memo = new WeakMap<TypeEngine<unknown>, TypeEngine<unknown>>();
  return (type) => {
    let adapted = memo.get(type);
    if (adapted === undefined) {
      const copy = type.copy();
      const ownBind = type.bindProcessor.bind(type);
      const ownResult = type.resultProcessor.bind(type);
      copy.bindProcessor = (dialect) => bind?.(copy, dialect) ?? ownBind(dialect);
      copy.resultProcessor = (dialect) => result?.(copy, dialect) ?? ownResult(dialect);
      memo.set(type, copy);
      adapted = copy;
    }
    return adapted;
  };
}

/** Applies `first` (e.g. a class swap of the base dialect), then `then` (processors). */
export function chain(first: Adapt | undefined, then: Adapt): Adapt {
  return first === undefined ? then : (type) => then(first(type));
}

/**
 * The base dialect's colspecs with the driver's processors added: where both
 * have an entry, the base adaptation runs first.
 */
export function mergeColspecs(
  base: ReadonlyMap<string, Adapt>,
  driver: ReadonlyMap<string, Adapt>,
): ReadonlyMap<string, Adapt> {
  const merged = new Map(base);
  for (const [name, adapt] of driver) merged.set(name, chain(base.get(name), adapt));
  return merged;
}

/** A processor that leaves `null` and `undefined` alone (as `null`) and converts the rest. */
export function nonNull(fn: (value: unknown) => unknown): Processor {
  return (v) => (v === null || v === undefined ? null : fn(v));
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `YYYY-MM-DD HH:MM:SS.fff` of a Date's UTC wall clock. */
export function formatUtcDateTime(d: Date): string {
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/** `YYYY-MM-DD` of a Date's UTC calendar day. */
export function formatUtcDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const DATETIME_RE =
  /^(-?\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d\d:?\d\d)?$/;

/**
 * Parses `YYYY-MM-DD[ HH:MM[:SS[.fraction]]][Z|±HH:MM]` as a UTC instant (a
 * naive value is taken as UTC). Fractions beyond milliseconds are cut, as a
 * JavaScript Date holds no more. `undefined` when the text does not parse.
 */
export function parseUtcDateTime(text: string): Date | undefined {
  const m = DATETIME_RE.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps the years 0-99 to 1900-1999.
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    Number((frac ?? "").padEnd(3, "0").slice(0, 3)),
  );
  if (zone !== undefined && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    date.setTime(date.getTime() - sign * minutes * 60_000);
  }
  return date;
}

/** A UUID as its canonical lower-case dashed form, from 32 hex digits or any dashed form. */
export function canonicalUuid(value: string): string {
  const hex = value.replace(/[-{}]/g, "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return value;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A UUID as 32 hex digits (the CHAR(32) form of non-native databases). */
export function hexUuid(value: string): string {
  return value.replace(/[-{}]/g, "").toLowerCase();
}

/** Whether a type is a 64-bit integer type (BigInteger, BIGINT and subclasses). */
export function isBigIntegerType(type: TypeEngine<unknown>): boolean {
  // Generic BigInteger is `bigInteger`; the UPPERCASE and dialect classes are `BIGINT`.
  return type instanceof BigIntegerType || type.visitName === "bigInteger" || type.visitName === "BIGINT";
}
