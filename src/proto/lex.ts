import type { IgnoreComment } from "./model.js";

/** Token kinds: identifiers, numbers, strings, single-character symbols, end of file. */
export const enum T {
  Ident,
  Int,
  Float,
  String,
  Sym,
  EOF,
}

export interface Token {
  t: T;
  /** Source text (for strings: the decoded value). */
  s: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export class ProtoSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
    readonly endLine = line,
    readonly endCol = col + 1,
  ) {
    super(message);
  }
}

const IGNORE_RE = /archlint:ignore\s+([A-Za-z0-9_][A-Za-z0-9_,\s]*?)\s*(?:--\s*(.*?))?\s*(?:\*\/)?\s*$/;

/**
 * Splits proto source into tokens with buf-compatible positions: 1-based lines and columns, a tab
 * advancing to the next multiple-of-4 tab stop, a character outside the BMP counting once.
 * Records `archlint:ignore` comments on the way.
 */
export function tokenize(src: string, ignores: IgnoreComment[]): Token[] {
  const tokens: Token[] = [];
  const n = src.length;
  let i = 0;
  let line = 1;
  let col = 1;

  const advance = (c: number): void => {
    if (c === 10) {
      line++;
      col = 1;
    } else if (c === 9) {
      col += 4 - ((col - 1) % 4);
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      // low surrogate: the pair counts as one column
    } else {
      col++;
    }
  };

  while (i < n) {
    const c = src.charCodeAt(i);
    // whitespace
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) {
      advance(c);
      i++;
      continue;
    }
    const startLine = line;
    const startCol = col;
    // comments
    if (c === 47 /* / */ && i + 1 < n) {
      const d = src.charCodeAt(i + 1);
      if (d === 47) {
        let j = i + 2;
        while (j < n && src.charCodeAt(j) !== 10) j++;
        const text = src.slice(i + 2, j);
        for (let k = i; k < j; k++) advance(src.charCodeAt(k));
        i = j;
        noteIgnore(text, startLine, startLine, ignores);
        continue;
      }
      if (d === 42) {
        const end = src.indexOf("*/", i + 2);
        const j = end < 0 ? n : end + 2;
        const text = src.slice(i + 2, end < 0 ? n : end);
        for (let k = i; k < j; k++) advance(src.charCodeAt(k));
        i = j;
        if (end < 0) throw new ProtoSyntaxError("unterminated block comment", startLine, startCol);
        noteIgnore(text, startLine, line, ignores);
        continue;
      }
    }
    // identifiers
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
      let j = i + 1;
      while (j < n) {
        const d = src.charCodeAt(j);
        if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d === 95 || (d >= 48 && d <= 57)) j++;
        else break;
      }
      col += j - i;
      tokens.push({ t: T.Ident, s: src.slice(i, j), line: startLine, col: startCol, endLine: line, endCol: col });
      i = j;
      continue;
    }
    // numbers (a leading '.' followed by a digit is a float)
    if ((c >= 48 && c <= 57) || (c === 46 && i + 1 < n && isDigit(src.charCodeAt(i + 1)))) {
      let j = i;
      let isFloat = false;
      if (c === 48 && (src.charCodeAt(i + 1) === 120 || src.charCodeAt(i + 1) === 88)) {
        j += 2;
        while (j < n && isHex(src.charCodeAt(j))) j++;
      } else {
        while (j < n && isDigit(src.charCodeAt(j))) j++;
        if (j < n && src.charCodeAt(j) === 46) {
          isFloat = true;
          j++;
          while (j < n && isDigit(src.charCodeAt(j))) j++;
        }
        if (j < n && (src.charCodeAt(j) === 101 || src.charCodeAt(j) === 69)) {
          isFloat = true;
          j++;
          if (src.charCodeAt(j) === 43 || src.charCodeAt(j) === 45) j++;
          while (j < n && isDigit(src.charCodeAt(j))) j++;
        }
        // trailing identifier characters make an invalid number
        while (j < n && isIdentChar(src.charCodeAt(j))) j++;
      }
      col += j - i;
      tokens.push({ t: isFloat ? T.Float : T.Int, s: src.slice(i, j), line: startLine, col: startCol, endLine: line, endCol: col });
      i = j;
      continue;
    }
    // strings
    if (c === 34 || c === 39) {
      let j = i + 1;
      let out = "";
      for (;;) {
        if (j >= n || src.charCodeAt(j) === 10) throw new ProtoSyntaxError("unterminated string literal", startLine, startCol);
        const d = src.charCodeAt(j);
        if (d === c) {
          j++;
          break;
        }
        if (d === 92) {
          const e = src[j + 1];
          j += 2;
          switch (e) {
            case "n": out += "\n"; break;
            case "t": out += "\t"; break;
            case "r": out += "\r"; break;
            case "a": out += "\x07"; break;
            case "b": out += "\b"; break;
            case "f": out += "\f"; break;
            case "v": out += "\v"; break;
            case "x":
            case "X": {
              let h = "";
              while (h.length < 2 && j < n && isHex(src.charCodeAt(j))) h += src[j++];
              out += String.fromCharCode(Number.parseInt(h || "0", 16));
              break;
            }
            case "u":
            case "U": {
              const len = e === "u" ? 4 : 8;
              const h = src.slice(j, j + len);
              j += len;
              out += String.fromCodePoint(Number.parseInt(h, 16) || 0);
              break;
            }
            default:
              if (e !== undefined && e >= "0" && e <= "7") {
                let o = e;
                while (o.length < 3 && j < n && src[j]! >= "0" && src[j]! <= "7") o += src[j++];
                out += String.fromCharCode(Number.parseInt(o, 8));
              } else out += e ?? "";
          }
          continue;
        }
        out += src[j];
        j++;
      }
      for (let k = i; k < j; k++) advance(src.charCodeAt(k));
      tokens.push({ t: T.String, s: out, line: startLine, col: startCol, endLine: line, endCol: col });
      i = j;
      continue;
    }
    // symbols
    advance(c);
    i++;
    tokens.push({ t: T.Sym, s: String.fromCharCode(c), line: startLine, col: startCol, endLine: line, endCol: col });
  }
  tokens.push({ t: T.EOF, s: "", line, col, endLine: line, endCol: col });
  return tokens;
}

function noteIgnore(text: string, line: number, endLine: number, ignores: IgnoreComment[]): void {
  if (!text.includes("archlint:ignore")) return;
  const m = IGNORE_RE.exec(text.replace(/\s*\n\s*\*?/g, " "));
  if (!m) return;
  const rules = m[1]!.split(/[\s,]+/).filter(Boolean);
  if (rules.length) ignores.push({ line, endLine, rules, reason: (m[2] ?? "").trim() });
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isIdentChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 48 && c <= 57);
}
