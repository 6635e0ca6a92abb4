import type { Detector } from "../../check/rule.js";
import { where } from "./shared.js";

/**
 * Retries that never stop or never slow down: cockatiel `retry()` without `maxAttempts` or
 * backoff, axios-retry without `retryDelay`, p-retry / async-retry `forever`, hand-written loops
 * around a call with no attempt limit, and Istio routes whose retries outlast the route timeout or
 * have no `perTryTimeout`.
 */
export const unboundedRetry: Detector = {
  name: "unbounded-retry",
  defaults: { skipTests: true },
  run({ model, params, report }) {
    for (const r of model.resilience?.retries ?? []) {
      if (!r.problem || (params.skipTests !== false && r.isTest)) continue;
      report({
        ...where(r),
        message: `${r.problem}: when the callee is down, every instance keeps hammering it and piles up work.`,
        related: r.related.map((x) => ({ file: x.file, line: x.line, message: x.message })),
      });
    }
  },
};
