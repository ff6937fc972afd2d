/**
 * Mapped class inheritance, after SQLAlchemy's test/orm/inheritance:
 * test_single.py (single-table: discriminator on INSERT, the subclass
 * criterion on SELECTs, polymorphic loading, relationships to a subclass) and
 * test_basic.py (joined-table: INSERT into both tables in order, loading
 * through the join, subclass attributes loaded on access, UPDATE / DELETE of
 * both rows, the identity map keyed by the base class).
 */
import {
  ArgumentError,
  type ColumnElement,
  func,
  Integer,
  NotImplementedError,
  String,
  select,
  text,
} from "@athanor/core";
import {
  columnProperty,
  declarativeBase,
  instanceState,
  joinedload,
  mappedColumn,
  Session,
  selectinload,
  subqueryload,
  withPolymorphic,
} from "@athanor/orm";
import { beforeEach, describe, expect, test } from "vitest";
import {
  Base,
  Boss,
  Company,
  Developer,
  Engineer,
  JuniorEngineer,
  Manager,
  Person,
  Project,
  Staff,
} from "./inheritance-models.js";
import { engineFor } from "./mapping-helpers.js";

let db: ReturnType<typeof engineFor>;
beforeEach(() => {
  db = engineFor(Base.metadata);
});

function className(obj: object): string {
  return instanceState(obj).mapper.className;
}

