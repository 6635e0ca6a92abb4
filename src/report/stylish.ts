import pc from "picocolors";
import type { Finding, Report, Severity } from "../check/finding.js";
import type { ReporterOptions } from "./types.js";
import { countBySeverity, describeCounts, plural, singleLine, sortFindings, sortStale } from "./util.js";

/**
 * ESLint-"stylish"-like terminal output.
 *
 * ```
 *
 * services/orders/src/repository.ts
 *    3:1   warning  Message text  rule-id
 *   11:33  error    Message text  other-rule
 *          ↳ services/orders/k8s/deploy.yaml:3  related message
 *
 * ✖ 2 problems (1 error, 1 warning, 0 info)
 * ```
 *
 * With no findings and no stale baseline entries the output is the empty string, as ESLint does:
 * a clean run is silent, and the caller (CLI) may print its own success line on a TTY.
 * Messages are flattened to one line and stripped of control characters (they can quote text
 * from the scanned repository, which must not be able to drive the terminal).
 */
export function formatStylish(report: Report, options: ReporterOptions): string {
  const c = pc.createColors(options.color);
  const findings = sortFindings(report.findings);
  const stale = sortStale(report.staleBaseline);
  let out = "";

  for (const [file, group] of groupByFile(findings)) {
    out += `\n${c.underline(clean(file))}\n`;
    const rows = group.map(toRow);
    const lineWidth = Math.max(...rows.map((r) => String(r.line).length));
    const posWidth = Math.max(...rows.map((r) => lineWidth + r.col.length));
    const sevWidth = Math.max(...rows.map((r) => r.severity.length));
    const msgWidth = Math.max(...rows.map((r) => width(r.message)));
    const indent = " ".repeat(2 + posWidth + 2);
    for (const r of rows) {
      const pos = `${String(r.line).padStart(lineWidth)}${r.col}`;
      out +=
        `  ${c.dim(pos)}${pad(pos, posWidth)}` +
        `  ${paintSeverity(c, r.severity)(r.severity)}${pad(r.severity, sevWidth)}` +
        `  ${r.message}${pad(r.message, msgWidth)}` +
        `  ${c.dim(r.ruleId)}\n`;
      for (const rel of r.related) {
        out += `${indent}${c.dim(`↳ ${rel.where}`)}  ${rel.message}\n`;
      }
    }
  }

  if (findings.length > 0) {
    const counts = countBySeverity(findings);
    const paint = counts.error > 0 ? c.red : counts.warning > 0 ? c.yellow : c.blue;
    out += `\n${c.bold(paint(`✖ ${plural(counts.total, "problem")} (${describeCounts(counts)})`))}\n`;
    const hidden: string[] = [];
    if (report.summary.baselined > 0) hidden.push(`${report.summary.baselined} baselined`);
    if (report.summary.suppressed > 0) hidden.push(`${report.summary.suppressed} suppressed`);
    if ((report.summary.waived ?? 0) > 0) hidden.push(`${report.summary.waived} waived by decisions`);
    if (hidden.length > 0) out += `${c.dim(`  not shown: ${hidden.join(", ")}`)}\n`;
  }

  if (stale.length > 0) {
    const fileWidth = Math.max(...stale.map((s) => width(clean(s.file))));
    const ruleWidth = Math.max(...stale.map((s) => width(clean(s.ruleId))));
    out +=
      `\n${c.yellow(
        `${plural(stale.length, "baseline entry", "baseline entries")} no longer ${
          stale.length === 1 ? "matches" : "match"
        } any finding; remove ${stale.length === 1 ? "it" : "them"} from the baseline file:`,
      )}\n`;
    for (const s of stale) {
      const file = clean(s.file);
      const rule = clean(s.ruleId);
      out += `  ${file}${pad(file, fileWidth)}  ${rule}${pad(rule, ruleWidth)}  ${c.dim(clean(s.fingerprint))}\n`;
    }
  }

  return out;
}

interface Row {
  line: number;
  col: string;
  severity: Severity;
  message: string;
  ruleId: string;
  related: { where: string; message: string }[];
}

function toRow(f: Finding): Row {
  return {
    line: f.location.line,
    col: f.location.column === undefined ? "" : `:${f.location.column}`,
    severity: f.severity,
    message: clean(f.message),
    ruleId: clean(f.ruleId),
    related: (f.related ?? []).map((r) => ({
      where: clean(
        r.column === undefined ? `${r.file}:${r.line}` : `${r.file}:${r.line}:${r.column}`,
      ),
      message: clean(r.message),
    })),
  };
}

function groupByFile(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.location.file);
    if (list) list.push(f);
    else groups.set(f.location.file, [f]);
  }
  return groups;
}

type Paint = (s: string) => string;

function paintSeverity(c: ReturnType<typeof pc.createColors>, severity: Severity): Paint {
  return severity === "error" ? c.red : severity === "warning" ? c.yellow : c.blue;
}

/** One line, no control characters (C0, DEL, C1): repo text must not drive the terminal. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return singleLine(text).replace(/\t/g, " ").replace(/[\u0000-\u001f\u007f-\u009f]/g, "\uFFFD");
}

/** Display width in code points (good enough for a terminal table; wide CJK is not measured). */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, to: number): string {
  return " ".repeat(Math.max(0, to - width(text)));
}
