import type { Cardinality, EnumValue, Field, Message, Method, ProtoEnum, ProtoFile, Service, Span } from "../model.js";

/** One side of the comparison: the module files that are checked, indexed the ways buf pairs them. */
export interface Side {
  files: ProtoFile[];
  byPath: Map<string, ProtoFile>;
  messages: Map<string, Message>;
  enums: Map<string, ProtoEnum>;
  services: Map<string, Service>;
}

/** A finding before config filtering: rule id, where (in the current file) and which against file. */
export interface RawBreaking {
  ruleId: string;
  message: string;
  /** Current file; absent for findings without a path (a deleted file or package). */
  file?: ProtoFile;
  /** Absent: the finding is at 1:1 of `file` (a deleted top-level element). */
  span?: Span;
  against?: ProtoFile;
  /** For the rename-aware hint: the full name of a deleted message. */
  deletedMessage?: string;
  /** For the rename-aware hint: a type reference that changed from one message or enum to another. */
  typeChange?: { from: string; to: string };
}

export type Emit = (f: Omit<RawBreaking, "ruleId">) => void;

export interface RuleImpl {
  id: string;
  run(cur: Side, prev: Side, emit: Emit): void;
}

export function buildSide(files: ProtoFile[]): Side {
  const side: Side = { files, byPath: new Map(), messages: new Map(), enums: new Map(), services: new Map() };
  const visit = (m: Message) => {
    side.messages.set(m.fullName, m);
    for (const e of m.enums) side.enums.set(e.fullName, e);
    for (const n of m.messages) visit(n);
  };
  for (const f of files) {
    side.byPath.set(f.path, f);
    for (const m of f.messages) visit(m);
    for (const e of f.enums) side.enums.set(e.fullName, e);
    for (const s of f.services) side.services.set(s.fullName, s);
  }
  return side;
}

// ---- pairing, as buf does it (computed once per comparison, shared by the rules) ----

const memo = new WeakMap<Side, WeakMap<Side, Map<string, unknown>>>();
function cached<T>(cur: Side, prev: Side, key: string, make: () => T): T {
  let byPrev = memo.get(cur);
  if (!byPrev) memo.set(cur, (byPrev = new WeakMap()));
  let m = byPrev.get(prev);
  if (!m) byPrev.set(prev, (m = new Map()));
  if (!m.has(key)) m.set(key, make());
  return m.get(key) as T;
}

function pairByKey<T>(cur: Map<string, T>, prev: Map<string, T>): Array<[T, T]> {
  const out: Array<[T, T]> = [];
  for (const [name, p] of prev) {
    const c = cur.get(name);
    if (c) out.push([c, p]);
  }
  return out;
}

export function filePairs(cur: Side, prev: Side): Array<[ProtoFile, ProtoFile]> {
  return cached(cur, prev, "files", () => pairByKey(cur.byPath, prev.byPath));
}

export function messagePairs(cur: Side, prev: Side): Array<[Message, Message]> {
  return cached(cur, prev, "messages", () => pairByKey(cur.messages, prev.messages));
}

export function enumPairs(cur: Side, prev: Side): Array<[ProtoEnum, ProtoEnum]> {
  return cached(cur, prev, "enums", () => pairByKey(cur.enums, prev.enums));
}

export function servicePairs(cur: Side, prev: Side): Array<[Service, Service]> {
  return cached(cur, prev, "services", () => pairByKey(cur.services, prev.services));
}

export function methodPairs(cur: Side, prev: Side): Array<[Method, Method]> {
  return cached(cur, prev, "methods", () => {
    const out: Array<[Method, Method]> = [];
    for (const [c, p] of servicePairs(cur, prev)) {
      const byName = new Map(c.methods.map((m) => [m.name, m]));
      for (const pm of p.methods) {
        const cm = byName.get(pm.name);
        if (cm) out.push([cm, pm]);
      }
    }
    return out;
  });
}

export function numberToField(m: Message): Map<number, Field> {
  const out = new Map<number, Field>();
  for (const f of m.fields) out.set(f.number, f);
  return out;
}

/** All extensions of a side, keyed by extendee then number. */
function extensionIndex(side: Side): Map<string, Map<number, Field>> {
  const out = new Map<string, Map<number, Field>>();
  const add = (f: Field) => {
    const key = f.extendee ?? "";
    let byNum = out.get(key);
    if (!byNum) out.set(key, (byNum = new Map()));
    byNum.set(f.number, f);
  };
  const visit = (m: Message) => {
    for (const f of m.extensions) add(f);
    for (const n of m.messages) visit(n);
  };
  for (const f of side.files) {
    for (const x of f.extensions) add(x);
    for (const m of f.messages) visit(m);
  }
  return out;
}

