import { createHash } from "node:crypto";
import type { Finding, RelatedLocation, Report, RuleMeta } from "../check/finding.js";
import { compareFindings } from "../check/finding.js";
import type { BreakingFinding, BreakingOutcome } from "./breaking.js";
import type { Field, Message } from "./model.js";
import { buildSide } from "./rules/context.js";
import { breakingRuleById } from "./rules/index.js";

const DOC = "rules/breaking/README.md";

/** buf's own `--error-format json`: one JSON object per line, same keys, same order, same sort. */
export function formatBufJson(outcome: BreakingOutcome): string {
  const lines: string[] = [];
  if (outcome.compile.length) {
    for (const c of outcome.compile) {
      lines.push(JSON.stringify({ path: c.path, start_line: c.line, start_column: c.col, end_line: c.endLine, end_column: c.endCol, type: "COMPILE", message: c.message }));
    }
  } else {
    for (const f of outcome.findings) {
      const s = f.span;
      lines.push(
        JSON.stringify({
          ...(f.path !== undefined ? { path: f.path } : {}),
          start_line: s?.start.line ?? 1,
          start_column: s?.start.col ?? 1,
          end_line: s?.end.line ?? 1,
          end_column: s?.end.col ?? 1,
          type: f.ruleId,
          message: f.message,
        }),
      );
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** A message's shape for rename detection: its fields by number, name, kind, cardinality and type. */
function signature(m: Message): string {
  const fieldSig = (f: Field) => `${f.number}:${f.name}:${f.kind}:${f.label ?? ""}:${f.isMap ? "map" : ""}:${f.kind === "message" || f.kind === "enum" || f.kind === "group" ? (f.resolvedType ?? "").split(".").pop() : ""}`;
  return [...m.fields].sort((a, b) => a.number - b.number).map(fieldSig).join(",") + `|${m.messages.length}|${m.enums.length}`;
}

/**
 * Messages deleted on one side while a message with the same fields appears on the other: likely
 * renames (or moves). Only one-to-one matches count.
 */
export function detectRenames(outcome: BreakingOutcome): Map<string, string> {
  const cur = buildSide(outcome.current.files);
  const prev = buildSide(outcome.against.files);
  const added = new Map<string, string[]>();
  for (const [name, m] of cur.messages) {
    if (prev.messages.has(name) || m.isMapEntry || !m.fields.length) continue;
    const sig = signature(m);
    added.set(sig, [...(added.get(sig) ?? []), name]);
  }
  const removed = new Map<string, string[]>();
  for (const [name, m] of prev.messages) {
    if (cur.messages.has(name) || m.isMapEntry || !m.fields.length) continue;
    const sig = signature(m);
    removed.set(sig, [...(removed.get(sig) ?? []), name]);
  }
  const out = new Map<string, string>();
  for (const [sig, olds] of removed) {
    const news = added.get(sig);
    if (olds.length === 1 && news?.length === 1) out.set(olds[0]!, news[0]!);
  }
  return out;
}

function location(f: BreakingFinding): Finding["location"] {
  const file = f.path ?? f.against?.displayPath ?? f.against?.path ?? "";
  if (!f.span) return { file, line: 1, column: 1 };
  return { file, line: f.span.start.line, column: f.span.start.col, endLine: f.span.end.line, endColumn: f.span.end.col };
}

function fingerprint(ruleId: string, file: string, message: string): string {
  return createHash("sha256").update(`${ruleId}\u0000${file}\u0000${message}`).digest("hex").slice(0, 32);
}

function explain(ruleId: string, message: string): string {
  const meta = breakingRuleById.get(ruleId);
  return meta ? `${message} ${meta.consequence} Instead: ${meta.safe}` : message;
}

export function ruleMetaFor(id: string): RuleMeta {
  const meta = breakingRuleById.get(id);
  if (!meta) {
    return {
      id,
      title: "The schema does not compile",
      severity: "error",
      category: "breaking",
      description: "A .proto file has a syntax error, an import that cannot be found, or a type that cannot be resolved; nothing was compared.",
      remediation: "Fix the file so that it compiles (buf build would fail on it too).",
      helpUri: `${DOC}#compile`,
    };
  }
  return {
    id,
    title: meta.summary,
    severity: "error",
    category: `breaking (${meta.categories.join(", ")})`,
    description: `${meta.summary} ${meta.consequence}`,
    remediation: meta.safe,
    helpUri: `${DOC}#${id.toLowerCase()}`,
  };
}

/**
 * The outcome as archlint's common report, so every reporter works. Each message adds what breaks
 * and the safe alternative. With `renameHints`, a message deleted while an identical one appears
 * becomes one finding that names the rename, and the type changes it causes are folded into it as
 * related locations.
 */
export function toReport(outcome: BreakingOutcome, version: string, renameHints = true): Report {
  const findings: Finding[] = [];
  if (outcome.compile.length) {
    for (const c of outcome.compile) {
      findings.push({
        ruleId: "COMPILE",
        severity: "error",
        message: c.message,
        location: { file: c.path, line: c.line, column: c.col, endLine: c.endLine, endColumn: c.endCol },
        fingerprint: fingerprint("COMPILE", c.path, c.message),
      });
    }
  } else {
    const renames = renameHints ? detectRenames(outcome) : new Map<string, string>();
    const folded = new Map<string, RelatedLocation[]>();
    const renameOf = new Map<BreakingFinding, string>();
    const hasDeletion = new Set(outcome.findings.filter((f) => f.deletedMessage && renames.has(f.deletedMessage)).map((f) => f.deletedMessage!));
    const kept: BreakingFinding[] = [];
    for (const f of outcome.findings) {
      if (f.typeChange && renames.get(f.typeChange.from) === f.typeChange.to && hasDeletion.has(f.typeChange.from)) {
        const loc = location(f);
        const list = folded.get(f.typeChange.from) ?? [];
        list.push({ ...loc, message: `${f.ruleId}: ${f.message}` });
        folded.set(f.typeChange.from, list);
        continue;
      }
      if (f.deletedMessage && renames.has(f.deletedMessage)) renameOf.set(f, renames.get(f.deletedMessage)!);
      kept.push(f);
    }
    for (const f of kept) {
      const loc = location(f);
      let message = explain(f.ruleId, f.message);
      let related: RelatedLocation[] | undefined;
      const to = renameOf.get(f);
      if (to) {
        related = folded.get(f.deletedMessage!);
        const uses = related?.length ? ` ${related.length} field and RPC type change(s) follow from it (see related locations).` : "";
        message = `Message "${f.deletedMessage}" looks renamed to "${to}" (same fields).${uses} ${explain(f.ruleId, f.message)} A rename changes the type's full name: generated code, Any type URLs and reflection break, though the wire format does not. Prefer keeping the old name, or add the new message and deprecate the old one.`;
      }
      findings.push({
        ruleId: f.ruleId,
        severity: "error",
        message,
        location: loc,
        ...(related?.length ? { related } : {}),
        fingerprint: fingerprint(f.ruleId, loc.file, f.message),
      });
    }
  }
  findings.sort(compareFindings);
  const ids = [...new Set(findings.map((f) => f.ruleId))].sort();
  return {
    tool: { name: "archlint", version },
    findings,
    rules: ids.map(ruleMetaFor),
    summary: {
      errors: findings.length,
      warnings: 0,
      infos: 0,
      filesScanned: outcome.filesChecked,
      services: 0,
      suppressed: outcome.suppressed,
      baselined: 0,
    },
    staleBaseline: [],
  };
}
