// The fake upstreams: scripted HTTP faults and gRPC status codes, and what they record.
import { Client, credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findMethod, loadProto } from "../src/harness/upstream/grpc-load.js";
import { startGrpcUpstream } from "../src/harness/upstream/grpc.js";
import { startHttpUpstream } from "../src/harness/upstream/http.js";
import type { FakeUpstream } from "../src/harness/upstream/types.js";

const proto = join(import.meta.dirname, "..", "fixtures", "harness", "proto", "shop.proto");
const opened: FakeUpstream[] = [];
afterAll(async () => {
  for (const u of opened) await u.close();
});

interface Got { status?: number; body: string; headersMs?: number; endMs?: number; error?: string }

function get(port: number, limitMs = 400): Promise<Got> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const got: Got = { body: "" };
    const req = request({ host: "127.0.0.1", port, path: "/x", agent: false });
    const timer = setTimeout(() => {
      req.destroy();
      resolve(got);
    }, limitMs);
    req.on("response", (res) => {
      got.status = res.statusCode;
      got.headersMs = performance.now() - t0;
      res.on("data", (d) => (got.body += d));
      res.on("end", () => {
        got.endMs = performance.now() - t0;
        clearTimeout(timer);
        resolve(got);
      });
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      got.error = e.code;
      clearTimeout(timer);
      resolve(got);
    });
    req.end();
  });
}

describe("fake HTTP upstream", () => {
  it("answers, fails, delays headers or body, resets, accepts slowly, and records attempts", async () => {
    const u = await startHttpUpstream({ status: 200, body: { ok: true } });
    opened.push(u);
    expect(await get(u.port)).toMatchObject({ status: 200, body: '{"ok":true}' });

    u.behaviour = { kind: "fail", code: "unavailable" };
    expect((await get(u.port)).status).toBe(503);
    u.behaviour = { kind: "fail", code: "invalid" };
    expect((await get(u.port)).status).toBe(400);

    u.behaviour = { kind: "ok", delayMs: 100 };
    expect((await get(u.port)).headersMs!).toBeGreaterThanOrEqual(90);

    u.behaviour = { kind: "ok", bodyDelayMs: 100 };
    const body = await get(u.port);
    expect(body.endMs! - body.headersMs!).toBeGreaterThanOrEqual(80);

    u.behaviour = { kind: "reset" };
    expect((await get(u.port)).error).toBe("ECONNRESET");

    u.behaviour = { kind: "ok" };
    u.acceptDelayMs = 100;
    expect((await get(u.port)).headersMs!).toBeGreaterThanOrEqual(90);
    u.acceptDelayMs = 0;

    expect(u.attempts).toHaveLength(7);
    expect(u.attempts[0]).toMatchObject({ method: "GET", path: "/x" });
  });

  it("records when the caller abandons a request", async () => {
    const u = await startHttpUpstream({ status: 200, body: {} });
    opened.push(u);
    u.behaviour = { kind: "ok", delayMs: 1000 };
    await get(u.port, 100);
    await new Promise((r) => setTimeout(r, 30));
    const a = u.attempts[0]!;
    expect(a.abandonedAt! - a.at).toBeGreaterThanOrEqual(80);
    expect(a.answeredAt).toBeUndefined();
  });
});

describe("fake gRPC upstream", () => {
  it("serves a proto's service, answers status codes and records the caller's deadline", async () => {
    const u = await startGrpcUpstream(proto, "shop.v1.InventoryService", { sku: "1", available: 3 });
    opened.push(u);
    const method = findMethod(loadProto(proto), "shop.v1.InventoryService/GetStock", "test");
    const client = new Client(`127.0.0.1:${u.port}`, credentials.createInsecure());
    const call = (deadlineMs?: number) =>
      new Promise<{ err: ServiceError | null; res?: unknown }>((resolve) =>
        client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, { sku: "1" }, new Metadata(),
          deadlineMs ? { deadline: Date.now() + deadlineMs } : {}, (err, res) => resolve({ err, res })),
      );
    try {
      expect((await call(2000)).res).toMatchObject({ sku: "1", available: 3 });
      expect(u.attempts[0]!.deadlineMs).toBeGreaterThan(1000);
      expect(u.attempts[0]!.deadlineMs).toBeLessThanOrEqual(2000);
      await call();
      expect(u.attempts[1]!.deadlineMs).toBeUndefined();
      for (const [code, expected] of [["unavailable", 14], ["invalid", 3], ["deadline", 4], ["exhausted", 8]] as const) {
        u.behaviour = { kind: "fail", code };
        expect((await call(2000)).err?.code).toBe(expected);
      }
    } finally {
      client.close();
    }
  });
});
