import type { Detector } from "../../check/rule.js";
import { adrRecords, anchor, label, stringList, titleIndex } from "./records.js";

/**
 * The parts every format shares, by the headings each format uses: Nygard's Context / Decision /
 * Consequences, MADR's Context and Problem Statement / Decision Outcome (whose consequences sit
 * inside the outcome).
 */
const CONCEPTS: Record<string, { re: RegExp; what: string }> = {
  context: { re: /context|problem|background|motivation/i, what: "Context (the forces and the problem)" },
  decision: { re: /decision|proposal|solution/i, what: "Decision (what was decided)" },
  consequences: { re: /consequence|implication|outcome|trade-?offs?/i, what: "Consequences (what becomes easier or harder)" },
  options: { re: /option|alternative/i, what: "Considered Options" },
};

export const adrSections: Detector = {
  name: "adr-sections",
  defaults: { required: ["context", "decision", "consequences"] },
  run({ model, params, report }) {
    const required = stringList(params.required).filter((c) => CONCEPTS[c]);
    for (const r of adrRecords(model)) {
      const title = titleIndex(r.fact);
      const headings = r.fact.sections.filter((s, i) => i !== title && !/^status$|checklist/i.test(s.title)).map((s) => s.title);
      const missing = required.filter((c) => !headings.some((h) => CONCEPTS[c]!.re.test(h)));
      if (missing.length === 0) continue;
      report({
        ...anchor(r),
        service: r.service,
        message: `${label(r)} lacks ${missing.map((c) => `a ${CONCEPTS[c]!.what}`).join(" and ")} section; a reader cannot judge the decision without it.`,
      });
    }
  },
};

/** Template text left in the record: `{…}` prompts, `[a | b]` choices, TBD/TODO. */
export const adrPlaceholders: Detector = {
  name: "adr-placeholders",
  defaults: {},
  run({ model, report }) {
    for (const r of adrRecords(model)) {
      for (const p of r.fact.placeholders) {
        const shown = p.text.length > 60 ? `${p.text.slice(0, 57)}…` : p.text;
        report({
          file: r.file,
          line: p.line,
          column: p.column,
          endLine: p.line,
          endColumn: p.column + p.text.length,
          service: r.service,
          message: `Template placeholder '${shown}' is still in ${label(r)}; replace it with the real content or delete it.`,
        });
      }
    }
  },
};

/** Relative links from a record to files of the repository that are not there. */
export const adrLocalLinks: Detector = {
  name: "adr-local-links",
  defaults: {},
  run({ model, report }) {
    for (const r of adrRecords(model)) {
      // A supersede link that does not resolve is adr-supersede-links' finding, not this one's.
      const relationTargets = new Set(r.fact.relations.map((x) => `${x.line}\0${x.target}`));
      for (const link of r.fact.localLinks) {
        if (link.exists || relationTargets.has(`${link.line}\0${link.url}`)) continue;
        report({
          file: r.file,
          line: link.line,
          column: link.column,
          service: r.service,
          message: `Link to '${link.url}' does not resolve to a file in the repository; fix the path or remove the link.`,
        });
      }
    }
  },
};
