/**
 * From a declared SQLite type name back to an Athanor type. SQLite keeps the
 * declared text of a column's type as written and gives it an affinity by
 * rules on that text (https://www.sqlite.org/datatype3.html, section 3.1);
 * known names map to their types, anything else by those rules, as
 * SQLAlchemy's `_resolve_type_affinity`.
 */
import {
  BIGINT,
  BLOB,
  BOOLEAN,
  CHAR,
  DECIMAL,
  DOUBLE,
  FLOAT,
  INTEGER,
  NCHAR,
  NUMERIC,
  NullType,
  NVARCHAR,
  REAL,
  SMALLINT,
  TEXT,
  TIMESTAMP,
  type TypeEngine,
  VARCHAR,
} from "@athanor/core";
import { DATE, DATETIME, SQLiteJSON, JSON as SQLiteJSONType, TIME } from "./types.js";

/** `JSONB` (SQLite 3.45+): SQLite's binary JSON, declared `JSONB`. */
export class SQLiteJSONB<T = unknown> extends SQLiteJSON<T> {
  override readonly visitName: string = "JSONB";
}

/** A type from the numbers in the parentheses of a declared type (`VARCHAR(30)` → `[30]`). */
type Factory = (args: readonly number[]) => TypeEngine<unknown>;

const noArgs =
  (make: () => TypeEngine<unknown>): Factory =>
  (args) => {
    if (args.length > 0) throw new TypeError("no arguments");
    return make();
  };
const len =
  (make: (length?: number) => TypeEngine<unknown>): Factory =>
  (args) => {
    if (args.length > 1) throw new TypeError("one argument");
    return make(args[0]);
  };
const precisionScale =
  (make: (precision?: number, scale?: number) => TypeEngine<unknown>): Factory =>
  (args) => {
    if (args.length > 2) throw new TypeError("two arguments");
    return make(args[0], args[1]);
  };

/** SQLite's known type names (upper case) and the types they reflect as. */
export const sqliteIschemaNames: ReadonlyMap<string, Factory> = new Map<string, Factory>([
  ["BIGINT", noArgs(BIGINT)],
  ["BLOB", len(BLOB)],
  ["BOOL", noArgs(BOOLEAN)],
  ["BOOLEAN", noArgs(BOOLEAN)],
  ["CHAR", len(CHAR)],
  ["DATE", noArgs(DATE)],
  ["DATE_CHAR", noArgs(DATE)],
  ["DATETIME", noArgs(() => DATETIME())],
  ["DATETIME_CHAR", noArgs(() => DATETIME())],
  ["DOUBLE", noArgs(DOUBLE)],
  ["DECIMAL", precisionScale(DECIMAL)],
  ["FLOAT", len(FLOAT)],
  ["INT", noArgs(INTEGER)],
  ["INTEGER", noArgs(INTEGER)],
  ["JSON", noArgs(() => SQLiteJSONType())],
  ["JSONB", noArgs(() => new SQLiteJSONB())],
  ["NUMERIC", precisionScale(NUMERIC)],
  ["REAL", noArgs(REAL)],
  ["SMALLINT", noArgs(SMALLINT)],
  ["TEXT", len(TEXT)],
  ["TIME", noArgs(() => TIME())],
  ["TIME_CHAR", noArgs(() => TIME())],
  ["TIMESTAMP", noArgs(() => TIMESTAMP())],
  ["VARCHAR", len(VARCHAR)],
  ["NVARCHAR", len(NVARCHAR)],
  ["NCHAR", len(NCHAR)],
]);

/**
 * The Athanor type of a declared SQLite type: a known name with its
 * arguments, or by SQLite's affinity rules (`INT` anywhere → `INTEGER`;
 * `CHAR`, `CLOB`, `TEXT` → `TEXT`; `BLOB` or nothing → `NullType`; `REAL`,
 * `FLOA`, `DOUB` → `REAL`; otherwise `NUMERIC`). Arguments a type does not
 * take are dropped with a warning.
 */
export function resolveTypeAffinity(declared: string, warn: (message: string) => void): TypeEngine<unknown> {
  const m = /^([\w ]+)(\(.*?\))?/.exec(declared.toUpperCase());
  const name = m?.[1]?.trim() ?? "";
  const argText = m?.[2];
  let factory = sqliteIschemaNames.get(name);
  if (factory === undefined) {
    if (name.includes("INT")) factory = noArgs(INTEGER);
    else if (name.includes("CHAR") || name.includes("CLOB") || name.includes("TEXT")) factory = len(TEXT);
    else if (name.includes("BLOB") || name === "") factory = noArgs(() => new NullType());
    else if (name.includes("REAL") || name.includes("FLOA") || name.includes("DOUB")) factory = noArgs(REAL);
    else factory = precisionScale(NUMERIC);
  }
  const args = argText === undefined ? [] : [...argText.matchAll(/\d+/g)].map((d) => Number(d[0]));
  try {
    return factory(args);
  } catch {
    warn(
      `Could not instantiate type ${declared} with reflected arguments [${args.join(", ")}]; using no arguments.`,
    );
    return factory([]);
  }
}
