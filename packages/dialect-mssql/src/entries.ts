/**
 * The dialects this package provides, for `createEngine("mssql+tedious://...")`:
 * core loads this package by name and registers these entries.
 */
import { DIALECT_SPI_VERSION, type DialectEntry } from "@athanor/core";
import { MSSQLDialectTedious } from "./drivers/tedious.js";

export const dialectEntries: readonly DialectEntry[] = [
  {
    name: "mssql",
    driver: "tedious",
    isDefault: true,
    spiVersion: DIALECT_SPI_VERSION,
    create: (options) => new MSSQLDialectTedious(options),
  },
];
