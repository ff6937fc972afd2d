/**
 * The `oracledb` driver (node-oracledb, thin mode). Connection code comes
 * later; the driver is never imported at load time.
 */
import type { Paramstyle } from "@athanor/core";
import { OracleDialect, type OracleDialectOptions } from "../base/dialect.js";

/** Oracle through `oracledb`, with `:name` parameters. */
export class OracleDialectOracledb extends OracleDialect {
  override driver = "oracledb";
  override paramstyle: Paramstyle = "named";

  constructor(options: OracleDialectOptions = {}) {
    super(options);
    if (options.paramstyle !== undefined) this.paramstyle = options.paramstyle;
  }
}
