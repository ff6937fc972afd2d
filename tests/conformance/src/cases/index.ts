/**
 * Every ported case, keyed by corpus id: a function that builds the statement
 * (reading the fixture's live bindings, see ../fixture.ts) and returns it.
 */
import { cases as cte } from "./cte.js";
import { cases as ddl } from "./ddl.js";
import { cases as deleteCases } from "./delete.js";
import { cases as expressions } from "./expressions.js";
import { cases as functions } from "./functions.js";
import { cases as hints } from "./hints.js";
import { cases as insert } from "./insert.js";
import { cases as joins } from "./joins.js";
import { cases as operators } from "./operators.js";
import { cases as quoting } from "./quoting.js";
import { cases as select } from "./select.js";
import { cases as setops } from "./setops.js";
import { cases as subqueries } from "./subqueries.js";
import { cases as text } from "./text.js";
import { cases as update } from "./update.js";
import { cases as upsert } from "./upsert.js";
import { cases as values } from "./values.js";
import { cases as window } from "./window.js";

/** A case builds one statement; what it returns is compiled for every target. */
export type CaseFn = () => unknown;

/** The ported cases per area (the first segment of a case id). */
export const casesByArea: Readonly<Record<string, Readonly<Record<string, CaseFn>>>> = {
  select,
  operators,
  joins,
  subqueries,
  cte,
  setops,
  window,
  functions,
  expressions,
  text,
  hints,
  values,
  insert,
  update,
  delete: deleteCases,
  upsert,
  ddl,
  quoting,
};

function merge(): Readonly<Record<string, CaseFn>> {
  const all: Record<string, CaseFn> = {};
  for (const [area, table] of Object.entries(casesByArea)) {
    for (const [id, fn] of Object.entries(table)) {
      if (!id.startsWith(`${area}.`)) throw new Error(`case ${id} is filed under area ${area}`);
      if (id in all) throw new Error(`case ${id} is ported twice`);
      all[id] = fn;
    }
  }
  return all;
}

/** All ported cases, keyed by id. */
export const cases: Readonly<Record<string, CaseFn>> = merge();
