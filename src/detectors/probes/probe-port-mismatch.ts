import type { Detector } from "../../check/rule.js";
import type { Container, ContainerPort, Probe, Workload } from "../../model/workloads.js";
import { PROBE_KEY, containerName, runningContainers } from "./shared.js";

/** Hosts that mean "this pod": a probe with any other host checks something else. */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * A probe on a port the container does not expose. A named port must be declared on the same
 * container (the kubelet looks nowhere else), or the probe can never succeed. A numbered port works
 * undeclared, so it is reported only when the container declares ports and no container of the pod
 * declares this one: then it is most likely the wrong number.
 */
export const probePortMismatch: Detector = {
  name: "k8s-probe-port-mismatch",
  defaults: {},
  run({ model, report }) {
    for (const w of model.workloads ?? []) {
      for (const c of runningContainers(w)) {
        if (c.open || c.ports === null) continue;
        for (const probe of [c.probes.liveness, c.probes.readiness, c.probes.startup]) {
          if (!probe?.handler || probe.handler.kind === "exec") continue;
          const h = probe.handler;
          if ((h.kind === "httpGet" || h.kind === "tcpSocket") && h.host !== undefined && (h.host === null || !LOCAL_HOSTS.has(h.host))) continue;
          const problem = mismatch(h.port, c, w);
          if (problem) {
            report({
              file: w.file,
              line: probe.line,
              service: w.service,
              // An undeclared number still works if the app listens there (a management port); a name never does.
              ...(typeof h.port === "number" ? { severity: "warning" as const } : {}),
              message: `The ${PROBE_KEY[probe.type]} of ${containerName(w, c)} ${problem}; ${declared(c.ports)}.`,
              related: relatedPorts(w, probe, c),
            });
          }
        }
      }
    }
  },
};

function mismatch(port: number | string | null | undefined, c: Container, w: Workload): string | undefined {
  if (port === null || port === undefined) return undefined;
  const ports = c.ports!;
  if (typeof port === "string") {
    if (ports.some((p) => p.name === null || p.name === port)) return undefined;
    return `targets port '${port}', a name the container does not declare, so the probe can never succeed`;
  }
  if (ports.length === 0) return undefined;
  const pod = runningContainers(w).flatMap((x) => x.ports ?? []);
  if (pod.some((p) => p.containerPort === null)) return undefined;
  return pod.some((p) => p.containerPort === port) ? undefined : `targets port ${port}, which no container of the pod declares`;
}

function declared(ports: ContainerPort[]): string {
  if (ports.length === 0) return "the container declares no ports";
  return `it declares ${ports.map(portText).join(", ")}`;
}

function portText(p: ContainerPort): string {
  const n = p.containerPort ?? "{{…}}";
  return p.name ? `${n} (${p.name})` : String(n);
}

function relatedPorts(w: Workload, probe: Probe, c: Container) {
  const out = c.ports!.map((p) => ({ file: w.file, line: p.line, message: `containerPort ${portText(p)}` }));
  if (probe.portLine !== undefined) out.unshift({ file: w.file, line: probe.portLine, message: "the probe's port" });
  return out;
}
