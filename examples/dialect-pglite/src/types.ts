/**
 * Value conversion for PGlite.
 *
 * PGlite parses results itself, into JavaScript values: int8 to `number` or
 * `bigint` (depending on its size), date and timestamp to `Date` (date as
 * midnight UTC), timestamptz to `Date`, json/jsonb to objects, bytea to
 * `Uint8Array`, booleans, int2/int4/float to numbers; numeric, interval and
 * time stay text.
 *
 * Athanor's generic types promise more than that (see the pg driver's
 * `pg-types.ts` in `@athanor/dialect-postgresql`): `BigInteger` → `bigint`
 * always, `Numeric` → the exact text, naive `DateTime` → `Date` read as UTC,
 * `Date` → `'YYYY-MM-DD'`, `Interval` → milliseconds. The pg driver gets
 * there by keeping six types as PostgreSQL's text and converting them with
 * its result processors (`pgDriverColspecs`). This dialect reuses those
 * processors as they are: it only has to make PGlite hand over the same
 * text, by setting the instance's parsers for those six OIDs (and so, since
 * PGlite's array parsers look up the element parser on the instance, for
 * their arrays too).
 *
 * Parsers are set per PGlite instance (its `parsers` option), never on a
 * shared registry, and each instance here belongs to one connection.
 *
 * | type                     | TypeScript | PGlite alone              | through this dialect        |
 * |--------------------------|------------|---------------------------|-----------------------------|
 * | `BigInteger`             | `bigint`   | `number` below 2^53       | `bigint`                    |
 * | `Numeric`                | `string`   | text                      | exact text                  |
 * | `DateTime` (naive)       | `Date`     | `Date` (as UTC)           | `Date` (as UTC)             |
 * | `DateTime({timezone})`   | `Date`     | `Date`                    | `Date`                      |
 * | `Date`                   | `string`   | `Date` at midnight UTC    | `'YYYY-MM-DD'`              |
 * | `Interval`               | ms number  | text (`00:00:01.5`)       | `1500`                      |
 * | `JSON` / `JSONB`         | value      | parsed                    | parsed                      |
 * | `LargeBinary`            | `Uint8Array` | `Uint8Array`            | `Uint8Array`                |
 * | `ARRAY(T)`               | `T[]`      | parsed, items as above    | parsed, items through T     |
 */
import { PG_RAW_TEXT_OIDS } from "@athanor/dialect-postgresql";

const keepText = (text: string): string => text;

/**
 * The parsers this dialect installs on each PGlite instance: the OIDs the pg
 * driver keeps as text (int8 20, numeric 1700, date 1082, timestamp 1114,
 * timestamptz 1184, interval 1186) return PostgreSQL's text unchanged.
 */
export const pgliteParsers: Readonly<Record<number, (text: string) => unknown>> = Object.freeze(
  Object.fromEntries(PG_RAW_TEXT_OIDS.map((oid) => [oid, keepText])),
);
