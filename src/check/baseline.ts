import { existsSync, readFileSync } from "node:fs";
import type { Finding, StaleBaselineEntry } from "./finding.js";

export interface BaselineEntry {
  ruleId: string;
  file: string;
  fingerprint: string;
  message: string;
}

export interface BaselineFile {
  version: 1;
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

export function readBaseline(path: string): BaselineFile {
  if (!existsSync(path)) throw new BaselineError(`baseline file not found: ${path}`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new BaselineError(`${path}: not valid JSON (${(err as Error).message.split("\n")[0]})`);
  }
  const b = data as Partial<BaselineFile>;
  if (b?.version !== 1 || !Array.isArray(b.findings)) throw new BaselineError(`${path}: not an archlint baseline (expected {"version": 1, "findings": [...]})`);
  return b as BaselineFile;
}

/** The baseline file's text for today's findings: sorted, one entry per finding. */
export function formatBaseline(findings: Finding[]): string {
  const entries: BaselineEntry[] = findings.map((f) => ({ ruleId: f.ruleId, file: f.location.file, fingerprint: f.fingerprint, message: f.message }));
  return `${JSON.stringify({ version: 1, findings: entries } satisfies BaselineFile, null, 2)}\n`;
}

/** Hides findings recorded in the baseline; lists entries that no longer match anything. */
export function applyBaseline(findings: Finding[], baseline: BaselineFile): { kept: Finding[]; hidden: number; stale: StaleBaselineEntry[] } {
  const known = new Map<string, BaselineEntry>();
  for (const e of baseline.findings) known.set(e.fingerprint, e);
  const matched = new Set<string>();
  const kept: Finding[] = [];
  for (const f of findings) {
    if (known.has(f.fingerprint)) matched.add(f.fingerprint);
    else kept.push(f);
  }
  const stale = baseline.findings
    .filter((e) => !matched.has(e.fingerprint))
    .map((e) => ({ ruleId: e.ruleId, file: e.file, fingerprint: e.fingerprint }));
  return { kept, hidden: findings.length - kept.length, stale };
}
