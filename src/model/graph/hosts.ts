/**
 * Resolves a host as code and manifests write it (`payments`, `payments.shop`,
 * `payments.shop.svc.cluster.local:8080`, `http://orders:8080/x`, an Ingress host) to a service of
 * the repo: Kubernetes Service → selector → workload → service, compose service names, and the
 * repo's Ingress rules. Anything else (an external API, a managed database) resolves to nothing.
 * Helm-templated names and label values (`{{ include "orders.fullname" . }}`) are read by the
 * chart's conventions, as workload names are (workload-names.ts); one that stays unknown ties
 * nothing (a placeholder never matches another placeholder).
 */
import type { ManifestFact } from "../../extract/facts.js";
import { HELM_PLACEHOLDER, lineOfPath } from "../../extract/yaml/index.js";
import { ChartValues } from "../k8s-values.js";
import type { Model, Service } from "../types.js";
import { chartNamedScalar } from "../workload-names.js";
import type { GraphEvidence } from "./types.js";

export interface Address {
  scheme?: string;
  host: string;
  port?: number;
  path: string;
}

export interface Resolved {
  service: string;
  /** The port's name or appProtocol on the Kubernetes Service (`grpc`, `http`), when known. */
  portName?: string;
  port?: number;
  /** How the host was tied to the service (k8s Service, Ingress rule). */
  evidence: GraphEvidence[];
}

interface K8sService {
  name: string;
  namespace?: string;
  selector: Record<string, string>;
  ports: Array<{ port?: number; name?: string; appProtocol?: string }>;
  fact: ManifestFact;
}

interface Workload {
  service: string;
  namespace?: string;
  labels: Record<string, string>;
}

interface IngressPath {
  host?: string;
  path: string;
  backend: string;
  namespace?: string;
  file: string;
  line: number;
}

const HOST_RE = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_-]+)*$/i;

