import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConfigEntryFact, OrmEntityFact } from "../src/extract/facts.js";
import { extractPrisma } from "../src/extract/prisma/index.js";
import { parseSchema } from "../src/extract/prisma/parse.js";
import { run } from "../src/run.js";

const FILE = "services/orders/prisma/schema.prisma";

const SCHEMA = `// The orders service's schema.
generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["multiSchema", "views"]
}

/// Main database.
datasource db {
  provider  = "postgresql"
  url       = env("DATABASE_URL") // from the deployment
  directUrl = env("DIRECT_URL")
  schemas   = ["sales", "public"]
}

model Order {
  id        Int       @id @default(autoincrement())
  customer  Customer  @relation(fields: [customerId], references: [id], onDelete: Cascade)
  customerId Int
  total     Decimal   @db.Decimal(10, 2)
  note      String?   @map("note_text") @db.VarChar(255)
  tags      String[]
  shape     Unsupported("circle")?
  createdAt DateTime  @default(now())

  @@map("orders")
  @@index([customerId, createdAt(sort: Desc)])
  @@schema("sales")
}

model Customer {
  id     Int     @id
  email  String  @unique
  orders Order[]
  @@schema("public")
}

enum Status {
  OPEN
  PAID    @map("paid")
  @@map("order_status")
}

view OrderTotals {
  customerId Int     @unique
  total      Decimal
  @@map(name: "order_totals")
}

type Address {
  street String
}
`;

describe("extractPrisma", () => {
  it("emits the datasource settings, env() as an env value", () => {
    const r = extractPrisma(FILE, SCHEMA);
    expect(r.parseError).toBeUndefined();
    const entries = r.facts.filter((f): f is ConfigEntryFact => f.kind === "config-entry");
    expect(entries.map((e) => [e.key, e.loc.line, e.value.kind])).toEqual([
      ["datasource.db.provider", 9, "string"],
      ["datasource.db.url", 10, "env"],
      ["datasource.db.directUrl", 11, "env"],
      ["datasource.db.schemas", 12, "array"],
    ]);
    expect(entries[0]!.value).toMatchObject({ kind: "string", value: "postgresql", loc: { line: 9, column: 15 } });
    expect(entries[0]!.value.kind === "string" && entries[0]!.value.segments[0]).toMatchObject({ text: "postgresql", line: 9, column: 16 });
    expect(entries[1]!.value).toMatchObject({ kind: "env", name: "DATABASE_URL", loc: { file: FILE, line: 10, column: 15 } });
    expect(entries[2]!.value).toMatchObject({ kind: "env", name: "DIRECT_URL" });
  });

  it("emits one orm-entity per model and view, the table from @@map when there is one", () => {
    const entities = extractPrisma(FILE, SCHEMA).facts.filter((f): f is OrmEntityFact => f.kind === "orm-entity");
    expect(entities.map((e) => [e.name, e.table, e.explicit, e.loc.line])).toEqual([
      ["Order", "orders", true, 15],
      ["Customer", "Customer", false, 30],
      ["OrderTotals", "order_totals", true, 43],
    ]);
    expect(entities[0]!.orm).toBe("prisma");
  });

  it("parses field types, attributes with named arguments, enums and composite types", () => {
    const { blocks, error } = parseSchema(SCHEMA);
    expect(error).toBeUndefined();
    expect(blocks.map((b) => `${b.keyword} ${b.name}`)).toEqual(["generator client", "datasource db", "model Order", "model Customer", "enum Status", "view OrderTotals", "type Address"]);
    const order = blocks[2]!;
    expect(order.members.map((m) => `${m.name}:${m.type}`)).toEqual([
      "id:Int", "customer:Customer", "customerId:Int", "total:Decimal", "note:String", "tags:String", "shape:Unsupported", "createdAt:DateTime",
    ]);
    expect(order.members[1]!.attributes[0]).toMatchObject({ name: "relation", args: [{ name: "fields" }, { name: "references" }, { name: "onDelete", value: { kind: "path", name: "Cascade" } }] });
    expect(order.members[4]!.attributes.map((a) => a.name)).toEqual(["map", "db.VarChar"]);
    expect(order.attributes.map((a) => a.name)).toEqual(["map", "index", "schema"]);
    expect(blocks[4]!.members.map((m) => m.name)).toEqual(["OPEN", "PAID"]);
  });

  it("reads string escapes and a literal url", () => {
    const r = extractPrisma(FILE, 'datasource db {\n  provider = "mysql"\n  url = "mysql://u:p\\"w@db:3306/shop"\n}\n');
    const url = r.facts.find((f): f is ConfigEntryFact => f.kind === "config-entry" && f.key === "datasource.db.url")!;
    expect(url.value).toMatchObject({ kind: "string", value: 'mysql://u:p"w@db:3306/shop' });
  });

  it("gives a parse error with its line, keeping the blocks before it", () => {
    const broken = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n\nmodel Order {\n  id Int @id\n  total = 3\n}\n';
    const r = extractPrisma(FILE, broken);
    expect(r.parseError).toMatchObject({ line: 8, column: 9 });
    expect(r.parseError!.message).toMatch(/Prisma schema syntax error/);
    expect(r.facts.map((f) => f.kind)).toEqual(["config-entry", "config-entry"]);
  });

  it("reports unterminated strings, unclosed blocks and unknown blocks", () => {
    expect(extractPrisma(FILE, 'datasource db {\n  url = "postgres://x\n}\n').parseError).toMatchObject({ line: 2, column: 9 });
    expect(extractPrisma(FILE, "model A {\n  id Int @id\n").parseError).toMatchObject({ line: 3, message: expect.stringMatching(/'}'/) });
    expect(extractPrisma(FILE, "table A {\n}\n").parseError).toMatchObject({ line: 1, column: 1 });
  });

  it("a broken schema is a parse-error finding and the run goes on", async () => {
    const root = mkdtempSync(join(tmpdir(), "archlint-prisma-"));
    try {
      mkdirSync(join(root, "prisma"));
      writeFileSync(join(root, "package.json"), '{ "name": "orders" }\n');
      writeFileSync(join(root, "prisma", "schema.prisma"), "model Order {\n  id Int @id\n  total = 3\n}\n");
      writeFileSync(join(root, "db.ts"), 'import { Pool } from "pg";\nexport const q = (p: Pool) => p.query("SELECT * FROM orders");\n');
      writeFileSync(join(root, "archlint.yaml"), "extends: none\nrules:\n  select-star: error\n  parse-error: warning\n");
      const { report } = await run({ root });
      expect(report.findings.map((f) => `${f.location.file}:${f.location.line} ${f.ruleId}`)).toEqual(["db.ts:2 select-star", "prisma/schema.prisma:3 parse-error"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
