/**
 * Generates a mapped schema shaped like a real application, for measuring
 * what the ORM's types cost tsc: one file per model under `models/`, one
 * file of queries per model under `queries/`, and a shared `base.ts`.
 *
 * The output depends only on the options (a seeded PRNG, no clock), so
 * tsc's instantiation count for it is deterministic and can be pinned.
 *
 * Topology: model `i > 0` has a many-to-one `parent` to an earlier model and
 * that model gets the back-populated collection; odd models have a second
 * many-to-one (`ref`) to any model, later ones included, so imports and
 * relationships form cycles; every tenth model is an adjacency list
 * (`up` / `down` on itself). That is about 3 relationships per model.
 */

/** What to generate. */
export interface SchemaOptions {
  /** Number of models (200 for the budget test). */
  models: number;
  /** PRNG seed; the same seed gives the same files. */
  seed: number;
  /**
   * Without queries and models: only the imports every file has. Checking it
   * measures what tsc spends on the libraries themselves, which is
   * subtracted from the full run.
   */
  importsOnly?: boolean;
}

/** A generated file: path relative to the output folder, and its text. */
export interface GeneratedFile {
  path: string;
  text: string;
}

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ColumnSpec {
  key: string;
  /** The `mappedColumn(...)` call. */
  decl: string;
  /** The TypeScript value type on an instance. */
  ts: string;
  /** Whether the constructor requires it. */
  required: boolean;
  /** A literal of the value type. */
  sample: string;
}

/** Column shapes drawn from: type, nullability, defaults. */
const COLUMN_KINDS: readonly ((key: string) => ColumnSpec)[] = [
  (key) => ({
    key,
    decl: "mappedColumn(String(50), { nullable: false })",
    ts: "string",
    required: true,
    sample: `"${key}"`,
  }),
  (key) => ({
    key,
    decl: "mappedColumn(String(200))",
    ts: "string | null",
    required: false,
    sample: `"${key}"`,
  }),
  (key) => ({
    key,
    decl: "mappedColumn(Integer, { nullable: false, default: 0 })",
    ts: "number",
    required: false,
    sample: "1",
  }),
  (key) => ({ key, decl: "mappedColumn(Integer)", ts: "number | null", required: false, sample: "2" }),
  (key) => ({
    key,
    decl: "mappedColumn(Boolean(), { nullable: false })",
    ts: "boolean",
    required: true,
    sample: "true",
  }),
  (key) => ({ key, decl: "mappedColumn(Float())", ts: "number | null", required: false, sample: "1.5" }),
  (key) => ({ key, decl: "mappedColumn(Text())", ts: "string | null", required: false, sample: `"text"` }),
  (key) => ({
    key,
    decl: 'mappedColumn(DateTime(), { nullable: false, serverDefault: "CURRENT_TIMESTAMP" })',
    ts: "Date",
    required: false,
    sample: "new Date(0)",
  }),
];

const WORDS = [
  "title",
  "label",
  "code",
  "status",
  "rank",
  "score",
  "note",
  "flag",
  "color",
  "weight",
  "slug",
  "summary",
  "createdAt",
  "priority",
  "quantity",
  "active",
];

interface RelSpec {
  key: string;
  target: number;
  many: boolean;
  backPopulates: string;
  remoteSide?: boolean;
}

interface ModelSpec {
  index: number;
  name: string;
  table: string;
  columns: ColumnSpec[];
  fks: { key: string; target: number }[];
  rels: RelSpec[];
}

const pad = (i: number) => String(i).padStart(3, "0");
const className = (i: number) => `M${pad(i)}`;
const tableName = (i: number) => `m${pad(i)}`;

