/**
 * The compliance suite from `@athanor/core/testing`, always live: PGlite
 * runs in this process. On the async API, since PGlite has no sync one.
 */
import { createAsyncEngine } from "@athanor/asyncio-compat";
import { runComplianceSuite } from "@athanor/core/testing";
import { PGliteDialect } from "../src/index.js";
import { PGliteRequirements } from "./requirements.js";

runComplianceSuite({
  name: "pglite+pglite (memory, async API)",
  requirements: new PGliteRequirements(),
  makeEngine: () => createAsyncEngine("pglite://", { dialect: new PGliteDialect() }),
});
