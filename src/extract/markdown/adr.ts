import { load } from "js-yaml";
import type { Nodes, Root } from "mdast";
import type { AdrFact, AdrItem, AdrLocalLink, AdrRelation, AdrSection, AdrText, FileFacts } from "../facts.js";
import { inlineText, parseMarkdown, startOf, walk } from "./mdast.js";
import { fileOfUrl, numberInReference, parseAdrFileName, splitNumberedTitle } from "./names.js";
import { findPlaceholders } from "./placeholders.js";

/** Whether a relative link target (already resolved against the ADR's folder) exists in the repo. */
export type LinkResolver = (url: string) => boolean;

const RELATION = /^(supersedes|superseded by|superceded by|supersceded by|replaces|replaced by|amends|amended by)\b[\s:]*(.*)$/i;
const META_LINE = /^(status|date|deciders|decision-makers|tags|technical story|supersedes|superseded[- ]by)\s*:\s*(.*)$/i;

/**
 * Reads one ADR. Metadata may sit in front matter (MADR 3/4), in bullets under the title
 * (MADR 2 / log4brains `- Status: accepted`), or in a `## Status` section (Nygard / adr-tools,
 * whose supersede links say "Superceded by"). Everything else is kept as sections, items and links
 * with positions, for the rules to judge.
 */
