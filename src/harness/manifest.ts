/**
 * "Derive from config": the probes and terminationGracePeriodSeconds of one container of a
 * Kubernetes workload, read with the YAML extractor the static checks use.
 */
import { readFileSync } from "node:fs";
import { extractYaml } from "../extract/yaml/index.js";
import type { ManifestFact } from "../extract/facts.js";
import { HarnessConfigError } from "./errors.js";
import { isMapping } from "./schema-check.js";
import type { ProbeSpec } from "./types.js";

export interface ManifestRef {
  file: string;
  workload?: string;
  container?: string;
  /** Container port name or number → allocated port var. */
  ports: Record<string, string>;
  /** Used for ports not in `ports`. */
  defaultPortVar: string;
}

export interface WorkloadFacts {
  liveness?: ProbeSpec;
  readiness?: ProbeSpec;
  startup?: ProbeSpec;
  terminationGracePeriodSeconds: number;
  /** `file:line (Kind/name, container c)`, for the report. */
  source: string;
}

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Pod"]);
/** Kubernetes defaults (probe timings and the grace period). */
const K8S_DEFAULT_GRACE_SECONDS = 30;

export function readWorkload(ref: ManifestRef, shownFile: string): WorkloadFacts {
  let text: string;
  try {
    text = readFileSync(ref.file, "utf8");
  } catch (err) {
    throw new HarnessConfigError(`${shownFile}: cannot read manifest: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const facts = extractYaml(shownFile, text);
  if (facts.parseError) throw new HarnessConfigError(`${shownFile}:${facts.parseError.line ?? 1}: invalid YAML: ${facts.parseError.message.split("\n")[0]}`);
  const workloads = facts.facts.filter(
    (f): f is ManifestFact => f.kind === "manifest" && f.format === "k8s" && WORKLOAD_KINDS.has(f.resourceKind),
  );
  const workload = ref.workload ? workloads.find((w) => w.name === ref.workload) : workloads[0];
  if (!workload) throw new HarnessConfigError(`${shownFile}: no workload${ref.workload ? ` named '${ref.workload}'` : ""} (Deployment, StatefulSet, DaemonSet or Pod)`);
  const podSpec = workload.resourceKind === "Pod" ? get(workload.doc, "spec") : get(workload.doc, "spec", "template", "spec");
  const containers = get(podSpec, "containers");
  const list = Array.isArray(containers) ? containers.filter(isMapping) : [];
  const container = ref.container ? list.find((c) => c.name === ref.container) : list[0];
  if (!container) throw new HarnessConfigError(`${shownFile}: workload '${workload.name}' has no container${ref.container ? ` named '${ref.container}'` : ""}`);
  const grace = get(podSpec, "terminationGracePeriodSeconds");
  // A probe may name its port by number; `ports` may map it by the container port's name.
  const named: Record<string, string> = {};
  for (const p of Array.isArray(container.ports) ? container.ports.filter(isMapping) : []) {
    if (p.name !== undefined && p.containerPort !== undefined && ref.ports[String(p.name)] !== undefined) named[String(p.containerPort)] = ref.ports[String(p.name)]!;
  }
  const probe = (key: string) => toProbe(container[key], { ...ref, ports: { ...named, ...ref.ports } }, `${shownFile}: ${key}`);
  return {
    liveness: probe("livenessProbe"),
    readiness: probe("readinessProbe"),
    startup: probe("startupProbe"),
    terminationGracePeriodSeconds: typeof grace === "number" ? grace : K8S_DEFAULT_GRACE_SECONDS,
    source: `${shownFile}:${workload.loc.line} (${workload.resourceKind}/${workload.name}, container ${String(container.name)})`,
  };
}

function toProbe(raw: unknown, ref: ManifestRef, where: string): ProbeSpec | undefined {
  if (!isMapping(raw)) return undefined;
  const timings = {
    initialDelaySeconds: num(raw.initialDelaySeconds, 0),
    periodSeconds: num(raw.periodSeconds, 10),
    timeoutSeconds: num(raw.timeoutSeconds, 1),
    failureThreshold: num(raw.failureThreshold, 3),
  };
  const httpGet = raw.httpGet;
  const tcp = raw.tcpSocket;
  if (isMapping(httpGet)) return { kind: "http", path: String(httpGet.path ?? "/"), port: portVar(httpGet.port, ref), ...timings };
  if (isMapping(tcp)) return { kind: "tcp", path: "", port: portVar(tcp.port, ref), ...timings };
  // The kubelet calls grpc.health.v1.Health/Check with `service` (empty: the server as a whole).
  if (isMapping(raw.grpc)) return { kind: "grpc", path: String(raw.grpc.service ?? ""), port: portVar(raw.grpc.port, ref), ...timings };
  // An exec probe runs a command inside the container: the harness cannot run it safely, the check says so.
  if (isMapping(raw.exec)) {
    const cmd = Array.isArray(raw.exec.command) ? raw.exec.command.map(String).join(" ") : "";
    return { kind: "exec", path: cmd, port: "", ...timings };
  }
  throw new HarnessConfigError(`${where}: only httpGet, tcpSocket, grpc and exec probes are known to the harness`);
}

function portVar(port: unknown, ref: ManifestRef): string {
  return ref.ports[String(port)] ?? ref.defaultPortVar;
}

function num(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

function get(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const key of path) cur = isMapping(cur) ? cur[key] : undefined;
  return cur;
}
