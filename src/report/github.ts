import type { Finding, Report } from "../check/finding.js";
import type { ReporterOptions } from "./types.js";
import { formatPosition, plural, sortFindings, sortStale } from "./util.js";

/**
 * GitHub Actions workflow commands, one annotation per finding:
 *
 *     ::error file=a.ts,line=3,col=5,endLine=3,endColumn=9,title=rule-id::message
 *
 * `error` / `warning` / `notice` for error / warning / info. Related locations are appended to the
 * message as extra lines. `col` / `endColumn` are sent only when the annotation spans one line
 * (GitHub ignores columns on multi-line annotations). Stale baseline entries give one `notice`
 * without a file. Escaping follows @actions/core: `%`, CR, LF in the message; also `:` and `,`
 * in property values. No findings and no stale entries: empty string.
 */
export function formatGithub(report: Report, _options: ReporterOptions): string {
  const lines = sortFindings(report.findings).map(annotation);
  const stale = sortStale(report.staleBaseline);
  if (stale.length > 0) {
    const list = stale.map((s) => `${s.file}  ${s.ruleId}  ${s.fingerprint}`).join("\n");
    lines.push(
      command(
        "notice",
        { title: "archlint: stale baseline" },
        `${plural(stale.length, "baseline entry", "baseline entries")} no longer ${
          stale.length === 1 ? "matches" : "match"
        } any finding; remove ${stale.length === 1 ? "it" : "them"} from the baseline file:\n${list}`,
      ),
    );
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

const commandFor = { error: "error", warning: "warning", info: "notice" } as const;

function annotation(f: Finding): string {
  const l = f.location;
  const props: Record<string, string | number | undefined> = { file: l.file, line: l.line };
  const endLine = l.endLine !== undefined && l.endLine >= l.line ? l.endLine : undefined;
  const oneLine = endLine === undefined || endLine === l.line;
  if (oneLine && l.column !== undefined) props.col = l.column;
  if (endLine !== undefined) props.endLine = endLine;
  if (oneLine && l.column !== undefined && l.endColumn !== undefined && l.endColumn >= l.column) {
    props.endColumn = l.endColumn;
  }
  props.title = f.ruleId;
  let message = f.message;
  for (const r of f.related ?? []) message += `\n↳ ${formatPosition(r)}: ${r.message}`;
  return command(commandFor[f.severity], props, message);
}

function command(
  name: string,
  props: Record<string, string | number | undefined>,
  message: string,
): string {
  const list = Object.entries(props)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(",");
  return `::${name}${list ? ` ${list}` : ""}::${escapeData(message)}`;
}

export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
