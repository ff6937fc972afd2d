/**
 * The pure parts of the mysql2 driver: connect arguments, version parsing,
 * error classification from error objects shaped as mysql2's, value
 * processors, and the variant switch after connecting. No server needed.
 */
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: Boolean, Date and JSON are SQLAlchemy's type names */
import {
  BigInteger,
  Boolean,
  Date,
  DateTime,
  Integer,
  Interval,
  JSON,
  makeUrl,
  Numeric,
  Uuid,
} from "@athanor/core";
import { describe, expect, it } from "vitest";
import { loadDriver } from "../src/drivers/mysql2-adapter.js";
import { MariaDBDialectMySQL2, MySQL2Dialect, mysql2Config, parseMySQLVersion } from "../src/index.js";
import { run } from "./async-runner.js";

const dialect = new MySQL2Dialect();
type AnyType = Parameters<typeof dialect.adaptType>[0];
/** The type's bind processor for the dialect, or the identity. */
const bind = (t: AnyType) => t.dialectImpl(dialect).bindProcessor(dialect) ?? ((v: unknown) => v);
/** The type's result processor for the dialect, or the identity. */
const result = (t: AnyType) => t.dialectImpl(dialect).resultProcessor(dialect) ?? ((v: unknown) => v);

/** An error as mysql2 builds a server error packet's. */
function serverError(errno: number, sqlState: string, code: string, message = "x"): Error {
  return Object.assign(new Error(message), { errno, sqlState, code, sqlMessage: message, fatal: false });
}

describe("mysql2 connect arguments", () => {
  it("maps the URL and forces the conversion options", () => {
    const url = makeUrl(
      "mysql+mysql2://scott:ti%40ger@db.example:3307/shop?charset=utf8mb4&connect_timeout=5",
    );
    const cfg = mysql2Config(dialect.createConnectArgs(url, { connectionLimit: 1 }));
    expect(cfg).toMatchObject({
      host: "db.example",
      port: 3307,
      user: "scott",
      password: "ti@ger",
      database: "shop",
      charset: "utf8mb4",
      connectTimeout: 5000,
      decimalNumbers: false,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      jsonStrings: true,
      multipleStatements: false,
      timezone: "Z",
      connectionLimit: 1,
    });
    expect(cfg.ssl).toBeUndefined();
  });

  it("defaults host and port, takes a unix socket and ssl", () => {
    const cfg = mysql2Config(
      dialect.createConnectArgs(makeUrl("mysql+mysql2://u@/db?unix_socket=/tmp/s.sock&ssl=true")),
    );
    expect(cfg).toMatchObject({ host: "localhost", port: 3306, socketPath: "/tmp/s.sock", ssl: {} });
  });
});

describe("server version", () => {
  it("parses MySQL and MariaDB version strings as SQLAlchemy", () => {
    expect(parseMySQLVersion("8.0.36")).toEqual({ version: [8, 0, 36], isMariaDB: false });
    expect(parseMySQLVersion("8.0.36-0ubuntu0.22.04.1")).toMatchObject({ isMariaDB: false });
    expect(parseMySQLVersion("10.11.19-MariaDB-0+deb12u1")).toEqual({
      version: [10, 11, 19],
      isMariaDB: true,
    });
    expect(parseMySQLVersion("5.5.5-10.4.8-MariaDB-1:10.4.8+maria~bionic")).toEqual({
      version: [10, 4, 8],
      isMariaDB: true,
    });
  });

  it("setServerInfo switches a mysql dialect to MariaDB SQL and back flags", () => {
    const d = new MySQL2Dialect();
    expect(d.preparer.reservedWords.has("returning")).toBe(false);
    d.setServerInfo([10, 11, 19], true);
    expect(d.isMariaDB).toBe(true);
    expect(d.name).toBe("mysql");
    expect(d.insertReturning).toBe(true);
    expect(d.supportsSequences).toBe(true);
    expect(d.supportsNativeUuid).toBe(true);
    expect(d.preparer.reservedWords.has("returning")).toBe(true);
    d.setServerInfo([10, 4, 0], true);
    expect(d.insertReturning).toBe(false);
    expect(d.supportsNativeUuid).toBe(false);

    const my = new MySQL2Dialect();
    my.setServerInfo([5, 7, 40], false);
    expect(my.useMysqlForShare).toBe(false);
    expect(my.supportsForUpdateOf).toBe(false);
    expect(() => new MariaDBDialectMySQL2().setServerInfo([8, 0, 36], false)).toThrow(
      /not a MariaDB variant/,
    );
  });
});