describe("single-table inheritance (test_single.py)", () => {
  function seed(): void {
    using s = new Session(db.engine);
    s.addAll([
      new Manager({ name: "Tom", managerData: "knows how to manage things" }),
      new Engineer({ name: "Kurt", primaryLanguage: "ts" }),
      new JuniorEngineer({ name: "Ed", primaryLanguage: "py", mentorName: "Kurt" }),
      new Person({ name: "Pat" }),
    ]);
    s.commit();
    db.clear();
  }

  test("the table holds every subclass's columns; the discriminator is set on construction", () => {
    const cols = (Base.metadata.tables.get("people") as { columns: { name: string }[] }).columns.map(
      (c) => c.name,
    );
    expect(cols).toEqual([
      "id",
      "name",
      "type",
      "company_id",
      "manager_data",
      "primary_language",
      "mentor_name",
    ]);
    expect(new Manager({ name: "x" }).type).toBe("manager");
    expect(new JuniorEngineer().type).toBe("junior");
    expect(new Person().type).toBe("person");
  });

  test("INSERT writes each class's own columns and its identity", () => {
    using s = new Session(db.engine);
    s.addAll([
      new Manager({ name: "Tom", managerData: "md" }),
      new Engineer({ name: "Kurt", primaryLanguage: "ts" }),
    ]);
    s.flush();
    expect(db.sql()).toEqual([
      "INSERT INTO people (name, type, company_id, manager_data) VALUES (?, ?, ?, ?) RETURNING id",
      "INSERT INTO people (name, type, company_id, primary_language) VALUES (?, ?, ?, ?) RETURNING id",
    ]);
    expect(db.params()).toEqual([
      ["Tom", "manager", null, "md"],
      ["Kurt", "engineer", null, "ts"],
    ]);
  });

  test("select(Person) builds each row's class from the discriminator; subclass columns load on access", () => {
    seed();
    using s = new Session(db.engine);
    const people = s.scalars(select(Person).orderBy(Person.id)).all();
    expect(people.map(className)).toEqual(["Manager", "Engineer", "JuniorEngineer", "Person"]);
    expect(people[0]).toBeInstanceOf(Manager);
    expect(people[2]).toBeInstanceOf(Engineer);
    expect(people[2]).toBeInstanceOf(Person);
    expect(db.sql()).toEqual([
      "SELECT people.id, people.name, people.type, people.company_id FROM people ORDER BY people.id",
    ]);
    db.clear();
    expect((people[0] as Manager).managerData).toBe("knows how to manage things");
    expect(db.sql()).toEqual([
      "SELECT people.id, people.manager_data FROM people WHERE people.id = ? AND people.type IN (?)",
    ]);
    expect(people[3]?.describe()).toBe("person:Pat");
  });

  test("select(Engineer) adds the subclass criterion, with the identities of its subclasses", () => {
    seed();
    using s = new Session(db.engine);
    const engineers = s.scalars(select(Engineer).orderBy(Engineer.id)).all();
    expect(engineers.map((e) => e.greet())).toEqual(["Kurt codes ts", "Ed codes py"]);
    expect(engineers.map(className)).toEqual(["Engineer", "JuniorEngineer"]);
    expect(db.sql()).toEqual([
      "SELECT people.id, people.name, people.type, people.company_id, people.primary_language FROM people WHERE people.type IN (?, ?) ORDER BY people.id",
    ]);
    expect(db.params()).toEqual([["engineer", "junior"]]);
    db.clear();
    expect(s.scalars(select(Manager).where(Manager.name.eq("Tom"))).one().managerData).toBe(
      "knows how to manage things",
    );
    expect(db.sql()).toEqual([
      "SELECT people.id, people.name, people.type, people.company_id, people.manager_data FROM people WHERE people.name = ? AND people.type IN (?)",
    ]);
  });

  test("withPolymorphic() over single-table subclasses selects their columns too", () => {
    seed();
    using s = new Session(db.engine);
    const people = s.scalars(select(withPolymorphic(Person, [Manager, Engineer])).orderBy(Person.id)).all();
    expect(db.sql()).toEqual([
      "SELECT people.id, people.name, people.type, people.company_id, people.manager_data, people.primary_language FROM people ORDER BY people.id",
    ]);
    expect((people[0] as Manager).managerData).toBe("knows how to manage things");
    expect((people[2] as JuniorEngineer).primaryLanguage).toBe("py");
    expect(db.sql()).toHaveLength(1);
    // JuniorEngineer's own column was not selected: it loads on access.
    expect((people[2] as JuniorEngineer).mentorName).toBe("Kurt");
    expect(db.sql()).toHaveLength(2);
  });

  test("the identity map is keyed by the base class: a subclass select finds the same object", () => {
    seed();
    using s = new Session(db.engine);
    const viaBase = s.scalars(select(Person).where(Person.name.eq("Kurt"))).one();
    const viaSub = s.scalars(select(Engineer).where(Engineer.name.eq("Kurt"))).one();
    expect(viaSub).toBe(viaBase);
    expect(s.get(Person, viaBase.id)).toBe(viaBase);
    expect(instanceState(viaBase).key?.mapper).toBe(Person.__mapper__);
  });

  test("UPDATE of base and subclass columns is one statement", () => {
    seed();
    using s = new Session(db.engine);
    const e = s.scalars(select(Engineer).where(Engineer.name.eq("Kurt"))).one();
    db.clear();
    e.name = "Kurt V";
    e.primaryLanguage = "rust";
    s.flush();
    expect(db.sql()).toEqual(["UPDATE people SET name=?, primary_language=? WHERE people.id = ?"]);
  });

  test("a relationship to a subclass loads with its criterion; one to the base holds every subclass", () => {
    using s = new Session(db.engine);
    const c = new Company({ name: "acme" });
    c.people.push(new Manager({ name: "Tom" }), new Engineer({ name: "Kurt" }), new Person({ name: "Pat" }));
    s.add(c);
    s.commit();
    db.clear();
    expect(c.engineers.map((e) => e.name)).toEqual(["Kurt"]);
    expect(db.sql().at(-1)).toBe(
      "SELECT people.id, people.name, people.type, people.company_id, people.primary_language FROM people WHERE ? = people.company_id AND people.type IN (?, ?)",
    );
    expect(c.people.map(className)).toEqual(["Manager", "Engineer", "Person"]);
  });

  test("get() of a subclass with another subclass's key is null, from the identity map or the database", () => {
    seed();
    using s = new Session(db.engine);
    const tom = s.scalars(select(Manager)).one();
    expect(s.get(Engineer, tom.id)).toBeNull();
    s.expungeAll();
    expect(s.get(Engineer, tom.id)).toBeNull();
    expect(db.sql().at(-1)).toBe(
      "SELECT people.id, people.name, people.type, people.company_id, people.primary_language FROM people WHERE people.id = ? AND people.type IN (?, ?)",
    );
  });

  test("joins and EXISTS along a relationship to a single-table subclass carry its criterion", () => {
    using s = new Session(db.engine);
    const acme = new Company({ name: "acme" });
    acme.people.push(new Manager({ name: "Tom" }));
    const initech = new Company({ name: "initech" });
    initech.people.push(new Engineer({ name: "Kurt" }));
    s.addAll([acme, initech]);
    s.flush();
    db.clear();
    expect(s.scalars(select(Company.name).join(Company.engineers)).all()).toEqual(["initech"]);
    expect(db.sql()).toEqual([
      "SELECT companies.name FROM companies JOIN people ON companies.id = people.company_id AND people.type IN (?, ?)",
    ]);
    expect(s.scalars(select(Company.name).where(Company.engineers.any())).all()).toEqual(["initech"]);
    expect(db.sql().at(-1)).toBe(
      "SELECT companies.name FROM companies WHERE EXISTS (SELECT 1 FROM people WHERE companies.id = people.company_id AND people.type IN (?, ?))",
    );
  });

  test("a row whose discriminator is unknown raises", () => {
    seed();
    using s = new Session(db.engine);
    s.execute(text("UPDATE people SET type = 'intern' WHERE name = 'Pat'"));
    expect(() => s.scalars(select(Person)).all()).toThrow(/No such polymorphic_identity "intern"/);
  });
});

