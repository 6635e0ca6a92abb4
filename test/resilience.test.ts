import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CallFact, CompositeFact, Fact, FunctionFact, LoopFact } from "../src/extract/facts.js";
import { loadGoExtractor, type GoExtractor } from "../src/extract/go/index.js";
import { loadTsExtractor, type TsExtractor } from "../src/extract/ts/index.js";
import { parseDurationText } from "../src/model/resilience/measure.js";
import { run } from "../src/run.js";

let go: GoExtractor;
let ts: TsExtractor;
beforeAll(async () => {
  go = await loadGoExtractor();
  ts = await loadTsExtractor();
});

const of = <K extends Fact["kind"]>(facts: Fact[], kind: K) => facts.filter((f): f is Extract<Fact, { kind: K }> => f.kind === kind);

describe("durations", () => {
  it("reads literals, Go durations and duration strings", () => {
    expect(parseDurationText("5_000", "ms")).toBe(5000);
    expect(parseDurationText("5 * 1000", "ms")).toBe(5000);
    expect(parseDurationText("3 * time.Second", "ns")).toBe(3000);
    expect(parseDurationText("time.Second * 3", "ns")).toBe(3000);
    expect(parseDurationText("500*time.Millisecond", "ns")).toBe(500);
    expect(parseDurationText("2s", "ms")).toBe(2000);
    expect(parseDurationText("1500ms", "s")).toBe(1500);
    expect(parseDurationText("30", "s")).toBe(30_000);
    expect(parseDurationText("cfg.Timeout", "ns")).toBeUndefined();
    expect(parseDurationText("time.Duration(n) * time.Millisecond", "ns")).toBeUndefined();
  });
});

describe("shape facts", () => {
  it("TS: binds calls to names, reads loops and functions", () => {
    const text = [
      'const api = axios.create({ timeout: 1 });',
      "class C { private http = axios.create(); m() { this.c = got.extend({}); } }",
      "policy.execute(({ signal }) => fetch(u, { signal }));",
      "for (let a = 1; ; a++) { try { await f(); } catch { if (a >= 5) throw e; } }",
      "while (true) { await f(); }",
      "api.defaults.timeout = 5000;",
    ].join("\n");
    const facts = ts("x.ts", text).facts;
    const assigned = of(facts, "call").filter((c: CallFact) => c.assignedTo).map((c) => `${c.callee}→${c.assignedTo}`);
    expect(assigned).toEqual(["axios.create→api", "axios.create→this.http", "got.extend→this.c"]);
    const loops = of(facts, "loop").map((l: LoopFact) => [l.loc.line, l.unconditional, l.countedExit]);
    expect(loops).toEqual([[4, true, true], [5, true, false]]);
    const arrow = of(facts, "function").find((f: FunctionFact) => f.argOf === "policy.execute");
    expect(arrow?.params.map((p) => p.name)).toEqual(["{ signal }"]);
    expect(of(facts, "assignment").map((a) => a.target)).toEqual(["this.c", "api.defaults.timeout"]);
  });

  it("Go: binds calls and composites, reads params and loops", () => {
    const text = [
      "package p",
      'import ("context"; "net/http"; "time")',
      "type S struct{ c *http.Client }",
      "func (s *S) Get(ctx context.Context, r *http.Request) {",
      "\tctx, cancel := context.WithTimeout(ctx, time.Second)",
      "\tdefer cancel()",
      "\ts.c = &http.Client{Timeout: 3 * time.Second}",
      "\tfor {",
      "\t\tif _, err := s.c.Do(r.WithContext(ctx)); err == nil {",
      "\t\t\treturn",
      "\t\t}",
      "\t\ttime.Sleep(time.Second)",
      "\t}",
      "}",
    ].join("\n");
    const facts = go("p.go", text).facts;
    expect(of(facts, "call").find((c) => c.callee === "context.WithTimeout")?.assignedTo).toBe("ctx");
    const lit = of(facts, "composite")[0] as CompositeFact;
    expect([lit.type, lit.assignedTo, lit.value.kind === "object" ? Object.keys(lit.value.props) : []]).toEqual(["http.Client", "s.c", ["Timeout"]]);
    const fn = of(facts, "function")[0] as FunctionFact;
    expect(fn.params).toEqual([{ name: "ctx", type: "context.Context" }, { name: "r", type: "*http.Request" }]);
    const loop = of(facts, "loop")[0] as LoopFact;
    expect([loop.unconditional, loop.countedExit, loop.cancellable]).toEqual([true, false, false]);
  });
});

describe("the demo shop", () => {
  it("finds the planted calls without limits, and nothing else", async () => {
    const { report, model } = await run({ root: join(import.meta.dirname, "..", "fixtures", "repos", "shop") });
    const mine = new Set(["missing-rpc-deadline", "missing-http-timeout", "unbounded-retry", "timeout-budget", "missing-circuit-breaker"]);
    const found = report.findings.filter((f) => mine.has(f.ruleId)).map((f) => `${f.location.file}:${f.location.line} ${f.ruleId}`);
    expect(found).toEqual([
      "services/notifications/cmd/notifications/main.go:36 unbounded-retry",
      "services/notifications/internal/sender/sender.go:60 missing-http-timeout",
      "services/orders/src/inventoryClient.ts:52 missing-rpc-deadline",
      "services/orders/src/paymentsClient.ts:31 timeout-budget",
      "services/payments/src/fraud.ts:8 missing-http-timeout",
      // The storefront gives orders 800 ms (lookups) and 500 ms (readiness ping) while orders waits 4 s on payments.
      "services/storefront/src/server.mjs:61 timeout-budget",
      "services/storefront/src/server.mjs:84 timeout-budget",
    ]);
    const budget = report.findings.find((f) => f.ruleId === "timeout-budget")!;
    expect(budget.message).toContain("4 s");
    expect(budget.message).toContain("5 s");
    // The shared PSP client's timeout comes from the env default, since no manifest sets it.
    const psp = model.resilience!.calls.find((c) => c.file.endsWith("psp.ts"))!;
    expect(psp.limit?.value?.ms).toBe(5000);
    expect(psp.uses.map((u) => u.line)).toEqual([46, 65, 77]);
  });
});
