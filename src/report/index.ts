import type { Report } from "../check/finding.js";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatMarkdown } from "./markdown.js";
import { formatSarif } from "./sarif.js";
import { formatStylish } from "./stylish.js";
import type { ReporterOptions } from "./types.js";

export type { ReporterOptions } from "./types.js";
export { formatGithub, formatJson, formatMarkdown, formatSarif, formatStylish };

export const reporterNames = ["stylish", "json", "sarif", "github", "markdown"] as const;
export type ReporterName = (typeof reporterNames)[number];

export type Reporter = (report: Report, options: ReporterOptions) => string;

export const reporters: Readonly<Record<ReporterName, Reporter>> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  markdown: formatMarkdown,
};

export function isReporterName(name: string): name is ReporterName {
  return (reporterNames as readonly string[]).includes(name);
}

/** Format a report. Pure: the same report and options give the same string. */
export function formatReport(name: ReporterName, report: Report, options: ReporterOptions): string {
  const reporter = reporters[name];
  if (!reporter) throw new Error(`Unknown format "${String(name)}"; expected one of: ${reporterNames.join(", ")}`);
  return reporter(report, options);
}
