/**
 * Column defaults and generated values: client-side defaults, server
 * defaults (`DEFAULT ...` in DDL), sequences, identity and computed columns.
 */
import type { CompileKw, SQLCompiler } from "../compiler/sql-compiler.js";
import { ClauseElement, type Internals, isClauseElement } from "../elements/base.js";
import { ColumnElement, INTEGERTYPE } from "../elements/column-element.js";
import type { TypeEngine } from "../types/type-engine.js";

/** A value, SQL expression or function computed on the client when a row is inserted or updated. */
export class ColumnDefault {
  constructor(
    /** A plain value, a SQL expression, or a function of the execution context. */
    readonly arg: unknown,
    readonly forUpdate = false,
  ) {}
  /** Whether the default is a SQL expression rendered into the statement. */
  get isClauseElement(): boolean {
    return isClauseElement(this.arg);
  }
  /** Whether the default is computed by a function at execution time. */
  get isCallable(): boolean {
    return typeof this.arg === "function";
  }
  /** Whether the default is a plain value. */
  get isScalar(): boolean {
    return !this.isClauseElement && !this.isCallable;
  }
}

/** A default the server applies: `DEFAULT <text or expression>` in DDL. */
export class DefaultClause {
  constructor(
    /** SQL text (a string is rendered as a quoted literal) or an expression. */
    readonly arg: string | ClauseElement,
    readonly forUpdate = false,
  ) {}
}

/** Options of `Sequence`. */
export interface SequenceOptions {
  start?: number;
  increment?: number;
  minvalue?: number;
  maxvalue?: number;
  nominvalue?: boolean;
  nomaxvalue?: boolean;
  cycle?: boolean;
  cache?: number;
  order?: boolean;
  schema?: string;
  /** Use the sequence only where the database has no other way to generate keys. */
  optional?: boolean;
  /** The data type of the sequence (`AS BIGINT`). */
  dataType?: TypeEngine<unknown>;
  /**
   * The MetaData the sequence belongs to: it takes the metadata's schema,
   * and `createAll` / `dropAll` create and drop it even when no column uses it.
   */
  metadata?: { readonly schema?: string | undefined; readonly sequences?: Map<string, Sequence> };
}

/** A named sequence, `CREATE SEQUENCE`, usable as a column default and as `nextValue()`. */
export class Sequence extends ClauseElement {
  static override internals: Internals = [
    ["name", "value"],
    ["schema", "value"],
  ];
  readonly visitName = "sequence";
  readonly isDdlTarget = true;
  readonly start: number | undefined;
  readonly increment: number | undefined;
  readonly minvalue: number | undefined;
  readonly maxvalue: number | undefined;
  readonly nominvalue: boolean;
  readonly nomaxvalue: boolean;
  readonly cycle: boolean | undefined;
  readonly cache: number | undefined;
  readonly order: boolean | undefined;
  readonly schema: string | undefined;
  readonly optional: boolean;
  readonly dataType: TypeEngine<unknown> | undefined;

  constructor(
    readonly name: string,
    options: SequenceOptions = {},
  ) {
    super();
    this.start = options.start;
    this.increment = options.increment;
    this.minvalue = options.minvalue;
    this.maxvalue = options.maxvalue;
    this.nominvalue = options.nominvalue ?? false;
    this.nomaxvalue = options.nomaxvalue ?? false;
    this.cycle = options.cycle;
    this.cache = options.cache;
    this.order = options.order;
    this.schema = options.schema ?? options.metadata?.schema;
    this.optional = options.optional ?? false;
    this.dataType = options.dataType;
    const sequences = options.metadata?.sequences;
    if (sequences !== undefined)
      sequences.set(this.schema !== undefined ? `${this.schema}.${this.name}` : this.name, this);
  }

  /** `nextval('seq')` / `seq.NEXTVAL` / `NEXT VALUE FOR seq`, per dialect. */
  nextValue(): ColumnElement<number> {
    return new NextValue(this);
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return this.nextValue().compilerDispatch(compiler, kw);
  }
}

/** The next value of a sequence, as an expression. */
export class NextValue extends ColumnElement<number> {
  static override internals: Internals = [["sequence", "element"]];
  readonly visitName = "nextValue";
  readonly type: TypeEngine<unknown> = INTEGERTYPE;
  constructor(readonly sequence: Sequence) {
    super();
  }
  /** Selected, it is labelled `next_value_1`. */
  override get anonLabelBase(): string {
    return "next_value";
  }
  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    const fn = (compiler as unknown as Record<string, unknown>).visitNextValue;
    if (typeof fn !== "function") compiler.visitUnsupported(this);
    return (fn as (el: NextValue, kw: CompileKw) => string).call(compiler, this, kw);
  }
}

/** Options of `Identity`. */
export interface IdentityOptions {
  /** `GENERATED ALWAYS` rather than `BY DEFAULT`. */
  always?: boolean;
  onNull?: boolean;
  start?: number;
  increment?: number;
  minvalue?: number;
  maxvalue?: number;
  nominvalue?: boolean;
  nomaxvalue?: boolean;
  cycle?: boolean;
  cache?: number;
  order?: boolean;
}

/** `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY (...)`. */
export class Identity {
  readonly always: boolean;
  readonly onNull: boolean | undefined;
  readonly start: number | undefined;
  readonly increment: number | undefined;
  readonly minvalue: number | undefined;
  readonly maxvalue: number | undefined;
  readonly nominvalue: boolean;
  readonly nomaxvalue: boolean;
  readonly cycle: boolean | undefined;
  readonly cache: number | undefined;
  readonly order: boolean | undefined;
  constructor(options: IdentityOptions = {}) {
    this.always = options.always ?? false;
    this.onNull = options.onNull;
    this.start = options.start;
    this.increment = options.increment;
    this.minvalue = options.minvalue;
    this.maxvalue = options.maxvalue;
    this.nominvalue = options.nominvalue ?? false;
    this.nomaxvalue = options.nomaxvalue ?? false;
    this.cycle = options.cycle;
    this.cache = options.cache;
    this.order = options.order;
  }
}

/** `GENERATED ALWAYS AS (expr) [STORED | VIRTUAL]`. */
export class Computed {
  readonly persisted: boolean | undefined;
  constructor(
    readonly sqltext: string | ClauseElement,
    options: { persisted?: boolean } = {},
  ) {
    this.persisted = options.persisted;
  }
}
