/**
 * SQLite's types. SQLite has no date/time storage class, so dates, times and
 * timestamps are stored as ISO strings; the types here convert them both ways.
 * JSON is stored as text.
 */
import {
  BigIntegerType,
  type BindProcessor,
  BooleanType,
  type DateTimeOptions,
  DateTimeType,
  DateType,
  type Dialect,
  FloatType,
  IntegerType,
  IntervalType,
  JSONType,
  type LiteralProcessor,
  NumericType,
  type ResultProcessor,
  TimeType,
  type TypeEngine,
  UuidType,
} from "@athanor/core";

/** Options of SQLite's date/time types. */
export interface SQLiteDateTimeOptions extends DateTimeOptions {
  /** Formats a value for storage; the default is ISO 8601 with a space and microseconds. */
  storageFormat?: (value: Date) => string;
  /** Parses a stored string; the groups are year, month, day, hour, minute, second, fraction. */
  regexp?: RegExp;
  /** Store whole seconds only (`YYYY-MM-DD HH:MM:SS`). Default `false`. */
  truncateMicroseconds?: boolean;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/*
 * Formatting and parsing run once per value of every DATETIME column (20,000
 * rows are 20,000 calls), so they avoid regular expressions, `padStart` and
 * closures on the common path: two-digit fields come from a table, and the
 * stored form is read by character codes, falling back to the regular
 * expression for anything else.
 */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

function formatDatetimeFields(d: Date, micro: boolean): string {
  const y = d.getUTCFullYear();
  const date = `${y >= 1000 && y <= 9999 ? y : pad(y, 4)}-${TWO_DIGITS[d.getUTCMonth() + 1]}-${TWO_DIGITS[d.getUTCDate()]}`;
  const time = `${TWO_DIGITS[d.getUTCHours()]}:${TWO_DIGITS[d.getUTCMinutes()]}:${TWO_DIGITS[d.getUTCSeconds()]}`;
  return micro ? `${date} ${time}.${THREE_DIGITS[d.getUTCMilliseconds()]}000` : `${date} ${time}`;
}

const MS_PER_DAY = 86_400_000;
/** `HH:MM:` for each minute of the day. */
const HOURS_MINUTES: readonly string[] = Array.from(
  { length: 1440 },
  (_, i) => `${TWO_DIGITS[(i / 60) | 0]}:${TWO_DIGITS[i % 60]}:`,
);
/** `.fff000` for each millisecond (the stored fraction has microseconds). */
const MICRO_FRACTIONS: readonly string[] = Array.from({ length: 1000 }, (_, i) => `.${THREE_DIGITS[i]}000`);
/** The day (days since the epoch) whose `YYYY-MM-DD ` text is `lastDayText`: rows often share a day. */
let lastDay = Number.NaN;
let lastDayText = "";
/** The pieces of the text `formatDatetime` returns (reused: it is called once per value). */
const DATETIME_PARTS: string[] = ["", "", "", ""];

/**
 * `YYYY-MM-DD HH:MM:SS[.ffffff]` from the UTC fields: the time of day by
 * arithmetic on the epoch milliseconds (six `getUTC*` calls cost more than
 * the rest), the date part from a one-entry cache of the last day formatted.
 */
function formatDatetime(d: Date, micro: boolean): string {
  const t = d.getTime();
  const day = Math.floor(t / MS_PER_DAY);
  if (day !== lastDay) {
    const y = d.getUTCFullYear();
    // An invalid date, or a year that is not four digits: the general form.
    if (!(y >= 1000 && y <= 9999)) return formatDatetimeFields(d, micro);
    lastDayText = `${y}-${TWO_DIGITS[d.getUTCMonth() + 1]}-${TWO_DIGITS[d.getUTCDate()]} `;
    lastDay = day;
  }
  let rem = t - day * MS_PER_DAY;
  const minutes = (rem / 60_000) | 0;
  rem -= minutes * 60_000;
  const s = (rem / 1000) | 0;
  // Strings from tables, joined by `join()`, which makes one flat string: `+` would make a tree
  // of concatenations that the driver flattens into a second copy when it binds the value. An
  // executemany holds every row's values until its statements run, so the smaller value is
  // garbage the collector copies less (measured on 20,000 rows: up to a fifth of the batch).
  const parts = DATETIME_PARTS;
  parts[0] = lastDayText;
  parts[1] = HOURS_MINUTES[minutes] as string;
  parts[2] = TWO_DIGITS[s] as string;
  parts[3] = micro ? (MICRO_FRACTIONS[rem - s * 1000] as string) : "";
  return parts.join("");
}

const DATETIME_RE = /^(\d+)-(\d+)-(\d+)(?:[ T](\d+):(\d+)(?::(\d+)(?:\.(\d+))?)?)?/;

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
 * `YYYY-MM-DD HH:MM:SS[.fff...]` (or with `T`) read by character codes; the
 * same `Date` as the regular expression gives, or `undefined` for any other
 * form (which then goes through the regular expression).
 */
let lastParsedDay = -1;
let lastParsedDayMs = 0;

function parseStoredDatetime(value: string): Date | undefined {
  const len = value.length;
  if (
    len < 19 ||
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58
  )
    return undefined;
  const sep = value.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return undefined; // space or T
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  const hour = digitsAt(value, 11, 13);
  const minute = digitsAt(value, 14, 16);
  const second = digitsAt(value, 17, 19);
  if ((year | month | day | hour | minute | second) < 0) return undefined;
  let ms = 0;
  if (len > 19) {
    if (len === 20 || value.charCodeAt(19) !== 46 || digitsAt(value, 20, len) < 0) return undefined;
    // Milliseconds: the first three digits of the fraction, padded on the right.
    ms = digitsAt(value, 20, Math.min(len, 23));
    for (let i = len - 20; i < 3; i++) ms *= 10;
  }
  // Date.UTC's day number is the costly part, and consecutive rows often share a day.
  const dayKey = year * 10_000 + month * 100 + day;
  if (dayKey !== lastParsedDay) {
    lastParsedDayMs = globalThis.Date.UTC(year, month - 1, day);
    lastParsedDay = dayKey;
  }
  return new globalThis.Date(lastParsedDayMs + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms);
}

function parseDatetime(re: RegExp, value: string): Date {
  if (re === DATETIME_RE) {
    const fast = parseStoredDatetime(value);
    if (fast !== undefined) return fast;
  }
  const m = re.exec(value);
  if (m === null) throw new TypeError(`Couldn't parse datetime string: '${value}'`);
  const n = (i: number) => Number.parseInt(m[i] ?? "0", 10);
  const frac = (m[7] ?? "0").padEnd(3, "0").slice(0, 3);
  return new globalThis.Date(
    globalThis.Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6), Number.parseInt(frac, 10)),
  );
}

