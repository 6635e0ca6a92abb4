/**
 * Java `.properties` extractor: one {@link ConfigEntryFact} per key, read the way
 * `java.util.Properties.load` reads it:
 * - a logical line is natural lines joined where one ends in an odd number of backslashes; the
 *   leading whitespace of each continuation line is dropped;
 * - blank lines and lines whose first non-blank character is `#` or `!` are comments (a comment
 *   line never continues);
 * - the key runs to the first unescaped `=`, `:` or whitespace; whitespace, then one `=` or `:`,
 *   then whitespace separate it from the value;
 * - `\t`, `\n`, `\r`, `\f` and `\uXXXX` are escapes, a backslash before any other character stands
 *   for that character.
 *
 * Only Spring Boot's own files (`application*.properties`, `bootstrap*.properties`) are read: the
 * others (message bundles, tool settings) can be large and name no datastore. `${X:default}`
 * placeholders stay in the value as written; the model reads them.
 */
import type { ConfigEntryFact, FileFacts, StringSegment } from "../facts.js";

const SPRING_FILE = /^(application|bootstrap)(-[^/]*)?\.properties$/;
const BLANK = new Set([" ", "\t", "\f"]);

export function extractProperties(path: string, text: string): FileFacts {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const out: FileFacts = { file: path, language: "properties", facts: [] };
  if (!SPRING_FILE.test(name)) return out;
  const lines = text.split(/\r\n|\r|\n/);
  let document = 0;
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!;
    // Spring Boot's multi-document separator: a `#---` (or `!---`) line starts the next document.
    if (/^[#!]---\s*$/.test(first)) {
      document++;
      continue;
    }
    let start = 0;
    while (start < first.length && BLANK.has(first[start]!)) start++;
    if (start === first.length || first[start] === "#" || first[start] === "!") continue;
    // Gather the logical line: (line index, column offset, text) per natural-line piece.
    const pieces: Array<{ line: number; col: number; text: string }> = [];
    let line = i;
    let col = start;
    for (;;) {
      const raw = lines[line]!;
      const body = raw.slice(col);
      const continues = trailingBackslashes(body) % 2 === 1;
      pieces.push({ line, col, text: continues ? body.slice(0, -1) : body });
      if (!continues || line + 1 >= lines.length) break;
      line++;
      col = 0;
      const next = lines[line]!;
      while (col < next.length && BLANK.has(next[col]!)) col++;
    }
    const entry = readEntry(pieces);
    if (entry.error && !out.parseError) out.parseError = { message: entry.error.message, line: entry.error.line, column: entry.error.column };
    const last = pieces[pieces.length - 1]!;
    const keyLoc = { file: path, line: i + 1, column: start + 1, endLine: last.line + 1, endColumn: last.col + last.text.length + 1 };
    const fact: ConfigEntryFact = {
      kind: "config-entry",
      format: "properties",
      key: entry.key,
      value: {
        kind: "string",
        value: entry.value,
        segments: entry.segments,
        holes: [],
        loc: { ...keyLoc, line: entry.valueLine, column: entry.valueColumn },
      },
      loc: keyLoc,
    };
    if (document > 0) fact.document = document;
    out.facts.push(fact);
    i = line;
  }
  return out;
}

function trailingBackslashes(s: string): number {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === "\\"; i--) n++;
  return n;
}

interface Entry {
  key: string;
  value: string;
  segments: StringSegment[];
  valueLine: number;
  valueColumn: number;
  error?: { message: string; line: number; column: number };
}

/** Splits a logical line into key and value, cooking escapes in both. */
function readEntry(pieces: Array<{ line: number; col: number; text: string }>): Entry {
  const entry: Entry = { key: "", value: "", segments: [], valueLine: pieces[0]!.line + 1, valueColumn: pieces[0]!.col + 1 };
  // 0: key, 1: between key and value, 2: value
  let state = 0;
  let sawSeparator = false;
  let segment: StringSegment | undefined;
  for (const p of pieces) {
    segment = undefined;
    const t = p.text;
    for (let j = 0; j < t.length; j++) {
      const c = t[j]!;
      const at = j;
      if (state === 1) {
        if (BLANK.has(c)) continue;
        if (!sawSeparator && (c === "=" || c === ":")) {
          sawSeparator = true;
          continue;
        }
        state = 2;
        entry.valueLine = p.line + 1;
        entry.valueColumn = p.col + j + 1;
      }
      if (state === 0 && c !== "\\" && (c === "=" || c === ":" || BLANK.has(c))) {
        state = 1;
        sawSeparator = c === "=" || c === ":";
        continue;
      }
      let ch = c;
      if (c === "\\") {
        const n = t[j + 1];
        if (n === undefined) continue; // a lone trailing backslash of the last line: dropped, as Java does
        j++;
        if (n === "u") {
          const hex = t.slice(j + 1, j + 5);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            entry.error ??= { message: "malformed \\uxxxx escape (Java refuses to load this file)", line: p.line + 1, column: p.col + at + 1 };
            ch = "u";
          } else {
            ch = String.fromCharCode(parseInt(hex, 16));
            j += 4;
          }
        } else ch = n === "t" ? "\t" : n === "n" ? "\n" : n === "r" ? "\r" : n === "f" ? "\f" : n;
      }
      if (state === 0) entry.key += ch;
      else {
        if (!segment) {
          segment = { offset: entry.value.length, text: "", line: p.line + 1, column: p.col + at + 1, multiline: false };
          entry.segments.push(segment);
        }
        segment.text += ch;
        entry.value += ch;
      }
    }
  }
  if (state < 2) {
    const last = pieces[pieces.length - 1]!;
    entry.valueLine = last.line + 1;
    entry.valueColumn = last.col + last.text.length + 1;
  }
  return entry;
}
