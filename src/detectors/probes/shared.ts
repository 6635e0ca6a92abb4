/** What the probe and shutdown detectors share: workload names, Kubernetes' defaults, windows. */
import { shown } from "../../model/k8s-values.js";
import { PROBE_DEFAULTS, type Container, type Probe, type TimingField, type Workload } from "../../model/workloads.js";

export const PROBE_KEY = { liveness: "livenessProbe", readiness: "readinessProbe", startup: "startupProbe" } as const;

/** `Deployment payments` (a templated name shows as `{{…}}`). */
function workloadName(w: Workload): string {
  return `${w.kind} ${shown(w.name)}`;
}

/** `container payments of Deployment payments`, or `.Values.api` of a chart's values file. */
export function containerName(w: Workload, c: Container): string {
  if (w.kind === "HelmValues") return `.Values${c.name ? `.${c.name}` : ""} of chart ${shown(w.name)}`;
  return `container ${shown(c.name)} of ${workloadName(w)}`;
}

/** Containers that run for the pod's life: app containers and native sidecars. */
export function runningContainers(w: Workload): Container[] {
  return w.containers.filter((c) => !c.init || c.sidecar);
}

/**
 * The value Kubernetes uses for a probe field: the default when unset, and also when set to 0
 * (the API server defaults zero, except for initialDelaySeconds); `null` when templated.
 */
export function effective(p: Probe, field: TimingField): number | null {
  const v = p.timing[field];
  if (v === null) return null;
  if (v === undefined || (v === 0 && field !== "initialDelaySeconds")) return PROBE_DEFAULTS[field];
  return v;
}

/** `failureThreshold × periodSeconds` as numbers, or `null` when either is unknown. */
export function failWindow(p: Probe): { failures: number; period: number; seconds: number } | null {
  const failures = effective(p, "failureThreshold");
  const period = effective(p, "periodSeconds");
  if (failures === null || period === null) return null;
  return { failures, period, seconds: failures * period };
}

/** A number as the manifest gives it, or with "(default)" when Kubernetes supplies it. */
export function described(p: Probe, field: TimingField): string {
  const v = p.timing[field];
  return v === undefined ? `${PROBE_DEFAULTS[field]} (default)` : String(effective(p, field));
}
