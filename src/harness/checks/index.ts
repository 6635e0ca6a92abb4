/** The checks, by id, in the order the harness runs and reports them. */
import type { Session } from "../session.js";
import type { CheckId, CheckSpecs, Verdict } from "../types.js";
import { circuitBreakerCheck } from "./circuit-breaker.js";
import { deadlinePropagationCheck } from "./deadline-propagation.js";
import { gracefulShutdownCheck } from "./graceful-shutdown.js";
import { probesCheck } from "./probes.js";
import { retryCheck } from "./retry.js";
import { timeoutCheck } from "./timeout.js";

export type CheckRunner<K extends CheckId> = (session: Session, spec: NonNullable<CheckSpecs[K]>) => Promise<Verdict>;

export const checkRunners: { [K in CheckId]: CheckRunner<K> } = {
  timeout: timeoutCheck,
  retry: retryCheck,
  "circuit-breaker": circuitBreakerCheck,
  probes: probesCheck,
  "graceful-shutdown": gracefulShutdownCheck,
  "deadline-propagation": deadlinePropagationCheck,
};

/** What each check's `declared` lists when the check could not run at all. */
export function declaredOf(id: CheckId, spec: NonNullable<CheckSpecs[CheckId]>): Record<string, unknown> {
  const { request: _r, source: _s, ...rest } = spec as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && typeof v !== "object"));
}
