import type { Paramstyle } from "@athanor/core";
import { PGDialect, type PGDialectOptions } from "../base/dialect.js";

/**
 * PostgreSQL through node-postgres (`postgresql+pg://`), which takes `$1`
 * placeholders. The driver is loaded only when connecting, so compiling
 * needs none.
 */
export class PGDialectPg extends PGDialect {
  override driver = "pg";
  override paramstyle: Paramstyle = "numericDollar";

  constructor(options: PGDialectOptions = {}) {
    super(options);
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
  }
}
