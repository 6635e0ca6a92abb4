import type { Detector } from "../../check/rule.js";
import { adrRecords } from "./records.js";

/**
 * A waiver in archlint.yaml holds only while the decision it names exists and is accepted. One
 * pointing at a missing, proposed, rejected, deprecated or superseded record silences nothing and
 * says so here, so the exception cannot outlive (or precede) its decision.
 */
export const adrWaiver: Detector = {
  name: "adr-waiver",
  defaults: {},
  run({ model, report }) {
    const records = adrRecords(model);
    for (const w of model.waivers ?? []) {
      const at = { file: w.file, line: w.line, column: 1 };
      const target = records.find((r) => r.number === w.adr);
      if (!target) {
        report({ ...at, message: `The waiver of ${w.rule} names ADR ${w.adr}, which is not a record in the ADR folder; it silences nothing until the decision is written and accepted.` });
        continue;
      }
      const status = target.fact.statusValue ?? "without a status";
      if (status === "accepted") continue;
      const successor = target.fact.relations.find((x) => x.kind === "superseded-by");
      const hint =
        status === "superseded" && successor
          ? ` Point the waiver at the decision that replaced it (${successor.targetNumber !== undefined ? `ADR ${successor.targetNumber}` : successor.target}) if it still allows the exception.`
          : status === "proposed" || status === "draft"
            ? " Accept the decision first."
            : "";
      report({
        ...at,
        related: [{ file: target.file, line: target.fact.status?.line ?? target.fact.loc.line, message: `ADR ${w.adr}: ${status}` }],
        message: `The waiver of ${w.rule} names ADR ${w.adr} (${target.fact.title?.text ?? target.name}), which is ${status}; a waiver holds only while its decision is accepted, so it silences nothing.${hint}`,
      });
    }
  },
};
