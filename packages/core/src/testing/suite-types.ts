/**
 * Types round trip through the database (SQLAlchemy's `test_types.py`):
 * a value is inserted as a bound parameter, read back through the type's
 * result processing, and compared — and also used in a WHERE clause.
 */
import { expect } from "vitest";
import { insert } from "../sql/dml.js";
import { Column } from "../sql/schema/column.js";
import { MetaData, Table } from "../sql/schema/table.js";
import { select } from "../sql/select.js";
import {
  ARRAY,
  BigInteger,
  DateTime,
  Enum,
  Float,
  Integer,
  Interval,
  LargeBinary,
  Numeric,
  Boolean as SqlBoolean,
  Date as SqlDate,
  JSON as SqlJSON,
  String as SqlString,
  Text,
  Time,
  Unicode,
  UnicodeText,
  Uuid,
} from "../sql/types/factories.js";
import type { TypeEngine } from "../sql/types/type-engine.js";
import type { SuiteApi } from "./suite-runner.js";

export function typesSuite({ h, test }: SuiteApi): void {
  /**
   * Inserts each value (and a NULL), reads the values back in order and
   * returns them; optionally checks that `where` finds the first value.
   */
  const roundTrip = async (
    type: TypeEngine<any> | (() => TypeEngine<any>),
    values: readonly unknown[],
    options: { filter?: boolean } = {},
  ): Promise<unknown[]> => {
    const t = new Table(h.name("types"), new MetaData(), {
      id: new Column(Integer, { primaryKey: true, autoincrement: false }),
      value: new Column(type as TypeEngine<any>),
    });
    return h.withTables(t.metadata, async (conn) => {
      const rows = [...values, null].map((value, i) => ({ id: i + 1, value }));
      for (const row of rows) await conn.execute(insert(t).values(row as never));
      const back = await (await conn.execute(select(t.c.value).orderBy(t.c.id))).scalars().all();
      expect(back[back.length - 1]).toBeNull();
      if (options.filter ?? true) {
        const id = await conn.scalar(select(t.c.id).where(t.c.value.eq(values[0] as never)));
        expect(id).toBe(1);
      }
      return back.slice(0, -1);
    });
  };

  test("Integer", [], async () => {
    expect(await roundTrip(Integer, [0, -1, 2147483647, -2147483648])).toEqual([
      0, -1, 2147483647, -2147483648,
    ]);
  });

  test("BigInteger beyond 2^53", ["bigintBeyondFloat"], async () => {
    const big = 2n ** 62n + 7n;
    const back = await roundTrip(BigInteger, [big, -big, 5n]);
    expect(back.map((v) => String(v))).toEqual([String(big), String(-big), "5"]);
  });

  test("Numeric: decimal strings", [], async () => {
    const back = await roundTrip(Numeric(10, 2), ["19.99", "-0.01", "1234.50"]);
    expect(back).toEqual(["19.99", "-0.01", "1234.50"]);
  });

  test("Numeric: 20 exact digits", ["preciseNumerics"], async () => {
    const back = await roundTrip(Numeric(20, 6), ["12345678901234.123456", "-0.000001", "0.100000"]);
    expect(back).toEqual(["12345678901234.123456", "-0.000001", "0.100000"]);
  });

  test("Float", [], async () => {
    const back = (await roundTrip(Float(), [1.5, -2.25, 1e10], { filter: false })) as number[];
    expect(back).toEqual([1.5, -2.25, 1e10]);
  });

  test("String, Text, Unicode and UnicodeText with non-ASCII", [], async () => {
    const words = ["plain", "Grüße, Straße", "日本語のテキスト", "emoji 🚀", "quote ' and \\ backslash"];
    expect(await roundTrip(SqlString(100), words)).toEqual(words);
    expect(await roundTrip(Unicode(100), words)).toEqual(words);
    expect(await roundTrip(Text(), words, { filter: false })).toEqual(words);
    const long = "x".repeat(20_000);
    expect(await roundTrip(UnicodeText(), [long, "ü"], { filter: false })).toEqual([long, "ü"]);
  });

  test("String without a length", ["unboundedVarchar"], async () => {
    expect(await roundTrip(SqlString(), ["no length"])).toEqual(["no length"]);
  });

  test("Boolean", [], async () => {
    expect(await roundTrip(SqlBoolean(), [true, false])).toEqual([true, false]);
  });

  test("Date", [], async () => {
    expect(await roundTrip(SqlDate(), ["2024-02-29", "1999-12-31"])).toEqual(["2024-02-29", "1999-12-31"]);
  });

  test("DateTime (naive, read as UTC)", [], async () => {
    const d1 = new Date(Date.UTC(2024, 1, 29, 13, 45, 6));
    const d2 = new Date(Date.UTC(1999, 11, 31, 23, 59, 59));
    const back = (await roundTrip(DateTime(), [d1, d2])) as Date[];
    expect(back.map((d) => d.toISOString())).toEqual([d1.toISOString(), d2.toISOString()]);
  });

  test("DateTime with a time zone keeps the instant", ["datetimeTimezone"], async () => {
    const d = new Date(Date.UTC(2024, 5, 1, 12, 0, 0));
    const back = (await roundTrip(DateTime({ timezone: true }), [d])) as Date[];
    expect(back[0]?.toISOString()).toBe(d.toISOString());
  });

  test("Time", ["timeType"], async () => {
    expect(await roundTrip(Time(), ["13:45:06", "00:00:01"])).toEqual(["13:45:06", "00:00:01"]);
  });

  test("LargeBinary", [], async () => {
    const bytes = new Uint8Array([0, 1, 2, 254, 255, 0x27, 0x5c]);
    const back = (await roundTrip(LargeBinary(), [bytes], { filter: false })) as Uint8Array[];
    expect([...(back[0] as Uint8Array)]).toEqual([...bytes]);
  });

  test("JSON", ["jsonType"], async () => {
    const docs = [{ a: 1, b: [1, 2, { c: "ü" }], d: null, e: true }, [1, "two"], "str", 42];
    expect(await roundTrip(SqlJSON(), docs, { filter: false })).toEqual(docs);
  });

  test("Uuid", ["uuidType"], async () => {
    const ids = ["0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "00000000-0000-4000-8000-000000000001"];
    expect(await roundTrip(Uuid(), ids)).toEqual(ids);
  });

  test("Enum (as VARCHAR)", [], async () => {
    const type = Enum(["one", "two", "three"] as const, { name: h.name("enum"), nativeEnum: false });
    expect(await roundTrip(type, ["two", "three", "one"])).toEqual(["two", "three", "one"]);
  });

  test("Enum (native type, created and dropped with the table)", ["nativeEnum"], async () => {
    const type = Enum(["one", "two", "three"] as const, { name: h.name("enum") });
    expect(await roundTrip(type, ["two", "three", "one"])).toEqual(["two", "three", "one"]);
  });

  test("Interval", ["intervalType"], async () => {
    const ms = [1000, 90 * 60 * 1000, 3 * 86_400_000 + 5000];
    expect(await roundTrip(Interval(), ms)).toEqual(ms);
  });

  test("ARRAY", ["arrayType"], async () => {
    const arrays = [[1, 2, 3], [], [42]];
    expect(await roundTrip(ARRAY(Integer()), arrays, { filter: false })).toEqual(arrays);
  });
}
