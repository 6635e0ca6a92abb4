import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { load } from "js-yaml";
import { validateAdrConfig, validateWaivers } from "./adr.js";
import { defaultConfig, type ArchlintConfig, type RuleSetting, type ServiceOverride } from "./types.js";

export const CONFIG_NAMES = ["archlint.yaml", "archlint.yml", ".archlint.yaml", ".archlint.yml"];

/** A broken archlint.yaml: the CLI prints the message on one line and exits 2. */
export class ConfigError extends Error {}

export interface LoadedConfig {
  config: ArchlintConfig;
  /** The file read, if any. */
  path?: string;
}

/** Reads `explicit` or the first archlint.yaml found in `root`. YAML only: nothing is executed. */
export function loadConfig(root: string, explicit?: string): LoadedConfig {
  const path = explicit ? resolve(explicit) : CONFIG_NAMES.map((n) => join(root, n)).find((p) => existsSync(p));
  if (!path) return { config: { ...defaultConfig } };
  if (!existsSync(path)) throw new ConfigError(`config file not found: ${explicit}`);
  let data: unknown;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
    data = load(text);
  } catch (err) {
    const reason = (err as { reason?: string; mark?: { line: number } }).reason ?? (err as Error).message.split("\n")[0];
    const line = (err as { mark?: { line: number } }).mark?.line;
    throw new ConfigError(`${path}${line !== undefined ? `:${line + 1}` : ""}: invalid YAML: ${reason}`);
  }
  return { config: { ...validateConfig(data ?? {}, path, text), source: path }, path };
}

const RULE_SEVERITIES = ["error", "warning", "info", "off"];
const TOP_KEYS = new Set(["$schema", "extends", "rules", "ignore", "testPatterns", "services", "maxFileBytes", "rulesDir", "adr", "waivers"]);

export function validateConfig(data: unknown, path: string, text = ""): ArchlintConfig {
  const fail = (where: string, what: string): never => {
    throw new ConfigError(`${path}: ${where}: ${what}`);
  };
  if (typeof data !== "object" || data === null || Array.isArray(data)) fail("top level", "must be a mapping");
  // A key left empty (`rules:` with only comments under it) means "not set".
  const d = Object.fromEntries(Object.entries(data as Record<string, unknown>).filter(([, v]) => v !== null));
  for (const key of Object.keys(d)) if (!TOP_KEYS.has(key)) fail(key, `unknown key (expected one of ${[...TOP_KEYS].join(", ")})`);
  const config: ArchlintConfig = { ...defaultConfig, rules: {}, ignore: [], services: [] };

  if (d.extends !== undefined) {
    if (d.extends !== "recommended" && d.extends !== "strict" && d.extends !== "none") fail("extends", "must be recommended, strict or none");
    config.extends = d.extends as ArchlintConfig["extends"];
  }
  if (d.rules !== undefined) {
    if (!isMapping(d.rules)) fail("rules", "must be a mapping of rule id to severity");
    for (const [id, setting] of Object.entries(d.rules as Record<string, unknown>)) {
      config.rules[id] = ruleSetting(setting, `rules.${id}`, fail);
    }
  }
  config.ignore = stringList(d.ignore, "ignore", fail) ?? [];
  const tests = stringList(d.testPatterns, "testPatterns", fail);
  if (tests) config.testPatterns = tests;
  if (d.services !== undefined) {
    if (!Array.isArray(d.services)) fail("services", "must be a list");
    config.services = (d.services as unknown[]).map((s, i) => serviceOverride(s, `services[${i}]`, fail));
  }
  if (d.maxFileBytes !== undefined) {
    if (typeof d.maxFileBytes !== "number" || !Number.isInteger(d.maxFileBytes) || d.maxFileBytes <= 0) fail("maxFileBytes", "must be a positive integer");
    config.maxFileBytes = d.maxFileBytes as number;
  }
  if (d.rulesDir !== undefined) {
    if (typeof d.rulesDir !== "string") fail("rulesDir", "must be a string");
    config.rulesDir = resolve(dirname(path), d.rulesDir as string);
  }
  if (d.adr !== undefined) config.adr = validateAdrConfig(d.adr, fail);
  if (d.waivers !== undefined) config.waivers = validateWaivers(d.waivers, fail, text);
  return config;
}

type Fail = (where: string, what: string) => never;

function ruleSetting(value: unknown, where: string, fail: Fail): RuleSetting {
  if (typeof value === "string") {
    if (!RULE_SEVERITIES.includes(value)) fail(where, `'${value}' is not a severity (error, warning, info, off)`);
    return value as RuleSetting;
  }
  if (!isMapping(value)) return fail(where, "must be a severity or a mapping with severity and params");
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (key !== "severity" && key !== "params") fail(`${where}.${key}`, "unknown key (expected severity, params)");
  if (v.severity !== undefined && (typeof v.severity !== "string" || !RULE_SEVERITIES.includes(v.severity))) fail(`${where}.severity`, "must be error, warning, info or off");
  if (v.params !== undefined && !isMapping(v.params)) fail(`${where}.params`, "must be a mapping");
  return v as RuleSetting;
}

function serviceOverride(value: unknown, where: string, fail: Fail): ServiceOverride {
  if (!isMapping(value)) return fail(where, "must be a mapping with name, paths, manifests, aliases");
  const v = value as Record<string, unknown>;
  if (typeof v.name !== "string" || !v.name) fail(`${where}.name`, "must be a non-empty string");
  const out: ServiceOverride = { name: v.name as string };
  for (const key of ["paths", "manifests", "aliases"] as const) {
    const list = stringList(v[key], `${where}.${key}`, fail);
    if (list) out[key] = list;
  }
  return out;
}

function stringList(value: unknown, where: string, fail: Fail): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((x) => typeof x !== "string")) fail(where, "must be a list of strings");
  return value as string[];
}

function isMapping(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
