/** Test helpers for the async API: an `AsyncEngine` on a SQLite file, its SQL captured. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AsyncEngine, createAsyncEngine } from "@athanor/asyncio-compat";
import { listen } from "@athanor/core";
import { SQLiteDialectBetterSqlite3 } from "@athanor/dialect-sqlite";
import { Base } from "./models.js";

/** A fresh SQLite database (a file, so connections share it) with the test models' tables. */
export async function asyncSetup(): Promise<{
  engine: AsyncEngine;
  statements: () => string[];
  clear: () => void;
}> {
  const file = join(mkdtempSync(join(tmpdir(), "athanor-orm-async-")), "test.db");
  const engine = createAsyncEngine(`sqlite:///${file}`, { dialect: new SQLiteDialectBetterSqlite3() });
  const log: string[] = [];
  listen(engine.syncEngine, "beforeCursorExecute", (_conn, sql) => {
    log.push(sql.replace(/\s+/g, " ").trim());
    return undefined;
  });
  await engine.begin((conn) => Base.metadata.createAll(conn));
  log.length = 0;
  return {
    engine,
    statements: () => [...log],
    clear: () => {
      log.length = 0;
    },
  };
}
