import type { Severity } from "../check/finding.js";

/** A rule's setting in archlint.yaml: a severity, `off`, or severity plus params. */
export type RuleSetting = Severity | "off" | { severity?: Severity | "off"; params?: Record<string, unknown> };

export interface ServiceOverride {
  /** The service's name, as findings and graphs show it. */
  name: string;
  /** Globs (relative to the root) of the files that belong to the service. */
  paths?: string[];
  /** Globs of manifest files that describe the service. */
  manifests?: string[];
  /** Other names the service goes by (Deployment, compose service, package name). */
  aliases?: string[];
}

/** Where the architecture decision records live. */
export interface AdrConfig {
  /** The ADR folder, relative to the config file's folder (default: `.adr-dir`, then doc/adr, docs/adr, docs/decisions…). */
  dir?: string;
}

/** An accepted exception to a rule, bound to the decision record that accepted it. */
export interface Waiver {
  rule: string;
  /** Number of the ADR; the waiver holds only while that record exists and is accepted. */
  adr: number;
  reason: string;
  /** Globs of the files it covers (relative to the root). */
  paths?: string[];
  /** Names of the services it covers. */
  services?: string[];
  /** Line of the waiver in the config file. */
  line: number;
}

/** archlint.yaml, after validation. */
export interface ArchlintConfig {
  /** Preset to start from: `recommended` (default), `strict`, or `none`. */
  extends: "recommended" | "strict" | "none";
  rules: Record<string, RuleSetting>;
  /** Globs of paths to leave out, on top of .gitignore and the built-in exclusions. */
  ignore: string[];
  /** Globs that mark test files, replacing the built-in patterns when given. */
  testPatterns?: string[];
  services: ServiceOverride[];
  /** Files larger than this many bytes are not parsed (a `parse-error` says so). */
  maxFileBytes: number;
  /** Directory holding extra rule YAML files (custom rules), relative to the config file. */
  rulesDir?: string;
  adr?: AdrConfig;
  waivers?: Waiver[];
  /** Absolute path of the config file read, if any (findings about waivers point into it). */
  source?: string;
}

export const defaultConfig: ArchlintConfig = {
  extends: "recommended",
  rules: {},
  ignore: [],
  services: [],
  maxFileBytes: 2 * 1024 * 1024,
};
