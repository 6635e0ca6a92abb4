// The harness against real services: the resilient and the naive orders fixtures, with a known
// verdict for every check, in every format; and no process or socket is left behind.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadHarnessConfig } from "../src/harness/config.js";
import { judgeBackoff } from "../src/harness/checks/retry.js";
import { liveProcessGroups } from "../src/harness/process.js";
import { formatHarnessJson, harnessReport } from "../src/harness/report.js";
import { runHarness } from "../src/harness/run.js";
import { formatReport, type ReporterName } from "../src/report/index.js";

const repo = join(import.meta.dirname, "..");
const bin = join(repo, "bin", "archlint.js");
const fixtures = join(repo, "fixtures", "harness");

interface Run { code: number | null; stdout: string; stderr: string }

/** Run the CLI with a marker in its environment, which every process it starts inherits. */
function archlint(args: string[], mark: string, onSpawn?: (pid: number) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repo, env: { ...process.env, NO_COLOR: "1", ARCHLINT_TEST_MARK: mark } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    onSpawn?.(child.pid!);
  });
}

/** Processes whose environment carries `mark` (what a leaked service would be). */
function marked(mark: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, "latin1").includes(`ARCHLINT_TEST_MARK=${mark}`)) pids.push(Number(name));
    } catch {
      // gone meanwhile, or not ours
    }
  }
  return pids;
}

/** Whether `pid` is still running: gone, or a zombie nobody reaped (it holds no socket), is not. */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "")[0] !== "Z";
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Checks = Array<{ check: string; verdict: string; declared: object; measured: Record<string, unknown> }>;

