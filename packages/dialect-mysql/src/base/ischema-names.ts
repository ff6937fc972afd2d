/**
 * MySQL's catalog type names back to Athanor types (SQLAlchemy's
 * `ischema_names` and the type half of `MySQLTableDefinitionParser`): a
 * `COLUMN_TYPE` of `information_schema.COLUMNS` such as
 * `decimal(10,2) unsigned zerofill`, `varchar(30)` or `enum('a','b')`
 * becomes the MySQL type with its arguments, character set and collation.
 */
import {
  BINARY,
  BLOB,
  BOOLEAN,
  DATE,
  JSON as JSONFactory,
  NullType,
  type TypeEngine,
  UUID,
  VARBINARY,
} from "@athanor/core";
import * as t from "./types.js";

/** The parts of a `COLUMN_TYPE`. */
export interface MySQLColumnTypeSpec {
  /** The lower-case type name: `varchar`, `int`, `enum`. */
  name: string;
  /** Numeric arguments (`(10,2)`), or the quoted values of `ENUM` / `SET`, unquoted. */
  args: (number | string)[];
  unsigned: boolean;
  zerofill: boolean;
}

/** Splits `decimal(10,2) unsigned zerofill` / `enum('a','b''c')` into its parts. */
export function parseColumnType(columnType: string): MySQLColumnTypeSpec {
  const m = /^\s*([a-z][a-z0-9 ]*?)\s*(?:\((.*)\))?((?:\s+(?:unsigned|signed|zerofill))*)\s*$/is.exec(
    columnType,
  );
  if (m === null)
    return { name: columnType.trim().toLowerCase(), args: [], unsigned: false, zerofill: false };
  const name = (m[1] ?? "").toLowerCase();
  const rawArgs = m[2];
  const modifiers = (m[3] ?? "").toLowerCase();
  let args: (number | string)[] = [];
  if (rawArgs !== undefined && rawArgs.trim() !== "") {
    args = rawArgs.trim().startsWith("'")
      ? parseQuotedList(rawArgs)
      : rawArgs.split(",").map((a) => Number(a.trim()));
  }
  return { name, args, unsigned: /\bunsigned\b/.test(modifiers), zerofill: /\bzerofill\b/.test(modifiers) };
}

/** `'a','b''c'` → `["a", "b'c"]` (quotes doubled or backslash-escaped). */
export function parseQuotedList(text: string): string[] {
  const out: string[] = [];
  const re = /'((?:''|\\.|[^'\\])*)'/gs;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push((m[1] ?? "").replace(/''/g, "'").replace(/\\(.)/gs, "$1"));
  }
  return out;
}

/** Character set and collation facts of a reflected column (only those that differ from the table's). */
export interface MySQLCharsetSpec {
  charset?: string | undefined;
  collation?: string | undefined;
}

type Factory = (spec: MySQLColumnTypeSpec, cs: MySQLStringOpts) => TypeEngine<unknown>;
type MySQLStringOpts = t.MySQLStringOptions;

const num = (spec: MySQLColumnTypeSpec, i: number): number | undefined => {
  const v = spec.args[i];
  return typeof v === "number" && !Number.isNaN(v) ? v : undefined;
};
const numeric = (spec: MySQLColumnTypeSpec): t.MySQLNumericOptions => ({
  ...(spec.unsigned ? { unsigned: true } : {}),
  ...(spec.zerofill ? { zerofill: true } : {}),
});
const intOpts = (spec: MySQLColumnTypeSpec): t.MySQLIntegerOptions => {
  const width = num(spec, 0);
  return { ...(width !== undefined ? { displayWidth: width } : {}), ...numeric(spec) };
};
const fsp = (spec: MySQLColumnTypeSpec): t.MySQLDateTimeOptions => {
  const f = num(spec, 0);
  return f === undefined ? {} : { fsp: f };
};
const strings = (spec: MySQLColumnTypeSpec): string[] => spec.args.map(String);