/**
 * A timestamp stored as the string `YYYY-MM-DD HH:MM:SS.ffffff` (UTC fields).
 * Renders `DATETIME` in DDL.
 */
export class SQLiteDATETIME extends DateTimeType {
  override readonly visitName: string = "DATETIME";
  readonly storageFormat: ((value: Date) => string) | undefined;
  readonly regexp: RegExp | undefined;
  readonly truncateMicroseconds: boolean;
  constructor(options: SQLiteDateTimeOptions = {}) {
    super(options);
    this.storageFormat = options.storageFormat;
    this.regexp = options.regexp;
    this.truncateMicroseconds = options.truncateMicroseconds ?? false;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.timezone, this.truncateMicroseconds, this.regexp?.source, this.storageFormat !== undefined];
  }
  override bindProcessor(_dialect: Dialect): BindProcessor {
    const micro = !this.truncateMicroseconds;
    const fmt = this.storageFormat ?? ((d: Date) => formatDatetime(d, micro));
    return (value) => {
      if (value === null || value === undefined) return null;
      if (value instanceof globalThis.Date) return fmt(value);
      if (typeof value === "string") return value;
      throw new TypeError("SQLite DateTime type only accepts Date objects (or ISO strings) as input.");
    };
  }
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    const re = this.regexp ?? DATETIME_RE;
    return (value) => (typeof value === "string" ? parseDatetime(re, value) : value);
  }
  override literalProcessor(dialect?: Dialect): LiteralProcessor {
    const bp = this.bindProcessor(dialect as Dialect);
    return (value) => `'${String(bp(value))}'`;
  }
}

