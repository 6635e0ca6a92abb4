import { beforeAll, describe, expect, it } from "vitest";
import type { CallFact, CompositeFact, FileFacts, OrmEntityFact } from "../src/extract/facts.js";
import { loadGoExtractor, type GoExtractor } from "../src/extract/go/index.js";
import { loadTsExtractor, type TsExtractor } from "../src/extract/ts/index.js";

let ts: TsExtractor;
let go: GoExtractor;

beforeAll(async () => {
  ts = await loadTsExtractor();
  go = await loadGoExtractor();
});

const entities = (r: FileFacts) =>
  r.facts.filter((f): f is OrmEntityFact => f.kind === "orm-entity").map((e) => ({ orm: e.orm, name: e.name, table: e.table, line: e.loc.line }));
const calls = (r: FileFacts) => r.facts.filter((f): f is CallFact => f.kind === "call");

describe("ORM entities in TS/JS", () => {
  it("reads TypeORM @Entity and @ViewEntity names, with a schema", () => {
    const r = ts(
      "a.ts",
      [
        'import { Entity, ViewEntity, PrimaryColumn } from "typeorm";',
        '@Entity("orders") export class Order { @PrimaryColumn() id!: string }',
        '@Entity({ name: "order_lines", schema: "sales" }) export class OrderLine {}',
        '@Entity("refunds", { schema: "pay", database: "money" }) export class Refund {}',
        '@ViewEntity({ name: "order_totals", expression: "SELECT 1" }) export class OrderTotal {}',
        "@Entity() export class Derived {}",
        "@Entity({ synchronize: false }) export class AlsoDerived {}",
      ].join("\n"),
    );
    expect(entities(r)).toEqual([
      { orm: "typeorm", name: "Order", table: "orders", line: 2 },
      { orm: "typeorm", name: "OrderLine", table: "sales.order_lines", line: 3 },
      { orm: "typeorm", name: "Refund", table: "money.pay.refunds", line: 4 },
      { orm: "typeorm", name: "OrderTotal", table: "order_totals", line: 5 },
    ]);
  });

  it("needs the decorator to come from the ORM's package", () => {
    const r = ts("a.ts", 'import { Entity } from "./my-decorators";\n@Entity("orders") export class Order {}\n');
    expect(entities(r)).toEqual([]);
    const ns = ts("b.ts", 'import * as orm from "typeorm";\n@orm.Entity("orders") export class Order {}\n');
    expect(entities(ns)).toEqual([{ orm: "typeorm", name: "Order", table: "orders", line: 2 }]);
  });

  it("reads MikroORM and sequelize-typescript decorators", () => {
    const r = ts(
      "a.ts",
      [
        'import { Entity as E } from "@mikro-orm/core";',
        'import { Table, Model } from "sequelize-typescript";',
        'const T = "invoices";',
        '@E({ tableName: "orders" }) export class Order {}',
        "@Table({ tableName: T }) export class Invoice extends Model {}",
        '@Table({ modelName: "x" }) export class NoName extends Model {}',
      ].join("\n"),
    );
    expect(entities(r)).toEqual([
      { orm: "mikro-orm", name: "Order", table: "orders", line: 4 },
      { orm: "sequelize", name: "Invoice", table: "invoices", line: 5 },
    ]);
  });

  it("reads Sequelize define and init, and Objection tableName", () => {
    const r = ts(
      "a.js",
      [
        'const { Model, DataTypes } = require("sequelize");',
        'const Order = sequelize.define("Order", { id: DataTypes.UUID }, { tableName: "orders" });',
        'const Frozen = sequelize.define("ledger", {}, { freezeTableName: true });',
        'const Plural = sequelize.define("Thing", {});',
        "class Invoice extends Model {}",
        'Invoice.init({}, { sequelize, tableName: "invoices" });',
        'Other.init({}, { tableName: "nope" });',
        'class Refund extends BaseModel { static tableName = "refunds"; }',
        'class Payout extends BaseModel { static get tableName() { return "payouts"; } }',
        'class NotAModel { static tableName = "plain"; }',
      ].join("\n"),
    );
    expect(entities(r)).toEqual([
      { orm: "sequelize", name: "Order", table: "orders", line: 2 },
      { orm: "sequelize", name: "Frozen", table: "ledger", line: 3 },
      { orm: "sequelize", name: "Invoice", table: "invoices", line: 6 },
      { orm: "objection", name: "Refund", table: "refunds", line: 8 },
      { orm: "objection", name: "Payout", table: "payouts", line: 9 },
    ]);
  });

  it("binds a decorated parameter or property to the decorator call", () => {
    const r = ts(
      "a.ts",
      [
        "class S {",
        "  @InjectRepository(Invoice) invoices!: Repository<Invoice>;",
        "  constructor(@InjectRepository(Order) private readonly orders: Repository<Order>, @Inject(X) plain: X) {}",
        "}",
      ].join("\n"),
    );
    expect(calls(r).map((c) => [c.callee, c.assignedTo, c.args[0]?.kind === "unknown" ? c.args[0].text : undefined])).toEqual([
      ["InjectRepository", "this.invoices", "Invoice"],
      ["InjectRepository", "this.orders", "Order"],
      ["Inject", "plain", "X"],
    ]);
  });
});

describe("ORM entities in Go", () => {
  it("reads GORM TableName methods with value and pointer receivers", () => {
    const r = go(
      "m.go",
      [
        "package models",
        "type Order struct{ ID uint }",
        'func (Order) TableName() string { return "orders" }',
        'func (i *Invoice) TableName() string {\n\treturn "billing.invoices"\n}',
        "func (r Refund) TableName() string { return tableRefunds }",
        'func (p Payout) TableName(x int) string { return "payouts" }',
        'func (p Payout) Name() string { return "payouts" }',
      ].join("\n"),
    );
    expect(entities(r)).toEqual([
      { orm: "gorm", name: "Order", table: "orders", line: 3 },
      { orm: "gorm", name: "Invoice", table: "billing.invoices", line: 4 },
    ]);
  });

  it("records local-type composite literals passed to calls", () => {
    const r = go(
      "r.go",
      [
        "package repo",
        "func save(db *gorm.DB) {",
        '\tdb.Create(&Order{ID: 1, Status: "new"})',
        "\tdb.Model(&models.Invoice{}).Update(\"paid\", true)",
        "\tx := Order{ID: 2}",
        "\t_ = x",
        "}",
      ].join("\n"),
    );
    const lits = r.facts.filter((f): f is CompositeFact => f.kind === "composite").map((c) => [c.type, c.loc.line, c.loc.column]);
    expect(lits).toEqual([
      ["Order", 3, 13],
      ["models.Invoice", 4, 12],
    ]);
    const create = calls(r).find((c) => c.callee === "db.Create")!;
    expect(create.args[0]!.loc.column).toBe(13);
  });
});
