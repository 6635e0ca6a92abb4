// The Toxiproxy-compatible HTTP API over the pure-Node proxies.
import { connect, createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ToxiproxyApi } from "../src/harness/proxy/api.js";

let echo: Server;
let echoPort = 0;
const api = new ToxiproxyApi();

beforeAll(async () => {
  echo = createServer((s) => {
    s.on("data", (d) => s.write(d));
    s.on("error", () => {});
  });
  await new Promise<void>((r) => echo.listen(0, "127.0.0.1", () => r()));
  echoPort = (echo.address() as { port: number }).port;
  await api.start();
});

afterAll(async () => {
  await api.close();
  await new Promise((r) => echo.close(r));
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`http://127.0.0.1:${api.port}${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
}

/** ms until "ping" comes back through the proxy, or the error code. */
function ping(port: number): Promise<number | string> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const s = connect({ host: "127.0.0.1", port });
    const timer = setTimeout(() => (s.destroy(), resolve("TIMEOUT")), 300);
    s.on("connect", () => s.write("ping"));
    s.on("data", () => (clearTimeout(timer), s.destroy(), resolve(performance.now() - t0)));
    s.on("error", (e: NodeJS.ErrnoException) => (clearTimeout(timer), resolve(e.code ?? "ERROR")));
  });
}

describe("Toxiproxy API", () => {
  it("creates a proxy, adds, updates and removes toxics, disables and resets", async () => {
    expect((await call("GET", "/version")).body).toBe("2.12.0");
    const created = await call("POST", "/proxies", { name: "echo", listen: "localhost:0", upstream: `127.0.0.1:${echoPort}` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "echo", enabled: true, toxics: [] });
    const port = Number(String(created.body.listen).split(":")[1]);
    expect(typeof (await ping(port))).toBe("number");

    const toxic = await call("POST", "/proxies/echo/toxics", { type: "latency", attributes: { latency: 100 } });
    expect(toxic).toMatchObject({ status: 200, body: { name: "latency_downstream", type: "latency", stream: "downstream", toxicity: 1 } });
    expect((await ping(port)) as number).toBeGreaterThanOrEqual(90);
    expect((await call("PATCH", "/proxies/echo/toxics/latency_downstream", { attributes: { latency: 0 } })).body.attributes.latency).toBe(0);
    expect((await call("GET", "/proxies/echo/toxics")).body).toHaveLength(1);
    expect((await call("DELETE", "/proxies/echo/toxics/latency_downstream")).status).toBe(204);

    expect((await call("POST", "/proxies/echo", { enabled: false })).body.enabled).toBe(false);
    expect(await ping(port)).toBe("ECONNREFUSED");
    expect((await call("POST", "/reset")).status).toBe(204);
    expect(typeof (await ping(port))).toBe("number");
    expect(Object.keys((await call("GET", "/proxies")).body)).toEqual(["echo"]);
    expect((await call("DELETE", "/proxies/echo")).status).toBe(204);
  });

  it("populates idempotently and answers errors as Toxiproxy does", async () => {
    const list = [{ name: "a", listen: "127.0.0.1:0", upstream: `127.0.0.1:${echoPort}` }];
    expect((await call("POST", "/populate", list)).status).toBe(201);
    expect((await call("POST", "/populate", list)).body.proxies).toHaveLength(1);
    expect((await call("POST", "/proxies", { name: "a", upstream: `127.0.0.1:${echoPort}` })).status).toBe(409);
    expect((await call("GET", "/proxies/nope")).status).toBe(404);
    expect((await call("POST", "/proxies/a/toxics", { type: "teleport" })).status).toBe(400);
    expect((await call("POST", "/proxies", { name: "b", upstream: "nowhere" })).status).toBe(400);
    await call("POST", "/proxies/a/toxics", { type: "timeout", attributes: { timeout: 0 } });
    expect((await call("POST", "/proxies/a/toxics", { type: "timeout" })).status).toBe(409);
  });
});
