/**
 * Athanor's description of the benchmark tables, used on both databases.
 *
 * `typed`: the types an application would declare (`DateTime` gives `Date`
 * objects, `Numeric` exact decimal strings): values are converted on the way
 * in and out, as SQLAlchemy does. `untyped`: the same columns declared with
 * types that need no conversion on that database (`created_at` as text,
 * `score` as `Float` on SQLite), which shows what the conversions cost.
 */
import {
  Column,
  DateTime,
  Float,
  Integer,
  MetaData,
  Numeric,
  String as StringType,
  Table,
} from "@athanor/core";

function benchTable(md: MetaData, name: string) {
  return new Table(name, md, {
    id: new Column(Integer, { primaryKey: true, autoincrement: false }),
    name: new Column(StringType(50), { nullable: false }),
    email: new Column(StringType(100), { nullable: false }),
    age: new Column(Integer, { nullable: false }),
    score: new Column(Numeric(10, 2), { nullable: false }),
    created_at: new Column(DateTime(), { nullable: false }),
  });
}

function untypedTable(md: MetaData, name: string, numericScore: boolean) {
  return new Table(name, md, {
    id: new Column(Integer, { primaryKey: true, autoincrement: false }),
    name: new Column(StringType(50), { nullable: false }),
    email: new Column(StringType(100), { nullable: false }),
    age: new Column(Integer, { nullable: false }),
    score: new Column(numericScore ? Numeric(10, 2) : Float(), { nullable: false }),
    created_at: new Column(StringType(), { nullable: false }),
  });
}

/** The tables with application types. */
export function typedTables() {
  const md = new MetaData();
  return { insert: benchTable(md, "bench_insert"), select: benchTable(md, "bench_select") };
}

/**
 * The tables declared so that nothing is converted: on SQLite `score` is a
 * `Float` (the driver's number) and `created_at` text; on PostgreSQL `score`
 * stays `Numeric` (its text is passed through) and `created_at` is text
 * (PostgreSQL casts it on the way in; read back as `::text`-free text by the
 * pg adapter, which keeps timestamps as text).
 */
export function untypedTables(database: "sqlite" | "postgresql") {
  const md = new MetaData();
  const numeric = database === "postgresql";
  return {
    insert: untypedTable(md, "bench_insert", numeric),
    select: untypedTable(md, "bench_select", numeric),
  };
}