/** Fields paired by number within paired messages, then extensions paired by extendee and number. */
export function fieldPairs(cur: Side, prev: Side): Array<[Field, Field]> {
  return cached(cur, prev, "fields", () => {
    const out: Array<[Field, Field]> = [];
    for (const [c, p] of messagePairs(cur, prev)) {
      const byNum = numberToField(c);
      for (const pf of p.fields) {
        const cf = byNum.get(pf.number);
        if (cf) out.push([cf, pf]);
      }
    }
    const ci = extensionIndex(cur);
    for (const [extendee, pm] of extensionIndex(prev)) {
      const cm = ci.get(extendee);
      if (!cm) continue;
      for (const [num, pf] of pm) {
        const cf = cm.get(num);
        if (cf) out.push([cf, pf]);
      }
    }
    return out;
  });
}

export function numberToNameToValue(e: ProtoEnum): Map<number, Map<string, EnumValue>> {
  const out = new Map<number, Map<string, EnumValue>>();
  for (const v of e.values) {
    let m = out.get(v.number);
    if (!m) out.set(v.number, (m = new Map()));
    m.set(v.name, v);
  }
  return out;
}

const nestedCache = new WeakMap<ProtoFile, Map<string, Message>>();

/** Nested name (`Outer.Inner`) → message, for one file. */
export function nestedMessages(f: ProtoFile): Map<string, Message> {
  const hit = nestedCache.get(f);
  if (hit) return hit;
  const out = new Map<string, Message>();
  nestedCache.set(f, out);
  const visit = (m: Message) => {
    out.set(m.nestedName, m);
    for (const n of m.messages) visit(n);
  };
  for (const m of f.messages) visit(m);
  return out;
}

export function nestedEnums(f: ProtoFile): Map<string, ProtoEnum> {
  const out = new Map<string, ProtoEnum>();
  for (const e of f.enums) out.set(e.nestedName, e);
  for (const m of nestedMessages(f).values()) for (const e of m.enums) out.set(e.nestedName, e);
  return out;
}

/** Nested name → extension (`Outer.ext_name` or `ext_name`), for one file. */
export function nestedExtensions(f: ProtoFile): Map<string, Field> {
  const out = new Map<string, Field>();
  for (const x of f.extensions) out.set(x.name, x);
  for (const m of nestedMessages(f).values()) for (const x of m.extensions) out.set(`${m.nestedName}.${x.name}`, x);
  return out;
}

/** Where buf puts a deleted nested element: the nearest surviving parent message, else the file (1:1). */
export function deletedLocation(f: ProtoFile, nestedName: string, messages = nestedMessages(f)): Span | undefined {
  const parts = nestedName.split(".");
  for (let i = parts.length - 1; i > 0; i--) {
    const m = messages.get(parts.slice(0, i).join("."));
    if (m) return m.span;
  }
  return undefined;
}

// ---- field facts ----

export function isList(f: Field): boolean {
  return f.label === "repeated" && !f.isMap;
}

export function isRequired(f: Field): boolean {
  if (f.label === "repeated" || f.isMap) return false;
  if (f.label === "required") return true;
  return f.file.syntax === "editions" && f.features.field_presence === "LEGACY_REQUIRED" && !f.extendee;
}

export function hasPresence(f: Field): boolean {
  if (f.label === "repeated" || f.isMap) return false;
  if (f.kind === "message" || f.kind === "group" || f.oneof || f.extendee) return true;
  if (f.file.syntax === "proto2") return true;
  if (f.file.syntax === "proto3") return f.label === "optional";
  return f.features.field_presence !== "IMPLICIT";
}

export function cardinality(f: Field): Cardinality {
  if (isList(f)) return "repeated";
  if (f.isMap) return "map";
  if (isRequired(f)) return "required";
  return hasPresence(f) ? "optional with explicit presence" : "optional with implicit presence";
}

/** `Field "3" with name "age" on message "User"`, or `Extension "100" with name "pkg.ext" on message "pkg.Base"`. */
export function fieldDescription(f: Field, withName = true): string {
  const name = f.extendee ? extensionFullName(f) : f.name;
  const n = withName ? ` with name "${name}"` : "";
  return f.extendee ? `Extension "${f.number}"${n} on message "${f.extendee}"` : `Field "${f.number}"${n} on message "${f.message?.name ?? ""}"`;
}

export function extensionFullName(f: Field): string {
  const pkg = f.file.package;
  const scope = f.message ? f.message.fullName : pkg;
  return scope ? `${scope}.${f.name}` : f.name;
}

export function isClosed(e: ProtoEnum): boolean {
  if (e.file.syntax === "proto2") return true;
  if (e.file.syntax === "proto3") return false;
  return e.features.enum_type === "CLOSED";
}

export function optionSpan(opts: Map<string, { span: Span }>, ...names: string[]): Span | undefined {
  for (const n of names) {
    const o = opts.get(n);
    if (o) return o.span;
  }
  return undefined;
}

export function q(s: string | number): string {
  return JSON.stringify(String(s));
}
