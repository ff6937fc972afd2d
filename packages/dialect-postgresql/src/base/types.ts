/**
 * PostgreSQL's own types, and the PostgreSQL forms of the generic ones.
 * Each is exported as a factory callable bare or with arguments
 * (`new Column(JSONB)`, `ARRAY(Integer, { dimensions: 2 })`).
 */
import {
  ARRAYType,
  type BindProcessor,
  type DateTimeOptions,
  DateTimeType,
  type Dialect,
  type EnumOptions,
  EnumType,
  IntervalType,
  JSONType,
  type ResultProcessor,
  StringType,
  TimeType,
  type TypeAffinity,
  TypeEngine,
  type TypeEngineLike,
  UuidType,
} from "@athanor/core";

/** Marks types whose values PostgreSQL compares by containment (`@>`, `<@`): ARRAY, JSONB, HSTORE, ranges. */
export const PG_CONTAINABLE: unique symbol = Symbol.for("athanor.postgresql.containable");
/** Marks JSONB, whose `hasKey()` and friends are PostgreSQL operators. */
export const PG_JSONB: unique symbol = Symbol.for("athanor.postgresql.jsonb");

/** A type with a fixed DDL name and no arguments (`INET`, `TSVECTOR`, ...). */
export abstract class PGSimpleType<T = unknown> extends TypeEngine<T> {}

function simple<T>(name: string, affinity: TypeAffinity): new () => PGSimpleType<T> {
  class Simple extends PGSimpleType<T> {
    readonly visitName: string = name;
    readonly affinity: TypeAffinity = affinity;
  }
  Object.defineProperty(Simple, "name", { value: `${name}Type` });
  return Simple;
}

/** `JSON`: stored as text, indexed with `->` / `->>` / `#>` / `#>>`. */
export class PGJSON<T = unknown> extends JSONType<T> {
  override bindProcessor(_dialect: Dialect): BindProcessor {
    return (value) => (value === null && this.noneAsNull ? null : globalThis.JSON.stringify(value));
  }
}

/** `JSONB`: binary JSON, with containment (`@>`), key tests (`?`, `?&`, `?|`) and subscripts (14+). */
export class PGJSONB<T = unknown> extends PGJSON<T> {
  override readonly visitName: string = "JSONB";
  readonly [PG_CONTAINABLE] = true;
  readonly [PG_JSONB] = true;
  override get containmentOperators(): boolean {
    return true;
  }
}

/** `JSONPATH` (a SQL/JSON path expression). */
export const JSONPATHType = simple<string>("JSONPATH", "string");

/** Options of `ARRAY`. */
export interface ARRAYOptions {
  /** The number of dimensions; DDL renders `[]` once per dimension. */
  dimensions?: number;
  /** Index values from 0 in the expression language, 1 in SQL. Default `false`. */
  zeroIndexes?: boolean;
}

/** PostgreSQL `ARRAY`: indexing, slices, `ANY`/`ALL`, containment and overlap. */
export class PGARRAY<T = unknown> extends ARRAYType<T> {
  readonly [PG_CONTAINABLE] = true;
  readonly zeroIndexes: boolean;
  override get containmentOperators(): boolean {
    return true;
  }
  constructor(itemType: TypeEngineLike<T>, options: ARRAYOptions = {}) {
    super(itemType, options.dimensions);
    this.zeroIndexes = options.zeroIndexes ?? false;
  }
}

/** Options of `ENUM`. */
export interface PGEnumOptions extends EnumOptions {
  /** Emit `CREATE TYPE` / `DROP TYPE` with the table. Default `true`. */
  createType?: boolean;
}

/** A native enum type, `CREATE TYPE name AS ENUM (...)`; its name is required. */
export class PGENUM<E extends string = string> extends EnumType<E> {
  override readonly visitName: string = "ENUM";
  readonly createType: boolean;
  constructor(enums: readonly E[], options: PGEnumOptions = {}) {
    super(enums, { ...options, nativeEnum: true });
    this.createType = options.createType ?? true;
  }
}

/** Options of `INTERVAL`. */
export interface IntervalOptions {
  /** `YEAR`, `DAY TO SECOND`, ... */
  fields?: string;
  /** Fractional digits of the seconds. */
  precision?: number;
}

