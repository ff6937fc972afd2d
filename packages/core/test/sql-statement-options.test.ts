/**
 * `Select.options()` and `Select.executionOptions()`: core stores what a higher layer (the ORM)
 * interprets, generatively, without changing the SQL or the cache key.
 */
import { describe, expect, it } from "vitest";
import { column, type StatementOption, select, table } from "../src/index.js";

const t = table("t", column("a"), column("b"));
const opt = (name: string): StatementOption => ({ optionKind: name });

describe("statement options", () => {
  it("options() is generative and accumulates", () => {
    const base = select(t.c.a);
    const one = base.options(opt("x"));
    const two = one.options(opt("y"), opt("z"));
    expect(base.withOptions).toEqual([]);
    expect(one.withOptions.map((o) => o.optionKind)).toEqual(["x"]);
    expect(two.withOptions.map((o) => o.optionKind)).toEqual(["x", "y", "z"]);
    expect(String(two)).toBe(String(base));
  });

  it("executionOptions() merges, later keys winning, and leaves the original alone", () => {
    const base = select(t.c.a);
    const s = base
      .executionOptions({ yieldPer: 10 })
      .executionOptions({ yieldPer: 5, populateExisting: true });
    expect(s.statementExecutionOptions).toEqual({ yieldPer: 5, populateExisting: true });
    expect(base.statementExecutionOptions).toEqual({});
    expect(s.where(t.c.b.eq(1)).statementExecutionOptions).toEqual({ yieldPer: 5, populateExisting: true });
  });
});
