import { beforeAll, describe, expect, it } from "vitest";
import { extractPrisma } from "../src/extract/prisma/index.js";
import { loadGoExtractor, type GoExtractor } from "../src/extract/go/index.js";
import { loadTsExtractor, type TsExtractor } from "../src/extract/ts/index.js";
import { ormAccesses } from "../src/model/tables/orm.js";
import { isSeedOrFactory } from "../src/model/tables/paths.js";
import type { ModelFile } from "../src/model/types.js";

let ts: TsExtractor;
let go: GoExtractor;

beforeAll(async () => {
  ts = await loadTsExtractor();
  go = await loadGoExtractor();
});

/** A model file of `service`, extracted by the extractor its extension calls for. */
function file(service: string | undefined, path: string, lines: string[], isTest = false): ModelFile {
  const text = lines.join("\n");
  const r = path.endsWith(".go") ? go(path, text) : path.endsWith(".prisma") ? extractPrisma(path, text) : ts(path, text);
  return { path, language: r.language, isTest, ...(service ? { service } : {}), facts: r.facts };
}

const summary = (files: ModelFile[]) =>
  ormAccesses(files).map((a) => `${a.service} ${a.file}:${a.line} ${a.statement} ${a.writes ? "w" : "r"} ${a.entity.table}`);

const orderEntity = (service: string, dir = `services/${service}/src`) =>
  file(service, `${dir}/order.entity.ts`, ['import { Entity } from "typeorm";', '@Entity("orders")', "export class Order {}"]);

