import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { liveDatabase, redact } from "./live.js";

// The driver is typed structurally, as the dialect types it; mysql2 ships its own types, but the
// tests must not lean on anything the dialect itself cannot.
interface MysqlConnection {
  query<Row>(sql: string, params?: unknown[]): Promise<[Row[], unknown]>;
  end(): Promise<void>;
}
interface MysqlPromiseModule {
  createConnection(uri: string): Promise<MysqlConnection>;
}

const live = liveDatabase("ATHANOR_MYSQL_URL", "scripts/db/mariadb-up.sh");

describe.skipIf(live.skip)("MySQL/MariaDB live smoke test (raw mysql2 driver)", () => {
  it("connects, reports the server version and round-trips a bound parameter", async () => {
    const url = live.url();
    const mysql = createRequire(import.meta.url)("mysql2/promise") as MysqlPromiseModule;
    const conn = await mysql.createConnection(url);
    try {
      const [rows] = await conn.query<{ version: string; comment: string; answer: number }>(
        "SELECT VERSION() AS version, @@version_comment AS comment, ? + 1 AS answer",
        [41],
      );
      const row = rows[0];
      const flavour = /mariadb/i.test(`${row?.version} ${row?.comment}`) ? "MariaDB" : "MySQL";
      console.log(
        `MySQL-family live smoke test reached: ${flavour} ${row?.version} (${row?.comment}) (${redact(url)})`,
      );
      expect(row?.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(Number(row?.answer)).toBe(42);
      // CI starts MariaDB (Debian 12 has no MySQL 8); a MySQL server is just as welcome elsewhere.
      if (process.env.ATHANOR_MYSQL_EXPECT) expect(flavour).toBe(process.env.ATHANOR_MYSQL_EXPECT);
    } finally {
      await conn.end();
    }
  });
});
