import { IdentifierPreparer, RESERVED_WORDS } from "@athanor/core";

/** The words PostgreSQL reserves; a name equal to one of them is quoted. */
export const PG_RESERVED_WORDS: ReadonlySet<string> = new Set(
  [
    ...RESERVED_WORDS,
    ..."current_catalog current_schema fetch of over returning variadic window with".split(" "),
  ].filter((w) => w !== "set"),
);

/** Quotes identifiers for PostgreSQL: double quotes; names are folded to lower case when unquoted. */
export class PGIdentifierPreparer extends IdentifierPreparer {
  override reservedWords: ReadonlySet<string> = PG_RESERVED_WORDS;

  /** The name of a named type (an ENUM or DOMAIN), schema-qualified if it has a schema. */
  formatType(type: { readonly name?: string | undefined; readonly schema?: string | undefined }): string {
    if (type.name === undefined) throw new Error("PostgreSQL ENUM type requires a name.");
    return this.formatTable(type.name, type.schema);
  }
}
