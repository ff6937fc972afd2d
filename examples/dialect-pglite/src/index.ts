/**
 * athanor-dialect-pglite: PostgreSQL compiled to WebAssembly
 * (`@electric-sql/pglite`) as an Athanor dialect, in process, with no
 * server. A third-party dialect: it lives outside the Athanor packages and
 * uses only `@athanor/core`'s public SPI, plus `@athanor/dialect-postgresql`'s
 * public entry for PostgreSQL's SQL.
 *
 * @packageDocumentation
 */
export {
  makePgliteAdapter,
  PGliteConnection,
  type PGliteLike,
  type PGliteModule,
  type PGliteOptions,
  type PGliteQueryOptions,
  type PGliteResults,
  pgliteAdapter,
  pgliteOptions,
} from "./adapter.js";
export { dataDirOf, PGliteDialect, type PGliteDialectOptions } from "./dialect.js";
export { dialectEntries, register } from "./entries.js";
export { pgliteParsers } from "./types.js";
