import type { EnvFileFact, ManifestFact } from "../extract/facts.js";
import { lineOfPath } from "../extract/yaml/index.js";
import { ChartValues, getPath as get, isTemplated, podSpecPath, type ValueStep } from "./k8s-values.js";
import type { ModelFile } from "./types.js";

/** Where an env var's value comes from in a deployment target. */
export type EnvSource =
  | { kind: "literal" }
  | { kind: "configmap"; name: string; key: string }
  | { kind: "secret"; name: string; key: string }
  | { kind: "field"; path: string }
  | { kind: "env-file"; file: string }
  /** A Helm template's `value: {{ .Values.db.host }}`, rendered from the chart's default values.yaml. */
  | { kind: "helm-values"; file: string }
  | { kind: "unknown" };

/**
 * One env var set for a service by one deployment target. Two services whose bindings share a
 * ConfigMap/Secret key use the same value even when the value is not in the repo.
 */
export interface EnvBinding {
  service: string;
  /** `k8s:<Kind>/<name>[/<container>]`, `compose:<service>` or `env-file:<path>`. */
  target: string;
  name: string;
  /** The value, when the repo holds it (a literal, or a ConfigMap key found in the repo). */
  value?: string;
  source: EnvSource;
  /** Where the variable is set (the env entry, or the envFrom line). */
  file: string;
  /**
   * The manifest of the workload it is set on (the compose file of an `env_file` entry), so
   * several compose files or charts deploying one service are told apart. Absent for `.env` files.
   */
  manifest?: string;
  line: number;
  /** How the value was found, step by step (env entry → ConfigMap key). */
  chain: Array<{ file: string; line: number; message: string }>;
}

const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet", "Pod"]);

interface ConfigMapData {
  fact: ManifestFact;
  data: Record<string, string>;
  /** Keys of a Helm template ConfigMap rendered from values: the values.yaml lines they came from. */
  via: Record<string, ValueStep[]>;
}

/**
 * A ConfigMap/Secret name or key (or, with `isName` false, a ConfigMap value) as the manifest gives
 * it: a Helm template scalar rendered from values where it can be. For names, the last evidence
 * step says what it rendered to.
 */
function rendered(charts: ChartValues, m: ManifestFact, raw: unknown, path: string, isName = true): { text: string; chain: ValueStep[] } {
  const text = String(raw);
  if (!isTemplated(text)) return { text, chain: [] };
  const r = charts.render(m, path);
  if (!r) return { text, chain: [] };
  if (!isName) return { text: r.value, chain: r.chain }; // a value: the binding's chain names it (masked) if it may
  // Names and keys are not credentials: say what they render to.
  const last = r.chain[r.chain.length - 1];
  const chain = last ? [...r.chain.slice(0, -1), { ...last, message: `${last.message}: ${r.value}` }] : r.chain;
  return { text: r.value, chain };
}

/**
 * Every env var each service's manifests set: Kubernetes `env` (`value`, `configMapKeyRef`,
 * `secretKeyRef`, `fieldRef`) and `envFrom` (ConfigMaps resolved when they are in the repo),
 * compose `environment` and `env_file`, and `.env` files inside the service's folder. Helm template
 * scalars (`value: {{ .Values.db.host | quote }}`, `name: {{ .Values.db.secretName }}`) are rendered
 * from the chart's default values.yaml where the form is simple (see {@link ChartValues}).
 */
