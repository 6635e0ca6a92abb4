import type { Detector } from "../../check/rule.js";
import { normalizeServiceName } from "../../discover/index.js";
import { where } from "./shared.js";

/**
 * A service that calls other services synchronously and uses no circuit breaker: no opossum,
 * cockatiel `circuitBreaker`, gobreaker, hystrix-go or failsafe-go in its code, and no Istio
 * DestinationRule with `outlierDetection` for the callee. Info, and off in the recommended preset:
 * many teams rely on timeouts and load shedding instead.
 */
export const missingCircuitBreaker: Detector = {
  name: "missing-circuit-breaker",
  defaults: {},
  run({ model, report }) {
    const res = model.resilience;
    if (!res || !model.graph) return;
    const withLibrary = new Set(res.breakers.filter((b) => !b.host && b.service).map((b) => b.service!));
    const meshHosts = new Set(res.breakers.filter((b) => b.host).map((b) => normalizeServiceName(b.host!.split(".")[0]!)));
    const bySvc = new Map<string, typeof model.graph.edges>();
    const external = new Map<string, (typeof res.calls)[number]>();
    for (const e of model.graph.edges) {
      if ((e.protocol !== "http" && e.protocol !== "grpc") || e.inferred || withLibrary.has(e.from)) continue;
      if (meshHosts.has(normalizeServiceName(e.to))) continue;
      bySvc.set(e.from, [...(bySvc.get(e.from) ?? []), e]);
    }
    // Services whose only outbound calls leave the repo (a PSP, an SMS gateway) count too.
    const withEdges = new Set(model.graph.edges.filter((e) => e.protocol === "http" || e.protocol === "grpc").map((e) => e.from));
    for (const c of res.calls) {
      if (!c.service || c.isTest || withLibrary.has(c.service) || withEdges.has(c.service) || external.has(c.service)) continue;
      external.set(c.service, c);
    }
    for (const [service, c] of [...external].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const others = res.calls.filter((x) => x.service === service && !x.isTest && x !== c);
      report({
        ...where({ file: c.file, line: c.line, column: c.column, service }),
        severity: "info",
        message: `${service} makes outbound ${c.protocol === "grpc" ? "gRPC" : "HTTP"} calls (${c.callee} here${others.length ? ` and ${others.length} more` : ""}) with no circuit breaker (no opossum, cockatiel circuitBreaker, gobreaker or hystrix-go): when the other side is down, every request still waits for it.`,
        related: others.map((x) => ({ file: x.file, line: x.line, message: `${x.callee}` })),
      });
    }
    for (const [service, edges] of [...bySvc].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const first = edges[0]!.evidence[0]!;
      report({
        ...where({ file: first.file, line: first.line, ...(first.column !== undefined ? { column: first.column } : {}), service }),
        severity: "info",
        message: `${service} calls ${edges.map((e) => `${e.to} (${e.protocol})`).join(", ")} with no circuit breaker (no opossum, cockatiel circuitBreaker, gobreaker or hystrix-go, and no Istio outlierDetection for ${edges.length > 1 ? "them" : "it"}): when ${edges.length > 1 ? "one is" : "it is"} down, every request still waits for it.`,
        related: edges.slice(1).map((e) => ({ file: e.evidence[0]!.file, line: e.evidence[0]!.line, message: `${service} calls ${e.to}` })),
      });
    }
  },
};
