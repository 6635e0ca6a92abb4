/** Facts about architecture decision records (Markdown files in the ADR folder). */
import type { Loc } from "./facts.js";

/** A piece of text in an ADR with the place it starts. */
export interface AdrText {
  text: string;
  line: number;
  column: number;
}

/** A typed link between decisions: `Supersedes [3. …](0003-….md)`, `superseded by ADR-0005`. */
export interface AdrRelation {
  kind: "supersedes" | "superseded-by" | "amends" | "amended-by";
  /** The link target or reference as written (`0003-use-rabbitmq.md`, `ADR-0005`). */
  target: string;
  /** The decision number the target names, when it names one. */
  targetNumber?: number;
  /** The target's file name, when the relation is a link to a file. */
  targetFile?: string;
  line: number;
  column: number;
}

/** A heading in an ADR. */
export interface AdrSection {
  title: string;
  depth: number;
  line: number;
}

/** A list item (GFM task or plain bullet) or a paragraph in the body of an ADR. */
export interface AdrItem {
  /** The item's own text (nested lists excluded), inline code kept with its backticks. */
  text: string;
  /** `true`/`false` for GFM task items (`- [x]` / `- [ ]`); absent for plain bullets and paragraphs. */
  checked?: boolean;
  /** A paragraph outside any list rather than a list item. */
  paragraph?: boolean;
  /** Index in `sections` of the heading the item sits under; -1 before the first heading. */
  section: number;
  /** Index in `items` of the list item this one is nested in. */
  parent?: number;
  /** The values of the inline code spans in the item's own text. */
  code: string[];
  /** Link targets in the item's own text. */
  links: string[];
  line: number;
  column: number;
}

/** A link in an ADR to a file of the repository (relative URL, no scheme). */
export interface AdrLocalLink {
  url: string;
  /** Whether the target exists inside the repository (a link leaving it counts as missing). */
  exists: boolean;
  line: number;
  column: number;
}

/**
 * One architecture decision record: a Markdown file in the ADR folder, read in any of the formats
 * in the wild (MADR 3/4 front matter, MADR 2 / log4brains `- Status:` bullets, Nygard / adr-tools
 * `## Status` sections).
 */
export interface AdrFact {
  kind: "adr";
  format: "front-matter" | "bullets" | "nygard" | "none";
  /** The number in the file name (`0007-use-kafka.md`); absent for date-named (log4brains) files. */
  fileNumber?: number;
  /** The file name starts with a date (`20240131-use-kafka.md`, log4brains): numbering does not apply. */
  dateNamed?: boolean;
  /** The number in the title (`# 7. Use Kafka`, `# ADR-0007: Use Kafka`). */
  titleNumber?: number;
  /** The first level-1 heading, number prefix removed. */
  title?: AdrText;
  /** The status as written (first line). */
  status?: AdrText;
  /** The status lower-cased to its first word (`superceded` read as `superseded`); what rules compare. */
  statusValue?: string;
  date?: AdrText;
  relations: AdrRelation[];
  sections: AdrSection[];
  items: AdrItem[];
  localLinks: AdrLocalLink[];
  /** Template text left in: `{…}`, `[a | b]`, TBD/TODO, adr-tools' and MADR's prompts. */
  placeholders: AdrText[];
  loc: Loc;
}
