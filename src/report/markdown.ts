import { compareFindings } from "../check/finding.js";
import type { Finding, Report, Severity } from "../check/finding.js";
import type { ReporterOptions } from "./types.js";
import { countBySeverity, describeCounts, formatPosition, plural, sortStale } from "./util.js";

/** Rows shown in the findings table (and the stale-baseline list) before "…and N more". */
export const MARKDOWN_MAX_ROWS = 50;

const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * GitHub-flavoured Markdown for a PR comment or `$GITHUB_STEP_SUMMARY`: a heading, counts by
 * severity, a table by rule, then a findings table (errors first, then warnings, then info; within
 * a severity in report order) capped at {@link MARKDOWN_MAX_ROWS} rows. Text from findings is
 * escaped: Markdown/HTML punctuation is backslash-escaped, newlines become `<br>`, and `@name`
 * is put in a code span so that a PR comment never pings a user or team.
 */
export function formatMarkdown(report: Report, _options: ReporterOptions): string {
  const findings = [...report.findings].sort(
    (a, b) => rank[a.severity] - rank[b.severity] || compareFindings(a, b),
  );
  const counts = countBySeverity(findings);
  const s = report.summary;
  const out: string[] = ["## archlint", ""];
  const scope = `${plural(s.filesScanned, "file")} scanned, ${plural(s.services, "service")}`;

  if (findings.length === 0) {
    out.push(`✅ No problems found (${scope}).`);
  } else {
    const icon = counts.error > 0 ? "❌" : counts.warning > 0 ? "⚠️" : "ℹ️";
    out.push(`${icon} **${plural(counts.total, "problem")}** (${describeCounts(counts)}); ${scope}.`);
  }
  const hidden: string[] = [];
  if (s.baselined > 0) hidden.push(`${s.baselined} baselined`);
  if (s.suppressed > 0) hidden.push(`${s.suppressed} suppressed`);
  if ((s.waived ?? 0) > 0) hidden.push(`${s.waived} waived by decisions (listed below)`);
  if (hidden.length > 0) out.push("", `Not shown: ${hidden.join(", ")}.`);

  if (findings.length > 0) {
    out.push("", "### By rule", "", "| Rule | Severity | Count |", "| --- | --- | ---: |");
    for (const row of byRule(findings)) {
      const title = report.rules.find((r) => r.id === row.ruleId)?.title;
      const rule = title ? `${codeSpan(row.ruleId)} — ${cell(title)}` : codeSpan(row.ruleId);
      out.push(`| ${rule} | ${row.severity} | ${row.count} |`);
    }

    out.push("", "### Findings", "", "| Location | Severity | Rule | Message |", "| --- | --- | --- | --- |");
    for (const f of findings.slice(0, MARKDOWN_MAX_ROWS)) {
      out.push(`| ${codeSpan(formatPosition(f.location))} | ${f.severity} | ${codeSpan(f.ruleId)} | ${message(f)} |`);
    }
    if (findings.length > MARKDOWN_MAX_ROWS) {
      out.push("", `…and ${plural(findings.length - MARKDOWN_MAX_ROWS, "more finding")}.`);
    }
  }

  const waived = report.waived ?? [];
  if (waived.length > 0) {
    out.push("", "### Waived by decisions", "", "| Location | Rule | Decision | Message |", "| --- | --- | --- | --- |");
    for (const f of waived.slice(0, MARKDOWN_MAX_ROWS)) {
      const adr = f.waiver ? `ADR-${String(f.waiver.adr).padStart(4, "0")} ${cell(f.waiver.title)}` : "";
      out.push(`| ${codeSpan(formatPosition(f.location))} | ${codeSpan(f.ruleId)} | ${adr} | ${message(f)} |`);
    }
    if (waived.length > MARKDOWN_MAX_ROWS) out.push("", `…and ${plural(waived.length - MARKDOWN_MAX_ROWS, "more waived finding")}.`);
  }

  const stale = sortStale(report.staleBaseline);
  if (stale.length > 0) {
    out.push(
      "",
      "### Stale baseline entries",
      "",
      `${plural(stale.length, "baseline entry", "baseline entries")} no longer ${
        stale.length === 1 ? "matches" : "match"
      } any finding; remove ${stale.length === 1 ? "it" : "them"} from the baseline file.`,
      "",
    );
    for (const e of stale.slice(0, MARKDOWN_MAX_ROWS)) {
      out.push(`- ${codeSpan(e.file)} ${codeSpan(e.ruleId)} ${codeSpan(e.fingerprint)}`);
    }
    if (stale.length > MARKDOWN_MAX_ROWS) out.push("", `…and ${stale.length - MARKDOWN_MAX_ROWS} more.`);
  }

  return `${out.join("\n")}\n`;
}

interface RuleRow {
  ruleId: string;
  severity: Severity;
  count: number;
}

/** One row per (rule, severity): errors first, then by count (descending), then by id. */
function byRule(findings: Finding[]): RuleRow[] {
  const rows = new Map<string, RuleRow>();
  for (const f of findings) {
    const key = `${f.severity}\u0000${f.ruleId}`;
    const row = rows.get(key);
    if (row) row.count += 1;
    else rows.set(key, { ruleId: f.ruleId, severity: f.severity, count: 1 });
  }
  return [...rows.values()].sort(
    (a, b) =>
      rank[a.severity] - rank[b.severity] ||
      b.count - a.count ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

function message(f: Finding): string {
  let text = cell(f.message);
  for (const r of f.related ?? []) text += `<br>↳ ${codeSpan(formatPosition(r))} ${cell(r.message)}`;
  return text;
}

const mention = /((?<![\w`])@[A-Za-z0-9][\w./-]*)/;

/** Inline text safe for a table cell. */
export function cell(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split(mention)
    .map((part, i) => (i % 2 === 1 ? codeSpan(part) : part.replace(/[\\`*_[\]<>|~&$]/g, "\\$&")))
    .join("")
    .replace(/\n/g, "<br>");
}

/** A code span safe for a table cell: `|` escaped (GFM unescapes it inside tables), no newlines. */
export function codeSpan(text: string): string {
  const body = text.replace(/\r\n?|\n/g, " ").replace(/\|/g, "\\|");
  const runs = body.match(/`+/g) ?? [];
  const fence = "`".repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const padded = fence.length > 1 || body.startsWith(" ") || body.endsWith(" ") ? ` ${body} ` : body;
  return `${fence}${padded}${fence}`;
}
