/**
 * Runs the ported cases against the corpus: each case is built once (on a
 * fresh fixture, as SQLAlchemy's generator re-ran fixture.py per case), then
 * compiled for every target with `stmt.compile({ dialect, renderPostcompile: true })`
 * and compared with what SQLAlchemy produced (data/README.md, "Using it from TypeScript").
 *
 * Values are compared after decoding the corpus' `$type` tags to Athanor's
 * representations: dates are ISO strings (or Dates at UTC midnight), datetimes
 * are JS `Date`s whose UTC time is compared with Python's naive datetime (an
 * aware one is converted to UTC first), times are "HH:MM:SS[.ffffff]" strings,
 * decimals and uuids are strings, bytes are `Uint8Array`s (so Buffers too),
 * timedeltas are milliseconds, dicts are plain objects, enums are their value,
 * float nan/inf are NaN/Infinity.
 */
import { type CaseFn, cases as portedCases } from "./cases/index.js";
import {
  type CorpusCase,
  type Expected,
  isErrorResult,
  loadCorpus,
  normalizeSql,
  type TaggedValue,
  type Value,
} from "./corpus.js";
import { type DialectLoad, describeDialects, describeError, TARGETS, type Target } from "./dialects.js";
import { resetFixture } from "./fixture.js";

/**
 * How a case/target came out.
 *
 * - `match`: SQL and params are SQLAlchemy's (for a `sqla_defect` result: the defective SQL);
 * - `error-as-expected`: SQLAlchemy refused and compiling threw;
 * - `build-error-as-expected`: SQLAlchemy refused and building the statement threw;
 * - `avoided-defect`: a `sqla_defect` result where compiling threw instead (passes);
 * - `differs-from-defect`: a `sqla_defect` result where we rendered other SQL (fails, to be reviewed);
 * - `fail`: anything else that is not SQLAlchemy's result.
 */
export type Outcome =
  | "match"
  | "error-as-expected"
  | "build-error-as-expected"
  | "avoided-defect"
  | "differs-from-defect"
  | "fail";

export interface CaseResult {
  readonly id: string;
  readonly target: Target;
  readonly ok: boolean;
  /** One line: why it failed, or a note on how it passed ("" for a plain match). */
  readonly reason: string;
  readonly outcome: Outcome;
  /** Several lines for the report: expected and actual SQL and params ("" if nothing to add). */
  readonly detail: string;
}

/** A problem with the harness or with what a case returned, never an accepted "error". */
export class HarnessError extends Error {
  override name = "HarnessError";
}

export interface Compiled {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** `stmt.compile({ dialect, renderPostcompile: true })`, checking the shapes on the way. */
export function compileStatement(stmt: unknown, dialect: object): Compiled {
  if (typeof stmt !== "object" || stmt === null) {
    throw new HarnessError(`the case returned ${show(stmt)}, not a statement`);
  }
  const compile: unknown = (stmt as { compile?: unknown }).compile;
  if (typeof compile !== "function") {
    throw new HarnessError(
      `the case returned a ${stmt.constructor?.name ?? "object"} without a compile() method`,
    );
  }
  // A library error thrown here is the compiler's answer, not a harness problem.
  const out: unknown = compile.call(stmt, { dialect, renderPostcompile: true });
  if (typeof out !== "object" || out === null) throw new HarnessError(`compile() returned ${show(out)}`);
  const { sql, params } = out as { sql?: unknown; params?: unknown };
  if (typeof sql !== "string") throw new HarnessError(`compile() returned no sql string (got ${show(sql)})`);
  if (!Array.isArray(params))
    throw new HarnessError(`compile() returned no params array (got ${show(params)})`);
  return { sql, params };
}

// --- values -------------------------------------------------------------------------------------

function isTagged(v: Value): v is TaggedValue {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "$type" in v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

function trimFraction(frac: string | undefined): string {
  const f = (frac ?? "").replace(/0+$/, "");
  return f === "" ? "" : `.${f}`;
}

const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * `YYYY-MM-DDTHH:MM:SS[.fraction]` in UTC without a zone marker, the fraction
 * without trailing zeros: Python's naive isoformat() and JS toISOString() meet here.
 */
export function canonicalDateTime(s: string): string | undefined {
  const m = DATETIME_RE.exec(s);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, sec = "00", frac, zone] = m;
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== "Z") {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (z === null) return undefined;
    offsetMinutes = (z[1] === "-" ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  const utc =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)) -
    offsetMinutes * 60_000;
  return new Date(utc).toISOString().slice(0, 19) + trimFraction(frac);
}

/** `HH:MM:SS[.fraction][zone]`, the fraction without trailing zeros. */
export function canonicalTime(s: string): string | undefined {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (m === null) return undefined;
  const [, h, mi, sec = "00", frac, zone = ""] = m;
  return `${h}:${mi}:${sec}${trimFraction(frac)}${zone === "+00:00" ? "Z" : zone}`;
}