export function collectEnv(
  files: ModelFile[],
  serviceOfWorkload: (kind: string, name: string) => string | undefined,
  charts: ChartValues = new ChartValues(files),
): EnvBinding[] {
  const configMaps = new Map<string, ConfigMapData>();
  const envFiles = new Map<string, EnvFileFact[]>();
  const manifests: ManifestFact[] = [];
  for (const f of files) {
    for (const fact of f.facts) {
      if (fact.kind === "manifest") {
        manifests.push(fact);
        if (fact.format === "k8s" && fact.resourceKind === "ConfigMap" && fact.name) {
          const data = (fact.doc as { data?: Record<string, unknown> } | null)?.data ?? {};
          const strings: Record<string, string> = {};
          const via: Record<string, ValueStep[]> = {};
          for (const [k, v] of Object.entries(data)) {
            if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") continue;
            const r = rendered(charts, fact, v, `data.${k}`, false);
            strings[k] = r.text;
            if (r.chain.length) via[k] = r.chain;
          }
          configMaps.set(rendered(charts, fact, fact.name, "metadata.name").text, { fact, data: strings, via });
        }
      } else if (fact.kind === "env-file-entry") {
        const list = envFiles.get(f.path) ?? [];
        list.push(fact);
        envFiles.set(f.path, list);
      }
    }
  }

  const out: EnvBinding[] = [];
  for (const m of manifests) {
    if (m.format === "k8s" && WORKLOADS.has(m.resourceKind)) {
      const service = serviceOfWorkload(m.resourceKind, m.name);
      if (service) out.push(...k8sEnv(m, service, configMaps, charts));
    } else if (m.format === "compose" && m.name) {
      const service = serviceOfWorkload("compose", m.name);
      if (service) out.push(...composeEnv(m, service, envFiles));
    }
  }
  for (const f of files) {
    const entries = envFiles.get(f.path);
    if (!f.service || !entries || isNotDeployedEnvFile(f.path)) continue;
    for (const e of entries) {
      out.push({ service: f.service, target: `env-file:${f.path}`, name: e.name, value: e.value, source: { kind: "env-file", file: f.path }, file: f.path, line: e.loc.line, chain: [{ file: f.path, line: e.loc.line, message: `${e.name} set in ${f.path}` }] });
    }
  }
  return out;
}

/**
 * `.env` files that describe no deployment: templates (`.env.example`, `.env.dist`) hold
 * placeholders, and test files (`.env.test`, `.env.e2e.local`, `test.env`) point at throwaway
 * databases that every service's tests may share. A compose `env_file` naming one still counts.
 */
function isNotDeployedEnvFile(path: string): boolean {
  const words = path.slice(path.lastIndexOf("/") + 1).toLowerCase().split(/[.\-_]/);
  return words.some((w) => /^(example|sample|template|tmpl|dist|test|tests|testing|e2e|ci|spec)$/.test(w));
}

function k8sEnv(m: ManifestFact, service: string, configMaps: Map<string, ConfigMapData>, charts: ChartValues): EnvBinding[] {
  const out: EnvBinding[] = [];
  const podPath = podSpecPath(m.resourceKind);
  const containers = get(m.doc, `${podPath}.containers`);
  if (!Array.isArray(containers)) return out;
  containers.forEach((c: unknown, ci: number) => {
    const cname = String((c as { name?: unknown })?.name ?? ci);
    const target = `k8s:${m.resourceKind}/${m.name}${containers.length > 1 ? `/${cname}` : ""}`;
    const base = `${podPath}.containers.${ci}`;
    const env = (c as { env?: unknown })?.env;
    if (Array.isArray(env)) {
      env.forEach((e: unknown, ei: number) => {
        const entry = e as { name?: unknown; value?: unknown; valueFrom?: Record<string, Record<string, unknown>> };
        if (typeof entry?.name !== "string") return;
        const line = lineOfPath(m, `${base}.env.${ei}`);
        const here = { file: m.loc.file, line, message: `${entry.name} set on ${target}` };
        const b: EnvBinding = { service, target, name: entry.name, source: { kind: "unknown" }, file: m.loc.file, manifest: m.loc.file, line, chain: [here] };
        const at = `${base}.env.${ei}`;
        if (entry.value !== undefined && entry.value !== null) {
          b.value = String(entry.value);
          b.source = { kind: "literal" };
          b.line = lineOfPath(m, `${at}.value`);
          b.chain = [{ ...here, line: b.line }];
          const r = isTemplated(b.value) ? charts.render(m, `${at}.value`) : undefined;
          if (r) {
            b.value = r.value;
            b.source = { kind: "helm-values", file: r.valuesFile };
            b.chain.push(...r.chain);
            // Several values make one string: the last step (which gets the value appended) names the whole.
            if (r.chain.length > 1) b.chain.push({ file: m.loc.file, line: b.line, message: `${entry.name} rendered from ${r.valuesFile}` });
          }
        } else if (entry.valueFrom?.configMapKeyRef || entry.valueFrom?.secretKeyRef) {
          const secret = !entry.valueFrom.configMapKeyRef;
          const refPath = `${at}.valueFrom.${secret ? "secretKeyRef" : "configMapKeyRef"}`;
          const ref = (secret ? entry.valueFrom.secretKeyRef : entry.valueFrom.configMapKeyRef)!;
          const name = rendered(charts, m, ref.name, `${refPath}.name`);
          const key = rendered(charts, m, ref.key, `${refPath}.key`);
          b.chain.push(...name.chain, ...key.chain);
          b.source = { kind: secret ? "secret" : "configmap", name: name.text, key: key.text };
          const cm = secret ? undefined : configMaps.get(name.text);
          if (cm && Object.hasOwn(cm.data, key.text)) {
            b.value = cm.data[key.text];
            b.chain.push({ file: cm.fact.loc.file, line: lineOfPath(cm.fact, `data.${key.text}`), message: `ConfigMap ${name.text} key ${key.text}` }, ...(cm.via[key.text] ?? []));
          }
        } else if (entry.valueFrom?.fieldRef) {
          b.source = { kind: "field", path: String(entry.valueFrom.fieldRef.fieldPath) };
        }
        out.push(b);
      });
    }
    const envFrom = (c as { envFrom?: unknown })?.envFrom;
    if (Array.isArray(envFrom)) {
      envFrom.forEach((e: unknown, ei: number) => {
        const ref = e as { configMapRef?: { name?: unknown }; secretRef?: { name?: unknown }; prefix?: unknown };
        const prefix = typeof ref.prefix === "string" ? ref.prefix : "";
        const line = lineOfPath(m, `${base}.envFrom.${ei}`);
        const cmName = ref.configMapRef?.name !== undefined ? rendered(charts, m, ref.configMapRef.name, `${base}.envFrom.${ei}.configMapRef.name`) : undefined;
        const cm = cmName ? configMaps.get(cmName.text) : undefined;
        if (cm && cmName) {
          for (const [key, value] of Object.entries(cm.data)) {
            out.push({
              service, target, name: prefix + key, value, manifest: m.loc.file,
              source: { kind: "configmap", name: cmName.text, key },
              file: m.loc.file, line,
              chain: [
                { file: m.loc.file, line, message: `envFrom ConfigMap ${cmName.text} on ${target}` },
                ...cmName.chain,
                { file: cm.fact.loc.file, line: lineOfPath(cm.fact, `data.${key}`), message: `ConfigMap ${cmName.text} key ${key}` },
                ...(cm.via[key] ?? []),
              ],
            });
          }
        }
      });
    }
  });
  return out;
}

