/**
 * The compliance suite from `@athanor/core/testing`, always live: an
 * in-memory database on the sync API, and a temporary file on the async API
 * (a sync driver awaited through `@athanor/asyncio-compat`).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAsyncEngine } from "@athanor/asyncio-compat";
import { createEngine } from "@athanor/core";
import { runComplianceSuite } from "@athanor/core/testing";
import { SQLiteDialectBetterSqlite3 } from "../src/index.js";
import { SQLiteRequirements } from "./requirements.js";

runComplianceSuite({
  name: "sqlite+better-sqlite3 (memory, sync API)",
  requirements: new SQLiteRequirements(true),
  makeEngine: () => createEngine("sqlite://", { dialect: new SQLiteDialectBetterSqlite3() }),
});

runComplianceSuite({
  name: "sqlite+better-sqlite3 (file, async API)",
  requirements: new SQLiteRequirements(false),
  makeEngine: () =>
    createAsyncEngine(`sqlite:///${join(mkdtempSync(join(tmpdir(), "athanor-cs-")), "suite.db")}`, {
      dialect: new SQLiteDialectBetterSqlite3(),
    }),
});
