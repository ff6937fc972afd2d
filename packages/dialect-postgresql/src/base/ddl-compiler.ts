import {
  type CheckConstraint,
  type ClauseElement,
  type ColumnImpl,
  CompileError,
  type CompileKw,
  type Computed,
  type CreateIndex,
  type CreateTableAs,
  type CreateView,
  DDLCompiler,
  type DropIndex,
  type ForeignKeyConstraint,
  type Index,
  type PrimaryKeyConstraint,
  type Sequence,
  type Table,
  type UniqueConstraint,
} from "@athanor/core";
import type { PGIdentifierPreparer } from "./preparer.js";

/** Index access methods PostgreSQL knows (`postgresqlUsing`). */
const IDX_USING = /^(?:btree|hash|gist|gin|[\w_]+)$/i;
/** `ON DELETE` actions, including PostgreSQL 15's `SET NULL (cols)`. */
const FK_ON_DELETE_PG = /^(?:RESTRICT|CASCADE|SET (?:NULL|DEFAULT)(?:\s*\(.+\))?|NO ACTION)$/i;

type WithOptions = Readonly<Record<string, string | number | boolean | null>>;

/**
 * Renders DDL for PostgreSQL: `SERIAL` / `BIGSERIAL` / `SMALLSERIAL` for an
 * autoincrement primary key, identity columns, `STORED` generated columns
 * (before 18), `NOT VALID` constraints (`postgresqlNotValid`), `INCLUDE`
 * (`postgresqlInclude`), indexes with `CONCURRENTLY`, `USING`, operator
 * classes (`postgresqlOps`), `NULLS [NOT] DISTINCT`, `WITH`, `TABLESPACE` and
 * `WHERE`; table options `postgresqlInherits`, `postgresqlPartitionBy`,
 * `postgresqlUsing`, `postgresqlWith`, `postgresqlWithOids`,
 * `postgresqlOnCommit`, `postgresqlTablespace`; and `CREATE TYPE ... AS
 * ENUM` / `DROP TYPE` (`CreateEnumType`, `DropEnumType`).
 */
export class PGDDLCompiler extends DDLCompiler {
  override getColumnSpecification(column: ColumnImpl<any, any>, kw: CompileKw = {}): string {
    let colspec = this.formatColumn(column);
    const impl = column.type.dialectImpl(this.dialect);
    const hasIdentity = column.identity !== undefined && this.dialect.supportsIdentityColumns;
    const table = column.table as Table | undefined;
    const small = impl.visitName === "smallInteger" || impl.visitName === "SMALLINT";
    const serial =
      column.primaryKey &&
      table?.autoincrementColumn === column &&
      ((this.dialect as { supportsSmallserial?: boolean }).supportsSmallserial === true || !small) &&
      !hasIdentity &&
      column.default === undefined &&
      (column.sequence === undefined || column.sequence.optional);
    if (serial) {
      const big = impl.visitName === "bigInteger" || impl.visitName === "BIGINT";
      colspec += big ? " BIGSERIAL" : small ? " SMALLSERIAL" : " SERIAL";
    } else {
      colspec += ` ${this.typeCompiler.process(column.type)}`;
      const def = this.getColumnDefaultString(column);
      if (def !== undefined) colspec += ` DEFAULT ${def}`;
    }
    if (column.computed !== undefined) colspec += ` ${this.visitComputedColumn(column.computed, kw)}`;
    if (hasIdentity && column.identity !== undefined)
      colspec += ` ${this.visitIdentityColumn(column.identity, kw)}`;
    if (!column.nullable && !hasIdentity) colspec += " NOT NULL";
    else if (column.nullable && hasIdentity) colspec += " NULL";
    return colspec;
  }

  /** Before PostgreSQL 18 a generated column is always `STORED`. */
  override visitComputedColumn(computed: Computed, kw: CompileKw = {}): string {
    if (
      (this.dialect as { supportsVirtualGeneratedColumns?: boolean }).supportsVirtualGeneratedColumns === true
    )
      return super.visitComputedColumn(computed, kw);
    if (computed.persisted === false) {
      throw new CompileError(
        "PostgreSQL computed columns do not support 'virtual' persistence; set the 'persisted' flag to undefined or true for PostgreSQL support.",
      );
    }
    if (computed.persisted === undefined) {
      this.warnings.push(
        "A computed column is being created as 'STORED' since the current PostgreSQL version does not support VIRTUAL columns; set `persisted: true` to make this explicit.",
      );
    }
    const text = super.visitComputedColumn(computed, kw).replace(/ (?:STORED|VIRTUAL)$/, "");
    return `${text} STORED`;
  }

