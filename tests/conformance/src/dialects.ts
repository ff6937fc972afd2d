/**
 * The six targets and the Athanor dialect that stands for each, configured as
 * the corpus' simulated servers (data/README.md, "Dialects and simulated servers").
 *
 * The dialect packages are still being written, so each is imported as a
 * namespace and its dialect class picked only if it is exported; a target
 * without one is "not available" and all of its cases fail.
 */
import * as mssqlPkg from "@athanor/dialect-mssql";
import * as mysqlPkg from "@athanor/dialect-mysql";
import * as oraclePkg from "@athanor/dialect-oracle";
import * as postgresqlPkg from "@athanor/dialect-postgresql";
import * as sqlitePkg from "@athanor/dialect-sqlite";
import { loadMeta } from "./corpus.js";

export const TARGETS = ["sqlite", "postgresql", "mysql", "mariadb", "oracle", "mssql"] as const;
export type Target = (typeof TARGETS)[number];

/** A dialect instance, opaque here: the harness only hands it to `compile({ dialect })`. */
export type Dialect = object;

/** What loading a target's dialect gave: the dialect, or why there is none. */
export type DialectLoad =
  | { readonly dialect: Dialect }
  | { readonly dialect: undefined; readonly reason: string };

type DialectCtor = new (options: Record<string, unknown>) => unknown;

function pick(pkg: object, exportName: string): DialectCtor | undefined {
  const value = (pkg as Record<string, unknown>)[exportName];
  return typeof value === "function" ? (value as DialectCtor) : undefined;
}

/** The corpus' `server_version_info` of a target (meta.json). */
export function serverVersionInfo(target: Target): number[] {
  const entry = loadMeta().dialects.find((d) => d.key === target);
  if (entry === undefined) throw new Error(`meta.json has no dialect ${target}`);
  return [...entry.server_version_info];
}

interface Recipe {
  readonly pkg: object;
  readonly packageName: string;
  readonly exportName: string;
  readonly options: () => Record<string, unknown>;
}

const RECIPES: Readonly<Record<Target, Recipe>> = {
  sqlite: {
    pkg: sqlitePkg,
    packageName: "@athanor/dialect-sqlite",
    exportName: "SQLiteDialect",
    options: () => ({ serverVersion: serverVersionInfo("sqlite") }),
  },
  postgresql: {
    pkg: postgresqlPkg,
    packageName: "@athanor/dialect-postgresql",
    exportName: "PGDialect",
    options: () => ({ serverVersion: serverVersionInfo("postgresql") }),
  },
  mysql: {
    pkg: mysqlPkg,
    packageName: "@athanor/dialect-mysql",
    exportName: "MySQLDialect",
    options: () => ({ serverVersion: [8, 0, 36] }),
  },
  mariadb: {
    pkg: mysqlPkg,
    packageName: "@athanor/dialect-mysql",
    exportName: "MySQLDialect",
    options: () => ({ isMariaDB: true, serverVersion: [11, 4] }),
  },
  oracle: {
    pkg: oraclePkg,
    packageName: "@athanor/dialect-oracle",
    exportName: "OracleDialect",
    options: () => ({ serverVersion: serverVersionInfo("oracle") }),
  },
  mssql: {
    pkg: mssqlPkg,
    packageName: "@athanor/dialect-mssql",
    exportName: "MSSQLDialect",
    options: () => ({ serverVersion: serverVersionInfo("mssql") }),
  },
};

/** Builds each target's dialect, or says why it could not. */
export function describeDialects(): Record<Target, DialectLoad> {
  const out = {} as Record<Target, DialectLoad>;
  for (const target of TARGETS) {
    const recipe = RECIPES[target];
    const ctor = pick(recipe.pkg, recipe.exportName);
    if (ctor === undefined) {
      out[target] = {
        dialect: undefined,
        reason: `dialect not available (${recipe.packageName} does not export ${recipe.exportName})`,
      };
      continue;
    }
    try {
      const dialect = new ctor(recipe.options());
      out[target] =
        typeof dialect === "object" && dialect !== null
          ? { dialect }
          : {
              dialect: undefined,
              reason: `dialect not available (new ${recipe.exportName}() gave no object)`,
            };
    } catch (err) {
      out[target] = {
        dialect: undefined,
        reason: `dialect not available (new ${recipe.exportName}(${JSON.stringify(recipe.options())}) threw ${describeError(err)})`,
      };
    }
  }
  return out;
}

/** Each target's dialect, or undefined where it is not available (yet). */
export function loadDialects(): Record<Target, Dialect | undefined> {
  const loads = describeDialects();
  const out = {} as Record<Target, Dialect | undefined>;
  for (const target of TARGETS) out[target] = loads[target].dialect;
  return out;
}

/** `Name: message` of a thrown value, on one line. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.replace(/\s+/g, " ").trim();
  return `non-Error thrown: ${String(err)}`;
}