describe("joined-table inheritance (test_basic.py)", () => {
  function seed(): { dev: Developer; boss: Boss; staff: Staff } {
    using s = new Session(db.engine);
    const dev = new Developer({ name: "dilbert", language: "c" });
    const boss = new Boss({ name: "pointy", golfSwing: "fore" });
    const staff = new Staff({ name: "wally" });
    s.addAll([dev, boss, staff]);
    s.commit();
    db.clear();
    return { dev, boss, staff };
  }

  test("the subclass table's primary key references the parent's", () => {
    const dev = Base.metadata.tables.get("developers") as unknown as {
      columns: {
        name: string;
        primaryKey: boolean;
        foreignKeys: { column: { table: { name: string } } }[];
      }[];
    };
    const id = dev.columns[0];
    expect(dev.columns.map((c) => c.name)).toEqual(["id", "language", "level"]);
    expect(id?.primaryKey).toBe(true);
    expect(id?.foreignKeys[0]?.column.table.name).toBe("staff");
  });

  test("INSERT into the base table first, then the subclass table with the new key", () => {
    using s = new Session(db.engine);
    s.addAll([
      new Developer({ name: "dilbert", language: "c" }),
      new Boss({ name: "pointy", golfSwing: "fore" }),
    ]);
    s.flush();
    expect(db.sql()).toEqual([
      "INSERT INTO staff (name, kind, company_id) VALUES (?, ?, ?) RETURNING id",
      "INSERT INTO staff (name, kind, company_id) VALUES (?, ?, ?) RETURNING id",
      "INSERT INTO developers (id, language, level) VALUES (?, ?, ?) RETURNING level",
      "INSERT INTO bosses (id, golf_swing) VALUES (?, ?)",
    ]);
    expect(db.params().slice(2)).toEqual([
      [1, "c", 1],
      [2, "fore"],
    ]);
  });

  test("select(Developer) selects from the join", () => {
    seed();
    using s = new Session(db.engine);
    const devs = s.scalars(select(Developer)).all();
    expect(devs.map((d) => [d.name, d.language, d.level])).toEqual([["dilbert", "c", 1]]);
    expect(db.sql()).toEqual([
      "SELECT staff.id, staff.name, staff.kind, staff.company_id, developers.id AS id_1, developers.language, developers.level FROM staff JOIN developers ON staff.id = developers.id",
    ]);
  });

  test("select(Staff) loads base columns; subclass columns load from the subclass table on access", () => {
    seed();
    using s = new Session(db.engine);
    const all = s.scalars(select(Staff).orderBy(Staff.id)).all();
    expect(all.map(className)).toEqual(["Developer", "Boss", "Staff"]);
    expect(db.sql()).toEqual([
      "SELECT staff.id, staff.name, staff.kind, staff.company_id FROM staff ORDER BY staff.id",
    ]);
    db.clear();
    expect((all[1] as Boss).golfSwing).toBe("fore");
    expect(db.sql()).toEqual(["SELECT bosses.id, bosses.golf_swing FROM bosses WHERE bosses.id = ?"]);
  });

  test("get() of the base class finds a subclass row, from the identity map afterwards", () => {
    const { dev } = seed();
    using s = new Session(db.engine);
    const id = instanceState(dev).identity?.[0];
    const got = s.get(Staff, id);
    expect(got).toBeInstanceOf(Developer);
    expect(s.get(Developer, id)).toBe(got);
    // get() fills the attributes the base class's row did not load.
    expect(db.sql()).toEqual([
      "SELECT staff.id, staff.name, staff.kind, staff.company_id FROM staff WHERE staff.id = ?",
      "SELECT developers.id, developers.language, developers.level FROM developers WHERE developers.id = ?",
    ]);
  });

  test("get() of the subclass selects through the join", () => {
    const { dev } = seed();
    using s = new Session(db.engine);
    expect(s.get(Developer, instanceState(dev).identity?.[0])?.language).toBe("c");
    expect(db.sql()).toEqual([
      "SELECT staff.id, staff.name, staff.kind, staff.company_id, developers.language, developers.level FROM staff JOIN developers ON staff.id = developers.id WHERE staff.id = ?",
    ]);
  });

  test("UPDATE writes each table whose columns changed; DELETE removes the subclass row first", () => {
    seed();
    using s = new Session(db.engine);
    const d = s.scalars(select(Developer)).one();
    db.clear();
    d.name = "dogbert";
    d.language = "rust";
    s.flush();
    expect(db.sql()).toEqual([
      "UPDATE staff SET name=? WHERE staff.id = ?",
      "UPDATE developers SET language=? WHERE developers.id = ?",
    ]);
    db.clear();
    d.level = 3;
    s.flush();
    expect(db.sql()).toEqual(["UPDATE developers SET level=? WHERE developers.id = ?"]);
    db.clear();
    s.delete(d);
    s.flush();
    expect(db.sql()).toEqual([
      // The subclass's one-to-many is loaded to null its children's foreign keys (none here).
      "SELECT projects.id, projects.title, projects.developer_id FROM projects WHERE ? = projects.developer_id",
      "DELETE FROM developers WHERE developers.id = ?",
      "DELETE FROM staff WHERE staff.id = ?",
    ]);
    s.commit();
    expect(s.scalars(select(Staff)).all().map(className)).toEqual(["Boss", "Staff"]);
  });

  test("a relationship declared on the subclass: flush order and lazy load by the subclass key", () => {
    using s = new Session(db.engine);
    const d = new Developer({ name: "dilbert" });
    d.projects.push(new Project({ title: "p1" }));
    s.add(d);
    s.flush();
    expect(db.sql()).toEqual([
      "INSERT INTO staff (name, kind, company_id) VALUES (?, ?, ?) RETURNING id",
      "INSERT INTO developers (id, language, level) VALUES (?, ?, ?) RETURNING level",
      "INSERT INTO projects (title, developer_id) VALUES (?, ?) RETURNING id",
    ]);
    expect(db.params()[2]).toEqual(["p1", 1]);
    s.commit();
    s.expungeAll();
    const p = s.scalars(select(Project)).one();
    expect(p.developer).toBeInstanceOf(Developer);
    expect(p.developer?.projects).toEqual([p]);
  });

  test("a join along a relationship to a joined subclass joins its tables", () => {
    using s = new Session(db.engine);
    const d = new Developer({ name: "dilbert", language: "c" });
    d.projects.push(new Project({ title: "p1" }));
    s.add(d);
    s.flush();
    db.clear();
    const rows = s.execute(select(Project.title, Developer.language).join(Project.developer)).all();
    expect(rows.map((r) => [r.title, r.language])).toEqual([["p1", "c"]]);
    expect(db.sql()).toEqual([
      "SELECT projects.title, developers.language FROM projects JOIN (staff JOIN developers ON staff.id = developers.id) ON staff.id = projects.developer_id",
    ]);
  });

  test("joinedload of a relationship to a joined subclass: its tables aliased and joined (SQLAlchemy's flat alias)", () => {
    {
      using s = new Session(db.engine);
      const d = new Developer({ name: "dilbert", language: "c" });
      d.projects.push(new Project({ title: "p1" }), new Project({ title: "p2" }));
      s.add(d);
      s.add(new Project({ title: "orphan" }));
      s.commit();
    }
    db.clear();
    using s = new Session(db.engine);
    const projects = s
      .scalars(select(Project).options(joinedload(Project.developer)).orderBy(Project.id))
      .all();
    expect(db.sql()).toEqual([
      "SELECT projects.id, projects.title, projects.developer_id, staff_1.id AS id_1, staff_1.name, staff_1.kind, staff_1.company_id, staff_1.id AS id_2, developers_1.language, developers_1.level FROM projects LEFT OUTER JOIN (staff AS staff_1 JOIN developers AS developers_1 ON staff_1.id = developers_1.id) ON staff_1.id = projects.developer_id ORDER BY projects.id",
    ]);
    db.clear();
    expect(projects.map((p) => [p.title, p.developer?.name ?? null, p.developer?.language ?? null])).toEqual([
      ["p1", "dilbert", "c"],
      ["p2", "dilbert", "c"],
      ["orphan", null, null],
    ]);
    expect(projects[0]?.developer).toBe(projects[1]?.developer);
    expect(projects[0]?.developer).toBeInstanceOf(Developer);
    expect(db.sql()).toEqual([]);
  });

  test("selectinload / subqueryload of a relationship to a joined subclass load its tables together", () => {
    {
      using s = new Session(db.engine);
      const d = new Developer({ name: "dilbert", language: "c" });
      d.projects.push(new Project({ title: "p1" }));
      s.add(d);
      s.commit();
    }
    for (const option of [selectinload, subqueryload]) {
      db.clear();
      using s = new Session(db.engine);
      const [p] = s.scalars(select(Project).options(option(Project.developer))).all();
      expect([p?.title, p?.developer?.name, p?.developer?.language]).toEqual(["p1", "dilbert", "c"]);
      expect(db.sql()).toHaveLength(2);
      expect(db.sql()[1]).toContain("staff JOIN developers ON staff.id = developers.id");
    }
  });

  test("get() of one subclass with the key of another is null", () => {
    const { dev, boss } = seed();
    using s = new Session(db.engine);
    const devId = instanceState(dev).identity?.[0];
    expect(s.get(Boss, devId)).toBeNull();
    expect(s.get(Staff, devId)).toBeInstanceOf(Developer);
    expect(s.get(Boss, devId)).toBeNull();
    expect(s.get(Boss, instanceState(boss).identity?.[0])).toBeInstanceOf(Boss);
  });

  test("withPolymorphic(): one SELECT with the subclass tables outer-joined; nothing loads on access", () => {
    seed();
    using s = new Session(db.engine);
    const wp = withPolymorphic(Staff, [Developer, Boss]);
    const all = s.scalars(select(wp).orderBy(Staff.id)).all();
    expect(all.map(className)).toEqual(["Developer", "Boss", "Staff"]);
    expect(db.sql()).toEqual([
      "SELECT staff.id, staff.name, staff.kind, staff.company_id, developers.language, developers.level, bosses.golf_swing FROM staff LEFT OUTER JOIN developers ON staff.id = developers.id LEFT OUTER JOIN bosses ON staff.id = bosses.id ORDER BY staff.id",
    ]);
    expect((all[0] as Developer).language).toBe("c");
    expect((all[1] as Boss).golfSwing).toBe("fore");
    expect(db.sql()).toHaveLength(1);
    expect(s.scalars(select(wp).where(Developer.language.eq("c"))).one()).toBe(all[0]);
    expect(() => withPolymorphic(Staff, [Person as never])).toThrow(/is not a subclass of Staff/);
  });

  test("a relationship to the base class holds subclass objects", () => {
    using s = new Session(db.engine);
    const c = new Company({ name: "acme" });
    c.staff.push(new Developer({ name: "dilbert" }), new Staff({ name: "wally" }));
    s.add(c);
    s.commit();
    expect(c.staff.map(className)).toEqual(["Developer", "Staff"]);
    expect(c.staff[0]?.company).toBe(c);
  });
});

