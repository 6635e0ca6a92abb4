import type { Fact, FileLanguage } from "../extract/facts.js";
import type { ServiceEvidence } from "../discover/types.js";
import type { EnvBinding } from "./env.js";

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
}
