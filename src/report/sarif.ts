import type { Location, Log, Region, ReportingDescriptor, Result } from "sarif";
import type { Finding, FindingLocation, Report, RuleMeta, Severity } from "../check/finding.js";
import type { ReporterOptions } from "./types.js";
import { formatPosition, sortFindings } from "./util.js";

/**
 * Where people learn about archlint (`tool.driver.informationUri`).
 * PLACEHOLDER until the project has a public home; change it here only.
 */
export const ARCHLINT_INFORMATION_URI = "https://github.com/archlint/archlint";

/** `uriBaseId` of every location: paths are relative to the scanned root (the checkout). */
export const SRCROOT = "%SRCROOT%";

/** Key of `result.partialFingerprints`; bump the version if the fingerprint recipe changes. */
export const FINGERPRINT_KEY = "archlint/v1";

/** How many related locations are linked from the message text (all are kept, up to GitHub's cap). */
const MAX_LINKED_RELATED = 10;
/** GitHub code scanning reads at most 1000 related locations per result. */
const MAX_RELATED = 1000;

const level = { error: "error", warning: "warning", info: "note" } as const;
const problemSeverity = { error: "error", warning: "warning", info: "recommendation" } as const;
/** CVSS-like scores GitHub wants on security rules: high / medium / low. */
const securitySeverity = { error: "8.0", warning: "5.0", info: "2.0" } as const;
const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * SARIF 2.1.0 for GitHub code scanning: one run; `tool.driver.rules` holds every rule of
 * `report.rules` plus a minimal descriptor for any rule id a finding uses that is not there
 * (e.g. `parse-error`), sorted by id; each result points at its rule with `ruleId` + `ruleIndex`,
 * carries `partialFingerprints["archlint/v1"]` so that alerts survive code moving, and links its
 * related locations from the message (GitHub only shows related locations linked that way).
 * `results` is always present (an empty array closes the alerts of fixed findings).
 */
export function formatSarif(report: Report, _options: ReporterOptions): string {
  // Waived findings stay in the log as suppressed results, with the decision behind them.
  const findings = sortFindings([...report.findings, ...(report.waived ?? [])]);
  const rules = collectRules(report.rules, findings);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));

  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            informationUri: ARCHLINT_INFORMATION_URI,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: rules.map(descriptor),
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: "The root of the scanned repository." } },
        },
        columnKind: "utf16CodeUnits",
        results: findings.map((f) => result(f, ruleIndex.get(f.ruleId) ?? 0)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function collectRules(known: readonly RuleMeta[], findings: readonly Finding[]): RuleMeta[] {
  const byId = new Map<string, RuleMeta>();
  for (const r of known) if (!byId.has(r.id)) byId.set(r.id, r);
  for (const f of findings) {
    const seen = byId.get(f.ruleId);
    if (!seen) {
      byId.set(f.ruleId, {
        id: f.ruleId,
        title: f.ruleId,
        severity: f.severity,
        category: "archlint",
        description: `Findings reported by archlint under the id ${f.ruleId}.`,
        remediation: "See the finding message.",
      });
    } else if (!known.includes(seen) && severityRank[f.severity] < severityRank[seen.severity]) {
      seen.severity = f.severity; // a synthesised rule takes its most severe finding's level
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function descriptor(rule: RuleMeta): ReportingDescriptor {
  const security = rule.category.toLowerCase() === "security";
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: sentence(rule.title) },
    fullDescription: { text: sentence(rule.description) },
    help: { text: sentence(rule.remediation), markdown: rule.doc ?? sentence(rule.remediation) },
    ...(rule.helpUri !== undefined && isAbsoluteUri(rule.helpUri) ? { helpUri: rule.helpUri } : {}),
    defaultConfiguration: { level: level[rule.severity] },
    properties: {
      tags: [rule.category],
      precision: "high",
      "problem.severity": problemSeverity[rule.severity],
      ...(security ? { "security-severity": securitySeverity[rule.severity] } : {}),
    },
  };
}

function result(f: Finding, ruleIndex: number): Result {
  const related = (f.related ?? []).slice(0, MAX_RELATED);
  let text = sentence(escapeBrackets(f.message));
  if (related.length > 0) {
    const links = related
      .slice(0, MAX_LINKED_RELATED)
      .map((r, i) => `[${escapeBrackets(formatPosition(r))}](${i + 1})`);
    const more = related.length - links.length;
    text += ` Related: ${links.join(", ")}${more > 0 ? ` and ${more} more` : ""}.`;
  }
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: level[f.severity],
    message: { text },
    locations: [location(f.location)],
    ...(related.length > 0
      ? {
          relatedLocations: related.map((r, i) => ({
            id: i + 1,
            ...location(r),
            message: { text: sentence(escapeBrackets(r.message)) },
          })),
        }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.waiver
      ? {
          suppressions: [
            {
              kind: "external",
              status: "accepted",
              justification: `Waived by ADR-${String(f.waiver.adr).padStart(4, "0")}: ${f.waiver.title}${f.waiver.reason ? ` (${f.waiver.reason})` : ""}`,
            },
          ],
        }
      : {}),
    ...(f.service !== undefined ? { properties: { service: f.service } } : {}),
  };
}

function location(l: FindingLocation): Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodePath(l.file), uriBaseId: SRCROOT },
      region: region(l),
    },
  };
}

/** Columns only when known; never an end before the start. */
function region(l: FindingLocation): Region {
  const startLine = Math.max(1, l.line);
  const r: Region = { startLine };
  const startColumn = l.column !== undefined && l.column >= 1 ? l.column : undefined;
  if (startColumn !== undefined) r.startColumn = startColumn;
  const endLine = l.endLine !== undefined && l.endLine >= startLine ? l.endLine : startLine;
  if (l.endLine !== undefined && endLine > startLine) r.endLine = endLine;
  if (startColumn !== undefined && l.endColumn !== undefined) {
    if (endLine > startLine ? l.endColumn >= 1 : l.endColumn >= startColumn) {
      r.endLine = endLine;
      r.endColumn = l.endColumn;
    }
  }
  return r;
}

/** A relative URI reference: every path segment percent-encoded except RFC 3986 pchars (minus `:`). */
export function encodePath(file: string): string {
  return file
    .split("/")
    .map((seg) =>
      Array.from(seg, (ch) => (/[A-Za-z0-9\-._~!$&'()*+,;=@]/.test(ch) ? ch : percent(ch))).join(""),
    )
    .join("/");
}

function percent(ch: string): string {
  return [...new TextEncoder().encode(ch)]
    .map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`)
    .join("");
}

function isAbsoluteUri(uri: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri);
}

/** "select-star" → "SelectStar". */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/** SARIF (and GitHub) want plain-text messages to be sentences ending with a period. */
function sentence(text: string): string {
  const t = text.trim();
  return t === "" || /[.!?]$/.test(t) ? t : `${t}.`;
}

/** SARIF §3.11.6: literal brackets in a plain-text message are escaped (they delimit links). */
function escapeBrackets(text: string): string {
  return text.replace(/[[\]]/g, "\\$&");
}
