/** Unit tests of the better-sqlite3 driver's pure parts: error classification from errors shaped as the driver raises them. */
import { describe, expect, it } from "vitest";
import { SQLiteDialectBetterSqlite3 } from "../src/index.js";

const dialect = new SQLiteDialectBetterSqlite3();

/** better-sqlite3's SqliteError: a message and an extended result code name. */
function sqliteError(code: string, message = "x"): Error {
  return Object.assign(new Error(message), { name: "SqliteError", code });
}

describe("SQLiteDialectBetterSqlite3 error classification", () => {
  it("maps result codes as Python's sqlite3 module does", () => {
    const cases: [string, string][] = [
      ["SQLITE_CONSTRAINT_UNIQUE", "IntegrityError"],
      ["SQLITE_CONSTRAINT_PRIMARYKEY", "IntegrityError"],
      ["SQLITE_CONSTRAINT_NOTNULL", "IntegrityError"],
      ["SQLITE_CONSTRAINT_FOREIGNKEY", "IntegrityError"],
      ["SQLITE_CONSTRAINT_CHECK", "IntegrityError"],
      ["SQLITE_MISMATCH", "IntegrityError"],
      ["SQLITE_ERROR", "OperationalError"],
      ["SQLITE_BUSY", "OperationalError"],
      ["SQLITE_BUSY_SNAPSHOT", "OperationalError"],
      ["SQLITE_LOCKED", "OperationalError"],
      ["SQLITE_READONLY", "OperationalError"],
      ["SQLITE_IOERR_WRITE", "OperationalError"],
      ["SQLITE_FULL", "OperationalError"],
      ["SQLITE_CANTOPEN", "OperationalError"],
      ["SQLITE_TOOBIG", "DataError"],
      ["SQLITE_INTERNAL", "InternalError"],
      ["SQLITE_MISUSE", "InterfaceError"],
      ["SQLITE_RANGE", "InterfaceError"],
      ["SQLITE_CORRUPT", "DatabaseError"],
      ["SQLITE_NOTADB", "DatabaseError"],
    ];
    for (const [code, kind] of cases)
      expect([code, dialect.classifyError(sqliteError(code))]).toEqual([code, kind]);
  });

  it("classifies the driver's own errors", () => {
    expect(dialect.classifyError(new RangeError("Too few parameter values were provided"))).toBe(
      "ProgrammingError",
    );
    expect(
      dialect.classifyError(
        new TypeError("SQLite3 can only bind numbers, strings, bigints, buffers, and null"),
      ),
    ).toBe("InterfaceError");
    expect(dialect.classifyError(new TypeError("The database connection is not open"))).toBe(
      "ProgrammingError",
    );
    expect(dialect.isDisconnect(new TypeError("The database connection is not open"))).toBe(true);
    expect(dialect.isDisconnect(sqliteError("SQLITE_ERROR", "no such table: x"))).toBe(false);
  });
});