  private notValid(constraint: { readonly dialectOptions: Readonly<Record<string, unknown>> }): string {
    return constraint.dialectOptions.postgresqlNotValid === true ? " NOT VALID" : "";
  }

  /** ` INCLUDE (a, b)` of an index, primary key or unique constraint. */
  private include(obj: {
    readonly dialectOptions: Readonly<Record<string, unknown>>;
    readonly table?: unknown;
  }): string {
    const cols = obj.dialectOptions.postgresqlInclude as readonly (string | { name: string })[] | undefined;
    if (cols === undefined || cols.length === 0) return "";
    const table = obj.table as { c: Record<string, { name: string } | undefined> } | undefined;
    const names = cols.map((c) => (typeof c === "string" ? (table?.c[c]?.name ?? c) : c.name));
    return ` INCLUDE (${names.map((n) => this.preparer.quote(n)).join(", ")})`;
  }

  override visitCheckConstraint(constraint: CheckConstraint, kw: CompileKw = {}): string {
    return super.visitCheckConstraint(constraint, kw) + this.notValid(constraint);
  }

  override visitForeignKeyConstraint(constraint: ForeignKeyConstraint, kw: CompileKw = {}): string {
    return super.visitForeignKeyConstraint(constraint, kw) + this.notValid(constraint);
  }

  override visitPrimaryKeyConstraint(constraint: PrimaryKeyConstraint, kw: CompileKw = {}): string {
    if (constraint.columns.length === 0) return "";
    return (
      this.defineConstraintPreamble(constraint, kw) +
      this.definePrimaryKeyBody(constraint, kw) +
      this.include(constraint) +
      this.defineConstraintDeferrability(constraint)
    );
  }

  override visitUniqueConstraint(constraint: UniqueConstraint, kw: CompileKw = {}): string {
    if (constraint.columns.length === 0) return "";
    return (
      this.defineConstraintPreamble(constraint, kw) +
      this.defineUniqueBody(constraint, kw) +
      this.include(constraint) +
      this.defineConstraintDeferrability(constraint)
    );
  }

  override defineUniqueConstraintDistinct(constraint: UniqueConstraint, _kw: CompileKw = {}): string {
    const nnd = constraint.dialectOptions.postgresqlNullsNotDistinct;
    return nnd === true ? "NULLS NOT DISTINCT " : nnd === false ? "NULLS DISTINCT " : "";
  }

  override defineConstraintOndeleteCascade(constraint: ForeignKeyConstraint): string {
    return ` ON DELETE ${this.validateSqlPhrase(constraint.ondelete as string, FK_ON_DELETE_PG)}`;
  }

  private withOptions(opts: WithOptions): string {
    return Object.entries(opts)
      .map(([k, v]) =>
        v === null ? k : typeof v === "boolean" ? `${k} = ${v ? "true" : "false"}` : `${k} = ${v}`,
      )
      .join(", ");
  }

  // ---- indexes ---------------------------------------------------------------------

  override visitCreateIndex(create: CreateIndex, kw: CompileKw = {}): string {
    const index = create.element;
    const table = this.verifyIndexTable(index);
    if (index.name === undefined || index.name === null)
      throw new CompileError("CREATE INDEX requires that the index have a name");
    const o = index.dialectOptions;
    let text = `CREATE ${index.unique ? "UNIQUE " : ""}INDEX `;
    if (o.postgresqlConcurrently === true) text += "CONCURRENTLY ";
    if (create.ifNotExists) text += "IF NOT EXISTS ";
    text += `${this.preparedIndexName(index, false)} ON ${this.formatTable(table)} `;
    const using = o.postgresqlUsing as string | undefined;
    if (using !== undefined) text += `USING ${this.validateSqlPhrase(using, IDX_USING).toLowerCase()} `;
    const exprs = index.resolvedExpressions.map((e) => this.indexExpression(index, e, kw));
    text += `(${exprs.join(", ")})`;
    text += this.include(index);
    const nnd = o.postgresqlNullsNotDistinct;
    if (nnd === true) text += " NULLS NOT DISTINCT";
    else if (nnd === false) text += " NULLS DISTINCT";
    const withOpts = o.postgresqlWith as WithOptions | undefined;
    if (withOpts !== undefined && Object.keys(withOpts).length > 0)
      text += ` WITH (${this.withOptions(withOpts)})`;
    const tablespace = o.postgresqlTablespace as string | undefined;
    if (tablespace !== undefined) text += ` TABLESPACE ${this.preparer.quote(tablespace)}`;
    const where = o.postgresqlWhere as ClauseElement | undefined;
    if (where !== undefined) text += ` WHERE ${this.renderExpression(where, { includeTable: false })}`;
    return text;
  }

