import type { Detector } from "../../check/rule.js";
import type { AdrRelation } from "../../extract/facts.js";
import { adrRecords, anchor, label, type AdrRecord } from "./records.js";

/** The record a relation points at: by file name first, else by number. */
export function resolveTarget(records: AdrRecord[], rel: AdrRelation): AdrRecord | undefined {
  if (rel.targetFile) {
    const byName = records.find((r) => r.name === rel.targetFile);
    if (byName) return byName;
  }
  return rel.targetNumber !== undefined ? records.find((r) => r.number === rel.targetNumber) : undefined;
}

const hasRelation = (r: AdrRecord, kind: AdrRelation["kind"], records: AdrRecord[], to: AdrRecord): boolean =>
  r.fact.relations.some((x) => x.kind === kind && resolveTarget(records, x) === to);

/**
 * Supersede chains are how a reader walks from an old decision to the one in force: each link
 * must resolve, be stated on both records, and agree with the old record's status.
 */
export const adrSupersedeLinks: Detector = {
  name: "adr-supersede-links",
  defaults: {},
  run({ model, report }) {
    const records = adrRecords(model);
    for (const r of records) {
      const at = (rel: AdrRelation) => ({ file: r.file, line: rel.line, column: rel.column, service: r.service });
      const supersededBy = r.fact.relations.filter((x) => x.kind === "superseded-by");
      if (r.fact.statusValue === "superseded" && supersededBy.length === 0 && r.fact.status) {
        report({
          file: r.file,
          line: r.fact.status.line,
          column: r.fact.status.column,
          service: r.service,
          message: `${label(r)} is superseded but does not say by which record; write 'Superseded by [N. Title](NNNN-title.md)'.`,
        });
      }
      for (const rel of r.fact.relations) {
        if (rel.kind !== "supersedes" && rel.kind !== "superseded-by") continue;
        // A record in another repository (a web link) cannot be checked from here.
        if (/^[a-z][a-z0-9+.-]*:/i.test(rel.target)) continue;
        const target = resolveTarget(records, rel);
        if (!target) {
          report({ ...at(rel), message: `${label(r)} says it ${rel.kind === "supersedes" ? "supersedes" : "is superseded by"} '${rel.target}', which is not a record in the ADR folder.` });
          continue;
        }
        if (target === r) {
          report({ ...at(rel), message: `${label(r)} says it ${rel.kind === "supersedes" ? "supersedes" : "is superseded by"} itself.` });
          continue;
        }
        if (rel.kind === "supersedes") {
          if (!hasRelation(target, "superseded-by", records, r)) {
            report({
              ...at(rel),
              related: [{ ...anchor(target), message: `${label(target)} does not link back` }],
              message: `${label(r)} supersedes ${label(target)}, but ${target.name} does not say 'Superseded by' this record; add the link there (archlint adr new --supersedes does both).`,
            });
          } else if (target.fact.statusValue && target.fact.statusValue !== "superseded") {
            report({
              ...at(rel),
              related: [{ ...anchor(target), message: `status ${target.fact.statusValue}` }],
              message: `${label(r)} supersedes ${label(target)}, whose status is still '${target.fact.statusValue}'; set it to superseded.`,
            });
          }
        } else if (!hasRelation(target, "supersedes", records, r)) {
          report({
            ...at(rel),
            related: [{ ...anchor(target), message: `${label(target)} does not link back` }],
            message: `${label(r)} is superseded by ${label(target)}, but ${target.name} does not say it supersedes this record; add 'Supersedes [${r.number ?? ""}${r.number !== undefined ? ". " : ""}${r.fact.title?.text ?? r.name}](${r.name})' there.`,
          });
        }
      }
    }
  },
};