/** A calendar date stored as `YYYY-MM-DD`. Renders `DATE` in DDL. */
export class SQLiteDATE extends DateType {
  override readonly visitName: string = "DATE";
  override bindProcessor(_dialect: Dialect): BindProcessor {
    return (value) => {
      if (value === null || value === undefined) return null;
      if (value instanceof globalThis.Date) return formatDatetime(value, false).slice(0, 10);
      if (typeof value === "string") return value;
      throw new TypeError("SQLite Date type only accepts Date objects or YYYY-MM-DD strings as input.");
    };
  }
  override literalProcessor(dialect?: Dialect): LiteralProcessor {
    const bp = this.bindProcessor(dialect as Dialect);
    return (value) => `'${String(bp(value))}'`;
  }
}

/** A time of day stored as `HH:MM:SS.ffffff`. Renders `TIME` in DDL. */
export class SQLiteTIME extends TimeType {
  override readonly visitName: string = "TIME";
  readonly truncateMicroseconds: boolean;
  constructor(options: SQLiteDateTimeOptions = {}) {
    super(options);
    this.truncateMicroseconds = options.truncateMicroseconds ?? false;
  }
  override bindProcessor(_dialect: Dialect): BindProcessor {
    return (value) => {
      if (value === null || value === undefined) return null;
      if (value instanceof globalThis.Date) {
        const full = formatDatetime(value, !this.truncateMicroseconds);
        return full.slice(11);
      }
      return String(value);
    };
  }
}

/** JSON stored as text: serialized on the way in, parsed on the way out. */
export class SQLiteJSON<T = unknown> extends JSONType<T> {
  override bindProcessor(_dialect: Dialect): BindProcessor {
    return (value) => (value === null && this.noneAsNull ? null : globalThis.JSON.stringify(value));
  }
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (value) => (typeof value === "string" ? globalThis.JSON.parse(value) : value);
  }
}

/** A JSON path argument, sent to SQLite as a path string (`$."a"[0]`). */
export class SQLiteJSONPath extends JSONType<unknown> {
  override readonly visitName: string = "jsonPath";
  override bindProcessor(_dialect: Dialect): BindProcessor {
    return (value) => (Array.isArray(value) ? formatJsonPath(value) : value);
  }
}

/** `["a", 0, "b"]` → `$."a"[0]."b"`, the path form of SQLite's JSON functions. */
export function formatJsonPath(path: readonly unknown[]): string {
  return `$${path.map((p) => (typeof p === "number" ? `[${p}]` : `."${String(p)}"`)).join("")}`;
}

// ---- value conversion of the generic types (SQLite has five storage classes) ----------

/**
 * `BOOLEAN` stored as the integers 0 and 1 (better-sqlite3 binds no booleans):
 * `true` → 1 on the way in, any non-zero number → `true` on the way out.
 */
export class SQLiteBoolean extends BooleanType {
  override bindProcessor(_dialect: Dialect): BindProcessor {
    return (value) => (typeof value === "boolean" ? (value ? 1 : 0) : value);
  }
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (value) => (typeof value === "number" || typeof value === "bigint" ? Number(value) !== 0 : value);
  }
}

/**
 * `INTEGER` and friends. Values are JavaScript numbers; a statement that also
 * selects a `BIGINT` column runs with better-sqlite3's `safeIntegers`, which
 * returns every integer as a `bigint`, so this converts them back.
 */
