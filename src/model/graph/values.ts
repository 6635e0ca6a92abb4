/**
 * Turns a call argument (a `Value`) into the strings it can hold at run time, across files: a
 * literal, an env var's value in the caller's manifests or its default, or a constant / enum
 * member / object property defined once in the repo (`Subjects.OrderConfirmed`,
 * `events.SubjectPaid`), which is how shared packages name subjects and topics.
 */
import type { Loc, Value } from "../../extract/facts.js";
import type { EnvBinding } from "../env.js";
import type { ModelFile } from "../types.js";
import type { GraphEvidence } from "./types.js";

export interface Resolved {
  text: string;
  /** How the text was found (the constant's line, the manifest line), beyond the call itself. */
  evidence: GraphEvidence[];
  /** The env var the text came from, if any. */
  env?: string;
}

export class Constants {
  private readonly byName = new Map<string, Array<{ value: string; loc: Loc }>>();

  constructor(files: readonly ModelFile[]) {
    for (const f of files) {
      if (f.isTest) continue;
      for (const fact of f.facts) {
        if (fact.kind !== "string" || fact.holes.length) continue;
        const name = fact.context.variable ?? (fact.context.callee === undefined ? fact.context.property : undefined);
        if (!name) continue;
        const key = lastSegment(name);
        const list = this.byName.get(key) ?? [];
        list.push({ value: fact.value, loc: fact.loc });
        this.byName.set(key, list);
      }
    }
  }

  /** The one value a name has across the repo; undefined when it has none or several. */
  lookup(name: string): { value: string; loc: Loc } | undefined {
    const list = this.byName.get(lastSegment(name));
    if (!list?.length) return undefined;
    return list.every((x) => x.value === list[0]!.value) ? list[0] : undefined;
  }
}

export interface ValueContext {
  constants: Constants;
  /** Env bindings of the calling service, by variable name. */
  env: Map<string, EnvBinding[]>;
}

/** The strings a value can hold; empty when nothing is known. */
export function stringsOf(v: Value | undefined, ctx: ValueContext): Resolved[] {
  if (!v) return [];
  switch (v.kind) {
    case "string":
      return v.holes.length ? [] : [{ text: v.value, evidence: [] }];
    case "env": {
      const set = (ctx.env.get(v.name) ?? []).filter((b) => b.value !== undefined);
      if (set.length) {
        return set.map((b) => ({ text: b.value!, env: v.name, evidence: b.chain.map((c) => ({ ...c })) }));
      }
      return stringsOf(v.default, ctx).map((r) => ({ ...r, env: v.name }));
    }
    case "unknown": {
      if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(v.text)) return [];
      const c = ctx.constants.lookup(v.text);
      return c ? [{ text: c.value, evidence: [{ file: c.loc.file, line: c.loc.line, message: `${lastSegment(v.text)} = "${c.value}"` }] }] : [];
    }
    default:
      return [];
  }
}

export function lastSegment(path: string): string {
  const i = path.lastIndexOf(".");
  return i < 0 ? path : path.slice(i + 1);
}

/** Env bindings by service, then by variable name. */
export function envByService(bindings: readonly EnvBinding[]): Map<string, Map<string, EnvBinding[]>> {
  const out = new Map<string, Map<string, EnvBinding[]>>();
  for (const b of bindings) {
    let m = out.get(b.service);
    if (!m) out.set(b.service, (m = new Map()));
    const list = m.get(b.name) ?? [];
    list.push(b);
    m.set(b.name, list);
  }
  return out;
}
