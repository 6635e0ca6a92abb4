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
}

export const defaultConfig: ArchlintConfig = {
  extends: "recommended",
  rules: {},
  ignore: [],
  services: [],
  maxFileBytes: 2 * 1024 * 1024,
};