export class SQLiteInteger extends IntegerType {
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (value) => (typeof value === "bigint" ? Number(value) : value);
  }
}

/**
 * `BIGINT`: values are `bigint`. A column declared `BIGINT` is read with
 * `safeIntegers` (exact to 64 bits); an expression the driver returned as a
 * number is converted (exact below 2^53).
 */
export class SQLiteBigInteger extends BigIntegerType {
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (value) => (typeof value === "number" && Number.isInteger(value) ? BigInt(value) : value);
  }
}

/**
 * `NUMERIC(p, s)`: SQLite stores it as an INTEGER or REAL and the driver
 * returns a number, formatted here as a decimal string with the column's
 * scale (`19.9` → `"19.90"` for `NUMERIC(10, 2)`), or a number with
 * `asDecimal: false`. Strings are bound as they are: the column's NUMERIC
 * affinity converts them.
 */
export class SQLiteNumeric extends NumericType {
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    if (!this.asDecimal)
      return (value) => (typeof value === "string" || typeof value === "bigint" ? Number(value) : value);
    const scale = this.scale;
    return (value) => {
      if (typeof value === "bigint") return scale ? `${value}.${"0".repeat(scale)}` : String(value);
      if (typeof value !== "number") return value;
      return scale !== undefined && Number.isFinite(value) ? toFixedScale(value, scale) : String(value);
    };
  }
}

const POWERS_OF_TEN: readonly number[] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];
/** Below 2^43 units of the scale a double's error is far under half a unit: rounding is unambiguous. */
const EXACT_UNITS = 2 ** 43;

/**
 * `value.toFixed(scale)`, the same text, without `toFixed` (which reads the
 * double's exact decimal expansion) for the common case: a value that is the
 * double nearest to a decimal with `scale` places (what SQLite returns for a
 * NUMERIC column) is written from that integer number of units.
 */
function toFixedScale(value: number, scale: number): string {
  const p = POWERS_OF_TEN[scale];
  if (p !== undefined) {
    const units = Math.round(value * p);
    if (units / p === value && units < EXACT_UNITS && units > -EXACT_UNITS) {
      if (scale === 0) return String(units);
      const abs = units < 0 ? -units : units;
      const whole = Math.floor(abs / p);
      const frac = abs - whole * p;
      const fracText = scale === 2 ? (TWO_DIGITS[frac] as string) : String(frac).padStart(scale, "0");
      return units < 0 ? `-${whole}.${fracText}` : `${whole}.${fracText}`;
    }
  }
  return value.toFixed(scale);
}

/** `FLOAT`/`REAL`: numbers; a `bigint` (under `safeIntegers`) becomes a number. */
export class SQLiteFloat extends FloatType {
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (value) => (typeof value === "bigint" ? Number(value) : value);
  }
}

/** `Uuid` stored as `CHAR(32)` hex digits (as SQLAlchemy's non-native Uuid); canonical strings in TypeScript. */
export class SQLiteUuid extends UuidType {
  override bindProcessor(_dialect: Dialect): BindProcessor {
    return (value) => (typeof value === "string" ? value.replace(/-/g, "").toLowerCase() : value);
  }
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (value) => (typeof value === "string" ? canonicalUuid(value) : value);
  }
}

/** `8-4-4-4-12` form of a 32-digit hex UUID (other strings are returned as they are). */
export function canonicalUuid(hex: string): string {
  if (hex.length !== 32) return hex;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * `Interval` (milliseconds in TypeScript). SQLite has no interval type, so,
 * as SQLAlchemy does, the duration is stored as the `DATETIME` that far from
 * the Unix epoch: 90 seconds is `1970-01-01 00:01:30.000000`.
 */
export class SQLiteInterval extends IntervalType {
  override bindProcessor(_dialect: Dialect): BindProcessor {
    return (value) => (typeof value === "number" ? formatDatetime(new globalThis.Date(value), true) : value);
  }
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (value) => (typeof value === "string" ? parseDatetime(DATETIME_RE, value).getTime() : value);
  }
}

