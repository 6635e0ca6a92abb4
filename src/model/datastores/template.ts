import type { CallFact, EnvReadFact, Fact, FunctionFact, Loc, Value } from "../../extract/facts.js";

/**
 * A connection setting as code writes it: literal text, env reads (with their defaults) and
 * pieces the scan cannot know, in order. `mysql://${process.env.DB_HOST}:3306/shop` is
 * text, env DB_HOST, text.
 */
export type Part =
  | { text: string }
  | { env: string; default?: Template; loc: Loc; implicit?: boolean; defaultAt?: Loc }
  | { unknown: string };
export type Template = Part[];

/**
 * The NestJS config namespaces of one service (`registerAs("database", () => ({ host: … }))`),
 * so `config.get("database.host")` reads the value the namespace gives: by name, the object the
 * factory returns and the index of the file that registers it.
 */
export type ConfigNamespaces = (name: string) => { value: Value; idx: FileIndex } | undefined;

/** A NestJS `ConfigService` parameter type (`ConfigService`, `ConfigService<Env, true>`). */
const CONFIG_SERVICE = /^(?:[\w$]+\.)?ConfigService(?:<.*>)?$/;

/** A file's calls and env reads, indexed so a folded value can be traced back to its pieces. */
export class FileIndex {
  private readonly calls = new Map<string, CallFact>();
  private readonly envReads: EnvReadFact[] = [];
  /** Functions with parameters that hold a NestJS ConfigService, with those parameters' names. */
  private readonly configScopes: Array<{ loc: Loc; names: Set<string> }> = [];

  constructor(
    facts: Fact[],
    readonly namespaces?: ConfigNamespaces,
    /** The default the service's config validation schema gives an env var (Joi `.default(5432)`). */
    readonly envDefault?: (name: string) => { value: Value; idx: FileIndex } | undefined,
  ) {
    const functions = new Map<string, FunctionFact>();
    const classes: Loc[] = [];
    for (const f of facts) if (f.kind === "declaration" && f.declares === "class") classes.push(f.loc);
    for (const f of facts) {
      if (f.kind === "call") this.calls.set(key(f.loc), f);
      else if (f.kind === "env-read") this.envReads.push(f);
      else if (f.kind === "function") {
        functions.set(key(f.loc), f);
        const typed = f.params.filter((p) => p.type !== undefined && CONFIG_SERVICE.test(p.type)).map((p) => p.name);
        if (typed.length) this.configScopes.push({ loc: f.loc, names: new Set(typed) });
        // `constructor(private readonly cfg: ConfigService)`: `this.cfg` throughout its class (an
        // options class the extractor declared, see returningDeclarations).
        const cls = f.name === "constructor" && typed.length ? classes.find((c) => within(f.loc, c)) : undefined;
        if (cls) this.configScopes.push({ loc: cls, names: new Set(typed.map((n) => `this.${n}`)) });
      }
    }
    // `inject: [ConfigService]` hands the factory its parameters by position, typed or not.
    for (const c of this.calls.values()) {
      for (const a of c.args) {
        const factory = a.kind === "object" ? a.props.useFactory : undefined;
        const inject = a.kind === "object" ? a.props.inject : undefined;
        if (factory?.kind !== "unknown" || inject?.kind !== "array") continue;
        const fn = functions.get(key(factory.loc));
        if (!fn) continue;
        const names = new Set(inject.items.flatMap((it, i) => (it.kind === "unknown" && CONFIG_SERVICE.test(it.text) && fn.params[i] ? [fn.params[i]!.name] : [])));
        if (names.size) this.configScopes.push({ loc: fn.loc, names });
      }
    }
    this.envReads.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
  }

  /** `c.get` / `c.getOrThrow` where `c` is a ConfigService parameter of a function around `loc`. */
  isConfigRead(callee: string, loc: Loc): boolean {
    const m = /^((?:this\.)?[\w$]+)\.(get|getOrThrow)$/.exec(callee);
    return m !== null && this.configScopes.some((s) => s.names.has(m[1]!) && within(loc, s.loc));
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
      const config = call !== undefined && (CONFIG_GET.test(v.callee) || idx.isConfigRead(v.callee, v.loc));
      if (call && (config || ENV_HELPER.test(v.callee))) {
        const name = call.args[0];
        if (name?.kind === "string" && name.holes.length === 0 && /^[A-Z][A-Z0-9_]*$/.test(name.value)) {
          const p: Part = { env: name.value, loc: v.loc };
          // `get(key, default)`, else the validation schema's default (ConfigService returns the validated values).
          const schema = !call.args[1] && config ? idx.envDefault?.(name.value) : undefined;
          if (call.args[1]) p.default = toTemplate(call.args[1], idx, depth + 1);
          else if (schema) {
            p.default = toTemplate(schema.value, schema.idx, depth + 1);
            p.defaultAt = schema.value.loc;
          }
          return [p];
        }
        const ns = config && name?.kind === "string" && name.holes.length === 0 ? namespaced(name.value, idx) : undefined;
        if (ns) {
          const t = toTemplate(ns.value, ns.idx, depth + 1);
          // `get(key, default)`: the default applies where the namespace's env var is not set.
          const only = t.length === 1 ? t[0]! : undefined;
          if (only && "env" in only && !only.default && call.args[1]) t[0] = { ...only, default: toTemplate(call.args[1], idx, depth + 1) };
          return t;
        }
      }
      // A folded value the extractor located at a call (Go `fmt.Sprintf`): its env reads are inside.
      return [{ unknown: v.callee }];
    }
    default:
      return [{ unknown: v.kind === "unknown" ? v.text : v.kind }];
  }
}

/**
 * A ConfigService read of a namespace the service registers, or of a path in one:
 * `config.get("database")` → the namespace's object, `config.get("database.host")` → its `host`.
 */
export function namespaceRead(v: Value, idx: FileIndex): { value: Value; idx: FileIndex } | undefined {
  if (v.kind !== "call") return undefined;
  const call = idx.callAt(v.loc);
  if (!call || !(CONFIG_GET.test(v.callee) || idx.isConfigRead(v.callee, v.loc))) return undefined;
  const name = call.args[0];
  return name?.kind === "string" && name.holes.length === 0 ? namespaced(name.value, idx) : undefined;
}

/** `database.host` → the `host` of the `database` namespace, when the service registers it once. */
function namespaced(keyPath: string, idx: FileIndex): { value: Value; idx: FileIndex } | undefined {
  if (!idx.namespaces) return undefined;
  const dot = keyPath.indexOf(".");
  const ns = idx.namespaces(dot < 0 ? keyPath : keyPath.slice(0, dot));
  const value = ns && dot < 0 ? ns.value : ns ? prop(ns.value, keyPath.slice(dot + 1)) : undefined;
  return ns && value ? { value, idx: ns.idx } : undefined;
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
