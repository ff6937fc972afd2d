/**
 * The `tedious` driver. Connection code comes later; the driver is never
 * imported at load time.
 */
import type { Paramstyle } from "@athanor/core";
import { MSSQLDialect, type MSSQLDialectOptions } from "../base/dialect.js";

/** SQL Server through `tedious`, with `@P1`, `@P2`, ... parameters. */
export class MSSQLDialectTedious extends MSSQLDialect {
  override driver = "tedious";
  override paramstyle: Paramstyle = "atP";

  constructor(options: MSSQLDialectOptions = {}) {
    super(options);
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
  }
}
