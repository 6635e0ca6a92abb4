import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isSecretName, looksLikeSecretValue, mask } from "../src/detectors/config/secret-values.js";
import type { Value } from "../src/extract/facts.js";
import { parseEndpoint } from "../src/model/connections/endpoint.js";
import { run } from "../src/run.js";

/** A one-segment string value; `holes` are offsets where a non-literal part was. */
function str(value: string, holes: number[] = []): Extract<Value, { kind: "string" }> {
  const loc = { file: "a.ts", line: 3, column: 10, endLine: 3, endColumn: 10 + value.length };
  return { kind: "string", value, holes, segments: [{ offset: 0, text: value, line: 3, column: 11, multiline: false }], loc };
}

const hosts = (v: ReturnType<typeof parseEndpoint>) => v?.hosts.map((h) => [h.host?.text, h.host?.literal, h.port?.text]);

describe("parseEndpoint", () => {
  it("reads URLs, addresses and credentials with positions", () => {
    const ep = parseEndpoint(str("postgres://app:s3cret@db.internal:5432/app"), "dsn");
    expect(ep?.scheme).toBe("postgres");
    expect(ep?.user?.text).toBe("app");
    expect(ep?.password?.text).toBe("s3cret");
    expect(hosts(ep)).toEqual([["db.internal", true, "5432"]]);
    expect(ep?.hosts[0]!.host!.column).toBe(11 + "postgres://app:s3cret@".length);
    expect(hosts(parseEndpoint(str("inventory:50051"), "address"))).toEqual([["inventory", true, "50051"]]);
    expect(hosts(parseEndpoint(str("nats://a:4222,b:4222"), "servers"))).toEqual([["a", true, "4222"], ["b", true, "4222"]]);
  });

  it("reads Go MySQL DSNs and libpq strings", () => {
    const go = parseEndpoint(str("shop:pw@tcp(mysql-main:3306)/shop?parseTime=true"), "dsn");
    expect(go?.password?.text).toBe("pw");
    expect(hosts(go)).toEqual([["mysql-main", true, "3306"]]);
    expect(hosts(parseEndpoint(str("host=db port=5432 user=app dbname=x"), "dsn"))).toEqual([["db", true, "5432"]]);
  });

  it("marks parts that come from holes and refuses paths and prose", () => {
    // "http://" + host + ":8080/x"
    expect(hosts(parseEndpoint(str("http://:8080/x", [7]), "url"))).toEqual([["", false, "8080"]]);
    expect(parseEndpoint(str("/api/orders"), "url")).toBeUndefined();
    expect(parseEndpoint(str("/x", [0]), "url")).toBeUndefined();
    expect(parseEndpoint(str("see http://docs and more"), "url")?.hosts ?? []).toEqual([]);
  });
});

describe("secret values", () => {
  it("knows credential names", () => {
    for (const n of ["password", "dbPassword", "DB_PASSWORD", "PSP_API_KEY", "jwtSecret", "AWS_SECRET_ACCESS_KEY", "auth_token"]) expect(isSecretName(n), n).toBe(true);
    for (const n of ["passwordField", "secretName", "tokenUrl", "DB_PASSWORD_FILE", "keyName", "MAX_TOKENS", "NEXT_PUBLIC_API_KEY"]) expect(isSecretName(n), n).toBe(false);
  });

  it("tells credentials from placeholders", () => {
    for (const v of ["Paym3nts-Dev-2024", "hs256-K3y-x9"]) expect(looksLikeSecretValue(v), v).toBe(true);
    for (const v of ["changeme", "${DB_PASSWORD}", "<password>", "", "postgres", "invalid password", "DB_PASSWORD", "/run/secrets/db", "xxxxxxxx"]) {
      expect(looksLikeSecretValue(v), v).toBe(false);
    }
  });

  it("never shows more than two characters", () => {
    expect(mask("Paym3nts-Dev-2024")).toBe("Pa…(17 chars)");
    expect(mask("short1")).toBe("…(6 chars)");
  });
});

describe("model.connections on the demo shop", () => {
  it("finds the connecting calls, follows config across files, and keeps the chain", async () => {
    const { model } = await run({ root: join(import.meta.dirname, "..", "fixtures", "repos", "shop") });
    const conns = model.connections ?? [];
    const seen = conns.map((c) => `${c.file}:${c.line} ${c.kind} ${c.library}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        "services/inventory/cmd/inventory/main.go:50 database database/sql",
        "services/notifications/internal/sender/sender.go:60 http net/http",
        "services/notifications/cmd/notifications/main.go:37 broker nats.go",
        "services/orders/src/inventoryClient.ts:16 grpc @grpc/grpc-js",
        "services/orders/src/paymentsClient.ts:31 http fetch",
        "services/payments/src/db.ts:8 database mysql2",
        "services/payments/src/psp.ts:8 http axios",
      ]),
    );
    const grpc = conns.find((c) => c.file === "services/orders/src/inventoryClient.ts" && c.kind === "grpc")!;
    const addr = grpc.targets[0]!;
    expect(addr.origin).toBe("env-default");
    expect(addr.env?.name).toBe("INVENTORY_GRPC_ADDR");
    expect(addr.endpoint?.hosts[0]?.host?.text).toBe("inventory");
    expect(addr.chain.map((s) => `${s.file}:${s.line}`)).toEqual([
      "services/orders/src/config.ts:29",
      "services/orders/src/config.ts:24",
      "services/orders/src/inventoryClient.ts:16",
    ]);
    const db = conns.find((c) => c.library === "mysql2")!;
    expect(db.system).toBe("mysql");
    expect(db.targets.find((t) => t.role === "host")?.origin).toBe("env");
    expect(db.targets.find((t) => t.role === "password")?.origin).toBe("env-default");
  }, 60_000);
});
