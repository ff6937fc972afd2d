/**
 * The dialects this package provides, for `createEngine("mysql+mysql2://...")`
 * and `mariadb+mysql2://`: core loads this package by name and registers these entries.
 */
import { DIALECT_SPI_VERSION, type DialectEntry } from "@athanor/core";
import { MariaDBDialectMySQL2, MySQL2Dialect } from "./drivers/mysql2.js";

export const dialectEntries: readonly DialectEntry[] = [
  {
    name: "mysql",
    driver: "mysql2",
    isDefault: true,
    spiVersion: DIALECT_SPI_VERSION,
    create: (options) => new MySQL2Dialect(options),
  },
  {
    name: "mariadb",
    driver: "mysql2",
    isDefault: true,
    spiVersion: DIALECT_SPI_VERSION,
    create: (options) => new MariaDBDialectMySQL2(options),
  },
];
