import { describe, expect, it } from "vitest";
import {
  Column,
  CreateTable,
  DefaultDialect,
  Integer,
  insert,
  MetaData,
  String,
  select,
  Table,
  TypeDecorator,
} from "../src/index.js";

class TagSet extends TypeDecorator<Set<string>> {
  readonly impl = String(200);
  override processBindParam(value: Set<string> | null) {
    return value === null ? null : [...value].sort().join(",");
  }
  override processResultValue(value: unknown) {
    return value === null ? null : new Set(`${value}`.split(","));
  }
}

const md = new MetaData();
const post = new Table("post", md, {
  id: new Column(Integer, { primaryKey: true }),
  tags: new Column(new TagSet()),
});
const dialect = new DefaultDialect();

describe("TypeDecorator", () => {
  it("renders its implementation's DDL", () => {
    expect(new CreateTable(post).compile({ dialect }).sql).toContain("tags VARCHAR(200)");
  });
  it("converts values in and out", () => {
    const t = post.c.tags.type;
    expect(t.bindProcessor(dialect)?.(new Set(["b", "a"]))).toBe("a,b");
    expect(t.resultProcessor(dialect)?.("a,b")).toEqual(new Set(["a", "b"]));
  });
  it("binds compared values with the decorator, so they are converted too", () => {
    const stmt = select(post.c.id).where(post.c.tags.eq(new Set(["x"])));
    const c = stmt.compile({ dialect });
    expect(c.binds.get("tags_1")?.type).toBeInstanceOf(TagSet);
  });
  it("is part of the cache key", () => {
    const md2 = new MetaData();
    const other = new Table("post", md2, {
      id: new Column(Integer, { primaryKey: true }),
      tags: new Column(String(200)),
    });
    expect(insert(post).values({ tags: null }).cacheKey().key).not.toBe(
      insert(other).values({ tags: null }).cacheKey().key,
    );
  });
  it("renders literals through its conversion", () => {
    const stmt = select(post.c.id).where(post.c.tags.eq(new Set(["b", "a"])));
    expect(stmt.compile({ dialect, literalBinds: true }).sql).toContain("post.tags = 'a,b'");
  });
});
