import type { Model } from "../model/types.js";
import type { Finding, RelatedLocation, Severity } from "./finding.js";

/** A rule as written in `rules/<id>.yaml`: data that instantiates a detector with params. */
export interface RuleDefinition {
  id: string;
  title: string;
  severity: Severity;
  category: string;
  /** Name of the detector in src/detectors that does the work; `builtin` for engine-made findings. */
  detector: string;
  params: Record<string, unknown>;
  description: string;
  remediation: string;
  /** The markdown doc beside the YAML, when there is one. */
  doc?: string;
  /** Path of the YAML, for error messages. */
  source: string;
}

/** What a detector reports; the engine adds rule id, severity and fingerprint. */
export interface FindingInput {
  message: string;
  file: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  service?: string;
  related?: RelatedLocation[];
  /** Overrides the rule's severity for this finding (e.g. `info` for a softer variant). */
  severity?: Severity;
}

export interface DetectorContext {
  model: Model;
  rule: RuleDefinition;
  params: Record<string, unknown>;
  report(finding: FindingInput): void;
}

/** Code that rule files instantiate (kube-linter's "templates"). Sees only the model. */
export interface Detector {
  name: string;
  /** Params the detector understands, with their defaults; rule YAML and config may override. */
  defaults: Record<string, unknown>;
  run(ctx: DetectorContext): void;
}

export type RawFinding = Omit<Finding, "fingerprint">;
