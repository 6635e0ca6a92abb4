/**
 * ConfigMap and Secret volume mounts of Kubernetes workloads, and what in the service's code reads
 * or watches the mounted files. Used by config-without-reload.
 */
import type { ManifestFact } from "../../extract/facts.js";
import { HELM_PLACEHOLDER, lineOfPath } from "../../extract/yaml/index.js";
import { getPath as get, podSpecPath } from "../../model/k8s-values.js";
import type { Model, ModelFile } from "../../model/types.js";

const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet", "Pod"]);

export interface ConfigMount {
  service: string;
  workload: string;
  fact: ManifestFact;
  container: string;
  /** `ConfigMap` or `Secret`, and its name. */
  sourceKind: "ConfigMap" | "Secret";
  sourceName: string;
  mountPath: string;
  subPath?: string;
  mountLine: number;
  subPathLine?: number;
  volumeLine: number;
  /** The pods roll when the config changes (checksum annotation, Reloader, a reload sidecar). */
  rolls: boolean;
}

const ROLL_ANNOTATION = /^checksum\/|reloader\.stakater\.com\/|^wave\.pusher\.com\/|configmap\.reloader|secret\.reloader/;
const RELOAD_SIDECAR = /configmap-reload|config-reloader|configmap-reloader|k8s-sidecar|reloader/i;

/**
 * ConfigMaps and Secrets a kustomize generator makes: their names get a content hash, so a change
 * rolls the pods that mount them (unless the hash suffix is switched off).
 */
function generatedNames(model: Model): Set<string> {
  const out = new Set<string>();
  for (const f of model.files) {
    if (f.language !== "yaml" || !/(^|\/)kustomization\.ya?ml$/.test(f.path)) continue;
    for (const m of f.facts) {
      if (m.kind !== "manifest") continue;
      const doc = m.doc as Record<string, unknown> | null;
      if (get(doc, "generatorOptions.disableNameSuffixHash") === true) continue;
      for (const key of ["configMapGenerator", "secretGenerator"]) {
        const list = doc?.[key];
        if (Array.isArray(list)) for (const g of list) if (typeof g?.name === "string" && get(g, "options.disableNameSuffixHash") !== true) out.add(g.name);
      }
    }
  }
  return out;
}

/** Every ConfigMap/Secret volume mount of every workload a service owns. */
export function configMounts(model: Model): ConfigMount[] {
  const generated = generatedNames(model);
  const owner = new Map<string, string>();
  for (const s of model.services) for (const w of s.workloads) owner.set(`${w.file}|${w.kind}|${w.name}`, s.name);
  const out: ConfigMount[] = [];
  for (const file of model.files) {
    if (file.language !== "yaml") continue; // manifests come only from YAML
    for (const m of file.facts) {
      if (m.kind !== "manifest" || m.format !== "k8s" || !WORKLOADS.has(m.resourceKind)) continue;
      const service = owner.get(`${file.path}|${m.resourceKind}|${m.name}`);
      if (!service) continue;
      const podPath = podSpecPath(m.resourceKind);
      const metaPath = m.resourceKind === "Pod" ? "metadata" : podPath.replace(/\.spec$/, ".metadata");
      const annotations = { ...(get(m.doc, "metadata.annotations") as object), ...(get(m.doc, `${metaPath}.annotations`) as object) };
      const containers = (get(m.doc, `${podPath}.containers`) ?? []) as Array<Record<string, unknown>>;
      if (!Array.isArray(containers)) continue;
      const rolls =
        Object.keys(annotations).some((k) => ROLL_ANNOTATION.test(k)) ||
        containers.some((c) => typeof c?.image === "string" && RELOAD_SIDECAR.test(c.image));
      const volumes = new Map<string, { kind: "ConfigMap" | "Secret"; name: string; line: number }>();
      const vols = get(m.doc, `${podPath}.volumes`);
      if (Array.isArray(vols)) {
        vols.forEach((v: Record<string, unknown>, i: number) => {
          const line = lineOfPath(m, `${podPath}.volumes.${i}`);
          const cm = get(v, "configMap.name");
          const secret = get(v, "secret.secretName");
          const projected = get(v, "projected.sources");
          if (typeof v?.name !== "string") return;
          if (cm !== undefined) volumes.set(v.name, { kind: "ConfigMap", name: String(cm), line });
          else if (secret !== undefined) volumes.set(v.name, { kind: "Secret", name: String(secret), line });
          else if (Array.isArray(projected)) {
            const first = projected.find((p) => get(p, "configMap.name") !== undefined);
            if (first) volumes.set(v.name, { kind: "ConfigMap", name: String(get(first, "configMap.name")), line });
          }
        });
      }
      containers.forEach((c, ci) => {
        const mounts = c?.volumeMounts;
        if (!Array.isArray(mounts)) return;
        mounts.forEach((mt: Record<string, unknown>, mi: number) => {
          const vol = typeof mt?.name === "string" ? volumes.get(mt.name) : undefined;
          if (!vol || typeof mt.mountPath !== "string") return;
          const base = `${podPath}.containers.${ci}.volumeMounts.${mi}`;
          const sub = typeof mt.subPath === "string" ? mt.subPath : typeof mt.subPathExpr === "string" ? mt.subPathExpr : undefined;
          const mount: ConfigMount = {
            service, workload: `${m.resourceKind} ${shown(m.name)}`, fact: m, container: String(c.name ?? ci), sourceKind: vol.kind, sourceName: shown(vol.name),
            mountPath: shown(mt.mountPath), mountLine: lineOfPath(m, `${base}.mountPath`), volumeLine: vol.line, rolls: rolls || generated.has(vol.name),
          };
          if (sub !== undefined) {
            mount.subPath = sub;
            mount.subPathLine = lineOfPath(m, `${base}.${typeof mt.subPath === "string" ? "subPath" : "subPathExpr"}`);
          }
          out.push(mount);
        });
      });
    }
  }
  return out;
}

