import type { SuppressionFact } from "./facts.js";

const DIRECTIVE = /(?:\/\/|#|--|\/\*)\s*archlint-disable(-next-line|-line|-file)?(?=\s|$|\*\/)([^\n]*)/;

/**
 * Comment directives, the same in every language (`//` in TS/JS and Go, `#` in YAML and .env,
 * `--` in SQL): `archlint-disable-next-line <rule>[, <rule>] -- <reason>`, `archlint-disable-line`
 * and `archlint-disable-file`. Rules may be omitted (all rules); the reason after ` -- ` may not.
 */
export function scanSuppressions(file: string, text: string): SuppressionFact[] {
  if (!text.includes("archlint-disable")) return [];
  const out: SuppressionFact[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes("archlint-disable")) continue;
    const m = DIRECTIVE.exec(line);
    if (!m) continue;
    const kind = m[1] === "-line" ? "line" : m[1] === "-file" ? "file" : "next-line";
    // `*/` closes a block comment, `-->` the HTML comment a Markdown decision record uses
    let rest = m[2]!.replace(/\*\/.*$|\s*-->.*$/, "").trim();
    let reason: string | undefined;
    const sep = rest.search(/(^|\s)--(\s|$)/);
    if (sep >= 0) {
      reason = rest.slice(sep).replace(/^\s*--\s*/, "").trim() || undefined;
      rest = rest.slice(0, sep);
    }
    const rules = rest.split(/[\s,]+/).filter(Boolean);
    const column = (m.index ?? 0) + 1;
    out.push({
      kind: "suppression",
      scope: kind,
      rules,
      ...(reason ? { reason } : {}),
      targetLine: kind === "file" ? 0 : kind === "line" ? i + 1 : nextCodeLine(lines, i),
      loc: { file, line: i + 1, column, endLine: i + 1, endColumn: line.length + 1 },
    });
  }
  return out;
}

/** The line a next-line directive covers: the next one that is not blank. */
function nextCodeLine(lines: string[], i: number): number {
  let j = i + 1;
  while (j < lines.length && lines[j]!.trim() === "") j++;
  return j + 1;
}
