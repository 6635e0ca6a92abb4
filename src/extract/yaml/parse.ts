/**
 * YAML stream → documents, defensively: syntax errors keep the documents before the broken one,
 * construction errors skip only the broken document, aliases cannot blow up, unknown tags
 * (`!Ref`, `!reference`) are read as untagged nodes.
 */
import { CORE_SCHEMA, EVENT_ID, constructFromEvents, mergeTag, parseEvents, type Event } from "js-yaml";
import { scanDocuments, type DocScan } from "./scan.js";
import { ExpansionError, toTree, type Budget } from "./tree.js";

/** YAML 1.2 core schema plus `<<` merge keys (compose files lean on `<<: *defaults`). */
const SCHEMA = CORE_SCHEMA.withTags(mergeTag);

/** Documents after this many are not read (and the file gets a parse error saying so). */
export const MAX_DOCUMENTS = 1000;
/** Alias nodes allowed in one document. */
export const MAX_ALIASES_PER_DOCUMENT = 1000;
/** Nodes that documents with aliases may expand to, per file. */
export const MAX_EXPANDED_NODES = 200_000;
/** Collection nesting allowed by the parser. */
export const MAX_NESTING = 100;

/** Tags the schema understands; every other tag is dropped so the node reads as untagged. */
const KNOWN_TAGS = new Set([
  "!",
  "!!str",
  "!!int",
  "!!float",
  "!!bool",
  "!!null",
  "!!map",
  "!!seq",
  "!!merge",
  "!<tag:yaml.org,2002:str>",
  "!<tag:yaml.org,2002:int>",
  "!<tag:yaml.org,2002:float>",
  "!<tag:yaml.org,2002:bool>",
  "!<tag:yaml.org,2002:null>",
  "!<tag:yaml.org,2002:map>",
  "!<tag:yaml.org,2002:seq>",
]);

export interface YamlParseError {
  message: string;
  line?: number;
  column?: number;
}

export interface ParsedDoc {
  /** 0-based index of the document in the stream (empty documents count). */
  index: number;
  value: unknown;
  scan: DocScan;
}

