/** SQL Server identifier quoting: `[brackets]` and T-SQL's reserved words. */
import { IdentifierPreparer } from "@athanor/core";

/** Words T-SQL reserves; a name equal to one (in any case) is quoted. */
export const MSSQL_RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    "add all alter and any as asc authorization backup begin between break browse bulk by cascade case " +
    "check checkpoint close clustered coalesce collate column commit compute constraint contains " +
    "containstable continue convert create cross current current_date current_time current_timestamp " +
    "current_user cursor database dbcc deallocate declare default delete deny desc disk distinct " +
    "distributed double drop dump else end errlvl escape except exec execute exists exit external fetch " +
    "file fillfactor for foreign freetext freetexttable from full function goto grant group having " +
    "holdlock identity identity_insert identitycol if in index inner insert intersect into is join key " +
    "kill left like lineno load merge national nocheck nonclustered not null nullif of off offsets on " +
    "open opendatasource openquery openrowset openxml option or order outer over percent pivot plan " +
    "precision primary print proc procedure public raiserror read readtext reconfigure references " +
    "replication restore restrict return revert revoke right rollback rowcount rowguidcol rule save " +
    "schema securityaudit select session_user set setuser shutdown some statistics system_user table " +
    "tablesample textsize then to top tran transaction trigger truncate tsequal union unique unpivot " +
    "update updatetext use user values varying view waitfor when where while with writetext"
  ).split(" "),
);

/** Quotes names with `[` `]` (a `]` inside is doubled) where T-SQL needs it. */
export class MSSQLIdentifierPreparer extends IdentifierPreparer {
  override initialQuote = "[";
  override finalQuote = "]";
  override reservedWords: ReadonlySet<string> = MSSQL_RESERVED_WORDS;

  /**
   * A schema may name a database too (`mydb.dbo`): each part is quoted on
   * its own. A part in brackets is one name, dots included (`[my.db].dbo`).
   */
  override quoteSchema(schema: string): string {
    return splitSchema(schema)
      .map(([part, bracketed]) => (bracketed ? this.quote(part, true) : this.quote(part)))
      .join(".");
  }

  /** A collation name is written bare: SQL Server's collation names are case-insensitive. */
  formatCollation(name: string): string {
    return name;
  }
}

/** `db.owner` → its parts, each with whether it was written in brackets. */
function splitSchema(schema: string): [string, boolean][] {
  const parts: [string, boolean][] = [];
  let i = 0;
  while (i <= schema.length) {
    if (schema[i] === "[") {
      const end = schema.indexOf("]", i + 1);
      if (end < 0) return [[schema, false]];
      parts.push([schema.slice(i + 1, end), true]);
      i = end + 2; // past "]" and the "."
    } else {
      const dot = schema.indexOf(".", i);
      const end = dot < 0 ? schema.length : dot;
      parts.push([schema.slice(i, end), false]);
      i = end + 1;
    }
  }
  return parts;
}
