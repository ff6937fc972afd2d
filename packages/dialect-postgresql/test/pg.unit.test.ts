/**
 * Unit tests of the pg driver's pure parts: connect arguments, error
 * classification from errors shaped as pg raises them, and value parsing.
 */
import { BigInteger, DateTime, Integer, Interval, makeUrl, Numeric, Uuid } from "@athanor/core";
import { describe, expect, it } from "vitest";
import {
  ARRAY,
  formatNaiveUtc,
  PGDialectPg,
  parseInterval,
  parseServerVersion,
  parseTimestamp,
  pgClientConfig,
  TIMESTAMP,
} from "../src/index.js";

const dialect = new PGDialectPg();

/** An error as pg-protocol's DatabaseError carries it: message + SQLSTATE `code`. */
function pgError(code: string, message = "x"): Error {
  return Object.assign(new Error(message), { code, severity: "ERROR", name: "error" });
}

describe("PGDialectPg.createConnectArgs", () => {
  it("maps the URL's parts and query options to pg Client options", () => {
    const args = dialect.createConnectArgs(
      makeUrl(
        "postgresql+pg://scott:ti%40ger@db.example:6543/app?sslmode=require&application_name=x&connect_timeout=3",
      ),
    );
    expect(pgClientConfig(args)).toEqual({
      host: "db.example",
      port: 6543,
      database: "app",
      user: "scott",
      password: "ti@ger",
      ssl: { rejectUnauthorized: false },
      application_name: "x",
      connectionTimeoutMillis: 3000,
    });
  });

  it("maps every sslmode as libpq means it, and lets connectArgs win", () => {
    const ssl = (mode: string) =>
      dialect.createConnectArgs(makeUrl(`postgresql://h/d?sslmode=${mode}`)).driverOptions.ssl;
    expect(ssl("disable")).toBe(false);
    expect(ssl("prefer")).toBe(false);
    expect(ssl("verify-full")).toEqual({ rejectUnauthorized: true });
    expect(ssl("verify-ca")).toMatchObject({ rejectUnauthorized: true });
    expect(() => ssl("bogus")).toThrow(/sslmode=bogus/);
    const args = dialect.createConnectArgs(makeUrl("postgresql://h/d?sslmode=disable"), {
      ssl: true,
      max: 1,
    });
    expect(args.driverOptions).toEqual({ ssl: true, max: 1 });
  });

  it("refuses unknown query options with the list of known ones", () => {
    expect(() => dialect.createConnectArgs(makeUrl("postgresql://h/d?sslmod=require"))).toThrow(
      /not known.*sslmode/,
    );
  });
});

