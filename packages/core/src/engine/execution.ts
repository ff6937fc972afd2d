/**
 * How one execution is prepared: the compiled form (through the engine's
 * compiled cache), the parameter lists with given values, client-side
 * defaults and bind processing applied, and the wrapping of driver errors.
 *
 * What can be decided once per compiled statement (processors, which
 * positions hold defaults) is kept beside it in a WeakMap, so a cached
 * statement pays only for its values.
 */
import {
  DBAPI_ERROR_CLASSES,
  type DBAPIError,
  type DBAPIErrorKind,
  InvalidRequestError,
  isAthanorError,
} from "../exc.js";
import { DefaultBindParameter } from "../sql/compiler/crud.js";
import type { BindParameter } from "../sql/elements/column-element.js";
import { TypeDecorator } from "../sql/types/type-decorator.js";
import type { BindProcessor } from "../sql/types/type-engine.js";
import type { Dialect } from "./dialect.js";

/** Parameters given to `execute()`: one set, or a list of sets (executemany). */
export type ExecuteParams = Readonly<Record<string, unknown>> | readonly Readonly<Record<string, unknown>>[];

/** What is decided once per rendering of a statement (once per compiled statement, unless IN lists expand). */
export interface ParamPlan {
  /** The bind processor for each positional parameter, or undefined where there is none. */
  readonly processors: readonly (BindProcessor | undefined)[];
  readonly anyProcessor: boolean;
  /** The client-side column default computed at execution at each position, or undefined. */
  readonly defaultAt: readonly (DefaultBindParameter | undefined)[];
}

const plans = new WeakMap<readonly BindParameter[], ParamPlan>();

function processorFor(bind: BindParameter | undefined, dialect: Dialect): BindProcessor | undefined {
  if (bind === undefined) return undefined;
  const type = bind.type;
  const impl = type instanceof TypeDecorator ? type : type.dialectImpl(dialect);
  return impl.bindProcessor(dialect);
}

/** The plan for one placeholder layout, kept with the layout's bind list (stable for cached statements). */
export function planFor(positionBinds: readonly BindParameter[], dialect: Dialect): ParamPlan {
  let plan = plans.get(positionBinds);
  if (plan !== undefined) return plan;
  const processors = positionBinds.map((bind) => processorFor(bind, dialect));
  const defaultAt = positionBinds.map((bind) => (bind instanceof DefaultBindParameter ? bind : undefined));
  plan = { processors, anyProcessor: processors.some((p) => p !== undefined), defaultAt };
  plans.set(positionBinds, plan);
  return plan;
}

/** A client-side default's value for one row (a plain value, or a function's result). */
function defaultValue(bind: DefaultBindParameter): unknown {
  const def = bind.forUpdate ? bind.column.onupdate : bind.column.default;
  if (def === undefined) return null;
  return def.isCallable ? (def.arg as () => unknown)() : def.arg;
}

/** One rendering of a statement: SQL, the statement's own values, and the placeholder layout. */
export interface Rendering {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly positiontup: readonly string[];
  readonly positionBinds: readonly BindParameter[];
}

/**
 * One positional parameter list for the driver: the statement's own values,
 * overridden by name from `given`, defaults computed, processors applied.
 */
export function driverParams(
  r: Rendering,
  dialect: Dialect,
  given: Readonly<Record<string, unknown>> | undefined,
): unknown[] {
  const out = r.params.slice();
  writeDriverParams(r, planFor(r.positionBinds, dialect), given, out, 0);
  return out;
}

/**
 * The parameter lists of an executemany, one per set: `driverParams` of
 * each, with the plan looked up once for the batch.
 */
export function driverParamSets(
  r: Rendering,
  dialect: Dialect,
  sets: readonly Readonly<Record<string, unknown>>[],
): unknown[][] {
  const plan = planFor(r.positionBinds, dialect);
  const params = r.params;
  const out = new Array<unknown[]>(sets.length);
  for (let k = 0; k < sets.length; k++) {
    const row = params.slice();
    writeDriverParams(r, plan, sets[k], row, 0);
    out[k] = row;
  }
  return out;
}

/**
 * Writes one set's positional parameters into `out` from `offset` (a row of
 * a multi-row INSERT page, or a list of its own). This runs once per row of
 * an executemany, so the common case — a value given for every position —
 * is one property read and the processor; the rest is in `valueNotGiven`.
 */
export function writeDriverParams(
  r: Rendering,
  plan: ParamPlan,
  given: Readonly<Record<string, unknown>> | undefined,
  out: unknown[],
  offset: number,
): void {
  const positiontup = r.positiontup;
  const processors = plan.processors;
  const n = positiontup.length;
  for (let i = 0; i < n; i++) {
    let v = given === undefined ? undefined : given[positiontup[i] as string];
    if (v === undefined) v = valueNotGiven(r, plan, i, given);
    if (v !== null) {
      const p = processors[i];
      if (p !== undefined) v = p(v);
    }
    out[offset + i] = v;
  }
}

/**
 * The value at position `i` when `given` has none: NULL where `given` names
 * it as `undefined`, else a computed default or the statement's own value;
 * a required parameter with neither is an error, anything else NULL.
 */
function valueNotGiven(
  r: Rendering,
  plan: ParamPlan,
  i: number,
  given: Readonly<Record<string, unknown>> | undefined,
): unknown {
  const name = r.positiontup[i] as string;
  if (given !== undefined && name in given) return null;
  const def = plan.defaultAt[i];
  const v = def !== undefined ? defaultValue(def) : r.params[i];
  // A parameter made without a value (`bindparam("x")`) must be given one: the statement's own
  // value is then only the compiler's NULL placeholder.
  const bind = r.positionBinds[i];
  if (
    def === undefined &&
    (v === undefined || v === null) &&
    bind?.required === true &&
    !(bind instanceof DefaultBindParameter)
  )
    throw new InvalidRequestError(`A value is required for bind parameter '${name}'`);
  return v === undefined ? null : v;
}

/** Whether `params` is a list of parameter sets (executemany). */
export function isMany(
  params: ExecuteParams | undefined,
): params is readonly Readonly<Record<string, unknown>>[] {
  return Array.isArray(params);
}

/**
 * Wraps a driver error in the DBAPIError family, with the statement and
 * parameters attached; errors already Athanor's pass through.
 */
export function wrapDriverError(
  err: unknown,
  dialect: Dialect,
  sql: string | undefined,
  params: unknown,
  hideParameters: boolean,
): DBAPIError | Error {
  if (isAthanorError(err)) return err;
  let kind: DBAPIErrorKind;
  try {
    kind = dialect.classifyError(err);
  } catch {
    kind = "DatabaseError";
  }
  const Cls = DBAPI_ERROR_CLASSES[kind] ?? DBAPI_ERROR_CLASSES.DatabaseError;
  const message = `(${describeDriverError(err)})`;
  const wrapped = new Cls(message, sql, hideParameters ? undefined : params, err, { hideParameters });
  return wrapped;
}

function describeDriverError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${err.constructor.name}${code !== undefined ? ` ${String(code)}` : ""}: ${err.message}`;
  }
  return String(err);
}
