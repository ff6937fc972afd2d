/**
 * Optimistic versioning, after SQLAlchemy's test/orm/test_versioning.py
 * (VersioningTest, AlternateGeneratorTest, ManualVersionTest,
 * ServerVersioningTest, NoBumpOnRelationshipTest): the version column on
 * INSERT, UPDATE and DELETE, stale rows, custom and server-side versions.
 */
import { randomUUID } from "node:crypto";
import { createEngine, type Engine, Integer, listen, String, text } from "@athanor/core";
import { SQLiteDialectBetterSqlite3 } from "@athanor/dialect-sqlite";
import {
  declarativeBase,
  FlushError,
  mappedColumn,
  relationship,
  Session,
  StaleDataError,
} from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";

const Base = declarativeBase();

@Base.register
class Foo extends Base.mapped(
  "version_table",
  {
    id: mappedColumn(Integer, { primaryKey: true }),
    versionId: mappedColumn(Integer, { nullable: false, name: "version_id" }),
    value: mappedColumn(String(40), { nullable: false }),
  },
  { versionIdCol: "versionId" },
) {}

@Base.register
class Uu extends Base.mapped(
  "uuid_versioned",
  {
    id: mappedColumn(Integer, { primaryKey: true }),
    version: mappedColumn(String(36), { nullable: false }),
    value: mappedColumn(String(40)),
  },
  { versionIdCol: "version", versionIdGenerator: () => randomUUID() },
) {}

/** The database bumps `vid` (a trigger); the ORM only reads it back. */
@Base.register
class Srv extends Base.mapped(
  "server_versioned",
  {
    id: mappedColumn(Integer, { primaryKey: true }),
    vid: mappedColumn(Integer, { nullable: false, serverDefault: "1" }),
    data: mappedColumn(String(30)),
  },
  { versionIdCol: "vid", versionIdGenerator: false },
) {}

/** A version the application sets by hand (ManualVersionTest). */
@Base.register
class Manual extends Base.mapped(
  "manual_versioned",
  {
    id: mappedColumn(Integer, { primaryKey: true }),
    data: mappedColumn(String(30)),
    vid: mappedColumn(Integer),
  },
  { versionIdCol: "vid", versionIdGenerator: false },
) {}

/** NoBumpOnRelationshipTest: a versioned parent whose children change. */
@Base.register
class VA extends Base.mapped(
  "version_a",
  {
    id: mappedColumn(Integer, { primaryKey: true }),
    versionId: mappedColumn(Integer, { nullable: false, name: "version_id" }),
    bs: relationship(() => VB, { uselist: true, backPopulates: "a" }),
  },
  { versionIdCol: "versionId" },
) {}

@Base.register
class VB extends Base.mapped("version_b", {
  id: mappedColumn(Integer, { primaryKey: true }),
  aId: mappedColumn(Integer, { foreignKey: "version_a.id", name: "a_id" }),
  a: relationship(() => VA, { backPopulates: "bs" }),
}) {}

let engine: Engine;
let log: { sql: string; params: unknown }[];
const sqls = () => log.map((l) => l.sql);

beforeEach(() => {
  engine = createEngine("sqlite://", { dialect: new SQLiteDialectBetterSqlite3() });
  log = [];
  listen(engine, "beforeCursorExecute", (_c, sql, params) => {
    log.push({ sql: sql.replace(/\s+/g, " ").trim(), params });
    return undefined;
  });
  engine.begin((conn) => {
    Base.metadata.createAll(conn);
    conn.execute(
      text(
        "CREATE TRIGGER srv_bump AFTER UPDATE OF data ON server_versioned BEGIN UPDATE server_versioned SET vid = vid + 1 WHERE id = NEW.id; END",
      ),
    );
  });
  log.length = 0;
});

function twoFoos(s: Session): [Foo, Foo] {
  const f1 = new Foo({ value: "f1" });
  const f2 = new Foo({ value: "f2" });
  s.addAll([f1, f2]);
  s.commit();
  log.length = 0;
  return [f1, f2];
}

