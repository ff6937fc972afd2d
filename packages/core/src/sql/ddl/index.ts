/** The DDL constructs; see `sql/ddl.ts`. */
export { BaseDDLElement, DDL, ExecutableDDLElement } from "./base.js";
export * from "./elements.js";
export * from "./views.js";