/**
 * Re-classes a generic type as its SQLite implementation, keeping every field
 * (DDL name, precision, scale, variants...), so DDL renders as before and only
 * the value conversion changes.
 */
function adapt<T extends TypeEngine<unknown>>(from: TypeEngine<unknown>, cls: { prototype: T }): T {
  return Object.assign(Object.create(cls.prototype) as T, from);
}

/** Keeps the DDL name of the type being adapted (a `TIMESTAMP` stays `TIMESTAMP`). */
function keepName<T extends TypeEngine<unknown>>(from: TypeEngine<unknown>, impl: T): T {
  if (impl.visitName !== from.visitName) Object.defineProperty(impl, "visitName", { value: from.visitName });
  impl.variants = from.variants;
  return impl;
}

/** SQLite's implementations of the generic types, keyed by generic visit name or affinity. */
export const sqliteColspecs: ReadonlyMap<string, (type: TypeEngine<unknown>) => TypeEngine<unknown>> =
  new Map<string, (type: TypeEngine<unknown>) => TypeEngine<unknown>>([
    [
      "datetime",
      (t) =>
        t instanceof SQLiteDATETIME
          ? t
          : keepName(t, new SQLiteDATETIME({ timezone: (t as DateTimeType).timezone })),
    ],
    ["date", (t) => (t instanceof SQLiteDATE ? t : keepName(t, new SQLiteDATE()))],
    [
      "time",
      (t) =>
        t instanceof SQLiteTIME ? t : keepName(t, new SQLiteTIME({ timezone: (t as TimeType).timezone })),
    ],
    ["jsonPath", (t) => (t instanceof SQLiteJSONPath ? t : new SQLiteJSONPath())],
    [
      "boolean",
      (t) => (t instanceof BooleanType && !(t instanceof SQLiteBoolean) ? adapt(t, SQLiteBoolean) : t),
    ],
    [
      "integer",
      (t) => {
        if (t instanceof SQLiteInteger || t instanceof SQLiteBigInteger) return t;
        if (t instanceof BigIntegerType) return adapt(t, SQLiteBigInteger);
        return t instanceof IntegerType ? adapt(t, SQLiteInteger) : t;
      },
    ],
    [
      "numeric",
      (t) => (t instanceof NumericType && !(t instanceof SQLiteNumeric) ? adapt(t, SQLiteNumeric) : t),
    ],
    ["float", (t) => (t instanceof FloatType && !(t instanceof SQLiteFloat) ? adapt(t, SQLiteFloat) : t)],
    ["uuid", (t) => (t instanceof UuidType && !(t instanceof SQLiteUuid) ? adapt(t, SQLiteUuid) : t)],
    [
      "interval",
      (t) => (t instanceof IntervalType && !(t instanceof SQLiteInterval) ? adapt(t, SQLiteInterval) : t),
    ],
    ["json", (t) => (t instanceof SQLiteJSON ? t : keepName(t, new SQLiteJSON((t as JSONType).noneAsNull)))],
  ]);

/** `DATETIME` for SQLite, with an optional storage format: `DATETIME({ truncateMicroseconds: true })`. */
export const DATETIME = (options?: SQLiteDateTimeOptions): SQLiteDATETIME => new SQLiteDATETIME(options);
/** `DATE` for SQLite. */
export const DATE = (): SQLiteDATE => new SQLiteDATE();
/** `TIME` for SQLite. */
export const TIME = (options?: SQLiteDateTimeOptions): SQLiteTIME => new SQLiteTIME(options);
/** `JSON` for SQLite (stored as text, queried with the JSON1 functions). */
export const JSON = <T = unknown>(noneAsNull?: boolean): SQLiteJSON<T> => new SQLiteJSON<T>(noneAsNull);
