/**
 * The corpus files in data/ (copies of the shared conformance corpus; see
 * data/SOURCE.md) and their types, as data/README.md ("File format") describes them.
 */
import { readFileSync } from "node:fs";
import { normalizeSql as normalizeSqlJs } from "../data/normalize.mjs";
import type { Target } from "./dialects.js";

/** A bound value as the corpus records it (Python values, tagged where JSON has no equivalent). */
export type Value = null | boolean | number | string | Value[] | TaggedValue;

export type TaggedValue =
  | { readonly $type: "date" | "datetime" | "time" | "decimal" | "uuid"; readonly value: string }
  | { readonly $type: "bytes"; readonly hex: string }
  | { readonly $type: "timedelta"; readonly seconds: number }
  | { readonly $type: "dict"; readonly value: { readonly [key: string]: Value } }
  | { readonly $type: "enum"; readonly class: string; readonly name: string; readonly value: Value }
  | { readonly $type: "float"; readonly value: "nan" | "inf" | "-inf" };

/** SQLAlchemy compiled the statement. */
export interface SqlResult {
  readonly sql: string;
  readonly params: readonly Value[];
  readonly warnings?: readonly string[];
  readonly sql_normalized: string;
  /** Present when this SQL is a known SQLAlchemy bug: matching it is allowed, not required. */
  readonly sqla_defect?: string;
}

/** SQLAlchemy refused. */
export interface ErrorResult {
  readonly error: { readonly type: string; readonly message: string };
  readonly warnings?: readonly string[];
}

export type Expected = SqlResult | ErrorResult;

export interface CorpusCase {
  readonly id: string;
  readonly area: string;
  readonly title: string;
  readonly split: string;
  readonly python: string;
  readonly expected: Readonly<Record<Target, Expected>>;
}

export interface MetaDialect {
  readonly key: string;
  readonly dialect: string;
  readonly name: string;
  readonly paramstyle: string;
  readonly positional: boolean;
  readonly server: string;
  readonly server_version: string;
  readonly server_version_info: readonly number[];
}

export interface Meta {
  readonly sqlalchemy_version: string;
  readonly dialects: readonly MetaDialect[];
  readonly sqla_defects: readonly {
    readonly id: string;
    readonly dialect: string;
    readonly reason: string;
  }[];
}

export function isErrorResult(expected: Expected): expected is ErrorResult {
  return "error" in expected;
}

/** data/normalize.mjs, typed. */
export function normalizeSql(sql: string): string {
  return normalizeSqlJs(sql);
}

const dataFile = (name: string): URL => new URL(`../data/${name}`, import.meta.url);

let corpusCache: readonly CorpusCase[] | undefined;
let metaCache: Meta | undefined;

/** The cases of data/public.json, in file order. */
export function loadCorpus(): readonly CorpusCase[] {
  if (corpusCache === undefined) {
    const parsed: unknown = JSON.parse(readFileSync(dataFile("public.json"), "utf8"));
    if (!Array.isArray(parsed)) throw new Error("data/public.json is not an array");
    for (const c of parsed as unknown[]) {
      if (typeof c !== "object" || c === null || typeof (c as { id?: unknown }).id !== "string") {
        throw new Error("data/public.json holds an entry without an id");
      }
      const expected = (c as { expected?: unknown }).expected;
      if (typeof expected !== "object" || expected === null) {
        throw new Error(`data/public.json: case ${(c as { id: string }).id} has no expected results`);
      }
    }
    corpusCache = parsed as CorpusCase[];
  }
  return corpusCache;
}

/** data/meta.json. */
export function loadMeta(): Meta {
  if (metaCache === undefined) {
    const parsed: unknown = JSON.parse(readFileSync(dataFile("meta.json"), "utf8"));
    if (
      typeof parsed !== "object" ||
      parsed === null ||
      !Array.isArray((parsed as { dialects?: unknown }).dialects)
    ) {
      throw new Error("data/meta.json has no dialects");
    }
    metaCache = parsed as Meta;
  }
  return metaCache;
}