describe("mysql2 errors", () => {
  it("classifies server errors by errno, then SQLSTATE", () => {
    expect(dialect.classifyError(serverError(1062, "23000", "ER_DUP_ENTRY"))).toBe("IntegrityError");
    expect(dialect.classifyError(serverError(1452, "23000", "ER_NO_REFERENCED_ROW_2"))).toBe(
      "IntegrityError",
    );
    expect(dialect.classifyError(serverError(1048, "23000", "ER_BAD_NULL_ERROR"))).toBe("IntegrityError");
    expect(dialect.classifyError(serverError(1064, "42000", "ER_PARSE_ERROR"))).toBe("ProgrammingError");
    expect(dialect.classifyError(serverError(1146, "42S02", "ER_NO_SUCH_TABLE"))).toBe("ProgrammingError");
    expect(dialect.classifyError(serverError(1054, "42S22", "ER_BAD_FIELD_ERROR"))).toBe("ProgrammingError");
    expect(dialect.classifyError(serverError(1406, "22001", "ER_DATA_TOO_LONG"))).toBe("DataError");
    expect(dialect.classifyError(serverError(1213, "40001", "ER_LOCK_DEADLOCK"))).toBe("OperationalError");
    expect(dialect.classifyError(serverError(1205, "HY000", "ER_LOCK_WAIT_TIMEOUT"))).toBe(
      "OperationalError",
    );
    expect(dialect.classifyError(serverError(1235, "42000", "ER_NOT_SUPPORTED_YET"))).toBe(
      "NotSupportedError",
    );
    expect(dialect.classifyError(serverError(9999, "23999", "ER_X"))).toBe("IntegrityError");
  });

  it("treats lost connections as disconnects and operational errors", () => {
    const lost = Object.assign(new Error("Connection lost: The server closed the connection."), {
      code: "PROTOCOL_CONNECTION_LOST",
      fatal: true,
    });
    const closed = Object.assign(new Error("Can't add new command when connection is in closed state"), {
      fatal: true,
    });
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      code: "ECONNREFUSED",
      errno: -111,
      fatal: true,
    });
    for (const e of [
      lost,
      closed,
      serverError(2006, "HY000", "CR_SERVER_GONE_ERROR"),
      serverError(1927, "70100", "ER_CONNECTION_KILLED"),
    ]) {
      expect(dialect.isDisconnect(e)).toBe(true);
      expect(dialect.classifyError(e)).toBe("OperationalError");
    }
    expect(dialect.classifyError(refused)).toBe("OperationalError");
    expect(dialect.isDisconnect(serverError(1062, "23000", "ER_DUP_ENTRY"))).toBe(false);
    expect(dialect.isDisconnect(new Error("other"))).toBe(false);
    expect(dialect.isDisconnect(undefined)).toBe(false);
  });

  it("a connect to a closed port is a clean OperationalError", async () => {
    const args = dialect.createConnectArgs(makeUrl("mysql+mysql2://u:p@127.0.0.1:1/db"));
    const err = await run(dialect.driverAdapter().connect(args)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(dialect.classifyError(err)).toBe("OperationalError");
  });

  it("names the npm package when a driver is missing", () => {
    expect(() => loadDriver("athanor-no-such-driver", "mysql+x://")).toThrow(
      /npm install athanor-no-such-driver/,
    );
  });
});

describe("mysql2 value processors", () => {
  it("binds and reads naive datetimes as UTC, whatever the local zone", () => {
    const d = new globalThis.Date("2024-02-29T23:59:58.123Z");
    expect(bind(DateTime())(d)).toBe("2024-02-29 23:59:58.123");
    expect((result(DateTime())("2024-02-29 23:59:58.123456") as globalThis.Date).toISOString()).toBe(
      "2024-02-29T23:59:58.123Z",
    );
    expect((result(DateTime())("0099-01-02 00:00:00") as globalThis.Date).getUTCFullYear()).toBe(99);
    expect(result(DateTime())("0000-00-00 00:00:00")).toBeNull();
    expect(result(DateTime())(null)).toBeNull();
  });

  it("dates, booleans, numerics, bigints, integers, JSON, UUIDs, intervals", () => {
    expect(bind(Date())(new globalThis.Date("2024-03-01T00:00:00Z"))).toBe("2024-03-01");
    expect(result(Date())("2024-03-01")).toBe("2024-03-01");
    expect(bind(Boolean())(true)).toBe(1);
    expect(result(Boolean())(0)).toBe(false);
    expect(result(Boolean())(Buffer.from([1]))).toBe(true);
    expect(result(Numeric(10, 2))("1.10")).toBe("1.10");
    expect(result(Numeric(10, 2))(1.5)).toBe("1.5");
    expect(result(Numeric(10, 2, { asDecimal: false }))("1.10")).toBe(1.1);
    expect(result(BigInteger())("9007199254740993")).toBe(9007199254740993n);
    expect(result(Integer())("42")).toBe(42);
    expect(bind(JSON())({ a: 1 })).toBe('{"a":1}');
    expect(bind(JSON())(null)).toBe("null");
    expect(bind(JSON({ noneAsNull: true }))(null)).toBeNull();
    expect(result(JSON())('{"a":[1]}')).toEqual({ a: [1] });
    expect(bind(Uuid())("0F8FAD5B-D9CB-469F-A165-70867728950E")).toBe("0f8fad5bd9cb469fa16570867728950e");
    expect(result(Uuid())("0f8fad5bd9cb469fa16570867728950e")).toBe("0f8fad5b-d9cb-469f-a165-70867728950e");
    expect(bind(Interval())(90_061_000)).toBe("1970-01-02 01:01:01.000");
    expect(result(Interval())("1970-01-02 01:01:01")).toBe(90_061_000);
  });

  it("keeps UUIDs canonical on MariaDB's native UUID", () => {
    const maria = new MariaDBDialectMySQL2({ serverVersion: [10, 11] });
    expect(Uuid().dialectImpl(maria).bindProcessor(maria)).toBeUndefined();
  });

  it("adapts types without changing their DDL or cache key", () => {
    const t = Numeric(10, 2);
    const impl = t.dialectImpl(dialect);
    expect(impl).not.toBe(t);
    expect(impl.cacheKey()).toBe(t.cacheKey());
    expect(t.dialectImpl(dialect)).toBe(impl);
  });
});