describe("polymorphicLoad: \"selectin\" (SQLAlchemy's polymorphic_load='selectin')", () => {
  const B = declarativeBase();
  class Emp extends B.mapped(
    "sel_emp",
    {
      id: mappedColumn(Integer, { primaryKey: true }),
      name: mappedColumn(String(30)),
      type: mappedColumn(String(20), { nullable: false }),
    },
    { polymorphicOn: "type", polymorphicIdentity: "emp" },
  ) {
    static {
      B.register(Emp);
    }
  }
  class Eng extends Emp.mappedSubclass(
    { language: mappedColumn(String(30)) },
    { polymorphicIdentity: "eng", tableName: "sel_eng", polymorphicLoad: "selectin" },
  ) {
    static {
      B.register(Eng);
    }
  }
  class Mgr extends Emp.mappedSubclass(
    { budget: mappedColumn(Integer) },
    { polymorphicIdentity: "mgr", tableName: "sel_mgr", polymorphicLoad: "selectin" },
  ) {
    static {
      B.register(Mgr);
    }
  }
  class Intern extends Emp.mappedSubclass(
    { school: mappedColumn(String(30)) },
    { polymorphicIdentity: "intern", tableName: "sel_intern" },
  ) {
    static {
      B.register(Intern);
    }
  }

  test("a base query loads each selectin subclass's own columns with one IN query; others load on access", () => {
    const d = engineFor(B.metadata);
    {
      using s = new Session(d.engine);
      s.addAll([
        new Eng({ name: "e1", language: "ts" }),
        new Mgr({ name: "m1", budget: 10 }),
        new Eng({ name: "e2", language: "py" }),
        new Emp({ name: "plain" }),
        new Intern({ name: "i1", school: "mit" }),
      ]);
      s.commit();
    }
    d.clear();
    using s = new Session(d.engine);
    const all = s.scalars(select(Emp).orderBy(Emp.id)).all();
    expect(d.sql()).toEqual([
      "SELECT sel_emp.id, sel_emp.name, sel_emp.type FROM sel_emp ORDER BY sel_emp.id",
      "SELECT sel_eng.id, sel_eng.language FROM sel_eng WHERE sel_eng.id IN (?, ?)",
      "SELECT sel_mgr.id, sel_mgr.budget FROM sel_mgr WHERE sel_mgr.id IN (?)",
    ]);
    d.clear();
    const [e1, m1, e2] = all as [Eng, Mgr, Eng];
    expect([e1.language, m1.budget, e2.language]).toEqual(["ts", 10, "py"]);
    expect(instanceState(e1).modified).toBe(false);
    expect(d.sql()).toEqual([]);
    // A subclass without it loads its columns when first read.
    expect((all[4] as Intern).school).toBe("mit");
    expect(d.sql()).toHaveLength(1);
  });

  test("what it cannot apply to is refused when the class is mapped", () => {
    expect(() =>
      Emp.mappedSubclass(
        { x: mappedColumn(Integer) },
        { polymorphicIdentity: "x", polymorphicLoad: "selectin" },
      ),
    ).toThrow(/is for a joined-table subclass/);
    // Refused before anything was mapped: the base table did not gain the column.
    expect(Emp.__mapper__.table.columns.map((c) => c.name)).toEqual(["id", "name", "type"]);
    expect(() =>
      Emp.mappedSubclass(
        { y: mappedColumn(Integer) },
        { polymorphicIdentity: "y", tableName: "sel_y", polymorphicLoad: "inline" as never },
      ),
    ).toThrow(NotImplementedError);
  });
});

