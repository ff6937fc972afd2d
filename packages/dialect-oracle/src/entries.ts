/**
 * The dialects this package provides, for `createEngine("oracle+oracledb://...")`:
 * core loads this package by name and registers these entries.
 */
import { DIALECT_SPI_VERSION, type DialectEntry } from "@athanor/core";
import { OracleDialectOracledb } from "./drivers/oracledb.js";

export const dialectEntries: readonly DialectEntry[] = [
  {
    name: "oracle",
    driver: "oracledb",
    isDefault: true,
    spiVersion: DIALECT_SPI_VERSION,
    create: (options) => new OracleDialectOracledb(options),
  },
];
