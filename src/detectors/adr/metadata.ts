import type { Detector } from "../../check/rule.js";
import { isIsoDate } from "../../extract/markdown/names.js";
import { adrRecords, anchor, label, stringList } from "./records.js";

/** MADR 4 and log4brains statuses, plus adr-tools' superseded spelling (read as `superseded`). */
export const ADR_STATUSES = ["proposed", "accepted", "rejected", "deprecated", "superseded", "draft"];

/** Every record states its status, and the status is one the team uses. */
export const adrStatus: Detector = {
  name: "adr-status",
  defaults: { allowed: ADR_STATUSES },
  run({ model, params, report }) {
    const allowed = stringList(params.allowed);
    for (const r of adrRecords(model)) {
      const { status, statusValue } = r.fact;
      if (!status || !statusValue) {
        report({
          ...anchor(r),
          service: r.service,
          message: `${label(r)} states no status; add one (front matter 'status: proposed', a '- Status: proposed' line, or a '## Status' section) so readers know whether the decision holds.`,
        });
      } else if (!allowed.includes(statusValue)) {
        report({
          file: r.file,
          line: status.line,
          column: status.column,
          service: r.service,
          message: `${label(r)} has status '${status.text}', which is not one of ${allowed.join(", ")}.`,
        });
      }
    }
  },
};

/** A date that says when the decision was made, in ISO form so tools and people sort it alike. */
export const adrDate: Detector = {
  name: "adr-date",
  defaults: { required: false },
  run({ model, params, report }) {
    for (const r of adrRecords(model)) {
      const date = r.fact.date;
      if (!date) {
        if (params.required === true) {
          report({ ...anchor(r), service: r.service, message: `${label(r)} has no date; add the day the decision was made (YYYY-MM-DD).` });
        }
        continue;
      }
      if (!isIsoDate(date.text)) {
        report({
          file: r.file,
          line: date.line,
          column: date.column,
          service: r.service,
          message: `${label(r)} is dated '${date.text}', which is not an ISO date; write it as YYYY-MM-DD.`,
        });
      }
    }
  },
};