describe("archlint harness on the fixture services", () => {
  it("resilient passes every check and naive fails every check; nothing is left running", { timeout: 120_000 }, async () => {
    const mark = `fixtures-${process.pid}-${Date.now()}`;
    const [good, bad] = await Promise.all([
      archlint(["harness", join(fixtures, "resilient.harness.yaml"), "--format", "json"], `${mark}-r`),
      archlint(["harness", join(fixtures, "naive.harness.yaml"), "--format", "json"], `${mark}-n`),
    ]);
    const verdicts = (r: Run) => Object.fromEntries((JSON.parse(r.stdout) as { checks: Checks }).checks.map((c) => [c.check, c.verdict]));
    const all = (v: string) => ({ timeout: v, retry: v, "circuit-breaker": v, probes: v, "graceful-shutdown": v, "deadline-propagation": v });
    expect(verdicts(good), good.stdout).toEqual(all("pass"));
    expect(good.code).toBe(0);
    expect(verdicts(bad), bad.stdout).toEqual(all("fail"));
    expect(bad.code).toBe(1);

    const checks = (JSON.parse(good.stdout) as { checks: Checks }).checks;
    const retry = checks.find((c) => c.check === "retry")!;
    expect(retry.declared).toMatchObject({ maxAttempts: 3, backoff: "exponential", jitter: true });
    expect(Math.max(...(retry.measured.attemptsPerRequest as number[]))).toBe(3);
    expect(checks.find((c) => c.check === "timeout")!.measured.latencyMs as number).toBeLessThan(700);
    expect(marked(`${mark}-r`)).toEqual([]);
    expect(marked(`${mark}-n`)).toEqual([]);
  });

  it("SIGINT during a check kills the service's whole process group", { timeout: 30_000 }, async () => {
    const mark = `sigint-${process.pid}`;
    let cli = 0;
    const run = archlint(["harness", join(fixtures, "resilient.harness.yaml"), "--only", "circuit-breaker"], mark, (pid) => (cli = pid));
    // Wait until the service under test is running (it carries the mark too).
    for (let i = 0; i < 100 && marked(mark).filter((p) => p !== cli).length === 0; i++) await sleep(50);
    expect(marked(mark).filter((p) => p !== cli).length).toBeGreaterThan(0);
    process.kill(cli, "SIGINT");
    const r = await run;
    expect(r.code).toBeNull(); // died of the re-raised SIGINT
    await sleep(100);
    expect(marked(mark)).toEqual([]);
  });

  it("a service that crashes at start: the check fails with its error line, its grandchild and every socket gone", { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "archlint-crash-"));
    // The service starts a grandchild that listens on a port and records its pid, then dies.
    const child = "require('fs').writeFileSync('grandchild.pid', String(process.pid)); require('net').createServer().listen(0); setInterval(() => {}, 1000)";
    writeFileSync(join(dir, "crash.yaml"), `
service:
  command: sh
  args: ["-c", "node -e \\"${child}\\" & sleep 0.3; echo 'Error: boom at start' >&2; exit 3"]
  ports: [PORT]
  ready: { http: "http://127.0.0.1:\${PORT}/", timeoutMs: 5000 }
dependencies: [{ name: orders, env: ORDERS_URL, protocol: http }]
requests: [{ name: r, dependency: orders, http: { url: "http://127.0.0.1:\${PORT}/orders/1" } }]
checks: { timeout: { request: r, timeoutMs: 100 } }
`);
    const tcpBefore = process.getActiveResourcesInfo().filter((r) => r.startsWith("TCP")).length;
    const [v] = await runHarness(loadHarnessConfig(join(dir, "crash.yaml")));
    expect(v!.verdict).toBe("fail");
    expect(v!.summary).toBe("service exited (code 3) before it was ready; error: Error: boom at start");
    expect(existsSync(join(dir, "grandchild.pid"))).toBe(true);
    const grandchild = Number(readFileSync(join(dir, "grandchild.pid"), "utf8"));
    await sleep(100);
    expect(liveProcessGroups()).toEqual([]);
    expect(running(grandchild)).toBe(false);
    expect(process.getActiveResourcesInfo().filter((r) => r.startsWith("TCP")).length).toBeLessThanOrEqual(tcpBefore);
  });

  it("exits 2 with one line on a bad harness file or --only", async () => {
    for (const args of [["harness", "no-such.yaml"], ["harness", fixtures], ["harness", join(fixtures, "naive.harness.yaml"), "--only", "chaos"]]) {
      const r = await archlint(args, "usage");
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^archlint: /);
    }
  });

  it("retry with connection resets: resilient retries them, naive does not", { timeout: 60_000 }, async () => {
    const run = async (name: string) => {
      const config = loadHarnessConfig(join(fixtures, `${name}.harness.yaml`));
      config.checks.retry!.fault = "reset";
      return (await runHarness(config, { only: ["retry"] }))[0]!;
    };
    const [good, bad] = await Promise.all([run("resilient"), run("naive")]);
    expect(good.verdict, good.summary).toBe("pass");
    expect(bad.verdict).toBe("fail");
    expect(bad.summary).toMatch(/no retry: 1 attempt per request while payments reset connections/);
  });

  it("reports in every format, and leaves no socket or process group behind (in-process run)", { timeout: 30_000 }, async () => {
    const tcpBefore = process.getActiveResourcesInfo().filter((r) => r.startsWith("TCP")).length;
    const config = loadHarnessConfig(join(fixtures, "naive.harness.yaml"));
    const verdicts = await runHarness(config, { only: ["deadline-propagation"] });
    expect(verdicts.map((v) => v.verdict)).toEqual(["fail"]);
    await sleep(50);
    expect(liveProcessGroups()).toEqual([]);
    expect(process.getActiveResourcesInfo().filter((r) => r.startsWith("TCP")).length).toBeLessThanOrEqual(tcpBefore);

    const report = harnessReport(config, verdicts, repo);
    const out = (f: ReporterName) => formatReport(f, report, { color: false });
    expect(out("stylish")).toMatch(/fixtures\/harness\/naive\.harness\.yaml\n\s+\d+\s+error\s+deadline-propagation fail: the call to inventory carries no deadline/);
    const log = JSON.parse(out("sarif")) as { runs: Array<{ results: Array<{ ruleId: string; level: string }>; tool: { driver: { rules: Array<{ id: string }> } } }> };
    expect(log.runs[0]!.results).toMatchObject([{ ruleId: "harness-deadline-propagation", level: "error" }]);
    expect(log.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(["harness-deadline-propagation"]);
    expect(out("github")).toMatch(/^::error file=fixtures\/harness\/naive\.harness\.yaml,line=\d+/m);
    expect(out("markdown")).toContain("harness-deadline-propagation");
    const json = JSON.parse(formatHarnessJson(config, report, verdicts)) as { checks: Array<{ check: string; declared: object; measured: object }>; findings: unknown[] };
    expect(json.checks[0]).toMatchObject({ check: "deadline-propagation", declared: { incomingDeadlineMs: 1000 }, measured: { outgoingDeadlineMs: null } });
    expect(json.findings).toHaveLength(1);
  });

  it("jitter: a load spike on one gap per position is no jitter; real jitter is; few requests do not decide 'none'", () => {
    const spec = { backoff: "exponential" as const, jitter: true };
    // A fixed 50 / 100 ms backoff, 1–2 ms of noise, and one 20 ms spike per position (load).
    const steady = [[51, 101], [50, 100], [52, 102], [71, 101], [51, 121], [50, 100], [51, 101], [52, 100]];
    const j = judgeBackoff(steady, spec);
    expect(j.map((x) => x.verdict)).toEqual(["pass", "fail"]);
    expect(j[1]).toMatchObject({ undecided: false, measured: { jitterSpread: 0.02 } });
    expect(j[1]!.text).toMatch(/^no jitter: gaps vary only ±2 % between requests/);
    // "Equal jitter": half of each step fixed, half random.
    const jittered = [[27, 88], [44, 61], [35, 97], [49, 55], [30, 79], [41, 100], [26, 70], [38, 64]];
    expect(judgeBackoff(jittered, spec).map((x) => x.verdict)).toEqual(["pass", "pass"]);
    // Four steady requests: "no jitter" is not decided on so few; the check asks for more.
    expect(judgeBackoff(steady.slice(0, 4), spec)[1]).toMatchObject({ verdict: "fail", undecided: true });
  });
});
