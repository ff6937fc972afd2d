// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
/* biome-ignore-all lint/suspicious/noShadowRestrictedNames: String, Boolean and JSON are SQLAlchemy's type names */
import {
  AddConstraint,
  ARRAY,
  BigInteger,
  Boolean,
  CheckConstraint,
  Column,
  CreateIndex,
  CreateSequence,
  CreateTable,
  CreateTableAs,
  CreateView,
  DateTime,
  Double,
  DropConstraint,
  DropIndex,
  DropTable,
  Enum,
  Float,
  ForeignKey,
  ForeignKeyConstraint,
  false_,
  func,
  Identity,
  Index,
  Integer,
  Interval,
  JSON,
  LargeBinary,
  MetaData,
  Numeric,
  Sequence,
  SetColumnComment,
  SetTableComment,
  SmallInteger,
  String,
  select,
  Table,
  Text,
  Time,
  text,
  Unicode,
  UnicodeText,
  UniqueConstraint,
  Uuid,
} from "@athanor/core";
import * as mysql from "@athanor/dialect-mysql";
import * as postgresql from "@athanor/dialect-postgresql";
import {
  addressTable,
  document,
  employee,
  invoice,
  orderLine,
  product,
  shipmentItem,
  userTable,
} from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "ddl.types.01": () => {
    const md = new MetaData();
    const tbl = new Table("t_int", md, {
      id: new Column(Integer, { primaryKey: true }),
      big: new Column(BigInteger),
      small: new Column(SmallInteger),
    });
    return new CreateTable(tbl);
  },

  "ddl.types.03": () => {
    const md = new MetaData();
    const tbl = new Table("t_text", md, {
      body: new Column(Text),
      title: new Column(Unicode(200)),
      notes: new Column(UnicodeText),
    });
    return new CreateTable(tbl);
  },

  "ddl.types.06": () => {
    const md = new MetaData();
    const tbl = new Table("t_tz", md, {
      ts: new Column(DateTime({ timezone: true })),
      t: new Column(Time({ timezone: true })),
    });
    return new CreateTable(tbl);
  },

  "ddl.types.07": () => {
    const md = new MetaData();
    const tbl = new Table("t_interval", md, { span: new Column(Interval) });
    return new CreateTable(tbl);
  },

  "ddl.types.08": () => {
    const md = new MetaData();
    const tbl = new Table("t_num", md, {
      price: new Column(Numeric(10, 2)),
      ratio: new Column(Numeric),
      whole: new Column(Numeric(12)),
    });
    return new CreateTable(tbl);
  },

  "ddl.types.09": () => {
    const md = new MetaData();
    const tbl = new Table("t_float", md, { f: new Column(Float), dbl: new Column(Double) });
    return new CreateTable(tbl);
  },

  "ddl.types.11": () => {
    const md = new MetaData();
    const tbl = new Table("t_blob", md, {
      data: new Column(LargeBinary),
      thumb: new Column(LargeBinary(1024)),
    });
    return new CreateTable(tbl);
  },

  "ddl.types.13": () => {
    const md = new MetaData();
    const tbl = new Table("t_enum_nn", md, {
      size: new Column(
        Enum(["S", "M", "L"], { name: "shirt_size", nativeEnum: false, createConstraint: true }),
      ),
    });
    return new CreateTable(tbl);
  },

  "ddl.types.15": () => {
    const md = new MetaData();
    const tbl = new Table("t_json", md, { payload: new Column(JSON, { nullable: false }) });
    return new CreateTable(tbl);
  },

  "ddl.types.16": () => {
    const md = new MetaData();
    const tbl = new Table("t_uuid", md, {
      id: new Column(Uuid, { primaryKey: true }),
      ref: new Column(Uuid({ asUuid: false })),
    });
    return new CreateTable(tbl);
  },

  "ddl.types.17": () => {
    const md = new MetaData();
    const tbl = new Table("t_array", md, {
      tags: new Column(ARRAY(String(20))),
      grid: new Column(ARRAY(Integer, { dimensions: 2 })),
    });
    return new CreateTable(tbl);
  },

  "ddl.types.19": () => {
    const md = new MetaData();
    const tbl = new Table("t_coll", md, { name: new Column(String(50, { collation: "utf8mb4_bin" })) });
    return new CreateTable(tbl);
  },

  "ddl.types.20": () => {
    const md = new MetaData();
    const tbl = new Table("t_dialect", md, {
      doc: new Column(postgresql.JSONB),
      tiny: new Column(mysql.TINYINT({ unsigned: true })),
    });
    return new CreateTable(tbl);
  },

  "ddl.types.21": () => {
    const md = new MetaData();
    const tbl = new Table("t_variant", md, {
      data: new Column(JSON().withVariant(postgresql.JSONB(), "postgresql").withVariant(Text(), "sqlite")),
    });
    return new CreateTable(tbl);
  },

  "ddl.table.01": () => new CreateTable(userTable),

  "ddl.table.03": () => new CreateTable(orderLine),

  "ddl.table.04": () => new CreateTable(shipmentItem),

  "ddl.table.05": () => new CreateTable(employee),

  "ddl.table.08": () => {
    const md = new MetaData();
    const tbl = new Table("t_defaults", md, {
      id: new Column(Integer, { primaryKey: true }),
      status: new Column(String(10), { serverDefault: "new" }),
      qty: new Column(Integer, { serverDefault: text("0") }),
      created: new Column(DateTime, { serverDefault: func.current_timestamp() }),
      flag: new Column(Boolean, { serverDefault: false_() }),
    });
    return new CreateTable(tbl);
  },

  "ddl.table.09": () => {
    const md = new MetaData();
    const tbl = new Table("t_bigpk", md, {
      id: new Column(BigInteger, { primaryKey: true }),
      v: new Column(Integer),
    });
    return new CreateTable(tbl);
  },

  "ddl.table.10": () => {
    const md = new MetaData();
    const tbl = new Table("t_ident", md, {
      id: new Column(Integer, { primaryKey: true, identity: new Identity() }),
      v: new Column(String(10)),
    });
    return new CreateTable(tbl);
  },

  "ddl.table.11": () => {
    const md = new MetaData();
    const tbl = new Table("t_ident2", md, {
      id: new Column(BigInteger, {
        primaryKey: true,
        identity: new Identity({ always: true, start: 100, increment: 10, minvalue: 100, cycle: false }),
      }),
    });
    return new CreateTable(tbl);
  },

  "ddl.table.14": () => {
    const md = new MetaData();
    const tbl = new Table(
      "t_tc",
      md,
      { id: new Column(Integer) },
      { comment: "Users of the app", schema: "dbo" },
    );
    return new SetTableComment(tbl);
  },

  "ddl.table.15": () => {
    const md = new MetaData();
    const tbl = new Table(
      "t_cc",
      md,
      { id: new Column(Integer, { comment: "the user's id" }) },
      { schema: "dbo" },
    );
    return new SetColumnComment(tbl.c.id);
  },

  "ddl.table.16": () => {
    const md = new MetaData();
    const tbl = new Table(
      "t_opts",
      md,
      {
        id: new Column(Integer, { primaryKey: true }),
        v: new Column(String(10)),
      },
      { mysqlEngine: "InnoDB", mysqlCharset: "utf8mb4", sqliteAutoincrement: true },
    );
    return new CreateTable(tbl);
  },

  "ddl.table.17": () => {
    const md = new MetaData();
    const tbl = new Table("t_ine", md, { id: new Column(Integer, { primaryKey: true }) });
    return new CreateTable(tbl, { ifNotExists: true });
  },

  "ddl.table.19": () => new DropTable(invoice, { ifExists: true }),

  "ddl.constraint.03": () => {
    const md = new MetaData();
    new Table("parent", md, { id: new Column(Integer, { primaryKey: true }) });
    const tbl = new Table("child", md, {
      id: new Column(Integer, { primaryKey: true }),
      parent_id: new Column(new ForeignKey("parent.id", { ondelete: "CASCADE", onupdate: "SET NULL" })),
    });
    return new CreateTable(tbl);
  },

  "ddl.constraint.05": () => {
    const md = new MetaData();
    new Table("account", md, { id: new Column(Integer, { primaryKey: true }) }, { schema: "finance" });
    const tbl = new Table("entry", md, {
      id: new Column(Integer, { primaryKey: true }),
      account_id: new Column(new ForeignKey("finance.account.id")),
    });
    return new CreateTable(tbl);
  },

  "ddl.constraint.06": () => {
    const md = new MetaData();
    new Table("a", md, {
      x: new Column(Integer, { primaryKey: true }),
      y: new Column(Integer, { primaryKey: true }),
    });
    const tbl = new Table(
      "b",
      md,
      { x: new Column(Integer), y: new Column(Integer) },
      {
        constraints: [
          new ForeignKeyConstraint(["x", "y"], ["a.x", "a.y"], { ondelete: "RESTRICT", match: "FULL" }),
        ],
      },
    );
    return new CreateTable(tbl);
  },

  "ddl.constraint.07": () => {
    const md = new MetaData({
      namingConvention: {
        ix: "ix_%(column_0_label)s",
        uq: "uq_%(table_name)s_%(column_0_name)s",
        ck: "ck_%(table_name)s_%(constraint_name)s",
        fk: "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        pk: "pk_%(table_name)s",
      },
    });
    new Table("team", md, { id: new Column(Integer, { primaryKey: true }) });
    const tbl = new Table(
      "player",
      md,
      {
        id: new Column(Integer, { primaryKey: true }),
        team_id: new Column(new ForeignKey("team.id")),
        email: new Column(String(80), { unique: true }),
        score: new Column(Integer),
      },
      { constraints: [new CheckConstraint("score >= 0", { name: "score_positive" })] },
    );
    return new CreateTable(tbl);
  },

  "ddl.constraint.09": () => {
    const uq = new UniqueConstraint(userTable.c.name, { name: "uq_user_name" });
    userTable.appendConstraint(uq);
    return new AddConstraint(uq);
  },

  "ddl.constraint.10": () => {
    const fk = new ForeignKeyConstraint(["customer_id"], ["user_account.id"], {
      name: "fk_inv_customer",
      ondelete: "CASCADE",
    });
    invoice.appendConstraint(fk);
    return new AddConstraint(fk);
  },

  "ddl.constraint.12": () => {
    const uq = new UniqueConstraint(userTable.c.fullname, { name: "uq_fullname" });
    userTable.appendConstraint(uq);
    return new DropConstraint(uq);
  },

  "ddl.constraint.13": () => {
    const fk = new ForeignKeyConstraint(["user_id"], ["user_account.id"], { name: "fk_addr_user" });
    addressTable.appendConstraint(fk);
    return new DropConstraint(fk, { cascade: true });
  },

  "ddl.index.01": () => new CreateIndex(new Index("ix_user_name", userTable.c.name)),

  "ddl.index.02": () =>
    new CreateIndex(new Index("ux_emp_dept_name", employee.c.dept_id, employee.c.name, { unique: true })),

  "ddl.index.05": () =>
    new CreateIndex(
      new Index("ix_active_emp", employee.c.name, { postgresqlWhere: employee.c.active.eq(true) }),
    ),

  "ddl.index.06": () =>
    new CreateIndex(new Index("ix_stock", product.c.sku, { sqliteWhere: product.c.in_stock.eq(true) })),

  "ddl.index.07": () =>
    new CreateIndex(
      new Index("ix_emp_mgr", employee.c.manager_id, {
        mssqlWhere: employee.c.manager_id.ne(null),
        mssqlInclude: ["name"],
      }),
    ),

  "ddl.index.08": () =>
    new CreateIndex(
      new Index("ix_doc_data", document.c.data, { postgresqlUsing: "gin", postgresqlInclude: ["title"] }),
    ),

  "ddl.index.09": () =>
    new CreateIndex(
      new Index("ix_doc_title", document.c.title, { mysqlLength: 20, mysqlPrefix: "FULLTEXT" }),
    ),

  "ddl.index.10": () => new CreateIndex(new Index("ix_invoice_customer", invoice.c.customer_id)),

  "ddl.index.11": () =>
    new CreateIndex(new Index("ix_prod_name", product.c.name, { postgresqlConcurrently: true }), {
      ifNotExists: true,
    }),

  "ddl.index.12": () => {
    const md = new MetaData({ namingConvention: { ix: "ix_%(table_name)s_%(column_0_name)s" } });
    const tbl = new Table("t_conv", md, { code: new Column(String(10)) });
    const idx = new Index(null, tbl.c.code);
    return new CreateIndex(idx);
  },

  "ddl.index.13": () => new DropIndex(new Index("ix_user_name", userTable.c.name)),

  "ddl.index.14": () => new DropIndex(new Index("ix_invoice_amount", invoice.c.amount), { ifExists: true }),

  "ddl.sequence.02": () =>
    new CreateSequence(
      new Sequence("inv_seq", {
        start: 1000,
        increment: 5,
        minvalue: 1000,
        maxvalue: 999999,
        cycle: true,
        cache: 20,
      }),
    ),

  "ddl.sequence.03": () =>
    new CreateSequence(new Sequence("audit_seq", { schema: "billing" }), { ifNotExists: true }),

  "ddl.sequence.05": () => select(new Sequence("order_id_seq").nextValue()),

  "ddl.view.01": () =>
    new CreateView(select(userTable).where(userTable.c.name.like("%spongebob%")), "spongebob_view", {
      metadata: new MetaData(),
    }),

  "ddl.view.02": () =>
    new CreateTableAs(
      select(userTable.c.id, userTable.c.name).where(userTable.c.name.eq("squidward")),
      "squidward_users",
    ),

  "ddl.view.03": () =>
    select(product.c.id, product.c.name).where(product.c.in_stock).into("stocked_products"),
};
