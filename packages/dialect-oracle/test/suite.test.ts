/**
 * The compliance suite from `@athanor/core/testing` on the async API against the Oracle at
 * ATHANOR_ORACLE_URL; without it, one skipped test says so (no Oracle server here).
 */
import { createAsyncEngine } from "@athanor/asyncio-compat";
import { runComplianceSuite } from "@athanor/core/testing";
import { OracleDialectOracledb } from "../src/index.js";
import { optionalLiveDatabase } from "./live.js";
import { OracleRequirements } from "./requirements.js";

const live = optionalLiveDatabase("ATHANOR_ORACLE_URL");

runComplianceSuite({
  name: "oracle+oracledb",
  requirements: new OracleRequirements(),
  skip: live.skip && "ATHANOR_ORACLE_URL is not set: no Oracle server has run the compliance suite here",
  makeEngine: () => createAsyncEngine(live.url(), { dialect: new OracleDialectOracledb() }),
});
