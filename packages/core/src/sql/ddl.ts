/**
 * DDL constructs: CREATE / DROP of tables, indexes, sequences, schemas and
 * views, ALTER TABLE ADD / DROP CONSTRAINT, comments, and literal `DDL`.
 *
 * Each construct is a `ClauseElement` flagged `isDdl`, so `element.compile()`
 * hands it to the dialect's `DDLCompiler`, which renders it with one
 * `visit<Kind>` method per construct (`visitCreateTable`, `visitCreateIndex`,
 * ...). As in SQLAlchemy, DDL is never cached: each construct has its own
 * cache key.
 *
 * @example
 * ```ts
 * new CreateTable(userTable).compile({ dialect }).sql;   // CREATE TABLE user_account (...)
 * new CreateIndex(new Index("ix_name", userTable.c.name), { ifNotExists: true });
 * new DropTable(userTable, { ifExists: true });
 * ```
 */
export * from "./ddl/index.js";
