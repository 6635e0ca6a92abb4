/**
 * Verdicts → the common Report, so every archlint format works: a failed check is an error, an
 * inconclusive one a warning, a passed one an info finding, each anchored at the check's line in
 * the harness YAML. `--format json` adds `service` and `checks` (declared, measured, verdict).
 */
import { createHash } from "node:crypto";
import { relative } from "node:path";
import type { Finding, Report, Severity } from "../check/finding.js";
import { formatJson } from "../report/index.js";
import { version } from "../version.js";
import { harnessRuleId, harnessRules } from "./rules.js";
import type { HarnessConfig, Verdict, VerdictKind } from "./types.js";

const severityOf: Record<VerdictKind, Severity> = { fail: "error", inconclusive: "warning", pass: "info" };

export function harnessReport(config: HarnessConfig, verdicts: readonly Verdict[], cwd = process.cwd()): Report {
  const file = relative(cwd, config.file).split("\\").join("/") || config.file;
  const findings: Finding[] = verdicts.map((v) => {
    const ruleId = harnessRuleId(v.check);
    const line = config.checkLines[v.check] ?? 1;
    const extra = v.verdict === "pass" ? [] : v.reasons.slice(1);
    return {
      ruleId,
      severity: severityOf[v.verdict],
      message: `${v.check} ${v.verdict}: ${v.summary}`,
      location: { file, line },
      service: config.service.name,
      ...(extra.length > 0 ? { related: extra.map((message) => ({ file, line, message })) } : {}),
      // Stable across runs: measured numbers never enter it.
      fingerprint: createHash("sha256").update(`${ruleId}\u0000${file}\u0000${config.service.name}`).digest("hex").slice(0, 32),
    };
  });
  const count = (k: VerdictKind) => verdicts.filter((v) => v.verdict === k).length;
  return {
    tool: { name: "archlint", version },
    findings,
    rules: harnessRules(verdicts.map((v) => v.check)),
    summary: { errors: count("fail"), warnings: count("inconclusive"), infos: count("pass"), filesScanned: 1, services: 1, suppressed: 0, baselined: 0 },
    staleBaseline: [],
  };
}

/** The common JSON plus `service` and, per check, declared / measured / verdict. */
export function formatHarnessJson(config: HarnessConfig, report: Report, verdicts: readonly Verdict[]): string {
  const base = JSON.parse(formatJson(report, { color: false })) as Record<string, unknown>;
  const out = {
    tool: base.tool,
    service: config.service.name,
    checks: verdicts.map((v) => ({ check: v.check, verdict: v.verdict, summary: v.summary, declared: v.declared, measured: v.measured, reasons: v.reasons })),
    findings: base.findings,
    summary: base.summary,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
