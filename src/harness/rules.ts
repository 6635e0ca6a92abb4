/** Rule metadata for the harness's checks, so SARIF and markdown describe them like static rules. */
import type { RuleMeta } from "../check/finding.js";
import type { CheckId } from "./types.js";

const meta: Record<CheckId, Omit<RuleMeta, "id" | "severity" | "category">> = {
  timeout: {
    title: "Calls to a dependency time out as declared",
    description: "With the dependency answering far later than the declared timeout, the service answers within the timeout (plus slack) and abandons the upstream request.",
    remediation: "Give every outbound call a timeout (AbortSignal.timeout, a gRPC deadline, a client timeout option) and cancel the request when it fires.",
  },
  retry: {
    title: "Retries are bounded, backed off, jittered and selective",
    description: "With the dependency failing, attempts per request stay within the declared maximum, gaps grow (exponential backoff) and vary (jitter); 4xx / INVALID_ARGUMENT and non-idempotent calls are not retried.",
    remediation: "Use a retry policy with maxAttempts, exponential backoff with jitter, and a predicate that retries only transient errors on idempotent calls.",
  },
  "circuit-breaker": {
    title: "The circuit breaker opens, fails fast, half-opens and closes",
    description: "Under sustained failure the breaker opens after the declared threshold, the upstream sees no attempts while requests fail fast, one probe goes through after the half-open delay, and the breaker closes once the upstream heals.",
    remediation: "Wrap calls to each dependency in a breaker (e.g. cockatiel circuitBreaker or opossum) with a threshold and half-open delay, outside the retry policy.",
  },
  probes: {
    title: "Readiness follows dependencies; liveness does not",
    description: "The startup window covers the measured start time; with a dependency down readiness fails and liveness keeps passing; readiness recovers when the dependency returns.",
    remediation: "Check dependencies only in the readiness endpoint; keep liveness to the process itself; size startupProbe (or liveness initialDelay) to the real start time.",
  },
  "graceful-shutdown": {
    title: "SIGTERM drains in-flight requests within the grace period",
    description: "On SIGTERM in-flight requests complete, readiness fails at once, new connections are turned away, and the process exits within terminationGracePeriodSeconds.",
    remediation: "Handle SIGTERM: fail readiness, stop accepting (server.close), let in-flight requests finish, close idle keep-alive connections, then exit before the grace period ends.",
  },
  "deadline-propagation": {
    title: "Incoming gRPC deadlines are passed on",
    description: "A gRPC call that arrives with a deadline makes its outgoing calls with a deadline no later than the one it received.",
    remediation: "Derive outgoing deadlines from the incoming call (grpc-js: `parent: call`, or min(call.getDeadline(), own timeout)).",
  },
};

export function harnessRuleId(check: CheckId): string {
  return `harness-${check}`;
}

export function harnessRules(checks: readonly CheckId[]): RuleMeta[] {
  return checks.map((id) => ({ id: harnessRuleId(id), severity: "error", category: "resilience", ...meta[id] }));
}
