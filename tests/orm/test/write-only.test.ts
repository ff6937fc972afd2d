/**
 * Write-only and dynamic relationships, after SQLAlchemy's
 * test/orm/test_dynamic.py (WriteOnlyTest, DynamicTest, the unit of work
 * parts): pending items flushed, `select()` of the related rows, the
 * dynamic query's filter / orderBy / count, no loading of the whole
 * collection. Expected SQL is SQLAlchemy 2.x's on SQLite.
 */
import { Integer, InvalidRequestError, String, select } from "@athanor/core";
import {
  AppenderQuery,
  declarativeBase,
  mappedColumn,
  relationship,
  Session,
  WriteOnlyCollection,
} from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import { Blog, blogTags, Post, setupWith, Tag } from "./relkinds-models.js";

let ctx: ReturnType<typeof setupWith>;
beforeEach(() => {
  ctx = setupWith();
});

const SELECT_POSTS = "SELECT posts.id, posts.blog_id, posts.title FROM posts WHERE ? = posts.blog_id";

function seed(s: Session): Blog {
  const b = new Blog({
    id: 1,
    name: "b",
    posts: [new Post({ id: 1, title: "a" }), new Post({ id: 2, title: "b" })],
  });
  s.add(b);
  s.commit();
  ctx.clear();
  return b;
}

describe("write_only", () => {
  test("items given to a new parent are inserted with it, in one executemany", () => {
    using s = new Session(ctx.engine);
    seed(s);
    expect(s.scalars(select(Post.id)).all()).toEqual([1, 2]);
  });

  test("the attribute is a WriteOnlyCollection; select() is the SELECT of the related rows", () => {
    using s = new Session(ctx.engine);
    const b = seed(s);
    expect(b.posts).toBeInstanceOf(WriteOnlyCollection);
    expect(b.posts).toBe(b.posts);
    ctx.clear();
    const posts = s.scalars(b.posts.select().where(Post.title.eq("b"))).all();
    expect(posts.map((p) => p.id)).toEqual([2]);
    // The parent's key comes from its identity: an expired parent is not reloaded.
    expect(ctx.statements()).toEqual([`${SELECT_POSTS} AND posts.title = ?`]);
  });

  test("add() and remove() are flushed without loading the collection", () => {
    using s = new Session(ctx.engine);
    const b = seed(s);
    b.name;
    const p1 = s.get(Post, 1) as Post;
    ctx.clear();
    b.posts.add(new Post({ id: 3, title: "c" }));
    b.posts.remove(p1);
    expect(p1.blog).toBe(null);
    s.flush();
    expect(ctx.log).toEqual([
      { sql: "UPDATE posts SET blog_id=? WHERE posts.id = ?", params: [null, 1], executemany: false },
      {
        sql: "INSERT INTO posts (id, blog_id, title) VALUES (?, ?, ?)",
        params: [3, 1, "c"],
        executemany: false,
      },
    ]);
  });

  test("setting the many-to-one side records the item in the write-only collection", () => {
    using s = new Session(ctx.engine);
    const b = seed(s);
    b.name;
    ctx.clear();
    const p = new Post({ id: 5, title: "e", blog: b });
    // As SQLAlchemy 2.0: no cascade along the backref; the new object is added explicitly.
    expect(s.contains(p)).toBe(false);
    s.add(p);
    s.flush();
    expect(ctx.statements()).toEqual(["INSERT INTO posts (id, blog_id, title) VALUES (?, ?, ?)"]);
  });

  test("assigning the collection of a persistent object is refused", () => {
    using s = new Session(ctx.engine);
    const b = seed(s);
    expect(() => {
      (b as unknown as { posts: unknown }).posts = [];
    }).toThrow(/cannot be assigned on a persistent object; use add\(\) and remove\(\)/);
    expect(() => new Blog({ name: "x" }).posts.select()).toThrow(/not persistent yet/);
  });

  test("deleting the parent is refused without passiveDeletes (the rows are never loaded)", () => {
    using s = new Session(ctx.engine);
    const b = seed(s);
    expect(() => s.delete(b)).not.toThrow();
    expect(() => s.flush()).toThrow(InvalidRequestError);
    expect(() => s.flush()).toThrow(/is write-only.*passiveDeletes: true/);
  });

  test("a many-to-many write-only collection writes association rows", () => {
    using s = new Session(ctx.engine);
    const b = seed(s);
    const t1 = new Tag({ id: 1, name: "x" });
    const t2 = new Tag({ id: 2, name: "y" });
    b.tags.addAll([t1, t2]);
    s.flush();
    expect(ctx.log.slice(-1)).toEqual([
      {
        sql: "INSERT INTO blog_tags (blog_id, tag_id) VALUES (?, ?)",
        params: [
          [1, 1],
          [1, 2],
        ],
        executemany: true,
      },
    ]);
    ctx.clear();
    b.tags.remove(t1);
    s.flush();
    expect(ctx.log).toEqual([
      {
        sql: "DELETE FROM blog_tags WHERE blog_tags.blog_id = ? AND blog_tags.tag_id = ?",
        params: [1, 1],
        executemany: false,
      },
    ]);
    ctx.clear();
    expect(
      s
        .scalars(b.tags.select())
        .all()
        .map((t) => t.name),
    ).toEqual(["y"]);
    expect(ctx.statements()).toEqual([
      "SELECT tags.id, tags.name FROM tags, blog_tags WHERE ? = blog_tags.blog_id AND tags.id = blog_tags.tag_id",
    ]);
    expect(s.scalars(select(blogTags.c.tag_id)).all()).toEqual([2]);
  });
});

