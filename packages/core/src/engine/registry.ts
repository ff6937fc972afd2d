/**
 * The dialect registry: `createEngine("postgresql+pg://...")` finds the
 * dialect by name and driver.
 *
 * Any package can register dialects (`registerDialect`); the built-in names
 * (postgresql, mysql, mariadb, sqlite, oracle, mssql) are found by loading
 * `@athanor/dialect-<name>` from the application and reading its exported
 * `dialectEntries`, so an application installs only the dialects it uses and
 * core imports none of them.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { ArgumentError, InvalidRequestError } from "../exc.js";
import { DefaultDialect, DIALECT_SPI_VERSION, type Dialect, type DialectOptions } from "./dialect.js";
import type { URL } from "./url.js";

/** One dialect+driver a package provides. */
export interface DialectEntry {
  /** The dialect name in URLs: `postgresql`. */
  readonly name: string;
  /** The driver name in URLs: `pg`. */
  readonly driver: string;
  /** Used when a URL names no driver (`postgresql://`). */
  readonly isDefault?: boolean;
  /** The SPI version the dialect was written against (`DIALECT_SPI_VERSION` of the core it built with). */
  readonly spiVersion: number;
  /** Makes the dialect. */
  create(options: DialectOptions): Dialect;
}

const entries = new Map<string, DialectEntry>();
const defaults = new Map<string, DialectEntry>();
/** Entries core loaded by itself (not registered by the program), with the package they came from. */
const autoloaded = new Map<DialectEntry, string>();

/** The package holding each built-in dialect name. */
const BUILTIN_PACKAGES: Readonly<Record<string, string>> = {
  postgresql: "@athanor/dialect-postgresql",
  postgres: "@athanor/dialect-postgresql",
  mysql: "@athanor/dialect-mysql",
  mariadb: "@athanor/dialect-mysql",
  sqlite: "@athanor/dialect-sqlite",
  oracle: "@athanor/dialect-oracle",
  mssql: "@athanor/dialect-mssql",
};

/**
 * Registers dialects so URLs can name them. The SPI version is checked: a
 * dialect built against another major version of the SPI is refused.
 *
 * An ES-module program should register the built-in dialect it uses this way
 * (`registerDialect(...dialectEntries)` with the entries of
 * `@athanor/dialect-<name>`): core can only load a package by itself with a
 * synchronous `require()`, which reaches the package's CommonJS build and
 * with it a second copy of `@athanor/core`.
 *
 * @example
 * ```ts
 * registerDialect({ name: "cockroachdb", driver: "pg", spiVersion: DIALECT_SPI_VERSION,
 *   create: (o) => new CockroachDialect(o) });
 * createEngine("cockroachdb+pg://...");
 * ```
 */
export function registerDialect(...given: DialectEntry[]): void {
  for (const entry of given) {
    if (entry.spiVersion !== DIALECT_SPI_VERSION) {
      throw new ArgumentError(
        `the ${entry.name}+${entry.driver} dialect was written for dialect SPI version ${entry.spiVersion}, ` +
          `but this @athanor/core implements version ${DIALECT_SPI_VERSION}; install matching versions`,
      );
    }
    entries.set(`${entry.name}+${entry.driver}`, entry);
    if (entry.isDefault || !defaults.has(entry.name)) defaults.set(entry.name, entry);
  }
}

/** The registered dialects, as `name+driver`. */
export function registeredDialects(): string[] {
  return [...entries.keys()].sort();
}

function loadBuiltin(name: string): void {
  const pkg = BUILTIN_PACKAGES[name];
  if (pkg === undefined) return;
  // Resolve from the application (the working directory), where the dialect package is installed.
  const req = createRequire(join(process.cwd(), "noop.js"));
  let mod: { dialectEntries?: readonly DialectEntry[] };
  try {
    mod = req(pkg) as typeof mod;
  } catch (err) {
    if ((err as { code?: string }).code === "MODULE_NOT_FOUND") {
      throw new InvalidRequestError(
        `Can't load plugin: the '${name}' dialect needs the ${pkg} package; install it (and its driver).`,
        { cause: err },
      );
    }
    throw err;
  }
  for (const e of mod.dialectEntries ?? []) {
    if (entries.has(`${e.name}+${e.driver}`)) continue;
    registerDialect(e);
    autoloaded.set(e, pkg);
  }
}

/** Finds and makes the dialect a URL names. */
export function dialectForUrl(url: URL, options: DialectOptions = {}): Dialect {
  const name = url.backendName;
  const driver = url.driverName;
  const find = (): DialectEntry | undefined =>
    driver === undefined ? defaults.get(name) : entries.get(`${name}+${driver}`);
  let entry = find();
  if (entry === undefined) {
    loadBuiltin(name);
    entry = find();
  }
  if (entry === undefined) {
    throw new ArgumentError(
      `Can't load plugin: ${name}${driver === undefined ? "" : `+${driver}`} is not a registered dialect ` +
        `(registered: ${registeredDialects().join(", ") || "none"}).`,
    );
  }
  const dialect = entry.create(options);
  const pkg = autoloaded.get(entry);
  if (pkg !== undefined && !(dialect instanceof DefaultDialect)) {
    // Its classes are not this core's: defaults, type conversions and compiled forms would silently
    // fail to match, so refuse it rather than run wrong.
    autoloaded.delete(entry);
    entries.delete(`${entry.name}+${entry.driver}`);
    if (defaults.get(entry.name) === entry) defaults.delete(entry.name);
    throw new InvalidRequestError(
      `${pkg} was loaded with a second copy of @athanor/core (this program loads core as an ES module, ` +
        `and core can only load a dialect package by itself through require()). Register the dialect ` +
        `from the program: import { dialectEntries } from "${pkg}"; registerDialect(...dialectEntries);`,
    );
  }
  return dialect;
}
