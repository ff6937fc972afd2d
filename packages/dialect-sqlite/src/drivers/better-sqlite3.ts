import type { Paramstyle } from "@athanor/core";
import { SQLiteDialect, type SQLiteDialectOptions } from "../base/dialect.js";

/**
 * SQLite through the better-sqlite3 driver (`sqlite+better-sqlite3://`).
 * The driver is loaded only when connecting, so compiling needs none.
 */
export class SQLiteDialectBetterSqlite3 extends SQLiteDialect {
  override driver = "better-sqlite3";
  override paramstyle: Paramstyle = "qmark";

  constructor(options: SQLiteDialectOptions = {}) {
    super(options);
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
  }
}
