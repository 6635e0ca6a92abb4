import { createHash } from "node:crypto";
import type { Finding } from "./finding.js";
import type { RawFinding } from "./rule.js";

/**
 * Stable identity of a finding for baselines and SARIF `partialFingerprints`: the rule, the file,
 * the finding's source line with whitespace collapsed, and its rank among identical lines. Lines
 * moving up or down keep the fingerprint; editing the flagged line changes it.
 */
export function addFingerprints(findings: RawFinding[], lineText: (file: string, line: number) => string): Finding[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const snippet = lineText(f.location.file, f.location.line).replace(/\s+/g, " ").trim();
    const key = `${f.ruleId}\u0000${f.location.file}\u0000${snippet}`;
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    const fingerprint = createHash("sha256").update(`${key}\u0000${rank}`).digest("hex").slice(0, 32);
    return { ...f, fingerprint };
  });
}
