/**
 * The Core half of SQLAlchemy's Unified Tutorial, with Athanor, on an
 * embedded SQLite file: engine, metadata, createAll, insert, select with
 * joins, update, delete and transactions, with `echo` showing the SQL.
 *
 * Run it with `pnpm demo` (no database server needed).
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  and_,
  bindparam,
  Column,
  createEngine,
  delete_,
  ForeignKey,
  func,
  Integer,
  insert,
  MetaData,
  or_,
  registerDialect,
  String,
  select,
  Table,
  text,
  update,
} from "@athanor/core";
import { dialectEntries } from "@athanor/dialect-sqlite";

// An ES-module program registers the dialect it uses (core cannot load it by itself without
// reaching a second, CommonJS copy of core).
registerDialect(...dialectEntries);

const section = (title: string) =>
  console.log(`\n=== ${title} ${"=".repeat(Math.max(0, 70 - title.length))}`);

// --- Establishing connectivity: the engine ------------------------------------------------
const file = join(tmpdir(), "athanor-tutorial.db");
rmSync(file, { force: true });
const engine = createEngine(`sqlite:///${file}`, { echo: true });
console.log(`engine: ${engine}`);

// --- Working with transactions and the DBAPI -------------------------------------------------
section("text() and commit as you go");
{
  using conn = engine.connect();
  const result = conn.execute(text("select 'hello world' as greeting"));
  console.log(result.all().map((row) => row.greeting));
  conn.execute(text("CREATE TABLE some_table (x int, y int)"));
  conn.execute(text("INSERT INTO some_table (x, y) VALUES (:x, :y)"), [
    { x: 1, y: 1 },
    { x: 2, y: 4 },
  ]);
  conn.commit();
}

section("begin once");
engine.begin((conn) => {
  conn.execute(text("INSERT INTO some_table (x, y) VALUES (:x, :y)"), [
    { x: 6, y: 8 },
    { x: 9, y: 10 },
  ]);
});
{
  using conn = engine.connect();
  const result = conn.execute(text("SELECT x, y FROM some_table WHERE y > :y").bindparams({ y: 2 }));
  for (const row of result) console.log(`x: ${row.x}  y: ${row.y}`);
}

// --- Working with database metadata -----------------------------------------------------
section("MetaData, Table, createAll");
const metadata = new MetaData();
const userTable = new Table("user_account", metadata, {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(String(30), { nullable: false }),
  fullname: new Column(String()),
});
const addressTable = new Table("address", metadata, {
  id: new Column(Integer, { primaryKey: true }),
  user_id: new Column(new ForeignKey("user_account.id"), { nullable: false }),
  email_address: new Column(String(), { nullable: false }),
});
console.log(`columns of user_account: ${userTable.columns.map((c) => c.key).join(", ")}`);
{
  using conn = engine.connect();
  metadata.createAll(conn);
  conn.commit();
}

// --- Working with data: INSERT ----------------------------------------------------------
section("insert");
{
  using conn = engine.connect();
  const stmt = insert(userTable).values({ name: "spongebob", fullname: "Spongebob Squarepants" });
  console.log(`compiled: ${stmt.toString()}`);
  const result = conn.execute(stmt);
  console.log(`inserted primary key: ${result.insertedPrimaryKey}`);
  conn.execute(insert(userTable), [
    { name: "sandy", fullname: "Sandy Cheeks" },
    { name: "patrick", fullname: "Patrick Star" },
  ]);
  const scalarSubq = select(userTable.c.id)
    .where(userTable.c.name.eq(bindparam("username")))
    .scalarSubquery();
  // The email address comes from each parameter set; the user id from a scalar subquery.
  const stmt2 = insert(addressTable).values({
    user_id: scalarSubq,
    email_address: bindparam("email_address"),
  });
  conn.execute(stmt2, [
    { username: "spongebob", email_address: "spongebob@sqlalchemy.org" },
    { username: "sandy", email_address: "sandy@sqlalchemy.org" },
    { username: "sandy", email_address: "sandy@squirrelpower.org" },
  ]);
  conn.commit();
}

// --- Working with data: SELECT ----------------------------------------------------------
section("select");
{
  using conn = engine.connect();
  const stmt = select(userTable).where(userTable.c.name.eq("spongebob"));
  for (const row of conn.execute(stmt)) console.log(row._asdict());

  console.log("-- join, ON inferred from the foreign key");
  const joined = select(userTable.c.name, addressTable.c.email_address)
    .join(addressTable)
    .orderBy(addressTable.c.id);
  for (const row of conn.execute(joined)) console.log(`${row.name}: ${row.email_address}`);

  console.log("-- where with and_/or_, label, order by");
  const filtered = select(addressTable.c.email_address.label("email"))
    .where(
      and_(
        or_(userTable.c.name.eq("spongebob"), userTable.c.name.eq("sandy")),
        addressTable.c.user_id.eq(userTable.c.id),
      ),
    )
    .orderBy(addressTable.c.email_address);
  console.log(conn.execute(filtered).scalars().all());

  console.log("-- aggregate with group by / having");
  const counts = select(userTable.c.name, func.count(addressTable.c.id).label("count"))
    .join(addressTable)
    .groupBy(userTable.c.name)
    .having(func.count(addressTable.c.id).gt(1));
  console.log(
    conn
      .execute(counts)
      .all()
      .map((r) => `${r.name}: ${r.count}`),
  );

  console.log("-- a subquery in FROM");
  const subq = select(func.count(addressTable.c.id).label("count"), addressTable.c.user_id)
    .groupBy(addressTable.c.user_id)
    .subquery();
  const withSubq = select(userTable.c.name, subq.c.count).joinFrom(
    userTable,
    subq,
    userTable.c.id.eq(subq.c.user_id),
  );
  console.log(
    conn
      .execute(withSubq)
      .all()
      .map((r) => r._asdict()),
  );
}

// --- UPDATE and DELETE ------------------------------------------------------------------
section("update and delete");
{
  using conn = engine.connect();
  const upd = update(userTable)
    .where(userTable.c.name.eq("patrick"))
    .values({ fullname: "Patrick the Star" });
  console.log(`rows updated: ${conn.execute(upd).rowcount}`);
  const del = delete_(userTable).where(userTable.c.name.eq("patrick"));
  console.log(`rows deleted: ${conn.execute(del).rowcount}`);
  conn.commit();
}

// --- Transactions: rollback and savepoints ----------------------------------------------
section("rollback and savepoints");
{
  using conn = engine.connect();
  conn.execute(insert(userTable).values({ name: "squidward", fullname: "Squidward Tentacles" }));
  const savepoint = conn.beginNested();
  conn.execute(insert(userTable).values({ name: "plankton" }));
  savepoint.rollback(); // plankton is gone, squidward stays
  conn.commit();
  conn.execute(insert(userTable).values({ name: "gary" }));
  conn.rollback(); // gary never lands
  console.log(conn.execute(select(userTable.c.name).orderBy(userTable.c.id)).scalars().all());
}

engine.dispose();
rmSync(file, { force: true });
console.log("\ndone.");
