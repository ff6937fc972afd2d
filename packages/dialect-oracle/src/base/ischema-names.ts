/**
 * Oracle's catalog type names back to Athanor types, as SQLAlchemy's Oracle
 * dialect maps the `DATA_TYPE`, lengths, precision and scale of
 * `ALL_TAB_COLUMNS`: `NUMBER` with no precision and scale 0 is `INTEGER`,
 * other `NUMBER`s keep their precision and scale (`NUMBER(19)` stays
 * `NUMBER(19, 0)`, as SQLAlchemy does, not BigInteger); `FLOAT(126)` is
 * `DOUBLE PRECISION` and `FLOAT(63)` `REAL`; string lengths are in
 * characters (`CHAR_LENGTH`); `TIMESTAMP(6) WITH TIME ZONE` is a
 * timezone-aware TIMESTAMP.
 */
import {
  BLOB,
  BOOLEAN,
  CHAR,
  CLOB,
  DOUBLE_PRECISION,
  INTEGER,
  NCHAR,
  NullType,
  REAL,
  type TypeEngine,
} from "@athanor/core";
import * as t from "./types.js";

/** The facts of one `ALL_TAB_COLUMNS` row that decide its type. */
export interface OracleColumnTypeSpec {
  dataType: string;
  charLength?: number | null;
  dataLength?: number | null;
  dataPrecision?: number | null;
  dataScale?: number | null;
}

/** Type names with no arguments, after sizes are removed (`TIMESTAMP(6)` → `TIMESTAMP`). */
export const ischemaNames: Readonly<Record<string, () => TypeEngine<unknown>>> = {
  DATE: () => new t.OracleDATEType(),
  BLOB: () => BLOB(),
  BFILE: () => new t.BFILEType(),
  CLOB: () => CLOB(),
  NCLOB: () => new t.NCLOBType(),
  TIMESTAMP: () => new t.OracleTIMESTAMPType(),
  "INTERVAL DAY TO SECOND": () => new t.INTERVALType(true),
  RAW: () => new t.RAWType(),
  FLOAT: () => new t.OracleFLOATType(),
  "DOUBLE PRECISION": () => DOUBLE_PRECISION(),
  REAL: () => REAL(),
  LONG: () => new t.LONGType(),
  BINARY_DOUBLE: () => new t.BINARY_DOUBLEType(),
  BINARY_FLOAT: () => new t.BINARY_FLOATType(),
  ROWID: () => new t.ROWIDType(),
  BOOLEAN: () => BOOLEAN(),
  JSON: () => new t.OracleJSONType(),
};

const int = (v: number | null | undefined): number | undefined =>
  v === null || v === undefined || Number.isNaN(Number(v)) ? undefined : Number(v);

/**
 * The Athanor type of a column of `ALL_TAB_COLUMNS`. An unknown name
 * (`INTERVAL YEAR TO MONTH`, `VECTOR`, `XMLTYPE`, object types) becomes
 * `NullType`, and `warn` is told.
 */
export function oracleTypeFromCatalog(
  spec: OracleColumnTypeSpec,
  warn: (message: string) => void = () => undefined,
  columnName = "?",
): TypeEngine<unknown> {
  const dataType = spec.dataType;
  const precision = int(spec.dataPrecision);
  switch (dataType) {
    case "NUMBER": {
      const scale = int(spec.dataScale);
      if (precision === undefined && scale === 0) return INTEGER();
      return new t.NUMBERType(precision, scale);
    }
    case "FLOAT":
      if (precision === 126) return DOUBLE_PRECISION();
      if (precision === 63) return REAL();
      return new t.OracleFLOATType(precision === undefined ? {} : { binaryPrecision: precision });
    case "VARCHAR2":
      return new t.VARCHAR2Type(int(spec.charLength));
    case "NVARCHAR2":
      return new t.NVARCHAR2Type(int(spec.charLength));
    case "CHAR":
      return CHAR(int(spec.charLength));
    case "NCHAR":
      return NCHAR(int(spec.charLength));
    case "RAW":
      return new t.RAWType(int(spec.dataLength));
  }
  if (/WITH LOCAL TIME ZONE/.test(dataType)) return new t.OracleTIMESTAMPType({ localTimezone: true });
  if (/WITH TIME ZONE/.test(dataType)) return new t.OracleTIMESTAMPType({ timezone: true });
  const interval = /^INTERVAL DAY(?:\((\d+)\))? TO SECOND(?:\((\d+)\))?$/.exec(dataType);
  if (interval !== null) {
    const day = interval[1] === undefined ? undefined : Number(interval[1]);
    const second = interval[2] === undefined ? undefined : Number(interval[2]);
    return new t.INTERVALType(true, second, day);
  }
  const factory = ischemaNames[dataType.replace(/\(\d+\)/g, "")];
  if (factory === undefined) {
    warn(`Did not recognize type '${dataType}' of column '${columnName}'`);
    return new NullType();
  }
  return factory();
}
