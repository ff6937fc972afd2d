/**
 * Value conversion for the pg driver.
 *
 * The adapter asks pg (per query, through the query's `types` option, so the
 * global `pg.types` registry is never changed) to leave six types as the text
 * PostgreSQL sent: int8 (20), numeric (1700), date (1082), timestamp (1114),
 * timestamptz (1184) and interval (1186), and the arrays of those. pg's own
 * parsers would lose precision (numeric → float in arrays), or build `Date`s
 * in the process's local time zone (date, timestamp). The result processors
 * here convert the text instead, by the column's declared type:
 *
 * | type                     | TypeScript | in (bind)                          | out (result)                 |
 * |--------------------------|------------|------------------------------------|------------------------------|
 * | `BigInteger`             | `bigint`   | as is                              | `BigInt(text)`               |
 * | `Integer`                | `number`   | as is                              | `Number(text)` (e.g. count)  |
 * | `Numeric`                | `string`   | as is                              | exact text (`Number` if `asDecimal: false`) |
 * | `DateTime` (naive)       | `Date`     | UTC wall clock, no offset          | text read as UTC             |
 * | `DateTime({timezone})`   | `Date`     | ISO 8601 with `Z`                  | text with its offset         |
 * | `Date`                   | `string`   | `Date` → its UTC `YYYY-MM-DD`      | `YYYY-MM-DD` text            |
 * | `Interval`               | ms number  | `'<n> milliseconds'`               | ms (1 month = 30 days, 1 year = 365.25 days, as `EXTRACT(EPOCH)`) |
 * | `ARRAY(T)`               | `T[]`      | each item through T's processor    | each item through T's        |
 *
 * Naive datetimes are UTC: a `TIMESTAMP WITHOUT TIME ZONE` stores the UTC
 * fields of the `Date` given and reads back the same instant, whatever the
 * time zone of the process or of the session. A column left untyped (a
 * `text()` query without `.columns()`) gets these six types as text.
 */
import {
  BigIntegerType,
  type BindProcessor,
  DateTimeType,
  DateType,
  type Dialect,
  FloatType,
  IntegerType,
  IntervalType,
  NumericType,
  type ResultProcessor,
  type TypeEngine,
  UuidType,
} from "@athanor/core";
import { PGARRAY, PGINTERVAL, PGTIMESTAMP, pgColspecs } from "../base/types.js";

/** The OIDs whose text the pg adapter keeps, for the result processors here. */
export const PG_RAW_TEXT_OIDS: readonly number[] = [20, 1700, 1082, 1114, 1184, 1186];
/** The array OIDs of those types, parsed by pg's text-array parser into arrays of text. */
export const PG_RAW_TEXT_ARRAY_OIDS: readonly number[] = [1016, 1231, 1182, 1115, 1185, 1187];

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/*
 * Formatting and parsing run once per timestamp value of every row (a bulk
 * insert or a large SELECT makes tens of thousands of calls), so the common
 * forms avoid `padStart`, closures and regular expressions: two-digit fields
 * come from a table and text is read by character codes. Anything else
 * (years before 1000 or after 9999, BC, odd offsets) takes the general path.
 */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

/** `YYYY-MM-DD HH:MM:SS.mmm` of the UTC fields (what a naive TIMESTAMP stores). */
export function formatNaiveUtc(d: Date): string {
  const y = d.getUTCFullYear();
  if (y >= 1000 && y <= 9999) {
    return (
      `${y}-${TWO_DIGITS[d.getUTCMonth() + 1]}-${TWO_DIGITS[d.getUTCDate()]} ` +
      `${TWO_DIGITS[d.getUTCHours()]}:${TWO_DIGITS[d.getUTCMinutes()]}:${TWO_DIGITS[d.getUTCSeconds()]}.${THREE_DIGITS[d.getUTCMilliseconds()]}`
    );
  }
  const year = y > 0 ? pad(y, 4) : pad(1 - y, 4);
  return (
    `${year}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}` +
    (y > 0 ? "" : " BC")
  );
}

const TIMESTAMP_RE =
  /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?|Z)?( BC)?$/;

/**
 * A `Date` from PostgreSQL's timestamp text: with its offset when it has one
 * (timestamptz), else read as UTC. `infinity` / `-infinity` (no `Date` can
 * hold them) and other text are returned as they are.
 */
export function parseTimestamp(text: string): Date | string {
  const fast = parseCommonTimestamp(text);
  if (fast !== undefined) return fast;
  const m = TIMESTAMP_RE.exec(text);
  if (m === null) return text;
  const n = (i: number) => Number.parseInt(m[i] ?? "0", 10);
  const ms = Number.parseInt((m[7] ?? "0").padEnd(3, "0").slice(0, 3), 10);
  let year = n(1);
  if (m[12] !== undefined) year = 1 - year; // 1 BC is year 0
  const d = new Date(Date.UTC(2000, n(2) - 1, n(3), n(4), n(5), n(6), ms));
  d.setUTCFullYear(year); // Date.UTC would read years 0-99 as 1900-1999
  if (m[8] !== undefined) {
    const offset = (n(9) * 3600 + n(10) * 60 + n(11)) * 1000;
    d.setTime(d.getTime() - (m[8] === "-" ? -offset : offset));
  }
  return d;
}

