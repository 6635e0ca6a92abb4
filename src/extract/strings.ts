import type { Loc, StringSegment } from "./facts.js";

/** Source line and column of the character at `offset` in a value assembled from `segments`. */
export function positionOfOffset(segments: StringSegment[], offset: number): { line: number; column: number } {
  let seg = segments[0];
  for (const s of segments) {
    if (s.offset <= offset) seg = s;
    else break;
  }
  if (!seg) return { line: 1, column: 1 };
  const within = Math.max(0, Math.min(offset - seg.offset, seg.text.length));
  if (!seg.multiline) return { line: seg.line, column: seg.column + within };
  let line = seg.line;
  let column = seg.column;
  for (let i = 0; i < within; i++) {
    if (seg.text.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

/** A Loc covering `[start, end)` of a value assembled from `segments`. */
export function locOfRange(file: string, segments: StringSegment[], start: number, end: number): Loc {
  const a = positionOfOffset(segments, start);
  const b = positionOfOffset(segments, Math.max(start, end - 1));
  return { file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column + 1 };
}

/** One segment covering a whole text that starts at line 1, column 1 (a `.sql` file). */
export function wholeFileSegments(text: string): StringSegment[] {
  return [{ offset: 0, text, line: 1, column: 1, multiline: true }];
}
