import { HELM_PLACEHOLDER } from "../../extract/yaml/index.js";
import { maskSecrets } from "./dsn.js";
import type { EnvBinding } from "../env.js";
import type { Template } from "./template.js";

export interface ChainStep {
  file: string;
  line: number;
  message: string;
}

/**
 * Opaque stand-ins for parts of a setting known by identity, not value. A Secret key the repo
 * does not hold becomes `__ref3__`; the same key always becomes the same token, so two services
 * reading it resolve to equal text. Parts nobody can know become `__unk7__`, never equal to
 * anything else.
 */
export class Tokens {
  private readonly refs = new Map<string, string>();
  private readonly described = new Map<string, string>();
  private unknowns = 0;

  ref(identity: string, description: string): string {
    let t = this.refs.get(identity);
    if (!t) {
      t = `__ref${this.refs.size}__`;
      this.refs.set(identity, t);
      this.described.set(t, description);
    }
    return t;
  }

  unknown(): string {
    return `__unk${this.unknowns++}__`;
  }

  /** Replaces tokens with their descriptions, for messages. */
  describe(text: string): string {
    return text.replace(/__ref\d+__/g, (t) => `<${this.described.get(t) ?? "?"}>`);
  }
}

export const hasUnknown = (s: string) => /__unk\d+__/.test(s);
export const isRefOnly = (s: string) => /^__ref\d+__$/.test(s);
export const hasRef = (s: string) => /__ref\d+__/.test(s);

/** The env of one deployment target, as seen by the code reading it. */
export interface EnvScope {
  target: string;
  /** Label for messages: `kubernetes (Deployment/inventory)`, `compose`. */
  label: string;
  /** Namespace of the workload, used to qualify bare in-cluster host names and Secret identities. */
  namespace?: string;
  compose: boolean;
  lookup(name: string): EnvBinding | undefined;
}

export interface Resolved {
  text: string;
  chain: ChainStep[];
  /** ConfigMap and Secret keys the value came from. */
  sources: string[];
}

/** Resolves a template in one deployment target: env read → binding → literal / ConfigMap / Secret. */
export function resolveTemplate(t: Template, scope: EnvScope, tokens: Tokens): Resolved {
  const out: Resolved = { text: "", chain: [], sources: [] };
  for (const p of t) {
    if ("text" in p) out.text += p.text;
    else if ("unknown" in p) out.text += tokens.unknown();
    else {
      const b = scope.lookup(p.env);
      if (b) {
        out.chain.push({ file: p.loc.file, line: p.loc.line, message: `reads env ${p.env}` }, ...withValue(b));
        out.text += bindingText(b, scope, tokens, out.sources);
      } else if (p.default) {
        const d = resolveTemplate(p.default, scope, tokens);
        // An implicit override (Spring's `SPRING_DATASOURCE_URL`) left unset is not worth a step.
        if (!p.implicit) out.chain.push({ file: p.loc.file, line: p.loc.line, message: `${p.env} is not set on ${scope.label}: the code's default applies` });
        // A default given elsewhere (a config validation schema): say where.
        if (p.defaultAt) out.chain.push({ file: p.defaultAt.file, line: p.defaultAt.line, message: `${p.env} defaults to ${CREDENTIAL.test(p.env) ? "a value" : maskSecrets(d.text)} in the config validation schema` });
        out.chain.push(...d.chain);
        out.sources.push(...d.sources);
        out.text += d.text;
      } else out.text += tokens.unknown();
    }
  }
  return out;
}

/** Env var names whose values are never printed. */
const CREDENTIAL = /PASS|SECRET|TOKEN|CREDENTIAL|PRIVATE|API_?KEY/i;

/** The binding's chain, its last step naming the value when the value is not a credential. */
function withValue(b: EnvBinding): ChainStep[] {
  if (b.value === undefined || b.chain.length === 0 || CREDENTIAL.test(b.name)) return b.chain;
  const last = b.chain[b.chain.length - 1]!;
  return [...b.chain.slice(0, -1), { ...last, message: `${last.message}: ${maskSecrets(b.value)}` }];
}

function bindingText(b: EnvBinding, scope: EnvScope, tokens: Tokens, sources: string[]): string {
  const ns = scope.namespace ?? "";
  if ((b.source.kind === "configmap" || b.source.kind === "secret") && `${b.source.name}/${b.source.key}`.includes(HELM_PLACEHOLDER)) return tokens.unknown();
  if (b.source.kind === "configmap" || b.source.kind === "secret") {
    const what = `${b.source.kind === "secret" ? "Secret" : "ConfigMap"} ${b.source.name} key ${b.source.key}`;
    sources.push(what);
    if (b.value === undefined && ns.includes(HELM_PLACEHOLDER)) return tokens.unknown();
    if (b.value === undefined) return tokens.ref(`${b.source.kind}:${ns}/${b.source.name}/${b.source.key}`, what);
  }
  // A Helm action (`{{ .Values.db.host }}`) is known only after a render.
  if (b.value === undefined || b.value.includes(HELM_PLACEHOLDER)) return tokens.unknown();
  return scope.compose ? interpolateCompose(b.value, tokens) : b.value;
}

/** Compose substitutes `${VAR:-default}` from the shell; only defaults are known to the scan. */
function interpolateCompose(value: string, tokens: Tokens): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, _n, op: string | undefined, d: string | undefined) => {
    if (m === "$$") return "$";
    if (op === ":-" || op === "-") return d ?? "";
    return tokens.unknown();
  });
}
