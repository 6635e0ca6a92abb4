/**
 * Kubernetes workloads for the probe and shutdown rules, derived once from the manifest facts:
 * containers (see workload-containers.ts), the Services whose selector certainly matches the pod
 * labels, and whether the manifest is a kustomize patch rather than a whole workload.
 */
import { posix } from "node:path";
import type { ManifestFact } from "../extract/facts.js";
import { lineOfPath } from "../extract/yaml/index.js";
import { getPath, isObject, isTemplated, podSpecPath, readInt } from "./k8s-values.js";
import { looseOutputLines, readContainers, readProbes } from "./workload-containers.js";
import type { SelectingService, Workload } from "./workload-types.js";
import type { ModelFile, Service } from "./types.js";

export * from "./workload-types.js";

/** Kinds whose pods are meant to run until replaced (Argo `Rollout`, OpenShift `DeploymentConfig`). */
const LONG_RUNNING = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Rollout", "DeploymentConfig"]);
const WORKLOAD_KINDS = new Set([...LONG_RUNNING, "Job", "CronJob", "Pod"]);

interface ServiceSelector extends SelectingService {
  namespace?: string;
  selector: Record<string, string>;
}

/**
 * Every workload manifest (and every probe block of a Helm values file), sorted by file and line,
 * with the archlint service that runs it and the Services that select it.
 */
