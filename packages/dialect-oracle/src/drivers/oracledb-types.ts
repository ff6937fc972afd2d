/**
 * Value conversion for node-oracledb (thin mode).
 *
 * - DateTime ↔ DATE / TIMESTAMP: naive values are UTC. oracledb reads and
 *   writes these types in the Node process' local time zone, so Athanor
 *   fetches them as text (`YYYY-MM-DD HH24:MI:SS[.FF6]`, the session formats
 *   set on connect) and parses that as UTC, and binds a Date as a TIMESTAMP
 *   whose local fields are the Date's UTC fields. (A wall-clock time that
 *   does not exist in the process' zone, inside a DST gap, cannot be bound
 *   exactly: run with `TZ=UTC` to rule that out.) TIMESTAMP WITH TIME ZONE
 *   is a real instant, bound and read as such.
 * - Date ↔ DATE: `YYYY-MM-DD` strings (Oracle's DATE at midnight).
 * - Boolean ↔ BOOLEAN (23ai) or SMALLINT 1 / 0.
 * - Numeric ↔ NUMBER(p, s): exact strings (fetched as text), written with
 *   the column's scale; numbers with `asDecimal: false`.
 * - Integer ↔ NUMBER: numbers; BigInteger ↔ NUMBER(19): `bigint`.
 * - JSON ↔ native JSON (21c+, bound as DB_TYPE_JSON) or BLOB (JSON text as bytes).
 * - Uuid ↔ CHAR(32) hex, canonical strings out.
 * - LargeBinary ↔ BLOB / RAW: Buffers (BLOBs fetched as Buffers).
 * - Interval ↔ INTERVAL DAY TO SECOND: milliseconds (oracledb's IntervalDS).
 * - Text ↔ CLOB: strings (CLOBs fetched as strings).
 */
import type { DateTimeType, Dialect, JSONType, NumericType } from "@athanor/core";
import { driverProcessing } from "@athanor/core";
import type { OracleDialect } from "../base/dialect.js";
import type { OracleJSONType } from "../base/types.js";

const { canonicalUuid, hexUuid, isBigIntegerType, nonNull, parseUtcDateTime, processing } = driverProcessing;
type Adapt = driverProcessing.Adapt;
type Processor = driverProcessing.Processor;

const TYPED = Symbol.for("athanor.oracle.typedBind");

/** The oracledb `DB_TYPE_*` constants Athanor binds with explicitly. */
export type OracleBindType =
  | "DB_TYPE_DATE"
  | "DB_TYPE_TIMESTAMP"
  | "DB_TYPE_TIMESTAMP_TZ"
  | "DB_TYPE_JSON"
  | "DB_TYPE_BOOLEAN"
  | "DB_TYPE_BLOB"
  | "DB_TYPE_INTERVAL_DS";

/** A value with the oracledb type to bind it as (`{ val, type }`). */
export interface OracleTypedValue {
  readonly [TYPED]: true;
  readonly type: OracleBindType;
  readonly value: unknown;
}

/** Wraps a value so it is bound as the given oracledb type. */
export function oraTyped(type: OracleBindType, value: unknown): OracleTypedValue {
  return { [TYPED]: true, type, value };
}

/** Whether a value was wrapped by {@link oraTyped}. */
export function isOraTyped(value: unknown): value is OracleTypedValue {
  return typeof value === "object" && value !== null && (value as { [TYPED]?: boolean })[TYPED] === true;
}

