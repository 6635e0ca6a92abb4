/**
 * Istio's limits: VirtualService route retries against the route timeout, and DestinationRule
 * `outlierDetection` (the mesh's circuit breaker) per host.
 */
import type { ManifestFact } from "../../extract/facts.js";
import { lineOfPath } from "../../extract/yaml/index.js";
import type { ModelFile } from "../types.js";
import { parseDurationText } from "./measure.js";
import type { BreakerUse, RetrySite } from "./types.js";

interface HttpRoute {
  timeout?: unknown;
  retries?: { attempts?: unknown; perTryTimeout?: unknown };
}

export function meshRetries(files: readonly ModelFile[]): RetrySite[] {
  const out: RetrySite[] = [];
  for (const f of files) {
    for (const m of f.facts) {
      if (m.kind !== "manifest" || m.format !== "k8s" || m.resourceKind !== "VirtualService") continue;
      const routes = (m.doc as { spec?: { http?: unknown } } | null)?.spec?.http;
      if (!Array.isArray(routes)) continue;
      routes.forEach((r: HttpRoute, i) => {
        const site = routeRetry(f, m, r, i);
        if (site) out.push(site);
      });
    }
  }
  return out;
}

function routeRetry(f: ModelFile, m: ManifestFact, r: HttpRoute, i: number): RetrySite | undefined {
  if (!r || typeof r !== "object" || !r.retries || typeof r.retries !== "object") return undefined;
  const attempts = Number(r.retries.attempts ?? 2); // Istio retries twice when attempts is not given
  if (!(attempts > 0)) return undefined;
  const line = lineOfPath(m, `spec.http.${i}.retries`);
  const site: RetrySite = { file: f.path, line, column: 1, isTest: f.isTest, library: "istio", attempts, related: [], ...(f.service ? { service: f.service } : {}) };
  const perTry = typeof r.retries.perTryTimeout === "string" ? parseDurationText(r.retries.perTryTimeout, "s") : undefined;
  const timeout = typeof r.timeout === "string" ? parseDurationText(r.timeout, "s") : undefined;
  const name = `VirtualService ${m.name}`;
  if (r.retries.perTryTimeout === undefined) {
    site.problem = `${name} retries ${attempts} times without perTryTimeout: one slow attempt uses the whole ${timeout !== undefined ? `route timeout (${r.timeout})` : "request, and the route has no timeout"}`;
  } else if (perTry !== undefined && timeout !== undefined && attempts * perTry > timeout) {
    site.problem = `${name}: attempts × perTryTimeout = ${attempts} × ${r.retries.perTryTimeout} = ${fmt(attempts * perTry)} exceeds the route timeout ${r.timeout}, so the last retries never run`;
    const tl = lineOfPath(m, `spec.http.${i}.timeout`);
    site.related.push({ file: f.path, line: tl, column: 1, message: `route timeout ${r.timeout}` });
  }
  return site;
}

function fmt(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export function meshBreakers(files: readonly ModelFile[]): BreakerUse[] {
  const out: BreakerUse[] = [];
  for (const f of files) {
    for (const m of f.facts) {
      if (m.kind !== "manifest" || m.format !== "k8s" || m.resourceKind !== "DestinationRule") continue;
      const spec = (m.doc as { spec?: { host?: unknown; trafficPolicy?: unknown; subsets?: unknown } } | null)?.spec;
      if (!spec || typeof spec.host !== "string") continue;
      if (JSON.stringify(spec.trafficPolicy ?? null).includes("outlierDetection") || JSON.stringify(spec.subsets ?? null).includes("outlierDetection")) {
        out.push({ library: "istio outlierDetection", file: f.path, line: m.loc.line, host: spec.host, ...(f.service ? { service: f.service } : {}) });
      }
    }
  }
  return out;
}
