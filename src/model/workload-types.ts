/**
 * Kubernetes workloads as the probe and shutdown rules need them: containers with their ports,
 * probes and preStop hooks, each with its line, and the Services that select the pods. Values are
 * `undefined` when not set (Kubernetes' default applies) and `null` when a Helm action sets them
 * (unknown until rendered; see k8s-values.ts).
 */

export type ProbeType = "liveness" | "readiness" | "startup";

/** The probe timing fields, in the order Kubernetes documents them. */
export const TIMING_FIELDS = ["initialDelaySeconds", "periodSeconds", "timeoutSeconds", "successThreshold", "failureThreshold"] as const;
export type TimingField = (typeof TIMING_FIELDS)[number];

/** Kubernetes' values for unset probe fields (and for fields set to 0, except initialDelaySeconds). */
export const PROBE_DEFAULTS: Readonly<Record<TimingField, number>> = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
};

/** A probe port: a number, a container port name, or `null` when templated. */
export type PortRef = number | string | null;

export type ProbeHandler =
  | { kind: "httpGet"; port: PortRef | undefined; path: string | null; host: string | null | undefined; scheme: string | null; headers: string | null }
  | { kind: "tcpSocket"; port: PortRef | undefined; host: string | null | undefined }
  | { kind: "grpc"; port: PortRef | undefined; service: string | null }
  | { kind: "exec"; command: string[] | null };

export interface Probe {
  type: ProbeType;
  /** Line of the `livenessProbe:` (…) key. */
  line: number;
  /** `null` when the handler cannot be told (the probe body is a Helm action, or if/else left two). */
  handler: ProbeHandler | null;
  /** Line of the handler's port, when it has one. */
  portLine?: number;
  timing: Record<TimingField, number | null | undefined>;
  /** Lines of the timing fields that are set. */
  timingLines: Partial<Record<TimingField, number>>;
}

export interface ContainerPort {
  containerPort: number | null;
  /** `undefined` when the port has no name. */
  name: string | null | undefined;
  line: number;
}

export interface Container {
  name: string;
  /** Line of the container's sequence item (`- name: …`). */
  line: number;
  /** An init container (probes are not allowed there, except on native sidecars). */
  init: boolean;
  /** An init container with `restartPolicy: Always` (a Kubernetes native sidecar). */
  sidecar: boolean;
  /** Whether the container names an image (kustomize patches usually do not). */
  hasImage: boolean;
  /** Declared ports; `null` when a Helm action prints them. */
  ports: ContainerPort[] | null;
  probes: Partial<Record<ProbeType, Probe | null>>;
  /** A Helm action prints keys into this container that we cannot see (a probe may hide there). */
  open: boolean;
  preStop?: { line: number; /** `null`: the hook does more than a plain sleep, or is templated. */ sleepSeconds: number | null };
}

export interface SelectingService {
  name: string;
  file: string;
  line: number;
}

export interface Workload {
  kind: string;
  name: string;
  namespace?: string;
  file: string;
  /** Line of the `kind:` key (the fact's line). */
  line: number;
  /** The archlint service that runs it, when known. */
  service?: string;
  /** Deployment, StatefulSet, DaemonSet, ReplicaSet, Argo Rollout, DeploymentConfig: pods meant to run forever. */
  longRunning: boolean;
  /** A kustomize patch or other partial manifest: what it lacks may be set elsewhere. */
  partial: boolean;
  /** From a test file (`test/`, `e2e/`, `testdata/` …): manifests made for a test cluster. */
  isTest?: boolean;
  /** Pod template labels; `null` when templated. */
  podLabels: Record<string, string> | null;
  containers: Container[];
  terminationGracePeriodSeconds: number | null | undefined;
  graceLine?: number;
  /** A Helm action prints keys somewhere into this manifest that we cannot see. */
  podOpen: boolean;
  /** Services whose selector certainly matches the pod labels. */
  selectedBy: SelectingService[];
}
