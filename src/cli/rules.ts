import { allRules, resolveRules, ruleMeta } from "../check/engine.js";
import { defaultConfig } from "../config/types.js";
import { Option } from "commander";
import { UsageError } from "./errors.js";
import type { RegisterCommand } from "./types.js";
import { breakingRuleById, breakingRules } from "../proto/rules/index.js";

export const registerRules: RegisterCommand = (program, setExitCode) => {
  program
    .command("rules")
    .description("list the rules, or explain one")
    .argument("[id]", "rule id to explain")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("--breaking", "list the proto breaking-change rules of `archlint breaking` instead")
    .action((id: string | undefined, opts: { format: "text" | "json"; breaking?: boolean }) => {
      setExitCode(opts.breaking || (id !== undefined && breakingRuleById.has(id)) ? breakingRulesCommand(id, opts.format) : rulesCommand(id, opts.format));
    });
};

/** `archlint rules`: the rule list, or one rule's doc. */
export function rulesCommand(id: string | undefined, format: "text" | "json"): number {
  const rules = allRules();
  const recommended = new Map(resolveRules(defaultConfig, rules).map((a) => [a.rule.id, a.severity]));
  if (id) {
    const rule = rules.find((r) => r.id === id);
    if (!rule) throw new UsageError(`unknown rule '${id}' (run 'archlint rules' to list them)`);
    if (format === "json") {
      process.stdout.write(`${JSON.stringify({ ...ruleMeta(rule), detector: rule.detector, params: rule.params, recommended: recommended.get(rule.id) ?? "off" }, null, 2)}\n`);
    } else {
      const head = `${rule.id} (${rule.severity}, ${rule.category}; recommended: ${recommended.get(rule.id) ?? "off"})\n\n`;
      process.stdout.write(head + (rule.doc ?? `${rule.title}\n\n${rule.description}\n\nHow to fix: ${rule.remediation}\n`));
    }
    return 0;
  }
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(rules.map((r) => ({ id: r.id, title: r.title, severity: r.severity, category: r.category, recommended: recommended.get(r.id) ?? "off" })), null, 2)}\n`);
    return 0;
  }
  const w = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map((r) => `${r.id.padEnd(w)}  ${(recommended.get(r.id) ?? "off").padEnd(7)}  ${r.category.padEnd(12)}  ${r.title}`);
  process.stdout.write(`${"rule".padEnd(w)}  ${"default".padEnd(7)}  ${"category".padEnd(12)}  title\n${lines.join("\n")}\n\nRun 'archlint rules <id>' for a rule's doc; 'archlint rules --breaking' for the ${breakingRules.length} proto breaking-change rules.\n`);
  return 0;
}

/** `archlint rules --breaking` / `archlint rules FIELD_NO_DELETE`: buf's breaking rules with what breaks and what to do. */
export function breakingRulesCommand(id: string | undefined, format: "text" | "json"): number {
  if (id) {
    const r = breakingRuleById.get(id);
    if (!r) throw new UsageError(`unknown breaking rule '${id}' (run 'archlint rules --breaking' to list them)`);
    if (format === "json") process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else process.stdout.write(`${r.id} (archlint breaking; categories: ${r.categories.join(", ")})\n\n${r.summary}\n\nWhat breaks: ${r.consequence}\n\nDo instead: ${r.safe}\n`);
    return 0;
  }
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(breakingRules, null, 2)}\n`);
    return 0;
  }
  const w = Math.max(...breakingRules.map((r) => r.id.length));
  const lines = breakingRules.map((r) => `${r.id.padEnd(w)}  ${r.categories.join(",").padEnd(26)}  ${r.summary}`);
  process.stdout.write(`${"rule".padEnd(w)}  ${"categories".padEnd(26)}  what it flags\n${lines.join("\n")}\n\nDefault: FILE (buf.yaml breaking.use). Run 'archlint rules <RULE_ID>' for what breaks and what to do instead.\n`);
  return 0;
}
