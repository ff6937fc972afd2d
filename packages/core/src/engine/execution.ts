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
interface ParamPlan {
  /** The bind processor for each positional parameter, or undefined where there is none. */
  readonly processors: readonly (BindProcessor | undefined)[];
  readonly anyProcessor: boolean;
  /** Positions holding a client-side column default computed at execution. */
  readonly defaults: readonly { readonly index: number; readonly bind: DefaultBindParameter }[];
  /** The positions of each parameter name. */
  readonly positions: ReadonlyMap<string, readonly number[]>;
}

const plans = new WeakMap<readonly BindParameter[], ParamPlan>();

function processorFor(bind: BindParameter | undefined, dialect: Dialect): BindProcessor | undefined {
  if (bind === undefined) return undefined;
  const type = bind.type;
  const impl = type instanceof TypeDecorator ? type : type.dialectImpl(dialect);
  return impl.bindProcessor(dialect);
}

/** The plan for one placeholder layout, kept with the layout's bind list (stable for cached statements). */
export function planFor(
  positiontup: readonly string[],
  positionBinds: readonly BindParameter[],
  dialect: Dialect,
): ParamPlan {
  let plan = plans.get(positionBinds);
  if (plan !== undefined) return plan;
  const processors: (BindProcessor | undefined)[] = [];
  const defaults: { index: number; bind: DefaultBindParameter }[] = [];
  const positions = new Map<string, number[]>();
  positiontup.forEach((name, i) => {
    const bind = positionBinds[i];
    processors.push(processorFor(bind, dialect));
    if (bind instanceof DefaultBindParameter) defaults.push({ index: i, bind });
    const list = positions.get(name) ?? [];
    list.push(i);
    positions.set(name, list);
  });
  plan = { processors, anyProcessor: processors.some((p) => p !== undefined), defaults, positions };
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
  const plan = planFor(r.positiontup, r.positionBinds, dialect);
  const out = r.params.slice();
  if (given !== undefined) {
    for (const name in given) {
      const positions = plan.positions.get(name);
      if (positions === undefined) continue;
      for (const i of positions) out[i] = given[name];
    }
  }
  for (const { index, bind } of plan.defaults) {
    const name = r.positiontup[index] as string;
    if (given === undefined || !(name in given)) out[index] = defaultValue(bind);
  }
  for (let i = 0; i < out.length; i++) {
    if (out[i] === undefined) {
      const bind = r.positionBinds[i];
      if (
        bind?.required &&
        !(bind instanceof DefaultBindParameter) &&
        (given === undefined || !((r.positiontup[i] as string) in given))
      ) {
        throw new InvalidRequestError(`A value is required for bind parameter '${r.positiontup[i]}'`);
      }
      out[i] = null;
    }
  }
  if (plan.anyProcessor) {
    const { processors } = plan;
    for (let i = 0; i < out.length; i++) {
      const p = processors[i];
      if (p !== undefined && out[i] !== null) out[i] = p(out[i]);
    }
  }
  return out;
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
