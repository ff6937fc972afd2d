import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The driver is typed structurally, as the dialect types it: no @types/better-sqlite3 on purpose.
interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  close(): void;
}
type SqliteModule = new (filename: string) => SqliteDatabase;

// SQLite needs no server, so this test always runs: it proves the native addon was built.
describe("SQLite smoke test (raw better-sqlite3 driver, in memory)", () => {
  it("opens a database, reports the SQLite version and round-trips rows", () => {
    const Database = createRequire(import.meta.url)("better-sqlite3") as SqliteModule;
    const db = new Database(":memory:");
    try {
      const { version } = db.prepare("SELECT sqlite_version() AS version").get() as { version: string };
      console.log(`SQLite smoke test reached: SQLite ${version} (better-sqlite3, :memory:)`);
      expect(version).toMatch(/^3\.\d+\.\d+$/);

      db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      const insert = db.prepare("INSERT INTO users (name) VALUES (?)");
      expect(insert.run("ada").changes).toBe(1);
      expect(insert.run("grace").changes).toBe(1);
      expect(db.prepare("SELECT id, name FROM users ORDER BY id").all()).toEqual([
        { id: 1, name: "ada" },
        { id: 2, name: "grace" },
      ]);
    } finally {
      db.close();
    }
  });
});
