import { allRules, resolveRules, ruleMeta } from "../check/engine.js";
import { defaultConfig } from "../config/types.js";
import { Option } from "commander";
import { UsageError } from "./errors.js";
import type { RegisterCommand } from "./types.js";

export const registerRules: RegisterCommand = (program, setExitCode) => {
  program
    .command("rules")
    .description("list the rules, or explain one")
    .argument("[id]", "rule id to explain")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action((id: string | undefined, opts: { format: "text" | "json" }) => {
      setExitCode(rulesCommand(id, opts.format));
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
  process.stdout.write(`${"rule".padEnd(w)}  ${"default".padEnd(7)}  ${"category".padEnd(12)}  title\n${lines.join("\n")}\n\nRun 'archlint rules <id>' for a rule's doc.\n`);
  return 0;
}
