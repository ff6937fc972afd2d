import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { liveDatabase, redact } from "./live.js";

// The driver is typed structurally, as the dialect types it: no @types/pg on purpose.
interface PgClient {
  connect(): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  end(): Promise<void>;
}
interface PgModule {
  Client: new (config: { connectionString: string }) => PgClient;
}

const live = liveDatabase("ATHANOR_PG_URL", "scripts/db/pg-up.sh");

describe.skipIf(live.skip)("PostgreSQL live smoke test (raw pg driver)", () => {
  it("connects, reports the server version and round-trips a bound parameter", async () => {
    const url = live.url();
    const pg = createRequire(import.meta.url)("pg") as PgModule;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string; answer: number }>(
        "SELECT version() AS version, $1::int + 1 AS answer",
        [41],
      );
      const row = rows[0];
      console.log(`PostgreSQL live smoke test reached: ${row?.version} (${redact(url)})`);
      expect(row?.version).toMatch(/^PostgreSQL \d+/);
      expect(row?.answer).toBe(42);
    } finally {
      await client.end();
    }
  });
});
