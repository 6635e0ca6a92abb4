import type { Fact, FileLanguage } from "../extract/facts.js";
import type { ServiceEvidence } from "../discover/types.js";
import type { EnvBinding } from "./env.js";
import type { ServiceGraph } from "./graph/types.js";
import type { DatastoreUse } from "./datastores/index.js";
import type { TableRow } from "./tables/index.js";
import type { Workload } from "./workload-types.js";
import type { Connection } from "./connections/index.js";
import type { Resilience } from "./resilience/index.js";

/** A deployable unit, joined from folders, package manifests, Kubernetes workloads and compose. */
export interface Service {
  name: string;
  /** Folder of the service's code, relative to the root; absent for manifest-only services. */
  root?: string;
  aliases: string[];
  evidence: ServiceEvidence[];
  /** Kubernetes workloads and compose services that run this service. */
  workloads: WorkloadRef[];
}

export interface WorkloadRef {
  /** Deployment, StatefulSet, DaemonSet, Job, CronJob, or `compose`. */
  kind: string;
  name: string;
  file: string;
  line: number;
}

export interface ModelFile {
  path: string;
  language: FileLanguage;
  isTest: boolean;
  /** Name of the service the file belongs to. */
  service?: string;
  facts: Fact[];
  /** Why the file could not be read or parsed (its facts may be partial or empty). */
  parseError?: { message: string; line?: number; column?: number };
}

/** The one picture of the repo that detectors read. */
export interface Model {
  root: string;
  files: ModelFile[];
  services: Service[];
  /** Env vars each service's manifests set, per deployment target (see model/env.ts). */
  env: EnvBinding[];
  /** The store each service talks to, per deployment target (see model/datastores/). */
  datastores?: DatastoreUse[];
  /** Table × service reads and writes from SQL facts (see model/tables/). */
  tables?: TableRow[];
  /** Kubernetes workloads with containers, probes and selecting Services (see model/workloads.ts). */
  workloads?: Workload[];
  /** Waivers from archlint.yaml: rule exceptions bound to decision records (see src/check/waivers.ts). */
  waivers?: ModelWaiver[];
  /** The service call graph with evidence per edge (see model/graph/). */
  graph?: ServiceGraph;
  /** Every call in code that connects to something, with its targets (see model/connections/). */
  connections?: Connection[];
  /** Limits on outbound calls, retries and circuit breakers (see model/resilience/). */
  resilience?: Resilience;
}

/** A waiver as written in the config, with the place it is written (relative to the root). */
export interface ModelWaiver {
  rule: string;
  adr: number;
  reason: string;
  paths?: string[];
  services?: string[];
  file: string;
  line: number;
}
