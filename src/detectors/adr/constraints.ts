import type { Detector } from "../../check/rule.js";
import { adrRecords, itemsUnder, label, sectionsMatching } from "./records.js";

/**
 * An accepted decision is bound to its constraints: a constraint still unchecked means the
 * decision was accepted before anyone confirmed it holds.
 */
export const adrUncheckedConstraints: Detector = {
  name: "adr-unchecked-constraints",
  defaults: {},
  run({ model, report }) {
    for (const r of adrRecords(model)) {
      if (r.fact.statusValue !== "accepted") continue;
      const items = new Set(sectionsMatching(r.fact, /constraint/i).flatMap((s) => itemsUnder(r.fact, s)));
      for (const item of items) {
        if (item.checked !== false) continue;
        const text = item.text.length > 80 ? `${item.text.slice(0, 77)}…` : item.text;
        report({
          file: r.file,
          line: item.line,
          column: item.column,
          service: r.service,
          message: `${label(r)} is accepted but its constraint '${text}' is unchecked; confirm it holds and tick it, or reopen the decision.`,
        });
      }
    }
  },
};