describe("integer version counter", () => {
  test("INSERT sets 1; UPDATE sets version + 1 and matches the old version", () => {
    using s = new Session(engine);
    const f1 = new Foo({ value: "f1" });
    s.add(f1);
    s.flush();
    expect(log).toEqual([
      { sql: "INSERT INTO version_table (version_id, value) VALUES (?, ?) RETURNING id", params: [1, "f1"] },
    ]);
    expect(f1.versionId).toBe(1);
    log.length = 0;
    f1.value = "f1rev2";
    s.flush();
    expect(log).toEqual([
      {
        sql: "UPDATE version_table SET version_id=?, value=? WHERE version_table.id = ? AND version_table.version_id = ?",
        params: [2, "f1rev2", 1, 1],
      },
    ]);
    expect(f1.versionId).toBe(2);
  });

  test("test_basic: an UPDATE or DELETE of a row changed since it was loaded raises", () => {
    // One in-memory SQLite connection: "another session" is simulated by SQL on the same connection.
    const other = (sql: string) => s1.connection().execute(text(sql));
    using s1 = new Session(engine);
    const [f1, f2] = twoFoos(s1);
    f1.value = "f1rev2";
    s1.commit();
    expect(f1.versionId).toBe(2);

    other("UPDATE version_table SET value = 'f1rev3', version_id = 3 WHERE id = 1");
    f1.value = "f1rev3mine";
    log.length = 0;
    expect(() => s1.commit()).toThrow(
      /UPDATE statement on table 'version_table' expected to update 1 row\(s\); 0 were matched/,
    );
    expect(log.at(-1)?.params).toEqual([3, "f1rev3mine", 1, 2]);
    // The failed flush rolled the transaction back (the other change with it, on this one
    // connection); the object kept its unflushed change, which now goes through.
    s1.commit();
    expect(s1.get(Foo, f1.id)).toBe(f1);
    expect([f1.value, f1.versionId]).toEqual(["f1rev3mine", 3]);

    other("UPDATE version_table SET value = 'f1rev4', version_id = 4 WHERE id = 1");
    s1.delete(f1);
    s1.delete(f2);
    log.length = 0;
    expect(() => s1.commit()).toThrow(
      /DELETE statement on table 'version_table' expected to delete 2 row\(s\); 1 were matched/,
    );
    expect(log.at(-1)).toEqual({
      sql: "DELETE FROM version_table WHERE version_table.id = ? AND version_table.version_id = ?",
      params: [
        [1, 3],
        [2, 1],
      ],
    });
  });

  test("test_multiple_updates: rows changing the same columns share one executemany", () => {
    using s = new Session(engine);
    const [f1, f2] = twoFoos(s);
    f1.value = "f1rev2";
    f2.value = "f2rev2";
    s.commit();
    expect(log.filter((l) => l.sql.startsWith("UPDATE"))).toEqual([
      {
        sql: "UPDATE version_table SET version_id=?, value=? WHERE version_table.id = ? AND version_table.version_id = ?",
        params: [
          [2, "f1rev2", 1, 1],
          [2, "f2rev2", 2, 1],
        ],
      },
    ]);
    const rows = s.connection().execute(text("SELECT id, value, version_id FROM version_table ORDER BY id"));
    expect(rows.all().map((r) => [...r])).toEqual([
      [1, "f1rev2", 2],
      [2, "f2rev2", 2],
    ]);
  });

  test("without a sane executemany rowcount, versioned rows are written one by one", () => {
    (engine.dialect as { supportsSaneMultiRowcount: boolean }).supportsSaneMultiRowcount = false;
    using s = new Session(engine, { expireOnCommit: false });
    const [f1, f2] = twoFoos(s);
    f1.value = "a";
    f2.value = "b";
    s.flush();
    expect(sqls()).toEqual([
      "UPDATE version_table SET version_id=?, value=? WHERE version_table.id = ? AND version_table.version_id = ?",
      "UPDATE version_table SET version_id=?, value=? WHERE version_table.id = ? AND version_table.version_id = ?",
    ]);
    log.length = 0;
    s.connection().execute(text("UPDATE version_table SET version_id = 7 WHERE id = 2"));
    s.delete(f1);
    s.delete(f2);
    log.length = 0;
    expect(() => s.flush()).toThrow(/expected to delete 2 row\(s\); 1 were matched/);
    expect(sqls()).toEqual([
      "DELETE FROM version_table WHERE version_table.id = ? AND version_table.version_id = ?",
      "DELETE FROM version_table WHERE version_table.id = ? AND version_table.version_id = ?",
    ]);
  });

  test("without a sane rowcount, versions cannot be verified and nothing raises", () => {
    const d = engine.dialect as { supportsSaneMultiRowcount: boolean; supportsSaneRowcount: boolean };
    d.supportsSaneMultiRowcount = false;
    d.supportsSaneRowcount = false;
    using s = new Session(engine);
    const [f1, f2] = twoFoos(s);
    s.connection().execute(text("UPDATE version_table SET version_id = 7"));
    f1.value = "x";
    f2.value = "y";
    expect(() => s.flush()).not.toThrow();
  });

  test("test_bump_version: a version set by the application is written; WHERE has the loaded one", () => {
    using s = new Session(engine);
    const f1 = new Foo({ value: "f1" });
    s.add(f1);
    s.commit();
    expect(f1.versionId).toBe(1);
    f1.versionId = 2;
    s.commit();
    expect(f1.versionId).toBe(2);
    f1.versionId = 4;
    f1.value = "something new";
    log.length = 0;
    s.commit();
    expect(log.find((l) => l.sql.startsWith("UPDATE"))?.params).toEqual([4, "something new", 1, 2]);
    expect(f1.versionId).toBe(4);
    f1.versionId = 5;
    s.delete(f1);
    log.length = 0;
    s.commit();
    expect(log.find((l) => l.sql.startsWith("DELETE"))?.params).toEqual([1, 4]);
    expect(s.connection().execute(text("SELECT count(*) FROM version_table")).scalar()).toBe(0);
  });

  test("an expired version is loaded before the UPDATE", () => {
    using s = new Session(engine);
    const [f1] = twoFoos(s);
    s.expire(f1, ["versionId"]);
    f1.value = "v";
    log.length = 0;
    s.flush();
    expect(sqls()).toEqual([
      "SELECT version_table.id, version_table.version_id FROM version_table WHERE version_table.id = ?",
      "UPDATE version_table SET version_id=?, value=? WHERE version_table.id = ? AND version_table.version_id = ?",
    ]);
    expect(f1.versionId).toBe(2);
  });

  test("a failed versioned flush leaves the object as it was", () => {
    using s = new Session(engine, { expireOnCommit: false });
    const [f1] = twoFoos(s);
    s.connection().execute(text("UPDATE version_table SET version_id = 9 WHERE id = 1"));
    s.commit();
    f1.value = "mine";
    expect(() => s.flush()).toThrow(StaleDataError);
    expect(f1.versionId).toBe(1);
    expect(f1.value).toBe("mine");
  });
});

