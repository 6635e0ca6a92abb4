// "Derive from config" for the timeout and retry checks: the expectations come from archlint's
// static model of the shop demo's storefront (its code is read, never run), each with file:line;
// a missing or conflicting value is a one-line config error.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadHarnessConfig } from "../src/harness/config.js";
import { deriveBreaker, deriveExpectations, deriveRetry, deriveTimeout } from "../src/harness/derive.js";
import type { DeriveFrom } from "../src/harness/types.js";

const shop = join(import.meta.dirname, "..", "fixtures", "repos", "shop");
const storefront = join(shop, "services", "storefront");
const from = (extra: Partial<DeriveFrom> = {}): DeriveFrom => ({ source: storefront, shown: "services/storefront", env: "ORDERS_URL", explicit: [], ...extra });
const SERVER = "services/storefront/src/server.mjs";

describe("harness: derive from config", () => {
  it("reads the timeout of the calls to ORDERS_URL in getFromOrders, with where it is declared", async () => {
    expect(await deriveTimeout(from({ call: "getFromOrders" }), "t")).toEqual({ ms: 800, at: `${SERVER}:10` });
    // The readiness ping alone: its own, shorter timeout.
    expect(await deriveTimeout(from({ call: "ordersReachable" }), "t")).toEqual({ ms: 500, at: `${SERVER}:13` });
  });

  it("reads the bounded retry loop: attempts, exponential backoff, jitter", async () => {
    const r = await deriveRetry(from({ call: "getFromOrders" }), "r");
    expect(r).toEqual({
      maxAttempts: { value: 3, at: `${SERVER}:11` },
      backoff: { value: "exponential", at: `${SERVER}:48` },
      jitter: { value: true, at: `${SERVER}:49` },
    });
  });

  it("conflicting or missing values are one-line config errors, never a guess", async () => {
    const oneLine = (e: unknown) => (e as Error).message.split("\n").length === 1;
    const conflict = await deriveTimeout(from(), "h.yaml: checks.timeout.from").catch((e: unknown) => e);
    expect((conflict as Error).message).toBe(
      `h.yaml: checks.timeout.from: calls to ORDERS_URL declare different timeouts: 800 ms (${SERVER}:10), 500 ms (${SERVER}:13); narrow them with from.call, or name timeoutMs`,
    );
    const noRetry = await deriveRetry(from({ call: "ordersReachable" }), "r").catch((e: unknown) => e);
    expect((noRetry as Error).message).toMatch(/^r: fetch at services\/storefront\/src\/server\.mjs:84: the scan sees no retry around it .*name maxAttempts \(1 if it is not retried\)$/);
    const noEnv = await deriveTimeout(from({ env: "PAYMENTS_URL" }), "t").catch((e: unknown) => e);
    expect((noEnv as Error).message).toMatch(/^t: no outgoing call in services\/storefront takes its address from PAYMENTS_URL \(2 outgoing calls seen\); set from.env$/);
    const noCall = await deriveTimeout(from({ call: "nope" }), "t").catch((e: unknown) => e);
    expect((noCall as Error).message).toContain("no call to ORDERS_URL matches call 'nope' (have: fetch in getFromOrders");
    for (const e of [conflict, noRetry, noEnv, noCall]) expect(oneLine(e)).toBe(true);
  });

  it("the shop's harness.yaml: derived values fill the specs; values written in the YAML win", async () => {
    const c = loadHarnessConfig(join(shop, "harness.yaml"));
    expect(c.checks.timeout?.from).toMatchObject({ env: "ORDERS_URL", call: "getFromOrders", explicit: [] });
    await deriveExpectations(c, ["timeout", "retry"]);
    expect(c.checks.timeout).toMatchObject({ timeoutMs: 800, declaredAt: { timeoutMs: `${SERVER}:10` } });
    expect(c.checks.retry).toMatchObject({ maxAttempts: 3, backoff: "exponential", jitter: true });

    const dir = mkdtempSync(join(tmpdir(), "archlint-derive-"));
    const src = relative(dir, storefront);
    const yaml = (checks: string) => `
service: { command: node, args: [x.mjs], ports: [PORT], ready: { http: "http://127.0.0.1:\${PORT}/" } }
dependencies: [{ name: orders, env: ORDERS_URL, protocol: http }]
requests: [{ name: r, dependency: orders, http: { url: "http://127.0.0.1:\${PORT}/orders/1" } }]
checks: ${checks}
`;
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const own = loadHarnessConfig(write("own.yaml", yaml(`{ retry: { request: r, from: { source: ${src}, call: getFromOrders }, jitter: false } }`)));
    await deriveExpectations(own, ["retry"]);
    expect(own.checks.retry).toMatchObject({ maxAttempts: 3, jitter: false, declaredAt: { jitter: "harness YAML", maxAttempts: `${src}/src/server.mjs:11` } });
    expect(() => loadHarnessConfig(write("none.yaml", yaml("{ timeout: { request: r } }")))).toThrow(/checks\.timeout: name timeoutMs, or from: \{ source \} to derive it from the code$/);
    expect(() => loadHarnessConfig(write("gone.yaml", yaml("{ timeout: { request: r, from: { source: nowhere } } }")))).toThrow(/checks\.timeout\.from\.source: folder not found: nowhere$/);
    expect(() => loadHarnessConfig(write("bad.yaml", yaml(`{ timeout: { request: r, from: { source: ${src}, env: "1X" } } }`)))).toThrow(/checks\.timeout\.from\.env/);

    // The CLI: a value the code does not pin down is a usage error, exit 2, one line, nothing started.
    const cli = spawnSync(process.execPath, [join(import.meta.dirname, "..", "bin", "archlint.js"), "harness", write("conflict.yaml", yaml(`{ timeout: { request: r, from: { source: ${src} } } }`))], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(cli.status).toBe(2);
    expect(cli.stderr.trim().split("\n")).toHaveLength(1);
    expect(cli.stderr).toContain("checks.timeout.from: calls to ORDERS_URL declare different timeouts: 800 ms");
  });

  describe("library settings (cockatiel, opossum, axios-retry)", () => {
    const checkout = join(import.meta.dirname, "..", "fixtures", "harness", "derive", "checkout");
    const lib = (env: string): DeriveFrom => ({ source: checkout, shown: "checkout", env, explicit: [] });
    const err = (p: Promise<unknown>) => p.then(() => "resolved", (e: unknown) => (e as Error).message);

    it("a cockatiel ConsecutiveBreaker whose execute runs the call: threshold and half-open delay", async () => {
      expect(await deriveTimeout(lib("PRICING_URL"), "t")).toEqual({ ms: 300, at: "checkout/src/clients.ts:13" });
      expect(await deriveBreaker(lib("PRICING_URL"), "b")).toMatchObject({
        failureThreshold: { value: 4, at: "checkout/src/clients.ts:10" },
        halfOpenAfterMs: { value: 2000, at: "checkout/src/clients.ts:7" },
      });
      expect(await err(deriveRetry(lib("PRICING_URL"), "r"))).toMatch(/^r: fetch at checkout\/src\/clients\.ts:13: the scan sees no retry around it/);
    });

    it("axios-retry on the client: attempts (retries + 1); its backoff and jitter must be named", async () => {
      expect(await deriveTimeout(lib("STOCK_URL"), "t")).toEqual({ ms: 1500, at: "checkout/src/clients.ts:17" });
      expect(await err(deriveRetry(lib("STOCK_URL"), "r"))).toBe("r: axios.create at checkout/src/clients.ts:17: the code does not say its retry backoff; name backoff instead");
      const r = await deriveRetry(lib("STOCK_URL"), "r", new Set(["backoff", "jitter"]));
      expect(r.maxAttempts).toEqual({ value: 3, at: "checkout/src/clients.ts:18" });
      expect(await err(deriveBreaker(lib("STOCK_URL"), "b"))).toMatch(/^b: axios\.create at checkout\/src\/clients\.ts:17: the scan sees no circuit breaker around it .*name failureThreshold and halfOpenAfterMs$/);
    });

    it("an opossum breaker: resetTimeout is read, its error percentage is no consecutive-failure threshold", async () => {
      expect(await err(deriveBreaker(lib("TAX_URL"), "b"))).toBe(
        "b: fetch at checkout/src/tax.ts:7: the opossum breaker at checkout/src/tax.ts:10 opens on errorThresholdPercentage (a failure rate over a rolling window), not a count of consecutive failures; name failureThreshold instead",
      );
      const b = await deriveBreaker(lib("TAX_URL"), "b", new Set(["failureThreshold"]));
      expect(b.halfOpenAfterMs).toEqual({ value: 5000, at: "checkout/src/tax.ts:10" });
    });
  });
});
