/**
 * Reads a connection target out of a folded string: scheme, user, password, hosts and ports, each
 * with its source position and whether the code wrote it literally or it comes from a hole
 * (`${host}`, `+ host +`, a `%s`). Knows URLs, `host:port`, Go MySQL DSNs
 * (`user:pass@tcp(host:3306)/db`) and libpq `key=value` strings. Pure string work.
 */
import type { StringSegment, Value } from "../../extract/facts.js";

/** One part of a target: its text (empty when unknown), and where its first character is written. */
export interface Piece {
  text: string;
  /** False when any character of the part comes from a hole. */
  literal: boolean;
  file: string;
  line: number;
  column: number;
}

export interface HostPort {
  host?: Piece;
  port?: Piece;
}

export interface Endpoint {
  scheme?: string;
  user?: Piece;
  password?: Piece;
  hosts: HostPort[];
}

const HOLE = "\u0000";

/** Parses a string value as a connection target; undefined when it does not look like one. */
export function parseEndpoint(v: Extract<Value, { kind: "string" }>, role: "url" | "address" | "dsn" | "host" | "servers"): Endpoint | undefined {
  const text = withHoles(v.value, v.holes);
  const piece = (start: number, end: number): Piece | undefined => {
    if (end <= start) return undefined;
    const raw = text.slice(start, end);
    const firstLiteral = raw.indexOf(HOLE) === 0 ? raw.search(/[^\u0000]/) : 0;
    const pos = position(v, toValueOffset(text, start + Math.max(0, firstLiteral)));
    return { text: raw.replaceAll(HOLE, ""), literal: !raw.includes(HOLE), file: v.loc.file, ...pos };
  };
  if (role === "host") {
    const t = text.trim();
    if (!t || /[\s/]/.test(t)) return undefined;
    return { hosts: [{ host: piece(0, text.length)! }] };
  }
  // Go MySQL driver DSN: user:pass@tcp(host:port)/db
  const go = /^(?:([^:@/]*)(?::([^@/]*))?@)?(?:tcp|udp)\(([^)]*)\)\//.exec(text);
  if (go) {
    const ep: Endpoint = { scheme: "mysql", hosts: [] };
    const userStart = 0;
    if (go[1] !== undefined) ep.user = piece(userStart, go[1].length);
    if (go[2] !== undefined) ep.password = piece(go[1]!.length + 1, go[1]!.length + 1 + go[2].length);
    const hostStart = text.indexOf("(", (go[1]?.length ?? 0)) + 1;
    ep.hosts = splitHosts(text, hostStart, hostStart + go[3]!.length, piece);
    return ep;
  }
  // libpq key=value
  if (/^\s*(host|hostaddr|dbname|user|port|password)\s*=/.test(text) && /\s/.test(text.trim())) {
    const ep: Endpoint = { scheme: "postgresql", hosts: [] };
    const hp: HostPort = {};
    for (const m of text.matchAll(/(\w+)\s*=\s*('([^']*)'|\S*)/g)) {
      const start = m.index + m[0].length - m[2]!.length + (m[3] !== undefined ? 1 : 0);
      const p = piece(start, start + (m[3] ?? m[2]!).length);
      if (!p) continue;
      if (m[1] === "host" || m[1] === "hostaddr") hp.host = p;
      else if (m[1] === "port") hp.port = p;
      else if (m[1] === "user") ep.user = p;
      else if (m[1] === "password") ep.password = p;
    }
    if (hp.host || hp.port) ep.hosts.push(hp);
    return ep;
  }
  let i = 0;
  const ep: Endpoint = { hosts: [] };
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text);
  if (scheme) {
    ep.scheme = scheme[1]!.toLowerCase();
    i = scheme[0].length;
  } else if (role === "url" || role === "dsn") {
    // Without a scheme only `host:port[/…]` is a target (`inventory:50051`); `/api/x` is a path.
    if (!/^[^/:?#\s]+:[0-9\u0000]/.test(text)) return undefined;
  }
  let end = text.length;
  for (const stop of ["/", "?", "#"]) {
    const k = text.indexOf(stop, i);
    if (k >= 0 && k < end) end = k;
  }
  const at = text.lastIndexOf("@", end);
  if (at >= i) {
    const colon = text.indexOf(":", i);
    if (colon >= 0 && colon < at) {
      ep.user = piece(i, colon);
      ep.password = piece(colon + 1, at);
    } else ep.user = piece(i, at);
    i = at + 1;
  }
  if (/\s/.test(text.slice(i, end))) return undefined; // prose, not an authority
  ep.hosts = splitHosts(text, i, end, piece);
  return ep;
}

function splitHosts(text: string, start: number, end: number, piece: (s: number, e: number) => Piece | undefined): HostPort[] {
  const out: HostPort[] = [];
  let s = start;
  for (let k = start; k <= end; k++) {
    if (k !== end && text[k] !== ",") continue;
    out.push(hostPort(text, s, k, piece));
    s = k + 1;
  }
  return out.filter((h) => h.host || h.port);
}

function hostPort(text: string, start: number, end: number, piece: (s: number, e: number) => Piece | undefined): HostPort {
  let hostEnd = end;
  if (text[start] === "[") {
    const close = text.indexOf("]", start);
    if (close > 0 && close < end) hostEnd = close + 1;
  } else {
    const colon = text.lastIndexOf(":", end - 1);
    if (colon >= start) hostEnd = colon;
  }
  const hp: HostPort = {};
  const host = piece(start, hostEnd);
  if (host) hp.host = host;
  if (hostEnd < end && text[hostEnd] === ":") {
    const port = piece(hostEnd + 1, end);
    if (port && /^[0-9]*$/.test(port.text)) hp.port = port;
  } else if (hostEnd + 1 < end && text[hostEnd + 1] === ":") {
    const port = piece(hostEnd + 2, end);
    if (port) hp.port = port;
  }
  return hp;
}

/** The value with a HOLE character at every hole offset (offsets shift as holes are inserted). */
function withHoles(value: string, holes: readonly number[]): string {
  let out = "";
  let last = 0;
  for (const h of [...holes].sort((a, b) => a - b)) {
    out += value.slice(last, h) + HOLE;
    last = h;
  }
  return out + value.slice(last);
}

/** Offset in the holed text → offset in the value. */
function toValueOffset(text: string, k: number): number {
  let holesBefore = 0;
  for (let j = 0; j < k; j++) if (text[j] === HOLE) holesBefore++;
  return k - holesBefore;
}

/** Source line and column of the character at `offset` in a folded string. */
export function position(v: { segments: StringSegment[]; loc: { line: number; column: number } }, offset: number): { line: number; column: number } {
  let seg: StringSegment | undefined;
  for (const s of v.segments) if (s.offset <= offset && (offset < s.offset + s.text.length || !seg)) seg = s;
  if (!seg || offset < seg.offset || offset > seg.offset + seg.text.length) return { line: v.loc.line, column: v.loc.column };
  const within = seg.text.slice(0, offset - seg.offset);
  if (seg.multiline && within.includes("\n")) {
    const lines = within.split("\n");
    return { line: seg.line + lines.length - 1, column: lines[lines.length - 1]!.length + 1 };
  }
  return { line: seg.line, column: seg.column + within.length };
}