function composeEnv(m: ManifestFact, service: string, envFiles: Map<string, EnvFileFact[]>): EnvBinding[] {
  const out: EnvBinding[] = [];
  const target = `compose:${m.name}`;
  const doc = m.doc as { environment?: unknown; env_file?: unknown } | null;
  const env = doc?.environment;
  const push = (name: string, value: string | undefined, line: number) => {
    const b: EnvBinding = { service, target, name, source: value === undefined ? { kind: "unknown" } : { kind: "literal" }, file: m.loc.file, manifest: m.loc.file, line, chain: [{ file: m.loc.file, line, message: `${name} set on ${target}` }] };
    if (value !== undefined) b.value = value;
    out.push(b);
  };
  if (Array.isArray(env)) {
    env.forEach((item: unknown, i: number) => {
      if (typeof item !== "string") return;
      const eq = item.indexOf("=");
      push(eq < 0 ? item : item.slice(0, eq), eq < 0 ? undefined : item.slice(eq + 1), lineOfPath(m, `environment.${i}`));
    });
  } else if (env && typeof env === "object") {
    for (const [name, value] of Object.entries(env as Record<string, unknown>)) {
      push(name, value === null || value === undefined ? undefined : String(value), lineOfPath(m, `environment.${name}`));
    }
  }
  // Compose gives `environment` precedence over `env_file`: the file's entries go first, so the later (winning) binding is `environment`'s.
  const fromFiles: EnvBinding[] = [];
  const files = typeof doc?.env_file === "string" ? [doc.env_file] : Array.isArray(doc?.env_file) ? doc.env_file : [];
  const dir = m.loc.file.includes("/") ? m.loc.file.slice(0, m.loc.file.lastIndexOf("/") + 1) : "";
  for (const ef of files) {
    const p = typeof ef === "string" ? ef : typeof (ef as { path?: unknown })?.path === "string" ? (ef as { path: string }).path : undefined;
    if (!p) continue;
    const path = normalizePath(dir + p);
    for (const e of envFiles.get(path) ?? []) {
      fromFiles.push({ service, target, name: e.name, value: e.value, source: { kind: "env-file", file: path }, file: path, manifest: m.loc.file, line: e.loc.line, chain: [{ file: m.loc.file, line: lineOfPath(m, "env_file"), message: `env_file ${path} on ${target}` }, { file: path, line: e.loc.line, message: `${e.name} in ${path}` }] });
    }
  }
  return [...fromFiles, ...out];
}

function normalizePath(p: string): string {
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}