function planModels(n: number, seed: number): ModelSpec[] {
  const rand = prng(seed);
  const pick = (k: number) => Math.floor(rand() * k);
  const models: ModelSpec[] = [];
  for (let i = 0; i < n; i++) {
    const columns: ColumnSpec[] = [COLUMN_KINDS[0]?.("name") as ColumnSpec];
    const count = 6 + pick(3);
    const used = new Set<string>(["name"]);
    while (columns.length < count) {
      const word = WORDS[pick(WORDS.length)] as string;
      if (used.has(word)) continue;
      used.add(word);
      columns.push((COLUMN_KINDS[pick(COLUMN_KINDS.length)] as (k: string) => ColumnSpec)(word));
    }
    models.push({ index: i, name: className(i), table: tableName(i), columns, fks: [], rels: [] });
  }
  const model = (i: number) => models[i] as ModelSpec;
  for (const m of models) {
    const i = m.index;
    if (i > 0) {
      const p = pick(i);
      m.fks.push({ key: "parentId", target: p });
      m.rels.push({ key: "parent", target: p, many: false, backPopulates: `${m.table}s` });
      model(p).rels.push({ key: `${m.table}s`, target: i, many: true, backPopulates: "parent" });
    }
    if (i % 2 === 1) {
      let r = pick(n);
      if (r === i) r = (r + 1) % n;
      m.fks.push({ key: "refId", target: r });
      m.rels.push({ key: "ref", target: r, many: false, backPopulates: `${m.table}Refs` });
      model(r).rels.push({ key: `${m.table}Refs`, target: i, many: true, backPopulates: "ref" });
    }
    if (i % 10 === 0) {
      m.fks.push({ key: "upId", target: i });
      m.rels.push({ key: "up", target: i, many: false, backPopulates: "down", remoteSide: true });
      m.rels.push({ key: "down", target: i, many: true, backPopulates: "up" });
    }
  }
  return models;
}

const TYPE_IMPORTS = "Boolean, DateTime, Float, Integer, String, Text";

