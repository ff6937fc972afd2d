/**
 * Value conversion for tedious (with `useUTC: true`, its default, which
 * Athanor keeps):
 *
 * - DateTime ↔ DATETIME / DATETIME2 / SMALLDATETIME: JavaScript Dates,
 *   bound as DateTime2 and read back by tedious as the UTC instant of the
 *   naive value: naive datetimes are UTC. DATETIMEOFFSET is a real instant.
 *   DATETIME rounds to 1/300 s on the server.
 * - Date ↔ DATE: `YYYY-MM-DD` strings (tedious returns a Date at UTC midnight).
 * - Time ↔ TIME: `HH:MM:SS[.ffffff]` strings (tedious returns a Date on 1970-01-01).
 * - Boolean ↔ BIT: tedious binds and returns booleans.
 * - Numeric ↔ DECIMAL / NUMERIC / MONEY: strings, but tedious decodes them
 *   into JavaScript numbers first, so digits beyond ~15 significant ones are
 *   lost (a tedious limitation); the string is written with the column's scale.
 * - BigInteger ↔ BIGINT: `bigint` (tedious returns strings).
 * - JSON ↔ NVARCHAR(max): `JSON.stringify` in, `JSON.parse` out.
 * - Uuid ↔ UNIQUEIDENTIFIER (bound as such; tedious returns upper case,
 *   read as lower-case canonical) or CHAR(32) hex when `nativeUuid: false`.
 * - LargeBinary ↔ VARBINARY: Buffers; a NULL is bound as a VARBINARY NULL
 *   (SQL Server refuses an NVARCHAR NULL for a VARBINARY column).
 * - Interval ↔ DATETIME offset from the epoch (as SQLAlchemy): milliseconds.
 */
import type { JSONType, NumericType, UuidType } from "@athanor/core";
import { driverProcessing } from "@athanor/core";
import { tdsTyped } from "./tedious-params.js";

const { canonicalUuid, formatUtcDate, hexUuid, isBigIntegerType, nonNull, parseUtcDateTime, processing } =
  driverProcessing;
type Adapt = driverProcessing.Adapt;
type Processor = driverProcessing.Processor;

const toNumber: Processor = nonNull((v) => (typeof v === "number" ? v : Number(v)));
const toBigInt: Processor = nonNull((v) => (typeof v === "bigint" ? v : BigInt(v as string | number)));

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `HH:MM:SS`, with `.ffffff` when there are fractional seconds, from tedious' TIME value (a Date on 1970-01-01 UTC). */
export function formatTdsTime(v: unknown): string {
  if (!(v instanceof Date)) return String(v);
  const base = `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
  // tedious adds the sub-millisecond part of TIME(7) as `nanosecondDelta` (in seconds).
  const delta = (v as { nanosecondDelta?: number }).nanosecondDelta ?? 0;
  const micros = v.getUTCMilliseconds() * 1000 + Math.round(delta * 1e6);
  return micros === 0 ? base : `${base}.${pad(micros, 6)}`;
}

/** A decimal number as a string with the column's scale (`1.1` → `"1.10"` for NUMERIC(10, 2)). */
export function decimalString(v: unknown, scale: number | undefined): string {
  if (typeof v !== "number") return String(v);
  if (scale !== undefined && Math.abs(v) < 1e21) return v.toFixed(scale);
  return String(v);
}

const readDate: Processor = nonNull((v) => (v instanceof Date ? formatUtcDate(v) : String(v)));

/** The tedious dialect's colspecs: processors by generic type name or affinity. */
export const tediousColspecs: ReadonlyMap<string, Adapt> = new Map<string, Adapt>([
  ["integer", processing(undefined, (t) => (isBigIntegerType(t) ? toBigInt : toNumber))],
  [
    "numeric",
    processing(undefined, (t) => {
      const n = t as NumericType;
      if (n.asDecimal === false) return toNumber;
      return nonNull((v) => decimalString(v, n.scale));
    }),
  ],
  ["float", processing(undefined, () => toNumber)],
  ["boolean", processing(undefined, () => nonNull((v) => (typeof v === "boolean" ? v : Number(v) !== 0)))],
  [
    "datetime",
    processing(
      () => nonNull((v) => (typeof v === "string" ? (parseUtcDateTime(v) ?? v) : v)),
      () => nonNull((v) => (v instanceof Date ? v : (parseUtcDateTime(String(v)) ?? v))),
    ),
  ],
  [
    "date",
    processing(
      () => nonNull((v) => (v instanceof Date ? formatUtcDate(v) : v)),
      () => readDate,
    ),
  ],
  ["time", processing(undefined, () => nonNull(formatTdsTime))],
  [
    "interval",
    processing(
      () => nonNull((v) => new Date(Number(v))),
      () => nonNull((v) => (v instanceof Date ? v.getTime() : (parseUtcDateTime(String(v))?.getTime() ?? v))),
    ),
  ],
  [
    "json",
    processing(
      (t) => (v) => {
        if (v === undefined || v === null) return (t as JSONType).noneAsNull ? null : "null";
        return JSON.stringify(v);
      },
      () => nonNull((v) => JSON.parse(String(v))),
    ),
  ],
  [
    "uuid",
    processing(
      (t) =>
        (t as UuidType).nativeUuid === false
          ? nonNull((v) => hexUuid(String(v)))
          : (v) =>
              tdsTyped("UniqueIdentifier", v === undefined || v === null ? null : canonicalUuid(String(v))),
      () => nonNull((v) => canonicalUuid(String(v))),
    ),
  ],
  [
    "binary",
    processing(() => (v) => (v === undefined || v === null ? tdsTyped("VarBinary", null) : v), undefined),
  ],
]);
