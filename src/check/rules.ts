import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";
import type { Severity } from "./finding.js";
import type { RuleDefinition } from "./rule.js";

/** The package's own folders (`rules/`, `schema/`), the same from `src/` under vitest and from `dist/`. */
export const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
export const builtinRulesDir = join(packageRoot, "rules");

const SEVERITIES = new Set<Severity>(["error", "warning", "info"]);
const PRESET_NAMES = new Set(["recommended", "strict"]);

export class RuleFileError extends Error {}

/** Reads every `<id>.yaml` rule in a folder (presets excluded), with its `<id>.md` doc. */
export function loadRuleDir(dir: string): RuleDefinition[] {
  if (!existsSync(dir)) throw new RuleFileError(`rules folder not found: ${dir}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") && !PRESET_NAMES.has(f.slice(0, -5)))
    .sort()
    .map((f) => loadRuleFile(join(dir, f)));
}

export function loadRuleFile(path: string): RuleDefinition {
  let data: unknown;
  try {
    data = load(readFileSync(path, "utf8"));
  } catch (err) {
    throw new RuleFileError(`${path}: ${firstLine((err as Error).message)}`);
  }
  const r = (data ?? {}) as Record<string, unknown>;
  const str = (key: string): string => {
    const v = r[key];
    if (typeof v !== "string" || v.trim() === "") throw new RuleFileError(`${path}: '${key}' must be a non-empty string`);
    return v.trim();
  };
  const severity = str("severity") as Severity;
  if (!SEVERITIES.has(severity)) throw new RuleFileError(`${path}: 'severity' must be error, warning or info`);
  const params = r.params ?? {};
  if (typeof params !== "object" || Array.isArray(params)) throw new RuleFileError(`${path}: 'params' must be a mapping`);
  const id = str("id");
  if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new RuleFileError(`${path}: 'id' must be kebab-case`);
  const docPath = path.replace(/\.yaml$/, ".md");
  return {
    id,
    title: str("title"),
    severity,
    category: str("category"),
    detector: str("detector"),
    params: params as Record<string, unknown>,
    description: str("description"),
    remediation: str("remediation"),
    ...(existsSync(docPath) ? { doc: readFileSync(docPath, "utf8") } : {}),
    source: path,
  };
}

/** A preset: which rules are on, at which severity. */
export function loadPreset(name: "recommended" | "strict"): Record<string, Severity | "off"> {
  const path = join(builtinRulesDir, `${name}.yaml`);
  const data = load(readFileSync(path, "utf8")) as { rules?: Record<string, Severity | "off"> } | null;
  return data?.rules ?? {};
}

export function firstLine(text: string): string {
  return text.split("\n")[0]!.trim();
}