describe("mapping errors", () => {
  test("extending a registered class without mappedSubclass, and concrete inheritance, raise", () => {
    const B = declarativeBase();
    @B.register
    class A extends B.mapped("a", { id: mappedColumn(Integer, { primaryKey: true }) }) {}
    class C extends A {}
    expect(() => B.register(C)).toThrow(/A.mappedSubclass/);
    expect(() => A.mappedSubclass({}, { concrete: true })).toThrow(NotImplementedError);
    expect(() => A.mappedSubclass({}, { concrete: true })).toThrow(/concrete table inheritance/);
  });

  test("subclassing before registering, an identity used twice, a subclass without identity", () => {
    const B = declarativeBase();
    const Unregistered = B.mapped("u", { id: mappedColumn(Integer, { primaryKey: true }) });
    expect(() => Unregistered.mappedSubclass({})).toThrow(ArgumentError);
    @B.register
    class P extends B.mapped(
      "p",
      { id: mappedColumn(Integer, { primaryKey: true }), t: mappedColumn(String(10)) },
      { polymorphicOn: "t", polymorphicIdentity: "p" },
    ) {}
    expect(() => P.mappedSubclass({}, { polymorphicIdentity: "p" })).toThrow(/already used by P/);
    expect(() => P.mappedSubclass({})).toThrow(/needs a polymorphicIdentity/);
    expect(() =>
      B.mapped("q", { id: mappedColumn(Integer, { primaryKey: true }) }, { polymorphicOn: "nope" }),
    ).toThrow(/polymorphicOn 'nope' is not a column attribute/);
    expect(() => P.mappedSubclass({ t: mappedColumn(String(5)) }, { polymorphicIdentity: "r" })).toThrow(
      /subclass attribute 't' is already a column of P/,
    );
    expect(() =>
      P.mappedSubclass({ k: mappedColumn(Integer, { primaryKey: true }) }, { polymorphicIdentity: "s" }),
    ).toThrow(/single-table subclass column 'k' cannot be part of the primary key/);
  });
});

