/**
 * Oracle identifier quoting: double quotes, Oracle's reserved words, and no
 * unquoted name may start with a digit, `_` or `$`.
 */
import { IdentifierPreparer } from "@athanor/core";

/** Words Oracle reserves; a name equal to one (in any case) is quoted. */
export const ORACLE_RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    "all alter and any as asc between by char check cluster comment compress connect create current date " +
    "decimal default delete desc distinct drop else exclusive exists float for from grant group having " +
    "identified in index insert integer intersect into is level like lock long minus mode nocompress not " +
    "nowait null number of on option or order pctfree prior public raw rename resource revoke select set " +
    "share size smallint start synonym table then to trigger uid union unique update user values varchar " +
    "varchar2 view where with"
  ).split(" "),
);

const LEGAL = /^[A-Z0-9_$]+$/i;

/** Quotes names as Oracle needs: reserved words, mixed case, and illegal first characters. */
export class OracleIdentifierPreparer extends IdentifierPreparer {
  override reservedWords: ReadonlySet<string> = ORACLE_RESERVED_WORDS;

  override requiresQuotes(name: string): boolean {
    const lower = name.toLowerCase();
    return this.reservedWords.has(lower) || /^[0-9_$]/.test(name) || !LEGAL.test(name) || lower !== name;
  }

  /**
   * Whether a bind parameter name must be written `:"name"`: a reserved
   * word, an illegal first character, or characters outside `[A-Za-z0-9_$]`.
   */
  bindNameRequiresQuotes(name: string): boolean {
    return this.reservedWords.has(name.toLowerCase()) || /^[0-9_$]/.test(name) || !LEGAL.test(name);
  }
}
