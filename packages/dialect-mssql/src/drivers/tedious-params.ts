/**
 * Parameters for tedious, which needs a SQL Server type for every parameter
 * (`request.addParameter("P1", TYPES.Int, 5)`). The type is inferred from the
 * JavaScript value; a bind processor that knows better (a NULL for a
 * VARBINARY column, a UNIQUEIDENTIFIER) wraps the value with {@link tdsTyped}.
 */

const TYPED = Symbol.for("athanor.mssql.tdsTyped");

/** The names of the tedious `TYPES` entries Athanor binds with. */
export type TdsTypeName =
  | "NVarChar"
  | "Int"
  | "BigInt"
  | "Float"
  | "Bit"
  | "DateTime2"
  | "DateTimeOffset"
  | "Date"
  | "Time"
  | "VarBinary"
  | "UniqueIdentifier"
  | "Decimal";

/** Options of a tedious parameter (`length`, `precision`, `scale`). */
export interface TdsParamOptions {
  length?: number;
  precision?: number;
  scale?: number;
}

/** A value with the SQL Server type to bind it as. */
export interface TdsTypedValue {
  readonly [TYPED]: true;
  readonly type: TdsTypeName;
  readonly value: unknown;
  readonly options?: TdsParamOptions | undefined;
}

/** Wraps a value so it is bound as the given tedious type rather than the inferred one. */
export function tdsTyped(type: TdsTypeName, value: unknown, options?: TdsParamOptions): TdsTypedValue {
  return { [TYPED]: true, type, value, options };
}

/** Whether a value was wrapped by {@link tdsTyped}. */
export function isTdsTyped(value: unknown): value is TdsTypedValue {
  return typeof value === "object" && value !== null && (value as { [TYPED]?: boolean })[TYPED] === true;
}

/** A parameter as tedious takes it: the `TYPES` name, the value, the options. */
export interface TdsParam {
  readonly type: TdsTypeName;
  readonly value: unknown;
  readonly options?: TdsParamOptions | undefined;
}

const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);

/**
 * The tedious type of a value: `null` → NVarChar (SQL Server converts a NULL
 * nvarchar to most types), string → NVarChar, integer → Int (or BigInt
 * beyond 32 bits), other numbers → Float, bigint → BigInt, boolean → Bit,
 * Date → DateTime2 (with `useUTC`, its UTC wall clock), bytes → VarBinary.
 *
 * @throws TypeError for values SQL Server cannot take (objects, arrays, symbols).
 */
export function tdsParam(value: unknown): TdsParam {
  if (isTdsTyped(value)) return { type: value.type, value: value.value, options: value.options };
  if (value === null || value === undefined) return { type: "NVarChar", value: null };
  switch (typeof value) {
    case "string":
      return { type: "NVarChar", value };
    case "boolean":
      return { type: "Bit", value };
    case "bigint":
      return { type: "BigInt", value };
    case "number":
      if (Number.isInteger(value)) {
        if (value >= INT_MIN && value <= INT_MAX) return { type: "Int", value };
        if (Number.isSafeInteger(value)) return { type: "BigInt", value };
      }
      return { type: "Float", value };
    default:
      break;
  }
  if (value instanceof Date) return { type: "DateTime2", value, options: { scale: 7 } };
  if (value instanceof Uint8Array) {
    const buf = Buffer.isBuffer(value)
      ? value
      : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { type: "VarBinary", value: buf };
  }
  throw new TypeError(
    `cannot bind a value of type ${Array.isArray(value) ? "array" : typeof value} as a SQL Server parameter; ` +
      "give the column a type whose bind processor converts it (JSON, for instance)",
  );
}

/**
 * The parameter names of a statement compiled with `@P1, @P2, ...`: tedious
 * declares them without the `@`, in order.
 */
export function tdsParamName(index: number): string {
  return `P${index + 1}`;
}
