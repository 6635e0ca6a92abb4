// The harness end to end on the shop demo's storefront (expectations derived from its code and
// manifest), and gRPC / exec probes on the resilient fixture. Known verdicts; nothing left running.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadHarnessConfig } from "../src/harness/config.js";
import { liveProcessGroups } from "../src/harness/process.js";
import { formatHarnessJson, harnessReport } from "../src/harness/report.js";
import { runHarness } from "../src/harness/run.js";
import { formatReport } from "../src/report/index.js";

const repo = join(import.meta.dirname, "..");
const SERVER = "services/storefront/src/server.mjs";

describe("harness on the shop demo", () => {
  it("storefront: timeout and retry pass as its code declares; probes fail (liveness calls orders)", { timeout: 90_000 }, async () => {
    const config = loadHarnessConfig(join(repo, "fixtures", "repos", "shop", "harness.yaml"));
    const verdicts = await runHarness(config);
    expect(verdicts.map((v) => `${v.check} ${v.verdict}`), JSON.stringify(verdicts, null, 1)).toEqual(["timeout pass", "retry pass", "probes fail"]);
    const [timeout, retry, probes] = verdicts;
    expect(timeout!.summary).toContain(`declared timeout 800 ms (${SERVER}:10)`);
    expect(timeout!.declared).toMatchObject({ timeoutMs: 800, declaredAt: { timeoutMs: `${SERVER}:10` } });
    expect(retry!.summary).toContain(`at most 3 attempts per request (declared 3 at ${SERVER}:11)`);
    expect(retry!.summary).toContain(`declared exponential at ${SERVER}:48`);
    expect(retry!.declared).toMatchObject({ maxAttempts: 3, backoff: "exponential", jitter: true });
    expect(probes!.reasons).toEqual(["liveness fails with orders down (503): the kubelet would restart every pod during an outage"]);
    expect(probes!.measured).toMatchObject({ readyWhenHealthy: true, readinessWithDependencyDown: "503", readinessAfterRecovery: "200" });
    expect(liveProcessGroups()).toEqual([]);

    const text = formatReport("stylish", harnessReport(config, verdicts, repo), { color: false });
    expect(text).toContain("error  probes fail: liveness fails with orders down (503)");
    const json = JSON.parse(formatHarnessJson(config, harnessReport(config, verdicts, repo), verdicts)) as { checks: Array<{ declared: Record<string, unknown> }> };
    expect(json.checks[1]!.declared.declaredAt).toEqual({ maxAttempts: `${SERVER}:11`, backoff: `${SERVER}:48`, jitter: `${SERVER}:49` });
  });

  it("gRPC probes are called as the kubelet does (Health/Check, SERVING); an exec probe is inconclusive", { timeout: 60_000 }, async () => {
    const config = loadHarnessConfig(join(repo, "fixtures", "harness", "grpc-probes.harness.yaml"));
    const [v] = await runHarness(config);
    expect(v!.verdict, JSON.stringify(v, null, 1)).toBe("inconclusive");
    expect(v!.reasons).toEqual(["the startup probe is an exec probe (`/bin/grpc_health_probe -addr=:50052`): it runs inside the container, so the harness cannot call it"]);
    expect(v!.measured).toMatchObject({
      readyWhenHealthy: true,
      readinessWithDependencyDown: "NOT_SERVING",
      livenessWithDependencyDown: ["SERVING", "SERVING", "SERVING"],
      readinessAfterRecovery: "SERVING",
    });
    expect(liveProcessGroups()).toEqual([]);
  });
});
