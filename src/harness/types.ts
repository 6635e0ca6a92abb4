/** The harness's own data: its configuration (after validation) and the verdicts its checks return. */

export type Protocol = "http" | "tcp" | "grpc";

/** How the harness knows the service is up. Addresses may use `${VAR}` placeholders for allocated ports. */
export type ReadyCheck =
  | { kind: "http"; url: string; timeoutMs: number }
  | { kind: "tcp"; address: string; timeoutMs: number }
  | { kind: "grpc"; address: string; timeoutMs: number };

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  /** Absolute working directory (relative paths in the YAML are resolved against the YAML's folder). */
  cwd: string;
  env: Record<string, string>;
  /** Env var names; each gets a free loopback port chosen by the OS, usable as `${NAME}`. */
  ports: string[];
  ready: ReadyCheck;
}

export interface DependencySpec {
  name: string;
  /** The env var through which the service learns the dependency's address. */
  env: string;
  protocol: Protocol;
  /** How the address is written into `env`: `{host}` and `{port}` are replaced. */
  format: string;
  /** A real upstream (`host:port`) to forward to; without it the harness serves a fake one. */
  upstream?: string;
  /** gRPC fakes: the .proto (absolute) and the full service name to serve. */
  proto?: string;
  grpcService?: string;
  /** What the fake upstream answers when healthy. */
  response: { status: number; body: unknown };
}

export type RequestSpec =
  | {
      name: string;
      dependency: string;
      kind: "http";
      method: string;
      url: string;
      headers: Record<string, string>;
      body?: string;
    }
  | {
      name: string;
      dependency: string;
      kind: "grpc";
      address: string;
      proto: string;
      /** `package.Service/Method`. */
      method: string;
      request: unknown;
      deadlineMs: number;
    };

export const checkIds = ["timeout", "retry", "circuit-breaker", "probes", "graceful-shutdown", "deadline-propagation"] as const;
export type CheckId = (typeof checkIds)[number];

/**
 * A probe as the kubelet would call it. `port` is an allocated-port var name or a literal number.
 * `path` is the HTTP path, the gRPC health service name (`""`: the server as a whole), or for
 * `exec` the command, which runs inside the container and so is never run by the harness.
 */
export interface ProbeSpec {
  kind: "http" | "tcp" | "grpc" | "exec";
  path: string;
  port: string;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

/**
 * "Derive from config" for a check: read the service's code with archlint's static pipeline and
 * take the expectations from the outgoing calls to one dependency.
 */
export interface DeriveFrom {
  /** The service's source folder (absolute), and as written in the YAML (for messages and paths). */
  source: string;
  shown: string;
  /** The env var the dependency's address comes from. */
  env: string;
  /** Narrows to calls whose callee (`fetch`), client name or enclosing function is this. */
  call?: string;
  /** Keys the YAML sets itself; they are not derived. */
  explicit: string[];
}

/** Where each declared value comes from: `file:line`, or "harness YAML". */
export type DeclaredAt = Record<string, string>;

export interface TimeoutCheckSpec { request: string; timeoutMs: number; slackMs: number; factor: number; from?: DeriveFrom; declaredAt?: DeclaredAt }
export interface RetryCheckSpec {
  request: string;
  maxAttempts: number;
  backoff: "none" | "constant" | "exponential";
  jitter: boolean;
  /** A request whose call is not idempotent: it must not be retried unless `retryNonIdempotent`. */
  nonIdempotentRequest?: string;
  retryNonIdempotent: boolean;
  /** How the upstream fails: 503 / UNAVAILABLE, or a connection reset (HTTP; gRPC fakes answer UNAVAILABLE). */
  fault: "unavailable" | "reset";
  samples: number;
  from?: DeriveFrom;
  declaredAt?: DeclaredAt;
}
export interface BreakerCheckSpec { request: string; failureThreshold: number; halfOpenAfterMs: number; openLatencyMs: number; from?: DeriveFrom; declaredAt?: DeclaredAt }
export interface ProbesCheckSpec {
  liveness?: ProbeSpec;
  readiness?: ProbeSpec;
  startup?: ProbeSpec;
  /** Dependencies taken down (all when empty). */
  dependencies: string[];
  /** Where the probes came from, for the report. */
  source: string;
}
export interface ShutdownCheckSpec {
  request: string;
  terminationGracePeriodSeconds: number;
  readiness?: ProbeSpec;
  inFlight: number;
  /** How long the fake upstream holds each in-flight request. */
  holdMs: number;
  source: string;
}
export interface DeadlineCheckSpec { request: string; deadlineMs: number }

export interface CheckSpecs {
  timeout?: TimeoutCheckSpec;
  retry?: RetryCheckSpec;
  "circuit-breaker"?: BreakerCheckSpec;
  probes?: ProbesCheckSpec;
  "graceful-shutdown"?: ShutdownCheckSpec;
  "deadline-propagation"?: DeadlineCheckSpec;
}

export interface HarnessConfig {
  /** The YAML file (absolute) and the folder relative paths are resolved against. */
  file: string;
  dir: string;
  service: ServiceSpec;
  dependencies: DependencySpec[];
  requests: Map<string, RequestSpec>;
  checks: CheckSpecs;
  /** Line of each check's key in the YAML, for findings. */
  checkLines: Partial<Record<CheckId, number>>;
  /** Upper bound for one check, setup and teardown included. */
  checkTimeoutMs: number;
}

export type VerdictKind = "pass" | "fail" | "inconclusive";

export interface Verdict {
  check: CheckId;
  verdict: VerdictKind;
  /** One line: why. */
  summary: string;
  declared: Record<string, unknown>;
  measured: Record<string, unknown>;
  /** Each failed or undecided sub-check, one line each. */
  reasons: string[];
}
