import type { FileLanguage } from "../extract/facts.js";

export interface DiscoveredFile {
  /** Path relative to the root, with `/`. */
  path: string;
  language: FileLanguage;
  size: number;
  /** Test code (`*.test.ts`, `_test.go`, `__tests__/`, `testdata/`, …); rules may skip it. */
  isTest: boolean;
}

export type ServiceEvidenceKind = "package.json" | "go.mod" | "dockerfile" | "config";

export interface ServiceEvidence {
  kind: ServiceEvidenceKind;
  file: string;
  line: number;
  /** The name the evidence declares (package name, Go module path), if any. */
  declaredName?: string;
}

/** A service found from the file tree (folders with package.json, go.mod, a Dockerfile). */
export interface ServiceCandidate {
  name: string;
  /** Folder relative to the root ("" for the root itself). */
  root: string;
  aliases: string[];
  evidence: ServiceEvidence[];
}

export interface Discovery {
  /** Absolute path of the scanned root. */
  root: string;
  files: DiscoveredFile[];
  services: ServiceCandidate[];
  /** Paths left out and why (symlink out of the root, ignored, generated…), for `--debug`. */
  skipped: Array<{ path: string; reason: string }>;
}
