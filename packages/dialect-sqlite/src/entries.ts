/**
 * The dialects this package provides, for `createEngine("sqlite://...")`:
 * core loads this package by name and registers these entries.
 */
import { DIALECT_SPI_VERSION, type DialectEntry } from "@athanor/core";
import { SQLiteDialectBetterSqlite3 } from "./drivers/better-sqlite3.js";

export const dialectEntries: readonly DialectEntry[] = [
  {
    name: "sqlite",
    driver: "better-sqlite3",
    isDefault: true,
    spiVersion: DIALECT_SPI_VERSION,
    create: (options) => new SQLiteDialectBetterSqlite3(options),
  },
];
