import type { Detector } from "../../check/rule.js";
import { adrRecords, anchor, type AdrRecord } from "./records.js";

/**
 * Decision numbers are identities: references (`ADR-0007`, waivers, commit messages) rely on each
 * number naming one record, forever. Date-named folders (log4brains) have no numbers to check.
 */
export const adrNumbering: Detector = {
  name: "adr-numbering",
  defaults: { allowGaps: false },
  run({ model, params, report }) {
    const records = adrRecords(model);
    const numbered = records.filter((r) => r.fact.fileNumber !== undefined);
    // A folder of date-named or free-named records does not number its files.
    if (numbered.length === 0 || numbered.length * 2 < records.length) return;

    for (const r of records) {
      const { fileNumber, titleNumber, dateNamed, title } = r.fact;
      if (fileNumber === undefined && !dateNamed) {
        report({ ...anchor(r), service: r.service, message: `${r.name} has no number in its file name; name it NNNN-title.md like the other records (next free number: ${nextFree(numbered)}).` });
      } else if (fileNumber !== undefined && titleNumber !== undefined && fileNumber !== titleNumber && title) {
        report({
          file: r.file,
          line: title.line,
          column: 1,
          service: r.service,
          message: `The title says ADR ${titleNumber} but the file name says ${fileNumber}; make them agree (links and waivers use the number).`,
        });
      }
    }

    const byNumber = new Map<number, AdrRecord[]>();
    for (const r of numbered) byNumber.set(r.fact.fileNumber!, [...(byNumber.get(r.fact.fileNumber!) ?? []), r]);
    for (const [n, same] of byNumber) {
      if (same.length < 2) continue;
      for (const r of same) {
        const others = same.filter((o) => o !== r).map((o) => o.name);
        report({ ...anchor(r), service: r.service, message: `ADR number ${n} is used by ${others.join(", ")} too; renumber one of them (next free number: ${nextFree(numbered)}).` });
      }
    }

    if (params.allowGaps === true) return;
    const numbers = [...byNumber.keys()].sort((a, b) => a - b);
    for (let i = 1; i < numbers.length; i++) {
      const prev = numbers[i - 1]!;
      const cur = numbers[i]!;
      if (cur - prev <= 1) continue;
      const r = byNumber.get(cur)![0]!;
      const missing = cur - prev === 2 ? `${prev + 1} is` : `${prev + 1}–${cur - 1} are`;
      report({
        ...anchor(r),
        service: r.service,
        // A gap loses history; a duplicate breaks every reference. The gap is the softer finding.
        severity: "warning",
        message: `ADR ${missing} missing between ${byNumber.get(prev)![0]!.name} and ${r.name}; records are never deleted — restore the file and mark it rejected or deprecated.`,
      });
    }
  },
};

function nextFree(numbered: AdrRecord[]): number {
  return Math.max(0, ...numbered.map((r) => r.fact.fileNumber!)) + 1;
}
