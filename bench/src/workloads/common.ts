/**
 * What the engine workloads share: the row data, the table's DDL, and the
 * measuring loop.
 *
 * Every tool writes and reads the same table shape, created with the same
 * DDL on the same database in the same process:
 *
 *   id INTEGER PRIMARY KEY, name VARCHAR(50), email VARCHAR(100),
 *   age INTEGER, score NUMERIC(10, 2), created_at TIMESTAMP
 *
 * The values are the same for every tool, in each tool's idiomatic form:
 * a `Date` for `created_at` where the tool converts dates (Athanor; Drizzle
 * and the drivers on PostgreSQL), the stored text where it does not (the
 * raw driver, Kysely and Drizzle on SQLite, whose `created_at` is text).
 */

/** Rows written by the insert workload and read by the select workloads. */
export const ROWS = 20_000;
/** Primary-key lookups per run of the PK workload. */
export const LOOKUPS = 1_000;
/** Rows per multi-row INSERT where a tool pages its bulk insert. */
export const PAGE = 1_000;

const BASE_TIME = Date.UTC(2024, 0, 1, 12, 0, 0);

/** One row as an application holds it. */
export type BenchRow = {
  id: number;
  name: string;
  email: string;
  age: number;
  /** Money: exact decimal text. */
  score: string;
  created_at: Date;
};

/** The same row with `created_at` as the text SQLite stores (for tools that do not convert dates). */
export type BenchRowText = {
  id: number;
  name: string;
  email: string;
  age: number;
  score: string;
  created_at: string;
};

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** `YYYY-MM-DD HH:MM:SS.ffffff`, the text Athanor's SQLite DateTime stores (UTC fields). */
export function sqliteTimestamp(d: Date): string {
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds() * 1000, 6)}`
  );
}

/** The 20,000 rows every tool inserts (the same values for all). */
export const rows: readonly BenchRow[] = Array.from({ length: ROWS }, (_, i) => ({
  id: i + 1,
  name: `user ${i + 1}`,
  email: `user${i + 1}@example.com`,
  age: 18 + (i % 60),
  score: (((i * 37) % 100_000) / 100).toFixed(2),
  created_at: new Date(BASE_TIME + i * 61_000),
}));

/** The same rows with text timestamps. */
export const textRows: readonly BenchRowText[] = rows.map((r) => ({
  ...r,
  created_at: sqliteTimestamp(r.created_at),
}));

/** The ids the PK workload looks up (spread over the table, the same sequence for every tool). */
export const lookupIds: readonly number[] = Array.from(
  { length: LOOKUPS },
  (_, i) => ((i * 7919) % ROWS) + 1,
);

/** The table's DDL, the same for every tool (`TIMESTAMP`: SQLite stores text, PostgreSQL a timestamp). */
export function createTableSql(name: string): string {
  return (
    `CREATE TABLE ${name} (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL, email VARCHAR(100) NOT NULL, ` +
    "age INTEGER NOT NULL, score NUMERIC(10, 2) NOT NULL, created_at TIMESTAMP NOT NULL)"
  );
}

/** The table the insert workload writes (emptied before each run). */
export const INSERT_TABLE = "bench_insert";
/** The table the select workloads read (filled once with `rows`). */
export const SELECT_TABLE = "bench_select";

/** One tool's implementation of one workload. */
export interface ToolRun {
  /** Untimed preparation before each run (emptying the insert table). */
  before?: () => unknown;
  /** The timed work; returns something derived from the result (checked, so nothing is optimised away). */
  run: () => unknown;
  /** Checks what `run` returned (throws on a wrong result). */
  check?: (value: unknown) => void;
}

/** A workload on one database: a name and an implementation per tool (`raw` first: the baseline). */
export interface Workload {
  readonly name: string;
  readonly database: string;
  readonly tools: ReadonlyMap<string, ToolRun>;
}

/** A measured workload/tool pair. */
export interface Measurement {
  workload: string;
  database: string;
  tool: string;
  medianMs: number;
  runs: number;
  /** ORM workloads: this median over the raw driver's and each other tool's (`{ raw: 1.8, typeorm: 0.4 }`). */
  ratios?: Record<string, number>;
}

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Runs a workload: `warmup` untimed rounds, then `runs` timed rounds. Each
 * round runs every tool once, in turn, so that a change in the machine's
 * load during the benchmark falls on every tool alike. Reports the median
 * time of a run (ms) per tool.
 */
export async function measureWorkload(w: Workload, warmup: number, runs: number): Promise<Measurement[]> {
  const times = new Map<string, number[]>();
  for (const name of w.tools.keys()) times.set(name, []);
  for (let round = 0; round < warmup + runs; round++) {
    for (const [name, tool] of w.tools) {
      // No forced gc() between runs: measured, a full collection before each run made the next
      // run of the allocating tools (Athanor, Kysely) two to three times slower, which no
      // application sees; each tool's garbage is collected during its own runs instead.
      if (tool.before !== undefined) await tool.before();
      const start = now();
      let value = tool.run();
      if (value instanceof Promise) value = await value;
      const elapsed = now() - start;
      tool.check?.(value);
      if (round >= warmup) (times.get(name) as number[]).push(elapsed);
    }
  }
  return [...times].map(([tool, list]) => {
    const sorted = list.slice().sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const medianMs =
      sorted.length % 2 === 1
        ? (sorted[Math.floor(mid)] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
    return { workload: w.name, database: w.database, tool, medianMs, runs };
  });
}

/** Throws unless `actual === expected`. */
export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

export const WORKLOAD_NAMES = {
  insert: `insert ${ROWS.toLocaleString("en-US")} rows (one transaction)`,
  selectAll: `select ${ROWS.toLocaleString("en-US")} rows`,
  pk: `${LOOKUPS.toLocaleString("en-US")} primary-key selects`,
} as const;