/** Names written with Helm actions show as `{{…}}` rather than the extractor's placeholder. */
function shown(name: string): string {
  return name.includes(HELM_PLACEHOLDER) ? name.replaceAll(HELM_PLACEHOLDER, "{{…}}") : name;
}

/** ConfigMaps defined in the repo: where, and whether they are immutable. */
export function configMapDefinitions(model: Model): Map<string, { file: string; line: number; immutable: boolean }> {
  const out = new Map<string, { file: string; line: number; immutable: boolean }>();
  for (const f of model.files) {
    if (f.language !== "yaml") continue;
    for (const m of f.facts) {
      if (m.kind === "manifest" && m.format === "k8s" && (m.resourceKind === "ConfigMap" || m.resourceKind === "Secret") && m.name) {
        out.set(`${m.resourceKind}/${m.name}`, { file: f.path, line: lineOfPath(m, "metadata.name"), immutable: (m.doc as { immutable?: unknown } | null)?.immutable === true });
      }
    }
  }
  return out;
}

export interface CodeUse {
  /** Strings in the service's code naming the mounted path, and env vars the manifests set to it. */
  paths: Array<{ file: string; line: number; message: string; viaEnv?: boolean }>;
  /** File reads in the service's code (readFileSync, os.ReadFile, viper.ReadInConfig). */
  reads: Array<{ file: string; line: number; message: string }>;
  /** What would notice a change: fs.watch, chokidar, fsnotify, viper.WatchConfig, a SIGHUP handler. */
  watchers: Array<{ file: string; line: number; message: string }>;
}

const READ_CALL = /(^|\.)(readFileSync|readFile|ReadFile|ReadInConfig|MergeInConfig|loadFile|LoadFile)$/;
const WATCH_CALL = /(^|\.)(watch|watchFile|WatchConfig|OnConfigChange|NewWatcher)$/;
/** Modules that read configuration files once, when imported (node-config reads NODE_CONFIG_DIR). */
const CONFIG_LOADERS = new Set(["config", "node-config"]);
const WATCH_IMPORT = /^(chokidar|github\.com\/fsnotify\/fsnotify|gopkg\.in\/fsnotify.*|github\.com\/radovskyb\/watcher)$/;

/** How the service's code uses the file or folder at `path` (a file for subPath mounts). */
export function codeUse(model: Model, service: string, path: string, isDir: boolean): CodeUse {
  const use: CodeUse = { paths: [], reads: [], watchers: [] };
  const matches = (v: string) => v === path || (isDir && v.startsWith(path.endsWith("/") ? path : `${path}/`));
  const files = codeFiles(model).get(service) ?? [];
  const envRead = new Set<string>();
  for (const f of files) scan(f, matches, use, envRead);
  for (const b of model.env) {
    if (b.service === service && b.value !== undefined && matches(b.value) && envRead.has(b.name)) {
      use.paths.push({ file: b.file, line: b.line, message: `${b.name} = ${b.value} on ${b.target}`, viaEnv: true });
    }
  }
  return use;
}

const codeByService = new WeakMap<Model, Map<string, ModelFile[]>>();

/** Each service's non-test TS/JS and Go files, indexed once per model. */
function codeFiles(model: Model): Map<string, ModelFile[]> {
  let m = codeByService.get(model);
  if (!m) {
    m = new Map();
    for (const f of model.files) {
      if (!f.service || f.isTest || (f.language !== "ts" && f.language !== "js" && f.language !== "go")) continue;
      const list = m.get(f.service) ?? [];
      list.push(f);
      m.set(f.service, list);
    }
    codeByService.set(model, m);
  }
  return m;
}

function scan(f: ModelFile, matches: (v: string) => boolean, use: CodeUse, envRead: Set<string>): void {
  for (const fact of f.facts) {
    if (fact.kind === "string" && !fact.holes.length && matches(fact.value)) use.paths.push({ file: f.path, line: fact.loc.line, message: `the service names ${fact.value}` });
    else if (fact.kind === "env-read") envRead.add(fact.name);
    else if (fact.kind === "import" && WATCH_IMPORT.test(fact.module)) use.watchers.push({ file: f.path, line: fact.loc.line, message: `imports ${fact.module}` });
    else if (fact.kind === "import" && (matches(fact.module) || CONFIG_LOADERS.has(fact.module))) {
      // `require("/etc/app/config.json")` and node-config read their files once, at import.
      if (matches(fact.module)) use.paths.push({ file: f.path, line: fact.loc.line, message: `the service imports ${fact.module}` });
      use.reads.push({ file: f.path, line: fact.loc.line, message: `reads the file at import (${fact.module})` });
    }
    else if (fact.kind === "call") {
      if (READ_CALL.test(fact.callee)) use.reads.push({ file: f.path, line: fact.loc.line, message: `reads the file with ${fact.callee}` });
      else if (WATCH_CALL.test(fact.callee)) use.watchers.push({ file: f.path, line: fact.loc.line, message: `watches with ${fact.callee}` });
      else if (fact.args.some((a) => (a.kind === "string" && a.value === "SIGHUP") || (a.kind === "unknown" && /(^|\.)SIGHUP$/.test(a.text)))) {
        use.watchers.push({ file: f.path, line: fact.loc.line, message: `handles SIGHUP (${fact.callee})` });
      }
    }
  }
}
