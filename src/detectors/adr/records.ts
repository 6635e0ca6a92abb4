import type { AdrFact, AdrItem } from "../../extract/facts.js";
import type { Model } from "../../model/types.js";

/** One decision record in the model: its file and what the extractor read. */
export interface AdrRecord {
  file: string;
  name: string;
  fact: AdrFact;
  /** The decision number: from the file name, else from the title. */
  number?: number;
  service?: string;
}

/** Every ADR in the model, in path order. */
export function adrRecords(model: Model): AdrRecord[] {
  const out: AdrRecord[] = [];
  for (const file of model.files) {
    for (const fact of file.facts) {
      if (fact.kind !== "adr") continue;
      const number = fact.fileNumber ?? fact.titleNumber;
      out.push({
        file: file.path,
        name: file.path.slice(file.path.lastIndexOf("/") + 1),
        fact,
        ...(number !== undefined ? { number } : {}),
        ...(file.service ? { service: file.service } : {}),
      });
    }
  }
  return out;
}

/** "ADR 7 (0007-use-kafka.md)" or the file name when the record has no number. */
export function label(r: AdrRecord): string {
  return r.number !== undefined ? `ADR ${r.number}` : r.name;
}

/** Where a finding about the record as a whole goes: its title, else line 1. */
export function anchor(r: AdrRecord): { file: string; line: number; column: number } {
  return { file: r.file, line: r.fact.title?.line ?? r.fact.loc.line, column: 1 };
}

/** The items under section `s` and its subsections. */
export function itemsUnder(fact: AdrFact, s: number): AdrItem[] {
  const depth = fact.sections[s]!.depth;
  let end = fact.sections.length;
  for (let i = s + 1; i < fact.sections.length; i++) {
    if (fact.sections[i]!.depth <= depth) {
      end = i;
      break;
    }
  }
  return fact.items.filter((it) => it.section >= s && it.section < end);
}

/** Indices of the body's sections (every heading but the title) whose title matches. */
export function sectionsMatching(fact: AdrFact, re: RegExp): number[] {
  const out: number[] = [];
  fact.sections.forEach((sec, i) => {
    if (i !== titleIndex(fact) && re.test(sec.title)) out.push(i);
  });
  return out;
}

/** The title is the first level-1 heading; some records use `#` for their sections too. */
export function titleIndex(fact: AdrFact): number {
  return fact.sections.findIndex((s) => s.depth === 1);
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string").map((v) => v.toLowerCase()) : [];
}
