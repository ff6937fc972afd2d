/**
 * SQLAlchemy's ORM Quick Start, with Athanor, on an embedded SQLite
 * database: declare models, create the tables, persist objects with their
 * related objects, select, join, lazy-load a relationship, change and
 * delete, with `echo` showing the SQL the Session emits.
 *
 * Run by `pnpm demo` after the Core tutorial (no database server needed).
 */
// `String` is the SQL type here, as in SQLAlchemy; text is made with template literals.
import { createEngine, Integer, registerDialect, String, select } from "@athanor/core";
import { dialectEntries } from "@athanor/dialect-sqlite";
import { declarativeBase, mappedColumn, relationship, Session } from "@athanor/orm";

registerDialect(...dialectEntries);

const section = (title: string) =>
  console.log(`\n=== ORM: ${title} ${"=".repeat(Math.max(0, 65 - title.length))}`);

// --- Declare models ---------------------------------------------------------------------
const Base = declarativeBase();

class User extends Base.mapped("user_account", {
  id: mappedColumn(Integer, { primaryKey: true }),
  name: mappedColumn(String(30), { nullable: false }),
  fullname: mappedColumn(String()),
  addresses: relationship(() => Address, {
    uselist: true,
    backPopulates: "user",
    cascade: "all, delete-orphan",
  }),
}) {
  static {
    Base.register(User);
  }
  override toString(): string {
    return `User(id=${this.id}, name=${this.name}, fullname=${this.fullname})`;
  }
}

class Address extends Base.mapped("address", {
  id: mappedColumn(Integer, { primaryKey: true }),
  emailAddress: mappedColumn(String(), { nullable: false, name: "email_address" }),
  userId: mappedColumn(Integer, { nullable: false, foreignKey: "user_account.id", name: "user_id" }),
  user: relationship(() => User, { backPopulates: "addresses" }),
}) {
  static {
    Base.register(Address);
  }
  override toString(): string {
    return `Address(id=${this.id}, emailAddress=${this.emailAddress})`;
  }
}

// --- Create an engine, emit CREATE TABLE ---------------------------------------------------
section("create tables");
const engine = createEngine("sqlite://", { echo: true });
engine.begin((conn) => Base.metadata.createAll(conn));

// --- Create objects and persist ------------------------------------------------------------
section("create objects and persist");
{
  using session = new Session(engine);
  const spongebob = new User({
    name: "spongebob",
    fullname: "Spongebob Squarepants",
    addresses: [new Address({ emailAddress: "spongebob@sqlalchemy.org" })],
  });
  const sandy = new User({
    name: "sandy",
    fullname: "Sandy Cheeks",
    addresses: [
      new Address({ emailAddress: "sandy@sqlalchemy.org" }),
      new Address({ emailAddress: "sandy@squirrelpower.org" }),
    ],
  });
  const patrick = new User({ name: "patrick", fullname: "Patrick Star" });
  session.addAll([spongebob, sandy, patrick]);
  session.commit();
}

// --- Simple SELECT, SELECT with JOIN ---------------------------------------------------------
const session = new Session(engine);
section("simple select");
for (const user of session.scalars(select(User).where(User.name.in(["spongebob", "sandy"])))) {
  console.log(`${user}`);
}

section("select with join");
const sandyAddress = session
  .scalars(
    select(Address)
      .join(Address.user)
      .where(User.name.eq("sandy"))
      .where(Address.emailAddress.eq("sandy@sqlalchemy.org")),
  )
  .one();
console.log(`${sandyAddress}`);

// --- Make changes ------------------------------------------------------------------------
section("make changes");
const patrick = session.scalars(select(User).where(User.name.eq("patrick"))).one();
patrick.addresses.push(new Address({ emailAddress: "patrickstar@sqlalchemy.org" }));
sandyAddress.emailAddress = "sandy_cheeks@sqlalchemy.org";
session.commit();

// --- Some deletes ------------------------------------------------------------------------
section("some deletes");
const sandy = session.get(User, 2) as User;
console.log(`sandy's addresses (lazy loaded): ${sandy.addresses.map((a) => `${a}`).join(", ")}`);
sandy.addresses.splice(sandy.addresses.indexOf(sandyAddress), 1); // delete-orphan: the row goes
session.flush();
session.delete(patrick);
session.commit();
console.log(
  `users left: ${session
    .scalars(select(User).orderBy(User.id))
    .all()
    .map((u) => u.name)
    .join(", ")}`,
);
session.close();
engine.dispose();
console.log("\ndone.");
