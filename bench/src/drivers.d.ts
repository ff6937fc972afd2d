/*
 * The drivers ship no types of their own and the workspace has no @types
 * packages for them (the dialect packages type the subset they use
 * locally): the benchmark uses them untyped.
 */
declare module "better-sqlite3";
declare module "pg";
