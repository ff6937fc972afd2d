import type { Dialect } from "../../engine/dialect.js";

/**
 * Renders DDL constructs (CREATE TABLE, CREATE INDEX, ...). Each DDL element
 * dispatches to `visit<Kind>`; dialects subclass and override what differs.
 */
export class DDLCompiler {
  constructor(readonly dialect: Dialect) {}
}
