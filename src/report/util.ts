import { compareFindings } from "../check/finding.js";
import type { Finding, Severity, StaleBaselineEntry } from "../check/finding.js";

/** A sorted copy; the caller's array is never mutated. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stale baseline entries in a stable order: file, rule, fingerprint. */
export function sortStale(entries: readonly StaleBaselineEntry[]): StaleBaselineEntry[] {
  return [...entries].sort(
    (a, b) => cmp(a.file, b.file) || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint),
  );
}

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
  total: number;
}

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, total: 0 };
  for (const f of findings) {
    counts[f.severity] += 1;
    counts.total += 1;
  }
  return counts;
}

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** "2 errors, 1 warning, 0 info" */
export function describeCounts(c: SeverityCounts): string {
  return `${plural(c.error, "error")}, ${plural(c.warning, "warning")}, ${c.info} info`;
}

/** `file:line` or `file:line:column`. */
export function formatPosition(loc: { file: string; line: number; column?: number }): string {
  return loc.column === undefined ? `${loc.file}:${loc.line}` : `${loc.file}:${loc.line}:${loc.column}`;
}

/** Collapse every run of whitespace that contains a line break into one space. */
export function singleLine(text: string): string {
  return text.replace(/[ \t]*(?:\r\n|\r|\n)\s*/g, " ").trim();
}

export const severityOrder: readonly Severity[] = ["error", "warning", "info"];
