/**
 * Go string literals → cooked values with segments, and helpers to assemble folded strings
 * (concatenation, `fmt.Sprintf`) while keeping every piece mapped to its source position.
 */
import type { StringSegment } from "../facts.js";
import type { LineIndex } from "./tree.js";

export interface StringParts {
  value: string;
  segments: StringSegment[];
  holes: number[];
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
};

const utf8 = new TextDecoder("utf-8");

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isOct = (c: number): boolean => c >= 48 && c <= 55;

/**
 * Decode a Go interpreted string literal `text[start, end)` (quotes included). Plain runs become one
 * segment each; every escape (or run of byte escapes forming UTF-8) becomes its own segment, so an
 * offset inside a segment maps to `column + offset` exactly.
 */
export function decodeInterpreted(text: string, start: number, end: number, lines: LineIndex): StringParts {
  const segments: StringSegment[] = [];
  let value = "";
  const { line, column: col0 } = lines.position(start);
  // Interpreted strings never span lines: column of index i is col0 + (i - start).
  const push = (segText: string, at: number): void => {
    if (segText.length === 0) return;
    segments.push({ offset: value.length, text: segText, line, column: col0 + (at - start), multiline: false });
    value += segText;
  };
  const close = end - 1 > start && text.charCodeAt(end - 1) === 34 ? end - 1 : end;
  let i = start + 1;
  let runStart = i;
  while (i < close) {
    if (text.charCodeAt(i) !== 92 /* \ */) {
      i++;
      continue;
    }
    push(text.slice(runStart, i), runStart);
    const escStart = i;
    const k = text[i + 1] ?? "";
    const simple = SIMPLE_ESCAPES[k];
    if (simple !== undefined) {
      i += 2;
      push(simple, escStart);
    } else if (k === "u" || k === "U") {
      const len = k === "u" ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + len);
      const cp = hex.length === len && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (Number.isFinite(cp) && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) {
        i += 2 + len;
        push(String.fromCodePoint(cp), escStart);
      } else {
        i += 2;
        push(text.slice(escStart, i), escStart);
      }
    } else if (k === "x" || isOct(k.charCodeAt(0))) {
      // A run of byte escapes (\xhh, \ooo): decode the bytes as UTF-8 together.
      const bytes: number[] = [];
      while (i < close && text.charCodeAt(i) === 92) {
        const kk = text.charCodeAt(i + 1);
        if (kk === 120 /* x */ && isHex(text.charCodeAt(i + 2)) && isHex(text.charCodeAt(i + 3))) {
          bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
          i += 4;
        } else if (isOct(kk) && isOct(text.charCodeAt(i + 2)) && isOct(text.charCodeAt(i + 3))) {
          bytes.push(parseInt(text.slice(i + 1, i + 4), 8) & 0xff);
          i += 4;
        } else break;
      }
      if (bytes.length === 0) {
        i += 2;
        push(text.slice(escStart, i), escStart);
      } else push(utf8.decode(new Uint8Array(bytes)), escStart);
    } else {
      // Invalid escape (the compiler rejects it); keep it verbatim.
      i += k ? 2 : 1;
      push(text.slice(escStart, i), escStart);
    }
    runStart = i;
  }
  push(text.slice(runStart, close), runStart);
  return { value, segments, holes: [] };
}

/** Decode a Go raw string literal `text[start, end)` (backquotes included). Go drops `\r` from raw strings. */
export function decodeRaw(text: string, start: number, end: number, lines: LineIndex): StringParts {
  const close = end - 1 > start && text.charCodeAt(end - 1) === 96 ? end - 1 : end;
  const segments: StringSegment[] = [];
  let value = "";
  let from = start + 1;
  while (from <= close) {
    let cr = text.indexOf("\r", from);
    if (cr === -1 || cr > close) cr = close;
    if (cr > from) {
      const { line, column } = lines.position(from);
      const t = text.slice(from, cr);
      segments.push({ offset: value.length, text: t, line, column, multiline: true });
      value += t;
    }
    from = cr + 1;
  }
  return { value, segments, holes: [] };
}

/**
 * Position of `text[k]` of a segment (or just past it when `k === text.length`). To map an offset of
 * a whole value, use `positionOfOffset` from `../strings.js`.
 */
function advance(seg: StringSegment, k: number): { line: number; column: number } {
  if (!seg.multiline) return { line: seg.line, column: seg.column + k };
  let line = seg.line;
  let column = seg.column;
  const t = seg.text;
  let nl = t.indexOf("\n");
  let last = -1;
  while (nl !== -1 && nl < k) {
    line++;
    last = nl;
    nl = t.indexOf("\n", nl + 1);
  }
  if (last !== -1) column = k - last;
  else column += k;
  return { line, column };
}

/** Accumulates a folded string value. */
export class StringBuilder implements StringParts {
  value = "";
  segments: StringSegment[] = [];
  holes: number[] = [];

  /** Append another string (its segments and holes shifted). */
  append(p: StringParts): void {
    const shift = this.value.length;
    for (const s of p.segments) this.segments.push(shift === 0 ? s : { ...s, offset: s.offset + shift });
    for (const h of p.holes) this.holes.push(h + shift);
    this.value += p.value;
  }

  /** Append `p.value[from, to)` with the segments and holes it covers. */
  appendSlice(p: StringParts, from: number, to: number): void {
    if (to <= from) return;
    const shift = this.value.length - from;
    for (const s of p.segments) {
      const a = Math.max(from, s.offset);
      const b = Math.min(to, s.offset + s.text.length);
      if (a >= b) continue;
      const pos = advance(s, a - s.offset);
      this.segments.push({
        offset: a + shift,
        text: s.text.slice(a - s.offset, b - s.offset),
        line: pos.line,
        column: pos.column,
        multiline: s.multiline,
      });
    }
    for (const h of p.holes) if (h >= from && (h < to || (h === to && to === p.value.length))) this.holes.push(h + shift);
    this.value += p.value.slice(from, to);
  }

  /** Append text that sits at a known source position (a number literal formatted by `%d`). */
  appendAt(text: string, line: number, column: number): void {
    if (!text) return;
    this.segments.push({ offset: this.value.length, text, line, column, multiline: false });
    this.value += text;
  }

  /** Append text with no source position (synthesised by folding). */
  appendSynthetic(text: string): void {
    this.value += text;
  }

  /** Record a placeholder for a part whose value is unknown (the placeholder text is empty). */
  hole(): void {
    const last = this.holes[this.holes.length - 1];
    if (last !== this.value.length) this.holes.push(this.value.length);
  }

  parts(): StringParts {
    return { value: this.value, segments: this.segments, holes: this.holes };
  }
}