describe("PGDialectPg error classification", () => {
  it("maps SQLSTATE classes as psycopg2 does", () => {
    const cases: [string, string][] = [
      ["23505", "IntegrityError"],
      ["23503", "IntegrityError"],
      ["23502", "IntegrityError"],
      ["42601", "ProgrammingError"],
      ["42P01", "ProgrammingError"],
      ["42703", "ProgrammingError"],
      ["22012", "DataError"],
      ["22P02", "DataError"],
      ["40001", "OperationalError"],
      ["40P01", "OperationalError"],
      ["57014", "OperationalError"],
      ["57P01", "OperationalError"],
      ["08006", "OperationalError"],
      ["28P01", "OperationalError"],
      ["53300", "OperationalError"],
      ["0A000", "NotSupportedError"],
      ["25P02", "InternalError"],
      ["XX000", "InternalError"],
      ["P0001", "InternalError"],
      ["99999", "DatabaseError"],
    ];
    for (const [code, kind] of cases)
      expect([code, dialect.classifyError(pgError(code))]).toEqual([code, kind]);
  });

  it("treats pg's own errors as InterfaceError and lost connections as OperationalError", () => {
    expect(dialect.classifyError(new TypeError("Query values must be an array"))).toBe("InterfaceError");
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(dialect.classifyError(refused)).toBe("OperationalError");
  });

  it("recognizes disconnects", () => {
    expect(
      dialect.isDisconnect(pgError("57P01", "terminating connection due to administrator command")),
    ).toBe(true);
    expect(dialect.isDisconnect(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(
      dialect.isDisconnect(new Error("Client has encountered a connection error and is not queryable")),
    ).toBe(true);
    expect(dialect.isDisconnect(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(
      true,
    );
    expect(dialect.isDisconnect(pgError("23505", "duplicate key"))).toBe(false);
    expect(dialect.isDisconnect(null)).toBe(false);
  });
});

describe("pg value parsing", () => {
  it("parses server versions", () => {
    expect(parseServerVersion("15.18 (Debian 15.18-1.pgdg120+1)")).toEqual([15, 18]);
    expect(parseServerVersion("9.6.24")).toEqual([9, 6, 24]);
    expect(parseServerVersion("17beta1")).toEqual([17]);
    expect(parseServerVersion("nope")).toBeUndefined();
  });

  it("parses timestamps as UTC or with their offset", () => {
    const d = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 123));
    expect(parseTimestamp("2024-01-02 03:04:05.123456")).toEqual(d);
    expect(parseTimestamp("2024-01-02 03:04:05.123456+00")).toEqual(d);
    expect(parseTimestamp("2024-01-02 08:34:05.123+05:30")).toEqual(d);
    expect(parseTimestamp("2024-01-01 22:04:05.123-05")).toEqual(d);
    expect(parseTimestamp("0044-03-15 12:00:00 BC")).toEqual(new Date(Date.UTC(-43, 2, 15, 12)));
    expect((parseTimestamp("0099-01-01 00:00:00") as Date).getUTCFullYear()).toBe(99);
    expect(parseTimestamp("infinity")).toBe("infinity");
    expect(formatNaiveUtc(d)).toBe("2024-01-02 03:04:05.123");
  });

  it("parses intervals in the postgres and iso_8601 styles", () => {
    const day = 86_400_000;
    expect(parseInterval("25:01:01.001")).toBe(90061001);
    expect(parseInterval("1 day 01:01:01.001")).toBe(90061001);
    expect(parseInterval("-1 days +02:03:00")).toBe(-day + (2 * 3600 + 3 * 60) * 1000);
    expect(parseInterval("1 year 2 mons")).toBe(365.25 * day + 60 * day);
    expect(parseInterval("-00:00:01.5")).toBe(-1500);
    expect(parseInterval("P1DT2H")).toBe(day + 7_200_000);
    expect(parseInterval("00:00:00")).toBe(0);
  });

  it("gives the generic types pg processors while keeping their DDL", () => {
    const big = BigInteger().dialectImpl(dialect);
    expect(big.resultProcessor(dialect)?.("9223372036854775807")).toBe(9223372036854775807n);
    expect(Integer().dialectImpl(dialect).resultProcessor(dialect)?.("42")).toBe(42);
    expect(Numeric(10, 2).dialectImpl(dialect).resultProcessor(dialect)?.("1.10")).toBe("1.10");
    expect(Numeric(10, 2, { asDecimal: false }).dialectImpl(dialect).resultProcessor(dialect)?.("1.10")).toBe(
      1.1,
    );
    const ts = TIMESTAMP({ precision: 3 }).dialectImpl(dialect);
    expect(dialect.typeCompiler.process(ts)).toBe("TIMESTAMP(3) WITHOUT TIME ZONE");
    expect(ts.bindProcessor(dialect)?.(new Date(Date.UTC(2024, 0, 2)))).toBe("2024-01-02 00:00:00.000");
    const tz = DateTime({ timezone: true }).dialectImpl(dialect);
    expect(tz.bindProcessor(dialect)?.(new Date(Date.UTC(2024, 0, 2)))).toBe("2024-01-02T00:00:00.000Z");
    expect(Interval().dialectImpl(dialect).bindProcessor(dialect)?.(1500)).toBe("1500 milliseconds");
    expect(Uuid().dialectImpl(dialect).bindProcessor(dialect)).toBeUndefined();
    const arr = ARRAY(BigInteger).dialectImpl(dialect);
    expect(dialect.typeCompiler.process(arr)).toBe("BIGINT[]");
    expect(arr.resultProcessor(dialect)?.([["1", null], ["2"]])).toEqual([[1n, null], [2n]]);
  });
});
