import type { Detector } from "../../check/rule.js";
import { containerName, runningContainers } from "./shared.js";

/** Kubernetes' terminationGracePeriodSeconds when the pod spec sets none. */
const DEFAULT_GRACE = 30;

/**
 * A preStop sleep plus the time the app needs to drain in-flight work longer than the pod's
 * terminationGracePeriodSeconds: the grace period counts from the start of preStop, so the app
 * gets SIGKILL mid-request. Hooks that do more than a plain sleep, and templated values, are
 * left alone.
 */
export const shutdownGrace: Detector = {
  name: "k8s-shutdown-grace",
  defaults: { drainSeconds: 10 },
  run({ model, params, report }) {
    const drain = Math.max(0, Number(params.drainSeconds) || 0);
    for (const w of model.workloads ?? []) {
      const set = w.terminationGracePeriodSeconds;
      if (set === null || (set === undefined && w.podOpen)) continue;
      const grace = set ?? DEFAULT_GRACE;
      for (const c of runningContainers(w)) {
        const sleep = c.preStop?.sleepSeconds;
        if (typeof sleep !== "number" || sleep + drain <= grace) continue;
        const graceText = set === undefined ? `the default terminationGracePeriodSeconds of ${DEFAULT_GRACE}` : `terminationGracePeriodSeconds ${grace}`;
        report({
          file: w.file,
          line: c.preStop!.line,
          service: w.service,
          message:
            `The preStop hook of ${containerName(w, c)} sleeps ${sleep} s; with ${drain} s to drain in-flight requests (drainSeconds) shutdown needs ${sleep + drain} s, ` +
            `more than ${graceText}: the container is killed with SIGKILL before it finishes.`,
          related: w.graceLine === undefined ? [] : [{ file: w.file, line: w.graceLine, message: `terminationGracePeriodSeconds ${grace}` }],
        });
      }
    }
  },
};
