/**
 * From PostgreSQL's catalog type names (`format_type(atttypid, atttypmod)`:
 * `character varying(30)`, `numeric(10,2)`, `timestamp(3) with time zone`,
 * `interval day to second(2)`, `integer[]`, `"MyEnum"`, `other.mood`) back to
 * Athanor types, as SQLAlchemy's `ischema_names` and `_reflect_type`.
 */
import {
  BIGINT,
  BOOLEAN,
  CHAR,
  DATE,
  DOUBLE_PRECISION,
  INTEGER,
  NUMERIC,
  NullType,
  REAL,
  SMALLINT,
  String as SqlString,
  StringType,
  TEXT,
  type TypeEngine,
  VARCHAR,
} from "@athanor/core";
import {
  ARRAY,
  BIT,
  BYTEA,
  CIDR,
  CITEXT,
  ENUM,
  HSTORE,
  INET,
  INTERVAL,
  JSONB,
  JSONPATH,
  MACADDR,
  MACADDR8,
  MONEY,
  OID,
  JSON as PgJSON,
  REGCLASS,
  REGCONFIG,
  TIME,
  TIMESTAMP,
  TSQUERY,
  TSVECTOR,
  UUID,
} from "./types.js";

/** A type from the arguments in parentheses (as strings) and the collation. */
type Factory = (args: readonly string[], collation: string | undefined) => TypeEngine<unknown>;

const int = (s: string | undefined): number | undefined =>
  s === undefined ? undefined : Number.parseInt(s, 10);
const plain =
  (make: () => TypeEngine<unknown>): Factory =>
  () =>
    make();
const stringOf =
  (make: (length?: number, options?: { collation?: string }) => TypeEngine<unknown>): Factory =>
  (args, collation) =>
    make(int(args[0]), collation !== undefined ? { collation } : {});

/** PostgreSQL's type names (as `format_type` prints them, without arguments) and their types. */
export const pgIschemaNames: ReadonlyMap<string, Factory> = new Map<string, Factory>([
  ["integer", plain(INTEGER)],
  ["bigint", plain(BIGINT)],
  ["smallint", plain(SMALLINT)],
  ["character varying", stringOf(VARCHAR)],
  ["character", stringOf(CHAR)],
  ['"char"', stringOf(SqlString)],
  ["name", stringOf(SqlString)],
  ["text", stringOf((_l, o) => TEXT(undefined, o))],
  ["citext", plain(() => CITEXT())],
  ["numeric", (args) => (args.length === 2 ? NUMERIC(int(args[0]), int(args[1])) : NUMERIC(int(args[0])))],
  ["real", plain(REAL)],
  ["double precision", plain(DOUBLE_PRECISION)],
  ["boolean", plain(BOOLEAN)],
  ["date", plain(DATE)],
  ["timestamp", (a) => TIMESTAMP(precision(a, false))],
  ["timestamp without time zone", (a) => TIMESTAMP(precision(a, false))],
  ["timestamp with time zone", (a) => TIMESTAMP(precision(a, true))],
  ["time", (a) => TIME(precision(a, false))],
  ["time without time zone", (a) => TIME(precision(a, false))],
  ["time with time zone", (a) => TIME(precision(a, true))],
  ["bytea", plain(BYTEA)],
  ["json", plain(() => PgJSON())],
  ["jsonb", plain(() => JSONB())],
  ["jsonpath", plain(JSONPATH)],
  ["uuid", plain(UUID)],
  ["inet", plain(INET)],
  ["cidr", plain(CIDR)],
  ["macaddr", plain(MACADDR)],
  ["macaddr8", plain(MACADDR8)],
  ["money", plain(MONEY)],
  ["oid", plain(OID)],
  ["regclass", plain(REGCLASS)],
  ["regconfig", plain(REGCONFIG)],
  ["tsvector", plain(TSVECTOR)],
  ["tsquery", plain(TSQUERY)],
  ["hstore", plain(HSTORE)],
  ["bit", (a) => BIT(int(a[0]) ?? 1)],
  ["bit varying", (a) => BIT(int(a[0]), true)],
]);

