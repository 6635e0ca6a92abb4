/**
 * `.env` extractor: one {@link EnvFileFact} per assignment.
 *
 * Accepted (the common ground of dotenv and docker compose):
 * - `KEY=value`, `export KEY=value`, spaces around `=`; keys `[A-Za-z_][A-Za-z0-9_.-]*`;
 * - unquoted values are trimmed and end at an inline comment (`#` preceded by whitespace);
 *   `KEY=a#b` keeps `a#b`;
 * - `'single'` and `` `backtick` `` values are literal; `"double"` values cook `\n`, `\r`, `\t`,
 *   `\"`, `\\` (other backslashes stay); quoted values may span lines;
 * - nothing after the closing quote matters;
 * - `${VAR}` is kept as written (no expansion).
 * Blank lines, `#` comments and malformed lines (no `=`, bad key, unclosed quote) are skipped
 * silently: `.env` files are never parse errors, and values never appear in any message.
 */
import type { EnvFileFact, FileFacts } from "../facts.js";

const ASSIGNMENT = /^([ \t]*)(export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/;

function cookDouble(raw: string): string {
  return raw.replace(/\\([nrt"\\])/g, (_, c: string) =>
    c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c,
  );
}

/** Index of the closing `quote` in `s` from `from`; for `"`, backslash escapes are skipped. */
function closingQuote(s: string, from: number, quote: string): number {
  if (quote !== '"') return s.indexOf(quote, from);
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") i++;
    else if (c === '"') return i;
  }
  return -1;
}

export function extractEnvFile(path: string, text: string): FileFacts {
  const facts: EnvFileFact[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = ASSIGNMENT.exec(line);
    if (!m) continue;
    const name = m[3]!;
    const column = m[1]!.length + (m[2]?.length ?? 0) + 1;
    const rest = line.slice(m[0].length);
    const q = rest[0];
    let value: string;
    let endLine = i;
    if (q === '"' || q === "'" || q === "`") {
      // The value may continue on the following lines until its closing quote.
      let joined = rest;
      let close = closingQuote(joined, 1, q);
      while (close < 0 && endLine + 1 < lines.length) {
        endLine++;
        joined += `\n${lines[endLine]!}`;
        close = closingQuote(joined, 1, q);
      }
      if (close < 0) continue; // unclosed quote: malformed, resume at the next line
      const raw = joined.slice(1, close);
      value = q === '"' ? cookDouble(raw) : raw;
    } else {
      // `KEY= #x` is an empty value with a comment; `KEY=#x` (no space before #) is a value.
      if (rest.startsWith("#") && !m[0].endsWith("=")) {
        value = "";
      } else {
        const comment = /[ \t]#/.exec(rest);
        value = (comment ? rest.slice(0, comment.index) : rest).trim();
      }
    }
    facts.push({
      kind: "env-file-entry",
      name,
      value,
      loc: {
        file: path,
        line: i + 1,
        column,
        endLine: endLine + 1,
        endColumn: lines[endLine]!.length + 1,
      },
    });
    i = endLine;
  }
  return { file: path, language: "env", facts };
}