export function buildWorkloads(files: ModelFile[], services: Service[]): Workload[] {
  const owner = new Map<string, string>();
  for (const s of services) for (const w of s.workloads) owner.set(`${w.file}:${w.line}`, s.name);
  const patches = kustomizePatchFiles(files);
  const selectors: ServiceSelector[] = [];
  const out: Workload[] = [];
  for (const file of files) {
    for (const fact of file.facts) {
      if (fact.kind !== "manifest") continue;
      if (fact.format === "helm-values") out.push(...valuesProbeSets(fact));
      if (fact.format !== "k8s") continue;
      if (fact.resourceKind === "Service") {
        const s = serviceSelector(fact);
        if (s) selectors.push(s);
      } else if (WORKLOAD_KINDS.has(fact.resourceKind)) {
        const w = readWorkload(fact, owner.get(`${fact.loc.file}:${fact.loc.line}`), patches.has(fact.loc.file));
        if (file.isTest) w.isTest = true;
        out.push(w);
      }
    }
  }
  // Services indexed by one of their selector labels: a Service can only select pods carrying it.
  const byLabel = new Map<string, ServiceSelector[]>();
  for (const s of selectors) {
    const [k, v] = Object.entries(s.selector)[0]!;
    const key = `${k}\u0000${v}`;
    const list = byLabel.get(key);
    if (list) list.push(s);
    else byLabel.set(key, [s]);
  }
  for (const w of out) {
    if (!w.podLabels) continue;
    for (const [k, v] of Object.entries(w.podLabels)) {
      for (const s of byLabel.get(`${k}\u0000${v}`) ?? []) if (selects(s, w)) w.selectedBy.push({ name: s.name, file: s.file, line: s.line });
    }
    w.selectedBy.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

function readWorkload(fact: ManifestFact, service: string | undefined, isPatch: boolean): Workload {
  const podPath = podSpecPath(fact.resourceKind);
  const loose = looseOutputLines(fact);
  const containers = [...readContainers(fact, podPath, false, loose), ...readContainers(fact, podPath, true, loose)];
  const docLines = loose.length > 0 ? Object.values(fact.lines) : [];
  const first = Math.min(fact.loc.line, ...docLines);
  const last = Math.max(fact.loc.line, ...docLines);
  const w: Workload = {
    kind: fact.resourceKind,
    name: fact.name,
    file: fact.loc.file,
    line: fact.loc.line,
    longRunning: LONG_RUNNING.has(fact.resourceKind),
    partial: isPatch || containers.some((c) => !c.hasImage),
    podLabels: podLabels(getPath(fact.doc, podPath === "spec" ? "metadata.labels" : `${podPath.slice(0, -".spec".length)}.metadata.labels`)),
    containers,
    terminationGracePeriodSeconds: readInt(getPath(fact.doc, `${podPath}.terminationGracePeriodSeconds`)),
    podOpen: loose.some((l) => l >= first && l <= last),
    selectedBy: [],
  };
  if (fact.namespace !== undefined) w.namespace = fact.namespace;
  if (service !== undefined) w.service = service;
  if (Object.hasOwn(fact.lines, `${podPath}.terminationGracePeriodSeconds`)) w.graceLine = lineOfPath(fact, `${podPath}.terminationGracePeriodSeconds`);
  return w;
}

/** Known labels of the pod template; `null` when a Helm action prints them. */
function podLabels(raw: unknown): Record<string, string> | null {
  if (raw === undefined) return {};
  if (!isObject(raw)) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "string" && !isTemplated(k) && !isTemplated(v)) out[k] = v;
  return out;
}

function serviceSelector(fact: ManifestFact): ServiceSelector | undefined {
  const sel = getPath(fact.doc, "spec.selector");
  if (!isObject(sel) || Object.keys(sel).length === 0 || isTemplated(sel)) return undefined;
  const selector: Record<string, string> = {};
  for (const [k, v] of Object.entries(sel)) {
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return undefined;
    selector[k] = String(v);
  }
  const s: ServiceSelector = { name: fact.name, file: fact.loc.file, line: fact.loc.line, selector };
  if (fact.namespace !== undefined) s.namespace = fact.namespace;
  return s;
}

/** Certainly selects: every selector label matches, and the namespaces do not differ. */
function selects(s: ServiceSelector, w: Workload): boolean {
  if (s.namespace !== undefined && w.namespace !== undefined && s.namespace !== w.namespace) return false;
  return Object.entries(s.selector).every(([k, v]) => w.podLabels![k] === v);
}

/** How deep in a values file probe settings are looked for (`api.probes.livenessProbe`). */
const VALUES_DEPTH = 4;
const PROBE_KEYS = ["livenessProbe", "readinessProbe", "startupProbe"];

/**
 * Probe settings in a Helm values file (`livenessProbe:` and `readinessProbe:` side by side, as
 * `helm create` writes them), as one pseudo-workload of kind `HelmValues` per mapping that holds
 * them: the chart's templates print them into containers, so their handlers and timings are
 * checked like a container's. Ports are unknown here, and nothing is ever "missing".
 */
function valuesProbeSets(fact: ManifestFact): Workload[] {
  const out: Workload[] = [];
  const visit = (node: unknown, path: string, depth: number): void => {
    if (!isObject(node) || depth > VALUES_DEPTH) return;
    const probes = readProbes(fact, path, node, false);
    // `enabled: false` (Bitnami-style values) switches the probe off in the chart's template.
    for (const [t, k] of [["liveness", "livenessProbe"], ["readiness", "readinessProbe"], ["startup", "startupProbe"]] as const) {
      if (isObject(node[k]) && node[k].enabled === false) delete probes[t];
    }
    if (Object.keys(probes).length > 0 && PROBE_KEYS.some((k) => isObject(node[k]))) {
      out.push({
        kind: "HelmValues",
        name: fact.name,
        file: fact.loc.file,
        line: path === "" ? fact.loc.line : lineOfPath(fact, path),
        longRunning: false,
        partial: true,
        podLabels: null,
        containers: [{ name: path, line: lineOfPath(fact, path), init: false, sidecar: false, hasImage: false, ports: null, probes, open: false }],
        terminationGracePeriodSeconds: null,
        podOpen: false,
        selectedBy: [],
      });
    }
    for (const [k, v] of Object.entries(node)) if (!PROBE_KEYS.includes(k)) visit(v, path === "" ? k : `${path}.${k}`, depth + 1);
  };
  visit(fact.doc, "", 0);
  return out;
}

/** Files a kustomization applies as strategic-merge patches: partial workloads, not whole ones. */
function kustomizePatchFiles(files: ModelFile[]): Set<string> {
  const out = new Set<string>();
  for (const file of files) {
    if (!/(^|\/)kustomization\.ya?ml$|(^|\/)Kustomization$/.test(file.path)) continue;
    const dir = file.path.includes("/") ? file.path.slice(0, file.path.lastIndexOf("/") + 1) : "";
    for (const fact of file.facts) {
      if (fact.kind !== "manifest" || !isObject(fact.doc)) continue;
      const doc = fact.doc;
      const paths: unknown[] = [];
      if (Array.isArray(doc.patchesStrategicMerge)) paths.push(...doc.patchesStrategicMerge);
      if (Array.isArray(doc.patches)) for (const p of doc.patches) paths.push(isObject(p) ? p.path : undefined);
      for (const p of paths) if (typeof p === "string" && !p.includes("\n")) out.add(posix.normalize(dir + p));
    }
  }
  return out;
}
