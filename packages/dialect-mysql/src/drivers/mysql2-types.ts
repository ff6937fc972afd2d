/**
 * Value conversion for mysql2, which Athanor configures to return exact
 * strings for DECIMAL (`decimalNumbers: false`), BIGINT
 * (`supportBigNumbers` + `bigNumberStrings`), JSON (`jsonStrings`) and
 * DATE / DATETIME / TIMESTAMP (`dateStrings`), so the conversions here are
 * deterministic and independent of the machine's time zone:
 *
 * - DateTime ↔ DATETIME / TIMESTAMP: a JavaScript Date is written as its
 *   UTC wall clock (`YYYY-MM-DD HH:MM:SS.fff`) and a naive DATETIME is read
 *   back as that UTC instant. Microseconds beyond the millisecond are cut
 *   (a Date holds no more). The zero date `0000-00-00` reads as `null`.
 * - Date ↔ DATE: `YYYY-MM-DD` strings both ways (a Date is bound as its UTC day).
 * - Time ↔ TIME: strings both ways.
 * - Boolean ↔ TINYINT(1) / BIT(1): 1 / 0 on the way in, `true` / `false` out.
 * - Numeric ↔ DECIMAL: exact strings, numbers with `asDecimal: false`.
 * - BigInteger ↔ BIGINT: `bigint` out (from mysql2's strings).
 * - Integer: numbers (an INTEGER expression that MySQL types BIGINT, such as
 *   `count(*)`, arrives as a string and is converted).
 * - JSON ↔ JSON / LONGTEXT: `JSON.stringify` in, `JSON.parse` out.
 * - Uuid ↔ CHAR(32) hex (MySQL) or the native UUID (MariaDB 10.7+): canonical strings out.
 * - Interval ↔ DATETIME offset from the epoch (as SQLAlchemy): milliseconds.
 */
import type { Dialect, JSONType, NumericType, TypeEngine, UuidType } from "@athanor/core";
import { driverProcessing } from "@athanor/core";

const {
  canonicalUuid,
  formatUtcDate,
  formatUtcDateTime,
  hexUuid,
  isBigIntegerType,
  nonNull,
  parseUtcDateTime,
  processing,
} = driverProcessing;
type Adapt = driverProcessing.Adapt;
type Processor = driverProcessing.Processor;

const ZERO_DATE = /^0000-00-00/;

const toNumber: Processor = nonNull((v) => (typeof v === "number" ? v : Number(v)));
const toBigInt: Processor = nonNull((v) => (typeof v === "bigint" ? v : BigInt(v as string | number)));

function bitValue(v: unknown): number | bigint {
  if (typeof v === "number" || typeof v === "bigint") return v;
  if (v instanceof Uint8Array) {
    let n = 0n;
    for (const byte of v) n = (n << 8n) | BigInt(byte);
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  }
  return Number(v);
}

const readDateTime: Processor = nonNull((v) => {
  if (v instanceof Date) return v;
  const text = String(v);
  if (ZERO_DATE.test(text)) return null;
  return parseUtcDateTime(text) ?? v;
});

const writeDateTime: Processor = nonNull((v) => (v instanceof Date ? formatUtcDateTime(v) : v));

const uuidNative = (type: TypeEngine<unknown>, dialect: Dialect) =>
  (type as UuidType).nativeUuid !== false && dialect.supportsNativeUuid;

/** The mysql2 dialect's colspecs: processors by generic type name or affinity. */
export const mysql2Colspecs: ReadonlyMap<string, Adapt> = new Map<string, Adapt>([
  ["integer", processing(undefined, (t) => (isBigIntegerType(t) ? toBigInt : toNumber))],
  [
    "numeric",
    processing(undefined, (t) =>
      (t as NumericType).asDecimal === false
        ? toNumber
        : nonNull((v) => (typeof v === "string" ? v : String(v))),
    ),
  ],
  ["float", processing(undefined, () => toNumber)],
  [
    "boolean",
    processing(
      () => nonNull((v) => (v ? 1 : 0)),
      () => nonNull((v) => Number(bitValue(v)) !== 0),
    ),
  ],
  ["BIT", processing(undefined, () => nonNull(bitValue))],
  [
    "datetime",
    processing(
      () => writeDateTime,
      () => readDateTime,
    ),
  ],
  [
    "date",
    processing(
      () => nonNull((v) => (v instanceof Date ? formatUtcDate(v) : v)),
      () =>
        nonNull((v) => {
          if (v instanceof Date) return formatUtcDate(v);
          const text = String(v);
          return ZERO_DATE.test(text) ? null : text;
        }),
    ),
  ],
  ["time", processing(undefined, () => nonNull(String))],
  [
    "interval",
    processing(
      () => nonNull((v) => formatUtcDateTime(new Date(Number(v)))),
      () =>
        nonNull((v) => {
          const d = v instanceof Date ? v : parseUtcDateTime(String(v));
          return d === undefined ? v : d.getTime();
        }),
    ),
  ],
  [
    "json",
    processing(
      (t) => (v) => {
        if (v === undefined || v === null) return (t as JSONType).noneAsNull ? null : "null";
        return JSON.stringify(v);
      },
      () => nonNull((v) => JSON.parse(typeof v === "string" ? v : String(v))),
    ),
  ],
  [
    "uuid",
    processing(
      (t, dialect) => (uuidNative(t, dialect) ? undefined : nonNull((v) => hexUuid(String(v)))),
      () => nonNull((v) => canonicalUuid(String(v))),
    ),
  ],
]);
