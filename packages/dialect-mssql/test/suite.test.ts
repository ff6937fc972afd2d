/**
 * The compliance suite from `@athanor/core/testing` on the async API against the SQL Server at
 * ATHANOR_MSSQL_URL; without it, one skipped test says so (no SQL Server here).
 */
import { createAsyncEngine } from "@athanor/asyncio-compat";
import { runComplianceSuite } from "@athanor/core/testing";
import { MSSQLDialectTedious } from "../src/index.js";
import { optionalLiveDatabase } from "./live.js";
import { MSSQLRequirements } from "./requirements.js";

const live = optionalLiveDatabase("ATHANOR_MSSQL_URL");

runComplianceSuite({
  name: "mssql+tedious",
  requirements: new MSSQLRequirements(),
  skip: live.skip && "ATHANOR_MSSQL_URL is not set: no SQL Server has run the compliance suite here",
  makeEngine: () => createAsyncEngine(live.url(), { dialect: new MSSQLDialectTedious() }),
});