describe("custom generator (AlternateGeneratorTest)", () => {
  test("UUID versions: a new one on INSERT and on each UPDATE", () => {
    using s = new Session(engine);
    const u = new Uu({ value: "a" });
    s.add(u);
    s.flush();
    const v1 = u.version;
    expect(v1).toMatch(/^[0-9a-f-]{36}$/);
    u.value = "b";
    log.length = 0;
    s.flush();
    expect(u.version).not.toBe(v1);
    expect(log).toEqual([
      {
        sql: "UPDATE uuid_versioned SET version=?, value=? WHERE uuid_versioned.id = ? AND uuid_versioned.version = ?",
        params: [u.version, "b", 1, v1],
      },
    ]);
  });
});

describe("server-side version (versionIdGenerator: false)", () => {
  test("without RETURNING: the new version is selected after the INSERT and the UPDATE", () => {
    const d = engine.dialect as { updateReturning: boolean; insertReturning: boolean };
    d.updateReturning = false;
    d.insertReturning = false;
    using s = new Session(engine);
    const r = new Srv({ data: "d1" });
    s.add(r);
    s.flush();
    expect(sqls()).toEqual([
      "INSERT INTO server_versioned (data) VALUES (?)",
      "SELECT server_versioned.id, server_versioned.vid FROM server_versioned WHERE server_versioned.id = ?",
    ]);
    expect(r.vid).toBe(1);
    log.length = 0;
    r.data = "d2";
    s.flush();
    expect(log).toEqual([
      {
        sql: "UPDATE server_versioned SET data=? WHERE server_versioned.id = ? AND server_versioned.vid = ?",
        params: ["d2", 1, 1],
      },
      {
        sql: "SELECT server_versioned.id, server_versioned.vid FROM server_versioned WHERE server_versioned.id = ?",
        params: [1],
      },
    ]);
    expect(r.vid).toBe(2);
    // Someone else's change moves the version on: ours is stale.
    s.connection().execute(text("UPDATE server_versioned SET data = 'theirs'"));
    r.data = "d3";
    expect(() => s.flush()).toThrow(StaleDataError);
  });

  test("with RETURNING: the version comes back with the INSERT and the UPDATE", () => {
    using s = new Session(engine);
    const r = new Manual({ data: "d1", vid: 1 });
    s.add(r);
    s.flush();
    const m = new Srv({ data: "x" });
    s.add(m);
    log.length = 0;
    s.flush();
    expect(sqls()).toEqual(["INSERT INTO server_versioned (data) VALUES (?) RETURNING id, vid"]);
    expect(m.vid).toBe(1);
    // SQLite's RETURNING does not see AFTER-trigger changes, so the update is checked on its statement only.
    r.data = "d2";
    log.length = 0;
    s.flush();
    expect(sqls()).toEqual([
      "UPDATE manual_versioned SET data=? WHERE manual_versioned.id = ? AND manual_versioned.vid = ? RETURNING vid",
    ]);
    expect(r.vid).toBe(1);
  });
});

