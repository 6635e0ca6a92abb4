import type { Finding, FindingLocation, RelatedLocation, Report } from "../check/finding.js";
import type { ReporterOptions } from "./types.js";
import { sortFindings, sortStale } from "./util.js";

/**
 * `{ tool, findings, summary }` (+ `staleBaseline` and `waived` when non-empty), two-space indented, trailing
 * newline. Findings are re-sorted with `compareFindings` and every object is rebuilt with a fixed
 * key order, so the bytes do not depend on how a detector happened to build its objects.
 * `report.rules` is deliberately left out (that is what `archlint rules` is for).
 */
export function formatJson(report: Report, _options: ReporterOptions): string {
  const s = report.summary;
  const out: Record<string, unknown> = {
    tool: { name: report.tool.name, version: report.tool.version },
    findings: sortFindings(report.findings).map(normaliseFinding),
    summary: {
      errors: s.errors,
      warnings: s.warnings,
      infos: s.infos,
      filesScanned: s.filesScanned,
      services: s.services,
      suppressed: s.suppressed,
      baselined: s.baselined,
      ...(s.waived ? { waived: s.waived } : {}),
    },
  };
  if (report.staleBaseline.length > 0) {
    out.staleBaseline = sortStale(report.staleBaseline).map((e) => ({
      ruleId: e.ruleId,
      file: e.file,
      fingerprint: e.fingerprint,
    }));
  }
  // Findings a waiver bound to an accepted ADR covers: kept apart, with the decision behind them.
  if (report.waived && report.waived.length > 0) {
    out.waived = sortFindings(report.waived).map((f) => ({ ...normaliseFinding(f), ...(f.waiver ? { waiver: { ...f.waiver } } : {}) }));
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

function normaliseFinding(f: Finding): Finding {
  // Optional keys sit where DESIGN.md shows them: after `location`, before `fingerprint`.
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    location: normaliseLocation(f.location),
    ...(f.service !== undefined ? { service: f.service } : {}),
    ...(f.related !== undefined && f.related.length > 0
      ? { related: f.related.map(normaliseRelated) }
      : {}),
    fingerprint: f.fingerprint,
  };
}

function normaliseLocation(l: FindingLocation): FindingLocation {
  return {
    file: l.file,
    line: l.line,
    ...(l.column !== undefined ? { column: l.column } : {}),
    ...(l.endLine !== undefined ? { endLine: l.endLine } : {}),
    ...(l.endColumn !== undefined ? { endColumn: l.endColumn } : {}),
  };
}

function normaliseRelated(r: RelatedLocation): RelatedLocation {
  return { ...normaliseLocation(r), message: r.message };
}