export interface ParseOutcome {
  docs: ParsedDoc[];
  /** The first problem met; documents before it (and, for construction errors, after it) are kept. */
  error?: YamlParseError;
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

interface MarkLike {
  line?: number;
  column?: number;
}

/** js-yaml's `reason` (without the source snippet, which could hold secrets) and 1-based position. */
export function toParseError(e: unknown): YamlParseError {
  if (e instanceof ExpansionError) return { message: e.message };
  const err = e as { reason?: unknown; message?: unknown; mark?: MarkLike } | null;
  if (err && typeof err.reason === "string") {
    const out: YamlParseError = { message: oneLine(err.reason) };
    if (err.mark && typeof err.mark.line === "number") {
      out.line = err.mark.line + 1;
      if (typeof err.mark.column === "number") out.column = err.mark.column + 1;
    }
    return out;
  }
  const msg = err && typeof err.message === "string" ? err.message : String(e);
  return { message: `YAML extractor failed: ${oneLine(msg)}` };
}

function markLine(e: unknown): number | undefined {
  const mark = (e as { mark?: MarkLike } | null)?.mark;
  return mark && typeof mark.line === "number" ? mark.line : undefined;
}

/**
 * Offset where the document holding 0-based line `errLine` starts (its `---` line, or just after
 * a `...` line), looking only before `limit`; 0 when it is the first document.
 */
function documentStartBefore(src: string, errLine: number, limit: number): number {
  let cut = 0;
  let lineStart = 0;
  for (let line = 0; line <= errLine && lineStart < limit; line++) {
    const nl = src.indexOf("\n", lineStart);
    const lineEnd = nl < 0 ? src.length : nl;
    const c = src.charCodeAt(lineStart);
    if (c === 0x2d /* - */ || c === 0x2e /* . */) {
      const marker = src.slice(lineStart, lineStart + 3);
      const after = src.charCodeAt(lineStart + 3);
      const ends = Number.isNaN(after) || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d;
      if (ends && marker === "---") cut = lineStart;
      else if (ends && marker === "...") cut = line < errLine ? Math.min(lineEnd + 1, limit) : lineStart;
    }
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  return cut < limit ? cut : 0;
}

/** Events of the whole stream, or of the documents before the first syntax error. */
function parseEventsRecovering(src: string): { events: Event[]; error?: YamlParseError } {
  try {
    return { events: parseEvents(src, { maxDepth: MAX_NESTING }) };
  } catch (e) {
    const error = toParseError(e);
    let errLine = markLine(e);
    let limit = src.length;
    for (let attempt = 0; attempt < 8 && errLine !== undefined; attempt++) {
      const cut = documentStartBefore(src, errLine, limit);
      if (cut <= 0) break;
      try {
        return { events: parseEvents(src.slice(0, cut), { maxDepth: MAX_NESTING }), error };
      } catch (e2) {
        errLine = markLine(e2);
        limit = cut;
      }
    }
    return { events: [], error };
  }
}

function dropUnknownTags(events: Event[], start: number, end: number, src: string): void {
  for (let i = start; i <= end; i++) {
    const ev = events[i]!;
    if (ev.type === EVENT_ID.SCALAR || ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) {
      if (ev.tagStart >= 0 && !KNOWN_TAGS.has(src.slice(ev.tagStart, ev.tagEnd))) {
        ev.tagStart = -1;
        ev.tagEnd = -1;
      }
    }
  }
}

/**
 * Parse a YAML stream. `lenient` lets duplicate keys override (Helm templates produce them from
 * `if`/`else` branches) instead of failing the document. With a `marker`, each document's scan
 * also holds the source ranges of the scalar values containing it.
 */
export function parseYamlStream(src: string, lenient: boolean, marker?: string): ParseOutcome {
  const { events, error: syntaxError } = parseEventsRecovering(src);
  let error = syntaxError;
  const docs: ParsedDoc[] = [];
  const scans = scanDocuments(events, src, marker);
  const budget: Budget = { remaining: MAX_EXPANDED_NODES };
  const count = Math.min(scans.length, MAX_DOCUMENTS);
  if (count < scans.length) error ??= { message: `more than ${MAX_DOCUMENTS} YAML documents; the rest were not read` };
  if (count === 0) return error ? { docs, error } : { docs };
  for (let d = 0; d < count; d++) dropUnknownTags(events, scans[d]!.start, scans[d]!.end, src);
  const options = { source: src, schema: SCHEMA, json: lenient, maxAliases: MAX_ALIASES_PER_DOCUMENT };
  // All documents in one go (the common case); one by one only when some document is broken.
  let all: unknown[] | undefined;
  try {
    const lastEnd = scans[count - 1]!.end;
    all = constructFromEvents(lastEnd === events.length - 1 ? events : events.slice(0, lastEnd + 1), options);
  } catch {
    all = undefined;
  }
  for (let d = 0; d < count; d++) {
    const scan = scans[d]!;
    try {
      let value = all ? all[d] : constructFromEvents(events.slice(scan.start, scan.end + 1), options)[0];
      if (scan.aliases > 0) value = toTree(value, budget);
      docs.push({ index: d, value, scan });
    } catch (e) {
      if (!error) {
        error = toParseError(e);
        if (error.line === undefined && scan.rootOffset >= 0) {
          error.line = lineOfOffset(src, scan.rootOffset);
          error.column = 1;
        }
      }
    }
  }
  return error ? { docs, error } : { docs };
}

function lineOfOffset(src: string, offset: number): number {
  let line = 1;
  for (let i = src.indexOf("\n"); i >= 0 && i < offset; i = src.indexOf("\n", i + 1)) line++;
  return line;
}