describe("manual version (ManualVersionTest)", () => {
  test("test_update / test_update_version_conditional", () => {
    using s = new Session(engine);
    const a = new Manual({ data: "d1", vid: 1 });
    s.add(a);
    s.commit();
    expect(a.vid).toBe(1);
    a.data = "d2";
    s.commit();
    expect(a.vid).toBe(1);
    a.data = "d3";
    a.vid = 2;
    log.length = 0;
    s.commit();
    expect(log.find((l) => l.sql.startsWith("UPDATE"))?.params).toEqual(["d3", 2, 1, 1]);
    expect(a.vid).toBe(2);
  });

  test("test_update_concurrent_check", () => {
    using s = new Session(engine);
    const a = new Manual({ data: "d1", vid: 1 });
    s.add(a);
    s.commit();
    a.vid = 2;
    s.execute(text("UPDATE manual_versioned SET vid = 3"));
    a.data = "d2";
    expect(() => s.commit()).toThrow(StaleDataError);
  });
});

describe("NoBumpOnRelationshipTest", () => {
  test("a child added to a versioned parent's collection does not bump the parent", () => {
    using s = new Session(engine);
    const a1 = new VA({});
    s.add(a1);
    s.commit();
    expect(a1.versionId).toBe(1);
    const b1 = new VB({});
    b1.a = a1;
    s.add(b1);
    log.length = 0;
    s.commit();
    expect(sqls()).toEqual(["INSERT INTO version_b (a_id) VALUES (?) RETURNING id"]);
    expect(a1.versionId).toBe(1);
  });
});

describe("NULL versions (NullVersionIdTest)", () => {
  test("test_null_version_id_insert", () => {
    using s = new Session(engine);
    s.add(new Manual({ data: "f1" }));
    expect(() => s.commit()).toThrow(FlushError);
    expect(log).toEqual([]);
  });

  test("test_null_version_id_update", () => {
    using s = new Session(engine);
    const f1 = new Manual({ data: "f1", vid: 1 });
    s.add(f1);
    s.commit();
    f1.data = "f1rev2";
    f1.vid = null;
    expect(() => s.commit()).toThrow(/does not contain a non-NULL version value/);
  });
});

describe("configuration", () => {
  test("versionIdCol must name a column attribute", () => {
    const B = declarativeBase();
    expect(() =>
      B.mapped("bad_v", { id: mappedColumn(Integer, { primaryKey: true }) }, {
        versionIdCol: "nope",
      } as never),
    ).toThrow(/versionIdCol 'nope' is not a column attribute/);
  });
});
