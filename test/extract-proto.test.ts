import { describe, expect, it } from "vitest";
import { extractProto } from "../src/extract/proto/index.js";

describe("proto extractor", () => {
  it("emits each service with its full name, methods and lines; comments never count", () => {
    const text = [
      'syntax = "proto3";',
      "package shop.orders.v1;",
      "// service Fake { rpc Nope(A) returns (B); }",
      "service OrdersService {",
      "  /* rpc GetOrder in a comment */",
      "  rpc GetOrder(GetOrderRequest) returns (GetOrderResponse);",
      "  rpc Watch(stream GetOrderRequest) returns (stream GetOrderResponse) {}",
      "}",
      "message GetOrderRequest { string order_id = 1; }",
      "message GetOrderResponse {}",
      "",
    ].join("\n");
    const r = extractProto("a.proto", text);
    expect(r.parseError).toBeUndefined();
    expect(r.facts).toHaveLength(1);
    const s = r.facts[0]!;
    expect(s).toMatchObject({ kind: "proto-service", fullName: "shop.orders.v1.OrdersService", name: "OrdersService", package: "shop.orders.v1", loc: { line: 4, column: 9 } });
    if (s.kind !== "proto-service") throw new Error("kind");
    expect(s.methods.map((m) => `${m.name}:${m.loc.line}:${m.clientStreaming}:${m.serverStreaming}`)).toEqual(["GetOrder:6:false:false", "Watch:7:true:true"]);
  });

  it("reports a syntax error with its line, and goes on", () => {
    const r = extractProto("b.proto", 'syntax = "proto3";\nservice X {\n  rpc\n}\n');
    expect(r.facts).toEqual([]);
    expect(r.parseError?.message).toMatch(/^proto syntax error/);
    expect(r.parseError?.line).toBe(4);
  });
});
