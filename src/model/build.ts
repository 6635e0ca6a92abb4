import type { ArchlintConfig } from "../config/types.js";
import { assignFiles, composeBuildService, normalizeServiceName } from "../discover/index.js";
import type { Discovery } from "../discover/types.js";
import type { Fact, FileFacts, ManifestFact } from "../extract/facts.js";
import { HELM_PLACEHOLDER } from "../extract/yaml/index.js";
import { ChartValues } from "./k8s-values.js";
import { workloadJoinName } from "./workload-names.js";
import { collectEnv } from "./env.js";
import { buildGraph } from "./graph/build.js";
import { collectDatastores } from "./datastores/index.js";
import { collectTables } from "./tables/index.js";
import { buildWorkloads } from "./workloads.js";
import type { Model, ModelFile, Service, WorkloadRef } from "./types.js";
import { collectConnections } from "./connections/index.js";
import { collectResilience } from "./resilience/index.js";

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet", "Pod"]);

/**
 * Joins per-file facts into one picture: every file tied to its service, and Kubernetes workloads
 * and compose services tied to the folder services they run (by normalised name, so the
 * `@shop/orders` package, the `orders` folder and the `orders-service` Deployment are one). A
 * compose service built from a service's folder (`build: ./orders`) joins that service whatever
 * its name; a Helm template's workload name is read by the chart's conventions first (see
 * workload-names.ts), and one that stays unknown joins nothing.
 */
export function buildModel(discovery: Discovery, facts: FileFacts[], config: ArchlintConfig): Model {
  const services = new Map<string, Service>();
  const byKey = new Map<string, Service>();
  const index = (svc: Service, name: string) => {
    const key = normalizeServiceName(name);
    if (key && !byKey.has(key)) byKey.set(key, svc);
  };
  const byRoot = new Map<string, Service>();
  for (const c of discovery.services) {
    const svc: Service = { name: c.name, root: c.root, aliases: [...c.aliases], evidence: [...c.evidence], workloads: [] };
    services.set(c.name, svc);
    if (!byRoot.has(c.root)) byRoot.set(c.root, svc);
    index(svc, c.name);
    for (const a of c.aliases) index(svc, a);
  }
  for (const o of config.services) {
    const svc = services.get(o.name);
    if (svc) for (const a of o.aliases ?? []) index(svc, a);
  }

  const owner = assignFiles(discovery, config.services);
  const isTest = new Map(discovery.files.map((f) => [f.path, f.isTest]));
  const charts = new ChartValues(facts.filter((ff) => !ff.generated).map((ff) => ({ path: ff.file, facts: ff.facts })));
  const files: ModelFile[] = [];
  for (const ff of facts) {
    if (ff.generated) continue;
    const file: ModelFile = { path: ff.file, language: ff.language, isTest: isTest.get(ff.file) ?? false, facts: withJoinNames(ff.facts, charts) };
    if (ff.parseError) file.parseError = ff.parseError;
    files.push(file);

    // Workloads in manifests join (or create) services.
    const workloadServices = new Set<string>();
    for (const fact of file.facts) {
      if (fact.kind !== "manifest") continue;
      const ref = workloadRef(fact);
      if (!ref) continue;
      let svc = (ref.kind === "compose" ? composeBuildService(fact.loc.file, fact.doc, byRoot) : undefined) ?? byKey.get(normalizeServiceName(ref.name));
      if (!svc) {
        // A compose entry that only pulls an image (mysql, nats…) is infrastructure, not a service.
        if (ref.kind === "compose" && !(fact.doc as { build?: unknown } | null)?.build) continue;
        svc = { name: uniqueName(services, ref.name), aliases: [], evidence: [], workloads: [] };
        services.set(svc.name, svc);
        index(svc, ref.name);
      }
      svc.workloads.push(ref);
      workloadServices.add(svc.name);
    }
    const assigned = owner.get(ff.file);
    if (assigned) file.service = assigned;
    else if (workloadServices.size === 1) file.service = [...workloadServices][0];
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const list = [...services.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const s of list) s.workloads.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const workloadOwner = new Map<string, string>();
  for (const s of list) for (const w of s.workloads) workloadOwner.set(`${w.kind}/${w.name}`, s.name);
  const env = collectEnv(files, (kind, name) => workloadOwner.get(`${kind}/${name}`), charts);
  const connections = collectConnections(files, list);
  const datastores = collectDatastores(files, list, env, connections);
  const graph = buildGraph({ files, services: list, env, connections, charts });
  return { root: discovery.root, files, services: list, env, datastores, tables: collectTables(files, datastores), workloads: buildWorkloads(files, list), graph, connections, resilience: collectResilience(files, list, connections, env, graph) };
}

function workloadRef(fact: ManifestFact): WorkloadRef | undefined {
  if (fact.format === "compose" && fact.name) return { kind: "compose", name: fact.name, file: fact.loc.file, line: fact.loc.line };
  // A name still templated (see withJoinNames) names no service: it joins nothing.
  if (fact.format === "k8s" && WORKLOAD_KINDS.has(fact.resourceKind) && fact.name && !fact.name.includes(HELM_PLACEHOLDER)) {
    return { kind: fact.resourceKind, name: fact.name, file: fact.loc.file, line: fact.loc.line };
  }
  return undefined;
}

/**
 * The facts with each Helm-templated workload name resolved by the chart's conventions (a copy of
 * the fact; the extracted facts stay as read), so the join, env bindings, probes and every rule
 * see one name for the workload.
 */
function withJoinNames(facts: Fact[], charts: ChartValues): Fact[] {
  let out: Fact[] | undefined;
  facts.forEach((fact, i) => {
    if (fact.kind !== "manifest" || fact.format !== "k8s" || !WORKLOAD_KINDS.has(fact.resourceKind) || !fact.name.includes(HELM_PLACEHOLDER)) return;
    const name = workloadJoinName(fact, charts);
    if (name === undefined) return;
    out ??= [...facts];
    out[i] = { ...fact, name };
  });
  return out ?? facts;
}

function uniqueName(services: Map<string, Service>, name: string): string {
  let n = name;
  for (let i = 2; services.has(n); i++) n = `${name}-${i}`;
  return n;
}
