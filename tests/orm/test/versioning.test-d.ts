/** Type-level tests of the versioning options of `Base.mapped`. */
import { Integer, String } from "@athanor/core";
import { declarativeBase, mappedColumn } from "@athanor/orm";
import { describe, expectTypeOf, test } from "vitest";

const Base = declarativeBase();

describe("versionIdCol", () => {
  test("the version column may be left out of the constructor", () => {
    class Foo extends Base.mapped(
      "t_versioned_types",
      {
        id: mappedColumn(Integer, { primaryKey: true }),
        version: mappedColumn(Integer, { nullable: false }),
        value: mappedColumn(String(40), { nullable: false }),
      },
      { versionIdCol: "version" },
    ) {}
    const f = new Foo({ value: "x" });
    expectTypeOf(f.version).toEqualTypeOf<number>();
    // @ts-expect-error value is still required
    new Foo({});
  });

  test("versionIdGenerator takes and returns the column's type", () => {
    Base.mapped(
      "t_versioned_types_2",
      {
        id: mappedColumn(Integer, { primaryKey: true }),
        version: mappedColumn(String(36), { nullable: false }),
      },
      {
        versionIdCol: "version",
        versionIdGenerator: (current) => {
          expectTypeOf(current).toEqualTypeOf<string | null>();
          return "v";
        },
      },
    );
  });

  test("versionIdCol must be an attribute of the class", () => {
    Base.mapped(
      "t_versioned_types_3",
      { id: mappedColumn(Integer, { primaryKey: true }) },
      // @ts-expect-error not an attribute
      { versionIdCol: "nope" },
    );
  });
});
