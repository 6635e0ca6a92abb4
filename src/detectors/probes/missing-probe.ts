import type { Detector, DetectorContext } from "../../check/rule.js";
import type { Container, ContainerPort, ProbeType, Workload } from "../../model/workloads.js";
import { containerName, described, effective, runningContainers } from "./shared.js";

/**
 * Long-running workloads without a readiness probe while they serve traffic, or without a liveness
 * probe; and (info) a liveness probe that kills a container before it can finish a slow start.
 * Probes count for the whole pod (one per kind is enough, as kube-score does), and probes a
 * kustomize patch adds count for the workload it patches. Manifests in test folders (made for a
 * throwaway cluster) are left alone.
 */
export const missingProbe: Detector = {
  name: "k8s-missing-probe",
  defaults: { requireLiveness: true, startupBudgetSeconds: 30 },
  run({ model, params, report }) {
    const workloads = model.workloads ?? [];
    const patched = patchedProbes(workloads);
    for (const w of workloads) {
      if (!w.longRunning || w.partial || w.isTest) continue;
      const app = w.containers.filter((c) => !c.init);
      if (app.length === 0) continue;
      const fromPatch = patched.get(`${w.kind}/${w.name}`);
      const has = (t: ProbeType) => runningContainers(w).some((c) => c.open || c.probes[t] !== undefined) || fromPatch?.has(t) === true;
      const serving = app.filter((c) => c.ports !== null && c.ports.some(servesRequests));
      const main = serving[0] ?? app[0]!;
      const where = { file: w.file, line: main.line, service: w.service };
      if (!has("readiness")) {
        const why = servesTraffic(w, serving);
        if (why) {
          report({
            ...where,
            message: `No readiness probe on ${containerName(w, main)}, yet it serves traffic (${why}): Kubernetes sends it requests before it can answer and keeps sending them while it cannot.`,
            related: w.selectedBy.map((s) => ({ file: s.file, line: s.line, message: `Service ${s.name} selects these pods` })),
          });
        }
      }
      if (params.requireLiveness !== false && !has("liveness")) {
        report({ ...where, message: `No liveness probe on ${containerName(w, main)}: a hung process is never restarted.` });
      }
      const budget = Number(params.startupBudgetSeconds);
      if (budget > 0) for (const c of app) startupSuggestion(w, c, budget, report);
    }
  },
};

/** Ports only scrapers and debuggers use: a worker that declares just these serves no traffic. */
const SIDE_PORT = /^(?:http-)?(?:metrics|prometheus|prom|monitoring|pprof|debug|health|healthz|probes?)$/i;

function servesRequests(p: ContainerPort): boolean {
  return typeof p.name !== "string" || !SIDE_PORT.test(p.name);
}

function servesTraffic(w: Workload, serving: Container[]): string | undefined {
  const reasons: string[] = [];
  if (w.selectedBy.length > 0) reasons.push(`Service ${w.selectedBy.map((s) => s.name).join(", ")} selects it`);
  const ports = serving.flatMap((c) => (c.ports ?? []).filter(servesRequests)).map((p) => p.containerPort ?? p.name ?? "{{…}}");
  if (ports.length > 0) reasons.push(`it declares ${ports.length > 1 ? "ports" : "port"} ${ports.join(", ")}`);
  return reasons.length > 0 ? reasons.join("; ") : undefined;
}

/** Info: the liveness window is shorter than the start-up budget and no startup probe holds it off. */
function startupSuggestion(w: Workload, c: Container, budget: number, report: DetectorContext["report"]): void {
  const live = c.probes.liveness;
  if (!live || c.probes.startup !== undefined || c.open) return;
  const delay = effective(live, "initialDelaySeconds");
  const failures = effective(live, "failureThreshold");
  const period = effective(live, "periodSeconds");
  if (delay === null || failures === null || period === null) return;
  const window = delay + failures * period;
  if (window >= budget) return;
  report({
    file: w.file,
    line: live.line,
    service: w.service,
    severity: "info",
    message:
      `The liveness probe of ${containerName(w, c)} restarts it ${window} s after start ` +
      `(initialDelaySeconds ${described(live, "initialDelaySeconds")} + failureThreshold ${described(live, "failureThreshold")} × periodSeconds ${described(live, "periodSeconds")}), ` +
      `less than the start-up budget of ${budget} s: a slow start becomes a restart loop. A startupProbe can hold liveness off until the container is up.`,
  });
}

/** Probe kinds that kustomize patches add, per patched workload (`Deployment/orders`). */
function patchedProbes(workloads: Workload[]): Map<string, Set<ProbeType>> {
  const out = new Map<string, Set<ProbeType>>();
  for (const w of workloads) {
    if (!w.partial) continue;
    const key = `${w.kind}/${w.name}`;
    const set = out.get(key) ?? new Set<ProbeType>();
    for (const c of w.containers) for (const t of Object.keys(c.probes) as ProbeType[]) set.add(t);
    out.set(key, set);
  }
  return out;
}
