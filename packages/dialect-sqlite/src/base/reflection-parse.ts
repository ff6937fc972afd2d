/**
 * A small reader of the `CREATE TABLE` / `CREATE INDEX` text SQLite keeps in
 * `sqlite_master`: SQLite's PRAGMAs do not report constraint names, CHECK
 * constraints, collations, generated-column expressions or index expressions,
 * so (as SQLAlchemy does with regular expressions) they are read from the SQL.
 * This reader tokenizes instead, so it copes with newlines, quoting styles and
 * nested parentheses.
 */

/** A token of SQL text, with its place in the text. */
interface Token {
  kind: "word" | "quoted" | "string" | "number" | "open" | "close" | "comma" | "other";
  /** The identifier (unquoted) or the keyword upper-cased; the raw text otherwise. */
  value: string;
  start: number;
  end: number;
}

/** Splits SQL text into tokens (comments skipped). */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && sql[i + 1] === "-") {
      while (i < n && sql[i] !== "\n") i++;
    } else if (c === "/" && sql[i + 1] === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === '"' || c === "`" || c === "'" || c === "[") {
      const closer = c === "[" ? "]" : c;
      let j = i + 1;
      let value = "";
      while (j < n) {
        const d = sql[j] as string;
        if (d === closer) {
          if (closer !== "]" && sql[j + 1] === closer) {
            value += d;
            j += 2;
            continue;
          }
          break;
        }
        value += d;
        j++;
      }
      out.push({ kind: c === "'" ? "string" : "quoted", value, start: i, end: j + 1 });
      i = j + 1;
    } else if (c === "(") {
      out.push({ kind: "open", value: c, start: i, end: i + 1 });
      i++;
    } else if (c === ")") {
      out.push({ kind: "close", value: c, start: i, end: i + 1 });
      i++;
    } else if (c === ",") {
      out.push({ kind: "comma", value: c, start: i, end: i + 1 });
      i++;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w$\u0080-\uffff]/.test(sql[j] as string)) j++;
      out.push({ kind: "word", value: sql.slice(i, j), start: i, end: j });
      i = j;
    } else if (/[0-9.]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w.]/.test(sql[j] as string)) j++;
      out.push({ kind: "number", value: sql.slice(i, j), start: i, end: j });
      i = j;
    } else {
      out.push({ kind: "other", value: c, start: i, end: i + 1 });
      i++;
    }
  }
  return out;
}

const isWord = (t: Token | undefined, ...words: string[]): boolean =>
  t !== undefined && t.kind === "word" && words.includes(t.value.toUpperCase());

