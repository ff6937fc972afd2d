/**
 * Registration. Core finds its built-in dialects by name
 * (`@athanor/dialect-<name>`); a third-party dialect is registered
 * explicitly, once, before the first `createEngine("pglite://")`:
 *
 * ```ts
 * import { register } from "athanor-dialect-pglite";
 * register();
 * const engine = createAsyncEngine("pglite:///var/data/app");
 * ```
 *
 * or is passed as an instance, with no registration at all:
 *
 * ```ts
 * createAsyncEngine("pglite://", { dialect: new PGliteDialect() });
 * ```
 */
import { DIALECT_SPI_VERSION, type DialectEntry, registerDialect } from "@athanor/core";
import { PGliteDialect } from "./dialect.js";

/** The dialects this package provides: `pglite://` and `pglite+pglite://`. */
export const dialectEntries: readonly DialectEntry[] = [
  {
    name: "pglite",
    driver: "pglite",
    isDefault: true,
    spiVersion: DIALECT_SPI_VERSION,
    create: (options) => new PGliteDialect(options),
  },
];

/**
 * Registers {@link dialectEntries} with core, so URLs can name `pglite`.
 * Core checks the SPI version this package was built against and refuses a
 * mismatch with an `ArgumentError`. Calling it again is harmless.
 */
export function register(): void {
  for (const entry of dialectEntries) registerDialect(entry);
}