  /** An indexed expression (parenthesised unless a column), with its operator class from `postgresqlOps`. */
  override indexExpression(index: Index, expr: ClauseElement, _kw: CompileKw = {}): string {
    const isColumn = expr.visitName === "column";
    const el = isColumn ? expr : expr.selfGroup();
    let text = this.renderExpression(el, { includeTable: false });
    const ops = index.dialectOptions.postgresqlOps as Readonly<Record<string, string>> | undefined;
    const key = (expr as { key?: string }).key;
    if (ops !== undefined && key !== undefined && ops[key] !== undefined) text += ` ${ops[key]}`;
    return text;
  }

  override visitDropIndex(drop: DropIndex, kw: CompileKw = {}): string {
    const index = drop.element;
    const concurrently =
      index.dialectOptions.postgresqlConcurrently === true &&
      (this.dialect as { supportsDropIndexConcurrently?: boolean }).supportsDropIndexConcurrently === true;
    if (!concurrently) return super.visitDropIndex(drop, kw);
    if (index.name === undefined || index.name === null)
      throw new CompileError("DROP INDEX requires that the index have a name");
    return `\nDROP INDEX CONCURRENTLY ${drop.ifExists ? "IF EXISTS " : ""}${this.preparedIndexName(index, true)}`;
  }

  // ---- tables, views, sequences ----------------------------------------------------

  override postCreateTable(table: Table): string {
    const o = table.dialectOptions;
    const opts: string[] = [];
    const inherits = o.postgresqlInherits as string | readonly string[] | undefined;
    if (inherits !== undefined) {
      const list = typeof inherits === "string" ? [inherits] : inherits;
      opts.push(`\n INHERITS (${list.map((n) => this.preparer.quote(n)).join(", ")})`);
    }
    if (o.postgresqlPartitionBy !== undefined)
      opts.push(`\n PARTITION BY ${String(o.postgresqlPartitionBy)}`);
    if (o.postgresqlUsing !== undefined) opts.push(`\n USING ${String(o.postgresqlUsing)}`);
    const withOpts = o.postgresqlWith as WithOptions | undefined;
    if (withOpts !== undefined && Object.keys(withOpts).length > 0)
      opts.push(`\n WITH (${this.withOptions(withOpts)})`);
    if (o.postgresqlWithOids === true) opts.push("\n WITH OIDS");
    else if (o.postgresqlWithOids === false) opts.push("\n WITHOUT OIDS");
    if (o.postgresqlOnCommit !== undefined)
      opts.push(`\n ON COMMIT ${String(o.postgresqlOnCommit).replace(/_/g, " ").toUpperCase()}`);
    if (o.postgresqlTablespace !== undefined)
      opts.push(`\n TABLESPACE ${this.preparer.quote(String(o.postgresqlTablespace))}`);
    return opts.join("");
  }

  /** `WITH (options)` of a view (`postgresqlWith`). */
  override createTableSelectSuffixes(
    element: CreateView | CreateTableAs,
    kind: "view" | "createTableAs",
    _kw: CompileKw = {},
  ): string {
    if (kind !== "view") return "";
    const withOpts = (element as { dialectOptions?: Record<string, unknown> }).dialectOptions
      ?.postgresqlWith as WithOptions | undefined;
    return withOpts !== undefined && Object.keys(withOpts).length > 0
      ? `WITH (${this.withOptions(withOpts)})`
      : "";
  }

  /** ` AS type` of a sequence with a `dataType`. */
  override sequenceAsType(seq: Sequence): string {
    return seq.dataType !== undefined ? ` AS ${this.typeCompiler.process(seq.dataType)}` : "";
  }

  // ---- named types -----------------------------------------------------------------

  /** `CREATE TYPE name AS ENUM ('a', 'b')`. */
  visitCreateEnumType(create: { readonly element: EnumLike }, _kw: CompileKw = {}): string {
    const type = create.element;
    const labels = type.enums.map((e) => this.sqlCompiler.renderLiteralValue(e));
    return `CREATE TYPE ${(this.preparer as PGIdentifierPreparer).formatType(type)} AS ENUM (${labels.join(", ")})`;
  }

  /** `DROP TYPE name`. */
  visitDropEnumType(
    drop: { readonly element: EnumLike; readonly ifExists?: boolean },
    _kw: CompileKw = {},
  ): string {
    return `DROP TYPE ${drop.ifExists === true ? "IF EXISTS " : ""}${(this.preparer as PGIdentifierPreparer).formatType(drop.element)}`;
  }
}

/** What the ENUM DDL needs of an enum type. */
export interface EnumLike {
  readonly name?: string | undefined;
  readonly schema?: string | undefined;
  readonly enums: readonly string[];
}