describe("ORM accesses", () => {
  it("follows TypeORM repositories: injected, assigned, chained, and the entity manager", () => {
    const files = [
      orderEntity("orders"),
      file("orders", "services/orders/src/a.ts", [
        'import { Order } from "./order.entity";',
        "class S {",
        "  constructor(@InjectRepository(Order) private readonly repo: Repository<Order>, private ds: DataSource) {}",
        "  a() { return this.repo.save({}); }",
        "  b() { return this.ds.getRepository(Order).findOneBy({ id: 1 }); }",
        "  c() { return this.ds.manager.delete(Order, { id: 1 }); }",
        '  d() { return this.repo.createQueryBuilder("o").where("o.id = 1").getMany(); }',
        "  e() { return this.repo.metadata; }",
        "}",
        "const plain = AppDataSource.getRepository(Order);",
        "export const f = () => plain.softDelete(1).then(() => 1);",
      ]),
    ];
    expect(summary(files)).toEqual([
      "orders services/orders/src/a.ts:4 orm:save w orders",
      "orders services/orders/src/a.ts:5 orm:findOneBy r orders",
      "orders services/orders/src/a.ts:6 orm:delete w orders",
      "orders services/orders/src/a.ts:7 orm:getMany r orders",
      "orders services/orders/src/a.ts:11 orm:softDelete w orders",
    ]);
  });

  it("counts a mapping no call uses as a read at the declaration, and skips test files", () => {
    const files = [
      orderEntity("billing"),
      file("billing", "services/billing/src/order.entity.test.ts", ['import { Entity } from "typeorm";', '@Entity("audit") class Audit {}'], true),
      file("billing", "services/billing/src/x.test.ts", ['import { Order } from "./order.entity";', "Order.delete(1);"], true),
    ];
    expect(summary(files)).toEqual(["billing services/billing/src/order.entity.ts:2 orm:entity r orders"]);
  });

  it("resolves an entity through a relative import into another folder, and never by a name alone", () => {
    const files = [
      orderEntity("orders"),
      file("billing", "services/billing/src/a.ts", [
        'import { Order as O } from "../../orders/src/order.entity.js";',
        "export const a = (ds) => ds.getRepository(O).find();",
      ]),
      // No import and no entity of its own named Order: not resolved.
      file("shipping", "services/shipping/src/a.ts", ["export const a = (ds) => ds.getRepository(Order).find();"]),
    ];
    expect(summary(files)).toEqual([
      "billing services/billing/src/a.ts:2 orm:find r orders",
      "orders services/orders/src/order.entity.ts:2 orm:entity r orders",
    ]);
  });

  it("resolves a package import to an entity of no service or of the importing service only", () => {
    const files = [
      file(undefined, "libs/db/src/order.entity.ts", ['import { Entity } from "typeorm";', '@Entity("orders")', "export class Order {}"]),
      file(undefined, "libs/db/src/refund.entity.ts", ['import { Entity } from "typeorm";', '@Entity("refunds")', "export class Refund {}"]),
      file("orders", "services/orders/src/refund.entity.ts", ['import { Entity } from "typeorm";', '@Entity("orders_refunds")', "export class Refund {}"]),
      file("billing", "services/billing/src/a.ts", [
        'import { Order, Refund } from "@shop/db";',
        "export const a = (ds) => ds.getRepository(Order).find();",
        "export const b = (ds) => ds.getRepository(Refund).find();",
      ]),
    ];
    expect(summary(files)).toEqual([
      "billing services/billing/src/a.ts:2 orm:find r orders",
      "billing services/billing/src/a.ts:3 orm:find r refunds",
      "orders services/orders/src/refund.entity.ts:2 orm:entity r orders_refunds",
    ]);
  });

  it("follows Sequelize and Objection statics and injected models", () => {
    const files = [
      file("orders", "services/orders/src/m.js", [
        'const Order = sequelize.define("Order", {}, { tableName: "orders" });',
        "Order.bulkCreate([]);",
        "Order.findByPk(1).then((o) => o);",
        "Order.hasMany(Line);",
        'Order.sequelize.query("DELETE FROM x");',
      ]),
      file("billing", "services/billing/src/i.ts", [
        'import { Model } from "objection";',
        'class Invoice extends Model { static tableName = "invoices"; }',
        "Invoice.query().where({ a: 1 }).patch({ paid: true });",
        "Invoice.query().findById(1);",
        'Invoice.relatedQuery("lines").insert({});',
        "class S { constructor(@InjectModel(Invoice) private m: typeof Invoice) {} x() { return this.m.destroy({}); } }",
      ]),
    ];
    expect(summary(files)).toEqual([
      "orders services/orders/src/m.js:2 orm:bulkCreate w orders",
      "orders services/orders/src/m.js:3 orm:findByPk r orders",
      "billing services/billing/src/i.ts:3 orm:patch w invoices",
      "billing services/billing/src/i.ts:4 orm:findById r invoices",
      "billing services/billing/src/i.ts:6 orm:destroy w invoices",
    ]);
  });

  it("follows the Prisma client's model accessors of the service's own schema", () => {
    const schema = ["model OrderLine {", "  id Int @id", '  @@map("order_lines")', "}", "model Refund {", "  id Int @id", "}"];
    const files = [
      file("orders", "services/orders/prisma/schema.prisma", schema),
      file("orders", "services/orders/src/a.ts", [
        "prisma.orderLine.createMany({ data: [] });",
        "this.prisma.orderLine.findMany().then((x) => x);",
        "tx.refund.deleteMany();",
        "orderLine.create();",
        "prisma.orderLine.$queryRaw``;",
        "export const n = async () => (await prisma.orderLine.count()).toFixed();",
      ]),
      // Another service without the model in its schema: the accessor means nothing there.
      file("billing", "services/billing/src/a.ts", ["prisma.orderLine.create({ data: {} });"]),
    ];
    expect(summary(files)).toEqual([
      "orders services/orders/src/a.ts:1 orm:createMany w order_lines",
      "orders services/orders/src/a.ts:2 orm:findMany r order_lines",
      "orders services/orders/src/a.ts:3 orm:deleteMany w Refund",
      "orders services/orders/src/a.ts:6 orm:count r order_lines",
    ]);
  });

  it("follows GORM calls given a composite literal of an entity, in files that import GORM", () => {
    const models = file("orders", "services/orders/models/order.go", ["package models", "type Order struct{}", 'func (Order) TableName() string { return "orders" }']);
    const local = file("orders", "services/orders/models/repo.go", [
      "package models",
      'import "gorm.io/gorm"',
      "func a(db *gorm.DB) {",
      "\tdb.Where(\"id = ?\", 1).Delete(&Order{})",
      "\tdb.Model(&Order{}).Count(&n)",
      "\tdb.Model(&Order{}).Where(\"a\").Find(&out)",
      "\tjson.Marshal(&Order{})",
      "}",
    ]);
    const other = file("orders", "services/orders/store/s.go", [
      "package store",
      'import (\n\t"example.com/orders/models"\n\t"gorm.io/gorm"\n)',
      "func b(db *gorm.DB) { db.Save(&models.Order{ID: 1}) }",
    ]);
    const noGorm = file("orders", "services/orders/models/x.go", ["package models", "func c(s Saver) { s.Create(&Order{}) }"]);
    expect(summary([models, local, other, noGorm])).toEqual([
      "orders services/orders/models/repo.go:4 orm:Delete w orders",
      "orders services/orders/models/repo.go:5 orm:Count r orders",
      "orders services/orders/models/repo.go:6 orm:Find r orders",
      "orders services/orders/store/s.go:6 orm:Save w orders",
    ]);
  });

  it("reads GORM db.Table(\"…\") chains and entities behind a typed parameter", () => {
    const models = file("orders", "services/orders/model/order.go", ["package model", "type Order struct{}", 'func (Order) TableName() string { return "orders" }']);
    const store = file("orders", "services/orders/store/s.go", [
      "package store",
      'import (\n\t"example.com/orders/model"\n\t"gorm.io/gorm"\n)',
      "func a(db *gorm.DB, o *model.Order, rows []model.Order) {",
      "\tdb.Create(o)",
      "\tdb.Where(\"a\").Find(&rows)",
      "\tdb.Find(&local)",
      '\tdb.Table("order_items oi").Where("x").Update("a", 1)',
      '\tdb.Table("invoices").Count(&n)',
      '\tdb.Table(name).Count(&n)',
      '\tdb.Raw("SELECT 1").Scan(&n)',
      "}",
    ]);
    expect(summary([models, store])).toEqual([
      "orders services/orders/store/s.go:7 orm:Create w orders",
      "orders services/orders/store/s.go:8 orm:Find r orders",
      "orders services/orders/store/s.go:10 orm:Update w order_items",
      "orders services/orders/store/s.go:11 orm:Count r invoices",
    ]);
  });

  it("reads knex chains on proven knex instances only", () => {
    const db = file("ledger", "services/ledger/src/db.ts", ['import knex from "knex";', 'export const db = knex({ client: "pg" });']);
    const a = file("ledger", "services/ledger/src/a.ts", [
      'import type { Knex } from "knex";',
      'import { db } from "./db";',
      'db("entries as e").join("accounts", "a.id", "e.account_id").select("e.amount");',
      'db.insert({}).into("entries");',
      'db.transaction(async (trx) => { await trx("balances").increment("amount", 1); });',
      'class B { constructor(private readonly knex: Knex) {} x() { return this.knex.withSchema("acc").from("balances").first(); } }',
      'db.schema.createTable("audit", (t) => t.increments());',
      'db.raw("SELECT 1");',
      'db.with("recent", (q) => q.select("id")).from("recent").join("recent_x", "a", "b");',
      'other("entries").del();',
      'Array.from("entries");',
    ]);
    const js = file("reports", "services/reports/src/r.js", ['const k = require("knex")({});', 'k.from("entries").where("a", 1).del();']);
    expect(summary([db, a, js])).toEqual([
      "ledger services/ledger/src/a.ts:3 orm:select r entries",
      "ledger services/ledger/src/a.ts:3 orm:join r accounts",
      "ledger services/ledger/src/a.ts:4 orm:insert w entries",
      "ledger services/ledger/src/a.ts:5 orm:increment w balances",
      "ledger services/ledger/src/a.ts:6 orm:first r acc.balances",
      "ledger services/ledger/src/a.ts:7 orm:create w audit",
      "ledger services/ledger/src/a.ts:9 orm:join r recent_x",
      "reports services/reports/src/r.js:2 orm:del w entries",
    ]);
  });

  it("leaves Prisma accessors on clients of other packages, and seeds and factories, out", () => {
    const files = [
      file("billing", "services/billing/prisma/schema.prisma", ["model customers {", "  id Int @id", "}"]),
      file("billing", "services/billing/src/a.ts", [
        'import Stripe from "stripe";',
        'import { PrismaService } from "./prisma.service";',
        "const stripe = new Stripe(key);",
        "class S {",
        "  constructor(private readonly payments: Stripe, private readonly prisma: PrismaService) {}",
        "  a() { stripe.customers.create({}); this.payments.customers.update(1); }",
        "  b() { return this.prisma.customers.findMany(); }",
        "}",
      ]),
      file("billing", "services/billing/prisma/seed.ts", ["prisma.customers.createMany({ data: [] });"]),
      file("billing", "services/billing/src/seeds/demo.ts", ["prisma.customers.deleteMany();"]),
    ];
    expect(summary(files)).toEqual(["billing services/billing/src/a.ts:7 orm:findMany r customers"]);
  });

  it("resolves entities through a barrel folder and through a path alias into another service's library folder", () => {
    const lib = file("shop", "libs/database/src/entities/order.entity.ts", ['import { Entity } from "typeorm";', '@Entity("orders")', "export class Order {}"]);
    const files = [
      lib,
      file("orders", "apps/orders/src/a.ts", ['import { Order } from "@app/database";', "export const a = (ds) => ds.getRepository(Order).save({});"]),
      file("shop", "libs/database/src/b.ts", ['import { Order } from "./entities";', "export const b = (ds) => ds.getRepository(Order).count();"]),
      // The alias names another folder: not this entity.
      file("billing", "apps/billing/src/a.ts", ['import { Order } from "@app/contracts";', "export const c = (ds) => ds.getRepository(Order).find();"]),
    ];
    expect(summary(files)).toEqual([
      "orders apps/orders/src/a.ts:2 orm:save w orders",
      "shop libs/database/src/b.ts:2 orm:count r orders",
    ]);
    // Used only by other services, the library's declaration is no read of its own service.
    expect(summary([lib, files[1]!])).toEqual(["orders apps/orders/src/a.ts:2 orm:save w orders"]);
  });

  it("never resolves a name that is neither imported nor declared in the file", () => {
    const files = [
      file("orders", "services/orders/src/models/order.js", ['const Order = sequelize.define("Order", {}, { tableName: "orders" });', "Order.findAll();"]),
      // A domain class of the same name, declared here without an ORM: its `create` writes nothing.
      file("orders", "services/orders/src/domain/order.ts", ["export class Order { static create() { return new Order(); } static of() { return Order.create(); } }"]),
    ];
    expect(summary(files)).toEqual(["orders services/orders/src/models/order.js:2 orm:findAll r orders"]);
  });

  it("tells seed scripts and test-data helpers from service code", () => {
    const seeds = ["svc/prisma/seed.ts", "svc/src/database/seeds/1-users.ts", "svc/seeders/20240101-demo.js", "svc/src/orders.seed.ts", "svc/db/demo-seed.js", "svc/internal/testutil/rows.go", "svc/seed_data.go", "svc/src/UserSeeder.ts", "svc/test-data/factories/order.ts"];
    const code = ["svc/src/orders.ts", "svc/src/typeorm-config.factory.ts", "svc/src/seedling.ts", "svc/src/migrations/1700-init.ts", "svc/internal/store/seeding_test_helpers_not.go"];
    expect(seeds.filter((p) => !isSeedOrFactory(p))).toEqual([]);
    expect(code.filter(isSeedOrFactory)).toEqual([]);
  });
});
