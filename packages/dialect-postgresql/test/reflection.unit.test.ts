/** PostgreSQL reflection without a database: type names back to types, FOREIGN KEY and CHECK text. */
import { NullType } from "@athanor/core";
import { describe, expect, it } from "vitest";
import {
  PGDialect,
  parseForeignKeyDef,
  reflectPgType,
  splitFormatType,
  stripOuterParens,
} from "../src/index.js";

const dialect = new PGDialect();
const named = {
  enums: new Map([
    ["mood", { name: "mood", schema: "public", visible: true, labels: ["a", "b"] }],
    ["other.Color", { name: "Color", schema: "other", visible: false, labels: ["red"] }],
  ]),
  domains: new Map([["posint", { name: "posint", schema: "public", visible: true, type: "integer" }]]),
};
const ddlOf = (formatType: string, collation?: string) => {
  const warnings: string[] = [];
  const t = reflectPgType(formatType, named, collation, "column 'x'", (m) => warnings.push(m));
  return { ddl: t instanceof NullType ? null : dialect.typeCompiler.process(t as never), warnings, t };
};

describe("PostgreSQL type names back to types", () => {
  it.each([
    ["integer", "INTEGER"],
    ["bigint", "BIGINT"],
    ["smallint", "SMALLINT"],
    ["character varying(30)", "VARCHAR(30)"],
    ["character varying", "VARCHAR"],
    ["character(2)", "CHAR(2)"],
    ["text", "TEXT"],
    ["numeric(10,2)", "NUMERIC(10, 2)"],
    ["numeric", "NUMERIC"],
    ["real", "REAL"],
    ["double precision", "DOUBLE PRECISION"],
    ["boolean", "BOOLEAN"],
    ["date", "DATE"],
    ["timestamp without time zone", "TIMESTAMP WITHOUT TIME ZONE"],
    ["timestamp(3) with time zone", "TIMESTAMP(3) WITH TIME ZONE"],
    ["time(6) without time zone", "TIME(6) WITHOUT TIME ZONE"],
    ["time with time zone", "TIME WITH TIME ZONE"],
    ["interval", "INTERVAL"],
    ["interval year to month", "INTERVAL YEAR TO MONTH"],
    ["interval day to second(2)", "INTERVAL DAY TO SECOND (2)"],
    ["bytea", "BYTEA"],
    ["json", "JSON"],
    ["jsonb", "JSONB"],
    ["uuid", "UUID"],
    ["inet", "INET"],
    ["cidr", "CIDR"],
    ["macaddr", "MACADDR"],
    ["money", "MONEY"],
    ["tsvector", "TSVECTOR"],
    ["bit(3)", "BIT(3)"],
    ["bit varying(8)", "BIT VARYING(8)"],
    ["integer[]", "INTEGER[]"],
    ["character varying(5)[]", "VARCHAR(5)[]"],
    ["mood", "mood"],
    ['other."Color"', 'other."Color"'],
    ["posint", "INTEGER"],
  ])("%s → %s", (formatType, expected) => {
    const r = ddlOf(formatType);
    expect(r.ddl).toBe(expected);
    expect(r.warnings).toEqual([]);
  });

  it("keeps collations and enum labels", () => {
    expect(ddlOf("character varying(3)", "C").ddl).toBe('VARCHAR(3) COLLATE "C"');
    expect(ddlOf('other."Color"').t).toMatchObject({ enums: ["red"], name: "Color", schema: "other" });
    expect(ddlOf("mood").t).toMatchObject({ enums: ["a", "b"], name: "mood", schema: undefined });
  });

  it("unknown types are NullType with a warning", () => {
    const r = ddlOf("int4range");
    expect(r.t).toBeInstanceOf(NullType);
    expect(r.warnings).toEqual(["Did not recognize type 'int4range' of column 'x'"]);
  });

  it("splits format_type strings", () => {
    expect(splitFormatType("numeric(10,2)[][]")).toEqual({ base: "numeric", args: ["10", "2"], dims: 2 });
  });
});

describe("constraint text", () => {
  it("parses pg_get_constraintdef of a FOREIGN KEY", () => {
    expect(
      parseForeignKeyDef(
        'FOREIGN KEY (a, "B") REFERENCES other."T"(x, y) MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED',
      ),
    ).toEqual({
      constrainedColumns: ["a", "B"],
      referredSchema: "other",
      referredTable: "T",
      referredColumns: ["x", "y"],
      options: {
        onupdate: "CASCADE",
        ondelete: "SET NULL",
        deferrable: true,
        initially: "DEFERRED",
        match: "FULL",
      },
    });
    expect(parseForeignKeyDef("FOREIGN KEY (a) REFERENCES t(id)")?.options).toEqual({});
  });

  it("strips the parentheses around a whole CHECK expression only", () => {
    expect(stripOuterParens("((a > 1) AND (a < 5))")).toBe("(a > 1) AND (a < 5)");
    expect(stripOuterParens("(a > 1) AND (b < 2)")).toBe("(a > 1) AND (b < 2)");
    expect(stripOuterParens("(x = ')')")).toBe("x = ')'");
  });
});
