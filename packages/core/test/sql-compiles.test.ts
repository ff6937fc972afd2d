/**
 * `compiles()`, Athanor's SQLAlchemy `ext.compiler`, ported from SQLAlchemy's test/ext/test_compiler.py:
 * custom column elements and statements, dialect-specific compilation, custom functions, inheritance
 * of registrations, and the error for an element no compiler can render.
 */
import { describe, expect, it } from "vitest";
import {
  ClauseElement,
  ColumnElement,
  type CompileKw,
  column,
  compiles,
  DefaultDialect,
  FunctionElement,
  func,
  Integer,
  IntegerType,
  type Internals,
  literal,
  type SQLCompiler,
  String as SqlString,
  select,
  type TableClause,
  table,
  UnsupportedCompilationError,
} from "../src/index.js";
import { assertCompile } from "./assert-compile.js";

const table1 = table(
  "mytable",
  column("myid", Integer),
  column("name", SqlString),
  column("description", SqlString),
);

/** A dialect with another name, to check per-dialect registrations. */
class OtherDialect extends DefaultDialect {
  override name = "otherdialect";
}

/** A custom column expression: `MYTHING(<element>)`. */
class MyThing extends ColumnElement<number> {
  // Declared children are how FROMs, cache keys and copies find the element's parts.
  static override internals: Internals = [["element", "element"]];
  readonly visitName = "myThing";
  readonly type = new IntegerType();
  constructor(readonly element: ColumnElement<any>) {
    super();
  }
  compilerDispatch(compiler: SQLCompiler, _kw: CompileKw): string {
    return compiler.visitUnsupported(this);
  }
}
compiles(MyThing, (el, compiler, kw) => `MYTHING(${compiler.process(el.element, kw)})`);
compiles(MyThing, "otherdialect", (el, compiler, kw) => `OTHERTHING(${compiler.process(el.element, kw)})`);

/** A subclass inherits its parent's compilation unless it registers its own. */
class MySubThing extends MyThing {}
class MyOwnSubThing extends MyThing {}
compiles(MyOwnSubThing, (el, compiler, kw) => `OWN(${compiler.process(el.element, kw)})`);

/** A custom function with per-dialect forms, as SQLAlchemy's `greatest` example. */
class Greatest extends FunctionElement<number> {
  constructor(...args: unknown[]) {
    super("greatest", args, { type: Integer });
  }
}
compiles(Greatest, (el, compiler, kw) => `greatest(${compiler.functionArgs(el, kw)})`);
compiles(Greatest, "otherdialect", (el, compiler, kw) => {
  const [a, b] = el.args;
  return `CASE WHEN ${compiler.process(a as ColumnElement<any>, kw)} > ${compiler.process(b as ColumnElement<any>, kw)} THEN ${compiler.process(a as ColumnElement<any>, kw)} ELSE ${compiler.process(b as ColumnElement<any>, kw)} END`;
});

/** A custom statement, as SQLAlchemy's `InsertFromSelect` example. */
class InsertFromSelect extends ClauseElement {
  readonly visitName = "insertFromSelect";
  constructor(
    readonly target: TableClause,
    readonly source: ClauseElement,
  ) {
    super();
  }
  compilerDispatch(compiler: SQLCompiler, _kw: CompileKw): string {
    return compiler.visitUnsupported(this);
  }
}
compiles(
  InsertFromSelect,
  (el, compiler, kw) =>
    `INSERT INTO ${compiler.process(el.target, { ...kw, asFrom: true })} (${compiler.process(el.source, kw)})`,
);

/** An element no one registered a compilation for. */
class Unrenderable extends ColumnElement<unknown> {
  readonly visitName = "unrenderable";
  readonly type = new IntegerType();
  compilerDispatch(compiler: SQLCompiler, _kw: CompileKw): string {
    return compiler.visitUnsupported(this);
  }
}

