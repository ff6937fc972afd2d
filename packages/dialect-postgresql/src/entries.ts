/**
 * The dialects this package provides, for `createEngine("postgresql+pg://...")`
 * (and `postgres://`): core loads this package by name and registers these entries.
 */
import { DIALECT_SPI_VERSION, type DialectEntry } from "@athanor/core";
import { PGDialectPg } from "./drivers/pg.js";

export const dialectEntries: readonly DialectEntry[] = ["postgresql", "postgres"].map((name) => ({
  name,
  driver: "pg",
  isDefault: true,
  spiVersion: DIALECT_SPI_VERSION,
  create: (options) => new PGDialectPg(options),
}));
