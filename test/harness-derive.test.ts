// "Derive from config" for the timeout and retry checks: the expectations come from archlint's
// static model of the shop demo's storefront (its code is read, never run), each with file:line;
// a missing or conflicting value is a one-line config error.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadHarnessConfig } from "../src/harness/config.js";
import { loadTs } from "../src/extract/ts/load.js";
import { deriveBreaker, deriveExpectations, deriveRetry, deriveTimeout } from "../src/harness/derive.js";
import { loopBound } from "../src/harness/derive-loop.js";
import { constant } from "../src/harness/derive-retry.js";
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
    // from.source must sit inside the harness file's folder: a copy of the storefront beside it.
    cpSync(storefront, join(dir, "storefront"), { recursive: true });
    const src = "storefront";
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

  describe("retry loops bounded by a counter, and retry libraries around the call", () => {
    const catalog = join(import.meta.dirname, "..", "fixtures", "harness", "derive", "catalog");
    const of = (env: string): DeriveFrom => ({ source: catalog, shown: "catalog", env, explicit: [] });
    const err = (p: Promise<unknown>) => p.then(() => "resolved", (e: unknown) => (e as Error).message);
    const LOOPS = "catalog/src/loops.ts";
    const LIBS = "catalog/src/libs.ts";

    it("a counted exit in the body (for (let attempt = 1; ; attempt++) … if (attempt >= MAX) throw)", async () => {
      expect(await deriveRetry(of("SEARCH_URL"), "r")).toEqual({
        maxAttempts: { value: 4, at: `${LOOPS}:7` },
        backoff: { value: "exponential", at: `${LOOPS}:19` },
        jitter: { value: true, at: `${LOOPS}:19` },
      });
    });

    it("while (attempt < MAX) over a counter declared before the loop; a fixed pause", async () => {
      expect(await deriveRetry(of("REVIEWS_URL"), "r")).toEqual({
        maxAttempts: { value: 3, at: `${LOOPS}:8` },
        backoff: { value: "constant", at: `${LOOPS}:32` },
        jitter: { value: false, at: `${LOOPS}:32` },
      });
    });

    it("a bound that is a parameter, or no counted exit at all, is a config error naming the loop", async () => {
      expect(await err(deriveRetry(of("STOCK_URL"), "r"))).toBe(`r: fetch at ${LOOPS}:44: the retry loop at ${LOOPS}:41 is bounded by \`max\` (${LOOPS}:41), not a constant the scan can read; name maxAttempts`);
      expect(await err(deriveRetry(of("FEED_URL"), "r"))).toMatch(new RegExp(`^r: fetch at ${LOOPS}:56: the retry loop at ${LOOPS}:54 has no attempt bound the scan can read .*; name maxAttempts$`));
    });

    it("p-retry: retries + 1 attempts; factor and randomize from its defaults, said so", async () => {
      expect(await deriveRetry(of("IMAGES_URL"), "r")).toEqual({
        maxAttempts: { value: 4, at: `${LIBS}:13` },
        backoff: { value: "exponential", at: `${LIBS}:13 (p-retry's default factor: 2)` },
        jitter: { value: false, at: `${LIBS}:13 (p-retry's default randomize: false)` },
      });
    });

    it("p-retry around a named function, factor 1: a constant pause", async () => {
      expect(await deriveRetry(of("BANNERS_URL"), "r")).toEqual({
        maxAttempts: { value: 2, at: `${LIBS}:42` },
        backoff: { value: "constant", at: `${LIBS}:42` },
        jitter: { value: false, at: `${LIBS}:42 (p-retry's default randomize: false)` },
      });
    });

    it("async-retry with retries, factor and randomize named", async () => {
      expect(await deriveRetry(of("RATINGS_URL"), "r")).toEqual({
        maxAttempts: { value: 3, at: `${LIBS}:24` },
        backoff: { value: "exponential", at: `${LIBS}:24` },
        jitter: { value: true, at: `${LIBS}:24` },
      });
    });

    it("a cockatiel retry policy (imported under another name) whose execute runs the call", async () => {
      expect(await deriveRetry(of("PROMO_URL"), "r")).toEqual({
        maxAttempts: { value: 3, at: `${LIBS}:29` },
        backoff: { value: "exponential", at: `${LIBS}:29` },
        jitter: { value: true, at: `${LIBS}:29 (ExponentialBackoff's default decorrelatedJitterGenerator)` },
      });
    });

    it.each([
      ["header, from 0", "for (let i = 0; i < N; i++) { try { return await fetch(u); } catch {} }", 3],
      ["header, inclusive, from 1", "for (let i = 1; i <= N; i++) { await fetch(u); }", 3],
      ["counted exit after the call", "for (let a = 1; ; a++) { try { return await fetch(u); } catch (e) { if (a >= N) throw e; } }", 3],
      ["counted exit with ===", "for (let a = 1; ; a++) { try { return await fetch(u); } catch (e) { if (a === N) { log(e); throw e; } } }", 3],
      ["exit before the call", "let a = 0; for (;;) { if (a >= N) break; a++; await fetch(u); }", 3],
      ["prefix step in the exit", "let a = 0; while (true) { try { return await fetch(u); } catch (e) { if (++a >= N) throw e; } }", 3],
      ["postfix step in the exit", "let a = 0; while (true) { try { return await fetch(u); } catch (e) { if (a++ >= N) throw e; } }", 4],
      ["retryable-or-count exit", "for (let a = 1; ; a++) { try { return await fetch(u); } catch (e) { if (!retryable(e) || a >= N) throw e; } }", 3],
      ["bound on the left", "let a = 0; while (N > a) { a += 1; await fetch(u); }", 3],
      ["do … while", "let a = 0; do { a = a + 1; try { return await fetch(u); } catch {} } while (a < N);", 3],
      ["a counted exit that needs more (&&)", "for (let a = 1; ; a++) { try { return await fetch(u); } catch (e) { if (a >= N && slow) throw e; } }", undefined],
      ["no step", "let a = 0; while (a < N) { await fetch(u); }", undefined],
      ["header count and something else (&&)", "let a = 0; while (a < N && !stopped) { a++; await fetch(u); }", 3],
      ["a for counter and a separate attempt counter", "let tries = 0; for (let i = 0; ; i++) { tries++; try { return await fetch(u); } catch (e) { if (tries >= N) throw e; } }", 3],
    ])("loop bound: %s", async (_name, loop, attempts) => {
      const T = await loadTs();
      const text = `const N = 3;\nasync function f(u) {\n${loop}\n}\n`;
      const sf = T.createSourceFile("x.ts", text, T.ScriptTarget.Latest, true);
      let node: import("typescript").IterationStatement | undefined;
      const find = (n: import("typescript").Node): void => {
        if (!node && (T.isForStatement(n) || T.isWhileStatement(n) || T.isDoStatement(n))) node = n;
        else T.forEachChild(n, find);
      };
      find(sf);
      const b = loopBound(T, sf, node!, text.indexOf("fetch("), (e) => constant(T, sf, e));
      expect(b?.attempts).toBe(attempts);
      if (b) expect(sf.getLineAndCharacterOfPosition(b.node.getStart(sf)).line + 1).toBe(1); // `N`, where it is declared
    });
  });
});