describe("joined-table details", () => {
  test("a subclass may declare its primary key column; expired objects reload through the join", () => {
    const B = declarativeBase();
    @B.register
    class Vehicle extends B.mapped(
      "vehicles",
      {
        id: mappedColumn(Integer, { primaryKey: true }),
        kind: mappedColumn(String(10), { nullable: false }),
        wheels: mappedColumn(Integer),
      },
      { polymorphicOn: "kind", polymorphicIdentity: "vehicle" },
    ) {}
    @B.register
    class Truck extends Vehicle.mappedSubclass(
      {
        id: mappedColumn(Integer, { primaryKey: true, foreignKey: "vehicles.id", name: "vehicle_id" }),
        payload: mappedColumn(Integer),
      },
      { polymorphicIdentity: "truck", tableName: "trucks" },
    ) {}
    const tdb = engineFor(B.metadata);
    using s = new Session(tdb.engine);
    const t = new Truck({ wheels: 6, payload: 10 });
    s.add(t);
    s.commit();
    expect(tdb.sql()).toEqual([
      "INSERT INTO vehicles (kind, wheels) VALUES (?, ?) RETURNING id",
      "INSERT INTO trucks (vehicle_id, payload) VALUES (?, ?)",
    ]);
    tdb.clear();
    expect(t.payload).toBe(10);
    expect(tdb.sql()).toEqual([
      "SELECT vehicles.id, vehicles.kind, vehicles.wheels, trucks.payload FROM vehicles JOIN trucks ON vehicles.id = trucks.vehicle_id WHERE vehicles.id = ?",
    ]);
    s.refresh(t);
    expect(t.wheels).toBe(6);
  });
});

