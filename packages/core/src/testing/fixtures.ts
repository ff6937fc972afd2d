/**
 * Tables and helpers the compliance suites share. Every table gets a name
 * unique to the run (`cs_<prefix>_<n>`) in its own `MetaData`.
 */
import { Column } from "../sql/schema/column.js";
import { ForeignKey } from "../sql/schema/constraints.js";
import { MetaData, Table } from "../sql/schema/table.js";
import { Integer, String as SqlString } from "../sql/types/factories.js";
import type { SuiteHarness } from "./harness.js";

/** `some_table` of SQLAlchemy's suite: an id, two integers and two strings. */
export function someTable(h: SuiteHarness, metadata = new MetaData()) {
  return new Table(h.name("some"), metadata, {
    id: new Column(Integer, { primaryKey: true, autoincrement: false }),
    x: new Column(Integer),
    y: new Column(Integer),
    q: new Column(SqlString(50)),
    p: new Column(SqlString(50)),
  });
}

/** Rows for {@link someTable}: y has a tie at 4, one q is NULL, one p holds LIKE's wildcards. */
export const SOME_ROWS = [
  { id: 1, x: 1, y: 2, q: "q1", p: "p3" },
  { id: 2, x: 2, y: 3, q: "q2", p: "p2" },
  { id: 3, x: 3, y: 4, q: "q3", p: "p1" },
  { id: 4, x: 4, y: 4, q: "q4", p: "p0" },
  { id: 5, x: 5, y: 6, q: null, p: "50%_off" },
] as const;

/** A parent and a child table (`users` and `addresses`) with a foreign key. */
export function usersAddresses(h: SuiteHarness, metadata = new MetaData()) {
  const users = new Table(h.name("users"), metadata, {
    id: new Column(Integer, { primaryKey: true, autoincrement: false }),
    name: new Column(SqlString(50), { nullable: false }),
  });
  const addresses = new Table(h.name("addresses"), metadata, {
    id: new Column(Integer, { primaryKey: true, autoincrement: false }),
    user_id: new Column(Integer, { foreignKey: new ForeignKey(`${users.name}.id`), nullable: false }),
    email: new Column(SqlString(100), { nullable: false }),
  });
  return { users, addresses, metadata };
}

export const USER_ROWS = [
  { id: 1, name: "jack" },
  { id: 2, name: "wendy" },
  { id: 3, name: "ed" },
];
export const ADDRESS_ROWS = [
  { id: 1, user_id: 1, email: "jack@a.example" },
  { id: 2, user_id: 2, email: "wendy@b.example" },
  { id: 3, user_id: 2, email: "wendy@c.example" },
];

/** The error a promise rejects with (fails the test when it resolves). */
export async function errorOf(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected an error, but the statement succeeded");
}
