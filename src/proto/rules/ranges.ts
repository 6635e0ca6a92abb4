/** Reserved and extension ranges: which numbers of an old range the new ranges no longer cover. */

export type Range = [number, number];

/** Sorted, with overlapping or adjacent ranges merged. */
export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = ranges.map((r) => [r[0], r[1]] as Range).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

/** The parts of [start, end] that `merged` does not cover. */
export function missingParts(start: number, end: number, merged: Range[]): Range[] {
  const out: Range[] = [];
  let next = start;
  for (const [a, b] of merged) {
    if (b < next) continue;
    if (a > end) break;
    if (a > next) out.push([next, Math.min(end, a - 1)]);
    next = b + 1;
    if (next > end) break;
  }
  if (next <= end) out.push([next, end]);
  return out;
}

export function rangeString(r: Range, max: number): string {
  if (r[0] === r[1]) return `[${r[0]}]`;
  if (r[1] === max) return `[${r[0]},max]`;
  return `[${r[0]},${r[1]}]`;
}

/** buf's display of an old range: `[5]`, `[5,9]`, `[5,max]`. */
export function tagRangeString(r: Range, max: number): string {
  return rangeString(r, max);
}
