/**
 * Oracle DDL: identity options spelled `NOCYCLE` / `NOMINVALUE`, no
 * `ON UPDATE` for foreign keys, schema-qualified index names, `BITMAP` and
 * `COMPRESS` indexes, table options (`ON COMMIT`, `COMPRESS`, `TABLESPACE`).
 *
 * Dialect options are given on the schema objects in camelCase:
 * `oracleBitmap` / `oracleCompress` on an `Index`; `oracleOnCommit`,
 * `oracleCompress`, `oracleTablespace` on a `Table`; `oracleOrder` /
 * `oracleOnNull` on an `Identity` or `Sequence` (or their own `order` / `onNull`).
 */
import {
  CompileError,
  type Computed,
  DDLCompiler,
  type ForeignKeyConstraint,
  type Identity,
  type Index,
  type Table,
  TextClause,
} from "@athanor/core";

/** The CREATE INDEX construct (core's `CreateIndex`). */
type CreateIndexArg = Parameters<DDLCompiler["visitCreateIndex"]>[0];
/** The DROP TABLE COMMENT construct (core's `DropTableComment`). */
type DropTableCommentArg = Parameters<DDLCompiler["visitDropTableComment"]>[0];
/** Identity or sequence options as `getIdentityOptions` receives them. */
type IdentityOptionsArg = Parameters<DDLCompiler["visitIdentityColumn"]>[0];

const ON_UPDATE_WARNING =
  "Oracle Database does not contain native UPDATE CASCADE functionality - onupdates will not be " +
  "rendered for foreign keys.  Consider using deferrable=True, initially='deferred' or triggers.";

/** Renders CREATE/DROP statements for Oracle Database. */
export class OracleDDLCompiler extends DDLCompiler {
  /** Oracle has no ON UPDATE for foreign keys (only triggers do that), so it is left out with a warning. */
  override defineConstraintOnupdateCascade(_constraint: ForeignKeyConstraint): string {
    this.warnings.push(ON_UPDATE_WARNING);
    return "";
  }

  /** `GENERATED {ALWAYS | BY DEFAULT} [ON NULL] AS IDENTITY [(options)]`. */
  override visitIdentityColumn(identity: Identity, _kw = {}): string {
    let text = `GENERATED ${identity.always ? "ALWAYS" : "BY DEFAULT"}`;
    const onNull =
      identity.onNull ??
      (identity as { dialectOptions?: { oracleOnNull?: boolean } }).dialectOptions?.oracleOnNull;
    if (onNull === true) text += " ON NULL";
    text += " AS IDENTITY";
    const options = this.getIdentityOptions(identity);
    if (options !== "") text += ` (${options})`;
    return text;
  }

  /** Oracle spells `NOMINVALUE`, `NOMAXVALUE`, `NOCYCLE`, and has `ORDER` / `NOORDER`. */
  override getIdentityOptions(options: IdentityOptionsArg): string {
    let text = super.getIdentityOptions(options);
    text = text
      .replace("NO MINVALUE", "NOMINVALUE")
      .replace("NO MAXVALUE", "NOMAXVALUE")
      .replace("NO CYCLE", "NOCYCLE");
    const order =
      options.order ??
      (options as { dialectOptions?: { oracleOrder?: boolean } }).dialectOptions?.oracleOrder;
    if (order !== undefined) text += order ? " ORDER" : " NOORDER";
    return text.trim();
  }

  /** `GENERATED ALWAYS AS (expr) [VIRTUAL]`; Oracle has no stored computed columns. */
  override visitComputedColumn(computed: Computed, _kw = {}): string {
    if (computed.persisted === true) {
      throw new CompileError(
        "Oracle Database computed columns do not support 'stored' persistence; set the 'persisted' flag " +
          "to None or False for Oracle Database support.",
      );
    }
    const sqltext =
      typeof computed.sqltext === "string" ? new TextClause(computed.sqltext) : computed.sqltext;
    let text = `GENERATED ALWAYS AS (${this.renderExpression(sqltext, { includeTable: false })})`;
    if (computed.persisted === false) text += " VIRTUAL";
    return text;
  }

  /** `ON COMMIT ...`, `COMPRESS [FOR ...]`, `TABLESPACE ...` after the column list. */
  override postCreateTable(table: Table): string {
    const opts = table.dialectOptions as {
      oracleOnCommit?: string;
      oracleCompress?: boolean | string;
      oracleTablespace?: string;
    };
    let text = "";
    if (opts.oracleOnCommit !== undefined)
      text += `\n ON COMMIT ${opts.oracleOnCommit.replace(/_/g, " ").toUpperCase()}`;
    if (opts.oracleCompress === true) text += "\n COMPRESS";
    else if (typeof opts.oracleCompress === "string") text += `\n COMPRESS FOR ${opts.oracleCompress}`;
    if (opts.oracleTablespace !== undefined)
      text += `\n TABLESPACE ${this.preparer.quote(opts.oracleTablespace)}`;
    return text;
  }

  /** The index name carries the table's schema: `CREATE INDEX billing.ix ON billing.t (...)`. */
  override visitCreateIndex(create: CreateIndexArg, kw = {}): string {
    return super.visitCreateIndex(create, { ...kw, includeSchema: true });
  }

  /** `UNIQUE ` and Oracle's `BITMAP `. */
  override createIndexPrefix(index: Index, create: CreateIndexArg): string {
    let text = super.createIndexPrefix(index, create);
    if (index.dialectOptions.oracleBitmap === true) text += "BITMAP ";
    return text;
  }

  /** ` COMPRESS [n]` after the indexed expressions. */
  override postCreateIndex(index: Index, create: CreateIndexArg): string {
    const compress = index.dialectOptions.oracleCompress;
    let text = super.postCreateIndex(index, create);
    if (compress === true) text += " COMPRESS";
    else if (typeof compress === "number") text += ` COMPRESS ${Math.trunc(compress)}`;
    return text;
  }

  /** Removing a table comment sets it to the empty string. */
  override visitDropTableComment(el: DropTableCommentArg, _kw = {}): string {
    return `COMMENT ON TABLE ${this.formatTable(el.element)} IS ''`;
  }
}