/** `http://user@host:8080/p`, `dns:///host:443`, `host:50051`, `host` → its parts; undefined when it is no address. */
export function parseAddress(text: string): Address | undefined {
  let s = text.trim();
  let scheme: string | undefined;
  const m = /^([a-z][a-z0-9+.-]*):\/\/\/?/i.exec(s);
  if (m) {
    scheme = m[1]!.toLowerCase();
    s = s.slice(m[0].length);
  } else if (/^dns:/i.test(s)) {
    scheme = "dns";
    s = s.slice(4);
  }
  // gRPC name resolvers that name the service in the path: `consul://agent:8500/orders`, `etcd:///orders`.
  if (scheme === "consul" || scheme === "etcd") {
    const name = s.slice(s.indexOf("/") + 1).split(/[/?#]/)[0]?.toLowerCase();
    return name && HOST_RE.test(name) ? { scheme, host: name, path: "" } : undefined;
  }
  const slash = s.search(/[/?#]/);
  const path = slash >= 0 ? s.slice(slash) : "";
  let hostPort = slash >= 0 ? s.slice(0, slash) : s;
  hostPort = hostPort.slice(hostPort.lastIndexOf("@") + 1);
  const pm = /^(.*?)(?::(\d{1,5}))?$/.exec(hostPort)!;
  const host = pm[1]!.toLowerCase();
  if (!host || !HOST_RE.test(host) || /^\d+(\.\d+)*$/.test(host)) return undefined;
  // A bare word is an address only with a scheme or a port ("orders" alone is just a word).
  if (!scheme && pm[2] === undefined) return undefined;
  const out: Address = { host, path };
  if (scheme) out.scheme = scheme;
  if (pm[2] !== undefined) out.port = Number(pm[2]);
  return out;
}

export class HostResolver {
  private readonly k8s = new Map<string, K8sService[]>();
  private readonly workloads: Workload[] = [];
  private readonly namespaces = new Set<string>();
  private readonly names = new Map<string, string>();
  private readonly ingress: IngressPath[] = [];

  constructor(model: Pick<Model, "files" | "services">, charts: ChartValues = new ChartValues(model.files)) {
    const byWorkload = new Map<string, string>();
    for (const s of model.services) {
      for (const w of s.workloads) byWorkload.set(`${w.kind}/${w.name}`, s.name);
      this.addName(s.name, s);
      for (const w of s.workloads) this.addName(w.name, s);
    }
    for (const f of model.files) {
      for (const fact of f.facts) {
        if (fact.kind !== "manifest" || fact.format !== "k8s") continue;
        if (fact.namespace) this.namespaces.add(fact.namespace);
        const doc = fact.doc as Record<string, any> | null;
        if (!doc) continue;
        if (fact.resourceKind === "Service" && fact.name) {
          const name = chartNamedScalar(fact, "metadata.name", fact.name, charts);
          const selector = named(fact, "spec.selector", doc.spec?.selector, charts);
          // A selector with a value only a render would tell selects nothing we can name.
          if (name === undefined || selector === undefined) continue;
          const list = this.k8s.get(name) ?? [];
          const ports = Array.isArray(doc.spec?.ports) ? doc.spec.ports : [];
          list.push({
            name,
            namespace: fact.namespace,
            selector,
            ports: ports.map((p: any) => ({ port: typeof p?.port === "number" ? p.port : undefined, name: str(p?.name), appProtocol: str(p?.appProtocol) })),
            fact,
          });
          this.k8s.set(name, list);
        } else if (fact.resourceKind === "Ingress") {
          this.addIngress(fact, doc, charts);
        } else {
          // Workload names in the model are already read by the chart's conventions (build.ts).
          const service = byWorkload.get(`${fact.resourceKind}/${fact.name}`);
          if (!service) continue;
          const at = fact.resourceKind === "CronJob" ? "spec.jobTemplate.spec.template" : fact.resourceKind === "Pod" ? "" : "spec.template";
          const tpl = at ? at.split(".").reduce((o: any, k) => o?.[k], doc) : doc;
          const labels = named(fact, `${at ? `${at}.` : ""}metadata.labels`, tpl?.metadata?.labels, charts, true) ?? {};
          this.workloads.push({ service, namespace: fact.namespace, labels });
        }
      }
    }
  }

  private addName(name: string, s: Service): void {
    const key = name.toLowerCase();
    if (!this.names.has(key)) this.names.set(key, s.name);
  }

  private addIngress(fact: ManifestFact, doc: Record<string, any>, charts: ChartValues): void {
    const rules = Array.isArray(doc.spec?.rules) ? doc.spec.rules : [];
    rules.forEach((r: any, ri: number) => {
      const paths = Array.isArray(r?.http?.paths) ? r.http.paths : [];
      paths.forEach((p: any, pi: number) => {
        const at = `spec.rules.${ri}.http.paths.${pi}.backend`;
        const raw = str(p?.backend?.service?.name) ?? str(p?.backend?.serviceName);
        const backend = raw && chartNamedScalar(fact, str(p?.backend?.service?.name) ? `${at}.service.name` : `${at}.serviceName`, raw, charts);
        if (!backend) return;
        this.ingress.push({
          host: str(r?.host)?.toLowerCase(),
          path: str(p?.path) ?? "/",
          backend,
          namespace: fact.namespace,
          file: fact.loc.file,
          line: lineOfPath(fact, `spec.rules.${ri}.http.paths.${pi}`),
        });
      });
    });
  }

  /** Kubernetes Service names and the one service each selects, for other repos to call by name. */
  serviceNames(): Array<{ name: string; service: string; file: string; line: number }> {
    const out: Array<{ name: string; service: string; file: string; line: number }> = [];
    for (const [name, list] of this.k8s) {
      for (const s of list) {
        const r = this.k8sService(name, s.namespace);
        if (r) out.push({ name, service: r.service, file: s.fact.loc.file, line: s.fact.loc.line });
      }
    }
    return out;
  }

  /** The service a host names, if any. */
  resolve(addr: Address): Resolved | undefined {
    const labels = addr.host.split(".");
    let name: string | undefined;
    let ns: string | undefined;
    if (labels.length >= 3 && labels[2] === "svc" && (labels.length === 3 || labels.slice(3).join(".") === "cluster.local")) {
      [name, ns] = labels;
    } else if (labels.length === 2 && this.namespaces.has(labels[1]!)) {
      [name, ns] = labels;
    } else if (labels.length === 1) {
      name = labels[0];
    }
    const viaIngress = this.throughIngress(addr);
    if (viaIngress) return viaIngress;
    if (!name) return undefined;
    const svc = this.k8sService(name, ns);
    if (svc) return svc;
    // Compose service names and workload names answer on the network of their own name.
    const s = this.names.get(name);
    if (s && (ns === undefined || this.workloads.some((w) => w.service === s && (w.namespace === undefined || w.namespace === ns)))) {
      return { service: s, ...(addr.port !== undefined ? { port: addr.port } : {}), evidence: [] };
    }
    return undefined;
  }

  private k8sService(name: string, ns: string | undefined, port?: number): Resolved | undefined {
    const candidates = (this.k8s.get(name) ?? []).filter((s) => ns === undefined || s.namespace === undefined || s.namespace === ns);
    for (const s of candidates) {
      const sel = Object.entries(s.selector);
      if (sel.length === 0) continue;
      const targets = new Set(
        this.workloads
          .filter((w) => (s.namespace === undefined || w.namespace === undefined || w.namespace === s.namespace) && sel.every(([k, v]) => w.labels[k] === v))
          .map((w) => w.service),
      );
      if (targets.size !== 1) continue;
      const service = [...targets][0]!;
      const p = port !== undefined ? s.ports.find((x) => x.port === port) : s.ports.length === 1 ? s.ports[0] : undefined;
      const out: Resolved = {
        service,
        evidence: [{ file: s.fact.loc.file, line: s.fact.loc.line, message: `Kubernetes Service ${s.name} selects ${service}` }],
      };
      const portName = p?.appProtocol ?? p?.name;
      if (portName) out.portName = portName;
      if (p?.port !== undefined) out.port = p.port;
      return out;
    }
    return undefined;
  }

  /** Resolves with the port, so the Service's port name can say grpc or http. */
  resolveWithPort(addr: Address): Resolved | undefined {
    const r = this.resolve(addr);
    if (!r || addr.port === undefined || r.portName) return r;
    const labels = addr.host.split(".");
    const again = this.k8sService(labels[0]!, labels.length > 1 ? labels[1] : undefined, addr.port);
    return again?.service === r.service ? { ...r, ...again, evidence: r.evidence } : r;
  }

  private throughIngress(addr: Address): Resolved | undefined {
    const byHost = this.ingress.filter((i) => i.host !== undefined && (i.host === addr.host || (i.host.startsWith("*.") && addr.host.endsWith(i.host.slice(1)))));
    const pool = byHost.length ? byHost : /ingress/.test(addr.host) ? this.ingress.filter((i) => i.host === undefined) : [];
    const path = addr.path || "/";
    const best = pool
      .filter((i) => path === i.path || path.startsWith(i.path.endsWith("/") ? i.path : `${i.path}/`) || i.path === "/")
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (!best) return undefined;
    const svc = this.k8sService(best.backend, best.namespace);
    if (!svc) return undefined;
    return { ...svc, evidence: [{ file: best.file, line: best.line, message: `Ingress routes ${best.host ?? "*"}${best.path} to Service ${best.backend}` }, ...svc.evidence] };
  }
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v ? v : undefined;
}

/**
 * A label map (a selector, pod labels) with templated values read by the chart's conventions. A
 * value that stays unknown makes a selector unknown (`undefined`), and is left out of pod labels
 * (`dropUnknown`), so it matches nothing.
 */
function named(fact: ManifestFact, path: string, v: unknown, charts: ChartValues, dropUnknown = false): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(strings(v))) {
    const value = k.includes(HELM_PLACEHOLDER) ? undefined : chartNamedScalar(fact, `${path}.${k}`, x, charts);
    if (value !== undefined) out[k] = value;
    else if (!dropUnknown) return undefined;
  }
  return out;
}

function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) if (typeof x === "string" || typeof x === "number" || typeof x === "boolean") out[k] = String(x);
  return out;
}