/** `INTERVAL [fields] [(p)]`. */
export class PGINTERVAL extends IntervalType {
  override readonly visitName: string = "INTERVAL";
  readonly fields: string | undefined;
  readonly precision: number | undefined;
  constructor(options: IntervalOptions = {}) {
    super(true, options.precision);
    this.fields = options.fields;
    this.precision = options.precision;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.fields, this.precision];
  }
}

/** Options of `TIMESTAMP` and `TIME`. */
export interface PGTimeOptions extends DateTimeOptions {
  /** Fractional digits of the seconds. */
  precision?: number;
}

/** `TIMESTAMP[(p)] WITH[OUT] TIME ZONE`. */
export class PGTIMESTAMP extends DateTimeType {
  override readonly visitName: string = "TIMESTAMP";
  readonly precision: number | undefined;
  constructor(options: PGTimeOptions = {}) {
    super(options);
    this.precision = options.precision;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.timezone, this.precision];
  }
}

/** `TIME[(p)] WITH[OUT] TIME ZONE`. */
export class PGTIME extends TimeType {
  override readonly visitName: string = "TIME";
  readonly precision: number | undefined;
  constructor(options: PGTimeOptions = {}) {
    super(options);
    this.precision = options.precision;
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.timezone, this.precision];
  }
}

/** Native `UUID`. */
export class PGUUID extends UuidType {
  override readonly visitName: string = "UUID";
  constructor() {
    super(true);
  }
}

/** `BIT(n)` or `BIT VARYING(n)`. */
export class PGBIT extends TypeEngine<string> {
  readonly visitName: string = "BIT";
  readonly affinity: TypeAffinity = "string";
  constructor(
    readonly length?: number,
    readonly varying = false,
  ) {
    super();
  }
  protected override keyArgs(): readonly unknown[] {
    return [this.length, this.varying];
  }
}

/** `CITEXT`, the case-insensitive text of the citext extension. */
export class PGCITEXT extends StringType {
  override readonly visitName: string = "CITEXT";
}

/** `HSTORE`, string key/value pairs (the hstore extension). */
export class PGHSTORE extends TypeEngine<Record<string, string | null>> {
  readonly visitName: string = "HSTORE";
  readonly affinity: TypeAffinity = "other";
  readonly [PG_CONTAINABLE] = true;
  override get containmentOperators(): boolean {
    return true;
  }
  override bindProcessor(_dialect: Dialect): BindProcessor {
    return (value) => {
      if (value === null || value === undefined) return null;
      return Object.entries(value as Record<string, string | null>)
        .map(([k, v]) => `${hstoreQuote(k)}=>${v === null ? "NULL" : hstoreQuote(v)}`)
        .join(", ");
    };
  }
  override resultProcessor(_dialect: Dialect): ResultProcessor {
    return (value) => (typeof value === "string" ? parseHstore(value) : value);
  }
}