/** The number in `s[start, end)`, or -1 if a character there is not a digit. */
function digitsAt(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * PostgreSQL's usual timestamp text, `YYYY-MM-DD HH:MM:SS[.ffffff][±HH[:MM]]`
 * with a year from 1000 to 9999, read by character codes; `undefined` for
 * any other text (the regular expression then reads it, as before).
 */
function parseCommonTimestamp(text: string): Date | undefined {
  const len = text.length;
  if (
    len < 19 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 32 || // space
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58
  )
    return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  const second = digitsAt(text, 17, 19);
  if ((month | day | hour | minute | second) < 0 || year < 1000) return undefined;
  let p = 19;
  let ms = 0;
  if (p < len && text.charCodeAt(p) === 46) {
    // The fraction: milliseconds from its first three digits (padded on the right).
    let end = p + 1;
    while (end < len && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    if (end === p + 1) return undefined;
    ms = digitsAt(text, p + 1, Math.min(end, p + 4));
    for (let i = end - p - 1; i < 3; i++) ms *= 10;
    p = end;
  }
  let time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (p < len) {
    // An offset (timestamptz): ±HH or ±HH:MM.
    const sign = text.charCodeAt(p);
    if ((sign !== 43 && sign !== 45) || (len !== p + 3 && len !== p + 6)) return undefined;
    const oh = digitsAt(text, p + 1, p + 3);
    const om =
      len === p + 6 && text.charCodeAt(p + 3) === 58 ? digitsAt(text, p + 4, p + 6) : len === p + 3 ? 0 : -1;
    if (oh < 0 || om < 0) return undefined;
    const offset = (oh * 3600 + om * 60) * 1000;
    time -= sign === 45 ? -offset : offset;
  }
  return new Date(time);
}

const MS = { year: 365.25 * 86_400_000, mon: 30 * 86_400_000, day: 86_400_000 } as const;

/**
 * Milliseconds from PostgreSQL's interval text, in the default `postgres`
 * style (`1 year 2 mons -3 days +04:05:06.5`) or `iso_8601` (`P1Y2M3DT4H5M6.5S`).
 * Months count 30 days and years 365.25 days, as `EXTRACT(EPOCH FROM interval)`.
 */
export function parseInterval(text: string): number {
  if (text.startsWith("P") || text.startsWith("-P")) return parseIsoInterval(text);
  let total = 0;
  const re = /([+-]?\d+(?:\.\d+)?) (year|mon|day)s?|([+-])?(\d+):(\d\d):(\d\d(?:\.\d+)?)/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) total += Number(m[1]) * MS[m[2] as keyof typeof MS];
    else {
      const t = (Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6])) * 1000;
      total += m[3] === "-" ? -t : t;
    }
  }
  return Math.round(total * 1000) / 1000;
}

function parseIsoInterval(text: string): number {
  const m =
    /^(-)?P(?:(-?[\d.]+)Y)?(?:(-?[\d.]+)M)?(?:(-?[\d.]+)W)?(?:(-?[\d.]+)D)?(?:T(?:(-?[\d.]+)H)?(?:(-?[\d.]+)M)?(?:(-?[\d.]+)S)?)?$/.exec(
      text,
    );
  if (m === null) return Number.NaN;
  const v = (i: number) => Number(m[i] ?? 0);
  const total =
    v(2) * MS.year +
    v(3) * MS.mon +
    v(4) * 7 * MS.day +
    v(5) * MS.day +
    (v(6) * 3600 + v(7) * 60 + v(8)) * 1000;
  return m[1] === "-" ? -total : total;
}

/** `DateTime`/`TIMESTAMP` for pg: Dates in and out, naive values as UTC. */
export class PGTimestampPg extends PGTIMESTAMP {
  override bindProcessor(_dialect: Dialect): BindProcessor {
    const tz = this.timezone;
    return (value) => (value instanceof Date ? (tz ? value.toISOString() : formatNaiveUtc(value)) : value);
  }
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (value) => (typeof value === "string" ? parseTimestamp(value) : value);
  }
}

/** `Date` for pg: `YYYY-MM-DD` strings both ways (a `Date` is bound as its UTC date). */
export class PGDatePg extends DateType {
  override bindProcessor(_dialect: Dialect): BindProcessor {
    return (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value);
  }
}

/** `INTERVAL` for pg: milliseconds both ways. */
export class PGIntervalPg extends PGINTERVAL {
  override bindProcessor(_dialect: Dialect): BindProcessor {
    return (value) => (typeof value === "number" ? `${value} milliseconds` : value);
  }
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (value) => (typeof value === "string" ? parseInterval(value) : value);
  }
}

