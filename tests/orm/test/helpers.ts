/** Test helpers: an in-memory SQLite engine whose SQL is captured. */
import { createEngine, type Engine, listen } from "@athanor/core";
import { SQLiteDialectBetterSqlite3 } from "@athanor/dialect-sqlite";
import type { DeclarativeBase } from "@athanor/orm";
import { Base } from "./models.js";

/** One statement sent to the driver. */
export interface CapturedSql {
  sql: string;
  params: unknown;
  executemany: boolean;
}

/** A fresh in-memory database with `base`'s tables (the test models' by default), and the SQL log (cleared after setup). */
export function setup(base: DeclarativeBase = Base): {
  engine: Engine;
  log: CapturedSql[];
  statements: () => string[];
  clear: () => void;
} {
  const engine = createEngine("sqlite://", { dialect: new SQLiteDialectBetterSqlite3() });
  const log: CapturedSql[] = [];
  listen(engine, "beforeCursorExecute", (_conn, sql, params, ctx) => {
    log.push({ sql: sql.replace(/\s+/g, " ").trim(), params, executemany: ctx.executemany });
    return undefined;
  });
  engine.begin((conn) => {
    base.metadata.createAll(conn);
  });
  log.length = 0;
  return {
    engine,
    log,
    statements: () => log.map((l) => l.sql),
    clear: () => {
      log.length = 0;
    },
  };
}