/** Whether `actual` (one of our bound values) is the corpus value `expected`. */
export function matchValue(expected: Value, actual: unknown): boolean {
  if (expected === null) return actual === null;
  if (typeof expected === "boolean" || typeof expected === "string") return actual === expected;
  if (typeof expected === "number") {
    if (typeof actual === "bigint") return Number.isSafeInteger(expected) && BigInt(expected) === actual;
    return actual === expected;
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matchValue(e, (actual as unknown[])[i]))
    );
  }
  if (!isTagged(expected)) return false; // an untagged object cannot occur in the corpus
  switch (expected.$type) {
    case "date":
      if (typeof actual === "string") return actual === expected.value;
      return actual instanceof Date && actual.toISOString() === `${expected.value}T00:00:00.000Z`;
    case "datetime": {
      const want = canonicalDateTime(expected.value);
      if (want === undefined) return false;
      if (actual instanceof Date) {
        return !Number.isNaN(actual.getTime()) && canonicalDateTime(actual.toISOString()) === want;
      }
      return typeof actual === "string" && canonicalDateTime(actual) === want;
    }
    case "time":
      return typeof actual === "string" && canonicalTime(actual) === canonicalTime(expected.value);
    case "decimal":
      if (typeof actual === "string") return actual === expected.value;
      return (typeof actual === "number" || typeof actual === "bigint") && String(actual) === expected.value;
    case "uuid":
      return typeof actual === "string" && actual.toLowerCase() === expected.value.toLowerCase();
    case "bytes":
      if (actual instanceof Uint8Array) return toHex(actual) === expected.hex;
      return actual instanceof ArrayBuffer && toHex(new Uint8Array(actual)) === expected.hex;
    case "timedelta":
      return typeof actual === "number" && Math.abs(actual / 1000 - expected.seconds) < 1e-9;
    case "dict": {
      if (!isPlainObject(actual)) return false;
      const keys = Object.keys(expected.value);
      const actualKeys = Object.keys(actual);
      return (
        keys.length === actualKeys.length &&
        keys.every((k) => Object.hasOwn(actual, k) && matchValue(expected.value[k] ?? null, actual[k]))
      );
    }
    case "enum":
      return matchValue(expected.value, actual);
    case "float":
      if (expected.value === "nan") return typeof actual === "number" && Number.isNaN(actual);
      return actual === (expected.value === "inf" ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
    default:
      return false;
  }
}

/** A readable rendering of one of our values or of a corpus value (tags shown by name). */
export function show(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v);
  if (typeof v === "function") return `function ${v.name || "(anonymous)"}`;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "Date(invalid)" : `Date(${v.toISOString()})`;
  if (v instanceof Uint8Array) return `bytes(${toHex(v)})`;
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if (typeof v === "object" && v !== null) {
    const tag = (v as { $type?: unknown }).$type;
    if (typeof tag === "string") {
      const t = v as Record<string, unknown>;
      if (tag === "bytes") return `bytes(${String(t.hex)})`;
      if (tag === "timedelta") return `timedelta(${String(t.seconds)}s)`;
      if (tag === "dict") return `dict${show(t.value)}`;
      if (tag === "enum") return `enum(${String(t.class)}.${String(t.name)}=${show(t.value)})`;
      return `${tag}(${String(t.value)})`;
    }
    if (!isPlainObject(v)) return `${v.constructor?.name ?? "object"} instance`;
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${show(x)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(v);
}

/** undefined if `actual` are the corpus params `expected`, else what differs. */
export function compareParams(expected: readonly Value[], actual: readonly unknown[]): string | undefined {
  if (expected.length !== actual.length) {
    return `expected ${expected.length} params ${show(expected)}, got ${actual.length} ${show(actual)}`;
  }
  for (let i = 0; i < expected.length; i += 1) {
    const e = expected[i] ?? null;
    if (!matchValue(e, actual[i])) return `param ${i + 1}: expected ${show(e)}, got ${show(actual[i])}`;
  }
  return undefined;
}

/** Where two strings first differ, with a little context. */
export function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i += 1;
  const start = Math.max(0, i - 30);
  const cut = (s: string): string =>
    `${start > 0 ? "…" : ""}${s.slice(start, i + 40)}${i + 40 < s.length ? "…" : ""}`;
  return `at char ${i + 1}: expected ${JSON.stringify(cut(expected))}, got ${JSON.stringify(cut(actual))}`;
}

// --- judging --------------------------------------------------------------------------------------

type Built =
  | { readonly kind: "missing" }
  | { readonly kind: "error"; readonly error: string }
  | { readonly kind: "ok"; readonly stmt: unknown };