/** `Integer` for pg: int8 and numeric results (`count(*)`, `sum()`) typed as Integer become numbers. */
export class PGIntegerPg extends IntegerType {
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (value) => (typeof value === "string" ? Number(value) : value);
  }
}

/** `BigInteger` for pg: `bigint` values, exact to 64 bits. */
export class PGBigIntegerPg extends BigIntegerType {
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (value) =>
      typeof value === "string" || (typeof value === "number" && Number.isInteger(value))
        ? BigInt(value)
        : value;
  }
}

/** `Numeric` for pg: the exact text PostgreSQL sent, or a number with `asDecimal: false`. */
export class PGNumericPg extends NumericType {
  override resultProcessor(_dialect: Dialect): ResultProcessor | undefined {
    if (!this.asDecimal) return (value) => (typeof value === "string" ? Number(value) : value);
    return (value) => (typeof value === "number" ? String(value) : value);
  }
}

/** `Float` for pg: a numeric result (`avg()`) typed as Float becomes a number. */
export class PGFloatPg extends FloatType {
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (value) => (typeof value === "string" ? Number(value) : value);
  }
}

/** `Uuid({ nativeUuid: false })` on PostgreSQL is `CHAR(32)` hex, as SQLAlchemy's; native UUIDs need nothing. */
export class PGUuidPg extends UuidType {
  override bindProcessor(_dialect: Dialect): BindProcessor | undefined {
    if (this.nativeUuid) return undefined;
    return (value) => (typeof value === "string" ? value.replace(/-/g, "").toLowerCase() : value);
  }
  override resultProcessor(_dialect: Dialect): ResultProcessor | undefined {
    if (this.nativeUuid) return undefined;
    return (value) =>
      typeof value === "string" && value.length === 32
        ? `${value.slice(0, 8)}-${value.slice(8, 12)}-${value.slice(12, 16)}-${value.slice(16, 20)}-${value.slice(20)}`
        : value;
  }
}

function mapNested(value: unknown, fn: (v: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapNested(v, fn));
  return value === null || value === undefined ? value : fn(value);
}

/** `ARRAY(T)` for pg: each item (at any depth) goes through T's processors; pg parses the array itself. */
export class PGARRAYPg<T = unknown> extends PGARRAY<T> {
  override bindProcessor(dialect: Dialect): BindProcessor | undefined {
    const item = this.itemType.dialectImpl(dialect).bindProcessor(dialect);
    return item === undefined ? undefined : (value) => mapNested(value, item);
  }
  override resultProcessor(dialect: Dialect): ResultProcessor | undefined {
    const item = this.itemType.dialectImpl(dialect).resultProcessor(dialect);
    return item === undefined ? undefined : (value) => mapNested(value, item);
  }
}

/** Re-classes a type as its pg implementation, keeping every field (so DDL renders as before). */
function adapt<T extends TypeEngine<unknown>>(from: TypeEngine<unknown>, cls: { prototype: T }): T {
  return Object.assign(Object.create(cls.prototype) as T, from);
}

/** `[key, adapter]`: adapts types that are instances of `base` (and not yet of `impl`). */
function entry(
  key: string,
  base: abstract new (...args: never[]) => TypeEngine<unknown>,
  impl: abstract new (...args: never[]) => TypeEngine<unknown>,
): [string, (t: TypeEngine<unknown>) => TypeEngine<unknown>] {
  return [key, (t) => (t instanceof base && !(t instanceof impl) ? adapt(t, impl) : t)];
}

const baseArray = pgColspecs.get("array") as (t: TypeEngine<unknown>) => TypeEngine<unknown>;

/**
 * The pg driver's implementations of the generic types: PostgreSQL's
 * (`pgColspecs`) plus the value conversion above, keyed by affinity so that
 * the UPPERCASE and PostgreSQL types (`TIMESTAMP`, `BIGINT`, ...) match too.
 */
export const pgDriverColspecs: ReadonlyMap<string, (type: TypeEngine<unknown>) => TypeEngine<unknown>> =
  new Map<string, (type: TypeEngine<unknown>) => TypeEngine<unknown>>([
    ...pgColspecs,
    entry("datetime", DateTimeType, PGTimestampPg),
    entry("date", DateType, PGDatePg),
    entry("interval", IntervalType, PGIntervalPg),
    [
      "integer",
      (t) => {
        if (t instanceof PGIntegerPg || t instanceof PGBigIntegerPg) return t;
        if (t instanceof BigIntegerType) return adapt(t, PGBigIntegerPg);
        return t instanceof IntegerType ? adapt(t, PGIntegerPg) : t;
      },
    ],
    entry("numeric", NumericType, PGNumericPg),
    entry("float", FloatType, PGFloatPg),
    entry("uuid", UuidType, PGUuidPg),
    [
      "array",
      (t) => {
        const a = baseArray(t);
        return a instanceof PGARRAYPg ? a : adapt(a, PGARRAYPg);
      },
    ],
  ]);
