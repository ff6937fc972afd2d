/**
 * Table arguments and mixins of declarative classes (SQLAlchemy's
 * `__table_args__` and "Composing Mapped Hierarchies with Mixins"): table
 * constraints, indexes, comment and schema through `Base.mapped`'s options;
 * column sets shared by spreading objects of `mappedColumn()`s; method mixins
 * as class expressions.
 */
import {
  CheckConstraint,
  createEngine,
  DateTime,
  Index,
  Integer,
  listen,
  String,
  select,
  UniqueConstraint,
} from "@athanor/core";
import { SQLiteDialectBetterSqlite3 } from "@athanor/dialect-sqlite";
import { declarativeBase, mappedColumn, relationship, Session } from "@athanor/orm";
import { describe, expect, test } from "vitest";
import { engineFor } from "./mapping-helpers.js";

const Base = declarativeBase();

/** A common primary key. */
const withId = { id: mappedColumn(Integer, { primaryKey: true }) };

/** Created / updated timestamps, set by the ORM. */
const timestamps = {
  createdAt: mappedColumn(DateTime, { nullable: false, default: () => new Date(0), name: "created_at" }),
  updatedAt: mappedColumn(DateTime, { onupdate: () => new Date(1000), name: "updated_at" }),
};

/** A mixin with a foreign key that depends on the class: a function returning columns. */
const ownedBy = (table: string) => ({
  ownerId: mappedColumn(Integer, { foreignKey: `${table}.id`, name: "owner_id" }),
});

/** A mixin of behaviour: a class expression over any mapped base. */
function Touchable<B extends abstract new (...args: any[]) => { updatedAt: Date | null }>(base: B) {
  abstract class T extends base {
    touched(): boolean {
      return this.updatedAt !== null;
    }
  }
  return T;
}

@Base.register
class Owner extends Base.mapped("owners", {
  ...withId,
  name: mappedColumn(String(30), { nullable: false }),
}) {}

@Base.register
class Document extends Touchable(
  Base.mapped(
    "documents",
    {
      ...withId,
      ...timestamps,
      ...ownedBy("owners"),
      title: mappedColumn(String(100), { nullable: false }),
      slug: mappedColumn(String(100), { nullable: false }),
      owner: relationship(() => Owner),
    },
    {
      comment: "documents of owners",
      constraints: [
        new UniqueConstraint("ownerId", "slug", { name: "uq_owner_slug" }),
        new CheckConstraint("length(title) > 0", { name: "ck_title" }),
        new Index("ix_documents_title", "title"),
      ],
    },
  ),
) {}

@Base.register
class Tag extends Base.mapped("tags", { ...withId, ...timestamps, label: mappedColumn(String(20)) }) {}

function ddl(): string[] {
  const engine = createEngine("sqlite://", { dialect: new SQLiteDialectBetterSqlite3() });
  const out: string[] = [];
  listen(engine, "beforeCursorExecute", (_c, sql) => {
    if (/^\s*CREATE/.test(sql)) out.push(sql.replace(/\s+/g, " ").trim());
    return undefined;
  });
  engine.begin((conn) => Base.metadata.createAll(conn));
  return out;
}

describe("table arguments", () => {
  test("constraints and indexes of Base.mapped's options are in the DDL; the comment is on the table", () => {
    const statements = ddl();
    const docs = statements.find((s) => s.startsWith("CREATE TABLE documents")) as string;
    expect(docs).toContain("CONSTRAINT uq_owner_slug UNIQUE (owner_id, slug)");
    expect(docs).toContain("CONSTRAINT ck_title CHECK (length(title) > 0)");
    expect(docs).toContain("FOREIGN KEY(owner_id) REFERENCES owners (id)");
    expect(statements).toContain("CREATE INDEX ix_documents_title ON documents (title)");
    expect(Document.__mapper__.table.comment).toBe("documents of owners");
  });

  test("a schema puts the table in it", () => {
    const B = declarativeBase();
    @B.register
    class Audit extends B.mapped("audit", { ...withId }, { schema: "main" }) {}
    expect(Audit.__mapper__.table.fullname).toBe("main.audit");
    expect(select(Audit).toString()).toContain("FROM main.audit");
  });
});

describe("mixins", () => {
  test("spread column sets make a column per table, typed on each class", () => {
    expect(Document.createdAt).not.toBe(Tag.createdAt);
    expect(Document.__mapper__.table.c.createdAt?.table).toBe(Document.__mapper__.table);
    expect(Tag.__mapper__.columnKeys).toEqual(["id", "createdAt", "updatedAt", "label"]);
  });

  test("mixin columns' defaults and onupdate run on flush; the behaviour mixin's methods are there", () => {
    const db = engineFor(Base.metadata);
    using s = new Session(db.engine);
    const o = new Owner({ name: "ann" });
    const d = new Document({ title: "t", slug: "s", owner: o });
    s.add(d);
    s.flush();
    expect(db.sql()).toEqual([
      "INSERT INTO owners (name) VALUES (?) RETURNING id",
      "INSERT INTO documents (created_at, updated_at, owner_id, title, slug) VALUES (?, ?, ?, ?, ?) RETURNING id, created_at",
    ]);
    expect(d.createdAt).toEqual(new Date(0));
    expect(d.touched()).toBe(false);
    d.title = "t2";
    s.flush();
    expect(db.sql().at(-1)).toBe("UPDATE documents SET updated_at=?, title=? WHERE documents.id = ?");
    s.expire(d);
    expect(d.updatedAt).toEqual(new Date(1000));
    expect(d.touched()).toBe(true);
    expect(d).toBeInstanceOf(Document);
  });
});