/** A Date whose local-time fields are the given Date's UTC fields (what oracledb writes for DATE / TIMESTAMP). */
export function utcFieldsAsLocal(d: Date): Date {
  const local = new Date(2000, 0, 1);
  local.setFullYear(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  local.setHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return local;
}

/** The UTC instant with the local-time fields of a Date oracledb read from a DATE / TIMESTAMP. */
export function localFieldsAsUtc(d: Date): Date {
  const utc = new Date(0);
  utc.setUTCFullYear(d.getFullYear(), d.getMonth(), d.getDate());
  utc.setUTCHours(d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
  return utc;
}

/** The parts of oracledb's `IntervalDS` for a duration in milliseconds (`fseconds` in nanoseconds). */
export function intervalParts(ms: number): {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  fseconds: number;
} {
  const sign = ms < 0 ? -1 : 1;
  let rest = Math.abs(ms);
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const fseconds = Math.round((rest - seconds * 1000) * 1_000_000);
  // `0 * -1` is -0; keep zeros positive.
  const s = (n: number) => (n === 0 ? 0 : sign * n);
  return { days: s(days), hours: s(hours), minutes: s(minutes), seconds: s(seconds), fseconds: s(fseconds) };
}

/** Milliseconds of an oracledb `IntervalDS`. */
export function intervalMs(v: {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  fseconds?: number;
}): number {
  return (
    (v.days ?? 0) * 86_400_000 +
    (v.hours ?? 0) * 3_600_000 +
    (v.minutes ?? 0) * 60_000 +
    (v.seconds ?? 0) * 1000 +
    Math.round((v.fseconds ?? 0) / 1_000_000)
  );
}

/** A decimal string written with `scale` digits after the point (`"12.5"` → `"12.50"`, `".5"` → `"0.5"`). */
export function withScale(text: string, scale: number | undefined): string {
  let s = text.trim();
  s = s.replace(/^(-?)\./, "$10.");
  if (scale === undefined || scale <= 0 || /e/i.test(s)) return s;
  const [int, frac = ""] = s.split(".");
  return frac.length >= scale ? s : `${int}.${frac.padEnd(scale, "0")}`;
}

const toNumber: Processor = nonNull((v) => (typeof v === "number" ? v : Number(v)));
const toBigInt: Processor = nonNull((v) => (typeof v === "bigint" ? v : BigInt(v as string | number)));

function readNaiveDateTime(v: unknown): unknown {
  if (v instanceof Date) return localFieldsAsUtc(v);
  return parseUtcDateTime(String(v)) ?? v;
}

const oracle = (dialect: Dialect) => dialect as OracleDialect;

/** The oracledb dialect's colspecs: processors by generic type name or affinity. */
export const oracledbColspecs: ReadonlyMap<string, Adapt> = new Map<string, Adapt>([
  ["integer", processing(undefined, (t) => (isBigIntegerType(t) ? toBigInt : toNumber))],
  [
    "numeric",
    processing(undefined, (t) => {
      const n = t as NumericType;
      if (n.asDecimal === false) return toNumber;
      return nonNull((v) => withScale(String(v), n.scale));
    }),
  ],
  ["float", processing(undefined, () => toNumber)],
  [
    "boolean",
    processing(
      (_t, dialect) =>
        dialect.supportsNativeBoolean
          ? nonNull((v) => oraTyped("DB_TYPE_BOOLEAN", Boolean(v)))
          : nonNull((v) => (v ? 1 : 0)),
      () => nonNull((v) => (typeof v === "boolean" ? v : Number(v) !== 0)),
    ),
  ],
  [
    "datetime",
    processing(
      (t) =>
        (t as DateTimeType).timezone
          ? nonNull((v) => oraTyped("DB_TYPE_TIMESTAMP_TZ", v instanceof Date ? v : new Date(String(v))))
          : nonNull((v) => {
              const d = v instanceof Date ? v : parseUtcDateTime(String(v));
              return d === undefined ? v : oraTyped("DB_TYPE_TIMESTAMP", utcFieldsAsLocal(d));
            }),
      (t) =>
        (t as DateTimeType).timezone
          ? nonNull((v) => (v instanceof Date ? v : (parseUtcDateTime(String(v)) ?? v)))
          : nonNull(readNaiveDateTime),
    ),
  ],
  [
    "date",
    processing(
      () =>
        nonNull((v) => {
          const d = v instanceof Date ? v : parseUtcDateTime(String(v));
          if (d === undefined) return v;
          const day = new Date(Date.UTC(2000, 0, 1));
          day.setUTCFullYear(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
          return oraTyped("DB_TYPE_DATE", utcFieldsAsLocal(day));
        }),
      () =>
        nonNull((v) => {
          const d = readNaiveDateTime(v);
          return d instanceof Date ? d.toISOString().slice(0, 10) : String(v).slice(0, 10);
        }),
    ),
  ],
  [
    "interval",
    processing(
      () => nonNull((v) => oraTyped("DB_TYPE_INTERVAL_DS", Number(v))),
      () => nonNull((v) => (typeof v === "object" ? intervalMs(v as object) : Number(v))),
    ),
  ],
  [
    "json",
    processing(
      (t, dialect) => {
        const useBlob = (t as OracleJSONType).useBlob ?? !oracle(dialect).supportsOracleJson;
        const noneAsNull = (t as JSONType).noneAsNull;
        return (v) => {
          if ((v === undefined || v === null) && noneAsNull) return null;
          const doc = v === undefined ? null : v;
          return useBlob ? Buffer.from(JSON.stringify(doc), "utf8") : oraTyped("DB_TYPE_JSON", doc);
        };
      },
      () =>
        nonNull((v) => {
          if (typeof v === "string") return JSON.parse(v);
          if (v instanceof Uint8Array) return JSON.parse(Buffer.from(v).toString("utf8"));
          return v;
        }),
    ),
  ],
  [
    "uuid",
    processing(
      () => nonNull((v) => hexUuid(String(v))),
      () => nonNull((v) => canonicalUuid(String(v).trim())),
    ),
  ],
  [
    "binary",
    processing(
      () => nonNull((v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v) : v)),
      undefined,
    ),
  ],
]);
