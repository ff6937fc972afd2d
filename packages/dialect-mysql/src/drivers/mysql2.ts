import type { Paramstyle } from "@athanor/core";
import { MySQLDialect, type MySQLDialectOptions } from "../base/dialect.js";

/**
 * MySQL and MariaDB through the `mysql2` driver, which takes `?`
 * placeholders. The connection code arrives with the engine; compiling
 * needs no driver installed.
 *
 * @example
 * ```ts
 * const dialect = new MySQL2Dialect({ serverVersion: [8, 0, 36] });
 * stmt.compile({ dialect }).sql; // ... WHERE user_account.id = ?
 * ```
 */
export class MySQL2Dialect extends MySQLDialect {
  override driver = "mysql2";
  override paramstyle: Paramstyle = "qmark";

  constructor(options: MySQLDialectOptions = {}) {
    super(options);
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
  }
}
