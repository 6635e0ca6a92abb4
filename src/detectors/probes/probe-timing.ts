import type { Detector, FindingInput } from "../../check/rule.js";
import { PROBE_DEFAULTS, type Container, type Probe, type Workload } from "../../model/workloads.js";
import { PROBE_KEY, containerName, described, effective, failWindow, runningContainers } from "./shared.js";

/** Fields Kubernetes silently replaces when set to 0, and rejects when negative. */
const DEFAULTED = ["periodSeconds", "timeoutSeconds", "successThreshold", "failureThreshold"] as const;

/**
 * Probe timings that cannot work as written: zero values Kubernetes replaces by its defaults,
 * `successThreshold` other than 1 on liveness and startup probes (the API server rejects it), a
 * timeout not shorter than the period, and a liveness probe that gives up before the readiness
 * probe does (the pod is restarted before it is taken out of rotation). Unknown values are skipped.
 */
export const probeTiming: Detector = {
  name: "k8s-probe-timing",
  defaults: {},
  run({ model, report }) {
    for (const w of model.workloads ?? []) {
      for (const c of runningContainers(w)) {
        for (const p of [c.probes.readiness, c.probes.liveness, c.probes.startup]) {
          if (p) for (const message of problems(p)) report(at(w, c, p, message));
        }
        const faster = livenessFirst(c);
        if (faster) report(at(w, c, c.probes.liveness!, faster));
      }
    }
  },
};

function at(w: Workload, c: Container, p: Probe, message: string): FindingInput {
  return { file: w.file, line: p.line, service: w.service, message: `The ${PROBE_KEY[p.type]} of ${containerName(w, c)}: ${message}` };
}

function problems(p: Probe): string[] {
  const out: string[] = [];
  for (const field of DEFAULTED) {
    const v = p.timing[field];
    if (typeof v !== "number" || v > 0) continue;
    out.push(
      v === 0
        ? `${field} 0 does not mean what it seems; Kubernetes replaces it with the default ${PROBE_DEFAULTS[field]}. Set the number you mean.`
        : `${field} ${v} is negative; the API server rejects the manifest.`,
    );
  }
  const success = p.timing.successThreshold;
  if (p.type !== "readiness" && typeof success === "number" && success > 1) {
    out.push(`successThreshold ${success} must be 1 on a ${p.type} probe; the API server rejects the manifest.`);
  }
  const timeout = effective(p, "timeoutSeconds");
  const period = effective(p, "periodSeconds");
  const set = p.timing.timeoutSeconds !== undefined || p.timing.periodSeconds !== undefined;
  if (set && timeout !== null && period !== null && timeout >= period && (p.timing.timeoutSeconds ?? 1) > 0) {
    out.push(
      `timeoutSeconds ${described(p, "timeoutSeconds")} is not shorter than periodSeconds ${described(p, "periodSeconds")}: a hanging check delays the next one, so failures are noticed only after failureThreshold × timeoutSeconds.`,
    );
  }
  return out;
}

/** The liveness probe fails (and restarts) sooner than the readiness probe stops traffic. */
function livenessFirst(c: Container): string | undefined {
  const live = c.probes.liveness;
  const ready = c.probes.readiness;
  if (!live || !ready || c.open) return undefined;
  const l = failWindow(live);
  const r = failWindow(ready);
  if (!l || !r || l.seconds >= r.seconds) return undefined;
  return (
    `it gives up after failureThreshold ${described(live, "failureThreshold")} × periodSeconds ${described(live, "periodSeconds")} = ${l.seconds} s, ` +
    `sooner than the readiness probe (${described(ready, "failureThreshold")} × ${described(ready, "periodSeconds")} = ${r.seconds} s): ` +
    `a slow pod is restarted before it is taken out of rotation.`
  );
}
