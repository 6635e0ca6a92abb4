import type { CallFact, EnvReadFact, Fact, Loc, Value } from "../../extract/facts.js";

/**
 * A connection setting as code writes it: literal text, env reads (with their defaults) and
 * pieces the scan cannot know, in order. `mysql://${process.env.DB_HOST}:3306/shop` is
 * text, env DB_HOST, text.
 */
export type Part =
  | { text: string }
  | { env: string; default?: Template; loc: Loc }
  | { unknown: string };
export type Template = Part[];

/** A file's calls and env reads, indexed so a folded value can be traced back to its pieces. */
export class FileIndex {
  private readonly calls = new Map<string, CallFact>();
  private readonly envReads: EnvReadFact[] = [];

  constructor(facts: Fact[]) {
    for (const f of facts) {
      if (f.kind === "call") this.calls.set(key(f.loc), f);
      else if (f.kind === "env-read") this.envReads.push(f);
    }
    this.envReads.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
  }

  callAt(loc: Loc): CallFact | undefined {
    return this.calls.get(key(loc));
  }

  /** Outermost env reads inside `loc` (a read nested in another read's default is left out). */
  envReadsIn(loc: Loc): EnvReadFact[] {
    const inside = this.envReads.filter((r) => within(r.loc, loc));
    return inside.filter((r) => !inside.some((o) => o !== r && within(r.loc, o.loc)));
  }
}

const key = (loc: Loc) => `${loc.line}:${loc.column}`;

function within(inner: Loc, outer: Loc): boolean {
  const startsAfter = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const endsBefore = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return startsAfter && endsBefore;
}

/** Conversions that keep the value: `Number(process.env.DB_PORT ?? 3306)`. */
const PASS_THROUGH = /^(Number|String|parseInt|parseFloat|Number\.parseInt|strconv\.Atoi)$/;
/** NestJS `ConfigService.get('DB_HOST')` and look-alikes reading env-backed configuration. */
const CONFIG_GET = /(^|\.)(config|configService|cfg|env|conf)\.(get|getOrThrow)$/i;
/** Env helpers a service defines for itself: `required("DATABASE_URL")`, `getEnv("DB_HOST", "db")`. */
const ENV_HELPER = /^(required|requireEnv|requiredEnv|mustEnv|mustGetenv|mustGetEnv|getEnv|getenv|env|envOr|readEnv|fromEnv|getEnvVar|getEnvOrDefault)$/;

/** Turns an extracted value into a template, tracing folded strings back to the env reads in them. */
export function toTemplate(v: Value | undefined, idx: FileIndex, depth = 0): Template {
  if (!v) return [{ unknown: "missing" }];
  if (depth > 4) return [{ unknown: "too deep" }];
  switch (v.kind) {
    case "string":
      return stringTemplate(v, idx, depth);
    case "number":
    case "boolean":
      return [{ text: String(v.value) }];
    case "env": {
      const p: Part = { env: v.name, loc: v.loc };
      if (v.default) p.default = toTemplate(v.default, idx, depth + 1);
      return [p];
    }
    case "call": {
      const call = idx.callAt(v.loc);
      if (call && PASS_THROUGH.test(v.callee)) return toTemplate(call.args[0], idx, depth + 1);
      if (call && (CONFIG_GET.test(v.callee) || ENV_HELPER.test(v.callee))) {
        const name = call.args[0];
        if (name?.kind === "string" && name.holes.length === 0 && /^[A-Z][A-Z0-9_]*$/.test(name.value)) {
          const p: Part = { env: name.value, loc: v.loc };
          if (call.args[1]) p.default = toTemplate(call.args[1], idx, depth + 1);
          return [p];
        }
      }
      // A folded value the extractor located at a call (Go `fmt.Sprintf`): its env reads are inside.
      return [{ unknown: v.callee }];
    }
    default:
      return [{ unknown: v.kind === "unknown" ? v.text : v.kind }];
  }
}

function stringTemplate(v: Extract<Value, { kind: "string" }>, idx: FileIndex, depth: number): Template {
  if (v.holes.length === 0) return [{ text: v.value }];
  // Each hole is one env read when the folded expression holds exactly as many reads as holes.
  const reads = idx.envReadsIn(v.loc);
  const filled: Template[] = reads.length === v.holes.length
    ? reads.map((r) => [{ env: r.name, loc: r.loc, ...(r.default ? { default: toTemplate(r.default, idx, depth + 1) } : {}) }])
    : v.holes.map(() => [{ unknown: "interpolation" }]);
  const out: Template = [];
  let prev = 0;
  v.holes.forEach((at, i) => {
    if (at > prev) out.push({ text: v.value.slice(prev, at) });
    out.push(...filled[i]!);
    prev = at;
  });
  if (prev < v.value.length) out.push({ text: v.value.slice(prev) });
  return out;
}

/** Looks up a (possibly nested, dotted) property of an object value. */
export function prop(v: Value | undefined, path: string): Value | undefined {
  let cur = v;
  for (const p of path.split(".")) {
    if (cur?.kind !== "object") return undefined;
    cur = cur.props[p];
  }
  return cur;
}

/** The literal text of a template without env reads or unknowns (a `type: "postgres"` option). */
export function literal(t: Template | undefined): string | undefined {
  if (!t || t.length === 0 || !t.every((p) => "text" in p)) return undefined;
  return t.map((p) => (p as { text: string }).text).join("");
}