function hstoreQuote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function parseHstore(text: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const re = /"((?:[^"\\]|\\.)*)"\s*=>\s*(?:"((?:[^"\\]|\\.)*)"|(NULL))/g;
  const unq = (s: string) => s.replace(/\\(.)/g, "$1");
  for (const m of text.matchAll(re)) out[unq(m[1] ?? "")] = m[3] !== undefined ? null : unq(m[2] ?? "");
  return out;
}

export const BYTEAType = simple<Uint8Array>("BYTEA", "binary");
export const TSVECTORType = simple<string>("TSVECTOR", "string");
export const TSQUERYType = simple<string>("TSQUERY", "string");
export const INETType = simple<string>("INET", "string");
export const CIDRType = simple<string>("CIDR", "string");
export const MACADDRType = simple<string>("MACADDR", "string");
export const MACADDR8Type = simple<string>("MACADDR8", "string");
export const MONEYType = simple<string>("MONEY", "numeric");
export const OIDType = simple<number>("OID", "integer");
export const REGCLASSType = simple<string>("REGCLASS", "string");
export const REGCONFIGType = simple<string>("REGCONFIG", "string");

// ---- factories ----------------------------------------------------------------------

/** `JSON`. */
export const JSON = <T = unknown>(noneAsNull?: boolean): PGJSON<T> => new PGJSON<T>(noneAsNull);
/** `JSONB`. */
export const JSONB = <T = unknown>(noneAsNull?: boolean): PGJSONB<T> => new PGJSONB<T>(noneAsNull);
/** `JSONPATH`. */
export const JSONPATH = (): PGSimpleType<string> => new JSONPATHType();
/** `ARRAY(itemType, { dimensions })`; DDL `item[]`. */
export const ARRAY = <T>(itemType: TypeEngineLike<T>, options?: ARRAYOptions): PGARRAY<T> =>
  new PGARRAY(itemType, options);
/** `ENUM(["a", "b"], { name: "mood" })`: a named native enum. */
export const ENUM = <const E extends string>(enums: readonly E[], options?: PGEnumOptions): PGENUM<E> =>
  new PGENUM(enums, options);
/** `INTERVAL`, with optional fields and precision. */
export const INTERVAL = (options?: IntervalOptions): PGINTERVAL => new PGINTERVAL(options);
/** `TIMESTAMP WITHOUT TIME ZONE` (or `WITH` with `{ timezone: true }`). */
export const TIMESTAMP = (options?: PGTimeOptions): PGTIMESTAMP => new PGTIMESTAMP(options);
/** `TIME WITHOUT TIME ZONE` (or `WITH` with `{ timezone: true }`). */
export const TIME = (options?: PGTimeOptions): PGTIME => new PGTIME(options);
/** Native `UUID`. */
export const UUID = (): PGUUID => new PGUUID();
/** `BIT(n)`; `BIT(n, true)` is `BIT VARYING(n)`. */
export const BIT = (length?: number, varying?: boolean): PGBIT =>
  new PGBIT(length ?? (varying ? undefined : 1), varying);
/** `CITEXT`. */
export const CITEXT = (length?: number): PGCITEXT => new PGCITEXT(length);
/** `HSTORE`. */
export const HSTORE = (): PGHSTORE => new PGHSTORE();
/** `BYTEA`. */
export const BYTEA = (): PGSimpleType<Uint8Array> => new BYTEAType();
/** `TSVECTOR` (full-text search document). */
export const TSVECTOR = (): PGSimpleType<string> => new TSVECTORType();
/** `TSQUERY` (full-text search query). */
export const TSQUERY = (): PGSimpleType<string> => new TSQUERYType();
/** `INET`. */
export const INET = (): PGSimpleType<string> => new INETType();
/** `CIDR`. */
export const CIDR = (): PGSimpleType<string> => new CIDRType();
/** `MACADDR`. */
export const MACADDR = (): PGSimpleType<string> => new MACADDRType();
/** `MACADDR8`. */
export const MACADDR8 = (): PGSimpleType<string> => new MACADDR8Type();
/** `MONEY`. */
export const MONEY = (): PGSimpleType<string> => new MONEYType();
/** `OID`. */
export const OID = (): PGSimpleType<number> => new OIDType();
/** `REGCLASS`. */
export const REGCLASS = (): PGSimpleType<string> => new REGCLASSType();
/** `REGCONFIG` (a text search configuration name). */
export const REGCONFIG = (): PGSimpleType<string> => new REGCONFIGType();

/** Whether `type` is one PostgreSQL compares by containment (`@>`). */
export function isContainable(type: TypeEngine<unknown>): boolean {
  return (type as unknown as Record<symbol, unknown>)[PG_CONTAINABLE] === true;
}

/** Whether `type` is JSONB. */
export function isJsonb(type: TypeEngine<unknown>): boolean {
  return (type as unknown as Record<symbol, unknown>)[PG_JSONB] === true;
}

/** Keeps the DDL name and variants of the type being adapted. */
function keepName<T extends TypeEngine<unknown>>(from: TypeEngine<unknown>, impl: T): T {
  if (impl.visitName !== from.visitName) Object.defineProperty(impl, "visitName", { value: from.visitName });
  impl.variants = from.variants;
  return impl;
}

/** PostgreSQL's implementations of the generic types, keyed by generic visit name or affinity. */
export const pgColspecs: ReadonlyMap<string, (type: TypeEngine<unknown>) => TypeEngine<unknown>> = new Map<
  string,
  (type: TypeEngine<unknown>) => TypeEngine<unknown>
>([
  ["jsonPath", (t) => t],
  ["json", (t) => (t instanceof PGJSON ? t : keepName(t, new PGJSON((t as JSONType).noneAsNull)))],
  [
    "array",
    (t) => {
      if (t instanceof PGARRAY) return t;
      const a = t as ARRAYType;
      return keepName(
        t,
        new PGARRAY(a.itemType, a.dimensions !== undefined ? { dimensions: a.dimensions } : {}),
      );
    },
  ],
]);
