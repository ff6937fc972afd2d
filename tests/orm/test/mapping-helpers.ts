/** Helpers for the mapping tests: an in-memory SQLite engine for any MetaData, with its SQL captured. */
import { createEngine, type Engine, listen, type MetaData } from "@athanor/core";
import { SQLiteDialectBetterSqlite3 } from "@athanor/dialect-sqlite";

/** A fresh database with `metadata`'s tables; `sql()` is the statements since the last `clear()`. */
export function engineFor(metadata: MetaData): {
  engine: Engine;
  sql: () => string[];
  params: () => unknown[];
  clear: () => void;
} {
  const engine = createEngine("sqlite://", { dialect: new SQLiteDialectBetterSqlite3() });
  const log: { sql: string; params: unknown }[] = [];
  listen(engine, "beforeCursorExecute", (_conn, sql, params) => {
    log.push({ sql: sql.replace(/\s+/g, " ").trim(), params });
    return undefined;
  });
  engine.begin((conn) => {
    metadata.createAll(conn);
  });
  log.length = 0;
  return {
    engine,
    sql: () => log.map((l) => l.sql).filter((s) => !/^(BEGIN|COMMIT|ROLLBACK)/.test(s)),
    params: () => log.filter((l) => !/^(BEGIN|COMMIT|ROLLBACK)/.test(l.sql)).map((l) => l.params),
    clear: () => {
      log.length = 0;
    },
  };
}
