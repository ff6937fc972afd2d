/**
 * Inheritance models after SQLAlchemy's test/orm/inheritance: an employee
 * hierarchy mapped single-table (`Person` → `Manager`, `Engineer` →
 * `JuniorEngineer`), and one mapped joined-table (`Staff` → `Developer`,
 * `Boss`), each with a company holding its members.
 */
import { Integer, String } from "@athanor/core";
import { declarativeBase, mappedColumn, relationship } from "@athanor/orm";

export const Base = declarativeBase();

@Base.register
export class Company extends Base.mapped("companies", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(50), { nullable: false }),
  people: relationship(() => Person, { uselist: true, backPopulates: "company" }),
  engineers: relationship(() => Engineer, { uselist: true }),
  staff: relationship(() => Staff, { uselist: true, backPopulates: "company" }),
}) {}

// --- single-table ---------------------------------------------------------------------

@Base.register
export class Person extends Base.mapped(
  "people",
  {
    id: mappedColumn(Integer, { primaryKey: true }),
    name: mappedColumn(String(50)),
    type: mappedColumn(String(20), { nullable: false }),
    companyId: mappedColumn(Integer, { foreignKey: "companies.id", name: "company_id" }),
    company: relationship(() => Company, { backPopulates: "people" }),
  },
  { polymorphicOn: "type", polymorphicIdentity: "person" },
) {
  describe(): string {
    return `${this.type}:${this.name}`;
  }
}

@Base.register
export class Manager extends Person.mappedSubclass(
  { managerData: mappedColumn(String(50), { name: "manager_data" }) },
  { polymorphicIdentity: "manager" },
) {}

@Base.register
export class Engineer extends Person.mappedSubclass(
  { primaryLanguage: mappedColumn(String(50), { name: "primary_language" }) },
  { polymorphicIdentity: "engineer" },
) {
  greet(): string {
    return `${this.name} codes ${this.primaryLanguage}`;
  }
}

@Base.register
export class JuniorEngineer extends Engineer.mappedSubclass(
  { mentorName: mappedColumn(String(50), { name: "mentor_name" }) },
  { polymorphicIdentity: "junior" },
) {}

// --- joined-table ---------------------------------------------------------------------

@Base.register
export class Staff extends Base.mapped(
  "staff",
  {
    id: mappedColumn(Integer, { primaryKey: true }),
    name: mappedColumn(String(50)),
    kind: mappedColumn(String(20), { nullable: false }),
    companyId: mappedColumn(Integer, { foreignKey: "companies.id", name: "company_id" }),
    company: relationship(() => Company, { backPopulates: "staff" }),
  },
  { polymorphicOn: "kind", polymorphicIdentity: "staff" },
) {}

@Base.register
export class Developer extends Staff.mappedSubclass(
  {
    language: mappedColumn(String(30)),
    level: mappedColumn(Integer, { default: 1 }),
    projects: relationship(() => Project, { uselist: true, backPopulates: "developer" }),
  },
  { polymorphicIdentity: "developer", tableName: "developers" },
) {}

@Base.register
export class Boss extends Staff.mappedSubclass(
  { golfSwing: mappedColumn(String(30), { name: "golf_swing" }) },
  { polymorphicIdentity: "boss", tableName: "bosses" },
) {}

/** A relationship declared on a joined subclass, to its own table. */
@Base.register
export class Project extends Base.mapped("projects", {
  id: mappedColumn(Integer, { primaryKey: true }),
  title: mappedColumn(String(30)),
  developerId: mappedColumn(Integer, { foreignKey: "developers.id", name: "developer_id" }),
  developer: relationship(() => Developer, { backPopulates: "projects" }),
}) {}
