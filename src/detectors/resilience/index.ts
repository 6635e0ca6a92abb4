/** Detectors for calls without limits (issue 5): deadlines, timeouts, retries, breakers, budgets. */
export { missingCircuitBreaker } from "./missing-circuit-breaker.js";
export { missingHttpTimeout } from "./missing-http-timeout.js";
export { missingRpcDeadline } from "./missing-rpc-deadline.js";
export { timeoutBudget } from "./timeout-budget.js";
export { unboundedRetry } from "./unbounded-retry.js";