/**
 * The catalog type names MySQL and MariaDB report, with the type each
 * becomes. `tinyint(1)` stays `TINYINT(1)` (what `BOOL` creates), as in
 * SQLAlchemy; `json` is MySQL's; MariaDB's JSON is a `longtext` with a
 * `json_valid` check, recognised by the reflector.
 */
export const ischemaNames: Readonly<Record<string, Factory>> = {
  bit: (s) => new t.BITType(num(s, 0)),
  tinyint: (s) => new t.TINYINTType(intOpts(s)),
  smallint: (s) => new t.SMALLINTType(intOpts(s)),
  mediumint: (s) => new t.MEDIUMINTType(intOpts(s)),
  int: (s) => new t.INTEGERType(intOpts(s)),
  integer: (s) => new t.INTEGERType(intOpts(s)),
  bigint: (s) => new t.BIGINTType(intOpts(s)),
  decimal: (s) => new t.DECIMALType(num(s, 0), num(s, 1), numeric(s)),
  numeric: (s) => new t.NUMERICType(num(s, 0), num(s, 1), numeric(s)),
  fixed: (s) => new t.DECIMALType(num(s, 0), num(s, 1), numeric(s)),
  float: (s) => new t.FLOATType(num(s, 0), num(s, 1), numeric(s)),
  double: (s) => new t.DOUBLEType(num(s, 0), num(s, 1), numeric(s)),
  "double precision": (s) => new t.DOUBLEType(num(s, 0), num(s, 1), numeric(s)),
  real: (s) => new t.REALType(num(s, 0), num(s, 1), numeric(s)),
  boolean: () => BOOLEAN(),
  date: () => DATE(),
  datetime: (s) => new t.DATETIMEType(fsp(s)),
  timestamp: (s) => new t.TIMESTAMPType(fsp(s)),
  time: (s) => new t.TIMEType(fsp(s)),
  year: (s) => new t.YEARType(num(s, 0)),
  char: (s, cs) => new t.CHARType(num(s, 0), cs),
  varchar: (s, cs) => new t.VARCHARType(num(s, 0), cs),
  nchar: (s, cs) => new t.NCHARType(num(s, 0), cs),
  nvarchar: (s, cs) => new t.NVARCHARType(num(s, 0), cs),
  tinytext: (_s, cs) => new t.TINYTEXTType(undefined, cs),
  text: (s, cs) => new t.TEXTType(num(s, 0), cs),
  mediumtext: (_s, cs) => new t.MEDIUMTEXTType(undefined, cs),
  longtext: (_s, cs) => new t.LONGTEXTType(undefined, cs),
  enum: (s, cs) => new t.ENUMType(strings(s), cs),
  set: (s, cs) => new t.SETType(strings(s), cs),
  binary: (s) => BINARY(num(s, 0)),
  varbinary: (s) => VARBINARY(num(s, 0)),
  tinyblob: () => new t.TINYBLOBType(),
  blob: (s) => BLOB(num(s, 0)),
  mediumblob: () => new t.MEDIUMBLOBType(),
  longblob: () => new t.LONGBLOBType(),
  json: () => JSONFactory(),
  uuid: () => UUID(),
  inet4: () => new t.INET4Type(),
  inet6: () => new t.INET6Type(),
};

/**
 * The Athanor type of a `COLUMN_TYPE`, with the column's character set and
 * collation where they differ from the table's. An unknown name (spatial
 * types, a plugin's type) becomes `NullType`, and `warn` is told.
 */
export function mysqlTypeFromCatalog(
  columnType: string,
  charset: MySQLCharsetSpec = {},
  warn: (message: string) => void = () => undefined,
  columnName = "?",
): TypeEngine<unknown> {
  const spec = parseColumnType(columnType);
  const factory = ischemaNames[spec.name];
  if (factory === undefined) {
    warn(`Did not recognize type '${spec.name}' of column '${columnName}'`);
    return new NullType();
  }
  const cs: MySQLStringOpts = {
    ...(charset.charset !== undefined ? { charset: charset.charset } : {}),
    ...(charset.collation !== undefined ? { collation: charset.collation } : {}),
  };
  return factory(spec, cs);
}