/** The index of the token closing the parenthesis opened at `open`. */
function matchingClose(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const k = (tokens[i] as Token).kind;
    if (k === "open") depth++;
    else if (k === "close" && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/** Splits tokens at commas outside parentheses. */
function splitTopLevel(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === "open") depth++;
    else if (t.kind === "close") depth--;
    if (t.kind === "comma" && depth === 0) parts.push([]);
    else (parts[parts.length - 1] as Token[]).push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** The names listed in a parenthesised group starting at `open`. */
function nameList(tokens: readonly Token[], open: number): { names: string[]; next: number } {
  const close = matchingClose(tokens, open);
  const names: string[] = [];
  for (const part of splitTopLevel(tokens.slice(open + 1, close))) {
    const first = part[0];
    if (
      first !== undefined &&
      (first.kind === "word" || first.kind === "quoted" || first.kind === "string")
    ) {
      names.push(first.value);
    }
  }
  return { names, next: close + 1 };
}

/** A FOREIGN KEY or REFERENCES clause. */
export interface ParsedForeignKey {
  name: string | null;
  constrainedColumns: string[];
  referredTable: string;
  referredColumns: string[];
  ondelete?: string;
  onupdate?: string;
  deferrable?: boolean;
  initially?: string;
}

/** What the SQL of a table says beyond its PRAGMAs. */
export interface ParsedTable {
  /** Columns by name: collation, generated expression, whether declared with AUTOINCREMENT. */
  columns: Map<string, { collation?: string; generated?: { sqltext: string; persisted: boolean } }>;
  primaryKeyName: string | null;
  uniques: { name: string | null; columnNames: string[] }[];
  checks: { name: string | null; sqltext: string }[];
  foreignKeys: ParsedForeignKey[];
  autoincrement: boolean;
  withoutRowid: boolean;
  strict: boolean;
}

/** Parses the `REFERENCES table (cols) [ON DELETE ..] [DEFERRABLE ..]` clause starting at `at`. */
function parseReferences(
  tokens: readonly Token[],
  at: number,
  fk: Omit<ParsedForeignKey, "referredTable" | "referredColumns">,
): { fk: ParsedForeignKey; next: number } {
  let i = at + 1;
  let referredTable = (tokens[i] as Token | undefined)?.value ?? "";
  i++;
  // `schema.table` is not allowed by SQLite, but skip a dotted name anyway.
  if (tokens[i]?.value === "." && tokens[i + 1] !== undefined) {
    referredTable = (tokens[i + 1] as Token).value;
    i += 2;
  }
  let referredColumns: string[] = [];
  if (tokens[i]?.kind === "open") {
    const list = nameList(tokens, i);
    referredColumns = list.names;
    i = list.next;
  }
  const out: ParsedForeignKey = { ...fk, referredTable, referredColumns };
  for (;;) {
    const t = tokens[i];
    if (isWord(t, "ON") && isWord(tokens[i + 1], "DELETE", "UPDATE")) {
      const which = (tokens[i + 1] as Token).value.toUpperCase();
      let action: string;
      if (isWord(tokens[i + 2], "SET", "NO")) {
        action = `${(tokens[i + 2] as Token).value} ${(tokens[i + 3] as Token | undefined)?.value ?? ""}`;
        i += 4;
      } else {
        action = (tokens[i + 2] as Token | undefined)?.value ?? "";
        i += 3;
      }
      action = action.toUpperCase();
      if (action !== "NO ACTION") {
        if (which === "DELETE") out.ondelete = action;
        else out.onupdate = action;
      }
    } else if (isWord(t, "MATCH")) {
      i += 2;
    } else if (isWord(t, "NOT") && isWord(tokens[i + 1], "DEFERRABLE")) {
      out.deferrable = false;
      i += 2;
    } else if (isWord(t, "DEFERRABLE")) {
      out.deferrable = true;
      i++;
    } else if (isWord(t, "INITIALLY")) {
      out.initially = ((tokens[i + 1] as Token | undefined)?.value ?? "").toUpperCase();
      i += 2;
    } else {
      return { fk: out, next: i };
    }
  }
}

/** Text of the tokens between parentheses opened at `open`, as written. */
function innerText(sql: string, tokens: readonly Token[], open: number): { text: string; next: number } {
  const close = matchingClose(tokens, open);
  return {
    text: sql.slice((tokens[open] as Token).end, (tokens[close] as Token).start).trim(),
    next: close + 1,
  };
}

/** Reads a `CREATE TABLE` statement (or returns an empty reading for anything else). */
export function parseCreateTable(sql: string | null): ParsedTable {
  const out: ParsedTable = {
    columns: new Map(),
    primaryKeyName: null,
    uniques: [],
    checks: [],
    foreignKeys: [],
    autoincrement: false,
    withoutRowid: false,
    strict: false,
  };
  if (sql === null) return out;
  const tokens = tokenize(sql);
  const open = tokens.findIndex((t) => t.kind === "open");
  if (open < 0 || !isWord(tokens[0], "CREATE")) return out;
  const close = matchingClose(tokens, open);
  for (const t of tokens.slice(close + 1)) {
    if (isWord(t, "ROWID")) out.withoutRowid = true;
    if (isWord(t, "STRICT")) out.strict = true;
  }
  for (const element of splitTopLevel(tokens.slice(open + 1, close))) {
    readElement(sql, element, out);
  }
  return out;
}

function readElement(sql: string, el: Token[], out: ParsedTable): void {
  let i = 0;
  let name: string | null = null;
  if (isWord(el[0], "CONSTRAINT")) {
    name = (el[1] as Token | undefined)?.value ?? null;
    i = 2;
  }
  const head = el[i];
  // Table constraints.
  if (isWord(head, "PRIMARY") && isWord(el[i + 1], "KEY")) {
    out.primaryKeyName = name;
    if (el.some((t) => isWord(t, "AUTOINCREMENT"))) out.autoincrement = true;
    return;
  }
  if (isWord(head, "UNIQUE") && el[i + 1]?.kind === "open") {
    out.uniques.push({ name, columnNames: nameList(el, i + 1).names });
    return;
  }
  if (isWord(head, "CHECK") && el[i + 1]?.kind === "open") {
    out.checks.push({ name, sqltext: innerText(sql, el, i + 1).text });
    return;
  }
  if (isWord(head, "FOREIGN") && isWord(el[i + 1], "KEY") && el[i + 2]?.kind === "open") {
    const cols = nameList(el, i + 2);
    const at = el.findIndex((t, j) => j >= cols.next && isWord(t, "REFERENCES"));
    if (at >= 0) out.foreignKeys.push(parseReferences(el, at, { name, constrainedColumns: cols.names }).fk);
    return;
  }
  if (name !== null || head === undefined) return;
  // A column definition: name, type words, then column constraints.
  const column = head.value;
  const info: { collation?: string; generated?: { sqltext: string; persisted: boolean } } = {};
  out.columns.set(column, info);
  let pending: string | null = null;
  i = 1;
  while (i < el.length) {
    const t = el[i] as Token;
    if (isWord(t, "CONSTRAINT")) {
      pending = (el[i + 1] as Token | undefined)?.value ?? null;
      i += 2;
      continue;
    }
    if (isWord(t, "PRIMARY") && isWord(el[i + 1], "KEY")) {
      out.primaryKeyName = pending;
      pending = null;
      i += 2;
    } else if (isWord(t, "AUTOINCREMENT")) {
      out.autoincrement = true;
      i++;
    } else if (isWord(t, "UNIQUE")) {
      out.uniques.push({ name: pending, columnNames: [column] });
      pending = null;
      i++;
    } else if (isWord(t, "CHECK") && el[i + 1]?.kind === "open") {
      const inner = innerText(sql, el, i + 1);
      out.checks.push({ name: pending, sqltext: inner.text });
      pending = null;
      i = inner.next;
    } else if (isWord(t, "COLLATE") && el[i + 1] !== undefined) {
      info.collation = (el[i + 1] as Token).value;
      i += 2;
    } else if (isWord(t, "REFERENCES")) {
      const r = parseReferences(el, i, { name: pending, constrainedColumns: [column] });
      out.foreignKeys.push(r.fk);
      pending = null;
      i = r.next;
    } else if (isWord(t, "AS") && el[i + 1]?.kind === "open") {
      const inner = innerText(sql, el, i + 1);
      i = inner.next;
      const persisted = isWord(el[i], "STORED");
      info.generated = { sqltext: inner.text, persisted };
      if (isWord(el[i], "STORED", "VIRTUAL")) i++;
    } else if ((isWord(t, "DEFAULT") || isWord(t, "ON")) && el[i + 1]?.kind === "open") {
      i = matchingClose(el, i + 1) + 1;
    } else if (t.kind === "open") {
      i = matchingClose(el, i) + 1;
    } else {
      i++;
    }
  }
}

/** What the SQL of an index says: its elements as written, and its WHERE clause. */
export interface ParsedIndex {
  /** Each element as written, without its COLLATE / ASC / DESC. */
  elements: string[];
  where: string | null;
}

/** Reads a `CREATE [UNIQUE] INDEX name ON table (elements) [WHERE predicate]` statement. */
export function parseCreateIndex(sql: string | null): ParsedIndex {
  if (sql === null) return { elements: [], where: null };
  const tokens = tokenize(sql);
  const on = tokens.findIndex((t) => isWord(t, "ON"));
  const open = tokens.findIndex((t, i) => i > on && t.kind === "open");
  if (on < 0 || open < 0) return { elements: [], where: null };
  const close = matchingClose(tokens, open);
  const elements = splitTopLevel(tokens.slice(open + 1, close)).map((part) => {
    let end = part.length;
    // Drop trailing ASC/DESC and COLLATE name.
    while (end > 0) {
      const last = part[end - 1];
      if (isWord(last, "ASC", "DESC")) end--;
      else if (end >= 2 && isWord(part[end - 2], "COLLATE")) end -= 2;
      else break;
    }
    const first = part[0] as Token;
    const lastTok = part[Math.max(0, end - 1)] as Token;
    return sql.slice(first.start, lastTok.end).trim();
  });
  const whereAt = tokens.findIndex((t, i) => i > close && isWord(t, "WHERE"));
  const where = whereAt < 0 ? null : sql.slice((tokens[whereAt] as Token).end).trim();
  return { elements, where };
}