function modelFile(m: ModelSpec): string {
  const targets = [...new Set(m.rels.map((r) => r.target).filter((t) => t !== m.index))].sort(
    (a, b) => a - b,
  );
  const lines: string[] = [];
  lines.push(`import { ${TYPE_IMPORTS} } from "@athanor/core";`);
  lines.push(`import { mappedColumn, relationship } from "@athanor/orm";`);
  lines.push(`import { Base } from "../base.js";`);
  for (const t of targets) lines.push(`import { ${className(t)} } from "./${tableName(t)}.js";`);
  lines.push("");
  lines.push("@Base.register");
  lines.push(`export class ${m.name} extends Base.mapped("${m.table}", {`);
  lines.push("  id: mappedColumn(Integer, { primaryKey: true }),");
  for (const c of m.columns) lines.push(`  ${c.key}: ${c.decl},`);
  for (const fk of m.fks)
    lines.push(`  ${fk.key}: mappedColumn(Integer, { foreignKey: "${tableName(fk.target)}.id" }),`);
  for (const r of m.rels) {
    const opts = [
      r.many ? "uselist: true" : undefined,
      `backPopulates: "${r.backPopulates}"`,
      r.remoteSide ? `remoteSide: "id"` : undefined,
      r.many ? undefined : `foreignKeys: "${r.key}Id"`,
    ].filter(Boolean);
    lines.push(`  ${r.key}: relationship(() => ${className(r.target)}, { ${opts.join(", ")} }),`);
  }
  lines.push("}) {");
  lines.push("  describe(): string {");
  lines.push(`    return \`${m.name}(\${this.id}, \${this.name})\`;`);
  lines.push("  }");
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** Some query files assert inferred types, so a regression to `any` fails the check. */
const ASSERT_EVERY = 20;

function queryFile(m: ModelSpec): string {
  const C = m.name;
  const many = m.rels.find((r) => r.many && r.target !== m.index) ?? m.rels.find((r) => r.many);
  const one = m.rels.find((r) => !r.many);
  const imports = new Set<number>([m.index]);
  if (one) imports.add(one.target);
  if (many) imports.add(many.target);
  const required = m.columns.filter((c) => c.required);
  const init = required.map((c) => `${c.key}: ${c.sample}`).join(", ");
  const col = m.columns[1] as ColumnSpec;
  const asserting = m.index % ASSERT_EVERY === 0;
  const lines: string[] = [];
  lines.push(`import { func, select } from "@athanor/core";`);
  lines.push(`import type { Session } from "@athanor/orm";`);
  if (asserting) lines.push(`import { expectTypeOf } from "vitest";`);
  for (const t of [...imports].sort((a, b) => a - b))
    lines.push(`import { ${className(t)} } from "../models/${tableName(t)}.js";`);
  lines.push("");
  lines.push(`export function query${C}(session: Session) {`);
  lines.push(`  const created = new ${C}({ ${init} });`);
  lines.push("  session.add(created);");
  lines.push(
    `  const named = session.scalars(select(${C}).where(${C}.name.eq("x")).orderBy(${C}.id.desc())).all();`,
  );
  lines.push(`  const byId = session.get(${C}, 1);`);
  lines.push(
    `  const rows = session.execute(select(${C}.id, ${C}.name, ${C}.${col.key}).where(${C}.id.gt(0))).all();`,
  );
  lines.push(`  const count = session.scalar(select(func.count(${C}.id)));`);
  const out = ["created", "named", "byId", "rows", "count"];
  if (one) {
    const T = className(one.target);
    lines.push(`  const pairs = session.execute(select(${C}, ${T}).join(${C}.${one.key})).all();`);
    lines.push(`  const up = byId?.${one.key}?.name;`);
    out.push("pairs", "up");
    if (asserting) {
      lines.push(`  expectTypeOf(pairs).toEqualTypeOf<(readonly [${C}, ${T}])[]>();`);
      lines.push(`  expectTypeOf(byId?.${one.key}).toEqualTypeOf<${T} | null | undefined>();`);
    }
  }
  if (many) {
    const T = className(many.target);
    lines.push(`  const children = byId?.${many.key} ?? [];`);
    lines.push(`  const firstChild = children[0]?.describe();`);
    lines.push(
      `  const withChildren = session.scalars(select(${C}).where(${C}.${many.key}.any(${T}.name.eq("y")))).all();`,
    );
    out.push("children", "firstChild", "withChildren");
    if (asserting) lines.push(`  expectTypeOf(children).toEqualTypeOf<${T}[]>();`);
  }
  if (asserting) {
    lines.push(`  expectTypeOf(created.name).toEqualTypeOf<string>();`);
    lines.push(`  expectTypeOf(created.${col.key}).toEqualTypeOf<${col.ts}>();`);
    lines.push(`  expectTypeOf(named).toEqualTypeOf<${C}[]>();`);
    lines.push(`  expectTypeOf(byId).toEqualTypeOf<${C} | null>();`);
    lines.push(`  expectTypeOf(rows[0]?.name).toEqualTypeOf<string | undefined>();`);
    lines.push(`  expectTypeOf(rows[0]?.${col.key}).toEqualTypeOf<${col.ts} | undefined>();`);
    lines.push(`  expectTypeOf(count).toEqualTypeOf<number | null>();`);
    if (required.length > 0) {
      lines.push("  // @ts-expect-error required columns are missing");
      lines.push(`  new ${C}({});`);
    }
    lines.push("  // @ts-expect-error a typo in a column name");
    lines.push(`  ${C}.nmae;`);
  }
  lines.push(`  return [${out.join(", ")}] as const;`);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** The files of a generated schema. */
export function generateSchema(options: SchemaOptions): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  files.push({
    path: "base.ts",
    text: `import { declarativeBase } from "@athanor/orm";\n\nexport const Base = declarativeBase();\n`,
  });
  if (options.importsOnly) {
    // The same modules as the full schema, with one trivial use each.
    files.push({
      path: "imports.ts",
      text: [
        `import { ${TYPE_IMPORTS}, func, select } from "@athanor/core";`,
        `import { mappedColumn, relationship, type Session } from "@athanor/orm";`,
        `import { expectTypeOf } from "vitest";`,
        "",
        `export const used = [${TYPE_IMPORTS}, func, select, mappedColumn, relationship, expectTypeOf];`,
        "export type UsedSession = Session;",
        "",
      ].join("\n"),
    });
    return files;
  }
  const models = planModels(options.models, options.seed);
  for (const m of models) {
    files.push({ path: `models/${m.table}.ts`, text: modelFile(m) });
    files.push({ path: `queries/${m.table}.ts`, text: queryFile(m) });
  }
  return files;
}