function build(fn: CaseFn | undefined): Built {
  if (fn === undefined) return { kind: "missing" };
  try {
    resetFixture();
    return { kind: "ok", stmt: fn() };
  } catch (err) {
    return { kind: "error", error: describeError(err) };
  }
}

function oneLine(s: string, max = 160): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function judge(id: string, target: Target, expected: Expected, load: DialectLoad, built: Built): CaseResult {
  const result = (ok: boolean, outcome: Outcome, reason: string, detail = ""): CaseResult => ({
    id,
    target,
    ok,
    reason,
    outcome,
    detail,
  });
  const fail = (reason: string, detail = ""): CaseResult => result(false, "fail", reason, detail);

  if (built.kind === "missing") return fail("no TypeScript port of this case in src/cases/");
  if (load.dialect === undefined) return fail(load.reason);
  const refused = isErrorResult(expected)
    ? `SQLAlchemy refuses (${expected.error.type}: ${oneLine(expected.error.message, 120)})`
    : undefined;
  if (built.kind === "error") {
    if (refused !== undefined) {
      return result(true, "build-error-as-expected", `${refused}; building threw ${oneLine(built.error)}`);
    }
    return fail(`building threw ${oneLine(built.error)}`, built.error);
  }

  let compiled: Compiled;
  try {
    compiled = compileStatement(built.stmt, load.dialect);
  } catch (err) {
    if (err instanceof HarnessError) return fail(err.message);
    const thrown = describeError(err);
    if (refused !== undefined) return result(true, "error-as-expected", "");
    if (!isErrorResult(expected) && expected.sqla_defect !== undefined) {
      return result(
        true,
        "avoided-defect",
        `compiling threw ${oneLine(thrown, 120)} where SQLAlchemy renders known-defective SQL (${expected.sqla_defect})`,
        `SQLAlchemy (defective): ${expected.sql_normalized}\nours: threw ${thrown}`,
      );
    }
    return fail(`compiling threw ${oneLine(thrown)}`, thrown);
  }

  const ours = normalizeSql(compiled.sql);
  if (isErrorResult(expected)) {
    return fail(
      `${refused ?? "SQLAlchemy refuses"}, but we compiled: ${oneLine(ours, 120)}`,
      `ours: ${ours}`,
    );
  }
  const sqlProblem =
    ours === expected.sql_normalized
      ? undefined
      : `SQL differs ${firstDifference(expected.sql_normalized, ours)}`;
  const paramProblem = compareParams(expected.params, compiled.params);
  if (sqlProblem === undefined && paramProblem === undefined) {
    return result(
      true,
      "match",
      expected.sqla_defect === undefined ? "" : "matches SQLAlchemy's known defect",
    );
  }
  const detail = [
    `expected SQL: ${expected.sql_normalized}`,
    `our SQL:      ${ours}`,
    `expected params: ${show(expected.params)}`,
    `our params:      ${show(compiled.params)}`,
  ].join("\n");
  const problem = sqlProblem ?? `params differ: ${paramProblem}`;
  if (expected.sqla_defect !== undefined) {
    return result(
      false,
      "differs-from-defect",
      `differs from SQLAlchemy's known-defective output (${expected.sqla_defect}); review ours: ${oneLine(ours, 120)}`,
      detail,
    );
  }
  return fail(problem, detail);
}

/** Builds one case and judges it on every target. */
export function runCase(
  c: CorpusCase,
  fn: CaseFn | undefined,
  dialects: Readonly<Record<Target, DialectLoad>>,
): CaseResult[] {
  const built = build(fn);
  return TARGETS.map((target) => judge(c.id, target, c.expected[target], dialects[target], built));
}

export interface RunSummary {
  /** In corpus order, each case's targets in TARGETS order. */
  readonly results: readonly CaseResult[];
  readonly dialects: Readonly<Record<Target, DialectLoad>>;
  /** Ported cases whose id is not in the corpus (a renamed or dropped case). */
  readonly extraPorts: readonly string[];
  readonly corpusIds: readonly string[];
}

/** Runs every corpus case on every target. */
export function runAll(ported: Readonly<Record<string, CaseFn>> = portedCases): RunSummary {
  const corpus = loadCorpus();
  const dialects = describeDialects();
  const results: CaseResult[] = [];
  for (const c of corpus) results.push(...runCase(c, ported[c.id], dialects));
  const corpusIds = corpus.map((c) => c.id);
  const known = new Set(corpusIds);
  const extraPorts = Object.keys(ported).filter((id) => !known.has(id));
  return { results, dialects, extraPorts, corpusIds };
}

// --- self-check -----------------------------------------------------------------------------------

