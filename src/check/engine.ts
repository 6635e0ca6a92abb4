import type { ArchlintConfig } from "../config/types.js";
import { ConfigError } from "../config/load.js";
import { detectors } from "../detectors/index.js";
import type { SuppressionFact } from "../extract/facts.js";
import { maskSecrets } from "../model/datastores/dsn.js";
import type { Model } from "../model/types.js";
import type { RuleMeta, Severity } from "./finding.js";
import type { RawFinding, RuleDefinition } from "./rule.js";
import { builtinRulesDir, loadPreset, loadRuleDir } from "./rules.js";

/** A rule as it will run: severity and params after preset and config. */
export interface ActiveRule {
  rule: RuleDefinition;
  severity: Severity;
  params: Record<string, unknown>;
}

/** Every rule archlint knows: the built-in ones and the config's `rulesDir`. */
export function allRules(config?: ArchlintConfig): RuleDefinition[] {
  const rules = loadRuleDir(builtinRulesDir);
  if (config?.rulesDir) {
    const known = new Set(rules.map((r) => r.id));
    for (const r of loadRuleDir(config.rulesDir)) {
      if (known.has(r.id)) throw new ConfigError(`${r.source}: rule id '${r.id}' is already a built-in rule`);
      rules.push(r);
    }
  }
  for (const r of rules) {
    if (!detectors.has(r.detector)) throw new ConfigError(`${r.source}: unknown detector '${r.detector}' (known: ${[...detectors.keys()].join(", ")})`);
  }
  return rules;
}

/** Preset, then archlint.yaml: which rules run, at which severity, with which params. */
export function resolveRules(config: ArchlintConfig, rules: RuleDefinition[]): ActiveRule[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const preset = config.extends === "none" ? {} : loadPreset(config.extends);
  for (const id of Object.keys(config.rules)) {
    if (!byId.has(id)) throw new ConfigError(`archlint.yaml: rules.${id}: unknown rule (run 'archlint rules' to list them)`);
  }
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const setting = config.rules[rule.id];
    let severity: Severity | "off" = preset[rule.id] ?? (rule.source.startsWith(builtinRulesDir) ? "off" : rule.severity);
    let params = { ...detectors.get(rule.detector)!.defaults, ...rule.params };
    if (typeof setting === "string") severity = setting;
    else if (setting) {
      if (setting.severity) severity = setting.severity;
      else if (severity === "off") severity = rule.severity;
      params = { ...params, ...(setting.params ?? {}) };
    }
    if (severity !== "off") active.push({ rule, severity, params });
  }
  return active;
}

export function ruleMeta(rule: RuleDefinition, severity: Severity = rule.severity): RuleMeta {
  return {
    id: rule.id,
    title: rule.title,
    severity,
    category: rule.category,
    description: rule.description,
    remediation: rule.remediation,
    ...(rule.doc ? { doc: rule.doc } : {}),
    helpUri: `https://github.com/archlint/archlint/blob/main/rules/${rule.id}.md`,
  };
}

/** Runs every active rule's detector over the model. */
export function runRules(model: Model, active: ActiveRule[]): RawFinding[] {
  const out: RawFinding[] = [];
  for (const { rule, severity, params } of active) {
    const detector = detectors.get(rule.detector)!;
    detector.run({
      model,
      rule,
      params,
      report(f) {
        const finding: RawFinding = {
          ruleId: rule.id,
          // A detector may soften a finding (info); it never raises one above the configured level.
          severity: f.severity && rank(f.severity) > rank(severity) ? f.severity : severity,
          // Messages quote code and config; a URL's password or a `password=` pair never leaves the run.
          message: maskSecrets(f.message),
          location: { file: f.file, line: f.line },
        };
        if (f.column !== undefined) finding.location.column = f.column;
        if (f.endLine !== undefined) finding.location.endLine = f.endLine;
        if (f.endColumn !== undefined) finding.location.endColumn = f.endColumn;
        if (f.service) finding.service = f.service;
        if (f.related?.length) finding.related = f.related.map((r) => (r.message ? { ...r, message: maskSecrets(r.message) } : r));
        out.push(finding);
      },
    });
  }
  return out;
}

const rank = (s: Severity) => (s === "error" ? 0 : s === "warning" ? 1 : 2);

/** Drops findings silenced by an `archlint-disable…` comment in their file. */
export function applySuppressions(model: Model, findings: RawFinding[]): { kept: RawFinding[]; suppressed: number } {
  const byFile = new Map<string, SuppressionFact[]>();
  for (const file of model.files) {
    const s = file.facts.filter((f): f is SuppressionFact => f.kind === "suppression");
    if (s.length) byFile.set(file.path, s);
  }
  const kept = findings.filter((f) => {
    const sups = byFile.get(f.location.file);
    if (!sups) return true;
    return !sups.some(
      (s) =>
        (s.scope === "file" || s.targetLine === f.location.line) &&
        (s.rules.length === 0 || s.rules.includes(f.ruleId)) &&
        f.ruleId !== "suppression-needs-reason",
    );
  });
  return { kept, suppressed: findings.length - kept.length };
}
