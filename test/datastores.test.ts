import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { springTemplate } from "../src/model/datastores/config-files.js";
import { maskSecrets, normalizeHost, parseDsn } from "../src/model/datastores/dsn.js";

const repo = join(import.meta.dirname, "..");

describe("parseDsn", () => {
  it("reads the Go MySQL driver's DSN", () => {
    expect(parseDsn("app:s3cr@t@tcp(mysql-main.data:3307)/shop?parseTime=true", "mysql")).toEqual({ kind: "mysql", endpoints: [{ host: "mysql-main.data", port: 3307 }], database: "shop", user: "app" });
    expect(parseDsn("app@tcp(db)/shop", "mysql")?.endpoints).toEqual([{ host: "db", port: 3306 }]);
    expect(parseDsn("/shop", "mysql")?.endpoints).toEqual([{ host: "localhost", port: 3306 }]);
  });
  it("reads URLs of every kind, filling default ports", () => {
    expect(parseDsn("mysql://u:p@db.example.com/shop")).toMatchObject({ kind: "mysql", endpoints: [{ host: "db.example.com", port: 3306 }], database: "shop" });
    expect(parseDsn("postgresql://u:p%40ss@pg:6432/orders?sslmode=require")).toMatchObject({ kind: "postgresql", endpoints: [{ host: "pg", port: 6432 }], database: "orders" });
    expect(parseDsn("jdbc:postgresql://pg.data.svc.cluster.local/orders")).toMatchObject({ kind: "postgresql", database: "orders" });
    expect(parseDsn("redis://cache:6380/2")).toMatchObject({ kind: "redis", endpoints: [{ host: "cache", port: 6380 }], database: "2" });
    expect(parseDsn("rediss://:pw@cache")).toMatchObject({ database: "0", endpoints: [{ host: "cache", port: 6379 }] });
  });
  it("reads MongoDB replica lists and SRV names", () => {
    expect(parseDsn("mongodb://u:p@m1:27017,m2:27018,m3/catalog?replicaSet=rs0")).toMatchObject({
      kind: "mongodb", database: "catalog",
      endpoints: [{ host: "m1", port: 27017 }, { host: "m2", port: 27018 }, { host: "m3", port: 27017 }],
    });
    expect(parseDsn("mongodb+srv://u:p@cluster0.abcde.mongodb.net/app")).toMatchObject({ endpoints: [{ host: "cluster0.abcde.mongodb.net", port: 0 }], database: "app" });
  });
  it("reads libpq key=value strings and bare host:port", () => {
    expect(parseDsn("host=pg port=5433 dbname=billing user=billing password='a b'", "postgresql")).toEqual({ kind: "postgresql", endpoints: [{ host: "pg", port: 5433 }], database: "billing", user: "billing" });
    expect(parseDsn("cache.data:6379", "redis")).toEqual({ kind: "redis", endpoints: [{ host: "cache.data", port: 6379 }], database: "0" });
    expect(parseDsn("hello world", "postgresql")).toBeUndefined();
    expect(parseDsn("https://api.example.com/v1")).toBeUndefined();
  });
});

describe("parseDsn: Prisma URLs", () => {
  it("reads SQL Server's JDBC-shaped URL and tells PostgreSQL schemas apart", () => {
    expect(parseDsn("sqlserver://mssql.data:1433;database=shop;user=sa;password=x;encrypt=true")).toMatchObject({ kind: "sqlserver", endpoints: [{ host: "mssql.data", port: 1433 }], database: "shop" });
    expect(parseDsn("postgresql://app@pg:5432/shop?schema=orders")).toMatchObject({ database: "shop.orders" });
    expect(parseDsn("postgresql://app@pg:5432/shop?schema=public")?.database).toBe("shop");
    expect(parseDsn("jdbc:postgresql://pg/shop?currentSchema=billing")?.database).toBe("shop.billing");
    // The database alone, for a Prisma multi-schema datasource whose `schemas` list wins over `?schema=`.
    expect(parseDsn("postgresql://app@pg:5432/shop?schema=orders")?.catalog).toBe("shop");
  });
});

describe("springTemplate", () => {
  const loc = { file: "application.yml", line: 3, column: 1, endLine: 3, endColumn: 1 };
  it("reads placeholders whose default holds placeholders", () => {
    expect(springTemplate("${DB_URL:jdbc:mysql://${DB_HOST:db}:${DB_PORT:3306}/shop}", loc)).toEqual([
      { env: "DB_URL", loc, default: [{ text: "jdbc:mysql://" }, { env: "DB_HOST", loc, default: [{ text: "db" }] }, { text: ":" }, { env: "DB_PORT", loc, default: [{ text: "3306" }] }, { text: "/shop" }] },
    ]);
  });
  it("keeps other properties unknown and text around placeholders as text", () => {
    expect(springTemplate("${vcap.services.db.credentials.jdbcUrl:jdbc:h2:mem:x}", loc)).toEqual([{ unknown: "${vcap.services.db.credentials.jdbcUrl:jdbc:h2:mem:x}" }]);
    expect(springTemplate("jdbc:postgresql://${PGHOST}/app?x=${", loc)).toEqual([{ text: "jdbc:postgresql://" }, { env: "PGHOST", loc }, { text: "/app?x=${" }]);
    expect(springTemplate("${DB_NAME:}", loc)).toEqual([{ env: "DB_NAME", loc, default: [] }]);
  });
});

describe("normalizeHost", () => {
  it("makes the in-cluster spellings of one Service equal", () => {
    const forms = ["mysql-main.data.svc.cluster.local", "mysql-main.data.svc", "mysql-main.data"].map((h) => normalizeHost(h, "shop"));
    expect(new Set([...forms, normalizeHost("mysql-main", "data")])).toEqual(new Set(["mysql-main.data"]));
    expect(normalizeHost("mysql", undefined)).toBe("mysql");
  });
});

describe("maskSecrets", () => {
  it("never shows a password", () => {
    expect(maskSecrets("postgres://orders:hunter2@pg/orders")).toBe("postgres://orders:****@pg/orders");
    expect(maskSecrets("app:hunter2@tcp(db:3306)/shop")).toBe("app:****@tcp(db:3306)/shop");
    expect(maskSecrets("host=pg password=hunter2 dbname=x")).toBe("host=pg password=**** dbname=x");
  });
});

describe("archlint tables", () => {
  it("prints the shop's access matrix with owners and the cross-access rate", () => {
    const r = spawnSync(process.execPath, [join(repo, "bin", "archlint.js"), "tables", join(repo, "fixtures", "repos", "shop"), "--format", "json"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const rows = (JSON.parse(r.stdout) as { tables: Array<{ table: string; owner?: string; readers: string[]; crossAccessRate: number; database?: string }> }).tables;
    const reservations = rows.find((t) => t.table === "reservations")!;
    expect(reservations).toMatchObject({ owner: "inventory", readers: ["inventory", "payments"], database: "MySQL mysql-main.data:3306/shop" });
    expect(reservations.crossAccessRate).toBeCloseTo(1 / 6, 2);
    expect(rows.map((t) => t.table)).not.toContain("countries");
  });
});
