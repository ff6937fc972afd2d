/**
 * Compiling a realistic statement: three joins, six conditions, an ORDER BY
 * and a LIMIT, built anew on every call as application code does.
 *
 * - athanor cold: build + compile, no cache;
 * - athanor cached: build + cache key + compiled-cache hit + parameters;
 * - kysely: build + `compile()`;
 * - drizzle: build + `toSQL()`.
 * All target PostgreSQL with `$n` placeholders.
 */
import {
  and_,
  Boolean as BooleanType,
  Column,
  CompiledCache,
  DefaultDialect,
  ForeignKey,
  Integer,
  MetaData,
  Numeric,
  String as StringType,
  select,
  Table,
} from "@athanor/core";
import { and, desc, eq, gt, inArray, like, lt } from "drizzle-orm";
import { boolean, integer, numeric, pgTable, QueryBuilder, varchar } from "drizzle-orm/pg-core";
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from "kysely";

// --- Athanor --------------------------------------------------------------------------

const md = new MetaData();
const users = new Table("users", md, {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(StringType(50), { nullable: false }),
  email: new Column(StringType(100)),
  active: new Column(BooleanType, { nullable: false }),
});
const orders = new Table("orders", md, {
  id: new Column(Integer, { primaryKey: true }),
  user_id: new Column(Integer, { foreignKey: "users.id", nullable: false }),
  status: new Column(StringType(20), { nullable: false }),
  total: new Column(Numeric(10, 2)),
});
const items = new Table("order_items", md, {
  id: new Column(Integer, { primaryKey: true }),
  order_id: new Column(new ForeignKey("orders.id"), { nullable: false }),
  product_id: new Column(Integer, { foreignKey: "products.id", nullable: false }),
  quantity: new Column(Integer, { nullable: false }),
});
const products = new Table("products", md, {
  id: new Column(Integer, { primaryKey: true }),
  sku: new Column(StringType(20), { nullable: false }),
  price: new Column(Numeric(10, 2), { nullable: false }),
});

/** The dialect: PostgreSQL-style numbered placeholders. */
export const athanorDialect = new DefaultDialect({ paramstyle: "numericDollar" });

/** Builds the statement, as application code would on every call. */
export function athanorStatement(i: number) {
  return select(users.c.name, orders.c.id, orders.c.total, products.c.sku, items.c.quantity)
    .join(orders)
    .join(items)
    .join(products)
    .where(
      and_(
        users.c.active.eq(true),
        users.c.name.like(`a%${i % 7}`),
        orders.c.status.in(["paid", "shipped"]),
        orders.c.total.gt(String(10 + (i % 5))),
        items.c.quantity.lt(100),
        products.c.price.gt("1.00"),
      ),
    )
    .orderBy(orders.c.id.desc())
    .limit(20);
}

const cache = new CompiledCache();
export const athanor = {
  cold: (i: number) => athanorStatement(i).compile({ dialect: athanorDialect }),
  cached: (i: number) => cache.execution(athanorStatement(i), athanorDialect),
  cache,
};

// --- Kysely ---------------------------------------------------------------------------

interface KyselyDB {
  users: { id: number; name: string; email: string | null; active: boolean };
  orders: { id: number; user_id: number; status: string; total: string | null };
  order_items: { id: number; order_id: number; product_id: number; quantity: number };
  products: { id: number; sku: string; price: string };
}

const kdb = new Kysely<KyselyDB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

export function kysely(i: number) {
  return kdb
    .selectFrom("users")
    .innerJoin("orders", "orders.user_id", "users.id")
    .innerJoin("order_items", "order_items.order_id", "orders.id")
    .innerJoin("products", "products.id", "order_items.product_id")
    .select(["users.name", "orders.id", "orders.total", "products.sku", "order_items.quantity"])
    .where((eb) =>
      eb.and([
        eb("users.active", "=", true),
        eb("users.name", "like", `a%${i % 7}`),
        eb("orders.status", "in", ["paid", "shipped"]),
        eb("orders.total", ">", String(10 + (i % 5))),
        eb("order_items.quantity", "<", 100),
        eb("products.price", ">", "1.00"),
      ]),
    )
    .orderBy("orders.id", "desc")
    .limit(20)
    .compile();
}

// --- Drizzle --------------------------------------------------------------------------

const dUsers = pgTable("users", {
  id: integer("id").primaryKey(),
  name: varchar("name", { length: 50 }).notNull(),
  email: varchar("email", { length: 100 }),
  active: boolean("active").notNull(),
});
const dOrders = pgTable("orders", {
  id: integer("id").primaryKey(),
  userId: integer("user_id").notNull(),
  status: varchar("status", { length: 20 }).notNull(),
  total: numeric("total", { precision: 10, scale: 2 }),
});
const dItems = pgTable("order_items", {
  id: integer("id").primaryKey(),
  orderId: integer("order_id").notNull(),
  productId: integer("product_id").notNull(),
  quantity: integer("quantity").notNull(),
});
const dProducts = pgTable("products", {
  id: integer("id").primaryKey(),
  sku: varchar("sku", { length: 20 }).notNull(),
  price: numeric("price", { precision: 10, scale: 2 }).notNull(),
});
const qb = new QueryBuilder();

export function drizzle(i: number) {
  return qb
    .select({
      name: dUsers.name,
      id: dOrders.id,
      total: dOrders.total,
      sku: dProducts.sku,
      quantity: dItems.quantity,
    })
    .from(dUsers)
    .innerJoin(dOrders, eq(dOrders.userId, dUsers.id))
    .innerJoin(dItems, eq(dItems.orderId, dOrders.id))
    .innerJoin(dProducts, eq(dProducts.id, dItems.productId))
    .where(
      and(
        eq(dUsers.active, true),
        like(dUsers.name, `a%${i % 7}`),
        inArray(dOrders.status, ["paid", "shipped"]),
        gt(dOrders.total, String(10 + (i % 5))),
        lt(dItems.quantity, 100),
        gt(dProducts.price, "1.00"),
      ),
    )
    .orderBy(desc(dOrders.id))
    .limit(20)
    .toSQL();
}
