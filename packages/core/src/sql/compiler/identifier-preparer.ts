import type { Dialect } from "../../engine/dialect.js";

/** Words the generic dialect quotes when used as names (the PostgreSQL-flavoured SQL standard set). */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    "all analyse analyze and any array as asc asymmetric authorization between binary both case cast check " +
    "collate column constraint create cross current_date current_role current_time current_timestamp " +
    "current_user default deferrable desc distinct do else end except false for foreign freeze from full " +
    "grant group having ilike in initially inner intersect into is isnull join leading left like limit " +
    "localtime localtimestamp natural new not notnull null off offset old on only or order outer overlaps " +
    "placing primary references right select session_user set similar some symmetric table then to " +
    "trailing true union unique user using verbose when where"
  ).split(" "),
);

const LEGAL = /^[A-Z0-9_$]+$/i;

/**
 * Quotes identifiers where the database needs it: reserved words, names
 * with upper-case letters or other characters, names starting with a digit.
 * Dialects change the quote characters and the reserved words.
 */
export class IdentifierPreparer {
  /** Opening and closing quote characters. */
  initialQuote = '"';
  finalQuote = '"';
  reservedWords: ReadonlySet<string> = RESERVED_WORDS;
  /** Names are case-insensitive upper-case when unquoted (Oracle); otherwise lower-case. */
  protected readonly cache = new Map<string, string>();

  constructor(readonly dialect: Dialect) {}

  /** Whether `name` must be quoted. */
  requiresQuotes(name: string): boolean {
    const lower = name.toLowerCase();
    return this.reservedWords.has(lower) || /^[0-9$]/.test(name) || !LEGAL.test(name) || lower !== name;
  }

  /** Quotes `name` unconditionally, doubling embedded quote characters. */
  quoteIdentifier(name: string): string {
    return (
      this.initialQuote +
      name.split(this.finalQuote).join(this.finalQuote + this.finalQuote) +
      this.finalQuote
    );
  }

  /** Quotes `name` if it needs it; `force` true/false overrides the decision. */
  quote(name: string, force?: boolean): string {
    if (force === true) return this.quoteIdentifier(name);
    if (force === false) return name;
    let q = this.cache.get(name);
    if (q === undefined) {
      q = this.requiresQuotes(name) ? this.quoteIdentifier(name) : name;
      this.cache.set(name, q);
    }
    return q;
  }

  /** A schema name, quoted if needed: one name, dots included (SQL Server splits `db.owner`). */
  quoteSchema(schema: string): string {
    return this.quote(schema);
  }

  /** `schema.table`, each part quoted if needed (or as forced). */
  formatTable(name: string, schema?: string, force?: boolean, forceSchema?: boolean): string {
    const t = this.quote(name, force);
    if (schema === undefined) return t;
    return `${forceSchema === undefined ? this.quoteSchema(schema) : this.quote(schema, forceSchema)}.${t}`;
  }

  /** Truncates a generated name to the dialect's identifier length with a stable hash suffix. */
  truncateName(name: string): string {
    const max = this.dialect.maxIdentifierLength;
    if (name.length <= max) return name;
    let h = 0;
    for (let i = 0; i < name.length; i++) h = (Math.imul(31, h) + name.charCodeAt(i)) >>> 0;
    const suffix = (h & 0xffff).toString(16).padStart(4, "0");
    return `${name.slice(0, max - 5)}_${suffix}`;
  }
}
