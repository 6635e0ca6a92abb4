/**
 * `model.resilience`: what limits each outbound call (timeouts, deadlines, policies), the retry
 * settings and loops around calls, circuit breakers, and the mesh's route limits. Derived once
 * here so the resilience rules stay small and never look at call shapes themselves.
 */
import type { ChainStep } from "../connections/index.js";
import type { TimeoutBudget } from "./budget.js";

/** A duration the scan could pin down, with where its number comes from. */
export interface Measured {
  ms: number;
  /** How the number is written or configured, for messages (`PAYMENTS_TIMEOUT_MS, default 4000`). */
  text: string;
  file: string;
  line: number;
  chain: ChainStep[];
}

/** What bounds a call: a timeout, a deadline, a signal, an inherited context, a policy. */
export interface Limit {
  kind: "timeout" | "deadline" | "signal" | "inherited-context" | "policy" | "interceptor" | "defaults" | "channel-option";
  /** Where the limit is set. */
  file: string;
  line: number;
  /** In words, for messages and docs (`timeout: config.pspTimeoutMs`). */
  note: string;
  /** The duration, when it can be read. */
  value?: Measured;
}

export interface CallSite {
  file: string;
  line: number;
  column: number;
}

/**
 * One outbound HTTP or gRPC call, or one client construction whose calls share its settings
 * (`axios.create`, `&http.Client{}`). `limit` is absent when nothing the scan sees bounds it.
 */
export interface LimitedCall extends CallSite {
  service?: string;
  isTest: boolean;
  protocol: "http" | "grpc";
  library: string;
  callee: string;
  /** `client`: the finding belongs on the construction line; `call`: on the call itself. */
  anchor: "client" | "call";
  limit?: Limit;
  /** What is missing, in words (`axios.create without timeout`). */
  missing: string;
  /** Calls made through this client (anchor `client`). */
  uses: CallSite[];
  /** Name of the function the call sits in, when it sits in one. */
  inFunction?: string;
  /** For clients: the name the instance is bound to (`fraud`, `this.http`). */
  name?: string;
}

/** A retry setting or loop that may run without a bound or without a pause that grows. */
export interface RetrySite extends CallSite {
  service?: string;
  isTest: boolean;
  /** `cockatiel`, `axios-retry`, `p-retry`, `async-retry`, `loop`, `istio`. */
  library: string;
  /** Attempts, when the setting or loop has a limit (`Infinity` when it is unbounded). */
  attempts?: number;
  /** The pause between attempts grows (exponential backoff), or `false` when it is fixed or zero. */
  backoff?: boolean;
  /** What is wrong, in words; absent when the setting is bounded and backs off. */
  problem?: string;
  /** The client the setting applies to: its name as written (`axiosRetry(feed, …)` → `feed`), or `file:line:column` of its creation. */
  target?: string;
  /** Where the call being retried sits (loops). */
  related: Array<CallSite & { message: string }>;
}

/** A circuit breaker a service uses: a library, or the mesh's outlier detection for a host. */
export interface BreakerUse {
  service?: string;
  library: string;
  file: string;
  line: number;
  /** For Istio DestinationRules: the host it protects. */
  host?: string;
}

export interface Resilience {
  calls: LimitedCall[];
  retries: RetrySite[];
  breakers: BreakerUse[];
  /** Caller timeouts against the callee's own downstream timeouts, per graph edge. */
  budgets: TimeoutBudget[];
}
