/**
 * How ADRs are named and referred to: `0007-use-kafka.md` (adr-tools, MADR), `ADR-007-use-kafka.md`,
 * `20240131-use-kafka.md` (log4brains: a date, not a number), `ADR-0007` / `#7` in prose.
 */

export interface AdrFileName {
  /** The number the file name starts with. */
  number?: number;
  /** The name starts with a date (log4brains), which is not a decision number. */
  dateNamed: boolean;
}

const NUMBERED = /^(?:adr[-_ ]?)?(\d{1,6})(?=[-_ .])/i;
const DATED = /^((?:19|20)\d{2})-?(\d{2})-?(\d{2})(?=[-_ .])/;

export function parseAdrFileName(name: string): AdrFileName {
  const d = DATED.exec(name);
  if (d && isCalendarDate(+d[1]!, +d[2]!, +d[3]!)) return { dateNamed: true };
  const m = NUMBERED.exec(name);
  return m ? { number: Number(m[1]), dateNamed: false } : { dateNamed: false };
}

/** `YYYY-MM-DD` that names a real day. */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && isCalendarDate(+m[1]!, +m[2]!, +m[3]!);
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** The decision number a reference names: `ADR-0005`, `ADR 5`, `#5`, `5. Title`, `0005-foo.md`. */
export function numberInReference(ref: string): number | undefined {
  const t = ref.trim();
  const m = /\badr[-_ ]?0*(\d+)\b/i.exec(t) ?? /(?:^|\s)#0*(\d+)\b/.exec(t) ?? /^0*(\d+)(?:[.:]\s|[-_]|$)/.exec(t);
  return m ? Number(m[1]) : undefined;
}

/** The last path segment of a URL or path, without query or fragment. */
export function fileOfUrl(url: string): string {
  const bare = url.replace(/[?#].*$/, "");
  return bare.slice(bare.lastIndexOf("/") + 1);
}

/** `# 7. Use Kafka`, `# ADR-0007: Use Kafka`, `# ADR 7 - Use Kafka` → number and title. */
export function splitNumberedTitle(title: string): { number?: number; title: string } {
  const m = /^(?:adr[-_ ]?0*(\d+)\s*[.:\-–—]?\s+|0*(\d+)\s*(?:[.:]|\s[-–—])\s+)(.+)$/i.exec(title.trim());
  if (!m) return { title: title.trim() };
  return { number: Number(m[1] ?? m[2]), title: m[3]!.trim() };
}