describe("dynamic", () => {
  test("iteration, filter and orderBy run through the session", () => {
    using s = new Session(ctx.engine);
    const b = seed(s);
    b.name;
    ctx.clear();
    expect(b.postQuery).toBeInstanceOf(AppenderQuery);
    expect([...b.postQuery].map((p) => p.id)).toEqual([1, 2]);
    expect(
      b.postQuery
        .filter(Post.title.eq("b"))
        .all()
        .map((p) => p.id),
    ).toEqual([2]);
    expect(b.postQuery.orderBy(Post.id.desc()).first()?.id).toBe(2);
    expect(ctx.statements()).toEqual([
      `${SELECT_POSTS} ORDER BY posts.id`,
      `${SELECT_POSTS} AND posts.title = ? ORDER BY posts.id`,
      `${SELECT_POSTS} ORDER BY posts.id DESC LIMIT ? OFFSET ?`,
    ]);
  });

  test("count() counts a subquery of the query", () => {
    using s = new Session(ctx.engine);
    const b = seed(s);
    b.name;
    ctx.clear();
    expect(b.postQuery.count()).toBe(2);
    expect(ctx.statements()).toEqual([
      "SELECT count(*) AS count_1 FROM (SELECT posts.id AS id, posts.blog_id AS blog_id, posts.title AS title FROM posts WHERE ? = posts.blog_id ORDER BY posts.id) AS anon_1",
    ]);
  });

  test("pending changes are autoflushed before the query", () => {
    const local = setupWith();
    using s = new Session(local.engine);
    const b = new Blog({ id: 1, name: "b" });
    s.add(b);
    s.flush();
    b.posts.add(new Post({ id: 7, title: "z" }));
    expect(b.postQuery.all().map((p) => p.id)).toEqual([7]);
  });

  test("a dynamic relationship of a detached object cannot query", () => {
    using s = new Session(ctx.engine);
    const b = seed(s);
    b.name;
    s.expunge(b);
    expect(() => b.postQuery.all()).toThrow(/not bound to a Session/);
  });
});

describe("dynamic, writable (test_dynamic UOWTest)", () => {
  const B = declarativeBase();
  @B.register
  class U extends B.mapped("u", {
    id: mappedColumn(Integer, { primaryKey: true }),
    addresses: relationship(() => A, { lazy: "dynamic", orderBy: () => A.id }),
  }) {}
  @B.register
  class A extends B.mapped("a", {
    id: mappedColumn(Integer, { primaryKey: true }),
    uId: mappedColumn(Integer, { foreignKey: "u.id", name: "u_id" }),
    email: mappedColumn(String(30)),
  }) {}

  test("a pending parent's query answers from the appended items; the flush writes them", () => {
    const local = setupWith(B);
    using s = new Session(local.engine);
    const u = new U({ id: 1 });
    const a1 = new A({ id: 1, email: "a" });
    u.addresses.append(a1);
    u.addresses.extend([new A({ id: 2, email: "b" })]);
    expect(u.addresses.count()).toBe(2);
    expect(u.addresses.all()[0]).toBe(a1);
    s.add(u);
    s.flush();
    expect(local.log).toEqual([
      { sql: "INSERT INTO u (id) VALUES (?)", params: [1], executemany: false },
      {
        sql: "INSERT INTO a (id, u_id, email) VALUES (?, ?, ?)",
        params: [
          [1, 1, "a"],
          [2, 1, "b"],
        ],
        executemany: true,
      },
    ]);
    local.clear();
    u.addresses.remove(a1);
    expect(u.addresses.all().map((a) => a.id)).toEqual([2]);
    expect(local.statements()).toEqual([
      "UPDATE a SET u_id=? WHERE a.id = ?",
      "SELECT a.id, a.u_id, a.email FROM a WHERE ? = a.u_id ORDER BY a.id",
    ]);
    expect(a1.uId).toBe(null);
  });
});
