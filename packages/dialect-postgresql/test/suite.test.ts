/**
 * The compliance suite from `@athanor/core/testing` on the async API against the PostgreSQL at
 * ATHANOR_PG_URL (skipped without it on a developer's machine, failing in CI).
 */
import { createAsyncEngine } from "@athanor/asyncio-compat";
import { runComplianceSuite } from "@athanor/core/testing";
import { PGDialectPg } from "../src/index.js";
import { liveDatabase } from "./live.js";
import { PGRequirements } from "./requirements.js";

const live = liveDatabase("ATHANOR_PG_URL", "scripts/db/pg-up.sh");

runComplianceSuite({
  name: "postgresql+pg",
  requirements: new PGRequirements(),
  skip: live.skip && "ATHANOR_PG_URL is not set: start PostgreSQL with scripts/db/pg-up.sh",
  makeEngine: () => createAsyncEngine(live.url(), { dialect: new PGDialectPg() }),
});
