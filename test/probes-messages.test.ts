import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/run.js";

/** The probe rules' messages name the container and the number that is wrong; related lines point at the rest. */
const cases = join(import.meta.dirname, "..", "fixtures", "rules");
async function findings(rule: string, kase: string) {
  const { report } = await run({ root: join(cases, rule, kase) });
  return report.findings.filter((f) => f.ruleId === rule);
}

describe("probe rule messages", () => {
  it("missing-probe names the container, the probe and why the pod serves traffic", async () => {
    const [f] = await findings("missing-probe", "fires-no-probes-selected-by-service");
    expect(f!.message).toContain("container ledger of StatefulSet ledger");
    const ready = (await findings("missing-probe", "fires-no-probes-selected-by-service")).find((x) => x.message.includes("readiness"))!;
    expect(ready.message).toContain("Service ledger selects it");
    expect(ready.related).toEqual([{ file: "deploy/worker.yaml", line: 26, message: "Service ledger selects these pods" }]);
    const [info] = await findings("missing-probe", "fires-startup-suggestion");
    expect(info!.severity).toBe("info");
    expect(info!.message).toContain("20 s after start (initialDelaySeconds 5 + failureThreshold 3 (default) × periodSeconds 5)");
    expect(info!.message).toContain("start-up budget of 30 s");
  });

  it("identical-probes names the shared handler and relates the readiness probe", async () => {
    const [f] = await findings("identical-probes", "fires-named-port-and-number");
    expect(f!.message).toContain("httpGet /health on port 8080");
    expect(f!.related).toEqual([{ file: "k8s/api.yaml", line: 20, message: "the readiness probe with the same handler" }]);
  });

  it("probe-port-mismatch names the port and what the container declares", async () => {
    const list = await findings("probe-port-mismatch", "fires-wrong-port-number");
    expect(list.map((f) => f.message)).toEqual([
      "The livenessProbe of container api of Deployment api targets port 8080, which no container of the pod declares; it declares 3000.",
      "The startupProbe of container api of Deployment api targets port 50051, which no container of the pod declares; it declares 3000.",
    ]);
    expect(list.map((f) => f.severity)).toEqual(["warning", "warning"]); // a number may still be listened on
    const [named] = await findings("probe-port-mismatch", "fires-undeclared-port-name");
    expect(named!.severity).toBe("error"); // a name the container lacks can never resolve
  });

  it("probe-timing and shutdown-grace give the numbers", async () => {
    const [t] = await findings("probe-timing", "fires-liveness-gives-up-first");
    expect(t!.message).toContain("failureThreshold 3 × periodSeconds 5 = 15 s, sooner than the readiness probe (6 × 10 = 60 s)");
    const [g] = await findings("shutdown-grace", "fires-shell-sleep-and-short-grace");
    expect(g!.message).toContain("sleeps 10 s; with 10 s to drain");
    expect(g!.message).toContain("needs 20 s, more than terminationGracePeriodSeconds 15");
    expect(g!.related).toEqual([{ file: "k8s/web.yaml", line: 14, message: "terminationGracePeriodSeconds 15" }]);
  });
});