describe("loading options across a hierarchy", () => {
  test("a base class's deferred columns and columnProperty apply to its subclasses", () => {
    const B = declarativeBase();
    @B.register
    class Animal extends B.mapped(
      "animals",
      {
        id: mappedColumn(Integer, { primaryKey: true }),
        name: mappedColumn(String(20)),
        bio: mappedColumn(String(20), { deferred: true }),
        kind: mappedColumn(String(10), { nullable: false }),
        shout: columnProperty<string>((): ColumnElement<any> => func.upper(Animal.name)),
      },
      { polymorphicOn: "kind", polymorphicIdentity: "animal" },
    ) {}
    @B.register
    class Dog extends Animal.mappedSubclass(
      { bark: mappedColumn(String(20)) },
      { polymorphicIdentity: "dog" },
    ) {}
    const adb = engineFor(B.metadata);
    using s = new Session(adb.engine);
    s.addAll([new Dog({ name: "rex", bark: "woof", bio: "good" }), new Animal({ name: "cat" })]);
    s.commit();
    s.expungeAll();
    adb.clear();
    const all = s.scalars(select(Animal).orderBy(Animal.id)).all();
    expect(all[0]).toBeInstanceOf(Dog);
    expect(all.map((a) => a.shout)).toEqual(["REX", "CAT"]);
    expect(adb.sql()).toEqual([
      "SELECT animals.id, animals.name, animals.kind, upper(animals.name) AS shout FROM animals ORDER BY animals.id",
    ]);
    s.expungeAll();
    adb.clear();
    const dog = s.scalars(select(Dog)).one();
    expect(dog.shout).toBe("REX");
    expect(adb.sql()).toEqual([
      "SELECT animals.id, animals.name, animals.kind, animals.bark, upper(animals.name) AS shout FROM animals WHERE animals.kind IN (?)",
    ]);
    // Deferred on the base, deferred on the subclass: loaded on access by itself.
    expect(dog.bio).toBe("good");
    expect(adb.sql().at(-1)).toBe(
      "SELECT animals.id, animals.bio FROM animals WHERE animals.id = ? AND animals.kind IN (?)",
    );
  });
});
