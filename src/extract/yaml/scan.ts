/**
 * One pass over js-yaml's event stream: splits it into documents and records, for each document,
 * the source offset of every mapping key and sequence item (by dotted path) up to a depth bound.
 */
import { EVENT_ID, SCALAR_STYLE_DOUBLE_QUOTED, SCALAR_STYLE_SINGLE_QUOTED, getScalarValue, type Event } from "js-yaml";

/** Paths deeper than this many segments get no line. */
export const MAX_PATH_DEPTH = 16;

export interface DocScan {
  /** Index of the document's DOCUMENT event. */
  start: number;
  /** Index of the POP event that closes the document. */
  end: number;
  /** Source offset of the root node; -1 when the document is empty. */
  rootOffset: number;
  /** Dotted path (`spec.template.spec.containers.0.image`) → source offset of the key or item. */
  offsets: Map<string, number>;
  /** Number of alias nodes (`*ref`) in the document. */
  aliases: number;
  /**
   * Only when a marker is given: dotted path → source range (quotes included) of each scalar value
   * whose source holds the marker.
   */
  marked?: Map<string, [number, number]>;
}

/** Earliest source offset of a node (its anchor or tag when it has one); -1 when it has none. */
export function nodeOffset(ev: Event): number {
  let off = -1;
  const take = (n: number): void => {
    if (n >= 0 && (off < 0 || n < off)) off = n;
  };
  switch (ev.type) {
    case EVENT_ID.SCALAR:
      take(ev.valueStart);
      take(ev.anchorStart);
      take(ev.tagStart);
      break;
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      take(ev.start);
      take(ev.anchorStart);
      take(ev.tagStart);
      break;
    case EVENT_ID.ALIAS:
      take(ev.anchorStart);
      break;
    default:
      break;
  }
  return off;
}

class Walker {
  offsets = new Map<string, number>();
  marked = new Map<string, [number, number]>();
  aliases = 0;
  constructor(
    private readonly events: Event[],
    private readonly src: string,
    private readonly marker?: string,
  ) {}

  /**
   * Walk the node starting at event `i`; `path` is its dotted path ("" for the root, null when
   * nothing below should be recorded). Returns the index of the event after the node.
   */
  walk(i: number, path: string | null, depth: number): number {
    const events = this.events;
    const ev = events[i];
    if (ev === undefined) return i;
    switch (ev.type) {
      case EVENT_ID.ALIAS:
        this.aliases++;
        return i + 1;
      case EVENT_ID.MAPPING: {
        i++;
        const record = path !== null && depth < MAX_PATH_DEPTH;
        while (i < events.length && events[i]!.type !== EVENT_ID.POP) {
          const key = events[i]!;
          let child: string | null = null;
          if (key.type === EVENT_ID.SCALAR) {
            if (record) {
              const name = getScalarValue(this.src, key);
              // `<<` merges keys that live elsewhere; an empty key would collide with the root.
              if (name !== "<<" && name !== "") {
                child = path === "" ? name : `${path}.${name}`;
                const off = nodeOffset(key);
                if (off >= 0) this.offsets.set(child, off);
              }
            }
            i++;
          } else {
            i = this.walk(i, null, depth + 1); // complex key: skip it
          }
          i = this.walk(i, child, depth + 1);
        }
        return i + 1;
      }
      case EVENT_ID.SEQUENCE: {
        i++;
        const record = path !== null && depth < MAX_PATH_DEPTH;
        let n = 0;
        while (i < events.length && events[i]!.type !== EVENT_ID.POP) {
          let child: string | null = null;
          if (record) {
            child = path === "" ? String(n) : `${path}.${n}`;
            const off = nodeOffset(events[i]!);
            if (off >= 0) this.offsets.set(child, off);
          }
          i = this.walk(i, child, depth + 1);
          n++;
        }
        return i + 1;
      }
      case EVENT_ID.SCALAR: {
        if (path !== null && this.marker !== undefined && ev.valueStart >= 0) {
          const quoted = ev.style === SCALAR_STYLE_DOUBLE_QUOTED || ev.style === SCALAR_STYLE_SINGLE_QUOTED ? 1 : 0;
          const range: [number, number] = [ev.valueStart - quoted, ev.valueEnd + quoted];
          if (this.src.slice(range[0], range[1]).includes(this.marker)) this.marked.set(path, range);
        }
        return i + 1;
      }
      default:
        return i + 1;
    }
  }
}

/**
 * Split an event stream into documents, with key/item offsets for each (and, given a marker, the
 * ranges of the scalar values that hold it).
 */
export function scanDocuments(events: Event[], src: string, marker?: string): DocScan[] {
  const docs: DocScan[] = [];
  let i = 0;
  while (i < events.length) {
    const ev = events[i]!;
    if (ev.type !== EVENT_ID.DOCUMENT) {
      i++;
      continue;
    }
    const start = i;
    i++;
    const walker = new Walker(events, src, marker);
    let rootOffset = -1;
    if (i < events.length && events[i]!.type !== EVENT_ID.POP) {
      rootOffset = nodeOffset(events[i]!);
      i = walker.walk(i, "", 0);
    }
    // i now points at the document's POP.
    const doc: DocScan = { start, end: i, rootOffset, offsets: walker.offsets, aliases: walker.aliases };
    if (marker !== undefined) doc.marked = walker.marked;
    docs.push(doc);
    i++;
  }
  return docs;
}