describe("compiles()", () => {
  it("renders a custom column element in the columns clause", () => {
    assertCompile(select(new MyThing(table1.c.myid)), "SELECT MYTHING(mytable.myid) AS anon_1 FROM mytable");
  });

  it("renders a custom element in WHERE", () => {
    assertCompile(
      select(table1.c.myid).where(new MyThing(table1.c.myid).gt(5)),
      "SELECT mytable.myid FROM mytable WHERE MYTHING(mytable.myid) > :param_1",
    );
  });

  it("children are compiled with the compiler, so their parameters are collected", () => {
    assertCompile(select(new MyThing(literal(5))), "SELECT MYTHING(:param_1) AS anon_1", {
      checkParams: { param_1: 5 },
    });
  });

  it("children follow literalBinds", () => {
    assertCompile(select(new MyThing(literal(5))), "SELECT MYTHING(5) AS anon_1", { literalBinds: true });
  });

  it("uses the dialect-specific compilation when there is one", () => {
    assertCompile(
      select(new MyThing(table1.c.myid)),
      "SELECT OTHERTHING(mytable.myid) AS anon_1 FROM mytable",
      {
        dialect: new OtherDialect(),
      },
    );
  });

  it("a subclass inherits its parent's compilation", () => {
    assertCompile(
      select(new MySubThing(table1.c.myid)),
      "SELECT MYTHING(mytable.myid) AS anon_1 FROM mytable",
    );
    assertCompile(
      select(new MySubThing(table1.c.myid)),
      "SELECT OTHERTHING(mytable.myid) AS anon_1 FROM mytable",
      {
        dialect: new OtherDialect(),
      },
    );
  });

  it("a subclass's own registration does not change its parent", () => {
    assertCompile(
      select(new MyOwnSubThing(table1.c.myid)),
      "SELECT OWN(mytable.myid) AS anon_1 FROM mytable",
    );
    assertCompile(select(new MyThing(table1.c.myid)), "SELECT MYTHING(mytable.myid) AS anon_1 FROM mytable");
  });

  it("a subclass's registration for all dialects takes precedence over its parent's for one", () => {
    assertCompile(
      select(new MyOwnSubThing(table1.c.myid)),
      "SELECT OWN(mytable.myid) AS anon_1 FROM mytable",
      {
        dialect: new OtherDialect(),
      },
    );
  });

  it("renders a custom function", () => {
    assertCompile(
      select(new Greatest(table1.c.myid, 5)),
      "SELECT greatest(mytable.myid, :greatest_2) AS greatest_1 FROM mytable",
    );
  });

  it("renders a custom function per dialect", () => {
    assertCompile(
      select(new Greatest(table1.c.myid, table1.c.myid.add(1))),
      "SELECT CASE WHEN mytable.myid > mytable.myid + :myid_1 THEN mytable.myid ELSE mytable.myid + :myid_1 END AS greatest_1 FROM mytable",
      { dialect: new OtherDialect() },
    );
  });

  it("a custom function keeps the operators of functions", () => {
    assertCompile(
      select(table1.c.myid).where(new Greatest(table1.c.myid, 1).eq(func.max(table1.c.myid))),
      "SELECT mytable.myid FROM mytable WHERE greatest(mytable.myid, :greatest_1) = max(mytable.myid)",
    );
  });

  it("renders a custom statement", () => {
    const stmt = new InsertFromSelect(table1, select(table1.c.myid).where(table1.c.myid.gt(5)));
    assertCompile(
      stmt,
      "INSERT INTO mytable (SELECT mytable.myid FROM mytable WHERE mytable.myid > :myid_1)",
      { checkParams: { myid_1: 5 } },
    );
  });

  it("a custom element's declared internals make its cache key", () => {
    expect(new MyThing(table1.c.myid).cacheKey().key).toBe(new MyThing(table1.c.myid).cacheKey().key);
    expect(new MyThing(table1.c.myid).cacheKey().key).not.toBe(new MyThing(table1.c.name).cacheKey().key);
  });

  it("an element with no compilation raises UnsupportedCompilationError", () => {
    expect(() => String(select(new Unrenderable()))).toThrow(UnsupportedCompilationError);
    expect(() => String(select(new Unrenderable()))).toThrow(/can't render element of type Unrenderable/);
  });
});
