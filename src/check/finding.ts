/** The one shape every rule, command and reporter shares. */

export type Severity = "error" | "warning" | "info";

export interface FindingLocation {
  /** Path relative to the scanned root, with `/`. */
  file: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface RelatedLocation extends FindingLocation {
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: FindingLocation;
  service?: string;
  related?: RelatedLocation[];
  /** Stable hash of rule + file + normalised snippet + occurrence; survives code moving up or down. */
  fingerprint: string;
  /** Set when an archlint.yaml waiver bound to an accepted ADR covers the finding (see `Report.waived`). */
  waiver?: { adr: number; title: string; reason?: string };
}

/** What reporters need to know about a rule (SARIF rule metadata, markdown tables). */
export interface RuleMeta {
  id: string;
  title: string;
  severity: Severity;
  category: string;
  description: string;
  remediation: string;
  /** The rule's markdown doc, for SARIF `help.markdown` and `archlint rules <id>`. */
  doc?: string;
  /** Where the doc lives online or in the package (repo-relative path). */
  helpUri?: string;
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  filesScanned: number;
  services: number;
  suppressed: number;
  baselined: number;
  /** Findings covered by a waiver bound to an accepted ADR (listed in `Report.waived`). */
  waived?: number;
}

/** A baseline entry that no longer matches any finding (the debt was paid; drop it from the file). */
export interface StaleBaselineEntry {
  ruleId: string;
  file: string;
  fingerprint: string;
}

/** Everything a reporter gets. Reporters are pure functions of this. */
export interface Report {
  tool: { name: "archlint"; version: string };
  findings: Finding[];
  rules: RuleMeta[];
  summary: Summary;
  staleBaseline: StaleBaselineEntry[];
  /**
   * Findings a waiver covers: not counted, not failing the run, but shown as suppressed (SARIF) or
   * listed with their decision (markdown), so reviewers see the decision behind each exception.
   */
  waived?: Finding[];
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Deterministic order: file, line, column, rule, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    cmp(a.ruleId, b.ruleId) ||
    severityRank[a.severity] - severityRank[b.severity] ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