function precision(args: readonly string[], timezone: boolean): { timezone: boolean; precision?: number } {
  const p = int(args[0]);
  return p === undefined ? { timezone } : { timezone, precision: p };
}

/** A native enum known to the database. */
export interface ReflectedEnum {
  name: string;
  schema: string;
  /** Whether it is on the search path (so its name needs no schema). */
  visible: boolean;
  labels: string[];
}

/** A domain: reflected as its base type (Athanor has no DOMAIN type). */
export interface ReflectedDomain {
  name: string;
  schema: string;
  visible: boolean;
  /** `format_type` of the base type. */
  type: string;
}

/** Enums and domains by the name `format_type` prints (`mood`, `other.mood`, `"Mood"`). */
export interface NamedTypes {
  enums: ReadonlyMap<string, ReflectedEnum>;
  domains: ReadonlyMap<string, ReflectedDomain>;
}

/** Splits `other."My Type"` into unquoted parts. */
export function splitQualified(name: string): string[] {
  const parts: string[] = [];
  const re = /"((?:[^"]|"")*)"|([^."]+)/g;
  for (const m of name.matchAll(re)) parts.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? ""));
  return parts;
}

/** Whether `formatType` is a name (and not a built-in) that could be an enum or domain. */
export function namedTypeKey(parts: readonly string[]): string {
  return parts.join(".");
}

/** The parts of a `format_type` string: base name, arguments, array dimensions. */
export function splitFormatType(formatType: string): { base: string; args: string[]; dims: number } {
  const dimsMatch = /((?:\[\])*)$/.exec(formatType);
  const dims = (dimsMatch?.[1]?.length ?? 0) / 2;
  let rest = formatType.slice(0, formatType.length - (dimsMatch?.[1]?.length ?? 0));
  const argsMatch = /\((.*)\)/.exec(rest);
  const args = argsMatch?.[1] ? argsMatch[1].split(/\s*,\s*/) : [];
  rest = rest.replace(/\((.*)\)/, "").trim();
  return { base: rest, args, dims };
}

/**
 * The Athanor type of a `format_type` string. Unknown names are looked up in
 * the database's enums (→ `ENUM` with its labels and name, and its schema when
 * not on the search path) and domains (→ the domain's base type); anything
 * else is `NullType`, with a warning.
 */
export function reflectPgType(
  formatType: string | null,
  named: NamedTypes,
  collation: string | undefined,
  describe: string,
  warn: (message: string) => void,
): TypeEngine<unknown> {
  if (formatType === null) {
    warn(`PostgreSQL format_type() returned NULL for ${describe}`);
    return new NullType();
  }
  const { base, args, dims } = splitFormatType(formatType);
  let type: TypeEngine<unknown> | undefined;
  const factory = pgIschemaNames.get(base.toLowerCase());
  if (factory !== undefined) {
    type = factory(args, collation);
  } else if (base === "interval" || base.startsWith("interval ")) {
    const fields = base.length > "interval".length ? base.slice("interval ".length) : undefined;
    const p = int(args[0]);
    type = INTERVAL({
      ...(fields !== undefined ? { fields: fields.toUpperCase() } : {}),
      ...(p !== undefined ? { precision: p } : {}),
    });
  } else {
    const key = namedTypeKey(splitQualified(base));
    const e = named.enums.get(key);
    const d = named.domains.get(key);
    if (e !== undefined) {
      type = ENUM(e.labels, { name: e.name, ...(e.visible ? {} : { schema: e.schema }), createType: true });
    } else if (d !== undefined) {
      type = reflectPgType(d.type, named, collation, `DOMAIN '${d.name}'`, warn);
    }
  }
  if (type === undefined) {
    warn(`Did not recognize type '${base}' of ${describe}`);
    return new NullType();
  }
  if (collation !== undefined && type instanceof StringType && type.collation === undefined) {
    const Ctor = type.constructor as new (length?: number, options?: { collation?: string }) => StringType;
    type = new Ctor(type.length, { collation });
  }
  // PostgreSQL does not keep the number of dimensions of an array column.
  return dims >= 1 ? ARRAY(type) : type;
}
