import type { Detector } from "../check/rule.js";

/** `archlint-disable…` comments must say why: a silenced finding without a reason is lost knowledge. */
export const suppressionReason: Detector = {
  name: "suppression-reason",
  defaults: {},
  run({ model, report }) {
    for (const file of model.files) {
      for (const fact of file.facts) {
        if (fact.kind !== "suppression" || fact.reason) continue;
        const what = fact.rules.length ? fact.rules.join(", ") : "all rules";
        report({
          message: `This archlint-disable comment silences ${what} without a reason; add one after ' -- ' (e.g. '-- legacy view, dropped in ADR-0007').`,
          file: file.path,
          line: fact.loc.line,
          column: fact.loc.column,
          endLine: fact.loc.endLine,
          endColumn: fact.loc.endColumn,
          service: file.service,
        });
      }
    }
  },
};
