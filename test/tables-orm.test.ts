import { beforeAll, describe, expect, it } from "vitest";
import { extractPrisma } from "../src/extract/prisma/index.js";
import { loadGoExtractor, type GoExtractor } from "../src/extract/go/index.js";
import { loadTsExtractor, type TsExtractor } from "../src/extract/ts/index.js";
import { ormAccesses } from "../src/model/tables/orm.js";
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
});
