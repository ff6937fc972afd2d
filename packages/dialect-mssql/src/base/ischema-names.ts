/**
 * SQL Server's catalog type names back to Athanor types, as SQLAlchemy's
 * `mssql` dialect maps `sys.types` names with the `max_length`, `precision`,
 * `scale` and `collation_name` of `sys.columns`: a `max_length` of -1 is
 * `(max)`, so no length (`NVARCHAR(max)` → NVARCHAR with no length);
 * `NVARCHAR` / `NCHAR` lengths are bytes in the catalog and halved here;
 * `DECIMAL` / `NUMERIC` keep precision and scale, `FLOAT` its precision;
 * `DATETIME2`, `DATETIMEOFFSET` and `TIME` keep a fractional precision other
 * than the default 7.
 */
import {
  BIGINT,
  BINARY,
  CHAR,
  DATE,
  DATETIME,
  DECIMAL,
  FLOAT,
  INTEGER,
  NCHAR,
  NUMERIC,
  NullType,
  NVARCHAR,
  SMALLINT,
  TEXT,
  TIMESTAMP,
  type TypeEngine,
  VARCHAR,
} from "@athanor/core";
import * as t from "./types.js";

/** The facts of one `sys.columns` row that decide its type. */
export interface MSSQLColumnTypeSpec {
  /** `sys.types.name` of the column's type (a user type's base type is tried next). */
  typeName: string;
  baseType?: string | null;
  maxLength?: number | null;
  precision?: number | null;
  scale?: number | null;
  collation?: string | null;
}

type Factory = (s: Required<MSSQLColumnTypeSpec>) => TypeEngine<unknown>;

const len = (s: Required<MSSQLColumnTypeSpec>, divisor = 1): number | undefined =>
  s.maxLength === null || s.maxLength === -1 ? undefined : Math.trunc(s.maxLength / divisor);
const coll = (s: Required<MSSQLColumnTypeSpec>) => (s.collation === null ? {} : { collation: s.collation });
/** The fractional-seconds precision unless it is the default 7. */
const fsp = (s: Required<MSSQLColumnTypeSpec>): number | undefined =>
  s.scale === null || s.scale === 7 ? undefined : s.scale;

/** The names of `sys.types`, with the type each becomes. */
export const ischemaNames: Readonly<Record<string, Factory>> = {
  int: () => INTEGER(),
  bigint: () => BIGINT(),
  smallint: () => SMALLINT(),
  tinyint: () => new t.TINYINTType(),
  bit: () => new t.BITType(),
  decimal: (s) => DECIMAL(s.precision ?? undefined, s.scale ?? undefined),
  numeric: (s) => NUMERIC(s.precision ?? undefined, s.scale ?? undefined),
  float: (s) => FLOAT(s.precision ?? undefined),
  real: () => new t.MSSQLREALType(),
  "double precision": () => new t.MSSQLDOUBLE_PRECISIONType(),
  money: () => new t.MONEYType(),
  smallmoney: () => new t.SMALLMONEYType(),
  varchar: (s) => VARCHAR(len(s), coll(s)),
  char: (s) => CHAR(len(s), coll(s)),
  nvarchar: (s) => NVARCHAR(len(s, 2), coll(s)),
  nchar: (s) => NCHAR(len(s, 2), coll(s)),
  text: (s) => TEXT(undefined, coll(s)),
  ntext: (s) => new t.NTEXTType(undefined, coll(s)),
  xml: () => new t.XMLType(),
  date: () => DATE(),
  datetime: () => DATETIME(),
  datetime2: (s) => new t.DATETIME2Type(fsp(s)),
  datetimeoffset: (s) => new t.DATETIMEOFFSETType(fsp(s)),
  smalldatetime: () => new t.SMALLDATETIMEType(),
  time: (s) => new t.MSSQLTIMEType(fsp(s)),
  binary: (s) => BINARY(len(s)),
  varbinary: (s) => new t.MSSQLVARBINARYType(len(s)),
  image: () => new t.IMAGEType(),
  // SQL Server reports ROWVERSION columns as `timestamp`, as SQLAlchemy reflects them.
  timestamp: () => TIMESTAMP(),
  rowversion: () => new t.ROWVERSIONType(),
  uniqueidentifier: () => new t.UNIQUEIDENTIFIERType(),
  sql_variant: () => new t.SQL_VARIANTType(),
};

/**
 * The Athanor type of a column. The type's own name is tried first (a user
 * type such as `sysname`), then its base type; an unknown name (`geography`,
 * `hierarchyid`) becomes `NullType`, and `warn` is told.
 */
export function mssqlTypeFromCatalog(
  spec: MSSQLColumnTypeSpec,
  warn: (message: string) => void = () => undefined,
  columnName = "?",
): TypeEngine<unknown> {
  const full: Required<MSSQLColumnTypeSpec> = {
    typeName: spec.typeName,
    baseType: spec.baseType ?? null,
    maxLength: spec.maxLength ?? null,
    precision: spec.precision ?? null,
    scale: spec.scale ?? null,
    collation: spec.collation ?? null,
  };
  const name = spec.typeName.toLowerCase();
  const base = spec.baseType?.toLowerCase();
  const factory = ischemaNames[name] ?? (base !== undefined ? ischemaNames[base] : undefined);
  if (factory === undefined) {
    warn(
      base !== undefined && base !== name
        ? `Did not recognize type '${spec.typeName}' (user type) or '${spec.baseType}' (base type) of column '${columnName}'`
        : `Did not recognize type '${spec.typeName}' of column '${columnName}'`,
    );
    return new NullType();
  }
  return factory(full);
}