/** Checks the value decoding against hand-made pairs; returns the problems found (none expected). */
export function paramMatchingSelfCheck(): string[] {
  const u8 = new Uint8Array([0x00, 0xff, 0x61, 0x62]);
  const good: [Value, unknown][] = [
    [{ $type: "date", value: "2020-01-01" }, "2020-01-01"],
    [{ $type: "date", value: "2020-01-01" }, new Date("2020-01-01T00:00:00Z")],
    [{ $type: "datetime", value: "2023-12-31T23:59:59.500000" }, new Date("2023-12-31T23:59:59.500Z")],
    [{ $type: "datetime", value: "2024-01-01T00:00:00" }, new Date("2024-01-01T00:00:00Z")],
    [{ $type: "datetime", value: "2024-01-01T05:30:00+05:30" }, new Date("2024-01-01T00:00:00Z")],
    [{ $type: "datetime", value: "2024-01-01T00:00:00+00:00" }, "2024-01-01T00:00:00Z"],
    [{ $type: "time", value: "08:30:00" }, "08:30:00"],
    [{ $type: "time", value: "08:30:00" }, "08:30"],
    [{ $type: "time", value: "08:30:00.250000" }, "08:30:00.25"],
    [{ $type: "decimal", value: "9.50" }, "9.50"],
    [{ $type: "decimal", value: "10" }, 10],
    [{ $type: "bytes", hex: "00ff6162" }, u8],
    [{ $type: "bytes", hex: "00ff6162" }, u8.buffer],
    [{ $type: "timedelta", seconds: 93600 }, 93_600_000],
    [{ $type: "timedelta", seconds: 0.5 }, 500],
    [
      { $type: "uuid", value: "12345678-1234-5678-1234-567812345678" },
      "12345678-1234-5678-1234-567812345678",
    ],
    [
      { $type: "uuid", value: "12345678-1234-5678-1234-56781234abcd" },
      "12345678-1234-5678-1234-56781234ABCD",
    ],
    [
      { $type: "dict", value: { a: [1, 2], b: null } },
      { a: [1, 2], b: null },
    ],
    [{ $type: "dict", value: { n: { $type: "decimal", value: "1.5" } } }, { n: "1.5" }],
    [{ $type: "enum", class: "Mood", name: "HAPPY", value: "happy" }, "happy"],
    [{ $type: "float", value: "nan" }, Number.NaN],
    [{ $type: "float", value: "inf" }, Number.POSITIVE_INFINITY],
    [{ $type: "float", value: "-inf" }, Number.NEGATIVE_INFINITY],
    [[["author", "email"]], [["author", "email"]]],
    [10, 10n],
    [null, null],
    [true, true],
  ];
  const bad: [Value, unknown][] = [
    [{ $type: "date", value: "2020-01-01" }, "2020-01-02"],
    [{ $type: "date", value: "2020-01-01" }, new Date("2020-01-01T10:00:00Z")],
    [{ $type: "datetime", value: "2023-12-31T23:59:59.500000" }, new Date("2023-12-31T23:59:59Z")],
    [{ $type: "datetime", value: "2024-01-01T05:30:00+05:30" }, new Date("2024-01-01T05:30:00Z")],
    [{ $type: "time", value: "08:30:00" }, "08:31:00"],
    [{ $type: "decimal", value: "1.10" }, "1.1"],
    [{ $type: "decimal", value: "9.50" }, 9.5],
    [{ $type: "bytes", hex: "00ff6162" }, "00ff6162"],
    [{ $type: "timedelta", seconds: 93600 }, 93600],
    [{ $type: "uuid", value: "12345678-1234-5678-1234-567812345678" }, "123456781234567812345678123456789"],
    [{ $type: "dict", value: { a: [1, 2], b: null } }, { a: [1, 2] }],
    [
      { $type: "dict", value: { a: 1 } },
      { a: 1, b: 2 },
    ],
    [{ $type: "dict", value: { a: 1 } }, new Map([["a", 1]])],
    [{ $type: "enum", class: "Mood", name: "HAPPY", value: "happy" }, "HAPPY"],
    [{ $type: "float", value: "nan" }, 0],
    [{ $type: "float", value: "inf" }, Number.NEGATIVE_INFINITY],
    [
      [1, 2],
      [1, 2, 3],
    ],
    [null, undefined],
    [1, "1"],
    [true, 1],
  ];
  const problems: string[] = [];
  for (const [e, a] of good) if (!matchValue(e, a)) problems.push(`should match: ${show(e)} vs ${show(a)}`);
  for (const [e, a] of bad) if (matchValue(e, a)) problems.push(`should not match: ${show(e)} vs ${show(a)}`);
  if (compareParams([1, "x"], [1, "x"]) !== undefined) problems.push("compareParams rejects equal params");
  if (compareParams([1], [1, 2]) === undefined) problems.push("compareParams accepts an extra param");
  if (normalizeSql("SELECT  x\nFROM t WHERE a = %(a)s") !== "SELECT x FROM t WHERE a = ?") {
    problems.push("normalizeSql does not normalise");
  }
  return problems;
}
