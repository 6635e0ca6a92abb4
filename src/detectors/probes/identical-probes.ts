import type { Detector } from "../../check/rule.js";
import type { Container, PortRef, ProbeHandler } from "../../model/workloads.js";
import { containerName, runningContainers } from "./shared.js";

/**
 * Liveness and readiness probes with the same handler: whatever makes the pod unready (a database
 * blip the readiness check sees) then also restarts it. Timings are not compared: identical
 * handlers with different thresholds still restart on the same cause. Anything templated is left
 * alone.
 */
export const identicalProbes: Detector = {
  name: "k8s-identical-probes",
  defaults: {},
  run({ model, report }) {
    for (const w of model.workloads ?? []) {
      for (const c of runningContainers(w)) {
        const live = c.probes.liveness;
        const ready = c.probes.readiness;
        if (!live?.handler || !ready?.handler) continue;
        const a = signature(live.handler, c);
        if (a === null || a !== signature(ready.handler, c)) continue;
        report({
          file: w.file,
          line: live.line,
          service: w.service,
          message: `The liveness and readiness probes of ${containerName(w, c)} both check ${describe(live.handler, c)}: when that check fails because a dependency is down, Kubernetes restarts every pod instead of only taking it out of rotation.`,
          related: [{ file: w.file, line: ready.line, message: "the readiness probe with the same handler" }],
        });
      }
    }
  },
};

/** A port number, resolving a name through the container's ports; `null` when unknown. */
function portNumber(port: PortRef | undefined, c: Container): number | string | null {
  if (port === null || port === undefined) return null;
  if (typeof port === "number") return port;
  const named = c.ports?.find((p) => p.name === port);
  return named?.containerPort ?? port;
}

/** A comparable key for a handler, or `null` when any part of it is unknown. */
function signature(h: ProbeHandler, c: Container): string | null {
  switch (h.kind) {
    case "httpGet": {
      const port = portNumber(h.port, c);
      if (port === null || h.path === null || h.host === null || h.scheme === null || h.headers === null) return null;
      return JSON.stringify([h.kind, port, h.path, h.host ?? "", h.scheme.toUpperCase(), h.headers]);
    }
    case "tcpSocket": {
      const port = portNumber(h.port, c);
      return port === null || h.host === null ? null : JSON.stringify([h.kind, port, h.host ?? ""]);
    }
    case "grpc": {
      const port = portNumber(h.port, c);
      return port === null || h.service === null ? null : JSON.stringify([h.kind, port, h.service]);
    }
    case "exec":
      return h.command === null ? null : JSON.stringify([h.kind, ...h.command]);
  }
}

function describe(h: ProbeHandler, c: Container): string {
  switch (h.kind) {
    case "httpGet":
      return `httpGet ${h.path} on port ${portText(h.port, c)}`;
    case "tcpSocket":
      return `tcpSocket on port ${portText(h.port, c)}`;
    case "grpc":
      return `grpc${h.service ? ` service ${h.service}` : ""} on port ${portText(h.port, c)}`;
    case "exec":
      return `exec ${JSON.stringify(h.command)}`;
  }
}

function portText(port: PortRef | undefined, c: Container): string {
  const n = portNumber(port, c);
  return typeof port === "string" && typeof n === "number" ? `${n} (${port})` : String(n);
}