export function extractAdr(file: string, text: string, resolve: LinkResolver): FileFacts {
  const lines = text.split("\n");
  const tree: Root = parseMarkdown(text);
  const name = parseAdrFileName(file.slice(file.lastIndexOf("/") + 1));
  const fact: AdrFact = {
    kind: "adr",
    format: "none",
    ...(name.number !== undefined ? { fileNumber: name.number } : {}),
    ...(name.dateNamed ? { dateNamed: true } : {}),
    relations: [],
    sections: [],
    items: [],
    localLinks: [],
    placeholders: [],
    loc: { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
  };
  let parseError: FileFacts["parseError"];
  const first = tree.children[0];
  if (first?.type === "yaml") {
    const fm = readFrontMatter(first.value, startOf(first).line);
    if (fm.error) parseError = fm.error;
    else applyFrontMatter(fact, fm.data, fm.keyLines, lines);
    // Raw lines, not parsed values: `date: {YYYY-MM-DD …}` parses as a YAML mapping.
    for (let i = startOf(first).line; i < (first.position?.end.line ?? 1) - 1; i++) {
      const raw = lines[i] ?? "";
      if (raw.trimStart().startsWith("#")) continue;
      for (const p of findPlaceholders(raw)) fact.placeholders.push({ text: p.text, line: i + 1, column: p.offset + 1 });
    }
  }
  collectBody(fact, tree, lines, resolve);

  const title = fact.sections.find((s) => s.depth === 1);
  if (title) {
    const split = splitNumberedTitle(title.title);
    fact.title = { text: split.title, line: title.line, column: 1 };
    if (split.number !== undefined) fact.titleNumber = split.number;
    fact.loc = { file, line: title.line, column: 1, endLine: title.line, endColumn: (lines[title.line - 1]?.length ?? 0) + 1 };
  }
  readMetadataLines(fact, lines);
  if (fact.status) fact.statusValue = statusWord(fact.status.text);
  fact.placeholders.sort((a, b) => a.line - b.line || a.column - b.column);
  return { file, language: "markdown", facts: [fact], ...(parseError ? { parseError } : {}) };
}

/** adr-tools' spelling, and the word many teams use for accepted. */
const SYNONYMS: Record<string, string> = { superceded: "superseded", supersceded: "superseded", approved: "accepted" };

/** `Superceded by [3. …](…)` → `superseded`; `**Accepted** (2020-01-02)` → `accepted`; `Approved` → `accepted`. */
export function statusWord(text: string): string {
  const m = /^[^A-Za-z]*([A-Za-z]+)/.exec(text);
  const w = (m?.[1] ?? "").toLowerCase();
  return SYNONYMS[w] ?? w;
}

interface FrontMatter {
  data: Record<string, unknown>;
  keyLines: Map<string, number>;
  error?: { message: string; line?: number };
}

function readFrontMatter(value: string, startLine: number): FrontMatter {
  const keyLines = new Map<string, number>();
  value.split("\n").forEach((l, i) => {
    const m = /^([A-Za-z][\w-]*)\s*:/.exec(l);
    if (m && !keyLines.has(m[1]!.toLowerCase())) keyLines.set(m[1]!.toLowerCase(), startLine + 1 + i);
  });
  try {
    const data = load(value);
    if (data === null || data === undefined) return { data: {}, keyLines };
    if (typeof data !== "object" || Array.isArray(data)) return { data: {}, keyLines, error: { message: "front matter is not a mapping", line: startLine } };
    return { data: data as Record<string, unknown>, keyLines };
  } catch (err) {
    const mark = (err as { mark?: { line: number } }).mark;
    const reason = (err as { reason?: string }).reason ?? (err as Error).message.split("\n")[0];
    return { data: {}, keyLines, error: { message: `invalid YAML front matter: ${reason}`, ...(mark ? { line: startLine + 1 + mark.line } : { line: startLine }) } };
  }
}

function applyFrontMatter(fact: AdrFact, data: Record<string, unknown>, keyLines: Map<string, number>, lines: string[]): void {
  const field = (key: string): AdrText | undefined => {
    const v = data[key];
    if (v === undefined || v === null) return undefined;
    const text = v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === "string" || typeof v === "number" ? String(v) : undefined;
    if (text === undefined) return undefined;
    const line = keyLines.get(key) ?? 1;
    return { text: text.trim(), line, column: valueColumn(lines[line - 1] ?? "", text.trim()) };
  };
  const status = field("status");
  const date = field("date");
  if (status || date) fact.format = "front-matter";
  if (status) {
    fact.status = status;
    addRelation(fact, status.text, status.line, status.column);
  }
  if (date) fact.date = date;
  for (const [key, kind] of [["supersedes", "supersedes"], ["superseded-by", "superseded-by"], ["superseded_by", "superseded-by"]] as const) {
    const v = data[key];
    const targets = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
    const line = keyLines.get(key) ?? 1;
    for (const t of targets) pushRelation(fact, kind, String(t), line, valueColumn(lines[line - 1] ?? "", String(t)));
  }
}

function collectBody(fact: AdrFact, tree: Root, lines: string[], resolve: LinkResolver): void {
  let section = -1;
  const itemIndex = new Map<Nodes, number>();
  for (const { node, ancestors } of walk(tree)) {
    if (node.type === "heading") {
      fact.sections.push({ title: inlineText(node.children), depth: node.depth, line: startOf(node).line } satisfies AdrSection);
      section = fact.sections.length - 1;
    } else if (node.type === "listItem" || (node.type === "paragraph" && !ancestors.some((a) => a.type === "listItem"))) {
      const own = node.type === "listItem" ? node.children.filter((c) => c.type === "paragraph") : [node];
      const parentNode = [...ancestors].reverse().find((a) => a.type === "listItem");
      const item: AdrItem = {
        text: own.map((p) => inlineText(p.children)).join(" ").trim(),
        section,
        code: [],
        links: [],
        ...startOf(node),
      };
      if (node.type === "listItem" && typeof node.checked === "boolean") item.checked = node.checked;
      if (node.type === "paragraph") item.paragraph = true;
      const parent = parentNode ? itemIndex.get(parentNode) : undefined;
      if (parent !== undefined) item.parent = parent;
      for (const p of own) {
        for (const { node: n } of walk(p)) {
          if (n.type === "inlineCode") item.code.push(n.value);
          if (n.type === "link") item.links.push(n.url);
        }
      }
      itemIndex.set(node, fact.items.length);
      fact.items.push(item);
    } else if (node.type === "link" || node.type === "definition") {
      const link = localLink(node.url, node, resolve);
      if (link) fact.localLinks.push(link);
    } else if (node.type === "text") {
      const at = startOf(node);
      for (const p of findPlaceholders(node.value)) {
        const before = node.value.slice(0, p.offset);
        const nl = before.split("\n").length - 1;
        const line = at.line + nl;
        const raw = lines[line - 1] ?? "";
        const guess = nl === 0 ? at.column + p.offset : before.length - before.lastIndexOf("\n");
        const found = raw.indexOf(p.text);
        fact.placeholders.push({ text: p.text, line, column: found >= 0 ? found + 1 : guess });
      }
    }
  }
}

function localLink(url: string, node: Nodes, resolve: LinkResolver): AdrLocalLink | undefined {
  if (url === "" || url.startsWith("#") || url.startsWith("//") || /^[a-z][a-z0-9+.-]*:/i.test(url)) return undefined;
  if (/[{}<>]/.test(url)) return undefined; // a template placeholder, reported as such
  return { url, exists: resolve(url), ...startOf(node) };
}

/**
 * Metadata written as lines: bullets or paragraphs under the title (`- Status: accepted`,
 * `Date: 2016-02-12`, `**Status:** Accepted`), the `## Status` section (Nygard), and typed
 * links in a `## Links` section (log4brains).
 */
function readMetadataLines(fact: AdrFact, lines: string[]): void {
  const firstH2 = fact.sections.find((s) => s.depth >= 2)?.line ?? lines.length + 1;
  const bodyStart = frontMatterEnd(lines);
  for (let i = bodyStart; i < firstH2 - 1; i++) {
    const meta = metaLine(lines[i]!);
    if (!meta) continue;
    const m = META_LINE.exec(meta.content);
    // `Supersedes [3. Use RabbitMQ](0003-use-rabbitmq.md)` under the title, as `adr new --supersedes` writes it
    if (!m && addRelation(fact, meta.content, i + 1, meta.offset + 1)) continue;
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    const column = valueColumn(lines[i]!, value);
    if (key === "status" && !fact.status && value) {
      fact.status = { text: value, line: i + 1, column };
      if (fact.format === "none") fact.format = /^\s*[-*+]\s/.test(lines[i]!) ? "bullets" : "nygard";
      addRelation(fact, value, i + 1, column);
    } else if (key === "date" && !fact.date && value) {
      fact.date = { text: value, line: i + 1, column };
    } else if (key.startsWith("supersede")) {
      addRelation(fact, meta.content, i + 1, meta.offset + 1);
    }
  }
  for (let s = 0; s < fact.sections.length; s++) {
    const sec = fact.sections[s]!;
    const isStatus = /^status$/i.test(sec.title);
    if (!isStatus && !/^links$/i.test(sec.title)) continue;
    const end = fact.sections.slice(s + 1).find((n) => n.depth <= sec.depth)?.line ?? lines.length + 1;
    for (let i = sec.line; i < end - 1; i++) {
      const meta = metaLine(lines[i]!);
      if (!meta || /^#/.test(meta.content)) continue;
      const isRelation = addRelation(fact, meta.content, i + 1, meta.offset + 1);
      if (isStatus && !fact.status && (!isRelation || /^super[sc]+eded/i.test(meta.content))) {
        fact.status = { text: meta.content, line: i + 1, column: valueColumn(lines[i]!, meta.content) };
        if (fact.format === "none") fact.format = "nygard";
      }
    }
  }
}

/** A source line without list marker, task box and bold label markup; undefined if blank. */
function metaLine(raw: string): { content: string; offset: number } | undefined {
  const m = /^(\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\[[ xX]\]\s+)?)(.*)$/.exec(raw)!;
  // `**Status:** Accepted`, `**Status**: Accepted`, `_Date_: …` read as `Status: Accepted`.
  const content = m[2]!.replace(/\s+$/, "").replace(/^([*_]{1,2})([^*_]+?)(:?)\1(:?)/, "$2$3$4");
  if (content === "" || content.startsWith("<!--")) return undefined;
  return { content, offset: m[1]!.length };
}

function frontMatterEnd(lines: string[]): number {
  if (lines[0]?.trim() !== "---") return 0;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  return end === -1 ? 0 : end + 1;
}

/** Records a supersede/amend relation if `text` states one; true when it did. */
function addRelation(fact: AdrFact, text: string, line: number, column: number): boolean {
  const m = RELATION.exec(text.replace(/^[*_]+|[*_]+(?=\s)/g, ""));
  if (!m) return false;
  const verb = m[1]!.toLowerCase();
  const kind: AdrRelation["kind"] = /by$/.test(verb)
    ? verb.startsWith("amend") ? "amended-by" : "superseded-by"
    : verb.startsWith("amend") ? "amends" : "supersedes";
  const rest = m[2]!;
  const links = [...rest.matchAll(/\[([^\]]*)\]\(([^)\s]+)[^)]*\)/g)];
  if (links.length > 0) {
    for (const l of links) pushRelation(fact, kind, l[2]!, line, column, l[1]!);
  } else if (rest.trim()) {
    pushRelation(fact, kind, rest.trim(), line, column);
  }
  return true;
}

function pushRelation(fact: AdrFact, kind: AdrRelation["kind"], target: string, line: number, column: number, label?: string): void {
  const isFile = /\.(md|markdown)(?:[?#].*)?$/i.test(target);
  const targetFile = isFile ? fileOfUrl(target) : undefined;
  const targetNumber = (targetFile ? parseAdrFileName(targetFile).number : undefined) ?? numberInReference(target) ?? (label ? numberInReference(label) : undefined);
  const rel: AdrRelation = { kind, target, line, column };
  if (targetNumber !== undefined) rel.targetNumber = targetNumber;
  if (targetFile) rel.targetFile = targetFile;
  if (!fact.relations.some((r) => r.kind === kind && r.target === target)) fact.relations.push(rel);
}

function valueColumn(raw: string, value: string): number {
  const i = value ? raw.indexOf(value) : -1;
  if (i >= 0) return i + 1;
  const colon = raw.indexOf(":");
  return colon >= 0 ? colon + 2 : 1;
}
