import { IdentifierPreparer } from "@athanor/core";
import { RESERVED_WORDS_MARIADB, RESERVED_WORDS_MYSQL } from "./reserved-words.js";

/**
 * MySQL quoting: names are quoted with backquotes (the server's default
 * `sql_mode` has no `ANSI_QUOTES`), and the reserved words are MySQL's, or
 * MariaDB's when the dialect is the MariaDB variant.
 */
export class MySQLIdentifierPreparer extends IdentifierPreparer {
  override initialQuote = "`";
  override finalQuote = "`";
  override reservedWords: ReadonlySet<string> = (this.dialect as { isMariaDB?: boolean }).isMariaDB
    ? RESERVED_WORDS_MARIADB
    : RESERVED_WORDS_MYSQL;
}
